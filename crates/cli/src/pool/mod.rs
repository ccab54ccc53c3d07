//! `vouch pool …`: group pools. A pool is a group of members with a k-of-n threshold that
//! owns one trust bank; members contribute native currency to its reserve, spend allowances
//! granted in its notes (`pool:NAME` names that bank wherever a command takes an issuer or a
//! holder), and decide everything else by proposals. Closing settles up: every member ends at
//! `contributed - spent`, pro rata when the reserve is short.
//!
//! Names are development keys, so the command acts for members where the pool needs a
//! member's own signature: `pool create` (and an executed `add` proposal) states each
//! member's willingness to hold the pool's notes on the pool's bank.
//!
//! This file holds the command line and [`run`]; [`ops`] the operations on the session
//! (create, contribute, allow, give back, propose, approve, plan, claim, status) and [`print`] how their
//! results are printed.

mod ops;
mod print;

pub use ops::{
    allow, approve, claim, contribute, create, give_back, kind, person, plan, propose, status, Vote,
};
pub use print::{print_plan, print_status, print_vote};

use crate::session::Session;
use anyhow::{anyhow, Result};
use clap::{Subcommand, ValueEnum};
use print::print_steps;
use serde_json::Map;
use vouch_client::pool::DEFAULT_TTL;
use vouch_traits::pool::ProposalKind;
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
    /// MEMBER hands back AMOUNT of the allowance it holds, unspent: it counts as revoked, not
    /// spent, and MEMBER's budget stays (a transfer to the pool's bank would count as spending).
    GiveBack {
        name: String,
        member: String,
        amount: Balance,
    },
    /// MEMBER takes the payout of the close held for it (one the chain could not transfer,
    /// such as less than the existential deposit to an empty account), paid to TO (a person;
    /// default: MEMBER).
    Claim {
        name: String,
        member: String,
        #[arg(long)]
        to: Option<String>,
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
        PoolCmd::GiveBack {
            name,
            member,
            amount,
        } => {
            let r = give_back(s, &name, &member, amount)?;
            crate::done(
                json,
                &format!("{member} hands back {amount} pool:{name} notes of allowance"),
                &r,
            );
        }
        PoolCmd::Claim { name, member, to } => {
            let to = to.unwrap_or_else(|| member.clone());
            let (amount, r) = claim(s, &name, &member, &to)?;
            crate::done(
                json,
                &format!("{member} claims {amount} held by pool {name}, paid to {to}"),
                &r,
            );
        }
        PoolCmd::Status { name } => {
            let v = status(s, &name)?;
            print_status(&name, &v, json);
            return Ok(false);
        }
    }
    Ok(true)
}
