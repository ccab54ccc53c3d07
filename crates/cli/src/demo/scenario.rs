//! The main story of the demo, one function per step: the friends fund their banks, the
//! community joins, the friends meet it, a vacation budget is granted, spent and partly
//! revoked, a payment between strangers clears, a redemption meets a short reserve, and the
//! friends' final state is shown.

use super::community::Community;
use super::{bar, Log, FRIENDS};
use crate::group;
use crate::pay;
use crate::session::Explain;
use crate::session::Session;
use anyhow::Result;
use serde_json::{json, Value};
use vouch_client::graph::TrustGraph;
use vouch_client::Receipt;
use vouch_client::{AccountId32, Ledger};
use vouch_pathfinder::Limits;
use vouch_traits::Balance;

/// Notes per rating point: a rating of 7 becomes a line of 70.
const UNIT: Balance = 10;

/// The five friends deploy trust banks and fund their reserves (alice's is kept short).
pub(super) fn fund_friends(s: &mut Session, log: &mut Log) -> Result<()> {
    log.section("Five friends deploy trust banks and fund their reserves:");
    for name in FRIENDS {
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
        deposit(s, name, amount)?;
        log.step(
            &format!("{name} deposits {amount} into the reserve"),
            &s.receipt(),
        );
    }
    Ok(())
}

/// The community's people deploy banks and their ratings become credit lines; returns their
/// names on the chain (`otc-ID`), in the community's order.
pub(super) fn join_community(s: &mut Session, log: &mut Log, c: &Community) -> Result<Vec<String>> {
    log.section(&format!(
        "{} people of the Bitcoin OTC web of trust join ({} ratings become credit lines, {UNIT} notes per point):",
        c.people.len(),
        c.lines.len()
    ));
    let names: Vec<String> = c.people.iter().map(|p| format!("otc-{p}")).collect();
    deploy_banks(s, log, &names)?;
    open_credit_lines(s, log, &names, &c.lines)?;
    Ok(names)
}

/// A bank for each of `names`; logs the last deployment's cost.
fn deploy_banks(s: &mut Session, log: &mut Log, names: &[String]) -> Result<()> {
    let pb = bar(names.len(), "deploying banks", log.json);
    let mut deploy_cost = Receipt::default();
    for n in names {
        let (_, costs) = s.deploy(n)?;
        deploy_cost = costs[0].1.clone();
        pb.inc(1);
    }
    pb.finish_and_clear();
    log.step(
        "one bank deployed, authorised and registered (last)",
        &deploy_cost,
    );
    Ok(())
}

/// A credit line for each rating `(rater, ratee, r)`: `UNIT × r` notes; logs the last one's
/// cost.
fn open_credit_lines(
    s: &mut Session,
    log: &mut Log,
    names: &[String],
    lines: &[(usize, usize, i64)],
) -> Result<()> {
    let pb = bar(lines.len(), "opening credit lines", log.json);
    let mut limit_cost = Receipt::default();
    for &(rater, ratee, r) in lines {
        // The rater trusts the ratee: it is willing to hold the ratee's notes, and the ratee
        // extends it a matching limit, so the ratee can pay the rater.
        let amount = Balance::try_from(r).unwrap_or(0).saturating_mul(UNIT);
        link(s, &names[ratee], &names[rater], amount)?;
        limit_cost = s.receipt();
        pb.inc(1);
    }
    pb.finish_and_clear();
    log.step(
        "a credit line opened (set_limit + trust, last)",
        &limit_cost,
    );
    Ok(())
}

/// The friends meet the community at opposite ends: alice near its centre (people who can
/// pass a lot on), erin at its edge (people who can receive a lot), so a payment between them
/// crosses strangers. carol and dave link up with alice.
pub(super) fn meet_community(
    s: &mut Session,
    log: &mut Log,
    names: &[String],
    lines: &[(usize, usize, i64)],
) -> Result<()> {
    let (entry, exit) = meeting_points(names, lines);
    log.section("The friends' own lines:");
    for e in &entry {
        link(s, "alice", e, 400)?;
        log.step(
            &format!("alice extends {e} 400 (and it trusts her)"),
            &s.receipt(),
        );
    }
    for x in &exit {
        link(s, x, "erin", 400)?;
        log.step(
            &format!("{x} extends erin 400 (and she trusts it)"),
            &s.receipt(),
        );
    }
    link(s, "alice", "carol", 500)?;
    log.step("alice extends carol 500 (and she trusts her)", &s.receipt());
    link(s, "carol", "dave", 500)?;
    log.step("carol extends dave 500 (and he trusts her)", &s.receipt());
    Ok(())
}

/// Where alice and erin meet the community: the three of its first quarter who can issue the
/// most (others rated them highest), and the three of its second half who can receive the most.
fn meeting_points<'a>(
    names: &'a [String],
    lines: &[(usize, usize, i64)],
) -> (Vec<&'a String>, Vec<&'a String>) {
    let n = names.len();
    let (mut can_issue, mut can_receive) = (vec![0i64; n], vec![0i64; n]);
    for &(rater, ratee, r) in lines {
        can_issue[ratee] = can_issue[ratee].saturating_add(r);
        can_receive[rater] = can_receive[rater].saturating_add(r);
    }
    let pick = |range: std::ops::Range<usize>, score: &[i64]| -> Vec<&'a String> {
        let mut v: Vec<usize> = range.collect();
        v.sort_by_key(|&i| (std::cmp::Reverse(score[i]), i));
        v.truncate(3);
        v.into_iter().map(|i| &names[i]).collect()
    };
    (
        pick(0..n.div_ceil(4), &can_issue),
        pick(n / 2..n, &can_receive),
    )
}

/// One read of every bank's lines; after this the graph is kept current line by line.
pub(super) fn read_graph(s: &mut Session, log: &Log) -> Result<TrustGraph> {
    let t = std::time::Instant::now();
    let graph = s.graph()?;
    log.note(&format!(
        "trust graph read from the chain: {} nodes, {} edges with room ({:.1} s)",
        graph.graph.node_count(),
        graph.graph.edge_count(),
        t.elapsed().as_secs_f64()
    ));
    Ok(graph)
}

/// alice grants bob a budget of 300 alice-notes; bob spends 120 of it on carol through the
/// router, alice revokes 80 of the rest, and bob cannot revoke anything himself.
pub(super) fn vacation_budget(
    s: &mut Session,
    log: &mut Log,
    graph: &mut TrustGraph,
) -> Result<()> {
    log.section("A vacation budget: alice grants bob 300 alice-notes");
    let (alice, alice_bank) = s.own_bank("alice")?;
    let bob = s.person("bob")?;
    alice_bank
        .set_limit(&mut s.chain, &alice, &bob, 300)
        .or_explain("set_limit")?;
    log.step(
        "alice extends bob (the person) a limit of 300",
        &s.receipt(),
    );
    alice_bank
        .set_willing(&mut s.chain, &bob, 300)
        .or_explain("set_willing")?;
    log.step("bob is willing to hold 300 alice-notes", &s.receipt());
    alice_bank
        .grant(&mut s.chain, &alice, &bob, 300)
        .or_explain("grant")?;
    log.step("alice grants bob 300", &s.receipt());
    graph
        .refresh(&mut s.chain, &alice_bank.addr, &bob)
        .or_explain("line")?;
    let o = pay::pay(
        s,
        graph,
        "bob",
        "carol",
        120,
        Limits::default(),
        true,
        false,
    )?;
    log.note("bob pays carol 120 for the boat trip from his budget:");
    log.payment(&o);
    alice_bank
        .revoke(&mut s.chain, &alice, &bob, 80)
        .or_explain("revoke")?;
    log.step(
        "alice revokes 80 of the 180 left of the budget",
        &s.receipt(),
    );
    graph
        .refresh(&mut s.chain, &alice_bank.addr, &bob)
        .or_explain("line")?;
    let over = alice_bank
        .revoke(&mut s.chain, &bob, &bob, 1)
        .or_explain("revoke");
    log.note(&format!(
        "bob cannot revoke anything himself: {}",
        over.err().map_or("(no error!)".into(), |e| e.to_string())
    ));
    Ok(())
}

/// How much alice could send erin (a dry run), then a payment of up to 250 through the
/// community; returns its routes as accounts, for the drawing.
pub(super) fn pay_between_strangers(
    s: &mut Session,
    log: &mut Log,
    graph: &mut TrustGraph,
) -> Result<Vec<Vec<AccountId32>>> {
    log.section("A payment between strangers: how much could alice send erin? (dry run)");
    let probe = pay::pay(
        s,
        graph,
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
        s,
        graph,
        "alice",
        "erin",
        amount,
        Limits::default(),
        false,
        false,
    )?;
    log.payment(&o);
    Ok(o.path_accounts)
}

/// bob redeems 100 alice-notes against alice's reserve of 60: the full redemption fails and
/// changes nothing, the partial one pays what there is.
pub(super) fn short_reserve_redemption(s: &mut Session, log: &mut Log) -> Result<()> {
    log.section("A redemption with a short reserve: bob redeems his 100 alice-notes (alice keeps a reserve of 60)");
    let alice_bank = s.bank("alice")?;
    let bob = s.person("bob")?;
    let before = s.chain.free_balance(&bob)?;
    match alice_bank
        .redeem(&mut s.chain, &bob, 100)
        .or_explain("redeem")
    {
        Err(e) => log.note(&format!("redeem 100 fails and changes nothing: {e}")),
        Ok(()) => log.note("redeem 100 succeeded"),
    }
    let paid = crate::redeem(s, "person:bob", "alice", 100, true)?;
    log.step(&format!("bob redeems partially: paid {paid}"), &s.receipt());
    let after = s.chain.free_balance(&bob)?;
    log.note(&format!(
        "bob's native balance: {} -> {} (+{})",
        group(before),
        group(after),
        after.saturating_sub(before)
    ));
    Ok(())
}

/// Prints each friend's bank (reserve, notes out, counterparties) and the alice-notes they
/// hold; returns the rows for `--json`.
pub(super) fn final_state(s: &mut Session, log: &Log) -> Result<Vec<Value>> {
    log.section("Final state of the friends:");
    let alice_bank = s.bank("alice")?;
    let mut rows = Vec::new();
    for name in FRIENDS {
        let st = s.bank(name)?.status(&mut s.chain).or_explain("status")?;
        let who = s.person(name)?;
        let held_alice = alice_bank
            .balance_of(&mut s.chain, &who)
            .or_explain("balance_of")?;
        if !log.json {
            println!(
                "  {name:<6} reserve {:>6}  notes out {:>6}  counterparties {:>3}  holds alice-notes {held_alice}",
                st.reserve, st.outstanding, st.counterparties
            );
        }
        rows.push(
            json!({"name": name, "reserve": st.reserve, "outstanding": st.outstanding,
                               "counterparties": st.counterparties}),
        );
    }
    Ok(rows)
}

fn deposit(s: &mut Session, name: &str, amount: Balance) -> Result<()> {
    let (who, bank) = s.own_bank(name)?;
    bank.deposit(&mut s.chain, &who, amount)
        .or_explain("deposit")
}

/// `issuer`'s bank extends `holder`'s bank a limit and `holder`'s bank is willing.
fn link(s: &mut Session, issuer: &str, holder: &str, amount: Balance) -> Result<()> {
    s.on_line(issuer, holder, "set_limit", |b, c, who, h| {
        b.set_limit(c, who, h, amount)
    })?;
    crate::set_willing(s, holder, issuer, amount)
}
