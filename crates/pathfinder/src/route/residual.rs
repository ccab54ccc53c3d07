//! The residual graph the searches walk, and the per-search state they share.
//!
//! An [`Arc`] is an edge taken forwards (using its free capacity) or backwards (cancelling
//! flow on it); a [`Load`] is an amount per edge (a flow, or capacity already promised to
//! routes) and says what an arc can still carry. A [`Direction`] names the end a search
//! grows from, so that one piece of code can explore from the source along the arcs and from
//! the target against them. [`Scratch`] holds the per-node marks of a search, reused from
//! one search to the next without clearing.
//!
//! Complexity: every operation is O(1) (expected, for a [`Load`]'s hash map), except
//! [`Load::bottleneck`] and [`Load::push`], O(length of the path), and [`Scratch::begin`],
//! O(1) amortised (O(V) when the arrays grow, and once every 2³² searches).

use crate::graph::{EdgeId, Graph, KeyHasher};
use crate::{Amount, NodeId};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// A hash map keyed by edge or node ids, with the cheap [`KeyHasher`].
pub(super) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<KeyHasher>>;

/// A step of a residual path: an edge taken forwards, or backwards (cancelling flow on it).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Arc {
    pub(super) e: EdgeId,
    pub(super) fwd: bool,
}

impl Arc {
    /// Where the arc starts: the edge's tail going forwards, its head going backwards.
    pub(super) fn tail(self, g: &Graph) -> NodeId {
        let e = &g.edges[self.e as usize];
        if self.fwd {
            e.from
        } else {
            e.to
        }
    }

    /// Where the arc ends.
    pub(super) fn head(self, g: &Graph) -> NodeId {
        let e = &g.edges[self.e as usize];
        if self.fwd {
            e.to
        } else {
            e.from
        }
    }
}

/// An amount per edge (a flow, or capacity already promised to routes), stored only where
/// positive.
#[derive(Debug, Default)]
pub(super) struct Load(pub(super) FastMap<EdgeId, Amount>);

impl Load {
    /// Whether no edge carries anything.
    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(super) fn get(&self, e: EdgeId) -> Amount {
        self.0.get(&e).copied().unwrap_or(0)
    }

    pub(super) fn add(&mut self, e: EdgeId, x: Amount) {
        let v = self.0.entry(e).or_insert(0);
        *v = v.saturating_add(x);
    }

    pub(super) fn sub(&mut self, e: EdgeId, x: Amount) {
        if let Some(v) = self.0.get_mut(&e) {
            *v = v.saturating_sub(x);
            if *v == 0 {
                self.0.remove(&e);
            }
        }
    }

    /// What `arc` can still carry given this load as the flow.
    pub(super) fn residual(&self, g: &Graph, arc: Arc) -> Amount {
        if arc.fwd {
            g.edges[arc.e as usize].cap.saturating_sub(self.get(arc.e))
        } else {
            self.get(arc.e)
        }
    }

    /// What all of `path` can still carry (0 for an empty path).
    pub(super) fn bottleneck(&self, g: &Graph, path: &[Arc]) -> Amount {
        path.iter().map(|&a| self.residual(g, a)).min().unwrap_or(0)
    }

    /// Sends `x` along `path`: adds it to the edges taken forwards, takes it off the edges
    /// taken backwards.
    pub(super) fn push(&mut self, path: &[Arc], x: Amount) {
        for a in path {
            if a.fwd {
                self.add(a.e, x);
            } else {
                self.sub(a.e, x);
            }
        }
    }
}

/// The end a search grows from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    /// From the source, along the arcs (tail to head).
    Forward,
    /// From the target, against the arcs (head to tail).
    Backward,
}

impl Direction {
    /// The edges at `u` whose arcs this direction steps along: first those it takes
    /// forwards, then those it takes backwards. Forward: `u`'s outgoing edges, then its
    /// incoming ones (the arcs leaving `u`); backward: the other way round (the arcs
    /// entering `u`).
    fn lists(self, g: &Graph, u: NodeId) -> (&[EdgeId], &[EdgeId]) {
        let (out, inc) = (&g.out[u as usize][..], &g.inc[u as usize][..]);
        match self {
            Direction::Forward => (out, inc),
            Direction::Backward => (inc, out),
        }
    }

    /// The arcs at `u` this direction steps along (see [`Self::lists`]); the edges taken
    /// backwards only if `reverse`.
    pub(super) fn arcs(
        self,
        g: &Graph,
        u: NodeId,
        reverse: bool,
    ) -> impl Iterator<Item = Arc> + '_ {
        let (ahead, behind) = self.lists(g, u);
        let fwd = ahead.iter().map(|&e| Arc { e, fwd: true });
        let rev = behind.iter().map(|&e| Arc { e, fwd: false });
        fwd.chain(rev.take_while(move |_| reverse))
    }

    /// Arc `i` of [`Self::arcs`], for a search that keeps a current-arc pointer per node.
    pub(super) fn arc_at(self, g: &Graph, u: NodeId, i: usize, reverse: bool) -> Option<Arc> {
        let (ahead, behind) = self.lists(g, u);
        if let Some(&e) = ahead.get(i) {
            return Some(Arc { e, fwd: true });
        }
        if !reverse {
            return None;
        }
        i.checked_sub(ahead.len())
            .and_then(|j| behind.get(j))
            .map(|&e| Arc { e, fwd: false })
    }

    /// The end of `a` this direction steps to: its head going forwards, its tail going
    /// backwards.
    pub(super) fn far(self, a: Arc, g: &Graph) -> NodeId {
        match self {
            Direction::Forward => a.head(g),
            Direction::Backward => a.tail(g),
        }
    }

    /// The end of `a` this direction steps from.
    pub(super) fn near(self, a: Arc, g: &Graph) -> NodeId {
        match self {
            Direction::Forward => a.tail(g),
            Direction::Backward => a.head(g),
        }
    }
}

/// The labels one side of a search gives the nodes: `v` is labelled in the current search
/// where `seen[v]` is its number; then `par[v]` is the arc that labelled it and `dist[v]`
/// (where the search records it) its distance from that side's end.
#[derive(Default)]
pub(super) struct Marks {
    pub(super) seen: Vec<u32>,
    pub(super) par: Vec<Arc>,
    pub(super) dist: Vec<u32>,
}

impl Marks {
    fn resize(&mut self, n: usize) {
        self.seen.resize(n, 0);
        self.par.resize(n, Arc::default());
        self.dist.resize(n, 0);
    }
}

/// Reusable per-node marks for the two-sided search.
#[derive(Default)]
pub(super) struct Scratch {
    pub(super) epoch: u32,
    /// Labels grown from the source.
    pub(super) fwd: Marks,
    /// Labels grown from the target.
    pub(super) bwd: Marks,
    /// Current arc of each node in a blocking-flow phase (valid where `ptr_seen` is this
    /// search's number).
    pub(super) ptr: Vec<usize>,
    pub(super) ptr_seen: Vec<u32>,
}

impl Scratch {
    /// Starts a new search over `n` nodes: every node unmarked, in O(1) amortised.
    pub(super) fn begin(&mut self, n: usize) -> u32 {
        if self.fwd.seen.len() < n {
            self.fwd.resize(n);
            self.bwd.resize(n);
            self.ptr.resize(n, 0);
            self.ptr_seen.resize(n, 0);
        }
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.fwd.seen.fill(0);
            self.bwd.seen.fill(0);
            self.ptr_seen.fill(0);
            self.epoch = 1;
        }
        self.epoch
    }

    /// The labels of `dir`'s side.
    pub(super) fn side(&mut self, dir: Direction) -> &mut Marks {
        match dir {
            Direction::Forward => &mut self.fwd,
            Direction::Backward => &mut self.bwd,
        }
    }

    /// The labels of `dir`'s side, to write, and of the other side, to read.
    pub(super) fn sides(&mut self, dir: Direction) -> (&mut Marks, &Marks) {
        match dir {
            Direction::Forward => (&mut self.fwd, &self.bwd),
            Direction::Backward => (&mut self.bwd, &self.fwd),
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Runs `f` with this thread's [`Scratch`].
pub(super) fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|sc| f(&mut sc.borrow_mut()))
}
