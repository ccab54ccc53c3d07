//! Loans with terms: the loan contract's types, errors, events, its interface and the pure
//! accounting of slices and pro-rata shares ([`Book`], [`Holding`]), so that the arithmetic
//! can be property-tested without a chain.
//!
//! A borrower offers a loan: `principal` of one asset (the chain's native currency, or the
//! notes of one trust bank), `owed` at the due block (principal plus interest, as one exact
//! amount), a funding deadline, a grace period and optional native collateral. Lenders fund it
//! in slices (one slice per unit funded); slices move only to accounts that accepted the
//! loan's debt (`accept(max)`, the consent rule of a trust line's `willing`); every unit the
//! borrower repays is shared pro rata by the slices held at that moment, through an
//! accumulator settled on every move and claim (O(1), no loop over holders).
//!
//! # The accumulator, exactly
//! `repaid` is the running total the borrower has paid in. A holder keeps `seen` (the total
//! when it last settled), `owed` (units credited, not yet claimed) and `rem` (the fraction of
//! a unit it is owed, in units of `1/principal`). Settling credits
//! `slices * (repaid - seen) + rem` divided by `principal`: the quotient to `owed`, the
//! remainder to `rem`. Slices sum to `principal` once repayments can start, so at every
//! moment `principal * repaid == principal * (claimed + Σ owed) + Σ rem + principal * unsettled`
//! and nothing is lost or minted: the fractions (`dust`, `Σ rem / principal`, fewer units
//! than there are holders) stay in the contract, counted.

// The SCALE derives cast variant indices to u8 in generated code (few variants: no truncation).
#![allow(clippy::cast_possible_truncation)]

use crate::pool::mul_div_rem;
use crate::{ensure, AccountId, Balance, BankError, PSP22Error};
use ink::prelude::vec::Vec;

/// The most open slice offers a loan keeps at once.
pub const MAX_OFFERS: u32 = 8;
/// The most open standing bids a loan keeps at once.
pub const MAX_BIDS: u32 = 8;

/// What a loan is lent, repaid and traded in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Asset {
    /// The chain's native currency, sent with the call.
    Native,
    /// The notes of this trust bank (a PSP22 token): paid in by `transfer_from` with the loan
    /// as spender (approve it first), paid out by `transfer`.
    Notes(AccountId),
}

/// A loan's terms, fixed at creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Terms {
    pub asset: Asset,
    /// What the borrower draws once lenders funded all of it.
    pub principal: Balance,
    /// What the borrower owes at the due block: principal plus interest, one exact amount
    /// (a rate would need rounding on chain and a convention for partial periods; lenders
    /// and borrower see the same number here).
    pub owed: Balance,
    /// Last block at which the loan can be funded.
    pub deadline: u32,
    /// The block by which `owed` should be repaid.
    pub due: u32,
    /// Blocks after `due` before the loan can be marked defaulted.
    pub grace: u32,
}

impl Terms {
    /// Whether the terms make a loan at block `now`.
    ///
    /// # Errors
    /// `BadTerms`: no principal, `owed < principal`, a principal of half the balance type or
    /// more (the shares' fractions must add without overflow), a deadline already past, a due
    /// block before the deadline, or `due + grace` past the block type.
    pub fn check(&self, now: u32) -> Result<(), LoanError> {
        ensure!(self.principal > 0, LoanError::BadTerms);
        ensure!(self.principal <= Balance::MAX / 2, LoanError::BadTerms);
        ensure!(self.owed >= self.principal, LoanError::BadTerms);
        ensure!(self.deadline >= now, LoanError::BadTerms);
        ensure!(self.due >= self.deadline, LoanError::BadTerms);
        ensure!(
            self.due.checked_add(self.grace).is_some(),
            LoanError::BadTerms
        );
        Ok(())
    }

    /// The last block of the grace period: after it an unpaid loan can be marked defaulted.
    pub fn last_grace_block(&self) -> u32 {
        self.due.saturating_add(self.grace)
    }
}

/// Where a loan is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum Phase {
    /// Open for funding (up to the deadline); lenders may take their funding back.
    Funding,
    /// Fully funded; the borrower may draw the principal.
    Funded,
    /// Not fully funded by the deadline, or never drawn by the due block: every lender takes
    /// its funding back and the collateral returns to the borrower.
    Failed,
    /// Drawn; being repaid.
    Drawn,
    /// Repaid in full; the collateral returns to the borrower.
    Repaid,
    /// Marked defaulted after the due block plus grace with less than owed repaid; slice
    /// holders share the collateral (and any late repayment).
    Defaulted,
}

/// One holder's share in one stream of payouts (repayments, or collateral after a default).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Share {
    /// The stream's running total when this share was last settled.
    pub seen: Balance,
    /// Whole units credited and not yet claimed.
    pub owed: Balance,
    /// The fraction of a unit credited, in units of `1 / principal` (always `< principal`).
    pub rem: Balance,
}

impl Share {
    /// Credits `slices * (total - seen)` (plus the fraction carried) over `principal`.
    ///
    /// # Errors
    /// `Overflow` when `owed` would pass the balance type (or `principal` is 0 with a
    /// stream that moved).
    pub fn settle(
        self,
        slices: Balance,
        total: Balance,
        principal: Balance,
    ) -> Result<Share, LoanError> {
        let delta = total.checked_sub(self.seen).ok_or(LoanError::Overflow)?;
        if delta == 0 || slices == 0 {
            return Ok(Share {
                seen: total,
                ..self
            });
        }
        let (mut q, r) = mul_div_rem(slices, delta, principal).ok_or(LoanError::Overflow)?;
        // r, rem < principal <= Balance::MAX / 2: the sum does not overflow.
        let mut rem = r.checked_add(self.rem).ok_or(LoanError::Overflow)?;
        if rem >= principal {
            rem = rem.checked_sub(principal).ok_or(LoanError::Overflow)?;
            q = q.checked_add(1).ok_or(LoanError::Overflow)?;
        }
        let owed = self.owed.checked_add(q).ok_or(LoanError::Overflow)?;
        Ok(Share {
            seen: total,
            owed,
            rem,
        })
    }
}

/// What the loan records per account.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Holding {
    /// Slices held (one per unit of principal funded).
    pub slices: Balance,
    /// The most slices the account agreed to hold (`accept`, or what it funded).
    pub accepted: Balance,
    /// Its share of the repayments.
    pub repaid: Share,
    /// Its share of the collateral (non-zero only after a default).
    pub collateral: Share,
}

impl Holding {
    /// How many more slices the account would receive.
    pub fn room(&self) -> Balance {
        self.accepted.saturating_sub(self.slices)
    }
}

/// The loan-wide accounting: the streams' totals and every unit's whereabouts.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Book {
    /// The loan's principal: slices once fully funded, the divisor of every share.
    pub principal: Balance,
    /// Slices issued (principal funded and not taken back).
    pub funded: Balance,
    /// Units repaid so far (the repayment stream's total).
    pub repaid: Balance,
    /// Collateral shared among holders (the collateral stream's total: 0 until a default).
    pub shared: Balance,
    /// Repayment units claimed by holders.
    pub claimed: Balance,
    /// Collateral units claimed by holders.
    pub collateral_claimed: Balance,
    /// Σ of every holder's repayment fraction (`Share::rem`).
    pub rem: Balance,
    /// Σ of every holder's collateral fraction.
    pub collateral_rem: Balance,
}

impl Book {
    /// A book for a loan of `principal`.
    pub fn new(principal: Balance) -> Self {
        Self {
            principal,
            ..Self::default()
        }
    }

    /// Repayment units that belong to no holder: the fractions of all shares, whole units
    /// only (`Σ rem / principal`, exact once every share is settled).
    pub fn dust(&self) -> Balance {
        self.rem.checked_div(self.principal).unwrap_or(0)
    }

    /// Collateral units that belong to no holder (as [`Book::dust`]).
    pub fn collateral_dust(&self) -> Balance {
        self.collateral_rem.checked_div(self.principal).unwrap_or(0)
    }

    /// `h` with both shares brought up to date; the book's fraction totals follow.
    ///
    /// # Errors
    /// `Overflow`.
    pub fn settle(&mut self, h: Holding) -> Result<Holding, LoanError> {
        let repaid = h.repaid.settle(h.slices, self.repaid, self.principal)?;
        let collateral = h.collateral.settle(h.slices, self.shared, self.principal)?;
        let rem = self
            .rem
            .checked_sub(h.repaid.rem)
            .and_then(|r| r.checked_add(repaid.rem))
            .ok_or(LoanError::Overflow)?;
        let collateral_rem = self
            .collateral_rem
            .checked_sub(h.collateral.rem)
            .and_then(|r| r.checked_add(collateral.rem))
            .ok_or(LoanError::Overflow)?;
        self.rem = rem;
        self.collateral_rem = collateral_rem;
        Ok(Holding {
            repaid,
            collateral,
            ..h
        })
    }

    /// A lender funds `amount`: new slices, and its acceptance raised to cover them (funding
    /// is consent to hold that debt).
    ///
    /// # Errors
    /// `ZeroAmount`, `OverPrincipal` (more than is left to fund), `Overflow`.
    pub fn fund(&mut self, h: Holding, amount: Balance) -> Result<Holding, LoanError> {
        ensure!(amount > 0, LoanError::ZeroAmount);
        let left = self.principal.saturating_sub(self.funded);
        ensure!(amount <= left, LoanError::OverPrincipal);
        let mut next = *self;
        let h = next.settle(h)?;
        let slices = h.slices.checked_add(amount).ok_or(LoanError::Overflow)?;
        next.funded = next.funded.checked_add(amount).ok_or(LoanError::Overflow)?;
        *self = next;
        Ok(Holding {
            slices,
            accepted: core::cmp::max(h.accepted, slices),
            ..h
        })
    }

    /// A lender takes `amount` of its funding back (the slices are cancelled).
    ///
    /// # Errors
    /// `ZeroAmount`, `InsufficientSlices`, `Overflow`.
    pub fn unfund(&mut self, h: Holding, amount: Balance) -> Result<Holding, LoanError> {
        ensure!(amount > 0, LoanError::ZeroAmount);
        ensure!(amount <= h.slices, LoanError::InsufficientSlices);
        let mut next = *self;
        let h = next.settle(h)?;
        next.funded = next.funded.checked_sub(amount).ok_or(LoanError::Overflow)?;
        *self = next;
        Ok(Holding {
            slices: h.slices.saturating_sub(amount),
            ..h
        })
    }

    /// `amount` slices move from `from` to `to`, which must have room under what it
    /// accepted. Both shares are settled first, so what the slices earned so far stays with
    /// the sender; with `with_owed` (a sale) the unclaimed units the moved slices earned go
    /// with them (`owed * amount / slices`, rounded down; the fraction stays).
    ///
    /// # Errors
    /// `ZeroAmount`, `InsufficientSlices`, `NotAccepted`, `Overflow`.
    pub fn transfer(
        &mut self,
        from: Holding,
        to: Holding,
        amount: Balance,
        with_owed: bool,
    ) -> Result<(Holding, Holding), LoanError> {
        ensure!(amount > 0, LoanError::ZeroAmount);
        ensure!(amount <= from.slices, LoanError::InsufficientSlices);
        ensure!(amount <= to.room(), LoanError::NotAccepted);
        let mut next = *self;
        let mut from = next.settle(from)?;
        let mut to = next.settle(to)?;
        if with_owed {
            let part = |owed: Balance| {
                mul_div_rem(owed, amount, from.slices)
                    .map(|(q, _)| q)
                    .ok_or(LoanError::Overflow)
            };
            let (r, c) = (part(from.repaid.owed)?, part(from.collateral.owed)?);
            from.repaid.owed = from.repaid.owed.checked_sub(r).ok_or(LoanError::Overflow)?;
            from.collateral.owed = from
                .collateral
                .owed
                .checked_sub(c)
                .ok_or(LoanError::Overflow)?;
            to.repaid.owed = to.repaid.owed.checked_add(r).ok_or(LoanError::Overflow)?;
            to.collateral.owed = to
                .collateral
                .owed
                .checked_add(c)
                .ok_or(LoanError::Overflow)?;
        }
        from.slices = from.slices.checked_sub(amount).ok_or(LoanError::Overflow)?;
        to.slices = to.slices.checked_add(amount).ok_or(LoanError::Overflow)?;
        *self = next;
        Ok((from, to))
    }

    /// `amount` more units repaid, to be shared by the slices held now.
    ///
    /// # Errors
    /// `ZeroAmount`, `OverRepay` (past `owed - repaid`), `NotFunded` (slices are not all
    /// issued: there is nothing to share by yet).
    pub fn repay(&mut self, amount: Balance, owed: Balance) -> Result<(), LoanError> {
        ensure!(amount > 0, LoanError::ZeroAmount);
        ensure!(self.funded == self.principal, LoanError::NotFunded);
        let left = owed.saturating_sub(self.repaid);
        ensure!(amount <= left, LoanError::OverRepay);
        self.repaid = self.repaid.checked_add(amount).ok_or(LoanError::Overflow)?;
        Ok(())
    }

    /// On a default, `collateral` is shared by the slices held now.
    pub fn share_collateral(&mut self, collateral: Balance) {
        self.shared = collateral;
    }

    /// The holder takes what its shares owe: `(repayment units, collateral units)`.
    ///
    /// # Errors
    /// `NothingToClaim`, `Overflow`.
    pub fn claim(&mut self, h: Holding) -> Result<(Holding, Balance, Balance), LoanError> {
        let mut next = *self;
        let mut h = next.settle(h)?;
        let (r, c) = (h.repaid.owed, h.collateral.owed);
        ensure!(r > 0 || c > 0, LoanError::NothingToClaim);
        next.claimed = next.claimed.checked_add(r).ok_or(LoanError::Overflow)?;
        next.collateral_claimed = next
            .collateral_claimed
            .checked_add(c)
            .ok_or(LoanError::Overflow)?;
        h.repaid.owed = 0;
        h.collateral.owed = 0;
        *self = next;
        Ok((h, r, c))
    }

    /// What `h` could claim now, without changing anything: `(repayment, collateral)`.
    pub fn claimable(&self, h: Holding) -> (Balance, Balance) {
        let mut book = *self;
        match book.settle(h) {
            Ok(h) => (h.repaid.owed, h.collateral.owed),
            Err(_) => (0, 0),
        }
    }
}

/// A holder's standing offer to sell `slices` for `price` (in the loan's asset); any account
/// with room under what it accepted buys it whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Offer {
    pub seller: AccountId,
    pub slices: Balance,
    pub price: Balance,
}

/// A standing bid: `buyer` pays `price` (held by the loan) for `slices`; any holder sells
/// into it whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Bid {
    pub buyer: AccountId,
    pub slices: Balance,
    pub price: Balance,
}

/// A loan's summary for clients and trackers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct LoanStatus {
    pub borrower: AccountId,
    pub terms: Terms,
    pub phase: Phase,
    /// Native collateral locked at creation (0 once returned).
    pub collateral: Balance,
    pub book: Book,
    /// Open offers and bids.
    pub offers: u32,
    pub bids: u32,
}

/// One account's position in a loan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct Position {
    pub slices: Balance,
    pub accepted: Balance,
    /// Repayment units it could claim now.
    pub claimable: Balance,
    /// Collateral units it could claim now.
    pub collateral_claimable: Balance,
}

/// Why a loan message failed. Every failing message leaves the loan (and any bank it called)
/// unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum LoanError {
    /// The terms do not make a loan (see [`Terms::check`]).
    BadTerms,
    /// An amount of zero was given where a positive amount is required.
    ZeroAmount,
    /// The native currency sent with the call is not what the call needs (the amount for
    /// native loans, nothing for loans in notes).
    WrongValue,
    /// Funding is closed: fully funded, past the deadline, or failed.
    FundingClosed,
    /// More than is left to fund.
    OverPrincipal,
    /// Funding cannot be taken back now (the loan is fully funded).
    Locked,
    /// The caller holds fewer slices than the call needs.
    InsufficientSlices,
    /// The receiving account did not accept that much of this loan's debt.
    NotAccepted,
    /// `accept` below the slices the account holds.
    BelowHeld,
    /// Only the borrower may do this.
    NotBorrower,
    /// The loan is not fully funded (nothing to draw, nothing to share by).
    NotFunded,
    /// The principal was drawn already.
    AlreadyDrawn,
    /// The principal was not drawn: nothing to repay or default on.
    NotDrawn,
    /// More than is still owed.
    OverRepay,
    /// Nothing to claim.
    NothingToClaim,
    /// Not after the due block plus grace yet, or repaid in full, or defaulted already.
    NotDefaultable,
    /// The collateral is locked while the loan runs (or was returned already).
    CollateralLocked,
    /// No open offer or bid has this id.
    UnknownOrder,
    /// The loan keeps [`MAX_OFFERS`] offers (or [`MAX_BIDS`] bids) open already.
    TooManyOrders,
    /// Only the account that placed the order may cancel it.
    NotYourOrder,
    /// An account cannot trade with itself.
    SelfTrade,
    /// The chain refused a native currency transfer.
    TransferFailed,
    /// The asset's bank refused the movement of notes.
    Asset(BankError),
    /// Calling the asset's bank failed (trapped, out of gas, not a bank).
    CallFailed,
    /// An amount would overflow the balance type.
    Overflow,
}

/// A loan with terms: slices, pro-rata repayments, default and early exit.
///
/// The constructor (`new(terms)`, payable: the value sent is the collateral) is the
/// borrower's; see `contracts/loan`.
#[ink::trait_definition]
pub trait Loan {
    /// Lets the caller hold up to `max` slices of this loan (received by transfer or sale).
    ///
    /// # Errors
    /// `BelowHeld`.
    #[ink(message)]
    fn accept(&mut self, max: Balance) -> Result<(), LoanError>;

    /// Funds `amount` (sent with the call for native loans; drawn from the caller's notes by
    /// `transfer_from` for loans in notes) and receives as many slices.
    ///
    /// # Errors
    /// `FundingClosed`, `ZeroAmount`, `OverPrincipal`, `WrongValue`, `Asset`, `CallFailed`.
    #[ink(message, payable)]
    fn fund(&mut self, amount: Balance) -> Result<(), LoanError>;

    /// Takes back `amount` of funding (cancels as many slices): before the loan is fully
    /// funded, or when it failed.
    ///
    /// # Errors
    /// `Locked`, `ZeroAmount`, `InsufficientSlices`, `TransferFailed`, `Asset`.
    #[ink(message)]
    fn unfund(&mut self, amount: Balance) -> Result<(), LoanError>;

    /// The borrower draws the principal of a fully funded loan.
    ///
    /// # Errors
    /// `NotBorrower`, `NotFunded`, `AlreadyDrawn`, `FundingClosed` (failed: never drawn by the
    /// due block), `TransferFailed`, `Asset`.
    #[ink(message)]
    fn draw(&mut self) -> Result<(), LoanError>;

    /// Repays `amount` (anyone may pay for the borrower), shared pro rata by the slices.
    ///
    /// # Errors
    /// `NotDrawn`, `ZeroAmount`, `OverRepay`, `WrongValue`, `Asset`.
    #[ink(message, payable)]
    fn repay(&mut self, amount: Balance) -> Result<(), LoanError>;

    /// Pays the caller its shares of repayments and collateral: `(repayment, collateral)`.
    ///
    /// # Errors
    /// `NothingToClaim`, `TransferFailed`, `Asset`.
    #[ink(message)]
    fn claim(&mut self) -> Result<(Balance, Balance), LoanError>;

    /// Moves `amount` of the caller's slices to `to` (which must have accepted them); what
    /// the slices earned so far stays claimable by the caller.
    ///
    /// # Errors
    /// `ZeroAmount`, `InsufficientSlices`, `NotAccepted`, `SelfTrade`.
    #[ink(message)]
    fn transfer(&mut self, to: AccountId, amount: Balance) -> Result<(), LoanError>;

    /// After the due block plus grace, with less than owed repaid, anyone marks the loan
    /// defaulted: the collateral is shared by the slices held now.
    ///
    /// # Errors
    /// `NotDrawn`, `NotDefaultable`.
    #[ink(message)]
    fn mark_default(&mut self) -> Result<(), LoanError>;

    /// The borrower takes the collateral back: after full repayment, or when the loan failed.
    ///
    /// # Errors
    /// `NotBorrower`, `CollateralLocked`, `NothingToClaim`, `TransferFailed`.
    #[ink(message)]
    fn reclaim_collateral(&mut self) -> Result<Balance, LoanError>;

    /// Offers `slices` of the caller's for `price`; returns the offer's id. The slices stay
    /// the caller's until someone buys.
    ///
    /// # Errors
    /// `ZeroAmount`, `InsufficientSlices`, `TooManyOrders`.
    #[ink(message)]
    fn offer(&mut self, slices: Balance, price: Balance) -> Result<u32, LoanError>;

    /// Withdraws one of the caller's offers.
    ///
    /// # Errors
    /// `UnknownOrder`, `NotYourOrder`.
    #[ink(message)]
    fn cancel_offer(&mut self, id: u32) -> Result<(), LoanError>;

    /// Buys offer `id` whole, atomically: the caller pays the price to the seller (sent with
    /// the call, or by `transfer_from` of notes), the slices and their unclaimed share move.
    ///
    /// # Errors
    /// `UnknownOrder`, `SelfTrade`, `WrongValue`, `InsufficientSlices` (the seller holds fewer
    /// now), `NotAccepted`, `TransferFailed`, `Asset`.
    #[ink(message, payable)]
    fn buy(&mut self, id: u32) -> Result<(), LoanError>;

    /// Places a standing bid for `slices` at `price`, which the loan holds until a holder
    /// sells into it or the bid is cancelled; returns the bid's id.
    ///
    /// # Errors
    /// `ZeroAmount`, `TooManyOrders`, `WrongValue`, `Asset`.
    #[ink(message, payable)]
    fn bid(&mut self, slices: Balance, price: Balance) -> Result<u32, LoanError>;

    /// Withdraws one of the caller's bids; the price held returns to it.
    ///
    /// # Errors
    /// `UnknownOrder`, `NotYourOrder`, `TransferFailed`, `Asset`.
    #[ink(message)]
    fn cancel_bid(&mut self, id: u32) -> Result<(), LoanError>;

    /// Sells into bid `id`: the caller's slices (and their unclaimed share) go to the bidder,
    /// the price held goes to the caller.
    ///
    /// # Errors
    /// `UnknownOrder`, `SelfTrade`, `InsufficientSlices`, `NotAccepted`, `TransferFailed`,
    /// `Asset`.
    #[ink(message)]
    fn sell(&mut self, id: u32) -> Result<(), LoanError>;

    /// The loan's terms, phase and accounting.
    #[ink(message)]
    fn status(&self) -> LoanStatus;

    /// `who`'s slices, acceptance and what it could claim now.
    #[ink(message)]
    fn position(&self, who: AccountId) -> Position;

    /// The open offers, by id.
    #[ink(message)]
    fn offers(&self) -> Vec<(u32, Offer)>;

    /// The open bids, by id.
    #[ink(message)]
    fn bids(&self) -> Vec<(u32, Bid)>;
}

impl From<BankError> for LoanError {
    fn from(e: BankError) -> Self {
        LoanError::Asset(e)
    }
}

impl From<PSP22Error> for LoanError {
    fn from(e: PSP22Error) -> Self {
        LoanError::Asset(BankError::from_psp22(e))
    }
}

/// A lender funded `amount`.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Funded {
    #[ink(topic)]
    pub lender: AccountId,
    pub amount: Balance,
}

/// A lender took `amount` of funding back.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unfunded {
    #[ink(topic)]
    pub lender: AccountId,
    pub amount: Balance,
}

/// The borrower drew the principal.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drawn {
    pub amount: Balance,
}

/// `amount` was repaid (by `payer`), `repaid` in all.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaid {
    #[ink(topic)]
    pub payer: AccountId,
    pub amount: Balance,
    pub repaid: Balance,
}

/// A holder claimed its shares.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    #[ink(topic)]
    pub holder: AccountId,
    pub repaid: Balance,
    pub collateral: Balance,
}

/// Slices moved (a transfer, or a sale with its `price`).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlicesMoved {
    #[ink(topic)]
    pub from: AccountId,
    #[ink(topic)]
    pub to: AccountId,
    pub slices: Balance,
    pub price: Option<Balance>,
}

/// An offer (`bid: false`) or bid was placed.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ordered {
    #[ink(topic)]
    pub by: AccountId,
    pub id: u32,
    pub bid: bool,
    pub slices: Balance,
    pub price: Balance,
}

/// The loan was marked defaulted with `repaid` of `owed` paid.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Defaulted {
    pub repaid: Balance,
    pub collateral: Balance,
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)] // test oracles
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    #[test]
    fn thirds_of_a_repayment_are_exact_over_time() {
        // 3 holders of one slice each; 10 repaid in units of 1: each is owed 3 and a third.
        let mut book = Book::new(3);
        let mut hs: Vec<Holding> = (0..3)
            .map(|_| book.fund(Holding::default(), 1).unwrap())
            .collect();
        book.repay(10, 10).unwrap();
        let mut got = 0;
        for h in hs.iter_mut() {
            let (next, r, _) = book.claim(*h).unwrap();
            *h = next;
            got += r;
        }
        assert_eq!(got, 9);
        assert_eq!(book.dust(), 1);
        assert_eq!(book.claimed + book.dust(), 10);
    }

    #[test]
    fn a_fraction_carried_becomes_a_unit_later() {
        let mut book = Book::new(2);
        let h = book.fund(Holding::default(), 1).unwrap();
        let _other = book.fund(Holding::default(), 1).unwrap();
        book.repay(1, 10).unwrap();
        assert_eq!(book.claimable(h), (0, 0));
        book.repay(1, 10).unwrap();
        assert_eq!(book.claimable(h), (1, 0));
    }

    #[test]
    fn a_sale_carries_the_unclaimed_share_a_transfer_does_not() {
        let mut book = Book::new(10);
        let a = book.fund(Holding::default(), 10).unwrap();
        book.repay(4, 20).unwrap();
        let b = Holding {
            accepted: 10,
            ..Holding::default()
        };
        let (a1, b1) = book.transfer(a, b, 5, false).unwrap();
        assert_eq!((book.claimable(a1).0, book.claimable(b1).0), (4, 0));
        let (a2, b2) = book.transfer(a, b, 5, true).unwrap();
        assert_eq!((book.claimable(a2).0, book.claimable(b2).0), (2, 2));
    }

    #[test]
    fn refusals() {
        let mut book = Book::new(10);
        assert_eq!(book.fund(Holding::default(), 0), Err(LoanError::ZeroAmount));
        assert_eq!(
            book.fund(Holding::default(), 11),
            Err(LoanError::OverPrincipal)
        );
        let a = book.fund(Holding::default(), 6).unwrap();
        assert_eq!(book.repay(1, 20), Err(LoanError::NotFunded));
        assert_eq!(
            book.transfer(a, Holding::default(), 1, false),
            Err(LoanError::NotAccepted)
        );
        assert_eq!(book.unfund(a, 7), Err(LoanError::InsufficientSlices));
        let before = book;
        let _ = book.fund(Holding::default(), 5);
        assert_eq!(book, before, "a refused call leaves the book unchanged");
        let _b = book.fund(Holding::default(), 4).unwrap();
        assert_eq!(book.repay(21, 20), Err(LoanError::OverRepay));
        assert_eq!(book.claim(a), Err(LoanError::NothingToClaim));
        let t = |p, o, d, due| Terms {
            asset: Asset::Native,
            principal: p,
            owed: o,
            deadline: d,
            due,
            grace: 0,
        };
        assert_eq!(t(0, 0, 5, 5).check(1), Err(LoanError::BadTerms));
        assert_eq!(t(10, 9, 5, 5).check(1), Err(LoanError::BadTerms));
        assert_eq!(t(10, 10, 0, 5).check(1), Err(LoanError::BadTerms));
        assert_eq!(t(10, 10, 5, 4).check(1), Err(LoanError::BadTerms));
        assert_eq!(
            t(Balance::MAX, Balance::MAX, 5, 5).check(1),
            Err(LoanError::BadTerms)
        );
        assert_eq!(t(10, 12, 5, 5).check(1), Ok(()));
    }

    #[test]
    fn shares_stay_exact_at_eighteen_decimal_amounts() {
        let unit: Balance = 1_000_000_000_000_000_000;
        let mut book = Book::new(3_000_000 * unit);
        let a = book.fund(Holding::default(), 1_000_000 * unit).unwrap();
        let b = book.fund(Holding::default(), 2_000_000 * unit).unwrap();
        book.repay(3_300_000 * unit, 3_300_000 * unit).unwrap();
        assert_eq!(book.claimable(a).0, 1_100_000 * unit);
        assert_eq!(book.claimable(b).0, 2_200_000 * unit);
    }

    #[derive(Debug, Clone)]
    enum Op {
        Accept(usize, Balance),
        Fund(usize, Balance),
        Unfund(usize, Balance),
        Move(usize, usize, Balance, bool),
        Repay(Balance),
        Claim(usize),
        Default,
    }

    fn op() -> impl Strategy<Value = Op> {
        let who = 0..5usize;
        prop_oneof![
            1 => (who.clone(), 0..400u128).prop_map(|(a, m)| Op::Accept(a, m)),
            3 => (who.clone(), 0..150u128).prop_map(|(a, n)| Op::Fund(a, n)),
            1 => (who.clone(), 0..60u128).prop_map(|(a, n)| Op::Unfund(a, n)),
            3 => (who.clone(), who.clone(), 0..80u128, any::<bool>())
                .prop_map(|(a, b, n, s)| Op::Move(a, b, n, s)),
            3 => (0..90u128).prop_map(Op::Repay),
            2 => who.prop_map(Op::Claim),
            1 => Just(Op::Default),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Random histories keep every unit accounted for: slices sum to what is funded,
        /// claimed + claimable + dust == repaid to the unit (and so for the collateral), nobody
        /// holds beyond what it accepted, and a refused step changes nothing.
        #[test]
        fn histories_keep_every_unit(
            principal in 1..300u128,
            interest in 0..200u128,
            collateral in 0..500u128,
            ops in proptest::collection::vec(op(), 1..80),
        ) {
            let owed = principal + interest;
            let mut book = Book::new(principal);
            let mut hs: BTreeMap<usize, Holding> = BTreeMap::new();
            let mut defaulted = false;
            for op in ops {
                let before = (book, hs.clone());
                let get = |hs: &BTreeMap<usize, Holding>, a| hs.get(&a).copied().unwrap_or_default();
                let r: Result<(), LoanError> = match op {
                    Op::Accept(a, m) => {
                        let h = get(&hs, a);
                        if m < h.slices { Err(LoanError::BelowHeld) } else {
                            hs.insert(a, Holding { accepted: m, ..h });
                            Ok(())
                        }
                    }
                    Op::Fund(a, n) => book.fund(get(&hs, a), n).map(|h| { hs.insert(a, h); }),
                    Op::Unfund(a, n) if book.funded < principal => {
                        book.unfund(get(&hs, a), n).map(|h| { hs.insert(a, h); })
                    }
                    Op::Unfund(..) => Err(LoanError::Locked),
                    Op::Move(a, b, n, sale) if a != b => {
                        book.transfer(get(&hs, a), get(&hs, b), n, sale).map(|(x, y)| {
                            hs.insert(a, x);
                            hs.insert(b, y);
                        })
                    }
                    Op::Move(..) => Err(LoanError::SelfTrade),
                    Op::Repay(n) => book.repay(n, owed),
                    Op::Claim(a) => book.claim(get(&hs, a)).map(|(h, _, _)| { hs.insert(a, h); }),
                    Op::Default if book.funded == principal && !defaulted => {
                        book.share_collateral(collateral);
                        defaulted = true;
                        Ok(())
                    }
                    Op::Default => Err(LoanError::NotDefaultable),
                };
                if r.is_err() {
                    prop_assert_eq!((book, hs.clone()), before, "a refusal changed state");
                }
                let slices: Balance = hs.values().map(|h| h.slices).sum();
                prop_assert_eq!(slices, book.funded);
                prop_assert!(book.funded <= principal);
                prop_assert!(book.repaid <= owed);
                for h in hs.values() {
                    prop_assert!(h.slices <= h.accepted);
                }
                // Settle everyone on a copy: then the fractions are whole units.
                let mut all = book;
                let (mut owed_r, mut owed_c) = (0, 0);
                for h in hs.values() {
                    let s = all.settle(*h).unwrap();
                    owed_r += s.repaid.owed;
                    owed_c += s.collateral.owed;
                }
                prop_assert_eq!(all.rem % principal, 0);
                prop_assert_eq!(all.collateral_rem % principal, 0);
                prop_assert_eq!(all.claimed + owed_r + all.dust(), book.repaid);
                prop_assert_eq!(all.collateral_claimed + owed_c + all.collateral_dust(), book.shared);
                prop_assert!(all.dust() < hs.len().max(1) as Balance);
            }
        }
    }
}
