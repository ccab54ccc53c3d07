//! Trait definitions: the messages other contracts and clients call.

use crate::{AccountId, Balance, BankError, Line, PSP22Error, Settle};
use ink::prelude::{string::String, vec::Vec};

/// One leg of a routed payment that leaves a bank: pay `amount` to bank `to` by `settle`.
/// The router nets the legs of every route of a payment that leave the same bank for the
/// same bank the same way, and calls each paying bank once with its legs ([`TrustBank::hops`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct Leg {
    pub to: AccountId,
    pub amount: Balance,
    pub settle: Settle,
}

/// One bank's legs of a routed payment, netted, as the router paid them: the router's
/// `Paid` event lists them, since a routed leg emits no PSP22 `Transfer` of its own. An
/// `Issue` leg changed the line of holder `leg.to` at `bank`; a `Return` leg changed the
/// line of holder `bank` at `leg.to` (that bank's burn emits its `Transfer`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct BankLegs {
    pub bank: AccountId,
    pub legs: Vec<Leg>,
}

/// Which leg of a [`TrustBank::hops`] call failed (its index in the call), and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct LegError {
    pub leg: u32,
    pub error: BankError,
}

/// The most legs one [`TrustBank::hops`] call takes, and the most holders one
/// [`TrustBank::lines_of`] call reads.
pub const MAX_LEGS: u32 = 128;

/// A bank's summary for clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct BankStatus {
    /// Who may set limits, grant, revoke and withdraw (a person or a contract).
    pub owner: AccountId,
    /// Native currency the bank can pay out now.
    pub reserve: Balance,
    /// Notes outstanding: the sum of `held` over all lines.
    pub outstanding: Balance,
    /// How many holders the owner has opened a line for (given a non-zero limit at least
    /// once): the length of the [`TrustBank::lines`] index.
    pub counterparties: u32,
    /// `reserve / outstanding` in parts per million (`None` when no notes are out);
    /// saturates at `u128::MAX`.
    pub reserve_ratio_ppm: Option<Balance>,
}

/// The most lines one call to [`TrustBank::lines`] returns.
pub const MAX_PAGE: u32 = 64;

/// A person's trust bank: reserve, credit lines, grants, redemption and the routing hop.
#[ink::trait_definition]
pub trait TrustBank {
    /// Adds the transferred native currency to the reserve. Anyone may deposit.
    ///
    /// # Errors
    /// `ZeroAmount` when nothing was transferred.
    #[ink(message, payable)]
    fn deposit(&mut self) -> Result<(), BankError>;

    /// Pays `amount` of the reserve to the owner.
    ///
    /// # Errors
    /// `NotOwner`, `ZeroAmount`, `InsufficientReserve`, `TransferFailed`.
    #[ink(message)]
    fn withdraw(&mut self, amount: Balance) -> Result<(), BankError>;

    /// Sets how many of this bank's notes `holder` may hold. A limit below what is held
    /// blocks new notes; it burns nothing.
    ///
    /// # Errors
    /// `NotOwner`, `SelfLine`.
    #[ink(message)]
    fn set_limit(&mut self, holder: AccountId, limit: Balance) -> Result<(), BankError>;

    /// Called by a holder: sets how many of this bank's notes the caller is willing to hold.
    ///
    /// # Errors
    /// `SelfLine` when the bank calls itself.
    #[ink(message)]
    fn set_willing(&mut self, amount: Balance) -> Result<(), BankError>;

    /// Mints `amount` notes to `holder` as a revocable gift (an allowance, a budget).
    ///
    /// # Errors
    /// `NotOwner`, `ZeroAmount`, `SelfLine`, `NoCapacity`, `Overflow`.
    #[ink(message)]
    fn grant(&mut self, holder: AccountId, amount: Balance) -> Result<(), BankError>;

    /// Burns `amount` of the notes granted to `holder`. Earned notes are never burnable.
    ///
    /// # Errors
    /// `NotOwner`, `ZeroAmount`, `ExceedsGranted`.
    #[ink(message)]
    fn revoke(&mut self, holder: AccountId, amount: Balance) -> Result<(), BankError>;

    /// [`TrustBank::revoke`] for several holders in one call (a group pool's close), all or
    /// nothing, with the same events as one `revoke` each.
    ///
    /// # Errors
    /// As `revoke`, for the first gift that cannot be revoked.
    #[ink(message)]
    fn revoke_many(&mut self, gifts: Vec<(AccountId, Balance)>) -> Result<(), BankError>;

    /// Burns `amount` of the caller's notes and pays the caller as much native currency from
    /// the reserve. All or nothing: a short reserve fails and changes nothing.
    ///
    /// # Errors
    /// `ZeroAmount`, `InsufficientNotes`, `InsufficientReserve`, `TransferFailed`.
    #[ink(message)]
    fn redeem(&mut self, amount: Balance) -> Result<(), BankError>;

    /// Redeems as much as possible up to `max`: `min(max, held, reserve)`; returns what it paid.
    ///
    /// # Errors
    /// `ZeroAmount` (max is 0), `InsufficientNotes` (nothing held), `InsufficientReserve`
    /// (empty reserve), `TransferFailed`.
    #[ink(message)]
    fn redeem_partial(&mut self, max: Balance) -> Result<Balance, BankError>;

    /// This bank redeems `amount` notes it holds of `issuer` into its own reserve.
    ///
    /// # Errors
    /// `NotOwner`, `ZeroAmount`, `SelfLine`, the issuer's `redeem` errors, `CallFailed`.
    #[ink(message)]
    fn collect(&mut self, issuer: AccountId, amount: Balance) -> Result<(), BankError>;

    /// This bank states, on `issuer`'s bank, how many of its notes it is willing to hold.
    ///
    /// # Errors
    /// `NotOwner`, `SelfLine`, `CallFailed`.
    #[ink(message)]
    fn trust(&mut self, issuer: AccountId, amount: Balance) -> Result<(), BankError>;

    /// Authorises (or stops) a router to call [`TrustBank::hop`] on this bank.
    ///
    /// # Errors
    /// `NotOwner`.
    #[ink(message)]
    fn set_router(&mut self, router: AccountId, allowed: bool) -> Result<(), BankError>;

    /// The routing primitive: this bank pays `amount` to `to` as one hop of a routed
    /// payment, either by issuing its own notes (`Settle::Issue`) or by handing back notes of
    /// bank `to` that it holds (`Settle::Return`, burned at `to`). Only authorised routers.
    ///
    /// # Errors
    /// `NotRouter`, `ZeroAmount`, `SelfLine`, `NoCapacity`, `InsufficientNotes`, `CallFailed`.
    #[ink(message)]
    fn hop(&mut self, to: AccountId, amount: Balance, settle: Settle) -> Result<(), BankError>;

    /// Several hops of one payment that leave this bank, in order, as one call: what the
    /// router sends, so that a payment loads each bank's code once. All or nothing.
    ///
    /// # Errors
    /// The first failing leg's index and [`TrustBank::hop`]'s error for it; `NotRouter` and
    /// the leg cap (`ZeroAmount` for an empty or over-long list) come as leg 0.
    #[ink(message)]
    fn hops(&mut self, legs: Vec<Leg>) -> Result<(), LegError>;

    /// The lines of `holders`, in order (at most [`MAX_LEGS`]; the rest are not read): one
    /// call for the router's `quote`.
    #[ink(message)]
    fn lines_of(&self, holders: Vec<AccountId>) -> Vec<Line>;

    /// The line of `holder` (all zero when it has none).
    #[ink(message)]
    fn line(&self, holder: AccountId) -> Line;

    /// Up to `min(count, MAX_PAGE)` lines, in the order the owner opened them (first gave
    /// the holder a non-zero limit), starting at position `start`. A line only its holder
    /// has set (`set_willing`) is not listed until the owner opens it, so nobody but the
    /// owner decides which lines the router's search sees.
    #[ink(message)]
    fn lines(&self, start: u32, count: u32) -> Vec<(AccountId, Line)>;

    /// Owner, reserve, notes outstanding, number of counterparties and reserve ratio.
    #[ink(message)]
    fn status(&self) -> BankStatus;

    /// Whether `router` may call [`TrustBank::hop`].
    #[ink(message)]
    fn is_router(&self, router: AccountId) -> bool;
}

/// The PSP22 fungible token standard (selectors as in the standard).
#[ink::trait_definition]
pub trait PSP22 {
    /// Notes outstanding.
    #[ink(message)]
    fn total_supply(&self) -> Balance;

    /// Notes `owner` holds.
    #[ink(message)]
    fn balance_of(&self, owner: AccountId) -> Balance;

    /// How many of `owner`'s notes `spender` may move.
    #[ink(message)]
    fn allowance(&self, owner: AccountId, spender: AccountId) -> Balance;

    /// Moves `value` notes from the caller to `to`, within `to`'s line capacity; notes sent to
    /// the bank itself are burned (repayment).
    ///
    /// # Errors
    /// `InsufficientBalance`, `Custom("NoCapacity")`, `Custom("Overflow")`.
    #[ink(message)]
    fn transfer(&mut self, to: AccountId, value: Balance, data: Vec<u8>) -> Result<(), PSP22Error>;

    /// Moves `value` notes from `from` to `to` using the caller's allowance.
    ///
    /// # Errors
    /// As [`PSP22::transfer`], and `InsufficientAllowance`.
    #[ink(message)]
    fn transfer_from(
        &mut self,
        from: AccountId,
        to: AccountId,
        value: Balance,
        data: Vec<u8>,
    ) -> Result<(), PSP22Error>;

    /// Sets `spender`'s allowance over the caller's notes to `value`.
    #[ink(message)]
    fn approve(&mut self, spender: AccountId, value: Balance) -> Result<(), PSP22Error>;

    /// Raises `spender`'s allowance by `delta_value` (saturating).
    #[ink(message)]
    fn increase_allowance(
        &mut self,
        spender: AccountId,
        delta_value: Balance,
    ) -> Result<(), PSP22Error>;

    /// Lowers `spender`'s allowance by `delta_value`.
    ///
    /// # Errors
    /// `InsufficientAllowance` when the allowance is smaller than `delta_value`.
    #[ink(message)]
    fn decrease_allowance(
        &mut self,
        spender: AccountId,
        delta_value: Balance,
    ) -> Result<(), PSP22Error>;
}

/// PSP22 metadata, so wallets can name the notes.
#[ink::trait_definition]
pub trait PSP22Metadata {
    /// The notes' name, e.g. "Alice notes".
    #[ink(message)]
    fn token_name(&self) -> Option<String>;
    /// The notes' symbol, e.g. "ALICE".
    #[ink(message)]
    fn token_symbol(&self) -> Option<String>;
    /// Decimals used to display amounts.
    #[ink(message)]
    fn token_decimals(&self) -> u8;
}
