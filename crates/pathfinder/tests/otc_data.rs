//! The real Bitcoin OTC file and the benchmark graph made from it have the sizes the docs
//! quote (skipped, with a message, where the data file is not found).

#[path = "../benches/support/mod.rs"]
mod support;

use vouch_pathfinder::generate::{bench_graph, reachable_pairs};
use vouch_pathfinder::{find_routes, max_flow, Limits};

#[test]
fn otc_and_bench_graph_sizes() {
    let otc = match support::otc_graph() {
        Ok(g) => g,
        Err(why) => {
            eprintln!("{why}");
            return;
        }
    };
    assert_eq!(otc.graph.node_count(), 5_881);
    assert_eq!(otc.graph.edge_count(), 32_029);
    assert_eq!(otc.names.len(), 5_881);
    let big = bench_graph(&otc.graph);
    assert_eq!(big.node_count(), 99_977);
    assert_eq!(big.edge_count(), 1_000_008);
    // Uncapped routes carry the max-flow on real pairs too.
    for (s, t) in reachable_pairs(&otc.graph, 20, 1) {
        let plan = find_routes(&otc.graph, s, t, None, Limits::UNCAPPED);
        assert_eq!(plan.deliverable, max_flow(&otc.graph, s, t));
        assert!(plan.deliverable > 0);
    }
}
