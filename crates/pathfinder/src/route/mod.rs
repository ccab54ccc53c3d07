//! Route finding: a max-flow cut into at most K simple routes of at most H hops.
//!
//! Both plans below search with a breadth-first search that grows from the source and from
//! the target at once (always the smaller frontier first) and stops where they meet, so a
//! query touches only the two balls it explores, never the whole graph. Per-node marks live
//! in thread-local arrays stamped with a search number (no clearing between searches); flows
//! live in small hash maps holding only the edges that carry something.
//!
//! The amount asked is first lowered to what K routes could carry at most (the K largest
//! capacities out of the source, and into the target).
//!
//! - **Flow first.** Shortest augmenting paths on the residual graph (reverse arcs
//!   included), each of at most H hops, until the amount is reached or no such path is left:
//!   one search per path for the first [`SINGLE_PATHS`](dinic::SINGLE_PATHS)
//!   (Edmonds–Karp), then Dinic phases. The flow is decomposed into simple paths (cycles
//!   cancelled). If some do not fit the caps, the better of two cuts is kept: the K largest
//!   paths of at most H hops, or K widest paths taken greedily from the flow. Each kept
//!   route is then topped up with what its own edges still have free, and free route slots
//!   are filled greedily (below) on the capacity left.
//! - **Greedy.** Up to K times: the widest path found (at most H hops, forward edges only,
//!   see [`widest::widest_path`]) on the capacity left, carrying its bottleneck.
//!
//! When the flow search stopped because the source and target were separated (not because
//! of the hop cap) or reached the amount, and no path was dropped, the flow plan is the best
//! possible and is returned at once. Otherwise the greedy plan is made too and the plan
//! carrying more is returned.
//!
//! One module per algorithm:
//! - [`residual`]: residual arcs, loads (flows), search directions and the reusable marks;
//! - [`bfs`]: the two-sided breadth-first search (shortest paths, Dinic levels);
//! - [`dinic`]: hop-capped max-flow (Edmonds–Karp paths, then Dinic blocking flows);
//! - [`decompose`](mod@decompose): a flow split into simple paths;
//! - [`flow_paths`]: a flow cut into K widest hop-capped paths;
//! - [`widest`]: the greedy widest-path plan;
//! - [`measure`]: [`max_flow`], [`upper_bound`] and [`distance`], to judge plans by;
//! - this module: [`find_routes`], which makes both plans and picks one.
//!
//! Complexity of [`find_routes`]: O((S + K · log D) · B), see there.

mod bfs;
mod decompose;
mod dinic;
mod flow_paths;
mod measure;
mod residual;
mod widest;

pub use measure::{distance, max_flow, upper_bound};

use crate::graph::{EdgeId, Graph};
use crate::{Amount, Limits, NodeId, Plan, Route};
use decompose::decompose;
use dinic::augment;
use flow_paths::widest_paths;
use residual::{with_scratch, Arc, Load, Scratch};
use widest::fill;

/// A route as the edges it takes, and its amount.
type EdgePath = (Vec<EdgeId>, Amount);

/// Routes from `from` to `to` carrying as much of `amount` as the caps allow (`None`: as
/// much as possible).
///
/// Every route is a simple path of 1..=`max_hops` hops with a positive amount; there are at
/// most `max_routes` routes; on every edge the routes together use at most its capacity, so
/// they can execute one after another. When the caps do not bind (`max_hops` at least the
/// node count, `max_routes` at least the number of paths needed) the plan carries exactly
/// `min(amount, max_flow)`; with tight caps (where the exact answer is NP-hard in general)
/// it is the better of a capped max-flow cut into routes and a greedy widest-path plan (see
/// docs/pathfinder.md for how close it comes). `from == to`, ids outside the graph, a zero
/// amount or a zero cap give an empty plan.
///
/// Cost: O((S + K · log D) · B) where S is the number of flow searches (single paths, then
/// Dinic phases), D the degree of the two ends and B the size of the two balls (around the
/// source and the target) a search explores before they meet: at most O(V + E), usually far
/// less.
///
/// ```
/// use vouch_pathfinder::{find_routes, EdgeKind::Issue, Graph, Limits};
/// // Two routes: 0 -> 1 -> 3 and 0 -> 2 -> 3.
/// let mut g = Graph::with_nodes(4);
/// for (a, b, c) in [(0, 1, 3), (1, 3, 3), (0, 2, 2), (2, 3, 5)] {
///     g.set_capacity(a, b, Issue, c);
/// }
/// let plan = find_routes(&g, 0, 3, Some(4), Limits::default());
/// assert_eq!(plan.deliverable, 4);
/// let one = find_routes(&g, 0, 3, None, Limits { max_hops: 2, max_routes: 1 });
/// assert_eq!(one.deliverable, 3);
/// assert_eq!(one.routes[0].hops, vec![(1, Issue), (3, Issue)]);
/// ```
pub fn find_routes(
    g: &Graph,
    from: NodeId,
    to: NodeId,
    amount: Option<Amount>,
    limits: Limits,
) -> Plan {
    let want = amount.unwrap_or(Amount::MAX);
    if from == to
        || !g.has(from)
        || !g.has(to)
        || want == 0
        || limits.max_hops == 0
        || limits.max_routes == 0
    {
        return Plan::default();
    }
    // No plan carries more than its routes' first edges, or last edges, can: searching for
    // more flow than that only costs time (a lot of it between two hubs).
    let want = want
        .min(top_capacities(g, &g.out[from as usize], limits.max_routes))
        .min(top_capacities(g, &g.inc[to as usize], limits.max_routes));
    if want == 0 {
        return Plan::default();
    }
    with_scratch(|sc| {
        let (a, a_sum, best) = flow_plan(g, sc, from, to, want, limits);
        let chosen = if best {
            a
        } else {
            let mut b = Vec::new();
            let mut b_sum: Amount = 0;
            fill(
                g,
                sc,
                from,
                to,
                limits,
                want,
                &mut Load::default(),
                &mut b,
                &mut b_sum,
            );
            if b_sum > a_sum || (b_sum == a_sum && b.len() < a.len()) {
                b
            } else {
                a
            }
        };
        let routes: Vec<Route> = chosen
            .into_iter()
            .map(|(p, amount)| Route {
                hops: p
                    .iter()
                    .map(|&e| {
                        let e = &g.edges[e as usize];
                        (e.to, e.kind)
                    })
                    .collect(),
                amount,
            })
            .collect();
        Plan {
            deliverable: routes.iter().map(|r| r.amount).sum(),
            routes,
        }
    })
}

/// The flow-first plan; the flag says whether it is known to be the best possible.
fn flow_plan(
    g: &Graph,
    sc: &mut Scratch,
    s: NodeId,
    t: NodeId,
    want: Amount,
    limits: Limits,
) -> (Vec<EdgePath>, Amount, bool) {
    let (flow, total, capped) = augment(g, sc, s, t, want, limits.max_hops, |_| true);
    let all = decompose(g, s, t, flow);
    let mut paths = all.clone();
    paths.retain(|(p, x)| p.len() <= limits.max_hops && *x > 0);
    paths.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.len().cmp(&b.0.len())));
    paths.truncate(limits.max_routes);
    let mut carried: Amount = paths.iter().map(|p| p.1).sum();
    if paths.len() == all.len() {
        // Nothing dropped: this is the whole flow, and no forward path of at most H hops is
        // left on the spare capacity. It is a maximum unless the hop cap stopped the search.
        let best = !capped || total == want;
        return (paths, carried, best);
    }
    // Some paths do not fit: the same flow cut greedily into widest paths may fit more.
    let wide = widest_paths(g, s, t, &all, limits.max_hops, limits.max_routes);
    let wide_sum: Amount = wide.iter().map(|p| p.1).sum();
    if wide_sum > carried {
        paths = wide;
        carried = wide_sum;
    }
    let mut used = Load::default();
    for (p, x) in &paths {
        for &e in p {
            used.add(e, *x);
        }
    }
    // `carried` (the paths' sum) is at most the flow's value, so at most `want`.
    for (p, x) in paths.iter_mut() {
        #[allow(clippy::arithmetic_side_effects)] // carried <= want (above, and kept below)
        let room = want - carried;
        let spare = p
            .iter()
            .map(|&e| used.residual(g, Arc { e, fwd: true }))
            .min()
            .unwrap_or(0)
            .min(room);
        if spare > 0 {
            for &e in p.iter() {
                used.add(e, spare);
            }
            // x is part of carried, and spare <= room = want - carried.
            #[allow(clippy::arithmetic_side_effects)]
            let (topped, sum) = (*x + spare, carried + spare);
            (*x, carried) = (topped, sum);
        }
    }
    fill(
        g,
        sc,
        s,
        t,
        limits,
        want,
        &mut used,
        &mut paths,
        &mut carried,
    );
    (paths, carried, carried == want)
}

/// The sum of the `k` largest capacities among `edges` (self-loops left out).
fn top_capacities(g: &Graph, edges: &[EdgeId], k: usize) -> Amount {
    let mut caps: Vec<Amount> = edges
        .iter()
        .map(|&e| &g.edges[e as usize])
        .filter(|e| e.cap > 0 && e.from != e.to)
        .map(|e| e.cap)
        .collect();
    if caps.len() > k {
        caps.select_nth_unstable_by(k, |a, b| b.cmp(a));
        caps.truncate(k);
    }
    caps.iter().fold(0, |acc: Amount, &c| acc.saturating_add(c))
}

#[cfg(test)]
mod tests {
    // Small test graphs: no sum of their capacities overflows.
    #![allow(clippy::arithmetic_side_effects)]

    use super::*;
    use crate::EdgeKind::{Issue, Return};

    fn graph(n: usize, edges: &[(NodeId, NodeId, Amount)]) -> Graph {
        let mut g = Graph::with_nodes(n);
        for &(a, b, c) in edges {
            g.set_capacity(a, b, Issue, c);
        }
        g
    }

    #[test]
    fn empty_plans() {
        let g = graph(3, &[(0, 1, 5), (1, 2, 5)]);
        let l = Limits::default();
        assert_eq!(find_routes(&g, 0, 0, None, l), Plan::default());
        assert_eq!(find_routes(&g, 0, 9, None, l), Plan::default());
        assert_eq!(find_routes(&g, 9, 0, None, l), Plan::default());
        assert_eq!(find_routes(&g, 2, 0, None, l), Plan::default());
        assert_eq!(find_routes(&g, 0, 2, Some(0), l), Plan::default());
        let no_hops = Limits {
            max_hops: 0,
            max_routes: 8,
        };
        assert_eq!(find_routes(&g, 0, 2, None, no_hops), Plan::default());
        assert_eq!(max_flow(&g, 0, 9), 0);
        assert_eq!(max_flow(&g, 1, 1), 0);
    }

    #[test]
    fn both_kinds_are_separate_edges() {
        let mut g = Graph::with_nodes(2);
        g.set_capacity(0, 1, Issue, 3);
        g.set_capacity(0, 1, Return, 4);
        let plan = find_routes(&g, 0, 1, None, Limits::default());
        assert_eq!(plan.deliverable, 7);
        let mut kinds: Vec<_> = plan.routes.iter().map(|r| (r.hops[0], r.amount)).collect();
        kinds.sort();
        assert_eq!(kinds, vec![((1, Issue), 3), ((1, Return), 4)]);
    }

    #[test]
    fn cycles_in_the_flow_are_cancelled() {
        // Augmenting along 0-1-2-3 first and then cancelling 1->2 via 0-2-1-3 style paths
        // is the classic case where reverse arcs matter.
        let g = graph(
            4,
            &[
                (0, 1, 1),
                (0, 2, 1),
                (1, 2, 1),
                (2, 1, 1),
                (1, 3, 1),
                (2, 3, 1),
            ],
        );
        let plan = find_routes(&g, 0, 3, None, Limits::UNCAPPED);
        assert_eq!(plan.deliverable, 2);
        for r in &plan.routes {
            assert_eq!(r.hops.len(), 2, "{plan:?}");
        }
    }

    #[test]
    fn reverse_arcs_undo_a_blocking_first_path() {
        // s=0, a=1, b=2, t=3, z=4, w=5, x=6, y=7. The shortest path 0-1-2-3 blocks both
        // 0-1-6-7-3 and 0-4-5-2-3; only undoing 1->2 gives the maximum, 2.
        let g = graph(
            8,
            &[
                (0, 1, 1),
                (1, 2, 1),
                (2, 3, 1),
                (0, 4, 1),
                (4, 5, 1),
                (5, 2, 1),
                (1, 6, 1),
                (6, 7, 1),
                (7, 3, 1),
            ],
        );
        assert_eq!(max_flow(&g, 0, 3), 2);
        let plan = find_routes(&g, 0, 3, None, Limits::default());
        assert_eq!(plan.deliverable, 2);
        assert!(plan.routes.iter().all(|r| r.hops.len() == 4), "{plan:?}");
        // With 3 hops only the blocking path fits.
        let short = Limits {
            max_hops: 3,
            max_routes: 8,
        };
        let plan = find_routes(&g, 0, 3, None, short);
        assert_eq!(plan.deliverable, 1);
        assert_eq!(plan.routes[0].hops.len(), 3);
    }

    #[test]
    fn hop_cap_keeps_short_paths() {
        // A 1-hop path of 1 and a 3-hop path of 10.
        let g = graph(4, &[(0, 3, 1), (0, 1, 10), (1, 2, 10), (2, 3, 10)]);
        let cap = |h| {
            find_routes(
                &g,
                0,
                3,
                None,
                Limits {
                    max_hops: h,
                    max_routes: 8,
                },
            )
            .deliverable
        };
        assert_eq!(cap(1), 1);
        assert_eq!(cap(2), 1);
        assert_eq!(cap(3), 11);
    }

    #[test]
    fn route_cap_keeps_largest_then_fills() {
        // Three parallel 2-hop paths of 5, 3 and 1; with 2 routes, 5 + 3.
        let g = graph(
            5,
            &[
                (0, 1, 5),
                (1, 4, 5),
                (0, 2, 3),
                (2, 4, 3),
                (0, 3, 1),
                (3, 4, 1),
            ],
        );
        let plan = find_routes(
            &g,
            0,
            4,
            None,
            Limits {
                max_hops: 16,
                max_routes: 2,
            },
        );
        assert_eq!(plan.deliverable, 8);
        assert_eq!(plan.routes.len(), 2);
    }

    #[test]
    fn amount_is_a_cap() {
        let g = graph(3, &[(0, 1, 5), (1, 2, 5), (0, 2, 5)]);
        let plan = find_routes(&g, 0, 2, Some(7), Limits::default());
        assert_eq!(plan.deliverable, 7);
        assert_eq!(plan.routes.iter().map(|r| r.amount).sum::<Amount>(), 7);
        assert_eq!(
            find_routes(&g, 0, 2, Some(100), Limits::default()).deliverable,
            10
        );
    }

    #[test]
    fn huge_capacities_do_not_overflow() {
        let g = graph(
            3,
            &[
                (0, 1, Amount::MAX),
                (1, 2, Amount::MAX),
                (0, 2, Amount::MAX),
            ],
        );
        let plan = find_routes(&g, 0, 2, None, Limits::default());
        assert_eq!(plan.deliverable, Amount::MAX);
        assert_eq!(max_flow(&g, 0, 2), Amount::MAX);
    }

    #[test]
    fn updates_are_seen_by_the_next_query() {
        let mut g = graph(3, &[(0, 1, 5), (1, 2, 5)]);
        assert_eq!(
            find_routes(&g, 0, 2, None, Limits::default()).deliverable,
            5
        );
        g.set_capacity(1, 2, Issue, 2);
        assert_eq!(
            find_routes(&g, 0, 2, None, Limits::default()).deliverable,
            2
        );
        g.set_capacity(0, 2, Return, 4);
        assert_eq!(
            find_routes(&g, 0, 2, None, Limits::default()).deliverable,
            6
        );
        g.set_capacity(0, 1, Issue, 0);
        let plan = find_routes(&g, 0, 2, None, Limits::default());
        assert_eq!(plan.deliverable, 4);
        assert_eq!(plan.routes[0].hops, vec![(2, Return)]);
    }
}
