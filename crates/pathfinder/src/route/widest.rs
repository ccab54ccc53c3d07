//! The greedy plan: widest forward paths on the capacity left, one after another.
//!
//! [`widest_path`] approximates the widest path within the hop cap by a binary search over
//! a few candidate floors (the free capacities at the two ends), each step one two-sided
//! search; [`fill`] adds such paths to a plan until it has enough routes or carries the
//! amount.
//!
//! Complexity: [`widest_path`] is O(D log D + B · log D) for the D edges at the two ends
//! and the B nodes and arcs a search explores (see [`super::bfs`]); [`fill`] is at most K
//! of those for K routes.

use super::bfs::{shortest_path, Found};
use super::residual::{Arc, Load, Scratch};
use super::EdgePath;
use crate::graph::{EdgeId, Graph};
use crate::{Amount, Limits, NodeId};

/// A forward path `s -> t` of at most `max_hops` edges on the capacity `used` leaves, as
/// wide as the search can make it: the fewest-hop path first, then a binary search over the
/// free capacities of the edges leaving `s` and entering `t` (where bottlenecks usually
/// are) for the highest floor that still lets a path through, each step one two-sided
/// search over the edges at or above the floor. None if no path fits the hop cap.
pub(super) fn widest_path(
    g: &Graph,
    sc: &mut Scratch,
    s: NodeId,
    t: NodeId,
    max_hops: usize,
    used: &Load,
) -> Option<Vec<Arc>> {
    let Found::Path(mut best) = shortest_path(g, sc, s, t, max_hops, used, false, |_| true) else {
        return None;
    };
    let free = |e: EdgeId| used.residual(g, Arc { e, fwd: true });
    let width = |p: &[Arc]| p.iter().map(|&a| free(a.e)).min().unwrap_or(0);
    let widest = |list: &[EdgeId]| list.iter().map(|&e| free(e)).max().unwrap_or(0);
    let top = widest(&g.out[s as usize]).min(widest(&g.inc[t as usize]));
    let mut floors: Vec<Amount> = g.out[s as usize]
        .iter()
        .chain(&g.inc[t as usize])
        .map(|&e| free(e))
        .filter(|&c| c > 0 && c <= top)
        .collect();
    floors.sort_unstable();
    floors.dedup();
    // Floors below `lo` are reached, floors from `hi` on are not.
    let mut lo = floors.partition_point(|&c| c <= width(&best));
    let mut hi = floors.len();
    while lo < hi {
        #[allow(clippy::arithmetic_side_effects)] // lo < hi: no underflow, and mid < hi
        let mid = lo + (hi - lo) / 2;
        let floor = floors[mid];
        match shortest_path(g, sc, s, t, max_hops, used, false, |e| free(e) >= floor) {
            Found::Path(p) => {
                best = p;
                lo = floors.partition_point(|&c| c <= width(&best));
            }
            _ => hi = mid,
        }
    }
    Some(best)
}

/// Adds widest forward paths (see [`widest_path`]) on the capacity `used` leaves until there are
/// `limits.max_routes` routes or `want` is carried; `carried` is kept current (it must not
/// exceed `want`, and never does afterwards).
#[allow(clippy::too_many_arguments)]
pub(super) fn fill(
    g: &Graph,
    sc: &mut Scratch,
    s: NodeId,
    t: NodeId,
    limits: Limits,
    want: Amount,
    used: &mut Load,
    routes: &mut Vec<EdgePath>,
    carried: &mut Amount,
) {
    while routes.len() < limits.max_routes && *carried < want {
        let Some(path) = widest_path(g, sc, s, t, limits.max_hops, used) else {
            break;
        };
        #[allow(clippy::arithmetic_side_effects)] // carried < want (the loop condition)
        let room = want - *carried;
        let x = used.bottleneck(g, &path).min(room);
        if x == 0 {
            break;
        }
        let edges: Vec<EdgeId> = path.iter().map(|a| a.e).collect();
        for &e in &edges {
            used.add(e, x);
        }
        match routes.iter_mut().find(|(p, _)| *p == edges) {
            Some((_, a)) => {
                #[allow(clippy::arithmetic_side_effects)] // a is part of carried: a + x <= want
                let sum = *a + x;
                *a = sum;
            }
            None => routes.push((edges, x)),
        }
        #[allow(clippy::arithmetic_side_effects)] // x <= room = want - carried
        let sum = *carried + x;
        *carried = sum;
    }
}
