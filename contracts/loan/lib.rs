//! # Loan
//!
//! One loan with terms, created by its borrower: `principal` of one asset (native currency, or
//! one trust bank's notes), `owed` at the due block, a funding deadline, a grace period and
//! native collateral sent with the constructor. Lenders fund it in slices; slices move only to
//! accounts that accepted this loan's debt; repayments are shared pro rata by an accumulator
//! ([`vouch_traits::loan::Book`]); after the due block plus grace an unpaid loan can be marked
//! defaulted and its holders share the collateral; a holder exits early by selling slices in
//! one atomic call, to an offer's buyer or into a standing bid.
//!
//! Every message validates before it writes; a message that fails returns `Err` and the chain
//! reverts it, its calls into the asset's bank included.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract]
pub mod loan {
    use ink::codegen::TraitCallBuilder;
    use ink::prelude::vec::Vec;
    use ink::storage::{Lazy, Mapping};
    use vouch_traits::loan::{
        Asset, Bid, Book, Claimed, Defaulted, Drawn, Funded, Holding, Loan, LoanError, LoanStatus,
        Offer, Ordered, Phase, Position, Repaid, SlicesMoved, Terms, Unfunded, MAX_BIDS,
        MAX_OFFERS,
    };
    use vouch_traits::{ensure, TrustBank, PSP22};

    type Result<T> = core::result::Result<T, LoanError>;

    /// A call into the asset's bank: an environment or language error is `CallFailed`, the
    /// bank's own refusal is `Asset(_)`.
    fn asset_result<T, E: Into<LoanError>>(
        r: core::result::Result<ink::MessageResult<core::result::Result<T, E>>, ink::env::Error>,
    ) -> Result<T> {
        r.map_err(|_| LoanError::CallFailed)?
            .map_err(|_| LoanError::CallFailed)?
            .map_err(Into::into)
    }

    #[ink(storage)]
    pub struct LoanContract {
        borrower: AccountId,
        terms: Terms,
        /// Native collateral still locked (or shared, after a default).
        collateral: Balance,
        book: Book,
        drawn: bool,
        defaulted: bool,
        next_order: u32,
        holdings: Mapping<AccountId, Holding>,
        offers: Lazy<Vec<(u32, Offer)>>,
        bids: Lazy<Vec<(u32, Bid)>>,
    }

    impl LoanContract {
        /// The caller offers a loan on `terms`; the native currency sent is the collateral.
        /// A loan in notes makes itself willing to hold the bank's notes (the bank's owner
        /// still sets its limit for the loan, as for any holder).
        ///
        /// # Errors
        /// `BadTerms`, `CallFailed` (the asset's bank could not be called).
        #[ink(constructor, payable)]
        pub fn new(terms: Terms) -> Result<Self> {
            terms.check(Self::env().block_number())?;
            if let Asset::Notes(bank) = terms.asset {
                let mut b: ink::contract_ref!(TrustBank) = bank.into();
                asset_result(b.call_mut().set_willing(Balance::MAX).try_invoke())?;
            }
            Ok(Self {
                borrower: Self::env().caller(),
                terms,
                collateral: Self::env().transferred_value(),
                book: Book::new(terms.principal),
                drawn: false,
                defaulted: false,
                next_order: 0,
                holdings: Mapping::new(),
                offers: Lazy::new(),
                bids: Lazy::new(),
            })
        }

        fn phase(&self) -> Phase {
            let now = self.env().block_number();
            if self.defaulted {
                Phase::Defaulted
            } else if self.drawn {
                if self.book.repaid >= self.terms.owed {
                    Phase::Repaid
                } else {
                    Phase::Drawn
                }
            } else if self.book.funded == self.terms.principal {
                if now > self.terms.due {
                    Phase::Failed
                } else {
                    Phase::Funded
                }
            } else if now > self.terms.deadline {
                Phase::Failed
            } else {
                Phase::Funding
            }
        }

        fn holding(&self, who: AccountId) -> Holding {
            self.holdings.get(who).unwrap_or_default()
        }

        /// The native currency sent must be `amount` for a native loan, nothing for one in
        /// notes. Checked before anything is written.
        fn expect_value(&self, amount: Balance) -> Result<()> {
            let sent = self.env().transferred_value();
            let want = match self.terms.asset {
                Asset::Native => amount,
                Asset::Notes(_) => 0,
            };
            ensure!(sent == want, LoanError::WrongValue);
            Ok(())
        }

        /// Takes `amount` of the asset from `from` (after [`Self::expect_value`]): the value
        /// sent with a native call is already here; notes `from` approved the loan to move are
        /// moved to it.
        fn pull(&self, from: AccountId, amount: Balance) -> Result<()> {
            match self.terms.asset {
                Asset::Native => Ok(()),
                Asset::Notes(bank) => self.move_notes(bank, from, self.env().account_id(), amount),
            }
        }

        /// Pays `amount` of the asset out of the loan to `to`.
        fn push(&self, to: AccountId, amount: Balance) -> Result<()> {
            if amount == 0 {
                return Ok(());
            }
            match self.terms.asset {
                Asset::Native => self.pay_native(to, amount),
                Asset::Notes(bank) => {
                    let mut b: ink::contract_ref!(PSP22) = bank.into();
                    asset_result(b.call_mut().transfer(to, amount, Vec::new()).try_invoke())
                }
            }
        }

        /// `from` pays `to` directly (after [`Self::expect_value`]): a native payment passes
        /// the value sent to the loan on; notes move by `transfer_from` (the loan as spender).
        fn pay_from(&self, from: AccountId, to: AccountId, amount: Balance) -> Result<()> {
            match self.terms.asset {
                Asset::Native => self.pay_native(to, amount),
                Asset::Notes(bank) => self.move_notes(bank, from, to, amount),
            }
        }

        fn move_notes(
            &self,
            bank: AccountId,
            from: AccountId,
            to: AccountId,
            amount: Balance,
        ) -> Result<()> {
            if amount == 0 {
                return Ok(());
            }
            let mut b: ink::contract_ref!(PSP22) = bank.into();
            asset_result(
                b.call_mut()
                    .transfer_from(from, to, amount, Vec::new())
                    .try_invoke(),
            )
        }

        fn pay_native(&self, to: AccountId, amount: Balance) -> Result<()> {
            if amount == 0 {
                return Ok(());
            }
            self.env()
                .transfer(to, amount)
                .map_err(|_| LoanError::TransferFailed)
        }

        fn order_id(&mut self) -> Result<u32> {
            let id = self.next_order;
            self.next_order = id.checked_add(1).ok_or(LoanError::Overflow)?;
            Ok(id)
        }

        /// Sells `slices` from `seller` to `buyer` with their unclaimed share (a sale).
        fn sale(&mut self, seller: AccountId, buyer: AccountId, slices: Balance) -> Result<()> {
            ensure!(seller != buyer, LoanError::SelfTrade);
            let (s, b) =
                self.book
                    .transfer(self.holding(seller), self.holding(buyer), slices, true)?;
            self.holdings.insert(seller, &s);
            self.holdings.insert(buyer, &b);
            Ok(())
        }
    }

    impl Loan for LoanContract {
        #[ink(message)]
        fn accept(&mut self, max: Balance) -> Result<()> {
            let who = self.env().caller();
            let h = self.holding(who);
            ensure!(max >= h.slices, LoanError::BelowHeld);
            self.holdings.insert(who, &Holding { accepted: max, ..h });
            Ok(())
        }

        #[ink(message, payable)]
        fn fund(&mut self, amount: Balance) -> Result<()> {
            ensure!(self.phase() == Phase::Funding, LoanError::FundingClosed);
            self.expect_value(amount)?;
            let lender = self.env().caller();
            let h = self.book.fund(self.holding(lender), amount)?;
            self.holdings.insert(lender, &h);
            self.pull(lender, amount)?;
            self.env().emit_event(Funded { lender, amount });
            Ok(())
        }

        #[ink(message)]
        fn unfund(&mut self, amount: Balance) -> Result<()> {
            ensure!(
                matches!(self.phase(), Phase::Funding | Phase::Failed),
                LoanError::Locked
            );
            let lender = self.env().caller();
            let h = self.book.unfund(self.holding(lender), amount)?;
            self.holdings.insert(lender, &h);
            self.push(lender, amount)?;
            self.env().emit_event(Unfunded { lender, amount });
            Ok(())
        }

        #[ink(message)]
        fn draw(&mut self) -> Result<()> {
            ensure!(self.env().caller() == self.borrower, LoanError::NotBorrower);
            ensure!(!self.drawn, LoanError::AlreadyDrawn);
            match self.phase() {
                Phase::Funded => {}
                Phase::Funding => return Err(LoanError::NotFunded),
                _ => return Err(LoanError::FundingClosed),
            }
            self.drawn = true;
            self.push(self.borrower, self.terms.principal)?;
            self.env().emit_event(Drawn {
                amount: self.terms.principal,
            });
            Ok(())
        }

        #[ink(message, payable)]
        fn repay(&mut self, amount: Balance) -> Result<()> {
            ensure!(self.drawn, LoanError::NotDrawn);
            self.expect_value(amount)?;
            self.book.repay(amount, self.terms.owed)?;
            let payer = self.env().caller();
            self.pull(payer, amount)?;
            self.env().emit_event(Repaid {
                payer,
                amount,
                repaid: self.book.repaid,
            });
            Ok(())
        }

        #[ink(message)]
        fn claim(&mut self) -> Result<(Balance, Balance)> {
            let holder = self.env().caller();
            let (h, repaid, collateral) = self.book.claim(self.holding(holder))?;
            self.holdings.insert(holder, &h);
            self.push(holder, repaid)?;
            self.pay_native(holder, collateral)?;
            self.env().emit_event(Claimed {
                holder,
                repaid,
                collateral,
            });
            Ok((repaid, collateral))
        }

        #[ink(message)]
        fn transfer(&mut self, to: AccountId, amount: Balance) -> Result<()> {
            let from = self.env().caller();
            ensure!(from != to, LoanError::SelfTrade);
            let (f, t) = self
                .book
                .transfer(self.holding(from), self.holding(to), amount, false)?;
            self.holdings.insert(from, &f);
            self.holdings.insert(to, &t);
            self.env().emit_event(SlicesMoved {
                from,
                to,
                slices: amount,
                price: None,
            });
            Ok(())
        }

        #[ink(message)]
        fn mark_default(&mut self) -> Result<()> {
            ensure!(self.drawn, LoanError::NotDrawn);
            ensure!(
                self.phase() == Phase::Drawn
                    && self.env().block_number() > self.terms.last_grace_block(),
                LoanError::NotDefaultable
            );
            self.defaulted = true;
            self.book.share_collateral(self.collateral);
            self.env().emit_event(Defaulted {
                repaid: self.book.repaid,
                collateral: self.collateral,
            });
            Ok(())
        }

        #[ink(message)]
        fn reclaim_collateral(&mut self) -> Result<Balance> {
            ensure!(self.env().caller() == self.borrower, LoanError::NotBorrower);
            ensure!(
                matches!(self.phase(), Phase::Failed | Phase::Repaid),
                LoanError::CollateralLocked
            );
            let amount = self.collateral;
            ensure!(amount > 0, LoanError::NothingToClaim);
            self.collateral = 0;
            self.pay_native(self.borrower, amount)?;
            Ok(amount)
        }

        #[ink(message)]
        fn offer(&mut self, slices: Balance, price: Balance) -> Result<u32> {
            ensure!(slices > 0, LoanError::ZeroAmount);
            let seller = self.env().caller();
            ensure!(
                slices <= self.holding(seller).slices,
                LoanError::InsufficientSlices
            );
            let mut offers = self.offers.get_or_default();
            ensure!(offers.len() < MAX_OFFERS as usize, LoanError::TooManyOrders);
            let id = self.order_id()?;
            offers.push((
                id,
                Offer {
                    seller,
                    slices,
                    price,
                },
            ));
            self.offers.set(&offers);
            self.env().emit_event(Ordered {
                by: seller,
                id,
                bid: false,
                slices,
                price,
            });
            Ok(id)
        }

        #[ink(message)]
        fn cancel_offer(&mut self, id: u32) -> Result<()> {
            let mut offers = self.offers.get_or_default();
            let at = offers
                .iter()
                .position(|(i, _)| *i == id)
                .ok_or(LoanError::UnknownOrder)?;
            let (_, offer) = offers.swap_remove(at);
            ensure!(offer.seller == self.env().caller(), LoanError::NotYourOrder);
            self.offers.set(&offers);
            Ok(())
        }

        #[ink(message, payable)]
        fn buy(&mut self, id: u32) -> Result<()> {
            let mut offers = self.offers.get_or_default();
            let at = offers
                .iter()
                .position(|(i, _)| *i == id)
                .ok_or(LoanError::UnknownOrder)?;
            let (_, offer) = offers.swap_remove(at);
            self.expect_value(offer.price)?;
            let buyer = self.env().caller();
            self.sale(offer.seller, buyer, offer.slices)?;
            self.offers.set(&offers);
            self.pay_from(buyer, offer.seller, offer.price)?;
            self.env().emit_event(SlicesMoved {
                from: offer.seller,
                to: buyer,
                slices: offer.slices,
                price: Some(offer.price),
            });
            Ok(())
        }

        #[ink(message, payable)]
        fn bid(&mut self, slices: Balance, price: Balance) -> Result<u32> {
            ensure!(slices > 0, LoanError::ZeroAmount);
            let mut bids = self.bids.get_or_default();
            ensure!(bids.len() < MAX_BIDS as usize, LoanError::TooManyOrders);
            self.expect_value(price)?;
            let buyer = self.env().caller();
            let id = self.order_id()?;
            bids.push((
                id,
                Bid {
                    buyer,
                    slices,
                    price,
                },
            ));
            self.bids.set(&bids);
            self.pull(buyer, price)?;
            self.env().emit_event(Ordered {
                by: buyer,
                id,
                bid: true,
                slices,
                price,
            });
            Ok(id)
        }

        #[ink(message)]
        fn cancel_bid(&mut self, id: u32) -> Result<()> {
            let mut bids = self.bids.get_or_default();
            let at = bids
                .iter()
                .position(|(i, _)| *i == id)
                .ok_or(LoanError::UnknownOrder)?;
            let (_, bid) = bids.swap_remove(at);
            ensure!(bid.buyer == self.env().caller(), LoanError::NotYourOrder);
            self.bids.set(&bids);
            self.push(bid.buyer, bid.price)
        }

        #[ink(message)]
        fn sell(&mut self, id: u32) -> Result<()> {
            let mut bids = self.bids.get_or_default();
            let at = bids
                .iter()
                .position(|(i, _)| *i == id)
                .ok_or(LoanError::UnknownOrder)?;
            let (_, bid) = bids.swap_remove(at);
            let seller = self.env().caller();
            self.sale(seller, bid.buyer, bid.slices)?;
            self.bids.set(&bids);
            self.push(seller, bid.price)?;
            self.env().emit_event(SlicesMoved {
                from: seller,
                to: bid.buyer,
                slices: bid.slices,
                price: Some(bid.price),
            });
            Ok(())
        }

        #[ink(message)]
        fn status(&self) -> LoanStatus {
            LoanStatus {
                borrower: self.borrower,
                terms: self.terms,
                phase: self.phase(),
                collateral: self.collateral,
                book: self.book,
                offers: u32::try_from(self.offers.get_or_default().len()).unwrap_or(u32::MAX),
                bids: u32::try_from(self.bids.get_or_default().len()).unwrap_or(u32::MAX),
            }
        }

        #[ink(message)]
        fn position(&self, who: AccountId) -> Position {
            let h = self.holding(who);
            let (claimable, collateral_claimable) = self.book.claimable(h);
            Position {
                slices: h.slices,
                accepted: h.accepted,
                claimable,
                collateral_claimable,
            }
        }

        #[ink(message)]
        fn offers(&self) -> Vec<(u32, Offer)> {
            self.offers.get_or_default()
        }

        #[ink(message)]
        fn bids(&self) -> Vec<(u32, Bid)> {
            self.bids.get_or_default()
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

        fn terms(principal: Balance, owed: Balance) -> Terms {
            Terms {
                asset: Asset::Native,
                principal,
                owed,
                deadline: 5,
                due: 10,
                grace: 2,
            }
        }

        fn blocks(n: u32) {
            for _ in 0..n {
                test::advance_block::<Env>();
            }
        }

        #[ink::test]
        fn a_loan_is_funded_drawn_repaid_and_claimed_pro_rata() {
            let a = accounts();
            as_caller(a.alice, 50);
            let mut loan = LoanContract::new(terms(100, 130)).unwrap();
            as_caller(a.bob, 60);
            loan.fund(60).unwrap();
            as_caller(a.charlie, 40);
            assert_eq!(loan.fund(50), Err(LoanError::WrongValue));
            assert_eq!(loan.fund(41), Err(LoanError::WrongValue));
            as_caller(a.charlie, 41);
            assert_eq!(loan.fund(41), Err(LoanError::OverPrincipal));
            as_caller(a.charlie, 40);
            loan.fund(40).unwrap();
            assert_eq!(loan.status().phase, Phase::Funded);
            as_caller(a.bob, 0);
            assert_eq!(loan.unfund(10), Err(LoanError::Locked));
            assert_eq!(loan.draw(), Err(LoanError::NotBorrower));
            as_caller(a.alice, 0);
            loan.draw().unwrap();
            assert_eq!(loan.draw(), Err(LoanError::AlreadyDrawn));
            as_caller(a.alice, 65);
            loan.repay(65).unwrap();
            as_caller(a.alice, 66);
            assert_eq!(loan.repay(66), Err(LoanError::OverRepay));
            as_caller(a.alice, 65);
            loan.repay(65).unwrap();
            assert_eq!(loan.status().phase, Phase::Repaid);
            as_caller(a.bob, 0);
            assert_eq!(loan.claim(), Ok((78, 0)));
            assert_eq!(loan.claim(), Err(LoanError::NothingToClaim));
            as_caller(a.charlie, 0);
            assert_eq!(loan.claim(), Ok((52, 0)));
            as_caller(a.alice, 0);
            assert_eq!(loan.reclaim_collateral(), Ok(50));
            assert_eq!(loan.reclaim_collateral(), Err(LoanError::NothingToClaim));
        }

        #[ink::test]
        fn slices_move_only_to_accounts_that_accepted_them() {
            let a = accounts();
            as_caller(a.alice, 0);
            let mut loan = LoanContract::new(terms(10, 10)).unwrap();
            as_caller(a.bob, 10);
            loan.fund(10).unwrap();
            as_caller(a.bob, 0);
            assert_eq!(loan.transfer(a.charlie, 4), Err(LoanError::NotAccepted));
            as_caller(a.charlie, 0);
            loan.accept(3).unwrap();
            as_caller(a.bob, 0);
            assert_eq!(loan.transfer(a.charlie, 4), Err(LoanError::NotAccepted));
            loan.transfer(a.charlie, 3).unwrap();
            as_caller(a.charlie, 0);
            assert_eq!(loan.accept(2), Err(LoanError::BelowHeld));
            assert_eq!(loan.position(a.charlie).slices, 3);
        }

        #[ink::test]
        fn an_unfunded_loan_fails_and_returns_everything() {
            let a = accounts();
            as_caller(a.alice, 20);
            let mut loan = LoanContract::new(terms(100, 110)).unwrap();
            as_caller(a.bob, 30);
            loan.fund(30).unwrap();
            as_caller(a.alice, 0);
            assert_eq!(loan.reclaim_collateral(), Err(LoanError::CollateralLocked));
            blocks(6);
            assert_eq!(loan.status().phase, Phase::Failed);
            as_caller(a.charlie, 5);
            assert_eq!(loan.fund(5), Err(LoanError::FundingClosed));
            as_caller(a.alice, 0);
            assert_eq!(loan.draw(), Err(LoanError::FundingClosed));
            assert_eq!(loan.reclaim_collateral(), Ok(20));
            as_caller(a.bob, 0);
            loan.unfund(30).unwrap();
            assert_eq!(loan.status().book.funded, 0);
        }

        #[ink::test]
        fn a_default_shares_the_collateral_only_after_due_and_grace() {
            let a = accounts();
            as_caller(a.alice, 90);
            let mut loan = LoanContract::new(terms(60, 66)).unwrap();
            as_caller(a.bob, 0);
            assert_eq!(loan.mark_default(), Err(LoanError::NotDrawn));
            as_caller(a.bob, 40);
            loan.fund(40).unwrap();
            as_caller(a.charlie, 20);
            loan.fund(20).unwrap();
            as_caller(a.alice, 0);
            loan.draw().unwrap();
            as_caller(a.alice, 6);
            loan.repay(6).unwrap();
            blocks(12);
            as_caller(a.bob, 0);
            assert_eq!(loan.mark_default(), Err(LoanError::NotDefaultable));
            blocks(1);
            loan.mark_default().unwrap();
            assert_eq!(loan.mark_default(), Err(LoanError::NotDefaultable));
            assert_eq!(loan.status().phase, Phase::Defaulted);
            as_caller(a.alice, 0);
            assert_eq!(loan.reclaim_collateral(), Err(LoanError::CollateralLocked));
            as_caller(a.bob, 0);
            assert_eq!(loan.claim(), Ok((4, 60)));
            as_caller(a.charlie, 0);
            assert_eq!(loan.claim(), Ok((2, 30)));
        }

        #[ink::test]
        fn an_early_exit_sells_slices_and_their_unclaimed_share() {
            let a = accounts();
            as_caller(a.alice, 0);
            let mut loan = LoanContract::new(terms(100, 120)).unwrap();
            as_caller(a.bob, 100);
            loan.fund(100).unwrap();
            as_caller(a.alice, 0);
            loan.draw().unwrap();
            as_caller(a.alice, 20);
            loan.repay(20).unwrap();
            as_caller(a.bob, 0);
            let id = loan.offer(50, 45).unwrap();
            assert_eq!(loan.offer(101, 1), Err(LoanError::InsufficientSlices));
            as_caller(a.charlie, 45);
            assert_eq!(loan.buy(id), Err(LoanError::NotAccepted));
            loan.accept(50).unwrap();
            as_caller(a.charlie, 44);
            assert_eq!(loan.buy(id), Err(LoanError::WrongValue));
            as_caller(a.bob, 45);
            assert_eq!(loan.buy(id), Err(LoanError::SelfTrade));
            as_caller(a.charlie, 45);
            loan.buy(id).unwrap();
            assert_eq!(loan.buy(id), Err(LoanError::UnknownOrder));
            assert_eq!(loan.position(a.charlie).claimable, 10);
            assert_eq!(loan.position(a.bob).claimable, 10);
            // A standing bid by a fourth lender, sold into by the first.
            as_caller(a.django, 30);
            let bid = loan.bid(25, 30).unwrap();
            as_caller(a.bob, 0);
            assert_eq!(loan.sell(bid), Err(LoanError::NotAccepted));
            as_caller(a.django, 0);
            loan.accept(25).unwrap();
            as_caller(a.eve, 0);
            assert_eq!(loan.cancel_bid(bid), Err(LoanError::NotYourOrder));
            as_caller(a.bob, 0);
            loan.sell(bid).unwrap();
            assert_eq!(loan.position(a.bob).slices, 25);
            assert_eq!(loan.position(a.django).slices, 25);
            assert_eq!(loan.position(a.django).claimable, 5);
            assert_eq!(loan.bids(), Vec::new());
        }

        #[ink::test]
        fn open_orders_are_bounded() {
            let a = accounts();
            as_caller(a.alice, 0);
            let mut loan = LoanContract::new(terms(10, 10)).unwrap();
            as_caller(a.bob, 10);
            loan.fund(10).unwrap();
            as_caller(a.bob, 0);
            for _ in 0..MAX_OFFERS {
                loan.offer(1, 1).unwrap();
            }
            assert_eq!(loan.offer(1, 1), Err(LoanError::TooManyOrders));
            let (first, _) = loan.offers()[0];
            as_caller(a.charlie, 0);
            assert_eq!(loan.cancel_offer(first), Err(LoanError::NotYourOrder));
            as_caller(a.bob, 0);
            loan.cancel_offer(first).unwrap();
            loan.offer(1, 1).unwrap();
        }
    }
}
