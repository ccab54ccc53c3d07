//! The contract is the oracle for the pathfinder: on random webs of trust (issue lines both
//! ways, and notes already held so that netting `Return` edges exist), every plan the
//! pathfinder makes from live chain state must execute through the router's `pay_along`
//! without failure and deliver exactly what the plan says; and the graph it keeps current
//! line by line must equal a fresh read of the chain afterwards.
//! Build the bundles first: `scripts/build-contracts`.

use proptest::prelude::*;
use vouch_pathfinder::{find_routes, EdgeKind, Limits};
use vouch_sandbox_tests::graph::TrustGraph;
use vouch_sandbox_tests::AccountId32;
use vouch_sandbox_tests::{BankRef, Chain, ChainExt};
use vouch_traits::{Balance, Hop, Route, Settle, Start};

struct Web {
    chain: Chain,
    router: AccountId32,
    people: Vec<AccountId32>,
    banks: Vec<BankRef>,
}

/// `n` banks registered with one router, with `lines` `(issuer, holder, amount)` opened on
/// both sides (the issuer's limit and the holder's willingness).
fn web(n: usize, lines: &[(usize, usize, Balance)]) -> Web {
    let mut chain = Chain::new();
    let admin = chain.person("admin");
    let router = chain.deploy_router(&admin);
    let mut people = Vec::new();
    let mut banks = Vec::new();
    for i in 0..n {
        let p = chain.person(&format!("p{i}"));
        let b = chain.deploy_bank(&p, &format!("P{i}"));
        b.set_router(&mut chain, &p, &router, true).unwrap();
        chain.register(&router, &p, &b.addr).unwrap();
        people.push(p);
        banks.push(b);
    }
    for &(i, j, amount) in lines {
        if i == j {
            continue;
        }
        let (issuer, holder) = (banks[i].clone(), banks[j].clone());
        issuer
            .set_limit(&mut chain, &people[i], &holder.addr, amount)
            .unwrap();
        holder
            .trust(&mut chain, &people[j], &issuer, amount)
            .unwrap();
    }
    Web {
        chain,
        router,
        people,
        banks,
    }
}

impl Web {
    fn graph(&mut self) -> TrustGraph {
        let banks: Vec<AccountId32> = self.banks.iter().map(|b| b.addr.clone()).collect();
        TrustGraph::load(&mut self.chain, banks).expect("lines read")
    }

    /// Single-hop payments so that banks hold each other's notes (netting edges).
    fn warm_up(&mut self, pays: &[(usize, usize, Balance)]) {
        for &(i, j, amount) in pays {
            let mut g = self.graph();
            let (a, b) = (&self.banks[i].addr, &self.banks[j].addr);
            let (Some(na), Some(nb)) = (g.node(a), g.node(b)) else {
                continue;
            };
            let cap = g.graph.capacity(na, nb, EdgeKind::Issue);
            let amount = amount.min(cap);
            if i == j || amount == 0 {
                continue;
            }
            let route = Route {
                amount,
                start: Start::OwnBank,
                hops: vec![Hop {
                    to: self.banks[j].id(),
                    settle: Settle::Issue,
                }],
            };
            let (router, payer, to) = (
                self.router.clone(),
                self.people[i].clone(),
                self.people[j].clone(),
            );
            self.chain
                .pay_along(&router, &payer, &to, vec![route], amount, amount, u64::MAX)
                .expect("a one-hop payment within capacity clears");
            g.refresh(&mut self.chain, a, b).unwrap();
        }
    }
}

/// Edges of a graph as a sorted list, for comparing two graphs.
fn edges(g: &TrustGraph) -> Vec<(AccountId32, AccountId32, EdgeKind, Balance)> {
    let mut v: Vec<_> = g
        .graph
        .edges()
        .filter(|e| e.3 > 0)
        .map(|(a, b, k, c)| (g.account(a).clone(), g.account(b).clone(), k, c))
        .collect();
    v.sort_by(|x, y| {
        (x.0.as_ref() as &[u8], x.1.as_ref() as &[u8], x.2).cmp(&(y.0.as_ref(), y.1.as_ref(), y.2))
    });
    v
}

fn check_payments(w: &mut Web, queries: &[(usize, usize, Balance)], limits: Limits) {
    let mut g = w.graph();
    for &(i, j, amount) in queries {
        if i == j {
            continue;
        }
        let (src, dst) = (
            g.node(&w.banks[i].addr).unwrap(),
            g.node(&w.banks[j].addr).unwrap(),
        );
        let plan = find_routes(&g.graph, src, dst, Some(amount), limits);
        assert!(plan.deliverable <= amount);
        let routes = g.to_routes(src, &plan);
        let total: Balance = routes.iter().map(|r| r.amount).sum();
        assert_eq!(total, plan.deliverable);
        if routes.is_empty() {
            continue;
        }
        let (router, payer, to) = (w.router.clone(), w.people[i].clone(), w.people[j].clone());
        let paid = w
            .chain
            .pay_along(&router, &payer, &to, routes, total, total, u64::MAX)
            .unwrap_or_else(|e| panic!("the chain refused the plan {plan:?}: {e:?}"));
        assert_eq!(paid, total);
        // Keep the graph current from the lines the plan touched only.
        let mut touched = Vec::new();
        for r in &plan.routes {
            let mut prev = src;
            for &(next, kind) in &r.hops {
                touched.push(match kind {
                    EdgeKind::Issue => (prev, next),
                    EdgeKind::Return => (next, prev),
                });
                prev = next;
            }
        }
        for (bank, holder) in touched {
            let (bank, holder) = (g.account(bank).clone(), g.account(holder).clone());
            g.refresh(&mut w.chain, &bank, &holder).unwrap();
        }
        assert_eq!(
            edges(&g),
            edges(&w.graph()),
            "the graph kept current line by line equals a fresh read"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("VOUCH_ORACLE_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(16),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_plan_executes_through_pay_along(
        n in 3usize..8,
        lines in prop::collection::vec((0usize..8, 0usize..8, 1u128..60), 4..24),
        warm in prop::collection::vec((0usize..8, 0usize..8, 1u128..40), 0..6),
        queries in prop::collection::vec((0usize..8, 0usize..8, 1u128..200), 1..5),
        max_hops in 1usize..6,
        max_routes in 1usize..5,
    ) {
        let clip = |v: Vec<(usize, usize, Balance)>| -> Vec<(usize, usize, Balance)> {
            let clip = |i: usize| i.checked_rem(n).expect("n is at least 3");
            v.into_iter().map(|(a, b, x)| (clip(a), clip(b), x)).collect()
        };
        let mut w = web(n, &clip(lines));
        w.warm_up(&clip(warm));
        check_payments(&mut w, &clip(queries), Limits { max_hops, max_routes });
    }
}

#[test]
fn a_netting_route_returns_held_notes() {
    // 0 issues to 1 (1 holds 0's notes); then 1 pays 0 back by returning them, and 0 pays 2
    // through 1 using both kinds of edge.
    let mut w = web(3, &[(0, 1, 50), (1, 2, 50)]);
    w.warm_up(&[(0, 1, 30)]);
    let mut g = w.graph();
    let (n0, n1) = (
        g.node(&w.banks[0].addr).unwrap(),
        g.node(&w.banks[1].addr).unwrap(),
    );
    assert_eq!(g.graph.capacity(n1, n0, EdgeKind::Return), 30);
    check_payments(&mut w, &[(1, 0, 30)], Limits::default());
    g = w.graph();
    assert_eq!(g.graph.capacity(n1, n0, EdgeKind::Return), 0);
    assert_eq!(
        w.banks[0].total_supply(&mut w.chain).unwrap(),
        0,
        "returned notes are burned"
    );
}
