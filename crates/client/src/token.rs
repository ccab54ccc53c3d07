//! PSP22 moves, the same for every Vouch token (trust bank notes, shares).

use crate::account::ink_id;
use crate::{CallError, Ledger};
use ink::codegen::TraitCallBuilder;
use ink::env::call::FromAccountId;
use ink::env::DefaultEnvironment;
use ink_sandbox::AccountId32;
use vouch_traits::{Balance, PSP22};

type TokenCalls = ink::contract_ref!(PSP22, DefaultEnvironment);

fn calls(token: &AccountId32) -> TokenCalls {
    FromAccountId::from_account_id(ink_id(token))
}

/// `who` moves `value` of its tokens at `token` to `to`.
pub(crate) fn transfer<L: Ledger>(
    l: &mut L,
    token: &AccountId32,
    who: &AccountId32,
    to: &AccountId32,
    value: Balance,
) -> Result<(), CallError> {
    let call = calls(token)
        .call_mut()
        .transfer(ink_id(to), value, Vec::new());
    l.exec(who, call.params())
}

/// `who` moves `value` of `from`'s tokens at `token` to `to`, within `from`'s allowance.
pub(crate) fn transfer_from<L: Ledger>(
    l: &mut L,
    token: &AccountId32,
    who: &AccountId32,
    from: &AccountId32,
    to: &AccountId32,
    value: Balance,
) -> Result<(), CallError> {
    let call = calls(token)
        .call_mut()
        .transfer_from(ink_id(from), ink_id(to), value, Vec::new());
    l.exec(who, call.params())
}
