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
//! Every message validates before it writes; a message that fails returns `Err` and the chain
//! reverts it, its calls into the bank included.
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
            for m in &members {
                pool.open_line(*m, Balance::MAX)?;
                pool.members.insert(
                    m,
                    &Member {
                        budget: allowance,
                        active: true,
                        ..Member::default()
                    },
                );
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

        fn member_of(&self, who: AccountId) -> Result<Member> {
            match self.members.get(who) {
                Some(m) if m.active => Ok(m),
                _ => Err(PoolError::NotMember),
            }
        }

        /// The caller, if it is an active member of an open pool.
        fn ensure_member(&self) -> Result<AccountId> {
            ensure!(!self.closed, PoolError::Closed);
            let caller = self.env().caller();
            self.member_of(caller)?;
            Ok(caller)
        }

        fn line(&self, holder: AccountId) -> Result<Line> {
            bank_view(self.bank_ref().call().line(holder).try_invoke())
        }

        fn bank_status(&self) -> Result<BankStatus> {
            bank_view(self.bank_ref().call().status().try_invoke())
        }

        /// Grants `amount` notes to `member` and records it (budget already checked).
        fn grant(&mut self, member: AccountId, mut record: Member, amount: Balance) -> Result<()> {
            record.granted = record
                .granted
                .checked_add(amount)
                .ok_or(PoolError::Overflow)?;
            bank_result(
                self.bank_ref()
                    .call_mut()
                    .grant(member, amount)
                    .try_invoke(),
            )?;
            self.members.insert(member, &record);
            self.env().emit_event(Allowed { member, amount });
            Ok(())
        }

        /// Revokes `amount` of `member`'s gift and lowers its budget as much.
        fn revoke(
            &mut self,
            member: AccountId,
            mut record: Member,
            amount: Balance,
            lower_budget: bool,
        ) -> Result<Member> {
            record.revoked = record
                .revoked
                .checked_add(amount)
                .ok_or(PoolError::Overflow)?;
            if lower_budget {
                record.budget = record.budget.saturating_sub(amount);
            }
            if amount > 0 {
                bank_result(
                    self.bank_ref()
                        .call_mut()
                        .revoke(member, amount)
                        .try_invoke(),
                )?;
            }
            self.members.insert(member, &record);
            Ok(record)
        }

        /// Checks that `kind` could execute now (before a proposal is stored, and again when
        /// it executes: state may have changed in between).
        fn validate(&self, kind: &ProposalKind) -> Result<()> {
            match *kind {
                ProposalKind::ReUp { member, amount } | ProposalKind::Revoke { member, amount } => {
                    ensure!(amount > 0, PoolError::ZeroAmount);
                    self.member_of(member)?;
                }
                ProposalKind::AddMember(who) => {
                    // As a member the pool would pay itself a share on close, stranded.
                    ensure!(who != self.env().account_id(), PoolError::BadRecipient);
                    match self.members.get(who) {
                        Some(m) => ensure!(!m.active, PoolError::AlreadyMember),
                        None => {
                            ensure!(self.roster_len() < MAX_MEMBERS, PoolError::BadMemberCount)
                        }
                    }
                }
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

        fn execute(&mut self, kind: ProposalKind) -> Result<()> {
            self.validate(&kind)?;
            match kind {
                ProposalKind::ReUp { member, amount } => {
                    let mut record = self.member_of(member)?;
                    record.budget = record
                        .budget
                        .checked_add(amount)
                        .ok_or(PoolError::Overflow)?;
                    self.grant(member, record, amount)
                }
                ProposalKind::Revoke { member, amount } => {
                    let record = self.member_of(member)?;
                    self.revoke(member, record, amount, true).map(|_| ())
                }
                ProposalKind::AddMember(who) => {
                    let record = match self.members.get(who) {
                        Some(mut former) => {
                            former.budget = former
                                .budget
                                .checked_add(self.allowance)
                                .ok_or(PoolError::Overflow)?;
                            former.active = true;
                            // A new membership: approvals from the old one no longer count.
                            former.term = former.term.checked_add(1).ok_or(PoolError::Overflow)?;
                            former
                        }
                        None => {
                            let mut roster = self.roster.get().unwrap_or_default();
                            roster.push(who);
                            self.roster.set(&roster);
                            Member {
                                budget: self.allowance,
                                active: true,
                                ..Member::default()
                            }
                        }
                    };
                    self.open_line(who, Balance::MAX)?;
                    self.members.insert(who, &record);
                    self.active = self.active.checked_add(1).ok_or(PoolError::Overflow)?;
                    Ok(())
                }
                ProposalKind::RemoveMember(who) => {
                    let record = self.member_of(who)?;
                    let gift = self.line(who)?.granted;
                    let mut record = self.revoke(who, record, gift, true)?;
                    // Nothing more to grant, and the line takes no new notes.
                    record.budget = record.granted.saturating_sub(record.revoked);
                    record.active = false;
                    self.open_line(who, 0)?;
                    self.members.insert(who, &record);
                    self.active = self.active.saturating_sub(1);
                    Ok(())
                }
                ProposalKind::SetThreshold(t) => {
                    self.threshold = t;
                    Ok(())
                }
                ProposalKind::Withdraw { to, amount } => {
                    bank_result(self.bank_ref().call_mut().withdraw(amount).try_invoke())?;
                    self.env()
                        .transfer(to, amount)
                        .map_err(|_| PoolError::TransferFailed)
                }
                ProposalKind::Trust { holder, limit } => self.open_line(holder, limit),
                ProposalKind::SetRouter { router, allowed } => bank_result(
                    self.bank_ref()
                        .call_mut()
                        .set_router(router, allowed)
                        .try_invoke(),
                ),
                ProposalKind::Close => self.close(),
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

        /// Revokes every unspent allowance, takes the distributable reserve out of the bank
        /// and pays each member its payout.
        fn close(&mut self) -> Result<()> {
            let (plan, gifts) = self.plan()?;
            for (p, gift) in plan.payouts.iter().zip(gifts) {
                if gift > 0 {
                    let record = self.members.get(p.member).unwrap_or_default();
                    self.revoke(p.member, record, gift, true)?;
                }
            }
            if plan.distributable > 0 {
                bank_result(
                    self.bank_ref()
                        .call_mut()
                        .withdraw(plan.distributable)
                        .try_invoke(),
                )?;
            }
            for p in plan.payouts.iter().filter(|p| p.payout > 0) {
                // A payout the chain refuses (below the existential deposit to an empty
                // account) must not block everyone's close: it is held for `claim`.
                if self.env().transfer(p.member, p.payout).is_ok() {
                    self.env().emit_event(PaidOut {
                        member: p.member,
                        amount: p.payout,
                    });
                } else {
                    let mut record = self.members.get(p.member).unwrap_or_default();
                    record.unclaimed = record
                        .unclaimed
                        .checked_add(p.payout)
                        .ok_or(PoolError::Overflow)?;
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

        /// Whether `member` approved `proposal` in its membership `term`.
        fn approved_in(proposal: &Proposal, member: AccountId, term: u32) -> bool {
            proposal
                .approvals
                .iter()
                .zip(&proposal.terms)
                .any(|(a, t)| *a == member && *t == term)
        }

        /// Records `member`'s approval, given in its membership `term`; executes the proposal
        /// when it reaches the threshold. Returns whether it executed.
        fn vote(
            &mut self,
            id: u32,
            mut proposal: Proposal,
            member: AccountId,
            term: u32,
        ) -> Result<bool> {
            // One entry per account: a re-admitted member's approval replaces its old one.
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
            self.env().emit_event(Approved { member, id });
            let ready = self.counted(&proposal) >= self.threshold;
            if ready {
                proposal.executed = true;
                // Stored first: the proposal is executed even if its effects change the
                // member set or threshold; an execution error reverts the whole message.
                self.proposals.insert(id, &proposal);
                self.execute(proposal.kind)?;
                self.env().emit_event(Executed { id });
            } else {
                self.proposals.insert(id, &proposal);
            }
            Ok(ready)
        }
    }

    impl GroupPool for Pool {
        /// Adds the transferred native currency to the bank's reserve on the caller's account.
        ///
        /// # Errors
        /// `Closed`, `NotMember`, `ZeroAmount`, `Overflow`, `CallFailed`.
        #[ink(message, payable)]
        fn contribute(&mut self) -> Result<()> {
            let member = self.ensure_member()?;
            let amount = self.env().transferred_value();
            ensure!(amount > 0, PoolError::ZeroAmount);
            let mut record = self.member_of(member)?;
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
            self.grant(member, record, amount)
        }

        /// Proposes `kind`, approved by the proposer; executes at once when the threshold is 1.
        /// Returns the proposal's id.
        ///
        /// # Errors
        /// `Closed`, `NotMember`, what [`ProposalKind`] validation refuses, `Overflow`, and
        /// the execution's errors when it executes at once.
        #[ink(message)]
        fn propose(&mut self, kind: ProposalKind) -> Result<u32> {
            let proposer = self.ensure_member()?;
            self.validate(&kind)?;
            let id = self.next_proposal;
            self.next_proposal = id.checked_add(1).ok_or(PoolError::Overflow)?;
            let expires_at = self.env().block_number().saturating_add(self.ttl);
            let proposal = Proposal {
                kind,
                proposer,
                approvals: Vec::new(),
                terms: Vec::new(),
                expires_at,
                executed: false,
            };
            self.env().emit_event(Proposed {
                proposer,
                id,
                kind,
                expires_at,
            });
            let term = self.member_of(proposer)?.term;
            self.vote(id, proposal, proposer, term)?;
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
            let member = self.ensure_member()?;
            let term = self.member_of(member)?.term;
            let proposal = self.proposals.get(id).ok_or(PoolError::UnknownProposal)?;
            ensure!(!proposal.executed, PoolError::AlreadyExecuted);
            ensure!(
                self.env().block_number() <= proposal.expires_at,
                PoolError::Expired
            );
            ensure!(
                !Self::approved_in(&proposal, member, term),
                PoolError::AlreadyApproved
            );
            self.vote(id, proposal, member, term)
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
            let bank = self.bank_status().ok();
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
            let member = self.ensure_member()?;
            ensure!(amount > 0, PoolError::ZeroAmount);
            let record = self.member_of(member)?;
            // Handed back, not spent: counted as revoked; the budget stays, so the member
            // may be allowed it again without a vote.
            self.revoke(member, record, amount, false).map(|_| ())
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
}
