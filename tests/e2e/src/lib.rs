//! Shared pieces of Vouch's end-to-end tests: deploying the contracts on a node, calling them
//! through their trait definitions, reading state, decoding events, and snapshots of banks for
//! checks that a refused call changed nothing.
//!
//! Every call is built from `vouch_traits` (`contract_ref!(TrustBank)`, `contract_ref!(PSP22)`,
//! …), the same definitions the contracts implement; the constructors come from the contract
//! crates' `ink-as-dependency` refs. The tests themselves are in `tests/`.

use ink::codegen::TraitCallBuilder;
use ink::env::hash::{Blake2x256, HashOutput};
use ink::primitives::Hash;
use ink_e2e::subxt::blocks::ExtrinsicEvents;
use ink_e2e::subxt::utils::AccountId32;
use ink_e2e::{CallBuilderFinal, CallResult, ContractsBackend, Keypair, PolkadotConfig, H256};
use scale::{Decode, Encode};
use std::collections::BTreeMap;
use std::fmt::Debug;
use vouch_traits::pool::{GroupPool, PoolError};
use vouch_traits::{AccountId, Balance, BankStatus, Line, Router, TrustBank, PSP22};

/// The contracts' environment (ink's default).
pub type Env = ink::env::DefaultEnvironment;
/// The client `#[ink_e2e::test]` hands a test (node backend).
pub type Client = ink_e2e::Client<PolkadotConfig, Env>;
/// The events of one extrinsic.
pub type Events = ExtrinsicEvents<PolkadotConfig>;
/// A message ready to send, as the trait call builders make it.
pub type Message<Args, R> = CallBuilderFinal<Env, Args, R>;
/// What a submitted call returns: the dry run's decoded value and the extrinsic's events.
pub type Outcome<R> = CallResult<Env, R, Events>;
/// The result type of a test and of the helpers.
pub type TestResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// Calls to a trust bank, built from the `TrustBank` trait definition.
pub type BankCalls = ink::contract_ref!(TrustBank, Env);
/// Calls to a trust bank's notes, built from the `PSP22` trait definition.
pub type NoteCalls = ink::contract_ref!(PSP22, Env);
/// Calls to a trust bank's token metadata.
pub type MetadataCalls = ink::contract_ref!(vouch_traits::PSP22Metadata, Env);
/// Calls to the router, built from the `Router` trait definition.
pub type RouterCalls = ink::contract_ref!(Router, Env);
/// Calls to a group pool, built from the `GroupPool` trait definition.
pub type PoolCalls = ink::contract_ref!(GroupPool, Env);

/// One unit of the dev chain's native currency (12 decimals).
pub const UNIT: Balance = 1_000_000_000_000;

/// The ink account id of a key pair.
pub fn account(key: &Keypair) -> AccountId {
    AccountId::from(key.public_key().0)
}

/// Calls on the trust bank at `at`.
pub fn bank(at: AccountId) -> BankCalls {
    at.into()
}

/// PSP22 calls on the notes of the trust bank at `at`.
pub fn notes(at: AccountId) -> NoteCalls {
    at.into()
}

/// Token metadata calls on the trust bank at `at`.
pub fn metadata(at: AccountId) -> MetadataCalls {
    at.into()
}

/// Calls on the router at `at`.
pub fn router(at: AccountId) -> RouterCalls {
    at.into()
}

/// Calls on the group pool at `at`.
pub fn pool(at: AccountId) -> PoolCalls {
    at.into()
}

/// The value a read-only message returns, asked by `caller` (a dry run: no extrinsic).
pub async fn read_as<Args, R>(
    client: &mut Client,
    caller: &Keypair,
    message: &Message<Args, R>,
) -> TestResult<R>
where
    Args: Sync + Encode + Clone,
    R: Send + Decode,
{
    Ok(client.call(caller, message).dry_run().await?.return_value())
}

/// The value a read-only message returns (asked by Alice; for views that ignore the caller).
pub async fn read<Args, R>(client: &mut Client, message: &Message<Args, R>) -> TestResult<R>
where
    Args: Sync + Encode + Clone,
    R: Send + Decode,
{
    read_as(client, &ink_e2e::alice(), message).await
}

/// Submits `message` from `signer` with `value` attached, as an extrinsic. Fails with the
/// contract's own answer when the dry run says the message would revert.
pub async fn exec_with_value<Args, R>(
    client: &mut Client,
    signer: &Keypair,
    message: &Message<Args, R>,
    value: Balance,
) -> TestResult<Outcome<R>>
where
    Args: Sync + Encode + Clone,
    R: Send + Decode + Debug,
{
    let dry_run = client.call(signer, message).value(value).dry_run().await?;
    if dry_run.exec_return_value().did_revert() {
        return Err(format!("the call would revert: {:?}", dry_run.message_result()).into());
    }
    Ok(client.call(signer, message).value(value).submit().await?)
}

/// Submits `message` from `signer` as an extrinsic (see [`exec_with_value`]).
pub async fn exec<Args, R>(
    client: &mut Client,
    signer: &Keypair,
    message: &Message<Args, R>,
) -> TestResult<Outcome<R>>
where
    Args: Sync + Encode + Clone,
    R: Send + Decode + Debug,
{
    exec_with_value(client, signer, message, 0).await
}

/// Submits `message` from `signer`, expecting the chain to refuse it: the dry run must say
/// the message reverts, and the extrinsic, submitted anyway, must fail on chain with
/// `ContractReverted`. Returns what the dry run decoded (the contract's error).
pub async fn refused<Args, R>(
    client: &mut Client,
    signer: &Keypair,
    message: &Message<Args, R>,
) -> TestResult<R>
where
    Args: Sync + Encode + Clone,
    R: Send + Decode + Debug,
{
    let dry_run = client.call(signer, message).dry_run().await?;
    if !dry_run.exec_return_value().did_revert() {
        return Err(format!(
            "expected a revert, the dry run returned {:?}",
            dry_run.message_result()
        )
        .into());
    }
    match client.call(signer, message).submit().await {
        Err(ink_e2e::Error::CallExtrinsic(error)) => {
            let text = format!("{error:?}");
            if !text.contains("ContractReverted") {
                return Err(format!("the extrinsic failed otherwise: {text}").into());
            }
        }
        Err(other) => return Err(format!("the call failed before the chain: {other}").into()),
        Ok(_) => return Err("the extrinsic succeeded on chain".into()),
    }
    Ok(dry_run.return_value())
}

/// What the message of a submitted call returned (decoded from its dry run).
pub fn returned<R: Decode>(outcome: &Outcome<R>) -> TestResult<R> {
    outcome
        .message_result()
        .map_err(|e| format!("the message failed in ink!: {e:?}").into())
}

/// Every event of type `Ev` (one of `vouch_traits::events`, or a pool event) that the
/// extrinsic's contracts emitted, in order, with the emitting contract. An event is
/// recognised by its signature topic (the first topic) and decoded from its data.
pub fn events_of<Ev, R>(outcome: &Outcome<R>) -> TestResult<Vec<(AccountId, Ev)>>
where
    Ev: ink::env::Event + Decode,
{
    let signature = H256::from(Ev::SIGNATURE_TOPIC.ok_or("an anonymous event has no signature")?);
    let mut found = Vec::new();
    for emitted in outcome.contract_emitted_events()? {
        if emitted.topics.first() == Some(&signature) {
            let event = Ev::decode(&mut &emitted.event.data[..])?;
            found.push((emitted.event.contract, event));
        }
    }
    Ok(found)
}

/// The topics of every emitted event of type `Ev`, in order (signature topic first).
pub fn topics_of<Ev, R>(outcome: &Outcome<R>) -> TestResult<Vec<Vec<H256>>>
where
    Ev: ink::env::Event,
{
    let signature = H256::from(Ev::SIGNATURE_TOPIC.ok_or("an anonymous event has no signature")?);
    Ok(outcome
        .contract_emitted_events()?
        .into_iter()
        .filter(|e| e.topics.first() == Some(&signature))
        .map(|e| e.topics)
        .collect())
}

/// The topic ink! stores for a field value: its SCALE encoding when it fits in 32 bytes
/// (zero-padded), else the BLAKE2-256 hash of the encoding. This is what a wallet filters on.
pub fn topic<T: Encode>(value: &T) -> H256 {
    let encoded = value.encode();
    let mut out = [0u8; 32];
    if encoded.len() <= 32 {
        out[..encoded.len()].copy_from_slice(&encoded);
    } else {
        let mut hash = <Blake2x256 as HashOutput>::Type::default();
        ink::env::hash_bytes::<Blake2x256>(&encoded, &mut hash);
        out = hash;
    }
    H256::from(out)
}

/// `TransactionPayment::TransactionFeePaid`: what the signer of an extrinsic paid for it.
#[derive(Debug, ink_e2e::subxt::ext::scale_decode::DecodeAsType)]
#[decode_as_type(crate_path = "ink_e2e::subxt::ext::scale_decode")]
pub struct TransactionFeePaid {
    pub who: AccountId32,
    pub actual_fee: Balance,
    pub tip: Balance,
}

impl ink_e2e::subxt::events::StaticEvent for TransactionFeePaid {
    const PALLET: &'static str = "TransactionPayment";
    const EVENT: &'static str = "TransactionFeePaid";
}

/// The fee (tip included) `signer` paid for the extrinsic of `outcome`.
pub fn fee_paid<R>(outcome: &Outcome<R>, signer: &Keypair) -> TestResult<Balance> {
    let who = signer.public_key().to_account_id();
    let mut total: Balance = 0;
    for fee in outcome.events.find::<TransactionFeePaid>() {
        let fee = fee?;
        if fee.who == who {
            // `actual_fee` includes the tip.
            total = total.checked_add(fee.actual_fee).ok_or("fee overflow")?;
        }
    }
    Ok(total)
}

/// The free native balance of `who`.
pub async fn free_balance(client: &mut Client, who: AccountId) -> TestResult<Balance> {
    Ok(ink_e2e::ChainBackend::free_balance(client, who).await?)
}

/// A key pair of the dev chain that holds nothing until someone funds it: `//name`.
pub fn unfunded(name: &str) -> TestResult<Keypair> {
    let uri: ink_e2e::subxt_signer::SecretUri = format!("//{name}").parse()?;
    Ok(Keypair::from_uri(&uri)?)
}

/// `from` transfers `value` of the native currency to `to` (Balances::transfer_allow_death).
pub async fn fund(
    client: &mut Client,
    from: &Keypair,
    to: AccountId,
    value: Balance,
) -> TestResult {
    use ink_e2e::subxt::dynamic::Value;
    let dest = Value::unnamed_variant("Id", [Value::from_bytes(AsRef::<[u8]>::as_ref(&to))]);
    ink_e2e::ChainBackend::runtime_call(
        client,
        from,
        "Balances",
        "transfer_allow_death",
        vec![dest, Value::u128(value)],
    )
    .await?;
    Ok(())
}

/// Uploads the trust bank's code; returns its hash (what the router and pools are given).
pub async fn upload_bank_code(client: &mut Client) -> TestResult<Hash> {
    let uploaded = client
        .upload("trust_bank", &ink_e2e::alice())
        .submit()
        .await?;
    Ok(uploaded.code_hash)
}

/// Deploys a trust bank owned by `owner`, with token metadata.
pub async fn deploy_bank(
    client: &mut Client,
    owner: &Keypair,
    name: &str,
    symbol: &str,
    decimals: u8,
) -> TestResult<AccountId> {
    let mut constructor = trust_bank::trust_bank::BankRef::new(
        Some(name.to_string()),
        Some(symbol.to_string()),
        decimals,
    );
    let deployed = client
        .instantiate("trust_bank", owner, &mut constructor)
        .submit()
        .await?;
    Ok(deployed.account_id)
}

/// Deploys a router that accepts banks running `bank_code`; `admin` becomes its admin.
pub async fn deploy_router(
    client: &mut Client,
    admin: &Keypair,
    bank_code: Hash,
) -> TestResult<AccountId> {
    let mut constructor = router::router::PaymentRouterRef::new(bank_code);
    let deployed = client
        .instantiate("router", admin, &mut constructor)
        .submit()
        .await?;
    Ok(deployed.account_id)
}

/// How a pool starts (the arguments of its constructor).
#[derive(Debug, Clone)]
pub struct PoolConfig {
    pub members: Vec<AccountId>,
    pub threshold: u32,
    pub allowance: Balance,
    pub ttl: u32,
    pub symbol: String,
}

/// Deploys a group pool created by `creator`; the pool deploys its own trust bank from
/// `bank_code`. A constructor that refuses comes back as its `PoolError`.
pub async fn deploy_pool(
    client: &mut Client,
    creator: &Keypair,
    bank_code: Hash,
    config: &PoolConfig,
) -> TestResult<Result<AccountId, PoolError>> {
    let mut constructor = pool::pool::PoolRef::new(
        bank_code,
        config.members.clone(),
        config.threshold,
        config.allowance,
        config.ttl,
        config.symbol.clone(),
    );
    let dry_run = client
        .instantiate("pool", creator, &mut constructor)
        .dry_run()
        .await?;
    let answer = dry_run.constructor_result::<Result<(), PoolError>>();
    if let Ok(Err(error)) = answer {
        return Ok(Err(error));
    }
    let deployed = client
        .instantiate("pool", creator, &mut constructor)
        .submit()
        .await?;
    Ok(Ok(deployed.account_id))
}

/// Everything a bank shows: its status, every line, and the PSP22 balance of every holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankSnapshot {
    pub bank: AccountId,
    pub status: BankStatus,
    pub total_supply: Balance,
    pub lines: Vec<(AccountId, Line)>,
    pub balances: Vec<(AccountId, Balance)>,
}

/// A snapshot of each of `banks` (lines read in pages of the bank's maximum).
pub async fn snapshot(client: &mut Client, banks: &[AccountId]) -> TestResult<Vec<BankSnapshot>> {
    let mut out = Vec::with_capacity(banks.len());
    for &at in banks {
        let status = read(client, &bank(at).call().status()).await?;
        let total_supply = read(client, &notes(at).call().total_supply()).await?;
        let mut lines = Vec::new();
        let page = vouch_traits::traits::MAX_PAGE;
        let mut start = 0u32;
        while start < status.counterparties {
            lines.extend(read(client, &bank(at).call().lines(start, page)).await?);
            start = start.saturating_add(page);
        }
        let mut balances = Vec::with_capacity(lines.len());
        for (holder, _) in &lines {
            let held = read(client, &notes(at).call().balance_of(*holder)).await?;
            balances.push((*holder, held));
        }
        out.push(BankSnapshot {
            bank: at,
            status,
            total_supply,
            lines,
            balances,
        });
    }
    Ok(out)
}

/// One participant of a web of trust: a key, its account and its registered bank.
#[derive(Clone)]
pub struct Person {
    pub key: Keypair,
    pub id: AccountId,
    pub bank: AccountId,
}

/// A router and people who each run a bank registered with it and authorising it.
pub struct Web {
    pub router: AccountId,
    pub bank_code: Hash,
    people: BTreeMap<&'static str, Person>,
}

impl Web {
    /// Uploads the bank code, deploys a router (admin: Alice) and, for each `(name, key)`, a
    /// bank owned by that key which authorises the router and is registered with it.
    pub async fn new(
        client: &mut Client,
        people: Vec<(&'static str, Keypair)>,
    ) -> TestResult<Self> {
        let bank_code = upload_bank_code(client).await?;
        let router_at = deploy_router(client, &ink_e2e::alice(), bank_code).await?;
        let mut web = Self {
            router: router_at,
            bank_code,
            people: BTreeMap::new(),
        };
        for (name, key) in people {
            let symbol = name.to_uppercase();
            let at = deploy_bank(client, &key, &format!("{name} notes"), &symbol, 12).await?;
            exec(
                client,
                &key,
                &bank(at).call_mut().set_router(router_at, true),
            )
            .await?;
            exec(client, &key, &router(router_at).call_mut().register(at)).await?;
            web.people.insert(
                name,
                Person {
                    id: account(&key),
                    key,
                    bank: at,
                },
            );
        }
        Ok(web)
    }

    /// The person called `name`.
    pub fn person(&self, name: &str) -> &Person {
        self.people
            .get(name)
            .unwrap_or_else(|| panic!("nobody called {name}"))
    }

    /// The bank of `name`.
    pub fn bank_of(&self, name: &str) -> AccountId {
        self.person(name).bank
    }

    /// Every bank, in the order of the names.
    pub fn banks(&self) -> Vec<AccountId> {
        self.people.values().map(|p| p.bank).collect()
    }

    /// The credit line of `holder`'s bank at `issuer`'s bank, opened from both sides: the
    /// issuer's owner sets the limit, the holder's owner has its bank state it is willing to
    /// hold as many (`trust`, which calls the issuer's `set_willing`).
    pub async fn open_line(
        &self,
        client: &mut Client,
        issuer: &str,
        holder: &str,
        amount: Balance,
    ) -> TestResult<()> {
        let (issuer, holder) = (self.person(issuer).clone(), self.person(holder).clone());
        exec(
            client,
            &issuer.key,
            &bank(issuer.bank).call_mut().set_limit(holder.bank, amount),
        )
        .await?;
        exec(
            client,
            &holder.key,
            &bank(holder.bank).call_mut().trust(issuer.bank, amount),
        )
        .await?;
        Ok(())
    }

    /// The line of `holder`'s bank at `issuer`'s bank.
    pub async fn line(&self, client: &mut Client, issuer: &str, holder: &str) -> TestResult<Line> {
        let (issuer, holder) = (self.bank_of(issuer), self.bank_of(holder));
        read(client, &bank(issuer).call().line(holder)).await
    }
}
