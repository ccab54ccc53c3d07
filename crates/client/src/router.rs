//! The router: one typed method per message of `vouch_traits::Router`, over any [`Ledger`].

use crate::account::{account_of, ink_id};
use crate::bank::BankRef;
use crate::bundles::Bundle;
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

    /// `person` registers `bank` (their own trust bank) as theirs.
    pub fn register<L: Ledger>(
        &self,
        l: &mut L,
        person: &AccountId32,
        bank: &AccountId32,
    ) -> Res<()> {
        l.exec(
            person,
            self.calls().call_mut().register(ink_id(bank)).params(),
        )
    }

    /// The bank `person` registered, if any.
    pub fn bank_of<L: Ledger>(&self, l: &mut L, person: &AccountId32) -> Res<Option<AccountId32>> {
        let bank = l.read(self.calls().call().bank_of(ink_id(person)).params())?;
        Ok(bank.as_ref().map(account_of))
    }

    /// Pays `to` along `routes` as `payer`, atomically: spends at most `max_spent`, delivers
    /// at least `min_delivered`, before block `deadline`. Returns what was delivered.
    #[allow(clippy::too_many_arguments)] // the message's arguments, one to one
    pub fn pay_along<L: Ledger>(
        &self,
        l: &mut L,
        payer: &AccountId32,
        to: &AccountId32,
        routes: Vec<Route>,
        max_spent: Balance,
        min_delivered: Balance,
        deadline: u64,
    ) -> Res<Balance> {
        let call = self.calls().call_mut().pay_along(
            ink_id(to),
            routes,
            max_spent,
            min_delivered,
            deadline,
        );
        l.exec(payer, call.params())
    }

    /// What each route could carry now, asked as `payer` (changes nothing).
    pub fn quote<L: Ledger>(
        &self,
        l: &mut L,
        payer: &AccountId32,
        to: &AccountId32,
        routes: Vec<Route>,
    ) -> Res<Vec<Balance>> {
        l.exec(
            payer,
            self.calls().call().quote(ink_id(to), routes).params(),
        )
    }

    /// The admin allows (or forbids) banks of `code_hash`.
    pub fn allow_code<L: Ledger>(
        &self,
        l: &mut L,
        admin: &AccountId32,
        code_hash: [u8; 32],
        allowed: bool,
    ) -> Res<()> {
        let call = self
            .calls()
            .call_mut()
            .allow_code(code_hash.into(), allowed);
        l.exec(admin, call.params())
    }

    /// The router's `(max hops, max routes)`.
    pub fn caps<L: Ledger>(&self, l: &mut L) -> Res<(u32, u32)> {
        l.read(self.calls().call().caps().params())
    }

    /// The router's own bounded search for a route from `payer` to `to`.
    pub fn find_route<L: Ledger>(
        &self,
        l: &mut L,
        payer: &AccountId32,
        to: &AccountId32,
        amount: Balance,
        max_hops: u32,
        max_nodes: u32,
    ) -> Res<Route> {
        let call = self
            .calls()
            .call()
            .find_route(ink_id(to), amount, max_hops, max_nodes);
        l.exec(payer, call.params())
    }

    /// Finds a route on-chain and pays along it.
    pub fn pay<L: Ledger>(
        &self,
        l: &mut L,
        payer: &AccountId32,
        to: &AccountId32,
        amount: Balance,
        max_hops: u32,
        max_nodes: u32,
    ) -> Res<Balance> {
        let call = self
            .calls()
            .call_mut()
            .pay(ink_id(to), amount, max_hops, max_nodes);
        l.exec(payer, call.params())
    }
}
