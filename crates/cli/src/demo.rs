//! `vouch demo`: a community on a fresh embedded chain. Five named friends join a few
//! hundred people taken from the Bitcoin OTC web of trust (their ratings become credit
//! lines); a vacation budget is granted, spent through the router and partly revoked; a
//! payment between strangers clears over several hops and routes found by the pathfinder;
//! a redemption meets a short reserve; then the five friends share a trip through a group pool
//! (uneven contributions and spending, a re-up voted on, settle-up and payouts). Every step
//! prints its cost; the trust graph with the payment's routes is drawn to `vouch-demo.svg`.

use crate::pay::{self, PayOutcome};
use crate::pool;
use crate::session::Session;
use crate::{cost_line, group, svg};
use anyhow::{bail, Context, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::{Path, PathBuf};
use vouch_client::drink::AccountId32;
use vouch_client::{ink_id, Receipt};
use vouch_pathfinder::Limits;
use vouch_traits::pool::PoolStatus;
use vouch_traits::Balance;

/// Notes per rating point: a rating of 7 becomes a line of 70.
const UNIT: Balance = 10;

#[derive(Args)]
pub struct DemoArgs {
    /// How many people to take from the Bitcoin OTC web of trust.
    #[arg(long, default_value_t = 200)]
    people: usize,
    /// The ratings file (`source,target,rating[,time]`).
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
    steps: Vec<serde_json::Value>,
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

fn default_otc() -> PathBuf {
    let local = Path::new("data/bitcoin-otc.csv");
    if local.exists() {
        return local.to_path_buf();
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/bitcoin-otc.csv")
}

/// Positive ratings `(rater, ratee, rating)` from a Bitcoin OTC style file.
fn read_ratings(path: &Path) -> Result<Vec<(String, String, i64)>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        if f.len() < 3 {
            continue;
        }
        let Ok(r) = f[2].parse::<i64>() else {
            if i == 0 {
                continue; // a header
            }
            bail!("{}:{}: `{}` is not a rating", path.display(), i + 1, f[2]);
        };
        if r > 0 && f[0] != f[1] {
            out.push((f[0].to_string(), f[1].to_string(), r));
        }
    }
    Ok(out)
}

/// The `n` people nearest (breadth first, over ratings in either direction) to the most
/// connected person, and the ratings among them.
fn community(
    ratings: &[(String, String, i64)],
    n: usize,
) -> (Vec<String>, Vec<(usize, usize, i64)>) {
    let mut adj: HashMap<&str, Vec<&str>> = HashMap::new();
    for (a, b, _) in ratings {
        adj.entry(a).or_default().push(b);
        adj.entry(b).or_default().push(a);
    }
    let Some(root) = adj
        .iter()
        .max_by_key(|(k, v)| (v.len(), std::cmp::Reverse(*k)))
        .map(|(k, _)| *k)
    else {
        return (Vec::new(), Vec::new());
    };
    let mut order: Vec<&str> = vec![root];
    let mut seen: HashMap<&str, usize> = HashMap::from([(root, 0)]);
    let mut queue = VecDeque::from([root]);
    while let Some(v) = queue.pop_front() {
        let mut next = adj[v].clone();
        next.sort_unstable();
        next.dedup();
        for w in next {
            if order.len() >= n {
                break;
            }
            if !seen.contains_key(w) {
                seen.insert(w, order.len());
                order.push(w);
                queue.push_back(w);
            }
        }
    }
    let mut edges: BTreeMap<(usize, usize), i64> = BTreeMap::new();
    for (a, b, r) in ratings {
        if let (Some(&i), Some(&j)) = (seen.get(a.as_str()), seen.get(b.as_str())) {
            edges.insert((i, j), *r); // a later rating replaces an earlier one
        }
    }
    let people = order.iter().map(|s| s.to_string()).collect();
    (
        people,
        edges.into_iter().map(|((i, j), r)| (i, j, r)).collect(),
    )
}

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

pub fn run(args: DemoArgs, json: bool) -> Result<()> {
    let otc = args.otc.clone().unwrap_or_else(default_otc);
    let ratings = read_ratings(&otc)?;
    let (otc_people, otc_edges) = community(&ratings, args.people);
    let state = args
        .save
        .clone()
        .unwrap_or_else(|| PathBuf::from("vouch-demo.snapshot"));
    let mut s = Session::fresh(&state)?;
    let mut log = Log {
        json,
        steps: Vec::new(),
    };
    if !json {
        println!("Vouch demo: a community on an embedded chain (sandbox weights per step)");
    }

    log.section("Five friends deploy trust banks and fund their reserves:");
    let friends = ["alice", "bob", "carol", "dave", "erin"];
    for name in friends {
        let (_, costs) = s.deploy(name)?;
        for (w, r) in costs {
            log.step(&format!("{name}: {w}"), &r);
        }
    }
    for (name, amount) in [
        ("alice", 60),
        ("bob", 1_000),
        ("carol", 1_000),
        ("dave", 1_000),
        ("erin", 1_000),
    ] {
        deposit(&mut s, name, amount)?;
        log.step(
            &format!("{name} deposits {amount} into the reserve"),
            &s.receipt(),
        );
    }

    log.section(&format!(
        "{} people of the Bitcoin OTC web of trust join ({} ratings become credit lines, {UNIT} notes per point):",
        otc_people.len(),
        otc_edges.len()
    ));
    let names: Vec<String> = otc_people.iter().map(|p| format!("otc-{p}")).collect();
    let pb = bar(names.len(), "deploying banks", json);
    let mut deploy_cost = Receipt::default();
    for n in &names {
        let (_, costs) = s.deploy(n)?;
        deploy_cost = costs[0].1.clone();
        pb.inc(1);
    }
    pb.finish_and_clear();
    log.step(
        "one bank deployed, authorised and registered (last)",
        &deploy_cost,
    );
    let pb = bar(otc_edges.len(), "opening credit lines", json);
    let (mut limit_cost, mut trust_cost) = (Receipt::default(), Receipt::default());
    for &(rater, ratee, r) in &otc_edges {
        // The rater trusts the ratee: it is willing to hold the ratee's notes, and the ratee
        // extends it a matching limit, so the ratee can pay the rater.
        let amount = Balance::try_from(r).unwrap_or(0).saturating_mul(UNIT);
        link(&mut s, &names[ratee], &names[rater], amount)?;
        limit_cost = s.receipt();
        trust_cost = s.receipt();
        pb.inc(1);
    }
    pb.finish_and_clear();
    log.step(
        "a credit line opened (set_limit + trust, last)",
        &limit_cost,
    );
    let _ = trust_cost;

    // The friends meet the community at opposite ends: alice near its centre (people who
    // can pass a lot on), erin at its edge (people who can receive a lot), so a payment
    // between them crosses strangers.
    let n = names.len();
    let (mut can_issue, mut can_receive) = (vec![0i64; n], vec![0i64; n]);
    for &(rater, ratee, r) in &otc_edges {
        can_issue[ratee] += r;
        can_receive[rater] += r;
    }
    let pick = |range: std::ops::Range<usize>, score: &[i64]| -> Vec<usize> {
        let mut v: Vec<usize> = range.collect();
        v.sort_by_key(|&i| (std::cmp::Reverse(score[i]), i));
        v.truncate(3);
        v
    };
    let entry: Vec<&String> = pick(0..n.div_ceil(4), &can_issue)
        .into_iter()
        .map(|i| &names[i])
        .collect();
    let exit: Vec<&String> = pick(n / 2..n, &can_receive)
        .into_iter()
        .map(|i| &names[i])
        .collect();
    log.section("The friends' own lines:");
    for e in &entry {
        link(&mut s, "alice", e, 400)?;
        log.step(
            &format!("alice extends {e} 400 (and it trusts her)"),
            &s.receipt(),
        );
    }
    for x in &exit {
        link(&mut s, x, "erin", 400)?;
        log.step(
            &format!("{x} extends erin 400 (and she trusts it)"),
            &s.receipt(),
        );
    }
    link(&mut s, "alice", "carol", 500)?;
    log.step("alice extends carol 500 (and she trusts her)", &s.receipt());
    link(&mut s, "carol", "dave", 500)?;
    log.step("carol extends dave 500 (and he trusts her)", &s.receipt());

    // One read of every bank's lines; after this the graph is kept current line by line.
    let t = std::time::Instant::now();
    let mut graph = s.graph()?;
    log.note(&format!(
        "trust graph read from the chain: {} nodes, {} edges with room ({:.1} s)",
        graph.graph.node_count(),
        graph.graph.edge_count(),
        t.elapsed().as_secs_f64()
    ));

    log.section("A vacation budget: alice grants bob 300 alice-notes");
    let alice_bank = s.bank_of("alice")?;
    let bob = s.person("bob")?;
    s.bank_call("alice", "TrustBank::set_limit", (ink_id(&bob), 300u128))?;
    log.step(
        "alice extends bob (the person) a limit of 300",
        &s.receipt(),
    );
    s.bank_exec(&bob, &alice_bank, "TrustBank::set_willing", 300u128, 0)?;
    log.step("bob is willing to hold 300 alice-notes", &s.receipt());
    s.bank_call("alice", "TrustBank::grant", (ink_id(&bob), 300u128))?;
    log.step("alice grants bob 300", &s.receipt());
    graph
        .refresh(&mut s.chain, &alice_bank, &bob)
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let o = pay::pay(
        &mut s,
        &mut graph,
        "bob",
        "carol",
        120,
        Limits::default(),
        true,
        false,
    )?;
    log.note("bob pays carol 120 for the boat trip from his budget:");
    log.payment(&o);
    s.bank_call("alice", "TrustBank::revoke", (ink_id(&bob), 80u128))?;
    log.step(
        "alice revokes 80 of the 180 left of the budget",
        &s.receipt(),
    );
    graph
        .refresh(&mut s.chain, &alice_bank, &bob)
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let over = s.bank_exec(
        &bob,
        &alice_bank,
        "TrustBank::revoke",
        (ink_id(&bob), 1u128),
        0,
    );
    log.note(&format!(
        "bob cannot revoke anything himself: {}",
        over.err().map_or("(no error!)".into(), |e| e.to_string())
    ));

    log.section("A payment between strangers: how much could alice send erin? (dry run)");
    let probe = pay::pay(
        &mut s,
        &mut graph,
        "alice",
        "erin",
        1_000,
        Limits::default(),
        false,
        true,
    )?;
    log.payment(&probe);
    let amount = probe.deliverable.min(250);
    log.section(&format!(
        "alice pays erin {amount} through the community (pathfinder -> quote -> pay_along)"
    ));
    let o = pay::pay(
        &mut s,
        &mut graph,
        "alice",
        "erin",
        amount,
        Limits::default(),
        false,
        false,
    )?;
    log.payment(&o);
    let highlight = o.path_accounts.clone();

    log.section("A redemption with a short reserve: bob redeems his 100 alice-notes (alice keeps a reserve of 60)");
    let before = vouch_client::Ledger::free_balance(&mut s.chain, &bob);
    match s.bank_exec(&bob, &alice_bank, "TrustBank::redeem", 100u128, 0) {
        Err(e) => log.note(&format!("redeem 100 fails and changes nothing: {e}")),
        Ok(()) => log.note("redeem 100 succeeded"),
    }
    let paid = crate::redeem(&mut s, "person:bob", "alice", 100, true)?;
    log.step(&format!("bob redeems partially: paid {paid}"), &s.receipt());
    let after = vouch_client::Ledger::free_balance(&mut s.chain, &bob);
    log.note(&format!(
        "bob's native balance: {} -> {} (+{})",
        group(before),
        group(after),
        after.saturating_sub(before)
    ));

    log.section("Final state of the friends:");
    let mut state_rows = Vec::new();
    for name in friends {
        let bank = s.bank_of(name)?;
        let st = s.status(&bank)?;
        let who = s.person(name)?;
        let held_alice = s.balance_of(&alice_bank, &who)?;
        if !json {
            println!(
                "  {name:<6} reserve {:>6}  notes out {:>6}  counterparties {:>3}  holds alice-notes {held_alice}",
                st.reserve, st.outstanding, st.counterparties
            );
        }
        state_rows.push(
            json!({"name": name, "reserve": st.reserve, "outstanding": st.outstanding,
                               "counterparties": st.counterparties}),
        );
    }

    let pool_report = if s.chain.has_pool_bundle() {
        pool_scenario(&mut s, &mut log)?
    } else {
        log.note(
            "(the pool bundle is not built: scripts/build-contracts; the pool part is skipped)",
        );
        serde_json::Value::Null
    };

    let names = svg::Names::from_session(&s)?;
    let drawing = svg::draw(&graph, &names, &highlight);
    std::fs::write(&args.svg, drawing)
        .with_context(|| format!("writing {}", args.svg.display()))?;
    if args.save.is_some() {
        s.save()?;
    }
    if json {
        println!(
            "{}",
            json!({"steps": log.steps, "friends": state_rows, "pool": pool_report,
                   "svg": args.svg.display().to_string()})
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
    Ok(())
}

fn deposit(s: &mut Session, name: &str, amount: Balance) -> Result<()> {
    let bank = s.bank_of(name)?;
    let who = s.person(name)?;
    s.bank_exec(&who, &bank, "TrustBank::deposit", (), amount)
}

/// `issuer`'s bank extends `holder`'s bank a limit and `holder`'s bank is willing.
fn link(s: &mut Session, issuer: &str, holder: &str, amount: Balance) -> Result<()> {
    let h: AccountId32 = s.bank_of(holder)?;
    s.bank_call(issuer, "TrustBank::set_limit", (ink_id(&h), amount))?;
    crate::set_willing(s, holder, issuer, amount)
}

/// The five friends' trip pool: uneven contributions and spending (transfers between members,
/// a redemption, a hotel paid through the router), a re-up voted on, the settle-up plan and
/// who owes whom, then the close and its payouts. Every number printed is read from the chain.
fn pool_scenario(s: &mut Session, log: &mut Log) -> Result<serde_json::Value> {
    let friends = ["alice", "bob", "carol", "dave", "erin"];
    let members: Vec<String> = friends.iter().map(|f| f.to_string()).collect();
    log.section("A group pool: the five friends share a trip (3 of 5 approvals, a budget of 100 pool notes each)");
    for (w, r) in pool::create(
        s,
        "trip",
        &members,
        3,
        100,
        vouch_client::pool::DEFAULT_TTL,
        None,
    )? {
        log.step(&w, &r);
    }
    for (name, amount) in [
        ("alice", 200),
        ("bob", 120),
        ("carol", 100),
        ("dave", 60),
        ("erin", 20),
    ] {
        let r = pool::contribute(s, "trip", name, amount)?;
        log.step(&format!("{name} contributes {amount}"), &r);
    }
    for name in friends {
        let r = pool::allow(s, "trip", name, name, 100)?;
        log.step(&format!("{name} takes the 100-note allowance"), &r);
    }
    let bank = s.pool_bank_of("trip")?;
    let st: PoolStatus = s.pool_view("trip", "status", ())?;
    log.note(&format!(
        "pool reserve {}, pool notes outstanding {}",
        st.reserve, st.outstanding
    ));

    log.section("They spend unevenly:");
    transfer(s, "bob", "carol", 60)?;
    log.step(
        "bob pays carol back 60 for dinner (PSP22 transfer)",
        &s.receipt(),
    );
    transfer(s, "carol", "erin", 40)?;
    log.step("carol pays erin 40 for the museum tickets", &s.receipt());
    let dave = s.person("dave")?;
    let before = vouch_client::Ledger::free_balance(&mut s.chain, &dave);
    let paid = crate::redeem(s, "person:dave", "pool:trip", 100, false)?;
    let after = vouch_client::Ledger::free_balance(&mut s.chain, &dave);
    log.step(
        &format!("dave redeems {paid} pool notes to rent the car"),
        &s.receipt(),
    );
    log.note(&format!(
        "dave's native balance +{}; he holds {} pool notes now",
        after.saturating_sub(before),
        s.balance_of(&bank, &dave)?
    ));

    log.section("The hotel is an outsider: the pool votes to trust its bank and to use the router");
    let (_, costs) = s.deploy("hotel")?;
    for (w, r) in costs {
        log.step(&format!("hotel: {w}"), &r);
    }
    crate::set_willing(s, "hotel", "pool:trip", 300)?;
    log.step(
        "the hotel's bank is willing to hold 300 pool notes",
        &s.receipt(),
    );
    let hotel_bank = s.bank_of("hotel")?;
    let trust = vouch_traits::pool::ProposalKind::Trust {
        holder: ink_id(&hotel_bank),
        limit: 300,
    };
    let v = pool::propose(s, "trip", "alice", trust)?;
    vote(log, &v);
    for by in ["bob", "carol"] {
        let v = pool::approve(s, "trip", by, v.id)?;
        vote(log, &v);
    }
    let router = vouch_traits::pool::ProposalKind::SetRouter {
        router: ink_id(&s.router()?),
        allowed: true,
    };
    let v = pool::propose(s, "trip", "alice", router)?;
    vote(log, &v);
    for by in ["bob", "erin"] {
        let v = pool::approve(s, "trip", by, v.id)?;
        vote(log, &v);
    }
    let mut small = vouch_client::graph::TrustGraph::load(&mut s.chain, [bank.clone(), hotel_bank])
        .map_err(|e| anyhow::anyhow!("reading the pool's lines: {e:?}"))?;
    let o = pay::pay(
        s,
        &mut small,
        "alice",
        "hotel",
        90,
        Limits::default(),
        true,
        false,
    )?;
    log.note("alice pays the hotel 90 from her pool notes (vouch pay alice hotel 90 --budget):");
    log.payment(&o);

    log.section("dave has run out: more allowance needs a vote");
    let err = transfer(s, "dave", "alice", 30).err();
    log.note(&format!(
        "dave pays alice 30: {}",
        err.map_or("(no error!)".into(), |e| e.to_string())
    ));
    let err = pool::allow(s, "trip", "dave", "dave", 50).err();
    log.note(&format!(
        "dave allows himself 50 more: {}",
        err.map_or("(no error!)".into(), |e| e.to_string())
    ));
    let reup = vouch_traits::pool::ProposalKind::ReUp {
        member: ink_id(&dave),
        amount: 50,
    };
    let v = pool::propose(s, "trip", "dave", reup)?;
    vote(log, &v);
    for by in ["alice", "bob"] {
        let v = pool::approve(s, "trip", by, v.id)?;
        vote(log, &v);
    }
    let late = pool::approve(s, "trip", "carol", v.id).err();
    log.note(&format!(
        "carol approves too late: {}",
        late.map_or("(no error!)".into(), |e| e.to_string())
    ));
    transfer(s, "dave", "alice", 30)?;
    log.step("dave pays alice 30 for the taxi", &s.receipt());

    log.section("Settling up: the plan and who owes whom (read from the pool)");
    let (plan, owes, r) = pool::plan(s, "trip")?;
    log.step("read the settle-up plan", &r);
    let who = |s: &Session, id: &vouch_traits::AccountId| {
        s.name_of(&AccountId32::new(*AsRef::<[u8; 32]>::as_ref(id)))
    };
    log.note(&format!(
        "reserve {}, claims {} (earned notes the reserve keeps backing), distributable {}",
        plan.reserve, plan.claims, plan.distributable
    ));
    log.note(&format!(
        "{:<8} {:>12} {:>8} {:>8}",
        "member", "contributed", "spent", "payout"
    ));
    for p in &plan.payouts {
        log.note(&format!(
            "{:<8} {:>12} {:>8} {:>8}",
            who(s, &p.member),
            p.contributed,
            p.spent,
            p.payout
        ));
    }
    if !owes.is_empty() {
        log.note("who owes whom after the payouts:");
    }
    for o in &owes {
        log.note(&format!(
            "  {} owes {} {}",
            who(s, &o.from),
            who(s, &o.to),
            o.amount
        ));
    }

    log.section("They close the pool: unspent allowances are revoked and the reserve paid out");
    let v = pool::propose(s, "trip", "erin", vouch_traits::pool::ProposalKind::Close)?;
    vote(log, &v);
    let mut last = None;
    for by in ["carol", "dave"] {
        let v = pool::approve(s, "trip", by, v.id)?;
        vote(log, &v);
        last = Some(v);
    }
    let paid_out = last.map(|v| v.payouts).unwrap_or_default();
    for (m, a) in &paid_out {
        log.note(&format!("{m:<8} receives {a:>6}"));
    }
    let total: Balance = paid_out.iter().map(|(_, a)| a).sum();
    let st: PoolStatus = s.pool_view("trip", "status", ())?;
    log.note(&format!(
        "paid out {total} in all; the pool is {}; its reserve {} backs the {} earned notes still out",
        if st.closed { "closed" } else { "still open" },
        st.reserve,
        st.outstanding
    ));
    let erin = s.person("erin")?;
    let held = s.balance_of(&bank, &erin)?;
    let paid = crate::redeem(s, "person:erin", "pool:trip", held, false)?;
    log.step(
        &format!("erin redeems the {paid} pool notes carol paid her"),
        &s.receipt(),
    );
    let payouts: Vec<serde_json::Value> = plan
        .payouts
        .iter()
        .map(|p| {
            json!({"member": who(s, &p.member), "contributed": p.contributed, "spent": p.spent,
                   "payout": p.payout})
        })
        .collect();
    Ok(json!({
        "reserve": plan.reserve, "claims": plan.claims, "distributable": plan.distributable,
        "plan": payouts,
        "who_owes_whom": owes.iter().map(|o| json!({"from": who(s, &o.from), "to": who(s, &o.to), "amount": o.amount})).collect::<Vec<_>>(),
        "paid_out": paid_out.iter().map(|(m, a)| json!({"member": m, "amount": a})).collect::<Vec<_>>(),
        "closed": st.closed,
    }))
}

/// A member pays another member in pool notes (a PSP22 transfer).
fn transfer(s: &mut Session, from: &str, to: &str, amount: Balance) -> Result<()> {
    let who = s.person(from)?;
    let to = s.person(to)?;
    let bank = s.pool_bank_of("trip")?;
    s.psp22_exec(
        &who,
        &bank,
        "PSP22::transfer",
        (ink_id(&to), amount, Vec::<u8>::new()),
    )
}

/// Logs a vote's costs and whether it executed.
fn vote(log: &mut Log, v: &pool::Vote) {
    for (w, r) in &v.costs {
        log.step(w, r);
    }
    if !v.executed {
        log.note(&format!(
            "#{} {}: {} of {} approvals",
            v.id,
            v.what,
            v.approvals.len(),
            v.threshold
        ));
    }
}
