//! # Trust bank
//!
//! One person's (or one group's) bank in the Vouch web of trust. It holds a **reserve** of the
//! chain's native currency and issues **notes**: PSP22 tokens any holder can redeem 1:1 from
//! the reserve while it lasts. Notes only go to holders both sides agreed on: the owner sets a
//! holder's `limit`, the holder sets how many notes it is `willing` to hold. The owner can
//! grant notes as a revocable gift and revoke gifts, never earned notes. Authorised routers
//! move value through the bank with [`TrustBank::hop`].
//!
//! Every message validates everything before it writes anything, so a failing message
//! leaves the bank unchanged even where nothing rolls it back (off-chain tests). The line
//! arithmetic is [`vouch_traits::Line`]; this crate is the storage and call glue around it.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract]
pub mod trust_bank {
    use ink::codegen::TraitCallBuilder;
    use ink::prelude::{string::String, vec::Vec};
    use ink::storage::{Lazy, Mapping};
    use vouch_traits::events::{
        Approval, Deposited, Granted, LineSet, Redeemed, Revoked, RouterSet, Transfer, Withdrawn,
    };
    use vouch_traits::{
        ensure, traits::MAX_PAGE, BankError, BankStatus, Line, PSP22Error, PSP22Metadata, Settle,
        TrustBank, PSP22,
    };

    type Result<T> = core::result::Result<T, BankError>;

    /// Token metadata, read only by the metadata messages.
    #[derive(Default, Debug)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct Metadata {
        name: Option<String>,
        symbol: Option<String>,
    }

    #[ink(storage)]
    pub struct Bank {
        /// May set limits, grant, revoke, withdraw, collect, trust and authorise routers.
        owner: AccountId,
        /// Notes outstanding: always the sum of `held` over all lines.
        supply: Balance,
        /// Number of counterparties in `index`.
        counterparties: u32,
        decimals: u8,
        metadata: Lazy<Metadata>,
        lines: Mapping<AccountId, Line>,
        /// Position -> counterparty, for paginated views: a holder is appended when the owner
        /// first extends it a limit, so only lines the owner opened are listed (nobody else
        /// can push the owner's lines off the pages the router's search reads).
        index: Mapping<u32, AccountId>,
        /// The holders in `index`.
        listed: Mapping<AccountId, ()>,
        allowances: Mapping<(AccountId, AccountId), Balance>,
        routers: Mapping<AccountId, ()>,
    }

    impl Bank {
        /// A new bank owned by the caller (a person, or a contract such as a group pool).
        #[ink(constructor)]
        pub fn new(name: Option<String>, symbol: Option<String>, decimals: u8) -> Self {
            let mut metadata = Lazy::new();
            metadata.set(&Metadata { name, symbol });
            Self {
                owner: Self::env().caller(),
                supply: 0,
                counterparties: 0,
                decimals,
                metadata,
                lines: Mapping::new(),
                index: Mapping::new(),
                listed: Mapping::new(),
                allowances: Mapping::new(),
                routers: Mapping::new(),
            }
        }

        fn ensure_owner(&self) -> Result<()> {
            ensure!(self.env().caller() == self.owner, BankError::NotOwner);
            Ok(())
        }

        fn ensure_counterparty(&self, who: AccountId) -> Result<()> {
            ensure!(who != self.env().account_id(), BankError::SelfLine);
            Ok(())
        }

        /// The line of `holder` (all zero when none is stored).
        fn read_line(&self, holder: AccountId) -> Line {
            self.lines.get(holder).unwrap_or_default()
        }

        /// Appends `holder` to the index unless it is there: the owner opened its line.
        fn list(&mut self, holder: AccountId) -> Result<()> {
            if self.listed.contains(holder) {
                return Ok(());
            }
            let next = self
                .counterparties
                .checked_add(1)
                .ok_or(BankError::Overflow)?;
            self.index.insert(self.counterparties, &holder);
            self.listed.insert(holder, &());
            self.counterparties = next;
            Ok(())
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

        /// Moves `value` notes from `from` to `to`; to the bank itself means burn.
        /// Validates both lines before writing either.
        fn move_notes(&mut self, from: AccountId, to: AccountId, value: Balance) -> Result<()> {
            if value == 0 || from == to {
                return Ok(());
            }
            let from_next = self.read_line(from).spend(value)?;
            if to == self.env().account_id() {
                return self.burn(from, &from_next, value);
            }
            // Receiving needs room under the owner's limit, so `to` is listed already.
            let to_next = self.read_line(to).receive(value)?;
            self.lines.insert(to, &to_next);
            self.lines.insert(from, &from_next);
            self.env().emit_event(Transfer {
                from: Some(from),
                to: Some(to),
                value,
            });
            Ok(())
        }

        /// Mints `value` notes to `holder` (`gift` marks them revocable).
        fn mint(&mut self, holder: AccountId, value: Balance, gift: bool) -> Result<()> {
            ensure!(value > 0, BankError::ZeroAmount);
            self.ensure_counterparty(holder)?;
            // Receiving needs room under the owner's limit, so `holder` is listed already.
            let line = self.read_line(holder);
            let next = if gift {
                line.grant(value)?
            } else {
                line.receive(value)?
            };
            let supply = self.supply.checked_add(value).ok_or(BankError::Overflow)?;
            self.lines.insert(holder, &next);
            self.supply = supply;
            self.env().emit_event(Transfer {
                from: None,
                to: Some(holder),
                value,
            });
            Ok(())
        }

        /// Burns `value` of `holder`'s notes: stores `next`, the line its caller already
        /// validated (`Line::spend` or `Line::revoke`), and lowers the supply.
        fn burn(&mut self, holder: AccountId, next: &Line, value: Balance) -> Result<()> {
            let supply = self.supply.checked_sub(value).ok_or(BankError::Overflow)?;
            self.lines.insert(holder, next);
            self.supply = supply;
            self.env().emit_event(Transfer {
                from: Some(holder),
                to: None,
                value,
            });
            Ok(())
        }

        fn set_allowance(&mut self, owner: AccountId, spender: AccountId, amount: Balance) {
            self.allowances.insert((owner, spender), &amount);
            self.env().emit_event(Approval {
                owner,
                spender,
                amount,
            });
        }

        fn emit_line(&self, holder: AccountId, line: &Line) {
            self.env().emit_event(LineSet {
                holder,
                limit: line.limit,
                willing: line.willing,
            });
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
            self.pay_out(self.owner, amount)?;
            self.env().emit_event(Withdrawn { amount });
            Ok(())
        }

        #[ink(message)]
        fn set_limit(&mut self, holder: AccountId, limit: Balance) -> Result<()> {
            self.ensure_owner()?;
            self.ensure_counterparty(holder)?;
            let next = Line {
                limit,
                ..self.read_line(holder)
            };
            if limit > 0 {
                self.list(holder)?;
            }
            self.lines.insert(holder, &next);
            self.emit_line(holder, &next);
            Ok(())
        }

        #[ink(message)]
        fn set_willing(&mut self, amount: Balance) -> Result<()> {
            let holder = self.env().caller();
            self.ensure_counterparty(holder)?;
            // Stored, not listed: the line enters the index when the owner opens it.
            let next = Line {
                willing: amount,
                ..self.read_line(holder)
            };
            if next == Line::default() {
                self.lines.remove(holder);
            } else {
                self.lines.insert(holder, &next);
            }
            self.emit_line(holder, &next);
            Ok(())
        }

        #[ink(message)]
        fn grant(&mut self, holder: AccountId, amount: Balance) -> Result<()> {
            self.ensure_owner()?;
            self.mint(holder, amount, true)?;
            self.env().emit_event(Granted { holder, amount });
            Ok(())
        }

        #[ink(message)]
        fn revoke(&mut self, holder: AccountId, amount: Balance) -> Result<()> {
            self.ensure_owner()?;
            ensure!(amount > 0, BankError::ZeroAmount);
            let next = self.read_line(holder).revoke(amount)?;
            self.burn(holder, &next, amount)?;
            self.env().emit_event(Revoked { holder, amount });
            Ok(())
        }

        #[ink(message)]
        fn redeem(&mut self, amount: Balance) -> Result<()> {
            let holder = self.env().caller();
            ensure!(amount > 0, BankError::ZeroAmount);
            // Validate the line before paying, pay before writing: a refused transfer
            // leaves the notes where they were.
            let next = self.read_line(holder).spend(amount)?;
            self.pay_out(holder, amount)?;
            self.burn(holder, &next, amount)?;
            self.env().emit_event(Redeemed { holder, amount });
            Ok(())
        }

        #[ink(message)]
        fn redeem_partial(&mut self, max: Balance) -> Result<Balance> {
            let holder = self.env().caller();
            ensure!(max > 0, BankError::ZeroAmount);
            let held = self.read_line(holder).held;
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
            self.ensure_owner()?;
            if allowed {
                self.routers.insert(router, &());
            } else {
                self.routers.remove(router);
            }
            self.env().emit_event(RouterSet { router, allowed });
            Ok(())
        }

        #[ink(message)]
        fn hop(&mut self, to: AccountId, amount: Balance, settle: Settle) -> Result<()> {
            ensure!(
                self.routers.contains(self.env().caller()),
                BankError::NotRouter
            );
            match settle {
                Settle::Issue => self.mint(to, amount, false),
                Settle::Return => {
                    ensure!(amount > 0, BankError::ZeroAmount);
                    self.ensure_counterparty(to)?;
                    let mut notes: ink::contract_ref!(PSP22) = to.into();
                    notes
                        .call_mut()
                        .transfer(to, amount, Vec::new())
                        .try_invoke()
                        .map_err(|_| BankError::CallFailed)?
                        .map_err(|_| BankError::CallFailed)?
                        .map_err(BankError::from)
                }
            }
        }

        #[ink(message)]
        fn line(&self, holder: AccountId) -> Line {
            self.read_line(holder)
        }

        #[ink(message)]
        fn lines(&self, start: u32, count: u32) -> Vec<(AccountId, Line)> {
            let end = start
                .saturating_add(count.min(MAX_PAGE))
                .min(self.counterparties);
            (start..end)
                .filter_map(|i| self.index.get(i))
                .map(|who| (who, self.read_line(who)))
                .collect()
        }

        #[ink(message)]
        fn status(&self) -> BankStatus {
            let reserve = self.reserve();
            BankStatus {
                owner: self.owner,
                reserve,
                outstanding: self.supply,
                counterparties: self.counterparties,
                reserve_ratio_ppm: reserve.saturating_mul(1_000_000).checked_div(self.supply),
            }
        }

        #[ink(message)]
        fn is_router(&self, router: AccountId) -> bool {
            self.routers.contains(router)
        }
    }

    impl PSP22 for Bank {
        #[ink(message)]
        fn total_supply(&self) -> Balance {
            self.supply
        }

        #[ink(message)]
        fn balance_of(&self, owner: AccountId) -> Balance {
            self.read_line(owner).held
        }

        #[ink(message)]
        fn allowance(&self, owner: AccountId, spender: AccountId) -> Balance {
            self.allowances.get((owner, spender)).unwrap_or(0)
        }

        #[ink(message)]
        fn transfer(
            &mut self,
            to: AccountId,
            value: Balance,
            data: Vec<u8>,
        ) -> core::result::Result<(), PSP22Error> {
            drop(data); // no receiver hooks: notes only go to holders that agreed beforehand
            let from = self.env().caller();
            Ok(self.move_notes(from, to, value)?)
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
            // Moving nothing, or to oneself, does nothing and reads no allowance (PSP22).
            if value == 0 || from == to {
                return Ok(());
            }
            let spender = self.env().caller();
            if spender == from {
                return Ok(self.move_notes(from, to, value)?);
            }
            let allowance = self.allowance(from, spender);
            let rest = allowance
                .checked_sub(value)
                .ok_or(PSP22Error::InsufficientAllowance)?;
            self.move_notes(from, to, value)?;
            self.set_allowance(from, spender, rest);
            Ok(())
        }

        #[ink(message)]
        fn approve(
            &mut self,
            spender: AccountId,
            value: Balance,
        ) -> core::result::Result<(), PSP22Error> {
            let owner = self.env().caller();
            if owner != spender {
                self.set_allowance(owner, spender, value);
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
            if owner != spender && delta_value > 0 {
                let value = self.allowance(owner, spender).saturating_add(delta_value);
                self.set_allowance(owner, spender, value);
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
            if owner != spender && delta_value > 0 {
                let value = self
                    .allowance(owner, spender)
                    .checked_sub(delta_value)
                    .ok_or(PSP22Error::InsufficientAllowance)?;
                self.set_allowance(owner, spender, value);
            }
            Ok(())
        }
    }

    impl PSP22Metadata for Bank {
        #[ink(message)]
        fn token_name(&self) -> Option<String> {
            self.metadata.get().and_then(|m| m.name)
        }

        #[ink(message)]
        fn token_symbol(&self) -> Option<String> {
            self.metadata.get().and_then(|m| m.symbol)
        }

        #[ink(message)]
        fn token_decimals(&self) -> u8 {
            self.decimals
        }
    }
}

#[cfg(test)]
mod tests;
