//! The trust bank's ledger: its storage and every rule that changes it, with no contract
//! environment. Each method takes whoever it acts for (the caller, the bank's own address)
//! explicitly, validates everything, then writes, and returns the event to emit; the
//! `#[ink(message)]`s around it only read the environment, call out, and emit.
//!
//! Both builds of the bank use it: the full bank (every message; deployed as the library
//! code) and the front (the hot path only; what a bank runs). The storage layout is this
//! struct's, so the two cannot disagree on it.

use ink::prelude::vec::Vec;
use ink::storage::Mapping;
use vouch_traits::allowances::Allowances;
use vouch_traits::events::{Approval, LineSet, Transfer};
use vouch_traits::{ensure, AccountId, Balance, BankError, Line, Result};

/// Everything a bank stores but its token metadata.
#[ink::storage_item]
#[derive(Debug)]
pub struct Ledger {
    /// May set limits, grant, revoke, withdraw, collect, trust and authorise routers.
    pub owner: AccountId,
    /// Notes outstanding: always the sum of `held` over all lines.
    pub supply: Balance,
    /// Number of counterparties in `index`.
    pub counterparties: u32,
    lines: Mapping<AccountId, Line>,
    /// Position -> counterparty, for paginated views: a holder is appended when the owner
    /// first extends it a limit, so only lines the owner opened are listed (nobody else can
    /// push the owner's lines off the pages the router's search reads).
    index: Mapping<u32, AccountId>,
    /// The holders in `index`.
    listed: Mapping<AccountId, ()>,
    pub allowances: Allowances,
    routers: Mapping<AccountId, ()>,
}

impl Ledger {
    /// An empty ledger owned by `owner`.
    pub fn new(owner: AccountId) -> Self {
        Self {
            owner,
            supply: 0,
            counterparties: 0,
            lines: Mapping::new(),
            index: Mapping::new(),
            listed: Mapping::new(),
            allowances: Allowances::default(),
            routers: Mapping::new(),
        }
    }

    pub fn ensure_owner(&self, caller: AccountId) -> Result<()> {
        ensure!(caller == self.owner, BankError::NotOwner);
        Ok(())
    }

    /// The line of `holder` (all zero when none is stored).
    pub fn line(&self, holder: AccountId) -> Line {
        self.lines.get(holder).unwrap_or_default()
    }

    pub fn is_router(&self, who: AccountId) -> bool {
        self.routers.contains(who)
    }

    /// Up to `count` listed lines from position `start`.
    pub fn page(&self, start: u32, count: u32) -> Vec<(AccountId, Line)> {
        let end = start.saturating_add(count).min(self.counterparties);
        (start..end)
            .filter_map(|i| self.index.get(i))
            .map(|who| (who, self.line(who)))
            .collect()
    }

    /// Moves `value` notes from `from` to `to`; to the bank itself (`this`) means burn.
    /// Nothing moves for a zero value or to oneself.
    pub fn move_notes(
        &mut self,
        this: AccountId,
        from: AccountId,
        to: AccountId,
        value: Balance,
    ) -> Result<Option<Transfer>> {
        if value == 0 || from == to {
            return Ok(None);
        }
        let from_next = self.line(from).spend(value)?;
        if to == this {
            return self.burn(from, &from_next, value).map(Some);
        }
        // Receiving needs room under the owner's limit, so `to` is listed already.
        let to_next = self.line(to).receive(value)?;
        self.lines.insert(to, &to_next);
        self.lines.insert(from, &from_next);
        Ok(Some(Transfer {
            from: Some(from),
            to: Some(to),
            value,
        }))
    }

    /// Mints `value` notes to `holder` (`gift` marks them revocable).
    pub fn mint(
        &mut self,
        this: AccountId,
        holder: AccountId,
        value: Balance,
        gift: bool,
    ) -> Result<Transfer> {
        ensure!(value > 0, BankError::ZeroAmount);
        ensure!(holder != this, BankError::SelfLine);
        // Receiving needs room under the owner's limit, so `holder` is listed already.
        let line = self.line(holder);
        let next = if gift {
            line.grant(value)?
        } else {
            line.receive(value)?
        };
        let supply = self.supply.checked_add(value).ok_or(BankError::Overflow)?;
        self.lines.insert(holder, &next);
        self.supply = supply;
        Ok(Transfer {
            from: None,
            to: Some(holder),
            value,
        })
    }

    /// Burns `value` of `holder`'s notes: stores `next`, the line its caller already
    /// validated (`Line::spend` or `Line::revoke`), and lowers the supply.
    pub fn burn(&mut self, holder: AccountId, next: &Line, value: Balance) -> Result<Transfer> {
        let supply = self.supply.checked_sub(value).ok_or(BankError::Overflow)?;
        self.lines.insert(holder, next);
        self.supply = supply;
        Ok(Transfer {
            from: Some(holder),
            to: None,
            value,
        })
    }

    /// The owner sets `holder`'s limit; a positive limit lists the holder.
    pub fn set_limit(
        &mut self,
        caller: AccountId,
        this: AccountId,
        holder: AccountId,
        limit: Balance,
    ) -> Result<LineSet> {
        self.ensure_owner(caller)?;
        ensure!(holder != this, BankError::SelfLine);
        let next = Line {
            limit,
            ..self.line(holder)
        };
        let listing = limit > 0 && !self.listed.contains(holder);
        let counterparties = if listing {
            self.counterparties
                .checked_add(1)
                .ok_or(BankError::Overflow)?
        } else {
            self.counterparties
        };
        if listing {
            self.index.insert(self.counterparties, &holder);
            self.listed.insert(holder, &());
        }
        self.counterparties = counterparties;
        self.lines.insert(holder, &next);
        Ok(line_set(holder, &next))
    }

    /// `holder` sets how many notes it is willing to hold. Stored, not listed: the line
    /// enters the index when the owner opens it.
    pub fn set_willing(
        &mut self,
        this: AccountId,
        holder: AccountId,
        amount: Balance,
    ) -> Result<LineSet> {
        ensure!(holder != this, BankError::SelfLine);
        let next = Line {
            willing: amount,
            ..self.line(holder)
        };
        if next == Line::default() {
            self.lines.remove(holder);
        } else {
            self.lines.insert(holder, &next);
        }
        Ok(line_set(holder, &next))
    }

    /// The owner takes back `amount` of the notes it granted `holder`.
    pub fn revoke(
        &mut self,
        caller: AccountId,
        holder: AccountId,
        amount: Balance,
    ) -> Result<Transfer> {
        self.ensure_owner(caller)?;
        ensure!(amount > 0, BankError::ZeroAmount);
        let next = self.line(holder).revoke(amount)?;
        self.burn(holder, &next, amount)
    }

    /// [`Ledger::revoke`] for several gifts, all validated before any is written (a holder
    /// named twice gives both amounts back); returns one burn event per gift.
    pub fn revoke_many(
        &mut self,
        caller: AccountId,
        gifts: &[(AccountId, Balance)],
    ) -> Result<Vec<Transfer>> {
        self.ensure_owner(caller)?;
        let mut next: Vec<(AccountId, Line)> = Vec::with_capacity(gifts.len());
        let mut total: Balance = 0;
        for (holder, amount) in gifts {
            ensure!(*amount > 0, BankError::ZeroAmount);
            let line = match next.iter().rev().find(|(h, _)| h == holder) {
                Some((_, line)) => *line,
                None => self.line(*holder),
            };
            next.push((*holder, line.revoke(*amount)?));
            total = total.checked_add(*amount).ok_or(BankError::Overflow)?;
        }
        let supply = self.supply.checked_sub(total).ok_or(BankError::Overflow)?;
        for (holder, line) in &next {
            self.lines.insert(*holder, line);
        }
        self.supply = supply;
        Ok(gifts
            .iter()
            .map(|(holder, amount)| Transfer {
                from: Some(*holder),
                to: None,
                value: *amount,
            })
            .collect())
    }

    /// The line `holder` would have after redeeming `amount` (validation only: the caller
    /// pays out, then calls [`Ledger::burn`] with it).
    pub fn redeemable(&self, holder: AccountId, amount: Balance) -> Result<Line> {
        ensure!(amount > 0, BankError::ZeroAmount);
        self.line(holder).spend(amount)
    }

    pub fn set_router(
        &mut self,
        caller: AccountId,
        router: AccountId,
        allowed: bool,
    ) -> Result<()> {
        self.ensure_owner(caller)?;
        if allowed {
            self.routers.insert(router, &());
        } else {
            self.routers.remove(router);
        }
        Ok(())
    }

    /// `spender` moves `value` of `from`'s notes to `to` within its allowance. Moving
    /// nothing, or to oneself, does nothing and reads no allowance (PSP22).
    pub fn transfer_from(
        &mut self,
        this: AccountId,
        spender: AccountId,
        from: AccountId,
        to: AccountId,
        value: Balance,
    ) -> core::result::Result<(Option<Transfer>, Option<Approval>), vouch_traits::PSP22Error> {
        if value == 0 || from == to {
            return Ok((None, None));
        }
        let rest = self.allowances.after_spending(from, spender, value)?;
        let moved = self.move_notes(this, from, to, value)?;
        Ok((
            moved,
            rest.map(|rest| self.allowances.set(from, spender, rest)),
        ))
    }
}

fn line_set(holder: AccountId, line: &Line) -> LineSet {
    LineSet {
        holder,
        limit: line.limit,
        willing: line.willing,
    }
}

/// Token metadata, read only by the metadata messages. Kept as bytes: the front stores what
/// its constructor was given without decoding it as text, and the library's metadata
/// messages read it back as UTF-8.
#[derive(Default, Debug)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Metadata {
    pub name: Option<Vec<u8>>,
    pub symbol: Option<Vec<u8>>,
}

impl Metadata {
    /// The stored bytes as text; `None` too when they are not UTF-8 (only a front given
    /// bytes that no `String` encodes stores such).
    pub fn text(bytes: Option<Vec<u8>>) -> Option<ink::prelude::string::String> {
        bytes.and_then(|b| ink::prelude::string::String::from_utf8(b).ok())
    }
}
