//! PSP22 allowances, as every Vouch token keeps them (trust bank notes, shares): who may move
//! how many of whose tokens. Each method validates before it writes and returns the
//! `Approval` event to emit (`None` when nothing changes); the token contract emits it.

use crate::events::Approval;
use crate::{AccountId, Balance, PSP22Error};
use ink::storage::Mapping;

/// `(owner, spender) -> amount`.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct Allowances {
    map: Mapping<(AccountId, AccountId), Balance>,
}

impl Allowances {
    /// How many of `owner`'s tokens `spender` may move.
    pub fn get(&self, owner: AccountId, spender: AccountId) -> Balance {
        self.map.get((owner, spender)).unwrap_or(0)
    }

    /// Sets `spender`'s allowance over `owner`'s tokens to `amount`.
    pub fn set(&mut self, owner: AccountId, spender: AccountId, amount: Balance) -> Approval {
        self.map.insert((owner, spender), &amount);
        Approval {
            owner,
            spender,
            amount,
        }
    }

    /// PSP22 `approve` by `owner`; nothing for oneself.
    pub fn approve(
        &mut self,
        owner: AccountId,
        spender: AccountId,
        value: Balance,
    ) -> Option<Approval> {
        (owner != spender).then(|| self.set(owner, spender, value))
    }

    /// PSP22 `increase_allowance` by `owner` (saturating); nothing for oneself or zero.
    pub fn increase(
        &mut self,
        owner: AccountId,
        spender: AccountId,
        delta: Balance,
    ) -> Option<Approval> {
        (owner != spender && delta > 0).then(|| {
            let value = self.get(owner, spender).saturating_add(delta);
            self.set(owner, spender, value)
        })
    }

    /// PSP22 `decrease_allowance` by `owner`; nothing for oneself or zero.
    ///
    /// # Errors
    /// `InsufficientAllowance` when the allowance is smaller than `delta`.
    pub fn decrease(
        &mut self,
        owner: AccountId,
        spender: AccountId,
        delta: Balance,
    ) -> Result<Option<Approval>, PSP22Error> {
        if owner == spender || delta == 0 {
            return Ok(None);
        }
        let value = self
            .get(owner, spender)
            .checked_sub(delta)
            .ok_or(PSP22Error::InsufficientAllowance)?;
        Ok(Some(self.set(owner, spender, value)))
    }

    /// What `spender`'s allowance over `owner`'s tokens comes to once it moves `value` of
    /// them (`None`: the owner moves its own, no allowance involved). Validation only: the
    /// token moves the tokens, then stores the rest with [`Allowances::set`].
    ///
    /// # Errors
    /// `InsufficientAllowance`.
    pub fn after_spending(
        &self,
        owner: AccountId,
        spender: AccountId,
        value: Balance,
    ) -> Result<Option<Balance>, PSP22Error> {
        if spender == owner {
            return Ok(None);
        }
        self.get(owner, spender)
            .checked_sub(value)
            .map(Some)
            .ok_or(PSP22Error::InsufficientAllowance)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acc(n: u8) -> AccountId {
        AccountId::from([n; 32])
    }

    #[test]
    fn allowances_follow_psp22() {
        ink::env::test::run_test::<ink::env::DefaultEnvironment, _>(|_| {
            let (a, b) = (acc(1), acc(2));
            let mut al = Allowances::default();
            assert_eq!(al.approve(a, a, 5), None);
            assert_eq!(al.get(a, a), 0);
            assert_eq!(al.approve(a, b, 5).map(|e| e.amount), Some(5));
            assert_eq!(al.increase(a, b, 0), None);
            assert_eq!(
                al.increase(a, b, u128::MAX).map(|e| e.amount),
                Some(u128::MAX)
            );
            al.set(a, b, 5);
            assert_eq!(al.decrease(a, b, 6), Err(PSP22Error::InsufficientAllowance));
            assert_eq!(al.get(a, b), 5, "a refused decrease changes nothing");
            assert_eq!(al.decrease(a, b, 2).unwrap().map(|e| e.amount), Some(3));
            assert_eq!(al.after_spending(a, b, 3), Ok(Some(0)));
            assert_eq!(
                al.after_spending(a, b, 4),
                Err(PSP22Error::InsufficientAllowance)
            );
            assert_eq!(al.after_spending(a, a, 4), Ok(None));
            assert_eq!(al.get(a, b), 3, "checking spends nothing");
            Ok(())
        })
        .unwrap();
    }
}
