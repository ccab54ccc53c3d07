//! A real chain: a substrate node with pallet-contracts (substrate-contracts-node 0.42), over
//! its RPC interface, as a [`Ledger`].
//!
//! Every chain type is encoded and decoded by the node's own metadata (subxt's dynamic
//! payloads, and `scale-encode`/`scale-decode` types matched to the metadata by field and
//! variant name); keys are sr25519 (`subxt-signer`). The ledger is blocking: it owns a
//! single-threaded tokio runtime and waits on it inside each primitive.
//!
//! - A call is dry-run first through the contracts runtime API (`ContractsApi_call`): a
//!   contract that reverts gives its output back with [`Receipt::reverted`] set and nothing
//!   is sent; a trap is [`CallError::Trapped`]. Otherwise `Contracts::call` is signed and
//!   submitted with the dry run's gas (plus a margin) and storage deposit, and the ledger
//!   waits until a block includes it; the receipt holds the block, the fee, the weight the
//!   block accounted for the transaction and the contract events.
//! - A query ([`Ledger::query`]) is the dry run alone: reads never become transactions.
//! - On a development chain (`system_chain` is `Development`) the person `name` is the key
//!   `//name`, funded from the funder (`//Alice` unless [`Node::set_funder`] says otherwise)
//!   on first use. The ledger remembers the key of every account it hands out and signs
//!   with it.

use crate::{CallError, Deployed, Ledger, Receipt};
use ink_sandbox::{AccountId32, Weight};
use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};
use subxt::backend::legacy::LegacyRpcMethods;
use subxt::backend::rpc::RpcClient;
use subxt::config::Hasher;
use subxt::dynamic::Value;
use subxt::events::StaticEvent;
use subxt::ext::scale_decode::DecodeAsType;
use subxt::ext::scale_encode::EncodeAsType;
use subxt::ext::scale_value::{At, ValueDef};
use subxt::tx::{Payload, TxStatus};
use subxt::utils::{AccountId32 as ChainAccount, MultiAddress, H256};
use subxt::{Metadata, OnlineClient, PolkadotConfig};
use subxt_signer::sr25519::dev;
pub use subxt_signer::sr25519::Keypair;
use subxt_signer::SecretUri;
use vouch_traits::Balance;

pub(crate) type Api = OnlineClient<PolkadotConfig>;

/// What a development chain calls itself (`system_chain`).
pub const DEVELOPMENT_CHAIN: &str = "Development";

/// Native units a named person is given on first use on a development chain (the funder
/// keeps it alive: a keep-alive transfer).
pub const DEV_FUNDING: Balance = 10_000_000_000_000_000;

/// Why the node could not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NodeError {
    #[error("cannot reach {url}: is the node running? scripts/node start ({reason})")]
    Unreachable { url: String, reason: String },
    #[error("the node at {url} answered, but not as a pallet-contracts chain: {reason}")]
    NotContracts { url: String, reason: String },
    #[error(
        "{chain:?} is not a development chain, so `{name}` is no development key: \
         only accounts with a key of their own can sign there"
    )]
    NotDevelopment { chain: String, name: String },
    #[error("no signing key for account {0}")]
    NoKey(String),
    #[error("the secret key URI is not valid (it is not shown here)")]
    BadKey,
    #[error("the node failed: {0}")]
    Rpc(String),
    #[error("the node's answer did not decode by its metadata: {0}")]
    Decode(String),
    #[error("the transaction was not included: {0}")]
    Dropped(String),
    #[error("the chain refused the transaction: {0}")]
    Dispatch(String),
}

impl From<subxt::Error> for NodeError {
    fn from(e: subxt::Error) -> Self {
        match e {
            subxt::Error::Runtime(d) => NodeError::Dispatch(d.to_string()),
            subxt::Error::Decode(d) => NodeError::Decode(d.to_string()),
            other => NodeError::Rpc(other.to_string()),
        }
    }
}

impl From<subxt::ext::subxt_core::Error> for NodeError {
    fn from(e: subxt::ext::subxt_core::Error) -> Self {
        NodeError::from(subxt::Error::from(e))
    }
}

impl From<subxt::ext::scale_decode::Error> for NodeError {
    fn from(e: subxt::ext::scale_decode::Error) -> Self {
        NodeError::Decode(e.to_string())
    }
}

/// Where a transaction is, for a progress display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TxEvent {
    /// Signed and sent; waiting for a block to include it (what it does, in words).
    Sent(String),
    /// Included (or refused): the wait is over.
    Done,
}

// ---- The node's types, matched to its metadata by name -------------------------------

#[derive(Debug, Clone, Copy, EncodeAsType, DecodeAsType)]
#[encode_as_type(crate_path = "subxt::ext::scale_encode")]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct ChainWeight {
    ref_time: u64,
    proof_size: u64,
}

impl ChainWeight {
    fn weight(self) -> Weight {
        Weight::from_parts(self.ref_time, self.proof_size)
    }

    /// The dry run's requirement with a tenth more, so that the transaction, run a block
    /// later, does not run out.
    fn with_margin(self) -> Self {
        Self {
            ref_time: self.ref_time.saturating_add(self.ref_time / 10),
            proof_size: self.proof_size.saturating_add(self.proof_size / 10),
        }
    }
}

#[derive(Debug, Clone, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
enum StorageDeposit {
    Refund(u128),
    Charge(u128),
}

impl StorageDeposit {
    fn signed(&self) -> i128 {
        match self {
            StorageDeposit::Charge(x) => i128::try_from(*x).unwrap_or(i128::MAX),
            StorageDeposit::Refund(x) => i128::try_from(*x)
                .ok()
                .and_then(i128::checked_neg)
                .unwrap_or(i128::MIN),
        }
    }

    fn charge(&self) -> u128 {
        match self {
            StorageDeposit::Charge(x) => *x,
            StorageDeposit::Refund(_) => 0,
        }
    }
}

#[derive(Debug, Clone, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct ReturnFlags {
    bits: u32,
}

#[derive(Debug, Clone, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct ExecReturnValue {
    flags: ReturnFlags,
    data: Vec<u8>,
}

impl ExecReturnValue {
    /// pallet-contracts' `ReturnFlags::REVERT`.
    fn reverted(&self) -> bool {
        self.flags.bits & 1 == 1
    }
}

/// `ContractsApi_call`'s answer (fields not named here are left undecoded).
#[derive(Debug, Clone, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct ContractExecResult {
    gas_consumed: ChainWeight,
    gas_required: ChainWeight,
    storage_deposit: StorageDeposit,
    debug_message: Vec<u8>,
    result: Result<ExecReturnValue, Value>,
}

#[derive(Debug, Clone, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct InstantiateReturnValue {
    result: ExecReturnValue,
    account_id: ChainAccount,
}

/// `ContractsApi_instantiate`'s answer.
#[derive(Debug, Clone, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct ContractInstantiateResult {
    gas_required: ChainWeight,
    storage_deposit: StorageDeposit,
    debug_message: Vec<u8>,
    result: Result<InstantiateReturnValue, Value>,
}

/// The arguments of `ContractsApi_call`.
#[derive(EncodeAsType)]
#[encode_as_type(crate_path = "subxt::ext::scale_encode")]
struct DryCall {
    origin: ChainAccount,
    dest: ChainAccount,
    value: u128,
    gas_limit: Option<ChainWeight>,
    storage_deposit_limit: Option<u128>,
    input_data: Vec<u8>,
}

#[derive(EncodeAsType)]
#[encode_as_type(crate_path = "subxt::ext::scale_encode")]
enum Code {
    Existing(H256),
}

/// The arguments of `ContractsApi_instantiate`.
#[derive(EncodeAsType)]
#[encode_as_type(crate_path = "subxt::ext::scale_encode")]
struct DryInstantiate {
    origin: ChainAccount,
    value: u128,
    gas_limit: Option<ChainWeight>,
    storage_deposit_limit: Option<u128>,
    code: Code,
    data: Vec<u8>,
    salt: Vec<u8>,
}

/// `Contracts::call`.
#[derive(EncodeAsType)]
#[encode_as_type(crate_path = "subxt::ext::scale_encode")]
struct CallTx {
    dest: MultiAddress<ChainAccount, ()>,
    value: u128,
    gas_limit: ChainWeight,
    storage_deposit_limit: Option<u128>,
    data: Vec<u8>,
}

#[derive(EncodeAsType)]
#[encode_as_type(crate_path = "subxt::ext::scale_encode")]
enum Determinism {
    Enforced,
}

/// `Contracts::upload_code`.
#[derive(EncodeAsType)]
#[encode_as_type(crate_path = "subxt::ext::scale_encode")]
struct UploadTx {
    code: Vec<u8>,
    storage_deposit_limit: Option<u128>,
    determinism: Determinism,
}

/// `Contracts::instantiate` (from uploaded code).
#[derive(EncodeAsType)]
#[encode_as_type(crate_path = "subxt::ext::scale_encode")]
struct InstantiateTx {
    value: u128,
    gas_limit: ChainWeight,
    storage_deposit_limit: Option<u128>,
    code_hash: H256,
    data: Vec<u8>,
    salt: Vec<u8>,
}

/// `Balances::transfer_keep_alive`.
#[derive(EncodeAsType)]
#[encode_as_type(crate_path = "subxt::ext::scale_encode")]
struct TransferTx {
    dest: MultiAddress<ChainAccount, ()>,
    value: u128,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub(crate) struct ContractEmitted {
    pub(crate) contract: ChainAccount,
    pub(crate) data: Vec<u8>,
}
impl StaticEvent for ContractEmitted {
    const PALLET: &'static str = "Contracts";
    const EVENT: &'static str = "ContractEmitted";
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Instantiated {
    contract: ChainAccount,
}
impl StaticEvent for Instantiated {
    const PALLET: &'static str = "Contracts";
    const EVENT: &'static str = "Instantiated";
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct TransactionFeePaid {
    actual_fee: u128,
}
impl StaticEvent for TransactionFeePaid {
    const PALLET: &'static str = "TransactionPayment";
    const EVENT: &'static str = "TransactionFeePaid";
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct DispatchInfo {
    weight: ChainWeight,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct ExtrinsicSuccess {
    dispatch_info: DispatchInfo,
}
impl StaticEvent for ExtrinsicSuccess {
    const PALLET: &'static str = "System";
    const EVENT: &'static str = "ExtrinsicSuccess";
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct AccountData {
    free: u128,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct AccountInfo {
    data: AccountData,
}

// ---- Conversions ----------------------------------------------------------------------

fn chain_account(who: &AccountId32) -> ChainAccount {
    let raw: [u8; 32] = *who.as_ref();
    ChainAccount(raw)
}

pub(crate) fn our_account(who: &ChainAccount) -> AccountId32 {
    AccountId32::new(who.0)
}

/// The account of a key.
pub fn account_of_key(key: &Keypair) -> AccountId32 {
    our_account(&key.public_key().to_account_id())
}

/// A key from a secret URI (`//Alice`, a mnemonic with derivations, ...). The URI is never
/// part of an error.
pub fn key_from_uri(uri: &str) -> Result<Keypair, NodeError> {
    let uri: SecretUri = uri.trim().parse().map_err(|_| NodeError::BadKey)?;
    Keypair::from_uri(&uri).map_err(|_| NodeError::BadKey)
}

/// A dispatch error from a dry run in words: `Pallet::Error` for a module error, found in
/// the node's metadata.
fn describe_dispatch(err: &Value, metadata: &Metadata, debug: &[u8]) -> String {
    let inner = match &err.value {
        ValueDef::Variant(v) if v.name == "Module" => v.values.at(0),
        _ => None,
    };
    let module = inner.and_then(|m| {
        let index = u8::try_from(m.at("index")?.as_u128()?).ok()?;
        let error = u8::try_from(m.at("error")?.at(0)?.as_u128()?).ok()?;
        let pallet = metadata.pallet_by_index(index)?;
        let variant = pallet.error_variant_by_index(error)?;
        Some(format!("{}::{}", pallet.name(), variant.name))
    });
    let mut out = module.unwrap_or_else(|| err.to_string());
    let debug = String::from_utf8_lossy(debug);
    if !debug.trim().is_empty() {
        out.push_str(&format!(" ({})", debug.trim()));
    }
    out
}

/// What a submitted transaction gave: its events, the block that included it, and what it
/// cost.
struct Included {
    events: subxt::blocks::ExtrinsicEvents<PolkadotConfig>,
    receipt: Receipt,
}

/// A pallet-contracts node.
pub struct Node {
    rt: tokio::runtime::Runtime,
    api: Api,
    /// The RPC connection `api` runs on (for the calls subxt's client does not offer).
    rpc: RpcClient,
    url: String,
    chain: String,
    keys: HashMap<AccountId32, Keypair>,
    funder: Keypair,
    salt: u64,
    last: Receipt,
    progress: Option<Box<dyn FnMut(TxEvent)>>,
}

impl Node {
    /// Connects to the node at `url` (`ws://127.0.0.1:9944`) and reads its metadata.
    pub fn connect(url: &str) -> Result<Self, NodeError> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| NodeError::Rpc(format!("no async runtime: {e}")))?;
        let unreachable = |reason: String| NodeError::Unreachable {
            url: url.to_string(),
            reason,
        };
        let (api, chain, rpc) = rt.block_on(async {
            let rpc = RpcClient::from_url(url)
                .await
                .map_err(|e| unreachable(e.to_string()))?;
            let chain = LegacyRpcMethods::<PolkadotConfig>::new(rpc.clone())
                .system_chain()
                .await
                .map_err(|e| unreachable(e.to_string()))?;
            let api = Api::from_rpc_client(rpc.clone())
                .await
                .map_err(|e| unreachable(e.to_string()))?;
            Ok::<_, NodeError>((api, chain, rpc))
        })?;
        let metadata = api.metadata();
        let has = |trait_name: &str, method: &str| {
            metadata
                .runtime_api_trait_by_name(trait_name)
                .and_then(|t| t.method_by_name(method))
                .is_some()
        };
        if metadata.pallet_by_name("Contracts").is_none() || !has("ContractsApi", "call") {
            return Err(NodeError::NotContracts {
                url: url.to_string(),
                reason: "it has no Contracts pallet or no ContractsApi runtime API".into(),
            });
        }
        let funder = dev::alice();
        let mut node = Self {
            rt,
            api,
            rpc,
            url: url.to_string(),
            chain,
            keys: HashMap::new(),
            funder: funder.clone(),
            salt: 0,
            last: Receipt::default(),
            progress: None,
        };
        node.add_key(funder);
        Ok(node)
    }

    /// The subxt client (for [`crate::follow`]).
    pub(crate) fn api(&self) -> &Api {
        &self.api
    }

    /// The node's legacy RPC methods (for [`crate::follow`]).
    pub(crate) fn legacy_rpc(&self) -> LegacyRpcMethods<PolkadotConfig> {
        LegacyRpcMethods::new(self.rpc.clone())
    }

    /// Runs `f` to completion on the ledger's runtime (for [`crate::follow`]; never from
    /// inside another `block_on`).
    pub(crate) fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.rt.block_on(f)
    }

    /// The URL this ledger talks to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The chain's name (`system_chain`).
    pub fn chain_name(&self) -> &str {
        &self.chain
    }

    /// Whether names are development keys here.
    pub fn is_development(&self) -> bool {
        self.chain == DEVELOPMENT_CHAIN
    }

    /// The genesis block's hash: which chain this is.
    pub fn genesis_hash(&self) -> [u8; 32] {
        self.api.genesis_hash().0
    }

    /// Remembers `key`, so that its account can sign; returns the account.
    pub fn add_key(&mut self, key: Keypair) -> AccountId32 {
        let who = account_of_key(&key);
        self.keys.insert(who.clone(), key);
        who
    }

    /// The account that funds named people on a development chain (default `//Alice`).
    pub fn set_funder(&mut self, key: Keypair) -> AccountId32 {
        self.funder = key.clone();
        self.add_key(key)
    }

    /// Calls `f` as a transaction is sent and when it is included.
    pub fn on_progress(&mut self, f: impl FnMut(TxEvent) + 'static) {
        self.progress = Some(Box::new(f));
    }

    fn notify(&mut self, event: TxEvent) {
        if let Some(f) = self.progress.as_mut() {
            f(event);
        }
    }

    fn key(&self, who: &AccountId32) -> Result<Keypair, NodeError> {
        self.keys
            .get(who)
            .cloned()
            .ok_or_else(|| NodeError::NoKey(who.to_string()))
    }

    /// Whether a contract lives at `addr` (`Contracts::ContractInfoOf`).
    pub fn contract_exists(&mut self, addr: &AccountId32) -> Result<bool, NodeError> {
        let key = vec![Value::from_bytes(chain_account(addr).0)];
        let address = subxt::dynamic::storage("Contracts", "ContractInfoOf", key);
        let api = self.api.clone();
        let found = self
            .rt
            .block_on(async move { api.storage().at_latest().await?.fetch(&address).await })?;
        Ok(found.is_some())
    }

    /// Whether code of `hash` is on chain (`Contracts::PristineCode`).
    pub fn code_exists(&mut self, hash: [u8; 32]) -> Result<bool, NodeError> {
        let address =
            subxt::dynamic::storage("Contracts", "PristineCode", vec![Value::from_bytes(hash)]);
        let api = self.api.clone();
        let found = self
            .rt
            .block_on(async move { api.storage().at_latest().await?.fetch(&address).await })?;
        Ok(found.is_some())
    }

    /// Native units `who` may spend (`System.Account`'s free balance).
    pub fn free(&mut self, who: &AccountId32) -> Result<Balance, NodeError> {
        let key = vec![Value::from_bytes(chain_account(who).0)];
        let address = subxt::dynamic::storage("System", "Account", key);
        let api = self.api.clone();
        let found = self
            .rt
            .block_on(async move { api.storage().at_latest().await?.fetch(&address).await })?;
        match found {
            None => Ok(0),
            Some(v) => Ok(v.as_type::<AccountInfo>()?.data.free),
        }
    }

    /// `from` sends `amount` to `to`, keeping `from` alive.
    pub fn transfer(
        &mut self,
        from: &AccountId32,
        to: &AccountId32,
        amount: Balance,
    ) -> Result<Receipt, NodeError> {
        let key = self.key(from)?;
        let tx = subxt::tx::DefaultPayload::new(
            "Balances",
            "transfer_keep_alive",
            TransferTx {
                dest: MultiAddress::Id(chain_account(to)),
                value: amount,
            },
        );
        let done = self.submit(&tx, &key, format!("transfer {amount} to {to}"))?;
        Ok(done.receipt)
    }

    /// Signs `tx` with `key`, sends it and waits for a block to include it.
    fn submit<P: Payload>(
        &mut self,
        tx: &P,
        key: &Keypair,
        what: String,
    ) -> Result<Included, NodeError> {
        self.notify(TxEvent::Sent(what));
        let api = self.api.clone();
        let out = self.rt.block_on(async move {
            let mut progress = api.tx().sign_and_submit_then_watch_default(tx, key).await?;
            while let Some(status) = progress.next().await {
                // Finalized, not just in the best block: every read, dry run and nonce the
                // client takes next is at the latest finalized block (the dev node finalizes
                // a second after sealing), so it must already see this transaction.
                let in_block = match status? {
                    TxStatus::InFinalizedBlock(b) => b,
                    TxStatus::Error { message }
                    | TxStatus::Invalid { message }
                    | TxStatus::Dropped { message } => return Err(NodeError::Dropped(message)),
                    _ => continue,
                };
                let hash = in_block.block_hash();
                let number = api.blocks().at(hash).await?.number();
                let events = in_block.fetch_events().await?;
                let mut receipt = Receipt {
                    block_number: Some(number),
                    block_hash: Some(hash.0),
                    ..Receipt::default()
                };
                let mut failed = None;
                for ev in events.iter() {
                    let ev = ev?;
                    if ev.pallet_name() == "System" && ev.variant_name() == "ExtrinsicFailed" {
                        let error = subxt::error::DispatchError::decode_from(
                            ev.field_bytes(),
                            api.metadata(),
                        )?;
                        failed = Some(error.to_string());
                    }
                    if let Some(fee) = ev.as_event::<TransactionFeePaid>()? {
                        receipt.fee = Some(fee.actual_fee);
                    }
                    if let Some(ok) = ev.as_event::<ExtrinsicSuccess>()? {
                        receipt.weight = ok.dispatch_info.weight.weight();
                    }
                    if let Some(emitted) = ev.as_event::<ContractEmitted>()? {
                        let topics = ev.topics().iter().map(|t| t.0).collect();
                        receipt
                            .events
                            .push((our_account(&emitted.contract), topics, emitted.data));
                    }
                }
                // A refused transaction is still in the block (and paid for): say why.
                return match failed {
                    Some(why) => Err(NodeError::Dispatch(why)),
                    None => Ok(Included { events, receipt }),
                };
            }
            Err(NodeError::Dropped(
                "the node stopped reporting on it".to_string(),
            ))
        });
        self.notify(TxEvent::Done);
        out
    }

    /// `ContractsApi_call`: the call run against the latest block, nothing sent.
    fn dry_call(
        &mut self,
        origin: &AccountId32,
        contract: &AccountId32,
        input: Vec<u8>,
        value: Balance,
    ) -> Result<ContractExecResult, NodeError> {
        let args = DryCall {
            origin: chain_account(origin),
            dest: chain_account(contract),
            value,
            gas_limit: None,
            storage_deposit_limit: None,
            input_data: input,
        };
        let payload = subxt::runtime_api::DefaultPayload::<_, ContractExecResult>::new(
            "ContractsApi",
            "call",
            args,
        );
        let api = self.api.clone();
        let r = self
            .rt
            .block_on(async move { api.runtime_api().at_latest().await?.call(payload).await })?;
        Ok(r)
    }

    /// Dry-runs a call, records its receipt and gives its outcome.
    fn dry_run(
        &mut self,
        origin: &AccountId32,
        contract: &AccountId32,
        input: Vec<u8>,
        value: Balance,
    ) -> Result<(ContractExecResult, Result<ExecReturnValue, CallError>), CallError> {
        let r = self.dry_call(origin, contract, input, value)?;
        let outcome = match &r.result {
            Ok(ret) => Ok(ret.clone()),
            Err(e) => Err(CallError::Trapped(describe_dispatch(
                e,
                &self.api.metadata(),
                &r.debug_message,
            ))),
        };
        self.last = Receipt {
            weight: r.gas_consumed.weight(),
            reverted: outcome.as_ref().map_or(true, ExecReturnValue::reverted),
            storage_deposit: r.storage_deposit.signed(),
            ..Receipt::default()
        };
        Ok((r, outcome))
    }

    fn fresh_salt(&mut self) -> Vec<u8> {
        self.salt = self.salt.wrapping_add(1);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let mut seed = nanos.to_le_bytes().to_vec();
        seed.extend_from_slice(&self.salt.to_le_bytes());
        <PolkadotConfig as subxt::Config>::Hasher::hash(&seed)
            .0
            .to_vec()
    }
}

impl Ledger for Node {
    fn person(&mut self, name: &str) -> Result<AccountId32, CallError> {
        if !self.is_development() {
            return Err(NodeError::NotDevelopment {
                chain: self.chain.clone(),
                name: name.to_string(),
            }
            .into());
        }
        let key = key_from_uri(&format!("//{name}"))?;
        let who = self.add_key(key);
        if self.free(&who)? == 0 {
            let funder = account_of_key(&self.funder);
            self.transfer(&funder, &who, DEV_FUNDING)?;
        }
        Ok(who)
    }

    fn free_balance(&mut self, who: &AccountId32) -> Result<Balance, CallError> {
        Ok(self.free(who)?)
    }

    fn call(
        &mut self,
        origin: &AccountId32,
        contract: &AccountId32,
        input: Vec<u8>,
        value: Balance,
    ) -> Result<Vec<u8>, CallError> {
        let (dry, outcome) = self.dry_run(origin, contract, input.clone(), value)?;
        let ret = outcome?;
        if ret.reverted() {
            // The contract said no: nothing to send, the output says why.
            return Ok(ret.data);
        }
        let key = self.key(origin)?;
        let tx = subxt::tx::DefaultPayload::new(
            "Contracts",
            "call",
            CallTx {
                dest: MultiAddress::Id(chain_account(contract)),
                value,
                gas_limit: dry.gas_required.with_margin(),
                storage_deposit_limit: Some(dry.storage_deposit.charge()),
                data: input,
            },
        );
        let done = self
            .submit(&tx, &key, format!("call {contract}"))
            .map_err(|e| match e {
                NodeError::Dispatch(why) => CallError::Trapped(why),
                other => other.into(),
            })?;
        self.last = Receipt {
            storage_deposit: dry.storage_deposit.signed(),
            ..done.receipt
        };
        // The chain keeps no call's output: it is the dry run's, on the same state.
        Ok(ret.data)
    }

    fn query(
        &mut self,
        origin: &AccountId32,
        contract: &AccountId32,
        input: Vec<u8>,
        value: Balance,
    ) -> Result<Vec<u8>, CallError> {
        let (_, outcome) = self.dry_run(origin, contract, input, value)?;
        Ok(outcome?.data)
    }

    fn block_number(&mut self) -> Result<u32, CallError> {
        let api = self.api.clone();
        let n = self
            .rt
            .block_on(async move { api.blocks().at_latest().await.map(|b| b.number()) })
            .map_err(NodeError::from)?;
        Ok(n)
    }

    fn upload(&mut self, origin: &AccountId32, wasm: &[u8]) -> Result<[u8; 32], CallError> {
        let hash = <PolkadotConfig as subxt::Config>::Hasher::hash(wasm).0;
        if self.code_exists(hash)? {
            return Ok(hash);
        }
        let key = self.key(origin)?;
        let tx = subxt::tx::DefaultPayload::new(
            "Contracts",
            "upload_code",
            UploadTx {
                code: wasm.to_vec(),
                storage_deposit_limit: None,
                determinism: Determinism::Enforced,
            },
        );
        let done = self
            .submit(&tx, &key, format!("upload {} bytes of code", wasm.len()))
            .map_err(|e| CallError::Setup(format!("the code did not upload: {e}")))?;
        self.last = done.receipt;
        Ok(hash)
    }

    fn instantiate_with_value(
        &mut self,
        origin: &AccountId32,
        wasm: &[u8],
        input: Vec<u8>,
        value: Balance,
    ) -> Result<Deployed, CallError> {
        let code_hash = H256(self.upload(origin, wasm)?);
        let salt = self.fresh_salt();
        let args = DryInstantiate {
            origin: chain_account(origin),
            value,
            gas_limit: None,
            storage_deposit_limit: None,
            code: Code::Existing(code_hash),
            data: input.clone(),
            salt: salt.clone(),
        };
        let payload = subxt::runtime_api::DefaultPayload::<_, ContractInstantiateResult>::new(
            "ContractsApi",
            "instantiate",
            args,
        );
        let api = self.api.clone();
        let dry = self
            .rt
            .block_on(async move { api.runtime_api().at_latest().await?.call(payload).await })
            .map_err(NodeError::from)?;
        let ok = match &dry.result {
            Ok(ok) => ok,
            Err(e) => {
                return Err(CallError::Setup(format!(
                    "deployment failed: {}",
                    describe_dispatch(e, &self.api.metadata(), &dry.debug_message)
                )))
            }
        };
        if ok.result.reverted() {
            return Ok(Deployed::Reverted(ok.result.data.clone()));
        }
        let expected = our_account(&ok.account_id);
        let key = self.key(origin)?;
        let tx = subxt::tx::DefaultPayload::new(
            "Contracts",
            "instantiate",
            InstantiateTx {
                value,
                gas_limit: dry.gas_required.with_margin(),
                storage_deposit_limit: Some(dry.storage_deposit.charge()),
                code_hash,
                data: input,
                salt,
            },
        );
        let done = self
            .submit(&tx, &key, "deploy a contract".to_string())
            .map_err(|e| CallError::Setup(format!("deployment failed: {e}")))?;
        // A constructor may instantiate contracts of its own (a pool its bank): each has its
        // `Instantiated` event, the nested ones first. The one at the address the dry run
        // gave is this deployment's.
        let mut made: Vec<AccountId32> = Vec::new();
        for ev in done.events.find::<Instantiated>() {
            made.push(our_account(&ev.map_err(NodeError::from)?.contract));
        }
        if made.is_empty() {
            return Err(CallError::Setup(
                "the chain reported no new contract".into(),
            ));
        }
        if !made.contains(&expected) {
            return Err(CallError::Setup(format!(
                "the chain reported new contracts at {made:?}, not at {expected} as the dry run said"
            )));
        }
        let addr = expected;
        self.last = Receipt {
            storage_deposit: dry.storage_deposit.signed(),
            ..done.receipt
        };
        Ok(Deployed::At(addr))
    }

    fn receipt(&self) -> &Receipt {
        &self.last
    }

    fn set_receipt(&mut self, receipt: Receipt) {
        self.last = receipt;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dev_uri_gives_the_well_known_account() {
        let alice = key_from_uri("//Alice").unwrap();
        assert_eq!(account_of_key(&alice), account_of_key(&dev::alice()));
        // Names are keys of their own: `//alice` is not `//Alice`.
        assert_ne!(
            account_of_key(&key_from_uri("//alice").unwrap()),
            account_of_key(&alice)
        );
    }

    #[test]
    fn a_bad_uri_is_refused_without_echoing_it() {
        let e = key_from_uri("not a key //x///").unwrap_err();
        assert_eq!(e, NodeError::BadKey);
        assert!(!e.to_string().contains("not a key"));
    }

    #[test]
    fn the_margin_adds_a_tenth() {
        let w = ChainWeight {
            ref_time: 1_000,
            proof_size: 50,
        }
        .with_margin();
        assert_eq!((w.ref_time, w.proof_size), (1_100, 55));
        let top = ChainWeight {
            ref_time: u64::MAX,
            proof_size: u64::MAX,
        }
        .with_margin();
        assert_eq!(top.ref_time, u64::MAX);
    }

    // The codec against the real pallet-contracts types: the sandbox runtime's metadata for
    // calls and events, and scale-info registries for the runtime API's types.
    use ink_sandbox::macros::{DefaultSandboxRuntime as Runtime, RuntimeCall, RuntimeEvent};
    use ink_sandbox::pallet_contracts;
    use scale::Encode;
    use scale_info::{meta_type, PortableRegistry, Registry, TypeInfo};

    fn sandbox_metadata() -> Metadata {
        let bytes = Runtime::metadata().encode();
        scale::Decode::decode(&mut &bytes[..]).expect("the sandbox's metadata")
    }

    fn registry_of<T: TypeInfo + 'static>() -> (PortableRegistry, u32) {
        let mut reg = Registry::new();
        let id = reg.register_type(&meta_type::<T>()).id;
        (reg.into(), id)
    }

    fn acc(b: u8) -> AccountId32 {
        AccountId32::new([b; 32])
    }

    #[test]
    fn a_contract_call_encodes_as_the_pallet_encodes_it() {
        let metadata = sandbox_metadata();
        let tx = subxt::tx::DefaultPayload::new(
            "Contracts",
            "call",
            CallTx {
                dest: MultiAddress::Id(chain_account(&acc(7))),
                value: 1_000,
                gas_limit: ChainWeight {
                    ref_time: 3_000_000_000,
                    proof_size: 70_000,
                },
                storage_deposit_limit: Some(12),
                data: vec![1, 2, 3, 4],
            },
        );
        let ours = tx.encode_call_data(&metadata).unwrap();
        let theirs = RuntimeCall::Contracts(pallet_contracts::Call::call {
            dest: acc(7).into(),
            value: 1_000,
            gas_limit: Weight::from_parts(3_000_000_000, 70_000),
            storage_deposit_limit: Some(12u128.into()),
            data: vec![1, 2, 3, 4],
        })
        .encode();
        assert_eq!(ours, theirs);

        let tx = subxt::tx::DefaultPayload::new(
            "Contracts",
            "instantiate",
            InstantiateTx {
                value: 0,
                gas_limit: ChainWeight {
                    ref_time: 5,
                    proof_size: 6,
                },
                storage_deposit_limit: None,
                code_hash: H256([9; 32]),
                data: vec![0xaa],
                salt: vec![1, 2],
            },
        );
        let theirs = RuntimeCall::Contracts(pallet_contracts::Call::instantiate {
            value: 0,
            gas_limit: Weight::from_parts(5, 6),
            storage_deposit_limit: None,
            code_hash: ink_sandbox::H256([9; 32]),
            data: vec![0xaa],
            salt: vec![1, 2],
        })
        .encode();
        assert_eq!(tx.encode_call_data(&metadata).unwrap(), theirs);
    }

    #[test]
    fn contract_events_decode_from_a_block_s_events() {
        let metadata = sandbox_metadata();
        let record = |event: RuntimeEvent, topics: Vec<ink_sandbox::H256>| {
            ink_sandbox::frame_system::EventRecord {
                phase: ink_sandbox::frame_system::Phase::ApplyExtrinsic(1),
                event,
                topics,
            }
        };
        let records = vec![
            record(
                RuntimeEvent::Contracts(pallet_contracts::Event::ContractEmitted {
                    contract: acc(5),
                    data: vec![9, 8, 7],
                }),
                vec![ink_sandbox::H256([3; 32])],
            ),
            record(
                RuntimeEvent::Contracts(pallet_contracts::Event::Instantiated {
                    deployer: acc(1),
                    contract: acc(6),
                }),
                vec![],
            ),
        ];
        let events =
            subxt::events::Events::<PolkadotConfig>::decode_from(records.encode(), metadata);
        let mut emitted = Vec::new();
        for ev in events.iter() {
            let ev = ev.unwrap();
            if let Some(e) = ev.as_event::<ContractEmitted>().unwrap() {
                emitted.push((our_account(&e.contract), ev.topics()[0].0, e.data));
            }
        }
        assert_eq!(emitted, vec![(acc(5), [3; 32], vec![9, 8, 7])]);
        let made = events.find_first::<Instantiated>().unwrap().unwrap();
        assert_eq!(our_account(&made.contract), acc(6));
    }

    #[test]
    fn a_dry_run_s_answer_decodes_by_the_pallet_s_types() {
        type Answer = ink_sandbox::ContractExecResultFor<Runtime>;
        let (reg, id) = registry_of::<Answer>();
        let answer = |result| Answer {
            gas_consumed: Weight::from_parts(123, 45),
            gas_required: Weight::from_parts(200, 60),
            storage_deposit: pallet_contracts::StorageDeposit::Refund(7),
            debug_message: b"trace".to_vec(),
            result,
            events: None,
        };
        let reverted = answer(Ok(pallet_contracts::ExecReturnValue {
            flags: pallet_contracts_flags_revert(),
            data: vec![1, 2, 3],
        }))
        .encode();
        let r = ContractExecResult::decode_as_type(&mut &reverted[..], id, &reg).unwrap();
        assert_eq!(r.gas_consumed.weight(), Weight::from_parts(123, 45));
        assert_eq!(r.gas_required.ref_time, 200);
        assert_eq!(
            (r.storage_deposit.signed(), r.storage_deposit.charge()),
            (-7, 0)
        );
        let ret = r.result.unwrap();
        assert!(ret.reverted());
        assert_eq!(ret.data, vec![1, 2, 3]);

        let trapped = answer(Err(ink_sandbox::DispatchError::Module(
            ink_sandbox::frame_support::sp_runtime::ModuleError {
                index: 8,
                error: [11, 0, 0, 0],
                message: None,
            },
        )))
        .encode();
        let r = ContractExecResult::decode_as_type(&mut &trapped[..], id, &reg).unwrap();
        let err = r.result.unwrap_err();
        assert!(
            matches!(&err.value, ValueDef::Variant(v) if v.name == "Module"),
            "{err}"
        );
    }

    /// pallet-contracts' `ReturnFlags::REVERT` (its type is not re-exported): the flags'
    /// SCALE form is their `u32` bits.
    fn pallet_contracts_flags_revert<F: scale::Decode>() -> F {
        F::decode(&mut &1u32.to_le_bytes()[..]).expect("flags decode from their bits")
    }

    #[test]
    fn dry_run_arguments_encode_as_the_runtime_api_takes_them() {
        let mut reg = Registry::new();
        let mut id = |m| reg.register_type(&m).id;
        let fields = [
            ("origin", id(meta_type::<AccountId32>())),
            ("dest", id(meta_type::<AccountId32>())),
            ("value", id(meta_type::<u128>())),
            ("gas_limit", id(meta_type::<Option<Weight>>())),
            ("storage_deposit_limit", id(meta_type::<Option<u128>>())),
            ("input_data", id(meta_type::<Vec<u8>>())),
        ];
        let reg: PortableRegistry = reg.into();
        let args = DryCall {
            origin: chain_account(&acc(1)),
            dest: chain_account(&acc(2)),
            value: 5,
            gas_limit: None,
            storage_deposit_limit: Some(9),
            input_data: vec![0xde, 0xad],
        };
        let mut iter = fields
            .iter()
            .map(|(name, id)| subxt::ext::scale_encode::Field::named(*id, name));
        let mut ours = Vec::new();
        subxt::ext::scale_encode::EncodeAsFields::encode_as_fields_to(
            &args, &mut iter, &reg, &mut ours,
        )
        .unwrap();
        let theirs = (
            acc(1),
            acc(2),
            5u128,
            None::<Weight>,
            Some(9u128),
            vec![0xdeu8, 0xad],
        )
            .encode();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn an_unreachable_node_says_how_to_start_one() {
        // Nothing listens on port 1 of the loopback address.
        let e = match Node::connect("ws://127.0.0.1:1") {
            Err(e) => e,
            Ok(_) => panic!("connected to nothing"),
        };
        assert!(matches!(e, NodeError::Unreachable { .. }));
        assert!(e.to_string().contains("scripts/node start"), "{e}");
    }
}
