//! Shares: the shares contract's types, errors, events, its interface and the pure accounting
//! of holdings, pro-rata distributions, balance checkpoints and motions ([`Register`],
//! [`Holder`], [`Motion`], [`balance_at`]), so that the arithmetic can be property-tested
//! without a chain.
//!
//! A shares contract is a PSP22 token (0 decimals) issued at creation to its founders. Anyone
//! pays native currency into a **distribution**; every holder claims its pro-rata part of it,
//! by what it held when the distribution was paid. Holders put **motions** forward (text, or
//! a hash plus a link, a deposit, and at most one binding [`Action`]) and vote them yes or no
//! with the shares they held when the motion was made.
//!
//! # Distributions, exactly
//! The register keeps a per-share accumulator `acc` in units of `1 / scale` of a currency
//! unit, and a `carry` (in the same units, always `< supply`). `scale` is fixed at creation:
//! the smallest multiple of the initial supply that is at least [`SCALE`] = 10^12
//! ([`scale_for`]). Paying in `amount` adds `(amount * scale + carry) / supply` to `acc`; the
//! remainder is the new `carry`, which goes into the next distribution. While the supply is
//! what it was at creation (always, where no shares can be issued) the division is exact and
//! the carry stays 0, so every holder is credited exactly `Σ balance * amount / supply` over
//! the distributions it held shares for, and can claim that to the unit below; after an
//! issuance the per-share step is rounded to `1 / scale` and the carry takes the rest. A holder keeps `seen` (`acc` when it last
//! settled), `owed` (whole units credited, not claimed) and `rem` (the fraction of a unit
//! credited, in `1 / scale` units, always `< scale`). Settling (on every move, claim and
//! mint, so before every change of balance) credits `balance * (acc - seen) + rem`, divided
//! by `scale`: the quotient to `owed`, the remainder to `rem`. Balances sum to `supply`
//! at every moment, so
//!
//! `paid_in * scale == (claimed + Σ claimable) * scale + Σ rem (after settling) + carry`
//!
//! and `dust = paid_in - claimed - Σ claimable` is a whole number of units: fractions owed to
//! holders (which become units of theirs as later distributions add to them) plus the carry
//! (which the next distribution pays out): `dust * scale < holders * scale + supply`, so
//! `dust <= holders` (the supply is at most `scale` until an issuance passes it). It is never lost. O(1) per distribution, move and claim; no loop over holders.
//!
//! **Overflow bound.** `acc` grows by `scale` per unit paid per share: with a supply of at
//! most 10^12 it stays below `u128::MAX` while less than `u128::MAX / scale` ≈ 3.4·10^26 units
//! have been paid in per share (with the default 100,000 shares, 3.4·10^31 units: 3.4·10^13 whole coins of an
//! 18-decimal currency). Products that can pass 128 bits are formed exactly in 256 bits
//! ([`mul_div_rem`]). Past the bound a distribution fails with `Overflow`; nothing is lost.
//!
//! **Failed deposits.** The deposit of a motion that missed its quorum is added to
//! [`Register::pending`], which the next distribution pays out together with its own amount
//! (a distribution may then be made with no value at all, just to pay the pending units).
//!
//! # Checkpoints (the ERC20-snapshot scheme)
//! `epoch` counts the motions made. The motion made when `epoch == e` has id `e` and takes
//! snapshot `e + 1` ([`Motion::epoch`]); the epoch becomes `e + 1`. When an account's
//! balance changes during epoch `E > 0` and its last checkpoint is of an earlier epoch, the
//! balance *before* the change is appended as `Checkpoint { epoch: E, balance }` (per account:
//! a count in [`Holder::marks`], entries keyed by index, so a contract backs them with a
//! `Mapping<(AccountId, u32), Checkpoint>`). The balance at snapshot `s` is the balance of
//! the first checkpoint with `epoch >= s`, else the current balance ([`balance_at`], a binary
//! search: O(log checkpoints) reads). Balances of epoch 0 are never asked for, so nothing is
//! recorded before the first motion. The supply needs no checkpoints: a motion stores the
//! supply at its creation.
//!
//! # Motions
//! Any holder puts a motion forward with exactly the current deposit; holders vote with their
//! balance at its snapshot, once each, up to its last block `ends = made + voting_period`.
//! After `ends` anyone finishes it: it passes when the votes cast (yes + no) reach the quorum
//! (`quorum_bps` of the supply at creation, rounded up), at least one vote is yes and
//! `yes * 10000 >= pass_bps * (yes + no)`. The deposit returns to the proposer when the quorum
//! was reached and goes to the next distribution otherwise. A passed motion's action is
//! executed once, by anyone.

// The SCALE derives cast variant indices to u8 in generated code (few variants: no truncation).
#![allow(clippy::cast_possible_truncation)]

use crate::pool::mul_div_rem;
use crate::{ensure, AccountId, Balance, PSP22Error};
use ink::prelude::{string::String, vec::Vec};

/// The least fixed-point scale of the distribution accumulator (see [`scale_for`]): `acc`
/// counts at least this many parts of a unit per
/// share (see the module docs for its overflow bound).
pub const SCALE: Balance = 1_000_000_000_000;

/// The accumulator's scale for shares created with `supply`: the smallest multiple of
/// `supply` that is at least [`SCALE`], so that every distribution divides exactly while the
/// supply is unchanged. `None` for a supply of 0 or past the balance type.
pub fn scale_for(supply: Balance) -> Option<Balance> {
    if supply == 0 {
        return None;
    }
    supply.checked_mul(SCALE.div_ceil(supply))
}

/// Basis points in a whole: quorum and pass thresholds are in `1 / BPS`.
pub const BPS: u16 = 10_000;
/// The longest motion text, in bytes (a text, or a hash plus a link).
pub const MAX_TEXT: u32 = 256;
/// The most founders a shares contract is created with.
pub const MAX_FOUNDERS: u32 = 16;
/// The supply issued to the creator when no founders are given.
pub const DEFAULT_SUPPLY: Balance = 100_000;

/// Whether new shares can ever be issued; fixed at creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Issuance {
    /// The supply is fixed for good.
    Never,
    /// A motion that passes may issue new shares ([`Action::Issue`]).
    ByMotion,
}

/// How motions are decided; set at creation (the deposit may change by motion).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Rules {
    /// Blocks a motion stays open after the block it was made in.
    pub voting_period: u32,
    /// The votes cast (yes + no) a motion needs, in basis points of the supply at its
    /// creation (rounded up to whole shares).
    pub quorum_bps: u16,
    /// The share of the votes cast that must be yes, in basis points (`5001`: a majority).
    pub pass_bps: u16,
    /// Native currency a proposer sends with a motion (returned when it reaches the quorum).
    pub deposit: Balance,
}

impl Rules {
    /// Whether the rules decide motions.
    ///
    /// # Errors
    /// `BadRules`: a voting period of 0, a threshold over [`BPS`], or `pass_bps` 0.
    pub fn check(&self) -> Result<(), SharesError> {
        ensure!(self.voting_period > 0, SharesError::BadRules);
        ensure!(self.quorum_bps <= BPS, SharesError::BadRules);
        ensure!(
            self.pass_bps > 0 && self.pass_bps <= BPS,
            SharesError::BadRules
        );
        Ok(())
    }
}

/// The one binding thing a motion does when it passes (executed once).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Action {
    /// A recorded decision only.
    None,
    /// Issue `amount` new shares to `to` (only where [`Issuance::ByMotion`]).
    Issue { to: AccountId, amount: Balance },
    /// Set the deposit of later motions.
    SetDeposit(Balance),
    /// Pay `amount` of native currency out of the treasury to `to`.
    Pay { to: AccountId, amount: Balance },
}

/// Where a motion is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum MotionState {
    /// Being voted (and, after `ends`, waiting for someone to finish it).
    Open,
    /// Finished: quorum and pass rule met. Its action (if any) may be executed.
    Passed,
    /// Finished: quorum or pass rule missed.
    Failed,
    /// Passed and its action executed.
    Executed,
}

/// A motion: what was put forward, by whom, and its tally.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Motion {
    pub proposer: AccountId,
    /// At most [`MAX_TEXT`] bytes: the text, or a hash plus a link.
    pub text: Vec<u8>,
    pub action: Action,
    /// The snapshot its votes are weighed at: `id + 1` (see the module docs).
    pub epoch: u32,
    /// The supply when it was made (the quorum's base).
    pub supply: Balance,
    /// The last block at which it can be voted.
    pub ends: u32,
    /// Native currency the proposer sent with it.
    pub deposit: Balance,
    /// Shares voted yes and no (each voter's balance at the snapshot).
    pub yes: Balance,
    pub no: Balance,
    pub state: MotionState,
}

/// One recorded balance: what the account held before its first change in `epoch`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Checkpoint {
    pub epoch: u32,
    pub balance: Balance,
}

/// What the contract records per account.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Holder {
    /// Shares held.
    pub balance: Balance,
    /// The register's `acc` when this holder last settled.
    pub seen: Balance,
    /// Whole units of distributions credited, not yet claimed.
    pub owed: Balance,
    /// The fraction of a unit credited, in `1 / scale` units (always `< scale`).
    pub rem: Balance,
    /// Checkpoints recorded (the next one's index).
    pub marks: u32,
    /// The epoch of the last checkpoint (meaningful when `marks > 0`).
    pub marked: u32,
}

impl Holder {
    /// The balance at snapshot `snapshot`, reading checkpoint `i` with `read(i)`. No read at
    /// all when no checkpoint is as recent as the snapshot (the balance has not changed
    /// since); otherwise [`balance_at`].
    pub fn balance_at(&self, snapshot: u32, read: impl Fn(u32) -> Checkpoint) -> Balance {
        if self.marks == 0 || self.marked < snapshot {
            return self.balance;
        }
        balance_at(snapshot, self.marks, self.balance, read)
    }
}

/// The balance at snapshot `snapshot` of an account with `count` checkpoints (`read(i)` reads
/// the `i`-th, in the order recorded: epochs strictly increasing) and `current` balance: the
/// balance of the first checkpoint with `epoch >= snapshot`, else `current`. Binary search:
/// at most `⌈log2(count + 1)⌉` reads.
pub fn balance_at(
    snapshot: u32,
    count: u32,
    current: Balance,
    read: impl Fn(u32) -> Checkpoint,
) -> Balance {
    // Entries before `lo` are older than the snapshot; entries from `hi` on are not, and
    // `found` is entry `hi`'s balance once `hi < count`.
    let (mut lo, mut hi, mut found) = (0u32, count, current);
    while lo < hi {
        let mid = lo.saturating_add(hi.saturating_sub(lo) / 2);
        let c = read(mid);
        if c.epoch < snapshot {
            lo = mid.saturating_add(1);
        } else {
            hi = mid;
            found = c.balance;
        }
    }
    found
}

/// A holder after its balance changed, and the checkpoint to append first, if any (`(index,
/// checkpoint)`; the index is the holder's `marks - 1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moved {
    pub holder: Holder,
    pub checkpoint: Option<(u32, Checkpoint)>,
}

/// The contract-wide accounting: supply, distributions, the native currency held for others,
/// and the epoch (motions made).
///
/// The contract's native balance is `treasury + (paid_in - claimed) + held + pending`
/// ([`Register::obligations`]).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Register {
    /// Shares issued: the sum of every holder's balance.
    pub supply: Balance,
    /// The accumulator's unit: `1 / scale` of a currency unit ([`scale_for`] the initial
    /// supply).
    pub scale: Balance,
    /// Units paid per share so far, in `1 / scale` units.
    pub acc: Balance,
    /// What the last distribution could not share out, in `1 / scale` units (`< supply`).
    pub carry: Balance,
    /// Units distributed so far.
    pub paid_in: Balance,
    /// Units holders claimed so far.
    pub claimed: Balance,
    /// Deposits of failed motions, waiting for the next distribution.
    pub pending: Balance,
    /// Deposits of open motions.
    pub held: Balance,
    /// Native currency a passed motion can pay out ([`Action::Pay`]).
    pub treasury: Balance,
    /// Motions made so far (the next motion's id).
    pub epoch: u32,
}

/// What a proposer puts forward: the motion's text and action, and the deposit it sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub text: Vec<u8>,
    pub action: Action,
    pub deposit: Balance,
}

impl Register {
    /// The register of shares about to be issued, `supply` in all, to their founders (with
    /// [`Register::mint`]).
    ///
    /// # Errors
    /// `BadFounders` when the supply is 0 or its scale passes the balance type.
    pub fn new(supply: Balance) -> Result<Register, SharesError> {
        Ok(Register {
            scale: scale_for(supply).ok_or(SharesError::BadFounders)?,
            ..Register::default()
        })
    }

    /// The native currency the contract holds for others: treasury, unclaimed distributions
    /// (claimable and dust), deposits of open motions and pending deposits.
    pub fn obligations(&self) -> Option<Balance> {
        self.treasury
            .checked_add(self.paid_in.checked_sub(self.claimed)?)?
            .checked_add(self.held)?
            .checked_add(self.pending)
    }

    /// Distributed units not claimed yet: what holders can claim plus the dust.
    pub fn unclaimed(&self) -> Balance {
        self.paid_in.saturating_sub(self.claimed)
    }

    /// `h` with its share of every distribution so far credited.
    ///
    /// # Errors
    /// `Overflow` (past the accumulator's bound, or `seen` ahead of `acc`).
    pub fn settle(&self, h: Holder) -> Result<Holder, SharesError> {
        let delta = self.acc.checked_sub(h.seen).ok_or(SharesError::Overflow)?;
        if delta == 0 || h.balance == 0 {
            return Ok(Holder {
                seen: self.acc,
                ..h
            });
        }
        let scale = self.scale;
        let (mut q, r) = mul_div_rem(h.balance, delta, scale).ok_or(SharesError::Overflow)?;
        // r, h.rem < scale: the sum is below 2 * scale.
        let mut rem = r.checked_add(h.rem).ok_or(SharesError::Overflow)?;
        if rem >= scale {
            rem = rem.checked_sub(scale).ok_or(SharesError::Overflow)?;
            q = q.checked_add(1).ok_or(SharesError::Overflow)?;
        }
        let owed = h.owed.checked_add(q).ok_or(SharesError::Overflow)?;
        Ok(Holder {
            seen: self.acc,
            owed,
            rem,
            ..h
        })
    }

    /// `h` (settled) about to change balance: its checkpoint for the current epoch, unless
    /// it has one already or no motion was made yet.
    fn mark(&self, h: Holder) -> Result<Moved, SharesError> {
        let e = self.epoch;
        if e == 0 || (h.marks > 0 && h.marked >= e) {
            return Ok(Moved {
                holder: h,
                checkpoint: None,
            });
        }
        let index = h.marks;
        let marks = index.checked_add(1).ok_or(SharesError::Overflow)?;
        Ok(Moved {
            holder: Holder {
                marks,
                marked: e,
                ..h
            },
            checkpoint: Some((
                index,
                Checkpoint {
                    epoch: e,
                    balance: h.balance,
                },
            )),
        })
    }

    /// `amount` (plus any pending deposits) paid in, shared by the shares held now. Returns
    /// the units distributed.
    ///
    /// # Errors
    /// `ZeroAmount` (nothing to distribute), `Overflow` (past the accumulator's bound, or no
    /// shares issued).
    pub fn distribute(&mut self, amount: Balance) -> Result<Balance, SharesError> {
        let total = amount
            .checked_add(self.pending)
            .ok_or(SharesError::Overflow)?;
        ensure!(total > 0, SharesError::ZeroAmount);
        let (mut step, r) =
            mul_div_rem(total, self.scale, self.supply).ok_or(SharesError::Overflow)?;
        // r, carry < supply.
        let mut carry = r.checked_add(self.carry).ok_or(SharesError::Overflow)?;
        if carry >= self.supply {
            carry = carry
                .checked_sub(self.supply)
                .ok_or(SharesError::Overflow)?;
            step = step.checked_add(1).ok_or(SharesError::Overflow)?;
        }
        let acc = self.acc.checked_add(step).ok_or(SharesError::Overflow)?;
        let paid_in = self
            .paid_in
            .checked_add(total)
            .ok_or(SharesError::Overflow)?;
        self.acc = acc;
        self.carry = carry;
        self.paid_in = paid_in;
        self.pending = 0;
        Ok(total)
    }

    /// `amount` shares move from `from` to `to` (two different accounts). Both are settled
    /// first, so what the shares earned so far stays with the sender, and both are
    /// checkpointed.
    ///
    /// # Errors
    /// `ZeroAmount`, `InsufficientBalance`, `Overflow`.
    pub fn transfer(
        &self,
        from: Holder,
        to: Holder,
        amount: Balance,
    ) -> Result<(Moved, Moved), SharesError> {
        ensure!(amount > 0, SharesError::ZeroAmount);
        ensure!(amount <= from.balance, SharesError::InsufficientBalance);
        let mut f = self.mark(self.settle(from)?)?;
        let mut t = self.mark(self.settle(to)?)?;
        f.holder.balance = f
            .holder
            .balance
            .checked_sub(amount)
            .ok_or(SharesError::Overflow)?;
        t.holder.balance = t
            .holder
            .balance
            .checked_add(amount)
            .ok_or(SharesError::Overflow)?;
        Ok((f, t))
    }

    /// `amount` new shares issued to `h` (settled and checkpointed first).
    ///
    /// # Errors
    /// `ZeroAmount`, `Overflow`.
    pub fn mint(&mut self, h: Holder, amount: Balance) -> Result<Moved, SharesError> {
        ensure!(amount > 0, SharesError::ZeroAmount);
        let supply = self
            .supply
            .checked_add(amount)
            .ok_or(SharesError::Overflow)?;
        let mut m = self.mark(self.settle(h)?)?;
        m.holder.balance = m
            .holder
            .balance
            .checked_add(amount)
            .ok_or(SharesError::Overflow)?;
        self.supply = supply;
        Ok(m)
    }

    /// The holder takes everything credited to it: `(holder, units)`.
    ///
    /// # Errors
    /// `NothingToClaim`, `Overflow`.
    pub fn claim(&mut self, h: Holder) -> Result<(Holder, Balance), SharesError> {
        let h = self.settle(h)?;
        let amount = h.owed;
        ensure!(amount > 0, SharesError::NothingToClaim);
        let claimed = self
            .claimed
            .checked_add(amount)
            .ok_or(SharesError::Overflow)?;
        self.claimed = claimed;
        Ok((Holder { owed: 0, ..h }, amount))
    }

    /// What `h` could claim now, without changing anything (0 past the overflow bound).
    pub fn claimable(&self, h: Holder) -> Balance {
        self.settle(h).map(|h| h.owed).unwrap_or(0)
    }

    /// `amount` of native currency added to the treasury.
    ///
    /// # Errors
    /// `ZeroAmount`, `Overflow`.
    pub fn fund(&mut self, amount: Balance) -> Result<(), SharesError> {
        ensure!(amount > 0, SharesError::ZeroAmount);
        self.treasury = self
            .treasury
            .checked_add(amount)
            .ok_or(SharesError::Overflow)?;
        Ok(())
    }

    /// `amount` taken out of the treasury (to be paid out by the caller).
    ///
    /// # Errors
    /// `ZeroAmount`, `TreasuryShort`.
    pub fn pay(&mut self, amount: Balance) -> Result<(), SharesError> {
        ensure!(amount > 0, SharesError::ZeroAmount);
        self.treasury = self
            .treasury
            .checked_sub(amount)
            .ok_or(SharesError::TreasuryShort)?;
        Ok(())
    }

    /// A refund the chain refused to transfer: it goes to the next distribution instead.
    ///
    /// # Errors
    /// `Overflow`.
    pub fn forfeit(&mut self, amount: Balance) -> Result<(), SharesError> {
        self.pending = self
            .pending
            .checked_add(amount)
            .ok_or(SharesError::Overflow)?;
        Ok(())
    }

    /// `proposer` (holding `held` shares now) puts `p` forward at block `now`: returns the
    /// motion's id, the motion and its event. The epoch moves on (the motion's snapshot).
    ///
    /// # Errors
    /// `NoVotingPower` (the proposer holds no shares), `TextTooLong`, `WrongDeposit` (not
    /// exactly `rules.deposit`), `IssuanceForbidden`, `ZeroAmount` (an issue or payment of
    /// nothing), `Overflow`.
    pub fn propose(
        &mut self,
        proposer: AccountId,
        held: Balance,
        p: Proposal,
        rules: &Rules,
        issuance: Issuance,
        now: u32,
    ) -> Result<(u32, Motion, MotionMade), SharesError> {
        ensure!(held > 0, SharesError::NoVotingPower);
        ensure!(p.text.len() <= MAX_TEXT as usize, SharesError::TextTooLong);
        ensure!(p.deposit == rules.deposit, SharesError::WrongDeposit);
        match p.action {
            Action::Issue { amount, .. } => {
                ensure!(
                    issuance == Issuance::ByMotion,
                    SharesError::IssuanceForbidden
                );
                ensure!(amount > 0, SharesError::ZeroAmount);
            }
            Action::Pay { amount, .. } => ensure!(amount > 0, SharesError::ZeroAmount),
            Action::None | Action::SetDeposit(_) => {}
        }
        let ends = now
            .checked_add(rules.voting_period)
            .ok_or(SharesError::Overflow)?;
        let id = self.epoch;
        let epoch = id.checked_add(1).ok_or(SharesError::Overflow)?;
        let held_now = self
            .held
            .checked_add(p.deposit)
            .ok_or(SharesError::Overflow)?;
        self.epoch = epoch;
        self.held = held_now;
        let event = MotionMade {
            id,
            proposer,
            action: p.action,
            ends,
        };
        Ok((
            id,
            Motion {
                proposer,
                text: p.text,
                action: p.action,
                epoch,
                supply: self.supply,
                ends,
                deposit: p.deposit,
                yes: 0,
                no: 0,
                state: MotionState::Open,
            },
            event,
        ))
    }

    /// Finishes `m` (motion `id`) at block `now` by `rules`: Passed or Failed by its tally;
    /// returns the deposit to refund to the proposer (0 when it goes to the next
    /// distribution) and the event. `m` and the register change only on success.
    ///
    /// # Errors
    /// `AlreadyExecuted` (finished already), `VotingOpen` (not after `ends`), `Overflow`.
    pub fn finish(
        &mut self,
        id: u32,
        m: &mut Motion,
        rules: &Rules,
        now: u32,
    ) -> Result<(Balance, MotionFinished), SharesError> {
        ensure!(m.state == MotionState::Open, SharesError::AlreadyExecuted);
        ensure!(now > m.ends, SharesError::VotingOpen);
        let cast = m.yes.checked_add(m.no).ok_or(SharesError::Overflow)?;
        let quorum = cast >= bps_of(m.supply, rules.quorum_bps)?;
        // yes * BPS >= pass_bps * cast, in whole shares: yes >= ⌈pass_bps * cast / BPS⌉.
        let passes = quorum && m.yes > 0 && m.yes >= bps_of(cast, rules.pass_bps)?;
        let held = self
            .held
            .checked_sub(m.deposit)
            .ok_or(SharesError::Overflow)?;
        let (refund, pending) = if quorum {
            (m.deposit, self.pending)
        } else {
            let pending = self
                .pending
                .checked_add(m.deposit)
                .ok_or(SharesError::Overflow)?;
            (0, pending)
        };
        self.held = held;
        self.pending = pending;
        m.state = if passes {
            MotionState::Passed
        } else {
            MotionState::Failed
        };
        Ok((
            refund,
            MotionFinished {
                id,
                state: m.state,
                yes: m.yes,
                no: m.no,
                refunded: refund,
            },
        ))
    }
}

/// `⌈value * bps / BPS⌉`, exactly.
fn bps_of(value: Balance, bps: u16) -> Result<Balance, SharesError> {
    let (q, r) =
        mul_div_rem(value, Balance::from(bps), Balance::from(BPS)).ok_or(SharesError::Overflow)?;
    if r > 0 {
        q.checked_add(1).ok_or(SharesError::Overflow)
    } else {
        Ok(q)
    }
}

impl Motion {
    /// `voter` (not voted yet: `already` false) votes `yes` or no with `weight`, its balance
    /// at the motion's snapshot, at block `now`. The motion changes only on success.
    ///
    /// # Errors
    /// `VotingClosed` (finished, or past `ends`), `AlreadyVoted`, `NoVotingPower` (held
    /// nothing when the motion was made), `Overflow`.
    pub fn vote(
        &mut self,
        id: u32,
        voter: AccountId,
        weight: Balance,
        yes: bool,
        already: bool,
        now: u32,
    ) -> Result<Voted, SharesError> {
        ensure!(
            self.state == MotionState::Open && now <= self.ends,
            SharesError::VotingClosed
        );
        ensure!(!already, SharesError::AlreadyVoted);
        ensure!(weight > 0, SharesError::NoVotingPower);
        let side = if yes { self.yes } else { self.no };
        let side = side.checked_add(weight).ok_or(SharesError::Overflow)?;
        if yes {
            self.yes = side;
        } else {
            self.no = side;
        }
        Ok(Voted {
            id,
            voter,
            yes,
            weight,
        })
    }

    /// Marks motion `id` executed, in a contract created with `issuance`; the caller then
    /// carries out [`Motion::action`] (and keeps the change only if that succeeds too).
    ///
    /// # Errors
    /// `AlreadyExecuted`, `NotPassed` (open or failed), `NoAction` (a recorded decision
    /// only), `IssuanceForbidden`.
    pub fn execute(&mut self, id: u32, issuance: Issuance) -> Result<MotionExecuted, SharesError> {
        ensure!(
            self.state != MotionState::Executed,
            SharesError::AlreadyExecuted
        );
        ensure!(self.state == MotionState::Passed, SharesError::NotPassed);
        match self.action {
            Action::None => return Err(SharesError::NoAction),
            Action::Issue { .. } => {
                ensure!(
                    issuance == Issuance::ByMotion,
                    SharesError::IssuanceForbidden
                )
            }
            Action::SetDeposit(_) | Action::Pay { .. } => {}
        }
        self.state = MotionState::Executed;
        Ok(MotionExecuted {
            id,
            action: self.action,
        })
    }
}

/// Checks a founders list (non-empty; the contract puts the creator there when none is
/// given) and returns the supply it issues.
///
/// # Errors
/// `BadFounders`: empty, more than [`MAX_FOUNDERS`], a zero amount, an account twice, or a
/// total past the balance type.
pub fn check_founders(founders: &[(AccountId, Balance)]) -> Result<Balance, SharesError> {
    ensure!(
        !founders.is_empty() && founders.len() <= MAX_FOUNDERS as usize,
        SharesError::BadFounders
    );
    let mut total: Balance = 0;
    for (i, (who, amount)) in founders.iter().enumerate() {
        ensure!(*amount > 0, SharesError::BadFounders);
        ensure!(
            !founders.iter().take(i).any(|(other, _)| other == who),
            SharesError::BadFounders
        );
        total = total.checked_add(*amount).ok_or(SharesError::BadFounders)?;
    }
    Ok(total)
}

/// A shares contract's summary for clients.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct SharesStatus {
    pub name: String,
    pub symbol: String,
    /// Shares issued.
    pub supply: Balance,
    pub issuance: Issuance,
    pub rules: Rules,
    /// Native currency passed motions can pay out.
    pub treasury: Balance,
    /// Units distributed so far (pending deposits included once distributed).
    pub distributed: Balance,
    /// Units holders claimed so far.
    pub claimed: Balance,
    /// What the last distribution could not share out, in `1 / scale` units (`scale` is
    /// [`scale_for`] the supply at creation): it goes into
    /// the next one.
    pub carry: Balance,
    /// Deposits of failed motions, waiting for the next distribution.
    pub pending: Balance,
    /// Deposits of open motions.
    pub deposits: Balance,
    /// Motions made so far (ids `0..motions`).
    pub motions: u32,
}

/// Why a shares message failed. Every failing message leaves the contract unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum SharesError {
    /// An amount of zero was given (or sent) where a positive amount is required.
    ZeroAmount,
    /// An amount would overflow the balance type (or the accumulator passed its bound).
    Overflow,
    /// The account holds fewer shares than the amount.
    InsufficientBalance,
    /// Nothing to claim.
    NothingToClaim,
    /// No motion has this id.
    UnknownMotion,
    /// The caller voted on this motion already.
    AlreadyVoted,
    /// The caller held no shares when the motion was made (or, proposing, holds none now).
    NoVotingPower,
    /// The motion's voting period is over (or it was finished).
    VotingClosed,
    /// The motion's voting period is not over yet.
    VotingOpen,
    /// The motion did not pass (it is open or failed).
    NotPassed,
    /// The motion was finished already, or its action executed already.
    AlreadyExecuted,
    /// The motion passed but carries no action to execute.
    NoAction,
    /// New shares can never be issued in this contract.
    IssuanceForbidden,
    /// The rules do not decide motions (see [`Rules::check`]).
    BadRules,
    /// The motion's text is longer than [`MAX_TEXT`] bytes.
    TextTooLong,
    /// The native currency sent is not exactly the motion deposit.
    WrongDeposit,
    /// The treasury holds less than the payment.
    TreasuryShort,
    /// The chain refused a native currency transfer.
    TransferFailed,
    /// The founders list is bad (see [`check_founders`]).
    BadFounders,
}

impl SharesError {
    /// The variant's name, as a PSP22 `Custom` error carries it. Distinct for every variant.
    pub fn name(self) -> &'static str {
        match self {
            SharesError::ZeroAmount => "ZeroAmount",
            SharesError::Overflow => "Overflow",
            SharesError::InsufficientBalance => "InsufficientBalance",
            SharesError::NothingToClaim => "NothingToClaim",
            SharesError::UnknownMotion => "UnknownMotion",
            SharesError::AlreadyVoted => "AlreadyVoted",
            SharesError::NoVotingPower => "NoVotingPower",
            SharesError::VotingClosed => "VotingClosed",
            SharesError::VotingOpen => "VotingOpen",
            SharesError::NotPassed => "NotPassed",
            SharesError::AlreadyExecuted => "AlreadyExecuted",
            SharesError::NoAction => "NoAction",
            SharesError::IssuanceForbidden => "IssuanceForbidden",
            SharesError::BadRules => "BadRules",
            SharesError::TextTooLong => "TextTooLong",
            SharesError::WrongDeposit => "WrongDeposit",
            SharesError::TreasuryShort => "TreasuryShort",
            SharesError::TransferFailed => "TransferFailed",
            SharesError::BadFounders => "BadFounders",
        }
    }
}

impl From<SharesError> for PSP22Error {
    /// `InsufficientBalance` stays PSP22's own; every other failure of a share transfer
    /// (`Overflow` in practice) becomes `Custom` with the variant's [`SharesError::name`].
    fn from(e: SharesError) -> Self {
        match e {
            SharesError::InsufficientBalance => PSP22Error::InsufficientBalance,
            other => PSP22Error::Custom(String::from(other.name())),
        }
    }
}

/// Shares: PSP22 tokens with pro-rata distributions and motions voted by holders.
///
/// The constructor (`new(name, symbol, founders, issuance, rules)`) issues the supply to the
/// founders (or [`DEFAULT_SUPPLY`] to the creator); see `contracts/shares`. The shares
/// themselves move by the [`PSP22`](crate::PSP22) messages.
#[ink::trait_definition]
pub trait Shares {
    /// Shares the native currency sent (plus the deposits of failed motions pending) among
    /// the shares held now; returns the units distributed. Anyone may distribute.
    ///
    /// # Errors
    /// `ZeroAmount` (nothing sent and nothing pending), `Overflow`.
    #[ink(message, payable)]
    fn distribute(&mut self) -> Result<Balance, SharesError>;

    /// Pays the caller everything its shares earned from distributions; returns the amount.
    ///
    /// # Errors
    /// `NothingToClaim`, `TransferFailed`, `Overflow`.
    #[ink(message)]
    fn claim(&mut self) -> Result<Balance, SharesError>;

    /// Anyone pays `holder` (to its own account) everything its shares earned; returns the
    /// amount. This is how a contract that cannot call `claim` itself receives its part: a
    /// group pool's trust bank holding shares takes distributions into its reserve, which the
    /// pool's settle-up then shares among the members.
    ///
    /// # Errors
    /// `NothingToClaim`, `TransferFailed`, `Overflow`.
    #[ink(message)]
    fn claim_for(&mut self, holder: AccountId) -> Result<Balance, SharesError>;

    /// What `who` could claim now.
    #[ink(message)]
    fn claimable(&self, who: AccountId) -> Balance;

    /// Puts a motion forward, with exactly the current deposit sent; returns its id. The
    /// caller must hold shares.
    ///
    /// # Errors
    /// `NoVotingPower`, `TextTooLong`, `WrongDeposit`, `IssuanceForbidden`, `ZeroAmount`,
    /// `Overflow`.
    #[ink(message, payable)]
    fn propose(&mut self, text: Vec<u8>, action: Action) -> Result<u32, SharesError>;

    /// Votes on motion `id` with the shares the caller held when it was made.
    ///
    /// # Errors
    /// `UnknownMotion`, `VotingClosed`, `AlreadyVoted`, `NoVotingPower`, `Overflow`.
    #[ink(message)]
    fn vote(&mut self, id: u32, yes: bool) -> Result<(), SharesError>;

    /// After its last block, anyone finishes motion `id`: it passes or fails by its tally,
    /// and its deposit returns to the proposer (quorum reached) or goes to the next
    /// distribution. Returns the new state. (A refund the chain refuses to transfer goes to
    /// the next distribution too.)
    ///
    /// # Errors
    /// `UnknownMotion`, `AlreadyExecuted` (finished already), `VotingOpen`, `Overflow`.
    #[ink(message)]
    fn finish(&mut self, id: u32) -> Result<MotionState, SharesError>;

    /// Anyone executes the action of passed motion `id`, once.
    ///
    /// # Errors
    /// `UnknownMotion`, `AlreadyExecuted`, `NotPassed`, `NoAction`, `IssuanceForbidden`,
    /// `TreasuryShort`, `TransferFailed`, `Overflow`.
    #[ink(message)]
    fn execute(&mut self, id: u32) -> Result<(), SharesError>;

    /// Adds the native currency sent to the treasury. Anyone may fund it.
    ///
    /// # Errors
    /// `ZeroAmount`, `Overflow`.
    #[ink(message, payable)]
    fn fund_treasury(&mut self) -> Result<(), SharesError>;

    /// Motion `id` with its tally, if it exists.
    #[ink(message)]
    fn motion(&self, id: u32) -> Option<Motion>;

    /// The shares `who` votes with on motion `id` (its balance when the motion was made).
    ///
    /// # Errors
    /// `UnknownMotion`.
    #[ink(message)]
    fn voting_power(&self, id: u32, who: AccountId) -> Result<Balance, SharesError>;

    /// How `who` voted on motion `id` (`Some(true)`: yes), if it did.
    #[ink(message)]
    fn voted(&self, id: u32, who: AccountId) -> Option<bool>;

    /// Supply, rules, treasury, distribution totals and the number of motions.
    #[ink(message)]
    fn status(&self) -> SharesStatus;
}

/// `by` paid `amount` units into a distribution (pending deposits included); `paid_in` in all.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Distributed {
    #[ink(topic)]
    pub by: AccountId,
    pub amount: Balance,
    pub paid_in: Balance,
}

/// `holder` claimed `amount` units of distributions. (Not `Claimed`: every contract's
/// metadata lists the events of this crate by name, and the loan's `Claimed` has that one.)
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistributionClaimed {
    #[ink(topic)]
    pub holder: AccountId,
    pub amount: Balance,
}

/// `proposer` put motion `id` forward, open for votes until block `ends`.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MotionMade {
    pub id: u32,
    #[ink(topic)]
    pub proposer: AccountId,
    pub action: Action,
    pub ends: u32,
}

/// `voter` voted `weight` shares on motion `id`.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Voted {
    pub id: u32,
    #[ink(topic)]
    pub voter: AccountId,
    pub yes: bool,
    pub weight: Balance,
}

/// Motion `id` was finished: passed or failed with this tally; `refunded` went back to the
/// proposer (0: the deposit went to the next distribution).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MotionFinished {
    pub id: u32,
    pub state: MotionState,
    pub yes: Balance,
    pub no: Balance,
    pub refunded: Balance,
}

/// The action of motion `id` was executed.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MotionExecuted {
    pub id: u32,
    pub action: Action,
}

/// `by` added `amount` to the treasury.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreasuryFunded {
    #[ink(topic)]
    pub by: AccountId,
    pub amount: Balance,
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)] // test oracles
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::{BTreeMap, BTreeSet};

    fn who(i: usize) -> AccountId {
        AccountId::from([i as u8 + 1; 32])
    }

    fn index(a: AccountId) -> usize {
        let bytes: &[u8] = a.as_ref();
        usize::from(bytes[0]) - 1
    }

    const RULES: Rules = Rules {
        voting_period: 5,
        quorum_bps: 5_000,
        pass_bps: 5_001,
        deposit: 10,
    };

    /// The contract's storage as plain collections, and its glue in miniature: read the
    /// holder, call the register, write back (checkpoints appended at the index given).
    #[derive(Debug, Clone, PartialEq, Eq)]
    struct Chain {
        reg: Register,
        rules: Rules,
        issuance: Issuance,
        holders: Vec<Holder>,
        marks: Vec<Vec<Checkpoint>>,
        motions: Vec<Motion>,
        votes: BTreeMap<(u32, usize), bool>,
        now: u32,
        /// The contract's native balance.
        native: Balance,
    }

    impl Chain {
        fn new(balances: &[Balance], rules: Rules, issuance: Issuance) -> Self {
            let mut c = Chain {
                reg: Register::new(balances.iter().sum()).expect("a supply"),
                rules,
                issuance,
                holders: vec![Holder::default(); balances.len()],
                marks: vec![Vec::new(); balances.len()],
                motions: Vec::new(),
                votes: BTreeMap::new(),
                now: 1,
                native: 0,
            };
            for (i, b) in balances.iter().enumerate() {
                if *b > 0 {
                    c.mint(i, *b).unwrap();
                }
            }
            c
        }

        fn store(&mut self, i: usize, m: Moved) {
            if let Some((k, cp)) = m.checkpoint {
                assert_eq!(k as usize, self.marks[i].len(), "appended in order");
                self.marks[i].push(cp);
            }
            assert_eq!(m.holder.marks as usize, self.marks[i].len());
            self.holders[i] = m.holder;
        }

        fn weight(&self, i: usize, snapshot: u32) -> Balance {
            self.holders[i].balance_at(snapshot, |k| self.marks[i][k as usize])
        }

        fn claimable(&self, i: usize) -> Balance {
            self.reg.claimable(self.holders[i])
        }

        fn transfer(&mut self, a: usize, b: usize, n: Balance) -> Result<(), SharesError> {
            let (f, t) = self.reg.transfer(self.holders[a], self.holders[b], n)?;
            self.store(a, f);
            self.store(b, t);
            Ok(())
        }

        fn mint(&mut self, a: usize, n: Balance) -> Result<(), SharesError> {
            let m = self.reg.mint(self.holders[a], n)?;
            self.store(a, m);
            Ok(())
        }

        fn distribute(&mut self, n: Balance) -> Result<Balance, SharesError> {
            let total = self.reg.distribute(n)?;
            self.native += n;
            Ok(total)
        }

        fn claim(&mut self, a: usize) -> Result<Balance, SharesError> {
            let (h, amount) = self.reg.claim(self.holders[a])?;
            self.holders[a] = h;
            self.native -= amount;
            Ok(amount)
        }

        fn fund(&mut self, n: Balance) -> Result<(), SharesError> {
            self.reg.fund(n)?;
            self.native += n;
            Ok(())
        }

        fn propose(
            &mut self,
            a: usize,
            action: Action,
            deposit: Balance,
        ) -> Result<u32, SharesError> {
            let p = Proposal {
                text: b"sell the flat".to_vec(),
                action,
                deposit,
            };
            let held = self.holders[a].balance;
            let (id, m, made) =
                self.reg
                    .propose(who(a), held, p, &self.rules, self.issuance, self.now)?;
            assert_eq!(id as usize, self.motions.len());
            assert_eq!((made.id, made.proposer, made.ends), (id, who(a), m.ends));
            self.motions.push(m);
            self.native += deposit;
            Ok(id)
        }

        fn vote(&mut self, a: usize, id: u32, yes: bool) -> Result<Balance, SharesError> {
            let mut m = self
                .motions
                .get(id as usize)
                .cloned()
                .ok_or(SharesError::UnknownMotion)?;
            let already = self.votes.contains_key(&(id, a));
            let weight = self.weight(a, m.epoch);
            let ev = m.vote(id, who(a), weight, yes, already, self.now)?;
            assert_eq!((ev.voter, ev.weight, ev.yes), (who(a), weight, yes));
            self.votes.insert((id, a), yes);
            self.motions[id as usize] = m;
            Ok(weight)
        }

        fn finish(&mut self, id: u32) -> Result<MotionState, SharesError> {
            let mut m = self
                .motions
                .get(id as usize)
                .cloned()
                .ok_or(SharesError::UnknownMotion)?;
            let mut reg = self.reg;
            let (refund, ev) = reg.finish(id, &mut m, &self.rules, self.now)?;
            assert_eq!((ev.state, ev.refunded), (m.state, refund));
            self.reg = reg;
            self.native -= refund;
            self.motions[id as usize] = m;
            Ok(self.motions[id as usize].state)
        }

        /// As the contract's `execute`: every check, then every write.
        fn execute(&mut self, id: u32) -> Result<(), SharesError> {
            let mut m = self
                .motions
                .get(id as usize)
                .cloned()
                .ok_or(SharesError::UnknownMotion)?;
            m.execute(id, self.issuance)?;
            let (mut reg, mut rules, mut paid) = (self.reg, self.rules, 0);
            let mut minted = None;
            match m.action {
                Action::Issue { to, amount } => {
                    let i = index(to);
                    minted = Some((i, reg.mint(self.holders[i], amount)?));
                }
                Action::SetDeposit(d) => rules.deposit = d,
                Action::Pay { amount, .. } => {
                    reg.pay(amount)?;
                    paid = amount;
                }
                Action::None => unreachable!("execute refuses it"),
            }
            if let Some((i, moved)) = minted {
                self.store(i, moved);
            }
            self.reg = reg;
            self.rules = rules;
            self.native -= paid;
            self.motions[id as usize] = m;
            Ok(())
        }

        fn advance(&mut self, blocks: u32) {
            self.now += blocks;
        }
    }

    #[test]
    fn thirds_of_a_distribution_carry_into_the_next() {
        let mut c = Chain::new(&[1, 1, 1], RULES, Issuance::Never);
        assert_eq!(c.distribute(10), Ok(10));
        assert_eq!(
            c.reg.carry, 0,
            "the scale is a multiple of the supply: a distribution divides exactly"
        );
        for i in 0..3 {
            assert_eq!(c.claim(i), Ok(3));
        }
        assert_eq!(
            c.reg.unclaimed(),
            1,
            "one unit of dust: thirds owed and the carry"
        );
        c.distribute(2).unwrap();
        assert_eq!(c.reg.carry, 0);
        for i in 0..3 {
            assert_eq!(c.claim(i), Ok(1), "the thirds became a unit");
        }
        assert_eq!(c.reg.claimed, c.reg.paid_in);
        assert_eq!(c.native, 0);
    }

    #[test]
    fn what_shares_earned_stays_with_the_seller() {
        let mut c = Chain::new(&[60, 40], RULES, Issuance::Never);
        c.distribute(100).unwrap();
        c.transfer(0, 1, 60).unwrap();
        c.distribute(50).unwrap();
        assert_eq!((c.claimable(0), c.claimable(1)), (60, 90));
        assert_eq!(c.transfer(0, 1, 1), Err(SharesError::InsufficientBalance));
        assert_eq!(c.transfer(1, 0, 0), Err(SharesError::ZeroAmount));
    }

    #[test]
    fn claiming_twice_is_refused() {
        let mut c = Chain::new(&[1, 2], RULES, Issuance::Never);
        assert_eq!(c.claim(0), Err(SharesError::NothingToClaim));
        c.distribute(30).unwrap();
        assert_eq!(c.claim(1), Ok(20));
        let before = c.clone();
        assert_eq!(c.claim(1), Err(SharesError::NothingToClaim));
        assert_eq!(c, before);
        assert_eq!(c.claim(0), Ok(10));
    }

    #[test]
    fn voting_twice_is_refused() {
        let mut c = Chain::new(&[30, 70], RULES, Issuance::Never);
        let id = c.propose(0, Action::None, 10).unwrap();
        assert_eq!(c.vote(0, id, true), Ok(30));
        let before = c.clone();
        assert_eq!(c.vote(0, id, false), Err(SharesError::AlreadyVoted));
        assert_eq!(c, before);
        // Moving the shares to someone who voted, or who held nothing, adds no votes.
        c.vote(1, id, false).unwrap();
        c.transfer(0, 1, 30).unwrap();
        assert_eq!(c.vote(1, id, true), Err(SharesError::AlreadyVoted));
        assert_eq!((c.motions[0].yes, c.motions[0].no), (30, 70));
    }

    #[test]
    fn shares_acquired_after_the_motion_do_not_vote() {
        let mut c = Chain::new(&[50, 50, 0], RULES, Issuance::ByMotion);
        let id = c.propose(0, Action::None, 10).unwrap();
        c.transfer(0, 2, 20).unwrap();
        c.mint(2, 5).unwrap();
        assert_eq!(c.weight(2, c.motions[0].epoch), 0);
        let before = c.clone();
        assert_eq!(c.vote(2, id, true), Err(SharesError::NoVotingPower));
        assert_eq!(c, before);
        // The sender still votes everything it held when the motion was made.
        assert_eq!(c.vote(0, id, true), Ok(50));
        // A later motion sees the new balances.
        let later = c.propose(2, Action::None, 10).unwrap();
        assert_eq!(c.vote(2, later, true), Ok(25));
        assert_eq!(c.vote(0, later, true), Ok(30));
    }

    #[test]
    fn voting_after_the_period_is_refused() {
        let mut c = Chain::new(&[50, 50], RULES, Issuance::Never);
        let id = c.propose(0, Action::None, 10).unwrap();
        c.advance(RULES.voting_period);
        assert_eq!(c.vote(0, id, true), Ok(50), "the last block still counts");
        c.advance(1);
        let before = c.clone();
        assert_eq!(c.vote(1, id, true), Err(SharesError::VotingClosed));
        assert_eq!(c, before);
        assert_eq!(c.vote(1, 7, true), Err(SharesError::UnknownMotion));
    }

    #[test]
    fn finishing_twice_is_refused() {
        let mut c = Chain::new(&[50, 50], RULES, Issuance::Never);
        let id = c.propose(0, Action::SetDeposit(3), 10).unwrap();
        c.vote(0, id, true).unwrap();
        assert_eq!(c.finish(id), Err(SharesError::VotingOpen));
        assert_eq!(c.execute(id), Err(SharesError::NotPassed));
        c.advance(RULES.voting_period + 1);
        assert_eq!(c.finish(id), Ok(MotionState::Passed));
        let before = c.clone();
        assert_eq!(c.finish(id), Err(SharesError::AlreadyExecuted));
        assert_eq!(c.vote(1, id, false), Err(SharesError::VotingClosed));
        assert_eq!(c, before);
        c.execute(id).unwrap();
        assert_eq!(c.rules.deposit, 3);
        assert_eq!(c.execute(id), Err(SharesError::AlreadyExecuted));
        assert_eq!(c.finish(id), Err(SharesError::AlreadyExecuted));
        assert_eq!(c.native, 0, "the deposit went back");
    }

    #[test]
    fn checkpoint_search_at_boundaries() {
        let cps = [
            Checkpoint {
                epoch: 2,
                balance: 20,
            },
            Checkpoint {
                epoch: 5,
                balance: 50,
            },
            Checkpoint {
                epoch: 6,
                balance: 60,
            },
        ];
        let reads = std::cell::Cell::new(0);
        let read = |i: u32| {
            reads.set(reads.get() + 1);
            cps[i as usize]
        };
        let at = |s| balance_at(s, 3, 99, read);
        // Before, at and between checkpoints; exactly on each epoch; after the last.
        let want = [
            (0, 20),
            (1, 20),
            (2, 20),
            (3, 50),
            (5, 50),
            (6, 60),
            (7, 99),
        ];
        for (s, b) in want {
            reads.set(0);
            assert_eq!(at(s), b, "snapshot {s}");
            assert!(reads.get() <= 2, "log2(3 + 1) reads");
        }
        assert_eq!(balance_at(1, 0, 7, |_| unreachable!()), 7, "no checkpoints");
        let one = |i: u32| cps[i as usize];
        assert_eq!(balance_at(2, 1, 7, one), 20);
        assert_eq!(balance_at(3, 1, 7, one), 7);
        // The holder's fast path reads nothing once its last checkpoint is older.
        let h = Holder {
            balance: 99,
            marks: 3,
            marked: 6,
            ..Holder::default()
        };
        assert_eq!(h.balance_at(7, |_| unreachable!()), 99);
        assert_eq!(h.balance_at(6, one), 60);
        // A balance that changes many times in one epoch is recorded once, before the first.
        let mut c = Chain::new(&[10, 10], RULES, Issuance::Never);
        c.transfer(0, 1, 1).unwrap(); // epoch 0: nothing recorded
        assert!(c.marks[0].is_empty());
        c.propose(0, Action::None, 10).unwrap();
        c.transfer(0, 1, 1).unwrap();
        c.transfer(0, 1, 1).unwrap();
        c.propose(0, Action::None, 10).unwrap();
        c.propose(0, Action::None, 10).unwrap();
        c.transfer(1, 0, 5).unwrap();
        let e = |cp: &[Checkpoint]| cp.iter().map(|c| (c.epoch, c.balance)).collect::<Vec<_>>();
        assert_eq!(e(&c.marks[0]), vec![(1, 9), (3, 7)]);
        assert_eq!(e(&c.marks[1]), vec![(1, 11), (3, 13)]);
        let w = |c: &Chain, i, m: usize| c.weight(i, c.motions[m].epoch);
        assert_eq!((w(&c, 0, 0), w(&c, 0, 1), w(&c, 0, 2)), (9, 7, 7));
        assert_eq!((w(&c, 1, 0), w(&c, 1, 1), w(&c, 1, 2)), (11, 13, 13));
    }

    #[test]
    fn quorum_and_pass_rules_round_up() {
        // Supply 3, quorum 50%: 1.5 shares round up to 2 votes cast.
        let rules = Rules {
            quorum_bps: 5_000,
            pass_bps: 5_001,
            deposit: 0,
            ..RULES
        };
        let run = |votes: &[(usize, bool)], rules: Rules| {
            let mut c = Chain::new(&[1, 1, 1], rules, Issuance::Never);
            let id = c.propose(0, Action::None, 0).unwrap();
            for (a, yes) in votes {
                c.vote(*a, id, *yes).unwrap();
            }
            c.advance(RULES.voting_period + 1);
            c.finish(id).unwrap()
        };
        assert_eq!(run(&[(0, true)], rules), MotionState::Failed, "no quorum");
        assert_eq!(run(&[(0, true), (1, true)], rules), MotionState::Passed);
        assert_eq!(run(&[(0, true), (1, false)], rules), MotionState::Failed);
        let half = Rules {
            pass_bps: 5_000,
            ..rules
        };
        assert_eq!(run(&[(0, true), (1, false)], half), MotionState::Passed);
        let none = Rules {
            quorum_bps: 0,
            ..rules
        };
        assert_eq!(run(&[], none), MotionState::Failed, "no yes vote: fails");
        assert_eq!(run(&[(2, true)], none), MotionState::Passed);
    }

    #[test]
    fn a_failed_deposit_goes_to_the_next_distribution() {
        let mut c = Chain::new(&[60, 40], RULES, Issuance::Never);
        // Quorum reached, rejected: the deposit returns.
        let rejected = c.propose(0, Action::None, 10).unwrap();
        c.vote(1, rejected, false).unwrap();
        c.vote(0, rejected, true).unwrap();
        // Quorum missed (40 of the 50 needed): the deposit goes to the holders.
        let missed = c.propose(0, Action::None, 10).unwrap();
        c.vote(1, missed, true).unwrap();
        c.advance(RULES.voting_period + 1);
        assert_eq!(c.finish(rejected), Ok(MotionState::Passed));
        assert_eq!(c.native, 10);
        assert_eq!(c.finish(missed), Ok(MotionState::Failed));
        assert_eq!((c.reg.pending, c.reg.held, c.native), (10, 0, 10));
        // A distribution of nothing pays what is pending.
        assert_eq!(c.distribute(0), Ok(10));
        assert_eq!((c.claimable(0), c.claimable(1)), (6, 4));
        assert_eq!(c.distribute(0), Err(SharesError::ZeroAmount));
        assert_eq!(c.reg.obligations(), Some(c.native));
    }

    #[test]
    fn motions_refuse_what_they_cannot_do() {
        let mut c = Chain::new(&[50, 50, 0], RULES, Issuance::Never);
        let issue = Action::Issue {
            to: who(2),
            amount: 5,
        };
        let before = c.clone();
        assert_eq!(c.propose(0, issue, 10), Err(SharesError::IssuanceForbidden));
        assert_eq!(
            c.propose(0, Action::None, 9),
            Err(SharesError::WrongDeposit)
        );
        assert_eq!(
            c.propose(2, Action::None, 10),
            Err(SharesError::NoVotingPower)
        );
        let pay0 = Action::Pay {
            to: who(2),
            amount: 0,
        };
        assert_eq!(c.propose(0, pay0, 10), Err(SharesError::ZeroAmount));
        let long = Proposal {
            text: vec![b'x'; MAX_TEXT as usize + 1],
            action: Action::None,
            deposit: 10,
        };
        assert_eq!(
            c.reg.propose(who(0), 50, long, &c.rules, c.issuance, c.now),
            Err(SharesError::TextTooLong)
        );
        assert_eq!(c, before);
        // A recorded decision passes but has nothing to execute; a payment needs the treasury.
        let decision = c.propose(0, Action::None, 10).unwrap();
        let pay = Action::Pay {
            to: who(2),
            amount: 30,
        };
        let payment = c.propose(0, pay, 10).unwrap();
        for id in [decision, payment] {
            c.vote(0, id, true).unwrap();
        }
        c.advance(RULES.voting_period + 1);
        c.finish(decision).unwrap();
        c.finish(payment).unwrap();
        assert_eq!(c.execute(decision), Err(SharesError::NoAction));
        c.fund(29).unwrap();
        let before = c.clone();
        assert_eq!(c.execute(payment), Err(SharesError::TreasuryShort));
        assert_eq!(c, before);
        c.fund(1).unwrap();
        c.execute(payment).unwrap();
        assert_eq!((c.reg.treasury, c.native), (0, 0));
        assert_eq!(c.execute(9), Err(SharesError::UnknownMotion));
        // Shares issued by motion.
        let mut c = Chain::new(&[50, 50, 0], RULES, Issuance::ByMotion);
        let id = c.propose(0, issue, 10).unwrap();
        c.vote(0, id, true).unwrap();
        c.advance(RULES.voting_period + 1);
        c.finish(id).unwrap();
        c.execute(id).unwrap();
        assert_eq!((c.holders[2].balance, c.reg.supply), (5, 105));
    }

    #[test]
    fn rules_and_founders_are_checked() {
        assert_eq!(RULES.check(), Ok(()));
        let bad = [
            Rules {
                voting_period: 0,
                ..RULES
            },
            Rules {
                quorum_bps: 10_001,
                ..RULES
            },
            Rules {
                pass_bps: 0,
                ..RULES
            },
            Rules {
                pass_bps: 10_001,
                ..RULES
            },
        ];
        for r in bad {
            assert_eq!(r.check(), Err(SharesError::BadRules));
        }
        assert_eq!(check_founders(&[(who(0), 5), (who(1), 7)]), Ok(12));
        let too_many: Vec<_> = (0..=MAX_FOUNDERS as usize).map(|i| (who(i), 1)).collect();
        for f in [
            &[][..],
            &[(who(0), 0)][..],
            &[(who(0), 1), (who(1), 2), (who(0), 3)][..],
            &[(who(0), Balance::MAX), (who(1), 1)][..],
            &too_many[..],
        ] {
            assert_eq!(check_founders(f), Err(SharesError::BadFounders));
        }
    }

    #[test]
    fn distributions_stay_exact_at_eighteen_decimal_amounts() {
        // 10^8 coins of an 18-decimal currency: amount * scale passes u128::MAX.
        let unit: Balance = 1_000_000_000_000_000_000;
        let mut c = Chain::new(&[1, 2], RULES, Issuance::Never);
        c.distribute(300_000_000 * unit).unwrap();
        assert_eq!(c.claimable(0), 100_000_000 * unit);
        assert_eq!(c.claimable(1), 200_000_000 * unit);
        // ...and with shares of the same size.
        let mut c = Chain::new(&[unit, 2 * unit], RULES, Issuance::Never);
        c.distribute(3 * unit + 2).unwrap();
        assert_eq!(
            (c.claimable(0), c.claimable(1)),
            (unit, 2 * unit + 1),
            "exact parts, rounded down: 1/3 and 2/3 of the 2 units"
        );
        assert_eq!(c.reg.carry, 0);
        assert_eq!(c.distribute(Balance::MAX), Err(SharesError::Overflow));
    }

    #[test]
    fn every_shares_error_reads_distinctly_as_a_psp22_error() {
        use SharesError::*;
        let all = [
            ZeroAmount,
            Overflow,
            InsufficientBalance,
            NothingToClaim,
            UnknownMotion,
            AlreadyVoted,
            NoVotingPower,
            VotingClosed,
            VotingOpen,
            NotPassed,
            AlreadyExecuted,
            NoAction,
            IssuanceForbidden,
            BadRules,
            TextTooLong,
            WrongDeposit,
            TreasuryShort,
            TransferFailed,
            BadFounders,
        ];
        let mut seen: Vec<String> = all
            .iter()
            .map(|&e| format!("{:?}", PSP22Error::from(e)))
            .collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), all.len());
        for e in all {
            assert_eq!(e.name(), format!("{e:?}"));
        }
        assert_eq!(
            PSP22Error::from(InsufficientBalance),
            PSP22Error::InsufficientBalance
        );
    }

    /// The independent model: balances, and per holder the exact total it was credited, as
    /// a numerator over the register's scale, updated by a plain loop over holders on every
    /// distribution, and its exact part (a numerator over the supply) while the supply is
    /// unchanged;
    /// per motion the balances when it was made and a tally from them.
    #[derive(Debug, Clone)]
    struct Model {
        balances: Vec<Balance>,
        credit: Vec<u128>,
        /// Per holder `Σ balance * amount` over the distributions: its exact part is this over
        /// the supply (meaningful while the supply is the initial one).
        exact: Vec<u128>,
        scale: u128,
        claimed: Vec<Balance>,
        carry: u128,
        pending: Balance,
        paid_in: Balance,
        treasury: Balance,
        motions: Vec<MotionModel>,
        voted: BTreeSet<(usize, usize)>,
    }

    /// A motion as the model sees it.
    #[derive(Debug, Clone)]
    struct MotionModel {
        /// Every holder's balance when it was made, and the supply.
        balances: Vec<Balance>,
        supply: Balance,
        ends: u32,
        action: Action,
        deposit: Balance,
        yes: Balance,
        no: Balance,
        state: MotionState,
    }

    impl Model {
        fn supply(&self) -> Balance {
            self.balances.iter().sum()
        }

        fn claimable(&self, i: usize) -> Balance {
            self.credit[i] / self.scale - self.claimed[i]
        }

        /// Holder `i`'s exact part of every distribution, to the unit below, not claimed.
        fn exact_claimable(&self, i: usize) -> Balance {
            self.exact[i] / self.supply() - self.claimed[i]
        }

        fn distribute(&mut self, amount: Balance) {
            let total = amount + self.pending;
            let x = total * self.scale + self.carry;
            let per_share = x / self.supply();
            self.carry = x % self.supply();
            for (i, b) in self.balances.iter().enumerate() {
                self.credit[i] += b * per_share;
                self.exact[i] += b * total;
            }
            self.pending = 0;
            self.paid_in += total;
            // The shares' credits and the carry make up everything paid in.
            let credited: u128 = self.credit.iter().sum();
            assert_eq!(credited + self.carry, self.paid_in * self.scale);
        }
    }

    #[derive(Debug, Clone)]
    enum Op {
        Transfer(usize, usize, Balance),
        Distribute(Balance),
        Claim(usize),
        Mint(usize, Balance),
        Propose(usize, u8, usize, Balance, bool),
        Vote(usize, usize, bool),
        Advance(u32),
        Finish(usize),
        Execute(usize),
        Fund(Balance),
    }

    fn op() -> impl Strategy<Value = Op> {
        let who = 0..6usize;
        prop_oneof![
            4 => (who.clone(), who.clone(), 0..300u128).prop_map(|(a, b, n)| Op::Transfer(a, b, n)),
            3 => prop_oneof![0..2_000u128, Just(0u128), 1..4u128].prop_map(Op::Distribute),
            2 => who.clone().prop_map(Op::Claim),
            1 => (who.clone(), 0..200u128).prop_map(|(a, n)| Op::Mint(a, n)),
            2 => (who.clone(), 0..4u8, who.clone(), 0..50u128, prop::bool::weighted(0.9))
                .prop_map(|(a, k, t, n, right)| Op::Propose(a, k, t, n, right)),
            5 => (who.clone(), 0..8usize, any::<bool>()).prop_map(|(a, m, y)| Op::Vote(a, m, y)),
            2 => (0..4u32).prop_map(Op::Advance),
            2 => (0..8usize).prop_map(Op::Finish),
            1 => (0..8usize).prop_map(Op::Execute),
            1 => (0..40u128).prop_map(Op::Fund),
        ]
    }

    fn rules() -> impl Strategy<Value = Rules> {
        (1..6u32, 0..=10_000u16, 1..=10_000u16, 0..20u128).prop_map(|(p, q, s, d)| Rules {
            voting_period: p,
            quorum_bps: q,
            pass_bps: s,
            deposit: d,
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Random histories over 2–6 holders: (a) every holder's claimable equals the model's
        /// plain loop over holders; (b) `paid_in == claimed + Σ claimable + dust` to the unit,
        /// with the exact identity in 1/scale units and the dust below the number of holders;
        /// (c) every tally and every voting power equals the model's, from the balances
        /// recorded when each motion was made; (d) a refused operation changes nothing. The
        /// native currency held always equals the register's obligations.
        #[test]
        fn histories_keep_every_share_unit_and_vote(
            start in proptest::collection::vec(0..1_000u128, 2..=6),
            rules in rules(),
            by_motion in any::<bool>(),
            ops in proptest::collection::vec(op(), 1..120),
        ) {
            let n = start.len();
            let mut start = start;
            start[0] = start[0].max(1);
            let issuance = if by_motion { Issuance::ByMotion } else { Issuance::Never };
            let mut c = Chain::new(&start, rules, issuance);
            let initial: Balance = start.iter().sum();
            let mut m = Model {
                balances: start.clone(),
                credit: vec![0; n],
                exact: vec![0; n],
                scale: scale_for(initial).expect("a supply"),
                claimed: vec![0; n],
                carry: 0,
                pending: 0,
                paid_in: 0,
                treasury: 0,
                motions: Vec::new(),
                voted: BTreeSet::new(),
            };
            for op in ops {
                let before = c.clone();
                let motions = c.motions.len().max(1);
                let r: Result<(), SharesError> = match op {
                    Op::Transfer(a, b, amount) => {
                        let (a, b) = (a % n, b % n);
                        if a == b {
                            Ok(()) // the contract treats a move to oneself as nothing
                        } else {
                            let want = if amount == 0 {
                                Err(SharesError::ZeroAmount)
                            } else if amount > m.balances[a] {
                                Err(SharesError::InsufficientBalance)
                            } else {
                                Ok(())
                            };
                            let got = c.transfer(a, b, amount);
                            prop_assert_eq!(got, want);
                            if got.is_ok() {
                                m.balances[a] -= amount;
                                m.balances[b] += amount;
                            }
                            got
                        }
                    }
                    Op::Distribute(amount) => {
                        let got = c.distribute(amount);
                        if amount + m.pending == 0 {
                            prop_assert_eq!(got, Err(SharesError::ZeroAmount));
                        } else {
                            prop_assert_eq!(got, Ok(amount + m.pending));
                            m.distribute(amount);
                        }
                        got.map(drop)
                    }
                    Op::Claim(a) => {
                        let a = a % n;
                        let want = m.claimable(a);
                        let got = c.claim(a);
                        if want == 0 {
                            prop_assert_eq!(got, Err(SharesError::NothingToClaim));
                        } else {
                            prop_assert_eq!(got, Ok(want));
                            m.claimed[a] += want;
                        }
                        got.map(drop)
                    }
                    Op::Mint(a, amount) => {
                        let a = a % n;
                        let got = c.mint(a, amount);
                        prop_assert_eq!(got.is_ok(), amount > 0);
                        if got.is_ok() {
                            m.balances[a] += amount;
                        }
                        got
                    }
                    Op::Propose(a, kind, to, amount, right) => {
                        let (a, to) = (a % n, who(to % n));
                        let action = match kind {
                            0 => Action::None,
                            1 => Action::Issue { to, amount },
                            2 => Action::SetDeposit(amount),
                            _ => Action::Pay { to, amount },
                        };
                        let deposit = if right { c.rules.deposit } else { c.rules.deposit + 1 };
                        let got = c.propose(a, action, deposit);
                        let want = if m.balances[a] == 0 {
                            Err(SharesError::NoVotingPower)
                        } else if !right {
                            Err(SharesError::WrongDeposit)
                        } else if kind == 1 && !by_motion {
                            Err(SharesError::IssuanceForbidden)
                        } else if (kind == 1 || kind == 3) && amount == 0 {
                            Err(SharesError::ZeroAmount)
                        } else {
                            Ok(m.motions.len() as u32)
                        };
                        prop_assert_eq!(got, want);
                        if got.is_ok() {
                            m.motions.push(MotionModel {
                                balances: m.balances.clone(),
                                supply: m.supply(),
                                ends: c.now + c.rules.voting_period,
                                action,
                                deposit,
                                yes: 0,
                                no: 0,
                                state: MotionState::Open,
                            });
                        }
                        got.map(drop)
                    }
                    Op::Vote(a, id, yes) => {
                        let (a, id) = (a % n, id % motions);
                        let got = c.vote(a, id as u32, yes);
                        let want = match m.motions.get(id) {
                            None => Err(SharesError::UnknownMotion),
                            Some(mo) if mo.state != MotionState::Open || c.now > mo.ends => {
                                Err(SharesError::VotingClosed)
                            }
                            Some(_) if m.voted.contains(&(id, a)) => Err(SharesError::AlreadyVoted),
                            Some(mo) if mo.balances[a] == 0 => Err(SharesError::NoVotingPower),
                            Some(mo) => Ok(mo.balances[a]),
                        };
                        prop_assert_eq!(got, want);
                        if let Ok(w) = got {
                            m.voted.insert((id, a));
                            let mo = &mut m.motions[id];
                            if yes { mo.yes += w } else { mo.no += w }
                        }
                        got.map(drop)
                    }
                    Op::Advance(k) => {
                        c.advance(k);
                        Ok(())
                    }
                    Op::Finish(id) => {
                        let id = id % motions;
                        let got = c.finish(id as u32);
                        match m.motions.get_mut(id) {
                            None => prop_assert_eq!(got, Err(SharesError::UnknownMotion)),
                            Some(mo) if mo.state != MotionState::Open => {
                                prop_assert_eq!(got, Err(SharesError::AlreadyExecuted))
                            }
                            Some(mo) if c.now <= mo.ends => {
                                prop_assert_eq!(got, Err(SharesError::VotingOpen))
                            }
                            Some(mo) => {
                                let cast = mo.yes + mo.no;
                                let q = cast * 10_000 >= u128::from(rules.quorum_bps) * mo.supply;
                                let pass = q && mo.yes > 0
                                    && mo.yes * 10_000 >= u128::from(rules.pass_bps) * cast;
                                mo.state = if pass { MotionState::Passed } else { MotionState::Failed };
                                prop_assert_eq!(got, Ok(mo.state));
                                if !q {
                                    m.pending += mo.deposit;
                                }
                            }
                        }
                        got.map(drop)
                    }
                    Op::Execute(id) => {
                        let id = id % motions;
                        let got = c.execute(id as u32);
                        let want = match m.motions.get(id).map(|mo| (mo.state, mo.action)) {
                            None => Err(SharesError::UnknownMotion),
                            Some((MotionState::Executed, _)) => Err(SharesError::AlreadyExecuted),
                            Some((MotionState::Open | MotionState::Failed, _)) => {
                                Err(SharesError::NotPassed)
                            }
                            Some((_, Action::None)) => Err(SharesError::NoAction),
                            Some((_, Action::Pay { amount, .. })) if amount > m.treasury => {
                                Err(SharesError::TreasuryShort)
                            }
                            Some((_, action)) => {
                                match action {
                                    Action::Issue { to, amount } => m.balances[index(to)] += amount,
                                    Action::Pay { amount, .. } => m.treasury -= amount,
                                    _ => {}
                                }
                                m.motions[id].state = MotionState::Executed;
                                Ok(())
                            }
                        };
                        prop_assert_eq!(got, want);
                        if let Ok(()) = got {
                            if let Action::SetDeposit(d) = m.motions[id].action {
                                prop_assert_eq!(c.rules.deposit, d);
                            }
                        }
                        got
                    }
                    Op::Fund(amount) => {
                        let got = c.fund(amount);
                        prop_assert_eq!(got.is_ok(), amount > 0);
                        m.treasury += amount;
                        got
                    }
                };
                // (d) A refusal changes nothing.
                if r.is_err() {
                    prop_assert_eq!(&c, &before, "a refusal changed state");
                }
                // Balances, supply and the carry agree with the model.
                let balances: Vec<Balance> = c.holders.iter().map(|h| h.balance).collect();
                prop_assert_eq!(&balances, &m.balances);
                prop_assert_eq!(c.reg.supply, m.supply());
                prop_assert_eq!(c.reg.carry, m.carry);
                prop_assert_eq!((c.reg.paid_in, c.reg.pending), (m.paid_in, m.pending));
                // (a) Claimable amounts, holder by holder.
                let mut owed = 0;
                let mut rems = 0;
                for i in 0..n {
                    let s = c.reg.settle(c.holders[i]).unwrap();
                    prop_assert_eq!(s.owed, m.claimable(i), "holder {}", i);
                    if m.supply() == initial {
                        // No share issued yet: exactly the holder's part, to the unit below.
                        prop_assert_eq!(s.owed, m.exact_claimable(i), "holder {} exact", i);
                    }
                    prop_assert!(s.rem < c.reg.scale);
                    owed += s.owed;
                    rems += s.rem;
                }
                // (b) Every unit paid in is claimed, claimable or dust, exactly.
                prop_assert_eq!(
                    c.reg.paid_in * c.reg.scale,
                    (c.reg.claimed + owed) * c.reg.scale + rems + c.reg.carry
                );
                let dust = c.reg.paid_in - c.reg.claimed - owed;
                prop_assert!(dust <= n as Balance, "dust {} over {} holders", dust, n);
                prop_assert_eq!(c.reg.unclaimed(), owed + dust);
                // (c) Tallies and voting power from the balances at each motion's creation.
                prop_assert_eq!(c.motions.len(), m.motions.len());
                for (mo, want) in c.motions.iter().zip(&m.motions) {
                    prop_assert_eq!((mo.yes, mo.no), (want.yes, want.no));
                    prop_assert_eq!((mo.supply, mo.ends, mo.state), (want.supply, want.ends, want.state));
                    for i in 0..n {
                        prop_assert_eq!(c.weight(i, mo.epoch), want.balances[i]);
                    }
                }
                prop_assert_eq!(c.reg.treasury, m.treasury);
                // Native currency: everything held is owed to someone.
                prop_assert_eq!(c.reg.obligations(), Some(c.native));
                let open: Balance = c
                    .motions
                    .iter()
                    .filter(|mo| mo.state == MotionState::Open)
                    .map(|mo| mo.deposit)
                    .sum();
                prop_assert_eq!(c.reg.held, open);
            }
        }
    }
}
