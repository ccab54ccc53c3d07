//! Checks after every step: the chain equals the model, and invariants 1–5 of the design hold
//! on the chain's own numbers (not the model's), including the native-currency audit.

use crate::ops::{Acct, Op, BANKS, PEOPLE};
use crate::reference::Model;
use crate::world::{Observed, World};

/// Every line, status and native balance the chain reports equals the model's.
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
            vouch_sandbox_tests::ink_id(&world.people[usize::from(m.owner)]),
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
    Ok(())
}

/// Allowances the model knows of, the registry and the router flags, read from the chain.
pub fn agrees_off_ledger(model: &Model, world: &mut World) -> Result<(), String> {
    for (b, bank) in model.banks.iter().enumerate() {
        let b = u8::try_from(b).expect("the model has BANKS (3) banks");
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

/// Native currency that the ledger accounts for: people's free balances and the banks'
/// reserves. Storage deposits move the rest (see [`invariants`]).
pub fn ledger_native(obs: &Observed) -> u128 {
    obs.free
        .iter()
        .sum::<u128>()
        .checked_add(obs.banks.iter().map(|(_, s)| s.reserve).sum::<u128>())
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
            .expect("a bank's reserve is part of its own balance")
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
