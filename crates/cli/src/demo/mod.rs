//! `vouch demo`: a community on a fresh embedded chain. Five named friends join a few
//! hundred people taken from the Bitcoin OTC web of trust (their ratings become credit
//! lines); a vacation budget is granted, spent through the router and partly revoked; a
//! payment between strangers clears over several hops and routes found by the pathfinder;
//! a redemption meets a short reserve; then the five friends share a trip through a group pool
//! (uneven contributions and spending, a re-up voted on, settle-up and payouts); finally a
//! loan with terms on two trackers, funded by three friends, sold in part, repaid and
//! claimed, and a second loan that defaults onto its collateral; last, the friends buy a holiday
//! flat together as shares (rent distributed pro rata, a motion to sell it voted). Every step
//! prints its cost; the trust graph with the payment's routes is drawn to `vouch-demo.svg`.
//!
//! [`community`] chooses the people from the ratings, [`scenario`] tells the main story step
//! by step and [`pool_story`] the trip; [`Log`] prints each step (or keeps it for `--json`).

pub(crate) mod community;
mod loan_story;
mod pool_story;
mod scenario;
mod shares_story;

use crate::pay::{self, PayOutcome};
use crate::session::{NodeOptions, Session};
use crate::{cost_line, svg};
use anyhow::{Context, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{json, Value};
use std::path::PathBuf;
use vouch_client::graph::TrustGraph;
use vouch_client::AccountId32;
use vouch_client::Receipt;

/// The five friends, in the order the demo introduces them.
const FRIENDS: [&str; 5] = ["alice", "bob", "carol", "dave", "erin"];

#[derive(Args)]
pub struct DemoArgs {
    /// How many people to take from the Bitcoin OTC web of trust.
    #[arg(long, default_value_t = 200)]
    people: usize,
    /// The ratings file (`source,target,rating[,time]`); by default the copy of
    /// data/bitcoin-otc.csv built into vouch.
    #[arg(long)]
    otc: Option<PathBuf>,
    /// Where to draw the trust graph.
    #[arg(long, default_value = "vouch-demo.svg")]
    svg: PathBuf,
    /// Keep the demo's chain in this state file afterwards (off by default: the demo runs
    /// on a chain of its own).
    #[arg(long)]
    save: Option<PathBuf>,
}

/// Prints steps as they happen and keeps them for `--json`.
struct Log {
    json: bool,
    steps: Vec<Value>,
}

impl Log {
    fn section(&self, title: &str) {
        if !self.json {
            println!("\n{title}");
        }
    }
    fn note(&self, text: &str) {
        if !self.json {
            println!("  {text}");
        }
    }
    fn step(&mut self, what: &str, r: &Receipt) {
        if !self.json {
            println!("{}", cost_line(what, r));
        }
        self.steps
            .push(json!({"what": what, "ref_time": r.weight.ref_time(),
                               "proof_size": r.weight.proof_size()}));
    }
    fn payment(&mut self, o: &PayOutcome) {
        if !self.json {
            pay::print(o, false);
        }
        for (w, r) in &o.costs {
            self.steps
                .push(json!({"what": w, "ref_time": r.weight.ref_time(),
                                   "proof_size": r.weight.proof_size()}));
        }
    }
}

/// A progress bar for `len` steps of `what` (hidden with `--json`).
fn bar(len: usize, what: &str, hidden: bool) -> ProgressBar {
    if hidden {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(len as u64);
    pb.set_style(
        ProgressStyle::with_template("  {msg:<28} [{bar:30}] {pos}/{len} {elapsed}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    pb.set_message(what.to_string());
    pb
}

/// Runs the demo on a fresh embedded chain, or with `node` on a node (fresh contracts and
/// a deployment record of their own beside the demo's state file).
pub fn run(args: DemoArgs, json: bool, node: Option<NodeOptions>) -> Result<()> {
    let ratings = community::load(args.otc.as_deref())?;
    let community = community::choose(&ratings, args.people);
    let state = args
        .save
        .clone()
        .unwrap_or_else(|| PathBuf::from("vouch-demo.snapshot"));
    let (mut s, title) = match node {
        None => (
            Session::fresh(&state)?,
            "a community on an embedded chain (sandbox weights per step)".to_string(),
        ),
        Some(opts) => {
            let title = format!(
                "a community on the node at {} (per transaction: the weight its block \
                 accounted, the block and the fee)",
                opts.url
            );
            (Session::fresh_node(&state, opts)?, title)
        }
    };
    let mut log = Log {
        json,
        steps: Vec::new(),
    };
    if !json {
        println!("Vouch demo: {title}");
    }

    scenario::fund_friends(&mut s, &mut log)?;
    let names = scenario::join_community(&mut s, &mut log, &community)?;
    scenario::meet_community(&mut s, &mut log, &names, &community.lines)?;
    let mut graph = scenario::read_graph(&mut s, &log)?;
    scenario::vacation_budget(&mut s, &mut log, &mut graph)?;
    let highlight = scenario::pay_between_strangers(&mut s, &mut log, &mut graph)?;
    scenario::short_reserve_redemption(&mut s, &mut log)?;
    let friends = scenario::final_state(&mut s, &log)?;

    let pool_report = if vouch_client::Bundle::get("pool").is_ok() {
        pool_story::run(&mut s, &mut log)?
    } else {
        log.note(
            "(the pool bundle is not built: scripts/build-contracts; the pool part is skipped)",
        );
        Value::Null
    };

    let loan_report = if vouch_client::Bundle::get("loan").is_ok()
        && vouch_client::Bundle::get("tracker").is_ok()
    {
        loan_story::run(&mut s, &mut log)?
    } else {
        log.note("(the loan and tracker bundles are not built: scripts/build-contracts; the loans are skipped)");
        Value::Null
    };

    let shares_report = if vouch_client::Bundle::get("shares").is_ok() {
        shares_story::run(&mut s, &mut log)?
    } else {
        log.note(
            "(the shares bundle is not built: scripts/build-contracts; the shares are skipped)",
        );
        Value::Null
    };

    draw(&args, &mut s, &graph, &highlight)?;
    let reports = Reports {
        friends,
        pool: pool_report,
        loans: loan_report,
        shares: shares_report,
    };
    print_summary(&args, log, reports);
    Ok(())
}

/// Draws the trust graph with the payment's routes and keeps the chain if `--save` asks.
fn draw(
    args: &DemoArgs,
    s: &mut Session,
    graph: &TrustGraph,
    highlight: &[Vec<AccountId32>],
) -> Result<()> {
    let names = svg::Names::from_session(s)?;
    let drawing = svg::draw(graph, &names, highlight);
    std::fs::write(&args.svg, drawing)
        .with_context(|| format!("writing {}", args.svg.display()))?;
    if args.save.is_some() {
        s.save()?;
    }
    Ok(())
}

/// What each part of the demo reports for `--json`.
struct Reports {
    friends: Vec<Value>,
    pool: Value,
    loans: Value,
    shares: Value,
}

/// The JSON document of every step (`--json`), or where the drawing and the chain went.
fn print_summary(args: &DemoArgs, log: Log, r: Reports) {
    if log.json {
        println!(
            "{}",
            json!({"steps": log.steps, "friends": r.friends, "pool": r.pool, "loans": r.loans,
                   "shares": r.shares, "svg": args.svg.display().to_string()})
        );
    } else {
        println!(
            "\nwrote {} (the trust graph, alice -> erin's routes in colour)",
            args.svg.display()
        );
        if let Some(p) = &args.save {
            println!(
                "chain saved to {}: continue with `vouch --state {}`",
                p.display(),
                p.display()
            );
        }
    }
}
