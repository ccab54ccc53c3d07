//! `vouch pool …`: group pools. A pool is a group of members with a k-of-n threshold that
//! owns one trust bank; members contribute native currency to its reserve, spend allowances
//! granted in its notes (`pool:NAME` names that bank wherever a command takes an issuer or a
//! holder), and decide everything else by proposals. Closing settles up: every member ends at
//! `contributed - spent`, pro rata when the reserve is short.
//!
//! Names are development keys, so the command acts for members where the pool needs a
//! member's own signature: `pool create` (and an executed `add` proposal) states each
//! member's willingness to hold the pool's notes on the pool's bank.

use crate::session::{hex, Session};
use crate::{cost_json, cost_line};
use anyhow::{anyhow, bail, Context, Result};
use clap::{Subcommand, ValueEnum};
use serde_json::{json, Map, Value};
use vouch_client::drink::AccountId32;
use vouch_client::pool::{PoolConfig, DEFAULT_TTL};
use vouch_client::{ink_id, Ledger, Receipt};
use vouch_traits::pool::{
    Member, Owe, PaidOut, PoolStatus, Proposal, ProposalKind, Settlement, MAX_MEMBERS,
};
use vouch_traits::Balance;

#[derive(Subcommand)]
pub enum PoolCmd {
    /// Create pool NAME: its members (people), the approvals a proposal needs, and each
    /// member's budget in the pool's notes. Each member is made willing to hold the notes.
    Create {
        name: String,
        /// The members, comma separated (`ann,bo,cy`).
        #[arg(long, value_delimiter = ',', required = true)]
        members: Vec<String>,
        /// Approvals a proposal needs (1 to the number of members).
        #[arg(long)]
        threshold: u32,
        /// Each member's budget: allowance notes grantable without a vote.
        #[arg(long)]
        allowance: Balance,
        /// Blocks a proposal stays open.
        #[arg(long, default_value_t = DEFAULT_TTL)]
        ttl: u32,
        /// Who deploys the pool (need not be a member; default: the first member).
        #[arg(long)]
        creator: Option<String>,
    },
    /// MEMBER puts AMOUNT of native currency into the pool's reserve.
    Contribute {
        name: String,
        member: String,
        amount: Balance,
    },
    /// Member BY grants MEMBER AMOUNT allowance notes, within MEMBER's budget.
    Allow {
        name: String,
        by: String,
        member: String,
        amount: Balance,
    },
    /// Member BY proposes something (and approves it); it executes once enough members approve.
    Propose {
        name: String,
        by: String,
        #[command(subcommand)]
        kind: Kind,
    },
    /// Member BY approves proposal ID; it executes on the approval that reaches the threshold.
    Approve { name: String, by: String, id: u32 },
    /// The settle-up plan and who owes whom; with --execute, member BY proposes closing.
    Settle {
        name: String,
        /// Propose closing the pool (it executes once enough members approve).
        #[arg(long, requires = "by")]
        execute: bool,
        /// The member who proposes closing.
        #[arg(long, requires = "execute")]
        by: Option<String>,
    },
    /// The pool's status, its members and the open proposals.
    Status { name: String },
}

/// What a proposal does.
#[derive(Subcommand, Clone, Debug)]
pub enum Kind {
    /// Raise MEMBER's budget by AMOUNT and grant it at once.
    Reup { member: String, amount: Balance },
    /// Take back AMOUNT of the allowance MEMBER still holds (lowers the budget as much).
    Revoke { member: String, amount: Balance },
    /// Add MEMBER (or re-admit a former one) with the standard budget.
    Add { member: String },
    /// Remove MEMBER: their unspent allowance is revoked.
    Remove { member: String },
    /// Approvals a proposal needs from now on.
    Threshold { k: u32 },
    /// Pay AMOUNT of the reserve to the person TO.
    Withdraw { to: String, amount: Balance },
    /// Let HOLDER (a person's bank, or `person:NAME`) hold up to LIMIT of the pool's notes.
    Trust { holder: String, limit: Balance },
    /// Authorise (on) or stop (off) the router on the pool's bank.
    Router {
        #[arg(value_name = "on|off")]
        switch: OnOff,
    },
    /// Close the pool: revoke unspent allowances and pay out the settle-up plan.
    Close,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum OnOff {
    On,
    Off,
}

/// A member argument: a person (`ann` or `person:ann`).
pub fn person(s: &mut Session, spec: &str) -> Result<AccountId32> {
    s.person(spec.strip_prefix("person:").unwrap_or(spec))
}

/// Deploys pool `name` and makes every member willing to hold its notes; returns each
/// step's cost.
#[allow(clippy::too_many_arguments)] // one argument per command-line option
pub fn create(
    s: &mut Session,
    name: &str,
    members: &[String],
    threshold: u32,
    allowance: Balance,
    ttl: u32,
    creator: Option<&str>,
) -> Result<Vec<(String, Receipt)>> {
    crate::session::check_name(name)?;
    if s.dir.pools.contains_key(name) {
        bail!("there is already a pool {name} ({})", s.pool_of(name)?);
    }
    let n = members.len();
    if n == 0 || n > MAX_MEMBERS as usize {
        bail!("a pool has 1 to {MAX_MEMBERS} members; {n} given");
    }
    let mut accounts = Vec::with_capacity(n);
    for (i, m) in members.iter().enumerate() {
        let m = m.strip_prefix("person:").unwrap_or(m);
        if members[..i]
            .iter()
            .any(|o| o.strip_prefix("person:").unwrap_or(o) == m)
        {
            bail!("{m} is listed twice in --members");
        }
        accounts.push(s.person(m)?);
    }
    if threshold == 0 || threshold as usize > n {
        bail!("--threshold must be between 1 and the {n} members");
    }
    let creator = match creator {
        Some(c) => person(s, c)?,
        None => accounts[0].clone(),
    };
    let symbol: String = name
        .to_uppercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    let config = PoolConfig::new(accounts.clone(), threshold, allowance, &symbol).ttl(ttl);
    let pool = Ledger::deploy_pool(&mut s.chain, &creator, &config)
        .context("deploying the pool (its constructor deploys the pool's trust bank)")?;
    let mut costs = vec![(
        format!("deploy pool {name} and its trust bank"),
        s.receipt(),
    )];
    let bank: vouch_traits::AccountId = s.view(&pool, "bank", ())?;
    let bank = AccountId32::new(*AsRef::<[u8; 32]>::as_ref(&bank));
    s.dir.pools.insert(name.to_string(), hex(&pool));
    s.dir.pool_banks.insert(name.to_string(), hex(&bank));
    for (m, who) in members.iter().zip(&accounts) {
        let m = m.strip_prefix("person:").unwrap_or(m);
        s.bank_exec(who, &bank, "TrustBank::set_willing", Balance::MAX, 0)?;
        costs.push((
            format!("{m} is willing to hold pool:{name} notes"),
            s.receipt(),
        ));
    }
    Ok(costs)
}

/// `member` contributes `amount` to pool `name`'s reserve.
pub fn contribute(s: &mut Session, name: &str, member: &str, amount: Balance) -> Result<Receipt> {
    let who = person(s, member)?;
    s.pool_exec::<()>(name, &who, "contribute", (), amount)?;
    Ok(s.receipt())
}

/// Member `by` grants `member` `amount` of allowance.
pub fn allow(
    s: &mut Session,
    name: &str,
    by: &str,
    member: &str,
    amount: Balance,
) -> Result<Receipt> {
    let who = person(s, by)?;
    let m = person(s, member)?;
    s.pool_exec::<()>(name, &who, "allow", (ink_id(&m), amount), 0)?;
    Ok(s.receipt())
}

/// The proposal a command line describes, names resolved.
pub fn kind(s: &mut Session, k: &Kind) -> Result<ProposalKind> {
    Ok(match k {
        Kind::Reup { member, amount } => ProposalKind::ReUp {
            member: ink_id(&person(s, member)?),
            amount: *amount,
        },
        Kind::Revoke { member, amount } => ProposalKind::Revoke {
            member: ink_id(&person(s, member)?),
            amount: *amount,
        },
        Kind::Add { member } => ProposalKind::AddMember(ink_id(&person(s, member)?)),
        Kind::Remove { member } => ProposalKind::RemoveMember(ink_id(&person(s, member)?)),
        Kind::Threshold { k } => ProposalKind::SetThreshold(*k),
        Kind::Withdraw { to, amount } => ProposalKind::Withdraw {
            to: ink_id(&person(s, to)?),
            amount: *amount,
        },
        Kind::Trust { holder, limit } => ProposalKind::Trust {
            holder: ink_id(&s.holder(holder)?),
            limit: *limit,
        },
        Kind::Router { switch } => ProposalKind::SetRouter {
            router: ink_id(&s.router()?),
            allowed: matches!(switch, OnOff::On),
        },
        Kind::Close => ProposalKind::Close,
    })
}

fn acc(id: &vouch_traits::AccountId) -> AccountId32 {
    AccountId32::new(*AsRef::<[u8; 32]>::as_ref(id))
}

/// A proposal in words.
pub fn describe(s: &mut Session, k: &ProposalKind) -> String {
    match *k {
        ProposalKind::ReUp { member, amount } => {
            format!("re-up {} by {amount}", s.name_of(&acc(&member)))
        }
        ProposalKind::Revoke { member, amount } => {
            format!("revoke {amount} from {}", s.name_of(&acc(&member)))
        }
        ProposalKind::AddMember(m) => format!("add {}", s.name_of(&acc(&m))),
        ProposalKind::RemoveMember(m) => format!("remove {}", s.name_of(&acc(&m))),
        ProposalKind::SetThreshold(t) => format!("set the threshold to {t}"),
        ProposalKind::Withdraw { to, amount } => {
            format!("withdraw {amount} to {}", s.name_of(&acc(&to)))
        }
        ProposalKind::Trust { holder, limit } => {
            format!("trust {} up to {limit}", s.name_of(&acc(&holder)))
        }
        ProposalKind::SetRouter { router, allowed } => {
            let which = match s.dir.router.as_deref() {
                Some(r) if *r == hex(&acc(&router)) => "the router".to_string(),
                _ => format!("router {}", acc(&router)),
            };
            if allowed {
                format!("authorise {which}")
            } else {
                format!("stop {which}")
            }
        }
        ProposalKind::Close => "close the pool and pay out".into(),
    }
}

/// A vote's outcome: the proposal after it, what executing it did, and each call's cost.
pub struct Vote {
    pub id: u32,
    pub what: String,
    pub executed: bool,
    pub approvals: Vec<String>,
    pub threshold: u32,
    /// On close: what each member received, from the pool's `PaidOut` events.
    pub payouts: Vec<(String, Balance)>,
    pub costs: Vec<(String, Receipt)>,
}

/// Member `by` proposes `k` in pool `name`.
pub fn propose(s: &mut Session, name: &str, by: &str, k: ProposalKind) -> Result<Vote> {
    let who = person(s, by)?;
    let what = describe(s, &k);
    let id: u32 = s.pool_exec(name, &who, "propose", k, 0)?;
    let r = s.receipt();
    let by = by.strip_prefix("person:").unwrap_or(by);
    after_vote(s, name, id, format!("{by} proposes #{id}: {what}"), r)
}

/// Member `by` approves proposal `id` of pool `name`.
pub fn approve(s: &mut Session, name: &str, by: &str, id: u32) -> Result<Vote> {
    let who = person(s, by)?;
    let _: bool = s.pool_exec(name, &who, "approve", id, 0)?;
    let r = s.receipt();
    let by = by.strip_prefix("person:").unwrap_or(by);
    after_vote(s, name, id, format!("{by} approves #{id}"), r)
}

/// Reads the proposal after a vote; when it executed, does a member's part of it (an added
/// member states its willingness) and reads the payouts of a close.
fn after_vote(s: &mut Session, name: &str, id: u32, step: String, r: Receipt) -> Result<Vote> {
    let p: Proposal = s
        .pool_view::<Option<Proposal>>(name, "proposal", id)?
        .ok_or_else(|| anyhow!("proposal {id} of pool {name} is gone"))?;
    let status: PoolStatus = s.pool_view(name, "status", ())?;
    let what = describe(s, &p.kind);
    let mut vote = Vote {
        id,
        what,
        executed: p.executed,
        approvals: p.approvals.iter().map(|a| s.name_of(&acc(a))).collect(),
        threshold: status.threshold,
        payouts: Vec::new(),
        costs: Vec::new(),
    };
    if p.executed && p.kind == ProposalKind::Close {
        vote.payouts = paid_out(s, name, &r)?;
    }
    vote.costs.push((
        format!("{step}{}", if p.executed { " (executed)" } else { "" }),
        r,
    ));
    if let (true, ProposalKind::AddMember(m)) = (p.executed, p.kind) {
        let m = acc(&m);
        let bank = s.pool_bank_of(name)?;
        s.bank_exec(&m, &bank, "TrustBank::set_willing", Balance::MAX, 0)?;
        vote.costs.push((
            format!("{} is willing to hold pool:{name} notes", s.name_of(&m)),
            s.receipt(),
        ));
    }
    Ok(vote)
}

/// The payouts a call made, from the `PaidOut` events pool `name` emitted in it.
fn paid_out(s: &Session, name: &str, r: &Receipt) -> Result<Vec<(String, Balance)>> {
    let pool = s.pool_of(name)?;
    let bundle = vouch_client::try_bundle("pool")?;
    let topic: Option<Vec<u8>> = bundle
        .transcoder
        .metadata()
        .spec()
        .events()
        .iter()
        .find(|e| e.label() == "PaidOut")
        .and_then(|e| e.signature_topic())
        .map(|t| t.as_bytes().to_vec());
    let topic = topic.ok_or_else(|| anyhow!("the pool bundle declares no PaidOut event"))?;
    let mut out = Vec::new();
    for (emitter, topics, data) in &r.events {
        if *emitter != pool || topics.first().map(|t| &t[..]) != Some(&topic[..]) {
            continue;
        }
        let e: PaidOut = scale::Decode::decode(&mut &data[..])
            .map_err(|e| anyhow!("a PaidOut event does not decode: {e}"))?;
        out.push((s.name_of(&acc(&e.member)), e.amount));
    }
    Ok(out)
}

/// The settle-up plan, who owes whom after it, and what reading the plan cost.
pub fn plan(s: &mut Session, name: &str) -> Result<(Settlement, Vec<Owe>, Receipt)> {
    let viewer = vouch_client::account("viewer");
    let plan: Settlement = s.pool_exec(name, &viewer, "settlement_plan", (), 0)?;
    let r = s.receipt();
    let owes: Vec<Owe> = s.pool_exec(name, &viewer, "who_owes_whom", (), 0)?;
    Ok((plan, owes, r))
}

/// A pool's state for `pool status`.
pub struct StatusView {
    pub status: PoolStatus,
    /// Each recorded member, its record and the pool notes it holds.
    pub members: Vec<(String, Member, Balance)>,
    /// Open proposals: id, what, proposer, approvals, last block.
    pub open: Vec<(u32, String, String, Vec<String>, u32)>,
    pub block: u32,
    pub receipt: Receipt,
}

pub fn status(s: &mut Session, name: &str) -> Result<StatusView> {
    let status: PoolStatus = s.pool_view(name, "status", ())?;
    let receipt = s.receipt();
    let roster: Vec<(vouch_traits::AccountId, Member)> = s.pool_view(name, "members", ())?;
    let bank = s.pool_bank_of(name)?;
    let mut members = Vec::new();
    for (who, m) in roster {
        let who = acc(&who);
        let held = s.balance_of(&bank, &who)?;
        members.push((s.name_of(&who), m, held));
    }
    let block = s.chain.block_number();
    let mut open = Vec::new();
    for id in 0..status.proposals {
        let Some(p) = s.pool_view::<Option<Proposal>>(name, "proposal", id)? else {
            continue;
        };
        if p.executed || p.expires_at < block || status.closed {
            continue;
        }
        let what = describe(s, &p.kind);
        let approvals = p.approvals.iter().map(|a| s.name_of(&acc(a))).collect();
        open.push((
            id,
            what,
            s.name_of(&acc(&p.proposer)),
            approvals,
            p.expires_at,
        ));
    }
    Ok(StatusView {
        status,
        members,
        open,
        block,
        receipt,
    })
}

/// Prints steps as cost lines, or one JSON document with `fields` and the steps.
fn print_steps(json: bool, costs: &[(String, Receipt)], mut fields: Map<String, Value>) {
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
    let who = |id: &vouch_traits::AccountId| s.name_of(&acc(id));
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
                       "holds": held})
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
            json!({"pool": name, "bank": acc(&st.bank).to_string(), "threshold": st.threshold,
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

/// Runs a `vouch pool` command; returns whether it changed the chain.
pub fn run(s: &mut Session, cmd: PoolCmd, json: bool) -> Result<bool> {
    match cmd {
        PoolCmd::Create {
            name,
            members,
            threshold,
            allowance,
            ttl,
            creator,
        } => {
            let costs = create(
                s,
                &name,
                &members,
                threshold,
                allowance,
                ttl,
                creator.as_deref(),
            )?;
            let pool = s.pool_of(&name)?;
            let bank = s.pool_bank_of(&name)?;
            if !json {
                println!(
                    "pool {name} is {pool}, its bank (pool:{name}) {bank}: {} members, {threshold} \
                     approvals per proposal, budget {allowance} each",
                    members.len()
                );
            }
            let mut f = Map::new();
            f.insert("pool".into(), pool.to_string().into());
            f.insert("bank".into(), bank.to_string().into());
            print_steps(json, &costs, f);
        }
        PoolCmd::Contribute {
            name,
            member,
            amount,
        } => {
            let r = contribute(s, &name, &member, amount)?;
            crate::done(
                json,
                &format!("{member} contributes {amount} to pool {name}"),
                &r,
            );
        }
        PoolCmd::Allow {
            name,
            by,
            member,
            amount,
        } => {
            let r = allow(s, &name, &by, &member, amount)?;
            crate::done(
                json,
                &format!("{by} allows {member} {amount} pool:{name} notes"),
                &r,
            );
        }
        PoolCmd::Propose { name, by, kind: k } => {
            let k = kind(s, &k)?;
            let v = propose(s, &name, &by, k)?;
            print_vote(&v, &name, json);
        }
        PoolCmd::Approve { name, by, id } => {
            let v = approve(s, &name, &by, id)?;
            print_vote(&v, &name, json);
        }
        PoolCmd::Settle { name, execute, by } => {
            if !execute {
                let (p, owes, r) = plan(s, &name)?;
                print_plan(s, &name, &p, &owes, &r, json);
                return Ok(false);
            }
            let by = by.ok_or_else(|| anyhow!("--execute needs --by MEMBER"))?;
            if !json {
                let (p, owes, r) = plan(s, &name)?;
                print_plan(s, &name, &p, &owes, &r, false);
            }
            let v = propose(s, &name, &by, ProposalKind::Close)?;
            print_vote(&v, &name, json);
        }
        PoolCmd::Status { name } => {
            let v = status(s, &name)?;
            print_status(&name, &v, json);
            return Ok(false);
        }
    }
    Ok(true)
}
