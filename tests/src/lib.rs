//! The sandbox harness lives in `vouch-client` (the CLI drives the same embedded chain);
//! tests and tools in this crate use it through this re-export.

pub use vouch_client::*;
