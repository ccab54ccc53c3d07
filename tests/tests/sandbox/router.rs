//! Router: atomic n-hop, multi-route payments between strangers through chains of banks.

use scale::Decode;
use vouch_sandbox_tests::AccountId32;
use vouch_sandbox_tests::{
    ink_id, BankRef, CallError, Chain, ChainExt, Refusal, RouterRef, TrustChain,
};
use vouch_traits::{BankError, Hop, Route, RouterError, Settle, Start};

const FAR: u64 = u64::MAX;

/// A chain of `n` people, each with a bank registered with one router; bank i+1 trusts bank i
/// for `limit` both ways (i extends i+1 a limit and i+1 is willing).
struct Line {
    c: Chain,
    router: AccountId32,
    people: Vec<AccountId32>,
    banks: Vec<BankRef>,
}

fn line_of_trust(n: usize, limit: u128) -> Line {
    let mut c = Chain::new();
    let t = TrustChain::new(&mut c, n, limit, "p");
    Line {
        c,
        router: t.router,
        people: t.people,
        banks: t.banks,
    }
}

fn issue_path(banks: &[BankRef]) -> Vec<Hop> {
    banks
        .iter()
        .map(|b| Hop {
            to: b.id(),
            settle: Settle::Issue,
        })
        .collect()
}

/// One bank's lines, notes outstanding and reserve.
type BankState = (
    Vec<(vouch_traits::AccountId, vouch_traits::Line)>,
    u128,
    u128,
);

/// Every line of every bank, for before/after comparisons.
fn state(l: &mut Line) -> Vec<BankState> {
    let banks = l.banks.clone();
    banks
        .iter()
        .map(|b| {
            let s = b.status(&mut l.c).unwrap();
            (b.lines(&mut l.c, 0, 64).unwrap(), s.outstanding, s.reserve)
        })
        .collect()
}

fn pay(l: &mut Line, from: usize, to: usize, routes: Vec<Route>) -> Result<u128, CallError> {
    let (router, payer, receiver) = (
        l.router.clone(),
        l.people[from].clone(),
        l.people[to].clone(),
    );
    l.c.pay_along(&router, &payer, &receiver, routes, u128::MAX, 0, FAR)
}

#[test]
fn one_three_and_sixteen_hops() {
    for hops in [1usize, 3, 16] {
        let mut l = line_of_trust(hops + 1, 1_000);
        let route = Route {
            amount: 100,
            start: Start::OwnBank,
            hops: issue_path(&l.banks[1..]),
        };
        assert_eq!(pay(&mut l, 0, hops, vec![route]), Ok(100), "{hops} hops");
        // each intermediary holds 100 of the previous bank's notes and owes 100 of its own
        for i in 0..hops {
            let next = l.banks[i + 1].addr.clone();
            assert_eq!(l.banks[i].balance_of(&mut l.c, &next).unwrap(), 100);
        }
        assert_eq!(l.banks[hops].total_supply(&mut l.c).unwrap(), 0);
        println!("{hops} hops: ref_time {}", l.c.last.weight.ref_time());
    }
}

/// The events of the last call, as (emitter, signature topic, data).
fn events(l: &Line) -> Vec<(AccountId32, Option<[u8; 32]>, Vec<u8>)> {
    l.c.last
        .events
        .iter()
        .map(|(at, topics, data)| (at.clone(), topics.first().copied(), data.clone()))
        .collect()
}

fn topic<E: ink::env::Event>() -> Option<[u8; 32]> {
    E::SIGNATURE_TOPIC
}

#[test]
fn a_payment_reports_its_legs_in_one_event_and_no_transfer_per_hop() {
    use vouch_traits::events::{Paid, Transfer};
    use vouch_traits::{BankLegs, Leg};
    let mut l = line_of_trust(4, 1_000);
    let route = Route {
        amount: 100,
        start: Start::OwnBank,
        hops: issue_path(&l.banks[1..]),
    };
    pay(&mut l, 0, 3, vec![route]).unwrap();
    let issued = |from: usize, amount| BankLegs {
        bank: l.banks[from].id(),
        legs: vec![Leg {
            to: l.banks[from + 1].id(),
            amount,
            settle: Settle::Issue,
        }],
    };
    let want = Paid {
        from: ink_id(&l.people[0]),
        to: ink_id(&l.people[3]),
        amount: 100,
        routes: 1,
        legs: vec![issued(0, 100), issued(1, 100), issued(2, 100)],
    };
    // One event in all: the router's, listing the three banks' legs.
    let evs = events(&l);
    assert_eq!(evs.len(), 1, "{evs:?}");
    let (at, sig, data) = &evs[0];
    assert_eq!((at, *sig), (&l.router, topic::<Paid>()));
    assert_eq!(Paid::decode(&mut &data[..]).unwrap(), want);

    // A hand-back still burns at the issuer with its PSP22 `Transfer`; `Paid` lists the leg.
    let (b2, b3) = (l.banks[2].clone(), l.banks[3].clone());
    let back = Route {
        amount: 40,
        start: Start::OwnBank,
        hops: vec![Hop {
            to: b2.id(),
            settle: Settle::Return,
        }],
    };
    pay(&mut l, 3, 2, vec![back]).unwrap();
    let evs = events(&l);
    assert_eq!(evs.len(), 2, "{evs:?}");
    assert_eq!((&evs[0].0, evs[0].1), (&b2.addr, topic::<Transfer>()));
    assert_eq!(
        Transfer::decode(&mut &evs[0].2[..]).unwrap(),
        Transfer {
            from: Some(b3.id()),
            to: None,
            value: 40
        }
    );
    assert_eq!((&evs[1].0, evs[1].1), (&l.router, topic::<Paid>()));
    assert_eq!(
        Paid::decode(&mut &evs[1].2[..]).unwrap().legs,
        vec![BankLegs {
            bank: b3.id(),
            legs: vec![Leg {
                to: b2.id(),
                amount: 40,
                settle: Settle::Return,
            }],
        }]
    );
}

#[test]
fn a_hop_cap_plus_one_is_refused() {
    let mut l = line_of_trust(18, 1_000);
    let route = Route {
        amount: 1,
        start: Start::OwnBank,
        hops: issue_path(&l.banks[1..18]),
    };
    let before = state(&mut l);
    assert_eq!(
        pay(&mut l, 0, 17, vec![route]),
        Err(RouterError::BadHopCount.into())
    );
    assert_eq!(state(&mut l), before);
}

#[test]
fn netting_returns_held_notes_instead_of_issuing() {
    let mut l = line_of_trust(2, 1_000);
    // bank 1 also extends bank 0 credit, so value can flow back
    let (b0, b1) = (l.banks[0].clone(), l.banks[1].clone());
    let (p0, p1) = (l.people[0].clone(), l.people[1].clone());
    b1.set_limit(&mut l.c, &p1, &b0.addr, 1_000).unwrap();
    b0.trust(&mut l.c, &p0, &b1, 1_000).unwrap();
    let fwd = Route {
        amount: 100,
        start: Start::OwnBank,
        hops: issue_path(std::slice::from_ref(&b1)),
    };
    pay(&mut l, 0, 1, vec![fwd]).unwrap();
    assert_eq!(b0.balance_of(&mut l.c, &b1.addr).unwrap(), 100);
    // p1 pays p0 back 60: bank 1 returns 60 bank-0 notes, no new bank-1 notes
    let back = Route {
        amount: 60,
        start: Start::OwnBank,
        hops: vec![Hop {
            to: b0.id(),
            settle: Settle::Return,
        }],
    };
    assert_eq!(pay(&mut l, 1, 0, vec![back]), Ok(60));
    assert_eq!(b0.balance_of(&mut l.c, &b1.addr).unwrap(), 40);
    assert_eq!(b0.total_supply(&mut l.c).unwrap(), 40);
    assert_eq!(b1.total_supply(&mut l.c).unwrap(), 0);
}

#[test]
fn a_payment_split_over_six_routes() {
    // p0 -> m_k -> p7 for six middle banks m_k, each with a limit of 50: 300 in all.
    let mut l = line_of_trust(1, 0);
    let c = &mut l.c;
    let router = l.router.clone();
    let (p0, b0) = (l.people[0].clone(), l.banks[0].clone());
    let dest = c.person("dest");
    let dest_bank = c.deploy_bank(&dest, "DEST");
    dest_bank.set_router(c, &dest, &router, true).unwrap();
    c.register(&router, &dest, &dest_bank.addr).unwrap();
    let mut routes = Vec::new();
    for k in 0..6 {
        let m = c.person(&format!("m{k}"));
        let mb = c.deploy_bank(&m, &format!("M{k}"));
        mb.set_router(c, &m, &router, true).unwrap();
        b0.set_limit(c, &p0, &mb.addr, 50).unwrap();
        mb.trust(c, &m, &b0, 50).unwrap();
        mb.set_limit(c, &m, &dest_bank.addr, 50).unwrap();
        dest_bank.trust(c, &dest, &mb, 50).unwrap();
        routes.push(Route {
            amount: 50,
            start: Start::OwnBank,
            hops: issue_path(&[mb, dest_bank.clone()]),
        });
    }
    assert_eq!(
        c.pay_along(&router, &p0, &dest, routes.clone(), 300, 300, FAR),
        Ok(300)
    );
    assert_eq!(b0.total_supply(c).unwrap(), 300);
    // the same again exceeds every middle line: nothing moves
    let supply = b0.total_supply(c).unwrap();
    let r = c.pay_along(&router, &p0, &dest, routes, 300, 300, FAR);
    assert!(
        matches!(
            r,
            Err(CallError::Refused(Refusal::Router(
                RouterError::HopFailed {
                    route: 0,
                    hop: 0,
                    error: BankError::NoCapacity
                }
            )))
        ),
        "{r:?}"
    );
    assert_eq!(b0.total_supply(c).unwrap(), supply);
}

#[test]
fn a_friend_spends_a_granted_budget_to_pay_a_stranger() {
    // bank 0 (alice) grants bob 30; alice's bank -> bank 1 (erin) is a line of trust.
    let mut l = line_of_trust(2, 1_000);
    let (alice, erin) = (l.people[0].clone(), l.people[1].clone());
    let (ab, eb) = (l.banks[0].clone(), l.banks[1].clone());
    let router = l.router.clone();
    let c = &mut l.c;
    let bob = c.person("bob");
    ab.set_limit(c, &alice, &bob, 30).unwrap();
    ab.set_willing(c, &bob, 30).unwrap();
    ab.grant(c, &alice, &bob, 30).unwrap();
    // bob has no bank of his own: he pays from the notes he holds
    ab.approve(c, &bob, &router, 30).unwrap();
    let route = Route {
        amount: 30,
        start: Start::HeldNotes(ab.id()),
        hops: issue_path(std::slice::from_ref(&eb)),
    };
    let outstanding = ab.total_supply(c).unwrap();
    assert_eq!(
        c.pay_along(&router, &bob, &erin, vec![route], 30, 30, FAR),
        Ok(30)
    );
    assert_eq!(ab.balance_of(c, &bob).unwrap(), 0);
    assert_eq!(ab.balance_of(c, &eb.addr).unwrap(), 30);
    assert_eq!(
        ab.total_supply(c).unwrap(),
        outstanding,
        "only who holds alice-notes changed"
    );
}

#[test]
fn a_failing_last_hop_leaves_everything_as_before() {
    let mut l = line_of_trust(4, 1_000);
    let (b2, b3, p3) = (l.banks[2].clone(), l.banks[3].clone(), l.people[3].clone());
    let hops = issue_path(&l.banks[1..]);
    let route = Route {
        amount: 100,
        start: Start::OwnBank,
        hops,
    };
    // willingness withdrawn on the last hop
    b3.trust(&mut l.c, &p3, &b2, 0).unwrap();
    let before = state(&mut l);
    let r = pay(&mut l, 0, 3, vec![route.clone()]);
    assert_eq!(
        r,
        Err(RouterError::HopFailed {
            route: 0,
            hop: 2,
            error: BankError::NoCapacity
        }
        .into())
    );
    assert_eq!(state(&mut l), before);
    // deadline passed
    b3.trust(&mut l.c, &p3, &b2, 1_000).unwrap();
    let (router, p0, to) = (l.router.clone(), l.people[0].clone(), p3.clone());
    assert_eq!(
        l.c.pay_along(&router, &p0, &to, vec![route.clone()], u128::MAX, 0, 0),
        Err(RouterError::DeadlinePassed.into())
    );
    // router no longer authorised by the last payer-side bank
    let p2 = l.people[2].clone();
    b2.set_router(&mut l.c, &p2, &router, false).unwrap();
    let before = state(&mut l);
    assert_eq!(
        pay(&mut l, 0, 3, vec![route]),
        Err(RouterError::HopFailed {
            route: 0,
            hop: 2,
            error: BankError::NotRouter
        }
        .into())
    );
    assert_eq!(state(&mut l), before);
}

#[test]
fn bad_inputs_are_typed_errors_and_change_nothing() {
    let mut l = line_of_trust(3, 1_000);
    let before = state(&mut l);
    let good = Route {
        amount: 10,
        start: Start::OwnBank,
        hops: issue_path(&l.banks[1..]),
    };
    let b0 = l.banks[0].id();
    let cases: Vec<(Vec<Route>, usize, RouterError)> = vec![
        (vec![], 2, RouterError::BadRouteCount),
        (vec![good.clone(); 9], 2, RouterError::BadRouteCount),
        (
            vec![Route {
                hops: vec![],
                ..good.clone()
            }],
            2,
            RouterError::BadHopCount,
        ),
        (
            vec![Route {
                amount: 0,
                ..good.clone()
            }],
            2,
            RouterError::ZeroAmount,
        ),
        (
            vec![
                Route {
                    amount: u128::MAX,
                    ..good.clone()
                },
                good.clone(),
            ],
            2,
            RouterError::Overflow,
        ),
        (
            vec![Route {
                hops: issue_path(&l.banks[1..2]),
                ..good.clone()
            }],
            2,
            RouterError::WrongDestination,
        ),
        (
            vec![Route {
                hops: vec![Hop {
                    to: b0,
                    settle: Settle::Issue,
                }],
                ..good.clone()
            }],
            0,
            RouterError::SelfPayment,
        ),
        (
            vec![Route {
                hops: [issue_path(&l.banks[1..]), issue_path(&l.banks[1..])].concat(),
                ..good.clone()
            }],
            2,
            RouterError::Loop,
        ),
    ];
    for (routes, to, err) in cases {
        assert_eq!(pay(&mut l, 0, to, routes), Err(err.into()));
    }
    // a contract that is not a trust bank is refused
    let not_bank = Route {
        hops: vec![Hop {
            to: ink_id(&l.router),
            settle: Settle::Issue,
        }],
        ..good.clone()
    };
    assert_eq!(
        pay(&mut l, 0, 2, vec![not_bank]),
        Err(RouterError::UnknownCode.into())
    );
    // an unknown person
    let (router, p0) = (l.router.clone(), l.people[0].clone());
    let stranger = l.c.person("stranger");
    assert_eq!(
        l.c.pay_along(
            &router,
            &p0,
            &stranger,
            vec![good.clone()],
            u128::MAX,
            0,
            FAR
        ),
        Err(RouterError::UnknownPerson.into())
    );
    assert_eq!(
        l.c.pay_along(
            &router,
            &p0,
            &l.people[2].clone(),
            vec![good.clone()],
            9,
            0,
            FAR
        ),
        Err(RouterError::MaxSpentExceeded.into())
    );
    assert_eq!(
        l.c.pay_along(
            &router,
            &p0,
            &l.people[2].clone(),
            vec![good],
            u128::MAX,
            11,
            FAR
        ),
        Err(RouterError::BelowMinDelivered.into())
    );
    assert_eq!(state(&mut l), before);
}

#[test]
fn only_own_allowlisted_banks_register() {
    let mut l = line_of_trust(2, 1);
    let router = l.router.clone();
    let b1 = l.banks[1].addr.clone();
    let p0 = l.people[0].clone();
    let r = l.c.register(&router, &p0, &b1);
    assert_eq!(r, Err(RouterError::NotBankOwner.into()));
    let r = l.c.register(&router, &p0, &router);
    assert_eq!(r, Err(RouterError::UnknownCode.into()));
    let r = l.c.register(&router, &p0, &p0);
    assert_eq!(r, Err(RouterError::UnknownCode.into()));
    let b0 = l.banks[0].addr.clone();
    let got = RouterRef::at(router).bank_of(&mut l.c, &p0).unwrap();
    assert_eq!(got, Some(b0));
}

#[test]
fn quote_reports_the_tightest_hop_of_each_route() {
    let mut l = line_of_trust(4, 1_000);
    let (b1, b2, p1) = (l.banks[1].clone(), l.banks[2].clone(), l.people[1].clone());
    b1.set_limit(&mut l.c, &p1, &b2.addr, 250).unwrap();
    let route = Route {
        amount: 1,
        start: Start::OwnBank,
        hops: issue_path(&l.banks[1..]),
    };
    let (router, p0, p3) = (l.router.clone(), l.people[0].clone(), l.people[3].clone());
    let q = RouterRef::at(router.clone()).quote(&mut l.c, &p0, &p3, vec![route.clone(); 2]);
    assert_eq!(q, Ok(vec![250, 250]));
    // after paying 200, 50 is left on the tightest hop
    pay(
        &mut l,
        0,
        3,
        vec![Route {
            amount: 200,
            ..route.clone()
        }],
    )
    .unwrap();
    let q = RouterRef::at(router).quote(&mut l.c, &p0, &p3, vec![route]);
    assert_eq!(q, Ok(vec![50]));
}

#[test]
fn lowered_limits_and_revoked_budgets_fail_the_whole_payment() {
    let mut l = line_of_trust(3, 1_000);
    let (b0, b1, b2) = (l.banks[0].clone(), l.banks[1].clone(), l.banks[2].clone());
    let (p0, p1) = (l.people[0].clone(), l.people[1].clone());
    let router = l.router.clone();
    let route = Route {
        amount: 100,
        start: Start::OwnBank,
        hops: issue_path(&l.banks[1..]),
    };
    // the last hop's limit lowered below the amount
    b1.set_limit(&mut l.c, &p1, &b2.addr, 99).unwrap();
    let before = state(&mut l);
    assert_eq!(
        pay(&mut l, 0, 2, vec![route]),
        Err(RouterError::HopFailed {
            route: 0,
            hop: 1,
            error: BankError::NoCapacity
        }
        .into())
    );
    assert_eq!(state(&mut l), before);

    // a budget revoked before it is spent: the hand-back of the payer's notes fails
    let bob = l.c.person("bob");
    b0.set_limit(&mut l.c, &p0, &bob, 30).unwrap();
    b0.set_willing(&mut l.c, &bob, 30).unwrap();
    b0.grant(&mut l.c, &p0, &bob, 30).unwrap();
    b0.approve(&mut l.c, &bob, &router, 30).unwrap();
    b0.revoke(&mut l.c, &p0, &bob, 30).unwrap();
    let spend = Route {
        amount: 30,
        start: Start::HeldNotes(b0.id()),
        hops: issue_path(std::slice::from_ref(&b1)),
    };
    let before = state(&mut l);
    assert_eq!(
        l.c.pay_along(&router, &bob, &p1, vec![spend.clone()], 30, 30, FAR),
        Err(RouterError::HopFailed {
            route: 0,
            hop: 0,
            error: BankError::InsufficientNotes
        }
        .into())
    );
    // nobody can spend notes they hold without allowing the router
    let carol = l.c.person("carol");
    assert_eq!(
        l.c.pay_along(&router, &carol, &p1, vec![spend], 30, 30, FAR),
        Err(RouterError::HopFailed {
            route: 0,
            hop: 0,
            error: BankError::InsufficientAllowance
        }
        .into())
    );
    assert_eq!(state(&mut l), before);
}
