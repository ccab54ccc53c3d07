//! Error enums of the Vouch interfaces.

use ink::prelude::string::String;

/// Why a trust bank message failed. Every failing message leaves the bank's state unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum BankError {
    /// The caller is not the bank's owner.
    NotOwner,
    /// The caller is not a router this bank's owner authorised.
    NotRouter,
    /// An amount of zero was given where a positive amount is required.
    ZeroAmount,
    /// The counterparty is the bank itself: a bank keeps no line with itself.
    SelfLine,
    /// The receiver's line has no room: `held + amount > min(limit, willing)`.
    NoCapacity,
    /// The holder holds fewer notes than the amount.
    InsufficientNotes,
    /// Revocation asked for more than was granted: earned notes are never burnable.
    ExceedsGranted,
    /// The reserve holds less native currency than asked for.
    InsufficientReserve,
    /// The spender's PSP22 allowance is smaller than the amount.
    InsufficientAllowance,
    /// The chain refused a native currency transfer.
    TransferFailed,
    /// A call into another contract failed (trapped, ran out of gas, or is no trust bank).
    CallFailed,
    /// An amount would overflow the balance type.
    Overflow,
}

/// The standard PSP22 error, so that wallets and dapps read failures as they expect.
// The SCALE derive casts variant indices to u8 in generated code (six variants: no truncation).
#[allow(clippy::cast_possible_truncation)]
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum PSP22Error {
    /// Custom error type for implementation-based errors (Vouch: the `BankError` name).
    Custom(String),
    /// Returned when an account does not have enough tokens to complete the operation.
    InsufficientBalance,
    /// Returned if there is not enough allowance to complete the operation.
    InsufficientAllowance,
    /// Returned if recipient's address is zero.
    ZeroRecipientAddress,
    /// Returned if sender's address is zero.
    ZeroSenderAddress,
    /// Returned if a safe transfer check failed.
    SafeTransferCheckFailed(String),
}

impl From<BankError> for PSP22Error {
    fn from(e: BankError) -> Self {
        match e {
            BankError::InsufficientNotes => PSP22Error::InsufficientBalance,
            BankError::InsufficientAllowance => PSP22Error::InsufficientAllowance,
            BankError::NoCapacity => PSP22Error::Custom(String::from("NoCapacity")),
            BankError::Overflow => PSP22Error::Custom(String::from("Overflow")),
            _ => PSP22Error::Custom(String::from("Failed")),
        }
    }
}

impl From<PSP22Error> for BankError {
    fn from(e: PSP22Error) -> Self {
        match e {
            PSP22Error::InsufficientBalance => BankError::InsufficientNotes,
            PSP22Error::InsufficientAllowance => BankError::InsufficientAllowance,
            _ => BankError::CallFailed,
        }
    }
}
