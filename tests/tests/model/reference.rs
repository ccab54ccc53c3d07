//! The reference model: the whole system (banks, lines, reserves, allowances, routers, the
//! registry, people's native balances) in plain Rust, written from the model in docs/model.md
//! and the API in docs/contract-api.md — not from the contracts' code, and without the
//! `Line` methods of `vouch-traits` (only its error types are shared, to compare outcomes).
//!
//! [`Model::apply`] predicts an operation's outcome and events; on failure the model is left
//! exactly as it was (the chain must do the same).

use crate::ops::{Acct, Bound, HopKind, Op, StartOp, BANKS, PEOPLE};
use std::collections::{BTreeMap, BTreeSet};
use vouch_traits::{BankError, PSP22Error, RouterError};

/// Most routes in one payment and hops in one route (the router's caps).
const MAX_ROUTES: usize = vouch_traits::router::MAX_ROUTES as usize;
const MAX_HOPS: usize = vouch_traits::router::MAX_HOPS as usize;

/// One credit line: `limit` set by the issuer's owner, `willing` by the holder, `held` notes
/// of which `granted` were a gift.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LineM {
    pub limit: u128,
    pub willing: u128,
    pub held: u128,
    pub granted: u128,
}

impl LineM {
    /// Room left for new notes: `min(limit, willing) - held`, nothing when limits dropped
    /// below what is held.
    fn room(&self) -> u128 {
        self.limit.min(self.willing).saturating_sub(self.held)
    }
}

/// One trust bank.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BankM {
    /// Index of the owning person.
    pub owner: u8,
    /// Native currency the bank can pay out.
    pub reserve: u128,
    /// Notes outstanding.
    pub supply: u128,
    /// Every stored line, in the order its holder first appeared.
    pub lines: Vec<(Acct, LineM)>,
    /// The bank's index: holders in the order the owner first gave them a non-zero limit
    /// (what the paged view lists and `counterparties` counts).
    pub listed: Vec<Acct>,
    /// (owner, spender) -> PSP22 allowance, as last set.
    pub allowances: BTreeMap<(Acct, Acct), u128>,
    /// Authorised routers.
    pub routers: BTreeSet<Acct>,
}

impl BankM {
    pub fn line(&self, holder: Acct) -> LineM {
        self.lines
            .iter()
            .find(|(h, _)| *h == holder)
            .map(|(_, l)| *l)
            .unwrap_or_default()
    }

    /// The listed lines, as the paged view shows them.
    pub fn listed_lines(&self) -> Vec<(Acct, LineM)> {
        self.listed.iter().map(|h| (*h, self.line(*h))).collect()
    }

    fn put(&mut self, holder: Acct, line: LineM) {
        match self.lines.iter_mut().find(|(h, _)| *h == holder) {
            Some((_, l)) => *l = line,
            None => self.lines.push((holder, line)),
        }
    }

    pub fn allowance(&self, owner: Acct, spender: Acct) -> u128 {
        self.allowances.get(&(owner, spender)).copied().unwrap_or(0)
    }
}

/// A contract event, with the contract that emitted it (`at`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ev {
    Transfer {
        at: Acct,
        from: Option<Acct>,
        to: Option<Acct>,
        value: u128,
    },
    Approval {
        at: Acct,
        owner: Acct,
        spender: Acct,
        amount: u128,
    },
    LineSet {
        at: Acct,
        holder: Acct,
        limit: u128,
        willing: u128,
    },
    Granted {
        at: Acct,
        holder: Acct,
        amount: u128,
    },
    Revoked {
        at: Acct,
        holder: Acct,
        amount: u128,
    },
    Deposited {
        at: Acct,
        from: Acct,
        amount: u128,
    },
    Withdrawn {
        at: Acct,
        amount: u128,
    },
    Redeemed {
        at: Acct,
        holder: Acct,
        amount: u128,
    },
    RouterSet {
        at: Acct,
        router: Acct,
        allowed: bool,
    },
    Paid {
        from: Acct,
        to: Acct,
        amount: u128,
        routes: u32,
    },
    Registered {
        person: Acct,
        bank: Acct,
    },
}

/// What a message returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Bank(Result<(), BankError>),
    Redeemed(Result<u128, BankError>),
    Psp(Result<(), PSP22Error>),
    Register(Result<(), RouterError>),
    Pay(Result<u128, RouterError>),
}

/// The whole system.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Model {
    pub banks: Vec<BankM>,
    /// Free native balance of each person.
    pub free: Vec<u128>,
    /// person -> registered bank.
    pub registry: BTreeMap<u8, Acct>,
}

type Step<T, E> = Result<(T, Vec<Ev>), E>;

fn no_capacity() -> PSP22Error {
    PSP22Error::Custom("NoCapacity".into())
}

/// How the bank reports a failure through PSP22: its own two variants, otherwise the
/// variant's name (written out here, not taken from the contract's mapping).
fn psp22_of(e: BankError) -> PSP22Error {
    match e {
        BankError::InsufficientNotes => PSP22Error::InsufficientBalance,
        BankError::InsufficientAllowance => PSP22Error::InsufficientAllowance,
        BankError::NoCapacity => no_capacity(),
        other => PSP22Error::Custom(format!("{other:?}")),
    }
}

impl Model {
    /// Fresh banks `B0..` owned by `p0..`, each person with `start` native units.
    pub fn new(start: u128) -> Self {
        Self {
            banks: (0..BANKS)
                .map(|i| BankM {
                    owner: i,
                    ..BankM::default()
                })
                .collect(),
            free: vec![start; usize::from(PEOPLE)],
            registry: BTreeMap::new(),
        }
    }

    fn bank(&mut self, b: u8) -> &mut BankM {
        &mut self.banks[usize::from(b)]
    }

    fn is_bank(a: Acct) -> bool {
        matches!(a, Acct::B(_))
    }

    fn owner_only(&self, b: u8, who: u8) -> Result<(), BankError> {
        if self.banks[usize::from(b)].owner == who {
            Ok(())
        } else {
            Err(BankError::NotOwner)
        }
    }

    /// Predicts `op`: its outcome and events. On success the model moves to the new state;
    /// on failure it stays as it was and there are no events.
    pub fn apply(&mut self, op: &Op) -> (Outcome, Vec<Ev>) {
        let mut next = self.clone();
        let (outcome, events) = next.run(op);
        let ok = match &outcome {
            Outcome::Bank(r) => r.is_ok(),
            Outcome::Redeemed(r) => r.is_ok(),
            Outcome::Psp(r) => r.is_ok(),
            Outcome::Register(r) => r.is_ok(),
            Outcome::Pay(r) => r.is_ok(),
        };
        if ok {
            *self = next;
            (outcome, events)
        } else {
            (outcome, Vec::new())
        }
    }

    fn run(&mut self, op: &Op) -> (Outcome, Vec<Ev>) {
        fn split<T, E>(r: Step<T, E>) -> (Result<T, E>, Vec<Ev>) {
            match r {
                Ok((v, evs)) => (Ok(v), evs),
                Err(e) => (Err(e), Vec::new()),
            }
        }
        match op {
            Op::Deposit { who, bank, amount } => {
                let (r, e) = split(self.deposit(who.0, bank.0, *amount));
                (Outcome::Bank(r), e)
            }
            Op::Withdraw { who, bank, amount } => {
                let (r, e) = split(self.withdraw(who.0, bank.0, *amount));
                (Outcome::Bank(r), e)
            }
            Op::SetLimit {
                who,
                bank,
                holder,
                limit,
            } => {
                let (r, e) = split(self.set_limit(who.0, bank.0, *holder, *limit));
                (Outcome::Bank(r), e)
            }
            Op::SetWilling { who, bank, amount } => {
                let (r, e) = split(self.set_willing(Acct::P(who.0), bank.0, *amount));
                (Outcome::Bank(r), e)
            }
            Op::Grant {
                who,
                bank,
                holder,
                amount,
            } => {
                let (r, e) = split(self.grant(who.0, bank.0, *holder, *amount));
                (Outcome::Bank(r), e)
            }
            Op::Revoke {
                who,
                bank,
                holder,
                amount,
            } => {
                let (r, e) = split(self.revoke(who.0, bank.0, *holder, *amount));
                (Outcome::Bank(r), e)
            }
            Op::Redeem { who, bank, amount } => {
                let (r, e) = split(self.redeem(Acct::P(who.0), bank.0, *amount));
                (Outcome::Bank(r), e)
            }
            Op::RedeemPartial { who, bank, max } => {
                let (r, e) = split(self.redeem_partial(Acct::P(who.0), bank.0, *max));
                (Outcome::Redeemed(r), e)
            }
            Op::Collect {
                who,
                bank,
                issuer,
                amount,
            } => {
                let (r, e) = split(self.collect(who.0, bank.0, *issuer, *amount));
                (Outcome::Bank(r), e)
            }
            Op::Trust {
                who,
                bank,
                issuer,
                amount,
            } => {
                let (r, e) = split(self.trust(who.0, bank.0, *issuer, *amount));
                (Outcome::Bank(r), e)
            }
            Op::SetRouter { who, bank, allowed } => {
                let (r, e) = split(self.set_router(who.0, bank.0, *allowed));
                (Outcome::Bank(r), e)
            }
            Op::Transfer {
                who,
                bank,
                to,
                amount,
            } => {
                let r = self
                    .move_notes(bank.0, Acct::P(who.0), *to, *amount)
                    .map(|e| ((), e))
                    .map_err(psp22_of);
                let (r, e) = split(r);
                (Outcome::Psp(r), e)
            }
            Op::TransferFrom {
                who,
                bank,
                from,
                to,
                amount,
            } => {
                let (r, e) = split(self.transfer_from(Acct::P(who.0), bank.0, *from, *to, *amount));
                (Outcome::Psp(r), e)
            }
            Op::Approve {
                who,
                bank,
                spender,
                amount,
            } => {
                let owner = Acct::P(who.0);
                let mut events = Vec::new();
                if owner != *spender {
                    events.push(self.set_allowance(bank.0, owner, *spender, *amount));
                }
                (Outcome::Psp(Ok(())), events)
            }
            Op::Register { who, bank } => {
                let (r, e) = split(self.register(who.0, *bank));
                (Outcome::Register(r), e)
            }
            Op::Pay {
                who,
                to,
                routes,
                bound,
            } => {
                let (r, e) = split(self.pay(who.0, to.0, routes, *bound));
                (Outcome::Pay(r), e)
            }
        }
    }

    fn deposit(&mut self, who: u8, b: u8, amount: u128) -> Step<(), BankError> {
        if amount == 0 {
            return Err(BankError::ZeroAmount);
        }
        // The chain moves the value before the bank runs. A history deposits a few thousand
        // units at most and people start with `START_BALANCE` (10^12): no failure to model.
        let free = &mut self.free[usize::from(who)];
        *free = free
            .checked_sub(amount)
            .expect("people start with far more than a history deposits");
        let bank = self.bank(b);
        bank.reserve = bank
            .reserve
            .checked_add(amount)
            .expect("native units are bounded by the total issuance");
        let ev = Ev::Deposited {
            at: Acct::B(b),
            from: Acct::P(who),
            amount,
        };
        Ok(((), vec![ev]))
    }

    fn withdraw(&mut self, who: u8, b: u8, amount: u128) -> Step<(), BankError> {
        self.owner_only(b, who)?;
        if amount == 0 {
            return Err(BankError::ZeroAmount);
        }
        let bank = self.bank(b);
        bank.reserve = bank
            .reserve
            .checked_sub(amount)
            .ok_or(BankError::InsufficientReserve)?;
        let free = &mut self.free[usize::from(who)];
        *free = free
            .checked_add(amount)
            .expect("native units are bounded by the total issuance");
        Ok((
            (),
            vec![Ev::Withdrawn {
                at: Acct::B(b),
                amount,
            }],
        ))
    }

    fn set_limit(&mut self, who: u8, b: u8, holder: Acct, limit: u128) -> Step<(), BankError> {
        self.owner_only(b, who)?;
        if holder == Acct::B(b) {
            return Err(BankError::SelfLine);
        }
        let line = LineM {
            limit,
            ..self.bank(b).line(holder)
        };
        let bank = self.bank(b);
        bank.put(holder, line);
        if limit > 0 && !bank.listed.contains(&holder) {
            bank.listed.push(holder);
        }
        let ev = Ev::LineSet {
            at: Acct::B(b),
            holder,
            limit,
            willing: line.willing,
        };
        Ok(((), vec![ev]))
    }

    fn set_willing(&mut self, holder: Acct, b: u8, willing: u128) -> Step<(), BankError> {
        if holder == Acct::B(b) {
            return Err(BankError::SelfLine);
        }
        let line = LineM {
            willing,
            ..self.bank(b).line(holder)
        };
        self.bank(b).put(holder, line);
        let ev = Ev::LineSet {
            at: Acct::B(b),
            holder,
            limit: line.limit,
            willing,
        };
        Ok(((), vec![ev]))
    }

    /// New notes of bank `b` for `holder`, within the line's room.
    fn mint(&mut self, b: u8, holder: Acct, amount: u128, gift: bool) -> Step<(), BankError> {
        if amount == 0 {
            return Err(BankError::ZeroAmount);
        }
        if holder == Acct::B(b) {
            return Err(BankError::SelfLine);
        }
        let mut line = self.bank(b).line(holder);
        if amount > line.room() {
            return Err(BankError::NoCapacity);
        }
        // As `Line::receive`/`Line::grant` and the bank's supply: `Overflow` (the room check
        // above already keeps `held` within `min(limit, willing)`).
        line.held = line.held.checked_add(amount).ok_or(BankError::Overflow)?;
        if gift {
            line.granted = line
                .granted
                .checked_add(amount)
                .ok_or(BankError::Overflow)?;
        }
        let supply = self
            .bank(b)
            .supply
            .checked_add(amount)
            .ok_or(BankError::Overflow)?;
        self.bank(b).put(holder, line);
        self.bank(b).supply = supply;
        let ev = Ev::Transfer {
            at: Acct::B(b),
            from: None,
            to: Some(holder),
            value: amount,
        };
        Ok(((), vec![ev]))
    }

    /// `holder` gives up `amount` notes of bank `b`; gifts go first.
    fn spend(&mut self, b: u8, holder: Acct, amount: u128) -> Result<(), BankError> {
        let mut line = self.bank(b).line(holder);
        line.held = line
            .held
            .checked_sub(amount)
            .ok_or(BankError::InsufficientNotes)?;
        // Gifts first: all of them go when `amount` is more than the gift held.
        line.granted = line.granted.saturating_sub(amount);
        self.bank(b).put(holder, line);
        Ok(())
    }

    /// Notes of bank `b` that `holder` gives back to the bank: burned.
    fn burn(&mut self, b: u8, holder: Acct, amount: u128) -> Result<Vec<Ev>, BankError> {
        self.spend(b, holder, amount)?;
        // As the bank: `Overflow` (the supply is the sum of held, so it never happens).
        let bank = self.bank(b);
        bank.supply = bank.supply.checked_sub(amount).ok_or(BankError::Overflow)?;
        Ok(vec![Ev::Transfer {
            at: Acct::B(b),
            from: Some(holder),
            to: None,
            value: amount,
        }])
    }

    fn grant(&mut self, who: u8, b: u8, holder: Acct, amount: u128) -> Step<(), BankError> {
        self.owner_only(b, who)?;
        let (_, mut events) = self.mint(b, holder, amount, true)?;
        events.push(Ev::Granted {
            at: Acct::B(b),
            holder,
            amount,
        });
        Ok(((), events))
    }

    fn revoke(&mut self, who: u8, b: u8, holder: Acct, amount: u128) -> Step<(), BankError> {
        self.owner_only(b, who)?;
        if amount == 0 {
            return Err(BankError::ZeroAmount);
        }
        let mut line = self.bank(b).line(holder);
        line.granted = line
            .granted
            .checked_sub(amount)
            .ok_or(BankError::ExceedsGranted)?;
        // granted <= held, so this cannot fail once the line above succeeded (as the bank).
        line.held = line
            .held
            .checked_sub(amount)
            .ok_or(BankError::ExceedsGranted)?;
        // As the bank's burn: `Overflow` (the supply is the sum of held: never happens).
        let supply = self
            .bank(b)
            .supply
            .checked_sub(amount)
            .ok_or(BankError::Overflow)?;
        self.bank(b).put(holder, line);
        self.bank(b).supply = supply;
        let events = vec![
            Ev::Transfer {
                at: Acct::B(b),
                from: Some(holder),
                to: None,
                value: amount,
            },
            Ev::Revoked {
                at: Acct::B(b),
                holder,
                amount,
            },
        ];
        Ok(((), events))
    }

    /// Native units leave bank `b`'s reserve for `to`.
    fn pay_out(&mut self, b: u8, to: Acct, amount: u128) -> Result<(), BankError> {
        let bank = self.bank(b);
        bank.reserve = bank
            .reserve
            .checked_sub(amount)
            .ok_or(BankError::InsufficientReserve)?;
        let balance = match to {
            Acct::P(p) => &mut self.free[usize::from(p)],
            Acct::B(x) => &mut self.bank(x).reserve,
            Acct::Router => unreachable!("the router never redeems"),
        };
        *balance = balance
            .checked_add(amount)
            .expect("native units are bounded by the total issuance");
        Ok(())
    }

    fn redeem(&mut self, holder: Acct, b: u8, amount: u128) -> Step<(), BankError> {
        if amount == 0 {
            return Err(BankError::ZeroAmount);
        }
        if self.bank(b).line(holder).held < amount {
            return Err(BankError::InsufficientNotes);
        }
        self.pay_out(b, holder, amount)?;
        let mut events = self.burn(b, holder, amount)?;
        events.push(Ev::Redeemed {
            at: Acct::B(b),
            holder,
            amount,
        });
        Ok(((), events))
    }

    fn redeem_partial(&mut self, holder: Acct, b: u8, max: u128) -> Step<u128, BankError> {
        if max == 0 {
            return Err(BankError::ZeroAmount);
        }
        let held = self.bank(b).line(holder).held;
        if held == 0 {
            return Err(BankError::InsufficientNotes);
        }
        let amount = max.min(held).min(self.bank(b).reserve);
        if amount == 0 {
            return Err(BankError::InsufficientReserve);
        }
        let (_, events) = self.redeem(holder, b, amount)?;
        Ok((amount, events))
    }

    fn collect(&mut self, who: u8, b: u8, issuer: Acct, amount: u128) -> Step<(), BankError> {
        self.owner_only(b, who)?;
        if issuer == Acct::B(b) {
            return Err(BankError::SelfLine);
        }
        if amount == 0 {
            return Err(BankError::ZeroAmount);
        }
        match issuer {
            Acct::B(i) => self.redeem(Acct::B(b), i, amount),
            _ => Err(BankError::CallFailed),
        }
    }

    fn trust(&mut self, who: u8, b: u8, issuer: Acct, amount: u128) -> Step<(), BankError> {
        self.owner_only(b, who)?;
        if issuer == Acct::B(b) {
            return Err(BankError::SelfLine);
        }
        match issuer {
            Acct::B(i) => self.set_willing(Acct::B(b), i, amount),
            _ => Err(BankError::CallFailed),
        }
    }

    fn set_router(&mut self, who: u8, b: u8, allowed: bool) -> Step<(), BankError> {
        self.owner_only(b, who)?;
        if allowed {
            self.bank(b).routers.insert(Acct::Router);
        } else {
            self.bank(b).routers.remove(&Acct::Router);
        }
        let ev = Ev::RouterSet {
            at: Acct::B(b),
            router: Acct::Router,
            allowed,
        };
        Ok(((), vec![ev]))
    }

    /// PSP22 movement of bank `b`'s notes: to the bank itself burns them; 0 or to oneself
    /// does nothing.
    fn move_notes(
        &mut self,
        b: u8,
        from: Acct,
        to: Acct,
        amount: u128,
    ) -> Result<Vec<Ev>, BankError> {
        if amount == 0 || from == to {
            return Ok(Vec::new());
        }
        if to == Acct::B(b) {
            return self.burn(b, from, amount);
        }
        self.spend(b, from, amount)?;
        let mut line = self.bank(b).line(to);
        if amount > line.room() {
            return Err(BankError::NoCapacity);
        }
        // As `Line::receive`: `Overflow` (the room check keeps `held` within its ceiling).
        line.held = line.held.checked_add(amount).ok_or(BankError::Overflow)?;
        self.bank(b).put(to, line);
        Ok(vec![Ev::Transfer {
            at: Acct::B(b),
            from: Some(from),
            to: Some(to),
            value: amount,
        }])
    }

    fn set_allowance(&mut self, b: u8, owner: Acct, spender: Acct, amount: u128) -> Ev {
        self.bank(b).allowances.insert((owner, spender), amount);
        Ev::Approval {
            at: Acct::B(b),
            owner,
            spender,
            amount,
        }
    }

    fn transfer_from(
        &mut self,
        spender: Acct,
        b: u8,
        from: Acct,
        to: Acct,
        amount: u128,
    ) -> Step<(), PSP22Error> {
        if spender == from || amount == 0 || from == to {
            let events = self.move_notes(b, from, to, amount).map_err(psp22_of)?;
            return Ok(((), events));
        }
        let rest = self
            .bank(b)
            .allowance(from, spender)
            .checked_sub(amount)
            .ok_or(PSP22Error::InsufficientAllowance)?;
        let mut events = self.move_notes(b, from, to, amount).map_err(psp22_of)?;
        events.push(self.set_allowance(b, from, spender, rest));
        Ok(((), events))
    }

    fn register(&mut self, who: u8, bank: Acct) -> Step<(), RouterError> {
        let Acct::B(b) = bank else {
            return Err(RouterError::UnknownCode);
        };
        if self.banks[usize::from(b)].owner != who {
            return Err(RouterError::NotBankOwner);
        }
        self.registry.insert(who, bank);
        Ok((
            (),
            vec![Ev::Registered {
                person: Acct::P(who),
                bank,
            }],
        ))
    }

    fn pay(
        &mut self,
        who: u8,
        to: u8,
        routes: &[crate::ops::RouteOp],
        bound: Bound,
    ) -> Step<u128, RouterError> {
        // Validation: everything that needs no bank call, in the documented order.
        if who == to {
            return Err(RouterError::SelfPayment);
        }
        if routes.is_empty() || routes.len() > MAX_ROUTES {
            return Err(RouterError::BadRouteCount);
        }
        let from_bank = self.registry.get(&who).copied();
        let to_bank = *self.registry.get(&to).ok_or(RouterError::UnknownPerson)?;
        let mut total: u128 = 0;
        let mut firsts = Vec::new();
        for route in routes {
            if route.amount == 0 {
                return Err(RouterError::ZeroAmount);
            }
            // As the router's validation: a total past `u128::MAX` is `Overflow`.
            total = total
                .checked_add(route.amount)
                .ok_or(RouterError::Overflow)?;
            if route.hops.is_empty() || route.hops.len() > MAX_HOPS {
                return Err(RouterError::BadHopCount);
            }
            let first = match route.start {
                StartOp::OwnBank => from_bank.ok_or(RouterError::UnknownPerson)?,
                StartOp::HeldNotes(issuer) if Self::is_bank(issuer) => issuer,
                StartOp::HeldNotes(_) => return Err(RouterError::UnknownCode),
            };
            let mut seen = vec![first];
            for hop in &route.hops {
                if seen.contains(&hop.to) {
                    return Err(RouterError::Loop);
                }
                if !Self::is_bank(hop.to) {
                    return Err(RouterError::UnknownCode);
                }
                seen.push(hop.to);
            }
            if seen.last() != Some(&to_bank) {
                return Err(RouterError::WrongDestination);
            }
            firsts.push(first);
        }
        // The arguments `World::exec` passes, saturating as it does (`total >= 1` here: at
        // least one route, every amount positive).
        let (max_spent, min_delivered) = match bound {
            Bound::Open => (u128::MAX, 0),
            Bound::SpendBelowTotal => (total.saturating_sub(1), 0),
            Bound::DeliverAboveTotal => (u128::MAX, total.saturating_add(1)),
        };
        if total > max_spent {
            return Err(RouterError::MaxSpentExceeded);
        }
        if total < min_delivered {
            return Err(RouterError::BelowMinDelivered);
        }
        // Execution: route by route, hop by hop; the first failure fails everything.
        let mut events = Vec::new();
        for (r, (route, first)) in routes.iter().zip(firsts).enumerate() {
            let failed = |hop: usize, error: BankError| RouterError::HopFailed {
                route: u32::try_from(r).expect("at most MAX_ROUTES routes, validated above"),
                hop: u32::try_from(hop).expect("a hop index, at most MAX_HOPS (validated above)"),
                error,
            };
            let Acct::B(mut current) = first else {
                unreachable!("validated")
            };
            let mut offset = 0;
            if let StartOp::HeldNotes(_) = route.start {
                // The payer's notes go back to their issuer, spent with the router's allowance.
                let payer = Acct::P(who);
                let rest = self
                    .bank(current)
                    .allowance(payer, Acct::Router)
                    .checked_sub(route.amount)
                    .ok_or_else(|| failed(0, BankError::InsufficientAllowance))?;
                events.extend(
                    self.burn(current, payer, route.amount)
                        .map_err(|e| failed(0, e))?,
                );
                events.push(self.set_allowance(current, payer, Acct::Router, rest));
                offset = 1;
            }
            for (h, hop) in route.hops.iter().enumerate() {
                let at = h.checked_add(offset).expect("h < MAX_HOPS and offset <= 1");
                let Acct::B(next) = hop.to else {
                    unreachable!("validated")
                };
                if !self.bank(current).routers.contains(&Acct::Router) {
                    return Err(failed(at, BankError::NotRouter));
                }
                match hop.kind {
                    HopKind::Issue => {
                        let (_, evs) = self
                            .mint(current, hop.to, route.amount, false)
                            .map_err(|e| failed(at, e))?;
                        events.extend(evs);
                    }
                    HopKind::Return => {
                        let evs = self
                            .burn(next, Acct::B(current), route.amount)
                            .map_err(|e| failed(at, e))?;
                        events.extend(evs);
                    }
                }
                current = next;
            }
        }
        events.push(Ev::Paid {
            from: Acct::P(who),
            to: Acct::P(to),
            amount: total,
            routes: u32::try_from(routes.len())
                .expect("at most MAX_ROUTES routes, validated above"),
        });
        Ok((total, events))
    }
}
