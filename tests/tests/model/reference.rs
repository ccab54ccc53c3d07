//! The reference model: the whole system (banks, lines, reserves, allowances, routers, the
//! registry, people's native balances) in plain Rust, written from the model in docs/model.md
//! and the API in docs/contract-api.md — not from the contracts' code, and without the
//! `Line` methods of `vouch-traits` (only its error types are shared, to compare outcomes).
//!
//! [`Model::apply`] predicts an operation's outcome and events; on failure the model is left
//! exactly as it was (the chain must do the same).
//!
//! The group pools are modelled from contracts/pool/lib.rs (their rules, in the contract's
//! order of validation), reusing the pure logic of `vouch_traits::pool` that the contract
//! uses: [`settle`] for the settle-up plan, [`Proposal::counting`] for the approvals that
//! count, [`Member`]'s `headroom` and `spent`.

use crate::ops::{
    pool_bank, Acct, Bound, HopKind, KindOp, Op, StartOp, BANKS, PEOPLE, PERSON_BANKS, POOLS,
    POOL_ALLOWANCE, POOL_MEMBERS, POOL_THRESHOLD, POOL_TTL,
};
use std::collections::{BTreeMap, BTreeSet};
use vouch_traits::pool::{settle, Member, PoolError, Proposal, ProposalKind, MAX_MEMBERS};
use vouch_traits::{AccountId, BankError, PSP22Error, RouterError};

/// Most routes in one payment and hops in one route (the router's caps).
const MAX_ROUTES: usize = vouch_traits::router::MAX_ROUTES as usize;
const MAX_HOPS: usize = vouch_traits::router::MAX_HOPS as usize;

/// One credit line: `limit` set by the issuer's owner, `willing` by the holder, `held` notes
/// of which `granted` were a gift.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LineM {
    pub limit: u128,
    pub willing: u128,
    pub held: u128,
    pub granted: u128,
}

impl LineM {
    /// Room left for new notes: `min(limit, willing) - held`, nothing when limits dropped
    /// below what is held.
    fn room(&self) -> u128 {
        self.limit.min(self.willing).saturating_sub(self.held)
    }
}

/// One trust bank.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankM {
    /// The owner: a person, or the pool that deployed it.
    pub owner: Acct,
    /// Native currency the bank can pay out.
    pub reserve: u128,
    /// Notes outstanding.
    pub supply: u128,
    /// Every stored line, in the order its holder first appeared.
    pub lines: Vec<(Acct, LineM)>,
    /// The bank's index: holders in the order the owner first gave them a non-zero limit
    /// (what the paged view lists and `counterparties` counts).
    pub listed: Vec<Acct>,
    /// (owner, spender) -> PSP22 allowance, as last set.
    pub allowances: BTreeMap<(Acct, Acct), u128>,
    /// Authorised routers.
    pub routers: BTreeSet<Acct>,
}

impl BankM {
    pub fn line(&self, holder: Acct) -> LineM {
        self.lines
            .iter()
            .find(|(h, _)| *h == holder)
            .map(|(_, l)| *l)
            .unwrap_or_default()
    }

    /// The listed lines, as the paged view shows them.
    pub fn listed_lines(&self) -> Vec<(Acct, LineM)> {
        self.listed.iter().map(|h| (*h, self.line(*h))).collect()
    }

    fn put(&mut self, holder: Acct, line: LineM) {
        match self.lines.iter_mut().find(|(h, _)| *h == holder) {
            Some((_, l)) => *l = line,
            None => self.lines.push((holder, line)),
        }
    }

    pub fn allowance(&self, owner: Acct, spender: Acct) -> u128 {
        self.allowances.get(&(owner, spender)).copied().unwrap_or(0)
    }
}

/// One leg a bank pays in a routed payment: (next bank, kind, amount).
pub type LegM = (Acct, HopKind, u128);

/// A contract event, with the contract that emitted it (`at`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ev {
    Transfer {
        at: Acct,
        from: Option<Acct>,
        to: Option<Acct>,
        value: u128,
    },
    Approval {
        at: Acct,
        owner: Acct,
        spender: Acct,
        amount: u128,
    },
    LineSet {
        at: Acct,
        holder: Acct,
        limit: u128,
        willing: u128,
    },
    Granted {
        at: Acct,
        holder: Acct,
        amount: u128,
    },
    Revoked {
        at: Acct,
        holder: Acct,
        amount: u128,
    },
    Deposited {
        at: Acct,
        from: Acct,
        amount: u128,
    },
    Withdrawn {
        at: Acct,
        amount: u128,
    },
    Redeemed {
        at: Acct,
        holder: Acct,
        amount: u128,
    },
    RouterSet {
        at: Acct,
        router: Acct,
        allowed: bool,
    },
    Paid {
        from: Acct,
        to: Acct,
        amount: u128,
        routes: u32,
        /// Every paying bank's legs, in call order.
        legs: Vec<(Acct, Vec<LegM>)>,
    },
    Registered {
        person: Acct,
        bank: Acct,
    },
    Contributed {
        at: Acct,
        member: Acct,
        amount: u128,
    },
    Allowed {
        at: Acct,
        member: Acct,
        amount: u128,
    },
    Proposed {
        at: Acct,
        proposer: Acct,
        id: u32,
        kind: KindOp,
        expires_at: u32,
    },
    Approved {
        at: Acct,
        member: Acct,
        id: u32,
    },
    Executed {
        at: Acct,
        id: u32,
    },
    PaidOut {
        at: Acct,
        member: Acct,
        amount: u128,
    },
}

/// What a message returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Bank(Result<(), BankError>),
    Redeemed(Result<u128, BankError>),
    Psp(Result<(), PSP22Error>),
    Register(Result<(), RouterError>),
    Pay(Result<u128, RouterError>),
    /// `contribute`, `allow`.
    Pool(Result<(), PoolError>),
    /// `propose`: the new proposal's id.
    Proposed(Result<u32, PoolError>),
    /// `approve`: whether it executed.
    Voted(Result<bool, PoolError>),
    /// `claim`: the amount paid.
    Claimed(Result<u128, PoolError>),
    /// The chain moved on some blocks.
    Advanced,
}

impl Outcome {
    pub fn is_ok(&self) -> bool {
        match self {
            Outcome::Bank(r) => r.is_ok(),
            Outcome::Pool(r) => r.is_ok(),
            Outcome::Redeemed(r) => r.is_ok(),
            Outcome::Psp(r) => r.is_ok(),
            Outcome::Register(r) => r.is_ok(),
            Outcome::Pay(r) => r.is_ok(),
            Outcome::Proposed(r) => r.is_ok(),
            Outcome::Voted(r) => r.is_ok(),
            Outcome::Claimed(r) => r.is_ok(),
            Outcome::Advanced => true,
        }
    }
}

/// A proposal as the pool stores it (accounts named short).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProposalM {
    pub kind: KindOp,
    pub proposer: Acct,
    pub approvals: Vec<Acct>,
    pub terms: Vec<u32>,
    pub expires_at: u32,
    pub executed: bool,
}

/// One group pool (contracts/pool/lib.rs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolM {
    /// Index of the pool's trust bank.
    pub bank: u8,
    pub threshold: u32,
    /// Active members.
    pub active: u32,
    /// Standard budget of a new member.
    pub allowance: u128,
    pub ttl: u32,
    pub closed: bool,
    /// Every member ever recorded, in join order.
    pub roster: Vec<Acct>,
    pub members: BTreeMap<Acct, Member>,
    /// Proposal `i` at position `i` (the next id is the length).
    pub proposals: Vec<ProposalM>,
}

/// A pool's summary, as `GroupPool::status` shows it (accounts named short).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusM {
    pub bank: Acct,
    pub threshold: u32,
    pub members: u32,
    pub recorded: u32,
    pub allowance: u128,
    pub ttl: u32,
    pub proposals: u32,
    pub closed: bool,
    pub reserve: u128,
    pub outstanding: u128,
}

/// One line of the settle-up plan: (member, contributed, spent, payout).
pub type PayoutM = (Acct, u128, u128, u128);

/// The settle-up plan, as `GroupPool::settlement_plan` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanM {
    pub reserve: u128,
    pub claims: u128,
    pub distributable: u128,
    pub payouts: Vec<PayoutM>,
}

/// Everything a pool's views show: status, members (in join order), the settle-up plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolView {
    pub status: StatusM,
    pub members: Vec<(Acct, Member)>,
    pub plan: Result<PlanM, PoolError>,
}

/// The whole system.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Model {
    pub banks: Vec<BankM>,
    /// Free native balance of each person.
    pub free: Vec<u128>,
    /// person -> registered bank.
    pub registry: BTreeMap<u8, Acct>,
    pub pools: Vec<PoolM>,
    /// Free native balance of the router and of each pool (taken from the chain at genesis):
    /// what a pool holds for `claim`, and whatever was paid to them, which nothing pays out.
    pub loose: BTreeMap<Acct, u128>,
    /// The chain's block number (proposals expire by it).
    pub block: u32,
}

/// The model's stand-in for an account's address, for the shared pool logic (which names
/// members by `AccountId`): distinct for distinct accounts, and read back by [`untag`].
pub fn tag(a: Acct) -> AccountId {
    let mut raw = [0u8; 32];
    (raw[0], raw[1]) = match a {
        Acct::P(i) => (1, i),
        Acct::B(i) => (2, i),
        Acct::Router => (3, 0),
        Acct::Pool(i) => (4, i),
    };
    AccountId::from(raw)
}

pub fn untag(id: &AccountId) -> Acct {
    let raw: &[u8; 32] = id.as_ref();
    match raw[0] {
        1 => Acct::P(raw[1]),
        2 => Acct::B(raw[1]),
        3 => Acct::Router,
        4 => Acct::Pool(raw[1]),
        _ => unreachable!("only tag() makes these"),
    }
}

type Step<T, E> = Result<(T, Vec<Ev>), E>;

fn no_capacity() -> PSP22Error {
    PSP22Error::Custom("NoCapacity".into())
}

/// How the bank reports a failure through PSP22: its own two variants, otherwise the
/// variant's name (written out here, not taken from the contract's mapping).
fn psp22_of(e: BankError) -> PSP22Error {
    match e {
        BankError::InsufficientNotes => PSP22Error::InsufficientBalance,
        BankError::InsufficientAllowance => PSP22Error::InsufficientAllowance,
        BankError::NoCapacity => no_capacity(),
        other => PSP22Error::Custom(format!("{other:?}")),
    }
}

impl Model {
    /// Fresh banks `B0..` owned by `p0..`, each person with `start` native units.
    /// Pools `G0..` as their constructor leaves them (members [`POOL_MEMBERS`], each with
    /// a line of `u128::MAX` at the pool's bank and the standard budget), at block `block`.
    pub fn new(start: u128, block: u32) -> Self {
        let bank = |owner: Acct| BankM {
            owner,
            reserve: 0,
            supply: 0,
            lines: Vec::new(),
            listed: Vec::new(),
            allowances: BTreeMap::new(),
            routers: BTreeSet::new(),
        };
        let mut banks: Vec<BankM> = (0..PERSON_BANKS).map(|i| bank(Acct::P(i))).collect();
        let mut pools = Vec::new();
        for g in 0..POOLS {
            let mut b = bank(Acct::Pool(g));
            let roster: Vec<Acct> = POOL_MEMBERS.iter().map(|m| Acct::P(*m)).collect();
            for m in &roster {
                b.put(
                    *m,
                    LineM {
                        limit: u128::MAX,
                        ..LineM::default()
                    },
                );
                b.listed.push(*m);
            }
            banks.push(b);
            let record = Member {
                budget: POOL_ALLOWANCE,
                active: true,
                ..Member::default()
            };
            pools.push(PoolM {
                bank: pool_bank(g),
                threshold: POOL_THRESHOLD,
                active: u32::try_from(roster.len()).expect("a few members"),
                allowance: POOL_ALLOWANCE,
                ttl: POOL_TTL,
                closed: false,
                members: roster.iter().map(|m| (*m, record)).collect(),
                roster,
                proposals: Vec::new(),
            });
        }
        debug_assert_eq!(banks.len(), usize::from(BANKS));
        Self {
            banks,
            free: vec![start; usize::from(PEOPLE)],
            registry: BTreeMap::new(),
            pools,
            loose: BTreeMap::new(),
            block,
        }
    }

    fn bank(&mut self, b: u8) -> &mut BankM {
        &mut self.banks[usize::from(b)]
    }

    fn is_bank(a: Acct) -> bool {
        matches!(a, Acct::B(_))
    }

    fn owner_only(&self, b: u8, who: Acct) -> Result<(), BankError> {
        if self.banks[usize::from(b)].owner == who {
            Ok(())
        } else {
            Err(BankError::NotOwner)
        }
    }

    /// Predicts `op`: its outcome and events. On success the model moves to the new state;
    /// on failure it stays as it was and there are no events.
    pub fn apply(&mut self, op: &Op) -> (Outcome, Vec<Ev>) {
        let mut next = self.clone();
        let (outcome, events) = next.run(op);
        if outcome.is_ok() {
            *self = next;
            (outcome, events)
        } else {
            (outcome, Vec::new())
        }
    }

    fn run(&mut self, op: &Op) -> (Outcome, Vec<Ev>) {
        fn split<T, E>(r: Step<T, E>) -> (Result<T, E>, Vec<Ev>) {
            match r {
                Ok((v, evs)) => (Ok(v), evs),
                Err(e) => (Err(e), Vec::new()),
            }
        }
        match op {
            Op::Deposit { who, bank, amount } => {
                let (r, e) = split(self.deposit(who.0, bank.0, *amount));
                (Outcome::Bank(r), e)
            }
            Op::Withdraw { who, bank, amount } => {
                let (r, e) = split(self.withdraw(who.0, bank.0, *amount));
                (Outcome::Bank(r), e)
            }
            Op::SetLimit {
                who,
                bank,
                holder,
                limit,
            } => {
                let (r, e) = split(self.set_limit(Acct::P(who.0), bank.0, *holder, *limit));
                (Outcome::Bank(r), e)
            }
            Op::SetWilling { who, bank, amount } => {
                let (r, e) = split(self.set_willing(Acct::P(who.0), bank.0, *amount));
                (Outcome::Bank(r), e)
            }
            Op::Grant {
                who,
                bank,
                holder,
                amount,
            } => {
                let (r, e) = split(self.grant(Acct::P(who.0), bank.0, *holder, *amount));
                (Outcome::Bank(r), e)
            }
            Op::Revoke {
                who,
                bank,
                holder,
                amount,
            } => {
                let (r, e) = split(self.revoke(Acct::P(who.0), bank.0, *holder, *amount));
                (Outcome::Bank(r), e)
            }
            Op::Redeem { who, bank, amount } => {
                let (r, e) = split(self.redeem(Acct::P(who.0), bank.0, *amount));
                (Outcome::Bank(r), e)
            }
            Op::RedeemPartial { who, bank, max } => {
                let (r, e) = split(self.redeem_partial(Acct::P(who.0), bank.0, *max));
                (Outcome::Redeemed(r), e)
            }
            Op::Collect {
                who,
                bank,
                issuer,
                amount,
            } => {
                let (r, e) = split(self.collect(who.0, bank.0, *issuer, *amount));
                (Outcome::Bank(r), e)
            }
            Op::Trust {
                who,
                bank,
                issuer,
                amount,
            } => {
                let (r, e) = split(self.trust(who.0, bank.0, *issuer, *amount));
                (Outcome::Bank(r), e)
            }
            Op::SetRouter { who, bank, allowed } => {
                let (r, e) = split(self.set_router(Acct::P(who.0), bank.0, Acct::Router, *allowed));
                (Outcome::Bank(r), e)
            }
            Op::Transfer {
                who,
                bank,
                to,
                amount,
            } => {
                let r = self
                    .move_notes(bank.0, Acct::P(who.0), *to, *amount)
                    .map(|e| ((), e))
                    .map_err(psp22_of);
                let (r, e) = split(r);
                (Outcome::Psp(r), e)
            }
            Op::TransferFrom {
                who,
                bank,
                from,
                to,
                amount,
            } => {
                let (r, e) = split(self.transfer_from(Acct::P(who.0), bank.0, *from, *to, *amount));
                (Outcome::Psp(r), e)
            }
            Op::Approve {
                who,
                bank,
                spender,
                amount,
            } => {
                let owner = Acct::P(who.0);
                let mut events = Vec::new();
                if owner != *spender {
                    events.push(self.set_allowance(bank.0, owner, *spender, *amount));
                }
                (Outcome::Psp(Ok(())), events)
            }
            Op::Register { who, bank } => {
                let (r, e) = split(self.register(who.0, *bank));
                (Outcome::Register(r), e)
            }
            Op::Pay {
                who,
                to,
                routes,
                bound,
            } => {
                let (r, e) = split(self.pay(who.0, to.0, routes, *bound));
                (Outcome::Pay(r), e)
            }
            Op::Contribute { who, pool, amount } => {
                let (r, e) = split(self.contribute(pool.0, who.0, *amount));
                (Outcome::Pool(r), e)
            }
            Op::Allow {
                who,
                pool,
                member,
                amount,
            } => {
                let (r, e) = split(self.allow(pool.0, who.0, *member, *amount));
                (Outcome::Pool(r), e)
            }
            Op::Propose { who, pool, kind } => {
                let (r, e) = split(self.propose(pool.0, who.0, *kind));
                (Outcome::Proposed(r), e)
            }
            Op::Vote { who, pool, id } => {
                let (r, e) = split(self.approve(pool.0, who.0, *id));
                (Outcome::Voted(r), e)
            }
            Op::Claim { who, pool, to } => {
                let (r, e) = split(self.claim(pool.0, who.0, *to));
                (Outcome::Claimed(r), e)
            }
            Op::GiveBack { who, pool, amount } => {
                let (r, e) = split(self.give_back(pool.0, who.0, *amount));
                (Outcome::Pool(r), e)
            }
            Op::VoteLatest { .. } => unreachable!("Run::step resolves it into a Vote"),
            Op::Advance { blocks } => {
                self.block = self.block.saturating_add(*blocks);
                (Outcome::Advanced, Vec::new())
            }
        }
    }

    fn deposit(&mut self, who: u8, b: u8, amount: u128) -> Step<(), BankError> {
        if amount == 0 {
            return Err(BankError::ZeroAmount);
        }
        // The chain moves the value before the bank runs. A history deposits a few thousand
        // units at most and people start with `START_BALANCE` (10^12): no failure to model.
        let free = &mut self.free[usize::from(who)];
        *free = free
            .checked_sub(amount)
            .expect("people start with far more than a history deposits");
        let bank = self.bank(b);
        bank.reserve = bank
            .reserve
            .checked_add(amount)
            .expect("native units are bounded by the total issuance");
        let ev = Ev::Deposited {
            at: Acct::B(b),
            from: Acct::P(who),
            amount,
        };
        Ok(((), vec![ev]))
    }

    fn withdraw(&mut self, who: u8, b: u8, amount: u128) -> Step<(), BankError> {
        let events = self.bank_withdraw(Acct::P(who), b, amount)?;
        self.credit(Acct::P(who), amount);
        Ok(((), events))
    }

    /// The owner `who` takes `amount` out of bank `b`'s reserve (the caller credits it).
    fn bank_withdraw(&mut self, who: Acct, b: u8, amount: u128) -> Result<Vec<Ev>, BankError> {
        self.owner_only(b, who)?;
        if amount == 0 {
            return Err(BankError::ZeroAmount);
        }
        let bank = self.bank(b);
        bank.reserve = bank
            .reserve
            .checked_sub(amount)
            .ok_or(BankError::InsufficientReserve)?;
        Ok(vec![Ev::Withdrawn {
            at: Acct::B(b),
            amount,
        }])
    }

    /// Native units arrive at `to`: a person's free balance, a bank's reserve (which is the
    /// bank's balance), or the router's or a pool's free balance.
    fn credit(&mut self, to: Acct, amount: u128) {
        let balance = match to {
            Acct::P(p) => &mut self.free[usize::from(p)],
            Acct::B(x) => &mut self.bank(x).reserve,
            Acct::Router | Acct::Pool(_) => self.loose.entry(to).or_default(),
        };
        *balance = balance
            .checked_add(amount)
            .expect("native units are bounded by the total issuance");
    }

    fn set_limit(&mut self, who: Acct, b: u8, holder: Acct, limit: u128) -> Step<(), BankError> {
        self.owner_only(b, who)?;
        if holder == Acct::B(b) {
            return Err(BankError::SelfLine);
        }
        let line = LineM {
            limit,
            ..self.bank(b).line(holder)
        };
        let bank = self.bank(b);
        bank.put(holder, line);
        if limit > 0 && !bank.listed.contains(&holder) {
            bank.listed.push(holder);
        }
        let ev = Ev::LineSet {
            at: Acct::B(b),
            holder,
            limit,
            willing: line.willing,
        };
        Ok(((), vec![ev]))
    }

    fn set_willing(&mut self, holder: Acct, b: u8, willing: u128) -> Step<(), BankError> {
        if holder == Acct::B(b) {
            return Err(BankError::SelfLine);
        }
        let line = LineM {
            willing,
            ..self.bank(b).line(holder)
        };
        self.bank(b).put(holder, line);
        let ev = Ev::LineSet {
            at: Acct::B(b),
            holder,
            limit: line.limit,
            willing,
        };
        Ok(((), vec![ev]))
    }

    /// New notes of bank `b` for `holder`, within the line's room.
    fn mint(&mut self, b: u8, holder: Acct, amount: u128, gift: bool) -> Step<(), BankError> {
        if amount == 0 {
            return Err(BankError::ZeroAmount);
        }
        if holder == Acct::B(b) {
            return Err(BankError::SelfLine);
        }
        let mut line = self.bank(b).line(holder);
        if amount > line.room() {
            return Err(BankError::NoCapacity);
        }
        // As `Line::receive`/`Line::grant` and the bank's supply: `Overflow` (the room check
        // above already keeps `held` within `min(limit, willing)`).
        line.held = line.held.checked_add(amount).ok_or(BankError::Overflow)?;
        if gift {
            line.granted = line
                .granted
                .checked_add(amount)
                .ok_or(BankError::Overflow)?;
        }
        let supply = self
            .bank(b)
            .supply
            .checked_add(amount)
            .ok_or(BankError::Overflow)?;
        self.bank(b).put(holder, line);
        self.bank(b).supply = supply;
        let ev = Ev::Transfer {
            at: Acct::B(b),
            from: None,
            to: Some(holder),
            value: amount,
        };
        Ok(((), vec![ev]))
    }

    /// `holder` gives up `amount` notes of bank `b`; gifts go first.
    fn spend(&mut self, b: u8, holder: Acct, amount: u128) -> Result<(), BankError> {
        let mut line = self.bank(b).line(holder);
        line.held = line
            .held
            .checked_sub(amount)
            .ok_or(BankError::InsufficientNotes)?;
        // Gifts first: all of them go when `amount` is more than the gift held.
        line.granted = line.granted.saturating_sub(amount);
        self.bank(b).put(holder, line);
        Ok(())
    }

    /// Notes of bank `b` that `holder` gives back to the bank: burned.
    fn burn(&mut self, b: u8, holder: Acct, amount: u128) -> Result<Vec<Ev>, BankError> {
        self.spend(b, holder, amount)?;
        // As the bank: `Overflow` (the supply is the sum of held, so it never happens).
        let bank = self.bank(b);
        bank.supply = bank.supply.checked_sub(amount).ok_or(BankError::Overflow)?;
        Ok(vec![Ev::Transfer {
            at: Acct::B(b),
            from: Some(holder),
            to: None,
            value: amount,
        }])
    }

    fn grant(&mut self, who: Acct, b: u8, holder: Acct, amount: u128) -> Step<(), BankError> {
        self.owner_only(b, who)?;
        let (_, mut events) = self.mint(b, holder, amount, true)?;
        events.push(Ev::Granted {
            at: Acct::B(b),
            holder,
            amount,
        });
        Ok(((), events))
    }

    fn revoke(&mut self, who: Acct, b: u8, holder: Acct, amount: u128) -> Step<(), BankError> {
        self.owner_only(b, who)?;
        if amount == 0 {
            return Err(BankError::ZeroAmount);
        }
        let mut line = self.bank(b).line(holder);
        line.granted = line
            .granted
            .checked_sub(amount)
            .ok_or(BankError::ExceedsGranted)?;
        // granted <= held, so this cannot fail once the line above succeeded (as the bank).
        line.held = line
            .held
            .checked_sub(amount)
            .ok_or(BankError::ExceedsGranted)?;
        // As the bank's burn: `Overflow` (the supply is the sum of held: never happens).
        let supply = self
            .bank(b)
            .supply
            .checked_sub(amount)
            .ok_or(BankError::Overflow)?;
        self.bank(b).put(holder, line);
        self.bank(b).supply = supply;
        let events = vec![
            Ev::Transfer {
                at: Acct::B(b),
                from: Some(holder),
                to: None,
                value: amount,
            },
            Ev::Revoked {
                at: Acct::B(b),
                holder,
                amount,
            },
        ];
        Ok(((), events))
    }

    /// Native units leave bank `b`'s reserve for `to`.
    fn pay_out(&mut self, b: u8, to: Acct, amount: u128) -> Result<(), BankError> {
        let bank = self.bank(b);
        bank.reserve = bank
            .reserve
            .checked_sub(amount)
            .ok_or(BankError::InsufficientReserve)?;
        self.credit(to, amount);
        Ok(())
    }

    fn redeem(&mut self, holder: Acct, b: u8, amount: u128) -> Step<(), BankError> {
        if amount == 0 {
            return Err(BankError::ZeroAmount);
        }
        if self.bank(b).line(holder).held < amount {
            return Err(BankError::InsufficientNotes);
        }
        self.pay_out(b, holder, amount)?;
        let mut events = self.burn(b, holder, amount)?;
        events.push(Ev::Redeemed {
            at: Acct::B(b),
            holder,
            amount,
        });
        Ok(((), events))
    }

    fn redeem_partial(&mut self, holder: Acct, b: u8, max: u128) -> Step<u128, BankError> {
        if max == 0 {
            return Err(BankError::ZeroAmount);
        }
        let held = self.bank(b).line(holder).held;
        if held == 0 {
            return Err(BankError::InsufficientNotes);
        }
        let amount = max.min(held).min(self.bank(b).reserve);
        if amount == 0 {
            return Err(BankError::InsufficientReserve);
        }
        let (_, events) = self.redeem(holder, b, amount)?;
        Ok((amount, events))
    }

    fn collect(&mut self, who: u8, b: u8, issuer: Acct, amount: u128) -> Step<(), BankError> {
        self.owner_only(b, Acct::P(who))?;
        if issuer == Acct::B(b) {
            return Err(BankError::SelfLine);
        }
        if amount == 0 {
            return Err(BankError::ZeroAmount);
        }
        match issuer {
            Acct::B(i) => self.redeem(Acct::B(b), i, amount),
            _ => Err(BankError::CallFailed),
        }
    }

    fn trust(&mut self, who: u8, b: u8, issuer: Acct, amount: u128) -> Step<(), BankError> {
        self.owner_only(b, Acct::P(who))?;
        if issuer == Acct::B(b) {
            return Err(BankError::SelfLine);
        }
        match issuer {
            Acct::B(i) => self.set_willing(Acct::B(b), i, amount),
            _ => Err(BankError::CallFailed),
        }
    }

    fn set_router(&mut self, who: Acct, b: u8, router: Acct, allowed: bool) -> Step<(), BankError> {
        self.owner_only(b, who)?;
        if allowed {
            self.bank(b).routers.insert(router);
        } else {
            self.bank(b).routers.remove(&router);
        }
        let ev = Ev::RouterSet {
            at: Acct::B(b),
            router,
            allowed,
        };
        Ok(((), vec![ev]))
    }

    /// PSP22 movement of bank `b`'s notes: to the bank itself burns them; 0 or to oneself
    /// does nothing.
    fn move_notes(
        &mut self,
        b: u8,
        from: Acct,
        to: Acct,
        amount: u128,
    ) -> Result<Vec<Ev>, BankError> {
        if amount == 0 || from == to {
            return Ok(Vec::new());
        }
        if to == Acct::B(b) {
            return self.burn(b, from, amount);
        }
        self.spend(b, from, amount)?;
        let mut line = self.bank(b).line(to);
        if amount > line.room() {
            return Err(BankError::NoCapacity);
        }
        // As `Line::receive`: `Overflow` (the room check keeps `held` within its ceiling).
        line.held = line.held.checked_add(amount).ok_or(BankError::Overflow)?;
        self.bank(b).put(to, line);
        Ok(vec![Ev::Transfer {
            at: Acct::B(b),
            from: Some(from),
            to: Some(to),
            value: amount,
        }])
    }

    fn set_allowance(&mut self, b: u8, owner: Acct, spender: Acct, amount: u128) -> Ev {
        self.bank(b).allowances.insert((owner, spender), amount);
        Ev::Approval {
            at: Acct::B(b),
            owner,
            spender,
            amount,
        }
    }

    fn transfer_from(
        &mut self,
        spender: Acct,
        b: u8,
        from: Acct,
        to: Acct,
        amount: u128,
    ) -> Step<(), PSP22Error> {
        if spender == from || amount == 0 || from == to {
            let events = self.move_notes(b, from, to, amount).map_err(psp22_of)?;
            return Ok(((), events));
        }
        let rest = self
            .bank(b)
            .allowance(from, spender)
            .checked_sub(amount)
            .ok_or(PSP22Error::InsufficientAllowance)?;
        let mut events = self.move_notes(b, from, to, amount).map_err(psp22_of)?;
        events.push(self.set_allowance(b, from, spender, rest));
        Ok(((), events))
    }

    fn register(&mut self, who: u8, bank: Acct) -> Step<(), RouterError> {
        let Acct::B(b) = bank else {
            return Err(RouterError::UnknownCode);
        };
        if self.banks[usize::from(b)].owner != Acct::P(who) {
            return Err(RouterError::NotBankOwner);
        }
        self.registry.insert(who, bank);
        Ok((
            (),
            vec![Ev::Registered {
                person: Acct::P(who),
                bank,
            }],
        ))
    }

    fn pay(
        &mut self,
        who: u8,
        to: u8,
        routes: &[crate::ops::RouteOp],
        bound: Bound,
    ) -> Step<u128, RouterError> {
        // Validation: everything that needs no bank call, in the documented order.
        if who == to {
            return Err(RouterError::SelfPayment);
        }
        if routes.is_empty() || routes.len() > MAX_ROUTES {
            return Err(RouterError::BadRouteCount);
        }
        let from_bank = self.registry.get(&who).copied();
        let to_bank = *self.registry.get(&to).ok_or(RouterError::UnknownPerson)?;
        let mut total: u128 = 0;
        let mut firsts = Vec::new();
        for route in routes {
            if route.amount == 0 {
                return Err(RouterError::ZeroAmount);
            }
            // As the router's validation: a total past `u128::MAX` is `Overflow`.
            total = total
                .checked_add(route.amount)
                .ok_or(RouterError::Overflow)?;
            if route.hops.is_empty() || route.hops.len() > MAX_HOPS {
                return Err(RouterError::BadHopCount);
            }
            let first = match route.start {
                StartOp::OwnBank => from_bank.ok_or(RouterError::UnknownPerson)?,
                StartOp::HeldNotes(issuer) if Self::is_bank(issuer) => issuer,
                StartOp::HeldNotes(_) => return Err(RouterError::UnknownCode),
            };
            let mut seen = vec![first];
            for hop in &route.hops {
                if seen.contains(&hop.to) {
                    return Err(RouterError::Loop);
                }
                if !Self::is_bank(hop.to) {
                    return Err(RouterError::UnknownCode);
                }
                seen.push(hop.to);
            }
            if seen.last() != Some(&to_bank) {
                return Err(RouterError::WrongDestination);
            }
            firsts.push(first);
        }
        // The arguments `World::exec` passes, saturating as it does (`total >= 1` here: at
        // least one route, every amount positive).
        let (max_spent, min_delivered) = match bound {
            Bound::Open => (u128::MAX, 0),
            Bound::SpendBelowTotal => (total.saturating_sub(1), 0),
            Bound::DeliverAboveTotal => (u128::MAX, total.saturating_add(1)),
        };
        if total > max_spent {
            return Err(RouterError::MaxSpentExceeded);
        }
        if total < min_delivered {
            return Err(RouterError::BelowMinDelivered);
        }
        // Execution, as the router runs it: first every `HeldNotes` hand-back in route
        // order, then one call per paying bank, in the order the routes first reach the
        // banks, with the bank's legs of every route netted per (next bank, kind); the
        // first failure fails everything and names the (route, hop) its leg first came from.
        let failed = |(route, hop): (usize, usize), error: BankError| RouterError::HopFailed {
            route: u32::try_from(route).expect("at most MAX_ROUTES routes, validated above"),
            hop: u32::try_from(hop).expect("a hop index, at most MAX_HOPS (validated above)"),
            error,
        };
        let mut events = Vec::new();
        for (r, route) in routes.iter().enumerate() {
            if let StartOp::HeldNotes(issuer) = route.start {
                let Acct::B(issuer) = issuer else {
                    unreachable!("validated")
                };
                // The payer's notes go back to their issuer, spent with the router's allowance.
                let payer = Acct::P(who);
                let rest = self
                    .bank(issuer)
                    .allowance(payer, Acct::Router)
                    .checked_sub(route.amount)
                    .ok_or_else(|| failed((r, 0), BankError::InsufficientAllowance))?;
                events.extend(
                    self.burn(issuer, payer, route.amount)
                        .map_err(|e| failed((r, 0), e))?,
                );
                events.push(self.set_allowance(issuer, payer, Acct::Router, rest));
            }
        }
        // (paying bank, its legs (next bank, kind, amount), where each leg first came from)
        type Batch = (u8, Vec<LegM>, Vec<(usize, usize)>);
        let mut batches: Vec<Batch> = Vec::new();
        for (r, (route, first)) in routes.iter().zip(firsts).enumerate() {
            let Acct::B(mut current) = first else {
                unreachable!("validated")
            };
            let offset = usize::from(matches!(route.start, StartOp::HeldNotes(_)));
            for (h, hop) in route.hops.iter().enumerate() {
                let at = (
                    r,
                    h.checked_add(offset).expect("h < MAX_HOPS and offset <= 1"),
                );
                let i = match batches.iter().position(|(b, _, _)| *b == current) {
                    Some(i) => i,
                    None => {
                        batches.push((current, Vec::new(), Vec::new()));
                        batches.len().saturating_sub(1)
                    }
                };
                let (_, legs, origins) = &mut batches[i];
                match legs
                    .iter_mut()
                    .find(|(to, kind, _)| *to == hop.to && *kind == hop.kind)
                {
                    Some(leg) => leg.2 = leg.2.checked_add(route.amount).expect("within the total"),
                    None => {
                        legs.push((hop.to, hop.kind, route.amount));
                        origins.push(at);
                    }
                }
                let Acct::B(next) = hop.to else {
                    unreachable!("validated")
                };
                current = next;
            }
        }
        let mut paid = Vec::with_capacity(batches.len());
        for (current, legs, origins) in batches {
            if !self.bank(current).routers.contains(&Acct::Router) {
                return Err(failed(origins[0], BankError::NotRouter));
            }
            paid.push((Acct::B(current), legs.clone()));
            for ((to, kind, amount), at) in legs.into_iter().zip(origins) {
                let Acct::B(next) = to else {
                    unreachable!("validated")
                };
                match kind {
                    // A routed leg emits no `Transfer`: `Paid` lists the legs.
                    HopKind::Issue => {
                        self.mint(current, to, amount, false)
                            .map_err(|e| failed(at, e))?;
                    }
                    HopKind::Return => {
                        let evs = self
                            .burn(next, Acct::B(current), amount)
                            .map_err(|e| failed(at, e))?;
                        events.extend(evs);
                    }
                }
            }
        }
        events.push(Ev::Paid {
            from: Acct::P(who),
            to: Acct::P(to),
            amount: total,
            routes: u32::try_from(routes.len())
                .expect("at most MAX_ROUTES routes, validated above"),
            legs: paid,
        });
        Ok((total, events))
    }
}

/// Every account of the world holds at least the existential deposit (people are funded,
/// contracts keep theirs), so the chain accepts any transfer to it; a payout of the close
/// would be held for `claim` only when the chain refused it.
fn accepts(_to: Acct, _amount: u128) -> bool {
    true
}

/// The group pools, as contracts/pool/lib.rs runs them.
impl Model {
    /// Native units leave the router's or a pool's free balance, which holds them.
    fn debit_loose(&mut self, from: Acct, amount: u128) {
        let balance = self.loose.entry(from).or_default();
        *balance = balance
            .checked_sub(amount)
            .expect("a pool pays only what its bank just paid it, or what it holds");
    }

    fn pool(&mut self, g: u8) -> &mut PoolM {
        &mut self.pools[usize::from(g)]
    }

    fn pool_ref(&self, g: u8) -> &PoolM {
        &self.pools[usize::from(g)]
    }

    /// As the pool's `member_of`: the record of an active member.
    fn member_of(&self, g: u8, who: Acct) -> Result<Member, PoolError> {
        match self.pool_ref(g).members.get(&who) {
            Some(m) if m.active => Ok(*m),
            _ => Err(PoolError::NotMember),
        }
    }

    /// As `ensure_member`: an open pool, and the caller an active member.
    fn ensure_member(&self, g: u8, caller: Acct) -> Result<(), PoolError> {
        if self.pool_ref(g).closed {
            return Err(PoolError::Closed);
        }
        self.member_of(g, caller).map(|_| ())
    }

    fn put_member(&mut self, g: u8, who: Acct, record: Member) {
        self.pool(g).members.insert(who, record);
    }

    /// The pool's bank opens `holder`'s line up to `limit` (`set_limit` as the pool).
    fn open_line(&mut self, g: u8, holder: Acct, limit: u128) -> Result<Vec<Ev>, PoolError> {
        let b = self.pool_ref(g).bank;
        self.set_limit(Acct::Pool(g), b, holder, limit)
            .map(|(_, e)| e)
            .map_err(PoolError::Bank)
    }

    /// As the pool's `grant`: records and grants `amount` notes to `member` (budget checked).
    fn pool_grant(
        &mut self,
        g: u8,
        member: Acct,
        mut record: Member,
        amount: u128,
    ) -> Result<Vec<Ev>, PoolError> {
        record.granted = record
            .granted
            .checked_add(amount)
            .ok_or(PoolError::Overflow)?;
        let b = self.pool_ref(g).bank;
        let (_, mut events) = self
            .grant(Acct::Pool(g), b, member, amount)
            .map_err(PoolError::Bank)?;
        self.put_member(g, member, record);
        events.push(Ev::Allowed {
            at: Acct::Pool(g),
            member,
            amount,
        });
        Ok(events)
    }

    /// As the pool's `revoke`: takes back `amount` of `member`'s gift and lowers its budget.
    fn pool_revoke(
        &mut self,
        g: u8,
        member: Acct,
        mut record: Member,
        amount: u128,
        lower_budget: bool,
    ) -> Result<(Member, Vec<Ev>), PoolError> {
        record.revoked = record
            .revoked
            .checked_add(amount)
            .ok_or(PoolError::Overflow)?;
        if lower_budget {
            record.budget = record.budget.saturating_sub(amount);
        }
        let mut events = Vec::new();
        if amount > 0 {
            let b = self.pool_ref(g).bank;
            events = self
                .revoke(Acct::Pool(g), b, member, amount)
                .map(|(_, e)| e)
                .map_err(PoolError::Bank)?;
        }
        self.put_member(g, member, record);
        Ok((record, events))
    }

    fn contribute(&mut self, g: u8, who: u8, amount: u128) -> Step<(), PoolError> {
        let member = Acct::P(who);
        self.ensure_member(g, member)?;
        if amount == 0 {
            return Err(PoolError::ZeroAmount);
        }
        let mut record = self.member_of(g, member)?;
        record.contributed = record
            .contributed
            .checked_add(amount)
            .ok_or(PoolError::Overflow)?;
        // The value goes with the call to the pool, and on with the bank's `deposit` (whose
        // only refusal, a zero amount, cannot happen here).
        let free = &mut self.free[usize::from(who)];
        *free = free
            .checked_sub(amount)
            .expect("people start with far more than a history contributes");
        let b = self.pool_ref(g).bank;
        self.credit(Acct::B(b), amount);
        self.put_member(g, member, record);
        Ok((
            (),
            vec![
                Ev::Deposited {
                    at: Acct::B(b),
                    from: Acct::Pool(g),
                    amount,
                },
                Ev::Contributed {
                    at: Acct::Pool(g),
                    member,
                    amount,
                },
            ],
        ))
    }

    fn allow(&mut self, g: u8, who: u8, member: Acct, amount: u128) -> Step<(), PoolError> {
        self.ensure_member(g, Acct::P(who))?;
        if amount == 0 {
            return Err(PoolError::ZeroAmount);
        }
        let record = self.member_of(g, member)?;
        if amount > record.headroom() {
            return Err(PoolError::OverBudget);
        }
        Ok(((), self.pool_grant(g, member, record, amount)?))
    }

    /// As the pool's `validate`: whether `kind` could execute now.
    fn validate(&self, g: u8, kind: KindOp) -> Result<(), PoolError> {
        let pool = self.pool_ref(g);
        match kind {
            KindOp::ReUp { member, amount } | KindOp::Revoke { member, amount } => {
                if amount == 0 {
                    return Err(PoolError::ZeroAmount);
                }
                self.member_of(g, member)?;
            }
            KindOp::Add(who) if who == Acct::Pool(g) => return Err(PoolError::BadRecipient),
            KindOp::Add(who) => match pool.members.get(&who) {
                Some(m) if m.active => return Err(PoolError::AlreadyMember),
                Some(_) => {}
                None => {
                    if u32::try_from(pool.roster.len()).unwrap_or(u32::MAX) >= MAX_MEMBERS {
                        return Err(PoolError::BadMemberCount);
                    }
                }
            },
            KindOp::Remove(who) => {
                self.member_of(g, who)?;
                if pool.threshold >= pool.active {
                    return Err(PoolError::BadThreshold);
                }
            }
            KindOp::Threshold(t) => {
                if t == 0 || t > pool.active {
                    return Err(PoolError::BadThreshold);
                }
            }
            KindOp::Withdraw { to, amount } => {
                if amount == 0 {
                    return Err(PoolError::ZeroAmount);
                }
                if to == Acct::Pool(g) {
                    return Err(PoolError::BadRecipient);
                }
            }
            KindOp::Trust { holder, .. } => {
                if pool.members.contains_key(&holder) {
                    return Err(PoolError::AlreadyMember);
                }
            }
            KindOp::SetRouter { .. } | KindOp::Close => {}
        }
        Ok(())
    }

    fn execute(&mut self, g: u8, kind: KindOp) -> Result<Vec<Ev>, PoolError> {
        self.validate(g, kind)?;
        let b = self.pool_ref(g).bank;
        match kind {
            KindOp::ReUp { member, amount } => {
                let mut record = self.member_of(g, member)?;
                record.budget = record
                    .budget
                    .checked_add(amount)
                    .ok_or(PoolError::Overflow)?;
                self.pool_grant(g, member, record, amount)
            }
            KindOp::Revoke { member, amount } => {
                let record = self.member_of(g, member)?;
                self.pool_revoke(g, member, record, amount, true)
                    .map(|(_, e)| e)
            }
            KindOp::Add(who) => {
                let allowance = self.pool_ref(g).allowance;
                let record = match self.pool_ref(g).members.get(&who).copied() {
                    Some(mut former) => {
                        former.budget = former
                            .budget
                            .checked_add(allowance)
                            .ok_or(PoolError::Overflow)?;
                        former.active = true;
                        // a new membership: approvals from the old one no longer count
                        former.term = former.term.checked_add(1).ok_or(PoolError::Overflow)?;
                        former
                    }
                    None => {
                        self.pool(g).roster.push(who);
                        Member {
                            budget: allowance,
                            active: true,
                            ..Member::default()
                        }
                    }
                };
                let events = self.open_line(g, who, u128::MAX)?;
                self.put_member(g, who, record);
                let pool = self.pool(g);
                pool.active = pool.active.checked_add(1).ok_or(PoolError::Overflow)?;
                Ok(events)
            }
            KindOp::Remove(who) => {
                let record = self.member_of(g, who)?;
                let gift = self.banks[usize::from(b)].line(who).granted;
                let (mut record, mut events) = self.pool_revoke(g, who, record, gift, true)?;
                record.budget = record.granted.saturating_sub(record.revoked);
                record.active = false;
                events.extend(self.open_line(g, who, 0)?);
                self.put_member(g, who, record);
                let pool = self.pool(g);
                pool.active = pool.active.saturating_sub(1);
                Ok(events)
            }
            KindOp::Threshold(t) => {
                self.pool(g).threshold = t;
                Ok(Vec::new())
            }
            KindOp::Withdraw { to, amount } => {
                let events = self
                    .bank_withdraw(Acct::Pool(g), b, amount)
                    .map_err(PoolError::Bank)?;
                if !accepts(to, amount) {
                    return Err(PoolError::TransferFailed);
                }
                self.credit(to, amount);
                Ok(events)
            }
            KindOp::Trust { holder, limit } => self.open_line(g, holder, limit),
            KindOp::SetRouter { router, allowed } => self
                .set_router(Acct::Pool(g), b, router, allowed)
                .map(|(_, e)| e)
                .map_err(PoolError::Bank),
            KindOp::Close => self.close(g),
        }
    }

    /// As the pool's `plan`: the settle-up plan (by the shared [`settle`]) and each recorded
    /// member's gift still held.
    fn plan(&self, g: u8) -> Result<(PlanM, Vec<u128>), PoolError> {
        let pool = self.pool_ref(g);
        let bank = &self.banks[usize::from(pool.bank)];
        let mut rows = Vec::new();
        let mut gifts = Vec::new();
        let mut unspent: u128 = 0;
        for who in &pool.roster {
            let record = pool.members.get(who).copied().unwrap_or_default();
            let gift = bank.line(*who).granted;
            unspent = unspent.checked_add(gift).ok_or(PoolError::Overflow)?;
            gifts.push(gift);
            rows.push((tag(*who), record.contributed, record.spent(gift)));
        }
        let claims = bank.supply.saturating_sub(unspent);
        let distributable = bank.reserve.saturating_sub(claims);
        let payouts = settle(&rows, distributable)?
            .iter()
            .map(|p| (untag(&p.member), p.contributed, p.spent, p.payout))
            .collect();
        Ok((
            PlanM {
                reserve: bank.reserve,
                claims,
                distributable,
                payouts,
            },
            gifts,
        ))
    }

    /// As the pool's `close`: revokes every unspent gift, takes the distributable reserve
    /// out of the bank and pays each member its payout (holding one the chain refuses).
    fn close(&mut self, g: u8) -> Result<Vec<Ev>, PoolError> {
        let (plan, gifts) = self.plan(g)?;
        let mut events = Vec::new();
        for (p, gift) in plan.payouts.iter().zip(gifts) {
            if gift > 0 {
                let record = self
                    .pool_ref(g)
                    .members
                    .get(&p.0)
                    .copied()
                    .unwrap_or_default();
                events.extend(self.pool_revoke(g, p.0, record, gift, true)?.1);
            }
        }
        let b = self.pool_ref(g).bank;
        if plan.distributable > 0 {
            events.extend(
                self.bank_withdraw(Acct::Pool(g), b, plan.distributable)
                    .map_err(PoolError::Bank)?,
            );
            self.credit(Acct::Pool(g), plan.distributable);
        }
        for &(member, _, _, payout) in plan.payouts.iter().filter(|p| p.3 > 0) {
            if accepts(member, payout) {
                // (a payment to the pool itself moves nothing)
                self.debit_loose(Acct::Pool(g), payout);
                self.credit(member, payout);
                events.push(Ev::PaidOut {
                    at: Acct::Pool(g),
                    member,
                    amount: payout,
                });
            } else {
                let mut record = self
                    .pool_ref(g)
                    .members
                    .get(&member)
                    .copied()
                    .unwrap_or_default();
                record.unclaimed = record
                    .unclaimed
                    .checked_add(payout)
                    .ok_or(PoolError::Overflow)?;
                self.put_member(g, member, record);
            }
        }
        self.pool(g).closed = true;
        Ok(events)
    }

    /// The pool's members with their records, in join order (what `members` shows).
    fn recorded(&self, g: u8) -> Vec<(Acct, Member)> {
        let pool = self.pool_ref(g);
        pool.roster
            .iter()
            .map(|m| (*m, pool.members.get(m).copied().unwrap_or_default()))
            .collect()
    }

    /// As the pool's `vote`: records `member`'s approval (in membership `term`) of proposal
    /// `id` and executes it when the approvals that count reach the threshold.
    fn vote(&mut self, g: u8, id: u32, member: Acct, term: u32) -> Step<bool, PoolError> {
        let at = Acct::Pool(g);
        let i = usize::try_from(id).expect("a proposal id fits usize");
        let proposal = &mut self.pool(g).proposals[i];
        // one entry per account: a re-admitted member's approval replaces its old one
        match proposal.approvals.iter().position(|a| *a == member) {
            Some(j) => proposal.terms[j] = term,
            None => {
                proposal.approvals.push(member);
                proposal.terms.push(term);
            }
        }
        let mut events = vec![Ev::Approved { at, member, id }];
        // The shared counting reads only the approvals and their terms.
        let shared = Proposal {
            kind: ProposalKind::Close,
            proposer: tag(proposal.proposer),
            approvals: proposal.approvals.iter().map(|a| tag(*a)).collect(),
            terms: proposal.terms.clone(),
            expires_at: proposal.expires_at,
            executed: proposal.executed,
        };
        let roster: Vec<(AccountId, Member)> = self
            .recorded(g)
            .into_iter()
            .map(|(a, m)| (tag(a), m))
            .collect();
        let counted = u32::try_from(shared.counting(&roster).len()).unwrap_or(u32::MAX);
        let ready = counted >= self.pool_ref(g).threshold;
        if ready {
            let proposal = &mut self.pool(g).proposals[i];
            proposal.executed = true;
            let kind = proposal.kind;
            events.extend(self.execute(g, kind)?);
            events.push(Ev::Executed { at, id });
        }
        Ok((ready, events))
    }

    fn propose(&mut self, g: u8, who: u8, kind: KindOp) -> Step<u32, PoolError> {
        let proposer = Acct::P(who);
        self.ensure_member(g, proposer)?;
        self.validate(g, kind)?;
        let id =
            u32::try_from(self.pool_ref(g).proposals.len()).map_err(|_| PoolError::Overflow)?;
        id.checked_add(1).ok_or(PoolError::Overflow)?;
        let expires_at = self.block.saturating_add(self.pool_ref(g).ttl);
        self.pool(g).proposals.push(ProposalM {
            kind,
            proposer,
            approvals: Vec::new(),
            terms: Vec::new(),
            expires_at,
            executed: false,
        });
        let mut events = vec![Ev::Proposed {
            at: Acct::Pool(g),
            proposer,
            id,
            kind,
            expires_at,
        }];
        let term = self.member_of(g, proposer)?.term;
        let (_, more) = self.vote(g, id, proposer, term)?;
        events.extend(more);
        Ok((id, events))
    }

    fn approve(&mut self, g: u8, who: u8, id: u32) -> Step<bool, PoolError> {
        let member = Acct::P(who);
        self.ensure_member(g, member)?;
        let term = self.member_of(g, member)?.term;
        let proposal = usize::try_from(id)
            .ok()
            .and_then(|i| self.pool_ref(g).proposals.get(i))
            .ok_or(PoolError::UnknownProposal)?;
        if proposal.executed {
            return Err(PoolError::AlreadyExecuted);
        }
        if self.block > proposal.expires_at {
            return Err(PoolError::Expired);
        }
        let approved = proposal
            .approvals
            .iter()
            .zip(&proposal.terms)
            .any(|(a, t)| *a == member && *t == term);
        if approved {
            return Err(PoolError::AlreadyApproved);
        }
        self.vote(g, id, member, term)
    }

    /// As the pool's `give_back`: the caller's unspent allowance revoked, counted as revoked,
    /// the budget kept.
    fn give_back(&mut self, g: u8, who: u8, amount: u128) -> Step<(), PoolError> {
        let member = Acct::P(who);
        self.ensure_member(g, member)?;
        if amount == 0 {
            return Err(PoolError::ZeroAmount);
        }
        let record = self.member_of(g, member)?;
        let (_, events) = self.pool_revoke(g, member, record, amount, false)?;
        Ok(((), events))
    }

    fn claim(&mut self, g: u8, who: u8, to: Acct) -> Step<u128, PoolError> {
        let member = Acct::P(who);
        let mut record = self
            .pool_ref(g)
            .members
            .get(&member)
            .copied()
            .unwrap_or_default();
        let amount = record.unclaimed;
        if amount == 0 {
            return Err(PoolError::NothingToClaim);
        }
        if !accepts(to, amount) {
            return Err(PoolError::TransferFailed);
        }
        self.debit_loose(Acct::Pool(g), amount);
        self.credit(to, amount);
        record.unclaimed = 0;
        self.put_member(g, member, record);
        Ok((
            amount,
            vec![Ev::PaidOut {
                at: Acct::Pool(g),
                member,
                amount,
            }],
        ))
    }

    /// What pool `g`'s views show now.
    pub fn pool_view(&self, g: u8) -> PoolView {
        let pool = self.pool_ref(g);
        let bank = &self.banks[usize::from(pool.bank)];
        let count = |n: usize| u32::try_from(n).expect("a few members and proposals");
        PoolView {
            status: StatusM {
                bank: Acct::B(pool.bank),
                threshold: pool.threshold,
                members: pool.active,
                recorded: count(pool.roster.len()),
                allowance: pool.allowance,
                ttl: pool.ttl,
                proposals: count(pool.proposals.len()),
                closed: pool.closed,
                reserve: bank.reserve,
                outstanding: bank.supply,
            },
            members: self.recorded(g),
            plan: self.plan(g).map(|(plan, _)| plan),
        }
    }
}
