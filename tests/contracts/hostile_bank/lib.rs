//! A test-only contract that answers the selectors a router calls on a trust bank
//! (`TrustBank::status`, `TrustBank::hop`, `TrustBank::hops`) and misbehaves on purpose, so the sandbox tests
//! can show that a route through it fails as a whole, and that the router's code allowlist
//! keeps it out in the first place.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract]
mod hostile_bank {
    use ink::env::call::{build_call, ExecutionInput, Selector};
    use ink::prelude::vec::Vec;
    use vouch_traits::{BankError, BankStatus, Leg, LegError, Settle};

    /// How `hop` (and, for `Reenter`, `status`) misbehaves.
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
        /// Calls back into its caller (the router) with the stored payload, e.g. a second
        /// `pay_along` or a `register`, and answers `Ok` (or its real status) only if that
        /// call came back. The chain refuses re-entry into a router that did not allow it,
        /// which traps this contract.
        Reenter,
    }

    /// Call input (selector and arguments) sent as is: its bytes are not length-prefixed.
    struct RawInput(Vec<u8>);

    impl scale::Encode for RawInput {
        fn size_hint(&self) -> usize {
            self.0.len()
        }
        fn encode_to<T: scale::Output + ?Sized>(&self, dest: &mut T) {
            dest.write(&self.0);
        }
    }

    /// Whatever the callee answered, undecoded.
    struct RawOutput(Vec<u8>);

    impl scale::Decode for RawOutput {
        fn decode<I: scale::Input>(input: &mut I) -> Result<Self, scale::Error> {
            let mut out = Vec::new();
            while let Ok(byte) = input.read_byte() {
                out.push(byte);
            }
            Ok(RawOutput(out))
        }
    }

    #[ink(storage)]
    pub struct HostileBank {
        owner: AccountId,
        mode: Mode,
        /// What `Reenter` sends back to its caller: a 4-byte selector and SCALE arguments.
        payload: Vec<u8>,
    }

    impl HostileBank {
        #[ink(constructor)]
        pub fn new(mode: Mode) -> Self {
            Self {
                owner: Self::env().caller(),
                mode,
                payload: Vec::new(),
            }
        }

        /// Sets the call `Reenter` makes (selector ++ SCALE-encoded arguments).
        #[ink(message)]
        pub fn set_payload(&mut self, payload: Vec<u8>) {
            self.payload = payload;
        }

        /// Sends the stored payload to `target` now, outside any router call, and returns
        /// the callee's raw answer (`None` when the call did not come back). Shows that the
        /// payload itself is a valid call that would take effect.
        #[ink(message)]
        pub fn probe(&mut self, target: AccountId) -> Option<Vec<u8>> {
            self.send_payload(target)
        }

        fn send_payload(&self, target: AccountId) -> Option<Vec<u8>> {
            let mut selector = [0u8; 4];
            let args = match self.payload.split_first_chunk::<4>() {
                Some((head, rest)) => {
                    selector = *head;
                    rest.to_vec()
                }
                None => Vec::new(),
            };
            build_call::<Environment>()
                .call(target)
                .exec_input(ExecutionInput::new(Selector::new(selector)).push_arg(RawInput(args)))
                .returns::<RawOutput>()
                .try_invoke()
                .ok()
                .and_then(|r| r.ok())
                .map(|out| out.0)
        }

        /// Same selector as `TrustBank::status`, so the router can register it.
        #[ink(message, selector = 0x75bb9d3b)]
        pub fn status(&self) -> BankStatus {
            if self.mode == Mode::Reenter {
                // When this is refused the chain traps this contract before we get here.
                let answer = self.send_payload(self.env().caller());
                assert!(answer.is_some(), "re-entry did not come back");
            }
            BankStatus {
                owner: self.owner,
                reserve: 0,
                outstanding: 0,
                counterparties: 0,
                reserve_ratio_ppm: None,
            }
        }

        /// Same selector as `TrustBank::hops` (what a router calls): misbehaves as `hop`,
        /// an error naming the first leg.
        #[ink(message, selector = 0x5a3936b3)]
        pub fn hops(&mut self, _legs: Vec<Leg>) -> Result<(), LegError> {
            self.misbehave().map_err(|error| LegError { leg: 0, error })
        }

        /// Same selector as `TrustBank::hop`.
        #[ink(message, selector = 0xa1c03b26)]
        pub fn hop(
            &mut self,
            _to: AccountId,
            _amount: Balance,
            _settle: Settle,
        ) -> Result<(), BankError> {
            self.misbehave()
        }

        fn misbehave(&mut self) -> Result<(), BankError> {
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
                Mode::Reenter => match self.send_payload(self.env().caller()) {
                    Some(_) => Ok(()),
                    None => Err(BankError::CallFailed),
                },
            }
        }
    }
}
