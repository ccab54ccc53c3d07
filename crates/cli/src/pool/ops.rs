//! The operations on a pool: each one acts on the session's chain and returns what it cost,
//! or reads the pool; nothing here prints.

use super::{Kind, OnOff};
use crate::session::{hex, Explain, Session};
use anyhow::{anyhow, bail, Context, Result};
use vouch_client::AccountId32;
use vouch_client::{account_of, ink_id, Ledger, PoolConfig, PoolRef, Receipt};
use vouch_traits::pool::{
    Member, Owe, PaidOut, PoolStatus, Proposal, ProposalKind, Settlement, MAX_MEMBERS,
};
use vouch_traits::Balance;

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
    let pool = PoolRef::deploy(&mut s.chain, &creator, &config)
        .or_explain_pool("create", name)
        .context("deploying the pool (its constructor deploys the pool's trust bank)")?;
    let mut costs = vec![(
        format!("deploy pool {name} and its trust bank"),
        s.receipt(),
    )];
    s.dir.pools.insert(name.to_string(), hex(&pool.addr));
    s.dir
        .pool_banks
        .insert(name.to_string(), hex(&pool.bank.addr));
    for (m, who) in members.iter().zip(&accounts) {
        let m = m.strip_prefix("person:").unwrap_or(m);
        pool.bank
            .set_willing(&mut s.chain, who, Balance::MAX)
            .or_explain("set_willing")?;
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
    s.pool(name)?
        .contribute(&mut s.chain, &who, amount)
        .or_explain_pool("contribute", name)?;
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
    s.pool(name)?
        .allow(&mut s.chain, &who, &m, amount)
        .or_explain_pool("allow", name)?;
    Ok(s.receipt())
}

/// `member` hands back `amount` of its unspent allowance in pool `name`.
pub fn give_back(s: &mut Session, name: &str, member: &str, amount: Balance) -> Result<Receipt> {
    let who = person(s, member)?;
    s.pool(name)?
        .give_back(&mut s.chain, &who, amount)
        .or_explain_pool("give back", name)?;
    Ok(s.receipt())
}

/// `member` takes its held payout of pool `name`, paid to the person `to`; returns the amount.
pub fn claim(s: &mut Session, name: &str, member: &str, to: &str) -> Result<(Balance, Receipt)> {
    let who = person(s, member)?;
    let to = person(s, to)?;
    let amount = s
        .pool(name)?
        .claim(&mut s.chain, &who, &to)
        .or_explain_pool("claim", name)?;
    Ok((amount, s.receipt()))
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
            router: ink_id(&s.router()?.addr),
            allowed: matches!(switch, OnOff::On),
        },
        Kind::Close => ProposalKind::Close,
    })
}

/// A proposal in words.
pub fn describe(s: &mut Session, k: &ProposalKind) -> String {
    match *k {
        ProposalKind::ReUp { member, amount } => {
            format!("re-up {} by {amount}", s.name_of(&account_of(&member)))
        }
        ProposalKind::Revoke { member, amount } => {
            format!("revoke {amount} from {}", s.name_of(&account_of(&member)))
        }
        ProposalKind::AddMember(m) => format!("add {}", s.name_of(&account_of(&m))),
        ProposalKind::RemoveMember(m) => format!("remove {}", s.name_of(&account_of(&m))),
        ProposalKind::SetThreshold(t) => format!("set the threshold to {t}"),
        ProposalKind::Withdraw { to, amount } => {
            format!("withdraw {amount} to {}", s.name_of(&account_of(&to)))
        }
        ProposalKind::Trust { holder, limit } => {
            format!("trust {} up to {limit}", s.name_of(&account_of(&holder)))
        }
        ProposalKind::SetRouter { router, allowed } => {
            let which = match s.dir.router.as_deref() {
                Some(r) if *r == hex(&account_of(&router)) => "the router".to_string(),
                _ => format!("router {}", account_of(&router)),
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
    let id = s
        .pool(name)?
        .propose(&mut s.chain, &who, k)
        .or_explain_pool("propose", name)?;
    let r = s.receipt();
    let by = by.strip_prefix("person:").unwrap_or(by);
    after_vote(s, name, id, format!("{by} proposes #{id}: {what}"), r)
}

/// Member `by` approves proposal `id` of pool `name`.
pub fn approve(s: &mut Session, name: &str, by: &str, id: u32) -> Result<Vote> {
    let who = person(s, by)?;
    s.pool(name)?
        .approve(&mut s.chain, &who, id)
        .or_explain_pool("approve", name)?;
    let r = s.receipt();
    let by = by.strip_prefix("person:").unwrap_or(by);
    after_vote(s, name, id, format!("{by} approves #{id}"), r)
}

/// Reads the proposal after a vote; when it executed, does a member's part of it (an added
/// member states its willingness) and reads the payouts of a close.
fn after_vote(s: &mut Session, name: &str, id: u32, step: String, r: Receipt) -> Result<Vote> {
    let pool = s.pool(name)?;
    let p: Proposal = pool
        .proposal(&mut s.chain, id)
        .or_explain("proposal")?
        .ok_or_else(|| anyhow!("proposal {id} of pool {name} is gone"))?;
    let status = pool.status(&mut s.chain).or_explain("status")?;
    let roster = pool.members(&mut s.chain).or_explain("members")?;
    let what = describe(s, &p.kind);
    let mut vote = Vote {
        id,
        what,
        executed: p.executed,
        approvals: p
            .counting(&roster)
            .iter()
            .map(|a| s.name_of(&account_of(a)))
            .collect(),
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
        let m = account_of(&m);
        pool.bank
            .set_willing(&mut s.chain, &m, Balance::MAX)
            .or_explain("set_willing")?;
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
    let topic = <PaidOut as ink::env::Event>::SIGNATURE_TOPIC
        .ok_or_else(|| anyhow!("the PaidOut event has no signature topic"))?;
    let mut out = Vec::new();
    for (emitter, topics, data) in &r.events {
        if *emitter != pool || topics.first() != Some(&topic) {
            continue;
        }
        let e: PaidOut = scale::Decode::decode(&mut &data[..])
            .map_err(|e| anyhow!("a PaidOut event does not decode: {e}"))?;
        out.push((s.name_of(&account_of(&e.member)), e.amount));
    }
    Ok(out)
}

/// The settle-up plan, who owes whom after it, and what reading the plan cost.
pub fn plan(s: &mut Session, name: &str) -> Result<(Settlement, Vec<Owe>, Receipt)> {
    let pool = s.pool(name)?;
    let plan: Settlement = pool
        .settlement_plan(&mut s.chain)
        .or_explain_pool("settlement_plan", name)?;
    let r = s.receipt();
    let owes: Vec<Owe> = pool
        .who_owes_whom(&mut s.chain)
        .or_explain_pool("who_owes_whom", name)?;
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
    let pool = s.pool(name)?;
    let status: PoolStatus = pool.status(&mut s.chain).or_explain("status")?;
    let receipt = s.receipt();
    let roster = pool.members(&mut s.chain).or_explain("members")?;
    let mut members = Vec::new();
    for &(who, m) in &roster {
        let who = account_of(&who);
        let held = pool
            .bank
            .balance_of(&mut s.chain, &who)
            .or_explain("balance_of")?;
        members.push((s.name_of(&who), m, held));
    }
    let block = s.chain.block_number()?;
    let mut open = Vec::new();
    for id in 0..status.proposals {
        let Some(p) = pool.proposal(&mut s.chain, id).or_explain("proposal")? else {
            continue;
        };
        if p.executed || p.expires_at < block || status.closed {
            continue;
        }
        let what = describe(s, &p.kind);
        let approvals = p
            .counting(&roster)
            .iter()
            .map(|a| s.name_of(&account_of(a)))
            .collect();
        open.push((
            id,
            what,
            s.name_of(&account_of(&p.proposer)),
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
