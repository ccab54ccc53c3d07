//! What a plan costs the router to execute, and a plan cut into calls that fit a call's gas.
//!
//! The router executes a payment as one contract call and calls **each paying bank once**:
//! all legs of all routes that leave one bank go to that bank in one batch, netted per
//! (next node, kind). So a plan's cost grows with the number of distinct paying banks, the
//! distinct legs, the `Return` legs among them (each makes the bank call the next bank's
//! PSP22 transfer: one more code load) and the routes (each is decoded and validated), not
//! with the number of hops as such. [`CostModel`] prices these; [`estimate`] applies it to a
//! plan, [`fit`] keeps the routes that fit one call, and [`split`] cuts a plan into calls.
//!
//! Any subset of an executable plan is executable (per edge the amounts only go down), and
//! after one part is paid the others still are: so the parts [`split`] gives can be paid one
//! after another, as separate calls.
//!
//! ```
//! use vouch_pathfinder::cost::{estimate, fit, CostModel};
//! use vouch_pathfinder::{EdgeKind, Plan, Route};
//!
//! // 0 -> 1 -> 9 twice over (one leg each way once netted), and 0 -> 2 -> 9.
//! let route = |via, amount| Route { hops: vec![(via, EdgeKind::Issue), (9, EdgeKind::Issue)], amount };
//! let plan = Plan { deliverable: 9, routes: vec![route(1, 5), route(1, 3), route(2, 1)] };
//! let model = CostModel::default();
//! let w = estimate(&plan, 0, &model);
//! // 3 paying banks (0, 1, 2), 4 distinct legs, no returns, 3 routes.
//! let expected = model.base
//!     .saturating_add(model.per_bank.saturating_scale(3))
//!     .saturating_add(model.per_leg.saturating_scale(4))
//!     .saturating_add(model.per_route.saturating_scale(3));
//! assert_eq!(w, expected);
//! let (one_call, rest) = fit(plan, 0, &model);
//! assert_eq!((one_call.deliverable, rest.deliverable), (9, 0));
//! ```

use crate::{Amount, EdgeKind, NodeId, Plan, Route};
use std::collections::HashSet;

/// An amount of execution weight: `ref_time` (picoseconds of computation) and `proof_size`
/// (bytes of storage proof), as the chain meters a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub struct Weight {
    pub ref_time: u64,
    pub proof_size: u64,
}

impl Weight {
    /// Nothing.
    pub const ZERO: Weight = Weight::new(0, 0);

    pub const fn new(ref_time: u64, proof_size: u64) -> Self {
        Self {
            ref_time,
            proof_size,
        }
    }

    /// Both parts added, each saturating at `u64::MAX`.
    #[must_use]
    pub const fn saturating_add(self, other: Weight) -> Weight {
        Weight::new(
            self.ref_time.saturating_add(other.ref_time),
            self.proof_size.saturating_add(other.proof_size),
        )
    }

    /// `n` times this weight, each part saturating at `u64::MAX`.
    #[must_use]
    pub const fn saturating_scale(self, n: u64) -> Weight {
        Weight::new(
            self.ref_time.saturating_mul(n),
            self.proof_size.saturating_mul(n),
        )
    }

    /// `percent` % of this weight, rounded down (saturating at `u64::MAX` above 100 %).
    #[must_use]
    pub const fn percent(self, percent: u64) -> Weight {
        /// `x * p / 100` without overflowing in between: `x = 100 q + r`.
        const fn part(x: u64, p: u64) -> u64 {
            (x / 100)
                .saturating_mul(p)
                .saturating_add((x % 100).saturating_mul(p) / 100)
        }
        Weight::new(part(self.ref_time, percent), part(self.proof_size, percent))
    }

    /// Whether neither part exceeds `limit`'s.
    pub const fn fits_in(self, limit: Weight) -> bool {
        self.ref_time <= limit.ref_time && self.proof_size <= limit.proof_size
    }
}

// The default figures, fitted to `scripts/bench`'s measurements of 2026-12-06
// (docs/benchmarks.md, "Lean hops"); update them from there whenever the router or the trust
// bank changes what a payment costs. Fitted so that a row of distinct banks costs what the
// bench measures, slightly high (one bank and one leg per hop: 1.37e9 ref_time, 19,307
// proof measured; 1.42e9, 20,500 here), and the demo's payment between strangers (8 routes,
// 25 hops, 8 paying banks, 15 netted legs: 1.51e10, 264,465 measured) within 2 % (1.49e10,
// 265,100); the headroom covers the rest.

/// Fixed cost of one router call (`pay_along`: loading the router, reading the payer's
/// registration and the receiver's bank, the `Paid` event): a one-hop payment less one hop.
pub const BASE: Weight = Weight::new(1_700_000_000, 40_000);
/// Cost of each distinct bank the router calls: the call and loading the bank's 12 KB code.
pub const PER_BANK: Weight = Weight::new(1_220_000_000, 12_000);
/// Cost of each leg after netting: its validation by the router (the bank's code hash),
/// the line read and written, the supply, and its entry in the router's `Paid` event (a
/// routed leg emits no `Transfer`).
pub const PER_LEG: Weight = Weight::new(200_000_000, 8_500);
/// Extra cost of a `Return` leg: the bank hands such a call to its library (35 KB more
/// code) and calls the next bank's PSP22 transfer (one more call and code load).
pub const PER_RETURN: Weight = Weight::new(2_300_000_000, 52_000);
/// Cost of each route (decoding and validating it).
pub const PER_ROUTE: Weight = Weight::new(50_000_000, 200);
/// What one call may use: the gas limit of a call in the sandbox (1e11 ref_time) and the
/// proof size it allows. From `scripts/bench` (docs/benchmarks.md); update it from there.
pub const CALL_LIMIT: Weight = Weight::new(100_000_000_000, 3_500_000);
/// The share of [`CALL_LIMIT`] the planner leaves unused, against estimates that come out
/// low (a line that needs a new storage item, a longer allowlist, ...).
pub const HEADROOM_PERCENT: u64 = 10;
/// What the planner lets one call cost: [`CALL_LIMIT`] less [`HEADROOM_PERCENT`].
pub const BUDGET: Weight = CALL_LIMIT.percent(100 - HEADROOM_PERCENT);

/// What a payment costs when the router calls each paying bank once; see the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct CostModel {
    /// Fixed cost of one router call.
    pub base: Weight,
    /// Each distinct paying bank.
    pub per_bank: Weight,
    /// Each leg, after netting per (payer, next, kind).
    pub per_leg: Weight,
    /// Each `Return` leg on top of `per_leg`.
    pub per_return: Weight,
    /// Each route.
    pub per_route: Weight,
    /// What one call may cost (the call's limit less the headroom).
    pub budget: Weight,
}

impl CostModel {
    /// The default figures: [`BASE`], [`PER_BANK`], [`PER_LEG`], [`PER_RETURN`],
    /// [`PER_ROUTE`] and [`BUDGET`].
    pub const DEFAULT: CostModel = CostModel {
        base: BASE,
        per_bank: PER_BANK,
        per_leg: PER_LEG,
        per_return: PER_RETURN,
        per_route: PER_ROUTE,
        budget: BUDGET,
    };

    /// What a call of this shape costs: nothing for no routes (no call is made).
    pub fn cost(&self, shape: Shape) -> Weight {
        if shape.routes == 0 {
            return Weight::ZERO;
        }
        let n = |count: usize| u64::try_from(count).unwrap_or(u64::MAX);
        self.base
            .saturating_add(self.per_bank.saturating_scale(n(shape.banks)))
            .saturating_add(self.per_leg.saturating_scale(n(shape.legs)))
            .saturating_add(self.per_return.saturating_scale(n(shape.returns)))
            .saturating_add(self.per_route.saturating_scale(n(shape.routes)))
    }

    /// Whether `weight` is within the budget.
    pub fn within_budget(&self, weight: Weight) -> bool {
        weight.fits_in(self.budget)
    }
}

impl Default for CostModel {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// What a plan asks of the batched router: the counts [`CostModel`] prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Shape {
    /// Distinct paying nodes: the source and every node that pays a next hop.
    pub banks: usize,
    /// Distinct legs: hops netted per (payer, next, kind) across routes.
    pub legs: usize,
    /// The `Return` legs among `legs`.
    pub returns: usize,
    /// Routes.
    pub routes: usize,
}

/// The shape of `plan` paid from `source`.
pub fn shape(plan: &Plan, source: NodeId) -> Shape {
    let mut tally = Tally::new(source);
    for r in &plan.routes {
        tally.add(r);
    }
    tally.shape
}

/// What `plan`, paid from `source`, costs under `model`: see [`CostModel::cost`].
pub fn estimate(plan: &Plan, source: NodeId, model: &CostModel) -> Weight {
    model.cost(shape(plan, source))
}

/// Splits `plan` into the routes one call can carry within `model.budget` and the rest.
/// Routes are taken greedily in the plan's order; a route that would take the call over the
/// budget goes to the rest and the next ones are still tried. Both keep the plan's order, and
/// the `deliverable` of each is the sum of its routes' amounts.
pub fn fit(plan: Plan, source: NodeId, model: &CostModel) -> (Plan, Plan) {
    let mut tally = Tally::new(source);
    let (mut taken, mut rest) = (Vec::new(), Vec::new());
    for r in plan.routes {
        if model.within_budget(model.cost(tally.with(&r))) {
            tally.add(&r);
            taken.push(r);
        } else {
            rest.push(r);
        }
    }
    (plan_of(taken), plan_of(rest))
}

/// A plan cut into calls by [`split`].
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Split {
    /// The calls, in order, each within the budget; the first is what [`fit`] keeps.
    pub calls: Vec<Plan>,
    /// Routes that alone cost more than the budget: no call can carry them (fewer hops, or
    /// hops through banks the plan already pays, would). Empty unless the budget is tight.
    pub over_budget: Plan,
}

impl Split {
    /// What the calls deliver together (the over-budget routes not included).
    pub fn deliverable(&self) -> Amount {
        self.calls
            .iter()
            .fold(0, |sum: Amount, p| sum.saturating_add(p.deliverable))
    }
}

/// Cuts `plan` into as few calls as greedy [`fit`]ting gives: the first call is `fit`'s,
/// the next is `fit` of the rest, and so on. Routes that do not fit a call even alone are
/// set apart in [`Split::over_budget`] (the calls and they carry exactly the plan's routes).
pub fn split(plan: Plan, source: NodeId, model: &CostModel) -> Split {
    let (mut rest, mut over) = (Vec::new(), Vec::new());
    for r in plan.routes {
        if model.within_budget(model.cost(Tally::new(source).with(&r))) {
            rest.push(r);
        } else {
            over.push(r);
        }
    }
    let mut rest = plan_of(rest);
    let mut calls = Vec::new();
    // Every route left fits alone, so each call takes at least one: this ends.
    while !rest.routes.is_empty() {
        let (call, left) = fit(rest, source, model);
        calls.push(call);
        rest = left;
    }
    Split {
        calls,
        over_budget: plan_of(over),
    }
}

/// A plan of these routes, `deliverable` their sum.
fn plan_of(routes: Vec<Route>) -> Plan {
    Plan {
        deliverable: routes
            .iter()
            .fold(0, |sum: Amount, r| sum.saturating_add(r.amount)),
        routes,
    }
}

/// Each hop of `r`, paid from `source`, as (payer, next, kind).
fn legs_of(source: NodeId, r: &Route) -> impl Iterator<Item = (NodeId, NodeId, EdgeKind)> + '_ {
    let payers = std::iter::once(source).chain(r.hops.iter().map(|&(n, _)| n));
    payers.zip(&r.hops).map(|(p, &(n, k))| (p, n, k))
}

/// The paying nodes and netted legs of the routes counted so far.
struct Tally {
    source: NodeId,
    payers: HashSet<NodeId>,
    legs: HashSet<(NodeId, NodeId, EdgeKind)>,
    shape: Shape,
}

impl Tally {
    fn new(source: NodeId) -> Self {
        Self {
            source,
            payers: HashSet::new(),
            legs: HashSet::new(),
            shape: Shape::default(),
        }
    }

    /// The shape with `r` added, the tally unchanged.
    fn with(&self, r: &Route) -> Shape {
        let mut shape = self.shape;
        shape.routes = shape.routes.saturating_add(1);
        if self.payers.is_empty() {
            // The source is the first payer of any plan.
            shape.banks = shape.banks.saturating_add(1);
        }
        // New within `r` too: a hop may repeat another of the same route (not in a plan the
        // pathfinder makes, but the count stays right).
        let mut payers: Vec<NodeId> = Vec::new();
        let mut legs: Vec<(NodeId, NodeId, EdgeKind)> = Vec::new();
        for leg in legs_of(self.source, r) {
            let (p, _, k) = leg;
            if p != self.source && !self.payers.contains(&p) && !payers.contains(&p) {
                payers.push(p);
                shape.banks = shape.banks.saturating_add(1);
            }
            if !self.legs.contains(&leg) && !legs.contains(&leg) {
                legs.push(leg);
                shape.legs = shape.legs.saturating_add(1);
                if k == EdgeKind::Return {
                    shape.returns = shape.returns.saturating_add(1);
                }
            }
        }
        shape
    }

    fn add(&mut self, r: &Route) {
        self.shape = self.with(r);
        self.payers.insert(self.source);
        for leg in legs_of(self.source, r) {
            self.payers.insert(leg.0);
            self.legs.insert(leg);
        }
    }
}

#[cfg(test)]
// Small counts and node ids: no sum here can overflow.
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use EdgeKind::{Issue, Return};

    fn route(hops: &[(NodeId, EdgeKind)], amount: Amount) -> Route {
        Route {
            hops: hops.to_vec(),
            amount,
        }
    }

    /// A model where every item costs something different in each part, so counts show.
    fn model(budget: Weight) -> CostModel {
        CostModel {
            base: Weight::new(1_000, 1),
            per_bank: Weight::new(100, 10),
            per_leg: Weight::new(10, 100),
            per_return: Weight::new(1, 1_000),
            per_route: Weight::new(10_000, 10_000),
            budget,
        }
    }

    #[test]
    fn weights_add_scale_and_take_a_percentage_saturating() {
        let w = Weight::new(7, 9);
        assert_eq!(w.saturating_add(Weight::new(1, 2)), Weight::new(8, 11));
        assert_eq!(w.saturating_scale(3), Weight::new(21, 27));
        assert_eq!(
            Weight::new(u64::MAX, 1).saturating_add(w),
            Weight::new(u64::MAX, 10)
        );
        assert_eq!(w.saturating_scale(u64::MAX).ref_time, u64::MAX);
        assert_eq!(Weight::new(1_000, 199).percent(90), Weight::new(900, 179));
        assert_eq!(Weight::new(u64::MAX, 0).percent(100).ref_time, u64::MAX);
        assert!(w.fits_in(w) && !w.fits_in(Weight::new(7, 8)) && !w.fits_in(Weight::new(6, 9)));
    }

    #[test]
    fn the_budget_leaves_ten_percent_of_a_call() {
        assert_eq!(BUDGET, Weight::new(90_000_000_000, 3_150_000));
        assert_eq!(CostModel::default().budget, BUDGET);
        assert_eq!(CostModel::default(), CostModel::DEFAULT);
    }

    #[test]
    fn an_empty_plan_costs_nothing() {
        let m = CostModel::default();
        assert_eq!(shape(&Plan::default(), 0), Shape::default());
        assert_eq!(estimate(&Plan::default(), 0, &m), Weight::ZERO);
    }

    #[test]
    fn a_plan_is_priced_by_banks_netted_legs_returns_and_routes() {
        // 0 -> 1 -> 2 -> 9 (the last a Return), 0 -> 1 -> 3 -> 9, 0 -> 4 -> 9.
        let plan = Plan {
            deliverable: 6,
            routes: vec![
                route(&[(1, Issue), (2, Issue), (9, Return)], 1),
                route(&[(1, Issue), (3, Issue), (9, Issue)], 2),
                route(&[(4, Return), (9, Issue)], 3),
            ],
        };
        let s = shape(&plan, 0);
        // Payers 0, 1, 2, 3, 4; legs 0-1, 1-2, 2-9R, 1-3, 3-9, 0-4R, 4-9 (0-1 once).
        assert_eq!(
            s,
            Shape {
                banks: 5,
                legs: 7,
                returns: 2,
                routes: 3
            }
        );
        let m = model(Weight::new(u64::MAX, u64::MAX));
        assert_eq!(
            estimate(&plan, 0, &m),
            Weight::new(1_000 + 500 + 70 + 2 + 30_000, 1 + 50 + 700 + 2_000 + 30_000)
        );
    }

    #[test]
    fn legs_are_netted_per_payer_next_and_kind() {
        let issue = route(&[(1, Issue), (2, Issue)], 1);
        let twice = Plan {
            deliverable: 2,
            routes: vec![issue.clone(), issue.clone()],
        };
        assert_eq!(
            shape(&twice, 0),
            Shape {
                banks: 2,
                legs: 2,
                returns: 0,
                routes: 2
            }
        );
        // The same pair by the other kind is another leg (and a return).
        let other = Plan {
            deliverable: 2,
            routes: vec![issue, route(&[(1, Return), (2, Issue)], 1)],
        };
        assert_eq!(
            shape(&other, 0),
            Shape {
                banks: 2,
                legs: 3,
                returns: 1,
                routes: 2
            }
        );
    }

    #[test]
    fn fit_skips_a_route_that_does_not_fit_and_tries_the_next() {
        // One route of 3 hops through new banks costs 1_000 + 3 * 100 + 3 * 10 + 10_000.
        let m = model(Weight::new(11_400, u64::MAX));
        let plan = Plan {
            deliverable: 7,
            routes: vec![
                route(&[(1, Issue), (9, Issue)], 1), // 2 banks, 2 legs: 11_220
                route(&[(2, Issue), (3, Issue), (9, Issue)], 2), // +2 banks, 3 legs: over
                route(&[(1, Issue), (9, Issue)], 4), // nothing new but a route: over
            ],
        };
        let (one, rest) = fit(plan.clone(), 0, &m);
        assert_eq!(one.routes, vec![plan.routes[0].clone()]);
        assert_eq!((one.deliverable, rest.deliverable), (1, 6));

        // With room for a second route the third (sharing everything) is taken, the
        // second skipped.
        let m = model(Weight::new(21_300, u64::MAX));
        let (one, rest) = fit(plan.clone(), 0, &m);
        assert_eq!(
            one.routes,
            vec![plan.routes[0].clone(), plan.routes[2].clone()]
        );
        assert_eq!(rest.routes, vec![plan.routes[1].clone()]);
        assert_eq!((one.deliverable, rest.deliverable), (5, 2));
    }

    #[test]
    fn split_cuts_a_plan_into_calls_and_sets_apart_what_no_call_carries() {
        let m = model(Weight::new(11_400, u64::MAX));
        let long = route(&[(5, Issue), (6, Issue), (7, Issue), (9, Issue)], 8);
        let plan = Plan {
            deliverable: 15,
            routes: vec![
                route(&[(1, Issue), (9, Issue)], 1),
                long.clone(),
                route(&[(2, Issue), (9, Issue)], 2),
                route(&[(3, Issue), (9, Issue)], 4),
            ],
        };
        let s = split(plan.clone(), 0, &m);
        assert_eq!(s.calls.len(), 3);
        assert!(s
            .calls
            .iter()
            .all(|c| c.routes.len() == 1 && m.within_budget(estimate(c, 0, &m))));
        assert_eq!(s.over_budget.routes, vec![long]);
        assert_eq!((s.deliverable(), s.over_budget.deliverable), (7, 8));
        assert_eq!(s.calls[0], fit(plan, 0, &m).0);

        // A plan within the budget is one call.
        let m = CostModel::default();
        let plan = Plan {
            deliverable: 3,
            routes: vec![
                route(&[(1, Issue), (9, Issue)], 1),
                route(&[(9, Return)], 2),
            ],
        };
        let s = split(plan.clone(), 0, &m);
        assert_eq!(s.calls, vec![plan]);
        assert!(s.over_budget.routes.is_empty());
        assert!(split(Plan::default(), 0, &m).calls.is_empty());
    }

    #[test]
    fn a_route_at_the_routers_hop_cap_fits_a_call_but_the_full_caps_do_not() {
        let m = CostModel::default();
        let max_hops = vouch_traits::router::MAX_HOPS;
        let max_routes = vouch_traits::router::MAX_ROUTES;
        // One route of the most hops, every leg a return: the dearest single route.
        let dearest = |first: NodeId| Route {
            hops: (first..first + max_hops - 1)
                .map(|n| (n, Return))
                .chain([(0, Return)])
                .collect(),
            amount: 1,
        };
        let one = Plan {
            deliverable: 1,
            routes: vec![dearest(1_000)],
        };
        assert!(m.within_budget(estimate(&one, u32::MAX, &m)));
        // The router's caps through distinct banks are more than one call.
        let all = Plan {
            deliverable: Amount::from(max_routes),
            routes: (0..max_routes).map(|i| dearest(1 + i * max_hops)).collect(),
        };
        assert!(!m.within_budget(estimate(&all, u32::MAX, &m)));
        assert!(split(all, u32::MAX, &m).calls.len() > 1);
    }
}
