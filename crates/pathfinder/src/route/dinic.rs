//! Hop-capped max-flow by shortest augmenting paths: one two-sided search per path for the
//! first [`SINGLE_PATHS`] paths (Edmonds–Karp), then Dinic phases (one labelling of the
//! level graph, then a blocking flow along every shortest path it holds).
//!
//! Complexity: a single-path step is one search, O(B) for the B nodes and arcs of the two
//! balls it explores (see [`super::bfs`]); a phase is one labelling, O(B), plus a blocking
//! flow, O(L · B) for paths of L arcs (each dead end is left once, each push saturates an
//! arc). Shortest paths never get shorter, so there are at most V phases: O(V² · E) in the
//! worst case, a few searches around the two ends in practice.

use super::bfs::{levels, shortest_path, Found, Layers};
use super::residual::{Arc, Direction, Load, Scratch};
use crate::graph::{EdgeId, Graph};
use crate::{Amount, NodeId};

/// Pushes a blocking flow (at most `limit`, which is positive) along the shortest residual
/// paths that [`levels`] labelled, with a current-arc pointer per node (Dinic). A node
/// labelled from the target steps to a neighbour one closer to it; any other node steps to a
/// forward neighbour one further from the source, which must be a meeting node at distance
/// `meet`. Returns what was pushed.
#[allow(clippy::too_many_arguments)]
fn blocking(
    g: &Graph,
    sc: &mut Scratch,
    s: NodeId,
    t: NodeId,
    meet: u32,
    flow: &mut Load,
    limit: Amount,
    allow: impl Fn(EdgeId) -> bool,
) -> Amount {
    let ep = sc.epoch;
    let mut pushed: Amount = 0;
    let mut path: Vec<Arc> = Vec::new();
    let mut u = s;
    loop {
        if u == t {
            #[allow(clippy::arithmetic_side_effects)] // pushed < limit: we return once equal
            let room = limit - pushed;
            let x = flow.bottleneck(g, &path).min(room);
            flow.push(&path, x);
            #[allow(clippy::arithmetic_side_effects)] // x <= room = limit - pushed
            let sum = pushed + x;
            pushed = sum;
            if pushed == limit {
                return pushed;
            }
            // Back up to the tail of the first arc the push used up.
            let i = path
                .iter()
                .position(|&a| flow.residual(g, a) == 0)
                .unwrap_or(0);
            u = path.get(i).map_or(s, |a| a.tail(g));
            path.truncate(i);
            continue;
        }
        let ui = u as usize;
        if sc.ptr_seen[ui] != ep {
            sc.ptr_seen[ui] = ep;
            sc.ptr[ui] = 0;
        }
        let backward = sc.bwd.seen[ui] == ep;
        let mut i = sc.ptr[ui];
        let mut found = None;
        while let Some(a) = Direction::Forward.arc_at(g, u, i, true) {
            let v = a.head(g) as usize;
            let on_level = if backward {
                sc.bwd.seen[v] == ep && sc.bwd.dist[v].checked_add(1) == Some(sc.bwd.dist[ui])
            } else {
                sc.fwd.seen[v] == ep
                    && sc.fwd.dist[ui].checked_add(1) == Some(sc.fwd.dist[v])
                    && (sc.fwd.dist[v] < meet || sc.bwd.seen[v] == ep)
            };
            if on_level && flow.residual(g, a) > 0 && allow(a.e) {
                found = Some(a);
                break;
            }
            #[allow(clippy::arithmetic_side_effects)] // i indexes an arc of u: i < degree
            let after = i + 1;
            i = after;
        }
        sc.ptr[ui] = i;
        match found {
            Some(a) => {
                path.push(a);
                u = a.head(g);
            }
            None => {
                // A dead end: leave it for good.
                let Some(a) = path.pop() else {
                    return pushed;
                };
                u = a.tail(g);
                let p = &mut sc.ptr[u as usize];
                #[allow(clippy::arithmetic_side_effects)] // *p indexes the arc `a` of u: < degree
                let after = *p + 1;
                *p = after;
            }
        }
    }
}

/// Augmenting paths found one search at a time before switching to whole phases.
const SINGLE_PATHS: usize = 32;

/// Max-flow from `s` to `t` over residual paths of at most `max_hops` arcs, stopping at
/// `want`; shortest paths first, so the hop cap is respected phase by phase. The first
/// [`SINGLE_PATHS`] augmenting paths are found one two-sided search each (Edmonds–Karp:
/// cheapest when few are needed, which is most queries); after that each search labels a
/// whole level and a blocking flow pushes every shortest path it allows (Dinic: far fewer
/// searches when many paths are needed, between hubs). Returns the flow, its value, and
/// whether it stopped because of the hop cap.
pub(super) fn augment(
    g: &Graph,
    sc: &mut Scratch,
    s: NodeId,
    t: NodeId,
    want: Amount,
    max_hops: usize,
    allow: impl Fn(EdgeId) -> bool + Copy,
) -> (Load, Amount, bool) {
    augment_with(g, sc, s, t, want, max_hops, allow, SINGLE_PATHS)
}

/// [`augment`] switching to whole phases after `single_paths` searches.
#[allow(clippy::too_many_arguments)]
fn augment_with(
    g: &Graph,
    sc: &mut Scratch,
    s: NodeId,
    t: NodeId,
    want: Amount,
    max_hops: usize,
    allow: impl Fn(EdgeId) -> bool + Copy,
    single_paths: usize,
) -> (Load, Amount, bool) {
    let mut flow = Load::default();
    let mut total: Amount = 0;
    let mut searches = 0usize;
    while total < want {
        #[allow(clippy::arithmetic_side_effects)] // total < want (the loop condition)
        let room = want - total;
        searches = searches.saturating_add(1);
        let x = if searches <= single_paths {
            let path = match shortest_path(g, sc, s, t, max_hops, &flow, true, allow) {
                Found::Path(p) => p,
                Found::TooLong => return (flow, total, true),
                Found::Cut => break,
            };
            let x = flow.bottleneck(g, &path).min(room);
            flow.push(&path, x);
            x
        } else {
            let meet = match levels(g, sc, s, t, max_hops, &flow, allow) {
                Layers::Meet(k) => k,
                Layers::TooLong => return (flow, total, true),
                Layers::Cut => break,
            };
            blocking(g, sc, s, t, meet, &mut flow, room, allow)
        };
        debug_assert!(x > 0, "a found path carries something");
        if x == 0 {
            break;
        }
        #[allow(clippy::arithmetic_side_effects)] // x <= room = want - total
        let sum = total + x;
        total = sum;
    }
    (flow, total, false)
}

#[cfg(test)]
mod tests {
    // Test graphs are small: ids and amounts fit, sums of a few capacities cannot overflow.
    #![allow(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]

    use super::*;
    use crate::route::decompose::decompose;
    use crate::EdgeKind::{Issue, Return};
    use std::collections::HashMap;

    /// Checks that `flow` respects capacities and is conserved, and returns its value.
    fn flow_value(g: &Graph, s: NodeId, t: NodeId, flow: &Load) -> Amount {
        let mut net: HashMap<NodeId, i128> = HashMap::new();
        for (&e, &x) in &flow.0 {
            let edge = &g.edges[e as usize];
            assert!(x <= edge.cap, "edge {e} over capacity");
            *net.entry(edge.from).or_default() -= i128::try_from(x).unwrap();
            *net.entry(edge.to).or_default() += i128::try_from(x).unwrap();
        }
        for (&v, &x) in &net {
            if v != s && v != t {
                assert_eq!(x, 0, "flow not conserved at {v}");
            }
        }
        Amount::try_from(net.get(&t).copied().unwrap_or(0)).unwrap()
    }

    #[test]
    fn phases_agree_with_single_paths() {
        // Random multigraphs, both kinds; whole phases from the start against one path per
        // search (the latter is checked against a plain oracle by the property tests).
        let mut rng = crate::generate::SplitMix64::new(11);
        for round in 0..400 {
            let n = 2 + rng.below(if round % 4 == 0 { 60 } else { 12 });
            let m = rng.below(n * 5);
            let mut g = Graph::with_nodes(n);
            for _ in 0..m {
                let (a, b) = (rng.below(n) as NodeId, rng.below(n) as NodeId);
                let kind = if rng.below(2) == 0 { Issue } else { Return };
                g.set_capacity(
                    a,
                    b,
                    kind,
                    1 + rng.below(if round % 2 == 0 { 3 } else { 20 }) as Amount,
                );
            }
            let (s, t) = (rng.below(n) as NodeId, rng.below(n) as NodeId);
            if s == t {
                continue;
            }
            let sc = &mut Scratch::default();
            let all = |_| true;
            let (f1, v1, _) = augment_with(&g, sc, s, t, Amount::MAX, usize::MAX, all, usize::MAX);
            let (f2, v2, _) = augment_with(&g, sc, s, t, Amount::MAX, usize::MAX, all, 0);
            let (f3, v3, _) = augment_with(&g, sc, s, t, Amount::MAX, usize::MAX, all, 2);
            assert_eq!(v1, v2, "round {round}");
            assert_eq!(v1, v3, "round {round}");
            for (f, v) in [(&f1, v1), (&f2, v2), (&f3, v3)] {
                assert_eq!(flow_value(&g, s, t, f), v);
            }
            // Capped by hops and amount: still a valid flow, and decomposable.
            let hops = 1 + rng.below(4);
            let want = 1 + rng.below(30) as Amount;
            let (f4, v4, _) = augment_with(&g, sc, s, t, want, hops, all, 0);
            assert!(v4 <= want.min(v1));
            assert_eq!(flow_value(&g, s, t, &f4), v4);
            let paths = decompose(&g, s, t, f4);
            assert_eq!(paths.iter().map(|p| p.1).sum::<Amount>(), v4);
        }
    }
}
