//! Where the service's graph comes from: the embedded chain's state file (read once), a
//! generated graph (load measurements), or a node, followed block by block.

use super::{App, Info, Source, View};
use crate::session::{NodeOptions, Session};
use anyhow::{anyhow, bail, Context, Result};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use vouch_client::follow::{BlockUpdate, FinalizedBlocks, Follower};
use vouch_client::graph::TrustGraph;
use vouch_client::node::{account_of_key, key_from_uri};
use vouch_client::{account, AccountId32, Bundle, Ledger, Node};
use vouch_pathfinder::generate::{scaled_with, Scale};
use vouch_pathfinder::{EdgeKind, Graph, NodeId};
use vouch_traits::Line;

/// The code hash of the trust bank this binary deploys: the hash a router deployed by it
/// accepts (`BankRef::code_hash` uploads the same code under the same hash).
fn bank_code_hash() -> Result<[u8; 32]> {
    let bundle = Bundle::get("trust_bank")?;
    let mut out = [0u8; 32];
    ink::env::hash_bytes::<ink::env::hash::Blake2x256>(&bundle.wasm, &mut out);
    Ok(out)
}

/// The embedded chain in the state file `state`, read once.
pub fn embedded(state: &Path) -> Result<App> {
    if !state.exists() {
        bail!(
            "there is no chain state at {}: make one with vouch commands (deploy, link, …) or \
             `vouch demo --save FILE`, or pass --url or --state",
            state.display()
        );
    }
    let mut s = Session::open(state)?;
    let graph = s.graph()?;
    let mut view = View {
        graph,
        block: Some(s.chain.block_number()?),
        ..View::default()
    };
    for (name, bank) in s.banks()? {
        view.own(account(&name), bank);
    }
    let router = s
        .dir
        .router
        .as_deref()
        .map(crate::session::unhex)
        .transpose()?;
    let bank_code_hash = router.as_ref().map(|_| bank_code_hash()).transpose()?;
    let info = Info {
        source: Source::Embedded,
        chain: Some("embedded".into()),
        node_url: None,
        router,
        bank_code_hash,
    };
    Ok(App::new(info, view))
}

/// How a graph of `edges` edges is scaled up from Bitcoin OTC: as the pathfinder's 1M-edge
/// benchmark graph ([`Scale::BENCH`]: copies of the base graph, new edges inside each copy
/// and bridges between copies, in the benchmark's proportions), with as many copies as it
/// takes. None when `edges` is fewer than the base graph has (its first `edges` edges are
/// taken instead).
fn synthetic_scale(edges: usize, base_edges: usize) -> Option<Scale> {
    let b = Scale::BENCH;
    let per_copy = base_edges
        .saturating_add(b.extra_per_copy)
        .saturating_add(b.bridges_per_copy);
    if edges < base_edges || per_copy == 0 {
        return None;
    }
    let copies = edges.div_ceil(per_copy).max(1);
    let bridges = if copies > 1 { b.bridges_per_copy } else { 0 };
    let target = edges.div_ceil(copies);
    Some(Scale {
        copies,
        extra_per_copy: target.saturating_sub(base_edges).saturating_sub(bridges),
        bridges_per_copy: bridges,
        seed: b.seed,
    })
}

/// The account of generated node `id`.
fn synthetic_account(id: u32) -> AccountId32 {
    let mut raw = [0x5e_u8; 32];
    raw[..4].copy_from_slice(&id.to_le_bytes());
    AccountId32::new(raw)
}

/// A generated graph of about `edges` edges: every node a bank, every edge `a -> b` of
/// capacity `c` a line at bank `a` for holder bank `b` with limit and willingness `c`.
pub fn synthetic(edges: usize) -> Result<App> {
    let started = Instant::now();
    let base = crate::demo::community::load(None)?.graph;
    let g: Graph = match synthetic_scale(edges, base.edge_count()) {
        Some(scale) => scaled_with(&base, scale),
        // Fewer edges than the base graph: its first `edges` edges, over the nodes they
        // touch only (renumbered in order of appearance), so a small graph has no crowd of
        // isolated banks.
        None => {
            let mut ids: HashMap<NodeId, NodeId> = HashMap::new();
            let mut kept = Vec::new();
            for (a, b, kind, cap) in base.edges().take(edges) {
                let mut id = |n: NodeId| {
                    let next = NodeId::try_from(ids.len()).unwrap_or(NodeId::MAX);
                    *ids.entry(n).or_insert(next)
                };
                let (a, b) = (id(a), id(b));
                kept.push((a, b, kind, cap));
            }
            let mut g = Graph::with_nodes(ids.len());
            for (a, b, kind, cap) in kept {
                g.set_capacity(a, b, kind, cap);
            }
            g
        }
    };
    let ids = u32::try_from(g.node_count()).map_err(|_| anyhow!("too many nodes"))?;
    let mut graph = TrustGraph::new((0..ids).map(synthetic_account));
    for (a, b, kind, cap) in g.edges() {
        if kind != EdgeKind::Issue {
            continue;
        }
        let line = Line {
            limit: cap,
            willing: cap,
            held: 0,
            granted: 0,
        };
        graph.apply(&synthetic_account(a), &synthetic_account(b), line);
    }
    eprintln!(
        "generated {} nodes and {} edges in {:.1} s",
        g.node_count(),
        g.edge_count(),
        started.elapsed().as_secs_f64()
    );
    let info = Info {
        source: Source::Synthetic,
        chain: None,
        node_url: None,
        router: None,
        bank_code_hash: None,
    };
    let view = View {
        graph,
        ..View::default()
    };
    Ok(App::new(info, view))
}

/// Connects to the node, finds (or, on a development chain, deploys) the router, reads the
/// recorded banks' lines and starts following the chain on a thread of its own; returns
/// once the graph of the recorded banks is loaded. Banks registered in earlier blocks are
/// found by a scan from `from_block` that goes on while requests are answered.
pub fn follow_node(state: &Path, opts: NodeOptions, from_block: u32) -> Result<Arc<App>> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Arc<App>>>(1);
    let state = state.to_path_buf();
    std::thread::Builder::new()
        .name("vouch-follow".into())
        .spawn(move || {
            let again = NodeOptions {
                url: opts.url.clone(),
                funder: opts.funder.clone(),
                spinner: false,
            };
            let started = match start(&state, opts, from_block) {
                Ok(started) => started,
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return;
                }
            };
            let _ = tx.send(Ok(started.app.clone()));
            follow_forever(&state, again, started);
        })
        .context("starting the follower")?;
    rx.recv()
        .map_err(|_| anyhow!("the follower stopped before the graph was read"))?
}

/// A follower that has connected and read the recorded banks.
struct Started {
    app: Arc<App>,
    session: Session,
    follower: Follower,
    feed: FinalizedBlocks,
    /// The next block to read.
    next: u32,
    /// The block the scan for earlier registrations runs up to (included).
    scan_to: u32,
}

fn node_of(s: &mut Session) -> Result<&mut Node> {
    s.node()
        .ok_or_else(|| anyhow!("the service follows a node: pass --url"))
}

fn start(state: &Path, opts: NodeOptions, from_block: u32) -> Result<Started> {
    let url = opts.url.clone();
    let mut s = Session::open_node(
        state,
        NodeOptions {
            spinner: false,
            ..opts
        },
    )?;
    let (dev, chain) = {
        let node = node_of(&mut s)?;
        (node.is_development(), node.chain_name().to_string())
    };
    if s.dir.router.is_none() {
        if !dev {
            bail!(
                "no router is recorded for the chain at {url}, and {chain:?} is no \
                 development chain to deploy one on"
            );
        }
        eprintln!("no router recorded for this chain: deploying one");
    }
    let router = s.router()?.addr;
    // A router deployed just now is recorded for the other commands to use.
    s.save()?;
    let code = bank_code_hash()?;
    if !node_of(&mut s)?.code_exists(code)? {
        eprintln!(
            "warning: the trust bank code 0x{} is not on the chain (the router was deployed \
             by another build of vouch?)",
            hex::encode(code)
        );
    }
    let (feed, head) = {
        let node = node_of(&mut s)?;
        let feed = node.subscribe_finalized()?;
        (feed, node.finalized_head()?)
    };
    let banks: Vec<AccountId32> = s.all_banks()?.into_iter().map(|(_, a)| a).collect();
    let graph = s.graph()?;
    let mut view = View {
        graph,
        block: None,
        ..View::default()
    };
    if dev {
        // The command line's names are development keys (`//name`).
        for (name, bank) in s.banks()? {
            let person = account_of_key(&key_from_uri(&format!("//{name}"))?);
            view.own(person, bank);
        }
    }
    let info = Info {
        source: super::Source::Node,
        chain: Some(chain),
        node_url: Some(url),
        router: Some(router.clone()),
        bank_code_hash: Some(code),
    };
    Ok(Started {
        app: Arc::new(App::new(info, view)),
        session: s,
        follower: Follower::new(router, banks),
        feed,
        next: from_block,
        scan_to: head,
    })
}

/// Applies one block's update to the shared graph.
fn apply(app: &App, update: &BlockUpdate) {
    let mut view = app.write();
    if !update.is_empty() {
        update.apply(&mut view.graph);
        for r in &update.registered {
            view.own(r.person.clone(), r.bank.clone());
        }
    }
    view.block = Some(update.number);
}

/// Scans the earlier blocks for registrations, then follows the chain; on a lost
/// connection, connects again and goes on from the last block read.
fn follow_forever(state: &Path, opts: NodeOptions, mut started: Started) {
    loop {
        let err = match follow(&mut started) {
            Ok(()) => anyhow!("the node ended the subscription to finalized blocks"),
            Err(e) => e,
        };
        eprintln!("following the chain stopped: {err:#}; connecting again in 5 s");
        loop {
            std::thread::sleep(Duration::from_secs(5));
            let opts = NodeOptions {
                url: opts.url.clone(),
                funder: opts.funder.clone(),
                spinner: false,
            };
            match reconnect(state, opts) {
                Ok((session, feed)) => {
                    started.session = session;
                    started.feed = feed;
                    eprintln!("connected again: following from block {}", started.next);
                    break;
                }
                Err(e) => eprintln!("still no connection: {e:#}"),
            }
        }
    }
}

fn reconnect(state: &Path, opts: NodeOptions) -> Result<(Session, FinalizedBlocks)> {
    let mut s = Session::open_node(state, opts)?;
    let feed = node_of(&mut s)?.subscribe_finalized()?;
    Ok((s, feed))
}

/// Reads blocks from `started.next` on: up to `scan_to` for registrations only (the lines
/// of banks already known were read afresh at the start), then every change of every
/// finalized block as it comes. Returns when the subscription ends.
fn follow(st: &mut Started) -> Result<()> {
    let node = st
        .session
        .node()
        .ok_or_else(|| anyhow!("the service follows a node"))?;
    let total = st.scan_to.saturating_sub(st.next);
    let scan_started = Instant::now();
    let mut said = Instant::now();
    while st.next <= st.scan_to {
        let update = st.follower.block(node, st.next, true)?;
        apply(&st.app, &update);
        if said.elapsed() > Duration::from_secs(2) {
            let done = st.next.saturating_sub(st.scan_to.saturating_sub(total));
            eprintln!(
                "scanning for registrations: block {} of {} ({done} of {total} read)",
                st.next, st.scan_to
            );
            said = Instant::now();
        }
        st.next = st.next.saturating_add(1);
    }
    if total > 100 {
        eprintln!(
            "scanned {total} blocks for registrations in {:.1} s",
            scan_started.elapsed().as_secs_f64()
        );
    }
    while let Some(head) = st.feed.next(node) {
        let head = head?;
        while st.next <= head {
            let update = st.follower.block(node, st.next, false)?;
            for r in &update.registered {
                eprintln!(
                    "block {}: bank {} registered by {}",
                    update.number, r.bank, r.person
                );
            }
            apply(&st.app, &update);
            st.next = st.next.saturating_add(1);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_million_edges_is_the_benchmark_graph() {
        // Bitcoin OTC has 32,029 positive ratings.
        assert_eq!(synthetic_scale(1_000_000, 32_029), Some(Scale::BENCH));
        let small = synthetic_scale(40_000, 32_029).unwrap();
        assert_eq!(
            (small.copies, small.extra_per_copy, small.bridges_per_copy),
            (1, 7_971, 0)
        );
        assert_eq!(synthetic_scale(1_000, 32_029), None);
    }

    #[test]
    fn a_small_synthetic_graph_has_no_idle_banks() {
        let app = synthetic(1_200).unwrap();
        let view = app.read();
        let banks = view.graph.banks().count();
        let busy: std::collections::HashSet<&AccountId32> = view
            .graph
            .lines()
            .flat_map(|(bank, holder, _)| [bank, holder])
            .collect();
        assert_eq!(view.graph.line_count(), 1_200);
        assert!((200..1_200).contains(&banks), "{banks} banks");
        assert_eq!(busy.len(), banks, "every bank has a line");
    }

    #[test]
    fn generated_accounts_are_distinct() {
        assert_ne!(synthetic_account(1), synthetic_account(256));
    }
}
