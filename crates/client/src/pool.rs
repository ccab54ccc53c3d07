//! Group pools: deploying a pool (which deploys its own trust bank from the bank's code hash)
//! and one typed method per message of `vouch_traits::pool::GroupPool`, over any [`Ledger`].
//!
//! ```
//! use vouch_client::{Chain, PoolConfig, PoolRef};
//! let mut chain = Chain::new();
//! let (ann, bo) = (chain.person("ann"), chain.person("bo"));
//! let config = PoolConfig::new(vec![ann.clone(), bo.clone()], 2, 100, "TRIP");
//! let pool = PoolRef::deploy(&mut chain, &ann, &config).unwrap();
//! pool.contribute(&mut chain, &ann, 500).unwrap();
//! assert_eq!(pool.status(&mut chain).unwrap().reserve, 500);
//! ```

use crate::account::{account_of, ink_id};
use crate::bank::BankRef;
use crate::bundles::Bundle;
use crate::ledger::messages;
use crate::{decode_output, CallError, Deployed, Ledger};
use ink::codegen::TraitCallBuilder;
use ink::env::call::FromAccountId;
use ink::env::DefaultEnvironment;
use ink_sandbox::AccountId32;
use vouch_traits::pool::{
    GroupPool, Member, Owe, PoolError, PoolStatus, Proposal, ProposalKind, Settlement,
};
use vouch_traits::{AccountId, Balance};

type PoolCalls = ink::contract_ref!(GroupPool, DefaultEnvironment);
type Res<T> = Result<T, CallError>;

/// Blocks a proposal stays open when the creator does not say (about a day of 6 s blocks).
pub const DEFAULT_TTL: u32 = 14_400;

/// How a pool starts: its members, the approvals a proposal needs, each member's standard
/// budget in group notes, how long proposals stay open, and the group notes' symbol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolConfig {
    pub members: Vec<AccountId32>,
    pub threshold: u32,
    pub allowance: Balance,
    pub ttl: u32,
    pub symbol: String,
}

impl PoolConfig {
    /// A config with the default proposal lifetime ([`DEFAULT_TTL`]).
    pub fn new(
        members: Vec<AccountId32>,
        threshold: u32,
        allowance: Balance,
        symbol: &str,
    ) -> Self {
        Self {
            members,
            threshold,
            allowance,
            ttl: DEFAULT_TTL,
            symbol: symbol.to_string(),
        }
    }

    /// The same config with proposals open `ttl` blocks.
    pub fn ttl(mut self, ttl: u32) -> Self {
        self.ttl = ttl;
        self
    }
}

/// A deployed pool and the trust bank it owns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolRef {
    pub addr: AccountId32,
    /// The pool's trust bank: the group's notes are its notes.
    pub bank: BankRef,
}

impl PoolRef {
    /// Deploys a pool created by `creator` (who need not be a member). The constructor's own
    /// refusal comes back as [`CallError::Refused`]; the receipt is the deployment's.
    pub fn deploy<L: Ledger>(l: &mut L, creator: &AccountId32, config: &PoolConfig) -> Res<Self> {
        let bank_code = BankRef::code_hash(l, creator)?;
        let args = (
            bank_code,
            config.members.iter().map(ink_id).collect::<Vec<_>>(),
            config.threshold,
            config.allowance,
            config.ttl,
            config.symbol.clone(),
        );
        let addr = match Bundle::get("pool")?.deploy(l, creator, "new", args)? {
            Deployed::At(addr) => addr,
            // A constructor returning `Result` reverts with `Ok(Err(error))`.
            Deployed::Reverted(out) => {
                return Err(match decode_output::<Result<(), PoolError>>(&out) {
                    Ok(Err(e)) => e.into(),
                    _ => CallError::Setup("the pool constructor reverted".into()),
                })
            }
        };
        let deployed = l.receipt().clone();
        let pool = Self::at(l, addr)?;
        l.set_receipt(deployed);
        Ok(pool)
    }

    /// The pool at `addr` (asks it for its bank).
    pub fn at<L: Ledger>(l: &mut L, addr: AccountId32) -> Res<Self> {
        let calls: PoolCalls = FromAccountId::from_account_id(ink_id(&addr));
        let bank = l.read(calls.call().bank().params())?;
        Ok(Self {
            addr,
            bank: BankRef::at(account_of(&bank)),
        })
    }

    /// ink's view of the pool's address.
    pub fn id(&self) -> AccountId {
        ink_id(&self.addr)
    }

    fn calls(&self) -> PoolCalls {
        FromAccountId::from_account_id(self.id())
    }

    /// `who` puts `amount` of native currency into the pool's reserve.
    pub fn contribute<L: Ledger>(&self, l: &mut L, who: &AccountId32, amount: Balance) -> Res<()> {
        let call = self
            .calls()
            .call_mut()
            .contribute()
            .transferred_value(amount);
        l.exec(who, call.params())
    }

    messages! {
        /// `who` grants `member` `amount` of allowance within the member's budget.
        exec calls.allow(member: &AccountId32 => ink_id(member), amount: Balance => amount) -> ();
        /// `who` proposes `kind`; returns the proposal's id.
        exec calls.propose(kind: ProposalKind => kind) -> u32;
        /// `who` approves proposal `id`; returns whether it executed.
        exec calls.approve(id: u32 => id) -> bool;
        /// `who` hands back `amount` of the allowance it holds (counted as revoked, not spent).
        exec calls.give_back(amount: Balance => amount) -> ();
        /// `who` takes the payout of the close held for it, paid to `to`; returns the amount.
        exec calls.claim(to: &AccountId32 => ink_id(to)) -> Balance;
        /// The pool's summary (reserve and notes outstanding read from its bank).
        read calls.status() -> PoolStatus;
        /// Every recorded member, active or former, in join order.
        read calls.members() -> Vec<(AccountId, Member)>;
        /// Proposal `id`, if it exists.
        read calls.proposal(id: u32 => id) -> Option<Proposal>;
    }

    /// What closing the pool now would pay each member.
    pub fn settlement_plan<L: Ledger>(&self, l: &mut L) -> Res<Settlement> {
        l.ask(
            &crate::viewer(),
            self.calls().call().settlement_plan().params(),
        )
    }

    /// The transfers that would even the members out after the plan's payouts.
    pub fn who_owes_whom<L: Ledger>(&self, l: &mut L) -> Res<Vec<Owe>> {
        l.ask(
            &crate::viewer(),
            self.calls().call().who_owes_whom().params(),
        )
    }
}
