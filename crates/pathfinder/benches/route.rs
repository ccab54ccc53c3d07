//! Route queries on the real Bitcoin OTC graph and on the 100k-node / 1M-edge graph scaled
//! up from it: `cargo bench -p vouch-pathfinder --bench route`.
//!
//! The data file is found as `support::otc_csv` says (`VOUCH_OTC_CSV` overrides); without
//! it the benchmarks are skipped with a message.

mod support;

use criterion::{black_box, BenchmarkId, Criterion};
use std::time::Duration;
use vouch_pathfinder::generate::{bench_graph, reachable_pairs};
use vouch_pathfinder::{find_routes, max_flow, EdgeKind, Graph, Limits, NodeId};

const PAIRS: usize = 200;
const SEED: u64 = 2016;

fn bench_graph_queries(c: &mut Criterion, name: &str, g: &Graph) {
    let pairs: Vec<(NodeId, NodeId)> = reachable_pairs(g, PAIRS, SEED);
    let mut group = c.benchmark_group(name);
    group.sample_size(20);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));
    for (label, limits) in [
        ("default caps", Limits::default()),
        (
            "4 hops",
            Limits {
                max_hops: 4,
                max_routes: 8,
            },
        ),
    ] {
        // One iteration is one query; the pairs are taken in turn.
        group.bench_function(BenchmarkId::new("find_routes", label), |b| {
            let mut next = pairs.iter().cycle();
            b.iter(|| {
                let &(s, t) = next.next().expect("some pairs are reachable");
                black_box(find_routes(g, s, t, None, limits))
            })
        });
    }
    group.bench_function("max_flow", |b| {
        let mut next = pairs.iter().cycle();
        b.iter(|| {
            let &(s, t) = next.next().expect("some pairs are reachable");
            black_box(max_flow(g, s, t))
        })
    });
    // One line changes: an existing edge gets a new capacity (one more, every other time).
    let edges: Vec<(NodeId, NodeId, EdgeKind, u128)> = g.edges().take(10_000).collect();
    let mut updated = g.clone();
    group.bench_function("set_capacity", |b| {
        let mut next = edges.iter().cycle();
        let mut odd = false;
        b.iter(|| {
            let &(a, z, k, cap) = next.next().expect("the graph has edges");
            odd = !odd;
            updated.set_capacity(a, z, k, black_box(cap.saturating_add(u128::from(odd))));
        })
    });
    group.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let otc = match support::otc_graph() {
        Ok(g) => g,
        Err(why) => {
            eprintln!("{why}");
            return;
        }
    };
    bench_graph_queries(&mut c, "bitcoin-otc", &otc.graph);
    let big = bench_graph(&otc.graph);
    bench_graph_queries(&mut c, "synthetic-100k-1M", &big);
    c.final_summary();
}
