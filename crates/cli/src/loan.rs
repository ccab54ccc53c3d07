//! `vouch loan …` and `vouch tracker …`: loans with terms and the trackers that list them.
//!
//! A borrower offers a loan (principal, the amount owed at the due block, a funding deadline,
//! grace, collateral) in native currency or in one person's notes (`--in ISSUER`); lenders
//! fund it in slices; slices move only to people who accepted the loan's debt; repayments are
//! shared pro rata; a lender exits early by selling slices (an offer someone buys, or a
//! standing bid it sells into); after the due block plus grace an unpaid loan can be marked
//! defaulted and its holders share the collateral. Blocks are given relative to now.
//!
//! Names are development keys, so for a loan in notes the command approves the loan to move
//! the payer's notes before funding, repaying, buying or bidding.

use crate::session::{hex, unhex, Explain, Session};
use crate::{cost_json, done};
use anyhow::{anyhow, bail, Result};
use clap::Subcommand;
use serde_json::json;
use vouch_client::{account_of, AccountId32, BankRef, LoanRef, TrackerRef};
use vouch_traits::loan::{Asset, LoanError, LoanStatus, Phase, Terms};
use vouch_traits::tracker::{TrackerError, MAX_NOTE};
use vouch_traits::Balance;

#[derive(Subcommand)]
pub enum LoanCmd {
    /// BORROWER offers loan NAME: PRINCIPAL to draw once funded, OWED (principal plus
    /// interest) due DUE blocks from now.
    Offer {
        name: String,
        borrower: String,
        principal: Balance,
        owed: Balance,
        /// Blocks from now to the funding deadline.
        #[arg(long, default_value_t = 100)]
        deadline: u32,
        /// Blocks from now to the due block.
        #[arg(long)]
        due: u32,
        /// Blocks after the due block before the loan can be marked defaulted.
        #[arg(long, default_value_t = 0)]
        grace: u32,
        /// Native currency the borrower locks as collateral.
        #[arg(long, default_value_t = 0)]
        collateral: Balance,
        /// Lend in ISSUER's notes instead of native currency (ISSUER's bank must extend the
        /// loan a limit: the command does it when ISSUER is the borrower).
        #[arg(long = "in")]
        issuer: Option<String>,
    },
    /// LENDER funds AMOUNT and receives as many slices.
    Fund {
        name: String,
        lender: String,
        amount: Balance,
    },
    /// LENDER takes AMOUNT of its funding back (before the loan is fully funded, or after it
    /// failed).
    Unfund {
        name: String,
        lender: String,
        amount: Balance,
    },
    /// The borrower draws the principal of the fully funded loan.
    Draw { name: String },
    /// WHO agrees to hold up to MAX slices of the loan (received by transfer or purchase).
    Accept {
        name: String,
        who: String,
        max: Balance,
    },
    /// FROM moves AMOUNT slices to TO (which accepted them); what they earned so far stays
    /// FROM's to claim.
    Transfer {
        name: String,
        from: String,
        to: String,
        amount: Balance,
    },
    /// The borrower (or --by someone else) repays AMOUNT.
    Repay {
        name: String,
        amount: Balance,
        #[arg(long)]
        by: Option<String>,
    },
    /// WHO takes its share of the repayments (and of the collateral after a default).
    Claim { name: String, who: String },
    /// SELLER offers SLICES for PRICE; anyone who accepted them can buy the offer whole.
    OfferSlice {
        name: String,
        seller: String,
        slices: Balance,
        price: Balance,
    },
    /// BUYER buys offer ID: pays its price to the seller and receives the slices with their
    /// unclaimed share, in one call.
    Buy {
        name: String,
        buyer: String,
        id: u32,
    },
    /// BUYER places a standing bid for SLICES at PRICE (the loan holds the price).
    Bid {
        name: String,
        buyer: String,
        slices: Balance,
        price: Balance,
    },
    /// SELLER sells into bid ID.
    Sell {
        name: String,
        seller: String,
        id: u32,
    },
    /// Mark the loan defaulted (after the due block plus grace, with less than owed repaid).
    Default {
        name: String,
        #[arg(long)]
        by: Option<String>,
    },
    /// The borrower takes the collateral back (after full repayment, or when the loan failed).
    Reclaim { name: String },
    /// The loan's terms, phase, accounting, holders and open orders.
    Status { name: String },
}

#[derive(Subcommand)]
pub enum TrackerCmd {
    /// OWNER creates tracker NAME, which lists loans running this program's loan code.
    Create { name: String, owner: String },
    /// The tracker's owner lists LOAN with a note on why it vouches for it.
    List {
        name: String,
        loan: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// The tracker's owner takes LOAN off the list.
    Delist { name: String, loan: String },
    /// The tracker's listings with each loan's phase.
    Show { name: String },
}

/// A loan error in words, with what to do about it; `loan` is the loan's name.
pub fn explain_loan(e: &LoanError, loan: &str) -> String {
    let status = format!("`vouch loan status {loan}` shows the terms and the books");
    let (what, hint): (&str, String) = match e {
        LoanError::BadTerms => (
            "the terms make no loan",
            "the principal must be positive, owed at least the principal, the due block no \
             earlier than the deadline"
                .into(),
        ),
        LoanError::ZeroAmount => ("the amount must be positive", String::new()),
        LoanError::WrongValue => (
            "the native currency sent is not what the call needs",
            String::new(),
        ),
        LoanError::FundingClosed => (
            "the loan takes no more funding (fully funded, past its deadline, or failed)",
            status,
        ),
        LoanError::OverPrincipal => ("that is more than is left to fund", status),
        LoanError::Locked => (
            "funding cannot be taken back once the loan is fully funded",
            "sell slices instead (vouch loan offer-slice, or sell into a bid)".into(),
        ),
        LoanError::InsufficientSlices => ("that is more slices than are held", status),
        LoanError::NotAccepted => (
            "the receiver has not accepted that much of this loan's debt",
            format!("the receiver runs `vouch loan accept {loan} WHO MAX` first"),
        ),
        LoanError::BelowHeld => (
            "acceptance cannot go below the slices already held",
            String::new(),
        ),
        LoanError::NotBorrower => ("only the borrower may do this", String::new()),
        LoanError::NotFunded => ("the loan is not fully funded yet", status),
        LoanError::AlreadyDrawn => ("the principal was drawn already", String::new()),
        LoanError::NotDrawn => ("the principal has not been drawn", String::new()),
        LoanError::OverRepay => ("that is more than is still owed", status),
        LoanError::NothingToClaim => ("there is nothing to claim", String::new()),
        LoanError::NotDefaultable => (
            "the loan cannot be marked defaulted now (before the due block plus grace, repaid, \
             or defaulted already)",
            status,
        ),
        LoanError::CollateralLocked => (
            "the collateral stays locked while the loan runs or after a default",
            String::new(),
        ),
        LoanError::UnknownOrder => ("no open offer or bid has that id", status),
        LoanError::TooManyOrders => (
            "the loan keeps 8 open offers and 8 open bids at most",
            "cancel one first".into(),
        ),
        LoanError::NotYourOrder => ("only whoever placed the order may cancel it", String::new()),
        LoanError::SelfTrade => ("an account cannot trade with itself", String::new()),
        LoanError::TransferFailed => ("the chain refused the native transfer", String::new()),
        LoanError::Asset(b) => {
            return format!(
                "the loan's bank refused to move the notes: {}",
                crate::session::explain_bank(b)
            )
        }
        LoanError::CallFailed => ("the call into the loan's bank failed", String::new()),
        LoanError::Overflow => ("the amount overflows", String::new()),
    };
    if hint.is_empty() {
        format!("{what} ({e:?})")
    } else {
        format!("{what} ({e:?}): {hint}")
    }
}

/// A tracker error in words.
pub fn explain_tracker(e: &TrackerError) -> String {
    let what = match e {
        TrackerError::NotOwner => "only the tracker's owner may do this",
        TrackerError::NotALoan => "that contract does not run a loan code the tracker allows",
        TrackerError::AlreadyListed => "the loan is listed already",
        TrackerError::NotListed => "the loan is not listed",
        TrackerError::NoteTooLong => "the note is longer than 256 bytes",
        TrackerError::Overflow => "the listing count overflows",
    };
    format!("{what} ({e:?})")
}

fn loan_of(s: &Session, name: &str) -> Result<LoanRef> {
    let a = s.dir.loans.get(name).ok_or_else(|| {
        anyhow!("there is no loan {name}: offer it with `vouch loan offer {name} BORROWER PRINCIPAL OWED --due BLOCKS`")
    })?;
    Ok(LoanRef::at(unhex(a)?))
}

fn tracker_of(s: &Session, name: &str) -> Result<TrackerRef> {
    let a = s.dir.trackers.get(name).ok_or_else(|| {
        anyhow!("there is no tracker {name}: create it with `vouch tracker create {name} OWNER`")
    })?;
    Ok(TrackerRef::at(unhex(a)?))
}

fn person(s: &mut Session, name: &str) -> Result<AccountId32> {
    s.person(name.strip_prefix("person:").unwrap_or(name))
}

/// Records loan `name` in the directory.
pub fn record_loan(s: &mut Session, name: &str, loan: &LoanRef) {
    s.dir.loans.insert(name.to_string(), hex(&loan.addr));
}

/// Records tracker `name` in the directory.
pub fn record_tracker(s: &mut Session, name: &str, t: &TrackerRef) {
    s.dir.trackers.insert(name.to_string(), hex(&t.addr));
}

/// `who` (a name) takes part in loan `loan`: remembered for `vouch loan status`.
pub fn takes_part(s: &mut Session, loan: &str, who: &str) {
    s.dir
        .loan_people
        .entry(loan.to_string())
        .or_default()
        .insert(who.strip_prefix("person:").unwrap_or(who).to_string());
}

fn block(s: &mut Session) -> Result<u32> {
    vouch_client::Ledger::block_number(&mut s.chain).or_explain("read the block number")
}

fn status(s: &mut Session, loan: &LoanRef, name: &str) -> Result<LoanStatus> {
    loan.status(&mut s.chain)
        .or_explain_pool(&format!("read loan {name}"), name)
}

/// For a loan in notes, `who` lets the loan move `amount` of its notes (names are dev keys).
fn approve_for(s: &mut Session, loan: &LoanRef, who: &AccountId32, amount: Balance) -> Result<()> {
    let st = loan.status(&mut s.chain).or_explain("read the loan")?;
    if let Asset::Notes(bank) = st.terms.asset {
        BankRef::at(account_of(&bank))
            .approve(&mut s.chain, who, &loan.addr, amount)
            .or_explain("approve the loan to move the notes")?;
    }
    Ok(())
}

fn phase_name(p: Phase) -> &'static str {
    match p {
        Phase::Funding => "funding",
        Phase::Funded => "funded, not drawn",
        Phase::Failed => "failed",
        Phase::Drawn => "drawn, being repaid",
        Phase::Repaid => "repaid",
        Phase::Defaulted => "defaulted",
    }
}

/// Runs a `vouch loan` command; returns whether it changed the chain.
pub fn run(s: &mut Session, cmd: LoanCmd, json: bool) -> Result<bool> {
    match cmd {
        LoanCmd::Offer {
            name,
            borrower,
            principal,
            owed,
            deadline,
            due,
            grace,
            collateral,
            issuer,
        } => {
            crate::session::check_name(&name)?;
            if s.dir.loans.contains_key(&name) {
                bail!("there is already a loan {name}");
            }
            let who = person(s, &borrower)?;
            let now = block(s)?;
            let asset = match &issuer {
                Some(i) => Asset::Notes(vouch_client::ink_id(&s.bank_of(i)?)),
                None => Asset::Native,
            };
            let at = |d: u32| {
                now.checked_add(d)
                    .ok_or_else(|| anyhow!("{d} blocks from now passes the block type"))
            };
            let terms = Terms {
                asset,
                principal,
                owed,
                deadline: at(deadline)?,
                due: at(due)?,
                grace,
            };
            let loan = LoanRef::create(&mut s.chain, &who, terms, collateral)
                .or_explain_pool("offer the loan", &name)?;
            let deployed = s.receipt();
            record_loan(s, &name, &loan);
            if let Some(i) = &issuer {
                if i == &borrower {
                    // The borrower's own notes: its bank lets the loan hold what it will.
                    let bank = s.bank(i)?;
                    bank.set_limit(&mut s.chain, &who, &loan.addr, owed)
                        .or_explain("extend the loan a limit")?;
                }
            }
            if json {
                println!(
                    "{}",
                    json!({"ok": true, "loan": loan.addr.to_string(), "cost": cost_json(&deployed)})
                );
            } else {
                println!(
                    "loan {name} is {}: {borrower} borrows {principal}, owes {owed} at block {} \
                     (funding until block {}, grace {grace}, collateral {collateral})",
                    loan.addr, terms.due, terms.deadline
                );
                println!("{}", crate::cost_line("offer a loan", &deployed));
            }
        }
        LoanCmd::Fund {
            name,
            lender,
            amount,
        } => {
            let loan = loan_of(s, &name)?;
            let who = person(s, &lender)?;
            approve_for(s, &loan, &who, amount)?;
            loan.fund(&mut s.chain, &who, amount)
                .or_explain_pool("fund", &name)?;
            takes_part(s, &name, &lender);
            done(
                json,
                &format!("{lender} funds {amount} of loan {name}"),
                &s.receipt(),
            );
        }
        LoanCmd::Unfund {
            name,
            lender,
            amount,
        } => {
            let loan = loan_of(s, &name)?;
            let who = person(s, &lender)?;
            loan.unfund(&mut s.chain, &who, amount)
                .or_explain_pool("unfund", &name)?;
            done(
                json,
                &format!("{lender} takes {amount} of funding back"),
                &s.receipt(),
            );
        }
        LoanCmd::Draw { name } => {
            let loan = loan_of(s, &name)?;
            let st = status(s, &loan, &name)?;
            let borrower = account_of(&st.borrower);
            loan.draw(&mut s.chain, &borrower)
                .or_explain_pool("draw", &name)?;
            done(
                json,
                &format!("the borrower draws {} from loan {name}", st.terms.principal),
                &s.receipt(),
            );
        }
        LoanCmd::Accept { name, who, max } => {
            let loan = loan_of(s, &name)?;
            let w = person(s, &who)?;
            loan.accept(&mut s.chain, &w, max)
                .or_explain_pool("accept", &name)?;
            takes_part(s, &name, &who);
            done(
                json,
                &format!("{who} accepts up to {max} slices"),
                &s.receipt(),
            );
        }
        LoanCmd::Transfer {
            name,
            from,
            to,
            amount,
        } => {
            let loan = loan_of(s, &name)?;
            let (f, t) = (person(s, &from)?, person(s, &to)?);
            loan.transfer(&mut s.chain, &f, &t, amount)
                .or_explain_pool("transfer slices", &name)?;
            takes_part(s, &name, &to);
            done(
                json,
                &format!("{from} moves {amount} slices to {to}"),
                &s.receipt(),
            );
        }
        LoanCmd::Repay { name, amount, by } => {
            let loan = loan_of(s, &name)?;
            let st = status(s, &loan, &name)?;
            let payer = match &by {
                Some(b) => person(s, b)?,
                None => account_of(&st.borrower),
            };
            approve_for(s, &loan, &payer, amount)?;
            loan.repay(&mut s.chain, &payer, amount)
                .or_explain_pool("repay", &name)?;
            let repaid = status(s, &loan, &name)?.book.repaid;
            done(
                json,
                &format!(
                    "repay {amount} of loan {name} ({repaid} of {} repaid)",
                    st.terms.owed
                ),
                &s.receipt(),
            );
        }
        LoanCmd::Claim { name, who } => {
            let loan = loan_of(s, &name)?;
            let w = person(s, &who)?;
            let (r, c) = loan
                .claim(&mut s.chain, &w)
                .or_explain_pool("claim", &name)?;
            let what = if c > 0 {
                format!("{who} claims {r} of repayments and {c} of collateral")
            } else {
                format!("{who} claims {r} of repayments")
            };
            done(json, &what, &s.receipt());
        }
        LoanCmd::OfferSlice {
            name,
            seller,
            slices,
            price,
        } => {
            let loan = loan_of(s, &name)?;
            let w = person(s, &seller)?;
            let id = loan
                .offer(&mut s.chain, &w, slices, price)
                .or_explain_pool("offer slices", &name)?;
            done(
                json,
                &format!("{seller} offers {slices} slices for {price}: offer #{id}"),
                &s.receipt(),
            );
        }
        LoanCmd::Buy { name, buyer, id } => {
            let loan = loan_of(s, &name)?;
            let w = person(s, &buyer)?;
            let offer = loan
                .offers(&mut s.chain)
                .or_explain("read the offers")?
                .into_iter()
                .find(|(i, _)| *i == id)
                .map(|(_, o)| o)
                .ok_or_else(|| anyhow!("buy: {}", explain_loan(&LoanError::UnknownOrder, &name)))?;
            approve_for(s, &loan, &w, offer.price)?;
            loan.buy(&mut s.chain, &w, id)
                .or_explain_pool("buy", &name)?;
            takes_part(s, &name, &buyer);
            done(
                json,
                &format!(
                    "{buyer} buys {} slices for {} from {}",
                    offer.slices,
                    offer.price,
                    s.name_of(&account_of(&offer.seller))
                ),
                &s.receipt(),
            );
        }
        LoanCmd::Bid {
            name,
            buyer,
            slices,
            price,
        } => {
            let loan = loan_of(s, &name)?;
            let w = person(s, &buyer)?;
            approve_for(s, &loan, &w, price)?;
            let id = loan
                .bid(&mut s.chain, &w, slices, price)
                .or_explain_pool("bid", &name)?;
            takes_part(s, &name, &buyer);
            done(
                json,
                &format!("{buyer} bids {price} for {slices} slices: bid #{id}"),
                &s.receipt(),
            );
        }
        LoanCmd::Sell { name, seller, id } => {
            let loan = loan_of(s, &name)?;
            let w = person(s, &seller)?;
            loan.sell(&mut s.chain, &w, id)
                .or_explain_pool("sell", &name)?;
            done(
                json,
                &format!("{seller} sells into bid #{id}"),
                &s.receipt(),
            );
        }
        LoanCmd::Default { name, by } => {
            let loan = loan_of(s, &name)?;
            let st = status(s, &loan, &name)?;
            let w = match &by {
                Some(b) => person(s, b)?,
                None => account_of(&st.borrower),
            };
            loan.mark_default(&mut s.chain, &w)
                .or_explain_pool("mark the loan defaulted", &name)?;
            done(
                json,
                &format!(
                    "loan {name} defaulted with {} of {} repaid: holders share collateral {}",
                    st.book.repaid, st.terms.owed, st.collateral
                ),
                &s.receipt(),
            );
        }
        LoanCmd::Reclaim { name } => {
            let loan = loan_of(s, &name)?;
            let st = status(s, &loan, &name)?;
            let got = loan
                .reclaim_collateral(&mut s.chain, &account_of(&st.borrower))
                .or_explain_pool("reclaim the collateral", &name)?;
            done(
                json,
                &format!("the borrower takes back collateral {got}"),
                &s.receipt(),
            );
        }
        LoanCmd::Status { name } => {
            print_status(s, &name, json)?;
            return Ok(false);
        }
    }
    Ok(true)
}

/// Prints a loan's terms, books, holders (everyone the directory names who holds or could
/// claim) and open orders.
pub fn print_status(s: &mut Session, name: &str, json: bool) -> Result<()> {
    let loan = loan_of(s, name)?;
    let st = status(s, &loan, name)?;
    let now = block(s)?;
    let offers = loan.offers(&mut s.chain).or_explain("read the offers")?;
    let bids = loan.bids(&mut s.chain).or_explain("read the bids")?;
    let people: Vec<String> = s
        .dir
        .loan_people
        .get(name)
        .map(|p| p.iter().cloned().collect())
        .unwrap_or_default();
    let mut holders = Vec::new();
    for p in people {
        let who = s.person(&p)?;
        let pos = loan
            .position(&mut s.chain, &who)
            .or_explain("read a position")?;
        if pos.slices > 0 || pos.claimable > 0 || pos.collateral_claimable > 0 || pos.accepted > 0 {
            holders.push((p, pos));
        }
    }
    let b = st.book;
    let asset = match st.terms.asset {
        Asset::Native => "native currency".to_string(),
        Asset::Notes(bank) => s.name_of(&account_of(&bank)).replace("'s bank", "'s notes"),
    };
    if json {
        let hs: Vec<_> = holders
            .iter()
            .map(|(n, p)| {
                json!({"who": n, "slices": p.slices, "accepted": p.accepted,
                       "claimable": p.claimable, "collateral_claimable": p.collateral_claimable})
            })
            .collect();
        let os: Vec<_> = offers
            .iter()
            .map(|(i, o)| json!({"id": i, "seller": s.name_of(&account_of(&o.seller)), "slices": o.slices, "price": o.price}))
            .collect();
        let bs: Vec<_> = bids
            .iter()
            .map(|(i, o)| json!({"id": i, "buyer": s.name_of(&account_of(&o.buyer)), "slices": o.slices, "price": o.price}))
            .collect();
        println!(
            "{}",
            json!({
                "loan": name, "address": loan.addr.to_string(), "asset": asset,
                "borrower": s.name_of(&account_of(&st.borrower)),
                "phase": format!("{:?}", st.phase), "block": now,
                "principal": st.terms.principal, "owed": st.terms.owed,
                "deadline": st.terms.deadline, "due": st.terms.due, "grace": st.terms.grace,
                "collateral": st.collateral, "funded": b.funded, "repaid": b.repaid,
                "claimed": b.claimed, "collateral_shared": b.shared,
                "collateral_claimed": b.collateral_claimed,
                "holders": hs, "offers": os, "bids": bs,
            })
        );
        return Ok(());
    }
    println!(
        "loan {name} ({}), in {asset}: {}",
        loan.addr,
        phase_name(st.phase)
    );
    println!(
        "  borrower {}: principal {}, owes {} at block {} (now {now}; funding until {}, grace {})",
        s.name_of(&account_of(&st.borrower)),
        st.terms.principal,
        st.terms.owed,
        st.terms.due,
        st.terms.deadline,
        st.terms.grace
    );
    println!(
        "  funded {} of {}, repaid {} of {}, claimed {}; collateral {}{}",
        b.funded,
        st.terms.principal,
        b.repaid,
        st.terms.owed,
        b.claimed,
        st.collateral,
        if b.shared > 0 {
            format!(" shared among holders ({} claimed)", b.collateral_claimed)
        } else {
            String::new()
        }
    );
    if !holders.is_empty() {
        println!(
            "  {:<14} {:>10} {:>10} {:>10} {:>11}",
            "holder", "slices", "accepted", "claimable", "collateral"
        );
        for (n, p) in &holders {
            println!(
                "  {n:<14} {:>10} {:>10} {:>10} {:>11}",
                p.slices, p.accepted, p.claimable, p.collateral_claimable
            );
        }
    }
    for (i, o) in &offers {
        println!(
            "  offer #{i}: {} sells {} slices for {}",
            s.name_of(&account_of(&o.seller)),
            o.slices,
            o.price
        );
    }
    for (i, o) in &bids {
        println!(
            "  bid #{i}: {} buys {} slices for {}",
            s.name_of(&account_of(&o.buyer)),
            o.slices,
            o.price
        );
    }
    Ok(())
}

/// Runs a `vouch tracker` command; returns whether it changed the chain.
pub fn run_tracker(s: &mut Session, cmd: TrackerCmd, json: bool) -> Result<bool> {
    match cmd {
        TrackerCmd::Create { name, owner } => {
            crate::session::check_name(&name)?;
            if s.dir.trackers.contains_key(&name) {
                bail!("there is already a tracker {name}");
            }
            let who = person(s, &owner)?;
            let t = TrackerRef::deploy(&mut s.chain, &who).or_explain("create the tracker")?;
            record_tracker(s, &name, &t);
            done(
                json,
                &format!("{owner} runs tracker {name} ({})", t.addr),
                &s.receipt(),
            );
        }
        TrackerCmd::List { name, loan, note } => {
            if note.len() > MAX_NOTE as usize {
                bail!("list: {}", explain_tracker(&TrackerError::NoteTooLong));
            }
            let t = tracker_of(s, &name)?;
            let l = loan_of(s, &loan)?;
            let owner = account_of(&t.owner(&mut s.chain).or_explain("read the tracker")?);
            t.list(&mut s.chain, &owner, &l.addr, &note)
                .or_explain("list")?;
            done(
                json,
                &format!("tracker {name} lists loan {loan}"),
                &s.receipt(),
            );
        }
        TrackerCmd::Delist { name, loan } => {
            let t = tracker_of(s, &name)?;
            let l = loan_of(s, &loan)?;
            let owner = account_of(&t.owner(&mut s.chain).or_explain("read the tracker")?);
            t.delist(&mut s.chain, &owner, &l.addr)
                .or_explain("delist")?;
            done(
                json,
                &format!("tracker {name} delists loan {loan}"),
                &s.receipt(),
            );
        }
        TrackerCmd::Show { name } => {
            let t = tracker_of(s, &name)?;
            let owner = account_of(&t.owner(&mut s.chain).or_explain("read the tracker")?);
            let listings = t.all(&mut s.chain).or_explain("read the listings")?;
            let mut rows = Vec::new();
            for l in &listings {
                let addr = account_of(&l.loan);
                let st = LoanRef::at(addr.clone())
                    .status(&mut s.chain)
                    .or_explain("read a listed loan")?;
                rows.push((s.name_of(&addr), l, st));
            }
            if json {
                let ls: Vec<_> = rows
                    .iter()
                    .map(|(n, l, st)| {
                        json!({"loan": n, "note": l.note, "listed_at": l.listed_at,
                               "phase": format!("{:?}", st.phase), "principal": st.terms.principal,
                               "owed": st.terms.owed, "repaid": st.book.repaid})
                    })
                    .collect();
                println!(
                    "{}",
                    json!({"tracker": name, "owner": s.name_of(&owner), "listings": ls})
                );
            } else {
                println!(
                    "tracker {name} (owner {}): {} listed",
                    s.name_of(&owner),
                    rows.len()
                );
                for (n, l, st) in &rows {
                    println!(
                        "  {:<12} {:<20} principal {:>8}, repaid {:>8} of {:<8} \"{}\"",
                        n.trim_start_matches("loan "),
                        phase_name(st.phase),
                        st.terms.principal,
                        st.book.repaid,
                        st.terms.owed,
                        l.note
                    );
                }
            }
            return Ok(false);
        }
    }
    Ok(true)
}
