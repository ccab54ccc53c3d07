//! The trust graph as the pathfinder sees it, read from live bank state and kept current one
//! line at a time.
//!
//! Nodes are banks, plus any person who holds notes in their own name (a granted budget):
//! such a person can only start a route. A line at bank `A` for holder `B` gives
//! - when `B` is a bank: an `Issue` edge `A -> B` (A issues its notes to B, capacity
//!   `min(limit, willing) - held`) and a `Return` edge `B -> A` (B hands A's notes back,
//!   capacity `held`);
//! - when `B` is a person: a `Return` edge `B -> A` (capacity `held`), the first hop of a
//!   route that starts from held notes.
//!
//! Loading reads every bank's lines through the paginated `lines` view; [`TrustGraph::apply`]
//! updates the two edges of one changed line without reloading anything.

use crate::{ink_id, BankRef, CallError, Ledger};
use ink_sandbox::AccountId32;
use std::collections::{HashMap, HashSet};
use vouch_pathfinder::{EdgeKind, Graph, NodeId, Plan};
use vouch_traits::{Hop, Line, Route, Settle, Start};

/// The trust graph of a set of banks.
#[derive(Debug, Clone, Default)]
pub struct TrustGraph {
    pub graph: Graph,
    nodes: Vec<AccountId32>,
    ids: HashMap<AccountId32, NodeId>,
    banks: HashSet<AccountId32>,
    /// Lines read so far: (bank, holder) -> line.
    lines: HashMap<(AccountId32, AccountId32), Line>,
}

impl TrustGraph {
    /// An empty graph over `banks`.
    pub fn new(banks: impl IntoIterator<Item = AccountId32>) -> Self {
        let mut g = Self::default();
        for b in banks {
            g.banks.insert(b.clone());
            g.node_or_add(&b);
        }
        g
    }

    /// Reads every line of every bank in `banks`.
    pub fn load<L: Ledger>(
        ledger: &mut L,
        banks: impl IntoIterator<Item = AccountId32>,
    ) -> Result<Self, CallError> {
        let mut g = Self::new(banks);
        let all: Vec<AccountId32> = g.nodes.clone();
        for bank in all {
            for (holder, line) in BankRef::at(bank.clone()).all_lines(ledger)? {
                g.apply(&bank, &holder, line);
            }
        }
        Ok(g)
    }

    fn node_or_add(&mut self, who: &AccountId32) -> NodeId {
        if let Some(&id) = self.ids.get(who) {
            return id;
        }
        let id = self.graph.add_node();
        self.nodes.push(who.clone());
        self.ids.insert(who.clone(), id);
        id
    }

    /// Applies the current state of one line (bank `bank`, holder `holder`).
    pub fn apply(&mut self, bank: &AccountId32, holder: &AccountId32, line: Line) {
        let a = self.node_or_add(bank);
        let b = self.node_or_add(holder);
        if self.banks.contains(holder) {
            self.graph
                .set_capacity(a, b, EdgeKind::Issue, line.capacity());
        }
        self.graph.set_capacity(b, a, EdgeKind::Return, line.held);
        self.lines.insert((bank.clone(), holder.clone()), line);
    }

    /// Reads one line from the chain and applies it.
    pub fn refresh<L: Ledger>(
        &mut self,
        ledger: &mut L,
        bank: &AccountId32,
        holder: &AccountId32,
    ) -> Result<(), CallError> {
        let line = BankRef::at(bank.clone()).line(ledger, holder)?;
        self.apply(bank, holder, line);
        Ok(())
    }

    /// Makes `bank` one of the graph's banks (a bank registered after the graph was
    /// built, as a follower of the chain learns of it): lines it holds at other banks gain
    /// their `Issue` edge. Returns whether it was new.
    pub fn add_bank(&mut self, bank: &AccountId32) -> bool {
        if !self.banks.insert(bank.clone()) {
            return false;
        }
        self.node_or_add(bank);
        let held: Vec<(AccountId32, Line)> = self
            .lines
            .iter()
            .filter(|((_, holder), _)| holder == bank)
            .map(|((issuer, _), line)| (issuer.clone(), *line))
            .collect();
        for (issuer, line) in held {
            self.apply(&issuer, bank, line);
        }
        true
    }

    /// Reads every line of `bank` from the chain and applies them, making it a bank of the
    /// graph first.
    pub fn load_bank<L: Ledger>(
        &mut self,
        ledger: &mut L,
        bank: &AccountId32,
    ) -> Result<(), CallError> {
        self.add_bank(bank);
        for (holder, line) in BankRef::at(bank.clone()).all_lines(ledger)? {
            self.apply(bank, &holder, line);
        }
        Ok(())
    }

    /// The banks of the graph.
    pub fn banks(&self) -> impl Iterator<Item = &AccountId32> {
        self.banks.iter()
    }

    /// Every node's account, by node id.
    pub fn accounts(&self) -> &[AccountId32] {
        &self.nodes
    }

    /// How many lines have been read.
    pub fn line_count(&self) -> usize {
        self.lines.len()
    }

    /// Every line read so far.
    pub fn lines(&self) -> impl Iterator<Item = (&AccountId32, &AccountId32, &Line)> {
        self.lines.iter().map(|((b, h), l)| (b, h, l))
    }

    pub fn is_bank(&self, who: &AccountId32) -> bool {
        self.banks.contains(who)
    }

    pub fn node(&self, who: &AccountId32) -> Option<NodeId> {
        self.ids.get(who).copied()
    }

    pub fn account(&self, id: NodeId) -> &AccountId32 {
        &self.nodes[id as usize]
    }

    /// Turns a plan found from `source` (a bank, or a person holding notes) into the
    /// router's routes. Routes the router cannot express (a person's notes handed straight to
    /// the receiver's bank, with no hop after) are left out: the result may carry less than
    /// the plan.
    pub fn to_routes(&self, source: NodeId, plan: &Plan) -> Vec<Route> {
        let from_person = !self.banks.contains(self.account(source));
        plan.routes
            .iter()
            .filter_map(|r| {
                let mut hops = r.hops.iter().map(|&(n, kind)| Hop {
                    to: ink_id(self.account(n)),
                    settle: match kind {
                        EdgeKind::Issue => Settle::Issue,
                        EdgeKind::Return => Settle::Return,
                    },
                });
                let start = if from_person {
                    let first = hops.next()?;
                    Start::HeldNotes(first.to)
                } else {
                    Start::OwnBank
                };
                let hops: Vec<Hop> = hops.collect();
                (!hops.is_empty()).then_some(Route {
                    amount: r.amount,
                    start,
                    hops,
                })
            })
            .collect()
    }
}
