//! How `vouch pool` prints: cost lines, or one JSON document per command.

use super::ops::{StatusView, Vote};
use crate::session::Session;
use crate::{cost_json, cost_line};
use serde_json::{json, Map, Value};
use vouch_client::account_of;
use vouch_client::Receipt;
use vouch_traits::pool::{Owe, Settlement};
use vouch_traits::Balance;

/// Prints steps as cost lines, or one JSON document with `fields` and the steps.
pub(super) fn print_steps(json: bool, costs: &[(String, Receipt)], mut fields: Map<String, Value>) {
    if json {
        let steps: Vec<Value> = costs
            .iter()
            .map(|(w, r)| json!({"what": w, "cost": cost_json(r)}))
            .collect();
        fields.insert("ok".into(), true.into());
        fields.insert("steps".into(), steps.into());
        println!("{}", Value::Object(fields));
    } else {
        for (w, r) in costs {
            println!("{}", cost_line(w, r));
        }
    }
}

fn vote_json(v: &Vote) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("id".into(), v.id.into());
    m.insert("proposal".into(), v.what.clone().into());
    m.insert("executed".into(), v.executed.into());
    m.insert("approvals".into(), json!(v.approvals));
    m.insert("threshold".into(), v.threshold.into());
    m.insert(
        "payouts".into(),
        v.payouts
            .iter()
            .map(|(n, a)| json!({"member": n, "amount": a}))
            .collect::<Vec<_>>()
            .into(),
    );
    m
}

/// Prints a vote: its cost, and whether the proposal executed or waits for approvals.
pub fn print_vote(v: &Vote, name: &str, json: bool) {
    print_steps(json, &v.costs, vote_json(v));
    if json {
        return;
    }
    if v.executed {
        println!("  proposal #{} ({}) executed", v.id, v.what);
        if !v.payouts.is_empty() {
            let total: Balance = v.payouts.iter().map(|(_, a)| a).sum();
            println!("  paid out {total} from the reserve:");
            for (m, a) in &v.payouts {
                println!("    {m:<12} {a:>10}");
            }
        }
    } else {
        println!(
            "  proposal #{} ({}): {} of {} approvals ({}); waiting: vouch pool approve {name} \
             MEMBER {}",
            v.id,
            v.what,
            v.approvals.len(),
            v.threshold,
            v.approvals.join(", "),
            v.id
        );
    }
}

/// Prints the settle-up plan and who owes whom.
pub fn print_plan(
    s: &Session,
    name: &str,
    plan: &Settlement,
    owes: &[Owe],
    r: &Receipt,
    json: bool,
) {
    let who = |id: &vouch_traits::AccountId| s.name_of(&account_of(id));
    if json {
        let payouts: Vec<Value> = plan
            .payouts
            .iter()
            .map(|p| {
                json!({"member": who(&p.member), "contributed": p.contributed,
                       "spent": p.spent, "payout": p.payout})
            })
            .collect();
        let owes: Vec<Value> = owes
            .iter()
            .map(|o| json!({"from": who(&o.from), "to": who(&o.to), "amount": o.amount}))
            .collect();
        println!(
            "{}",
            json!({"pool": name, "reserve": plan.reserve, "claims": plan.claims,
                   "distributable": plan.distributable, "payouts": payouts,
                   "who_owes_whom": owes, "cost": cost_json(r)})
        );
        return;
    }
    println!(
        "settle-up plan of pool {name}: reserve {}, claims {} (earned notes the reserve keeps \
         backing), distributable {}",
        plan.reserve, plan.claims, plan.distributable
    );
    println!(
        "  {:<12} {:>12} {:>10} {:>10}",
        "member", "contributed", "spent", "payout"
    );
    for p in &plan.payouts {
        println!(
            "  {:<12} {:>12} {:>10} {:>10}",
            who(&p.member),
            p.contributed,
            p.spent,
            p.payout
        );
    }
    if owes.is_empty() {
        println!("  who owes whom: nobody owes anybody");
    } else {
        println!("  who owes whom after the payouts:");
        for o in owes {
            println!("    {} owes {} {}", who(&o.from), who(&o.to), o.amount);
        }
    }
    println!("{}", cost_line("read the settle-up plan", r));
}

/// Prints a pool's status.
pub fn print_status(name: &str, v: &StatusView, json: bool) {
    let st = &v.status;
    if json {
        let members: Vec<Value> = v
            .members
            .iter()
            .map(|(n, m, held)| {
                json!({"member": n, "contributed": m.contributed, "budget": m.budget,
                       "granted": m.granted, "revoked": m.revoked, "active": m.active,
                       "holds": held, "unclaimed": m.unclaimed})
            })
            .collect();
        let open: Vec<Value> = v
            .open
            .iter()
            .map(|(id, what, by, approvals, until)| {
                json!({"id": id, "proposal": what, "proposer": by, "approvals": approvals,
                       "expires_at": until})
            })
            .collect();
        println!(
            "{}",
            json!({"pool": name, "bank": account_of(&st.bank).to_string(), "threshold": st.threshold,
                   "members": st.members, "allowance": st.allowance, "ttl": st.ttl,
                   "proposals": st.proposals, "closed": st.closed, "reserve": st.reserve,
                   "outstanding": st.outstanding, "block": v.block, "roster": members,
                   "open": open, "cost": cost_json(&v.receipt)})
        );
        return;
    }
    println!(
        "pool {name}: {}; {} active member(s), {} approvals needed; budget {} per member; \
         proposals open {} blocks",
        if st.closed { "closed" } else { "open" },
        st.members,
        st.threshold,
        st.allowance,
        st.ttl
    );
    println!(
        "  reserve {}, notes outstanding {}, {} proposal(s) made",
        st.reserve, st.outstanding, st.proposals
    );
    println!(
        "  {:<12} {:>12} {:>10} {:>10} {:>10} {:>10}  active",
        "member", "contributed", "budget", "granted", "revoked", "holds"
    );
    for (n, m, held) in &v.members {
        println!(
            "  {n:<12} {:>12} {:>10} {:>10} {:>10} {:>10}  {}",
            m.contributed,
            m.budget,
            m.granted,
            m.revoked,
            held,
            if m.active { "yes" } else { "no" }
        );
    }
    for (n, m, _) in v.members.iter().filter(|(_, m, _)| m.unclaimed > 0) {
        println!(
            "  {n}: payout of {} held (the chain refused to transfer it); take it with \
             `vouch pool claim {name} {n}`",
            m.unclaimed
        );
    }
    if v.open.is_empty() {
        println!("  no open proposals (block {})", v.block);
    } else {
        println!("  open proposals (block {}):", v.block);
        for (id, what, by, approvals, until) in &v.open {
            println!(
                "    #{id} {what}: proposed by {by}, {} of {} approvals ({}), open until block \
                 {until}",
                approvals.len(),
                st.threshold,
                approvals.join(", ")
            );
        }
    }
    println!("{}", cost_line("read the pool's status", &v.receipt));
}
