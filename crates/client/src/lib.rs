//! Sandbox harness for Vouch: loads the **built** contract bundles (made by
//! `scripts/build-contracts`), deploys them into an in-process pallet-contracts runtime
//! (drink's `MinimalSandbox`) and calls their messages with SCALE-encoded arguments whose
//! types come from `vouch-traits`, so tests and contracts share one definition of every type.
//!
//! Every call records its weight (`ref_time`, `proof_size`) and the contract events it emitted.
//!
//! ```no_run
//! use vouch_client::{Chain, BankRef};
//! let mut chain = Chain::new();
//! let alice = chain.person("alice");
//! let bank = chain.deploy_bank(&alice, "ALICE");
//! bank.deposit(&mut chain, &alice, 1_000).unwrap();
//! assert_eq!(bank.status(&mut chain).reserve, 1_000);
//! ```

use drink::minimal::{MinimalSandbox, RuntimeEvent};
use drink::pallet_contracts::Determinism;
use drink::sandbox_api::prelude::*;
use drink::session::ContractBundle;
use drink::{AccountId32, Sandbox, Weight};
use scale::{Decode, Encode};
use std::path::PathBuf;
use vouch_traits::{Balance, BankError, BankStatus, Line, PSP22Error, Route, RouterError, Settle};

pub use drink;

/// First bytes of a saved chain state (bumped when the format changes).
const SNAPSHOT_MAGIC: [u8; 8] = *b"VOUCHSN1";

/// Native units each named person starts with.
pub const START_BALANCE: Balance = 1_000_000_000_000;

/// Where `scripts/build-contracts` puts the bundles (`VOUCH_CONTRACTS_DIR` overrides it).
pub fn contracts_dir() -> PathBuf {
    std::env::var_os("VOUCH_CONTRACTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/contracts"))
}

/// Loads a built bundle, or says how to build it.
pub fn try_bundle(name: &str) -> Result<ContractBundle, ClientError> {
    let path = contracts_dir().join(format!("{name}.contract"));
    ContractBundle::load(&path).map_err(|e| ClientError::Bundle {
        path: path.display().to_string(),
        reason: format!("{e:?}"),
    })
}

/// As [`try_bundle`], for tests and tools where a missing bundle is a setup error.
pub fn bundle(name: &str) -> ContractBundle {
    try_bundle(name).unwrap_or_else(|e| panic!("{e}"))
}

/// Errors of the client itself (not of a contract).
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error(
        "cannot load the contract bundle {path} ({reason}): run scripts/build-contracts first"
    )]
    Bundle { path: String, reason: String },
    #[error("a call did not return: {0:?}")]
    Call(CallError),
    #[error("deployment failed: {0}")]
    Deploy(String),
    #[error("chain state file {path}: {reason}")]
    State { path: String, reason: String },
}

/// The account of a named person: the same name always gives the same account.
pub fn account(name: &str) -> AccountId32 {
    let mut raw = [0u8; 32];
    for (i, b) in name.bytes().enumerate().take(31) {
        raw[i] = b;
    }
    raw[31] = 0xAC;
    AccountId32::new(raw)
}

/// ink's view of an account.
pub fn ink_id(who: &AccountId32) -> vouch_traits::AccountId {
    let raw: [u8; 32] = *who.as_ref();
    vouch_traits::AccountId::from(raw)
}

/// Why a call did not return a value at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// The contract trapped, ran out of gas, or the call could not be dispatched.
    Trapped(String),
    /// ink refused the input (unknown selector, undecodable arguments).
    Lang(String),
    /// The output did not decode as the expected type.
    Decode(String),
}

/// What one call cost and emitted.
#[derive(Debug, Clone, Default)]
pub struct Receipt {
    pub weight: Weight,
    pub reverted: bool,
    /// `(emitting contract, topics, data)` of each contract event of the call.
    pub events: Vec<(AccountId32, Vec<[u8; 32]>, Vec<u8>)>,
}

/// What a deployment gave: the new contract, or the output of a constructor that reverted.
pub(crate) enum Deployed {
    Ok(AccountId32),
    Reverted(Vec<u8>),
}

/// One sandbox chain with the bundles it deploys.
pub struct Chain {
    pub sandbox: MinimalSandbox,
    bank: ContractBundle,
    router: Option<ContractBundle>,
    /// The group pool bundle, when it is built (only pools need it).
    pool: Option<ContractBundle>,
    salt: u32,
    /// Receipt of the last call or deployment.
    pub last: Receipt,
}

impl Default for Chain {
    fn default() -> Self {
        Self::new()
    }
}

impl Chain {
    /// A fresh chain; panics when the bundles are not built (see [`Chain::try_new`]).
    pub fn new() -> Self {
        Self::try_new().unwrap_or_else(|e| panic!("{e}"))
    }

    /// A fresh chain with the built bundles loaded.
    pub fn try_new() -> Result<Self, ClientError> {
        Ok(Self {
            sandbox: MinimalSandbox::default(),
            bank: try_bundle("trust_bank")?,
            router: Some(try_bundle("router")?),
            pool: try_bundle("pool").ok(),
            salt: 0,
            last: Receipt::default(),
        })
    }

    /// The whole chain state as bytes (every storage item, and the deployment counter), so a
    /// later process can continue where this one stopped.
    pub fn save(&mut self) -> Vec<u8> {
        let snap = self.sandbox.take_snapshot();
        (SNAPSHOT_MAGIC, self.salt, snap.storage, snap.storage_root).encode()
    }

    /// A chain restored from [`Chain::save`]'s bytes.
    pub fn load(bytes: &[u8]) -> Result<Self, String> {
        type Saved = (
            [u8; 8],
            u32,
            ink_sandbox::RawStorage,
            ink_sandbox::StorageRoot,
        );
        let (magic, salt, storage, storage_root) =
            Saved::decode(&mut &bytes[..]).map_err(|e| format!("not a chain snapshot ({e})"))?;
        if magic != SNAPSHOT_MAGIC {
            return Err("not a chain snapshot of this version".into());
        }
        let mut chain = Self::try_new().map_err(|e| e.to_string())?;
        chain.sandbox.restore_snapshot(ink_sandbox::Snapshot {
            storage,
            storage_root,
        });
        chain.salt = salt;
        Ok(chain)
    }

    /// A funded account for `name`.
    pub fn person(&mut self, name: &str) -> AccountId32 {
        let who = account(name);
        if self.sandbox.free_balance(&who) == 0 {
            self.sandbox
                .mint_into(&who, START_BALANCE)
                .expect("minting works in the sandbox");
        }
        who
    }

    pub fn free_balance(&mut self, who: &AccountId32) -> Balance {
        self.sandbox.free_balance(who)
    }

    /// Selector of a message or constructor, looked up by label in the loaded bundles.
    fn selector_in(&self, label: &str, constructor: bool) -> Vec<u8> {
        std::iter::once(&self.bank)
            .chain(self.router.as_ref())
            .chain(self.pool.as_ref())
            .find_map(|b| Self::find_selector(b, label, constructor))
            .unwrap_or_else(|| panic!("no message {label} in the bundles"))
    }

    fn find_selector(bundle: &ContractBundle, label: &str, constructor: bool) -> Option<Vec<u8>> {
        let spec = bundle.transcoder.metadata().spec();
        if constructor {
            spec.constructors()
                .iter()
                .find(|c| c.label() == label)
                .map(|c| c.selector().to_bytes().to_vec())
        } else {
            spec.messages()
                .iter()
                .find(|m| m.label() == label)
                .map(|m| m.selector().to_bytes().to_vec())
        }
    }

    /// Code hash of the trust bank (uploads the code if needed).
    pub fn bank_code_hash(&mut self) -> [u8; 32] {
        let origin = MinimalSandbox::default_actor();
        let r = self
            .sandbox
            .upload_contract(self.bank.wasm.clone(), origin, None, Determinism::Enforced)
            .expect("bank code uploads");
        r.code_hash.0
    }

    /// Deploys a test-only hostile bank (`tests/contracts/hostile_bank`) in `mode`
    /// (0 revert, 1 trap, 2 burn all gas, 3 lie); returns its address and code hash.
    pub fn deploy_hostile(&mut self, owner: &AccountId32, mode: u8) -> (AccountId32, [u8; 32]) {
        let hostile = bundle("hostile_bank");
        let hash = self
            .sandbox
            .upload_contract(
                hostile.wasm.clone(),
                owner.clone(),
                None,
                Determinism::Enforced,
            )
            .expect("hostile code uploads")
            .code_hash
            .0;
        let mut input = Self::find_selector(&hostile, "new", true).expect("constructor");
        mode.encode_to(&mut input);
        (self.instantiate(owner, hostile.wasm.clone(), input), hash)
    }

    /// Deploys a router that accepts trust banks, administered by `admin`.
    pub fn deploy_router(&mut self, admin: &AccountId32) -> AccountId32 {
        let router = self.router.get_or_insert_with(|| bundle("router")).clone();
        let hash = self.bank_code_hash();
        let mut input = Self::find_selector(&router, "new", true).expect("router constructor");
        hash.encode_to(&mut input);
        self.instantiate(admin, router.wasm.clone(), input)
    }

    /// `person` registers `bank` (any contract or account) with `router`.
    pub fn register(
        &mut self,
        router: &AccountId32,
        person: &AccountId32,
        bank: &AccountId32,
    ) -> Result<(), RouterError> {
        self.call(person, router, "Router::register", ink_id(bank), 0)
            .unwrap_or_else(|e| panic!("register did not return: {e:?}"))
    }

    /// Pays `to` along `routes` through `router`, as `payer`.
    #[allow(clippy::too_many_arguments)] // mirrors the message's arguments one to one
    pub fn pay_along(
        &mut self,
        router: &AccountId32,
        payer: &AccountId32,
        to: &AccountId32,
        routes: Vec<Route>,
        max_spent: Balance,
        min_delivered: Balance,
        deadline: u64,
    ) -> Result<Balance, RouterError> {
        self.call(
            payer,
            router,
            "Router::pay_along",
            (ink_id(to), routes, max_spent, min_delivered, deadline),
            0,
        )
        .unwrap_or_else(|e| panic!("pay_along did not return: {e:?}"))
    }

    /// Deploys a trust bank owned by `owner`.
    pub fn deploy_bank(&mut self, owner: &AccountId32, symbol: &str) -> BankRef {
        let mut input = self.selector_in("new", true);
        (
            Some(format!("{symbol} notes")),
            Some(symbol.to_string()),
            0u8,
        )
            .encode_to(&mut input);
        let wasm = self.bank.wasm.clone();
        let addr = self.instantiate(owner, wasm, input);
        BankRef { addr }
    }

    /// As [`Chain::deploy_bank`], returning an error instead of panicking.
    pub fn try_deploy_bank(
        &mut self,
        owner: &AccountId32,
        name: &str,
        symbol: &str,
    ) -> Result<BankRef, ClientError> {
        let mut input = self.selector_in("new", true);
        (Some(name.to_string()), Some(symbol.to_string()), 0u8).encode_to(&mut input);
        let wasm = self.bank.wasm.clone();
        let addr = self.try_instantiate(owner, wasm, input)?;
        Ok(BankRef { addr })
    }

    /// As [`Chain::deploy_router`], returning an error instead of panicking.
    pub fn try_deploy_router(&mut self, admin: &AccountId32) -> Result<AccountId32, ClientError> {
        let router = match &self.router {
            Some(r) => r.clone(),
            None => try_bundle("router")?,
        };
        let hash = self.bank_code_hash();
        let mut input = Self::find_selector(&router, "new", true).expect("router constructor");
        hash.encode_to(&mut input);
        self.try_instantiate(admin, router.wasm.clone(), input)
    }

    /// Deploys `wasm` with constructor `input`; panics when it fails (a setup error).
    pub fn instantiate(
        &mut self,
        origin: &AccountId32,
        wasm: Vec<u8>,
        input: Vec<u8>,
    ) -> AccountId32 {
        self.try_instantiate(origin, wasm, input)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Deploys `wasm` with constructor `input`.
    pub fn try_instantiate(
        &mut self,
        origin: &AccountId32,
        wasm: Vec<u8>,
        input: Vec<u8>,
    ) -> Result<AccountId32, ClientError> {
        match self.deploy_raw(origin, wasm, input)? {
            Deployed::Ok(addr) => Ok(addr),
            Deployed::Reverted(_) => Err(ClientError::Deploy("the constructor reverted".into())),
        }
    }

    /// Deploys `wasm` with constructor `input` under a fresh salt; on success records the
    /// receipt. A constructor that reverted gives back its output, for the caller to decode.
    pub(crate) fn deploy_raw(
        &mut self,
        origin: &AccountId32,
        wasm: Vec<u8>,
        input: Vec<u8>,
    ) -> Result<Deployed, ClientError> {
        self.salt = self.salt.wrapping_add(1);
        let r = self.sandbox.deploy_contract(
            wasm,
            0,
            input,
            self.salt.to_le_bytes().to_vec(),
            origin.clone(),
            MinimalSandbox::default_gas_limit(),
            None,
        );
        let ok = r
            .result
            .map_err(|e| ClientError::Deploy(format!("{e:?}")))?;
        if ok.result.did_revert() {
            return Ok(Deployed::Reverted(ok.result.data));
        }
        self.last = Receipt {
            weight: r.gas_consumed,
            reverted: false,
            events: Vec::new(),
        };
        Ok(Deployed::Ok(ok.account_id))
    }

    /// Calls `label` on `contract` as `origin` with SCALE-encoded `args`, transferring `value`,
    /// and decodes the message's declared return type `T`.
    pub fn call<T: Decode>(
        &mut self,
        origin: &AccountId32,
        contract: &AccountId32,
        label: &str,
        args: impl Encode,
        value: Balance,
    ) -> Result<T, CallError> {
        let mut input = self.selector_in(label, false);
        args.encode_to(&mut input);
        self.call_raw(origin, contract, input, value)
    }

    /// As [`Chain::call`] with a ready input (selector ++ args).
    pub fn call_raw<T: Decode>(
        &mut self,
        origin: &AccountId32,
        contract: &AccountId32,
        input: Vec<u8>,
        value: Balance,
    ) -> Result<T, CallError> {
        let out = self.call_bytes(origin, contract, input, value)?;
        let out: Result<T, drink::errors::LangError> =
            Decode::decode(&mut &out[..]).map_err(|e| CallError::Decode(format!("{e}")))?;
        out.map_err(|e| CallError::Lang(format!("{e:?}")))
    }

    /// Selector of a message in the loaded bundles, if there is one.
    pub fn try_selector(&self, label: &str) -> Option<Vec<u8>> {
        std::iter::once(&self.bank)
            .chain(self.router.as_ref())
            .chain(self.pool.as_ref())
            .find_map(|b| Self::find_selector(b, label, false))
    }

    /// Calls with a ready input and returns the raw output; records the receipt.
    pub fn call_bytes(
        &mut self,
        origin: &AccountId32,
        contract: &AccountId32,
        input: Vec<u8>,
        value: Balance,
    ) -> Result<Vec<u8>, CallError> {
        self.sandbox.reset_events();
        let r = self.sandbox.call_contract(
            contract.clone(),
            value,
            input,
            origin.clone(),
            MinimalSandbox::default_gas_limit(),
            None,
            Determinism::Enforced,
        );
        let events = r
            .events
            .unwrap_or_default()
            .into_iter()
            .filter_map(|rec| match rec.event {
                RuntimeEvent::Contracts(drink::pallet_contracts::Event::ContractEmitted {
                    contract,
                    data,
                }) => Some((contract, rec.topics.iter().map(|t| t.0).collect(), data)),
                _ => None,
            })
            .collect();
        let ret = r.result.map_err(|e| CallError::Trapped(format!("{e:?}")))?;
        self.last = Receipt {
            weight: r.gas_consumed,
            reverted: ret.did_revert(),
            events,
        };
        Ok(ret.data)
    }
}

/// Access to a chain: the one interface the command line and tools go through. The embedded
/// sandbox [`Chain`] implements it today; a node client would implement the same methods.
pub trait Ledger {
    /// The account of a named person, funded on a development chain.
    fn person(&mut self, name: &str) -> AccountId32;
    /// Native balance free to spend.
    fn free_balance(&mut self, who: &AccountId32) -> Balance;
    /// Calls message `label` of `contract` as `origin` with SCALE-encoded `args`, sending
    /// `value`, and returns the message's raw output (ink's `Result<T, LangError>`).
    fn submit(
        &mut self,
        origin: &AccountId32,
        contract: &AccountId32,
        label: &str,
        args: Vec<u8>,
        value: Balance,
    ) -> Result<Vec<u8>, CallError>;
    /// Deploys a trust bank owned by `owner`.
    fn deploy_bank(
        &mut self,
        owner: &AccountId32,
        name: &str,
        symbol: &str,
    ) -> Result<AccountId32, ClientError>;
    /// Deploys a router administered by `admin` that accepts trust banks.
    fn deploy_router(&mut self, admin: &AccountId32) -> Result<AccountId32, ClientError>;
    /// Deploys a group pool (which deploys its own trust bank); see [`pool::PoolConfig`].
    fn deploy_pool(
        &mut self,
        creator: &AccountId32,
        config: &pool::PoolConfig,
    ) -> Result<AccountId32, ClientError>;
    /// What the last call or deployment cost and emitted.
    fn receipt(&self) -> &Receipt;

    /// [`Ledger::submit`] with the output decoded as the message's return type `T`.
    fn invoke<T: Decode>(
        &mut self,
        origin: &AccountId32,
        contract: &AccountId32,
        label: &str,
        args: impl Encode,
        value: Balance,
    ) -> Result<T, CallError> {
        let out = self.submit(origin, contract, label, args.encode(), value)?;
        let out: Result<T, drink::errors::LangError> =
            Decode::decode(&mut &out[..]).map_err(|e| CallError::Decode(format!("{e}")))?;
        out.map_err(|e| CallError::Lang(format!("{e:?}")))
    }
}

impl Ledger for Chain {
    fn person(&mut self, name: &str) -> AccountId32 {
        Chain::person(self, name)
    }
    fn free_balance(&mut self, who: &AccountId32) -> Balance {
        Chain::free_balance(self, who)
    }
    fn submit(
        &mut self,
        origin: &AccountId32,
        contract: &AccountId32,
        label: &str,
        args: Vec<u8>,
        value: Balance,
    ) -> Result<Vec<u8>, CallError> {
        let mut input = self
            .try_selector(label)
            .ok_or_else(|| CallError::Lang(format!("no message {label} in the bundles")))?;
        input.extend(args);
        self.call_bytes(origin, contract, input, value)
    }
    fn deploy_bank(
        &mut self,
        owner: &AccountId32,
        name: &str,
        symbol: &str,
    ) -> Result<AccountId32, ClientError> {
        self.try_deploy_bank(owner, name, symbol).map(|b| b.addr)
    }
    fn deploy_router(&mut self, admin: &AccountId32) -> Result<AccountId32, ClientError> {
        self.try_deploy_router(admin)
    }
    fn deploy_pool(
        &mut self,
        creator: &AccountId32,
        config: &pool::PoolConfig,
    ) -> Result<AccountId32, ClientError> {
        Ok(self.try_deploy_pool(creator, config)?.addr)
    }
    fn receipt(&self) -> &Receipt {
        &self.last
    }
}

/// A deployed trust bank, with one typed method per message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankRef {
    pub addr: AccountId32,
}

type BankResult<T> = Result<T, BankError>;

impl Chain {
    /// As [`Chain::call`], for the typed wrappers ([`BankRef`], [`pool::PoolRef`]): a call
    /// that does not return at all is a setup error, so it panics.
    pub(crate) fn expect_call<T: Decode>(
        &mut self,
        who: &AccountId32,
        contract: &AccountId32,
        label: &str,
        args: impl Encode,
        value: Balance,
    ) -> T {
        self.call(who, contract, label, args, value)
            .unwrap_or_else(|e| panic!("{label} did not return: {e:?}"))
    }

    /// A read-only message, called by an unfunded viewer.
    pub(crate) fn expect_view<T: Decode>(
        &mut self,
        contract: &AccountId32,
        label: &str,
        args: impl Encode,
    ) -> T {
        self.expect_call(&account("viewer"), contract, label, args, 0)
    }
}

impl BankRef {
    fn exec<T: Decode>(
        &self,
        chain: &mut Chain,
        who: &AccountId32,
        label: &str,
        args: impl Encode,
        value: Balance,
    ) -> T {
        chain.expect_call(who, &self.addr, label, args, value)
    }

    fn view<T: Decode>(&self, chain: &mut Chain, label: &str, args: impl Encode) -> T {
        chain.expect_view(&self.addr, label, args)
    }

    pub fn id(&self) -> vouch_traits::AccountId {
        ink_id(&self.addr)
    }

    pub fn deposit(&self, c: &mut Chain, who: &AccountId32, amount: Balance) -> BankResult<()> {
        self.exec(c, who, "TrustBank::deposit", (), amount)
    }
    pub fn withdraw(&self, c: &mut Chain, who: &AccountId32, amount: Balance) -> BankResult<()> {
        self.exec(c, who, "TrustBank::withdraw", amount, 0)
    }
    pub fn set_limit(
        &self,
        c: &mut Chain,
        who: &AccountId32,
        holder: &AccountId32,
        limit: Balance,
    ) -> BankResult<()> {
        self.exec(c, who, "TrustBank::set_limit", (ink_id(holder), limit), 0)
    }
    pub fn set_willing(&self, c: &mut Chain, who: &AccountId32, amount: Balance) -> BankResult<()> {
        self.exec(c, who, "TrustBank::set_willing", amount, 0)
    }
    pub fn grant(
        &self,
        c: &mut Chain,
        who: &AccountId32,
        holder: &AccountId32,
        amount: Balance,
    ) -> BankResult<()> {
        self.exec(c, who, "TrustBank::grant", (ink_id(holder), amount), 0)
    }
    pub fn revoke(
        &self,
        c: &mut Chain,
        who: &AccountId32,
        holder: &AccountId32,
        amount: Balance,
    ) -> BankResult<()> {
        self.exec(c, who, "TrustBank::revoke", (ink_id(holder), amount), 0)
    }
    pub fn redeem(&self, c: &mut Chain, who: &AccountId32, amount: Balance) -> BankResult<()> {
        self.exec(c, who, "TrustBank::redeem", amount, 0)
    }
    pub fn redeem_partial(
        &self,
        c: &mut Chain,
        who: &AccountId32,
        max: Balance,
    ) -> BankResult<Balance> {
        self.exec(c, who, "TrustBank::redeem_partial", max, 0)
    }
    pub fn collect(
        &self,
        c: &mut Chain,
        who: &AccountId32,
        issuer: &BankRef,
        amount: Balance,
    ) -> BankResult<()> {
        self.exec(c, who, "TrustBank::collect", (issuer.id(), amount), 0)
    }
    pub fn trust(
        &self,
        c: &mut Chain,
        who: &AccountId32,
        issuer: &BankRef,
        amount: Balance,
    ) -> BankResult<()> {
        self.exec(c, who, "TrustBank::trust", (issuer.id(), amount), 0)
    }
    pub fn set_router(
        &self,
        c: &mut Chain,
        who: &AccountId32,
        router: &AccountId32,
        allowed: bool,
    ) -> BankResult<()> {
        self.exec(
            c,
            who,
            "TrustBank::set_router",
            (ink_id(router), allowed),
            0,
        )
    }
    pub fn hop(
        &self,
        c: &mut Chain,
        who: &AccountId32,
        to: &AccountId32,
        amount: Balance,
        settle: Settle,
    ) -> BankResult<()> {
        self.exec(c, who, "TrustBank::hop", (ink_id(to), amount, settle), 0)
    }
    pub fn line(&self, c: &mut Chain, holder: &AccountId32) -> Line {
        self.view(c, "TrustBank::line", ink_id(holder))
    }
    pub fn lines(
        &self,
        c: &mut Chain,
        start: u32,
        count: u32,
    ) -> Vec<(vouch_traits::AccountId, Line)> {
        self.view(c, "TrustBank::lines", (start, count))
    }
    pub fn status(&self, c: &mut Chain) -> BankStatus {
        self.view(c, "TrustBank::status", ())
    }
    pub fn is_router(&self, c: &mut Chain, router: &AccountId32) -> bool {
        self.view(c, "TrustBank::is_router", ink_id(router))
    }

    pub fn total_supply(&self, c: &mut Chain) -> Balance {
        self.view(c, "PSP22::total_supply", ())
    }
    pub fn balance_of(&self, c: &mut Chain, owner: &AccountId32) -> Balance {
        self.view(c, "PSP22::balance_of", ink_id(owner))
    }
    pub fn allowance(&self, c: &mut Chain, owner: &AccountId32, spender: &AccountId32) -> Balance {
        self.view(c, "PSP22::allowance", (ink_id(owner), ink_id(spender)))
    }
    pub fn transfer(
        &self,
        c: &mut Chain,
        who: &AccountId32,
        to: &AccountId32,
        value: Balance,
    ) -> Result<(), PSP22Error> {
        self.exec(
            c,
            who,
            "PSP22::transfer",
            (ink_id(to), value, Vec::<u8>::new()),
            0,
        )
    }
    pub fn transfer_from(
        &self,
        c: &mut Chain,
        who: &AccountId32,
        from: &AccountId32,
        to: &AccountId32,
        value: Balance,
    ) -> Result<(), PSP22Error> {
        self.exec(
            c,
            who,
            "PSP22::transfer_from",
            (ink_id(from), ink_id(to), value, Vec::<u8>::new()),
            0,
        )
    }
    pub fn approve(
        &self,
        c: &mut Chain,
        who: &AccountId32,
        spender: &AccountId32,
        value: Balance,
    ) -> Result<(), PSP22Error> {
        self.exec(c, who, "PSP22::approve", (ink_id(spender), value), 0)
    }
    pub fn token_name(&self, c: &mut Chain) -> Option<String> {
        self.view(c, "PSP22Metadata::token_name", ())
    }
    pub fn token_symbol(&self, c: &mut Chain) -> Option<String> {
        self.view(c, "PSP22Metadata::token_symbol", ())
    }
    pub fn token_decimals(&self, c: &mut Chain) -> u8 {
        self.view(c, "PSP22Metadata::token_decimals", ())
    }

    /// Everything a failed call must leave unchanged: every line, the status, and the native
    /// balances of `people`.
    pub fn snapshot(
        &self,
        c: &mut Chain,
        people: &[AccountId32],
    ) -> (
        Vec<(vouch_traits::AccountId, Line)>,
        BankStatus,
        Vec<Balance>,
    ) {
        let lines = self.lines(c, 0, vouch_traits::traits::MAX_PAGE);
        let status = self.status(c);
        let balances = people.iter().map(|p| c.free_balance(p)).collect();
        (lines, status, balances)
    }
}

/// Sum of `held` over all lines of `bank`, read page by page.
pub fn sum_held(c: &mut Chain, bank: &BankRef) -> Balance {
    let mut start = 0;
    let mut sum = 0u128;
    loop {
        let page = bank.lines(c, start, vouch_traits::traits::MAX_PAGE);
        if page.is_empty() {
            return sum;
        }
        sum += page.iter().map(|(_, l)| l.held).sum::<u128>();
        start += page.len() as u32;
    }
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
    pub fn issue_hops(&self, from: usize, to: usize) -> Vec<vouch_traits::Hop> {
        self.banks[from + 1..=to]
            .iter()
            .map(|b| vouch_traits::Hop {
                to: b.id(),
                settle: Settle::Issue,
            })
            .collect()
    }
}

pub mod graph;
pub mod pool;
