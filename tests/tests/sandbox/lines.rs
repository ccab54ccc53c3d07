//! Lines: the limit + willing handshake, grants, spending a grant, revoking gifts only.

use crate::world;
use vouch_sandbox_tests::sum_held;
use vouch_traits::{BankError, Line};

#[test]
fn notes_flow_only_where_both_sides_agreed() {
    let mut w = world();
    let (bank, c) = (w.bank.clone(), &mut w.chain);
    // limit alone is not enough
    bank.set_limit(c, &w.alice, &w.bob, 100).unwrap();
    assert_eq!(
        bank.grant(c, &w.alice, &w.bob, 1),
        Err(BankError::NoCapacity.into())
    );
    // willing alone is not enough
    bank.set_willing(c, &w.carol, 100).unwrap();
    assert_eq!(
        bank.grant(c, &w.alice, &w.carol, 1),
        Err(BankError::NoCapacity.into())
    );
    // both: capacity is the smaller of the two
    bank.set_willing(c, &w.bob, 40).unwrap();
    assert_eq!(
        bank.line(c, &w.bob).unwrap(),
        Line {
            limit: 100,
            willing: 40,
            held: 0,
            granted: 0
        }
    );
    assert_eq!(
        bank.grant(c, &w.alice, &w.bob, 41),
        Err(BankError::NoCapacity.into())
    );
    bank.grant(c, &w.alice, &w.bob, 40).unwrap();
    // only bob sets bob's willingness: alice calling set_willing sets her own line
    bank.set_willing(c, &w.alice, 7).unwrap();
    assert_eq!(bank.line(c, &w.bob).unwrap().willing, 40);
    assert_eq!(bank.line(c, &w.alice).unwrap().willing, 7);
    // a limit dropped below what is held burns nothing and blocks new notes
    bank.set_limit(c, &w.alice, &w.bob, 10).unwrap();
    assert_eq!(bank.balance_of(c, &w.bob).unwrap(), 40);
    assert_eq!(
        bank.grant(c, &w.alice, &w.bob, 1),
        Err(BankError::NoCapacity.into())
    );
    // only lines the owner opened are listed, in the order it opened them: carol's and
    // alice's willingness alone lists nothing, until the owner gives carol a limit
    let listed = |c: &mut vouch_sandbox_tests::Chain| -> Vec<_> {
        bank.lines(c, 0, 10)
            .unwrap()
            .into_iter()
            .map(|(a, _)| a)
            .collect()
    };
    assert_eq!(listed(c), vec![vouch_sandbox_tests::ink_id(&w.bob)]);
    assert_eq!(bank.status(c).unwrap().counterparties, 1);
    bank.set_limit(c, &w.alice, &w.carol, 5).unwrap();
    assert_eq!(
        listed(c),
        vec![
            vouch_sandbox_tests::ink_id(&w.bob),
            vouch_sandbox_tests::ink_id(&w.carol)
        ]
    );
    assert_eq!(bank.status(c).unwrap().counterparties, 2);
}

#[test]
fn a_vacation_budget_is_granted_spent_and_the_rest_revoked() {
    let mut w = world();
    let (bob, carol) = (w.bob.clone(), w.carol.clone());
    w.open_line(&bob, 300, 300);
    w.open_line(&carol, 500, 500);
    let (bank, c) = (w.bank.clone(), &mut w.chain);
    bank.deposit(c, &w.alice, 1_000).unwrap();
    bank.grant(c, &w.alice, &bob, 300).unwrap();
    assert_eq!(bank.line(c, &bob).unwrap().granted, 300);

    // bob spends 120 of his budget paying carol (she earns them) and redeems 80 himself
    bank.transfer(c, &bob, &carol, 120).unwrap();
    bank.redeem(c, &bob, 80).unwrap();
    let l = bank.line(c, &bob).unwrap();
    assert_eq!((l.held, l.granted), (100, 100), "gifts are spent first");
    assert_eq!(
        bank.line(c, &carol).unwrap(),
        Line {
            limit: 500,
            willing: 500,
            held: 120,
            granted: 0
        }
    );

    // alice revokes what is left of the gift, and can never take carol's earned notes
    assert_eq!(
        bank.revoke(c, &w.alice, &carol, 1),
        Err(BankError::ExceedsGranted.into())
    );
    assert_eq!(
        bank.revoke(c, &w.alice, &bob, 101),
        Err(BankError::ExceedsGranted.into())
    );
    assert_eq!(
        bank.revoke(c, &bob, &bob, 100),
        Err(BankError::NotOwner.into())
    );
    bank.revoke(c, &w.alice, &bob, 100).unwrap();
    assert_eq!(bank.balance_of(c, &bob).unwrap(), 0);
    assert_eq!(bank.balance_of(c, &carol).unwrap(), 120);
    assert_eq!(bank.total_supply(c).unwrap(), 120);
    assert_eq!(sum_held(c, &bank), 120);
    assert_eq!(bank.status(c).unwrap().reserve, 920);
}

#[test]
fn earned_notes_keep_their_status_across_transfers() {
    let mut w = world();
    let (bob, carol) = (w.bob.clone(), w.carol.clone());
    w.open_line(&bob, 100, 100);
    w.open_line(&carol, 100, 100);
    let (bank, c) = (w.bank.clone(), &mut w.chain);
    bank.grant(c, &w.alice, &bob, 50).unwrap();
    bank.transfer(c, &bob, &carol, 50).unwrap();
    // carol sends 20 back to bob: bob earned those, they are not a gift any more
    bank.transfer(c, &carol, &bob, 20).unwrap();
    assert_eq!(bank.line(c, &bob).unwrap().granted, 0);
    assert_eq!(
        bank.revoke(c, &w.alice, &bob, 1),
        Err(BankError::ExceedsGranted.into())
    );
}
