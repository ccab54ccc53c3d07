//! Re-entry: a hostile bank (`tests/contracts/hostile_bank`, mode `Reenter`) that, when the
//! router calls it (`hop`, `status`), calls back into the router with a real payment. The
//! router calls banks without allowing re-entry, so the chain refuses the nested call: the
//! hostile contract traps, the route through it fails as a whole and nothing changes; the
//! same payment sent by the contract outside any router call clears, so what was refused was
//! a real double spend, not a malformed call.

use scale::{Decode, Encode};
use vouch_sandbox_tests::ink_sandbox::api::prelude::BalanceAPI;
use vouch_sandbox_tests::AccountId32;
use vouch_sandbox_tests::{
    bundle, ink_id, selector, BankRef, Chain, ChainExt, RouterRef, TrustChain, START_BALANCE,
};
use vouch_traits::{BankError, Hop, Line, Route, RouterError, Settle, Start};

const REENTER: u8 = 4;

struct Setup {
    c: Chain,
    t: TrustChain,
    mal: AccountId32,
    /// The re-entering contract; it holds 20 `b0` notes and lets the router spend them.
    hostile: AccountId32,
}

/// Selector of a message of the hostile contract.
fn hostile_selector(label: &str) -> Vec<u8> {
    bundle("hostile_bank")
        .message(label)
        .unwrap_or_else(|| panic!("no message {label} in the hostile bundle"))
        .to_vec()
}

/// b0 -> b1 -> b2 trust each other (limit 1000). mal owns a re-entering contract, allowlisted
/// by the router's admin when `allowlisted`. The contract holds 20 b0 notes (line 50/50),
/// approves the router for them, and its payload pays p2 5 of them along b0 -> b1 -> b2.
fn setup(allowlisted: bool) -> Setup {
    let mut c = Chain::new();
    let t = TrustChain::new(&mut c, 3, 1_000, "re");
    let mal = c.person("mal");
    let (hostile, code) = c.deploy_hostile(&mal, REENTER);
    c.sandbox
        .mint_into(&hostile, START_BALANCE)
        .expect("minting works in the sandbox");
    if allowlisted {
        let admin = c.person("re-router-admin");
        RouterRef::at(t.router.clone())
            .allow_code(&mut c, &admin, code, true)
            .unwrap();
    }
    let (b0, p0) = (t.banks[0].clone(), t.people[0].clone());
    b0.set_limit(&mut c, &p0, &hostile, 50).unwrap();
    // The contract's own account signs these (the sandbox lets any account sign).
    b0.set_willing(&mut c, &hostile, 50).unwrap();
    b0.grant(&mut c, &p0, &hostile, 20).unwrap();
    b0.approve(&mut c, &hostile, &t.router, 20).unwrap();
    let mut payload = selector("Router::pay_along").to_vec();
    let route = Route {
        amount: 5,
        start: Start::HeldNotes(b0.id()),
        hops: t.issue_hops(0, 2),
    };
    (
        ink_id(&t.people[2]),
        vec![route],
        u128::MAX,
        0u128,
        u64::MAX,
    )
        .encode_to(&mut payload);
    let mut input = hostile_selector("set_payload");
    payload.encode_to(&mut input);
    let r: Result<(), _> = c.call_raw(&mal, &hostile, input, 0);
    r.unwrap();
    Setup { c, t, mal, hostile }
}

/// One bank's lines, notes outstanding, and the hostile contract's allowance for the router.
type BankLedger = (Vec<(vouch_traits::AccountId, Line)>, u128, u128);

/// Every line and the supply of the three banks, and the hostile contract's allowances.
fn ledger(s: &mut Setup) -> Vec<BankLedger> {
    let banks: Vec<BankRef> = s.t.banks.clone();
    let (h, router) = (s.hostile.clone(), s.t.router.clone());
    banks
        .iter()
        .map(|b| {
            (
                b.lines(&mut s.c, 0, 64).unwrap(),
                b.total_supply(&mut s.c).unwrap(),
                b.allowance(&mut s.c, &h, &router).unwrap(),
            )
        })
        .collect()
}

/// The contract sends its payload now, outside any router call.
fn probe(s: &mut Setup) -> Option<Vec<u8>> {
    let mut input = hostile_selector("probe");
    ink_id(&s.t.router).encode_to(&mut input);
    let (mal, h) = (s.mal.clone(), s.hostile.clone());
    s.c.call_raw(&mal, &h, input, 0).unwrap()
}

#[test]
fn the_payload_is_a_payment_that_clears_when_not_nested() {
    let mut s = setup(true);
    let out = probe(&mut s).expect("the router answers a direct call");
    // pay_along's answer (ink's own Ok was read by the contract)
    let paid = <Result<u128, RouterError>>::decode(&mut &out[..]).unwrap();
    assert_eq!(paid, Ok(5));
    let (b0, b1, b2) = (
        s.t.banks[0].clone(),
        s.t.banks[1].clone(),
        s.t.banks[2].clone(),
    );
    let h = s.hostile.clone();
    assert_eq!(b0.balance_of(&mut s.c, &h).unwrap(), 15);
    assert_eq!(b1.balance_of(&mut s.c, &b2.addr).unwrap(), 5);
}

#[test]
fn a_route_through_a_reentering_bank_fails_whole() {
    let mut s = setup(true);
    // p0 pays p2 through the hostile contract: b0 issues to it, then the router asks it to
    // pay b2, and it calls pay_along again instead.
    let route = Route {
        amount: 10,
        start: Start::OwnBank,
        hops: vec![
            Hop {
                to: ink_id(&s.hostile),
                settle: Settle::Issue,
            },
            Hop {
                to: s.t.banks[2].id(),
                settle: Settle::Issue,
            },
        ],
    };
    let before = ledger(&mut s);
    let (router, p0, p2) = (
        s.t.router.clone(),
        s.t.people[0].clone(),
        s.t.people[2].clone(),
    );
    let paid =
        s.c.pay_along(&router, &p0, &p2, vec![route], u128::MAX, 0, u64::MAX);
    assert_eq!(
        paid,
        Err(RouterError::HopFailed {
            route: 0,
            hop: 1,
            error: BankError::CallFailed
        }
        .into())
    );
    assert!(s.c.last.reverted && s.c.last.events.is_empty());
    // hop 0 (b0 issued 10 notes to the contract) is rolled back; the nested payment never ran
    assert_eq!(ledger(&mut s), before);
}

#[test]
fn a_bank_that_reenters_from_status_cannot_register() {
    let mut s = setup(true);
    let (router, mal, h) = (s.t.router.clone(), s.mal.clone(), s.hostile.clone());
    let before = ledger(&mut s);
    // register calls status, status calls pay_along: refused, the contract traps
    assert_eq!(
        s.c.register(&router, &mal, &h),
        Err(RouterError::UnknownCode.into())
    );
    assert_eq!(ledger(&mut s), before);
    let bank = RouterRef::at(router).bank_of(&mut s.c, &mal).unwrap();
    assert_eq!(bank, None);
}

#[test]
fn the_allowlist_keeps_a_reentering_bank_out() {
    let mut s = setup(false);
    let (router, mal, h) = (s.t.router.clone(), s.mal.clone(), s.hostile.clone());
    assert_eq!(
        s.c.register(&router, &mal, &h),
        Err(RouterError::UnknownCode.into())
    );
    let route = Route {
        amount: 10,
        start: Start::OwnBank,
        hops: vec![
            Hop {
                to: ink_id(&h),
                settle: Settle::Issue,
            },
            Hop {
                to: s.t.banks[2].id(),
                settle: Settle::Issue,
            },
        ],
    };
    let before = ledger(&mut s);
    let (p0, p2) = (s.t.people[0].clone(), s.t.people[2].clone());
    assert_eq!(
        s.c.pay_along(&router, &p0, &p2, vec![route], u128::MAX, 0, u64::MAX),
        Err(RouterError::UnknownCode.into())
    );
    assert_eq!(ledger(&mut s), before);
}
