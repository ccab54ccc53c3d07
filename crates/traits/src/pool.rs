//! The group pool's types: members, proposals, the settle-up plan, errors and events, and the
//! pure settle-up arithmetic ([`settle`], [`who_owes_whom`]) so that it can be
//! property-tested without a chain.
//!
//! A pool is a group of members with a k-of-n threshold that owns one trust bank. Members
//! contribute native currency to the bank's reserve, spend allowances granted in the bank's
//! notes, and decide everything else by proposals. On close the remaining reserve is paid out
//! so that each member ends at their net position `contributed - spent`.

// The SCALE derives cast variant indices to u8 in generated code (few variants: no truncation).
#![allow(clippy::cast_possible_truncation)]

use crate::{AccountId, Balance, BankError};
use ink::prelude::vec::Vec;

/// The most members a pool ever records (active and former): bounds every loop of the pool.
pub const MAX_MEMBERS: u32 = 16;

/// What the pool records for each member, active or former.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Member {
    /// Native currency the member put into the reserve.
    pub contributed: Balance,
    /// The most allowance the member may have been given net of revocations
    /// (`granted - revoked <= budget`); a re-up raises it, a revocation lowers it.
    pub budget: Balance,
    /// Allowance notes granted to the member, in total.
    pub granted: Balance,
    /// Allowance notes the pool took back, in total.
    pub revoked: Balance,
    /// Whether the member may still contribute, spend new allowances, propose and approve.
    pub active: bool,
    /// Which membership of this account this is: 0 for the first, one more on each
    /// re-admission. An approval counts only in the membership it was given in.
    pub term: u32,
    /// A payout of the close the chain refused to transfer (on a real chain: less than the
    /// existential deposit to an account that holds nothing); the member takes it with
    /// [`GroupPool::claim`].
    pub unclaimed: Balance,
}

impl Member {
    /// Allowance still grantable without a vote: `budget - (granted - revoked)`.
    pub fn headroom(&self) -> Balance {
        self.budget
            .saturating_sub(self.granted.saturating_sub(self.revoked))
    }

    /// Allowance the member spent, given the gift it still holds in the bank
    /// (`gift_held` is the bank line's `granted`): `granted - revoked - gift_held`.
    /// Gifts are spent first, so this is exactly the allowance that left the member's hands
    /// (transferred, routed out or redeemed).
    pub fn spent(&self, gift_held: Balance) -> Balance {
        self.granted
            .saturating_sub(self.revoked)
            .saturating_sub(gift_held)
    }
}

/// What a proposal does when it passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum ProposalKind {
    /// Raise `member`'s budget by `amount` and grant it as allowance at once.
    ReUp { member: AccountId, amount: Balance },
    /// Take back `amount` of the allowance `member` still holds; lowers the budget as much.
    Revoke { member: AccountId, amount: Balance },
    /// Add a member (or re-admit a former one) with the pool's standard budget.
    AddMember(AccountId),
    /// Remove a member: their unspent allowance is revoked and their line closed.
    RemoveMember(AccountId),
    /// Set how many approvals a proposal needs (1..=active members).
    SetThreshold(u32),
    /// Pay `amount` of the reserve to `to`.
    Withdraw { to: AccountId, amount: Balance },
    /// Let a non-member `holder` (say a hotel's bank) hold up to `limit` of the group's notes,
    /// so that members can pay it through the router.
    Trust { holder: AccountId, limit: Balance },
    /// Authorise (or stop) a router to route the group's notes.
    SetRouter { router: AccountId, allowed: bool },
    /// Close the pool: revoke unspent allowances and pay out the settle-up plan.
    Close,
}

/// A proposal and its votes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Proposal {
    pub kind: ProposalKind,
    pub proposer: AccountId,
    /// Members who approved (the proposer first); at most [`MAX_MEMBERS`]. Only approvals of
    /// members still active, in the membership they approved in, count towards the threshold.
    pub approvals: Vec<AccountId>,
    /// The [`Member::term`] each approval was given in, in the order of `approvals`.
    pub terms: Vec<u32>,
    /// Last block number at which it can be approved and executed.
    pub expires_at: u32,
    /// Whether it has executed (it executes at most once).
    pub executed: bool,
}

impl Proposal {
    /// The approvals that count now, given the pool's recorded members: those of active
    /// members, in the membership they approved in.
    pub fn counting(&self, members: &[(AccountId, Member)]) -> Vec<AccountId> {
        self.approvals
            .iter()
            .zip(&self.terms)
            .filter(|(a, t)| {
                members
                    .iter()
                    .any(|(m, r)| m == *a && r.active && r.term == **t)
            })
            .map(|(a, _)| *a)
            .collect()
    }
}

/// A pool's summary for clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct PoolStatus {
    /// The trust bank the pool owns (its notes are the group's notes).
    pub bank: AccountId,
    /// Approvals a proposal needs.
    pub threshold: u32,
    /// Active members.
    pub members: u32,
    /// Members ever recorded (active and former).
    pub recorded: u32,
    /// The standard budget of a new member.
    pub allowance: Balance,
    /// How many blocks a proposal stays open after the block it was made in.
    pub ttl: u32,
    /// Proposals made so far (the next proposal's id).
    pub proposals: u32,
    /// Whether the pool has closed (settled up).
    pub closed: bool,
    /// The bank's reserve.
    pub reserve: Balance,
    /// The bank's notes outstanding.
    pub outstanding: Balance,
}

/// One member's line of the settle-up plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct Payout {
    pub member: AccountId,
    pub contributed: Balance,
    pub spent: Balance,
    /// Native currency the member receives from the reserve on close.
    pub payout: Balance,
}

impl Payout {
    /// `max(contributed - spent, 0)`: what the member is owed before the reserve is split.
    pub fn credit(&self) -> Balance {
        self.contributed.saturating_sub(self.spent)
    }

    /// `max(spent - contributed, 0)`: what the member spent beyond their contribution.
    pub fn debt(&self) -> Balance {
        self.spent.saturating_sub(self.contributed)
    }

    /// After the payout, how much the member still owes the others (`payout - position`
    /// when positive) and how much it is still owed (`position - payout` when positive).
    pub fn residual(&self) -> (Balance, Balance) {
        let got = self.payout.saturating_add(self.debt());
        (
            got.saturating_sub(self.credit()),
            self.credit().saturating_sub(got),
        )
    }
}

/// The settle-up plan: what closing the pool now would pay.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct Settlement {
    /// The bank's reserve.
    pub reserve: Balance,
    /// Notes that stay outstanding after unspent allowances are revoked (earned notes held by
    /// members or outsiders): the reserve keeps backing them.
    pub claims: Balance,
    /// `reserve - claims` (0 when the claims exceed the reserve): what is paid out.
    pub distributable: Balance,
    /// One entry per recorded member, in the order they joined; payouts sum to
    /// `distributable` exactly.
    pub payouts: Vec<Payout>,
}

/// One transfer of the "who owes whom" summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct Owe {
    pub from: AccountId,
    pub to: AccountId,
    pub amount: Balance,
}

/// Why a pool message failed. Every failing message leaves the pool and its bank unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum PoolError {
    /// The caller (or the member named) is not an active member.
    NotMember,
    /// The account is already an active member (or, for `Trust`, a member at all).
    AlreadyMember,
    /// The pool would record more than [`MAX_MEMBERS`] members, or was created with none.
    BadMemberCount,
    /// A member appears twice in the constructor's list.
    DuplicateMember,
    /// The threshold would leave `1..=active members`.
    BadThreshold,
    /// An amount of zero was given where a positive amount is required.
    ZeroAmount,
    /// The grant would take the member past its budget (a re-up needs a vote).
    OverBudget,
    /// No proposal has this id.
    UnknownProposal,
    /// The proposal's last block has passed.
    Expired,
    /// The proposal has already executed.
    AlreadyExecuted,
    /// The caller already approved this proposal.
    AlreadyApproved,
    /// The pool has closed.
    Closed,
    /// The chain refused a native currency transfer.
    TransferFailed,
    /// Deploying the bank or calling it failed (trapped, out of gas, not a trust bank).
    CallFailed,
    /// The pool's bank refused the operation.
    Bank(BankError),
    /// An amount would overflow the balance type.
    Overflow,
    /// A withdrawal to the pool itself, or the pool as its own member: the amount (or the
    /// member's payout on close) would be stranded in the pool contract.
    BadRecipient,
    /// No payout is held for the caller.
    NothingToClaim,
}

/// A group pool: k-of-n members own a trust bank; budgets, votes and the settle-up.
///
/// The constructor (`new(bank_code, members, threshold, allowance, ttl, symbol)`) deploys
/// the pool's bank from the trust bank's code hash; see `contracts/pool`.
#[ink::trait_definition]
pub trait GroupPool {
    /// Adds the transferred native currency to the bank's reserve on the caller's account.
    ///
    /// # Errors
    /// `Closed`, `NotMember`, `ZeroAmount`, `Overflow`, `CallFailed`.
    #[ink(message, payable)]
    fn contribute(&mut self) -> Result<(), PoolError>;

    /// Grants `amount` of allowance to `member` within its budget (no vote needed; going
    /// past the budget needs a `ReUp` proposal). The member must have stated on the bank
    /// that it is willing to hold the notes (`set_willing`).
    ///
    /// # Errors
    /// `Closed`, `NotMember` (caller or member), `ZeroAmount`, `OverBudget`,
    /// `Bank(NoCapacity)` (the member is not willing to hold that many), `CallFailed`.
    #[ink(message)]
    fn allow(&mut self, member: AccountId, amount: Balance) -> Result<(), PoolError>;

    /// Proposes `kind`, approved by the proposer; executes at once when the threshold is 1.
    /// Returns the proposal's id.
    ///
    /// # Errors
    /// `Closed`, `NotMember`, what [`ProposalKind`] validation refuses, `Overflow`, and
    /// the execution's errors when it executes at once.
    #[ink(message)]
    fn propose(&mut self, kind: ProposalKind) -> Result<u32, PoolError>;

    /// Approves proposal `id`; executes it when this approval reaches the threshold.
    /// Returns whether it executed.
    ///
    /// # Errors
    /// `Closed`, `NotMember`, `UnknownProposal`, `AlreadyExecuted`, `Expired`,
    /// `AlreadyApproved`, and the execution's errors.
    #[ink(message)]
    fn approve(&mut self, id: u32) -> Result<bool, PoolError>;

    /// What closing the pool now would pay each member (read-only).
    ///
    /// # Errors
    /// `CallFailed`, `Overflow`.
    #[ink(message)]
    fn settlement_plan(&self) -> Result<Settlement, PoolError>;

    /// The transfers between members that would even everyone out after the plan's
    /// payouts: at most n - 1 (read-only).
    ///
    /// # Errors
    /// As `settlement_plan`.
    #[ink(message)]
    fn who_owes_whom(&self) -> Result<Vec<Owe>, PoolError>;

    /// The pool's summary (reserve and notes outstanding read from its bank).
    #[ink(message)]
    fn status(&self) -> PoolStatus;

    /// Every recorded member, active or former, in join order.
    #[ink(message)]
    fn members(&self) -> Vec<(AccountId, Member)>;

    /// Proposal `id`, if it exists.
    #[ink(message)]
    fn proposal(&self, id: u32) -> Option<Proposal>;

    /// The pool's trust bank.
    #[ink(message)]
    fn bank(&self) -> AccountId;

    /// The caller hands back `amount` of the allowance it still holds: the pool's bank
    /// revokes it, and it counts as revoked, not spent, in the settle-up. The member's budget
    /// stays, so the amount may be allowed again without a vote. (A plain PSP22 transfer of
    /// the notes to the pool's bank is a repayment: the bank cannot tell it from a routed
    /// payment that returns notes, so it counts as spending.)
    ///
    /// # Errors
    /// `Closed`, `NotMember`, `ZeroAmount`, `Bank(ExceedsGranted)` when the caller holds
    /// less allowance than `amount` (earned notes cannot be handed back this way).
    #[ink(message)]
    fn give_back(&mut self, amount: Balance) -> Result<(), PoolError>;

    /// Pays the caller's held payout (see [`Member::unclaimed`]) to `to`: any account, so a
    /// member whose own account cannot take it yet can name another one. Returns the amount.
    ///
    /// # Errors
    /// `NothingToClaim`, `TransferFailed` (nothing changes).
    #[ink(message)]
    fn claim(&mut self, to: AccountId) -> Result<Balance, PoolError>;
}

impl From<BankError> for PoolError {
    fn from(e: BankError) -> Self {
        PoolError::Bank(e)
    }
}

/// Splits `distributable` among the recorded members, given `(member, contributed, spent)`
/// in join order.
///
/// Each member's weight is its credit `max(contributed - spent, 0)`; the payout is
/// `floor(distributable * credit / total_credit)`. When `distributable` equals the total
/// credit everyone gets exactly their credit; when it is short (or larger) everyone gets the
/// same fraction of it (pro rata). When no member has credit, the weights are equal.
/// Rounding: the units the floors leave over (fewer than the members with a fractional
/// share) go one each to the members with the largest fractional parts, ties to the earlier
/// member. So the payouts sum to `distributable` exactly, and nobody gets more than its
/// credit while the reserve is short.
///
/// # Errors
/// `Overflow` when the members' credits sum past `u128` (each payout's product
/// `distributable * credit` is formed exactly, in 256 bits); `BadMemberCount` when there is
/// something to distribute and nobody to give it to.
pub fn settle(
    members: &[(AccountId, Balance, Balance)],
    distributable: Balance,
) -> Result<Vec<Payout>, PoolError> {
    let credit = |c: Balance, s: Balance| c.saturating_sub(s);
    let mut total: Balance = 0;
    for (_, c, s) in members {
        total = total
            .checked_add(credit(*c, *s))
            .ok_or(PoolError::Overflow)?;
    }
    let equal = total == 0;
    if equal {
        total = Balance::try_from(members.len()).map_err(|_| PoolError::Overflow)?;
    }
    if total == 0 {
        crate::ensure!(distributable == 0, PoolError::BadMemberCount);
        return Ok(Vec::new());
    }
    let mut payouts = Vec::with_capacity(members.len());
    // (fractional part as a numerator over `total`, position) for the largest remainders.
    let mut fractions: Vec<(Balance, usize)> = Vec::with_capacity(members.len());
    let mut paid: Balance = 0;
    for (i, (member, contributed, spent)) in members.iter().enumerate() {
        let weight = if equal {
            1
        } else {
            credit(*contributed, *spent)
        };
        // weight <= total, so the quotient fits even when the product does not.
        let (payout, fraction) =
            mul_div_rem(distributable, weight, total).ok_or(PoolError::Overflow)?;
        paid = paid.checked_add(payout).ok_or(PoolError::Overflow)?;
        fractions.push((fraction, i));
        payouts.push(Payout {
            member: *member,
            contributed: *contributed,
            spent: *spent,
            payout,
        });
    }
    // Largest fraction first, then earlier member.
    fractions.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    // Fewer units are left than non-zero fractions: each floor drops less than one unit.
    let mut left = distributable.checked_sub(paid).ok_or(PoolError::Overflow)?;
    for (fraction, i) in fractions {
        if left == 0 || fraction == 0 {
            break;
        }
        if let Some(p) = payouts.get_mut(i) {
            p.payout = p.payout.checked_add(1).ok_or(PoolError::Overflow)?;
            left = left.saturating_sub(1);
        }
    }
    crate::ensure!(left == 0, PoolError::Overflow);
    Ok(payouts)
}

/// `(a * b / d, a * b % d)` computed exactly (the product in 256 bits), or `None` when `d`
/// is 0 or the quotient does not fit in 128 bits. The product is formed in 128 bits when it
/// fits; otherwise by 64-bit limbs and a bitwise long division (128 steps), so amounts of an
/// 18-decimal currency with weights of the same size settle exactly.
pub fn mul_div_rem(a: u128, b: u128, d: u128) -> Option<(u128, u128)> {
    if d == 0 {
        return None;
    }
    if let Some(p) = a.checked_mul(b) {
        return Some((p.checked_div(d)?, p.checked_rem(d)?));
    }
    let (hi, lo) = wide_mul(a, b);
    if hi >= d {
        return None;
    }
    // Restoring division of hi:lo by d, one bit of lo at a time; r < d throughout.
    let (mut q, mut r) = (0u128, hi);
    for i in (0..128u32).rev() {
        let carry = r >> 127 == 1;
        let bit = lo.checked_shr(i)? & 1;
        r = r.checked_shl(1)? | bit;
        // The shifted value is 2r + bit < 2d: one subtraction brings it below d again; with
        // the carry the true value exceeds 2^128 > d, and the wrapped difference is exact.
        if carry || r >= d {
            r = r.wrapping_sub(d);
            q |= 1u128.checked_shl(i)?;
        }
    }
    Some((q, r))
}

/// The full 256-bit product `a * b` as `(high, low)` 128-bit halves.
fn wide_mul(a: u128, b: u128) -> (u128, u128) {
    const LOW: u128 = u64::MAX as u128;
    let (a1, a0) = (a >> 64, a & LOW);
    let (b1, b0) = (b >> 64, b & LOW);
    // Each partial product of two 64-bit halves fits in 128 bits.
    let (p00, p01, p10, p11) = (
        a0.wrapping_mul(b0),
        a0.wrapping_mul(b1),
        a1.wrapping_mul(b0),
        a1.wrapping_mul(b1),
    );
    // The middle column: the high half of p00 plus the low halves of p01 and p10 (< 2^66).
    let mid = (p00 >> 64).wrapping_add(p01 & LOW).wrapping_add(p10 & LOW);
    let lo = (p00 & LOW) | (mid << 64);
    let hi = p11
        .wrapping_add(p01 >> 64)
        .wrapping_add(p10 >> 64)
        .wrapping_add(mid >> 64);
    (hi, lo)
}

/// "Who owes whom" after the payouts: the transfers between members that bring everyone to
/// their position `contributed - spent`, at most `n - 1` of them.
///
/// Members who received more than their position (or spent beyond their contribution) are
/// debtors; members who received less are creditors. Greedily, the largest debtor pays the
/// largest creditor (ties to the earlier member) as much as both allow; each transfer settles
/// at least one of the two, and the last one settles both, so there are at most
/// `debtors + creditors - 1 <= n - 1` transfers. When debts and credits do not balance (the
/// reserve was short or in surplus), the transfers cover the smaller side.
pub fn who_owes_whom(payouts: &[Payout]) -> Vec<Owe> {
    let mut owes: Vec<Balance> = payouts.iter().map(|p| p.residual().0).collect();
    let mut owed: Vec<Balance> = payouts.iter().map(|p| p.residual().1).collect();
    let mut out = Vec::new();
    loop {
        let (Some(d), Some(c)) = (largest(&owes), largest(&owed)) else {
            return out;
        };
        let (Some(debt), Some(credit)) = (owes.get_mut(d), owed.get_mut(c)) else {
            return out;
        };
        let amount = core::cmp::min(*debt, *credit);
        *debt = debt.saturating_sub(amount);
        *credit = credit.saturating_sub(amount);
        if let (Some(from), Some(to)) = (payouts.get(d), payouts.get(c)) {
            out.push(Owe {
                from: from.member,
                to: to.member,
                amount,
            });
        }
    }
}

/// Position of the largest non-zero value (the earliest on ties).
fn largest(values: &[Balance]) -> Option<usize> {
    let mut best: Option<(usize, Balance)> = None;
    for (i, v) in values.iter().enumerate() {
        if *v > 0 && best.is_none_or(|(_, b)| *v > b) {
            best = Some((i, *v));
        }
    }
    best.map(|(i, _)| i)
}

/// A member put native currency into the reserve.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contributed {
    #[ink(topic)]
    pub member: AccountId,
    pub amount: Balance,
}

/// The pool granted `amount` notes of allowance to `member` (a first grant or a re-up).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowed {
    #[ink(topic)]
    pub member: AccountId,
    pub amount: Balance,
}

/// A member made proposal `id`, open until block `expires_at`.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposed {
    #[ink(topic)]
    pub proposer: AccountId,
    pub id: u32,
    pub kind: ProposalKind,
    pub expires_at: u32,
}

/// A member approved proposal `id`.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approved {
    #[ink(topic)]
    pub member: AccountId,
    pub id: u32,
}

/// Proposal `id` reached the threshold and executed.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Executed {
    pub id: u32,
}

/// On close, `member` received `amount` from the reserve.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaidOut {
    #[ink(topic)]
    pub member: AccountId,
    pub amount: Balance,
}

#[cfg(test)]
#[allow(
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap
)] // test oracles on small values
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn who(i: usize) -> AccountId {
        AccountId::from([i as u8; 32])
    }

    #[test]
    fn settles_amounts_of_an_eighteen_decimal_currency() {
        // Two members put in 15 units of an 18-decimal currency each: the product
        // distributable * credit (4.5e38) passes u128::MAX (3.4e38).
        let unit: Balance = 1_000_000_000_000_000_000;
        let members = [(who(1), 15 * unit, 0), (who(2), 15 * unit, 0)];
        let payouts = settle(&members, 30 * unit).unwrap();
        assert_eq!(
            payouts.iter().map(|p| p.payout).collect::<Vec<_>>(),
            vec![15 * unit, 15 * unit]
        );
        // ...and a short reserve still splits pro rata, to the unit.
        let members = [(who(1), 20 * unit, 0), (who(2), 10 * unit, 0)];
        let payouts = settle(&members, 29 * unit + 1).unwrap();
        let got: Vec<Balance> = payouts.iter().map(|p| p.payout).collect();
        assert_eq!(got.iter().sum::<Balance>(), 29 * unit + 1);
        assert_eq!(
            got,
            vec![19_333_333_333_333_333_334, 9_666_666_666_666_666_667]
        );
    }

    #[test]
    fn an_approval_counts_only_in_its_membership() {
        let member = |active, term| Member {
            active,
            term,
            ..Member::default()
        };
        let p = Proposal {
            kind: ProposalKind::Close,
            proposer: who(1),
            approvals: vec![who(1), who(2), who(3)],
            terms: vec![0, 0, 0],
            expires_at: 10,
            executed: false,
        };
        // who(1) was re-admitted since it approved, who(3) is no longer a member.
        let roster = [
            (who(1), member(true, 1)),
            (who(2), member(true, 0)),
            (who(3), member(false, 0)),
        ];
        assert_eq!(p.counting(&roster), vec![who(2)]);
    }

    #[test]
    fn mul_div_rem_edges() {
        assert_eq!(mul_div_rem(1, 1, 0), None);
        assert_eq!(
            mul_div_rem(u128::MAX, u128::MAX, u128::MAX),
            Some((u128::MAX, 0))
        );
        assert_eq!(mul_div_rem(u128::MAX, 2, 2), Some((u128::MAX, 0)));
        assert_eq!(mul_div_rem(u128::MAX, 3, 2), None);
        assert_eq!(
            mul_div_rem(u128::MAX, u128::MAX - 1, u128::MAX),
            Some((u128::MAX - 1, 0))
        );
    }

    proptest! {
        #[test]
        fn mul_div_rem_agrees_with_256_bit_arithmetic(a: u128, b: u128, d in 1u128..) {
            use primitive_types::U256;
            let p = U256::from(a) * U256::from(b);
            let (q, r) = (p / U256::from(d), p % U256::from(d));
            let want = (q <= U256::from(u128::MAX)).then(|| (q.as_u128(), r.as_u128()));
            prop_assert_eq!(mul_div_rem(a, b, d), want);
        }

        #[test]
        fn mul_div_rem_of_amounts_below_the_weight(a: u128, w in 0u128.., extra: u128) {
            // The settle-up case: weight <= total, so the quotient always fits.
            let total = w.saturating_add(extra).max(1);
            let (q, r) = mul_div_rem(a, w, total).unwrap();
            prop_assert!(q <= a && r < total);
        }
    }

    fn rows(v: &[(u128, u128)]) -> Vec<(AccountId, Balance, Balance)> {
        v.iter()
            .enumerate()
            .map(|(i, (c, s))| (who(i), *c, *s))
            .collect()
    }

    #[test]
    fn five_friends_uneven_spending() {
        // Each put in 100; spent 150, 120, 80, 50, 0; 100 left in the reserve.
        let members = rows(&[(100, 150), (100, 120), (100, 80), (100, 50), (100, 0)]);
        let plan = settle(&members, 100).unwrap();
        let paid: Vec<u128> = plan.iter().map(|p| p.payout).collect();
        // Credits 20, 50, 100 of 170: floors 11, 29, 58 (98); fractions 130, 70, 140 of 170
        // give the two spare units to the fifth and the third member.
        assert_eq!(paid, vec![0, 0, 12, 29, 59]);
        let owes = who_owes_whom(&plan);
        assert!(owes.len() <= 4);
        let total: u128 = owes.iter().map(|o| o.amount).sum();
        assert_eq!(total, 70); // what the two over-spenders owe
        assert_eq!(
            owes[0],
            Owe {
                from: who(0),
                to: who(4),
                amount: 41
            }
        );
    }

    #[test]
    fn exact_reserve_pays_each_credit() {
        let plan = settle(&rows(&[(30, 10), (50, 0), (0, 0)]), 70).unwrap();
        let paid: Vec<u128> = plan.iter().map(|p| p.payout).collect();
        assert_eq!(paid, vec![20, 50, 0]);
        assert!(who_owes_whom(&plan).is_empty());
    }

    #[test]
    fn no_credit_splits_equally_remainder_to_the_first() {
        let plan = settle(&rows(&[(0, 0), (10, 10), (0, 5)]), 5).unwrap();
        let paid: Vec<u128> = plan.iter().map(|p| p.payout).collect();
        assert_eq!(paid, vec![2, 2, 1]);
    }

    #[test]
    fn nothing_to_give_nobody_to_give_it_to() {
        assert_eq!(settle(&[], 0), Ok(Vec::new()));
        assert_eq!(settle(&[], 1), Err(PoolError::BadMemberCount));
        // The largest credit settles too (the product is formed in 256 bits)...
        let all = settle(&rows(&[(u128::MAX, 0)]), 2).unwrap();
        assert_eq!(all.iter().map(|p| p.payout).collect::<Vec<_>>(), vec![2]);
        // ...and only a total credit past u128 overflows.
        assert_eq!(
            settle(&rows(&[(u128::MAX, 0), (1, 0)]), 2),
            Err(PoolError::Overflow)
        );
    }

    fn members() -> impl Strategy<Value = Vec<(u128, u128)>> {
        prop::collection::vec((0u128..10_000, 0u128..10_000), 1..=MAX_MEMBERS as usize)
    }

    proptest! {
        #[test]
        fn payouts_conserve_the_reserve(m in members(), d in 0u128..100_000) {
            let plan = settle(&rows(&m), d).unwrap();
            prop_assert_eq!(plan.iter().map(|p| p.payout).sum::<u128>(), d);
            let credit: u128 = plan.iter().map(|p| p.credit()).sum();
            if d <= credit {
                for p in &plan {
                    prop_assert!(p.payout <= p.credit());
                }
            }
        }

        #[test]
        fn transfers_even_everyone_out(m in members()) {
            // The reserve holds exactly what was contributed and not spent.
            let c: u128 = m.iter().map(|x| x.0).sum();
            let s: u128 = m.iter().map(|x| x.1).sum();
            prop_assume!(c >= s);
            let plan = settle(&rows(&m), c - s).unwrap();
            let owes = who_owes_whom(&plan);
            prop_assert!(owes.len() < m.len().max(1));
            let mut end: Vec<i128> = plan.iter().map(|p| p.payout as i128).collect();
            for o in &owes {
                prop_assert!(o.amount > 0);
                let f = plan.iter().position(|p| p.member == o.from).unwrap();
                let t = plan.iter().position(|p| p.member == o.to).unwrap();
                end[f] -= o.amount as i128;
                end[t] += o.amount as i128;
            }
            for (p, e) in plan.iter().zip(end) {
                prop_assert_eq!(e, p.contributed as i128 - p.spent as i128);
            }
        }

        #[test]
        fn transfers_stay_within_n_minus_one(m in members(), d in 0u128..100_000) {
            let plan = settle(&rows(&m), d).unwrap();
            prop_assert!(who_owes_whom(&plan).len() < m.len());
        }
    }
}
