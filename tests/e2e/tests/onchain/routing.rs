//! Payments between strangers through the router: the on-chain search (`pay`), explicit
//! routes (`pay_along`) over three hops, several routes in one payment, netting, and payments
//! whose last hop fails and change nothing.

use ink::codegen::TraitCallBuilder;
use vouch_e2e::{
    events_of, exec, read, read_as, refused, returned, router, snapshot, Client, TestResult, Web,
    UNIT,
};
use vouch_traits::events::{Paid, Transfer};
use vouch_traits::{
    BankError, BankLegs, Hop, Leg, Route, Router, RouterError, Settle, Start, PSP22,
};

/// Alice pays Dave; they are strangers. Alice's bank issues to Bob's, Bob's to Charlie's,
/// Charlie's to Dave's (three hops); a second path goes through Eve's bank (two hops).
async fn web(client: &mut Client) -> TestResult<Web> {
    Web::new(
        client,
        vec![
            ("alice", ink_e2e::alice()),
            ("bob", ink_e2e::bob()),
            ("charlie", ink_e2e::charlie()),
            ("dave", ink_e2e::dave()),
            ("eve", ink_e2e::eve()),
        ],
    )
    .await
}

fn issue(to: ink::primitives::AccountId) -> Hop {
    Hop {
        to,
        settle: Settle::Issue,
    }
}

/// The three-hop route Alice → Bob → Charlie → Dave carrying `amount`.
fn long_route(web: &Web, amount: u128) -> Route {
    Route {
        amount,
        start: Start::OwnBank,
        hops: vec![
            issue(web.bank_of("bob")),
            issue(web.bank_of("charlie")),
            issue(web.bank_of("dave")),
        ],
    }
}

/// The two-hop route Alice → Eve → Dave carrying `amount`.
fn short_route(web: &Web, amount: u128) -> Route {
    Route {
        amount,
        start: Start::OwnBank,
        hops: vec![issue(web.bank_of("eve")), issue(web.bank_of("dave"))],
    }
}

/// `held` of each line along the long route (Bob's bank at Alice's, Charlie's at Bob's, Dave's
/// at Charlie's).
async fn long_route_held(client: &mut Client, web: &Web) -> TestResult<[u128; 3]> {
    Ok([
        web.line(client, "alice", "bob").await?.held,
        web.line(client, "bob", "charlie").await?.held,
        web.line(client, "charlie", "dave").await?.held,
    ])
}

#[ink_e2e::test]
async fn strangers_pay_over_three_hops_and_several_routes<Backend: E2EBackend>(
    mut client: Backend,
) -> TestResult {
    strangers_pay(&mut client).await
}

async fn strangers_pay(client: &mut Client) -> TestResult {
    let web = web(client).await?;
    let alice = web.person("alice").clone();
    let dave = web.person("dave").id;
    web.open_line(client, "alice", "bob", 100 * UNIT).await?;
    web.open_line(client, "bob", "charlie", 100 * UNIT).await?;
    web.open_line(client, "charlie", "dave", 50 * UNIT).await?;
    let at = web.router;

    // The on-chain search finds the only path, three hops long, and pays along it.
    let found = read_as(
        client,
        &alice.key,
        &router(at).call().find_route(dave, 20 * UNIT, 0, 0),
    )
    .await?;
    assert_eq!(found, Ok(long_route(&web, 20 * UNIT)));
    let before = snapshot(client, &web.banks()).await?;
    // Sent with the gas its dry run used, as every client sends it.
    let paid = exec(
        client,
        &alice.key,
        &router(at).call_mut().pay(dave, 20 * UNIT, 0, 0),
    )
    .await?;
    assert_eq!(returned(&paid)?, Ok(20 * UNIT));
    assert_eq!(long_route_held(client, &web).await?, [20 * UNIT; 3]);
    // Each bank on the way issued its notes to the next: one leg per bank, all listed in
    // the router's `Paid`; a routed leg emits no `Transfer` of its own.
    let banks = ["alice", "bob", "charlie", "dave"].map(|n| web.bank_of(n));
    let legs = |amount: u128| -> Vec<BankLegs> {
        (0..3)
            .map(|i| BankLegs {
                bank: banks[i],
                legs: vec![Leg {
                    to: banks[i + 1],
                    amount,
                    settle: Settle::Issue,
                }],
            })
            .collect()
    };
    let paid_event = |amount: u128, routes: u32, legs: Vec<BankLegs>| {
        vec![(
            at,
            Paid {
                from: alice.id,
                to: dave,
                amount,
                routes,
                legs,
            },
        )]
    };
    assert!(events_of::<Transfer, _>(&paid)?.is_empty());
    assert_eq!(
        events_of::<Paid, _>(&paid)?,
        paid_event(20 * UNIT, 1, legs(20 * UNIT))
    );

    // The same path given explicitly.
    let paid = exec(
        client,
        &alice.key,
        &router(at).call_mut().pay_along(
            dave,
            vec![long_route(&web, 10 * UNIT)],
            10 * UNIT,
            10 * UNIT,
            u64::MAX,
        ),
    )
    .await?;
    assert!(events_of::<Transfer, _>(&paid)?.is_empty());
    assert_eq!(
        events_of::<Paid, _>(&paid)?,
        paid_event(10 * UNIT, 1, legs(10 * UNIT))
    );
    assert_eq!(long_route_held(client, &web).await?, [30 * UNIT; 3]);
    // Only the three lines of the path moved, each by 30; each bank's supply grew by what it
    // issued; no reserve changed.
    let after = snapshot(client, &web.banks()).await?;
    let path: Vec<_> = (0..3).map(|i| (banks[i], banks[i + 1])).collect();
    for (b, a) in before.iter().zip(&after) {
        let on_path = |holder| path.contains(&(b.bank, holder));
        let issued = if path.iter().any(|(issuer, _)| *issuer == b.bank) {
            30 * UNIT
        } else {
            0
        };
        assert_eq!(a.total_supply, b.total_supply + issued);
        assert_eq!(a.status.reserve, b.status.reserve);
        assert_eq!(a.lines.len(), b.lines.len());
        for ((holder, was), (same, now)) in b.lines.iter().zip(&a.lines) {
            assert_eq!(holder, same);
            let moved = if on_path(*holder) { 30 * UNIT } else { 0 };
            assert_eq!(now.held, was.held + moved);
            assert_eq!(
                (now.limit, now.willing, now.granted),
                (was.limit, was.willing, 0)
            );
        }
    }

    // A second path through Eve. The long route has 20 left on its last line, so 50 goes as
    // 20 + 30 over two routes in one payment.
    web.open_line(client, "alice", "eve", 40 * UNIT).await?;
    web.open_line(client, "eve", "dave", 40 * UNIT).await?;
    let routes = vec![long_route(&web, 20 * UNIT), short_route(&web, 30 * UNIT)];
    let quote = read_as(
        client,
        &alice.key,
        &router(at).call().quote(dave, routes.clone()),
    )
    .await?;
    assert_eq!(quote, Ok(vec![20 * UNIT, 40 * UNIT]));
    let paid = exec(
        client,
        &alice.key,
        &router(at)
            .call_mut()
            .pay_along(dave, routes, 50 * UNIT, 50 * UNIT, u64::MAX),
    )
    .await?;
    assert_eq!(returned(&paid)?, Ok(50 * UNIT));
    // Alice's bank is called once, with both routes' first legs.
    let issue_leg = |to: &str, amount: u128| Leg {
        to: web.bank_of(to),
        amount,
        settle: Settle::Issue,
    };
    let by = |bank: &str, legs: Vec<Leg>| BankLegs {
        bank: web.bank_of(bank),
        legs,
    };
    assert_eq!(
        events_of::<Paid, _>(&paid)?,
        paid_event(
            50 * UNIT,
            2,
            vec![
                by(
                    "alice",
                    vec![issue_leg("bob", 20 * UNIT), issue_leg("eve", 30 * UNIT)]
                ),
                by("bob", vec![issue_leg("charlie", 20 * UNIT)]),
                by("charlie", vec![issue_leg("dave", 20 * UNIT)]),
                by("eve", vec![issue_leg("dave", 30 * UNIT)]),
            ]
        )
    );
    assert!(events_of::<Transfer, _>(&paid)?.is_empty());
    assert_eq!(long_route_held(client, &web).await?, [50 * UNIT; 3]);
    assert_eq!(web.line(client, "alice", "eve").await?.held, 30 * UNIT);
    assert_eq!(web.line(client, "eve", "dave").await?.held, 30 * UNIT);
    let line = web.line(client, "charlie", "dave").await?;
    assert_eq!(line.capacity(), 0, "the long route's last line is full");

    // The on-chain search now takes the path that still has room.
    let found = read_as(
        client,
        &alice.key,
        &router(at).call().find_route(dave, 5 * UNIT, 0, 0),
    )
    .await?;
    assert_eq!(found, Ok(short_route(&web, 5 * UNIT)));

    // Netting: Bob pays Alice by handing back Alice-notes his bank holds; they are burned
    // at Alice's bank, no new notes.
    let bob = web.person("bob").clone();
    let alice_supply = supply_of(client, &web, "alice").await?;
    let back = Route {
        amount: 10 * UNIT,
        start: Start::OwnBank,
        hops: vec![Hop {
            to: web.bank_of("alice"),
            settle: Settle::Return,
        }],
    };
    let paid = exec(
        client,
        &bob.key,
        &router(at)
            .call_mut()
            .pay_along(alice.id, vec![back], 10 * UNIT, 10 * UNIT, u64::MAX),
    )
    .await?;
    assert_eq!(
        events_of::<Transfer, _>(&paid)?,
        vec![(
            web.bank_of("alice"),
            Transfer {
                from: Some(bob.bank),
                to: None,
                value: 10 * UNIT
            }
        )]
    );
    assert_eq!(
        events_of::<Paid, _>(&paid)?,
        vec![(
            at,
            Paid {
                from: bob.id,
                to: alice.id,
                amount: 10 * UNIT,
                routes: 1,
                legs: vec![BankLegs {
                    bank: bob.bank,
                    legs: vec![Leg {
                        to: web.bank_of("alice"),
                        amount: 10 * UNIT,
                        settle: Settle::Return,
                    }],
                }],
            }
        )]
    );
    assert_eq!(web.line(client, "alice", "bob").await?.held, 40 * UNIT);
    assert_eq!(
        supply_of(client, &web, "alice").await?,
        alice_supply - 10 * UNIT
    );
    Ok(())
}

async fn supply_of(client: &mut Client, web: &Web, name: &str) -> TestResult<u128> {
    let at = web.bank_of(name);
    read(client, &vouch_e2e::notes(at).call().total_supply()).await
}

#[ink_e2e::test]
async fn a_payment_whose_last_hop_fails_changes_nothing<Backend: E2EBackend>(
    mut client: Backend,
) -> TestResult {
    last_hop_fails(&mut client).await
}

async fn last_hop_fails(client: &mut Client) -> TestResult {
    let web = web(client).await?;
    let alice = web.person("alice").clone();
    let dave = web.person("dave").id;
    let at = web.router;
    // The first two lines of the long route have room for 100, the last for 10 only; the
    // path through Eve has room for 40.
    web.open_line(client, "alice", "bob", 100 * UNIT).await?;
    web.open_line(client, "bob", "charlie", 100 * UNIT).await?;
    web.open_line(client, "charlie", "dave", 10 * UNIT).await?;
    web.open_line(client, "alice", "eve", 40 * UNIT).await?;
    web.open_line(client, "eve", "dave", 40 * UNIT).await?;
    // Some notes are out already, so the check covers lines that hold something.
    exec(
        client,
        &alice.key,
        &router(at).call_mut().pay_along(
            dave,
            vec![long_route(&web, 4 * UNIT)],
            4 * UNIT,
            0,
            u64::MAX,
        ),
    )
    .await?;
    assert_eq!(long_route_held(client, &web).await?, [4 * UNIT; 3]);

    // One route: its first two hops pass, its last has room for 6 and is asked for 25.
    let before = snapshot(client, &web.banks()).await?;
    let refusal = refused(
        client,
        &alice.key,
        &router(at).call_mut().pay_along(
            dave,
            vec![long_route(&web, 25 * UNIT)],
            25 * UNIT,
            0,
            u64::MAX,
        ),
    )
    .await?;
    assert_eq!(
        refusal,
        Err(RouterError::HopFailed {
            route: 0,
            hop: 2,
            error: BankError::NoCapacity
        })
    );
    assert_eq!(snapshot(client, &web.banks()).await?, before);

    // Two routes: the first (through Eve) clears completely, the second fails at its last
    // hop; the whole payment reverts, the first route's notes included.
    let refusal = refused(
        client,
        &alice.key,
        &router(at).call_mut().pay_along(
            dave,
            vec![short_route(&web, 30 * UNIT), long_route(&web, 25 * UNIT)],
            55 * UNIT,
            0,
            u64::MAX,
        ),
    )
    .await?;
    assert_eq!(
        refusal,
        Err(RouterError::HopFailed {
            route: 1,
            hop: 2,
            error: BankError::NoCapacity
        })
    );
    let after = snapshot(client, &web.banks()).await?;
    assert_eq!(after, before);
    assert_eq!(web.line(client, "alice", "eve").await?.held, 0);
    assert_eq!(web.line(client, "eve", "dave").await?.held, 0);

    // The on-chain search does not offer a route it cannot pay in full either.
    let refusal = refused(
        client,
        &alice.key,
        &router(at).call_mut().pay(dave, 45 * UNIT, 0, 0),
    )
    .await?;
    assert_eq!(refusal, Err(RouterError::NoRoute));
    assert_eq!(snapshot(client, &web.banks()).await?, before);

    // What does fit still clears.
    exec(
        client,
        &alice.key,
        &router(at).call_mut().pay_along(
            dave,
            vec![long_route(&web, 6 * UNIT)],
            6 * UNIT,
            0,
            u64::MAX,
        ),
    )
    .await?;
    assert_eq!(long_route_held(client, &web).await?, [10 * UNIT; 3]);
    Ok(())
}
