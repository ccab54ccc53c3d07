//! Random histories of pool operations on the built bundles (five members, 3 of 5): after
//! every step the bank's books balance, no member holds more allowance than its budget, a
//! failed call changes nothing, native currency is conserved to the unit, and a close pays
//! exactly the settlement plan shown just before it (the reserve keeps only what backs the
//! notes still out); and whatever happened, the members can always close the pool at the end.
//! `VOUCH_POOL_CASES` sets the number of histories (default 32).

use crate::pool::{trip, Trip};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use vouch_sandbox_tests::ink_sandbox::Sandbox;
use vouch_sandbox_tests::{ink_id, Completed};
use vouch_traits::pool::{PoolError, ProposalKind};
use vouch_traits::{BankError, PSP22Error};

#[derive(Debug, Clone)]
enum PoolOp {
    Contribute(usize, u128),
    Allow(usize, usize, u128),
    Transfer(usize, usize, u128),
    Redeem(usize, u128),
    Propose(usize, Kind),
    /// Approve the proposal at this position among those made (modulo their count).
    Approve(usize, u32),
    /// Approve the latest proposal.
    ApproveLast(usize),
    Advance(u32),
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    ReUp(usize, u128),
    Revoke(usize, u128),
    Remove(usize),
    Add(usize),
    Withdraw(u128),
    Threshold(u32),
    Close,
}

fn member() -> impl Strategy<Value = usize> {
    0usize..5
}

fn amount() -> impl Strategy<Value = u128> {
    prop_oneof![1u128..=60, 61u128..=250]
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        3 => (member(), amount()).prop_map(|(m, a)| Kind::ReUp(m, a)),
        2 => (member(), amount()).prop_map(|(m, a)| Kind::Revoke(m, a)),
        1 => member().prop_map(Kind::Remove),
        1 => member().prop_map(Kind::Add),
        1 => amount().prop_map(Kind::Withdraw),
        1 => (1u32..=5).prop_map(Kind::Threshold),
        2 => Just(Kind::Close),
    ]
}

fn op() -> impl Strategy<Value = PoolOp> {
    prop_oneof![
        3 => (member(), amount()).prop_map(|(m, a)| PoolOp::Contribute(m, a)),
        3 => (member(), member(), amount()).prop_map(|(b, m, a)| PoolOp::Allow(b, m, a)),
        3 => (member(), member(), amount()).prop_map(|(f, t, a)| PoolOp::Transfer(f, t, a)),
        2 => (member(), amount()).prop_map(|(m, a)| PoolOp::Redeem(m, a)),
        3 => (member(), kind()).prop_map(|(b, k)| PoolOp::Propose(b, k)),
        3 => (member(), 0u32..4).prop_map(|(b, i)| PoolOp::Approve(b, i)),
        3 => member().prop_map(PoolOp::ApproveLast),
        1 => (1u32..=12).prop_map(PoolOp::Advance),
    ]
}

fn proposal_kind(t: &Trip, k: Kind) -> ProposalKind {
    let id = |m: usize| ink_id(&t.friends[m]);
    match k {
        Kind::ReUp(m, amount) => ProposalKind::ReUp {
            member: id(m),
            amount,
        },
        Kind::Revoke(m, amount) => ProposalKind::Revoke {
            member: id(m),
            amount,
        },
        Kind::Remove(m) => ProposalKind::RemoveMember(id(m)),
        Kind::Add(m) => ProposalKind::AddMember(id(m)),
        Kind::Withdraw(amount) => ProposalKind::Withdraw {
            to: ink_id(&t.hotel),
            amount,
        },
        Kind::Threshold(k) => ProposalKind::SetThreshold(k),
        Kind::Close => ProposalKind::Close,
    }
}

/// Runs `op`; returns whether it succeeded and whether it executed a close.
fn exec(t: &mut Trip, op: &PoolOp) -> (bool, bool) {
    let (pool, bank) = (t.pool.clone(), t.pool.bank.clone());
    let friends = t.friends.clone();
    let who = |m: usize| friends[m].clone();
    let closed_before = pool.status(&mut t.chain).unwrap().closed;
    let ok = match *op {
        PoolOp::Contribute(m, a) => pool
            .contribute(&mut t.chain, &who(m), a)
            .completed::<PoolError>()
            .is_ok(),
        PoolOp::Allow(b, m, a) => pool
            .allow(&mut t.chain, &who(b), &who(m), a)
            .completed::<PoolError>()
            .is_ok(),
        PoolOp::Transfer(f, to, a) => bank
            .transfer(&mut t.chain, &who(f), &who(to), a)
            .completed::<PSP22Error>()
            .is_ok(),
        PoolOp::Redeem(m, a) => bank
            .redeem(&mut t.chain, &who(m), a)
            .completed::<BankError>()
            .is_ok(),
        PoolOp::Propose(b, k) => {
            let kind = proposal_kind(&*t, k);
            pool.propose(&mut t.chain, &who(b), kind)
                .completed::<PoolError>()
                .is_ok()
        }
        PoolOp::Approve(b, i) => {
            let made = pool.status(&mut t.chain).unwrap().proposals;
            // One of the proposals made, or (none made) `i` itself, which is unknown.
            let id = i.checked_rem(made).unwrap_or(i);
            match pool.approve(&mut t.chain, &who(b), id).completed() {
                Ok(_) => true,
                Err(PoolError::UnknownProposal) => {
                    assert_eq!(made, 0, "proposal {id} of {made} is unknown");
                    false
                }
                Err(_) => false,
            }
        }
        PoolOp::ApproveLast(b) => {
            let made = pool.status(&mut t.chain).unwrap().proposals;
            made > 0
                && pool
                    .approve(
                        &mut t.chain,
                        &who(b),
                        made.checked_sub(1).expect("made > 0"),
                    )
                    .completed::<PoolError>()
                    .is_ok()
        }
        PoolOp::Advance(n) => {
            t.chain.advance_blocks(n);
            true
        }
    };
    let closed = pool.status(&mut t.chain).unwrap().closed;
    (ok, closed && !closed_before)
}

/// What the invariants say about the chain now.
fn check(t: &mut Trip, start: (u128, u128)) -> Result<(), TestCaseError> {
    let (pool, bank) = (t.pool.clone(), t.pool.bank.clone());
    let lines = bank
        .lines(&mut t.chain, 0, vouch_traits::traits::MAX_PAGE)
        .unwrap();
    let status = bank.status(&mut t.chain).unwrap();
    let held: u128 = lines.iter().map(|(_, l)| l.held).sum();
    prop_assert_eq!(held, status.outstanding, "notes outstanding != sum of held");
    for (who, l) in &lines {
        prop_assert!(l.granted <= l.held, "granted > held for {:?}", who);
    }
    // The roster is the five friends in order (only they are ever added).
    let members = pool.members(&mut t.chain).unwrap();
    for ((_, m), who) in members.iter().zip(t.friends.clone()) {
        let line = bank.line(&mut t.chain, &who).unwrap();
        let net = m
            .granted
            .checked_sub(m.revoked)
            .expect("the pool never revokes more than it granted");
        prop_assert!(net <= m.budget, "allowance past budget: {:?}", m);
        prop_assert!(
            line.granted <= net,
            "gift held beyond what was granted: {:?}",
            m
        );
    }
    prop_assert_eq!(t.money(), start, "native currency created or lost");
    Ok(())
}

/// Per operation kind: (succeeded, failed); and how many closes executed.
#[derive(Default)]
struct Tally {
    ops: std::collections::BTreeMap<&'static str, (u32, u32)>,
    closes: u32,
}

fn label(op: &PoolOp) -> &'static str {
    match op {
        PoolOp::Contribute(..) => "contribute",
        PoolOp::Allow(..) => "allow",
        PoolOp::Transfer(..) => "transfer",
        PoolOp::Redeem(..) => "redeem",
        PoolOp::Propose(..) => "propose",
        PoolOp::Approve(..) | PoolOp::ApproveLast(..) => "approve",
        PoolOp::Advance(..) => "advance",
    }
}

fn history(
    t: &mut Trip,
    ops: &[PoolOp],
    start: (u128, u128),
    tally: &mut Tally,
) -> Result<(), TestCaseError> {
    for (i, op) in ops.iter().enumerate() {
        let before = t.state();
        // Only a vote can close the pool: read the plan before votes only.
        let vote = matches!(
            op,
            PoolOp::Approve(..) | PoolOp::ApproveLast(..) | PoolOp::Propose(..)
        );
        let plan = if vote {
            Some(
                t.pool
                    .settlement_plan(&mut t.chain)
                    .completed::<PoolError>(),
            )
        } else {
            None
        };
        let free: Vec<u128> = t
            .friends
            .clone()
            .iter()
            .map(|f| t.chain.free_balance(f))
            .collect();
        let (ok, closed) = exec(t, op);
        let entry = tally.ops.entry(label(op)).or_default();
        let count = if ok { &mut entry.0 } else { &mut entry.1 };
        *count = count.checked_add(1).expect("fewer than u32::MAX steps");
        tally.closes = tally
            .closes
            .checked_add(u32::from(closed))
            .expect("fewer than u32::MAX steps");
        if !ok {
            prop_assert_eq!(
                &t.state(),
                &before,
                "step {} {:?} failed but changed state",
                i,
                op
            );
        }
        if closed {
            // The close paid exactly the plan read before it: members who made no call got
            // their payout to the unit, and the reserve kept just the claims.
            let plan = plan
                .expect("a vote closed it")
                .expect("a plan could be read before the close");
            let caller = match op {
                PoolOp::Approve(b, _) | PoolOp::ApproveLast(b) | PoolOp::Propose(b, _) => *b,
                _ => unreachable!("only a vote closes"),
            };
            for (m, p) in plan.payouts.iter().enumerate() {
                if m != caller {
                    let got = t
                        .chain
                        .free_balance(&t.friends[m])
                        .checked_sub(free[m])
                        .expect("a member who made no call only gains");
                    prop_assert_eq!(got, p.payout, "member {} at step {}", m, i);
                }
            }
            // The earned notes stay out; the reserve keeps what was not distributable (all
            // of it backs them, fully or, where the allowances outran the reserve, in part).
            let status = t.pool.status(&mut t.chain).unwrap();
            prop_assert_eq!(status.outstanding, plan.claims);
            let kept = plan
                .reserve
                .checked_sub(plan.distributable)
                .expect("the distributable part is part of the reserve");
            prop_assert_eq!(status.reserve, kept);
            prop_assert!(status.reserve <= plan.claims);
        }
        check(t, start)?;
    }
    Ok(())
}

#[test]
fn random_pool_histories_keep_the_books_and_settle_exactly() {
    let cases = std::env::var("VOUCH_POOL_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(32);
    let mut t = trip();
    let snapshot = t.chain.sandbox.take_snapshot();
    let start = t.money();
    let t = std::cell::RefCell::new(t);
    let tally = std::cell::RefCell::new(Tally::default());
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&prop::collection::vec(op(), 12..=24), |ops| {
        let mut t = t.borrow_mut();
        t.chain.sandbox.restore_snapshot(snapshot.clone());
        history(&mut t, &ops, start, &mut tally.borrow_mut())?;
        // However the history went, the active members can always close and settle: each
        // in turn proposes a close and everyone else approves it.
        let pool = t.pool.clone();
        let mut closed = pool.status(&mut t.chain).unwrap().closed;
        for p in 0..5 {
            if closed {
                break;
            }
            let tail: Vec<PoolOp> = std::iter::once(PoolOp::Propose(p, Kind::Close))
                .chain((1..5).map(|d| PoolOp::ApproveLast((p + d) % 5)))
                .collect();
            history(&mut t, &tail, start, &mut tally.borrow_mut())?;
            closed = pool.status(&mut t.chain).unwrap().closed;
        }
        prop_assert!(
            closed,
            "the members could not close the pool after {:?}",
            ops
        );
        Ok(())
    });
    let tally = tally.into_inner();
    eprintln!("pool histories: {cases}, closes executed: {}", tally.closes);
    for (k, (ok, err)) in &tally.ops {
        eprintln!("  {k:<12} {ok:>6} succeeded {err:>6} failed");
    }
    if let Err(e) = result {
        panic!("{e}");
    }
}
