//! `vouch shares …`: publicly held shares of a group, without a central exchange.
//!
//! Shares are a PSP22 token issued at creation (to founders in given amounts, or 100,000 to
//! the creator). Anyone pays native currency into a distribution and every holder claims its
//! pro-rata part, by what it held when the distribution was paid. Any holder puts a motion
//! forward (its text and a deposit, and at most one binding action); holders vote yes or no
//! with the shares they held when the motion was made; after its voting period anyone
//! finishes it, and a passed motion's action is executed once.
//!
//! A holder is a person's name, or `pool:NAME` for the trust bank of a group pool: a pool
//! holds shares and receives distributions like anyone, and what it claims lands in its
//! reserve, which the pool's settle-up shares among the members.

use crate::session::{hex, unhex, Explain, Session};
use crate::{cost_json, done};
use anyhow::{anyhow, bail, Context, Result};
use clap::{Subcommand, ValueEnum};
use serde_json::json;
use vouch_client::{AccountId32, SharesRef};
use vouch_traits::shares::{Action, Issuance, Motion, MotionState, Rules, SharesError};
use vouch_traits::{Balance, PSP22Error};

#[derive(Clone, Copy, ValueEnum)]
pub enum IssuanceArg {
    /// The supply is fixed for good.
    Never,
    /// A motion that passes may issue new shares.
    ByMotion,
}

#[derive(Subcommand)]
pub enum SharesCmd {
    /// CREATOR creates shares NAME (symbol SYMBOL), issued to the founders (WHO=AMOUNT, at
    /// most 16; none: 100,000 to the creator).
    Create {
        name: String,
        creator: String,
        #[arg(long)]
        symbol: Option<String>,
        /// A founder and its shares, as WHO=AMOUNT (repeat it).
        #[arg(long = "founder", value_name = "WHO=AMOUNT")]
        founders: Vec<String>,
        /// Whether new shares can ever be issued (by a motion that passes).
        #[arg(long, value_enum, default_value_t = IssuanceArg::Never)]
        issuance: IssuanceArg,
        /// Blocks a motion stays open for votes.
        #[arg(long, default_value_t = 10)]
        period: u32,
        /// Votes cast (yes + no) a motion needs, in basis points of the supply.
        #[arg(long, default_value_t = 5_000)]
        quorum_bps: u16,
        /// Share of the votes cast that must be yes, in basis points (5001: a majority).
        #[arg(long, default_value_t = 5_001)]
        pass_bps: u16,
        /// Native currency a proposer sends with a motion (returned when it reaches quorum,
        /// otherwise paid out with the next distribution).
        #[arg(long, default_value_t = 100)]
        deposit: Balance,
    },
    /// FROM moves AMOUNT shares to TO (what FROM earned so far stays FROM's to claim).
    Transfer {
        name: String,
        from: String,
        to: String,
        amount: Balance,
    },
    /// WHO pays AMOUNT of native currency into a distribution to every holder, pro rata.
    Distribute {
        name: String,
        who: String,
        amount: Balance,
    },
    /// WHO takes its part of every distribution so far; for `pool:POOL` (which cannot call
    /// itself) --by names who sends the claim, and the part lands in the pool's reserve.
    Claim {
        name: String,
        who: String,
        #[arg(long)]
        by: Option<String>,
    },
    /// WHO adds AMOUNT of native currency to the treasury passed motions pay from.
    Fund {
        name: String,
        who: String,
        amount: Balance,
    },
    /// WHO puts motion TEXT forward (sending the deposit), with at most one binding action.
    Motion {
        name: String,
        who: String,
        text: String,
        /// Issue new shares when it passes: TO=AMOUNT.
        #[arg(long, value_name = "TO=AMOUNT", conflicts_with_all = ["set_deposit", "pay"])]
        issue: Option<String>,
        /// Set the deposit of later motions when it passes.
        #[arg(long, conflicts_with = "pay")]
        set_deposit: Option<Balance>,
        /// Pay out of the treasury when it passes: TO=AMOUNT.
        #[arg(long, value_name = "TO=AMOUNT")]
        pay: Option<String>,
    },
    /// WHO votes yes or no on motion ID with the shares it held when the motion was made.
    Vote {
        name: String,
        who: String,
        id: u32,
        #[arg(value_parser = ["yes", "no"])]
        choice: String,
    },
    /// End motion ID after its voting period (anyone may; --by names who sends it).
    Finish {
        name: String,
        id: u32,
        #[arg(long)]
        by: Option<String>,
    },
    /// Execute passed motion ID's action, once (anyone may; --by names who sends it).
    Execute {
        name: String,
        id: u32,
        #[arg(long)]
        by: Option<String>,
    },
    /// Motion ID's tally: yes, no, the quorum, and the result.
    Tally { name: String, id: u32 },
    /// Supply, rules, treasury, distributions, holders and motions.
    Status { name: String },
}

/// A shares error in words, with what to do about it; `name` is the contract's name.
pub fn explain_shares(e: &SharesError, name: &str) -> String {
    let status = format!("`vouch shares status {name}` shows the books and the motions");
    let (what, hint): (&str, String) = match e {
        SharesError::ZeroAmount => ("the amount must be positive", String::new()),
        SharesError::Overflow => ("the amount overflows", String::new()),
        SharesError::InsufficientBalance => ("that is more shares than are held", status),
        SharesError::NothingToClaim => ("there is nothing to claim", status),
        SharesError::UnknownMotion => ("there is no motion with that id", status),
        SharesError::AlreadyVoted => ("this holder voted on that motion already", String::new()),
        SharesError::NoVotingPower => (
            "the caller held no shares when the motion was made (or, proposing, holds none)",
            "shares received after a motion was made do not vote on it".into(),
        ),
        SharesError::VotingClosed => ("the motion's voting period is over", status),
        SharesError::VotingOpen => (
            "the motion is still open for votes",
            format!("finish it after its last block (`vouch shares tally {name} ID`)"),
        ),
        SharesError::NotPassed => ("the motion did not pass", status),
        SharesError::AlreadyExecuted => (
            "the motion was finished already, or its action executed already",
            String::new(),
        ),
        SharesError::NoAction => ("the motion carries no action to execute", String::new()),
        SharesError::IssuanceForbidden => (
            "these shares were created with a fixed supply: no new shares can be issued",
            String::new(),
        ),
        SharesError::BadRules => (
            "the rules decide no motion",
            "the period must be positive, thresholds at most 10000 bps, pass above 0".into(),
        ),
        SharesError::TextTooLong => (
            "the motion's text is longer than 256 bytes",
            "put a hash and a link instead".into(),
        ),
        SharesError::WrongDeposit => ("the deposit sent is not the motion deposit", status),
        SharesError::TreasuryShort => (
            "the treasury holds less than the payment",
            format!("fund it with `vouch shares fund {name} WHO AMOUNT`"),
        ),
        SharesError::TransferFailed => ("the chain refused the native transfer", String::new()),
        SharesError::BadFounders => (
            "the founders list is bad",
            "at most 16 founders, each once, each with a positive amount".into(),
        ),
    };
    if hint.is_empty() {
        format!("{what} ({e:?})")
    } else {
        format!("{what} ({e:?}): {hint}")
    }
}

/// A PSP22 refusal of a shares contract in words.
pub fn explain_shares_psp22(e: &PSP22Error, name: &str) -> Option<String> {
    match e {
        PSP22Error::InsufficientBalance => {
            Some(explain_shares(&SharesError::InsufficientBalance, name))
        }
        PSP22Error::InsufficientAllowance => {
            Some("the spender's allowance is too small (InsufficientAllowance)".into())
        }
        _ => None,
    }
}

fn shares_of(s: &Session, name: &str) -> Result<SharesRef> {
    let a = s.dir.shares.get(name).ok_or_else(|| {
        anyhow!("there are no shares {name}: create them with `vouch shares create {name} CREATOR`")
    })?;
    Ok(SharesRef::at(unhex(a)?))
}

/// A holder: `pool:NAME` is a group pool's trust bank, anything else a person.
fn holder(s: &mut Session, spec: &str) -> Result<AccountId32> {
    match spec.strip_prefix("pool:") {
        Some(pool) => s.pool_bank_of(pool),
        None => s.person(spec.strip_prefix("person:").unwrap_or(spec)),
    }
}

/// `who` takes part in shares `name`: remembered for `vouch shares status`.
fn takes_part(s: &mut Session, name: &str, who: &str) {
    s.dir
        .share_people
        .entry(name.to_string())
        .or_default()
        .insert(who.strip_prefix("person:").unwrap_or(who).to_string());
}

/// `WHO=AMOUNT`.
fn pair(spec: &str) -> Result<(String, Balance)> {
    let (who, n) = spec
        .split_once('=')
        .ok_or_else(|| anyhow!("{spec:?} is not WHO=AMOUNT"))?;
    let n = n
        .parse()
        .with_context(|| format!("{n:?} in {spec:?} is not an amount"))?;
    Ok((who.to_string(), n))
}

/// A sender named, or the caller's `default`.
fn sender(s: &mut Session, by: Option<String>, default: &AccountId32) -> Result<AccountId32> {
    match by {
        Some(b) => holder(s, &b),
        None => Ok(default.clone()),
    }
}

fn state_name(m: MotionState) -> &'static str {
    match m {
        MotionState::Open => "open",
        MotionState::Passed => "passed",
        MotionState::Failed => "failed",
        MotionState::Executed => "passed, executed",
    }
}

fn action_text(s: &Session, a: &Action) -> String {
    let name = |id: &vouch_traits::AccountId| s.name_of(&vouch_client::account_of(id));
    match a {
        Action::None => "a recorded decision".into(),
        Action::Issue { to, amount } => format!("issue {amount} shares to {}", name(to)),
        Action::SetDeposit(d) => format!("set the motion deposit to {d}"),
        Action::Pay { to, amount } => format!("pay {amount} from the treasury to {}", name(to)),
    }
}

/// The votes a motion needs: `quorum_bps` of its supply, rounded up.
fn quorum(m: &Motion, rules: &Rules) -> Balance {
    let num = m.supply.saturating_mul(Balance::from(rules.quorum_bps));
    num.div_ceil(10_000)
}

/// Runs a `vouch shares` command; returns whether it changed the chain.
pub fn run(s: &mut Session, cmd: SharesCmd, json: bool) -> Result<bool> {
    let explain = |name: &str| {
        let name = name.to_string();
        move |e: vouch_client::CallError| -> anyhow::Error {
            use vouch_client::{CallError, Refusal};
            match &e {
                CallError::Refused(Refusal::Shares(x)) => anyhow!(explain_shares(x, &name)),
                CallError::Refused(Refusal::Psp22(p)) => match explain_shares_psp22(p, &name) {
                    Some(t) => anyhow!(t),
                    None => anyhow!(crate::session::explain(&e, &name)),
                },
                _ => anyhow!(crate::session::explain(&e, &name)),
            }
        }
    };
    match cmd {
        SharesCmd::Create {
            name,
            creator,
            symbol,
            founders,
            issuance,
            period,
            quorum_bps,
            pass_bps,
            deposit,
        } => {
            crate::session::check_name(&name)?;
            if s.dir.shares.contains_key(&name) {
                bail!("there are already shares {name}");
            }
            let who = holder(s, &creator)?;
            let mut list = Vec::new();
            let mut names = Vec::new();
            for f in &founders {
                let (n, amount) = pair(f)?;
                list.push((holder(s, &n)?, amount));
                names.push(n);
            }
            let rules = Rules {
                voting_period: period,
                quorum_bps,
                pass_bps,
                deposit,
            };
            let issuance = match issuance {
                IssuanceArg::Never => Issuance::Never,
                IssuanceArg::ByMotion => Issuance::ByMotion,
            };
            let symbol = symbol.unwrap_or_else(|| name.to_uppercase());
            let shares =
                SharesRef::create(&mut s.chain, &who, &name, &symbol, &list, issuance, rules)
                    .map_err(explain(&name))
                    .context("create the shares")?;
            let deployed = s.receipt();
            s.dir.shares.insert(name.clone(), hex(&shares.addr));
            if names.is_empty() {
                names.push(creator.clone());
            }
            for n in &names {
                takes_part(s, &name, n);
            }
            let supply = shares
                .total_supply(&mut s.chain)
                .or_explain("read the supply")?;
            if json {
                println!(
                    "{}",
                    json!({"ok": true, "shares": shares.addr.to_string(), "supply": supply, "cost": cost_json(&deployed)})
                );
            } else {
                println!(
                    "shares {name} ({symbol}) are {}: {supply} issued to {}",
                    shares.addr,
                    names.join(", ")
                );
                println!("{}", crate::cost_line("create shares", &deployed));
            }
        }
        SharesCmd::Transfer {
            name,
            from,
            to,
            amount,
        } => {
            let shares = shares_of(s, &name)?;
            let (f, t) = (holder(s, &from)?, holder(s, &to)?);
            shares
                .transfer(&mut s.chain, &f, &t, amount)
                .map_err(explain(&name))
                .context("transfer shares")?;
            takes_part(s, &name, &to);
            done(
                json,
                &format!("{from} transfers {amount} shares of {name} to {to}"),
                &s.receipt(),
            );
        }
        SharesCmd::Distribute { name, who, amount } => {
            let shares = shares_of(s, &name)?;
            let w = holder(s, &who)?;
            let paid = shares
                .distribute(&mut s.chain, &w, amount)
                .map_err(explain(&name))
                .context("distribute")?;
            done(
                json,
                &format!("{who} distributes {paid} to the holders of {name}"),
                &s.receipt(),
            );
        }
        SharesCmd::Claim { name, who, by } => {
            let shares = shares_of(s, &name)?;
            let w = holder(s, &who)?;
            let got = match by {
                None if !who.starts_with("pool:") => shares.claim(&mut s.chain, &w),
                by => {
                    let sender = match by {
                        Some(b) => holder(s, &b)?,
                        None => {
                            bail!("a pool's bank cannot send a claim: name who sends it with --by")
                        }
                    };
                    shares.claim_for(&mut s.chain, &sender, &w)
                }
            }
            .map_err(explain(&name))
            .context("claim")?;
            done(json, &format!("{who} claims {got}"), &s.receipt());
        }
        SharesCmd::Fund { name, who, amount } => {
            let shares = shares_of(s, &name)?;
            let w = holder(s, &who)?;
            shares
                .fund_treasury(&mut s.chain, &w, amount)
                .map_err(explain(&name))
                .context("fund the treasury")?;
            done(
                json,
                &format!("{who} adds {amount} to {name}'s treasury"),
                &s.receipt(),
            );
        }
        SharesCmd::Motion {
            name,
            who,
            text,
            issue,
            set_deposit,
            pay,
        } => {
            let shares = shares_of(s, &name)?;
            let w = holder(s, &who)?;
            let action = if let Some(spec) = issue {
                let (to, amount) = pair(&spec)?;
                takes_part(s, &name, &to);
                Action::Issue {
                    to: vouch_client::ink_id(&holder(s, &to)?),
                    amount,
                }
            } else if let Some(d) = set_deposit {
                Action::SetDeposit(d)
            } else if let Some(spec) = pay {
                let (to, amount) = pair(&spec)?;
                Action::Pay {
                    to: vouch_client::ink_id(&holder(s, &to)?),
                    amount,
                }
            } else {
                Action::None
            };
            let deposit = shares
                .status(&mut s.chain)
                .or_explain("read the rules")?
                .rules
                .deposit;
            let id = shares
                .propose(&mut s.chain, &w, text.as_bytes(), action, deposit)
                .map_err(explain(&name))
                .context("put the motion forward")?;
            let r = s.receipt();
            if json {
                println!(
                    "{}",
                    json!({"ok": true, "motion": id, "cost": cost_json(&r)})
                );
            } else {
                println!(
                    "{}",
                    crate::cost_line(
                        &format!(
                            "{who} puts motion {id} forward ({})",
                            action_text(s, &action)
                        ),
                        &r
                    )
                );
            }
        }
        SharesCmd::Vote {
            name,
            who,
            id,
            choice,
        } => {
            let shares = shares_of(s, &name)?;
            let w = holder(s, &who)?;
            let power = shares
                .voting_power(&mut s.chain, id, &w)
                .map_err(explain(&name))
                .context("read the voting power")?;
            shares
                .vote(&mut s.chain, &w, id, choice == "yes")
                .map_err(explain(&name))
                .context("vote")?;
            done(
                json,
                &format!("{who} votes {choice} on motion {id} with {power} shares"),
                &s.receipt(),
            );
        }
        SharesCmd::Finish { name, id, by } => {
            let shares = shares_of(s, &name)?;
            let m = shares
                .motion(&mut s.chain, id)
                .or_explain("read the motion")?
                .ok_or_else(|| anyhow!(explain_shares(&SharesError::UnknownMotion, &name)))?;
            let w = sender(s, by, &m.proposer_account())?;
            let state = shares
                .finish(&mut s.chain, &w, id)
                .map_err(explain(&name))
                .context("finish the motion")?;
            done(
                json,
                &format!("motion {id} {}", state_name(state)),
                &s.receipt(),
            );
        }
        SharesCmd::Execute { name, id, by } => {
            let shares = shares_of(s, &name)?;
            let m = shares
                .motion(&mut s.chain, id)
                .or_explain("read the motion")?
                .ok_or_else(|| anyhow!(explain_shares(&SharesError::UnknownMotion, &name)))?;
            let w = sender(s, by, &m.proposer_account())?;
            shares
                .execute(&mut s.chain, &w, id)
                .map_err(explain(&name))
                .context("execute the motion")?;
            done(
                json,
                &format!("motion {id} executed: {}", action_text(s, &m.action)),
                &s.receipt(),
            );
        }
        SharesCmd::Tally { name, id } => {
            print_tally(s, &name, id, json)?;
            return Ok(false);
        }
        SharesCmd::Status { name } => {
            print_status(s, &name, json)?;
            return Ok(false);
        }
    }
    Ok(true)
}

/// The proposer of a motion as a chain account.
trait Proposer {
    fn proposer_account(&self) -> AccountId32;
}

impl Proposer for Motion {
    fn proposer_account(&self) -> AccountId32 {
        vouch_client::account_of(&self.proposer)
    }
}

/// Prints one motion's tally and result.
pub fn print_tally(s: &mut Session, name: &str, id: u32, json: bool) -> Result<()> {
    let shares = shares_of(s, name)?;
    let st = shares.status(&mut s.chain).or_explain("read the shares")?;
    let m = shares
        .motion(&mut s.chain, id)
        .or_explain("read the motion")?
        .ok_or_else(|| anyhow!(explain_shares(&SharesError::UnknownMotion, name)))?;
    let now = vouch_client::Ledger::block_number(&mut s.chain).or_explain("read the block")?;
    let need = quorum(&m, &st.rules);
    let text = String::from_utf8_lossy(&m.text).to_string();
    if json {
        println!(
            "{}",
            json!({"motion": id, "text": text, "proposer": s.name_of(&m.proposer_account()),
                   "action": action_text(s, &m.action), "yes": m.yes, "no": m.no,
                   "quorum": need, "supply": m.supply, "ends": m.ends, "block": now,
                   "state": format!("{:?}", m.state)})
        );
    } else {
        let open = if m.state == MotionState::Open && now <= m.ends {
            format!("open until block {} (now {now})", m.ends)
        } else if m.state == MotionState::Open {
            format!(
                "voting ended at block {}: finish it to record the result",
                m.ends
            )
        } else {
            state_name(m.state).to_string()
        };
        println!(
            "motion {id} of {name} by {}: \"{text}\" ({}) — yes {} no {} of {} shares at its making, quorum {need}; {open}",
            s.name_of(&m.proposer_account()),
            action_text(s, &m.action),
            m.yes,
            m.no,
            m.supply
        );
    }
    Ok(())
}

/// Prints the books, the holders the directory knows of, and every motion.
pub fn print_status(s: &mut Session, name: &str, json: bool) -> Result<()> {
    let shares = shares_of(s, name)?;
    let st = shares.status(&mut s.chain).or_explain("read the shares")?;
    let people: Vec<String> = s
        .dir
        .share_people
        .get(name)
        .map(|p| p.iter().cloned().collect())
        .unwrap_or_default();
    let mut holders = Vec::new();
    for p in people {
        let who = holder(s, &p)?;
        let held = shares
            .balance_of(&mut s.chain, &who)
            .or_explain("read a balance")?;
        let claimable = shares
            .claimable(&mut s.chain, &who)
            .or_explain("read a claimable amount")?;
        if held > 0 || claimable > 0 {
            holders.push((p, held, claimable));
        }
    }
    let motions = shares
        .motions(&mut s.chain)
        .or_explain("read the motions")?;
    if json {
        let hs: Vec<_> = holders
            .iter()
            .map(|(n, h, c)| json!({"who": n, "shares": h, "claimable": c}))
            .collect();
        let ms: Vec<_> = motions
            .iter()
            .map(|(id, m)| {
                json!({"id": id, "text": String::from_utf8_lossy(&m.text), "yes": m.yes,
                       "no": m.no, "state": format!("{:?}", m.state), "ends": m.ends})
            })
            .collect();
        println!(
            "{}",
            json!({"shares": name, "address": shares.addr.to_string(), "symbol": st.symbol,
                   "supply": st.supply, "issuance": format!("{:?}", st.issuance),
                   "voting_period": st.rules.voting_period, "quorum_bps": st.rules.quorum_bps,
                   "pass_bps": st.rules.pass_bps, "deposit": st.rules.deposit,
                   "treasury": st.treasury, "distributed": st.distributed, "claimed": st.claimed,
                   "pending": st.pending, "deposits": st.deposits,
                   "holders": hs, "motions": ms})
        );
        return Ok(());
    }
    println!(
        "shares {name} ({}) at {}: {} issued ({}), treasury {}",
        st.symbol,
        shares.addr,
        st.supply,
        match st.issuance {
            Issuance::Never => "fixed supply",
            Issuance::ByMotion => "more only by motion",
        },
        st.treasury
    );
    println!(
        "  distributed {}, claimed {}, waiting for the next distribution {}; motions: {} blocks, quorum {} bps, pass {} bps, deposit {}",
        st.distributed,
        st.claimed,
        st.pending,
        st.rules.voting_period,
        st.rules.quorum_bps,
        st.rules.pass_bps,
        st.rules.deposit
    );
    for (who, held, claimable) in &holders {
        println!("  {who:<16} {held:>10} shares  claimable {claimable}");
    }
    for (id, m) in &motions {
        println!(
            "  motion {id}: \"{}\" ({}) yes {} no {} — {}",
            String::from_utf8_lossy(&m.text),
            action_text(s, &m.action),
            m.yes,
            m.no,
            state_name(m.state)
        );
    }
    Ok(())
}
