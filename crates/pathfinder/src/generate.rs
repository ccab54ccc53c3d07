//! Large synthetic graphs scaled up from a real one, and random query pairs, all seeded and
//! deterministic.
//!
//! [`scaled_with`] lays `copies` copies of a base graph side by side (copy `c` holds nodes
//! `c·n .. (c+1)·n`), adds `extra_per_copy` new edges inside each copy and
//! `bridges_per_copy` edges from each copy to other copies. New endpoints are drawn as the
//! endpoints of random base edges, so busy nodes get more new edges (the degree
//! distribution keeps its heavy tail), and new capacities are the capacities of random base
//! edges. All new edges are `Issue` edges between distinct nodes that had no such edge.
//!
//! [`bench_graph`] is the benchmark graph: 17 copies of Bitcoin OTC (5,881 nodes and 32,029
//! positive ratings each) with 24,795 extra edges and 2,000 bridges per copy: 99,977 nodes
//! and 1,000,008 edges.

use crate::graph::Graph;
use crate::{route, Amount, EdgeKind, NodeId};

/// A small, fast, seeded generator (SplitMix64); its sequence is fixed by this crate, so
/// generated graphs stay the same across versions of everything else.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A uniform number in `0..n` (`n > 0`), without modulo bias worth speaking of for
    /// `n` far below 2^64.
    pub fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        #[allow(clippy::arithmetic_side_effects)] // both factors are below 2^64
        let wide = u128::from(self.next_u64()) * n as u128;
        usize::try_from(wide >> 64).unwrap_or(0)
    }
}

/// How to scale a base graph up (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub copies: usize,
    pub extra_per_copy: usize,
    pub bridges_per_copy: usize,
    pub seed: u64,
}

impl Scale {
    /// The benchmark scale: about 100k nodes and 1M edges from Bitcoin OTC.
    pub const BENCH: Scale = Scale {
        copies: 17,
        extra_per_copy: 24_795,
        bridges_per_copy: 2_000,
        seed: 0x0076_6f75_6368,
    };
}

/// `copies` copies of `base` joined by `bridges_per_copy` random bridges per copy.
pub fn scaled(base: &Graph, copies: usize, bridges_per_copy: usize, seed: u64) -> Graph {
    scaled_with(
        base,
        Scale {
            copies,
            extra_per_copy: 0,
            bridges_per_copy,
            seed,
        },
    )
}

/// `base` scaled up as `scale` says (see the module docs). A base without edges, or too
/// dense to take the extra edges, gives fewer new edges than asked: each new edge gets at
/// most 64 draws.
///
/// # Panics
/// If the result would have more than `u32::MAX` nodes.
pub fn scaled_with(base: &Graph, scale: Scale) -> Graph {
    let n = base.node_count();
    let total = n.checked_mul(scale.copies).expect("node count overflows");
    let id = |copy: usize, node: NodeId| {
        #[allow(clippy::arithmetic_side_effects)] // copy < copies, node < n: below total
        let id = copy * n + node as usize;
        NodeId::try_from(id).expect("node ids are u32")
    };
    let mut g = Graph::with_nodes(total);
    let base_edges: Vec<(NodeId, NodeId, EdgeKind, Amount)> = base.edges().collect();
    for c in 0..scale.copies {
        for &(a, b, kind, cap) in &base_edges {
            g.set_capacity(id(c, a), id(c, b), kind, cap);
        }
    }
    if base_edges.is_empty() {
        return g;
    }
    let mut rng = SplitMix64::new(scale.seed);
    let pick = |rng: &mut SplitMix64| base_edges[rng.below(base_edges.len())];
    // Adds one new Issue edge whose endpoints come from `from_copy` and from a copy chosen by
    // `to_copy`, trying up to 64 draws.
    let add = |g: &mut Graph, rng: &mut SplitMix64, from_copy: usize, bridge: bool| {
        for _ in 0..64 {
            let to_copy = if bridge {
                // Only for copies > 1. The sum is < 2 · copies <= 2 · total (n >= 1, as base
                // has edges), which fits: total node lists were allocated.
                #[allow(clippy::arithmetic_side_effects)]
                let other = (from_copy + 1 + rng.below(scale.copies - 1)) % scale.copies;
                other
            } else {
                from_copy
            };
            let a = id(from_copy, pick(rng).0);
            let b = id(to_copy, pick(rng).1);
            let cap = pick(rng).3;
            if a != b && g.capacity(a, b, EdgeKind::Issue) == 0 {
                g.set_capacity(a, b, EdgeKind::Issue, cap);
                return;
            }
        }
    };
    for c in 0..scale.copies {
        for _ in 0..scale.extra_per_copy {
            add(&mut g, &mut rng, c, false);
        }
        if scale.copies > 1 {
            for _ in 0..scale.bridges_per_copy {
                add(&mut g, &mut rng, c, true);
            }
        }
    }
    g
}

/// The benchmark graph: `base` (Bitcoin OTC) scaled by [`Scale::BENCH`].
pub fn bench_graph(base: &Graph) -> Graph {
    scaled_with(base, Scale::BENCH)
}

/// `count` random pairs `(from, to)`, `from != to`, such that `to` can be reached from
/// `from` at all: `from` uniform among nodes with an outgoing edge, `to` among nodes with an
/// incoming one. Gives fewer pairs if few exist (at most `64 × count` draws).
pub fn reachable_pairs(g: &Graph, count: usize, seed: u64) -> Vec<(NodeId, NodeId)> {
    let mut has_out = vec![false; g.node_count()];
    let mut has_in = vec![false; g.node_count()];
    for (a, b, _, _) in g.edges() {
        has_out[a as usize] = true;
        has_in[b as usize] = true;
    }
    let ids = |marks: &[bool]| -> Vec<NodeId> {
        (0..g.node_count())
            .filter(|&i| marks[i])
            .filter_map(|i| NodeId::try_from(i).ok())
            .collect()
    };
    let (sources, targets) = (ids(&has_out), ids(&has_in));
    let mut out = Vec::with_capacity(count);
    if sources.is_empty() || targets.is_empty() {
        return out;
    }
    let mut rng = SplitMix64::new(seed);
    for _ in 0..count.saturating_mul(64) {
        if out.len() == count {
            break;
        }
        let s = sources[rng.below(sources.len())];
        let t = targets[rng.below(targets.len())];
        if s != t && route::distance(g, s, t).is_some() {
            out.push((s, t));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    // Rings of a few nodes: ids and capacities are small.
    #![allow(clippy::arithmetic_side_effects)]

    use super::*;
    use crate::EdgeKind::Issue;

    fn ring(n: u32) -> Graph {
        let mut g = Graph::with_nodes(n as usize);
        for i in 0..n {
            g.set_capacity(i, (i + 1) % n, Issue, u128::from(i) + 1);
        }
        g
    }

    #[test]
    fn copies_bridges_and_extras() {
        let base = ring(10);
        let s = Scale {
            copies: 3,
            extra_per_copy: 5,
            bridges_per_copy: 4,
            seed: 7,
        };
        let g = scaled_with(&base, s);
        assert_eq!(g.node_count(), 30);
        assert_eq!(g.edge_count(), 3 * (10 + 5 + 4));
        // Copies keep the base edges.
        assert_eq!(g.capacity(23, 24, Issue), 4);
        let copy = |v: NodeId| v / 10;
        let bridges = g.edges().filter(|e| copy(e.0) != copy(e.1)).count();
        assert_eq!(bridges, 12);
        // Seeded: the same seed gives the same graph, another seed another one.
        let edges = |g: &Graph| g.edges().collect::<Vec<_>>();
        assert_eq!(edges(&g), edges(&scaled_with(&base, s)));
        assert_ne!(
            edges(&g),
            edges(&scaled_with(&base, Scale { seed: 8, ..s }))
        );
        assert_eq!(scaled(&base, 2, 0, 1).edge_count(), 20);
    }

    #[test]
    fn pairs_are_reachable() {
        let mut g = ring(6);
        g.add_node(); // isolated
        let pairs = reachable_pairs(&g, 20, 3);
        assert_eq!(pairs.len(), 20);
        assert!(pairs.iter().all(|&(s, t)| s != t && s < 6 && t < 6));
        assert!(reachable_pairs(&Graph::with_nodes(3), 5, 1).is_empty());
    }
}
