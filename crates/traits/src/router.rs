//! The router's interface: routes, errors and the `Router` trait.

// The SCALE derives cast variant indices to u8 in generated code (few variants: no truncation).
#![allow(clippy::cast_possible_truncation)]

use crate::{AccountId, Balance, BankError, Settle};
use ink::prelude::vec::Vec;

/// Most routes in one payment (`pay_along` refuses more with `BadRouteCount`).
pub const MAX_ROUTES: u32 = 8;
/// Most hops in one route (`pay_along` refuses more with `BadHopCount`).
pub const MAX_HOPS: u32 = 16;
/// Most banks one on-chain search (`find_route`, `pay`) may expand; each costs one bank call.
pub const MAX_NODES: u32 = 64;
/// Hop cap of an on-chain search when the caller passes 0.
pub const DEFAULT_SEARCH_HOPS: u32 = 8;
/// Node cap of an on-chain search when the caller passes 0.
pub const DEFAULT_SEARCH_NODES: u32 = 16;
/// The most ref_time the on-chain search spends on one bank it expands (a bank whose full
/// first page lists allowlisted banks with room), with a margin over what the sandbox tests
/// measure (`the_dearest_expansion_stays_within_its_documented_cost`). A search costs at
/// most about `max_nodes` times this, so its caps should fit the gas a call may use.
pub const SEARCH_EXPANSION_REF_TIME: u64 = 16_000_000_000;

/// Where a route's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum Start {
    /// The payer's registered bank issues (or returns) value along the first hop.
    OwnBank,
    /// The payer spends notes of this bank it holds itself (a granted budget, say): they are
    /// handed back to that bank (burned), which then pays the next hop. Needs the payer's
    /// PSP22 allowance for the router on that bank.
    HeldNotes(AccountId),
}

/// One hop: the current bank pays `to`, by issuing its own notes or returning `to`'s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct Hop {
    pub to: AccountId,
    pub settle: Settle,
}

/// One path with the amount it carries. The last hop must reach the receiver's bank.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct Route {
    pub amount: Balance,
    pub start: Start,
    pub hops: Vec<Hop>,
}

/// Why a router message failed. A failed payment changes nothing anywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum RouterError {
    /// Only the router's admin may change its configuration.
    NotAdmin,
    /// The contract's code is not on the router's allowlist of trust bank codes.
    UnknownCode,
    /// The caller does not own the bank it tries to register.
    NotBankOwner,
    /// The person has no registered bank.
    UnknownPerson,
    /// The payer is the receiver.
    SelfPayment,
    /// No routes, or more than the router's cap.
    BadRouteCount,
    /// A route is empty or longer than the hop cap.
    BadHopCount,
    /// A route visits a bank twice.
    Loop,
    /// A route does not end at the receiver's bank.
    WrongDestination,
    /// A route carries nothing.
    ZeroAmount,
    /// The amounts add up past the balance type.
    Overflow,
    /// The payment would spend more than the payer's `max_spent`.
    MaxSpentExceeded,
    /// The payment would deliver less than the payer's `min_delivered`.
    BelowMinDelivered,
    /// The block time is past the payer's deadline.
    DeadlinePassed,
    /// A search cap is above the router's limit (16 hops, 64 banks).
    BadSearchCap,
    /// The bounded search found no route that carries the whole amount.
    NoRoute,
    /// A hop failed: the bank's error, and where (route index, hop index; hop 0 of a
    /// `HeldNotes` route is the hand-back of the payer's notes).
    HopFailed {
        route: u32,
        hop: u32,
        error: BankError,
    },
}

/// Clears payments between people who do not trust each other along chains of banks that do.
#[ink::trait_definition]
pub trait Router {
    /// Registers the caller's bank. The bank must run allowlisted trust bank code and be
    /// owned by the caller.
    ///
    /// # Errors
    /// `UnknownCode`, `NotBankOwner`.
    #[ink(message)]
    fn register(&mut self, bank: AccountId) -> Result<(), RouterError>;

    /// The registered bank of `person`.
    #[ink(message)]
    fn bank_of(&self, person: AccountId) -> Option<AccountId>;

    /// Pays `to` along the given routes, atomically: every hop succeeds or nothing changes.
    /// Returns what was delivered (the sum of the routes' amounts).
    ///
    /// # Errors
    /// Every variant of [`RouterError`] but `NotAdmin` and `NotBankOwner`.
    #[ink(message)]
    fn pay_along(
        &mut self,
        to: AccountId,
        routes: Vec<Route>,
        max_spent: Balance,
        min_delivered: Balance,
        deadline: u64,
    ) -> Result<Balance, RouterError>;

    /// The most each route could carry now (capacity of its tightest hop; routes that share
    /// a hop are quoted independently).
    ///
    /// # Errors
    /// As the validation of `pay_along`.
    #[ink(message)]
    fn quote(&self, to: AccountId, routes: Vec<Route>) -> Result<Vec<Balance>, RouterError>;

    /// Adds (or removes) a trust bank code hash to the allowlist. Admin only.
    ///
    /// # Errors
    /// `NotAdmin`.
    #[ink(message)]
    fn allow_code(
        &mut self,
        code_hash: ink::primitives::Hash,
        allowed: bool,
    ) -> Result<(), RouterError>;

    /// The caps: (most routes per payment, most hops per route).
    #[ink(message)]
    fn caps(&self) -> (u32, u32);

    /// Finds a route from the caller's bank to `to`'s bank that can carry all of `amount`, by
    /// a breadth-first search over live bank state that follows lines on which a bank can
    /// issue its notes to another registered bank. It expands at most `max_nodes` banks
    /// (one `lines` page read each) and goes at most `max_hops` deep; 0 for either means the
    /// router's default (8 hops, 16 banks). Only the first page of each bank's lines is read
    /// (the lines its owner opened first), and only issue edges are followed (netting routes
    /// are for `pay_along`). Each expanded bank costs up to [`SEARCH_EXPANSION_REF_TIME`]
    /// (about 2.7e9 for a bank with a few lines, 1.45e10 measured for a full page of
    /// allowlisted banks with room): the largest caps around well-connected banks need
    /// several times the sandbox's gas of 1e11 per call, and a call that runs out of gas
    /// fails as a whole and changes nothing.
    ///
    /// # Errors
    /// `SelfPayment`, `UnknownPerson`, `ZeroAmount`, `BadSearchCap`, `NoRoute`.
    #[ink(message)]
    fn find_route(
        &self,
        to: AccountId,
        amount: Balance,
        max_hops: u32,
        max_nodes: u32,
    ) -> Result<Route, RouterError>;

    /// Finds a route as [`Router::find_route`] does and pays `amount` along it, atomically.
    ///
    /// # Errors
    /// As `find_route`, and `HopFailed`.
    #[ink(message)]
    fn pay(
        &mut self,
        to: AccountId,
        amount: Balance,
        max_hops: u32,
        max_nodes: u32,
    ) -> Result<Balance, RouterError>;
}
