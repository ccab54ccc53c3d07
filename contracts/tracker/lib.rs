//! # Tracker
//!
//! A list of loan offerings its owner vouches for, each with a note on why. Anyone can run
//! one; a loan can be on many. Listing checks that the listed contract runs a loan code the
//! owner allowed (the constructor allows one), so what a tracker lists is a real loan whose
//! own `status` tells every reader its phase, a default included.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract]
pub mod tracker {
    use ink::prelude::string::String;
    use ink::prelude::vec::Vec;
    use ink::storage::Mapping;
    use vouch_traits::ensure;
    use vouch_traits::tracker::{
        Delisted, Listed, Listing, Tracker, TrackerError, MAX_LISTINGS_PAGE, MAX_NOTE,
    };

    type Result<T> = core::result::Result<T, TrackerError>;

    #[ink(storage)]
    pub struct TrackerContract {
        owner: AccountId,
        codes: Mapping<Hash, ()>,
        count: u32,
        /// Position -> listing, positions `0..count`.
        by_slot: Mapping<u32, Listing>,
        /// Loan -> its position.
        slots: Mapping<AccountId, u32>,
    }

    impl TrackerContract {
        /// A tracker owned by the caller that lists loans running `loan_code`.
        #[ink(constructor)]
        pub fn new(loan_code: Hash) -> Self {
            let mut codes = Mapping::new();
            codes.insert(loan_code, &());
            Self {
                owner: Self::env().caller(),
                codes,
                count: 0,
                by_slot: Mapping::new(),
                slots: Mapping::new(),
            }
        }

        fn ensure_owner(&self) -> Result<()> {
            ensure!(self.env().caller() == self.owner, TrackerError::NotOwner);
            Ok(())
        }
    }

    impl Tracker for TrackerContract {
        #[ink(message)]
        fn list(&mut self, loan: AccountId, note: String) -> Result<()> {
            self.ensure_owner()?;
            ensure!(note.len() <= MAX_NOTE as usize, TrackerError::NoteTooLong);
            ensure!(!self.slots.contains(loan), TrackerError::AlreadyListed);
            let code = self
                .env()
                .code_hash(&loan)
                .map_err(|_| TrackerError::NotALoan)?;
            ensure!(self.codes.contains(code), TrackerError::NotALoan);
            let slot = self.count;
            self.count = slot.checked_add(1).ok_or(TrackerError::Overflow)?;
            self.by_slot.insert(
                slot,
                &Listing {
                    loan,
                    note: note.clone(),
                    listed_at: self.env().block_number(),
                },
            );
            self.slots.insert(loan, &slot);
            self.env().emit_event(Listed { loan, note });
            Ok(())
        }

        #[ink(message)]
        fn delist(&mut self, loan: AccountId) -> Result<()> {
            self.ensure_owner()?;
            let slot = self.slots.get(loan).ok_or(TrackerError::NotListed)?;
            let last = self.count.checked_sub(1).ok_or(TrackerError::Overflow)?;
            // The last listing takes the freed position.
            if slot != last {
                if let Some(moved) = self.by_slot.get(last) {
                    self.slots.insert(moved.loan, &slot);
                    self.by_slot.insert(slot, &moved);
                }
            }
            self.by_slot.remove(last);
            self.slots.remove(loan);
            self.count = last;
            self.env().emit_event(Delisted { loan });
            Ok(())
        }

        #[ink(message)]
        fn allow_code(&mut self, code_hash: Hash, allowed: bool) -> Result<()> {
            self.ensure_owner()?;
            if allowed {
                self.codes.insert(code_hash, &());
            } else {
                self.codes.remove(code_hash);
            }
            Ok(())
        }

        #[ink(message)]
        fn owner(&self) -> AccountId {
            self.owner
        }

        #[ink(message)]
        fn count(&self) -> u32 {
            self.count
        }

        #[ink(message)]
        fn listings(&self, start: u32, count: u32) -> Vec<Listing> {
            let end = start
                .saturating_add(count.min(MAX_LISTINGS_PAGE))
                .min(self.count);
            (start..end).filter_map(|s| self.by_slot.get(s)).collect()
        }

        #[ink(message)]
        fn listing(&self, loan: AccountId) -> Option<Listing> {
            self.slots.get(loan).and_then(|s| self.by_slot.get(s))
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use ink::env::test;
        use ink::env::DefaultEnvironment as Env;

        // Listing itself needs `code_hash`, which the off-chain environment lacks: the
        // sandbox tests (tests/tests/sandbox/loan.rs) list and delist real loans.
        #[ink::test]
        fn refusals_that_need_no_loan() {
            let a = test::default_accounts::<Env>();
            test::set_caller::<Env>(a.alice);
            let mut t = TrackerContract::new(Hash::from([7; 32]));
            assert_eq!(
                t.list(a.bob, "x".repeat(MAX_NOTE as usize + 1)),
                Err(TrackerError::NoteTooLong)
            );
            assert_eq!(t.delist(a.bob), Err(TrackerError::NotListed));
            test::set_caller::<Env>(a.eve);
            assert_eq!(t.list(a.bob, String::new()), Err(TrackerError::NotOwner));
            assert_eq!(t.delist(a.bob), Err(TrackerError::NotOwner));
            assert_eq!(
                t.allow_code(Hash::from([1; 32]), true),
                Err(TrackerError::NotOwner)
            );
            assert_eq!((t.owner(), t.count()), (a.alice, 0));
            assert_eq!(t.listings(0, 10), Vec::new());
        }
    }
}
