//! The two-sided breadth-first search on the residual graph.
//!
//! One ball of labelled nodes grows from the source along residual arcs, another from the
//! target against them, one level at a time and always the side with the smaller frontier,
//! until the balls meet, one side runs out (the ends are cut apart) or the two depths
//! together reach the hop cap. Both sides run the same code ([`TwoSided::grow`]),
//! parameterised by [`Direction`]: which adjacency lists give a node's arcs, which end of an
//! arc is the next node, and which side's marks are written and which are read.
//!
//! [`shortest_path`] stops at the first node both balls reach and returns the fewest-arc
//! path through it; [`levels`] finishes the level in which they meet and leaves, for a
//! blocking flow, every node's distance from its side's end.
//!
//! Complexity: O(sum of the degrees of the nodes labelled), both sides together: at most
//! O(V + E), usually only the two small balls around the ends. Marks are reset in O(1)
//! (see [`Scratch::begin`]).

use super::residual::{Arc, Direction, Load, Marks, Scratch};
use crate::graph::{EdgeId, Graph};
use crate::NodeId;

/// What a search found.
#[derive(Debug)]
pub(super) enum Found {
    Path(Vec<Arc>),
    /// No path fits the hop cap (a longer one may exist).
    TooLong,
    /// The target cannot be reached at all.
    Cut,
}

/// How a phase's labelling ended.
pub(super) enum Layers {
    /// The two sides met; the meeting nodes have this distance from the source.
    Meet(u32),
    TooLong,
    Cut,
}

/// When a search stops once the two sides meet.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Until {
    /// At the first node labelled by both sides.
    FirstMeeting,
    /// At the end of the level in which they meet.
    LevelDone,
}

/// How a search ended.
enum Stop {
    /// The sides met at `node`; the source side had grown `from_source` levels.
    Met {
        node: NodeId,
        from_source: u32,
    },
    TooLong,
    Cut,
}

/// One side's frontier: the nodes it labelled last, `depth` arcs from its end.
struct Frontier {
    dir: Direction,
    nodes: Vec<NodeId>,
    depth: u32,
}

/// A two-sided search over the arcs with residual capacity under `load` that `allow`
/// accepts; backward arcs (undoing load) only if `reverse`.
struct TwoSided<'a, F> {
    g: &'a Graph,
    load: &'a Load,
    reverse: bool,
    allow: F,
    until: Until,
}

impl<F: Fn(EdgeId) -> bool> TwoSided<'_, F> {
    fn run(&self, sc: &mut Scratch, s: NodeId, t: NodeId, max_hops: usize) -> Stop {
        let ep = sc.begin(self.g.node_count());
        for (dir, end) in [(Direction::Forward, s), (Direction::Backward, t)] {
            let marks = sc.side(dir);
            marks.seen[end as usize] = ep;
            marks.dist[end as usize] = 0;
        }
        let side = |dir, end| Frontier {
            dir,
            nodes: vec![end],
            depth: 0,
        };
        let (mut front, mut back) = (side(Direction::Forward, s), side(Direction::Backward, t));
        let mut next = Vec::new();
        loop {
            if front.nodes.is_empty() || back.nodes.is_empty() {
                return Stop::Cut;
            }
            if (front.depth as usize).saturating_add(back.depth as usize) >= max_hops {
                return Stop::TooLong;
            }
            let grown = if front.nodes.len() <= back.nodes.len() {
                &mut front
            } else {
                &mut back
            };
            if let Some(node) = self.grow(sc, ep, grown, &mut next) {
                return Stop::Met {
                    node,
                    from_source: front.depth,
                };
            }
        }
    }

    /// Grows `side` by one level: labels (on its side) every node one allowed residual arc
    /// beyond its frontier that it has not labelled yet, in the order of the frontier and of
    /// each node's arcs. Returns a node the other side has labelled too, if any: the first
    /// one (the level left unfinished) or, with [`Until::LevelDone`], the first of the
    /// finished level.
    fn grow(
        &self,
        sc: &mut Scratch,
        ep: u32,
        side: &mut Frontier,
        next: &mut Vec<NodeId>,
    ) -> Option<NodeId> {
        let (mine, theirs): (&mut Marks, &Marks) = sc.sides(side.dir);
        let depth = side.depth.saturating_add(1);
        let mut met = None;
        next.clear();
        for &u in &side.nodes {
            for a in side.dir.arcs(self.g, u, self.reverse) {
                let v = side.dir.far(a, self.g);
                let vi = v as usize;
                if mine.seen[vi] == ep || self.load.residual(self.g, a) == 0 || !(self.allow)(a.e) {
                    continue;
                }
                mine.seen[vi] = ep;
                mine.par[vi] = a;
                mine.dist[vi] = depth;
                if theirs.seen[vi] == ep {
                    if self.until == Until::FirstMeeting {
                        return Some(v);
                    }
                    met = met.or(Some(v));
                }
                next.push(v);
            }
        }
        side.depth = depth;
        std::mem::swap(&mut side.nodes, next);
        met
    }
}

/// The arcs that labelled the nodes from `v` back to `end` on `dir`'s side, the one that
/// labelled `v` first.
fn trace(g: &Graph, marks: &Marks, dir: Direction, mut v: NodeId, end: NodeId) -> Vec<Arc> {
    let mut arcs = Vec::new();
    while v != end {
        let a = marks.par[v as usize];
        arcs.push(a);
        v = dir.near(a, g);
    }
    arcs
}

/// The fewest-arc path `s -> t` of at most `max_hops` arcs on which every arc has residual
/// capacity under `load` and `allow` accepts its edge; reverse arcs (undoing load) only if
/// `reverse`.
///
/// Cost: O(sum of the degrees of the nodes labelled), both sides together.
#[allow(clippy::too_many_arguments)]
pub(super) fn shortest_path(
    g: &Graph,
    sc: &mut Scratch,
    s: NodeId,
    t: NodeId,
    max_hops: usize,
    load: &Load,
    reverse: bool,
    allow: impl Fn(EdgeId) -> bool,
) -> Found {
    let search = TwoSided {
        g,
        load,
        reverse: reverse && !load.is_empty(),
        allow,
        until: Until::FirstMeeting,
    };
    match search.run(sc, s, t, max_hops) {
        Stop::Met { node, .. } => {
            let mut path = trace(g, &sc.fwd, Direction::Forward, node, s);
            path.reverse();
            path.extend(trace(g, &sc.bwd, Direction::Backward, node, t));
            Found::Path(path)
        }
        Stop::TooLong => Found::TooLong,
        Stop::Cut => Found::Cut,
    }
}

/// Labels the residual graph (reverse arcs included) for one blocking-flow phase: the same
/// two-sided search as [`shortest_path`], but it finishes the level where the sides meet and
/// records distances (`sc.fwd.dist` from `s`, `sc.bwd.dist` to `t`). Every shortest residual
/// path then runs through forward-labelled nodes up to a meeting node (all at the same
/// distance from `s`) and through backward-labelled nodes after it.
pub(super) fn levels(
    g: &Graph,
    sc: &mut Scratch,
    s: NodeId,
    t: NodeId,
    max_hops: usize,
    load: &Load,
    allow: impl Fn(EdgeId) -> bool,
) -> Layers {
    let search = TwoSided {
        g,
        load,
        reverse: !load.is_empty(),
        allow,
        until: Until::LevelDone,
    };
    match search.run(sc, s, t, max_hops) {
        Stop::Met { from_source, .. } => Layers::Meet(from_source),
        Stop::TooLong => Layers::TooLong,
        Stop::Cut => Layers::Cut,
    }
}
