//! Shares: the five friends of the trip buy a holiday flat together. Shares are issued in
//! proportion to what each put into the trip pool (10 shares a unit); a tenant pays rent
//! twice, dave sells shares to erin between the two payments, and each friend claims exactly
//! its part of each (checked against a plain computation from the balances at each payment);
//! then alice moves to sell the flat, bob gives carol shares after the motion was made (she
//! cannot vote them), the friends vote, and the motion passes or fails by its rule. Every
//! number printed is read from the chain.

use super::{Log, FRIENDS};
use crate::session::{Explain, Session};
use anyhow::{ensure, Result};
use serde_json::{json, Value};
use vouch_client::{AccountId32, SharesRef};
use vouch_traits::shares::{Action, Issuance, MotionState, Rules};
use vouch_traits::Balance;

/// What each friend put into the trip pool (the pool story's contributions).
const PUT_IN: [(&str, Balance); 5] = [
    ("alice", 200),
    ("bob", 120),
    ("carol", 100),
    ("dave", 60),
    ("erin", 20),
];
/// Shares issued per unit put in.
const PER_UNIT: Balance = 10;
/// The two rent payments.
const RENTS: [Balance; 2] = [1_000, 1_000];

fn people(s: &mut Session) -> Result<Vec<(&'static str, AccountId32)>> {
    FRIENDS.iter().map(|f| Ok((*f, s.person(f)?))).collect()
}

/// Each friend's shares now.
fn balances(
    s: &mut Session,
    flat: &SharesRef,
    who: &[(&str, AccountId32)],
) -> Result<Vec<Balance>> {
    who.iter()
        .map(|(_, a)| flat.balance_of(&mut s.chain, a).or_explain("balance"))
        .collect()
}

/// The part of `amount` a holder of `held` of `supply` shares is owed, to the unit below.
fn part(amount: Balance, held: Balance, supply: Balance) -> Balance {
    amount
        .checked_mul(held)
        .and_then(|x| x.checked_div(supply))
        .unwrap_or(0)
}

/// The whole story; returns what `--json` shows of the shares.
pub(super) fn run(s: &mut Session, log: &mut Log) -> Result<Value> {
    log.section(
        "Shares: the five friends buy a holiday flat, 10 shares for every unit they put into the trip",
    );
    let who = people(s)?;
    let founders: Vec<(AccountId32, Balance)> = PUT_IN
        .iter()
        .map(|(n, put)| Ok((s.person(n)?, put.saturating_mul(PER_UNIT))))
        .collect::<Result<_>>()?;
    let rules = Rules {
        voting_period: 5,
        quorum_bps: 5_000,
        pass_bps: 6_000,
        deposit: 50,
    };
    let alice = who[0].1.clone();
    let flat = SharesRef::create(
        &mut s.chain,
        &alice,
        "Holiday flat",
        "FLAT",
        &founders,
        Issuance::Never,
        rules,
    )
    .or_explain("create the shares")?;
    s.dir
        .shares
        .insert("flat".into(), crate::session::hex(&flat.addr));
    for (n, _) in &who {
        s.dir
            .share_people
            .entry("flat".into())
            .or_default()
            .insert(n.to_string());
    }
    log.step(
        "alice creates 5,000 FLAT shares: alice 2,000, bob 1,200, carol 1,000, dave 600, erin 200",
        &s.receipt(),
    );
    let supply = flat.total_supply(&mut s.chain).or_explain("supply")?;
    let tenant = s.person("tenant")?;
    let mut expected = vec![0 as Balance; who.len()];

    // First rent, dave sells 300 shares to erin, second rent.
    for (i, rent) in RENTS.iter().enumerate() {
        if i == 1 {
            let (dave, erin) = (who[3].1.clone(), who[4].1.clone());
            flat.transfer(&mut s.chain, &dave, &erin, 300)
                .or_explain("sell shares")?;
            log.step(
                "dave sells 300 shares to erin (paid outside; what dave earned stays his)",
                &s.receipt(),
            );
        }
        let held = balances(s, &flat, &who)?;
        for (e, h) in expected.iter_mut().zip(&held) {
            *e = e.saturating_add(part(*rent, *h, supply));
        }
        flat.distribute(&mut s.chain, &tenant, *rent)
            .or_explain("distribute")?;
        log.step(
            &format!("the tenant pays {rent} rent into a distribution"),
            &s.receipt(),
        );
    }
    let mut claims = Vec::new();
    let held = balances(s, &flat, &who)?;
    for (i, (n, a)) in who.iter().enumerate() {
        let got = flat.claim(&mut s.chain, a).or_explain("claim")?;
        ensure!(
            got == expected[i],
            "{n} claimed {got}, but its part of the rents is {}",
            expected[i]
        );
        log.step(&format!("{n} claims {got}"), &s.receipt());
        claims.push((n.to_string(), held[i], got, expected[i]));
    }
    log.note(&format!(
        "{:<8} {:>8} {:>9} {:>9}",
        "friend", "shares", "claimed", "expected"
    ));
    for (n, h, got, want) in &claims {
        log.note(&format!("{n:<8} {h:>8} {got:>9} {want:>9}"));
    }
    let st = flat.status(&mut s.chain).or_explain("status")?;
    let claimed_all: Balance = claims.iter().map(|c| c.2).sum();
    log.note(&format!(
        "paid in {}, claimed {claimed_all}: each friend got exactly its part of each payment",
        st.distributed
    ));

    // The motion.
    log.section("alice moves to sell the flat (quorum half the shares, 60% of the votes to pass)");
    let text = b"Sell the flat at the end of the season";
    let id = flat
        .propose(&mut s.chain, &alice, text, Action::None, rules.deposit)
        .or_explain("propose")?;
    log.step(
        &format!(
            "alice puts motion {id} forward with a {} deposit",
            rules.deposit
        ),
        &s.receipt(),
    );
    let (bob, carol) = (who[1].1.clone(), who[2].1.clone());
    flat.transfer(&mut s.chain, &bob, &carol, 500)
        .or_explain("transfer")?;
    log.step(
        "bob gives carol 500 shares after the motion was made",
        &s.receipt(),
    );
    let carol_holds = flat
        .balance_of(&mut s.chain, &carol)
        .or_explain("balance")?;
    let carol_votes = flat
        .voting_power(&mut s.chain, id, &carol)
        .or_explain("voting power")?;
    log.note(&format!(
        "carol holds {carol_holds} shares but votes with the {carol_votes} she held when the motion was made"
    ));
    let mut votes = Vec::new();
    for (i, yes) in [(0usize, true), (1, false), (2, true), (3, false)] {
        let (n, a) = (&who[i].0, who[i].1.clone());
        let power = flat
            .voting_power(&mut s.chain, id, &a)
            .or_explain("voting power")?;
        flat.vote(&mut s.chain, &a, id, yes).or_explain("vote")?;
        let choice = if yes { "yes" } else { "no" };
        log.step(
            &format!("{n} votes {choice} with {power} shares"),
            &s.receipt(),
        );
        votes.push(json!({"who": n, "yes": yes, "shares": power}));
    }
    let m = flat
        .motion(&mut s.chain, id)
        .or_explain("motion")?
        .ok_or_else(|| anyhow::anyhow!("motion {id} is missing"))?;
    let quorum = m
        .supply
        .saturating_mul(Balance::from(rules.quorum_bps))
        .div_ceil(10_000);
    log.note(&format!(
        "tally: yes {} no {} (erin abstains), cast {} of the quorum {quorum}",
        m.yes,
        m.no,
        m.yes.saturating_add(m.no)
    ));
    let result = if s.on_node() {
        log.note("(on a node the voting period runs with the node's blocks: finish it later with `vouch shares finish flat 0`)");
        "open".to_string()
    } else {
        s.advance(rules.voting_period.saturating_add(1))?;
        let by = who[4].1.clone();
        let state = flat.finish(&mut s.chain, &by, id).or_explain("finish")?;
        let verdict = match state {
            MotionState::Passed => "passes",
            _ => "fails",
        };
        log.step(
            &format!(
                "after the voting period erin finishes it: the motion {verdict} (60% needed, {}% yes); alice's deposit comes back",
                m.yes.saturating_mul(100).checked_div(m.yes.saturating_add(m.no)).unwrap_or(0)
            ),
            &s.receipt(),
        );
        format!("{state:?}")
    };
    Ok(json!({
        "supply": supply,
        "claims": claims.iter().map(|(n, h, got, want)| json!({"who": n, "shares": h, "claimed": got, "expected": want})).collect::<Vec<_>>(),
        "motion": {"id": id, "yes": m.yes, "no": m.no, "quorum": quorum, "result": result,
                   "carol_holds": carol_holds, "carol_votes": carol_votes, "votes": votes},
    }))
}
