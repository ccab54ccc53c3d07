//! The Bitcoin OTC ratings format, as a graph of named nodes.
//!
//! Rows are `source,target,rating[,time]`; ids are strings, a header line is optional. A
//! rating `r > 0` from A to B lets B pay A up to `r × unit`: an [`EdgeKind::Issue`] edge
//! `B -> A` of capacity `r × unit` (B issues its notes, which A is willing to hold). A rating
//! `r <= 0` adds no edge. When a pair is rated again, the later row replaces the earlier one
//! (so a later non-positive rating removes the edge).

use crate::{Amount, EdgeKind, Graph, NodeId, Plan};
use serde::Serialize;
use std::collections::HashMap;
use std::io::BufRead;

/// A graph whose nodes have names.
#[derive(Debug, Clone, Default)]
pub struct NamedGraph {
    pub graph: Graph,
    /// The name of node `i` at index `i`.
    pub names: Vec<String>,
    index: HashMap<String, NodeId>,
}

/// Why a ratings file could not be read. Line numbers start at 1.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The reader failed.
    #[error("line {line}: read failed: {source}")]
    Io {
        line: usize,
        #[source]
        source: std::io::Error,
    },
    /// A row without 3 or 4 comma-separated fields.
    #[error("line {line}: expected `source,target,rating[,time]`, found {found} field(s)")]
    Fields { line: usize, found: usize },
    /// An empty source or target id.
    #[error("line {line}: empty node id")]
    EmptyId { line: usize },
    /// A rating that is not an integer.
    #[error("line {line}: rating `{value}` is not an integer")]
    Rating { line: usize, value: String },
    /// A time that is not an integer.
    #[error("line {line}: time `{value}` is not an integer")]
    Time { line: usize, value: String },
    /// `rating × unit` does not fit in an amount.
    #[error("line {line}: rating {rating} times the unit overflows")]
    Overflow { line: usize, rating: i64 },
    /// More distinct ids than node ids.
    #[error("line {line}: too many nodes")]
    TooManyNodes { line: usize },
}

/// A route with node names: `hops` is the whole path, source and target included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedRoute {
    pub hops: Vec<String>,
    pub amount: Amount,
}

/// A plan with node names, as `vouch route --json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RouteReport {
    pub deliverable: Amount,
    pub routes: Vec<NamedRoute>,
}

impl NamedGraph {
    /// The node called `name`.
    pub fn id(&self, name: &str) -> Option<NodeId> {
        self.index.get(name).copied()
    }

    /// The name of node `id`.
    ///
    /// # Panics
    /// If `id` is not a node of this graph.
    pub fn name(&self, id: NodeId) -> &str {
        &self.names[id as usize]
    }

    /// The node called `name`, created (without edges) if there is none.
    ///
    /// # Panics
    /// If the graph already has `u32::MAX` nodes.
    pub fn intern(&mut self, name: &str) -> NodeId {
        if let Some(id) = self.id(name) {
            return id;
        }
        let id = self.graph.add_node();
        while self.names.len() < id as usize {
            // Nodes added to the graph directly get their id as a name.
            let n = self.names.len();
            self.names.push(n.to_string());
        }
        self.names.push(name.to_owned());
        self.index.insert(name.to_owned(), id);
        id
    }

    /// `plan` (made from `from`) with names: each route's hops start with `from`'s name.
    pub fn report(&self, from: NodeId, plan: &Plan) -> RouteReport {
        RouteReport {
            deliverable: plan.deliverable,
            routes: plan
                .routes
                .iter()
                .map(|r| NamedRoute {
                    hops: std::iter::once(from)
                        .chain(r.hops.iter().map(|&(n, _)| n))
                        .map(|n| self.name(n).to_owned())
                        .collect(),
                    amount: r.amount,
                })
                .collect(),
        }
    }
}

/// Reads ratings rows (see the module docs) into a graph; every id named in a valid row
/// becomes a node, in order of first appearance. Blank lines are skipped; a first line whose
/// rating field is not a number is taken as a header.
///
/// # Errors
/// [`LoadError`] with the line number for a failed read or a malformed row.
///
/// ```
/// use vouch_pathfinder::{load_ratings, EdgeKind::Issue};
/// let csv = "source,target,rating,time\nalice,bob,3,1\nbob,alice,-2,2\n";
/// let g = load_ratings(csv.as_bytes(), 100).unwrap();
/// let (a, b) = (g.id("alice").unwrap(), g.id("bob").unwrap());
/// assert_eq!(g.graph.capacity(b, a, Issue), 300); // bob can pay alice
/// assert_eq!(g.graph.capacity(a, b, Issue), 0);
/// assert!(load_ratings("a,b\n".as_bytes(), 1).unwrap_err().to_string().starts_with("line 1"));
/// ```
pub fn load_ratings(reader: impl BufRead, unit: Amount) -> Result<NamedGraph, LoadError> {
    let mut g = NamedGraph::default();
    for (i, row) in reader.lines().enumerate() {
        let line = i.saturating_add(1); // i < usize::MAX: no reader yields 2^64 lines
        let row = row.map_err(|source| LoadError::Io { line, source })?;
        let row = row.trim();
        if row.is_empty() {
            continue;
        }
        let fields: Vec<&str> = row.split(',').map(str::trim).collect();
        if !(3..=4).contains(&fields.len()) {
            return Err(LoadError::Fields {
                line,
                found: fields.len(),
            });
        }
        let rating: i64 = match fields[2].parse() {
            Ok(r) => r,
            Err(_) if line == 1 => continue, // a header
            Err(_) => {
                return Err(LoadError::Rating {
                    line,
                    value: fields[2].to_owned(),
                })
            }
        };
        if let Some(time) = fields.get(3) {
            if time.parse::<i64>().is_err() {
                return Err(LoadError::Time {
                    line,
                    value: (*time).to_owned(),
                });
            }
        }
        let (source, target) = (fields[0], fields[1]);
        if source.is_empty() || target.is_empty() {
            return Err(LoadError::EmptyId { line });
        }
        let cap = if rating > 0 {
            Amount::from(rating.unsigned_abs())
                .checked_mul(unit)
                .ok_or(LoadError::Overflow { line, rating })?
        } else {
            0
        };
        if g.names.len() >= (NodeId::MAX - 1) as usize {
            return Err(LoadError::TooManyNodes { line });
        }
        let a = g.intern(source);
        let b = g.intern(target);
        if a != b {
            g.graph.set_capacity(b, a, EdgeKind::Issue, cap);
        }
    }
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{find_routes, Limits};
    use EdgeKind::Issue;

    fn load(s: &str) -> Result<NamedGraph, LoadError> {
        load_ratings(s.as_bytes(), 10)
    }

    #[test]
    fn with_and_without_header() {
        let body = "1,2,4,100\n2,3,-1,101\n3,1,10\n";
        let plain = load(body).unwrap();
        let headed = load(&format!("source,target,rating,time\n{body}")).unwrap();
        for g in [&plain, &headed] {
            assert_eq!(g.names, vec!["1", "2", "3"]);
            assert_eq!(g.graph.edge_count(), 2);
            let id = |n| g.id(n).unwrap();
            assert_eq!(g.graph.capacity(id("2"), id("1"), Issue), 40);
            assert_eq!(g.graph.capacity(id("3"), id("2"), Issue), 0);
            assert_eq!(g.graph.capacity(id("1"), id("3"), Issue), 100);
            assert_eq!(g.name(id("3")), "3");
        }
        assert_eq!(plain.id("4"), None);
    }

    #[test]
    fn bad_rows_name_their_line() {
        let err = |s: &str| load(s).unwrap_err().to_string();
        assert_eq!(
            err("1,2,3\n\n1,2\n"),
            "line 3: expected `source,target,rating[,time]`, found 2 field(s)"
        );
        assert_eq!(
            err("1,2,3\n2,3,x\n"),
            "line 2: rating `x` is not an integer"
        );
        assert_eq!(err("1,2,3,now\n"), "line 1: time `now` is not an integer");
        assert_eq!(err("1,2,3\n,2,3\n"), "line 2: empty node id");
        assert_eq!(
            err("1,2,3,4,5\n"),
            "line 1: expected `source,target,rating[,time]`, found 5 field(s)"
        );
        let overflow = load_ratings("1,2,3\n".as_bytes(), Amount::MAX).unwrap_err();
        assert!(matches!(
            overflow,
            LoadError::Overflow { line: 1, rating: 3 }
        ));
    }

    #[test]
    fn later_rating_replaces_earlier() {
        let g = load("a,b,5\na,b,2\nc,d,5\nc,d,-3\ne,f,-3\ne,f,1\n").unwrap();
        let id = |n| g.id(n).unwrap();
        assert_eq!(g.graph.capacity(id("b"), id("a"), Issue), 20);
        assert_eq!(g.graph.capacity(id("d"), id("c"), Issue), 0);
        assert_eq!(g.graph.capacity(id("f"), id("e"), Issue), 10);
        assert_eq!(g.graph.edge_count(), 2);
        assert_eq!(g.names.len(), 6);
    }

    #[test]
    fn self_ratings_add_nothing() {
        let g = load("a,a,5\n").unwrap();
        assert_eq!(g.graph.edge_count(), 0);
        assert_eq!(g.names, vec!["a"]);
    }

    #[test]
    fn report_names_the_whole_path() {
        // alice trusts bob, bob trusts carol: carol can pay alice through bob.
        let g = load("alice,bob,2\nbob,carol,3\n").unwrap();
        let (a, c) = (g.id("alice").unwrap(), g.id("carol").unwrap());
        let plan = find_routes(&g.graph, c, a, None, Limits::default());
        let report = g.report(c, &plan);
        assert_eq!(report.deliverable, 20);
        assert_eq!(report.routes.len(), 1);
        assert_eq!(report.routes[0].hops, vec!["carol", "bob", "alice"]);
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"deliverable": 20, "routes": [{"hops": ["carol", "bob", "alice"], "amount": 20}]})
        );
    }
}
