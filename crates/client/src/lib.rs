//! The Vouch client: typed calls to the built contracts over any chain.
//!
//! One way to call a contract: a typed reference ([`BankRef`], [`RouterRef`], [`PoolRef`],
//! [`LoanRef`], [`TrackerRef`], [`SharesRef`])
//! and a [`Ledger`] (the chain). Each method builds its call from the contracts' own ink
//! trait definitions in `vouch-traits` (selector, argument and return types), and returns
//! `Result<_, CallError>`, where a contract's refusal is the decoded contract error
//! ([`CallError::Refused`]).
//!
//! Two chains implement `Ledger`: the embedded sandbox chain ([`Chain`], an in-process
//! pallet-contracts runtime) and a real node reached by URL ([`Node`], over subxt). The
//! contract bundles a ledger deploys are carried in the binary ([`bundles`]).
//! [`graph`] holds the trust graph read from the banks, and [`follow`] keeps it current
//! from a node's finalized blocks (bank registrations, changed lines), as the route service
//! does.
//!
//! ```
//! use vouch_client::{BankRef, CallError, Chain};
//! use vouch_traits::BankError;
//! let mut chain = Chain::new();
//! let (alice, bob) = (chain.person("alice"), chain.person("bob"));
//! let bank = BankRef::deploy(&mut chain, &alice, "alice notes", "ALICE").unwrap();
//! bank.deposit(&mut chain, &alice, 1_000).unwrap();
//! assert_eq!(bank.status(&mut chain).unwrap().reserve, 1_000);
//! assert_eq!(bank.withdraw(&mut chain, &bob, 1), Err(BankError::NotOwner.into()));
//! ```

pub mod account;
pub mod bank;
pub mod bundles;
pub mod follow;
pub mod graph;
pub mod ledger;
pub mod loan;
pub mod node;
pub mod pool;
pub mod router;
pub mod sandbox;
pub mod shares;
mod token;

pub use account::{account, account_of, ink_id, viewer};
pub use bank::BankRef;
pub use bundles::Bundle;
pub use ink_sandbox;
pub use ink_sandbox::AccountId32;
pub use ledger::{decode_output, CallError, Deployed, Ledger, Params, Receipt, Refusal};
pub use loan::{LoanRef, TrackerRef};
pub use node::{Node, NodeError, TxEvent};
pub use pool::{PoolConfig, PoolRef, DEFAULT_TTL};
pub use router::RouterRef;
pub use sandbox::{Chain, START_BALANCE};
pub use shares::SharesRef;
