//! Test scaffolding over the client: the tests reach the contracts through `vouch-client`'s
//! typed references, plus the few helpers here that only tests need (a row of trusting
//! banks, book checks, hostile contracts, raw calls).

pub use vouch_client::*;

use scale::{Decode, Encode};
use std::path::PathBuf;
use vouch_traits::{Balance, BankStatus, Hop, Line, Route, Settle};

/// Where `scripts/build-contracts` puts the bundles (`VOUCH_CONTRACTS_DIR` overrides it).
pub fn contracts_dir() -> PathBuf {
    std::env::var_os("VOUCH_CONTRACTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/contracts"))
}

/// A built bundle read from [`contracts_dir`] (test-only contracts are not embedded).
pub fn bundle(name: &str) -> Bundle {
    let path = contracts_dir().join(format!("{name}.contract"));
    let json = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run scripts/build-contracts", path.display()));
    Bundle::parse(name, &json).unwrap_or_else(|e| panic!("{e}"))
}

/// The error type of one contract, as a [`Refusal`] carries it.
pub trait ContractError: Sized {
    /// The error, or the refusal back when it is another contract's.
    fn from_refusal(r: Refusal) -> Result<Self, Refusal>;
}

macro_rules! contract_error {
    ($($err:ty => $variant:ident),*) => {$(
        impl ContractError for $err {
            fn from_refusal(r: Refusal) -> Result<Self, Refusal> {
                match r {
                    Refusal::$variant(e) => Ok(e),
                    other => Err(other),
                }
            }
        }
    )*};
}
contract_error!(
    vouch_traits::BankError => Bank,
    vouch_traits::PSP22Error => Psp22,
    vouch_traits::RouterError => Router,
    vouch_traits::pool::PoolError => Pool,
    vouch_traits::shares::SharesError => Shares
);

/// A call's answer with the contract's own error `E` kept, for tests that only look at
/// whether a call succeeded: a call that did not complete (trapped, refused by ink, an
/// undecodable answer) or that another contract's error refused panics, as a broken setup.
pub trait Completed<T> {
    fn completed<E: ContractError>(self) -> Result<T, E>;
}

impl<T> Completed<T> for Result<T, CallError> {
    #[track_caller]
    fn completed<E: ContractError>(self) -> Result<T, E> {
        match self {
            Ok(v) => Ok(v),
            Err(CallError::Refused(r)) => Err(E::from_refusal(r)
                .unwrap_or_else(|r| panic!("refused with another contract's error: {r}"))),
            Err(e) => panic!("the call did not complete: {e}"),
        }
    }
}

/// Shorthands for setting up tests on a chain: each panics when the step fails, which in a
/// test is a setup error.
pub trait ChainExt: Ledger + Sized {
    fn deploy_bank(&mut self, owner: &AccountId32, symbol: &str) -> BankRef {
        BankRef::deploy(self, owner, &format!("{symbol} notes"), symbol)
            .unwrap_or_else(|e| panic!("bank deployment: {e}"))
    }

    fn deploy_router(&mut self, admin: &AccountId32) -> AccountId32 {
        RouterRef::deploy(self, admin)
            .unwrap_or_else(|e| panic!("router deployment: {e}"))
            .addr
    }

    fn deploy_pool(&mut self, creator: &AccountId32, config: &PoolConfig) -> PoolRef {
        PoolRef::deploy(self, creator, config).unwrap_or_else(|e| panic!("pool deployment: {e}"))
    }

    fn bank_code_hash(&mut self) -> [u8; 32] {
        let origin = Ledger::person(self, "code-uploader").unwrap_or_else(|e| panic!("{e}"));
        BankRef::code_hash(self, &origin).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Deploys the test-only hostile bank in `mode` (0 revert, 1 trap, 2 burn all gas,
    /// 3 lie); returns its address and code hash.
    fn deploy_hostile(&mut self, owner: &AccountId32, mode: u8) -> (AccountId32, [u8; 32]) {
        let hostile = bundle("hostile_bank");
        let hash = self
            .upload(owner, &hostile.wasm)
            .unwrap_or_else(|e| panic!("{e}"));
        let addr = hostile
            .deploy_at(self, owner, "new", mode)
            .unwrap_or_else(|e| panic!("{e}"));
        (addr, hash)
    }

    /// `person` registers `bank` with `router`.
    fn register(
        &mut self,
        router: &AccountId32,
        person: &AccountId32,
        bank: &AccountId32,
    ) -> Result<(), CallError> {
        RouterRef::at(router.clone()).register(self, person, bank)
    }

    /// Pays `to` along `routes` through `router`, as `payer` (the message's arguments).
    #[allow(clippy::too_many_arguments)]
    fn pay_along(
        &mut self,
        router: &AccountId32,
        payer: &AccountId32,
        to: &AccountId32,
        routes: Vec<Route>,
        max_spent: Balance,
        min_delivered: Balance,
        deadline: u64,
    ) -> Result<Balance, CallError> {
        let r = RouterRef::at(router.clone());
        r.pay_along(self, payer, to, routes, max_spent, min_delivered, deadline)
    }

    /// Calls with a ready input (selector, then arguments) and decodes the output as `T`.
    fn call_raw<T: Decode>(
        &mut self,
        origin: &AccountId32,
        contract: &AccountId32,
        input: Vec<u8>,
        value: Balance,
    ) -> Result<T, CallError> {
        let out = Ledger::call(self, origin, contract, input, value)?;
        decode_output(&out)
    }
}

impl ChainExt for Chain {}

/// The input of a call: `selector` then the SCALE-encoded `args`.
pub fn input(selector: [u8; 4], args: impl Encode) -> Vec<u8> {
    let mut input = selector.to_vec();
    args.encode_to(&mut input);
    input
}

/// The selector of a trait message, as ink derives it (`blake2b("Trait::message")[..4]`).
pub fn selector(label: &str) -> [u8; 4] {
    let mut out = [0u8; 32];
    ink::env::hash_bytes::<ink::env::hash::Blake2x256>(label.as_bytes(), &mut out);
    [out[0], out[1], out[2], out[3]]
}

/// What a failed call must leave unchanged at `bank`: every line, the status, and the native
/// balances of `people`.
pub type Books = (Vec<(AccountId32, Line)>, BankStatus, Vec<Balance>);

/// Reads [`Books`].
pub fn snapshot(c: &mut Chain, bank: &BankRef, people: &[AccountId32]) -> Books {
    let lines = bank.all_lines(c).expect("lines view");
    let status = bank.status(c).expect("status view");
    let balances = people.iter().map(|p| c.free_balance(p)).collect();
    (lines, status, balances)
}

/// Sum of `held` over all lines of `bank`.
pub fn sum_held(c: &mut Chain, bank: &BankRef) -> Balance {
    bank.all_lines(c)
        .expect("lines view")
        .iter()
        .map(|(_, l)| l.held)
        .sum()
}

/// People in a row, each with a bank registered with one router; bank i+1 trusts bank i for
/// `limit` (bank i extends bank i+1 a limit, bank i+1 is willing), so value flows from
/// person 0 towards person n-1 one hop per bank.
pub struct TrustChain {
    pub router: AccountId32,
    pub people: Vec<AccountId32>,
    pub banks: Vec<BankRef>,
}

impl TrustChain {
    /// Builds the row on `c` with a fresh router; names are `{prefix}{i}`.
    pub fn new(c: &mut Chain, n: usize, limit: Balance, prefix: &str) -> Self {
        let admin = c.person(&format!("{prefix}-router-admin"));
        let router = c.deploy_router(&admin);
        let mut people = Vec::new();
        let mut banks: Vec<BankRef> = Vec::new();
        for i in 0..n {
            let p = c.person(&format!("{prefix}{i}"));
            let b = c.deploy_bank(&p, &format!("{prefix}{i}").to_uppercase());
            b.set_router(c, &p, &router, true)
                .expect("owner authorises");
            c.register(&router, &p, &b.addr)
                .expect("own allowlisted bank registers");
            if let (Some(prev), Some(prev_owner)) = (banks.last(), people.last()) {
                prev.set_limit(c, prev_owner, &b.addr, limit)
                    .expect("owner sets limit");
                b.trust(c, &p, prev, limit).expect("bank trusts");
            }
            people.push(p);
            banks.push(b);
        }
        Self {
            router,
            people,
            banks,
        }
    }

    /// Hops that issue notes from bank `from` to bank `to` (`from < to`).
    pub fn issue_hops(&self, from: usize, to: usize) -> Vec<Hop> {
        self.banks[from..=to]
            .iter()
            .skip(1)
            .map(|b| Hop {
                to: b.id(),
                settle: Settle::Issue,
            })
            .collect()
    }
}
