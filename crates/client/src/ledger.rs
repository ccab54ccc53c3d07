//! The one interface to a chain. The embedded sandbox ([`crate::Chain`]) and a real node
//! ([`crate::node::Node`]) implement the same few primitives. Typed calls go through [`Ledger::exec`]
//! and [`Ledger::read`], which take the call parameters that ink builds from the contracts'
//! own trait definitions (`vouch_traits::{TrustBank, PSP22, Router, pool::GroupPool}`), so the
//! selector, the argument types and the return type all come from the interface the
//! contracts implement.

use crate::account::{account_of, viewer};
use ink::env::call::{Call, CallParams};
use ink::env::DefaultEnvironment;
use ink_sandbox::{AccountId32, Weight};
use scale::{Decode, Encode};
use vouch_traits::loan::LoanError;
use vouch_traits::pool::PoolError;
use vouch_traits::shares::SharesError;
use vouch_traits::tracker::TrackerError;
use vouch_traits::{Balance, BankError, PSP22Error, RouterError};

/// Parameters of one message call, as ink's call builders make them.
pub type Params<Args, R> = CallParams<DefaultEnvironment, Call<DefaultEnvironment>, Args, R>;

/// A contract's own error: the call ran and the contract said no (nothing changed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the trust bank refused: {0:?}")]
    Bank(BankError),
    #[error("the token refused: {0:?}")]
    Psp22(PSP22Error),
    #[error("the router refused: {0:?}")]
    Router(RouterError),
    #[error("the pool refused: {0:?}")]
    Pool(PoolError),
    #[error("the loan refused: {0:?}")]
    Loan(LoanError),
    #[error("the tracker refused: {0:?}")]
    Tracker(TrackerError),
    #[error("the shares contract refused: {0:?}")]
    Shares(SharesError),
}

/// Why a call gave no value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    /// The contract returned its own error.
    #[error(transparent)]
    Refused(Refusal),
    /// The contract trapped, ran out of gas, or the call could not be dispatched.
    #[error("the call did not complete: {0}")]
    Trapped(String),
    /// ink refused the input (unknown selector, undecodable arguments).
    #[error("the contract refused the input: {0}")]
    Lang(String),
    /// The output did not decode as the message's return type.
    #[error("the output did not decode: {0}")]
    Decode(String),
    /// A deployment could not be made (missing bundle, a constructor that reverted, ...).
    #[error("{0}")]
    Setup(String),
    /// The node could not be reached, or refused or lost the transaction.
    #[error(transparent)]
    Node(#[from] crate::node::NodeError),
}

macro_rules! refusal_from {
    ($($err:ty => $variant:ident),*) => {$(
        impl From<$err> for Refusal {
            fn from(e: $err) -> Self {
                Refusal::$variant(e)
            }
        }
        impl From<$err> for CallError {
            fn from(e: $err) -> Self {
                CallError::Refused(Refusal::$variant(e))
            }
        }
    )*};
}
refusal_from!(
    BankError => Bank,
    PSP22Error => Psp22,
    RouterError => Router,
    PoolError => Pool,
    LoanError => Loan,
    TrackerError => Tracker,
    SharesError => Shares
);

/// What one call cost and emitted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Receipt {
    /// The weight the call used: the contract's gas in the sandbox and in a dry run; on a
    /// node, for a transaction, the weight the block accounted for it (the contract's gas
    /// plus the extrinsic's own base weight).
    pub weight: Weight,
    pub reverted: bool,
    /// The storage deposit the call charged (positive) or refunded (negative).
    pub storage_deposit: i128,
    /// `(emitting contract, topics, data)` of each contract event of the call.
    pub events: Vec<(AccountId32, Vec<[u8; 32]>, Vec<u8>)>,
    /// The block that included the transaction (a node's transactions only).
    pub block_number: Option<u32>,
    pub block_hash: Option<[u8; 32]>,
    /// The fee the signer paid for the transaction (a node's transactions only).
    pub fee: Option<Balance>,
}

/// What a deployment gave: the new contract, or the output of a constructor that reverted
/// (for the caller to decode).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deployed {
    At(AccountId32),
    Reverted(Vec<u8>),
}

/// Decodes a message's raw output (ink wraps every return value in `Result<_, LangError>`).
pub fn decode_output<T: Decode>(out: &[u8]) -> Result<T, CallError> {
    let out: Result<T, ink::LangError> =
        Decode::decode(&mut &out[..]).map_err(|e| CallError::Decode(e.to_string()))?;
    out.map_err(|e| CallError::Lang(format!("{e:?}")))
}

/// Access to a chain.
pub trait Ledger {
    /// The account of a named person, funded on a development chain.
    fn person(&mut self, name: &str) -> Result<AccountId32, CallError>;
    /// Native balance free to spend.
    fn free_balance(&mut self, who: &AccountId32) -> Result<Balance, CallError>;
    /// Calls `contract` as `origin` with a ready input (selector, then SCALE arguments),
    /// sending `value`; returns the raw output and records the receipt.
    fn call(
        &mut self,
        origin: &AccountId32,
        contract: &AccountId32,
        input: Vec<u8>,
        value: Balance,
    ) -> Result<Vec<u8>, CallError>;
    /// As [`Ledger::call`] for a message that only reads: its output and receipt, without
    /// changing the chain (a node answers it by a dry run and never sends a transaction).
    /// The sandbox runs it as a call, which a read-only message leaves unchanged.
    fn query(
        &mut self,
        origin: &AccountId32,
        contract: &AccountId32,
        input: Vec<u8>,
        value: Balance,
    ) -> Result<Vec<u8>, CallError> {
        self.call(origin, contract, input, value)
    }
    /// The number of the chain's latest block.
    fn block_number(&mut self) -> Result<u32, CallError>;
    /// Uploads contract code (if it is not there yet) and returns its code hash.
    fn upload(&mut self, origin: &AccountId32, wasm: &[u8]) -> Result<[u8; 32], CallError>;
    /// Deploys `wasm` with constructor `input` (selector, then SCALE arguments) under a fresh
    /// salt, sending it `value` of native currency (a payable constructor's); records the
    /// receipt when it succeeds.
    fn instantiate_with_value(
        &mut self,
        origin: &AccountId32,
        wasm: &[u8],
        input: Vec<u8>,
        value: Balance,
    ) -> Result<Deployed, CallError>;
    /// As [`Ledger::instantiate_with_value`], sending nothing.
    fn instantiate(
        &mut self,
        origin: &AccountId32,
        wasm: &[u8],
        input: Vec<u8>,
    ) -> Result<Deployed, CallError> {
        self.instantiate_with_value(origin, wasm, input, 0)
    }
    /// What the last call or deployment cost and emitted.
    fn receipt(&self) -> &Receipt;
    /// Puts back a receipt (after a follow-up read that belongs to the same step).
    fn set_receipt(&mut self, receipt: Receipt);

    /// Runs a message that returns `Result<T, E>` as `origin`; the contract's `E` comes back
    /// as [`CallError::Refused`].
    fn exec<A, T, E>(
        &mut self,
        origin: &AccountId32,
        params: Params<A, Result<T, E>>,
    ) -> Result<T, CallError>
    where
        Self: Sized,
        A: Encode,
        T: Decode,
        E: Decode + Into<Refusal>,
    {
        let out = self.call(
            origin,
            &account_of(params.callee()),
            params.exec_input().encode(),
            *params.transferred_value(),
        )?;
        decode_output::<Result<T, E>>(&out)?.map_err(|e| CallError::Refused(e.into()))
    }

    /// Asks a `&self` message that returns `Result<T, E>` as `origin`, by [`Ledger::query`]
    /// (nothing is sent); the contract's `E` comes back as [`CallError::Refused`].
    fn ask<A, T, E>(
        &mut self,
        origin: &AccountId32,
        params: Params<A, Result<T, E>>,
    ) -> Result<T, CallError>
    where
        Self: Sized,
        A: Encode,
        T: Decode,
        E: Decode + Into<Refusal>,
    {
        let out = self.query(
            origin,
            &account_of(params.callee()),
            params.exec_input().encode(),
            *params.transferred_value(),
        )?;
        decode_output::<Result<T, E>>(&out)?.map_err(|e| CallError::Refused(e.into()))
    }

    /// Runs a read-only message that cannot fail, from an unfunded viewer account, by
    /// [`Ledger::query`].
    fn read<A: Encode, T: Decode>(&mut self, params: Params<A, T>) -> Result<T, CallError>
    where
        Self: Sized,
    {
        let out = self.query(
            &viewer(),
            &account_of(params.callee()),
            params.exec_input().encode(),
            0,
        )?;
        decode_output(&out)
    }
}

/// One typed method per contract message, each a line: `exec` runs a `&mut self` message as
/// `who`, `ask` a `&self` message that can refuse (as `who`, a query: never sent to a node),
/// `read` a view (as the viewer, a query too).
/// `bank.grant(..)` names the method that gives ink's call builder for the contract's trait
/// (`bank`) and the trait's message (`grant`); each argument says how it becomes the
/// message's (`holder: &AccountId32 => ink_id(holder)`).
macro_rules! messages {
    ($($(#[$doc:meta])* $kind:ident $via:ident.$name:ident($($arg:ident: $ty:ty => $conv:expr),*) -> $ret:ty;)*) => {
        $( messages!(@one $kind $(#[$doc])* $name($($arg: $ty => $conv),*) -> $ret, $via); )*
    };
    (@one exec $(#[$doc:meta])* $name:ident($($arg:ident: $ty:ty => $conv:expr),*) -> $ret:ty, $via:ident) => {
        $(#[$doc])*
        pub fn $name<L: Ledger>(&self, l: &mut L, who: &AccountId32 $(, $arg: $ty)*) -> Result<$ret, CallError> {
            l.exec(who, self.$via().call_mut().$name($($conv),*).params())
        }
    };
    (@one ask $(#[$doc:meta])* $name:ident($($arg:ident: $ty:ty => $conv:expr),*) -> $ret:ty, $via:ident) => {
        $(#[$doc])*
        pub fn $name<L: Ledger>(&self, l: &mut L, who: &AccountId32 $(, $arg: $ty)*) -> Result<$ret, CallError> {
            l.ask(who, self.$via().call().$name($($conv),*).params())
        }
    };
    (@one read $(#[$doc:meta])* $name:ident($($arg:ident: $ty:ty => $conv:expr),*) -> $ret:ty, $via:ident) => {
        $(#[$doc])*
        pub fn $name<L: Ledger>(&self, l: &mut L $(, $arg: $ty)*) -> Result<$ret, CallError> {
            l.read(self.$via().call().$name($($conv),*).params())
        }
    };
}
pub(crate) use messages;
