//! A flow cut greedily into at most K hop-capped simple paths, widest first.
//!
//! [`widest_paths`] renumbers the nodes of the flow locally and takes, K times, the simple
//! path of largest bottleneck within the hop cap out of what is left of the flow;
//! [`FlowSearch`] finds that path exactly: a max-bottleneck Dijkstra when the cap cannot
//! bind, else a layered search over walks of at most H edges.
//!
//! Complexity: O(K · H · F) for F flow edges when the hop cap H can bind inside the flow,
//! O(K · F log F) when it cannot.

use super::residual::FastMap;
use super::EdgePath;
use crate::graph::{EdgeId, Graph};
use crate::{Amount, NodeId};

/// Up to `k` simple paths of at most `max_hops` edges cut greedily out of the flow that
/// `paths` add up to, widest first. Each is the `s -> t` path of largest bottleneck within
/// the hop cap, found exactly (see [`FlowSearch`]). O(k · H · F) for F flow edges when the
/// hop cap H can bind inside the flow, O(k · F log F) when it cannot.
pub(super) fn widest_paths(
    g: &Graph,
    s: NodeId,
    t: NodeId,
    paths: &[EdgePath],
    max_hops: usize,
    k: usize,
) -> Vec<EdgePath> {
    let mut flow: FastMap<EdgeId, Amount> = FastMap::default();
    let mut local: FastMap<NodeId, usize> = FastMap::default();
    local.insert(s, 0);
    for (p, x) in paths {
        for &e in p {
            let f = flow.entry(e).or_insert(0);
            *f = f.saturating_add(*x);
        }
    }
    // Flow edges as (tail, head) in local numbering; the nodes come from the paths.
    let mut ends: FastMap<EdgeId, (usize, usize)> = FastMap::default();
    for (p, _) in paths {
        let mut at = 0;
        for &e in p {
            let next = local.len();
            let v = *local.entry(g.edges[e as usize].to).or_insert(next);
            ends.insert(e, (at, v));
            at = v;
        }
    }
    let Some(&t_local) = local.get(&t) else {
        return Vec::new();
    };
    let m = local.len();
    let mut edges: Vec<(usize, usize, EdgeId, Amount)> = ends
        .iter()
        .map(|(&e, &(u, v))| (u, v, e, flow[&e]))
        .collect();
    edges.sort_unstable_by_key(|x| x.2);
    let mut out = Vec::new();
    let mut search = FlowSearch::new(m, max_hops);
    while out.len() < k {
        let Some(simple) = search.widest(&edges, t_local) else {
            break;
        };
        let x = simple.iter().map(|&i| edges[i].3).min().unwrap_or(0);
        if x == 0 {
            break;
        }
        for &i in &simple {
            #[allow(clippy::arithmetic_side_effects)] // x is the least amount on the path
            let left = edges[i].3 - x;
            edges[i].3 = left;
        }
        out.push((simple.iter().map(|&i| edges[i].2).collect(), x));
    }
    out
}

/// Widest-path search inside a flow whose `m` nodes are numbered locally (0 is the source);
/// edges are `(tail, head, edge id, amount left)`.
pub(super) struct FlowSearch {
    m: usize,
    /// Layers of the hop-capped search, or 0 when the cap cannot bind (`max_hops >= m - 1`:
    /// no simple path is longer) and a plain widest-path search is exact.
    pub(super) layers: usize,
    /// Two rows of `m` widths (the previous layer and the current one).
    best: Vec<Amount>,
    /// Per layer `l` and node `v`, at [`Self::slot`]`(m, l, v)`: the edge that reached `v` in
    /// layer `l` (layer 0 alone when `layers` is 0); at least `(layers + 1) · m` entries.
    pub(super) par: Vec<u32>,
}

impl FlowSearch {
    pub(super) fn new(m: usize, max_hops: usize) -> Self {
        let layers = if max_hops >= m.saturating_sub(1) {
            0
        } else {
            max_hops
        };
        // Both sizes saturate only where the allocation would fail anyway.
        Self {
            m,
            layers,
            best: vec![0; m.saturating_mul(2)],
            par: vec![u32::MAX; layers.max(1).saturating_add(1).saturating_mul(m)],
        }
    }

    /// Where `par` holds layer `l`'s entry for node `v` of `m` (`l <= layers`, `v < m`).
    #[allow(clippy::arithmetic_side_effects)] // l·m + v < (layers + 1)·m <= par.len()
    fn slot(m: usize, l: usize, v: usize) -> usize {
        l * m + v
    }

    /// The widest simple path from local node 0 to `t` (as edge indices), if any carries
    /// something.
    pub(super) fn widest(
        &mut self,
        edges: &[(usize, usize, EdgeId, Amount)],
        t: usize,
    ) -> Option<Vec<usize>> {
        if self.layers == 0 {
            self.widest_uncapped(edges, t)
        } else {
            self.widest_layered(edges, t)
        }
    }

    /// Max-bottleneck search (Dijkstra with `min` for `+` and largest first).
    fn widest_uncapped(
        &mut self,
        edges: &[(usize, usize, EdgeId, Amount)],
        t: usize,
    ) -> Option<Vec<usize>> {
        let m = self.m;
        let mut adj: Vec<Vec<usize>> = vec![Vec::new(); m];
        for (i, e) in edges.iter().enumerate() {
            if e.3 > 0 {
                adj[e.0].push(i);
            }
        }
        let width = &mut self.best[..m];
        width.fill(0);
        width[0] = Amount::MAX;
        let par = &mut self.par[..m];
        par.fill(u32::MAX);
        let mut done = vec![false; m];
        let mut heap = std::collections::BinaryHeap::from([(Amount::MAX, 0usize)]);
        while let Some((w, u)) = heap.pop() {
            if done[u] || w < width[u] {
                continue;
            }
            done[u] = true;
            if u == t {
                break;
            }
            for &i in &adj[u] {
                let (_, v, _, f) = edges[i];
                let c = w.min(f);
                if !done[v] && c > width[v] {
                    width[v] = c;
                    par[v] = u32::try_from(i).ok()?;
                    heap.push((c, v));
                }
            }
        }
        if width[t] == 0 {
            return None;
        }
        let mut path = Vec::new();
        let mut v = t;
        while v != 0 {
            let i = par[v] as usize;
            path.push(i);
            v = edges[i].0;
        }
        path.reverse();
        Some(path)
    }

    /// Widest walk of at most `layers` edges, layer by layer (layer `l` holds, per node, the
    /// widest walk of `l` edges from the source), cut short to a simple path where it repeats
    /// a node (which can only widen it).
    fn widest_layered(
        &mut self,
        edges: &[(usize, usize, EdgeId, Amount)],
        t: usize,
    ) -> Option<Vec<usize>> {
        let m = self.m;
        let (prev, cur) = self.best.split_at_mut(m);
        prev.fill(0);
        prev[0] = Amount::MAX;
        let mut top = (0 as Amount, 0usize);
        for l in 1..=self.layers {
            cur.fill(0);
            let mut any = false;
            for (i, &(u, v, _, f)) in edges.iter().enumerate() {
                let w = prev[u].min(f);
                if w > cur[v] {
                    cur[v] = w;
                    self.par[Self::slot(m, l, v)] = u32::try_from(i).ok()?;
                    any = true;
                }
            }
            if cur[t] > top.0 {
                top = (cur[t], l);
            }
            if !any {
                break;
            }
            prev.copy_from_slice(cur);
        }
        if top.0 == 0 {
            return None;
        }
        let mut walk = Vec::with_capacity(top.1);
        let (mut v, mut l) = (t, top.1);
        while let Some(below) = l.checked_sub(1) {
            let i = self.par[Self::slot(m, l, v)] as usize;
            walk.push(i);
            v = edges[i].0;
            l = below;
        }
        walk.reverse();
        let mut simple: Vec<usize> = Vec::with_capacity(walk.len());
        let mut nodes = vec![0usize];
        for i in walk {
            let v = edges[i].1;
            if let Some(j) = nodes.iter().position(|&n| n == v) {
                #[allow(clippy::arithmetic_side_effects)] // j is an index of nodes
                let through_v = j + 1;
                nodes.truncate(through_v);
                simple.truncate(j);
            } else {
                nodes.push(v);
                simple.push(i);
            }
        }
        Some(simple)
    }
}

#[cfg(test)]
mod tests {
    // Test graphs are small: ids and amounts fit, index arithmetic cannot overflow.
    #![allow(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]

    use super::*;

    #[test]
    fn widest_in_flow_both_ways() {
        // With room for any simple path, the layered search and the plain widest-path search
        // find the same width; a tighter hop cap never finds a wider one.
        let mut rng = crate::generate::SplitMix64::new(5);
        for _ in 0..300 {
            let m = 2 + rng.below(10);
            let edges: Vec<(usize, usize, EdgeId, Amount)> = (0..rng.below(30))
                .map(|i| {
                    let (u, v) = (rng.below(m), rng.below(m));
                    (u, v, i as EdgeId, rng.below(9) as Amount)
                })
                .filter(|e| e.0 != e.1)
                .collect();
            let t = 1 + rng.below(m - 1);
            let width = |p: Option<Vec<usize>>| {
                p.map_or(0, |p| {
                    // A simple path from 0 to t.
                    let mut at = 0;
                    let mut seen = vec![0];
                    for &i in &p {
                        assert_eq!(edges[i].0, at);
                        at = edges[i].1;
                        assert!(!seen.contains(&at));
                        seen.push(at);
                    }
                    assert_eq!(at, t);
                    p.iter().map(|&i| edges[i].3).min().unwrap_or(0)
                })
            };
            let plain = width(FlowSearch::new(m, usize::MAX).widest(&edges, t));
            let mut all_layers = FlowSearch::new(m, usize::MAX);
            all_layers.layers = m - 1;
            all_layers.par = vec![u32::MAX; m * m];
            let layered = width(all_layers.widest(&edges, t));
            assert_eq!(plain, layered, "{edges:?} to {t}");
            let capped = width(FlowSearch::new(m, 2).widest(&edges, t));
            assert!(capped <= plain);
        }
    }
}
