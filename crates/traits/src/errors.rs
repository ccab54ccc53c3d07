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
    /// Custom error type for implementation-based errors. Vouch puts the name of the
    /// [`BankError`] variant here ([`BankError::name`]: `"NoCapacity"`, `"NotOwner"`, …), so a
    /// wallet can tell every failure apart.
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

impl BankError {
    /// The variant's name, as a PSP22 `Custom` error carries it (docs/contract-api.md lists
    /// them). Distinct for every variant.
    pub fn name(self) -> &'static str {
        match self {
            BankError::NotOwner => "NotOwner",
            BankError::NotRouter => "NotRouter",
            BankError::ZeroAmount => "ZeroAmount",
            BankError::SelfLine => "SelfLine",
            BankError::NoCapacity => "NoCapacity",
            BankError::InsufficientNotes => "InsufficientNotes",
            BankError::ExceedsGranted => "ExceedsGranted",
            BankError::InsufficientReserve => "InsufficientReserve",
            BankError::InsufficientAllowance => "InsufficientAllowance",
            BankError::TransferFailed => "TransferFailed",
            BankError::CallFailed => "CallFailed",
            BankError::Overflow => "Overflow",
        }
    }
}

impl BankError {
    /// The bank error a PSP22 error carries, reading `Custom` names back
    /// ([`BankError::name`]); what names no variant is `CallFailed`. (The plain `From`
    /// conversion skips the names, which keeps the router's and the bank's code small.)
    pub fn from_psp22(e: PSP22Error) -> BankError {
        match e {
            PSP22Error::Custom(name) => {
                BankError::from_name(&name).unwrap_or(BankError::CallFailed)
            }
            other => other.into(),
        }
    }

    /// The variant a [`BankError::name`] names, if any.
    pub fn from_name(name: &str) -> Option<BankError> {
        [
            BankError::NotOwner,
            BankError::NotRouter,
            BankError::ZeroAmount,
            BankError::SelfLine,
            BankError::NoCapacity,
            BankError::InsufficientNotes,
            BankError::ExceedsGranted,
            BankError::InsufficientReserve,
            BankError::InsufficientAllowance,
            BankError::TransferFailed,
            BankError::CallFailed,
            BankError::Overflow,
        ]
        .into_iter()
        .find(|e| e.name() == name)
    }
}

impl From<BankError> for PSP22Error {
    /// The two failures PSP22 names become its own variants; every other one becomes
    /// `Custom` with the variant's [`BankError::name`].
    fn from(e: BankError) -> Self {
        match e {
            BankError::InsufficientNotes => PSP22Error::InsufficientBalance,
            BankError::InsufficientAllowance => PSP22Error::InsufficientAllowance,
            other => PSP22Error::Custom(String::from(other.name())),
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

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [BankError; 12] = [
        BankError::NotOwner,
        BankError::NotRouter,
        BankError::ZeroAmount,
        BankError::SelfLine,
        BankError::NoCapacity,
        BankError::InsufficientNotes,
        BankError::ExceedsGranted,
        BankError::InsufficientReserve,
        BankError::InsufficientAllowance,
        BankError::TransferFailed,
        BankError::CallFailed,
        BankError::Overflow,
    ];

    #[test]
    fn every_bank_error_reads_distinctly_as_a_psp22_error() {
        let mut seen: Vec<PSP22Error> = ALL.iter().map(|&e| PSP22Error::from(e)).collect();
        seen.sort_by_key(|e| format!("{e:?}"));
        seen.dedup();
        assert_eq!(seen.len(), ALL.len());
        for e in ALL {
            assert_eq!(e.name(), format!("{e:?}"));
            // ...and reads back as itself (a loan reports its asset bank's refusal this way).
            assert_eq!(BankError::from_psp22(PSP22Error::from(e)), e);
        }
    }
}
