//! The five friends' trip pool: uneven contributions and spending (transfers between members,
//! a redemption, a hotel paid through the router), a re-up voted on, the settle-up plan and
//! who owes whom, then the close and its payouts. Every number printed is read from the chain.

use super::{Log, FRIENDS};
use crate::pay;
use crate::pool;
use crate::session::Explain;
use crate::session::Session;
use anyhow::Result;
use serde_json::{json, Value};
use vouch_client::AccountId32;
use vouch_client::{account_of, ink_id, BankRef, Ledger};
use vouch_pathfinder::Limits;
use vouch_traits::pool::{Owe, PoolStatus, ProposalKind, Settlement};
use vouch_traits::Balance;

/// The pool every step here uses.
const POOL: &str = "trip";

/// The whole trip; returns what `--json` shows of the pool.
pub(super) fn run(s: &mut Session, log: &mut Log) -> Result<Value> {
    let bank = start_pool(s, log)?;
    spend_unevenly(s, log, &bank)?;
    pay_the_hotel(s, log, &bank)?;
    reup_by_vote(s, log)?;
    let (plan, owes) = settle_up(s, log)?;
    let (paid_out, closed) = close_pool(s, log)?;
    erin_redeems(s, log, &bank)?;
    Ok(report(s, &plan, &owes, &paid_out, closed))
}

/// The friends create the pool (3 of 5 approvals, a budget of 100 each), contribute unevenly
/// and take their allowances; returns the pool's bank.
fn start_pool(s: &mut Session, log: &mut Log) -> Result<AccountId32> {
    let members: Vec<String> = FRIENDS.iter().map(|f| f.to_string()).collect();
    log.section("A group pool: the five friends share a trip (3 of 5 approvals, a budget of 100 pool notes each)");
    for (w, r) in pool::create(
        s,
        POOL,
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
        let r = pool::contribute(s, POOL, name, amount)?;
        log.step(&format!("{name} contributes {amount}"), &r);
    }
    for name in FRIENDS {
        let r = pool::allow(s, POOL, name, name, 100)?;
        log.step(&format!("{name} takes the 100-note allowance"), &r);
    }
    let bank = s.pool_bank_of(POOL)?;
    let st: PoolStatus = s.pool(POOL)?.status(&mut s.chain).or_explain("status")?;
    log.note(&format!(
        "pool reserve {}, pool notes outstanding {}",
        st.reserve, st.outstanding
    ));
    Ok(bank)
}

/// bob and carol pay others in pool notes; dave redeems his for the car.
fn spend_unevenly(s: &mut Session, log: &mut Log, bank: &AccountId32) -> Result<()> {
    log.section("They spend unevenly:");
    transfer(s, "bob", "carol", 60)?;
    log.step(
        "bob pays carol back 60 for dinner (PSP22 transfer)",
        &s.receipt(),
    );
    transfer(s, "carol", "erin", 40)?;
    log.step("carol pays erin 40 for the museum tickets", &s.receipt());
    let dave = s.person("dave")?;
    let before = s.chain.free_balance(&dave)?;
    let paid = crate::redeem(s, "person:dave", "pool:trip", 100, false)?;
    let after = s.chain.free_balance(&dave)?;
    log.step(
        &format!("dave redeems {paid} pool notes to rent the car"),
        &s.receipt(),
    );
    log.note(&format!(
        "dave's native balance +{}; he holds {} pool notes now",
        after.saturating_sub(before),
        BankRef::at(bank.clone())
            .balance_of(&mut s.chain, &dave)
            .or_explain("balance_of")?
    ));
    Ok(())
}

/// The hotel deploys a bank; the pool votes to trust it and to use the router, and alice pays
/// the hotel from her pool notes.
fn pay_the_hotel(s: &mut Session, log: &mut Log, bank: &AccountId32) -> Result<()> {
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
    let trust = ProposalKind::Trust {
        holder: ink_id(&hotel_bank),
        limit: 300,
    };
    decide(s, log, "alice", trust, &["bob", "carol"])?;
    let router = ProposalKind::SetRouter {
        router: ink_id(&s.router()?.addr),
        allowed: true,
    };
    decide(s, log, "alice", router, &["bob", "erin"])?;
    let mut small = vouch_client::graph::TrustGraph::load(&mut s.chain, [bank.clone(), hotel_bank])
        .or_explain("reading the pool's lines")?;
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
    Ok(())
}

/// dave has run out: he can neither pay nor allow himself more, so his re-up goes to a vote
/// (a late approval is refused); then he can pay.
fn reup_by_vote(s: &mut Session, log: &mut Log) -> Result<()> {
    log.section("dave has run out: more allowance needs a vote");
    let err = transfer(s, "dave", "alice", 30).err();
    log.note(&format!(
        "dave pays alice 30: {}",
        err.map_or("(no error!)".into(), |e| e.to_string())
    ));
    let err = pool::allow(s, POOL, "dave", "dave", 50).err();
    log.note(&format!(
        "dave allows himself 50 more: {}",
        err.map_or("(no error!)".into(), |e| e.to_string())
    ));
    let dave = s.person("dave")?;
    let reup = ProposalKind::ReUp {
        member: ink_id(&dave),
        amount: 50,
    };
    let v = decide(s, log, "dave", reup, &["alice", "bob"])?;
    let late = pool::approve(s, POOL, "carol", v.id).err();
    log.note(&format!(
        "carol approves too late: {}",
        late.map_or("(no error!)".into(), |e| e.to_string())
    ));
    transfer(s, "dave", "alice", 30)?;
    log.step("dave pays alice 30 for the taxi", &s.receipt());
    Ok(())
}

/// Reads and prints the settle-up plan and who owes whom after it.
fn settle_up(s: &mut Session, log: &mut Log) -> Result<(Settlement, Vec<Owe>)> {
    log.section("Settling up: the plan and who owes whom (read from the pool)");
    let (plan, owes, r) = pool::plan(s, POOL)?;
    log.step("read the settle-up plan", &r);
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
            name(s, &p.member),
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
            name(s, &o.from),
            name(s, &o.to),
            o.amount
        ));
    }
    Ok((plan, owes))
}

/// The pool votes to close: unspent allowances are revoked and the reserve paid out. Returns
/// the payouts and whether the pool is closed.
fn close_pool(s: &mut Session, log: &mut Log) -> Result<(Vec<(String, Balance)>, bool)> {
    log.section("They close the pool: unspent allowances are revoked and the reserve paid out");
    let v = decide(s, log, "erin", ProposalKind::Close, &["carol", "dave"])?;
    let paid_out = v.payouts;
    for (m, a) in &paid_out {
        log.note(&format!("{m:<8} receives {a:>6}"));
    }
    let total: Balance = paid_out.iter().map(|(_, a)| a).sum();
    let st: PoolStatus = s.pool(POOL)?.status(&mut s.chain).or_explain("status")?;
    log.note(&format!(
        "paid out {total} in all; the pool is {}; its reserve {} backs the {} earned notes still out",
        if st.closed { "closed" } else { "still open" },
        st.reserve,
        st.outstanding
    ));
    Ok((paid_out, st.closed))
}

/// erin redeems the pool notes she earned (carol paid her), after the close.
fn erin_redeems(s: &mut Session, log: &mut Log, bank: &AccountId32) -> Result<()> {
    let erin = s.person("erin")?;
    let held = BankRef::at(bank.clone())
        .balance_of(&mut s.chain, &erin)
        .or_explain("balance_of")?;
    let paid = crate::redeem(s, "person:erin", "pool:trip", held, false)?;
    log.step(
        &format!("erin redeems the {paid} pool notes carol paid her"),
        &s.receipt(),
    );
    Ok(())
}

/// The pool part of `--json`: the plan, who owes whom, the payouts and whether it closed.
fn report(
    s: &Session,
    plan: &Settlement,
    owes: &[Owe],
    paid_out: &[(String, Balance)],
    closed: bool,
) -> Value {
    let payouts: Vec<Value> = plan
        .payouts
        .iter()
        .map(|p| {
            json!({"member": name(s, &p.member), "contributed": p.contributed, "spent": p.spent,
                   "payout": p.payout})
        })
        .collect();
    json!({
        "reserve": plan.reserve, "claims": plan.claims, "distributable": plan.distributable,
        "plan": payouts,
        "who_owes_whom": owes.iter().map(|o| json!({"from": name(s, &o.from), "to": name(s, &o.to), "amount": o.amount})).collect::<Vec<_>>(),
        "paid_out": paid_out.iter().map(|(m, a)| json!({"member": m, "amount": a})).collect::<Vec<_>>(),
        "closed": closed,
    })
}

/// `by` proposes `kind` and each of `approvers` approves it, in order; logs every vote and
/// returns the last one.
fn decide(
    s: &mut Session,
    log: &mut Log,
    by: &str,
    kind: ProposalKind,
    approvers: &[&str],
) -> Result<pool::Vote> {
    let mut v = pool::propose(s, POOL, by, kind)?;
    vote(log, &v);
    let id = v.id;
    for by in approvers {
        v = pool::approve(s, POOL, by, id)?;
        vote(log, &v);
    }
    Ok(v)
}

/// A member pays another member in pool notes (a PSP22 transfer).
fn transfer(s: &mut Session, from: &str, to: &str, amount: Balance) -> Result<()> {
    let who = s.person(from)?;
    let to = s.person(to)?;
    s.pool(POOL)?
        .bank
        .transfer(&mut s.chain, &who, &to, amount)
        .or_explain("transfer")
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

/// A member's name, as the session knows it.
fn name(s: &Session, id: &vouch_traits::AccountId) -> String {
    s.name_of(&account_of(id))
}
