//! Cross-contract interfaces of Vouch.
//!
//! Every contract of the project talks to the others only through what this crate defines:
//! the `#[ink::trait_definition]`s ([`TrustBank`], [`PSP22`], [`PSP22Metadata`]), their error
//! enums, the events they emit, and the pure arithmetic of a credit [`Line`]. No contract
//! imports another contract's crate; callers hold `contract_ref!(TrustBank)`.
//!
//! The line arithmetic lives here (not in the bank) so that it can be property-tested without
//! a chain and reused by off-chain code (the pathfinder applies the same capacity rule).
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod allowances;
pub mod errors;
pub mod events;
pub mod line;
pub mod loan;
pub mod pool;
pub mod router;
pub mod shares;
pub mod tracker;
pub mod traits;

pub use errors::{BankError, PSP22Error};
pub use line::{Line, Settle};
pub use router::{Hop, Route, Router, RouterError, Start};
pub use traits::{BankLegs, BankStatus, Leg, LegError, PSP22Metadata, TrustBank, PSP22};

/// The balance type of every Vouch contract (`Balance` of ink's default environment).
pub type Balance = u128;
/// Account identifier of ink's default environment.
pub type AccountId = ink::primitives::AccountId;
/// Result of a trust bank message.
pub type Result<T> = core::result::Result<T, BankError>;

/// Guard for the top of a message: return `Err($err)` unless `$cond` holds.
#[macro_export]
macro_rules! ensure {
    ($cond:expr, $err:expr $(,)?) => {
        if !$cond {
            return Err($err.into());
        }
    };
}
