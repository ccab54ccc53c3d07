//! Off-chain unit tests: every message and every error path, plus property tests of the
//! invariants over random histories. Cross-contract messages (`collect`, `trust`, a
//! `Settle::Return` hop) and on-chain rollback are covered by the sandbox tests.

use crate::trust_bank::Bank;
use ink::env::{test, DefaultEnvironment as E};
use ink::primitives::AccountId;
use vouch_traits::traits::MAX_PAGE;
use vouch_traits::BankError::*;
use vouch_traits::{
    Balance, BankStatus, Line, PSP22Error, PSP22Metadata, Result, Settle, TrustBank, PSP22,
};

const BANK: [u8; 32] = [0xBA; 32];

struct Actors {
    alice: AccountId,
    bob: AccountId,
    carol: AccountId,
    dave: AccountId,
}

fn bank_addr() -> AccountId {
    AccountId::from(BANK)
}

/// A fresh off-chain world: alice owns a bank at `BANK`; everyone has 1_000_000 native units.
fn setup() -> (Bank, Actors) {
    let a = test::default_accounts::<E>();
    test::run_test::<E, _>(|_| Ok(())).unwrap(); // resets the engine
    for who in [a.alice, a.bob, a.charlie, a.django] {
        test::set_account_balance::<E>(who, 1_000_000);
    }
    test::set_account_balance::<E>(bank_addr(), 0);
    test::set_callee::<E>(bank_addr());
    test::set_caller::<E>(a.alice);
    let bank = Bank::new(Some("Alice notes".into()), Some("ALICE".into()), 0);
    let actors = Actors {
        alice: a.alice,
        bob: a.bob,
        carol: a.charlie,
        dave: a.django,
    };
    (bank, actors)
}

fn as_(who: AccountId) {
    test::set_caller::<E>(who);
    test::set_value_transferred::<E>(0);
}

fn balance(who: AccountId) -> Balance {
    test::get_account_balance::<E>(who).unwrap_or(0)
}

/// Deposit as the chain does it: the value moves into the contract before the call.
fn deposit(bank: &mut Bank, from: AccountId, amount: Balance) -> Result<()> {
    // The engine's transfer moves value out of the callee without the balance setter's
    // existential-deposit check.
    test::set_callee::<E>(from);
    ink::env::transfer::<E>(bank_addr(), amount).unwrap();
    test::set_callee::<E>(bank_addr());
    as_(from);
    test::set_value_transferred::<E>(amount);
    let r = TrustBank::deposit(bank);
    test::set_value_transferred::<E>(0);
    r
}

/// `holder` gets a line of `limit` from alice and is willing to hold `willing`.
fn open_line(bank: &mut Bank, who: &Actors, holder: AccountId, limit: Balance, willing: Balance) {
    as_(who.alice);
    bank.set_limit(holder, limit).unwrap();
    as_(holder);
    bank.set_willing(willing).unwrap();
}

fn events() -> usize {
    test::recorded_events().count()
}

/// Everything a failing message must leave as it was.
fn snapshot(bank: &Bank, who: &Actors) -> (Vec<(AccountId, Line)>, BankStatus, Vec<Balance>) {
    let people = [who.alice, who.bob, who.carol, who.dave, bank_addr()];
    let mut allowances = Vec::new();
    for o in people {
        allowances.push(balance(o));
        for s in people {
            allowances.push(bank.allowance(o, s));
        }
    }
    (bank.lines(0, MAX_PAGE), bank.status(), allowances)
}

#[ink::test]
fn new_bank_is_empty_and_owned_by_deployer() {
    let (bank, who) = setup();
    let s = bank.status();
    assert_eq!(s.owner, who.alice);
    assert_eq!((s.reserve, s.outstanding, s.counterparties), (0, 0, 0));
    assert_eq!(s.reserve_ratio_ppm, None);
    assert_eq!(bank.token_name().as_deref(), Some("Alice notes"));
    assert_eq!(bank.token_symbol().as_deref(), Some("ALICE"));
    assert_eq!(bank.token_decimals(), 0);
    assert_eq!(bank.total_supply(), 0);
    assert_eq!(bank.line(who.bob), Line::default());
}

#[ink::test]
fn deposit_and_withdraw_move_native_currency() {
    let (mut bank, who) = setup();
    deposit(&mut bank, who.bob, 500).unwrap();
    assert_eq!(bank.status().reserve, 500);
    assert_eq!(events(), 1);
    as_(who.alice);
    bank.withdraw(200).unwrap();
    assert_eq!(bank.status().reserve, 300);
    assert_eq!(balance(who.alice), 1_000_200);
    assert_eq!(bank.withdraw(301), Err(InsufficientReserve));
    assert_eq!(bank.withdraw(0), Err(ZeroAmount));
    as_(who.bob);
    assert_eq!(bank.withdraw(1), Err(NotOwner));
    assert_eq!(bank.status().reserve, 300);
}

#[ink::test]
fn deposit_of_nothing_is_refused() {
    let (mut bank, who) = setup();
    assert_eq!(deposit(&mut bank, who.bob, 0), Err(ZeroAmount));
    assert_eq!(events(), 0);
}

#[ink::test]
fn limit_and_willing_are_set_by_their_own_side() {
    let (mut bank, who) = setup();
    open_line(&mut bank, &who, who.bob, 100, 60);
    let l = bank.line(who.bob);
    assert_eq!((l.limit, l.willing, l.capacity()), (100, 60, 60));
    assert_eq!(bank.status().counterparties, 1);
    as_(who.bob);
    assert_eq!(bank.set_limit(who.bob, 1_000), Err(NotOwner));
    // alice setting "willing" sets her own line, never bob's
    as_(who.alice);
    bank.set_willing(5).unwrap();
    assert_eq!(bank.line(who.bob).willing, 60);
    assert_eq!(bank.line(who.alice).willing, 5);
    // alice's willingness is stored, but only the owner lists a line
    assert_eq!(bank.status().counterparties, 1);
    assert_eq!(bank.lines(0, MAX_PAGE).len(), 1);
    assert_eq!(bank.set_limit(bank_addr(), 1), Err(SelfLine));
    as_(bank_addr());
    assert_eq!(bank.set_willing(1), Err(SelfLine));
}

#[ink::test]
fn grant_needs_capacity_and_is_revocable() {
    let (mut bank, who) = setup();
    as_(who.alice);
    assert_eq!(bank.grant(who.bob, 30), Err(NoCapacity));
    open_line(&mut bank, &who, who.bob, 30, 50);
    as_(who.alice);
    assert_eq!(bank.grant(who.bob, 0), Err(ZeroAmount));
    assert_eq!(bank.grant(bank_addr(), 1), Err(SelfLine));
    assert_eq!(bank.grant(who.bob, 31), Err(NoCapacity));
    bank.grant(who.bob, 30).unwrap();
    assert_eq!(bank.balance_of(who.bob), 30);
    assert_eq!(bank.line(who.bob).granted, 30);
    assert_eq!(bank.total_supply(), 30);
    as_(who.bob);
    assert_eq!(bank.grant(who.bob, 1), Err(NotOwner));
    assert_eq!(bank.revoke(who.bob, 1), Err(NotOwner));
    as_(who.alice);
    assert_eq!(bank.revoke(who.bob, 0), Err(ZeroAmount));
    assert_eq!(bank.revoke(who.bob, 31), Err(ExceedsGranted));
    bank.revoke(who.bob, 10).unwrap();
    assert_eq!(bank.balance_of(who.bob), 20);
    assert_eq!(bank.total_supply(), 20);
}

#[ink::test]
fn revoke_many_is_all_or_nothing() {
    let (mut bank, who) = setup();
    open_line(&mut bank, &who, who.bob, 100, 100);
    open_line(&mut bank, &who, who.carol, 100, 100);
    as_(who.alice);
    bank.grant(who.bob, 40).unwrap();
    bank.grant(who.carol, 20).unwrap();
    let before = snapshot(&bank, &who);
    let events_before = events();
    // Nothing is written when any gift cannot be revoked: not the earlier ones either.
    for bad in [
        vec![(who.bob, 10), (who.carol, 21)],
        vec![(who.bob, 30), (who.bob, 11)],
        vec![(who.bob, 10), (who.carol, 0)],
    ] {
        let err = if bad[1].1 == 0 {
            ZeroAmount
        } else {
            ExceedsGranted
        };
        assert_eq!(bank.revoke_many(bad), Err(err));
        assert_eq!(snapshot(&bank, &who), before);
        assert_eq!(events(), events_before);
    }
    as_(who.bob);
    assert_eq!(bank.revoke_many(vec![(who.bob, 1)]), Err(NotOwner));
    as_(who.alice);
    // A holder named twice gives both amounts back; one burn and one `Revoked` per gift.
    bank.revoke_many(vec![(who.bob, 30), (who.carol, 20), (who.bob, 10)])
        .unwrap();
    assert_eq!(bank.balance_of(who.bob), 0);
    assert_eq!(bank.balance_of(who.carol), 0);
    assert_eq!(bank.total_supply(), 0);
    assert_eq!(events(), events_before + 6);
}

#[ink::test]
fn revoke_never_takes_earned_notes() {
    let (mut bank, who) = setup();
    open_line(&mut bank, &who, who.bob, 100, 100);
    open_line(&mut bank, &who, who.carol, 100, 100);
    as_(who.alice);
    bank.grant(who.bob, 40).unwrap();
    // bob pays carol 25 of his gift: carol earned them.
    as_(who.bob);
    bank.transfer(who.carol, 25, Vec::new()).unwrap();
    as_(who.alice);
    assert_eq!(bank.revoke(who.carol, 1), Err(ExceedsGranted));
    assert_eq!(bank.revoke(who.bob, 16), Err(ExceedsGranted));
    bank.revoke(who.bob, 15).unwrap();
    assert_eq!(bank.balance_of(who.bob), 0);
    assert_eq!(bank.balance_of(who.carol), 25);
}

#[ink::test]
fn psp22_transfer_respects_receiver_capacity() {
    let (mut bank, who) = setup();
    open_line(&mut bank, &who, who.bob, 50, 50);
    open_line(&mut bank, &who, who.carol, 20, 100);
    as_(who.alice);
    bank.grant(who.bob, 50).unwrap();
    as_(who.bob);
    assert_eq!(
        bank.transfer(who.carol, 21, Vec::new()),
        Err(PSP22Error::Custom("NoCapacity".into()))
    );
    assert_eq!(
        bank.transfer(who.carol, 51, Vec::new()),
        Err(PSP22Error::InsufficientBalance)
    );
    assert_eq!(
        bank.transfer(who.dave, 1, Vec::new()),
        Err(PSP22Error::Custom("NoCapacity".into()))
    );
    bank.transfer(who.carol, 20, Vec::new()).unwrap();
    assert_eq!(bank.balance_of(who.bob), 30);
    assert_eq!(bank.balance_of(who.carol), 20);
    // zero and self transfers are no-ops
    let before = events();
    bank.transfer(who.carol, 0, Vec::new()).unwrap();
    bank.transfer(who.bob, 5, Vec::new()).unwrap();
    assert_eq!(events(), before);
    assert_eq!(bank.total_supply(), 50);
}

#[ink::test]
fn notes_sent_to_the_bank_are_burned() {
    let (mut bank, who) = setup();
    open_line(&mut bank, &who, who.bob, 50, 50);
    as_(who.alice);
    bank.grant(who.bob, 50).unwrap();
    as_(who.bob);
    bank.transfer(bank_addr(), 20, Vec::new()).unwrap();
    assert_eq!(bank.total_supply(), 30);
    assert_eq!(bank.balance_of(who.bob), 30);
    assert_eq!(bank.line(who.bob).granted, 30);
    assert_eq!(bank.balance_of(bank_addr()), 0);
}

#[ink::test]
fn transfer_from_spends_allowance() {
    let (mut bank, who) = setup();
    open_line(&mut bank, &who, who.bob, 50, 50);
    open_line(&mut bank, &who, who.carol, 50, 50);
    as_(who.alice);
    bank.grant(who.bob, 50).unwrap();
    as_(who.bob);
    bank.approve(who.dave, 10).unwrap();
    assert_eq!(bank.allowance(who.bob, who.dave), 10);
    as_(who.dave);
    assert_eq!(
        bank.transfer_from(who.bob, who.carol, 11, Vec::new()),
        Err(PSP22Error::InsufficientAllowance)
    );
    bank.transfer_from(who.bob, who.carol, 6, Vec::new())
        .unwrap();
    assert_eq!(bank.allowance(who.bob, who.dave), 4);
    assert_eq!(bank.balance_of(who.carol), 6);
    // a failing move keeps the allowance
    as_(who.bob);
    bank.approve(who.dave, 100).unwrap();
    as_(who.dave);
    assert_eq!(
        bank.transfer_from(who.bob, who.dave, 10, Vec::new()),
        Err(PSP22Error::Custom("NoCapacity".into()))
    );
    assert_eq!(bank.allowance(who.bob, who.dave), 100);
    // the holder itself needs no allowance
    as_(who.bob);
    bank.transfer_from(who.bob, who.carol, 1, Vec::new())
        .unwrap();
}

#[ink::test]
fn transfer_from_to_oneself_or_of_nothing_does_nothing() {
    let (mut bank, who) = setup();
    open_line(&mut bank, &who, who.bob, 50, 50);
    as_(who.alice);
    bank.grant(who.bob, 20).unwrap();
    as_(who.bob);
    bank.approve(who.dave, 5).unwrap();
    let before = events();
    as_(who.dave);
    // no allowance is read or spent, and nothing moves or is announced
    bank.transfer_from(who.bob, who.bob, 5, Vec::new()).unwrap();
    bank.transfer_from(who.bob, who.bob, 50, Vec::new())
        .unwrap();
    bank.transfer_from(who.carol, who.carol, 1, Vec::new())
        .unwrap();
    bank.transfer_from(who.bob, who.carol, 0, Vec::new())
        .unwrap();
    assert_eq!(bank.allowance(who.bob, who.dave), 5);
    assert_eq!(bank.balance_of(who.bob), 20);
    assert_eq!(events(), before);
}

#[ink::test]
fn allowance_increase_and_decrease() {
    let (mut bank, who) = setup();
    as_(who.bob);
    bank.increase_allowance(who.carol, 5).unwrap();
    bank.increase_allowance(who.carol, u128::MAX).unwrap();
    assert_eq!(bank.allowance(who.bob, who.carol), u128::MAX);
    bank.decrease_allowance(who.carol, u128::MAX - 3).unwrap();
    assert_eq!(bank.allowance(who.bob, who.carol), 3);
    assert_eq!(
        bank.decrease_allowance(who.carol, 4),
        Err(PSP22Error::InsufficientAllowance)
    );
    assert_eq!(bank.allowance(who.bob, who.carol), 3);
}

#[ink::test]
fn redeem_pays_from_reserve_or_fails_cleanly() {
    let (mut bank, who) = setup();
    open_line(&mut bank, &who, who.bob, 100, 100);
    as_(who.alice);
    bank.grant(who.bob, 100).unwrap();
    deposit(&mut bank, who.alice, 60).unwrap();
    as_(who.bob);
    assert_eq!(bank.redeem(0), Err(ZeroAmount));
    assert_eq!(bank.redeem(101), Err(InsufficientNotes));
    let before = snapshot(&bank, &who);
    assert_eq!(bank.redeem(61), Err(InsufficientReserve));
    assert_eq!(snapshot(&bank, &who), before);
    bank.redeem(40).unwrap();
    assert_eq!(balance(who.bob), 1_000_040);
    assert_eq!(bank.balance_of(who.bob), 60);
    assert_eq!(bank.total_supply(), 60);
    assert_eq!(bank.status().reserve, 20);
    assert_eq!(bank.status().reserve_ratio_ppm, Some(333_333));
    // partial: pays what the reserve has
    assert_eq!(bank.redeem_partial(50), Ok(20));
    assert_eq!(bank.balance_of(who.bob), 40);
    assert_eq!(bank.redeem_partial(50), Err(InsufficientReserve));
    assert_eq!(bank.redeem_partial(0), Err(ZeroAmount));
    as_(who.carol);
    assert_eq!(bank.redeem_partial(5), Err(InsufficientNotes));
}

#[ink::test]
fn routers_are_authorised_by_the_owner_only() {
    let (mut bank, who) = setup();
    as_(who.bob);
    assert_eq!(bank.set_router(who.bob, true), Err(NotOwner));
    assert_eq!(bank.hop(who.carol, 1, Settle::Issue), Err(NotRouter));
    as_(who.alice);
    bank.set_router(who.dave, true).unwrap();
    assert!(bank.is_router(who.dave));
    open_line(&mut bank, &who, who.carol, 10, 10);
    as_(who.dave);
    assert_eq!(bank.hop(who.carol, 11, Settle::Issue), Err(NoCapacity));
    assert_eq!(bank.hop(who.carol, 0, Settle::Issue), Err(ZeroAmount));
    assert_eq!(bank.hop(bank_addr(), 1, Settle::Issue), Err(SelfLine));
    bank.hop(who.carol, 10, Settle::Issue).unwrap();
    let l = bank.line(who.carol);
    assert_eq!((l.held, l.granted), (10, 0), "routed notes are earned");
    as_(who.alice);
    bank.set_router(who.dave, false).unwrap();
    assert!(!bank.is_router(who.dave));
    as_(who.dave);
    assert_eq!(bank.hop(who.carol, 1, Settle::Issue), Err(NotRouter));
}

#[ink::test]
fn owner_only_messages_refuse_strangers_and_change_nothing() {
    let (mut bank, who) = setup();
    open_line(&mut bank, &who, who.bob, 10, 10);
    deposit(&mut bank, who.alice, 10).unwrap();
    as_(who.carol);
    let before = snapshot(&bank, &who);
    let n = events();
    assert_eq!(bank.set_limit(who.carol, 5), Err(NotOwner));
    assert_eq!(bank.grant(who.bob, 5), Err(NotOwner));
    assert_eq!(bank.revoke(who.bob, 5), Err(NotOwner));
    assert_eq!(bank.withdraw(5), Err(NotOwner));
    assert_eq!(bank.collect(who.dave, 5), Err(NotOwner));
    assert_eq!(bank.trust(who.dave, 5), Err(NotOwner));
    assert_eq!(bank.set_router(who.carol, true), Err(NotOwner));
    assert_eq!(snapshot(&bank, &who), before);
    assert_eq!(events(), n);
}

#[ink::test]
fn cross_contract_messages_validate_first() {
    let (mut bank, who) = setup();
    as_(who.alice);
    assert_eq!(bank.collect(bank_addr(), 1), Err(SelfLine));
    assert_eq!(bank.collect(who.dave, 0), Err(ZeroAmount));
    assert_eq!(bank.trust(bank_addr(), 1), Err(SelfLine));
    bank.set_router(who.dave, true).unwrap();
    as_(who.dave);
    assert_eq!(bank.hop(who.carol, 0, Settle::Return), Err(ZeroAmount));
    assert_eq!(bank.hop(bank_addr(), 1, Settle::Return), Err(SelfLine));
}

#[ink::test]
fn lines_are_paginated_in_the_order_the_owner_opened_them() {
    let (mut bank, _who) = setup();
    as_(bank.status().owner);
    let holders: Vec<AccountId> = (0u8..70).map(|i| AccountId::from([i; 32])).collect();
    for (i, h) in holders.iter().enumerate() {
        bank.set_limit(*h, i as u128 + 1).unwrap();
    }
    // updating an existing line does not re-index it
    bank.set_limit(holders[3], 99).unwrap();
    assert_eq!(bank.status().counterparties, 70);
    let first = bank.lines(0, 1_000);
    assert_eq!(first.len(), MAX_PAGE as usize);
    let rest = bank.lines(MAX_PAGE, 1_000);
    assert_eq!(rest.len(), 6);
    let all: Vec<AccountId> = first.iter().chain(&rest).map(|(a, _)| *a).collect();
    assert_eq!(all, holders);
    assert_eq!(first[3].1.limit, 99);
    assert!(bank.lines(70, 5).is_empty());
    assert!(bank.lines(u32::MAX, u32::MAX).is_empty());
}

#[ink::test]
fn only_the_owner_lists_a_line() {
    let (mut bank, who) = setup();
    let owner = bank.status().owner;
    // strangers' willingness, and a zero limit, list nothing
    for stranger in [who.bob, who.carol, who.dave] {
        as_(stranger);
        bank.set_willing(10).unwrap();
    }
    as_(owner);
    bank.set_limit(AccountId::from([0xEE; 32]), 0).unwrap();
    assert_eq!(bank.status().counterparties, 0);
    assert!(bank.lines(0, MAX_PAGE).is_empty());
    // the owner opens charlie's line, then bob's: listed in that order, once each
    bank.set_limit(who.carol, 5).unwrap();
    bank.set_limit(who.bob, 7).unwrap();
    bank.set_limit(who.carol, 0).unwrap();
    bank.set_limit(who.carol, 9).unwrap();
    let page = bank.lines(0, MAX_PAGE);
    let listed: Vec<AccountId> = page.iter().map(|(a, _)| *a).collect();
    assert_eq!(listed, vec![who.carol, who.bob]);
    assert_eq!((page[0].1.limit, page[0].1.willing), (9, 10));
    assert_eq!(bank.status().counterparties, 2);
    // a stranger who takes its willingness back leaves no line behind
    as_(who.dave);
    bank.set_willing(0).unwrap();
    assert_eq!(bank.line(who.dave), Line::default());
}

#[ink::test]
fn limit_below_held_blocks_new_notes_and_burns_nothing() {
    let (mut bank, who) = setup();
    open_line(&mut bank, &who, who.bob, 50, 50);
    as_(who.alice);
    bank.grant(who.bob, 40).unwrap();
    bank.set_limit(who.bob, 10).unwrap();
    assert_eq!(bank.balance_of(who.bob), 40);
    assert_eq!(bank.grant(who.bob, 1), Err(NoCapacity));
}

#[ink::test]
fn notes_outstanding_cannot_overflow() {
    let (mut bank, who) = setup();
    open_line(&mut bank, &who, who.bob, u128::MAX, u128::MAX);
    open_line(&mut bank, &who, who.carol, u128::MAX, u128::MAX);
    as_(who.alice);
    bank.grant(who.bob, u128::MAX).unwrap();
    let before = snapshot(&bank, &who);
    assert_eq!(bank.grant(who.carol, 1), Err(Overflow));
    as_(who.alice);
    bank.set_router(who.dave, true).unwrap();
    as_(who.dave);
    assert_eq!(bank.hop(who.carol, 1, Settle::Issue), Err(Overflow));
    let (lines, status, _) = snapshot(&bank, &who);
    assert_eq!((lines, status), (before.0, before.1));
}

mod props {
    //! Random histories over one bank: invariants 1, 2, 3 and 5 of the design hold after
    //! every step, and every failing step changes nothing.
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Op {
        Deposit(usize, u128),
        Withdraw(usize, u128),
        SetLimit(usize, usize, u128),
        SetWilling(usize, u128),
        Grant(usize, usize, u128),
        Revoke(usize, usize, u128),
        Redeem(usize, u128),
        RedeemPartial(usize, u128),
        Transfer(usize, usize, u128),
        Approve(usize, usize, u128),
        TransferFrom(usize, usize, usize, u128),
        SetRouter(usize, usize, bool),
        Hop(usize, usize, u128),
    }

    /// Actors 0..4 are people (0 owns the bank); 4 is the bank's own address.
    fn actor() -> impl Strategy<Value = usize> {
        0usize..5
    }

    fn amount() -> impl Strategy<Value = u128> {
        prop_oneof![0u128..60, Just(u128::MAX)]
    }

    /// Operations weighted towards the ones that move notes, so that histories reach deep
    /// states (gifts spent, limits lowered under held notes, short reserves).
    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            2 => (actor(), 0u128..200).prop_map(|(a, v)| Op::Deposit(a, v)),
            1 => (actor(), amount()).prop_map(|(a, v)| Op::Withdraw(a, v)),
            1 => (actor(), actor(), amount()).prop_map(|(a, h, v)| Op::SetLimit(a, h, v)),
            1 => (actor(), amount()).prop_map(|(a, v)| Op::SetWilling(a, v)),
            4 => (owner_mostly(), actor(), amount()).prop_map(|(a, h, v)| Op::Grant(a, h, v)),
            3 => (owner_mostly(), actor(), amount()).prop_map(|(a, h, v)| Op::Revoke(a, h, v)),
            2 => (actor(), amount()).prop_map(|(a, v)| Op::Redeem(a, v)),
            2 => (actor(), amount()).prop_map(|(a, v)| Op::RedeemPartial(a, v)),
            5 => (actor(), actor(), amount()).prop_map(|(a, t, v)| Op::Transfer(a, t, v)),
            1 => (actor(), actor(), amount()).prop_map(|(a, s, v)| Op::Approve(a, s, v)),
            2 => (actor(), actor(), actor(), amount())
                .prop_map(|(a, f, t, v)| Op::TransferFrom(a, f, t, v)),
            1 => (actor(), actor(), any::<bool>()).prop_map(|(a, r, b)| Op::SetRouter(a, r, b)),
            2 => (actor(), actor(), amount()).prop_map(|(a, t, v)| Op::Hop(a, t, v)),
        ]
    }

    /// The owner three times out of four, anyone otherwise.
    fn owner_mostly() -> impl Strategy<Value = usize> {
        prop_oneof![3 => Just(0usize), 1 => actor()]
    }

    /// Lines opened before the history starts: (limit, willing) for actors 1..4.
    fn opening() -> impl Strategy<Value = Vec<(u128, u128)>> {
        proptest::collection::vec((0u128..120, 0u128..120), 3)
    }

    fn addr(who: &Actors, i: usize) -> AccountId {
        [who.alice, who.bob, who.carol, who.dave, bank_addr()][i]
    }

    fn native_total(who: &Actors) -> u128 {
        (0..5).map(|i| balance(addr(who, i))).sum()
    }

    /// Applies one op as its actor; true when it succeeded.
    fn apply(bank: &mut Bank, who: &Actors, op: &Op) -> bool {
        let a = |i: usize| addr(who, i);
        let caller = match op {
            Op::Deposit(c, _)
            | Op::Withdraw(c, _)
            | Op::SetLimit(c, _, _)
            | Op::SetWilling(c, _)
            | Op::Grant(c, _, _)
            | Op::Revoke(c, _, _)
            | Op::Redeem(c, _)
            | Op::RedeemPartial(c, _)
            | Op::Transfer(c, _, _)
            | Op::Approve(c, _, _)
            | Op::TransferFrom(c, _, _, _)
            | Op::SetRouter(c, _, _)
            | Op::Hop(c, _, _) => a(*c),
        };
        if let Op::Deposit(_, v) = op {
            // the bank cannot pay itself in; people pay only what they have
            if caller == bank_addr() || balance(caller) < *v {
                return false;
            }
            return deposit(bank, caller, *v).is_ok();
        }
        as_(caller);
        match *op {
            Op::Withdraw(_, v) => bank.withdraw(v).is_ok(),
            Op::SetLimit(_, h, v) => bank.set_limit(a(h), v).is_ok(),
            Op::SetWilling(_, v) => bank.set_willing(v).is_ok(),
            Op::Grant(_, h, v) => bank.grant(a(h), v).is_ok(),
            Op::Revoke(_, h, v) => bank.revoke(a(h), v).is_ok(),
            Op::Redeem(_, v) => bank.redeem(v).is_ok(),
            Op::RedeemPartial(_, v) => bank.redeem_partial(v).is_ok(),
            Op::Transfer(_, t, v) => bank.transfer(a(t), v, Vec::new()).is_ok(),
            Op::Approve(_, s, v) => bank.approve(a(s), v).is_ok(),
            Op::TransferFrom(_, f, t, v) => bank.transfer_from(a(f), a(t), v, Vec::new()).is_ok(),
            Op::SetRouter(_, r, b) => bank.set_router(a(r), b).is_ok(),
            Op::Hop(_, t, v) => bank.hop(a(t), v, Settle::Issue).is_ok(),
            Op::Deposit(..) => unreachable!("handled above"),
        }
    }

    fn owner_only(op: &Op) -> bool {
        matches!(
            op,
            Op::Withdraw(..)
                | Op::SetLimit(..)
                | Op::Grant(..)
                | Op::Revoke(..)
                | Op::SetRouter(..)
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn random_histories_keep_the_invariants(
            lines in opening(),
            ops in proptest::collection::vec(op(), 1..40),
        ) {
            let (mut bank, who) = setup();
            for (i, (limit, willing)) in lines.iter().enumerate() {
                open_line(&mut bank, &who, addr(&who, i + 1), *limit, *willing);
            }
            let total = native_total(&who);
            for op in &ops {
                let before = snapshot(&bank, &who);
                let reserve_before = bank.status().reserve;
                let lines_before = bank.lines(0, MAX_PAGE);
                let n_events = events();
                let ok = apply(&mut bank, &who, op);
                let (lines, status, _) = snapshot(&bank, &who);

                // 1. notes outstanding == sum of held; granted <= held on every line
                let held: u128 = lines.iter().map(|(_, l)| l.held).sum();
                prop_assert_eq!(held, status.outstanding);
                prop_assert_eq!(held, bank.total_supply());
                for (_, l) in &lines {
                    prop_assert!(l.granted <= l.held, "granted > held on {:?}", l);
                }
                // 2. a line that gained notes is within min(limit, willing)
                for (h, l) in &lines {
                    let old = lines_before.iter().find(|(o, _)| o == h).map(|(_, l)| l.held).unwrap_or(0);
                    if l.held > old {
                        prop_assert!(l.held <= l.ceiling(), "line over its ceiling after {:?}", op);
                    }
                }
                // 3. native currency is conserved; the reserve moves only by these four
                prop_assert_eq!(native_total(&who), total);
                if !matches!(op, Op::Deposit(..) | Op::Withdraw(..) | Op::Redeem(..) | Op::RedeemPartial(..)) {
                    prop_assert_eq!(status.reserve, reserve_before);
                }
                // 5. only the owner passes owner-only messages
                let caller_is_owner = match op {
                    Op::Withdraw(c, _) | Op::SetLimit(c, _, _) | Op::Grant(c, _, _)
                    | Op::Revoke(c, _, _) | Op::SetRouter(c, _, _) => *c == 0,
                    _ => true,
                };
                if owner_only(op) && !caller_is_owner {
                    prop_assert!(!ok, "stranger passed {:?}", op);
                }
                // every failure changes nothing, and emits nothing
                if !ok {
                    prop_assert_eq!(&snapshot(&bank, &who), &before, "failed {:?} changed state", op);
                    prop_assert_eq!(events(), n_events);
                }
            }
        }
    }
}
