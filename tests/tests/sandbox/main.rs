//! Sandbox tests over the built trust bank bundle: one module per feature.
//! Build the bundles first: `scripts/build-contracts` (scripts/test does it).

mod access;
mod hostile;
mod lines;
mod loan;
mod pool;
mod pool_props;
mod psp22;
mod reentry;
mod reserve;
mod router;
mod routing;
mod search;
mod shares;

use vouch_sandbox_tests::AccountId32;
use vouch_sandbox_tests::{BankRef, Chain, ChainExt};

/// A chain with alice's bank and three more people.
pub struct World {
    pub chain: Chain,
    pub alice: AccountId32,
    pub bob: AccountId32,
    pub carol: AccountId32,
    pub dave: AccountId32,
    pub bank: BankRef,
}

pub fn world() -> World {
    let mut chain = Chain::new();
    let alice = chain.person("alice");
    let bob = chain.person("bob");
    let carol = chain.person("carol");
    let dave = chain.person("dave");
    let bank = chain.deploy_bank(&alice, "ALICE");
    World {
        chain,
        alice,
        bob,
        carol,
        dave,
        bank,
    }
}

impl World {
    /// alice extends `limit` to `holder`, who is willing to hold `willing`.
    pub fn open_line(&mut self, holder: &AccountId32, limit: u128, willing: u128) {
        let (bank, alice) = (self.bank.clone(), self.alice.clone());
        bank.set_limit(&mut self.chain, &alice, holder, limit)
            .unwrap();
        bank.set_willing(&mut self.chain, holder, willing).unwrap();
    }

    pub fn people(&self) -> Vec<AccountId32> {
        vec![
            self.alice.clone(),
            self.bob.clone(),
            self.carol.clone(),
            self.dave.clone(),
            self.bank.addr.clone(),
        ]
    }
}
