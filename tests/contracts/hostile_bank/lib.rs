//! A test-only contract that answers the selectors a router calls on a trust bank
//! (`TrustBank::status`, `TrustBank::hop`) and misbehaves on purpose, so the sandbox tests
//! can show that a route through it fails as a whole, and that the router's code allowlist
//! keeps it out in the first place.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract]
mod hostile_bank {
    use vouch_traits::{BankError, BankStatus, Settle};

    /// How `hop` misbehaves.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub enum Mode {
        /// Returns an error (the call reverts).
        Revert,
        /// Panics (the contract traps).
        Trap,
        /// Loops until it runs out of gas.
        BurnGas,
        /// Claims success and pays nothing.
        Lie,
    }

    #[ink(storage)]
    pub struct HostileBank {
        owner: AccountId,
        mode: Mode,
    }

    impl HostileBank {
        #[ink(constructor)]
        pub fn new(mode: Mode) -> Self {
            Self {
                owner: Self::env().caller(),
                mode,
            }
        }

        /// Same selector as `TrustBank::status`, so the router can register it.
        #[ink(message, selector = 0x75bb9d3b)]
        pub fn status(&self) -> BankStatus {
            BankStatus {
                owner: self.owner,
                reserve: 0,
                outstanding: 0,
                counterparties: 0,
                reserve_ratio_ppm: None,
            }
        }

        /// Same selector as `TrustBank::hop`.
        #[ink(message, selector = 0xa1c03b26)]
        pub fn hop(
            &mut self,
            _to: AccountId,
            _amount: Balance,
            _settle: Settle,
        ) -> Result<(), BankError> {
            match self.mode {
                Mode::Revert => Err(BankError::NoCapacity),
                Mode::Trap => panic!("hostile bank traps"),
                Mode::BurnGas => {
                    let mut x: u64 = 1;
                    loop {
                        x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                        if x == 0 {
                            return Ok(());
                        }
                    }
                }
                Mode::Lie => Ok(()),
            }
        }
    }
}
