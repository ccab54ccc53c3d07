//! Shares: deploying a shares contract, and one typed method per message of
//! `vouch_traits::shares::Shares` and of its PSP22 face, over any [`Ledger`].
//!
//! ```
//! use vouch_client::{Chain, SharesRef};
//! use vouch_traits::shares::{Issuance, Rules};
//! let mut chain = Chain::new();
//! let (ann, bo) = (chain.person("ann"), chain.person("bo"));
//! let rules = Rules { voting_period: 10, quorum_bps: 5_000, pass_bps: 5_001, deposit: 100 };
//! let flat = SharesRef::create(&mut chain, &ann, "Flat", "FLAT", &[(ann.clone(), 60), (bo.clone(), 40)], Issuance::Never, rules).unwrap();
//! flat.distribute(&mut chain, &bo, 1_000).unwrap();
//! assert_eq!(flat.claimable(&mut chain, &ann).unwrap(), 600);
//! assert_eq!(flat.claim(&mut chain, &bo).unwrap(), 400);
//! ```

use crate::account::{ink_id, viewer};
use crate::bundles::Bundle;
use crate::ledger::messages;
use crate::{decode_output, CallError, Deployed, Ledger};
use ink::codegen::TraitCallBuilder;
use ink::env::call::FromAccountId;
use ink::env::DefaultEnvironment;
use ink_sandbox::AccountId32;
use vouch_traits::shares::{
    Action, Issuance, Motion, MotionState, Rules, Shares, SharesError, SharesStatus,
};
use vouch_traits::{AccountId, Balance, PSP22Metadata, PSP22};

type SharesCalls = ink::contract_ref!(Shares, DefaultEnvironment);
type TokenCalls = ink::contract_ref!(PSP22, DefaultEnvironment);
type MetadataCalls = ink::contract_ref!(PSP22Metadata, DefaultEnvironment);
type Res<T> = Result<T, CallError>;

/// A deployed shares contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharesRef {
    pub addr: AccountId32,
}

impl SharesRef {
    /// `creator` creates shares named `name` (`symbol`), issued to `founders` (none: 100,000
    /// to the creator); whether more can be issued and how motions are decided are fixed
    /// here. The constructor's refusal comes back as [`CallError::Refused`].
    pub fn create<L: Ledger>(
        l: &mut L,
        creator: &AccountId32,
        name: &str,
        symbol: &str,
        founders: &[(AccountId32, Balance)],
        issuance: Issuance,
        rules: Rules,
    ) -> Res<Self> {
        let founders: Vec<(AccountId, Balance)> =
            founders.iter().map(|(who, n)| (ink_id(who), *n)).collect();
        let args = (
            name.to_string(),
            symbol.to_string(),
            founders,
            issuance,
            rules,
        );
        match Bundle::get("shares")?.deploy_with_value(l, creator, "new", args, 0)? {
            Deployed::At(addr) => Ok(Self { addr }),
            Deployed::Reverted(out) => Err(match decode_output::<Result<(), SharesError>>(&out) {
                Ok(Err(e)) => e.into(),
                _ => CallError::Setup("the shares constructor reverted".into()),
            }),
        }
    }

    /// The shares contract at `addr`.
    pub fn at(addr: AccountId32) -> Self {
        Self { addr }
    }

    /// ink's view of the contract's address.
    pub fn id(&self) -> AccountId {
        ink_id(&self.addr)
    }

    fn calls(&self) -> SharesCalls {
        FromAccountId::from_account_id(self.id())
    }

    fn token(&self) -> TokenCalls {
        FromAccountId::from_account_id(self.id())
    }

    fn metadata(&self) -> MetadataCalls {
        FromAccountId::from_account_id(self.id())
    }

    /// `who` pays `amount` of native currency into a distribution (with the deposits of
    /// failed motions waiting for it); returns the units shared out.
    pub fn distribute<L: Ledger>(
        &self,
        l: &mut L,
        who: &AccountId32,
        amount: Balance,
    ) -> Res<Balance> {
        let call = self
            .calls()
            .call_mut()
            .distribute()
            .transferred_value(amount);
        l.exec(who, call.params())
    }

    /// `who` puts a motion forward, sending `deposit` (it must be the rules' deposit);
    /// returns its id.
    pub fn propose<L: Ledger>(
        &self,
        l: &mut L,
        who: &AccountId32,
        text: &[u8],
        action: Action,
        deposit: Balance,
    ) -> Res<u32> {
        let call = self
            .calls()
            .call_mut()
            .propose(text.to_vec(), action)
            .transferred_value(deposit);
        l.exec(who, call.params())
    }

    /// `who` adds `amount` of native currency to the treasury passed motions pay from.
    pub fn fund_treasury<L: Ledger>(
        &self,
        l: &mut L,
        who: &AccountId32,
        amount: Balance,
    ) -> Res<()> {
        let call = self
            .calls()
            .call_mut()
            .fund_treasury()
            .transferred_value(amount);
        l.exec(who, call.params())
    }

    /// A PSP22 transfer of `value` shares to `to`.
    pub fn transfer<L: Ledger>(
        &self,
        l: &mut L,
        who: &AccountId32,
        to: &AccountId32,
        value: Balance,
    ) -> Res<()> {
        crate::token::transfer(l, &self.addr, who, to, value)
    }

    /// `who` moves `value` of `from`'s shares to `to` within `from`'s PSP22 allowance.
    pub fn transfer_from<L: Ledger>(
        &self,
        l: &mut L,
        who: &AccountId32,
        from: &AccountId32,
        to: &AccountId32,
        value: Balance,
    ) -> Res<()> {
        crate::token::transfer_from(l, &self.addr, who, from, to, value)
    }

    /// Every motion made so far, by id.
    pub fn motions<L: Ledger>(&self, l: &mut L) -> Res<Vec<(u32, Motion)>> {
        let count = self.status(l)?.motions;
        let mut out = Vec::new();
        for id in 0..count {
            if let Some(m) = self.motion(l, id)? {
                out.push((id, m));
            }
        }
        Ok(out)
    }

    /// The shares `who` votes with on motion `id` (what it held when the motion was made).
    pub fn voting_power<L: Ledger>(&self, l: &mut L, id: u32, who: &AccountId32) -> Res<Balance> {
        let call = self.calls().call().voting_power(id, ink_id(who));
        l.ask(&viewer(), call.params())
    }

    messages! {
        /// `who` takes its part of every distribution so far; returns what it was paid.
        exec calls.claim() -> Balance;
        /// `who` pays `holder` (to its own account) its part of every distribution so far:
        /// how a group pool's bank holding shares takes them into its reserve.
        exec calls.claim_for(holder: &AccountId32 => ink_id(holder)) -> Balance;
        /// `who` votes yes or no on motion `id`, with the shares it held when it was made.
        exec calls.vote(id: u32 => id, yes: bool => yes) -> ();
        /// Anyone ends motion `id` after its voting period; returns whether it passed.
        exec calls.finish(id: u32 => id) -> MotionState;
        /// Anyone executes passed motion `id`'s action, once.
        exec calls.execute(id: u32 => id) -> ();
        /// What `who` can claim now.
        read calls.claimable(who: &AccountId32 => ink_id(who)) -> Balance;
        /// Motion `id`, with its tally.
        read calls.motion(id: u32 => id) -> Option<Motion>;
        /// How `who` voted on motion `id`, if it did.
        read calls.voted(id: u32 => id, who: &AccountId32 => ink_id(who)) -> Option<bool>;
        /// Supply, rules, treasury, distributions and motions.
        read calls.status() -> SharesStatus;
        read token.total_supply() -> Balance;
        read token.balance_of(owner: &AccountId32 => ink_id(owner)) -> Balance;
        read token.allowance(owner: &AccountId32 => ink_id(owner), spender: &AccountId32 => ink_id(spender)) -> Balance;
        exec token.approve(spender: &AccountId32 => ink_id(spender), value: Balance => value) -> ();
        read metadata.token_name() -> Option<String>;
        read metadata.token_symbol() -> Option<String>;
        read metadata.token_decimals() -> u8;
    }
}
