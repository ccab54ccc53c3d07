//! A trust bank: one typed method per message of `vouch_traits::{TrustBank, PSP22,
//! PSP22Metadata}`, over any [`Ledger`].
//!
//! ```
//! use vouch_client::{BankRef, Chain};
//! let mut chain = Chain::new();
//! let alice = chain.person("alice");
//! let bank = BankRef::deploy(&mut chain, &alice, "alice notes", "ALICE").unwrap();
//! bank.deposit(&mut chain, &alice, 1_000).unwrap();
//! assert_eq!(bank.status(&mut chain).unwrap().reserve, 1_000);
//! ```

use crate::account::{account_of, ink_id};
use crate::bundles::Bundle;
use crate::{CallError, Ledger};
use ink::codegen::TraitCallBuilder;
use ink::env::call::FromAccountId;
use ink::env::DefaultEnvironment;
use ink_sandbox::AccountId32;
use vouch_traits::traits::MAX_PAGE;
use vouch_traits::{AccountId, Balance, BankStatus, Line, PSP22Metadata, Settle, TrustBank, PSP22};

type BankCalls = ink::contract_ref!(TrustBank, DefaultEnvironment);
type TokenCalls = ink::contract_ref!(PSP22, DefaultEnvironment);
type MetadataCalls = ink::contract_ref!(PSP22Metadata, DefaultEnvironment);

/// A deployed trust bank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankRef {
    pub addr: AccountId32,
}

type Res<T> = Result<T, CallError>;

impl BankRef {
    /// The bank at `addr`.
    pub fn at(addr: AccountId32) -> Self {
        Self { addr }
    }

    /// Deploys a trust bank owned by `owner`, its notes named `name` and `symbol`.
    pub fn deploy<L: Ledger>(
        l: &mut L,
        owner: &AccountId32,
        name: &str,
        symbol: &str,
    ) -> Res<Self> {
        let bundle = Bundle::get("trust_bank")?;
        let args = (Some(name.to_string()), Some(symbol.to_string()), 0u8);
        bundle.deploy_at(l, owner, "new", args).map(Self::at)
    }

    /// The code hash of the trust bank (uploading its code if needed).
    pub fn code_hash<L: Ledger>(l: &mut L, origin: &AccountId32) -> Res<[u8; 32]> {
        l.upload(origin, &Bundle::get("trust_bank")?.wasm)
    }

    /// ink's view of the bank's address.
    pub fn id(&self) -> AccountId {
        ink_id(&self.addr)
    }

    fn bank(&self) -> BankCalls {
        FromAccountId::from_account_id(self.id())
    }

    fn token(&self) -> TokenCalls {
        FromAccountId::from_account_id(self.id())
    }

    fn metadata(&self) -> MetadataCalls {
        FromAccountId::from_account_id(self.id())
    }

    pub fn deposit<L: Ledger>(&self, l: &mut L, who: &AccountId32, amount: Balance) -> Res<()> {
        let call = self.bank().call_mut().deposit().transferred_value(amount);
        l.exec(who, call.params())
    }
    pub fn withdraw<L: Ledger>(&self, l: &mut L, who: &AccountId32, amount: Balance) -> Res<()> {
        l.exec(who, self.bank().call_mut().withdraw(amount).params())
    }
    pub fn set_limit<L: Ledger>(
        &self,
        l: &mut L,
        who: &AccountId32,
        holder: &AccountId32,
        limit: Balance,
    ) -> Res<()> {
        let call = self.bank().call_mut().set_limit(ink_id(holder), limit);
        l.exec(who, call.params())
    }
    pub fn set_willing<L: Ledger>(&self, l: &mut L, who: &AccountId32, amount: Balance) -> Res<()> {
        l.exec(who, self.bank().call_mut().set_willing(amount).params())
    }
    pub fn grant<L: Ledger>(
        &self,
        l: &mut L,
        who: &AccountId32,
        holder: &AccountId32,
        amount: Balance,
    ) -> Res<()> {
        let call = self.bank().call_mut().grant(ink_id(holder), amount);
        l.exec(who, call.params())
    }
    pub fn revoke<L: Ledger>(
        &self,
        l: &mut L,
        who: &AccountId32,
        holder: &AccountId32,
        amount: Balance,
    ) -> Res<()> {
        let call = self.bank().call_mut().revoke(ink_id(holder), amount);
        l.exec(who, call.params())
    }
    pub fn redeem<L: Ledger>(&self, l: &mut L, who: &AccountId32, amount: Balance) -> Res<()> {
        l.exec(who, self.bank().call_mut().redeem(amount).params())
    }
    pub fn redeem_partial<L: Ledger>(
        &self,
        l: &mut L,
        who: &AccountId32,
        max: Balance,
    ) -> Res<Balance> {
        l.exec(who, self.bank().call_mut().redeem_partial(max).params())
    }
    pub fn collect<L: Ledger>(
        &self,
        l: &mut L,
        who: &AccountId32,
        issuer: &BankRef,
        amount: Balance,
    ) -> Res<()> {
        let call = self.bank().call_mut().collect(issuer.id(), amount);
        l.exec(who, call.params())
    }
    pub fn trust<L: Ledger>(
        &self,
        l: &mut L,
        who: &AccountId32,
        issuer: &BankRef,
        amount: Balance,
    ) -> Res<()> {
        let call = self.bank().call_mut().trust(issuer.id(), amount);
        l.exec(who, call.params())
    }
    pub fn set_router<L: Ledger>(
        &self,
        l: &mut L,
        who: &AccountId32,
        router: &AccountId32,
        allowed: bool,
    ) -> Res<()> {
        let call = self.bank().call_mut().set_router(ink_id(router), allowed);
        l.exec(who, call.params())
    }
    pub fn hop<L: Ledger>(
        &self,
        l: &mut L,
        who: &AccountId32,
        to: &AccountId32,
        amount: Balance,
        settle: Settle,
    ) -> Res<()> {
        let call = self.bank().call_mut().hop(ink_id(to), amount, settle);
        l.exec(who, call.params())
    }
    pub fn line<L: Ledger>(&self, l: &mut L, holder: &AccountId32) -> Res<Line> {
        l.read(self.bank().call().line(ink_id(holder)).params())
    }
    /// One page of lines: at most `count` (capped at `MAX_PAGE`) from index `start`.
    pub fn lines<L: Ledger>(
        &self,
        l: &mut L,
        start: u32,
        count: u32,
    ) -> Res<Vec<(AccountId, Line)>> {
        l.read(self.bank().call().lines(start, count).params())
    }
    /// Every line, read page by page.
    pub fn all_lines<L: Ledger>(&self, l: &mut L) -> Res<Vec<(AccountId32, Line)>> {
        let mut out = Vec::new();
        loop {
            let start = u32::try_from(out.len()).unwrap_or(u32::MAX);
            let page = self.lines(l, start, MAX_PAGE)?;
            let full = page.len() >= MAX_PAGE as usize;
            out.extend(page.into_iter().map(|(who, line)| (account_of(&who), line)));
            if !full {
                return Ok(out);
            }
        }
    }
    pub fn status<L: Ledger>(&self, l: &mut L) -> Res<BankStatus> {
        l.read(self.bank().call().status().params())
    }
    pub fn is_router<L: Ledger>(&self, l: &mut L, router: &AccountId32) -> Res<bool> {
        l.read(self.bank().call().is_router(ink_id(router)).params())
    }

    pub fn total_supply<L: Ledger>(&self, l: &mut L) -> Res<Balance> {
        l.read(self.token().call().total_supply().params())
    }
    pub fn balance_of<L: Ledger>(&self, l: &mut L, owner: &AccountId32) -> Res<Balance> {
        l.read(self.token().call().balance_of(ink_id(owner)).params())
    }
    pub fn allowance<L: Ledger>(
        &self,
        l: &mut L,
        owner: &AccountId32,
        spender: &AccountId32,
    ) -> Res<Balance> {
        let call = self
            .token()
            .call()
            .allowance(ink_id(owner), ink_id(spender));
        l.read(call.params())
    }
    pub fn transfer<L: Ledger>(
        &self,
        l: &mut L,
        who: &AccountId32,
        to: &AccountId32,
        value: Balance,
    ) -> Res<()> {
        let call = self
            .token()
            .call_mut()
            .transfer(ink_id(to), value, Vec::new());
        l.exec(who, call.params())
    }
    pub fn transfer_from<L: Ledger>(
        &self,
        l: &mut L,
        who: &AccountId32,
        from: &AccountId32,
        to: &AccountId32,
        value: Balance,
    ) -> Res<()> {
        let call =
            self.token()
                .call_mut()
                .transfer_from(ink_id(from), ink_id(to), value, Vec::new());
        l.exec(who, call.params())
    }
    pub fn approve<L: Ledger>(
        &self,
        l: &mut L,
        who: &AccountId32,
        spender: &AccountId32,
        value: Balance,
    ) -> Res<()> {
        let call = self.token().call_mut().approve(ink_id(spender), value);
        l.exec(who, call.params())
    }
    pub fn token_name<L: Ledger>(&self, l: &mut L) -> Res<Option<String>> {
        l.read(self.metadata().call().token_name().params())
    }
    pub fn token_symbol<L: Ledger>(&self, l: &mut L) -> Res<Option<String>> {
        l.read(self.metadata().call().token_symbol().params())
    }
    pub fn token_decimals<L: Ledger>(&self, l: &mut L) -> Res<u8> {
        l.read(self.metadata().call().token_decimals().params())
    }
}
