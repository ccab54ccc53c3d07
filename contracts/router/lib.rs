//! # Router
//!
//! Clears a payment between two people who do not trust each other by rippling it along
//! chains of trust banks that do. The payer (always the caller) supplies one or several
//! routes; the router validates all of them, then calls each paying bank's `hops` once with
//! its legs of every route, netted — flat, so the call depth is 2 (3 for a leg that returns
//! notes) however long the routes. Any failing leg fails the whole message, and the chain
//! reverts every earlier one. The `Paid` event lists every bank's legs: a routed leg emits
//! no `Transfer` of its own.
//!
//! Only banks running allowlisted trust bank code can be routed through or registered.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract]
pub mod router {
    use ink::codegen::TraitCallBuilder;
    use ink::prelude::vec::Vec;
    use ink::storage::Mapping;
    use vouch_traits::events::{Paid, Registered};
    use vouch_traits::{
        ensure, BankError, BankLegs, Leg, Route, Router, RouterError, Settle, Start, TrustBank,
        PSP22,
    };

    type Result<T> = core::result::Result<T, RouterError>;

    use vouch_traits::router::{
        DEFAULT_SEARCH_HOPS, DEFAULT_SEARCH_NODES, MAX_HOPS, MAX_NODES, MAX_ROUTES,
    };

    #[ink(storage)]
    pub struct PaymentRouter {
        admin: AccountId,
        codes: Mapping<Hash, ()>,
        banks: Mapping<AccountId, AccountId>,
    }

    impl PaymentRouter {
        /// A router that accepts banks running `bank_code`; the caller becomes admin.
        #[ink(constructor)]
        pub fn new(bank_code: Hash) -> Self {
            let mut codes = Mapping::new();
            codes.insert(bank_code, &());
            Self {
                admin: Self::env().caller(),
                codes,
                banks: Mapping::new(),
            }
        }

        fn ensure_known_code(&self, contract: AccountId) -> Result<()> {
            self.ensure_known_code_in(contract, &mut Vec::new())
        }

        /// As `ensure_known_code`, remembering in `known` the codes already found on the
        /// allowlist, so a payment reads the allowlist once per code, not once per bank.
        fn ensure_known_code_in(&self, contract: AccountId, known: &mut Vec<Hash>) -> Result<()> {
            let code = self
                .env()
                .code_hash(&contract)
                .map_err(|_| RouterError::UnknownCode)?;
            if !known.contains(&code) {
                ensure!(self.codes.contains(code), RouterError::UnknownCode);
                known.push(code);
            }
            Ok(())
        }

        /// Checks everything about a payment that can be checked without calling a bank;
        /// returns (payer's bank, receiver's bank, total).
        fn validate(
            &self,
            payer: AccountId,
            to: AccountId,
            routes: &[Route],
        ) -> Result<(Option<AccountId>, AccountId, Balance)> {
            ensure!(payer != to, RouterError::SelfPayment);
            let count = u32::try_from(routes.len()).map_err(|_| RouterError::BadRouteCount)?;
            ensure!(
                (1..=MAX_ROUTES).contains(&count),
                RouterError::BadRouteCount
            );
            // The payer needs a bank only for routes that start there.
            let from_bank = self.banks.get(payer);
            let to_bank = self.banks.get(to).ok_or(RouterError::UnknownPerson)?;
            let mut total: Balance = 0;
            let mut known = Vec::new();
            for route in routes {
                ensure!(route.amount > 0, RouterError::ZeroAmount);
                total = total
                    .checked_add(route.amount)
                    .ok_or(RouterError::Overflow)?;
                let hops = u32::try_from(route.hops.len()).map_err(|_| RouterError::BadHopCount)?;
                ensure!((1..=MAX_HOPS).contains(&hops), RouterError::BadHopCount);
                // The first bank is checked like every other: a code taken off the
                // allowlist stops the banks registered while it was on it.
                let first = match route.start {
                    Start::OwnBank => from_bank.ok_or(RouterError::UnknownPerson)?,
                    Start::HeldNotes(issuer) => issuer,
                };
                self.ensure_known_code_in(first, &mut known)?;
                // Banks along the route: first, then every hop's target; none twice.
                let mut seen: Vec<AccountId> =
                    Vec::with_capacity(route.hops.len().saturating_add(1));
                seen.push(first);
                for hop in &route.hops {
                    ensure!(!seen.contains(&hop.to), RouterError::Loop);
                    self.ensure_known_code_in(hop.to, &mut known)?;
                    seen.push(hop.to);
                }
                ensure!(seen.last() == Some(&to_bank), RouterError::WrongDestination);
            }
            Ok((from_bank, to_bank, total))
        }

        /// Breadth-first search over issue edges, bounded by hops and expanded nodes.
        fn search(
            &self,
            payer: AccountId,
            to: AccountId,
            amount: Balance,
            max_hops: u32,
            max_nodes: u32,
        ) -> Result<Route> {
            ensure!(payer != to, RouterError::SelfPayment);
            ensure!(amount > 0, RouterError::ZeroAmount);
            let or = |v: u32, default: u32| if v == 0 { default } else { v };
            let max_hops = or(max_hops, DEFAULT_SEARCH_HOPS);
            let max_nodes = or(max_nodes, DEFAULT_SEARCH_NODES);
            ensure!(
                max_hops <= MAX_HOPS && max_nodes <= MAX_NODES,
                RouterError::BadSearchCap
            );
            let from_bank = self.banks.get(payer).ok_or(RouterError::UnknownPerson)?;
            let to_bank = self.banks.get(to).ok_or(RouterError::UnknownPerson)?;
            self.ensure_known_code(from_bank)?;
            // (bank, index of its parent in `found`, depth)
            let mut found: Vec<(AccountId, usize, u32)> = Vec::new();
            found.push((from_bank, 0, 0));
            let mut next = 0usize;
            let mut expanded = 0u32;
            while next < found.len() && expanded < max_nodes {
                let (bank, _, depth) = found[next];
                let here = next;
                next = next.saturating_add(1);
                if depth >= max_hops {
                    continue;
                }
                expanded = expanded.saturating_add(1);
                let b: ink::contract_ref!(TrustBank) = bank.into();
                let page = b
                    .call()
                    .lines(0, vouch_traits::traits::MAX_PAGE)
                    .try_invoke()
                    .ok()
                    .and_then(|r| r.ok())
                    .unwrap_or_default();
                for (holder, line) in page {
                    if line.capacity() < amount || found.iter().any(|(a, _, _)| *a == holder) {
                        continue;
                    }
                    if self.ensure_known_code(holder).is_err() {
                        continue;
                    }
                    found.push((holder, here, depth.saturating_add(1)));
                    if holder == to_bank {
                        return Ok(Self::path_to(&found, amount));
                    }
                }
            }
            Err(RouterError::NoRoute)
        }

        /// The route to the last bank in `found`, following parents back to the root.
        fn path_to(found: &[(AccountId, usize, u32)], amount: Balance) -> Route {
            let mut hops = Vec::new();
            let mut at = found.len().saturating_sub(1);
            while at != 0 {
                let (bank, parent, _) = found[at];
                hops.push(vouch_traits::Hop {
                    to: bank,
                    settle: Settle::Issue,
                });
                at = parent;
            }
            hops.reverse();
            Route {
                amount,
                start: Start::OwnBank,
                hops,
            }
        }

        fn hop_failed(route: usize, hop: usize, error: BankError) -> RouterError {
            RouterError::HopFailed {
                route: u32::try_from(route).unwrap_or(u32::MAX),
                hop: u32::try_from(hop).unwrap_or(u32::MAX),
                error,
            }
        }

        /// Runs a validated payment: first every `HeldNotes` hand-back, then one `hops` call
        /// per paying bank, in the order the routes first reach them, with that bank's legs
        /// of every route netted per (next bank, settlement). A failure names the first
        /// (route, hop) of the leg that failed. Returns every bank's legs, for `Paid`.
        fn execute(
            &self,
            payer: AccountId,
            from_bank: Option<AccountId>,
            routes: &[Route],
        ) -> Result<Vec<BankLegs>> {
            let batches = batch(payer, from_bank, routes)?;
            for (r, route) in routes.iter().enumerate() {
                if let Start::HeldNotes(issuer) = route.start {
                    // The payer's notes go back to their issuer (burned there).
                    let mut notes: ink::contract_ref!(PSP22) = issuer.into();
                    notes
                        .call_mut()
                        .transfer_from(payer, issuer, route.amount, Vec::new())
                        .try_invoke()
                        .map_err(|_| Self::hop_failed(r, 0, BankError::CallFailed))?
                        .map_err(|_| Self::hop_failed(r, 0, BankError::CallFailed))?
                        .map_err(|e| Self::hop_failed(r, 0, BankError::from(e)))?;
                }
            }
            let mut paid = Vec::with_capacity(batches.len());
            for Batch {
                bank,
                legs,
                origins,
            } in batches
            {
                let origin = |leg: u32| {
                    origins
                        .get(leg as usize)
                        .or(origins.first())
                        .copied()
                        .unwrap_or((0, 0))
                };
                let mut callee: ink::contract_ref!(TrustBank) = bank.into();
                let failed = |leg: u32, error: BankError| {
                    let (route, hop) = origin(leg);
                    RouterError::HopFailed { route, hop, error }
                };
                callee
                    .call_mut()
                    .hops(legs.clone())
                    .try_invoke()
                    .map_err(|_| failed(0, BankError::CallFailed))?
                    .map_err(|_| failed(0, BankError::CallFailed))?
                    .map_err(|e| failed(e.leg, e.error))?;
                paid.push(BankLegs { bank, legs });
            }
            Ok(paid)
        }
    }

    /// The legs one bank pays in a payment, and the (route, hop) each leg first came from.
    struct Batch {
        bank: AccountId,
        legs: Vec<Leg>,
        origins: Vec<(u32, u32)>,
    }

    /// Groups a validated payment's hops by paying bank (in the order the routes first reach
    /// each bank) and nets equal legs (same next bank, same settlement) across routes.
    fn batch(
        payer: AccountId,
        from_bank: Option<AccountId>,
        routes: &[Route],
    ) -> Result<Vec<Batch>> {
        let mut batches: Vec<Batch> = Vec::new();
        for (r, route) in routes.iter().enumerate() {
            // validate() made sure OwnBank routes have a bank.
            let (mut current, offset) = match route.start {
                Start::OwnBank => (from_bank.unwrap_or(payer), 0),
                Start::HeldNotes(issuer) => (issuer, 1),
            };
            for (h, hop) in route.hops.iter().enumerate() {
                let origin = (
                    u32::try_from(r).unwrap_or(u32::MAX),
                    u32::try_from(h.saturating_add(offset)).unwrap_or(u32::MAX),
                );
                let at = match batches.iter().position(|b| b.bank == current) {
                    Some(at) => at,
                    None => {
                        batches.push(Batch {
                            bank: current,
                            legs: Vec::new(),
                            origins: Vec::new(),
                        });
                        batches.len().saturating_sub(1)
                    }
                };
                let b = &mut batches[at];
                match b
                    .legs
                    .iter_mut()
                    .find(|l| l.to == hop.to && l.settle == hop.settle)
                {
                    Some(leg) => {
                        leg.amount = leg
                            .amount
                            .checked_add(route.amount)
                            .ok_or(RouterError::Overflow)?
                    }
                    None => {
                        b.legs.push(Leg {
                            to: hop.to,
                            amount: route.amount,
                            settle: hop.settle,
                        });
                        b.origins.push(origin);
                    }
                }
                current = hop.to;
            }
        }
        Ok(batches)
    }

    impl Router for PaymentRouter {
        #[ink(message)]
        fn register(&mut self, bank: AccountId) -> Result<()> {
            self.ensure_known_code(bank)?;
            let person = self.env().caller();
            let b: ink::contract_ref!(TrustBank) = bank.into();
            let owner = b
                .call()
                .status()
                .try_invoke()
                .map_err(|_| RouterError::UnknownCode)?
                .map_err(|_| RouterError::UnknownCode)?
                .owner;
            ensure!(owner == person, RouterError::NotBankOwner);
            self.banks.insert(person, &bank);
            self.env().emit_event(Registered { person, bank });
            Ok(())
        }

        #[ink(message)]
        fn bank_of(&self, person: AccountId) -> Option<AccountId> {
            self.banks.get(person)
        }

        #[ink(message)]
        fn pay_along(
            &mut self,
            to: AccountId,
            routes: Vec<Route>,
            max_spent: Balance,
            min_delivered: Balance,
            deadline: u64,
        ) -> Result<Balance> {
            ensure!(
                self.env().block_timestamp() <= deadline,
                RouterError::DeadlinePassed
            );
            let payer = self.env().caller();
            let (from_bank, _, total) = self.validate(payer, to, &routes)?;
            ensure!(total <= max_spent, RouterError::MaxSpentExceeded);
            ensure!(total >= min_delivered, RouterError::BelowMinDelivered);
            // Banks are called without ALLOW_REENTRY, so nothing can call back into the
            // router while the hops run.
            let legs = self.execute(payer, from_bank, &routes)?;
            self.env().emit_event(Paid {
                from: payer,
                to,
                amount: total,
                routes: u32::try_from(routes.len()).unwrap_or(u32::MAX),
                legs,
            });
            Ok(total)
        }

        #[ink(message)]
        fn quote(&self, to: AccountId, routes: Vec<Route>) -> Result<Vec<Balance>> {
            let payer = self.env().caller();
            let (from_bank, _, _) = self.validate(payer, to, &routes)?;
            // The lines each route needs, as (bank, holder) reads: one `lines_of` call per bank.
            let mut reads: Vec<(AccountId, Vec<AccountId>)> = Vec::new();
            let mut need = |bank: AccountId, holder: AccountId| match reads
                .iter_mut()
                .find(|(b, _)| *b == bank)
            {
                Some((_, holders)) => {
                    if !holders.contains(&holder) {
                        holders.push(holder)
                    }
                }
                None => reads.push((bank, ink::prelude::vec![holder])),
            };
            for route in &routes {
                let mut current = match route.start {
                    Start::OwnBank => from_bank.unwrap_or(payer),
                    Start::HeldNotes(issuer) => {
                        need(issuer, payer);
                        issuer
                    }
                };
                for hop in &route.hops {
                    match hop.settle {
                        Settle::Issue => need(current, hop.to),
                        Settle::Return => need(hop.to, current),
                    }
                    current = hop.to;
                }
            }
            let lines: Vec<(AccountId, Vec<AccountId>, Vec<vouch_traits::Line>)> = reads
                .into_iter()
                .map(|(bank, holders)| {
                    let b: ink::contract_ref!(TrustBank) = bank.into();
                    // Zero when the call fails: nothing can move there.
                    let got = b
                        .call()
                        .lines_of(holders.clone())
                        .try_invoke()
                        .ok()
                        .and_then(|r| r.ok())
                        .unwrap_or_default();
                    (bank, holders, got)
                })
                .collect();
            let line_of = |bank: AccountId, holder: AccountId| {
                lines
                    .iter()
                    .find(|(b, _, _)| *b == bank)
                    .and_then(|(_, holders, got)| {
                        let i = holders.iter().position(|h| *h == holder)?;
                        got.get(i).copied()
                    })
                    .unwrap_or_default()
            };
            let mut out = Vec::with_capacity(routes.len());
            for route in &routes {
                let (mut current, mut best) = match route.start {
                    Start::OwnBank => (from_bank.unwrap_or(payer), Balance::MAX),
                    Start::HeldNotes(issuer) => (issuer, line_of(issuer, payer).held),
                };
                for hop in &route.hops {
                    let room = match hop.settle {
                        Settle::Issue => line_of(current, hop.to).capacity(),
                        Settle::Return => line_of(hop.to, current).held,
                    };
                    best = best.min(room);
                    current = hop.to;
                }
                out.push(best);
            }
            Ok(out)
        }

        #[ink(message)]
        fn allow_code(&mut self, code_hash: Hash, allowed: bool) -> Result<()> {
            ensure!(self.env().caller() == self.admin, RouterError::NotAdmin);
            if allowed {
                self.codes.insert(code_hash, &());
            } else {
                self.codes.remove(code_hash);
            }
            Ok(())
        }

        #[ink(message)]
        fn caps(&self) -> (u32, u32) {
            (MAX_ROUTES, MAX_HOPS)
        }

        #[ink(message)]
        fn find_route(
            &self,
            to: AccountId,
            amount: Balance,
            max_hops: u32,
            max_nodes: u32,
        ) -> Result<Route> {
            self.search(self.env().caller(), to, amount, max_hops, max_nodes)
        }

        #[ink(message)]
        fn pay(
            &mut self,
            to: AccountId,
            amount: Balance,
            max_hops: u32,
            max_nodes: u32,
        ) -> Result<Balance> {
            let payer = self.env().caller();
            let route = self.search(payer, to, amount, max_hops, max_nodes)?;
            let routes = [route];
            let legs = self.execute(payer, self.banks.get(payer), &routes)?;
            self.env().emit_event(Paid {
                from: payer,
                to,
                amount,
                routes: 1,
                legs,
            });
            Ok(amount)
        }
    }
}
