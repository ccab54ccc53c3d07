//! Flow decomposition: a flow cut into simple `s -> t` paths, with the cycles met on the
//! way cancelled.
//!
//! Complexity: O(P · n + F) for P paths and cycles of at most n nodes each and F edges
//! carrying flow (each walk follows, per node, the last edge that still carries something).

use super::residual::{FastMap, Load};
use super::EdgePath;
use crate::graph::{EdgeId, Graph};
use crate::NodeId;

/// Splits a flow out of `s` into simple `s -> t` paths, cancelling the cycles met on the way
/// (a cycle adds nothing to the value). O(P · n) for P paths and cycles.
pub(super) fn decompose(g: &Graph, s: NodeId, t: NodeId, mut flow: Load) -> Vec<EdgePath> {
    let mut out: FastMap<NodeId, Vec<EdgeId>> = FastMap::default();
    let mut carrying: Vec<EdgeId> = flow.0.keys().copied().collect();
    carrying.sort_unstable();
    for e in carrying {
        out.entry(g.edges[e as usize].from).or_default().push(e);
    }
    let mut paths = Vec::new();
    let mut at: FastMap<NodeId, usize> = FastMap::default();
    loop {
        let mut nodes = vec![s];
        let mut edges: Vec<EdgeId> = Vec::new();
        at.clear();
        at.insert(s, 0);
        let mut u = s;
        while u != t {
            let list = out.entry(u).or_default();
            while list.last().is_some_and(|&e| flow.get(e) == 0) {
                list.pop();
            }
            let Some(&e) = list.last() else {
                // Nothing leaves `u`: with flow conserved this only happens at `s`, once
                // all of it is split.
                debug_assert_eq!(u, s, "flow is conserved");
                return paths;
            };
            let v = g.edges[e as usize].to;
            if let Some(&i) = at.get(&v) {
                // The walk closed a cycle v -> ... -> u -> v: cancel it, go on from v.
                let x = edges[i..]
                    .iter()
                    .chain([&e])
                    .map(|&c| flow.get(c))
                    .min()
                    .unwrap_or(0);
                for &c in edges[i..].iter().chain([&e]) {
                    flow.sub(c, x);
                }
                #[allow(clippy::arithmetic_side_effects)] // i is the index of v in nodes
                let after_v = i + 1;
                for n in nodes.drain(after_v..) {
                    at.remove(&n);
                }
                edges.truncate(i);
                u = v;
                continue;
            }
            at.insert(v, nodes.len());
            nodes.push(v);
            edges.push(e);
            u = v;
        }
        let x = edges.iter().map(|&e| flow.get(e)).min().unwrap_or(0);
        for &e in &edges {
            flow.sub(e, x);
        }
        paths.push((edges, x));
    }
}
