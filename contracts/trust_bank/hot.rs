//! The messages a payment touches, shared by both builds: the routed legs, the PSP22
//! transfer and the line reads. They work on the [`Ledger`] they are given and read the
//! environment (caller, own address) themselves; the full build's messages and the front's
//! dispatcher are both thin calls into these.

use crate::data::Ledger;
use ink::env::call::{build_call, ExecutionInput, Selector};
use ink::env::DefaultEnvironment as E;
use ink::prelude::vec::Vec;
use vouch_traits::traits::MAX_LEGS;
use vouch_traits::{
    ensure, AccountId, Balance, BankError, Leg, LegError, Line, PSP22Error, Settle,
};

fn caller() -> AccountId {
    ink::env::caller::<E>()
}

fn this() -> AccountId {
    ink::env::account_id::<E>()
}

/// One hop ([`vouch_traits::TrustBank::hop`]): only an authorised router.
pub fn hop(ledger: &mut Ledger, leg: Leg) -> Result<(), BankError> {
    ensure!(ledger.is_router(caller()), BankError::NotRouter);
    pay(ledger, this(), leg)
}

/// Every leg of a payment that leaves this bank ([`vouch_traits::TrustBank::hops`]), in
/// order; the first failure names its leg.
pub fn hops(ledger: &mut Ledger, legs: &[Leg]) -> Result<(), LegError> {
    check_hops(ledger, legs)?;
    let this = this();
    for (i, leg) in legs.iter().enumerate() {
        pay(ledger, this, *leg).map_err(|e| failed(i, e))?;
    }
    Ok(())
}

/// As [`hops`] for legs that all issue notes (the front hands the others to the library).
pub fn issue(ledger: &mut Ledger, legs: &[Leg]) -> Result<(), LegError> {
    check_hops(ledger, legs)?;
    let this = this();
    for (i, leg) in legs.iter().enumerate() {
        ledger
            .mint(this, leg.to, leg.amount, false)
            .map_err(|e| failed(i, e))?;
    }
    Ok(())
}

fn failed(leg: usize, error: BankError) -> LegError {
    LegError {
        leg: u32::try_from(leg).unwrap_or(u32::MAX),
        error,
    }
}

fn check_hops(ledger: &Ledger, legs: &[Leg]) -> Result<(), LegError> {
    if !ledger.is_router(caller()) {
        return Err(failed(0, BankError::NotRouter));
    }
    if legs.is_empty() || legs.len() > MAX_LEGS as usize {
        return Err(failed(0, BankError::ZeroAmount));
    }
    Ok(())
}

/// Pays one leg: issue own notes to `to`, or hand back notes of `to` to be burned there.
/// A routed leg emits no PSP22 `Transfer`: the router's `Paid` event lists every leg (a
/// three-topic event per hop would cost each hop 7.6 KB of proof); the burn a hand-back
/// causes at `to` is that bank's PSP22 `transfer`, with its event.
fn pay(ledger: &mut Ledger, this: AccountId, leg: Leg) -> Result<(), BankError> {
    match leg.settle {
        Settle::Issue => {
            ledger.mint(this, leg.to, leg.amount, false)?;
            Ok(())
        }
        Settle::Return => {
            ensure!(leg.amount > 0, BankError::ZeroAmount);
            ensure!(leg.to != this, BankError::SelfLine);
            // `to`'s PSP22 `transfer` of the notes to `to` itself: burned there.
            build_call::<E>()
                .call(leg.to)
                .exec_input(
                    ExecutionInput::new(Selector::new(ink::selector_bytes!("PSP22::transfer")))
                        .push_arg(leg.to)
                        .push_arg(leg.amount)
                        .push_arg(Vec::<u8>::new()),
                )
                .returns::<Burned>()
                .try_invoke()
                .map_err(|_| BankError::CallFailed)?
                .map_err(|_| BankError::CallFailed)?
                .0
        }
    }
}

/// The answer of a bank's PSP22 `transfer`, read only as far as a hop needs: success, or
/// the bank error it stands for (`InsufficientBalance` is too few notes held; every other
/// error, whose `Custom` text is not read, is `CallFailed`).
struct Burned(Result<(), BankError>);

impl scale::Decode for Burned {
    fn decode<I: scale::Input>(input: &mut I) -> Result<Self, scale::Error> {
        Ok(Burned(match (input.read_byte()?, input.read_byte()) {
            (0, _) => Ok(()),
            (_, Ok(1)) => Err(BankError::InsufficientNotes),
            _ => Err(BankError::CallFailed),
        }))
    }
}

/// PSP22 `transfer` from the caller.
pub fn transfer(ledger: &mut Ledger, to: AccountId, value: Balance) -> Result<(), PSP22Error> {
    if let Some(event) = ledger.move_notes(this(), caller(), to, value)? {
        ink::env::emit_event::<E, _>(event);
    }
    Ok(())
}

/// The lines of `holders` (the first [`MAX_LEGS`]).
pub fn lines_of(ledger: &Ledger, holders: &[AccountId]) -> Vec<Line> {
    holders
        .iter()
        .take(MAX_LEGS as usize)
        .map(|h| ledger.line(*h))
        .collect()
}
