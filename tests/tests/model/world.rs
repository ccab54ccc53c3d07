//! The chain under test: three people's trust banks, a router, a group pool (with the trust
//! bank it deploys) and four people on one sandbox chain, with one call per [`Op`] and a full
//! read-back of everything the model predicts.

use crate::ops::{
    Acct, Bound, HopKind, KindOp, Op, StartOp, BANKS, PEOPLE, PERSON_BANKS, POOLS, POOL_ALLOWANCE,
    POOL_MEMBERS, POOL_THRESHOLD, POOL_TTL,
};
use crate::reference::{Ev, LineM, Outcome, PlanM, PoolView, ProposalM, StatusM};
use ink_sandbox::frame_support::sp_runtime::StateVersion::V1;
use ink_sandbox::frame_support::storage::{child, storage_prefix, unhashed};
use ink_sandbox::frame_support::traits::fungible::Inspect;
use ink_sandbox::frame_support::{StorageHasher, Twox64Concat};
use ink_sandbox::macros::Balances;
use ink_sandbox::{AccountId32, Sandbox};
use scale::{Decode, Encode};
use std::collections::HashMap;
use vouch_sandbox_tests::{
    bundle, ink_id, selector, BankRef, CallError, Chain, ChainExt, Ledger, PoolConfig, PoolRef,
    Refusal, RouterRef,
};
use vouch_traits::events as ev;
use vouch_traits::pool::{self as pl, PoolError, ProposalKind};
use vouch_traits::{
    BankError, BankStatus, Hop, Line, PSP22Error, Route, RouterError, Settle, Start,
};

/// What one call did on the chain.
#[derive(Debug)]
pub struct Exec {
    /// The decoded answer, or why the call did not return.
    pub outcome: Result<Outcome, String>,
    pub events: Vec<Ev>,
    /// Storage deposit the caller paid (negative: refunded).
    pub deposit: i128,
}

/// Everything read back from the chain after a step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Observed {
    /// Per bank: its lines in index order, and its status.
    pub banks: Vec<(Vec<(Acct, LineM)>, BankStatus)>,
    /// Free native balance of each person.
    pub free: Vec<u128>,
    /// Free + reserved (held) native balance of every account of the world.
    pub total: Vec<(Acct, u128)>,
    /// The chain's total issuance.
    pub issuance: u128,
    /// Per pool: what its views show.
    pub pools: Vec<PoolView>,
    /// Free native balance of the router and of each pool (their storage deposits are held,
    /// not free): what they were paid and hold.
    pub loose: Vec<(Acct, u128)>,
}

/// A contract's storage root and native balance: what its views are a function of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Footprint {
    pub root: Vec<u8>,
    pub balance: u128,
}

pub struct World {
    pub chain: Chain,
    pub people: Vec<AccountId32>,
    /// The people's banks, then the pools' banks.
    pub banks: Vec<AccountId32>,
    pub router: AccountId32,
    pub pools: Vec<PoolRef>,
    /// Signature topic -> event label.
    topics: HashMap<[u8; 32], String>,
    /// Account bytes -> the account's short name.
    names: HashMap<[u8; 32], Acct>,
}

fn raw32(id: &vouch_traits::AccountId) -> [u8; 32] {
    *AsRef::<[u8; 32]>::as_ref(id)
}

impl World {
    /// Deploys the router (administered by `admin`), one bank per person `p0..p2`, and the
    /// pools (created by `admin`), each deploying its own bank.
    pub fn deploy() -> Self {
        let mut chain = Chain::new();
        let admin = chain.person("model-admin");
        // Funded as when it made the views (they now come from the client's viewer), so
        // that the chain's issuance stays what it was.
        chain.person("model-viewer");
        let people: Vec<AccountId32> = (0..PEOPLE)
            .map(|i| chain.person(&format!("model-p{i}")))
            .collect();
        let router = chain.deploy_router(&admin);
        let mut banks: Vec<AccountId32> = (0..PERSON_BANKS)
            .map(|i| {
                chain
                    .deploy_bank(&people[usize::from(i)], &format!("B{i}"))
                    .addr
            })
            .collect();
        let pools: Vec<PoolRef> = (0..POOLS)
            .map(|g| {
                let members = POOL_MEMBERS
                    .iter()
                    .map(|m| people[usize::from(*m)].clone())
                    .collect();
                let config =
                    PoolConfig::new(members, POOL_THRESHOLD, POOL_ALLOWANCE, &format!("G{g}"))
                        .ttl(POOL_TTL);
                chain.deploy_pool(&admin, &config)
            })
            .collect();
        banks.extend(pools.iter().map(|p| p.bank.addr.clone()));
        let mut topics = HashMap::new();
        for name in ["trust_bank", "router", "pool"] {
            for (label, topic) in bundle(name).events() {
                topics.insert(*topic, label.clone());
            }
        }
        let mut names = HashMap::new();
        for (i, p) in people.iter().enumerate() {
            names.insert(
                *AsRef::<[u8; 32]>::as_ref(p),
                Acct::P(u8::try_from(i).expect("PEOPLE (4) people")),
            );
        }
        for (i, b) in banks.iter().enumerate() {
            names.insert(
                *AsRef::<[u8; 32]>::as_ref(b),
                Acct::B(u8::try_from(i).expect("BANKS (4) banks")),
            );
        }
        for (i, p) in pools.iter().enumerate() {
            names.insert(
                *AsRef::<[u8; 32]>::as_ref(&p.addr),
                Acct::Pool(u8::try_from(i).expect("POOLS pools")),
            );
        }
        names.insert(*AsRef::<[u8; 32]>::as_ref(&router), Acct::Router);
        Self {
            chain,
            people,
            banks,
            router,
            pools,
            topics,
            names,
        }
    }

    pub fn addr(&self, a: Acct) -> AccountId32 {
        match a {
            Acct::P(i) => self.people[usize::from(i)].clone(),
            Acct::B(i) => self.banks[usize::from(i)].clone(),
            Acct::Router => self.router.clone(),
            Acct::Pool(i) => self.pools[usize::from(i)].addr.clone(),
        }
    }

    pub fn id(&self, a: Acct) -> vouch_traits::AccountId {
        ink_id(&self.addr(a))
    }

    /// A proposal's kind as the pool takes it.
    fn kind(&self, k: KindOp) -> ProposalKind {
        match k {
            KindOp::ReUp { member, amount } => ProposalKind::ReUp {
                member: self.id(member),
                amount,
            },
            KindOp::Revoke { member, amount } => ProposalKind::Revoke {
                member: self.id(member),
                amount,
            },
            KindOp::Add(who) => ProposalKind::AddMember(self.id(who)),
            KindOp::Remove(who) => ProposalKind::RemoveMember(self.id(who)),
            KindOp::Threshold(t) => ProposalKind::SetThreshold(t),
            KindOp::Withdraw { to, amount } => ProposalKind::Withdraw {
                to: self.id(to),
                amount,
            },
            KindOp::Trust { holder, limit } => ProposalKind::Trust {
                holder: self.id(holder),
                limit,
            },
            KindOp::SetRouter { router, allowed } => ProposalKind::SetRouter {
                router: self.id(router),
                allowed,
            },
            KindOp::Close => ProposalKind::Close,
        }
    }

    /// A proposal's kind as the chain shows it, named short.
    fn kind_of(&self, k: &ProposalKind) -> KindOp {
        let n = |id: &vouch_traits::AccountId| self.name(id);
        match k {
            ProposalKind::ReUp { member, amount } => KindOp::ReUp {
                member: n(member),
                amount: *amount,
            },
            ProposalKind::Revoke { member, amount } => KindOp::Revoke {
                member: n(member),
                amount: *amount,
            },
            ProposalKind::AddMember(who) => KindOp::Add(n(who)),
            ProposalKind::RemoveMember(who) => KindOp::Remove(n(who)),
            ProposalKind::SetThreshold(t) => KindOp::Threshold(*t),
            ProposalKind::Withdraw { to, amount } => KindOp::Withdraw {
                to: n(to),
                amount: *amount,
            },
            ProposalKind::Trust { holder, limit } => KindOp::Trust {
                holder: n(holder),
                limit: *limit,
            },
            ProposalKind::SetRouter { router, allowed } => KindOp::SetRouter {
                router: n(router),
                allowed: *allowed,
            },
            ProposalKind::Close => KindOp::Close,
        }
    }

    fn name(&self, id: &vouch_traits::AccountId) -> Acct {
        *self
            .names
            .get(&raw32(id))
            .unwrap_or_else(|| panic!("an event names an unknown account {id:?}"))
    }

    fn route(&self, r: &crate::ops::RouteOp) -> Route {
        Route {
            amount: r.amount,
            start: match r.start {
                StartOp::OwnBank => Start::OwnBank,
                StartOp::HeldNotes(a) => Start::HeldNotes(self.id(a)),
            },
            hops: r
                .hops
                .iter()
                .map(|h| Hop {
                    to: self.id(h.to),
                    settle: match h.kind {
                        HopKind::Issue => Settle::Issue,
                        HopKind::Return => Settle::Return,
                    },
                })
                .collect(),
        }
    }

    /// Calls the message for `op` as its caller.
    pub fn exec(&mut self, op: &Op) -> Exec {
        let Some(caller) = op.caller() else {
            let Op::Advance { blocks } = op else {
                unreachable!("only the chain moving on has no caller")
            };
            self.chain.advance_blocks(*blocks);
            return Exec {
                outcome: Ok(Outcome::Advanced),
                events: Vec::new(),
                deposit: 0,
            };
        };
        let who = self.addr(caller.into());
        let bank = |b: &crate::ops::B| self.banks[usize::from(b.0)].clone();
        type Decoder = fn(&[u8]) -> Result<Outcome, scale::Error>;
        fn unit(out: &[u8]) -> Result<Outcome, scale::Error> {
            <Result<(), BankError>>::decode(&mut &out[..]).map(Outcome::Bank)
        }
        fn amount(out: &[u8]) -> Result<Outcome, scale::Error> {
            <Result<u128, BankError>>::decode(&mut &out[..]).map(Outcome::Redeemed)
        }
        fn psp(out: &[u8]) -> Result<Outcome, scale::Error> {
            <Result<(), PSP22Error>>::decode(&mut &out[..]).map(Outcome::Psp)
        }
        fn reg(out: &[u8]) -> Result<Outcome, scale::Error> {
            <Result<(), RouterError>>::decode(&mut &out[..]).map(Outcome::Register)
        }
        fn pay(out: &[u8]) -> Result<Outcome, scale::Error> {
            <Result<u128, RouterError>>::decode(&mut &out[..]).map(Outcome::Pay)
        }
        fn pool_unit(out: &[u8]) -> Result<Outcome, scale::Error> {
            <Result<(), PoolError>>::decode(&mut &out[..]).map(Outcome::Pool)
        }
        fn proposed(out: &[u8]) -> Result<Outcome, scale::Error> {
            <Result<u32, PoolError>>::decode(&mut &out[..]).map(Outcome::Proposed)
        }
        fn voted(out: &[u8]) -> Result<Outcome, scale::Error> {
            <Result<bool, PoolError>>::decode(&mut &out[..]).map(Outcome::Voted)
        }
        fn claimed(out: &[u8]) -> Result<Outcome, scale::Error> {
            <Result<u128, PoolError>>::decode(&mut &out[..]).map(Outcome::Claimed)
        }
        let pool = |g: &crate::ops::G| self.pools[usize::from(g.0)].addr.clone();
        let (contract, label, args, value, decode): (AccountId32, &str, Vec<u8>, u128, Decoder) =
            match op {
                Op::Deposit {
                    bank: b, amount: a, ..
                } => (bank(b), "TrustBank::deposit", vec![], *a, unit),
                Op::Withdraw {
                    bank: b, amount: a, ..
                } => (bank(b), "TrustBank::withdraw", a.encode(), 0, unit),
                Op::SetLimit {
                    bank: b,
                    holder,
                    limit,
                    ..
                } => (
                    bank(b),
                    "TrustBank::set_limit",
                    (self.id(*holder), limit).encode(),
                    0,
                    unit,
                ),
                Op::SetWilling {
                    bank: b, amount: a, ..
                } => (bank(b), "TrustBank::set_willing", a.encode(), 0, unit),
                Op::Grant {
                    bank: b,
                    holder,
                    amount: a,
                    ..
                } => (
                    bank(b),
                    "TrustBank::grant",
                    (self.id(*holder), a).encode(),
                    0,
                    unit,
                ),
                Op::Revoke {
                    bank: b,
                    holder,
                    amount: a,
                    ..
                } => (
                    bank(b),
                    "TrustBank::revoke",
                    (self.id(*holder), a).encode(),
                    0,
                    unit,
                ),
                Op::Redeem {
                    bank: b, amount: a, ..
                } => (bank(b), "TrustBank::redeem", a.encode(), 0, unit),
                Op::RedeemPartial { bank: b, max, .. } => (
                    bank(b),
                    "TrustBank::redeem_partial",
                    max.encode(),
                    0,
                    amount,
                ),
                Op::Collect {
                    bank: b,
                    issuer,
                    amount: a,
                    ..
                } => (
                    bank(b),
                    "TrustBank::collect",
                    (self.id(*issuer), a).encode(),
                    0,
                    unit,
                ),
                Op::Trust {
                    bank: b,
                    issuer,
                    amount: a,
                    ..
                } => (
                    bank(b),
                    "TrustBank::trust",
                    (self.id(*issuer), a).encode(),
                    0,
                    unit,
                ),
                Op::SetRouter {
                    bank: b, allowed, ..
                } => (
                    bank(b),
                    "TrustBank::set_router",
                    (ink_id(&self.router), allowed).encode(),
                    0,
                    unit,
                ),
                Op::Transfer {
                    bank: b,
                    to,
                    amount: a,
                    ..
                } => (
                    bank(b),
                    "PSP22::transfer",
                    (self.id(*to), a, Vec::<u8>::new()).encode(),
                    0,
                    psp,
                ),
                Op::TransferFrom {
                    bank: b,
                    from,
                    to,
                    amount: a,
                    ..
                } => (
                    bank(b),
                    "PSP22::transfer_from",
                    (self.id(*from), self.id(*to), a, Vec::<u8>::new()).encode(),
                    0,
                    psp,
                ),
                Op::Approve {
                    bank: b,
                    spender,
                    amount: a,
                    ..
                } => (
                    bank(b),
                    "PSP22::approve",
                    (self.id(*spender), a).encode(),
                    0,
                    psp,
                ),
                Op::Register { bank: b, .. } => (
                    self.router.clone(),
                    "Router::register",
                    self.id(*b).encode(),
                    0,
                    reg,
                ),
                Op::Pay {
                    to, routes, bound, ..
                } => {
                    let total: u128 = routes.iter().map(|r| r.amount).sum();
                    let (max_spent, min_delivered) = match bound {
                        Bound::Open => (u128::MAX, 0),
                        Bound::SpendBelowTotal => (total.saturating_sub(1), 0),
                        Bound::DeliverAboveTotal => (u128::MAX, total.saturating_add(1)),
                    };
                    let routes: Vec<Route> = routes.iter().map(|r| self.route(r)).collect();
                    let args = (
                        self.id(Acct::P(to.0)),
                        routes,
                        max_spent,
                        min_delivered,
                        u64::MAX,
                    )
                        .encode();
                    (self.router.clone(), "Router::pay_along", args, 0, pay)
                }
                Op::Contribute {
                    pool: g, amount: a, ..
                } => (pool(g), "GroupPool::contribute", vec![], *a, pool_unit),
                Op::Allow {
                    pool: g,
                    member,
                    amount: a,
                    ..
                } => (
                    pool(g),
                    "GroupPool::allow",
                    (self.id(*member), a).encode(),
                    0,
                    pool_unit,
                ),
                Op::Propose { pool: g, kind, .. } => (
                    pool(g),
                    "GroupPool::propose",
                    self.kind(*kind).encode(),
                    0,
                    proposed,
                ),
                Op::Vote { pool: g, id, .. } => {
                    (pool(g), "GroupPool::approve", id.encode(), 0, voted)
                }
                Op::GiveBack {
                    pool: g, amount: a, ..
                } => (pool(g), "GroupPool::give_back", a.encode(), 0, pool_unit),
                Op::Claim { pool: g, to, .. } => (
                    pool(g),
                    "GroupPool::claim",
                    self.id(*to).encode(),
                    0,
                    claimed,
                ),
                Op::Advance { .. } => unreachable!("handled above"),
                Op::VoteLatest { .. } => unreachable!("Run::step resolves it into a Vote"),
            };
        let mut input = selector(label).to_vec();
        input.extend(args);
        let out = Ledger::call(&mut self.chain, &who, &contract, input, value);
        let receipt = self.chain.last.clone();
        let deposit = receipt.storage_deposit;
        let events = receipt
            .events
            .iter()
            .map(|(at, topics, data)| self.decode_event(at, topics, data))
            .collect();
        let outcome = match out {
            Err(e) => Err(format!("trapped: {e:?}")),
            Ok(data) => match data.split_first() {
                Some((0, rest)) => {
                    decode(rest).map_err(|e| format!("undecodable output {data:?}: {e}"))
                }
                _ => Err(format!("ink refused the input: {data:?}")),
            },
        };
        Exec {
            outcome,
            events,
            deposit,
        }
    }

    /// One contract event, named by its signature topic and decoded with the shared types.
    fn decode_event(&self, at: &AccountId32, topics: &[[u8; 32]], data: &[u8]) -> Ev {
        let at = *self
            .names
            .get(AsRef::<[u8; 32]>::as_ref(at))
            .expect("events come from the world's contracts");
        let label = topics
            .first()
            .and_then(|t| self.topics.get(t))
            .unwrap_or_else(|| panic!("event without a known signature topic: {topics:?}"));
        fn dec<T: Decode>(label: &str, data: &[u8]) -> T {
            T::decode(&mut &data[..])
                .unwrap_or_else(|e| panic!("event {label} does not decode: {e}"))
        }
        let d = data;
        let n = |id: &vouch_traits::AccountId| self.name(id);
        match label.as_str() {
            "Transfer" => {
                let e = dec::<ev::Transfer>(label, d);
                Ev::Transfer {
                    at,
                    from: e.from.as_ref().map(n),
                    to: e.to.as_ref().map(n),
                    value: e.value,
                }
            }
            "Approval" => {
                let e = dec::<ev::Approval>(label, d);
                Ev::Approval {
                    at,
                    owner: n(&e.owner),
                    spender: n(&e.spender),
                    amount: e.amount,
                }
            }
            "LineSet" => {
                let e = dec::<ev::LineSet>(label, d);
                Ev::LineSet {
                    at,
                    holder: n(&e.holder),
                    limit: e.limit,
                    willing: e.willing,
                }
            }
            "Granted" => {
                let e = dec::<ev::Granted>(label, d);
                Ev::Granted {
                    at,
                    holder: n(&e.holder),
                    amount: e.amount,
                }
            }
            "Revoked" => {
                let e = dec::<ev::Revoked>(label, d);
                Ev::Revoked {
                    at,
                    holder: n(&e.holder),
                    amount: e.amount,
                }
            }
            "Deposited" => {
                let e = dec::<ev::Deposited>(label, d);
                Ev::Deposited {
                    at,
                    from: n(&e.from),
                    amount: e.amount,
                }
            }
            "Withdrawn" => {
                let e = dec::<ev::Withdrawn>(label, d);
                Ev::Withdrawn {
                    at,
                    amount: e.amount,
                }
            }
            "Redeemed" => {
                let e = dec::<ev::Redeemed>(label, d);
                Ev::Redeemed {
                    at,
                    holder: n(&e.holder),
                    amount: e.amount,
                }
            }
            "RouterSet" => {
                let e = dec::<ev::RouterSet>(label, d);
                Ev::RouterSet {
                    at,
                    router: n(&e.router),
                    allowed: e.allowed,
                }
            }
            "Paid" => {
                let e = dec::<ev::Paid>(label, d);
                Ev::Paid {
                    from: n(&e.from),
                    to: n(&e.to),
                    amount: e.amount,
                    routes: e.routes,
                    legs: e
                        .legs
                        .iter()
                        .map(|b| {
                            let legs = b.legs.iter().map(|l| {
                                let kind = match l.settle {
                                    Settle::Issue => HopKind::Issue,
                                    Settle::Return => HopKind::Return,
                                };
                                (n(&l.to), kind, l.amount)
                            });
                            (n(&b.bank), legs.collect())
                        })
                        .collect(),
                }
            }
            "Registered" => {
                let e = dec::<ev::Registered>(label, d);
                Ev::Registered {
                    person: n(&e.person),
                    bank: n(&e.bank),
                }
            }
            "Contributed" => {
                let e = dec::<pl::Contributed>(label, d);
                Ev::Contributed {
                    at,
                    member: n(&e.member),
                    amount: e.amount,
                }
            }
            "Allowed" => {
                let e = dec::<pl::Allowed>(label, d);
                Ev::Allowed {
                    at,
                    member: n(&e.member),
                    amount: e.amount,
                }
            }
            "Proposed" => {
                let e = dec::<pl::Proposed>(label, d);
                Ev::Proposed {
                    at,
                    proposer: n(&e.proposer),
                    id: e.id,
                    kind: self.kind_of(&e.kind),
                    expires_at: e.expires_at,
                }
            }
            "Approved" => {
                let e = dec::<pl::Approved>(label, d);
                Ev::Approved {
                    at,
                    member: n(&e.member),
                    id: e.id,
                }
            }
            "Executed" => {
                let e = dec::<pl::Executed>(label, d);
                Ev::Executed { at, id: e.id }
            }
            "PaidOut" => {
                let e = dec::<pl::PaidOut>(label, d);
                Ev::PaidOut {
                    at,
                    member: n(&e.member),
                    amount: e.amount,
                }
            }
            other => panic!("unexpected event {other}"),
        }
    }

    /// A view's answer; a view that does not return is a broken setup.
    fn view<T>(label: &str, answer: Result<T, CallError>) -> T {
        answer.unwrap_or_else(|e| panic!("view {label} failed: {e:?}"))
    }

    /// Every line (one page holds them all here) and the status of bank `b`.
    pub fn bank_state(&mut self, b: u8) -> (Vec<(Acct, LineM)>, BankStatus) {
        let bank = BankRef::at(self.banks[usize::from(b)].clone());
        let page: Vec<(vouch_traits::AccountId, Line)> = Self::view(
            "TrustBank::lines",
            bank.lines(&mut self.chain, 0, vouch_traits::traits::MAX_PAGE),
        );
        let lines = page
            .iter()
            .map(|(who, l)| {
                let line = LineM {
                    limit: l.limit,
                    willing: l.willing,
                    held: l.held,
                    granted: l.granted,
                };
                (self.name(who), line)
            })
            .collect();
        let status = Self::view("TrustBank::status", bank.status(&mut self.chain));
        (lines, status)
    }

    pub fn allowance(&mut self, b: u8, owner: Acct, spender: Acct) -> u128 {
        let bank = BankRef::at(self.banks[usize::from(b)].clone());
        let (owner, spender) = (self.addr(owner), self.addr(spender));
        Self::view(
            "PSP22::allowance",
            bank.allowance(&mut self.chain, &owner, &spender),
        )
    }

    pub fn bank_of(&mut self, person: u8) -> Option<Acct> {
        let router = RouterRef::at(self.router.clone());
        let who = self.addr(Acct::P(person));
        let bank = Self::view("Router::bank_of", router.bank_of(&mut self.chain, &who));
        bank.map(|b| self.name(&ink_id(&b)))
    }

    pub fn is_router(&mut self, b: u8) -> bool {
        let bank = BankRef::at(self.banks[usize::from(b)].clone());
        let router = self.router.clone();
        Self::view(
            "TrustBank::is_router",
            bank.is_router(&mut self.chain, &router),
        )
    }

    /// Every account of the world: people, banks, the router, the pools.
    pub fn accounts() -> Vec<Acct> {
        (0..PEOPLE)
            .map(Acct::P)
            .chain((0..BANKS).map(Acct::B))
            .chain(std::iter::once(Acct::Router))
            .chain((0..POOLS).map(Acct::Pool))
            .collect()
    }

    /// What pool `g`'s views show: status, members, the settle-up plan.
    pub fn pool_view(&mut self, g: u8) -> PoolView {
        let pool = self.pools[usize::from(g)].clone();
        let s = Self::view("GroupPool::status", pool.status(&mut self.chain));
        let status = StatusM {
            bank: self.name(&s.bank),
            threshold: s.threshold,
            members: s.members,
            recorded: s.recorded,
            allowance: s.allowance,
            ttl: s.ttl,
            proposals: s.proposals,
            closed: s.closed,
            reserve: s.reserve,
            outstanding: s.outstanding,
        };
        let members = Self::view("GroupPool::members", pool.members(&mut self.chain))
            .iter()
            .map(|(who, m)| (self.name(who), *m))
            .collect();
        let plan = match pool.settlement_plan(&mut self.chain) {
            Ok(p) => Ok(PlanM {
                reserve: p.reserve,
                claims: p.claims,
                distributable: p.distributable,
                payouts: p
                    .payouts
                    .iter()
                    .map(|x| (self.name(&x.member), x.contributed, x.spent, x.payout))
                    .collect(),
            }),
            Err(CallError::Refused(Refusal::Pool(e))) => Err(e),
            Err(e) => panic!("view GroupPool::settlement_plan failed: {e:?}"),
        };
        PoolView {
            status,
            members,
            plan,
        }
    }

    /// Proposal `id` of pool `g`, as the chain stores it, named short.
    pub fn proposal(&mut self, g: u8, id: u32) -> Option<ProposalM> {
        let pool = self.pools[usize::from(g)].clone();
        let p = Self::view("GroupPool::proposal", pool.proposal(&mut self.chain, id))?;
        Some(ProposalM {
            kind: self.kind_of(&p.kind),
            proposer: self.name(&p.proposer),
            approvals: p.approvals.iter().map(|a| self.name(a)).collect(),
            terms: p.terms,
            expires_at: p.expires_at,
            executed: p.executed,
        })
    }

    /// The chain's block number.
    pub fn block(&mut self) -> u32 {
        self.chain.block_number()
    }

    /// Reads everything the model predicts (but allowances, the registry and router flags,
    /// which [`crate::audit`] reads when an operation may have changed them).
    pub fn observe(&mut self) -> Observed {
        let banks = (0..BANKS).map(|b| self.bank_state(b)).collect();
        let pools = (0..POOLS).map(|g| self.pool_view(g)).collect();
        self.observe_with(banks, pools)
    }

    /// What each contract's views depend on, per bank then per pool: the root of its storage
    /// (its child trie) and its total native balance. Views are functions of these (a pool's
    /// views also read its bank's), so a contract whose footprint did not change shows what it
    /// showed before, and a call that changed no footprint changed no contract's storage.
    pub fn footprints(&mut self) -> Vec<Footprint> {
        let addrs: Vec<AccountId32> = self
            .banks
            .iter()
            .cloned()
            .chain(self.pools.iter().map(|p| p.addr.clone()))
            .collect();
        self.chain.sandbox.execute_with(|| {
            addrs
                .iter()
                .map(|who| {
                    // `Contracts::ContractInfoOf` is private to the pallet; its value starts
                    // with the contract's trie id (a SCALE byte vector).
                    let key = [
                        storage_prefix(b"Contracts", b"ContractInfoOf").as_slice(),
                        &Twox64Concat::hash(who.as_ref()),
                    ]
                    .concat();
                    let info = unhashed::get_raw(&key).expect("a deployed contract");
                    let trie_id = Vec::<u8>::decode(&mut &info[..]).expect("a trie id");
                    let root = child::root(&child::ChildInfo::new_default(&trie_id), V1);
                    let balance = <Balances as Inspect<AccountId32>>::total_balance(who);
                    Footprint { root, balance }
                })
                .collect()
        })
    }

    /// As [`World::observe`], reading only `banks` and `pools` again and taking the others
    /// from `prev` (the caller names the contracts whose [`World::footprints`] changed;
    /// histories end with a full read).
    pub fn observe_some(&mut self, prev: &Observed, banks: &[u8], pools: &[u8]) -> Observed {
        let states = (0..BANKS)
            .map(|b| {
                if banks.contains(&b) {
                    self.bank_state(b)
                } else {
                    prev.banks[usize::from(b)].clone()
                }
            })
            .collect();
        let views = (0..POOLS)
            .map(|g| {
                if pools.contains(&g) {
                    self.pool_view(g)
                } else {
                    prev.pools[usize::from(g)].clone()
                }
            })
            .collect();
        self.observe_with(states, views)
    }

    fn observe_with(
        &mut self,
        banks: Vec<(Vec<(Acct, LineM)>, BankStatus)>,
        pools: Vec<PoolView>,
    ) -> Observed {
        let free = self
            .people
            .clone()
            .iter()
            .map(|p| self.chain.free_balance(p))
            .collect();
        let loose = std::iter::once(Acct::Router)
            .chain((0..POOLS).map(Acct::Pool))
            .map(|a| {
                let who = self.addr(a);
                (a, self.chain.free_balance(&who))
            })
            .collect();
        let addrs: Vec<(Acct, AccountId32)> = Self::accounts()
            .into_iter()
            .map(|a| (a, self.addr(a)))
            .collect();
        let (total, issuance) = self.chain.sandbox.execute_with(|| {
            let total = addrs
                .iter()
                .map(|(a, who)| (*a, <Balances as Inspect<AccountId32>>::total_balance(who)))
                .collect();
            (total, <Balances as Inspect<AccountId32>>::total_issuance())
        });
        Observed {
            banks,
            free,
            total,
            issuance,
            pools,
            loose,
        }
    }
}
