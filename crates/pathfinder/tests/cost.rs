//! Property tests of the cost model: every call `split` makes is within the budget, the calls
//! carry exactly the plan, `estimate` never drops when a route is added, and routes that share
//! banks cost less than as many hops through banks of their own.

// Plans here have at most 24 routes of at most 13 hops, amounts below 1,000 and prices below
// 2,000: no sum, count or id below can overflow.
#![allow(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]

use proptest::prelude::*;
use vouch_pathfinder::cost::{estimate, fit, shape, split, CostModel, Split};
use vouch_pathfinder::{Amount, EdgeKind, NodeId, Plan, Route, Weight};

const SOURCE: NodeId = 0;
const TARGET: NodeId = 1;

fn kind() -> impl Strategy<Value = EdgeKind> {
    prop_oneof![Just(EdgeKind::Issue), Just(EdgeKind::Return)]
}

/// A simple path from [`SOURCE`] to [`TARGET`] through up to 12 banks of a pool of 12, so that
/// routes often share banks.
fn route() -> impl Strategy<Value = Route> {
    (
        prop::sample::subsequence((2..14).collect::<Vec<NodeId>>(), 0..=12).prop_shuffle(),
        prop::collection::vec(kind(), 13),
        1..1_000 as Amount,
    )
        .prop_map(|(via, kinds, amount)| Route {
            hops: via.into_iter().chain([TARGET]).zip(kinds).collect(),
            amount,
        })
}

fn plan_of(routes: Vec<Route>) -> Plan {
    Plan {
        deliverable: routes.iter().map(|r| r.amount).sum(),
        routes,
    }
}

fn plan() -> impl Strategy<Value = Plan> {
    prop::collection::vec(route(), 0..24).prop_map(plan_of)
}

fn weight(max: u64) -> impl Strategy<Value = Weight> {
    (1..max, 1..max).prop_map(|(r, p)| Weight::new(r, p))
}

/// The default model, or one with random positive prices and a budget of a few routes (so
/// plans need several calls and some routes fit no call).
fn model() -> impl Strategy<Value = CostModel> {
    prop_oneof![
        Just(CostModel::default()),
        (
            weight(2_000),
            weight(500),
            weight(500),
            weight(500),
            weight(500),
            weight(40_000)
        )
            .prop_map(|(base, per_bank, per_leg, per_return, per_route, budget)| {
                CostModel {
                    base,
                    per_bank,
                    per_leg,
                    per_return,
                    per_route,
                    budget,
                }
            }),
    ]
}

/// Routes in a comparable order, to compare plans as multisets of routes.
fn sorted(routes: impl IntoIterator<Item = Route>) -> Vec<(Vec<(NodeId, EdgeKind)>, Amount)> {
    let mut v: Vec<_> = routes.into_iter().map(|r| (r.hops, r.amount)).collect();
    v.sort();
    v
}

fn with(plan: &Plan, r: &Route) -> Plan {
    let mut routes = plan.routes.clone();
    routes.push(r.clone());
    plan_of(routes)
}

fn at_least(a: Weight, b: Weight) -> bool {
    a.ref_time >= b.ref_time && a.proof_size >= b.proof_size
}

/// `plan` with every bank between the source and the target replaced by one of its own.
fn through_distinct_banks(plan: &Plan) -> Plan {
    let mut next: NodeId = 1_000;
    let routes = plan
        .routes
        .iter()
        .map(|r| {
            let last = r.hops.len() - 1;
            let hops = r
                .hops
                .iter()
                .enumerate()
                .map(|(i, &(n, k))| {
                    if i == last {
                        (n, k)
                    } else {
                        next += 1;
                        (next, k)
                    }
                })
                .collect();
            Route {
                hops,
                amount: r.amount,
            }
        })
        .collect();
    plan_of(routes)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn split_calls_fit_and_carry_exactly_the_plan(plan in plan(), m in model()) {
        let Split { calls, over_budget } = split(plan.clone(), SOURCE, &m);
        for (i, call) in calls.iter().enumerate() {
            prop_assert!(!call.routes.is_empty(), "call {i} is empty");
            prop_assert!(m.within_budget(estimate(call, SOURCE, &m)), "call {i} over budget");
            prop_assert_eq!(call.deliverable, call.routes.iter().map(|r| r.amount).sum::<Amount>());
            // Greedy: a route of a later call fits none of the earlier calls.
            for earlier in &calls[..i] {
                for r in &call.routes {
                    prop_assert!(!m.within_budget(estimate(&with(earlier, r), SOURCE, &m)));
                }
            }
        }
        for r in &over_budget.routes {
            prop_assert!(!m.within_budget(estimate(&plan_of(vec![r.clone()]), SOURCE, &m)));
        }
        prop_assert_eq!(
            over_budget.deliverable,
            over_budget.routes.iter().map(|r| r.amount).sum::<Amount>()
        );
        let together = calls.iter().map(|c| c.deliverable).sum::<Amount>() + over_budget.deliverable;
        prop_assert_eq!(together, plan.deliverable);
        let carried = calls.iter().flat_map(|c| c.routes.clone()).chain(over_budget.routes.clone());
        prop_assert_eq!(sorted(carried), sorted(plan.routes.clone()));
        if let Some(first) = calls.first() {
            prop_assert_eq!(first, &fit(plan, SOURCE, &m).0);
        }
    }

    #[test]
    fn fit_keeps_what_one_call_carries_and_the_rest_would_not(plan in plan(), m in model()) {
        let (one, rest) = fit(plan.clone(), SOURCE, &m);
        prop_assert!(m.within_budget(estimate(&one, SOURCE, &m)));
        for r in &rest.routes {
            prop_assert!(!m.within_budget(estimate(&with(&one, r), SOURCE, &m)));
        }
        prop_assert_eq!(one.deliverable + rest.deliverable, plan.deliverable);
        prop_assert_eq!(
            sorted(one.routes.into_iter().chain(rest.routes)),
            sorted(plan.routes)
        );
    }

    #[test]
    fn adding_a_route_never_lowers_the_estimate(
        plan in plan(), r in route(), at in any::<prop::sample::Index>(), m in model()
    ) {
        let mut routes = plan.routes.clone();
        routes.insert(at.index(routes.len() + 1), r);
        let more = plan_of(routes);
        prop_assert!(at_least(estimate(&more, SOURCE, &m), estimate(&plan, SOURCE, &m)));
    }

    #[test]
    fn routes_sharing_banks_cost_less_than_as_many_hops_through_distinct_banks(
        plan in plan(), m in model()
    ) {
        let distinct = through_distinct_banks(&plan);
        let (shared_cost, distinct_cost) =
            (estimate(&plan, SOURCE, &m), estimate(&distinct, SOURCE, &m));
        prop_assert!(at_least(distinct_cost, shared_cost));
        if shape(&plan, SOURCE).banks < shape(&distinct, SOURCE).banks {
            prop_assert!(shared_cost.ref_time < distinct_cost.ref_time);
            prop_assert!(shared_cost.proof_size < distinct_cost.proof_size);
        }
    }

    #[test]
    fn the_same_path_twice_costs_less_than_two_paths_of_its_length(
        r in route().prop_filter("a bank between", |r| r.hops.len() >= 2), m in model()
    ) {
        let twice = plan_of(vec![r.clone(), r]);
        let distinct = through_distinct_banks(&twice);
        prop_assert!(shape(&twice, SOURCE).banks < shape(&distinct, SOURCE).banks);
        let (a, b) = (estimate(&twice, SOURCE, &m), estimate(&distinct, SOURCE, &m));
        prop_assert!(a.ref_time < b.ref_time && a.proof_size < b.proof_size);
    }
}
