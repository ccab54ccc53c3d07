//! Following a node's chain: the contract events of its finalized blocks, and what they
//! change in the trust graph.
//!
//! The router emits `Registered { person, bank }` when a person registers a bank, and
//! `Paid` with every leg of a routed payment (the lines the legs changed: routed legs emit
//! no `Transfer` at the banks); a trust bank emits `LineSet`, `Granted`, `Revoked`,
//! `Redeemed` (each naming the holder whose line changed) and PSP22 `Transfer` (notes moved,
//! minted or burned: the lines of `from` and `to`). A [`Follower`] reads each block's `Contracts::ContractEmitted` events, recognises
//! these by their signature topic (the first topic ink 5 gives an event) and decodes their
//! data by the shared event types of `vouch_traits::events`; a [`BlockUpdate`] then holds
//! what the block changed: new banks with all their lines, and the changed lines read afresh
//! from the chain. Applying it to a [`TrustGraph`] needs no chain, so the graph can be
//! locked for the application alone.
//!
//! Blocks are followed once finalized: the ledger's reads (dry runs) are made at the latest
//! finalized block, so a line read after its block is finalized shows that block's change.
//!
//! ```
//! use vouch_client::follow::{change_of, Change, ContractEvent};
//! use vouch_client::{account, ink_id};
//! use vouch_traits::events::LineSet;
//!
//! let (router, bank, bob) = (account("router"), account("bank"), account("bob"));
//! let topic = <LineSet as ink::env::Event>::SIGNATURE_TOPIC.unwrap();
//! let ev = ContractEvent {
//!     contract: bank.clone(),
//!     topics: vec![topic],
//!     data: scale::Encode::encode(&LineSet { holder: ink_id(&bob), limit: 5, willing: 5 }),
//! };
//! let change = change_of(&ev, Some(&router), |b| *b == bank);
//! assert_eq!(change, Some(Change::Lines { bank, holders: vec![bob] }));
//! ```

use crate::graph::TrustGraph;
use crate::node::{our_account, Api, ContractEmitted, Node, NodeError};
use crate::{account_of, BankRef, CallError};
use ink_sandbox::AccountId32;
use scale::Decode;
use std::collections::HashSet;
use subxt::backend::legacy::rpc_methods::NumberOrHex;
use subxt::backend::StreamOfResults;
use subxt::PolkadotConfig;
use vouch_traits::events::{Granted, LineSet, Paid, Redeemed, Registered, Revoked, Transfer};
use vouch_traits::{Line, Settle};

/// One `Contracts::ContractEmitted` event: the emitting contract, its topics and data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractEvent {
    pub contract: AccountId32,
    pub topics: Vec<[u8; 32]>,
    pub data: Vec<u8>,
}

/// What one contract event changes in the trust graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// `person` registered `bank` with the router.
    Registered {
        person: AccountId32,
        bank: AccountId32,
    },
    /// The lines of `holders` at `bank` changed.
    Lines {
        bank: AccountId32,
        holders: Vec<AccountId32>,
    },
    /// A routed payment's legs changed these lines, `(bank, holder)`, at known banks.
    Routed {
        lines: Vec<(AccountId32, AccountId32)>,
    },
}

fn topic_of<E: ink::env::Event>() -> Option<[u8; 32]> {
    E::SIGNATURE_TOPIC
}

fn decode<E: Decode>(data: &[u8]) -> Option<E> {
    E::decode(&mut &data[..]).ok()
}

/// What `ev` changes, if anything: a registration or a payment's legs when `router` emitted
/// it, changed lines when a bank did (`is_bank` tells the banks known so far). Events of
/// other contracts, other events (approvals, deposits) and events that do not decode change
/// nothing.
pub fn change_of(
    ev: &ContractEvent,
    router: Option<&AccountId32>,
    is_bank: impl Fn(&AccountId32) -> bool,
) -> Option<Change> {
    let topic = *ev.topics.first()?;
    if router == Some(&ev.contract) {
        if Some(topic) == topic_of::<Paid>() {
            let p: Paid = decode(&ev.data)?;
            let mut lines: Vec<(AccountId32, AccountId32)> = Vec::new();
            for paying in &p.legs {
                let bank = account_of(&paying.bank);
                for leg in &paying.legs {
                    let to = account_of(&leg.to);
                    // Issue: `to` now holds more of `bank`'s notes; Return: `bank` holds
                    // fewer of `to`'s.
                    let line = match leg.settle {
                        Settle::Issue => (bank.clone(), to),
                        Settle::Return => (to, bank.clone()),
                    };
                    if is_bank(&line.0) && !lines.contains(&line) {
                        lines.push(line);
                    }
                }
            }
            return (!lines.is_empty()).then_some(Change::Routed { lines });
        }
        if Some(topic) != topic_of::<Registered>() {
            return None;
        }
        let r: Registered = decode(&ev.data)?;
        return Some(Change::Registered {
            person: account_of(&r.person),
            bank: account_of(&r.bank),
        });
    }
    if !is_bank(&ev.contract) {
        return None;
    }
    let bank = ev.contract.clone();
    let holders: Vec<AccountId32> = if Some(topic) == topic_of::<LineSet>() {
        vec![account_of(&decode::<LineSet>(&ev.data)?.holder)]
    } else if Some(topic) == topic_of::<Granted>() {
        vec![account_of(&decode::<Granted>(&ev.data)?.holder)]
    } else if Some(topic) == topic_of::<Revoked>() {
        vec![account_of(&decode::<Revoked>(&ev.data)?.holder)]
    } else if Some(topic) == topic_of::<Redeemed>() {
        vec![account_of(&decode::<Redeemed>(&ev.data)?.holder)]
    } else if Some(topic) == topic_of::<Transfer>() {
        let t: Transfer = decode(&ev.data)?;
        let mut both: Vec<AccountId32> = [t.from, t.to]
            .iter()
            .flatten()
            .map(account_of)
            .filter(|who| *who != bank)
            .collect();
        both.dedup();
        both
    } else {
        return None;
    };
    (!holders.is_empty()).then_some(Change::Lines { bank, holders })
}

/// A bank registered in a block, with every line it had when it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub person: AccountId32,
    pub bank: AccountId32,
    /// The bank's lines, read after the block (empty when the bank was known already).
    pub lines: Vec<(AccountId32, Line)>,
}

/// What one block changed: registrations, and the changed lines as read from the chain
/// afterwards.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlockUpdate {
    pub number: u32,
    pub registered: Vec<Registration>,
    /// `(bank, holder, line)`.
    pub lines: Vec<(AccountId32, AccountId32, Line)>,
}

impl BlockUpdate {
    /// Applies the update: new banks join the graph with their lines, changed lines are
    /// set.
    pub fn apply(&self, graph: &mut TrustGraph) {
        for r in &self.registered {
            graph.add_bank(&r.bank);
            for (holder, line) in &r.lines {
                graph.apply(&r.bank, holder, *line);
            }
        }
        for (bank, holder, line) in &self.lines {
            graph.apply(bank, holder, *line);
        }
    }

    /// Whether the block changed nothing in the graph.
    pub fn is_empty(&self) -> bool {
        self.registered.is_empty() && self.lines.is_empty()
    }
}

/// Reads blocks' contract events and turns them into [`BlockUpdate`]s: knows the router and
/// the banks seen so far.
#[derive(Debug, Clone)]
pub struct Follower {
    router: AccountId32,
    banks: HashSet<AccountId32>,
}

impl Follower {
    /// A follower of `router`'s registrations and of the lines of `banks` (and of every bank
    /// registered from now on).
    pub fn new(router: AccountId32, banks: impl IntoIterator<Item = AccountId32>) -> Self {
        Self {
            router,
            banks: banks.into_iter().collect(),
        }
    }

    /// Whether `bank` is known to the follower.
    pub fn knows(&self, bank: &AccountId32) -> bool {
        self.banks.contains(bank)
    }

    /// What block `number` changed. With `registrations_only` (a scan of past blocks whose
    /// lines were read afresh anyway) only registrations are read.
    pub fn block(
        &mut self,
        node: &mut Node,
        number: u32,
        registrations_only: bool,
    ) -> Result<BlockUpdate, CallError> {
        let events = node.contract_events(number)?;
        let mut update = BlockUpdate {
            number,
            ..BlockUpdate::default()
        };
        let mut changed: Vec<(AccountId32, AccountId32)> = Vec::new();
        for ev in &events {
            match change_of(ev, Some(&self.router), |b| self.banks.contains(b)) {
                Some(Change::Registered { person, bank }) => {
                    let lines = if self.banks.insert(bank.clone()) {
                        BankRef::at(bank.clone()).all_lines(node)?
                    } else {
                        Vec::new()
                    };
                    update.registered.push(Registration {
                        person,
                        bank,
                        lines,
                    });
                }
                Some(Change::Lines { bank, holders }) if !registrations_only => {
                    for holder in holders {
                        if !changed.iter().any(|(b, h)| *b == bank && *h == holder) {
                            changed.push((bank.clone(), holder));
                        }
                    }
                }
                Some(Change::Routed { lines }) if !registrations_only => {
                    for line in lines {
                        if !changed.contains(&line) {
                            changed.push(line);
                        }
                    }
                }
                _ => {}
            }
        }
        for (bank, holder) in changed {
            let line = BankRef::at(bank.clone()).line(node, &holder)?;
            update.lines.push((bank, holder, line));
        }
        Ok(update)
    }
}

/// A subscription to a node's finalized blocks.
pub struct FinalizedBlocks {
    stream: StreamOfResults<subxt::blocks::Block<PolkadotConfig, Api>>,
}

impl FinalizedBlocks {
    /// Waits for the next finalized block and gives its number; None when the node ended
    /// the subscription. Blocks the node skipped over are not reported: follow by number
    /// from the last block handled ([`Node::contract_events`]).
    pub fn next(&mut self, node: &Node) -> Option<Result<u32, NodeError>> {
        node.block_on(self.stream.next())
            .map(|b| b.map(|b| b.number()).map_err(NodeError::from))
    }
}

impl Node {
    /// The number of the latest finalized block.
    pub fn finalized_head(&mut self) -> Result<u32, NodeError> {
        let api = self.api().clone();
        Ok(self.block_on(async move { api.blocks().at_latest().await.map(|b| b.number()) })?)
    }

    /// Subscribes to the node's finalized blocks.
    pub fn subscribe_finalized(&mut self) -> Result<FinalizedBlocks, NodeError> {
        let api = self.api().clone();
        let stream = self.block_on(async move { api.blocks().subscribe_finalized().await })?;
        Ok(FinalizedBlocks { stream })
    }

    /// The contract events of block `number` (of the chain the node has finalized), in
    /// order.
    pub fn contract_events(&mut self, number: u32) -> Result<Vec<ContractEvent>, NodeError> {
        let api = self.api().clone();
        let rpc = self.legacy_rpc();
        self.block_on(async move {
            let hash = rpc
                .chain_get_block_hash(Some(NumberOrHex::Number(u64::from(number))))
                .await?
                .ok_or_else(|| NodeError::Rpc(format!("the node has no block #{number}")))?;
            let events = api.events().at(hash).await?;
            let mut out = Vec::new();
            for ev in events.iter() {
                let ev = ev?;
                if let Some(emitted) = ev.as_event::<ContractEmitted>()? {
                    out.push(ContractEvent {
                        contract: our_account(&emitted.contract),
                        topics: ev.topics().iter().map(|t| t.0).collect(),
                        data: emitted.data,
                    });
                }
            }
            Ok(out)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{account, ink_id};
    use scale::Encode;

    fn event<E: ink::env::Event + Encode>(contract: &AccountId32, e: &E) -> ContractEvent {
        ContractEvent {
            contract: contract.clone(),
            topics: vec![E::SIGNATURE_TOPIC.expect("a named event")],
            data: e.encode(),
        }
    }

    #[test]
    fn registrations_come_from_the_router_only() {
        let (router, carol, bank) = (account("router"), account("carol"), account("cb"));
        let reg = Registered {
            person: ink_id(&carol),
            bank: ink_id(&bank),
        };
        assert_eq!(
            change_of(&event(&router, &reg), Some(&router), |_| false),
            Some(Change::Registered {
                person: carol,
                bank: bank.clone()
            })
        );
        // The same event from anyone else is nobody's registration.
        let other = account("other");
        assert_eq!(
            change_of(&event(&other, &reg), Some(&router), |_| false),
            None
        );
    }

    #[test]
    fn a_transfer_changes_the_lines_of_both_sides_but_not_the_bank_s_own() {
        let (bank, a, b) = (account("bank"), account("a"), account("b"));
        let is_bank = |x: &AccountId32| *x == bank;
        let moved = Transfer {
            from: Some(ink_id(&a)),
            to: Some(ink_id(&b)),
            value: 3,
        };
        assert_eq!(
            change_of(&event(&bank, &moved), None, is_bank),
            Some(Change::Lines {
                bank: bank.clone(),
                holders: vec![a.clone(), b]
            })
        );
        let minted = Transfer {
            from: None,
            to: Some(ink_id(&a)),
            value: 3,
        };
        assert_eq!(
            change_of(&event(&bank, &minted), None, is_bank),
            Some(Change::Lines {
                bank: bank.clone(),
                holders: vec![a.clone()]
            })
        );
        let back_to_issuer = Transfer {
            from: Some(ink_id(&bank)),
            to: None,
            value: 3,
        };
        assert_eq!(
            change_of(&event(&bank, &back_to_issuer), None, is_bank),
            None
        );
        // Events of unknown contracts are not followed.
        assert_eq!(change_of(&event(&a, &moved), None, is_bank), None);
    }

    #[test]
    fn a_payment_changes_the_lines_its_legs_name_at_known_banks() {
        use vouch_traits::{BankLegs, Leg};
        let router = account("router");
        let (a, b, c, outside) = (account("a"), account("b"), account("c"), account("x"));
        let known = [a.clone(), b.clone(), c.clone()];
        let is_bank = |x: &AccountId32| known.contains(x);
        let leg = |to: &AccountId32, amount, settle| Leg {
            to: ink_id(to),
            amount,
            settle,
        };
        let paid = Paid {
            from: ink_id(&account("alice")),
            to: ink_id(&account("carol")),
            amount: 5,
            routes: 2,
            legs: vec![
                BankLegs {
                    bank: ink_id(&a),
                    legs: vec![leg(&b, 5, Settle::Issue)],
                },
                BankLegs {
                    bank: ink_id(&b),
                    // b hands back c's notes: c's line for b changed; a leg to a bank the
                    // follower does not know changes nothing it follows.
                    legs: vec![leg(&c, 3, Settle::Return), leg(&outside, 2, Settle::Return)],
                },
                BankLegs {
                    bank: ink_id(&c),
                    legs: vec![leg(&b, 1, Settle::Issue), leg(&b, 1, Settle::Issue)],
                },
            ],
        };
        assert_eq!(
            change_of(&event(&router, &paid), Some(&router), is_bank),
            Some(Change::Routed {
                lines: vec![(a.clone(), b.clone()), (c.clone(), b.clone())]
            })
        );
        // Only the followed router's payments are read.
        assert_eq!(change_of(&event(&a, &paid), Some(&router), is_bank), None);
    }

    #[test]
    fn holder_events_name_their_line() {
        let (bank, h) = (account("bank"), account("h"));
        let is_bank = |x: &AccountId32| *x == bank;
        let want = Some(Change::Lines {
            bank: bank.clone(),
            holders: vec![h.clone()],
        });
        let holder = ink_id(&h);
        assert_eq!(
            change_of(&event(&bank, &Granted { holder, amount: 1 }), None, is_bank),
            want
        );
        assert_eq!(
            change_of(&event(&bank, &Revoked { holder, amount: 1 }), None, is_bank),
            want
        );
        assert_eq!(
            change_of(
                &event(&bank, &Redeemed { holder, amount: 1 }),
                None,
                is_bank
            ),
            want
        );
        // An event that does not decode changes nothing.
        let mut broken = event(&bank, &Granted { holder, amount: 1 });
        broken.data.truncate(3);
        assert_eq!(change_of(&broken, None, is_bank), None);
    }

    #[test]
    fn an_update_adds_banks_and_their_lines() {
        let (a, b) = (account("a"), account("b"));
        let line = Line {
            limit: 10,
            willing: 10,
            held: 0,
            granted: 0,
        };
        // b's line at a was seen before b was known as a bank: no Issue edge yet.
        let mut g = TrustGraph::new([a.clone()]);
        g.apply(&a, &b, line);
        let (na, nb) = (g.node(&a).unwrap(), g.node(&b).unwrap());
        let issue = vouch_pathfinder::EdgeKind::Issue;
        assert_eq!(g.graph.capacity(na, nb, issue), 0);
        let update = BlockUpdate {
            number: 4,
            registered: vec![Registration {
                person: account("bob"),
                bank: b.clone(),
                lines: vec![],
            }],
            lines: vec![],
        };
        update.apply(&mut g);
        assert!(g.is_bank(&b));
        assert_eq!(g.graph.capacity(na, nb, issue), 10);
    }
}
