//! Access: every owner-only message fails for a stranger and leaves state unchanged; only a
//! holder sets its own willingness; only authorised routers hop.

use crate::world;
use vouch_sandbox_tests::{snapshot, CallError, ChainExt};
use vouch_traits::{BankError, Settle};

#[test]
fn owner_only_messages_fail_for_a_stranger_with_state_unchanged() {
    let mut w = world();
    let bob = w.bob.clone();
    w.open_line(&bob, 100, 100);
    let mut people = w.people();
    let (bank, c) = (w.bank.clone(), &mut w.chain);
    bank.grant(c, &w.alice, &bob, 50).unwrap();
    bank.deposit(c, &w.alice, 500).unwrap();
    let mallory = c.person("mallory");
    let other = c.deploy_bank(&mallory, "MAL");
    people.push(mallory.clone());
    let snap = snapshot(c, &bank, &people);

    let attempts: Vec<(&str, Result<(), CallError>)> = vec![
        ("set_limit", bank.set_limit(c, &mallory, &mallory, 1_000)),
        ("grant", bank.grant(c, &mallory, &bob, 1)),
        ("revoke", bank.revoke(c, &mallory, &bob, 50)),
        ("withdraw", bank.withdraw(c, &mallory, 500)),
        ("collect", bank.collect(c, &mallory, &other, 1)),
        ("trust", bank.trust(c, &mallory, &other, 1)),
        ("set_router", bank.set_router(c, &mallory, &mallory, true)),
    ];
    for (what, r) in attempts {
        assert_eq!(r, Err(BankError::NotOwner.into()), "{what}");
    }
    assert_eq!(
        bank.hop(c, &mallory, &mallory, 1, Settle::Issue),
        Err(BankError::NotRouter.into())
    );
    assert_eq!(snapshot(c, &bank, &people), snap);
    assert!(!bank.is_router(c, &mallory).unwrap());
}

#[test]
fn the_owner_is_whoever_instantiated_the_bank() {
    let mut w = world();
    let c = &mut w.chain;
    let pool = c.person("pool");
    let bank = c.deploy_bank(&pool, "POOL");
    assert_eq!(
        bank.status(c).unwrap().owner,
        vouch_sandbox_tests::ink_id(&pool)
    );
    assert_eq!(
        w.bank.status(c).unwrap().owner,
        vouch_sandbox_tests::ink_id(&w.alice)
    );
    // the owner of one bank has no rights over another
    assert_eq!(
        bank.set_limit(c, &w.alice, &w.bob, 1),
        Err(vouch_traits::BankError::NotOwner.into())
    );
}
