//! # Group pool
//!
//! A group of members with a k-of-n threshold that owns one trust bank (deployed by the
//! constructor from the trust bank's code hash), so the group's notes are ordinary notes that
//! route like anyone's. Members contribute native currency to the bank's reserve, spend the
//! allowances the pool grants them in the bank's notes (to each other, to outsiders through
//! the router, or by redeeming), and decide everything else by proposals: re-up or revoke an
//! allowance, add or remove a member, change the threshold, withdraw, trust an outside bank,
//! authorise a router, close. A proposal executes once, on the approval that reaches the
//! threshold, and never after it expires.
//!
//! On close each member's net position `contributed - spent` is computed and the reserve
//! left after the group's outstanding notes is paid out so that everyone ends even, pro rata
//! where the reserve is short ([`vouch_traits::pool::settle`]); `settlement_plan` shows the
//! plan before it executes and `who_owes_whom` the transfers that even members out.
//!
//! Every message checks before it changes anything, and changes the pool's own storage last.
//! First come the checks: everything the pool can refuse by itself, reading its bank where it
//! must (a vote that executes a proposal checks the execution here too). Then the calls that
//! change the bank, and a transfer whose refusal fails the message (a withdrawal's, a
//! claim's), each of which may still fail; a vote emits its `Proposed` and `Approved` events
//! just before these. Last come the pool's writes and its other events, which cannot fail
//! (closing pays out here: a payout the chain refuses is held for `claim`). So a message that
//! returns `Err` leaves the pool's storage as it was even where nothing reverts it, as in
//! off-chain unit tests, and one refused by a check has also emitted no event and changed
//! nothing in the bank. When a call or transfer fails, what the message did before it is
//! undone by the chain, which reverts a message that returns `Err`, its calls into the bank
//! included: an earlier call into the bank (closing revokes every unspent gift before it
//! withdraws, removing a member revokes its gift before it closes its line, a withdrawal
//! takes the amount out of the bank before it transfers it) and a vote's events.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract]
pub mod pool {
    use ink::codegen::TraitCallBuilder;
    use ink::env::call::{build_create, ExecutionInput, Selector};
    use ink::prelude::vec::Vec;
    use ink::storage::{Lazy, Mapping};
    use vouch_traits::pool::{
        settle, who_owes_whom, Allowed, Approved, Contributed, Executed, GroupPool, Member, Owe,
        PaidOut, PoolError, PoolStatus, Proposal, ProposalKind, Proposed, Settlement, MAX_MEMBERS,
    };
    use vouch_traits::{ensure, BankError, BankStatus, Line, TrustBank};

    type Result<T> = core::result::Result<T, PoolError>;
    type Bank = ink::contract_ref!(TrustBank);

    /// A call into the bank: an environment or language error is `CallFailed`, the bank's
    /// own error is `Bank(_)`.
    fn bank_result<T>(
        r: core::result::Result<
            ink::MessageResult<core::result::Result<T, BankError>>,
            ink::env::Error,
        >,
    ) -> Result<T> {
        r.map_err(|_| PoolError::CallFailed)?
            .map_err(|_| PoolError::CallFailed)?
            .map_err(PoolError::Bank)
    }

    /// A view of the bank.
    fn bank_view<T>(r: core::result::Result<ink::MessageResult<T>, ink::env::Error>) -> Result<T> {
        r.map_err(|_| PoolError::CallFailed)?
            .map_err(|_| PoolError::CallFailed)
    }

    /// Whether `member`, now in its membership `term`, may approve `proposal` at block `now`.
    ///
    /// # Errors
    /// In this order: `AlreadyExecuted`, `Expired` (past `expires_at`), `AlreadyApproved`
    /// (`member` approved it in this same membership).
    fn check_approval(proposal: &Proposal, member: AccountId, term: u32, now: u32) -> Result<()> {
        ensure!(!proposal.executed, PoolError::AlreadyExecuted);
        ensure!(now <= proposal.expires_at, PoolError::Expired);
        ensure!(
            !proposal
                .approvals
                .iter()
                .zip(&proposal.terms)
                .any(|(a, t)| *a == member && *t == term),
            PoolError::AlreadyApproved
        );
        Ok(())
    }

    /// `proposal` with `member`'s approval, given in its membership `term`. One entry per
    /// account: a re-admitted member's approval replaces its old one.
    fn with_approval(mut proposal: Proposal, member: AccountId, term: u32) -> Proposal {
        match proposal.approvals.iter().position(|a| *a == member) {
            Some(i) => {
                if let Some(t) = proposal.terms.get_mut(i) {
                    *t = term;
                }
            }
            None => {
                proposal.approvals.push(member);
                proposal.terms.push(term);
            }
        }
        proposal
    }

    /// Whether `who` may join the pool at address `pool`, which holds `record` for it
    /// (`None`: never a member) and has recorded `recorded` members.
    ///
    /// # Errors
    /// `BadRecipient` for the pool itself (as a member it would pay itself a share on close,
    /// stranded), `AlreadyMember` for an active member, `BadMemberCount` for a new member when
    /// [`MAX_MEMBERS`] are recorded (a former member is recorded already).
    fn check_admission(
        who: AccountId,
        pool: AccountId,
        record: Option<Member>,
        recorded: u32,
    ) -> Result<()> {
        ensure!(who != pool, PoolError::BadRecipient);
        match record {
            Some(m) => ensure!(!m.active, PoolError::AlreadyMember),
            None => ensure!(recorded < MAX_MEMBERS, PoolError::BadMemberCount),
        }
        Ok(())
    }

    /// The record of a member admitted with the standard budget `allowance`: a new one, or
    /// the record `former` of a former member, with `allowance` on top of its budget, in a
    /// new membership (approvals from the old one no longer count).
    ///
    /// # Errors
    /// `Overflow`.
    fn admitted(former: Option<Member>, allowance: Balance) -> Result<Member> {
        Ok(match former {
            Some(mut m) => {
                m.budget = m.budget.checked_add(allowance).ok_or(PoolError::Overflow)?;
                m.active = true;
                m.term = m.term.checked_add(1).ok_or(PoolError::Overflow)?;
                m
            }
            None => Member {
                budget: allowance,
                active: true,
                ..Member::default()
            },
        })
    }

    /// `record` once `amount` more notes are granted to it; a re-up (`reup`) first raises its
    /// budget as much (an allowance within the budget does not).
    ///
    /// # Errors
    /// `Overflow`.
    fn granted(mut record: Member, amount: Balance, reup: bool) -> Result<Member> {
        if reup {
            record.budget = record
                .budget
                .checked_add(amount)
                .ok_or(PoolError::Overflow)?;
        }
        record.granted = record
            .granted
            .checked_add(amount)
            .ok_or(PoolError::Overflow)?;
        Ok(record)
    }

    /// `record` once `amount` of its gift is revoked; `lower_budget` lowers its budget as
    /// much (a gift handed back keeps the budget).
    ///
    /// # Errors
    /// `Overflow`.
    fn revoked(mut record: Member, amount: Balance, lower_budget: bool) -> Result<Member> {
        record.revoked = record
            .revoked
            .checked_add(amount)
            .ok_or(PoolError::Overflow)?;
        if lower_budget {
            record.budget = record.budget.saturating_sub(amount);
        }
        Ok(record)
    }

    /// `record` of a member removed while it held `gift`: the gift revoked, nothing more to
    /// grant, no longer active.
    ///
    /// # Errors
    /// `Overflow`.
    fn removed(record: Member, gift: Balance) -> Result<Member> {
        let mut record = revoked(record, gift, true)?;
        record.budget = record.granted.saturating_sub(record.revoked);
        record.active = false;
        Ok(record)
    }

    /// A change to one member, worked out and checked before anything is written: what the
    /// bank is asked to do for `who`, then what the pool stores.
    struct Change {
        who: AccountId,
        /// The member's record after the change.
        record: Member,
        /// Notes the bank grants to `who` (0: none); the pool announces them (`Allowed`).
        grant: Balance,
        /// Notes of `who`'s gift the bank revokes (0: none).
        revoke: Balance,
        /// The limit the bank sets on `who`'s line, if it changes.
        limit: Option<Balance>,
        /// The roster with `who` added, for a new member.
        roster: Option<Vec<AccountId>>,
        /// Active members after the change.
        active: u32,
    }

    /// What executing a proposal does, worked out and checked before anything is written.
    enum Effect {
        /// A re-up, a revocation, an admission or a removal.
        Member(Change),
        Threshold(u32),
        Withdraw {
            to: AccountId,
            amount: Balance,
        },
        Trust {
            holder: AccountId,
            limit: Balance,
        },
        Router {
            router: AccountId,
            allowed: bool,
        },
        /// The close by `plan`: `gifts` are the recorded members' gifts still held, to
        /// revoke, and `records` their records once the gifts are revoked.
        Close {
            plan: Settlement,
            gifts: Vec<Balance>,
            records: Vec<Member>,
        },
    }

    #[ink(storage)]
    pub struct Pool {
        bank: AccountId,
        threshold: u32,
        /// Active members.
        active: u32,
        /// Standard budget of a new member.
        allowance: Balance,
        /// Blocks a proposal stays open after the block it was made in.
        ttl: u32,
        closed: bool,
        next_proposal: u32,
        /// Every member ever recorded, in join order (at most `MAX_MEMBERS`).
        roster: Lazy<Vec<AccountId>>,
        members: Mapping<AccountId, Member>,
        proposals: Mapping<u32, Proposal>,
    }

    impl Pool {
        /// A pool of `members` (the caller need not be one) needing `threshold` approvals,
        /// each member with a budget of `allowance` notes; proposals stay open `ttl` blocks.
        /// Deploys the pool's trust bank from `bank_code` (named `symbol`), owned by the pool,
        /// and opens each member's line at it.
        ///
        /// # Errors
        /// `BadMemberCount` (none or more than `MAX_MEMBERS`), `DuplicateMember`,
        /// `BadThreshold`, `CallFailed` (the bank could not be deployed or called).
        #[ink(constructor)]
        pub fn new(
            bank_code: Hash,
            members: Vec<AccountId>,
            threshold: u32,
            allowance: Balance,
            ttl: u32,
            symbol: ink::prelude::string::String,
        ) -> Result<Self> {
            let n = u32::try_from(members.len()).map_err(|_| PoolError::BadMemberCount)?;
            ensure!(n > 0 && n <= MAX_MEMBERS, PoolError::BadMemberCount);
            ensure!(threshold > 0 && threshold <= n, PoolError::BadThreshold);
            for (i, m) in members.iter().enumerate() {
                ensure!(
                    !members.iter().skip(i.saturating_add(1)).any(|o| o == m),
                    PoolError::DuplicateMember
                );
            }
            // Plain concatenation: `format!` would pull the formatting machinery into the wasm.
            let mut name = symbol.clone();
            name.push_str(" pool notes");
            let bank: Bank = build_create::<Bank>()
                .code_hash(bank_code)
                .endowment(0)
                .exec_input(
                    ExecutionInput::new(Selector::new(ink::selector_bytes!("new")))
                        .push_arg(Some(name))
                        .push_arg(Some(symbol))
                        .push_arg(0u8),
                )
                .salt_bytes(Self::env().account_id())
                .returns::<Bank>()
                .try_instantiate()
                .map_err(|_| PoolError::CallFailed)?
                .map_err(|_| PoolError::CallFailed)?;
            let mut pool = Self {
                bank: ink::ToAccountId::to_account_id(&bank),
                threshold,
                active: n,
                allowance,
                ttl,
                closed: false,
                next_proposal: 0,
                roster: Lazy::new(),
                members: Mapping::new(),
                proposals: Mapping::new(),
            };
            // Every line is opened before any member is recorded.
            for m in &members {
                pool.open_line(*m, Balance::MAX)?;
            }
            let record = Member {
                budget: allowance,
                active: true,
                ..Member::default()
            };
            for m in &members {
                pool.members.insert(m, &record);
            }
            pool.roster.set(&members);
            Ok(pool)
        }

        fn bank_ref(&self) -> Bank {
            self.bank.into()
        }

        fn open_line(&self, holder: AccountId, limit: Balance) -> Result<()> {
            bank_result(
                self.bank_ref()
                    .call_mut()
                    .set_limit(holder, limit)
                    .try_invoke(),
            )
        }

        fn bank_revoke(&self, holder: AccountId, amount: Balance) -> Result<()> {
            bank_result(
                self.bank_ref()
                    .call_mut()
                    .revoke(holder, amount)
                    .try_invoke(),
            )
        }

        fn bank_withdraw(&self, amount: Balance) -> Result<()> {
            bank_result(self.bank_ref().call_mut().withdraw(amount).try_invoke())
        }

        fn member_of(&self, who: AccountId) -> Result<Member> {
            match self.members.get(who) {
                Some(m) if m.active => Ok(m),
                _ => Err(PoolError::NotMember),
            }
        }

        /// The caller and its record, if it is an active member of an open pool.
        fn ensure_member(&self) -> Result<(AccountId, Member)> {
            ensure!(!self.closed, PoolError::Closed);
            let caller = self.env().caller();
            Ok((caller, self.member_of(caller)?))
        }

        fn line(&self, holder: AccountId) -> Result<Line> {
            bank_view(self.bank_ref().call().line(holder).try_invoke())
        }

        fn bank_status(&self) -> Result<BankStatus> {
            bank_view(self.bank_ref().call().status().try_invoke())
        }

        /// A change of `who`'s record to `record` alone (nothing asked of the bank, the
        /// active members as they are), for the callers to fill in.
        fn change(&self, who: AccountId, record: Member) -> Change {
            Change {
                who,
                record,
                grant: 0,
                revoke: 0,
                limit: None,
                roster: None,
                active: self.active,
            }
        }

        /// Carries out a worked-out `change`: the bank's grant, revocation and new limit, in
        /// that order (each may fail), then the pool's writes, which cannot.
        fn apply(&mut self, change: Change) -> Result<()> {
            let Change {
                who,
                record,
                grant,
                revoke,
                limit,
                roster,
                active,
            } = change;
            if grant > 0 {
                bank_result(self.bank_ref().call_mut().grant(who, grant).try_invoke())?;
            }
            if revoke > 0 {
                self.bank_revoke(who, revoke)?;
            }
            if let Some(limit) = limit {
                self.open_line(who, limit)?;
            }
            if let Some(roster) = roster {
                self.roster.set(&roster);
            }
            self.members.insert(who, &record);
            self.active = active;
            if grant > 0 {
                self.env().emit_event(Allowed {
                    member: who,
                    amount: grant,
                });
            }
            Ok(())
        }

        /// Checks that `kind` could execute now (before a proposal is stored, and again when
        /// it executes: state may have changed in between).
        fn validate(&self, kind: &ProposalKind) -> Result<()> {
            match *kind {
                ProposalKind::ReUp { member, amount } | ProposalKind::Revoke { member, amount } => {
                    ensure!(amount > 0, PoolError::ZeroAmount);
                    self.member_of(member)?;
                }
                ProposalKind::AddMember(who) => check_admission(
                    who,
                    self.env().account_id(),
                    self.members.get(who),
                    self.roster_len(),
                )?,
                ProposalKind::RemoveMember(who) => {
                    self.member_of(who)?;
                    // Leaves at least one member, and no more approvals needed than members.
                    ensure!(self.threshold < self.active, PoolError::BadThreshold);
                }
                ProposalKind::SetThreshold(t) => {
                    ensure!(t > 0 && t <= self.active, PoolError::BadThreshold);
                }
                ProposalKind::Withdraw { to, amount } => {
                    ensure!(amount > 0, PoolError::ZeroAmount);
                    ensure!(to != self.env().account_id(), PoolError::BadRecipient);
                }
                ProposalKind::Trust { holder, .. } => {
                    ensure!(!self.members.contains(holder), PoolError::AlreadyMember);
                }
                ProposalKind::SetRouter { .. } | ProposalKind::Close => {}
            }
            Ok(())
        }

        fn roster_len(&self) -> u32 {
            let n = self.roster.get().map_or(0, |r| r.len());
            u32::try_from(n).unwrap_or(u32::MAX)
        }

        /// Works out what executing `kind` now does and checks all of it, writing nothing:
        /// [`Self::validate`] again, then what the execution itself can refuse.
        fn prepare(&self, kind: ProposalKind) -> Result<Effect> {
            self.validate(&kind)?;
            Ok(match kind {
                ProposalKind::ReUp { member, amount } => {
                    let record = granted(self.member_of(member)?, amount, true)?;
                    Effect::Member(Change {
                        grant: amount,
                        ..self.change(member, record)
                    })
                }
                ProposalKind::Revoke { member, amount } => {
                    let record = revoked(self.member_of(member)?, amount, true)?;
                    Effect::Member(Change {
                        revoke: amount,
                        ..self.change(member, record)
                    })
                }
                ProposalKind::AddMember(who) => {
                    let former = self.members.get(who);
                    let record = admitted(former, self.allowance)?;
                    let roster = match former {
                        Some(_) => None,
                        None => {
                            let mut roster = self.roster.get().unwrap_or_default();
                            roster.push(who);
                            Some(roster)
                        }
                    };
                    Effect::Member(Change {
                        limit: Some(Balance::MAX),
                        roster,
                        active: self.active.checked_add(1).ok_or(PoolError::Overflow)?,
                        ..self.change(who, record)
                    })
                }
                ProposalKind::RemoveMember(who) => {
                    let record = self.member_of(who)?;
                    let gift = self.line(who)?.granted;
                    // The gift is revoked, and the line takes no new notes.
                    Effect::Member(Change {
                        revoke: gift,
                        limit: Some(0),
                        active: self.active.saturating_sub(1),
                        ..self.change(who, removed(record, gift)?)
                    })
                }
                ProposalKind::SetThreshold(t) => Effect::Threshold(t),
                ProposalKind::Withdraw { to, amount } => Effect::Withdraw { to, amount },
                ProposalKind::Trust { holder, limit } => Effect::Trust { holder, limit },
                ProposalKind::SetRouter { router, allowed } => Effect::Router { router, allowed },
                ProposalKind::Close => {
                    let (plan, gifts) = self.plan()?;
                    let mut records = Vec::with_capacity(gifts.len());
                    for (p, gift) in plan.payouts.iter().zip(&gifts) {
                        let record = self.members.get(p.member).unwrap_or_default();
                        let record = revoked(record, *gift, true)?;
                        // Room for the payout, should the chain refuse it and it be held.
                        record
                            .unclaimed
                            .checked_add(p.payout)
                            .ok_or(PoolError::Overflow)?;
                        records.push(record);
                    }
                    Effect::Close {
                        plan,
                        gifts,
                        records,
                    }
                }
            })
        }

        /// Carries out a worked-out `effect`: its calls into the bank and a withdrawal's
        /// transfer first (each may fail), then the pool's writes and events, which cannot.
        fn perform(&mut self, effect: Effect) -> Result<()> {
            match effect {
                Effect::Member(change) => self.apply(change),
                Effect::Threshold(t) => {
                    self.threshold = t;
                    Ok(())
                }
                Effect::Withdraw { to, amount } => {
                    self.bank_withdraw(amount)?;
                    self.env()
                        .transfer(to, amount)
                        .map_err(|_| PoolError::TransferFailed)
                }
                Effect::Trust { holder, limit } => self.open_line(holder, limit),
                Effect::Router { router, allowed } => bank_result(
                    self.bank_ref()
                        .call_mut()
                        .set_router(router, allowed)
                        .try_invoke(),
                ),
                Effect::Close {
                    plan,
                    gifts,
                    records,
                } => self.close(plan, gifts, records),
            }
        }

        /// The plan, and each recorded member's gift still held (to revoke on close).
        fn plan(&self) -> Result<(Settlement, Vec<Balance>)> {
            let roster = self.roster.get().unwrap_or_default();
            let mut rows = Vec::with_capacity(roster.len());
            let mut gifts = Vec::with_capacity(roster.len());
            let mut unspent: Balance = 0;
            for who in roster {
                let record = self.members.get(who).unwrap_or_default();
                let gift = self.line(who)?.granted;
                unspent = unspent.checked_add(gift).ok_or(PoolError::Overflow)?;
                gifts.push(gift);
                rows.push((who, record.contributed, record.spent(gift)));
            }
            let status = self.bank_status()?;
            let claims = status.outstanding.saturating_sub(unspent);
            let distributable = status.reserve.saturating_sub(claims);
            let payouts = settle(&rows, distributable)?;
            Ok((
                Settlement {
                    reserve: status.reserve,
                    claims,
                    distributable,
                    payouts,
                },
                gifts,
            ))
        }

        /// Revokes every unspent gift and takes the distributable reserve out of the bank,
        /// then records the revocations and pays each member its payout (`records`: the
        /// members' records once their `gifts` are revoked, as the close was worked out).
        fn close(
            &mut self,
            plan: Settlement,
            gifts: Vec<Balance>,
            records: Vec<Member>,
        ) -> Result<()> {
            // One call into the bank for every gift: a bank call loads the bank's code.
            let revoked: Vec<(AccountId, Balance)> = plan
                .payouts
                .iter()
                .zip(&gifts)
                .filter(|(_, gift)| **gift > 0)
                .map(|(p, gift)| (p.member, *gift))
                .collect();
            if !revoked.is_empty() {
                bank_result(self.bank_ref().call_mut().revoke_many(revoked).try_invoke())?;
            }
            if plan.distributable > 0 {
                self.bank_withdraw(plan.distributable)?;
            }
            for ((p, gift), mut record) in plan.payouts.iter().zip(gifts).zip(records) {
                let mut changed = gift > 0;
                // A payout the chain refuses (below the existential deposit to an empty
                // account) must not block everyone's close: it is held for `claim`.
                if p.payout > 0 {
                    if self.env().transfer(p.member, p.payout).is_ok() {
                        self.env().emit_event(PaidOut {
                            member: p.member,
                            amount: p.payout,
                        });
                    } else {
                        // It fits: checked when the close was worked out.
                        record.unclaimed = record.unclaimed.saturating_add(p.payout);
                        changed = true;
                    }
                }
                if changed {
                    self.members.insert(p.member, &record);
                }
            }
            self.closed = true;
            Ok(())
        }

        /// Approvals of members still active, given in their current membership.
        fn counted(&self, proposal: &Proposal) -> u32 {
            let n = proposal
                .approvals
                .iter()
                .zip(&proposal.terms)
                .filter(|(a, term)| self.member_of(**a).is_ok_and(|m| m.term == **term))
                .count();
            u32::try_from(n).unwrap_or(u32::MAX)
        }

        /// Records `member`'s approval of proposal `id`, given in its membership `term`
        /// (`new`: the proposer's approval of a proposal just made, announced first), and
        /// executes the proposal when the approvals that count reach the threshold. Returns
        /// whether it executed.
        ///
        /// The execution is worked out and checked first; then come the vote's events, the
        /// calls into the bank, the execution's writes and, last, the proposal: a vote that
        /// fails has written nothing. The execution never reads the proposal, and the bank
        /// cannot call back into the pool (the pool's calls do not allow re-entry), so that
        /// it is stored after its effects is seen by no one.
        fn vote(
            &mut self,
            id: u32,
            proposal: Proposal,
            member: AccountId,
            term: u32,
            new: bool,
        ) -> Result<bool> {
            let mut proposal = with_approval(proposal, member, term);
            let ready = self.counted(&proposal) >= self.threshold;
            let effect = if ready {
                Some(self.prepare(proposal.kind)?)
            } else {
                None
            };
            if new {
                self.env().emit_event(Proposed {
                    proposer: proposal.proposer,
                    id,
                    kind: proposal.kind,
                    expires_at: proposal.expires_at,
                });
            }
            self.env().emit_event(Approved { member, id });
            if let Some(effect) = effect {
                self.perform(effect)?;
                proposal.executed = true;
            }
            self.proposals.insert(id, &proposal);
            if ready {
                self.env().emit_event(Executed { id });
            }
            Ok(ready)
        }

        /// The pool's summary, given its bank's status (`None`: reserve and notes
        /// outstanding shown as 0).
        fn summary(&self, bank: Option<BankStatus>) -> PoolStatus {
            PoolStatus {
                bank: self.bank,
                threshold: self.threshold,
                members: self.active,
                recorded: self.roster_len(),
                allowance: self.allowance,
                ttl: self.ttl,
                proposals: self.next_proposal,
                closed: self.closed,
                reserve: bank.map_or(0, |b| b.reserve),
                outstanding: bank.map_or(0, |b| b.outstanding),
            }
        }
    }

    impl GroupPool for Pool {
        /// Adds the transferred native currency to the bank's reserve on the caller's account.
        ///
        /// # Errors
        /// `Closed`, `NotMember`, `ZeroAmount`, `Overflow`, `CallFailed`.
        #[ink(message, payable)]
        fn contribute(&mut self) -> Result<()> {
            let (member, mut record) = self.ensure_member()?;
            let amount = self.env().transferred_value();
            ensure!(amount > 0, PoolError::ZeroAmount);
            record.contributed = record
                .contributed
                .checked_add(amount)
                .ok_or(PoolError::Overflow)?;
            bank_result(
                self.bank_ref()
                    .call_mut()
                    .deposit()
                    .transferred_value(amount)
                    .try_invoke(),
            )?;
            self.members.insert(member, &record);
            self.env().emit_event(Contributed { member, amount });
            Ok(())
        }

        /// Grants `amount` of allowance to `member` within its budget (no vote needed; going
        /// past the budget needs a `ReUp` proposal). The member must have stated on the bank
        /// that it is willing to hold the notes (`set_willing`).
        ///
        /// # Errors
        /// `Closed`, `NotMember` (caller or member), `ZeroAmount`, `OverBudget`,
        /// `Bank(NoCapacity)` (the member is not willing to hold that many), `CallFailed`.
        #[ink(message)]
        fn allow(&mut self, member: AccountId, amount: Balance) -> Result<()> {
            self.ensure_member()?;
            ensure!(amount > 0, PoolError::ZeroAmount);
            let record = self.member_of(member)?;
            ensure!(amount <= record.headroom(), PoolError::OverBudget);
            let record = granted(record, amount, false)?;
            self.apply(Change {
                grant: amount,
                ..self.change(member, record)
            })
        }

        /// Proposes `kind`, approved by the proposer; executes at once when the threshold is 1.
        /// Returns the proposal's id.
        ///
        /// # Errors
        /// `Closed`, `NotMember`, what [`ProposalKind`] validation refuses, `Overflow`, and
        /// the execution's errors when it executes at once.
        #[ink(message)]
        fn propose(&mut self, kind: ProposalKind) -> Result<u32> {
            let (proposer, record) = self.ensure_member()?;
            self.validate(&kind)?;
            let id = self.next_proposal;
            let next = id.checked_add(1).ok_or(PoolError::Overflow)?;
            let proposal = Proposal {
                kind,
                proposer,
                approvals: Vec::new(),
                terms: Vec::new(),
                expires_at: self.env().block_number().saturating_add(self.ttl),
                executed: false,
            };
            self.vote(id, proposal, proposer, record.term, true)?;
            self.next_proposal = next;
            Ok(id)
        }

        /// Approves proposal `id`; executes it when this approval reaches the threshold.
        /// Returns whether it executed.
        ///
        /// # Errors
        /// `Closed`, `NotMember`, `UnknownProposal`, `AlreadyExecuted`, `Expired`,
        /// `AlreadyApproved`, and the execution's errors.
        #[ink(message)]
        fn approve(&mut self, id: u32) -> Result<bool> {
            let (member, record) = self.ensure_member()?;
            let proposal = self.proposals.get(id).ok_or(PoolError::UnknownProposal)?;
            check_approval(&proposal, member, record.term, self.env().block_number())?;
            self.vote(id, proposal, member, record.term, false)
        }

        /// What closing the pool now would pay each member (read-only).
        ///
        /// # Errors
        /// `CallFailed`, `Overflow`.
        #[ink(message)]
        fn settlement_plan(&self) -> Result<Settlement> {
            self.plan().map(|(plan, _)| plan)
        }

        /// The transfers between members that would even everyone out after the plan's
        /// payouts: at most n - 1 (read-only).
        ///
        /// # Errors
        /// As `settlement_plan`.
        #[ink(message)]
        fn who_owes_whom(&self) -> Result<Vec<Owe>> {
            self.plan().map(|(plan, _)| who_owes_whom(&plan.payouts))
        }

        /// The pool's summary (reserve and notes outstanding read from its bank).
        #[ink(message)]
        fn status(&self) -> PoolStatus {
            self.summary(self.bank_status().ok())
        }

        /// Every recorded member, active or former, in join order.
        #[ink(message)]
        fn members(&self) -> Vec<(AccountId, Member)> {
            self.roster
                .get()
                .unwrap_or_default()
                .into_iter()
                .map(|m| (m, self.members.get(m).unwrap_or_default()))
                .collect()
        }

        /// Proposal `id`, if it exists.
        #[ink(message)]
        fn proposal(&self, id: u32) -> Option<Proposal> {
            self.proposals.get(id)
        }

        /// The pool's trust bank.
        #[ink(message)]
        fn bank(&self) -> AccountId {
            self.bank
        }

        #[ink(message)]
        fn give_back(&mut self, amount: Balance) -> Result<()> {
            let (member, record) = self.ensure_member()?;
            ensure!(amount > 0, PoolError::ZeroAmount);
            // Handed back, not spent: counted as revoked; the budget stays, so the member
            // may be allowed it again without a vote.
            let record = revoked(record, amount, false)?;
            self.apply(Change {
                revoke: amount,
                ..self.change(member, record)
            })
        }

        #[ink(message)]
        fn claim(&mut self, to: AccountId) -> Result<Balance> {
            let member = self.env().caller();
            let mut record = self.members.get(member).unwrap_or_default();
            let amount = record.unclaimed;
            ensure!(amount > 0, PoolError::NothingToClaim);
            self.env()
                .transfer(to, amount)
                .map_err(|_| PoolError::TransferFailed)?;
            record.unclaimed = 0;
            self.members.insert(member, &record);
            self.env().emit_event(PaidOut { member, amount });
            Ok(amount)
        }
    }

    #[cfg(test)]
    mod tests {
        //! Off-chain unit tests. The off-chain environment can neither deploy nor call a
        //! contract, so the pool is written here as its constructor leaves it, without the
        //! bank, and these tests reach every refusal that comes before a call into the bank.
        //! Nothing reverts here: a refused message must itself leave the state as it was.
        //! The built contract, bank included, is tested in tests/tests/sandbox/pool.rs.
        use super::*;
        use ink::env::{test, DefaultEnvironment as Env};
        use ProposalKind::*;

        const TTL: u32 = 20;
        const ALLOWANCE: Balance = 100;

        fn who(i: u8) -> AccountId {
            AccountId::from([i; 32])
        }

        fn pool_id() -> AccountId {
            AccountId::from([0xF0; 32])
        }

        /// A pool of `who(1)..=who(n)` needing `threshold` approvals, as its constructor
        /// leaves it (the bank aside).
        fn pool(n: u8, threshold: u32) -> Pool {
            test::set_callee::<Env>(pool_id());
            let members: Vec<AccountId> = (1..=n).map(who).collect();
            let mut pool = Pool {
                bank: AccountId::from([0xBA; 32]),
                threshold,
                active: u32::from(n),
                allowance: ALLOWANCE,
                ttl: TTL,
                closed: false,
                next_proposal: 0,
                roster: Lazy::new(),
                members: Mapping::new(),
                proposals: Mapping::new(),
            };
            for m in &members {
                pool.members.insert(m, &admitted(None, ALLOWANCE).unwrap());
            }
            pool.roster.set(&members);
            pool
        }

        /// As an executed `AddMember(who)` leaves the pool (the line at the bank aside).
        fn admit(pool: &mut Pool, who: AccountId) {
            let former = pool.members.get(who);
            if former.is_none() {
                let mut roster = pool.roster.get().unwrap_or_default();
                roster.push(who);
                pool.roster.set(&roster);
            }
            pool.members
                .insert(who, &admitted(former, ALLOWANCE).unwrap());
            pool.active = pool.active.checked_add(1).unwrap();
        }

        /// As an executed `RemoveMember(who)` leaves the pool when `who` held no gift.
        fn remove(pool: &mut Pool, who: AccountId) {
            let record = removed(pool.members.get(who).unwrap(), 0).unwrap();
            pool.members.insert(who, &record);
            pool.active = pool.active.checked_sub(1).unwrap();
        }

        fn as_(i: u8) {
            test::set_caller::<Env>(who(i));
        }

        type State = (PoolStatus, Vec<(AccountId, Member)>, Vec<Option<Proposal>>);

        /// Everything the pool shows (the bank's reserve and notes outstanding as 0), with
        /// the proposals up to two past the last id.
        fn state(pool: &Pool) -> State {
            let status = pool.summary(None);
            let proposals = (0..status.proposals.saturating_add(2))
                .map(|id| pool.proposal(id))
                .collect();
            (status, pool.members(), proposals)
        }

        /// The signature topics of the events emitted so far, in order.
        fn events() -> Vec<Vec<u8>> {
            test::recorded_events()
                .map(|e| e.topics.first().cloned().unwrap_or_default())
                .collect()
        }

        fn topic<E: ink::env::Event>() -> Vec<u8> {
            E::SIGNATURE_TOPIC.map(|t| t.to_vec()).unwrap_or_default()
        }

        /// `call` fails with `err` and leaves the state and the events as they were.
        #[track_caller]
        fn refused<T: core::fmt::Debug>(
            pool: &mut Pool,
            err: PoolError,
            call: impl FnOnce(&mut Pool) -> Result<T>,
        ) {
            let before = (state(pool), events());
            assert_eq!(call(pool).unwrap_err(), err);
            assert_eq!((state(pool), events()), before, "refused with {err:?}");
        }

        #[ink::test]
        fn approving_an_addition_to_a_full_pool_changes_nothing() {
            let mut pool = pool(15, 2);
            as_(1);
            let id = pool.propose(AddMember(who(20))).unwrap();
            // A sixteenth member joined while the proposal waited: the roster is full.
            admit(&mut pool, who(16));
            assert_eq!(pool.summary(None).recorded, MAX_MEMBERS);
            as_(2);
            refused(&mut pool, PoolError::BadMemberCount, |p| p.approve(id));
            refused(&mut pool, PoolError::BadMemberCount, |p| {
                p.propose(AddMember(who(21)))
            });
        }

        #[ink::test]
        fn approving_the_addition_of_a_member_already_in_changes_nothing() {
            let mut pool = pool(3, 2);
            as_(1);
            let id = pool.propose(AddMember(who(9))).unwrap();
            // Admitted by another proposal in the meantime.
            admit(&mut pool, who(9));
            as_(2);
            refused(&mut pool, PoolError::AlreadyMember, |p| p.approve(id));
            refused(&mut pool, PoolError::AlreadyMember, |p| {
                p.propose(AddMember(who(3)))
            });
            refused(&mut pool, PoolError::BadRecipient, |p| {
                p.propose(AddMember(pool_id()))
            });
        }

        #[ink::test]
        fn an_approval_whose_execution_fails_changes_nothing() {
            let mut pool = pool(3, 2);
            as_(1);
            let reup = pool
                .propose(ReUp {
                    member: who(2),
                    amount: Balance::MAX,
                })
                .unwrap();
            let removal = pool.propose(RemoveMember(who(3))).unwrap();
            let threshold = pool.propose(SetThreshold(3)).unwrap();
            // Removed by another proposal in the meantime.
            remove(&mut pool, who(3));
            as_(2);
            // The re-up passes the budget type; the member is gone; 3 approvals of 2 members.
            refused(&mut pool, PoolError::Overflow, |p| p.approve(reup));
            refused(&mut pool, PoolError::NotMember, |p| p.approve(removal));
            refused(&mut pool, PoolError::BadThreshold, |p| p.approve(threshold));
            // None of them was approved, so none executed.
            for id in [reup, removal, threshold] {
                let p = pool.proposal(id).unwrap();
                assert_eq!((p.approvals, p.executed), (vec![who(1)], false));
            }
        }

        #[ink::test]
        fn a_proposal_whose_execution_fails_at_once_is_not_stored() {
            let mut pool = pool(3, 1);
            as_(1);
            // With a threshold of 1 it would execute at once; its execution overflows.
            refused(&mut pool, PoolError::Overflow, |p| {
                p.propose(ReUp {
                    member: who(2),
                    amount: Balance::MAX,
                })
            });
            assert_eq!(pool.summary(None).proposals, 0);
            // What every proposal is checked for, before its execution is worked out.
            for (kind, err) in [
                (SetThreshold(4), PoolError::BadThreshold),
                (SetThreshold(0), PoolError::BadThreshold),
                (RemoveMember(who(9)), PoolError::NotMember),
                (
                    Revoke {
                        member: who(2),
                        amount: 0,
                    },
                    PoolError::ZeroAmount,
                ),
                (
                    Withdraw {
                        to: pool_id(),
                        amount: 1,
                    },
                    PoolError::BadRecipient,
                ),
                (
                    Trust {
                        holder: who(2),
                        limit: 1,
                    },
                    PoolError::AlreadyMember,
                ),
            ] {
                refused(&mut pool, err, |p| p.propose(kind));
            }
            as_(9);
            refused(&mut pool, PoolError::NotMember, |p| p.propose(Close));
            as_(1);
            pool.closed = true;
            refused(&mut pool, PoolError::Closed, |p| p.propose(Close));
        }

        #[ink::test]
        fn a_proposal_past_the_last_id_is_not_stored() {
            let mut pool = pool(3, 1);
            pool.next_proposal = u32::MAX;
            as_(1);
            let before = events();
            assert_eq!(pool.propose(SetThreshold(2)), Err(PoolError::Overflow));
            assert_eq!(pool.proposal(u32::MAX), None);
            let status = pool.summary(None);
            assert_eq!((status.proposals, status.threshold), (u32::MAX, 1));
            assert_eq!(events(), before);
        }

        #[ink::test]
        fn refused_approvals_change_nothing() {
            let mut pool = pool(3, 3);
            as_(1);
            let id = pool.propose(SetThreshold(2)).unwrap();
            refused(&mut pool, PoolError::AlreadyApproved, |p| p.approve(id));
            as_(9);
            refused(&mut pool, PoolError::NotMember, |p| p.approve(id));
            as_(2);
            refused(&mut pool, PoolError::UnknownProposal, |p| p.approve(id + 1));
            assert_eq!(pool.approve(id), Ok(false));
            refused(&mut pool, PoolError::AlreadyApproved, |p| p.approve(id));
            // Past its last block it is expired; a later proposal is still open.
            for _ in 0..=TTL {
                test::advance_block::<Env>();
            }
            let later = pool.propose(SetThreshold(1)).unwrap();
            as_(3);
            refused(&mut pool, PoolError::Expired, |p| p.approve(id));
            assert_eq!(pool.approve(later), Ok(false));
            pool.closed = true;
            refused(&mut pool, PoolError::Closed, |p| p.approve(later));
        }

        #[ink::test]
        fn an_executed_proposal_is_not_approved_again() {
            let mut pool = pool(3, 2);
            as_(1);
            let id = pool.propose(SetThreshold(3)).unwrap();
            assert_eq!(events(), [topic::<Proposed>(), topic::<Approved>()]);
            let p = pool.proposal(id).unwrap();
            assert_eq!(
                (p.approvals, p.terms, p.executed),
                (vec![who(1)], vec![0], false)
            );
            as_(2);
            assert_eq!(pool.approve(id), Ok(true));
            // Written once it executed, announced in order.
            assert_eq!(
                events(),
                [
                    topic::<Proposed>(),
                    topic::<Approved>(),
                    topic::<Approved>(),
                    topic::<Executed>()
                ]
            );
            let p = pool.proposal(id).unwrap();
            assert_eq!((p.approvals, p.executed), (vec![who(1), who(2)], true));
            let status = pool.summary(None);
            assert_eq!((status.threshold, status.proposals), (3, 1));
            as_(3);
            refused(&mut pool, PoolError::AlreadyExecuted, |p| p.approve(id));
        }

        #[test]
        fn check_approval_refuses_executed_expired_and_repeated_approvals() {
            let p = Proposal {
                kind: Close,
                proposer: who(1),
                approvals: vec![who(1), who(2)],
                terms: vec![0, 1],
                expires_at: 10,
                executed: false,
            };
            assert_eq!(check_approval(&p, who(3), 0, 10), Ok(()));
            assert_eq!(check_approval(&p, who(3), 0, 11), Err(PoolError::Expired));
            assert_eq!(
                check_approval(&p, who(1), 0, 5),
                Err(PoolError::AlreadyApproved)
            );
            // In a later membership the same account approves again; in an earlier one, too
            // (that approval counts only while the membership it was given in lasts).
            assert_eq!(check_approval(&p, who(1), 1, 5), Ok(()));
            assert_eq!(check_approval(&p, who(2), 0, 5), Ok(()));
            let done = Proposal {
                executed: true,
                ..p
            };
            assert_eq!(
                check_approval(&done, who(1), 0, 11),
                Err(PoolError::AlreadyExecuted)
            );
        }

        #[test]
        fn an_approval_replaces_the_same_accounts_earlier_one() {
            let p = Proposal {
                kind: Close,
                proposer: who(1),
                approvals: vec![who(1)],
                terms: vec![0],
                expires_at: 10,
                executed: false,
            };
            let p = with_approval(p, who(2), 0);
            assert_eq!(
                (&p.approvals, &p.terms),
                (&vec![who(1), who(2)], &vec![0, 0])
            );
            let p = with_approval(p, who(1), 1);
            assert_eq!((p.approvals, p.terms), (vec![who(1), who(2)], vec![1, 0]));
        }

        #[test]
        fn check_admission_refuses_the_pool_members_and_a_full_roster() {
            let active = Member {
                active: true,
                ..Member::default()
            };
            let former = Member {
                term: 2,
                ..Member::default()
            };
            let (pool, full) = (pool_id(), MAX_MEMBERS);
            assert_eq!(
                check_admission(pool, pool, None, 0),
                Err(PoolError::BadRecipient)
            );
            assert_eq!(
                check_admission(who(1), pool, Some(active), 1),
                Err(PoolError::AlreadyMember)
            );
            // A former member is on the roster already: a full one takes it back.
            assert_eq!(check_admission(who(1), pool, Some(former), full), Ok(()));
            assert_eq!(check_admission(who(1), pool, None, full - 1), Ok(()));
            assert_eq!(
                check_admission(who(1), pool, None, full),
                Err(PoolError::BadMemberCount)
            );
        }

        #[test]
        fn member_records_change_only_when_the_amounts_fit() {
            let new = admitted(None, ALLOWANCE).unwrap();
            assert_eq!((new.budget, new.active, new.term), (ALLOWANCE, true, 0));
            let former = Member {
                budget: 30,
                granted: 30,
                revoked: 10,
                term: 2,
                ..Member::default()
            };
            let back = admitted(Some(former), ALLOWANCE).unwrap();
            assert_eq!((back.budget, back.active, back.term), (130, true, 3));
            let full = Member {
                budget: Balance::MAX,
                ..former
            };
            assert_eq!(admitted(Some(full), 1), Err(PoolError::Overflow));

            // A re-up raises the budget with the grant; an allowance only grants.
            let reup = granted(new, 50, true).unwrap();
            assert_eq!((reup.budget, reup.granted), (150, 50));
            assert_eq!(granted(new, 50, false).unwrap().budget, ALLOWANCE);
            assert_eq!(granted(new, Balance::MAX, true), Err(PoolError::Overflow));
            assert_eq!(granted(reup, Balance::MAX, false), Err(PoolError::Overflow));

            // A revocation by vote lowers the budget; a gift handed back keeps it.
            let taken = revoked(reup, 20, true).unwrap();
            assert_eq!((taken.budget, taken.revoked), (130, 20));
            assert_eq!(revoked(reup, 20, false).unwrap().budget, 150);
            assert_eq!(revoked(taken, Balance::MAX, true), Err(PoolError::Overflow));

            // Removed holding a gift of 10: nothing left to grant, no longer active.
            let gone = removed(
                Member {
                    active: true,
                    ..taken
                },
                10,
            )
            .unwrap();
            assert_eq!((gone.revoked, gone.budget, gone.active), (30, 20, false));
            assert_eq!(gone.headroom(), 0);
        }
    }
}
