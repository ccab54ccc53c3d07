//! Hostile banks: contracts that answer the router's calls but revert, trap, burn all gas or
//! lie. The allowlist keeps them out; even when an admin allowlists one, a payment through it
//! fails as a whole and changes nothing.

use vouch_sandbox_tests::AccountId32;
use vouch_sandbox_tests::{
    ink_id, snapshot, BankRef, CallError, Chain, ChainExt, Completed, Refusal, RouterRef,
    TrustChain,
};
use vouch_traits::{BankError, Hop, Route, RouterError, Settle, Start};

const REVERT: u8 = 0;
const TRAP: u8 = 1;
const BURN_GAS: u8 = 2;
const LIE: u8 = 3;

struct Setup {
    c: Chain,
    t: TrustChain,
    mal: AccountId32,
    hostile: AccountId32,
}

/// b0 -> b1 -> b2 trust each other; mal holds a 50-note budget from b0 and owns a hostile
/// contract in `mode`.
fn setup(mode: u8, allowlisted: bool) -> Setup {
    let mut c = Chain::new();
    let t = TrustChain::new(&mut c, 3, 1_000, "h");
    let mal = c.person("mal");
    let (hostile, code) = c.deploy_hostile(&mal, mode);
    if allowlisted {
        let admin = c.person("h-router-admin");
        RouterRef::at(t.router.clone())
            .allow_code(&mut c, &admin, code, true)
            .unwrap();
    }
    let (b0, p0) = (t.banks[0].clone(), t.people[0].clone());
    b0.set_limit(&mut c, &p0, &mal, 50).unwrap();
    b0.set_willing(&mut c, &mal, 50).unwrap();
    b0.grant(&mut c, &p0, &mal, 50).unwrap();
    b0.approve(&mut c, &mal, &t.router, 50).unwrap();
    Setup { c, t, mal, hostile }
}

fn register(s: &mut Setup) -> Result<(), RouterError> {
    let (mal, router, h) = (s.mal.clone(), s.t.router.clone(), s.hostile.clone());
    s.c.register(&router, &mal, &h).completed()
}

/// Route 0 spends mal's budget honestly (b0 -> b1 -> b2); route 1 starts at the hostile
/// contract. Returns the outcome: what was delivered, the router's refusal, or why the call
/// did not return.
fn pay_through_hostile(s: &mut Setup) -> Result<u128, CallError> {
    let (b1, b2) = (s.t.banks[1].clone(), s.t.banks[2].clone());
    let routes = vec![
        Route {
            amount: 50,
            start: Start::HeldNotes(s.t.banks[0].id()),
            hops: s.t.issue_hops(0, 2),
        },
        Route {
            amount: 10,
            start: Start::OwnBank,
            hops: vec![
                Hop {
                    to: b1.id(),
                    settle: Settle::Issue,
                },
                Hop {
                    to: b2.id(),
                    settle: Settle::Issue,
                },
            ],
        },
    ];
    let (mal, router, to) = (s.mal.clone(), s.t.router.clone(), s.t.people[2].clone());
    s.c.pay_along(&router, &mal, &to, routes, u128::MAX, 0, u64::MAX)
}

/// Everything a failed payment must leave as it was: every line and the status of every
/// bank, and the native balances of every person, bank and the hostile contract.
fn ledger(s: &mut Setup) -> Vec<impl PartialEq + std::fmt::Debug> {
    let banks: Vec<BankRef> = s.t.banks.clone();
    let mut accounts = s.t.people.clone();
    accounts.extend(banks.iter().map(|b| b.addr.clone()));
    accounts.extend([s.mal.clone(), s.hostile.clone(), s.t.router.clone()]);
    banks
        .iter()
        .map(|b| snapshot(&mut s.c, b, &accounts))
        .collect()
}

#[test]
fn the_allowlist_keeps_every_hostile_contract_out() {
    for mode in [REVERT, TRAP, BURN_GAS, LIE] {
        let mut s = setup(mode, false);
        assert_eq!(
            register(&mut s),
            Err(RouterError::UnknownCode),
            "mode {mode}"
        );
        // naming it inside a route is refused before any call
        let before = ledger(&mut s);
        let mut routes_to = s.t.issue_hops(0, 2);
        routes_to.insert(
            1,
            Hop {
                to: ink_id(&s.hostile),
                settle: Settle::Issue,
            },
        );
        let route = Route {
            amount: 50,
            start: Start::HeldNotes(s.t.banks[0].id()),
            hops: routes_to,
        };
        let (mal, router, to) = (s.mal.clone(), s.t.router.clone(), s.t.people[2].clone());
        assert_eq!(
            s.c.pay_along(&router, &mal, &to, vec![route], u128::MAX, 0, u64::MAX),
            Err(RouterError::UnknownCode.into())
        );
        assert_eq!(ledger(&mut s), before);
        // ...and so is a route that starts by spending "notes" it claims to issue
        let route = Route {
            amount: 10,
            start: Start::HeldNotes(ink_id(&s.hostile)),
            hops: s.t.issue_hops(0, 2)[1..].to_vec(),
        };
        assert_eq!(
            s.c.pay_along(&router, &mal, &to, vec![route], u128::MAX, 0, u64::MAX),
            Err(RouterError::UnknownCode.into())
        );
        assert_eq!(ledger(&mut s), before);
    }
}

#[test]
fn only_the_admin_can_allowlist_code() {
    let mut s = setup(LIE, false);
    let (mal, router) = (s.mal.clone(), s.t.router.clone());
    let code = s.c.deploy_hostile(&mal, LIE).1;
    for who in [mal.clone(), s.t.people[0].clone()] {
        let r = RouterRef::at(router.clone()).allow_code(&mut s.c, &who, code, true);
        assert_eq!(r, Err(RouterError::NotAdmin.into()));
    }
    // still refused: the failed calls changed nothing
    assert_eq!(register(&mut s), Err(RouterError::UnknownCode));
}

#[test]
fn a_payment_through_an_allowlisted_hostile_bank_fails_whole() {
    for mode in [REVERT, TRAP, BURN_GAS] {
        let mut s = setup(mode, true);
        register(&mut s).unwrap();
        let before = ledger(&mut s);
        let outcome = pay_through_hostile(&mut s);
        match mode {
            REVERT => assert_eq!(
                outcome,
                Err(RouterError::HopFailed {
                    route: 1,
                    hop: 0,
                    error: BankError::NoCapacity
                }
                .into())
            ),
            TRAP => assert_eq!(
                outcome,
                Err(RouterError::HopFailed {
                    route: 1,
                    hop: 0,
                    error: BankError::CallFailed
                }
                .into())
            ),
            // all gas burned: the router may have none left to report, but nothing lands
            _ => assert!(
                matches!(
                    outcome,
                    Err(CallError::Refused(Refusal::Router(
                        RouterError::HopFailed {
                            route: 1,
                            hop: 0,
                            error: BankError::CallFailed
                        }
                    ))) | Err(CallError::Trapped(_))
                ),
                "{outcome:?}"
            ),
        }
        assert_eq!(ledger(&mut s), before, "mode {mode}: route 0 rolled back");
    }
}

#[test]
fn a_lying_bank_is_why_the_allowlist_exists() {
    // Allowlisted by a careless admin, a contract that claims to pay without paying lets the
    // next honest bank issue notes for nothing: the payment "clears".
    let mut s = setup(LIE, true);
    register(&mut s).unwrap();
    let outcome = pay_through_hostile(&mut s);
    assert_eq!(outcome, Ok(60));
    let (b0, b1, b2) = (
        s.t.banks[0].clone(),
        s.t.banks[1].clone(),
        s.t.banks[2].clone(),
    );
    // b1 received 50 b0-notes but issued 60 of its own: 10 for nothing
    assert_eq!(b0.balance_of(&mut s.c, &b1.addr).unwrap(), 50);
    assert_eq!(b1.balance_of(&mut s.c, &b2.addr).unwrap(), 60);
    // ...which is exactly what the default allowlist (the trust bank code only) prevents:
    // see the_allowlist_keeps_every_hostile_contract_out.
}

#[test]
fn disallowing_a_code_stops_the_banks_registered_under_it() {
    // A lying bank registers while its code is allowed; the admin then takes the code off
    // the allowlist. A payment that starts at the lying bank must be refused before any
    // call, and the router's own search must not start there either.
    let mut s = setup(LIE, true);
    register(&mut s).unwrap();
    let admin = s.c.person("h-router-admin");
    let code = s.c.deploy_hostile(&s.mal.clone(), LIE).1;
    let router = RouterRef::at(s.t.router.clone());
    router.allow_code(&mut s.c, &admin, code, false).unwrap();
    let before = ledger(&mut s);
    let route = Route {
        amount: 10,
        start: Start::OwnBank,
        hops: s.t.issue_hops(0, 2),
    };
    let (mal, to) = (s.mal.clone(), s.t.people[2].clone());
    let paid = router.pay_along(&mut s.c, &mal, &to, vec![route], u128::MAX, 0, u64::MAX);
    assert_eq!(paid, Err(RouterError::UnknownCode.into()));
    let found = router.find_route(&mut s.c, &mal, &to, 10, 4, 8);
    assert_eq!(found, Err(RouterError::UnknownCode.into()));
    let paid = router.pay(&mut s.c, &mal, &to, 10, 4, 8);
    assert_eq!(paid, Err(RouterError::UnknownCode.into()));
    assert_eq!(ledger(&mut s), before, "nothing moved");
}
