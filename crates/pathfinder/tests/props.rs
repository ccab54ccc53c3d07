//! Property tests: every plan is executable (capacities, simple paths, caps), and with caps
//! that do not bind it carries exactly the max-flow of a separate, plain oracle.

// The graphs here have at most 12 nodes, 40 edges and capacities below 20: node ids fit in
// u32, and no sum, count or difference of them can overflow.
#![allow(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]

use proptest::prelude::*;
use std::collections::{HashMap, HashSet, VecDeque};
use vouch_pathfinder::{
    find_routes, max_flow, upper_bound, Amount, EdgeKind, Graph, Limits, NodeId, Plan,
};

type Edges = Vec<(NodeId, NodeId, EdgeKind, Amount)>;

/// Edmonds–Karp on an adjacency matrix, parallel edges of both kinds summed: the oracle.
fn oracle(n: usize, edges: &Edges, s: NodeId, t: NodeId) -> Amount {
    let (s, t) = (s as usize, t as usize);
    if s == t {
        return 0;
    }
    let mut cap = vec![vec![0 as Amount; n]; n];
    for &(a, b, _, c) in edges {
        if a != b {
            cap[a as usize][b as usize] += c;
        }
    }
    let mut total = 0;
    loop {
        let mut prev = vec![usize::MAX; n];
        prev[s] = s;
        let mut queue = VecDeque::from([s]);
        while let Some(u) = queue.pop_front() {
            for v in 0..n {
                if prev[v] == usize::MAX && cap[u][v] > 0 {
                    prev[v] = u;
                    queue.push_back(v);
                }
            }
        }
        if prev[t] == usize::MAX {
            return total;
        }
        let mut x = Amount::MAX;
        let mut v = t;
        while v != s {
            x = x.min(cap[prev[v]][v]);
            v = prev[v];
        }
        let mut v = t;
        while v != s {
            cap[prev[v]][v] -= x;
            cap[v][prev[v]] += x;
            v = prev[v];
        }
        total += x;
    }
}

/// Fewest hops from `s` to `t` over edges with capacity (None: unreachable).
fn hops(n: usize, edges: &Edges, s: NodeId, t: NodeId) -> Option<usize> {
    let mut dist = vec![usize::MAX; n];
    dist[s as usize] = 0;
    let mut queue = VecDeque::from([s]);
    while let Some(u) = queue.pop_front() {
        for &(a, b, _, c) in edges {
            if a == u && c > 0 && dist[b as usize] == usize::MAX {
                dist[b as usize] = dist[u as usize] + 1;
                queue.push_back(b);
            }
        }
    }
    (dist[t as usize] != usize::MAX).then_some(dist[t as usize])
}

/// The graph after applying `edges` in order (later settings of one edge win).
fn build(n: usize, edges: &Edges) -> Graph {
    let mut g = Graph::with_nodes(n);
    for &(a, b, k, c) in edges {
        g.set_capacity(a, b, k, c);
    }
    g
}

/// The final capacity of every edge, as the oracle sees it.
fn current(g: &Graph) -> Edges {
    g.edges().collect()
}

/// Everything an executable plan must satisfy.
fn check_plan(
    g: &Graph,
    s: NodeId,
    t: NodeId,
    amount: Option<Amount>,
    limits: Limits,
    plan: &Plan,
) -> Result<(), TestCaseError> {
    prop_assert!(plan.routes.len() <= limits.max_routes);
    let mut used: HashMap<(NodeId, NodeId, EdgeKind), Amount> = HashMap::new();
    let mut net: HashMap<NodeId, i128> = HashMap::new();
    let mut sum: Amount = 0;
    for r in &plan.routes {
        prop_assert!(r.amount > 0);
        prop_assert!(!r.hops.is_empty() && r.hops.len() <= limits.max_hops);
        prop_assert_eq!(r.hops.last().map(|h| h.0), Some(t));
        let mut seen = HashSet::from([s]);
        let mut at = s;
        for &(v, kind) in &r.hops {
            prop_assert!(seen.insert(v), "route revisits {}: {:?}", v, r);
            *used.entry((at, v, kind)).or_default() += r.amount;
            let x = i128::try_from(r.amount).unwrap();
            *net.entry(at).or_default() -= x;
            *net.entry(v).or_default() += x;
            at = v;
        }
        sum += r.amount;
    }
    prop_assert_eq!(sum, plan.deliverable);
    if let Some(a) = amount {
        prop_assert!(plan.deliverable <= a);
    }
    for (&(a, b, k), &x) in &used {
        prop_assert!(
            x <= g.capacity(a, b, k),
            "edge {a}->{b} {k:?} over capacity"
        );
    }
    for (&v, &x) in &net {
        if v != s && v != t {
            prop_assert_eq!(x, 0, "flow not conserved at {}", v);
        }
    }
    Ok(())
}

fn kind() -> impl Strategy<Value = EdgeKind> {
    prop_oneof![Just(EdgeKind::Issue), Just(EdgeKind::Return)]
}

/// A small random graph given as the list of `set_capacity` calls that build it.
fn small_graph() -> impl Strategy<Value = (usize, Edges)> {
    (2usize..13).prop_flat_map(|n| {
        let node = 0..n as NodeId;
        let edge = (node.clone(), node, kind(), prop_oneof![0u128..4, 0u128..20]);
        (Just(n), prop::collection::vec(edge, 0..40))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn uncapped_equals_oracle((n, edges) in small_graph(), s in 0u32..13, t in 0u32..13) {
        let (s, t) = (s % n as u32, t % n as u32);
        let g = build(n, &edges);
        let want = oracle(n, &current(&g), s, t);
        let limits = Limits { max_hops: n, max_routes: usize::MAX };
        let plan = find_routes(&g, s, t, None, limits);
        check_plan(&g, s, t, None, limits, &plan)?;
        prop_assert_eq!(plan.deliverable, want);
        prop_assert_eq!(max_flow(&g, s, t), want);
        prop_assert_eq!(upper_bound(&g, s, t, limits), want);
    }

    #[test]
    fn amount_is_honoured((n, edges) in small_graph(), s in 0u32..13, t in 0u32..13, a in 1u128..60) {
        let (s, t) = (s % n as u32, t % n as u32);
        let g = build(n, &edges);
        let want = oracle(n, &current(&g), s, t).min(a);
        let limits = Limits { max_hops: n, max_routes: usize::MAX };
        let plan = find_routes(&g, s, t, Some(a), limits);
        check_plan(&g, s, t, Some(a), limits, &plan)?;
        prop_assert_eq!(plan.deliverable, want);
    }

    #[test]
    fn capped_plans_are_executable(
        (n, edges) in small_graph(),
        s in 0u32..13,
        t in 0u32..13,
        max_hops in 1usize..5,
        max_routes in 1usize..4,
        amount in prop::option::of(1u128..60),
    ) {
        let (s, t) = (s % n as u32, t % n as u32);
        let g = build(n, &edges);
        let limits = Limits { max_hops, max_routes };
        let plan = find_routes(&g, s, t, amount, limits);
        check_plan(&g, s, t, amount, limits, &plan)?;
        let flow = oracle(n, &current(&g), s, t);
        prop_assert!(plan.deliverable <= flow);
        let bound = upper_bound(&g, s, t, limits);
        prop_assert!(bound <= flow);
        prop_assert!(plan.deliverable <= bound, "{} > bound {}", plan.deliverable, bound);
        // Something is found exactly when some path fits the hop cap.
        let fits = s != t && hops(n, &current(&g), s, t).is_some_and(|h| h <= max_hops);
        prop_assert_eq!(plan.deliverable > 0, fits);
        // One hop: exactly the direct edges, the largest ones if routes are scarce.
        if max_hops == 1 && amount.is_none() {
            let mut direct: Vec<Amount> = current(&g)
                .iter()
                .filter(|e| e.0 == s && e.1 == t && s != t)
                .map(|e| e.3)
                .collect();
            direct.sort_unstable_by(|a, b| b.cmp(a));
            let best: Amount = direct.iter().take(max_routes).sum();
            prop_assert_eq!(plan.deliverable, best);
        }
    }

    #[test]
    fn updates_are_seen(
        (n, edges) in small_graph(),
        updates in prop::collection::vec((0u32..13, 0u32..13, kind(), 0u128..20), 1..10),
        s in 0u32..13,
        t in 0u32..13,
    ) {
        let (s, t) = (s % n as u32, t % n as u32);
        let mut g = build(n, &edges);
        let limits = Limits { max_hops: n, max_routes: usize::MAX };
        let before = find_routes(&g, s, t, None, limits);
        prop_assert_eq!(before.deliverable, oracle(n, &current(&g), s, t));
        let updates: Edges = updates
            .into_iter()
            .map(|(a, b, k, c)| (a % n as u32, b % n as u32, k, c))
            .collect();
        for &(a, b, k, c) in &updates {
            g.set_capacity(a, b, k, c);
        }
        let all: Edges = edges.iter().chain(&updates).copied().collect();
        let fresh = build(n, &all);
        prop_assert_eq!(g.edge_count(), fresh.edge_count());
        let mut mine = current(&g);
        let mut theirs = current(&fresh);
        mine.sort();
        theirs.sort();
        prop_assert_eq!(&mine, &theirs);
        let after = find_routes(&g, s, t, None, limits);
        check_plan(&g, s, t, None, limits, &after)?;
        prop_assert_eq!(after.deliverable, oracle(n, &theirs, s, t));
    }
}
