//! The credit line between a bank (the issuer) and one counterparty (the holder), and the
//! pure arithmetic every note movement goes through.
//!
//! A line moves only through the methods below; each one validates first and returns the new
//! line, so a caller that writes the result only on `Ok` can never store a broken line.
//! Invariants kept by every method (checked by the property tests in this file):
//! `granted <= held`, and a method that adds notes leaves `held <= min(limit, willing)`.

use crate::{ensure, Balance, BankError, Result};

/// One storage item per counterparty, kept in the issuer's bank.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Line {
    /// Set by the bank owner: how many notes the holder may hold (credit extended to it).
    pub limit: Balance,
    /// Set by the holder: how many notes it wants to hold (its trust in the issuer).
    pub willing: Balance,
    /// The issuer's notes the holder holds now.
    pub held: Balance,
    /// The part of `held` the issuer gave as a revocable gift.
    pub granted: Balance,
}

/// How a routed hop settles between two adjacent banks `A -> B` (A pays B).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum Settle {
    /// A issues its own notes to B (within B's line at A).
    Issue,
    /// A hands back notes of B that it holds; B burns them (netting, no new notes).
    Return,
}

impl Line {
    /// `min(limit, willing)`: the most notes the holder may hold.
    pub fn ceiling(&self) -> Balance {
        core::cmp::min(self.limit, self.willing)
    }

    /// How many more notes the holder can receive now.
    pub fn capacity(&self) -> Balance {
        self.ceiling().saturating_sub(self.held)
    }

    /// Notes the holder earned (received for value): never burnable by the issuer.
    pub fn earned(&self) -> Balance {
        self.held.saturating_sub(self.granted)
    }

    /// The holder receives `amount` notes it earned (a transfer or a routed hop).
    ///
    /// # Errors
    /// `NoCapacity` when `amount` exceeds [`Line::capacity`].
    pub fn receive(self, amount: Balance) -> Result<Line> {
        ensure!(amount <= self.capacity(), BankError::NoCapacity);
        let held = self.held.checked_add(amount).ok_or(BankError::Overflow)?;
        Ok(Line { held, ..self })
    }

    /// The issuer gives the holder `amount` notes as a revocable gift.
    ///
    /// # Errors
    /// `NoCapacity` when `amount` exceeds [`Line::capacity`].
    pub fn grant(self, amount: Balance) -> Result<Line> {
        let line = self.receive(amount)?;
        let granted = self
            .granted
            .checked_add(amount)
            .ok_or(BankError::Overflow)?;
        Ok(Line { granted, ..line })
    }

    /// The holder gives up `amount` notes (transfer, repayment, redemption). Gifts are spent
    /// first, so what stays with the holder is as much earned as possible.
    ///
    /// # Errors
    /// `InsufficientNotes` when the holder holds less than `amount`.
    pub fn spend(self, amount: Balance) -> Result<Line> {
        let held = self
            .held
            .checked_sub(amount)
            .ok_or(BankError::InsufficientNotes)?;
        let granted = self.granted.saturating_sub(amount);
        Ok(Line {
            held,
            granted,
            ..self
        })
    }

    /// The issuer takes back `amount` of what it granted.
    ///
    /// # Errors
    /// `ExceedsGranted` when `amount` is more than the gift still held: earned notes are
    /// never burnable.
    pub fn revoke(self, amount: Balance) -> Result<Line> {
        let granted = self
            .granted
            .checked_sub(amount)
            .ok_or(BankError::ExceedsGranted)?;
        // granted <= held, so this cannot fail once the line above succeeded.
        let held = self
            .held
            .checked_sub(amount)
            .ok_or(BankError::ExceedsGranted)?;
        Ok(Line {
            held,
            granted,
            ..self
        })
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)] // test oracles on small generated values
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn line(limit: u128, willing: u128, held: u128, granted: u128) -> Line {
        Line {
            limit,
            willing,
            held,
            granted,
        }
    }

    #[test]
    fn capacity_is_min_of_limit_and_willing_minus_held() {
        assert_eq!(line(10, 7, 3, 0).capacity(), 4);
        assert_eq!(line(5, 7, 3, 0).capacity(), 2);
        // Limits may drop below what is held: no capacity, nothing burned.
        assert_eq!(line(1, 7, 3, 0).capacity(), 0);
    }

    #[test]
    fn receive_respects_capacity() {
        assert_eq!(line(10, 10, 8, 0).receive(2).unwrap().held, 10);
        assert_eq!(line(10, 10, 8, 0).receive(3), Err(BankError::NoCapacity));
    }

    #[test]
    fn spending_uses_gifts_first() {
        let l = line(50, 50, 50, 30).spend(40).unwrap();
        assert_eq!((l.held, l.granted), (10, 0));
        let l = line(50, 50, 50, 30).spend(10).unwrap();
        assert_eq!((l.held, l.granted), (40, 20));
        assert_eq!(line(5, 5, 5, 0).spend(6), Err(BankError::InsufficientNotes));
    }

    #[test]
    fn revoke_takes_only_gifts() {
        let l = line(50, 50, 50, 30).revoke(30).unwrap();
        assert_eq!((l.held, l.granted), (20, 0));
        assert_eq!(
            line(50, 50, 50, 30).revoke(31),
            Err(BankError::ExceedsGranted)
        );
    }

    fn any_line() -> impl Strategy<Value = Line> {
        (0u128..1000, 0u128..1000, 0u128..1000)
            .prop_flat_map(|(limit, willing, held)| {
                (Just(limit), Just(willing), Just(held), 0..=held)
            })
            .prop_map(|(limit, willing, held, granted)| line(limit, willing, held, granted))
    }

    proptest! {
        #[test]
        fn every_method_keeps_granted_within_held(l in any_line(), amount in 0u128..2000) {
            for next in [l.receive(amount), l.grant(amount), l.spend(amount), l.revoke(amount)]
                .into_iter()
                .flatten()
            {
                prop_assert!(next.granted <= next.held);
                prop_assert_eq!((next.limit, next.willing), (l.limit, l.willing));
            }
        }

        #[test]
        fn adding_notes_stays_under_the_ceiling(l in any_line(), amount in 1u128..2000) {
            for next in [l.receive(amount), l.grant(amount)].into_iter().flatten() {
                prop_assert!(next.held <= next.ceiling());
                prop_assert_eq!(next.held, l.held + amount);
            }
            prop_assert_eq!(l.receive(amount).is_ok(), amount <= l.capacity());
        }

        #[test]
        fn spend_and_revoke_remove_exactly_the_amount(l in any_line(), amount in 0u128..2000) {
            match l.spend(amount) {
                Ok(n) => prop_assert_eq!(n.held + amount, l.held),
                Err(e) => { prop_assert_eq!(e, BankError::InsufficientNotes); prop_assert!(amount > l.held) }
            }
            match l.revoke(amount) {
                Ok(n) => {
                    prop_assert_eq!(n.held + amount, l.held);
                    prop_assert_eq!(n.earned(), l.earned());
                }
                Err(e) => { prop_assert_eq!(e, BankError::ExceedsGranted); prop_assert!(amount > l.granted) }
            }
        }
    }
}
