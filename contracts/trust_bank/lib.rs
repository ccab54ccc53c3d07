//! # Trust bank
//!
//! One person's (or one group's) bank in the Vouch web of trust. It holds a **reserve** of the
//! chain's native currency and issues **notes**: PSP22 tokens any holder can redeem 1:1 from
//! the reserve while it lasts. Notes only go to holders both sides agreed on: the owner sets a
//! holder's `limit`, the holder sets how many notes it is `willing` to hold. The owner can
//! grant notes as a revocable gift and revoke gifts, never earned notes. Authorised routers
//! move value through the bank with [`TrustBank::hops`] (and [`TrustBank::hop`]).
//!
//! ## Two builds, one bank
//!
//! Every call into a contract pays for loading the callee's whole code, so the bank comes in
//! two builds of this crate:
//!
//! - **The library** (default features): every message. Its code is uploaded once per chain
//!   and never needs an instance.
//! - **The front** (`--features front`): what a bank runs. It handles the messages a payment
//!   touches (`hop`, `hops`, PSP22 `transfer` and `balance_of`, `line`, `lines_of`) itself
//!   and delegate-calls the library's code, whose hash is fixed when the front is built, for
//!   every other selector: the library runs on the front's own storage, balance and address,
//!   and its answer (and revert flag) goes straight back to the caller. The front locks the
//!   library's code as a delegate dependency when it is instantiated, so the code cannot be
//!   removed while a bank needs it.
//!
//! Both builds store [`data::Ledger`], where every rule lives: a method validates everything
//! before it writes anything, so a failing message leaves the bank unchanged even where
//! nothing rolls it back (off-chain tests). One exception: `hops` runs its legs in order, so
//! when a later leg fails, the earlier legs' writes stand until the chain reverts the call
//! (a `Return` leg calls another bank, which no check beforehand could stand in for); the
//! call answers `Err` and reverts, so on chain nothing changes. The line arithmetic is [`vouch_traits::Line`].
//! The ABI clients see is the library's metadata; the front answers the same selectors.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod data;
pub mod hot;

#[cfg(not(feature = "front"))]
#[ink::contract]
pub mod trust_bank {
    use crate::data::{Ledger, Metadata};
    use crate::hot;
    use ink::codegen::TraitCallBuilder;
    use ink::prelude::{string::String, vec::Vec};
    use ink::storage::Lazy;
    use vouch_traits::events::{Deposited, Granted, Redeemed, Revoked, RouterSet, Withdrawn};
    use vouch_traits::{
        ensure, traits::MAX_PAGE, BankError, BankStatus, Leg, LegError, Line, PSP22Error,
        PSP22Metadata, Settle, TrustBank, PSP22,
    };

    type Result<T> = core::result::Result<T, BankError>;

    /// The storage of both builds (the front declares the same struct): the ledger, then
    /// the token's decimals and its lazily read name and symbol.
    #[ink(storage)]
    pub struct Bank {
        ledger: Ledger,
        decimals: u8,
        metadata: Lazy<Metadata>,
    }

    impl Bank {
        /// A new bank owned by the caller (a person, or a contract such as a group pool).
        #[ink(constructor)]
        pub fn new(name: Option<String>, symbol: Option<String>, decimals: u8) -> Self {
            let mut metadata = Lazy::new();
            metadata.set(&Metadata {
                name: name.map(String::into_bytes),
                symbol: symbol.map(String::into_bytes),
            });
            Self {
                ledger: Ledger::new(Self::env().caller()),
                decimals,
                metadata,
            }
        }

        fn reserve(&self) -> Balance {
            self.env().balance()
        }

        fn pay_out(&self, to: AccountId, amount: Balance) -> Result<()> {
            ensure!(amount <= self.reserve(), BankError::InsufficientReserve);
            self.env()
                .transfer(to, amount)
                .map_err(|_| BankError::TransferFailed)
        }

        fn ensure_owner(&self) -> Result<()> {
            self.ledger.ensure_owner(self.env().caller())
        }

        fn ensure_counterparty(&self, who: AccountId) -> Result<()> {
            ensure!(who != self.env().account_id(), BankError::SelfLine);
            Ok(())
        }
    }

    impl TrustBank for Bank {
        #[ink(message, payable)]
        fn deposit(&mut self) -> Result<()> {
            let amount = self.env().transferred_value();
            ensure!(amount > 0, BankError::ZeroAmount);
            self.env().emit_event(Deposited {
                from: self.env().caller(),
                amount,
            });
            Ok(())
        }

        #[ink(message)]
        fn withdraw(&mut self, amount: Balance) -> Result<()> {
            self.ensure_owner()?;
            ensure!(amount > 0, BankError::ZeroAmount);
            self.pay_out(self.ledger.owner, amount)?;
            self.env().emit_event(Withdrawn { amount });
            Ok(())
        }

        #[ink(message)]
        fn set_limit(&mut self, holder: AccountId, limit: Balance) -> Result<()> {
            let (caller, this) = (self.env().caller(), self.env().account_id());
            let event = self.ledger.set_limit(caller, this, holder, limit)?;
            self.env().emit_event(event);
            Ok(())
        }

        #[ink(message)]
        fn set_willing(&mut self, amount: Balance) -> Result<()> {
            let (caller, this) = (self.env().caller(), self.env().account_id());
            let event = self.ledger.set_willing(this, caller, amount)?;
            self.env().emit_event(event);
            Ok(())
        }

        #[ink(message)]
        fn grant(&mut self, holder: AccountId, amount: Balance) -> Result<()> {
            self.ensure_owner()?;
            let event = self
                .ledger
                .mint(self.env().account_id(), holder, amount, true)?;
            self.env().emit_event(event);
            self.env().emit_event(Granted { holder, amount });
            Ok(())
        }

        #[ink(message)]
        fn revoke(&mut self, holder: AccountId, amount: Balance) -> Result<()> {
            let event = self.ledger.revoke(self.env().caller(), holder, amount)?;
            self.env().emit_event(event);
            self.env().emit_event(Revoked { holder, amount });
            Ok(())
        }

        #[ink(message)]
        fn revoke_many(&mut self, gifts: Vec<(AccountId, Balance)>) -> Result<()> {
            let events = self.ledger.revoke_many(self.env().caller(), &gifts)?;
            for (event, (holder, amount)) in events.into_iter().zip(gifts) {
                self.env().emit_event(event);
                self.env().emit_event(Revoked { holder, amount });
            }
            Ok(())
        }

        #[ink(message)]
        fn redeem(&mut self, amount: Balance) -> Result<()> {
            let holder = self.env().caller();
            // Validate the line before paying, pay before writing: a refused transfer
            // leaves the notes where they were.
            let next = self.ledger.redeemable(holder, amount)?;
            self.pay_out(holder, amount)?;
            let event = self.ledger.burn(holder, &next, amount)?;
            self.env().emit_event(event);
            self.env().emit_event(Redeemed { holder, amount });
            Ok(())
        }

        #[ink(message)]
        fn redeem_partial(&mut self, max: Balance) -> Result<Balance> {
            let holder = self.env().caller();
            ensure!(max > 0, BankError::ZeroAmount);
            let held = self.ledger.line(holder).held;
            ensure!(held > 0, BankError::InsufficientNotes);
            let amount = max.min(held).min(self.reserve());
            ensure!(amount > 0, BankError::InsufficientReserve);
            self.redeem(amount)?;
            Ok(amount)
        }

        #[ink(message)]
        fn collect(&mut self, issuer: AccountId, amount: Balance) -> Result<()> {
            self.ensure_owner()?;
            self.ensure_counterparty(issuer)?;
            ensure!(amount > 0, BankError::ZeroAmount);
            let mut bank: ink::contract_ref!(TrustBank) = issuer.into();
            bank.call_mut()
                .redeem(amount)
                .try_invoke()
                .map_err(|_| BankError::CallFailed)?
                .map_err(|_| BankError::CallFailed)?
        }

        #[ink(message)]
        fn trust(&mut self, issuer: AccountId, amount: Balance) -> Result<()> {
            self.ensure_owner()?;
            self.ensure_counterparty(issuer)?;
            let mut bank: ink::contract_ref!(TrustBank) = issuer.into();
            bank.call_mut()
                .set_willing(amount)
                .try_invoke()
                .map_err(|_| BankError::CallFailed)?
                .map_err(|_| BankError::CallFailed)?
        }

        #[ink(message)]
        fn set_router(&mut self, router: AccountId, allowed: bool) -> Result<()> {
            self.ledger
                .set_router(self.env().caller(), router, allowed)?;
            self.env().emit_event(RouterSet { router, allowed });
            Ok(())
        }

        #[ink(message)]
        fn hop(&mut self, to: AccountId, amount: Balance, settle: Settle) -> Result<()> {
            hot::hop(&mut self.ledger, Leg { to, amount, settle })
        }

        #[ink(message)]
        fn hops(&mut self, legs: Vec<Leg>) -> core::result::Result<(), LegError> {
            hot::hops(&mut self.ledger, &legs)
        }

        #[ink(message)]
        fn line(&self, holder: AccountId) -> Line {
            self.ledger.line(holder)
        }

        #[ink(message)]
        fn lines_of(&self, holders: Vec<AccountId>) -> Vec<Line> {
            hot::lines_of(&self.ledger, &holders)
        }

        #[ink(message)]
        fn lines(&self, start: u32, count: u32) -> Vec<(AccountId, Line)> {
            self.ledger.page(start, count.min(MAX_PAGE))
        }

        #[ink(message)]
        fn status(&self) -> BankStatus {
            let reserve = self.reserve();
            let supply = self.ledger.supply;
            BankStatus {
                owner: self.ledger.owner,
                reserve,
                outstanding: supply,
                counterparties: self.ledger.counterparties,
                reserve_ratio_ppm: reserve.saturating_mul(1_000_000).checked_div(supply),
            }
        }

        #[ink(message)]
        fn is_router(&self, router: AccountId) -> bool {
            self.ledger.is_router(router)
        }
    }

    impl PSP22 for Bank {
        #[ink(message)]
        fn total_supply(&self) -> Balance {
            self.ledger.supply
        }

        #[ink(message)]
        fn balance_of(&self, owner: AccountId) -> Balance {
            self.ledger.line(owner).held
        }

        #[ink(message)]
        fn allowance(&self, owner: AccountId, spender: AccountId) -> Balance {
            self.ledger.allowances.get(owner, spender)
        }

        #[ink(message)]
        fn transfer(
            &mut self,
            to: AccountId,
            value: Balance,
            data: Vec<u8>,
        ) -> core::result::Result<(), PSP22Error> {
            drop(data); // no receiver hooks: notes only go to holders that agreed beforehand
            hot::transfer(&mut self.ledger, to, value)
        }

        #[ink(message)]
        fn transfer_from(
            &mut self,
            from: AccountId,
            to: AccountId,
            value: Balance,
            data: Vec<u8>,
        ) -> core::result::Result<(), PSP22Error> {
            drop(data);
            let (spender, this) = (self.env().caller(), self.env().account_id());
            let (moved, approval) = self.ledger.transfer_from(this, spender, from, to, value)?;
            if let Some(event) = moved {
                self.env().emit_event(event);
            }
            if let Some(event) = approval {
                self.env().emit_event(event);
            }
            Ok(())
        }

        #[ink(message)]
        fn approve(
            &mut self,
            spender: AccountId,
            value: Balance,
        ) -> core::result::Result<(), PSP22Error> {
            let owner = self.env().caller();
            if let Some(event) = self.ledger.allowances.approve(owner, spender, value) {
                self.env().emit_event(event);
            }
            Ok(())
        }

        #[ink(message)]
        fn increase_allowance(
            &mut self,
            spender: AccountId,
            delta_value: Balance,
        ) -> core::result::Result<(), PSP22Error> {
            let owner = self.env().caller();
            if let Some(event) = self.ledger.allowances.increase(owner, spender, delta_value) {
                self.env().emit_event(event);
            }
            Ok(())
        }

        #[ink(message)]
        fn decrease_allowance(
            &mut self,
            spender: AccountId,
            delta_value: Balance,
        ) -> core::result::Result<(), PSP22Error> {
            let owner = self.env().caller();
            if let Some(event) = self
                .ledger
                .allowances
                .decrease(owner, spender, delta_value)?
            {
                self.env().emit_event(event);
            }
            Ok(())
        }
    }

    impl PSP22Metadata for Bank {
        #[ink(message)]
        fn token_name(&self) -> Option<String> {
            self.metadata.get().and_then(|m| Metadata::text(m.name))
        }

        #[ink(message)]
        fn token_symbol(&self) -> Option<String> {
            self.metadata.get().and_then(|m| Metadata::text(m.symbol))
        }

        #[ink(message)]
        fn token_decimals(&self) -> u8 {
            self.decimals
        }
    }
}

#[cfg(feature = "front")]
include!("front.rs");

#[cfg(all(test, not(feature = "front")))]
mod tests;
