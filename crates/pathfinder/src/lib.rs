//! Routes payments over a web of trust.
//!
//! Nodes are trust banks. An edge `u -> v` says that `u` can pay `v` up to its capacity:
//! by issuing its own notes ([`EdgeKind::Issue`], capacity = `v`'s free line at `u`) or by
//! handing back notes of `v` that `u` holds ([`EdgeKind::Return`], capacity = that holding).
//! Between one ordered pair both kinds may exist, as two edges with separate capacities.
//!
//! [`find_routes`] splits a payment into at most `max_routes` simple paths of at most
//! `max_hops` hops whose amounts, added up per edge, never exceed the edge's capacity: the
//! shape the router contract's `pay_along` executes, one route after another.
//! [`max_flow`] is the same search without caps, [`upper_bound`] a bound no capped plan can
//! beat (to judge plans by), [`distance`] the fewest hops. [`cost`] estimates what a plan
//! costs the router in one call and cuts a plan into calls that fit a call's budget.
//! [`load_ratings`] reads the Bitcoin OTC "who trusts whom" ratings as a graph, and
//! [`generate`] scales such a graph up for benchmarks.
//!
//! ```
//! use vouch_pathfinder::{find_routes, max_flow, EdgeKind, Graph, Limits};
//!
//! // 0 -> 1 -> 2 carries 4 (the second hop is the bottleneck), 0 -> 2 directly carries 2.
//! let mut g = Graph::with_nodes(3);
//! g.set_capacity(0, 1, EdgeKind::Issue, 5);
//! g.set_capacity(1, 2, EdgeKind::Issue, 4);
//! g.set_capacity(0, 2, EdgeKind::Return, 2);
//!
//! let plan = find_routes(&g, 0, 2, None, Limits::default());
//! assert_eq!(plan.deliverable, 6);
//! assert_eq!(plan.deliverable, max_flow(&g, 0, 2));
//!
//! // One hop only: just the direct edge.
//! let short = find_routes(&g, 0, 2, None, Limits { max_hops: 1, max_routes: 8 });
//! assert_eq!(short.deliverable, 2);
//! assert_eq!(short.routes[0].hops, vec![(2, EdgeKind::Return)]);
//!
//! // A lowered line is seen by the next query.
//! g.set_capacity(1, 2, EdgeKind::Issue, 1);
//! assert_eq!(find_routes(&g, 0, 2, Some(10), Limits::default()).deliverable, 3);
//! ```

pub mod cost;
pub mod generate;
mod graph;
mod otc;
mod route;

pub use cost::{CostModel, Weight};
pub use generate::scaled;
pub use graph::Graph;
pub use otc::{load_ratings, LoadError, NamedGraph, NamedRoute, RouteReport};
pub use route::{distance, find_routes, max_flow, upper_bound};

/// An amount of credit (smallest units).
pub type Amount = u128;

/// A node of a [`Graph`]: ids are `0..node_count`.
pub type NodeId = u32;

/// How a hop pays the next node.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum EdgeKind {
    /// The payer issues its own notes to the next node (uses the next node's free line).
    Issue,
    /// The payer hands back notes of the next node that it holds.
    Return,
}

/// The router's caps on one payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Hops per route (the router accepts at most 16).
    pub max_hops: usize,
    /// Routes per payment (the router accepts at most 8).
    pub max_routes: usize,
}

impl Limits {
    /// Caps that never bind: any number of hops and routes.
    pub const UNCAPPED: Limits = Limits {
        max_hops: usize::MAX,
        max_routes: usize::MAX,
    };
}

impl Default for Limits {
    /// The router's caps (`vouch_traits::router`): 16 hops, 8 routes.
    fn default() -> Self {
        Self {
            max_hops: vouch_traits::router::MAX_HOPS as usize,
            max_routes: vouch_traits::router::MAX_ROUTES as usize,
        }
    }
}

/// One route of a payment: the nodes after the source, each with the kind of edge that
/// reaches it (the last node is the target), and the amount the route carries.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Route {
    pub hops: Vec<(NodeId, EdgeKind)>,
    pub amount: Amount,
}

/// The routes of one payment; `deliverable` is the sum of their amounts.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Plan {
    pub deliverable: Amount,
    pub routes: Vec<Route>,
}
