//! Events shared by Vouch contracts. Topics only on account ids, and few of them: each
//! topic costs about as much as a storage write.

use crate::{AccountId, Balance, BankLegs};
use ink::prelude::vec::Vec;

/// PSP22 `Transfer`: notes moved, minted (`from: None`) or burned (`to: None`).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    #[ink(topic)]
    pub from: Option<AccountId>,
    #[ink(topic)]
    pub to: Option<AccountId>,
    pub value: Balance,
}

/// PSP22 `Approval`: `owner` lets `spender` move up to `amount` of its notes.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    #[ink(topic)]
    pub owner: AccountId,
    #[ink(topic)]
    pub spender: AccountId,
    pub amount: Balance,
}

/// A line's `limit` (set by the owner) or `willing` (set by the holder) changed.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineSet {
    #[ink(topic)]
    pub holder: AccountId,
    pub limit: Balance,
    pub willing: Balance,
}

/// The owner granted `amount` notes to `holder` as a revocable gift (with a mint `Transfer`).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Granted {
    #[ink(topic)]
    pub holder: AccountId,
    pub amount: Balance,
}

/// The owner took back `amount` granted notes from `holder` (with a burn `Transfer`).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revoked {
    #[ink(topic)]
    pub holder: AccountId,
    pub amount: Balance,
}

/// Native currency entered the reserve.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deposited {
    #[ink(topic)]
    pub from: AccountId,
    pub amount: Balance,
}

/// The owner took native currency out of the reserve.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawn {
    pub amount: Balance,
}

/// `holder` burned `amount` notes and received as much native currency from the reserve
/// (with a burn `Transfer`).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redeemed {
    #[ink(topic)]
    pub holder: AccountId,
    pub amount: Balance,
}

/// The owner authorised (or withdrew authorisation from) a router.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouterSet {
    #[ink(topic)]
    pub router: AccountId,
    pub allowed: bool,
}

/// A routed payment cleared: `from` paid `to` `amount` over `routes` routes, and every
/// paying bank's legs, in the order the router called the banks. This is the one event
/// that reports the notes a routed payment issued: the banks' `hops` emit no per-leg
/// `Transfer` (each would cost a hop three topics); hand-backs (`Settle::Return`, and a
/// route starting from held notes) still emit the issuer's burn `Transfer`.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paid {
    #[ink(topic)]
    pub from: AccountId,
    #[ink(topic)]
    pub to: AccountId,
    pub amount: Balance,
    pub routes: u32,
    pub legs: Vec<BankLegs>,
}

/// A person registered their bank with the router.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registered {
    #[ink(topic)]
    pub person: AccountId,
    pub bank: AccountId,
}
