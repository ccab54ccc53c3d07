//! Payments: the pathfinder plans routes on the trust graph, the router quotes them (a dry
//! run), then pays them atomically; and the offline `route` command on a CSV graph.

use crate::session::Explain;
use crate::session::Session;
use crate::{cost_line, Amount};
use anyhow::{anyhow, bail, Context, Result};
use serde_json::json;
use std::path::Path;
use std::time::{Duration, Instant};
use vouch_client::graph::TrustGraph;
use vouch_client::AccountId32;
use vouch_client::{account_of, BankRef, Receipt};
use vouch_pathfinder::{find_routes, EdgeKind, Limits, NodeId, Plan};
use vouch_traits::{Balance, Route, Start};

/// The most hops of all routes of one payment together: one hop costs about 2.4e9 ref_time
/// in the sandbox (docs/benchmarks.md), and a call gets 1e11.
pub const MAX_TOTAL_HOPS: usize = 30;

/// What a payment did (or, in a dry run, would do).
pub struct PayOutcome {
    pub from: String,
    pub to: String,
    pub amount: Balance,
    /// What the pathfinder can route under the caps.
    pub deliverable: Balance,
    pub routes: Vec<Route>,
    /// Each route as names, payer side first.
    pub paths: Vec<Vec<String>>,
    /// Each route as accounts (banks, or the payer for a budget), payer side first.
    pub path_accounts: Vec<Vec<AccountId32>>,
    /// The router's quote: what each route could carry now.
    pub quotes: Vec<Balance>,
    /// What was delivered (None in a dry run).
    pub paid: Option<Balance>,
    pub costs: Vec<(String, Receipt)>,
    pub search: Duration,
}

/// Plans, quotes and (unless `dry_run`) pays `amount` from `from` to `to`.
#[allow(clippy::too_many_arguments)] // one argument per command-line option
pub fn pay(
    s: &mut Session,
    graph: &mut TrustGraph,
    from: &str,
    to: &str,
    amount: Balance,
    limits: Limits,
    budget: bool,
    dry_run: bool,
) -> Result<PayOutcome> {
    if amount == 0 {
        bail!("the amount must be positive");
    }
    let payer = s.person(from)?;
    let receiver = s.person(to)?;
    if from == to {
        bail!("{from} cannot pay themselves");
    }
    let target_bank = s.bank_of(to)?;
    let source_acc = if budget {
        payer.clone()
    } else {
        s.bank_of(from)
            .context("or pay from a granted budget with --budget")?
    };
    let source = graph
        .node(&source_acc)
        .ok_or_else(|| anyhow!("{from} holds no notes of any bank: nothing to spend"))?;
    let target = graph
        .node(&target_bank)
        .ok_or_else(|| anyhow!("{to}'s bank is not in the graph"))?;
    let t = Instant::now();
    let mut plan = find_routes(&graph.graph, source, target, Some(amount), limits);
    let search = t.elapsed();
    if budget {
        // Held notes handed straight to the receiver's bank are no router route (it needs a
        // hop after the hand-back).
        plan.routes.retain(|r| r.hops.len() >= 2);
    }
    // One payment is one call: keep its hops within what a call's gas pays for.
    let mut hops = 0usize;
    plan.routes.retain(|r| {
        hops = hops.saturating_add(r.hops.len());
        hops <= MAX_TOTAL_HOPS
    });
    let routes = graph.to_routes(source, &plan);
    let deliverable: Balance = routes.iter().map(|r| r.amount).sum();
    let paths = routes_as_names(s, graph, source, &plan);
    let path_accounts = plan
        .routes
        .iter()
        .map(|r| {
            std::iter::once(source)
                .chain(r.hops.iter().map(|&(n, _)| n))
                .map(|n| graph.account(n).clone())
                .collect()
        })
        .collect();
    let mut out = PayOutcome {
        from: from.into(),
        to: to.into(),
        amount,
        deliverable,
        routes,
        paths,
        path_accounts,
        quotes: Vec::new(),
        paid: None,
        costs: Vec::new(),
        search,
    };
    if out.routes.is_empty() {
        if dry_run {
            return Ok(out);
        }
        bail!(
            "no route from {from} to {to} within {} hops: extend trust along the way (vouch link)",
            limits.max_hops
        );
    }
    out.quotes = s.quote(&payer, &receiver, &out.routes)?;
    out.costs
        .push(("quote the routes (dry run)".into(), s.receipt()));
    if dry_run {
        return Ok(out);
    }
    if deliverable < amount {
        bail!(
            "only {deliverable} of {amount} can be routed from {from} to {to} ({} routes of at \
             most {} hops); nothing was paid",
            limits.max_routes,
            limits.max_hops
        );
    }
    // Spending held notes goes through the payer's PSP22 allowance for the router.
    let router = s.router()?;
    let mut per_bank: Vec<(AccountId32, Balance)> = Vec::new();
    for r in &out.routes {
        if let Start::HeldNotes(bank) = r.start {
            let bank = account_of(&bank);
            match per_bank.iter_mut().find(|(b, _)| *b == bank) {
                Some((_, n)) => *n = n.saturating_add(r.amount),
                None => per_bank.push((bank, r.amount)),
            }
        }
    }
    for (bank, n) in &per_bank {
        BankRef::at(bank.clone())
            .approve(&mut s.chain, &payer, &router.addr, *n)
            .or_explain("approve")?;
        out.costs
            .push(("approve the router to spend held notes".into(), s.receipt()));
    }
    let paid = s.pay_along(&payer, &receiver, &out.routes)?;
    out.costs.push((
        format!(
            "pay {paid} over {} route(s), {} hops",
            out.routes.len(),
            out.routes.iter().map(|r| r.hops.len()).sum::<usize>()
        ),
        s.receipt(),
    ));
    out.paid = Some(paid);
    refresh_after(s, graph, source, &plan)?;
    Ok(out)
}

/// Re-reads every line a paid plan touched, so the graph stays current without a reload.
pub fn refresh_after(
    s: &mut Session,
    graph: &mut TrustGraph,
    source: NodeId,
    plan: &Plan,
) -> Result<()> {
    for r in &plan.routes {
        let mut prev = source;
        for &(next, kind) in &r.hops {
            let (bank, holder) = match kind {
                EdgeKind::Issue => (prev, next),
                EdgeKind::Return => (next, prev),
            };
            let (bank, holder) = (graph.account(bank).clone(), graph.account(holder).clone());
            graph
                .refresh(&mut s.chain, &bank, &holder)
                .map_err(|e| anyhow!("reading a line: {e:?}"))?;
            prev = next;
        }
    }
    Ok(())
}

fn routes_as_names(
    s: &Session,
    graph: &TrustGraph,
    source: NodeId,
    plan: &Plan,
) -> Vec<Vec<String>> {
    plan.routes
        .iter()
        .map(|r| {
            std::iter::once(source)
                .chain(r.hops.iter().map(|&(n, _)| n))
                .map(|n| s.name_of(graph.account(n)))
                .collect()
        })
        .collect()
}

/// Prints a payment's outcome.
pub fn print(o: &PayOutcome, json: bool) {
    if json {
        let routes: Vec<_> = o
            .routes
            .iter()
            .zip(&o.paths)
            .enumerate()
            .map(|(i, (r, p))| json!({"amount": r.amount, "path": p, "quote": o.quotes.get(i)}))
            .collect();
        let costs: Vec<_> = o
            .costs
            .iter()
            .map(|(w, r)| {
                let mut cost = crate::cost_json(r);
                cost["what"] = json!(w);
                cost
            })
            .collect();
        println!(
            "{}",
            json!({"from": o.from, "to": o.to, "amount": o.amount, "deliverable": o.deliverable,
                   "paid": o.paid, "routes": routes, "costs": costs,
                   "search_us": o.search.as_micros()})
        );
        return;
    }
    println!(
        "{} -> {}: {} asked, {} routable over {} route(s) (pathfinder: {:.2} ms)",
        o.from,
        o.to,
        o.amount,
        o.deliverable,
        o.routes.len(),
        o.search.as_secs_f64() * 1e3
    );
    for (i, (r, p)) in o.routes.iter().zip(&o.paths).enumerate() {
        let quote = o
            .quotes
            .get(i)
            .map_or(String::new(), |q| format!(" (router quotes {q})"));
        println!("  route {i}: {:>8}  {}{quote}", r.amount, p.join(" -> "));
    }
    for (w, r) in &o.costs {
        println!("{}", cost_line(w, r));
    }
    match o.paid {
        Some(p) => println!("  paid: {p} delivered to {}", o.to),
        None => println!("  dry run: nothing paid"),
    }
}

/// `vouch route --graph FILE …`: routes on a CSV web of trust, no chain involved.
pub fn offline_route(
    path: &Path,
    from: &str,
    to: &str,
    amount: Amount,
    max_hops: usize,
    max_routes: usize,
    json: bool,
) -> Result<()> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let named = vouch_pathfinder::load_ratings(std::io::BufReader::new(file), 1)
        .with_context(|| format!("reading {}", path.display()))?;
    let id = |name: &str| {
        named
            .id(name)
            .ok_or_else(|| anyhow!("{name} is not in {} (no rating names it)", path.display()))
    };
    let (src, dst) = (id(from)?, id(to)?);
    if max_hops == 0 || max_routes == 0 {
        bail!("--max-hops and --max-routes must be at least 1");
    }
    let amount = match amount {
        Amount::Max => None,
        Amount::Exactly(0) => bail!("the amount must be positive (or `max`)"),
        Amount::Exactly(n) => Some(n),
    };
    let t = Instant::now();
    let plan = find_routes(
        &named.graph,
        src,
        dst,
        amount,
        Limits {
            max_hops,
            max_routes,
        },
    );
    let took = t.elapsed();
    let report = named.report(src, &plan);
    if json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!(
            "{from} -> {to}: {} deliverable over {} route(s) in {:.2} ms",
            report.deliverable,
            report.routes.len(),
            took.as_secs_f64() * 1e3
        );
        for r in &report.routes {
            println!("  {:>8}  {}", r.amount, r.hops.join(" -> "));
        }
    }
    Ok(())
}
