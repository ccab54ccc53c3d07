//! Model-based reliability suite: random histories of every user-visible operation, run on
//! the built contracts in a drink sandbox and, side by side, on a plain-Rust reference model
//! (`reference.rs`). After every step the chain must agree with the model exactly (outcome,
//! error variant, events, every line, reserve, supply, native balance, the pools' views and
//! proposals) and invariants 1–5 of the design, and the group pools' own, must hold on the
//! chain's own numbers (`audit.rs`).
//!
//! The world: people `p0..p3` (`p0..p2` own banks `B0..B2`), a router `R`, and a group pool
//! `G0` (members `p0`, `p1`, `p3`; 2 approvals) whose own trust bank `B3` is one of the
//! world's banks, so bank and router operations touch the pool's notes too.
//!
//! Histories: `VOUCH_MODEL_CASES` (default 2000), each of 21–25 operations. On a mismatch
//! proptest shrinks the history and the panic shows the minimal one, step by step.
//! Build the bundles first: `scripts/build-contracts`.

mod audit;
mod ops;
mod reference;
mod world;

use audit::Conserved;
use ops::{Acct, Bound, KindOp, Op, StartOp, B, G, P};
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use reference::{Model, Outcome};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::time::Instant;
use vouch_sandbox_tests::ink_sandbox::Sandbox;
use world::{Footprint, Observed, World};

/// A world, its model, and what the chain showed after the last step.
struct Run {
    world: World,
    model: Model,
    obs: Observed,
    /// Each contract's footprint after the last step (banks, then pools).
    prints: Vec<Footprint>,
    genesis: Conserved,
    /// Histories played on this world.
    histories: u32,
    /// Operation kind -> (succeeded, failed), over every step run.
    tally: BTreeMap<&'static str, (u64, u64)>,
}

/// The variant name of an operation, for the tally.
fn kind(op: &Op) -> &'static str {
    match op {
        Op::Deposit { .. } => "deposit",
        Op::Withdraw { .. } => "withdraw",
        Op::SetLimit { .. } => "set_limit",
        Op::SetWilling { .. } => "set_willing",
        Op::Grant { .. } => "grant",
        Op::Revoke { .. } => "revoke",
        Op::Redeem { .. } => "redeem",
        Op::RedeemPartial { .. } => "redeem_partial",
        Op::Collect { .. } => "collect",
        Op::Trust { .. } => "trust",
        Op::SetRouter { .. } => "set_router",
        Op::Transfer { .. } => "transfer",
        Op::TransferFrom { .. } => "transfer_from",
        Op::Approve { .. } => "approve",
        Op::Register { .. } => "register",
        Op::Pay { .. } => "pay_along",
        Op::Contribute { .. } => "pool contribute",
        Op::Allow { .. } => "pool allow",
        Op::Propose { kind, .. } => kind.name(),
        Op::Vote { .. } | Op::VoteLatest { .. } => "pool approve",
        Op::Claim { .. } => "pool claim",
        Op::GiveBack { .. } => "pool give_back",
        Op::Advance { .. } => "advance blocks",
    }
}

/// Whether a tally entry counts a pool operation (the chain moving on included).
fn is_pool_kind(k: &str) -> bool {
    k.starts_with("pool ") || k.starts_with("propose ") || k.starts_with("advance")
}

/// One history in this many (the first of each worker among them) ends by reading every
/// view again, checking the views kept for contracts whose footprint did not change.
const FULL_READ_EVERY: u32 = 8;

fn succeeded(o: &Outcome) -> bool {
    o.is_ok()
}

/// Lines of trust every history starts from: B0 -> B1 -> B2 -> B0 can issue to each other,
/// p3 (no bank) holds a 30-note budget of B0 with a 20-note allowance for the router, p0 may
/// hold B1 notes, and each bank has 50 in reserve.
fn genesis_ops() -> Vec<Op> {
    let mut ops = Vec::new();
    for i in 0..3 {
        ops.push(Op::Register {
            who: P(i),
            bank: Acct::B(i),
        });
        ops.push(Op::SetRouter {
            who: P(i),
            bank: B(i),
            allowed: true,
        });
    }
    for (issuer, holder, limit, willing) in [
        (0u8, 1u8, 100u128, 80u128),
        (1, 2, 100, 100),
        (2, 0, 60, 60),
    ] {
        ops.push(Op::SetLimit {
            who: P(issuer),
            bank: B(issuer),
            holder: Acct::B(holder),
            limit,
        });
        ops.push(Op::Trust {
            who: P(holder),
            bank: B(holder),
            issuer: Acct::B(issuer),
            amount: willing,
        });
    }
    ops.extend([
        Op::SetLimit {
            who: P(0),
            bank: B(0),
            holder: Acct::P(3),
            limit: 40,
        },
        Op::SetWilling {
            who: P(3),
            bank: B(0),
            amount: 40,
        },
        Op::Grant {
            who: P(0),
            bank: B(0),
            holder: Acct::P(3),
            amount: 30,
        },
        Op::Approve {
            who: P(3),
            bank: B(0),
            spender: Acct::Router,
            amount: 20,
        },
        Op::SetLimit {
            who: P(1),
            bank: B(1),
            holder: Acct::P(0),
            limit: 30,
        },
        Op::SetWilling {
            who: P(0),
            bank: B(1),
            amount: 30,
        },
    ]);
    for i in 0..3 {
        ops.push(Op::Deposit {
            who: P(i),
            bank: B(i),
            amount: 50,
        });
    }
    ops.extend(pool_genesis_ops());
    ops
}

/// The pool's start: its members will hold 40 of its notes and put in 80; `p1` and `p3`
/// hold 10 notes of allowance each; the pool has authorised the router and lets `B0` hold
/// 30 of its notes, which `B0` is willing to; `p1` and `p3` let the router spend 20 of theirs.
/// So a member can pay `p0` (and on round the cycle) from its pool notes.
fn pool_genesis_ops() -> Vec<Op> {
    let (g, bank) = (G(0), B(ops::pool_bank(0)));
    let mut out = Vec::new();
    for m in ops::POOL_MEMBERS {
        out.push(Op::SetWilling {
            who: P(m),
            bank,
            amount: 40,
        });
    }
    for (m, amount) in [(0, 30), (1, 30), (3, 20)] {
        out.push(Op::Contribute {
            who: P(m),
            pool: g,
            amount,
        });
    }
    out.extend([
        Op::Allow {
            who: P(0),
            pool: g,
            member: Acct::P(1),
            amount: 10,
        },
        Op::Allow {
            who: P(1),
            pool: g,
            member: Acct::P(3),
            amount: 10,
        },
        Op::Propose {
            who: P(0),
            pool: g,
            kind: KindOp::SetRouter {
                router: Acct::Router,
                allowed: true,
            },
        },
        Op::Vote {
            who: P(1),
            pool: g,
            id: 0,
        },
        Op::Propose {
            who: P(1),
            pool: g,
            kind: KindOp::Trust {
                holder: Acct::B(0),
                limit: 30,
            },
        },
        Op::Vote {
            who: P(3),
            pool: g,
            id: 1,
        },
        Op::Trust {
            who: P(0),
            bank: B(0),
            issuer: Acct::B(bank.0),
            amount: 30,
        },
        Op::Approve {
            who: P(3),
            bank,
            spender: Acct::Router,
            amount: 20,
        },
        Op::Approve {
            who: P(1),
            bank,
            spender: Acct::Router,
            amount: 20,
        },
    ]);
    debug_assert_eq!(
        out.iter()
            .filter(|o| matches!(o, Op::Propose { .. }))
            .count(),
        usize::try_from(ops::GENESIS_PROPOSALS).expect("a few")
    );
    out
}

impl Run {
    /// Deploys the world and plays the genesis operations, checked like any other step.
    fn genesis() -> Self {
        let mut world = World::deploy();
        let obs = world.observe();
        let mut model = Model::new(0, world.block());
        // Deployment costs (instantiation deposits) are outside the model: start from what
        // the people have once their banks exist.
        model.free = obs.free.clone();
        model.loose = obs.loose.iter().copied().collect();
        let genesis = Conserved::of(&obs);
        let prints = world.footprints();
        let mut run = Run {
            world,
            model,
            obs,
            prints,
            histories: 0,
            genesis,
            tally: BTreeMap::new(),
        };
        for (i, op) in genesis_ops().iter().enumerate() {
            let outcome = run
                .step(op)
                .unwrap_or_else(|e| panic!("genesis step {i} {op:?}: {e}"));
            assert!(
                succeeded(&outcome),
                "genesis step {i} {op:?} failed: {outcome:?}"
            );
        }
        run.world.chain.last = Default::default();
        run
    }

    /// Runs `op` on the chain and the model and checks everything; returns the outcome.
    fn step(&mut self, op: &Op) -> Result<Outcome, String> {
        let resolved = op.resolve(|g| {
            self.model.pools[usize::from(g)]
                .proposals
                .iter()
                .map(|p| p.executed)
                .collect()
        });
        if resolved != *op {
            return self
                .step_resolved(&resolved)
                .map_err(|e| format!("(run as {resolved:?}) {e}"));
        }
        self.step_resolved(op)
    }

    fn step_resolved(&mut self, op: &Op) -> Result<Outcome, String> {
        let exec = self.world.exec(op);
        let (want, want_events) = self.model.apply(op);
        let got = exec
            .outcome
            .map_err(|e| format!("the call did not return ({e}); model: {want:?}"))?;
        if got != want {
            return Err(format!("outcome\n  chain: {got:?}\n  model: {want:?}"));
        }
        if exec.events != want_events {
            return Err(format!(
                "events\n  chain: {:#?}\n  model: {want_events:#?}",
                exec.events
            ));
        }
        let ok = succeeded(&got);
        if !ok && exec.deposit != 0 {
            return Err(format!(
                "a failed call moved a storage deposit of {}",
                exec.deposit
            ));
        }
        // The caller's storage deposit is the only cost of a call in the sandbox.
        if let Some(payer) = op.caller() {
            let free = &mut self.model.free[usize::from(payer.0)];
            *free = exec
                .deposit
                .checked_neg()
                .and_then(|change| free.checked_add_signed(change))
                .expect("a storage deposit is small, and the payer could pay it");
        }
        // Read again the views of every contract whose storage or balance changed (and of
        // the pools whose bank did): the others show what they showed before. A failed call
        // must have changed no contract at all.
        let prints = self.world.footprints();
        let changed = |i: usize| prints[i] != self.prints[i];
        let banks: Vec<u8> = (0..ops::BANKS)
            .filter(|b| changed(usize::from(*b)))
            .collect();
        let pools: Vec<u8> = (0..ops::POOLS)
            .filter(|g| {
                changed(usize::from(ops::BANKS.saturating_add(*g)))
                    || changed(usize::from(ops::pool_bank(*g)))
            })
            .collect();
        let (calls, calls_pools) = (op.banks(), op.pools());
        if let Some(b) = banks.iter().find(|b| !calls.contains(b)) {
            return Err(format!(
                "the call changed bank B{b}, which it does not reach"
            ));
        }
        if let Some(g) = pools.iter().find(|g| !calls_pools.contains(g)) {
            return Err(format!(
                "the call changed pool G{g}, which it does not reach"
            ));
        }
        if !ok && (!banks.is_empty() || !pools.is_empty()) {
            return Err(format!(
                "invariant 4: a failed call changed contracts' storage or balance (banks {banks:?}, pools {pools:?})"
            ));
        }
        let after = self.world.observe_some(&self.obs, &banks, &pools);
        audit::agrees(&self.model, &self.world, &after)?;
        audit::invariants(op, ok, exec.deposit, &self.obs, &after, self.genesis)?;
        audit::pool_invariants(op, &got, &exec.events, &self.obs, &after)?;
        match op {
            Op::Propose { pool, .. } => {
                let made = self.model.pools[usize::from(pool.0)].proposals.len();
                let last = u32::try_from(made).expect("a few proposals").checked_sub(1);
                audit::agrees_on_proposals(&self.model, &mut self.world, pool.0, last)?;
            }
            Op::Vote { pool, id, .. } => {
                audit::agrees_on_proposals(&self.model, &mut self.world, pool.0, [*id])?;
            }
            _ => {}
        }
        if matches!(
            op,
            Op::Approve { .. }
                | Op::TransferFrom { .. }
                | Op::Register { .. }
                | Op::SetRouter { .. }
                | Op::Propose {
                    kind: KindOp::SetRouter { .. },
                    ..
                }
        ) || matches!(op, Op::Pay { routes, .. } if routes.iter().any(|r| matches!(r.start, StartOp::HeldNotes(_))))
            || matches!(got, Outcome::Voted(Ok(true)))
        {
            audit::agrees_off_ledger(&self.model, &mut self.world)?;
        }
        self.obs = after;
        self.prints = prints;
        let t = self.tally.entry(kind(op)).or_default();
        let count = if ok { &mut t.0 } else { &mut t.1 };
        *count = count.checked_add(1).expect("fewer than u64::MAX steps");
        Ok(got)
    }

    /// Plays a history; on a mismatch, says where and shows the history up to there.
    fn history(&mut self, ops: &[Op]) -> Result<usize, String> {
        for (i, op) in ops.iter().enumerate() {
            if let Err(e) = self.step(op) {
                let shown: Vec<String> = ops[..=i]
                    .iter()
                    .enumerate()
                    .map(|(j, o)| format!("  {j:>2}: {o:?}"))
                    .collect();
                return Err(format!(
                    "step {i}: {op:?}: chain and model disagree on {e}\nhistory:\n{}",
                    shown.join("\n")
                ));
            }
        }
        // Every view read again (after one history in FULL_READ_EVERY): what was kept for
        // contracts whose footprint did not change must be what they show.
        self.histories = self.histories.wrapping_add(1);
        let full = if self.histories % FULL_READ_EVERY == 1 {
            self.world.observe()
        } else {
            self.obs.clone()
        };
        if full != self.obs {
            return Err(format!(
                "after the history, views read again differ from those kept\n  kept: {:?}\n  read: {full:?}",
                self.obs
            ));
        }
        audit::agrees_off_ledger(&self.model, &mut self.world)
            .map_err(|e| format!("after the history: {e}"))?;
        for g in 0..ops::POOLS {
            let made = self.model.pools[usize::from(g)].proposals.len();
            let ids = 0..u32::try_from(made).expect("a few proposals");
            audit::agrees_on_proposals(&self.model, &mut self.world, g, ids)
                .map_err(|e| format!("after the history: {e}"))?;
        }
        Ok(ops.len())
    }
}

fn env_number(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What one worker ran: histories, steps, the tally, and the first failure.
struct Share {
    histories: u64,
    steps: u64,
    tally: BTreeMap<&'static str, (u64, u64)>,
    failure: Option<String>,
}

/// Runs `cases` random histories on a world of its own.
fn worker(cases: u32) -> Share {
    let mut run = Run::genesis();
    let snapshot = run.world.chain.sandbox.take_snapshot();
    let start = (run.model.clone(), run.obs.clone(), run.prints.clone());
    let run = RefCell::new(run);
    let counts = RefCell::new((0u64, 0u64));
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: env_number("VOUCH_MODEL_SHRINK", 1024),
        ..Config::default()
    });
    let result = runner.run(&ops::histories(21..=25), |ops| {
        let mut run = run.borrow_mut();
        run.world.chain.sandbox.restore_snapshot(snapshot.clone());
        run.model = start.0.clone();
        run.obs = start.1.clone();
        run.prints = start.2.clone();
        let steps = run.history(&ops).map_err(|e| {
            if std::env::var_os("VOUCH_MODEL_VERBOSE").is_some() {
                eprintln!("{e}");
            }
            TestCaseError::fail(e)
        })?;
        let mut c = counts.borrow_mut();
        c.0 = c.0.checked_add(1).expect("fewer than u64::MAX histories");
        c.1 =
            c.1.checked_add(steps as u64)
                .expect("fewer than u64::MAX steps");
        Ok(())
    });
    let (histories, steps) = *counts.borrow();
    Share {
        histories,
        steps,
        tally: run.into_inner().tally,
        failure: result.err().map(|e| e.to_string()),
    }
}

#[test]
fn the_chain_agrees_with_the_model_over_random_histories() {
    let cases = env_number("VOUCH_MODEL_CASES", 2000);
    let threads = env_number(
        "VOUCH_MODEL_THREADS",
        std::thread::available_parallelism().map_or(1, |n| {
            u32::try_from(n.get()).expect("fewer than 2^32 hardware threads")
        }),
    )
    .clamp(1, cases.max(1));
    let t0 = Instant::now();
    let shares: Vec<Share> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|i| {
                let n = cases / threads + u32::from(i < cases % threads);
                s.spawn(move || worker(n))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a worker panicked"))
            .collect()
    });
    let secs = t0.elapsed().as_secs_f64();
    let histories: u64 = shares.iter().map(|s| s.histories).sum();
    let steps: u64 = shares.iter().map(|s| s.steps).sum();
    let mut tally: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for (k, (ok, err)) in shares.iter().flat_map(|s| s.tally.iter()) {
        let t = tally.entry(k).or_default();
        t.0 += ok;
        t.1 += err;
    }
    eprintln!(
        "model: {histories} histories, {steps} steps in {secs:.1} s on {threads} threads ({:.0} steps/s)",
        steps as f64 / secs.max(1e-9)
    );
    for (k, (ok, err)) in &tally {
        eprintln!("  {k:<18} {ok:>8} succeeded {err:>8} failed");
    }
    let all: u64 = tally.values().map(|(ok, err)| ok + err).sum();
    let pool: u64 = tally
        .iter()
        .filter(|(k, _)| is_pool_kind(k))
        .map(|(_, (ok, err))| ok + err)
        .sum();
    eprintln!(
        "  pool operations: {pool} of {all} steps ({:.1}%)",
        100.0 * pool as f64 / all.max(1) as f64
    );
    if let Some(f) = shares.iter().find_map(|s| s.failure.clone()) {
        panic!("{f}");
    }
}

/// Hand-written histories that must pass, so that a broken harness (nothing compared)
/// cannot pass silently either: each one succeeds only if the operations really clear.
#[test]
fn a_payment_between_strangers_clears_and_the_model_follows() {
    let mut run = Run::genesis();
    let pay = Op::Pay {
        who: P(0),
        to: P(2),
        routes: vec![ops::RouteOp {
            amount: 10,
            start: StartOp::OwnBank,
            hops: vec![
                ops::HopOp {
                    to: Acct::B(1),
                    kind: ops::HopKind::Issue,
                },
                ops::HopOp {
                    to: Acct::B(2),
                    kind: ops::HopKind::Issue,
                },
            ],
        }],
        bound: Bound::Open,
    };
    assert_eq!(run.step(&pay), Ok(Outcome::Pay(Ok(10))));
    assert_eq!(run.model.banks[1].line(Acct::B(2)).held, 10);
    assert_eq!(run.obs.banks[1].1.outstanding, 10);
}

/// Regression test for a finding of the random suite: docs/contract-api.md says PSP22
/// "transfers of 0 and to oneself succeed and do nothing", as in the PSP22 reference, but the
/// trust bank's `transfer_from(x, x, v)` by a spender used to check and spend the spender's
/// allowance (and failed with `InsufficientAllowance` without one). Minimal history the
/// suite shrank it to: `TransferFrom { who: p0, bank: B2, from: B2, to: B2, amount: 1 }`.
/// Now such a call returns `Ok` and changes nothing, allowance included.
#[test]
fn transfer_from_to_oneself_is_a_no_op() {
    let mut run = Run::genesis();
    let history = [
        Op::Approve {
            who: P(3),
            bank: B(0),
            spender: Acct::P(1),
            amount: 5,
        },
        Op::TransferFrom {
            who: P(1),
            bank: B(0),
            from: Acct::P(3),
            to: Acct::P(3),
            amount: 5,
        },
        Op::TransferFrom {
            who: P(0),
            bank: B(2),
            from: Acct::B(2),
            to: Acct::B(2),
            amount: 1,
        },
    ];
    if let Err(e) = run.history(&history) {
        panic!("{e}");
    }
}

/// A member pays a stranger's bank from its pool notes (the pool's bank issues on to `B0`),
/// then the members close the pool: the plan the views showed is what the close pays.
#[test]
fn pool_notes_pay_through_the_router_and_the_close_pays_the_plan() {
    let mut run = Run::genesis();
    let pay = Op::Pay {
        who: P(3),
        to: P(0),
        routes: vec![ops::RouteOp {
            amount: 10,
            start: StartOp::HeldNotes(Acct::B(ops::pool_bank(0))),
            hops: vec![ops::HopOp {
                to: Acct::B(0),
                kind: ops::HopKind::Issue,
            }],
        }],
        bound: Bound::Open,
    };
    assert_eq!(run.step(&pay), Ok(Outcome::Pay(Ok(10))));
    // p1 still holds its 10 notes of allowance, p3 spent its 10: B0 holds the 10 earned.
    let plan = run.obs.pools[0].plan.clone().expect("a plan");
    assert_eq!(
        (plan.reserve, plan.claims, plan.distributable),
        (80, 10, 70)
    );
    let payouts: Vec<u128> = plan.payouts.iter().map(|p| p.3).collect();
    assert_eq!(payouts, vec![30, 30, 10]);
    let id = ops::GENESIS_PROPOSALS;
    let close = [
        Op::Propose {
            who: P(0),
            pool: G(0),
            kind: KindOp::Close,
        },
        Op::Vote {
            who: P(1),
            pool: G(0),
            id,
        },
    ];
    assert_eq!(run.step(&close[0]), Ok(Outcome::Proposed(Ok(id))));
    assert_eq!(run.step(&close[1]), Ok(Outcome::Voted(Ok(true))));
    let status = &run.obs.pools[0].status;
    assert!(status.closed);
    assert_eq!((status.reserve, status.outstanding), (10, 10));
    // ...and a closed pool refuses everything after.
    let late = Op::Contribute {
        who: P(3),
        pool: G(0),
        amount: 5,
    };
    assert_eq!(
        run.step(&late),
        Ok(Outcome::Pool(Err(vouch_traits::pool::PoolError::Closed)))
    );
}

/// A member's approval counts only in the membership it was given in: `p0` approves its own
/// withdrawal, is removed and re-admitted; `p1`'s approval then does not reach the threshold
/// with `p0`'s old one, and `p0` approving again (in its new term) executes it.
#[test]
fn an_approval_counts_only_in_the_membership_it_was_given_in() {
    let mut run = Run::genesis();
    let g = G(0);
    let first = ops::GENESIS_PROPOSALS;
    let propose = |who: u8, kind: KindOp| Op::Propose {
        who: P(who),
        pool: g,
        kind,
    };
    let vote = |who: u8, id: u32| Op::Vote {
        who: P(who),
        pool: g,
        id,
    };
    let history = [
        propose(
            0,
            KindOp::Withdraw {
                to: Acct::P(2),
                amount: 5,
            },
        ),
        propose(1, KindOp::Remove(Acct::P(0))),
        vote(3, first + 1),
        propose(1, KindOp::Add(Acct::P(0))),
        vote(3, first + 2),
    ];
    if let Err(e) = run.history(&history) {
        panic!("{e}");
    }
    assert_eq!(run.step(&vote(1, first)), Ok(Outcome::Voted(Ok(false))));
    assert_eq!(run.step(&vote(0, first)), Ok(Outcome::Voted(Ok(true))));
    let p0 = run.obs.pools[0].members[0];
    assert_eq!((p0.0, p0.1.active, p0.1.term), (Acct::P(0), true, 1));
}

/// Regression (issue 12, found by this suite): a pool could be made its own member, and its
/// close then paid the pool itself a share that nothing could ever pay out (as a `Withdraw`
/// to the pool did before it was refused). Every member spends what it contributed, so no
/// member has credit and the plan splits equally; a stranger's deposit is what there is to
/// split. `AddMember` of the pool itself is now refused with `BadRecipient`, on the chain and
/// in the model, and the close splits among the members only.
#[test]
fn a_pool_cannot_be_made_its_own_member_and_pay_itself_on_close() {
    let mut run = Run::genesis();
    let (g, bank) = (G(0), B(ops::pool_bank(0)));
    let first = ops::GENESIS_PROPOSALS;
    let allow = |who: u8, member: u8, amount: u128| Op::Allow {
        who: P(who),
        pool: g,
        member: Acct::P(member),
        amount,
    };
    let propose = |who: u8, kind: KindOp| Op::Propose {
        who: P(who),
        pool: g,
        kind,
    };
    let vote = |who: u8, id: u32| Op::Vote {
        who: P(who),
        pool: g,
        id,
    };
    let redeem = |who: u8, amount: u128| Op::Redeem {
        who: P(who),
        bank,
        amount,
    };
    let reup = |member: u8| KindOp::ReUp {
        member: Acct::P(member),
        amount: 10,
    };
    let history = [
        // p0, p1 and p3 redeem allowances worth what they put in (30, 30, 20).
        allow(0, 0, 20),
        propose(1, reup(0)),
        vote(3, first),
        redeem(0, 30),
        allow(0, 1, 10),
        propose(0, reup(1)),
        vote(3, first + 1),
        redeem(1, 30),
        allow(0, 3, 10),
        redeem(3, 20),
        Op::Deposit {
            who: P(2),
            bank,
            amount: 40,
        },
        // Refused (BadRecipient) on the chain and in the model alike.
        propose(0, KindOp::Add(Acct::Pool(0))),
        propose(0, KindOp::Close),
        vote(1, first + 2),
    ];
    let before = run.model.loose[&Acct::Pool(0)];
    if let Err(e) = run.history(&history) {
        panic!("{e}");
    }
    let view = &run.obs.pools[0];
    assert!(view.status.closed);
    assert!(
        view.members.iter().all(|(who, _)| *who != Acct::Pool(0)),
        "the pool is not its own member"
    );
    // 40 split among the three members: nothing is left stranded in the pool.
    let after = run.obs.loose.iter().find(|(a, _)| *a == Acct::Pool(0));
    assert_eq!(after, Some(&(Acct::Pool(0), before)));
}
