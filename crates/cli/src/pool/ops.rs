//! The operations on a pool: each one acts on the session's chain and returns what it cost,
//! or reads the pool; nothing here prints.

use super::{Kind, OnOff};
use crate::session::{hex, Session};
use anyhow::{anyhow, bail, Context, Result};
use vouch_client::drink::AccountId32;
use vouch_client::pool::PoolConfig;
use vouch_client::{ink_id, Ledger, Receipt};
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

pub(super) fn acc(id: &vouch_traits::AccountId) -> AccountId32 {
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
