//! Queries to judge plans by: [`max_flow`] (what uncapped routes could carry),
//! [`upper_bound`] (what no plan within the caps can beat) and [`distance`] (the fewest
//! hops).
//!
//! They reuse the searches of [`find_routes`](super::find_routes): `max_flow` is its flow
//! search without caps, `upper_bound` the same search on the edges that fit the hop cap. The
//! independent oracle the property tests compare against is in `tests/props.rs`.
//!
//! Complexity: [`max_flow`] O(V² · E) in the worst case (see [`super::dinic`]), a few
//! searches around the two ends in practice; [`upper_bound`] two breadth-first searches of
//! the whole graph, O(V + E), plus a max-flow; [`distance`] one two-sided search, O(V + E)
//! at most.

use super::bfs::{shortest_path, Found};
use super::dinic::augment;
use super::residual::{with_scratch, Direction, Load};
use crate::graph::{EdgeId, Graph};
use crate::{Amount, Limits, NodeId};

/// Plain `from -> to` max-flow without hop or route caps (0 for `from == to` or ids outside
/// the graph): the flow search of [`find_routes`](crate::find_routes) without caps (single
/// shortest paths, then Dinic phases). O(V² · E) in the worst case; in practice a few
/// searches over the part of the graph around the two ends.
///
/// ```
/// use vouch_pathfinder::{max_flow, EdgeKind::{Issue, Return}, Graph};
/// let mut g = Graph::with_nodes(2);
/// g.set_capacity(0, 1, Issue, 3);
/// g.set_capacity(0, 1, Return, 4); // a separate edge: capacities add up
/// assert_eq!(max_flow(&g, 0, 1), 7);
/// ```
pub fn max_flow(g: &Graph, from: NodeId, to: NodeId) -> Amount {
    if from == to || !g.has(from) || !g.has(to) {
        return 0;
    }
    with_scratch(|sc| augment(g, sc, from, to, Amount::MAX, usize::MAX, |_| true).1)
}

/// An upper bound on what any plan within `limits` can carry from `from` to `to` (used to
/// judge [`find_routes`](crate::find_routes) where the exact optimum is out of reach): the
/// smallest of
/// - the max-flow over the edges that lie on some walk of at most `max_hops` hops (an edge
///   `u -> v` such that `dist(from, u) + 1 + dist(v, to) <= max_hops`);
/// - the `max_routes` largest capacities of such edges leaving `from` (each route starts
///   with one), and likewise entering `to`.
///
/// Cost: two breadth-first searches over the whole graph and a max-flow restricted to the
/// usable edges.
///
/// ```
/// use vouch_pathfinder::{upper_bound, EdgeKind::Issue, Graph, Limits};
/// let mut g = Graph::with_nodes(4);
/// for (a, b, c) in [(0, 1, 5), (1, 3, 5), (0, 3, 2), (0, 2, 1), (2, 3, 1)] {
///     g.set_capacity(a, b, Issue, c);
/// }
/// assert_eq!(upper_bound(&g, 0, 3, Limits { max_hops: 1, max_routes: 8 }), 2);
/// assert_eq!(upper_bound(&g, 0, 3, Limits { max_hops: 2, max_routes: 2 }), 7);
/// assert_eq!(upper_bound(&g, 0, 3, Limits::UNCAPPED), 8);
/// ```
pub fn upper_bound(g: &Graph, from: NodeId, to: NodeId, limits: Limits) -> Amount {
    if from == to || !g.has(from) || !g.has(to) || limits.max_routes == 0 {
        return 0;
    }
    let n = g.node_count();
    // Hops from `start` (forward: from it; backward: to it), up to `max_hops`.
    let bfs = |start: NodeId, dir: Direction| {
        let mut dist = vec![usize::MAX; n];
        dist[start as usize] = 0;
        let mut queue = std::collections::VecDeque::from([start]);
        while let Some(u) = queue.pop_front() {
            let d = dist[u as usize];
            if d >= limits.max_hops {
                continue;
            }
            #[allow(clippy::arithmetic_side_effects)] // d < max_hops <= usize::MAX
            let next = d + 1;
            for a in dir.arcs(g, u, false) {
                let v = dir.far(a, g);
                if g.edges[a.e as usize].cap > 0 && dist[v as usize] == usize::MAX {
                    dist[v as usize] = next;
                    queue.push_back(v);
                }
            }
        }
        dist
    };
    let (ds, dt) = (bfs(from, Direction::Forward), bfs(to, Direction::Backward));
    let usable = |e: EdgeId| {
        let e = &g.edges[e as usize];
        let (a, b) = (ds[e.from as usize], dt[e.to as usize]);
        a != usize::MAX && b != usize::MAX && a.saturating_add(b) < limits.max_hops
    };
    let top = |list: &[EdgeId]| -> Amount {
        let mut caps: Vec<Amount> = list
            .iter()
            .filter(|&&e| usable(e) && g.edges[e as usize].from != g.edges[e as usize].to)
            .map(|&e| g.edges[e as usize].cap)
            .collect();
        caps.sort_unstable_by(|a, b| b.cmp(a));
        caps.iter()
            .take(limits.max_routes)
            .fold(0, |acc: Amount, &c| acc.saturating_add(c))
    };
    let ends = top(&g.out[from as usize]).min(top(&g.inc[to as usize]));
    let flow = with_scratch(|sc| augment(g, sc, from, to, Amount::MAX, usize::MAX, usable).1);
    flow.min(ends)
}

/// The fewest hops from `from` to `to` over edges with capacity: `Some(0)` for `from == to`,
/// `None` if `to` cannot be reached (or an id is outside the graph). A two-sided
/// breadth-first search.
///
/// ```
/// use vouch_pathfinder::{distance, EdgeKind::Issue, Graph};
/// let mut g = Graph::with_nodes(4);
/// g.set_capacity(0, 1, Issue, 1);
/// g.set_capacity(1, 2, Issue, 1);
/// assert_eq!(distance(&g, 0, 2), Some(2));
/// assert_eq!(distance(&g, 2, 0), None);
/// assert_eq!(distance(&g, 3, 3), Some(0));
/// ```
pub fn distance(g: &Graph, from: NodeId, to: NodeId) -> Option<usize> {
    if !g.has(from) || !g.has(to) {
        return None;
    }
    if from == to {
        return Some(0);
    }
    let none = Load::default();
    let found =
        with_scratch(|sc| shortest_path(g, sc, from, to, usize::MAX, &none, false, |_| true));
    match found {
        Found::Path(p) => Some(p.len()),
        _ => None,
    }
}
