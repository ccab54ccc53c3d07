//! Loans with terms: dave borrows for a bike on two trackers, three friends fund the loan,
//! alice exits early by selling half her slices to bob, dave repays in two parts and everyone
//! claims; then erin's loan for a van defaults and its holders share the collateral. Every
//! number printed is read from the chain.

use super::Log;
use crate::loan::{record_loan, record_tracker, takes_part};
use crate::session::{Explain, Session};
use anyhow::Result;
use serde_json::{json, Value};
use vouch_client::{AccountId32, Ledger, LoanRef, TrackerRef};
use vouch_traits::loan::{Asset, Phase, Terms};
use vouch_traits::Balance;

/// The whole story; returns what `--json` shows of the loans.
pub(super) fn run(s: &mut Session, log: &mut Log) -> Result<Value> {
    log.section("Loans with terms: dave borrows 900 for a bike (owes 990), listed on two trackers");
    let desk = tracker(s, log, "otc-desk", "erin")?;
    let circle = tracker(s, log, "friends", "alice")?;
    let now = s.chain.block_number().or_explain("block number")?;
    let dave = s.person("dave")?;
    let terms = Terms {
        asset: Asset::Native,
        principal: 900,
        owed: 990,
        deadline: now.saturating_add(30),
        due: now.saturating_add(60),
        grace: 10,
    };
    let bike = LoanRef::create(&mut s.chain, &dave, terms, 300).or_explain("offer")?;
    record_loan(s, "bike", &bike);
    log.step("dave offers the loan, 300 collateral locked", &s.receipt());
    for (t, owner, note) in [
        (&desk, "erin", "dave repaid two loans on time"),
        (&circle, "alice", "a friend"),
    ] {
        let o = s.person(owner)?;
        t.list(&mut s.chain, &o, &bike.addr, note)
            .or_explain("list")?;
        log.step(
            &format!("{owner}'s tracker lists it: \"{note}\""),
            &s.receipt(),
        );
    }
    for (name, amount) in [("alice", 450), ("bob", 300), ("carol", 150)] {
        let who = s.person(name)?;
        bike.fund(&mut s.chain, &who, amount).or_explain("fund")?;
        takes_part(s, "bike", name);
        log.step(&format!("{name} funds {amount}"), &s.receipt());
    }
    bike.draw(&mut s.chain, &dave).or_explain("draw")?;
    log.step("dave draws the 900", &s.receipt());
    bike.repay(&mut s.chain, &dave, 495).or_explain("repay")?;
    log.step("dave repays 495 (the first half)", &s.receipt());

    log.section("alice needs her money before the due block: she sells half her slices to bob");
    let (alice, bob) = (s.person("alice")?, s.person("bob")?);
    let id = bike
        .offer(&mut s.chain, &alice, 225, 240)
        .or_explain("offer")?;
    log.step("alice offers 225 slices for 240", &s.receipt());
    bike.accept(&mut s.chain, &bob, 525).or_explain("accept")?;
    log.step("bob accepts holding up to 525 slices", &s.receipt());
    bike.buy(&mut s.chain, &bob, id).or_explain("buy")?;
    log.step(
        "bob buys them: pays 240, gets the slices and their unclaimed share",
        &s.receipt(),
    );
    bike.repay(&mut s.chain, &dave, 495).or_explain("repay")?;
    log.step("dave repays the other 495: repaid in full", &s.receipt());
    let mut claims = Vec::new();
    for name in ["alice", "bob", "carol"] {
        let who = s.person(name)?;
        let (r, _) = bike.claim(&mut s.chain, &who).or_explain("claim")?;
        log.step(&format!("{name} claims {r}"), &s.receipt());
        claims.push(json!({"who": name, "repaid": r}));
    }
    let back = bike
        .reclaim_collateral(&mut s.chain, &dave)
        .or_explain("reclaim")?;
    log.step(
        &format!("dave takes back his {back} collateral"),
        &s.receipt(),
    );
    let b = bike.status(&mut s.chain).or_explain("status")?.book;
    log.note(&format!(
        "repaid {}, claimed {}, dust {} (alice: 240 for half her slices plus her claims)",
        b.repaid,
        b.claimed,
        b.repaid.saturating_sub(b.claimed)
    ));

    let van = if s.on_node() {
        log.note("(on a node the chain makes its own blocks: the default story needs the embedded chain's clock and is skipped)");
        Value::Null
    } else {
        default_story(s, log, &desk)?
    };
    let listed = show(s, log, &desk, "erin's otc-desk")?;
    Ok(
        json!({"bike": {"claims": claims, "repaid": b.repaid, "claimed": b.claimed},
              "van": van, "otc_desk": listed}),
    )
}

/// erin borrows 400 for a van against 600 collateral, repays 100 and stops; after the due
/// block and the grace period carol marks the loan defaulted and the lenders share the
/// collateral.
fn default_story(s: &mut Session, log: &mut Log, desk: &TrackerRef) -> Result<Value> {
    log.section("A second loan defaults: erin borrows 400 for a van (owes 440, 600 collateral)");
    let erin = s.person("erin")?;
    let now = s.chain.block_number().or_explain("block number")?;
    let terms = Terms {
        asset: Asset::Native,
        principal: 400,
        owed: 440,
        deadline: now.saturating_add(10),
        due: now.saturating_add(20),
        grace: 5,
    };
    let van = LoanRef::create(&mut s.chain, &erin, terms, 600).or_explain("offer")?;
    record_loan(s, "van", &van);
    log.step("erin offers the loan, 600 collateral locked", &s.receipt());
    let owner = s.person("erin")?;
    desk.list(
        &mut s.chain,
        &owner,
        &van.addr,
        "erin's own tracker vouches for erin",
    )
    .or_explain("list")?;
    log.step("erin's tracker lists it", &s.receipt());
    for (name, amount) in [("alice", 250), ("carol", 150)] {
        let who = s.person(name)?;
        van.fund(&mut s.chain, &who, amount).or_explain("fund")?;
        takes_part(s, "van", name);
        log.step(&format!("{name} funds {amount}"), &s.receipt());
    }
    van.draw(&mut s.chain, &erin).or_explain("draw")?;
    log.step("erin draws the 400", &s.receipt());
    van.repay(&mut s.chain, &erin, 100).or_explain("repay")?;
    log.step("erin repays 100, then nothing more", &s.receipt());
    let carol: AccountId32 = s.person("carol")?;
    let early = van.mark_default(&mut s.chain, &carol);
    log.note(&format!(
        "carol tries to mark it defaulted at once: {}",
        match early {
            Ok(()) => "accepted (unexpected)".to_string(),
            Err(e) => crate::session::explain(&e, "van"),
        }
    ));
    let last = terms.last_grace_block();
    let now = s.chain.block_number().or_explain("block number")?;
    s.advance(last.saturating_sub(now).saturating_add(1))?;
    log.note(&format!(
        "the chain moves past the due block and the grace period (block {})",
        last.saturating_add(1)
    ));
    van.mark_default(&mut s.chain, &carol)
        .or_explain("mark defaulted")?;
    log.step("carol marks the loan defaulted", &s.receipt());
    let mut claims = Vec::new();
    for name in ["alice", "carol"] {
        let who = s.person(name)?;
        let (r, c) = van.claim(&mut s.chain, &who).or_explain("claim")?;
        log.step(
            &format!("{name} claims {r} of repayments and {c} of collateral"),
            &s.receipt(),
        );
        claims.push(json!({"who": name, "repaid": r, "collateral": c}));
    }
    let st = van.status(&mut s.chain).or_explain("status")?;
    let phase = if st.phase == Phase::Defaulted {
        "Defaulted"
    } else {
        "?"
    };
    Ok(
        json!({"phase": phase, "claims": claims, "repaid": st.book.repaid,
              "collateral_claimed": st.book.collateral_claimed}),
    )
}

fn tracker(s: &mut Session, log: &mut Log, name: &str, owner: &str) -> Result<TrackerRef> {
    let who = s.person(owner)?;
    let t = TrackerRef::deploy(&mut s.chain, &who).or_explain("create a tracker")?;
    record_tracker(s, name, &t);
    log.step(&format!("{owner} runs a tracker, {name}"), &s.receipt());
    Ok(t)
}

/// Prints a tracker's listings with each loan's phase, as every reader sees them.
fn show(s: &mut Session, log: &mut Log, t: &TrackerRef, title: &str) -> Result<Value> {
    log.section(&format!("{title} lists:"));
    let mut rows = Vec::new();
    for l in t.all(&mut s.chain).or_explain("listings")? {
        let addr = vouch_client::account_of(&l.loan);
        let st = LoanRef::at(addr.clone())
            .status(&mut s.chain)
            .or_explain("status")?;
        let name = s.name_of(&addr);
        let repaid: Balance = st.book.repaid;
        log.note(&format!(
            "{name:<10} {:?}: repaid {repaid} of {}  \"{}\"",
            st.phase, st.terms.owed, l.note
        ));
        rows.push(json!({"loan": name, "phase": format!("{:?}", st.phase), "repaid": repaid}));
    }
    Ok(Value::Array(rows))
}
