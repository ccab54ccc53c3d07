//! Reserve: deposit, withdraw, redeem with a full and a short reserve, collect.

use crate::world;
use vouch_sandbox_tests::{snapshot, ChainExt};
use vouch_traits::BankError;

#[test]
fn deposit_and_withdraw_move_exactly_the_amount() {
    let mut w = world();
    let (bank, c) = (w.bank.clone(), &mut w.chain);
    let bob_before = c.free_balance(&w.bob);
    bank.deposit(c, &w.bob, 5_000).unwrap();
    assert_eq!(c.free_balance(&w.bob), bob_before - 5_000);
    assert_eq!(bank.status(c).unwrap().reserve, 5_000);
    assert_eq!(
        bank.deposit(c, &w.bob, 0),
        Err(BankError::ZeroAmount.into())
    );

    let alice_before = c.free_balance(&w.alice);
    bank.withdraw(c, &w.alice, 2_000).unwrap();
    assert_eq!(c.free_balance(&w.alice), alice_before + 2_000);
    assert_eq!(bank.status(c).unwrap().reserve, 3_000);
    assert_eq!(
        bank.withdraw(c, &w.alice, 3_001),
        Err(BankError::InsufficientReserve.into())
    );
    assert_eq!(bank.withdraw(c, &w.bob, 1), Err(BankError::NotOwner.into()));
    // the whole reserve can be withdrawn
    bank.withdraw(c, &w.alice, 3_000).unwrap();
    assert_eq!(bank.status(c).unwrap().reserve, 0);
}

#[test]
fn redeem_with_full_and_short_reserve() {
    let mut w = world();
    let bob = w.bob.clone();
    w.open_line(&bob, 1_000, 1_000);
    let (bank, c) = (w.bank.clone(), &mut w.chain);
    bank.grant(c, &w.alice, &bob, 1_000).unwrap();
    bank.deposit(c, &w.alice, 600).unwrap();

    let before = c.free_balance(&bob);
    bank.redeem(c, &bob, 400).unwrap();
    assert_eq!(c.free_balance(&bob), before + 400);
    assert_eq!(bank.balance_of(c, &bob).unwrap(), 600);
    assert_eq!(bank.total_supply(c).unwrap(), 600);
    assert_eq!(bank.status(c).unwrap().reserve, 200);

    // short reserve: fails cleanly, nothing changes
    let people = [bob.clone(), bank.addr.clone()];
    let snap = snapshot(c, &bank, &people);
    assert_eq!(
        bank.redeem(c, &bob, 201),
        Err(BankError::InsufficientReserve.into())
    );
    assert!(c.last.reverted && c.last.events.is_empty());
    assert_eq!(snapshot(c, &bank, &people), snap);

    // explicit partial redeem pays what is there and says how much
    assert_eq!(bank.redeem_partial(c, &bob, 500), Ok(200));
    assert_eq!(c.free_balance(&bob), before + 600);
    assert_eq!(bank.balance_of(c, &bob).unwrap(), 400);
    assert_eq!(bank.status(c).unwrap().reserve, 0);
    assert_eq!(
        bank.redeem_partial(c, &bob, 1),
        Err(BankError::InsufficientReserve.into())
    );
    assert_eq!(
        bank.redeem(c, &w.carol, 1),
        Err(BankError::InsufficientNotes.into())
    );
    assert_eq!(bank.redeem(c, &bob, 0), Err(BankError::ZeroAmount.into()));
}

#[test]
fn a_bank_collects_notes_it_holds_into_its_reserve() {
    let mut w = world();
    let c = &mut w.chain;
    let erin = c.person("erin");
    let erin_bank = c.deploy_bank(&erin, "ERIN");
    let bank = w.bank.clone();
    // alice's bank holds 300 erin-notes (erin lets it, and alice's bank is willing)
    erin_bank.set_limit(c, &erin, &bank.addr, 300).unwrap();
    bank.trust(c, &w.alice, &erin_bank, 300).unwrap();
    assert_eq!(erin_bank.line(c, &bank.addr).unwrap().willing, 300);
    erin_bank.grant(c, &erin, &bank.addr, 300).unwrap();
    erin_bank.deposit(c, &erin, 100).unwrap();

    assert_eq!(
        bank.collect(c, &w.bob, &erin_bank, 10),
        Err(BankError::NotOwner.into())
    );
    // erin's reserve is short: the nested redeem fails, nothing changes
    // the nested redeem's own error comes back
    assert_eq!(
        bank.collect(c, &w.alice, &erin_bank, 101),
        Err(BankError::InsufficientReserve.into())
    );
    assert_eq!(bank.status(c).unwrap().reserve, 0);
    assert_eq!(erin_bank.balance_of(c, &bank.addr).unwrap(), 300);
    bank.collect(c, &w.alice, &erin_bank, 100).unwrap();
    assert_eq!(bank.status(c).unwrap().reserve, 100);
    assert_eq!(erin_bank.status(c).unwrap().reserve, 0);
    assert_eq!(erin_bank.balance_of(c, &bank.addr).unwrap(), 200);
    // calling something that is no bank fails as a typed error
    assert_eq!(
        bank.collect(
            c,
            &w.alice,
            &vouch_sandbox_tests::BankRef { addr: erin.clone() },
            1
        ),
        Err(BankError::CallFailed.into())
    );
}

#[test]
fn trusting_something_that_is_no_bank_fails_cleanly() {
    let mut w = world();
    let (bank, c) = (w.bank.clone(), &mut w.chain);
    let not_a_bank = vouch_sandbox_tests::BankRef {
        addr: w.bob.clone(),
    };
    assert_eq!(
        bank.trust(c, &w.alice, &not_a_bank, 10),
        Err(BankError::CallFailed.into())
    );
    assert_eq!(bank.status(c).unwrap().counterparties, 0);
}
