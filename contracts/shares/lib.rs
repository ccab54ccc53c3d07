//! # Shares
//!
//! Publicly held shares of a company or a group, without a central exchange: a PSP22 token
//! (0 decimals) issued at creation to its founders (or
//! [`DEFAULT_SUPPLY`](vouch_traits::shares::DEFAULT_SUPPLY) to the creator).
//! Anyone pays native currency into a **distribution**, which every holder claims pro rata
//! to what it held when it was paid; holders put **motions** forward (with a deposit) and vote
//! them with the shares they held when the motion was made; a passed motion may carry one
//! binding action (issue shares where the contract allows it, change the deposit, pay out of
//! the treasury) that anyone then executes once.
//!
//! The accounting is [`vouch_traits::shares::Register`] (an accumulator: O(1) per
//! distribution, move and claim, never a loop over holders) and the checkpoint search
//! [`vouch_traits::shares::balance_at`]; this crate is the storage and call glue around them.
//! Every message validates everything before it writes anything, and pays out before it
//! writes.
//!
//! **Invariant.** The native currency the contract holds is
//! `treasury + (distributed - claimed) + deposits of open motions + pending deposits`
//! (`Register::obligations`): the treasury, every holder's claimable amount, the rounding
//! dust of distributions (kept for the holders and the next distribution), the deposits of
//! motions being voted, and the deposits of failed motions waiting for the next distribution.
//! Only currency sent to the account without a message (a plain balance transfer) adds to it.
//! [`vouch_traits::shares`] documents the arithmetic and the checkpoints.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract]
pub mod shares {
    use ink::prelude::{string::String, vec, vec::Vec};
    use ink::storage::{Lazy, Mapping};
    use vouch_traits::allowances::Allowances;
    use vouch_traits::events::{Approval, Transfer};
    use vouch_traits::shares::{
        check_founders, Action, Checkpoint, Distributed, DistributionClaimed, Holder, Issuance,
        Motion, MotionState, Moved, Proposal, Register, Rules, Shares, SharesError, SharesStatus,
        TreasuryFunded, DEFAULT_SUPPLY,
    };
    use vouch_traits::{PSP22Error, PSP22Metadata, PSP22};

    type Result<T> = core::result::Result<T, SharesError>;

    /// Token metadata, read only by the metadata and status messages.
    #[derive(Default, Debug)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct Metadata {
        name: String,
        symbol: String,
    }

    #[ink(storage)]
    pub struct SharesContract {
        /// Supply, distributions, treasury, deposits and the epoch (motions made).
        register: Register,
        rules: Rules,
        issuance: Issuance,
        metadata: Lazy<Metadata>,
        holders: Mapping<AccountId, Holder>,
        /// `(account, index)` -> the account's `index`-th checkpoint (`Holder::marks` of them).
        checkpoints: Mapping<(AccountId, u32), Checkpoint>,
        allowances: Allowances,
        motions: Mapping<u32, Motion>,
        /// `(motion, voter)` -> voted yes.
        votes: Mapping<(u32, AccountId), bool>,
    }

    impl SharesContract {
        /// Shares named `name` (`symbol`), issued to `founders` (at most 16; none: 100,000 to
        /// the caller); new shares later only by motion where `issuance` is `ByMotion`;
        /// motions decided by `rules`.
        ///
        /// # Errors
        /// `BadRules`, `BadFounders` (a zero amount, an account twice, more than 16, or a
        /// total past the balance type).
        #[ink(constructor)]
        pub fn new(
            name: String,
            symbol: String,
            founders: Vec<(AccountId, Balance)>,
            issuance: Issuance,
            rules: Rules,
        ) -> Result<Self> {
            rules.check()?;
            let founders = if founders.is_empty() {
                vec![(Self::env().caller(), DEFAULT_SUPPLY)]
            } else {
                founders
            };
            let supply = check_founders(&founders)?;
            let mut register = Register::new(supply)?;
            let mut holders = Mapping::new();
            for (who, amount) in founders {
                // Epoch 0: no checkpoints; the list has no duplicates.
                let moved = register.mint(Holder::default(), amount)?;
                holders.insert(who, &moved.holder);
                Self::env().emit_event(Transfer {
                    from: None,
                    to: Some(who),
                    value: amount,
                });
            }
            let mut metadata = Lazy::new();
            metadata.set(&Metadata { name, symbol });
            Ok(Self {
                register,
                rules,
                issuance,
                metadata,
                holders,
                checkpoints: Mapping::new(),
                allowances: Allowances::default(),
                motions: Mapping::new(),
                votes: Mapping::new(),
            })
        }

        fn holder(&self, who: AccountId) -> Holder {
            self.holders.get(who).unwrap_or_default()
        }

        /// Writes a holder the register returned, and its new checkpoint.
        fn store(&mut self, who: AccountId, moved: &Moved) {
            if let Some((index, checkpoint)) = moved.checkpoint {
                self.checkpoints.insert((who, index), &checkpoint);
            }
            self.holders.insert(who, &moved.holder);
        }

        /// `who`'s balance at snapshot `epoch`.
        fn balance_at(&self, who: AccountId, epoch: u32) -> Balance {
            self.holder(who).balance_at(epoch, |i| {
                self.checkpoints.get((who, i)).unwrap_or_default()
            })
        }

        fn read_motion(&self, id: u32) -> Result<Motion> {
            self.motions.get(id).ok_or(SharesError::UnknownMotion)
        }

        fn pay(&self, to: AccountId, amount: Balance) -> Result<()> {
            self.env()
                .transfer(to, amount)
                .map_err(|_| SharesError::TransferFailed)
        }

        /// Moves `value` shares; nothing, or to oneself, is nothing.
        fn move_shares(&mut self, from: AccountId, to: AccountId, value: Balance) -> Result<()> {
            if value == 0 || from == to {
                return Ok(());
            }
            let (f, t) = self
                .register
                .transfer(self.holder(from), self.holder(to), value)?;
            self.store(from, &f);
            self.store(to, &t);
            self.env().emit_event(Transfer {
                from: Some(from),
                to: Some(to),
                value,
            });
            Ok(())
        }

        /// Pays `holder` everything its shares earned (see `Shares::claim_for`).
        fn claim_to(&mut self, holder: AccountId) -> Result<Balance> {
            let mut register = self.register;
            let (h, amount) = register.claim(self.holder(holder))?;
            self.pay(holder, amount)?;
            self.register = register;
            self.holders.insert(holder, &h);
            self.env()
                .emit_event(DistributionClaimed { holder, amount });
            Ok(amount)
        }

        fn approved(&self, event: Option<Approval>) {
            if let Some(event) = event {
                self.env().emit_event(event);
            }
        }
    }

    impl Shares for SharesContract {
        #[ink(message, payable)]
        fn distribute(&mut self) -> Result<Balance> {
            let amount = self.register.distribute(self.env().transferred_value())?;
            self.env().emit_event(Distributed {
                by: self.env().caller(),
                amount,
                paid_in: self.register.paid_in,
            });
            Ok(amount)
        }

        #[ink(message)]
        fn claim(&mut self) -> Result<Balance> {
            self.claim_to(self.env().caller())
        }

        #[ink(message)]
        fn claim_for(&mut self, holder: AccountId) -> Result<Balance> {
            self.claim_to(holder)
        }

        #[ink(message)]
        fn claimable(&self, who: AccountId) -> Balance {
            self.register.claimable(self.holder(who))
        }

        #[ink(message, payable)]
        fn propose(&mut self, text: Vec<u8>, action: Action) -> Result<u32> {
            let proposer = self.env().caller();
            let proposal = Proposal {
                text,
                action,
                deposit: self.env().transferred_value(),
            };
            let (id, motion, event) = self.register.propose(
                proposer,
                self.holder(proposer).balance,
                proposal,
                &self.rules,
                self.issuance,
                self.env().block_number(),
            )?;
            self.motions.insert(id, &motion);
            self.env().emit_event(event);
            Ok(id)
        }

        #[ink(message)]
        fn vote(&mut self, id: u32, yes: bool) -> Result<()> {
            let voter = self.env().caller();
            let mut motion = self.read_motion(id)?;
            let already = self.votes.contains((id, voter));
            let weight = self.balance_at(voter, motion.epoch);
            let event = motion.vote(id, voter, weight, yes, already, self.env().block_number())?;
            self.votes.insert((id, voter), &yes);
            self.motions.insert(id, &motion);
            self.env().emit_event(event);
            Ok(())
        }

        #[ink(message)]
        fn finish(&mut self, id: u32) -> Result<MotionState> {
            let mut motion = self.read_motion(id)?;
            let mut register = self.register;
            let (refund, mut event) =
                register.finish(id, &mut motion, &self.rules, self.env().block_number())?;
            // A refund the chain refuses (an emptied proposer account, below the existential
            // deposit) must not keep the motion open for good: it goes to the holders.
            if refund > 0 && self.pay(motion.proposer, refund).is_err() {
                register.forfeit(refund)?;
                event.refunded = 0;
            }
            self.register = register;
            self.motions.insert(id, &motion);
            self.env().emit_event(event);
            Ok(motion.state)
        }

        #[ink(message)]
        fn execute(&mut self, id: u32) -> Result<()> {
            let mut motion = self.read_motion(id)?;
            let event = motion.execute(id, self.issuance)?;
            let mut register = self.register;
            match motion.action {
                Action::Issue { to, amount } => {
                    let moved = register.mint(self.holder(to), amount)?;
                    self.store(to, &moved);
                    self.env().emit_event(Transfer {
                        from: None,
                        to: Some(to),
                        value: amount,
                    });
                }
                Action::SetDeposit(deposit) => self.rules.deposit = deposit,
                Action::Pay { to, amount } => {
                    register.pay(amount)?;
                    self.pay(to, amount)?;
                }
                // `Motion::execute` refuses a motion without an action.
                Action::None => return Err(SharesError::NoAction),
            }
            self.register = register;
            self.motions.insert(id, &motion);
            self.env().emit_event(event);
            Ok(())
        }

        #[ink(message, payable)]
        fn fund_treasury(&mut self) -> Result<()> {
            let amount = self.env().transferred_value();
            self.register.fund(amount)?;
            self.env().emit_event(TreasuryFunded {
                by: self.env().caller(),
                amount,
            });
            Ok(())
        }

        #[ink(message)]
        fn motion(&self, id: u32) -> Option<Motion> {
            self.motions.get(id)
        }

        #[ink(message)]
        fn voting_power(&self, id: u32, who: AccountId) -> Result<Balance> {
            let motion = self.read_motion(id)?;
            Ok(self.balance_at(who, motion.epoch))
        }

        #[ink(message)]
        fn voted(&self, id: u32, who: AccountId) -> Option<bool> {
            self.votes.get((id, who))
        }

        #[ink(message)]
        fn status(&self) -> SharesStatus {
            let Metadata { name, symbol } = self.metadata.get().unwrap_or_default();
            let r = self.register;
            SharesStatus {
                name,
                symbol,
                supply: r.supply,
                issuance: self.issuance,
                rules: self.rules,
                treasury: r.treasury,
                distributed: r.paid_in,
                claimed: r.claimed,
                carry: r.carry,
                pending: r.pending,
                deposits: r.held,
                motions: r.epoch,
            }
        }
    }

    impl PSP22 for SharesContract {
        #[ink(message)]
        fn total_supply(&self) -> Balance {
            self.register.supply
        }

        #[ink(message)]
        fn balance_of(&self, owner: AccountId) -> Balance {
            self.holder(owner).balance
        }

        #[ink(message)]
        fn allowance(&self, owner: AccountId, spender: AccountId) -> Balance {
            self.allowances.get(owner, spender)
        }

        #[ink(message)]
        fn transfer(
            &mut self,
            to: AccountId,
            value: Balance,
            data: Vec<u8>,
        ) -> core::result::Result<(), PSP22Error> {
            drop(data); // no receiver hooks
            let from = self.env().caller();
            Ok(self.move_shares(from, to, value)?)
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
            let rest = self.allowances.after_spending(from, spender, value)?;
            self.move_shares(from, to, value)?;
            let approval = rest.map(|rest| self.allowances.set(from, spender, rest));
            self.approved(approval);
            Ok(())
        }

        #[ink(message)]
        fn approve(
            &mut self,
            spender: AccountId,
            value: Balance,
        ) -> core::result::Result<(), PSP22Error> {
            let owner = self.env().caller();
            let approval = self.allowances.approve(owner, spender, value);
            self.approved(approval);
            Ok(())
        }

        #[ink(message)]
        fn increase_allowance(
            &mut self,
            spender: AccountId,
            delta_value: Balance,
        ) -> core::result::Result<(), PSP22Error> {
            let owner = self.env().caller();
            let approval = self.allowances.increase(owner, spender, delta_value);
            self.approved(approval);
            Ok(())
        }

        #[ink(message)]
        fn decrease_allowance(
            &mut self,
            spender: AccountId,
            delta_value: Balance,
        ) -> core::result::Result<(), PSP22Error> {
            let owner = self.env().caller();
            let approval = self.allowances.decrease(owner, spender, delta_value)?;
            self.approved(approval);
            Ok(())
        }
    }

    impl PSP22Metadata for SharesContract {
        #[ink(message)]
        fn token_name(&self) -> Option<String> {
            self.metadata.get().map(|m| m.name)
        }

        #[ink(message)]
        fn token_symbol(&self) -> Option<String> {
            self.metadata.get().map(|m| m.symbol)
        }

        #[ink(message)]
        fn token_decimals(&self) -> u8 {
            0
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use ink::env::test;
        use ink::env::DefaultEnvironment as Env;

        fn accounts() -> test::DefaultAccounts<Env> {
            test::default_accounts::<Env>()
        }

        fn as_caller(who: AccountId, value: Balance) {
            test::set_caller::<Env>(who);
            test::set_value_transferred::<Env>(value);
        }

        fn blocks(n: u32) {
            for _ in 0..n {
                test::advance_block::<Env>();
            }
        }

        const RULES: Rules = Rules {
            voting_period: 3,
            quorum_bps: 5_000,
            pass_bps: 5_001,
            deposit: 10,
        };

        /// Alice 60, Bob 40; issuance by motion.
        fn world() -> (SharesContract, test::DefaultAccounts<Env>) {
            let a = accounts();
            as_caller(a.alice, 0);
            let s = SharesContract::new(
                String::from("Holiday flat"),
                String::from("FLAT"),
                vec![(a.alice, 60), (a.bob, 40)],
                Issuance::ByMotion,
                RULES,
            )
            .unwrap();
            (s, a)
        }

        #[ink::test]
        fn creation_issues_to_founders_or_to_the_creator() {
            let (s, a) = world();
            assert_eq!(s.total_supply(), 100);
            assert_eq!((s.balance_of(a.alice), s.balance_of(a.bob)), (60, 40));
            assert_eq!(s.token_symbol(), Some(String::from("FLAT")));
            assert_eq!(s.token_decimals(), 0);
            as_caller(a.charlie, 0);
            let s = SharesContract::new(
                String::from("Co"),
                String::from("CO"),
                Vec::new(),
                Issuance::Never,
                RULES,
            )
            .unwrap();
            assert_eq!(s.balance_of(a.charlie), DEFAULT_SUPPLY);
            assert_eq!(s.status().supply, DEFAULT_SUPPLY);
            let new = |founders, rules| {
                SharesContract::new(
                    String::new(),
                    String::new(),
                    founders,
                    Issuance::Never,
                    rules,
                )
                .err()
            };
            assert_eq!(
                new(vec![(a.bob, 1), (a.bob, 2)], RULES),
                Some(SharesError::BadFounders)
            );
            assert_eq!(new(vec![(a.bob, 0)], RULES), Some(SharesError::BadFounders));
            let bad = Rules {
                voting_period: 0,
                ..RULES
            };
            assert_eq!(new(Vec::new(), bad), Some(SharesError::BadRules));
        }

        #[ink::test]
        fn distributions_are_claimed_pro_rata_and_once() {
            let (mut s, a) = world();
            as_caller(a.charlie, 0);
            assert_eq!(s.distribute(), Err(SharesError::ZeroAmount));
            as_caller(a.charlie, 100);
            assert_eq!(s.distribute(), Ok(100));
            // Bob sells half his shares between two distributions.
            as_caller(a.bob, 0);
            s.transfer(a.django, 20, Vec::new()).unwrap();
            as_caller(a.charlie, 50);
            s.distribute().unwrap();
            assert_eq!(s.claimable(a.alice), 90);
            assert_eq!(s.claimable(a.bob), 50);
            assert_eq!(s.claimable(a.django), 10);
            as_caller(a.bob, 0);
            assert_eq!(s.claim(), Ok(50));
            assert_eq!(s.claim(), Err(SharesError::NothingToClaim));
            assert_eq!(
                s.transfer(a.django, 21, Vec::new()),
                Err(PSP22Error::InsufficientBalance)
            );
            let st = s.status();
            assert_eq!((st.distributed, st.claimed), (150, 50));
        }

        #[ink::test]
        fn allowances_move_shares_for_their_owner() {
            let (mut s, a) = world();
            as_caller(a.alice, 0);
            s.approve(a.charlie, 10).unwrap();
            s.increase_allowance(a.charlie, 5).unwrap();
            s.decrease_allowance(a.charlie, 3).unwrap();
            assert_eq!(
                s.decrease_allowance(a.charlie, 13),
                Err(PSP22Error::InsufficientAllowance)
            );
            as_caller(a.charlie, 0);
            assert_eq!(
                s.transfer_from(a.alice, a.django, 13, Vec::new()),
                Err(PSP22Error::InsufficientAllowance)
            );
            s.transfer_from(a.alice, a.django, 12, Vec::new()).unwrap();
            assert_eq!(s.allowance(a.alice, a.charlie), 0);
            assert_eq!((s.balance_of(a.alice), s.balance_of(a.django)), (48, 12));
        }

        #[ink::test]
        fn a_motion_is_voted_with_the_shares_held_when_it_was_made() {
            let (mut s, a) = world();
            as_caller(a.alice, 9);
            assert_eq!(
                s.propose(b"sell".to_vec(), Action::None),
                Err(SharesError::WrongDeposit)
            );
            as_caller(a.charlie, 10);
            assert_eq!(
                s.propose(b"sell".to_vec(), Action::None),
                Err(SharesError::NoVotingPower)
            );
            as_caller(a.alice, 10);
            let id = s.propose(b"sell the flat".to_vec(), Action::None).unwrap();
            // Alice sells everything to Charlie after the motion was made.
            as_caller(a.alice, 0);
            s.transfer(a.charlie, 60, Vec::new()).unwrap();
            assert_eq!(s.voting_power(id, a.alice), Ok(60));
            assert_eq!(s.voting_power(id, a.charlie), Ok(0));
            as_caller(a.charlie, 0);
            assert_eq!(s.vote(id, true), Err(SharesError::NoVotingPower));
            as_caller(a.alice, 0);
            s.vote(id, true).unwrap();
            assert_eq!(s.vote(id, false), Err(SharesError::AlreadyVoted));
            assert_eq!(s.voted(id, a.alice), Some(true));
            as_caller(a.bob, 0);
            assert_eq!(s.finish(id), Err(SharesError::VotingOpen));
            blocks(RULES.voting_period + 1);
            assert_eq!(s.vote(id, false), Err(SharesError::VotingClosed));
            assert_eq!(s.finish(id), Ok(MotionState::Passed));
            assert_eq!(s.finish(id), Err(SharesError::AlreadyExecuted));
            assert_eq!(s.execute(id), Err(SharesError::NoAction));
            let m = s.motion(id).unwrap();
            assert_eq!((m.yes, m.no, m.supply), (60, 0, 100));
            assert_eq!(s.status().deposits, 0);
            assert_eq!(s.vote(9, true), Err(SharesError::UnknownMotion));
        }

        #[ink::test]
        fn passed_motions_execute_their_action_once() {
            let (mut s, a) = world();
            as_caller(a.django, 25);
            s.fund_treasury().unwrap();
            as_caller(a.alice, 10);
            let issue = Action::Issue {
                to: a.eve,
                amount: 5,
            };
            let i = s.propose(Vec::new(), issue).unwrap();
            let pay = Action::Pay {
                to: a.eve,
                amount: 30,
            };
            let p = s.propose(Vec::new(), pay).unwrap();
            let d = s.propose(Vec::new(), Action::SetDeposit(1)).unwrap();
            as_caller(a.alice, 0);
            for id in [i, p, d] {
                s.vote(id, true).unwrap();
            }
            assert_eq!(s.execute(i), Err(SharesError::NotPassed));
            blocks(RULES.voting_period + 1);
            for id in [i, p, d] {
                assert_eq!(s.finish(id), Ok(MotionState::Passed));
            }
            s.execute(i).unwrap();
            assert_eq!(s.execute(i), Err(SharesError::AlreadyExecuted));
            assert_eq!((s.balance_of(a.eve), s.total_supply()), (5, 105));
            assert_eq!(s.execute(p), Err(SharesError::TreasuryShort));
            as_caller(a.django, 5);
            s.fund_treasury().unwrap();
            s.execute(p).unwrap();
            assert_eq!(s.status().treasury, 0);
            s.execute(d).unwrap();
            assert_eq!(s.status().rules.deposit, 1);
        }

        #[ink::test]
        fn issuing_is_refused_where_the_contract_forbids_it() {
            let a = accounts();
            as_caller(a.alice, 0);
            let mut s = SharesContract::new(
                String::from("Fixed"),
                String::from("FIX"),
                Vec::new(),
                Issuance::Never,
                RULES,
            )
            .unwrap();
            as_caller(a.alice, 10);
            let issue = Action::Issue {
                to: a.bob,
                amount: 1,
            };
            assert_eq!(
                s.propose(Vec::new(), issue),
                Err(SharesError::IssuanceForbidden)
            );
            assert_eq!(s.status().motions, 0);
        }

        #[ink::test]
        fn a_deposit_without_quorum_goes_to_the_holders() {
            let (mut s, a) = world();
            as_caller(a.bob, 10);
            let id = s.propose(b"paint it pink".to_vec(), Action::None).unwrap();
            as_caller(a.bob, 0);
            s.vote(id, true).unwrap(); // 40 of the 50 needed
            blocks(RULES.voting_period + 1);
            assert_eq!(s.finish(id), Ok(MotionState::Failed));
            assert_eq!(s.status().pending, 10);
            as_caller(a.charlie, 0);
            assert_eq!(s.distribute(), Ok(10));
            assert_eq!((s.claimable(a.alice), s.claimable(a.bob)), (6, 4));
        }
    }
}
