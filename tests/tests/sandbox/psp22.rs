//! PSP22: standard selectors and events, transfer rules, allowances, burning by repayment.

use crate::world;
use vouch_sandbox_tests::{ink_id, snapshot, sum_held};
use vouch_traits::PSP22Error;

/// blake2b-256 of "Trait::message", first four bytes: the standard PSP22 selectors.
#[test]
fn messages_have_the_standard_psp22_selectors() {
    let bundle = vouch_sandbox_tests::bundle("trust_bank");
    let selector = |label: &str| {
        bundle
            .message(label)
            .unwrap_or_else(|| panic!("{label} missing"))
    };
    for (label, hex) in [
        ("PSP22::total_supply", "162df8c2"),
        ("PSP22::balance_of", "6568382f"),
        ("PSP22::allowance", "4d47d921"),
        ("PSP22::transfer", "db20f9f5"),
        ("PSP22::transfer_from", "54b3c76e"),
        ("PSP22::approve", "b20f1bbd"),
        ("PSP22::increase_allowance", "96d6b57a"),
        ("PSP22::decrease_allowance", "fecb57d5"),
        ("PSP22Metadata::token_name", "3d261bd4"),
        ("PSP22Metadata::token_symbol", "34205be5"),
        ("PSP22Metadata::token_decimals", "7271b782"),
    ] {
        let got: String = selector(label).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(got, hex, "{label}");
    }
}

#[test]
fn metadata_names_the_notes() {
    let mut w = world();
    let (bank, c) = (w.bank.clone(), &mut w.chain);
    assert_eq!(bank.token_name(c).unwrap().as_deref(), Some("ALICE notes"));
    assert_eq!(bank.token_symbol(c).unwrap().as_deref(), Some("ALICE"));
    assert_eq!(bank.token_decimals(c).unwrap(), 0);
}

#[test]
fn transfer_needs_balance_and_receiver_capacity() {
    let mut w = world();
    let (bob, carol, dave) = (w.bob.clone(), w.carol.clone(), w.dave.clone());
    w.open_line(&bob, 100, 100);
    w.open_line(&carol, 30, 100);
    let people = w.people();
    let (bank, c) = (w.bank.clone(), &mut w.chain);
    bank.grant(c, &w.alice, &bob, 100).unwrap();

    let snap = snapshot(c, &bank, &people);
    assert_eq!(
        bank.transfer(c, &bob, &carol, 31),
        Err(PSP22Error::Custom("NoCapacity".into()).into())
    );
    assert_eq!(
        bank.transfer(c, &bob, &dave, 1),
        Err(PSP22Error::Custom("NoCapacity".into()).into())
    );
    assert_eq!(
        bank.transfer(c, &carol, &bob, 1),
        Err(PSP22Error::InsufficientBalance.into())
    );
    assert_eq!(snapshot(c, &bank, &people), snap);

    bank.transfer(c, &bob, &carol, 30).unwrap();
    // one Transfer event, topics: signature, from, to
    let (emitter, topics, data) = c.last.events[0].clone();
    assert_eq!(emitter, bank.addr);
    assert_eq!(topics.len(), 3);
    let ev: vouch_traits::events::Transfer = scale::Decode::decode(&mut &data[..]).unwrap();
    assert_eq!(
        ev,
        vouch_traits::events::Transfer {
            from: Some(ink_id(&bob)),
            to: Some(ink_id(&carol)),
            value: 30
        }
    );
    assert_eq!(bank.balance_of(c, &bob).unwrap(), 70);
    assert_eq!(bank.balance_of(c, &carol).unwrap(), 30);
    assert_eq!(bank.total_supply(c).unwrap(), 100);
}

#[test]
fn notes_returned_to_the_bank_are_burned() {
    let mut w = world();
    let bob = w.bob.clone();
    w.open_line(&bob, 100, 100);
    let (bank, c) = (w.bank.clone(), &mut w.chain);
    bank.grant(c, &w.alice, &bob, 100).unwrap();
    let addr = bank.addr.clone();
    bank.transfer(c, &bob, &addr, 60).unwrap();
    let burn: vouch_traits::events::Transfer =
        scale::Decode::decode(&mut &c.last.events[0].2[..]).unwrap();
    assert_eq!((burn.to, burn.value), (None, 60));
    assert_eq!(bank.total_supply(c).unwrap(), 40);
    assert_eq!(bank.balance_of(c, &bob).unwrap(), 40);
    assert_eq!(bank.balance_of(c, &addr).unwrap(), 0);
    assert_eq!(sum_held(c, &bank), 40);
}

#[test]
fn transfer_from_uses_and_keeps_allowances() {
    let mut w = world();
    let (bob, carol, dave) = (w.bob.clone(), w.carol.clone(), w.dave.clone());
    w.open_line(&bob, 100, 100);
    w.open_line(&carol, 100, 100);
    let (bank, c) = (w.bank.clone(), &mut w.chain);
    bank.grant(c, &w.alice, &bob, 100).unwrap();
    bank.approve(c, &bob, &dave, 50).unwrap();
    assert_eq!(bank.allowance(c, &bob, &dave).unwrap(), 50);
    assert_eq!(
        bank.transfer_from(c, &dave, &bob, &carol, 51),
        Err(PSP22Error::InsufficientAllowance.into())
    );
    // a move that fails for capacity keeps the allowance
    assert_eq!(
        bank.transfer_from(c, &dave, &bob, &dave, 5),
        Err(PSP22Error::Custom("NoCapacity".into()).into())
    );
    assert_eq!(bank.allowance(c, &bob, &dave).unwrap(), 50);
    bank.transfer_from(c, &dave, &bob, &carol, 20).unwrap();
    assert_eq!(bank.allowance(c, &bob, &dave).unwrap(), 30);
    assert_eq!(bank.balance_of(c, &carol).unwrap(), 20);
}
