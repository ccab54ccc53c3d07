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
use vouch_pathfinder::cost::{self, CostModel, Shape, Split, Weight};
use vouch_pathfinder::{find_routes, EdgeKind, Limits, NodeId, Plan};
use vouch_traits::{Balance, Route, Start};

/// What a payment did (or, in a dry run, would do).
pub struct PayOutcome {
    pub from: String,
    pub to: String,
    pub amount: Balance,
    /// What one call can carry: the routes the pathfinder found under the caps, as many as
    /// fit one call's budget (`vouch_pathfinder::cost`).
    pub deliverable: Balance,
    /// What the pathfinder can route under the caps, in as many calls as it takes.
    pub routable: Balance,
    /// The estimated cost of the one call (`routes`).
    pub estimate: Weight,
    /// What one call may cost (`CostModel::budget`).
    pub budget: Weight,
    /// What each call would carry to pay `routable` (the first is `deliverable`): one entry
    /// when one call is enough, none when nothing can be routed.
    pub parts: Vec<Balance>,
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
    let planned = plan_payment(graph, source, target, amount, limits);
    let paths = routes_as_names(s, graph, source, &planned.plan);
    let path_accounts = planned.path_accounts(graph);
    let Planned {
        plan,
        routes,
        deliverable,
        parts,
        routable,
        estimate,
        whole,
        whole_cost,
        later,
        model,
        search,
        ..
    } = planned;
    let mut out = PayOutcome {
        from: from.into(),
        to: to.into(),
        amount,
        deliverable,
        routable,
        estimate,
        budget: model.budget,
        parts,
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
        if !later.over_budget.routes.is_empty() {
            bail!(
                "no route from {from} to {to} fits one call: {}; nothing was paid",
                over_budget(&later, source, &model)
            );
        }
        bail!(
            "no route from {from} to {to} within {} hops: extend trust along the way (vouch link)",
            limits.max_hops
        );
    }
    if !dry_run && deliverable < amount {
        let hint = PayHint {
            from,
            to,
            budget,
            limits,
        };
        bail!(
            "{}",
            too_much(&out, &hint, whole, whole_cost, &later, source, &model)
        );
    }
    out.quotes = s.quote(&payer, &receiver, &out.routes)?;
    out.costs
        .push(("quote the routes (dry run)".into(), s.receipt()));
    if dry_run {
        return Ok(out);
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

/// A payment planned on the trust graph: the routes of one call and how the rest would be
/// paid. What `vouch pay` executes and what the route service (`vouch serve`) answers.
pub struct Planned {
    /// The routes of the one call, as the pathfinder found them (node ids of the graph).
    pub plan: Plan,
    /// The same routes as the router takes them (`pay_along`).
    pub routes: Vec<Route>,
    /// What the one call carries (the sum of `routes`' amounts).
    pub deliverable: Balance,
    /// What each call would carry to pay `routable` (the first is the one call's): one
    /// entry when one call is enough, none when nothing can be routed.
    pub parts: Vec<Balance>,
    /// What the pathfinder can route under the caps, in as many calls as it takes.
    pub routable: Balance,
    /// The estimated cost of the one call.
    pub estimate: Weight,
    /// The shape and cost of everything found, before it was cut to one call.
    pub whole: Shape,
    pub whole_cost: Weight,
    /// The routes after the first call, cut into calls (and those no call can carry).
    pub later: Split,
    pub model: CostModel,
    pub source: NodeId,
    /// How long the route search took.
    pub search: Duration,
}

impl Planned {
    /// Each route of the one call as accounts (banks, or the payer for held notes), payer
    /// side first.
    pub fn path_accounts(&self, graph: &TrustGraph) -> Vec<Vec<AccountId32>> {
        self.plan
            .routes
            .iter()
            .map(|r| {
                std::iter::once(self.source)
                    .chain(r.hops.iter().map(|&(n, _)| n))
                    .map(|n| graph.account(n).clone())
                    .collect()
            })
            .collect()
    }

    /// Why the plan does not pay `amount` in one call, in words, as `from` and `to` are
    /// named; `step` says how to pay one part. None when one call pays it all.
    pub fn shortfall(
        &self,
        amount: Balance,
        names: (&str, &str),
        limits: Limits,
        step: &dyn Fn(Balance) -> String,
    ) -> Option<String> {
        if self.deliverable >= amount {
            return None;
        }
        let (from, to) = names;
        if self.routes.is_empty() {
            if !self.later.over_budget.routes.is_empty() {
                return Some(format!(
                    "no route from {from} to {to} fits one call: {}",
                    over_budget(&self.later, self.source, &self.model)
                ));
            }
            return Some(format!(
                "no route from {from} to {to} within {} hops",
                limits.max_hops
            ));
        }
        let short = Short {
            amount,
            one: self.deliverable,
            routable: self.routable,
            parts: &self.parts,
            from,
            to,
            limits,
            whole: self.whole,
            whole_cost: self.whole_cost,
            later: &self.later,
            source: self.source,
            model: &self.model,
        };
        Some(short.words("", step))
    }
}

/// Plans `amount` from node `source` (a bank, or a person holding notes) to node `target`
/// (a bank) on `graph`: the pathfinder's routes under `limits`, cut to what one call's cost
/// budget carries (`vouch_pathfinder::cost`), and the calls the rest would take.
pub fn plan_payment(
    graph: &TrustGraph,
    source: NodeId,
    target: NodeId,
    amount: Balance,
    limits: Limits,
) -> Planned {
    let t = Instant::now();
    let mut plan = find_routes(&graph.graph, source, target, Some(amount), limits);
    let search = t.elapsed();
    if !graph.is_bank(graph.account(source)) {
        // Held notes handed straight to the receiver's bank are no router route (it needs a
        // hop after the hand-back).
        plan.routes.retain(|r| r.hops.len() >= 2);
    }
    plan.deliverable = plan.routes.iter().map(|r| r.amount).sum();
    // One payment is one call: keep the routes one call's gas pays for, and work out how
    // many calls the rest would take.
    let model = CostModel::default();
    let whole = cost::shape(&plan, source);
    let whole_cost = model.cost(whole);
    let (plan, rest) = cost::fit(plan, source, &model);
    let later = cost::split(rest, source, &model);
    let parts: Vec<Balance> = std::iter::once(plan.deliverable)
        .filter(|&d| d > 0)
        .chain(later.calls.iter().map(|c| c.deliverable))
        .collect();
    let routes = graph.to_routes(source, &plan);
    let deliverable: Balance = routes.iter().fold(0, |a, r| a.saturating_add(r.amount));
    let routable = parts.iter().fold(0, |a: Balance, p| a.saturating_add(*p));
    let estimate = cost::estimate(&plan, source, &model);
    Planned {
        plan,
        routes,
        deliverable,
        parts,
        routable,
        estimate,
        whole,
        whole_cost,
        later,
        model,
        source,
        search,
    }
}

/// How the payment was asked for, to tell the user how to ask for its parts.
struct PayHint<'a> {
    from: &'a str,
    to: &'a str,
    budget: bool,
    limits: Limits,
}

impl PayHint<'_> {
    /// The command that pays `amount` the same way.
    fn command(&self, amount: Balance) -> String {
        let mut c = format!("vouch pay {} {} {amount}", self.from, self.to);
        if self.budget {
            c.push_str(" --budget");
        }
        let caps = Limits::default();
        if self.limits.max_hops != caps.max_hops {
            c.push_str(&format!(" --max-hops {}", self.limits.max_hops));
        }
        if self.limits.max_routes != caps.max_routes {
            c.push_str(&format!(" --max-routes {}", self.limits.max_routes));
        }
        c
    }
}

/// Why `out` cannot pay its amount in one call, and how to pay it in parts if it can be.
fn too_much(
    out: &PayOutcome,
    hint: &PayHint,
    whole: Shape,
    whole_cost: Weight,
    later: &Split,
    source: NodeId,
    model: &CostModel,
) -> String {
    let short = Short {
        amount: out.amount,
        one: out.deliverable,
        routable: out.routable,
        parts: &out.parts,
        from: hint.from,
        to: hint.to,
        limits: hint.limits,
        whole,
        whole_cost,
        later,
        source,
        model,
    };
    short.words("; nothing was paid", &|p| hint.command(p))
}

/// A payment one call does not carry whole, as the words about it need it.
struct Short<'a> {
    amount: Balance,
    /// What one call carries.
    one: Balance,
    routable: Balance,
    parts: &'a [Balance],
    from: &'a str,
    to: &'a str,
    limits: Limits,
    whole: Shape,
    whole_cost: Weight,
    later: &'a Split,
    source: NodeId,
    model: &'a CostModel,
}

impl Short<'_> {
    /// Why the amount is not paid in one call, then `after`, then how to pay it in parts
    /// (each part as `step` says) if it takes several calls.
    fn words(&self, after: &str, step: &dyn Fn(Balance) -> String) -> String {
        let (amount, one, routable) = (self.amount, self.one, self.routable);
        let (from, to) = (self.from, self.to);
        let calls = self.parts.len();
        let why = format!(
            "{} routes, {} banks: {}",
            self.whole.routes,
            self.whole.banks,
            over_what(self.whole_cost, self.model.budget)
        );
        let mut msg = if routable >= amount && calls > 1 {
            format!(
                "{amount} can be routed from {from} to {to} but one call carries at most {one} \
                 ({why})"
            )
        } else {
            let mut m = format!(
                "only {routable} of {amount} can be routed from {from} to {to} ({} routes of \
                 at most {} hops)",
                self.limits.max_routes, self.limits.max_hops
            );
            if calls > 1 {
                m.push_str(&format!(", and one call carries at most {one} ({why})"));
            }
            m
        };
        if !self.later.over_budget.routes.is_empty() {
            msg.push_str(&format!(
                "; {}",
                over_budget(self.later, self.source, self.model)
            ));
        }
        msg.push_str(after);
        if calls > 1 {
            let steps: Vec<String> = self.parts.iter().map(|&p| step(p)).collect();
            let what = if routable >= amount {
                String::new()
            } else {
                format!(" the {routable}")
            };
            msg.push_str(&format!(
                ". To pay{what} in {calls} parts: {}",
                steps.join(", then ")
            ));
        }
        msg
    }
}

/// The routes of `later` that no call can carry, in words.
fn over_budget(later: &Split, source: NodeId, model: &CostModel) -> String {
    let over = &later.over_budget;
    let dearest = over
        .routes
        .iter()
        .map(|r| {
            let alone = Plan {
                deliverable: r.amount,
                routes: vec![r.clone()],
            };
            (r.hops.len(), cost::estimate(&alone, source, model))
        })
        .max_by_key(|&(_, w)| (w.ref_time, w.proof_size));
    let Some((hops, w)) = dearest else {
        return String::new();
    };
    format!(
        "{} route(s) carrying {} cost more than one call each, alone (the dearest, {hops} \
         hops: {}): fewer hops (--max-hops) keep routes within a call",
        over.routes.len(),
        over.deliverable,
        over_what(w, model.budget)
    )
}

/// `cost` against `budget` in the parts it exceeds (ref_time when it exceeds neither), as
/// "9.1e10 ref_time of 9.0e10".
fn over_what(cost: Weight, budget: Weight) -> String {
    let mut parts = Vec::new();
    let proof_over = cost.proof_size > budget.proof_size;
    if cost.ref_time > budget.ref_time || !proof_over {
        let (c, b) = sci_pair(cost.ref_time, budget.ref_time);
        parts.push(format!("{c} ref_time of {b}"));
    }
    if proof_over {
        let (c, b) = sci_pair(cost.proof_size, budget.proof_size);
        parts.push(format!("{c} proof_size of {b}"));
    }
    parts.join(", ")
}

/// Two figures in scientific notation with as few decimals (1 to 4) as tell them apart.
fn sci_pair(a: u64, b: u64) -> (String, String) {
    let show = |x: u64, d: usize| format!("{:.*e}", d, x as f64);
    let d = (1..=4)
        .find(|&d| a == b || show(a, d) != show(b, d))
        .unwrap_or(4);
    (show(a, d), show(b, d))
}

/// `x` in scientific notation with one decimal, or two when that makes it exact.
fn sci1(x: u64) -> String {
    let one = format!("{:.1e}", x as f64);
    let two = format!("{:.2e}", x as f64);
    if one.parse::<f64>() != Ok(x as f64) && two.parse::<f64>() == Ok(x as f64) {
        two
    } else {
        one
    }
}

/// `w` in scientific notation, as "2.9e10 ref_time, 3.15e6 proof_size".
fn sci(w: Weight) -> String {
    format!(
        "{} ref_time, {} proof_size",
        sci1(w.ref_time),
        sci1(w.proof_size)
    )
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
                   "routable": o.routable, "calls": o.parts.len(), "parts": o.parts,
                   "estimate": o.estimate, "budget": o.budget,
                   "paid": o.paid, "routes": routes, "costs": costs,
                   "search_us": o.search.as_micros()})
        );
        return;
    }
    println!(
        "{} -> {}: {} asked, {} routable in one call over {} route(s) (pathfinder: {:.2} ms)",
        o.from,
        o.to,
        o.amount,
        o.deliverable,
        o.routes.len(),
        o.search.as_secs_f64() * 1e3
    );
    if !o.routes.is_empty() {
        println!(
            "  one call, estimated: {} (budget {})",
            sci(o.estimate),
            sci(o.budget)
        );
    }
    if o.parts.len() > 1 {
        let parts: Vec<String> = o.parts.iter().map(u128::to_string).collect();
        println!(
            "  {} routable in {} calls: {}",
            o.routable,
            o.parts.len(),
            parts.join(" + ")
        );
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use vouch_pathfinder::Route as PlannedRoute;

    fn outcome(amount: Balance, parts: &[Balance]) -> PayOutcome {
        PayOutcome {
            from: String::new(),
            to: String::new(),
            amount,
            deliverable: parts.first().copied().unwrap_or(0),
            routable: parts.iter().sum(),
            estimate: Weight::ZERO,
            budget: cost::BUDGET,
            parts: parts.to_vec(),
            routes: Vec::new(),
            paths: Vec::new(),
            path_accounts: Vec::new(),
            quotes: Vec::new(),
            paid: None,
            costs: Vec::new(),
            search: Duration::ZERO,
        }
    }

    fn hint<'a>(from: &'a str, to: &'a str) -> PayHint<'a> {
        PayHint {
            from,
            to,
            budget: false,
            limits: Limits::default(),
        }
    }

    const WHOLE: Shape = Shape {
        banks: 12,
        legs: 20,
        returns: 0,
        routes: 8,
    };
    const WHOLE_COST: Weight = Weight::new(91_000_000_000, 1_000_000);

    #[test]
    fn an_amount_routable_in_several_calls_says_how_to_pay_it_in_parts() {
        let m = CostModel::default();
        let msg = too_much(
            &outcome(250, &[180, 70]),
            &hint("alice", "erin"),
            WHOLE,
            WHOLE_COST,
            &Split::default(),
            0,
            &m,
        );
        assert_eq!(
            msg,
            "250 can be routed from alice to erin but one call carries at most 180 (8 routes, \
             12 banks: 9.1e10 ref_time of 9.0e10); nothing was paid. To pay in 2 parts: \
             vouch pay alice erin 180, then vouch pay alice erin 70"
        );
    }

    #[test]
    fn a_short_amount_says_what_can_be_routed_and_in_how_many_calls() {
        let m = CostModel::default();
        let one = too_much(
            &outcome(50, &[20]),
            &hint("alice", "dave"),
            WHOLE,
            WHOLE_COST,
            &Split::default(),
            0,
            &m,
        );
        assert_eq!(
            one,
            "only 20 of 50 can be routed from alice to dave (8 routes of at most 16 hops); \
             nothing was paid"
        );
        let mut h = hint("bob", "carol");
        h.budget = true;
        h.limits.max_hops = 12;
        let several = too_much(
            &outcome(250, &[180, 15, 5]),
            &h,
            WHOLE,
            WHOLE_COST,
            &Split::default(),
            0,
            &m,
        );
        assert_eq!(
            several,
            "only 200 of 250 can be routed from bob to carol (8 routes of at most 12 hops), and \
             one call carries at most 180 (8 routes, 12 banks: 9.1e10 ref_time of 9.0e10); \
             nothing was paid. To pay the 200 in 3 parts: vouch pay bob carol 180 --budget \
             --max-hops 12, then vouch pay bob carol 15 --budget --max-hops 12, then vouch pay \
             bob carol 5 --budget --max-hops 12"
        );
    }

    #[test]
    fn a_route_no_call_can_carry_is_named() {
        let m = CostModel {
            budget: Weight::new(6_000_000_000, 1_000_000),
            per_route: Weight::ZERO,
            ..CostModel::default()
        };
        let long = PlannedRoute {
            hops: vec![
                (1, EdgeKind::Issue),
                (2, EdgeKind::Return),
                (3, EdgeKind::Issue),
            ],
            amount: 7,
        };
        let later = cost::split(
            Plan {
                deliverable: 7,
                routes: vec![long],
            },
            0,
            &m,
        );
        assert_eq!(later.over_budget.deliverable, 7);
        let msg = too_much(
            &outcome(10, &[3]),
            &hint("ann", "cat"),
            WHOLE,
            WHOLE_COST,
            &later,
            0,
            &m,
        );
        // 1.7e9 + 3 banks (3.66e9) + 3 legs (0.6e9) + 1 return (2.3e9) + the route (free
        // here) = 8.26e9 of 6e9.
        assert_eq!(
            msg,
            "only 3 of 10 can be routed from ann to cat (8 routes of at most 16 hops); 1 \
             route(s) carrying 7 cost more than one call each, alone (the dearest, 3 hops: \
             8.3e9 ref_time of 6.0e9): fewer hops (--max-hops) keep routes within a call; \
             nothing was paid"
        );
    }

    #[test]
    fn figures_get_the_decimals_that_tell_them_apart() {
        assert_eq!(
            sci_pair(91_000_000_000, 90_000_000_000),
            ("9.1e10".into(), "9.0e10".into())
        );
        assert_eq!(
            sci_pair(90_400_000_000, 90_000_000_000),
            ("9.04e10".into(), "9.00e10".into())
        );
        assert_eq!(sci_pair(5, 5), ("5.0e0".into(), "5.0e0".into()));
        let proof_only = over_what(Weight::new(1, 3_400_000), cost::BUDGET);
        assert!(
            proof_only.starts_with("3.4e6 proof_size of 3."),
            "{proof_only}"
        );
        assert!(!proof_only.contains("ref_time"), "{proof_only}");
        let both = over_what(Weight::new(95_000_000_000, 3_400_000), cost::BUDGET);
        assert!(
            both.contains("ref_time") && both.contains("proof_size"),
            "{both}"
        );
    }
}
