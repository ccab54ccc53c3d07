//! The operations of a history, the accounts they name, and the strategies that generate
//! them. Everything prints short (`p0`, `B1`, `R`) so that a shrunk history reads at a glance.

use proptest::prelude::*;
use proptest::strategy::{NewTree, ValueTree};
use proptest::test_runner::TestRunner;
use std::fmt;

/// People: `p0`..`p2` each own bank `B0`..`B2`; `p3` owns no bank (a stranger).
pub const PEOPLE: u8 = 4;
/// Trust banks in every history.
pub const BANKS: u8 = 3;

/// The bank after `i` round the cycle `B0 -> B1 -> B2 -> B0` (`i` a bank or person index).
fn next_bank(i: u8) -> u8 {
    i.checked_add(1).expect("an index below PEOPLE (4)") % BANKS
}

/// The bank before bank `i` round the cycle.
fn prev_bank(i: u8) -> u8 {
    i.checked_add(BANKS - 1)
        .expect("a bank index, below BANKS (3)")
        % BANKS
}

/// A person (an account that signs calls).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct P(pub u8);

/// One of the history's trust banks.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct B(pub u8);

/// Any account an operation may name: a person, a bank, or the router.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Acct {
    P(u8),
    B(u8),
    Router,
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

impl fmt::Debug for Acct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Acct::P(i) => write!(f, "p{i}"),
            Acct::B(i) => write!(f, "B{i}"),
            Acct::Router => write!(f, "R"),
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
}

impl Op {
    /// The account that signs the call.
    pub fn caller(&self) -> P {
        match self {
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
            | Op::Pay { who, .. } => *who,
        }
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
                // an own-bank start is the payer's registered bank, whichever it is now
                for i in 0..BANKS {
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
        )
    }
}

fn person() -> impl Strategy<Value = P> {
    prop_oneof![4 => 0..BANKS, 1 => Just(PEOPLE - 1)].prop_map(P)
}

fn bank() -> impl Strategy<Value = B> {
    (0..BANKS).prop_map(B)
}

/// Mostly people and banks; now and then the router.
fn account() -> impl Strategy<Value = Acct> {
    prop_oneof![
        4 => (0..PEOPLE).prop_map(Acct::P),
        4 => (0..BANKS).prop_map(Acct::B),
        1 => Just(Acct::Router),
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
            if end && to.0 < BANKS {
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
        let (start, first) = if payer.0 >= BANKS || held {
            let issuer = if payer.0 == 0 { 1 } else { 0 };
            (StartOp::HeldNotes(Acct::B(issuer)), issuer)
        } else {
            (StartOp::OwnBank, payer.0)
        };
        let target = to.0 % BANKS;
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
        1 => (person(), bank()),
    ]
}

/// A bank and, mostly, its owner (for owner-only messages); now and then anyone.
fn owned() -> impl Strategy<Value = (P, B)> {
    (
        bank(),
        prop_oneof![4 => Just(None), 1 => person().prop_map(Some)],
    )
        .prop_map(|(b, other)| (other.unwrap_or(P(b.0)), b))
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
