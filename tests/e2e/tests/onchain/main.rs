//! Vouch's contracts on a real substrate-contracts-node (ink_e2e, node backend): each test
//! gets a fresh dev chain, deploys the contracts it needs and checks what the chain stored.
//!
//! Each `#[ink_e2e::test]` hands its client to a plain async function holding the scenario.
//! Under clippy the test macro expands to nothing, which leaves those functions unused; the
//! allowance below is for that case only.
#![cfg_attr(clippy, allow(dead_code, unused_imports))]

mod bank;
mod pool;
mod routing;
mod wallet;
