//! The operations of a history, the accounts they name, and the strategies that generate
//! them. Everything prints short (`p0`, `B1`, `R`) so that a shrunk history reads at a glance.

use proptest::prelude::*;
use proptest::strategy::{NewTree, ValueTree};
use proptest::test_runner::TestRunner;
use std::fmt;

/// People: `p0`..`p2` each own bank `B0`..`B2`; `p3` owns no bank (a stranger).
pub const PEOPLE: u8 = 4;
/// Trust banks owned by people (`B0`..`B2`).
pub const PERSON_BANKS: u8 = 3;
/// Group pools in every history (`G0`); pool `i` owns bank `B{PERSON_BANKS + i}`.
pub const POOLS: u8 = 1;
/// Trust banks in every history: the people's, then the pools'.
pub const BANKS: u8 = PERSON_BANKS + POOLS;
/// The pool's members at genesis (`p0`, `p1` and the stranger `p3`; `p2` is not one).
pub const POOL_MEMBERS: [u8; 3] = [0, 1, 3];
/// Approvals a proposal needs at genesis.
pub const POOL_THRESHOLD: u32 = 2;
/// A new member's standard budget.
pub const POOL_ALLOWANCE: u128 = 20;
/// Blocks a proposal stays open after the block it was made in.
pub const POOL_TTL: u32 = 4;
/// Proposals the genesis makes (ids `0..GENESIS_PROPOSALS`, all executed).
pub const GENESIS_PROPOSALS: u32 = 2;

/// The bank of pool `g`.
pub fn pool_bank(g: u8) -> u8 {
    PERSON_BANKS
        .checked_add(g)
        .expect("a pool index, below POOLS")
}

/// The pool owning bank `b`, if a pool owns it.
pub fn pool_of_bank(b: u8) -> Option<u8> {
    b.checked_sub(PERSON_BANKS).filter(|g| *g < POOLS)
}

/// The bank after `i` round the cycle `B0 -> B1 -> B2 -> B0` (`i` a bank or person index).
fn next_bank(i: u8) -> u8 {
    i.checked_add(1).expect("an index below PEOPLE (4)") % PERSON_BANKS
}

/// The bank before bank `i` round the cycle.
fn prev_bank(i: u8) -> u8 {
    i.checked_add(PERSON_BANKS - 1)
        .expect("a bank index, below BANKS")
        % PERSON_BANKS
}

/// A person (an account that signs calls).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct P(pub u8);

/// One of the history's trust banks.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct B(pub u8);

/// One of the history's group pools.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct G(pub u8);

/// Any account an operation may name: a person, a bank, the router, or a pool.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Acct {
    P(u8),
    B(u8),
    Router,
    Pool(u8),
}

impl fmt::Debug for P {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "p{}", self.0)
    }
}

impl fmt::Debug for B {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "B{}", self.0)
    }
}

impl fmt::Debug for G {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "G{}", self.0)
    }
}

impl fmt::Debug for Acct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Acct::P(i) => write!(f, "p{i}"),
            Acct::B(i) => write!(f, "B{i}"),
            Acct::Router => write!(f, "R"),
            Acct::Pool(i) => write!(f, "G{i}"),
        }
    }
}

impl From<P> for Acct {
    fn from(p: P) -> Self {
        Acct::P(p.0)
    }
}

impl From<B> for Acct {
    fn from(b: B) -> Self {
        Acct::B(b.0)
    }
}

/// How a hop settles (mirrors `Settle`, printed short).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HopKind {
    Issue,
    Return,
}

/// One hop of a route: the current bank pays `to`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct HopOp {
    pub to: Acct,
    pub kind: HopKind,
}

impl fmt::Debug for HopOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let arrow = match self.kind {
            HopKind::Issue => "issue",
            HopKind::Return => "return",
        };
        write!(f, "{arrow}->{:?}", self.to)
    }
}

/// Where a route starts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum StartOp {
    OwnBank,
    HeldNotes(Acct),
}

impl fmt::Debug for StartOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartOp::OwnBank => write!(f, "own"),
            StartOp::HeldNotes(a) => write!(f, "held({a:?})"),
        }
    }
}

/// One route of a payment.
#[derive(Clone, PartialEq, Eq)]
pub struct RouteOp {
    pub amount: u128,
    pub start: StartOp,
    pub hops: Vec<HopOp>,
}

impl fmt::Debug for RouteOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} from {:?} {:?}", self.amount, self.start, self.hops)
    }
}

/// The payer's limits on a payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// `max_spent = u128::MAX`, `min_delivered = 0`.
    Open,
    /// `max_spent` one below the total.
    SpendBelowTotal,
    /// `min_delivered` one above the total.
    DeliverAboveTotal,
}

/// What a proposal does when it passes (mirrors `ProposalKind`, accounts named short).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KindOp {
    ReUp { member: Acct, amount: u128 },
    Revoke { member: Acct, amount: u128 },
    Add(Acct),
    Remove(Acct),
    Threshold(u32),
    Withdraw { to: Acct, amount: u128 },
    Trust { holder: Acct, limit: u128 },
    SetRouter { router: Acct, allowed: bool },
    Close,
}

impl KindOp {
    /// The variant name, for the tally.
    pub fn name(&self) -> &'static str {
        match self {
            KindOp::ReUp { .. } => "propose ReUp",
            KindOp::Revoke { .. } => "propose Revoke",
            KindOp::Add(_) => "propose Add",
            KindOp::Remove(_) => "propose Remove",
            KindOp::Threshold(_) => "propose Threshold",
            KindOp::Withdraw { .. } => "propose Withdraw",
            KindOp::Trust { .. } => "propose Trust",
            KindOp::SetRouter { .. } => "propose SetRouter",
            KindOp::Close => "propose Close",
        }
    }
}

/// Every user-visible operation, with its caller first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    Deposit {
        who: P,
        bank: B,
        amount: u128,
    },
    Withdraw {
        who: P,
        bank: B,
        amount: u128,
    },
    SetLimit {
        who: P,
        bank: B,
        holder: Acct,
        limit: u128,
    },
    SetWilling {
        who: P,
        bank: B,
        amount: u128,
    },
    Grant {
        who: P,
        bank: B,
        holder: Acct,
        amount: u128,
    },
    Revoke {
        who: P,
        bank: B,
        holder: Acct,
        amount: u128,
    },
    Redeem {
        who: P,
        bank: B,
        amount: u128,
    },
    RedeemPartial {
        who: P,
        bank: B,
        max: u128,
    },
    Collect {
        who: P,
        bank: B,
        issuer: Acct,
        amount: u128,
    },
    Trust {
        who: P,
        bank: B,
        issuer: Acct,
        amount: u128,
    },
    SetRouter {
        who: P,
        bank: B,
        allowed: bool,
    },
    Transfer {
        who: P,
        bank: B,
        to: Acct,
        amount: u128,
    },
    TransferFrom {
        who: P,
        bank: B,
        from: Acct,
        to: Acct,
        amount: u128,
    },
    Approve {
        who: P,
        bank: B,
        spender: Acct,
        amount: u128,
    },
    Register {
        who: P,
        bank: Acct,
    },
    Pay {
        who: P,
        to: P,
        routes: Vec<RouteOp>,
        bound: Bound,
    },
    /// `GroupPool::contribute` with `amount` transferred.
    Contribute {
        who: P,
        pool: G,
        amount: u128,
    },
    /// `GroupPool::allow(member, amount)`.
    Allow {
        who: P,
        pool: G,
        member: Acct,
        amount: u128,
    },
    /// `GroupPool::propose(kind)`.
    Propose {
        who: P,
        pool: G,
        kind: KindOp,
    },
    /// `GroupPool::approve(id)`.
    Vote {
        who: P,
        pool: G,
        id: u32,
    },
    /// `GroupPool::approve(id)` of the `back`-th newest proposal not yet executed (else the
    /// `back`-th newest, else an unknown id): resolved into a [`Op::Vote`] before it runs,
    /// from the proposals made so far (which the suite checks against the chain's).
    VoteLatest {
        who: P,
        pool: G,
        back: u32,
    },
    /// `GroupPool::give_back(amount)`: the caller hands back unspent allowance.
    GiveBack {
        who: P,
        pool: G,
        amount: u128,
    },
    /// `GroupPool::claim(to)`.
    Claim {
        who: P,
        pool: G,
        to: Acct,
    },
    /// The chain moves on `blocks` blocks (proposals expire by block number).
    Advance {
        blocks: u32,
    },
}

impl Op {
    /// The account that signs the call (none: the chain only moves on).
    pub fn caller(&self) -> Option<P> {
        Some(match self {
            Op::Deposit { who, .. }
            | Op::Withdraw { who, .. }
            | Op::SetLimit { who, .. }
            | Op::SetWilling { who, .. }
            | Op::Grant { who, .. }
            | Op::Revoke { who, .. }
            | Op::Redeem { who, .. }
            | Op::RedeemPartial { who, .. }
            | Op::Collect { who, .. }
            | Op::Trust { who, .. }
            | Op::SetRouter { who, .. }
            | Op::Transfer { who, .. }
            | Op::TransferFrom { who, .. }
            | Op::Approve { who, .. }
            | Op::Register { who, .. }
            | Op::Pay { who, .. }
            | Op::Contribute { who, .. }
            | Op::Allow { who, .. }
            | Op::Propose { who, .. }
            | Op::Vote { who, .. }
            | Op::VoteLatest { who, .. }
            | Op::GiveBack { who, .. }
            | Op::Claim { who, .. } => *who,
            Op::Advance { .. } => return None,
        })
    }

    /// The pool the operation calls, if it is a pool's message.
    pub fn pool(&self) -> Option<u8> {
        match self {
            Op::Contribute { pool, .. }
            | Op::Allow { pool, .. }
            | Op::Propose { pool, .. }
            | Op::Vote { pool, .. }
            | Op::VoteLatest { pool, .. }
            | Op::GiveBack { pool, .. }
            | Op::Claim { pool, .. } => Some(pool.0),
            _ => None,
        }
    }

    /// The pools whose views (status, members, settlement plan) the operation may change:
    /// the pool it calls, and every pool whose bank it touches.
    pub fn pools(&self) -> Vec<u8> {
        let mut out: Vec<u8> = self.banks().into_iter().filter_map(pool_of_bank).collect();
        if let Some(g) = self.pool() {
            if !out.contains(&g) {
                out.push(g);
            }
        }
        out
    }

    /// The banks the operation calls (directly or through another contract): the only ones
    /// whose state it can change.
    pub fn banks(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut add = |a: Acct| {
            if let Acct::B(i) = a {
                if !out.contains(&i) {
                    out.push(i);
                }
            }
        };
        match self {
            Op::Collect { bank, issuer, .. } | Op::Trust { bank, issuer, .. } => {
                add(Acct::B(bank.0));
                add(*issuer);
            }
            Op::Register { bank, .. } => add(*bank),
            Op::Pay { routes, .. } => {
                for r in routes {
                    if let StartOp::HeldNotes(a) = r.start {
                        add(a);
                    }
                    for h in &r.hops {
                        add(h.to);
                    }
                }
                // an own-bank start is the payer's registered bank, whichever it is now (a
                // person's own bank: nobody else can register one)
                for i in 0..PERSON_BANKS {
                    if routes.iter().any(|r| r.start == StartOp::OwnBank) {
                        add(Acct::B(i));
                    }
                }
            }
            Op::Deposit { bank, .. }
            | Op::Withdraw { bank, .. }
            | Op::SetLimit { bank, .. }
            | Op::SetWilling { bank, .. }
            | Op::Grant { bank, .. }
            | Op::Revoke { bank, .. }
            | Op::Redeem { bank, .. }
            | Op::RedeemPartial { bank, .. }
            | Op::SetRouter { bank, .. }
            | Op::Transfer { bank, .. }
            | Op::TransferFrom { bank, .. }
            | Op::Approve { bank, .. } => add(Acct::B(bank.0)),
            Op::Contribute { pool, .. } | Op::Allow { pool, .. } => add(Acct::B(pool_bank(pool.0))),
            Op::Propose { pool, kind, .. } => {
                add(Acct::B(pool_bank(pool.0)));
                // a withdrawal may pay into a bank's reserve, and a close pays every member
                // (a bank may be one)
                match kind {
                    KindOp::Withdraw { to, .. } => add(*to),
                    KindOp::Close => {
                        for i in 0..BANKS {
                            add(Acct::B(i));
                        }
                    }
                    _ => {}
                }
            }
            // the proposal may be any: a withdrawal to any bank
            Op::Vote { pool, .. } | Op::VoteLatest { pool, .. } => {
                add(Acct::B(pool_bank(pool.0)));
                for i in 0..BANKS {
                    add(Acct::B(i));
                }
            }
            Op::Claim { pool, to, .. } => {
                add(Acct::B(pool_bank(pool.0)));
                add(*to);
            }
            Op::GiveBack { pool, .. } => add(Acct::B(pool_bank(pool.0))),
            Op::Advance { .. } => {}
        }
        out
    }

    /// Whether the operation may move native currency into or out of a reserve.
    pub fn may_move_reserve(&self) -> bool {
        matches!(
            self,
            Op::Deposit { .. }
                | Op::Withdraw { .. }
                | Op::Redeem { .. }
                | Op::RedeemPartial { .. }
                | Op::Collect { .. }
                | Op::Contribute { .. }
                | Op::Propose { .. }
                | Op::Vote { .. }
                | Op::VoteLatest { .. }
                | Op::Claim { .. }
        )
    }

    /// The operation to run, given whether each proposal pool `g` made has executed
    /// (`executed(g)`, in id order): a [`Op::VoteLatest`] becomes the [`Op::Vote`] it names;
    /// any other stays as it is.
    pub fn resolve(&self, executed: impl Fn(u8) -> Vec<bool>) -> Op {
        match *self {
            Op::VoteLatest { who, pool, back } => {
                let flags = executed(pool.0);
                let n = u32::try_from(flags.len()).expect("a few proposals");
                let back = usize::try_from(back).expect("a small number");
                let newest = (0..n).rev();
                let id = newest
                    .clone()
                    .filter(|id| !flags[usize::try_from(*id).expect("an index")])
                    .nth(back)
                    .or_else(|| newest.clone().nth(back))
                    .unwrap_or(n);
                Op::Vote { who, pool, id }
            }
            ref other => other.clone(),
        }
    }
}

fn person() -> impl Strategy<Value = P> {
    prop_oneof![4 => 0..PERSON_BANKS, 1 => Just(PEOPLE - 1)].prop_map(P)
}

fn bank() -> impl Strategy<Value = B> {
    (0..BANKS).prop_map(B)
}

/// Mostly people and banks; now and then the router or a pool.
fn account() -> impl Strategy<Value = Acct> {
    prop_oneof![
        4 => (0..PEOPLE).prop_map(Acct::P),
        4 => (0..BANKS).prop_map(Acct::B),
        1 => Just(Acct::Router),
        1 => (0..POOLS).prop_map(Acct::Pool),
    ]
}

/// Mostly banks (where value can go); now and then anything.
fn bank_like() -> impl Strategy<Value = Acct> {
    prop_oneof![6 => (0..BANKS).prop_map(Acct::B), 1 => account()]
}

/// Small amounts around the lines' sizes, zero now and then.
fn amount() -> impl Strategy<Value = u128> {
    prop_oneof![1 => Just(0u128), 8 => 1u128..=30, 2 => 31u128..=150]
}

fn hop_kind() -> impl Strategy<Value = HopKind> {
    prop_oneof![3 => Just(HopKind::Issue), 1 => Just(HopKind::Return)]
}

/// A random route towards `to`'s bank (as registered at genesis) through up to two other
/// banks; often invalid (ends elsewhere, loops, names a non-bank).
fn random_route(to: P) -> impl Strategy<Value = RouteOp> {
    let start =
        prop_oneof![3 => Just(StartOp::OwnBank), 1 => bank_like().prop_map(StartOp::HeldNotes)];
    let middle = proptest::collection::vec((bank_like(), hop_kind()), 0..=2);
    let end = prop_oneof![6 => Just(true), 1 => Just(false)];
    (amount(), start, middle, end, hop_kind()).prop_map(
        move |(amount, start, middle, end, kind)| {
            let mut hops: Vec<HopOp> = middle
                .into_iter()
                .map(|(to, kind)| HopOp { to, kind })
                .collect();
            if end && to.0 < PERSON_BANKS {
                hops.push(HopOp {
                    to: Acct::B(to.0),
                    kind,
                });
            }
            RouteOp {
                amount,
                start,
                hops,
            }
        },
    )
}

/// A route along the genesis trust cycle `B0 -> B1 -> B2 -> B0` (each bank may issue to the
/// next), from the payer's bank (or, for the stranger `p3`, from its `B0` budget) to `to`'s
/// bank: the kind of route that clears, unless earlier steps used up its room. Now and then
/// a hop returns notes instead of issuing them.
fn cycle_route(payer: P, to: P) -> impl Strategy<Value = RouteOp> {
    let held = prop_oneof![4 => Just(false), 1 => Just(true)];
    let kinds = proptest::collection::vec(
        prop_oneof![4 => Just(HopKind::Issue), 1 => Just(HopKind::Return)],
        3,
    );
    (1u128..=25, held, kinds).prop_map(move |(amount, held, kinds)| {
        let (start, first) = if payer.0 >= PERSON_BANKS || held {
            let issuer = if payer.0 == 0 { 1 } else { 0 };
            (StartOp::HeldNotes(Acct::B(issuer)), issuer)
        } else {
            (StartOp::OwnBank, payer.0)
        };
        let target = to.0 % PERSON_BANKS;
        let mut hops = Vec::new();
        let mut at = first;
        while at != target && hops.len() < 3 {
            at = next_bank(at);
            hops.push(HopOp {
                to: Acct::B(at),
                kind: kinds[hops.len()],
            });
        }
        RouteOp {
            amount,
            start,
            hops,
        }
    })
}

fn pay() -> impl Strategy<Value = Op> {
    let bound = prop_oneof![10 => Just(Bound::Open), 1 => Just(Bound::SpendBelowTotal), 1 => Just(Bound::DeliverAboveTotal)];
    (person(), person(), any::<bool>(), bound)
        .prop_flat_map(|(who, to, next, bound)| {
            // mostly someone else with a bank: the next person round the cycle
            let to = if next { P(next_bank(who.0)) } else { to };
            let route = prop_oneof![3 => cycle_route(who, to), 1 => random_route(to)];
            let routes = prop_oneof![
                8 => proptest::collection::vec(route, 1..=2),
                1 => Just(Vec::new()),
            ];
            (Just(who), Just(to), routes, Just(bound))
        })
        .prop_map(|(who, to, routes, bound)| Op::Pay {
            who,
            to,
            routes,
            bound,
        })
}

/// Who receives notes of a bank: the holder with room on its line at genesis (the next bank
/// round the cycle, or the person with a line), or any account.
#[derive(Clone, Copy, Debug)]
enum Pick {
    NextBank,
    LinedPerson,
    Any(Acct),
}

impl Pick {
    fn pick(self, b: B) -> Acct {
        match self {
            // the pool's bank trusts `B0` at genesis, and its members have lines
            Pick::NextBank if pool_of_bank(b.0).is_some() => Acct::B(0),
            Pick::LinedPerson if pool_of_bank(b.0).is_some() => Acct::P(0),
            Pick::NextBank => Acct::B(next_bank(b.0)),
            Pick::LinedPerson if b.0 == 0 => Acct::P(3),
            Pick::LinedPerson => Acct::P(0),
            Pick::Any(a) => a,
        }
    }
}

fn holder() -> impl Strategy<Value = Pick> {
    prop_oneof![
        2 => Just(Pick::NextBank),
        1 => Just(Pick::LinedPerson),
        1 => account().prop_map(Pick::Any),
    ]
}

/// A person and a bank whose notes it may hold (`p3` holds a `B0` budget, `p0` may hold
/// `B1` notes), or now and then anyone and any bank.
fn noteholder() -> impl Strategy<Value = (P, B)> {
    prop_oneof![
        2 => Just((P(3), B(0))),
        1 => Just((P(0), B(1))),
        2 => (pool_member(), (0..POOLS).prop_map(|g| B(pool_bank(g)))),
        1 => (person(), bank()),
    ]
}

/// A bank and, mostly, its owner (for owner-only messages); now and then anyone. A pool's
/// bank (owned by the pool: every owner-only call of a person fails) now and then.
fn owned() -> impl Strategy<Value = (P, B)> {
    (
        prop_oneof![6 => (0..PERSON_BANKS).prop_map(B), 1 => (PERSON_BANKS..BANKS).prop_map(B)],
        prop_oneof![4 => Just(None), 1 => person().prop_map(Some)],
    )
        .prop_map(|(b, other)| (other.unwrap_or(P(b.0 % PEOPLE)), b))
}

/// Mostly one of the pool's genesis members; now and then the non-member `p2`.
fn pool_member() -> impl Strategy<Value = P> {
    prop_oneof![
        6 => proptest::sample::select(POOL_MEMBERS.to_vec()).prop_map(P),
        1 => Just(P(2)),
    ]
}

/// Whom a pool message names: mostly a person (a genesis member, or `p2`); now and then any
/// account.
fn pool_target() -> impl Strategy<Value = Acct> {
    prop_oneof![6 => pool_member().prop_map(Acct::from), 1 => account()]
}

fn pool() -> impl Strategy<Value = G> {
    (0..POOLS).prop_map(G)
}

fn kind() -> impl Strategy<Value = KindOp> {
    // Withdrawals pay people or banks (a bank's reserve is its balance), now and then the
    // router (which keeps it) or the pool itself (refused).
    let to = prop_oneof![
        4 => (0..PEOPLE).prop_map(Acct::P),
        2 => (0..BANKS).prop_map(Acct::B),
        1 => Just(Acct::Router),
        1 => (0..POOLS).prop_map(Acct::Pool),
    ];
    prop_oneof![
        3 => (pool_target(), amount()).prop_map(|(member, amount)| KindOp::ReUp { member, amount }),
        2 => (pool_target(), amount()).prop_map(|(member, amount)| KindOp::Revoke { member, amount }),
        1 => prop_oneof![3 => Just(Acct::P(2)), 1 => pool_target()].prop_map(KindOp::Add),
        1 => pool_target().prop_map(KindOp::Remove),
        1 => (0u32..=4).prop_map(KindOp::Threshold),
        1 => (to, amount()).prop_map(|(to, amount)| KindOp::Withdraw { to, amount }),
        1 => (bank_like(), amount()).prop_map(|(holder, limit)| KindOp::Trust { holder, limit }),
        1 => (prop_oneof![4 => Just(Acct::Router), 1 => account()], prop_oneof![3 => Just(true), 1 => Just(false)]).prop_map(|(router, allowed)| KindOp::SetRouter { router, allowed }),
        1 => Just(KindOp::Close),
    ]
}

/// A payment from a pool member's notes of the pool's bank, which the pool's bank issues
/// on to `B0` (trusted at genesis) and round the cycle to the payee's bank.
fn pool_pay() -> impl Strategy<Value = Op> {
    let payer = prop_oneof![2 => Just(P(3)), 1 => Just(P(1)), 1 => pool_member()];
    let to = prop_oneof![4 => Just(P(0)), 1 => person()];
    (payer, to, pool(), 1u128..=15).prop_map(|(who, to, g, amount)| {
        let mut hops = vec![HopOp {
            to: Acct::B(0),
            kind: HopKind::Issue,
        }];
        let mut at = 0;
        while at != to.0 % PERSON_BANKS && hops.len() < 3 {
            at = next_bank(at);
            hops.push(HopOp {
                to: Acct::B(at),
                kind: HopKind::Issue,
            });
        }
        Op::Pay {
            who,
            to,
            routes: vec![RouteOp {
                amount,
                start: StartOp::HeldNotes(Acct::B(pool_bank(g.0))),
                hops,
            }],
            bound: Bound::Open,
        }
    })
}

/// A proposal id: mostly one the history is likely to have made (the genesis made
/// [`GENESIS_PROPOSALS`], all executed; a history makes about two), now and then an
/// executed or an unknown one.
fn proposal_id() -> impl Strategy<Value = u32> {
    const G: u32 = GENESIS_PROPOSALS;
    prop_oneof![
        6 => Just(G),
        3 => Just(G + 1),
        1 => Just(G + 2),
        1 => 0..G,
        1 => G + 3..=G + 9,
    ]
}

/// The pool's messages and the chain moving on: about a quarter of all operations (16 of
/// the 56 that [`op`] weighs).
fn pool_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (pool_member(), pool(), amount()).prop_map(|(who, pool, amount)| Op::Contribute { who, pool, amount }),
        2 => (pool_member(), pool(), pool_target(), amount()).prop_map(|(who, pool, member, amount)| Op::Allow { who, pool, member, amount }),
        5 => (pool_member(), pool(), kind()).prop_map(|(who, pool, kind)| Op::Propose { who, pool, kind }),
        3 => (pool_member(), pool(), prop_oneof![3 => Just(0u32), 1 => Just(1u32)]).prop_map(|(who, pool, back)| Op::VoteLatest { who, pool, back }),
        1 => (pool_member(), pool(), proposal_id()).prop_map(|(who, pool, id)| Op::Vote { who, pool, id }),
        1 => (pool_member(), pool(), pool_target()).prop_map(|(who, pool, to)| Op::Claim { who, pool, to }),
        1 => (pool_member(), pool(), amount()).prop_map(|(who, pool, amount)| Op::GiveBack { who, pool, amount }),
        // a third of them past a proposal's lifetime
        1 => (1u32..=POOL_TTL + 2).prop_map(|blocks| Op::Advance { blocks }),
    ]
}

/// Any operation, weighted towards the ones that move notes.
pub fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (person(), bank(), amount()).prop_map(|(who, bank, amount)| Op::Deposit { who, bank, amount }),
        1 => (owned(), amount()).prop_map(|((who, bank), amount)| Op::Withdraw { who, bank, amount }),
        3 => (owned(), account(), amount()).prop_map(|((who, bank), holder, limit)| Op::SetLimit { who, bank, holder, limit }),
        2 => (person(), bank(), amount()).prop_map(|(who, bank, amount)| Op::SetWilling { who, bank, amount }),
        3 => (owned(), holder(), amount()).prop_map(|((who, bank), holder, amount)| Op::Grant { who, bank, holder: holder.pick(bank), amount }),
        1 => (owned(), holder(), amount()).prop_map(|((who, bank), holder, amount)| Op::Revoke { who, bank, holder: holder.pick(bank), amount }),
        3 => (noteholder(), amount()).prop_map(|((who, bank), amount)| Op::Redeem { who, bank, amount }),
        1 => (noteholder(), amount()).prop_map(|((who, bank), max)| Op::RedeemPartial { who, bank, max }),
        3 => (owned(), any::<bool>(), bank_like(), amount()).prop_map(|((who, bank), upstream, issuer, amount)| { let issuer = if upstream { Acct::B(prev_bank(bank.0)) } else { issuer }; Op::Collect { who, bank, issuer, amount } }),
        2 => (owned(), bank_like(), amount()).prop_map(|((who, bank), issuer, amount)| Op::Trust { who, bank, issuer, amount }),
        1 => (owned(), prop_oneof![3 => Just(true), 1 => Just(false)]).prop_map(|((who, bank), allowed)| Op::SetRouter { who, bank, allowed }),
        3 => (noteholder(), holder(), amount()).prop_map(|((who, bank), to, amount)| Op::Transfer { who, bank, to: to.pick(bank), amount }),
        2 => (person(), bank(), account(), account(), amount()).prop_map(|(who, bank, from, to, amount)| Op::TransferFrom { who, bank, from, to, amount }),
        2 => (person(), bank(), account(), amount()).prop_map(|(who, bank, spender, amount)| Op::Approve { who, bank, spender, amount }),
        1 => (person(), account()).prop_map(|(who, bank)| Op::Register { who, bank }),
        8 => pay(),
        2 => pool_pay(),
        15 => pool_op(),
    ]
}

/// Histories of `len` operations that shrink by dropping whole operations first (down to
/// none, whatever `len` says), then by simplifying the ones left, so that a failure shrinks
/// to the few steps that matter.
pub fn histories(len: std::ops::RangeInclusive<usize>) -> HistoryStrategy {
    HistoryStrategy { len }
}

#[derive(Debug)]
pub struct HistoryStrategy {
    len: std::ops::RangeInclusive<usize>,
}

/// What the last simplification did, so that `complicate` can undo it.
#[derive(Clone, Copy, Debug)]
enum Shrink {
    Drop(usize),
    Simplify(usize),
}

pub struct HistoryTree {
    ops: Vec<Box<dyn ValueTree<Value = Op>>>,
    kept: Vec<bool>,
    /// Where the next simplification starts.
    next: Shrink,
    last: Option<Shrink>,
}

impl Strategy for HistoryStrategy {
    type Tree = HistoryTree;
    type Value = Vec<Op>;

    fn new_tree(&self, runner: &mut TestRunner) -> NewTree<Self> {
        let len = self.len.clone().new_tree(runner)?.current();
        let strategy = op().boxed();
        let ops = (0..len)
            .map(|_| {
                strategy
                    .new_tree(runner)
                    .map(|t| Box::new(t) as Box<dyn ValueTree<Value = Op>>)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(HistoryTree {
            kept: vec![true; len],
            ops,
            next: Shrink::Drop(0),
            last: None,
        })
    }
}

impl ValueTree for HistoryTree {
    type Value = Vec<Op>;

    fn current(&self) -> Vec<Op> {
        self.ops
            .iter()
            .zip(&self.kept)
            .filter(|(_, k)| **k)
            .map(|(t, _)| t.current())
            .collect()
    }

    fn simplify(&mut self) -> bool {
        if let Shrink::Drop(from) = self.next {
            if let Some(i) = (from..self.ops.len()).find(|&i| self.kept[i]) {
                self.kept[i] = false;
                self.last = Some(Shrink::Drop(i));
                self.next = Shrink::Drop(i.checked_add(1).expect("i < self.ops.len()"));
                return true;
            }
            self.next = Shrink::Simplify(0);
        }
        if let Shrink::Simplify(from) = self.next {
            for i in from..self.ops.len() {
                if self.kept[i] && self.ops[i].simplify() {
                    self.last = Some(Shrink::Simplify(i));
                    self.next = Shrink::Simplify(i);
                    return true;
                }
            }
            self.next = Shrink::Simplify(self.ops.len());
        }
        false
    }

    fn complicate(&mut self) -> bool {
        match self.last.take() {
            Some(Shrink::Drop(i)) => {
                self.kept[i] = true;
                true
            }
            Some(Shrink::Simplify(i)) if self.ops[i].complicate() => {
                self.last = Some(Shrink::Simplify(i));
                true
            }
            Some(Shrink::Simplify(_)) | None => false,
        }
    }
}
