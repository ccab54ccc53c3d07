//! The routing primitive: `hop` by an authorised router, issuing or returning notes, the
//! nested call, and rollback of a failed nested call.

use crate::world;
use vouch_sandbox_tests::{snapshot, ChainExt};
use vouch_traits::{BankError, Settle};

#[test]
fn hop_issues_notes_within_capacity_and_returns_held_notes() {
    let mut w = world();
    let c = &mut w.chain;
    let router = c.person("router");
    let dave = c.person("dave");
    let dave_bank = c.deploy_bank(&dave, "DAVE");
    let alice_bank = w.bank.clone();
    for b in [&alice_bank, &dave_bank] {
        let owner = if *b == alice_bank {
            w.alice.clone()
        } else {
            dave.clone()
        };
        b.set_router(c, &owner, &router, true).unwrap();
    }
    // dave's bank trusts alice's bank for 100; alice extends 100
    alice_bank
        .set_limit(c, &w.alice, &dave_bank.addr, 100)
        .unwrap();
    dave_bank.trust(c, &dave, &alice_bank, 100).unwrap();
    // alice's bank trusts dave's bank for 100; dave extends 100
    dave_bank
        .set_limit(c, &dave, &alice_bank.addr, 100)
        .unwrap();
    alice_bank.trust(c, &w.alice, &dave_bank, 100).unwrap();

    // issue: alice's bank pays dave's bank 60 in alice-notes
    alice_bank
        .hop(c, &router, &dave_bank.addr, 60, Settle::Issue)
        .unwrap();
    assert_eq!(alice_bank.balance_of(c, &dave_bank.addr).unwrap(), 60);
    assert_eq!(
        alice_bank.hop(c, &router, &dave_bank.addr, 41, Settle::Issue),
        Err(BankError::NoCapacity.into())
    );

    // return: dave's bank pays alice's bank 25 by handing back alice-notes (burned, no new notes)
    dave_bank
        .hop(c, &router, &alice_bank.addr, 25, Settle::Return)
        .unwrap();
    assert_eq!(alice_bank.balance_of(c, &dave_bank.addr).unwrap(), 35);
    assert_eq!(alice_bank.total_supply(c).unwrap(), 35);
    assert_eq!(dave_bank.total_supply(c).unwrap(), 0);

    // returning more than held fails in the nested call and rolls back everything
    let snap_a = snapshot(c, &alice_bank, &[]);
    let snap_d = snapshot(c, &dave_bank, &[]);
    assert_eq!(
        dave_bank.hop(c, &router, &alice_bank.addr, 36, Settle::Return),
        Err(BankError::InsufficientNotes.into())
    );
    assert_eq!(snapshot(c, &alice_bank, &[]), snap_a);
    assert_eq!(snapshot(c, &dave_bank, &[]), snap_d);

    // an unauthorised caller cannot hop
    assert_eq!(
        dave_bank.hop(c, &w.bob, &alice_bank.addr, 1, Settle::Return),
        Err(BankError::NotRouter.into())
    );
    dave_bank.set_router(c, &dave, &router, false).unwrap();
    assert_eq!(
        dave_bank.hop(c, &router, &alice_bank.addr, 1, Settle::Return),
        Err(BankError::NotRouter.into())
    );
}
