//! The router: one typed method per message of `vouch_traits::Router`, over any [`Ledger`].

use crate::account::{account_of, ink_id};
use crate::bank::BankRef;
use crate::bundles::Bundle;
use crate::ledger::messages;
use crate::{CallError, Ledger};
use ink::codegen::TraitCallBuilder;
use ink::env::call::FromAccountId;
use ink::env::DefaultEnvironment;
use ink_sandbox::AccountId32;
use vouch_traits::{Balance, Route, Router};

type RouterCalls = ink::contract_ref!(Router, DefaultEnvironment);
type Res<T> = Result<T, CallError>;

/// A deployed router.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouterRef {
    pub addr: AccountId32,
}

impl RouterRef {
    /// The router at `addr`.
    pub fn at(addr: AccountId32) -> Self {
        Self { addr }
    }

    /// Deploys a router administered by `admin` that accepts trust banks (it uploads the
    /// bank's code to learn its hash).
    pub fn deploy<L: Ledger>(l: &mut L, admin: &AccountId32) -> Res<Self> {
        let bank_code = BankRef::code_hash(l, admin)?;
        let bundle = Bundle::get("router")?;
        bundle.deploy_at(l, admin, "new", bank_code).map(Self::at)
    }

    fn calls(&self) -> RouterCalls {
        FromAccountId::from_account_id(ink_id(&self.addr))
    }

    messages! {
        /// `who` registers `bank` (its own trust bank) as its bank.
        exec calls.register(bank: &AccountId32 => ink_id(bank)) -> ();
        /// What each route could carry now, asked as `who` (changes nothing).
        ask calls.quote(to: &AccountId32 => ink_id(to), routes: Vec<Route> => routes) -> Vec<Balance>;
        /// The admin allows (or forbids) banks of `code_hash`.
        exec calls.allow_code(code_hash: [u8; 32] => code_hash.into(), allowed: bool => allowed) -> ();
        /// The router's `(max hops, max routes)`.
        read calls.caps() -> (u32, u32);
        /// The router's own bounded search for a route from `who` to `to`.
        ask calls.find_route(to: &AccountId32 => ink_id(to), amount: Balance => amount, max_hops: u32 => max_hops, max_nodes: u32 => max_nodes) -> Route;
        /// Pays `to` along `routes` as `who`, atomically: spends at most `max_spent`, delivers
        /// at least `min_delivered`, before block `deadline`. Returns what was delivered.
        #[allow(clippy::too_many_arguments)] // the message's arguments, one to one
        exec calls.pay_along(to: &AccountId32 => ink_id(to), routes: Vec<Route> => routes, max_spent: Balance => max_spent, min_delivered: Balance => min_delivered, deadline: u64 => deadline) -> Balance;
        /// Finds a route on-chain and pays along it, as `who`.
        exec calls.pay(to: &AccountId32 => ink_id(to), amount: Balance => amount, max_hops: u32 => max_hops, max_nodes: u32 => max_nodes) -> Balance;
    }

    /// The bank `person` registered, if any.
    pub fn bank_of<L: Ledger>(&self, l: &mut L, person: &AccountId32) -> Res<Option<AccountId32>> {
        let bank = l.read(self.calls().call().bank_of(ink_id(person)).params())?;
        Ok(bank.as_ref().map(account_of))
    }
}
