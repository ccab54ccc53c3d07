//! Trackers: lists of loan offerings their owners vouch for. Anyone can run one (a personal
//! tracker, a community's, an exchange's); a loan can be on many. Listing checks that the
//! listed contract runs a loan code the tracker's owner allowed, so a tracker never lists a
//! contract that only looks like a loan.

// The SCALE derives cast variant indices to u8 in generated code (few variants: no truncation).
#![allow(clippy::cast_possible_truncation)]

use crate::AccountId;
use ink::prelude::string::String;
use ink::prelude::vec::Vec;
use ink::primitives::Hash;

/// The longest note a listing carries, in bytes.
pub const MAX_NOTE: u32 = 256;
/// The most listings one page of [`Tracker::listings`] returns.
pub const MAX_LISTINGS_PAGE: u32 = 64;

/// One listed loan.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Listing {
    pub loan: AccountId,
    /// Why the owner vouches for it.
    pub note: String,
    /// The block it was listed in.
    pub listed_at: u32,
}

/// Why a tracker message failed. A failing message leaves the tracker unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum TrackerError {
    /// Only the tracker's owner may do this.
    NotOwner,
    /// The contract does not run an allowed loan code (or is no contract).
    NotALoan,
    /// The loan is listed already.
    AlreadyListed,
    /// The loan is not listed.
    NotListed,
    /// The note is longer than [`MAX_NOTE`] bytes.
    NoteTooLong,
    /// The listing count would overflow.
    Overflow,
}

/// A tracker: listing, delisting and browsing loan offerings.
///
/// The constructor (`new(loan_code)`) makes the caller the owner and allows one loan code.
#[ink::trait_definition]
pub trait Tracker {
    /// Lists `loan` with a note on why the owner vouches for it.
    ///
    /// # Errors
    /// `NotOwner`, `NotALoan`, `AlreadyListed`, `NoteTooLong`.
    #[ink(message)]
    fn list(&mut self, loan: AccountId, note: String) -> Result<(), TrackerError>;

    /// Takes `loan` off the list.
    ///
    /// # Errors
    /// `NotOwner`, `NotListed`.
    #[ink(message)]
    fn delist(&mut self, loan: AccountId) -> Result<(), TrackerError>;

    /// Allows (or stops allowing) a loan code for new listings.
    ///
    /// # Errors
    /// `NotOwner`.
    #[ink(message)]
    fn allow_code(&mut self, code_hash: Hash, allowed: bool) -> Result<(), TrackerError>;

    /// The tracker's owner.
    #[ink(message)]
    fn owner(&self) -> AccountId;

    /// How many loans are listed.
    #[ink(message)]
    fn count(&self) -> u32;

    /// Up to `count` (at most [`MAX_LISTINGS_PAGE`]) listings from position `start`.
    #[ink(message)]
    fn listings(&self, start: u32, count: u32) -> Vec<Listing>;

    /// The listing of `loan`, if it is listed.
    #[ink(message)]
    fn listing(&self, loan: AccountId) -> Option<Listing>;
}

/// The owner listed `loan`.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    #[ink(topic)]
    pub loan: AccountId,
    pub note: String,
}

/// The owner delisted `loan`.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delisted {
    #[ink(topic)]
    pub loan: AccountId,
}
