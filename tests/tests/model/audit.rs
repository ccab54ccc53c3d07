//! Checks after every step: the chain equals the model, and invariants 1–5 of the design hold
//! on the chain's own numbers (not the model's), including the native-currency audit, and
//! so do the group pools' own invariants ([`pool_invariants`]).

use crate::ops::{pool_bank, Acct, KindOp, Op, BANKS, PEOPLE, POOLS};
use crate::reference::{Ev, Model, Outcome};
use crate::world::{Observed, World};
use vouch_traits::pool::PoolError;

/// Every line, status, native balance and pool view the chain reports equals the model's.
pub fn agrees(model: &Model, world: &World, obs: &Observed) -> Result<(), String> {
    for (b, ((lines, status), m)) in obs.banks.iter().zip(&model.banks).enumerate() {
        let listed = m.listed_lines();
        if *lines != listed {
            return Err(format!(
                "B{b} lines\n  chain: {lines:?}\n  model: {listed:?}"
            ));
        }
        let ratio = m.reserve.saturating_mul(1_000_000).checked_div(m.supply);
        let want = (
            world.id(m.owner),
            m.reserve,
            m.supply,
            u32::try_from(m.listed.len()).expect("a bank lists at most every account of the world"),
            ratio,
        );
        let got = (
            status.owner,
            status.reserve,
            status.outstanding,
            status.counterparties,
            status.reserve_ratio_ppm,
        );
        if got != want {
            return Err(format!(
                "B{b} status (owner, reserve, outstanding, counterparties, ratio)\n  chain: {got:?}\n  model: {want:?}"
            ));
        }
    }
    if obs.free != model.free {
        return Err(format!(
            "people's free balances\n  chain: {:?}\n  model: {:?}",
            obs.free, model.free
        ));
    }
    for (a, got) in &obs.loose {
        let want = model.loose.get(a).copied().unwrap_or(0);
        if *got != want {
            return Err(format!("{a:?}'s free balance: chain {got}, model {want}"));
        }
    }
    for (g, got) in obs.pools.iter().enumerate() {
        let want = model.pool_view(u8::try_from(g).expect("POOLS pools"));
        if *got != want {
            return Err(format!(
                "G{g} views (status, members, settlement plan)\n  chain: {got:#?}\n  model: {want:#?}"
            ));
        }
    }
    Ok(())
}

/// Pool `g`'s proposals `ids` (and the first id not made, which must be unknown) as the
/// chain stores them, against the model's.
pub fn agrees_on_proposals(
    model: &Model,
    world: &mut World,
    g: u8,
    ids: impl IntoIterator<Item = u32>,
) -> Result<(), String> {
    let made = &model.pools[usize::from(g)].proposals;
    let next = u32::try_from(made.len()).expect("a few proposals");
    for id in ids.into_iter().chain(std::iter::once(next)) {
        let want = usize::try_from(id).ok().and_then(|i| made.get(i)).cloned();
        let got = world.proposal(g, id);
        if got != want {
            return Err(format!(
                "G{g} proposal {id}\n  chain: {got:?}\n  model: {want:?}"
            ));
        }
    }
    Ok(())
}

/// Allowances the model knows of, the registry and the router flags, read from the chain.
pub fn agrees_off_ledger(model: &Model, world: &mut World) -> Result<(), String> {
    for (b, bank) in model.banks.iter().enumerate() {
        let b = u8::try_from(b).expect("the model has BANKS (4) banks");
        for (&(owner, spender), &want) in &bank.allowances {
            let got = world.allowance(b, owner, spender);
            if got != want {
                return Err(format!(
                    "B{b} allowance {owner:?} -> {spender:?}: chain {got}, model {want}"
                ));
            }
        }
        let got = world.is_router(b);
        let want = bank.routers.contains(&Acct::Router);
        if got != want {
            return Err(format!("B{b} authorises R: chain {got}, model {want}"));
        }
    }
    for p in 0..PEOPLE {
        let got = world.bank_of(p);
        let want = model.registry.get(&p).copied();
        if got != want {
            return Err(format!("bank of p{p}: chain {got:?}, model {want:?}"));
        }
    }
    Ok(())
}

/// Payouts of a close that the pools hold for their members (`claim`), per the chain.
fn unclaimed(obs: &Observed) -> u128 {
    obs.pools
        .iter()
        .flat_map(|p| p.members.iter().map(|(_, m)| m.unclaimed))
        .sum()
}

/// The free native balances of the router and the pools.
fn loose(obs: &Observed) -> u128 {
    obs.loose.iter().map(|(_, b)| b).sum()
}

/// Native currency that the ledger accounts for: people's free balances, the banks'
/// reserves, and the free balances of the router and the pools (the payouts a pool holds
/// for `claim` among them). Storage deposits move the rest (see [`invariants`]).
pub fn ledger_native(obs: &Observed) -> u128 {
    obs.free
        .iter()
        .sum::<u128>()
        .checked_add(obs.banks.iter().map(|(_, s)| s.reserve).sum::<u128>())
        .and_then(|n| n.checked_add(loose(obs)))
        .expect("native balances are bounded by the total issuance")
}

/// `after - before`, signed. Native amounts are bounded by the chain's total issuance, far
/// below `i128::MAX`, and two non-negative `i128`s subtract without overflow.
fn change(before: u128, after: u128) -> i128 {
    let signed = |x: u128| i128::try_from(x).expect("native amounts are far below i128::MAX");
    signed(after)
        .checked_sub(signed(before))
        .expect("the difference of two non-negative i128s fits")
}

/// The conserved quantities at genesis.
#[derive(Clone, Copy, Debug)]
pub struct Conserved {
    /// Free + held balance of every account of the world.
    pub total: u128,
    /// The chain's total issuance.
    pub issuance: u128,
}

impl Conserved {
    pub fn of(obs: &Observed) -> Self {
        Self {
            total: obs.total.iter().map(|(_, t)| t).sum(),
            issuance: obs.issuance,
        }
    }
}

/// Invariants 1–5 on the chain's numbers after `op` (`ok`: whether it succeeded; `deposit`:
/// the storage deposit its caller paid).
pub fn invariants(
    op: &Op,
    ok: bool,
    deposit: i128,
    before: &Observed,
    after: &Observed,
    genesis: Conserved,
) -> Result<(), String> {
    for (b, ((lines, status), (old_lines, _))) in after.banks.iter().zip(&before.banks).enumerate()
    {
        // 1. notes outstanding is the sum of held; granted <= held.
        let sum: u128 = lines.iter().map(|(_, l)| l.held).sum();
        if sum != status.outstanding {
            return Err(format!(
                "invariant 1: B{b} lines hold {sum}, outstanding {}",
                status.outstanding
            ));
        }
        for (holder, l) in lines {
            if l.granted > l.held {
                return Err(format!(
                    "invariant 1: B{b} line of {holder:?} granted > held: {l:?}"
                ));
            }
            // 2. a line that gained notes is within min(limit, willing).
            let old = old_lines
                .iter()
                .find(|(h, _)| h == holder)
                .map(|(_, l)| l.held)
                .unwrap_or(0);
            if l.held > old && l.held > l.limit.min(l.willing) {
                return Err(format!(
                    "invariant 2: B{b} line of {holder:?} grew from {old} past its ceiling: {l:?}"
                ));
            }
        }
    }
    // 3. native currency: nothing created or destroyed; reserves move only by deposit,
    // withdraw, redeem and collect; what the ledger loses is exactly the storage deposit the
    // caller paid, held by the contracts.
    let c = Conserved::of(after);
    if c.issuance != genesis.issuance || c.total != genesis.total {
        return Err(format!(
            "invariant 3: native currency not conserved: issuance {} -> {}, accounts {} -> {}",
            genesis.issuance, c.issuance, genesis.total, c.total
        ));
    }
    let reserves = |o: &Observed| o.banks.iter().map(|(_, s)| s.reserve).collect::<Vec<_>>();
    if !op.may_move_reserve() && reserves(before) != reserves(after) {
        return Err(format!(
            "invariant 3: reserves moved {:?} -> {:?}",
            reserves(before),
            reserves(after)
        ));
    }
    let ledger_change = change(ledger_native(before), ledger_native(after));
    let paid = deposit
        .checked_neg()
        .expect("a storage deposit is far above i128::MIN");
    if ledger_change != paid {
        return Err(format!(
            "invariant 3: the ledger's native currency changed by {ledger_change}, the storage deposit was {deposit}"
        ));
    }
    let contracts = |o: &Observed| -> u128 {
        o.total
            .iter()
            .filter(|(a, _)| !matches!(a, Acct::P(_)))
            .map(|(_, t)| t)
            .sum::<u128>()
            .checked_sub(o.banks.iter().map(|(_, s)| s.reserve).sum::<u128>())
            .and_then(|n| n.checked_sub(loose(o)))
            .expect("a bank's reserve and a free balance are part of the account's total")
    };
    let held_change = change(contracts(before), contracts(after));
    if held_change != deposit {
        return Err(format!(
            "invariant 3: contracts' deposits changed by {held_change}, the caller paid {deposit}"
        ));
    }
    // 4 (and 5, with the model's access errors): a failed message changes nothing at all.
    if !ok && after != before {
        return Err(format!(
            "invariant 4: a failed call changed the chain\n  before: {before:?}\n  after:  {after:?}"
        ));
    }
    debug_assert!(after.banks.len() == usize::from(BANKS));
    Ok(())
}

/// The group pools' invariants, on the chain's numbers after `op` (which answered `outcome`
/// and emitted `events`):
/// - the plan's payouts sum to what is distributable, `reserve - claims`, and the claims are
///   notes really outstanding;
/// - each recorded member's record agrees with the pool's bank: the allowance it holds net
///   of revocations is within its budget, the gift its line still holds within that, its
///   line is open (`u128::MAX`) while it is a member and closed (0) once removed; only active
///   members hold gifts, and after the close nobody does;
/// - the status counts the active and recorded members, `1 <= threshold <= active`, and
///   shows the bank's own reserve and notes outstanding;
/// - the close pays exactly the plan shown before it: the distributable reserve leaves the
///   bank (paid out, or held for `claim`), the earned notes stay outstanding, and each member
///   who did not pay for the call receives its payout to the unit;
/// - a closed pool stays closed and refuses every change (`Closed`).
pub fn pool_invariants(
    op: &Op,
    outcome: &Outcome,
    events: &[Ev],
    before: &Observed,
    after: &Observed,
) -> Result<(), String> {
    for g in 0..POOLS {
        let (old, view) = (&before.pools[usize::from(g)], &after.pools[usize::from(g)]);
        let (lines, bank) = &after.banks[usize::from(pool_bank(g))];
        let line = |who: Acct| {
            lines
                .iter()
                .find(|(h, _)| *h == who)
                .map(|(_, l)| *l)
                .unwrap_or_default()
        };
        let s = &view.status;
        if let Ok(plan) = &view.plan {
            let paid: u128 = plan.payouts.iter().map(|p| p.3).sum();
            if paid != plan.distributable
                || plan.distributable != plan.reserve.saturating_sub(plan.claims)
                || plan.reserve != bank.reserve
                || plan.claims > bank.outstanding
            {
                return Err(format!(
                    "G{g}: the plan does not add up: {plan:?}, bank {bank:?}"
                ));
            }
        }
        for (who, m) in &view.members {
            let net = m
                .granted
                .checked_sub(m.revoked)
                .ok_or_else(|| format!("G{g}: {who:?} revoked more than granted: {m:?}"))?;
            let l = line(*who);
            let open = if m.active { u128::MAX } else { 0 };
            if net > m.budget || l.granted > net || l.limit != open {
                return Err(format!(
                    "G{g}: the record of {who:?} disagrees with its line: {m:?}, line {l:?}"
                ));
            }
        }
        for (holder, l) in lines {
            let active = view
                .members
                .iter()
                .any(|(who, m)| who == holder && m.active);
            if l.granted > 0 && (!active || s.closed) {
                return Err(format!(
                    "G{g}: {holder:?} holds a gift of {} (a member: {active}, closed: {})",
                    l.granted, s.closed
                ));
            }
        }
        let active = view.members.iter().filter(|(_, m)| m.active).count();
        if usize::try_from(s.members).ok() != Some(active)
            || usize::try_from(s.recorded).ok() != Some(view.members.len())
            || s.threshold == 0
            || s.threshold > s.members
            || s.reserve != bank.reserve
            || s.outstanding != bank.outstanding
        {
            return Err(format!("G{g}: the status disagrees: {s:?}, bank {bank:?}"));
        }
        if old.status.closed && !s.closed {
            return Err(format!("G{g} reopened"));
        }
        let refused = matches!(
            outcome,
            Outcome::Pool(Err(PoolError::Closed))
                | Outcome::Proposed(Err(PoolError::Closed))
                | Outcome::Voted(Err(PoolError::Closed))
        );
        let changes = matches!(
            op,
            Op::Contribute { .. } | Op::Allow { .. } | Op::Propose { .. } | Op::Vote { .. }
        );
        if old.status.closed && op.pool() == Some(g) && changes && !refused {
            return Err(format!("G{g} is closed but answered {outcome:?}"));
        }
        if !old.status.closed && s.closed {
            let closes = match op {
                Op::Propose { kind, .. } => *kind == KindOp::Close,
                Op::Vote { .. } => true,
                _ => false,
            };
            let plan = old
                .plan
                .as_ref()
                .map_err(|e| format!("G{g} closed, its plan was refused before: {e:?}"))?;
            let held = change(unclaimed(before), unclaimed(after));
            let paid: u128 = events
                .iter()
                .filter_map(|e| match e {
                    Ev::PaidOut { at, amount, .. } if *at == Acct::Pool(g) => Some(*amount),
                    _ => None,
                })
                .sum();
            let kept = plan.reserve.checked_sub(plan.distributable);
            if !closes
                || i128::try_from(paid).ok().and_then(|p| p.checked_add(held))
                    != i128::try_from(plan.distributable).ok()
                || bank.outstanding != plan.claims
                || Some(bank.reserve) != kept
            {
                return Err(format!(
                    "G{g}'s close did not pay its plan: {plan:?}; paid {paid}, held {held}, bank {bank:?}"
                ));
            }
            let payer = op.caller().map(|p| Acct::P(p.0));
            for &(member, _, _, payout) in &plan.payouts {
                let Acct::P(p) = member else { continue };
                if Some(member) == payer {
                    continue;
                }
                let got = change(before.free[usize::from(p)], after.free[usize::from(p)]);
                let unclaimed_of = |o: &Observed| {
                    o.pools[usize::from(g)]
                        .members
                        .iter()
                        .find(|(w, _)| *w == member)
                        .map_or(0, |(_, m)| m.unclaimed)
                };
                let held_for = change(unclaimed_of(before), unclaimed_of(after));
                if i128::try_from(payout).ok() != got.checked_add(held_for) {
                    return Err(format!(
                        "G{g}'s close paid {member:?} {got} (held {held_for}), its payout is {payout}"
                    ));
                }
            }
        }
    }
    Ok(())
}
