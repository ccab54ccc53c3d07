//! `vouch serve`: the route service. It keeps the trust graph in memory and answers route
//! queries over HTTP with the plans `vouch pay` makes (docs/route-service.md).
//!
//! The graph comes from one of three sources ([`source`]): a node (`--url`), followed block
//! by block from its events; the embedded chain's state file, read once; or a generated
//! graph for load measurements (`--synthetic EDGES`). It lives behind one lock shared by the
//! follower (the only writer) and the request handlers ([`api`]), which read the graph
//! alone and never wait on the chain.

mod api;
mod source;

use crate::session::NodeOptions;
use anyhow::{bail, Context, Result};
use clap::Args;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};
use vouch_client::graph::TrustGraph;
use vouch_client::AccountId32;

#[derive(Args)]
pub struct ServeArgs {
    /// The address to listen on (port 0: any free port; the address is printed).
    #[arg(long, default_value = "127.0.0.1:8787")]
    listen: SocketAddr,
    /// Serve this folder's files at `/` (a built web page; unknown paths get its
    /// index.html); the API's routes take precedence.
    #[arg(long)]
    web: Option<PathBuf>,
    /// On a node: look for bank registrations from this block on.
    #[arg(long, default_value_t = 0)]
    from_block: u32,
    /// For load measurements: a generated graph of about EDGES edges (the pathfinder's
    /// benchmark graph, scaled), no chain.
    #[arg(long, value_name = "EDGES")]
    synthetic: Option<usize>,
    /// Threads that answer requests (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
}

/// Where the graph came from (`/health`'s `source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Node,
    Embedded,
    Synthetic,
}

impl Source {
    fn name(self) -> &'static str {
        match self {
            Source::Node => "node",
            Source::Embedded => "embedded",
            Source::Synthetic => "synthetic",
        }
    }
}

/// What does not change while the service runs.
#[derive(Debug, Clone)]
pub struct Info {
    pub source: Source,
    /// The chain's name: the node's `system_chain`, `embedded` for the state file, none for
    /// a generated graph.
    pub chain: Option<String>,
    /// The URL the service was started with (`--url`).
    pub node_url: Option<String>,
    pub router: Option<AccountId32>,
    /// The trust bank code the router accepts (what a page instantiates to deploy a bank).
    pub bank_code_hash: Option<[u8; 32]>,
}

/// The trust graph and who owns which bank, as far as the service knows them.
#[derive(Debug, Default)]
pub struct View {
    pub graph: TrustGraph,
    /// Person -> the bank they registered.
    pub bank_of: HashMap<AccountId32, AccountId32>,
    /// Bank -> the person who registered it.
    pub owner_of: HashMap<AccountId32, AccountId32>,
    /// The last block whose changes the graph holds.
    pub block: Option<u32>,
}

impl View {
    /// Records that `person` registered `bank`.
    pub fn own(&mut self, person: AccountId32, bank: AccountId32) {
        self.owner_of.insert(bank.clone(), person.clone());
        self.bank_of.insert(person, bank);
    }
}

/// The service's state: shared by the follower and every request.
pub struct App {
    pub info: Info,
    view: RwLock<View>,
}

impl App {
    pub fn new(info: Info, view: View) -> Self {
        Self {
            info,
            view: RwLock::new(view),
        }
    }

    /// The graph, for reading (a writer that panicked left it consistent: each update is
    /// applied whole before the next).
    pub fn read(&self) -> RwLockReadGuard<'_, View> {
        self.view.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn write(&self) -> RwLockWriteGuard<'_, View> {
        self.view.write().unwrap_or_else(|e| e.into_inner())
    }
}

/// Runs the service until it is interrupted (Ctrl-C or SIGTERM).
pub fn run(args: ServeArgs, state: &Path, node: Option<NodeOptions>) -> Result<()> {
    if let Some(web) = &args.web {
        if !web.join("index.html").is_file() {
            bail!("{} has no index.html: build the page first", web.display());
        }
    }
    let app: Arc<App> = match (args.synthetic, node) {
        (Some(_), Some(_)) => bail!("--synthetic makes a graph of its own: leave out --url"),
        (Some(edges), None) => Arc::new(source::synthetic(edges)?),
        (None, None) => Arc::new(source::embedded(state)?),
        (None, Some(opts)) => source::follow_node(state, opts, args.from_block)?,
    };
    {
        let view = app.read();
        eprintln!(
            "vouch serve: {} graph, {} banks, {} nodes, {} lines{}",
            app.info.source.name(),
            view.graph.banks().count(),
            view.graph.accounts().len(),
            view.graph.line_count(),
            app.info
                .node_url
                .as_ref()
                .map_or(String::new(), |u| format!(", following {u}"))
        );
    }
    let threads = args
        .threads
        .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
        .unwrap_or(2)
        .max(1);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .enable_all()
        .build()
        .context("starting the HTTP runtime")?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("listening on {}", args.listen))?;
        let addr = listener.local_addr()?;
        // The first line on stdout: where to reach the service (with port 0, the port).
        println!("listening on http://{addr}");
        let router = api::router(app, args.web.as_deref());
        axum::serve(listener, router)
            .with_graceful_shutdown(stop_signal())
            .await
            .context("serving HTTP")
    })
}

/// Ctrl-C, or SIGTERM on Unix.
async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
