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
use crate::ledger::messages;
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
        Self::library_hash(l, owner)?;
        let bundle = Bundle::get("trust_bank")?;
        let args = (Some(name.to_string()), Some(symbol.to_string()), 0u8);
        bundle.deploy_at(l, owner, "new", args).map(Self::at)
    }

    /// The code hash of the trust bank (uploading its code, and the library code it
    /// delegates its cold messages to, if needed).
    pub fn code_hash<L: Ledger>(l: &mut L, origin: &AccountId32) -> Res<[u8; 32]> {
        Self::library_hash(l, origin)?;
        l.upload(origin, &Bundle::get("trust_bank")?.wasm)
    }

    /// The code hash of the trust bank library (every message; a bank hands the messages
    /// it does not handle itself to it), uploading it if needed. A bank cannot be
    /// instantiated before it is on chain.
    pub fn library_hash<L: Ledger>(l: &mut L, origin: &AccountId32) -> Res<[u8; 32]> {
        l.upload(origin, &Bundle::get("trust_bank_library")?.wasm)
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

    /// `who` sends `amount` of native currency into the reserve (anyone may).
    pub fn deposit<L: Ledger>(&self, l: &mut L, who: &AccountId32, amount: Balance) -> Res<()> {
        let call = self.bank().call_mut().deposit().transferred_value(amount);
        l.exec(who, call.params())
    }
    messages! {
        /// Pays `amount` of the reserve to the owner.
        exec bank.withdraw(amount: Balance => amount) -> ();
        /// The owner lets `holder` hold up to `limit` of the bank's notes.
        exec bank.set_limit(holder: &AccountId32 => ink_id(holder), limit: Balance => limit) -> ();
        /// `who` states it is willing to hold up to `amount` of the bank's notes.
        exec bank.set_willing(amount: Balance => amount) -> ();
        /// The owner gives `holder` `amount` notes as a revocable budget.
        exec bank.grant(holder: &AccountId32 => ink_id(holder), amount: Balance => amount) -> ();
        /// The owner takes back up to `amount` of the notes it granted `holder`.
        exec bank.revoke(holder: &AccountId32 => ink_id(holder), amount: Balance => amount) -> ();
        /// `who` redeems `amount` of its notes from the reserve.
        exec bank.redeem(amount: Balance => amount) -> ();
        /// `who` redeems what the reserve can pay, up to `max`; returns what it paid.
        exec bank.redeem_partial(max: Balance => max) -> Balance;
        /// The owner redeems `amount` of `issuer`'s notes the bank holds into its reserve.
        exec bank.collect(issuer: &BankRef => issuer.id(), amount: Balance => amount) -> ();
        /// The owner makes the bank willing to hold `amount` of `issuer`'s notes.
        exec bank.trust(issuer: &BankRef => issuer.id(), amount: Balance => amount) -> ();
        /// The owner authorises (or stops) `router` to call `hop`.
        exec bank.set_router(router: &AccountId32 => ink_id(router), allowed: bool => allowed) -> ();
        /// The routing primitive: pays bank `to` `amount`, issuing or returning notes.
        exec bank.hop(to: &AccountId32 => ink_id(to), amount: Balance => amount, settle: Settle => settle) -> ();
        /// `holder`'s line at this bank.
        read bank.line(holder: &AccountId32 => ink_id(holder)) -> Line;
        /// One page of lines: at most `count` (capped at `MAX_PAGE`) from index `start`.
        read bank.lines(start: u32 => start, count: u32 => count) -> Vec<(AccountId, Line)>;
        /// Reserve, notes outstanding, counterparties, owner.
        read bank.status() -> BankStatus;
        /// Whether `router` may call `hop`.
        read bank.is_router(router: &AccountId32 => ink_id(router)) -> bool;
        read token.total_supply() -> Balance;
        read token.balance_of(owner: &AccountId32 => ink_id(owner)) -> Balance;
        read token.allowance(owner: &AccountId32 => ink_id(owner), spender: &AccountId32 => ink_id(spender)) -> Balance;
        exec token.approve(spender: &AccountId32 => ink_id(spender), value: Balance => value) -> ();
        read metadata.token_name() -> Option<String>;
        read metadata.token_symbol() -> Option<String>;
        read metadata.token_decimals() -> u8;
    }

    /// A PSP22 transfer of `value` notes to `to` (it needs `to`'s line capacity).
    pub fn transfer<L: Ledger>(
        &self,
        l: &mut L,
        who: &AccountId32,
        to: &AccountId32,
        value: Balance,
    ) -> Res<()> {
        crate::token::transfer(l, &self.addr, who, to, value)
    }

    /// `who` moves `value` of `from`'s notes to `to` within `from`'s PSP22 allowance.
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
}
