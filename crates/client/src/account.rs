//! Accounts: the chain's `AccountId32` and ink's `AccountId` are the same 32 bytes; these two
//! functions are the only place the client converts between them.

use ink_sandbox::AccountId32;

/// ink's view of an account (what contract messages take).
pub fn ink_id(who: &AccountId32) -> vouch_traits::AccountId {
    let raw: [u8; 32] = *who.as_ref();
    vouch_traits::AccountId::from(raw)
}

/// The chain's view of an account that a contract returned.
pub fn account_of(id: &vouch_traits::AccountId) -> AccountId32 {
    let raw: [u8; 32] = *id.as_ref();
    AccountId32::new(raw)
}

/// The development account of a named person: the same name always gives the same account.
/// Names longer than 31 bytes are cut.
pub fn account(name: &str) -> AccountId32 {
    let mut raw = [0u8; 32];
    for (slot, b) in raw.iter_mut().zip(name.bytes().take(31)) {
        *slot = b;
    }
    raw[31] = 0xAC;
    AccountId32::new(raw)
}

/// The unfunded account read-only calls are made from.
pub fn viewer() -> AccountId32 {
    account("viewer")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_round_trip() {
        let a = account("alice");
        assert_eq!(account_of(&ink_id(&a)), a);
        assert_ne!(account("alice"), account("alicf"));
        assert_eq!(account(&"x".repeat(40)), account(&"x".repeat(31)));
    }
}
