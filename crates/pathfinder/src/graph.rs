//! The trust graph: nodes, directed edges of two kinds, and their capacities.

use crate::{Amount, EdgeKind, NodeId};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Index of an edge in [`Graph::edges`]'s storage order.
pub(crate) type EdgeId = u32;

/// One stored edge. An edge whose capacity drops to 0 keeps its slot (so that ids stay stable
/// and updates stay O(1)) but is invisible to routing.
#[derive(Debug, Clone)]
pub(crate) struct Edge {
    pub(crate) cap: Amount,
    pub(crate) from: NodeId,
    pub(crate) to: NodeId,
    pub(crate) kind: EdgeKind,
}

/// A multiplicative hasher for the fixed-size edge keys: the keys are not attacker-chosen
/// in any way that matters here, and the default SipHash costs more than the rest of an
/// update.
#[derive(Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
}

type EdgeIndex = HashMap<(NodeId, NodeId, EdgeKind), EdgeId, BuildHasherDefault<KeyHasher>>;

/// A directed multigraph of trust banks: between an ordered pair of nodes there is at most one
/// edge of each [`EdgeKind`], each with its own capacity.
///
/// Updates ([`Graph::set_capacity`]) cost O(1) expected time; queries read the graph through
/// per-node adjacency lists.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub(crate) edges: Vec<Edge>,
    /// Outgoing edge ids per node.
    pub(crate) out: Vec<Vec<EdgeId>>,
    /// Incoming edge ids per node.
    pub(crate) inc: Vec<Vec<EdgeId>>,
    index: EdgeIndex,
    /// Number of edges with capacity > 0.
    live: usize,
}

impl Graph {
    /// An empty graph.
    pub fn new() -> Self {
        Self::default()
    }

    /// A graph of `n` nodes (ids `0..n`) and no edges.
    pub fn with_nodes(n: usize) -> Self {
        Self {
            out: vec![Vec::new(); n],
            inc: vec![Vec::new(); n],
            ..Self::default()
        }
    }

    /// Adds a node without edges and returns its id.
    ///
    /// # Panics
    /// If the graph already has `u32::MAX` nodes.
    pub fn add_node(&mut self) -> NodeId {
        let id = NodeId::try_from(self.out.len()).expect("node ids are u32");
        self.out.push(Vec::new());
        self.inc.push(Vec::new());
        id
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.out.len()
    }

    /// Number of edges with capacity > 0.
    pub fn edge_count(&self) -> usize {
        self.live
    }

    /// Creates or updates the edge `from -> to` of `kind` in O(1) expected time. A capacity of
    /// 0 removes the edge from routing. Ids beyond the current node count grow the graph to
    /// include them.
    ///
    /// # Panics
    /// If the graph would need more than `u32::MAX` edge slots (or, where `usize` has 32
    /// bits, a node id is `u32::MAX`).
    pub fn set_capacity(&mut self, from: NodeId, to: NodeId, kind: EdgeKind, cap: Amount) {
        if let Some(&e) = self.index.get(&(from, to, kind)) {
            let edge = &mut self.edges[e as usize];
            match (edge.cap > 0, cap > 0) {
                #[allow(clippy::arithmetic_side_effects)] // live < edges.len(): e is not counted
                (false, true) => self.live += 1,
                #[allow(clippy::arithmetic_side_effects)] // live >= 1: e is counted
                (true, false) => self.live -= 1,
                _ => {}
            }
            edge.cap = cap;
            return;
        }
        if cap == 0 {
            return;
        }
        let needed = (from.max(to) as usize)
            .checked_add(1)
            .expect("node ids fit in usize");
        if self.out.len() < needed {
            self.out.resize_with(needed, Vec::new);
            self.inc.resize_with(needed, Vec::new);
        }
        let e = EdgeId::try_from(self.edges.len()).expect("edge ids are u32");
        self.edges.push(Edge {
            cap,
            from,
            to,
            kind,
        });
        self.out[from as usize].push(e);
        self.inc[to as usize].push(e);
        self.index.insert((from, to, kind), e);
        #[allow(clippy::arithmetic_side_effects)] // live < edges.len(): e was just pushed
        let live = self.live + 1;
        self.live = live;
    }

    /// The capacity of the edge `from -> to` of `kind` (0 if there is none).
    pub fn capacity(&self, from: NodeId, to: NodeId, kind: EdgeKind) -> Amount {
        self.index
            .get(&(from, to, kind))
            .map_or(0, |&e| self.edges[e as usize].cap)
    }

    /// Every edge with capacity > 0 as `(from, to, kind, capacity)`, in creation order.
    pub fn edges(&self) -> impl Iterator<Item = (NodeId, NodeId, EdgeKind, Amount)> + '_ {
        self.edges
            .iter()
            .filter(|e| e.cap > 0)
            .map(|e| (e.from, e.to, e.kind, e.cap))
    }

    /// Whether `id` names a node of this graph.
    pub(crate) fn has(&self, id: NodeId) -> bool {
        (id as usize) < self.out.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EdgeKind::{Issue, Return};

    #[test]
    fn set_update_and_remove() {
        let mut g = Graph::with_nodes(3);
        g.set_capacity(0, 1, Issue, 5);
        g.set_capacity(0, 1, Return, 7);
        assert_eq!(g.edge_count(), 2);
        assert_eq!(g.capacity(0, 1, Issue), 5);
        assert_eq!(g.capacity(0, 1, Return), 7);
        assert_eq!(g.capacity(1, 0, Issue), 0);
        g.set_capacity(0, 1, Issue, 9);
        assert_eq!(g.capacity(0, 1, Issue), 9);
        assert_eq!(g.edge_count(), 2);
        g.set_capacity(0, 1, Issue, 0);
        assert_eq!(g.edge_count(), 1);
        assert_eq!(g.capacity(0, 1, Issue), 0);
        assert_eq!(g.edges().collect::<Vec<_>>(), vec![(0, 1, Return, 7)]);
        g.set_capacity(0, 1, Issue, 1);
        assert_eq!(g.edge_count(), 2);
        // Removing an edge that never existed changes nothing.
        g.set_capacity(2, 0, Issue, 0);
        assert_eq!(g.edge_count(), 2);
        assert_eq!(g.edges.len(), 2);
    }

    #[test]
    fn grows_to_fit_ids() {
        let mut g = Graph::new();
        assert_eq!(g.add_node(), 0);
        g.set_capacity(4, 2, Issue, 1);
        assert_eq!(g.node_count(), 5);
        assert_eq!(g.add_node(), 5);
    }
}
