//! Measures the pathfinder on Bitcoin OTC and on the 100k-node / 1M-edge graph scaled up
//! from it: graph size, build time, query times with the router's caps, and how much of the
//! uncapped max-flow the capped routes carry. Prints a table and writes
//! `target/bench/pathfinder.json` (relative to the current directory).
//!
//! `cargo run --release -p vouch-pathfinder --example report`

#[path = "../benches/support/mod.rs"]
mod support;

use serde_json::{json, Value};
use std::time::{Duration, Instant};
use vouch_pathfinder::generate::{bench_graph, reachable_pairs, Scale};
use vouch_pathfinder::{
    distance, find_routes, max_flow, upper_bound, Amount, Graph, Limits, NodeId,
};

const PAIRS: usize = 200;
const SEED: u64 = 2016;
const HOP_CAPS: [usize; 4] = [2, 3, 4, 16];

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The value at quantile `q` of sorted `xs`.
fn quantile(xs: &[f64], q: f64) -> f64 {
    if xs.is_empty() {
        return 0.0;
    }
    let last = xs.len().saturating_sub(1); // xs is not empty
    let i = (last as f64 * q).round();
    // q is in 0..=1, so i is a whole number in 0..=last.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let i = i as usize;
    xs[i]
}

fn sorted(mut xs: Vec<f64>) -> Vec<f64> {
    xs.sort_by(f64::total_cmp);
    xs
}

fn measure(name: &str, g: &Graph, build: Duration) -> Value {
    let pairs: Vec<(NodeId, NodeId)> = reachable_pairs(g, PAIRS, SEED);
    let mut times = Vec::new();
    let mut default_sum: Amount = 0;
    for &(s, t) in &pairs {
        let start = Instant::now();
        let plan = find_routes(g, s, t, None, Limits::default());
        times.push(ms(start.elapsed()));
        default_sum = default_sum.saturating_add(plan.deliverable);
    }
    let times = sorted(times);
    let mut flow_times = Vec::new();
    let mut flows = Vec::new();
    for &(s, t) in &pairs {
        let start = Instant::now();
        flows.push(max_flow(g, s, t));
        flow_times.push(ms(start.elapsed()));
    }
    let flow_times = sorted(flow_times);
    let flow_sum: Amount = flows.iter().sum();
    // How many routes the uncapped max-flow needs.
    let needed = sorted(
        pairs
            .iter()
            .map(|&(s, t)| find_routes(g, s, t, None, Limits::UNCAPPED).routes.len() as f64)
            .collect(),
    );
    let dists = sorted(
        pairs
            .iter()
            .map(|&(s, t)| distance(g, s, t).unwrap_or(0) as f64)
            .collect(),
    );
    println!(
        "  fewest hops between the pairs: median {}, p95 {}, max {}",
        quantile(&dists, 0.5),
        quantile(&dists, 0.95),
        quantile(&dists, 1.0)
    );
    let mut caps = Vec::new();
    println!(
        "  {:>8} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}",
        "hop cap", "carried", "bound", "max-flow", "/bound", "/max-flow", "worst"
    );
    for h in HOP_CAPS {
        let limits = Limits {
            max_hops: h,
            max_routes: 8,
        };
        let (mut sum, mut bound_sum): (Amount, Amount) = (0, 0);
        let mut worst = 1.0f64;
        let mut at_bound = 0usize;
        for &(s, t) in &pairs {
            let got = find_routes(g, s, t, None, limits).deliverable;
            let bound = upper_bound(g, s, t, limits);
            sum = sum.saturating_add(got);
            bound_sum = bound_sum.saturating_add(bound);
            if bound > 0 {
                worst = worst.min(got as f64 / bound as f64);
            }
            if got == bound {
                at_bound = at_bound.saturating_add(1);
            }
        }
        let to_bound = sum as f64 / bound_sum.max(1) as f64;
        let to_flow = sum as f64 / flow_sum.max(1) as f64;
        println!(
            "  {:>8} {:>10} {:>10} {:>10} {:>10.4} {:>10.4} {:>10.4}   ({at_bound}/{} pairs at the bound)",
            h,
            sum,
            bound_sum,
            flow_sum,
            to_bound,
            to_flow,
            worst,
            pairs.len()
        );
        caps.push(json!({
            "max_hops": h, "max_routes": 8, "carried": sum.to_string(),
            "upper_bound": bound_sum.to_string(), "max_flow": flow_sum.to_string(),
            "ratio_to_bound": to_bound, "ratio_to_max_flow": to_flow,
            "worst_pair_ratio_to_bound": worst, "pairs_at_bound": at_bound,
        }));
    }
    println!(
        "  default caps (16 hops, 8 routes): median {:.3} ms, p95 {:.3} ms, max {:.3} ms per query; \
         uncapped max_flow: median {:.3} ms, p95 {:.3} ms",
        quantile(&times, 0.5),
        quantile(&times, 0.95),
        quantile(&times, 1.0),
        quantile(&flow_times, 0.5),
        quantile(&flow_times, 0.95),
    );
    println!(
        "  routes the uncapped max-flow needs: median {}, p95 {}, max {}; default caps carry {} of {}",
        quantile(&needed, 0.5),
        quantile(&needed, 0.95),
        quantile(&needed, 1.0),
        default_sum,
        flow_sum
    );
    // The hardest kind of query: from the node with the most capacity out to the node with
    // the most capacity in.
    let mut out_cap = vec![0 as Amount; g.node_count()];
    let mut in_cap = vec![0 as Amount; g.node_count()];
    for (a, b, _, c) in g.edges() {
        out_cap[a as usize] = out_cap[a as usize].saturating_add(c);
        in_cap[b as usize] = in_cap[b as usize].saturating_add(c);
    }
    let hub = |caps: &[Amount]| {
        (0..caps.len())
            .max_by_key(|&i| caps[i])
            .and_then(|i| NodeId::try_from(i).ok()) // node ids are u32
            .unwrap_or(0)
    };
    let (hs, ht) = (hub(&out_cap), hub(&in_cap));
    let start = Instant::now();
    let hub_plan = find_routes(g, hs, ht, None, Limits::default());
    let hub_ms = ms(start.elapsed());
    let start = Instant::now();
    let hub_flow = max_flow(g, hs, ht);
    let hub_flow_ms = ms(start.elapsed());
    println!(
        "  hub to hub ({hs} -> {ht}): default caps carry {} in {hub_ms:.2} ms; max-flow {hub_flow} in {hub_flow_ms:.2} ms",
        hub_plan.deliverable
    );
    json!({
        "hub_to_hub": {
            "from": hs, "to": ht, "carried": hub_plan.deliverable.to_string(), "ms": hub_ms,
            "max_flow": hub_flow.to_string(), "max_flow_ms": hub_flow_ms,
        },
        "graph": name,
        "nodes": g.node_count(),
        "edges": g.edge_count(),
        "build_ms": ms(build),
        "pairs": pairs.len(),
        "query_ms_default_caps": {
            "median": quantile(&times, 0.5), "p95": quantile(&times, 0.95), "max": quantile(&times, 1.0),
        },
        "max_flow_ms": { "median": quantile(&flow_times, 0.5), "p95": quantile(&flow_times, 0.95) },
        "pair_distance": {
            "median": quantile(&dists, 0.5), "p95": quantile(&dists, 0.95), "max": quantile(&dists, 1.0),
        },
        "routes_needed_uncapped": {
            "median": quantile(&needed, 0.5), "p95": quantile(&needed, 0.95), "max": quantile(&needed, 1.0),
        },
        "hop_caps": caps,
    })
}

fn main() {
    let started = Instant::now();
    let mut results = Vec::new();
    let t = Instant::now();
    let otc = match support::otc_graph() {
        Ok(g) => g,
        Err(why) => {
            eprintln!("{why}");
            return;
        }
    };
    let otc_build = t.elapsed();
    println!(
        "bitcoin-otc: {} nodes, {} edges, loaded in {:.1} ms; {PAIRS} random reachable pairs",
        otc.graph.node_count(),
        otc.graph.edge_count(),
        ms(otc_build)
    );
    results.push(measure("bitcoin-otc", &otc.graph, otc_build));

    let t = Instant::now();
    let big = bench_graph(&otc.graph);
    let big_build = t.elapsed();
    let s = Scale::BENCH;
    println!(
        "synthetic ({} copies of bitcoin-otc, {} extra edges and {} bridges per copy): \
         {} nodes, {} edges, built in {:.1} ms",
        s.copies,
        s.extra_per_copy,
        s.bridges_per_copy,
        big.node_count(),
        big.edge_count(),
        ms(big_build)
    );
    results.push(measure("synthetic-100k-1M", &big, big_build));

    let out = json!({
        "pairs_seed": SEED,
        "scale": {
            "copies": s.copies, "extra_per_copy": s.extra_per_copy,
            "bridges_per_copy": s.bridges_per_copy, "seed": s.seed,
        },
        "results": results,
        "total_s": started.elapsed().as_secs_f64(),
    });
    let dir = std::path::Path::new("target/bench");
    if let Err(e) = std::fs::create_dir_all(dir).and_then(|()| {
        std::fs::write(
            dir.join("pathfinder.json"),
            serde_json::to_string_pretty(&out).unwrap_or_default(),
        )
    }) {
        eprintln!(
            "could not write {}: {e}",
            dir.join("pathfinder.json").display()
        );
    } else {
        println!("wrote {}", dir.join("pathfinder.json").display());
    }
    println!("total {:.1} s", started.elapsed().as_secs_f64());
}
