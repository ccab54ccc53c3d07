//! One invocation's view of the chain: the embedded sandbox chain restored from the state
//! file, or a node reached by URL; the names the user gave; and the typed operations the
//! commands run. Both chains sit behind one [`Ledger`] ([`Backend`]), so every command has
//! one copy.
//!
//! The state file holds the whole embedded chain (every storage item) and a small directory
//! of names (who has which bank, where the router is), so `vouch deploy alice` followed by
//! `vouch pay alice bob 10` behave like two transactions on one chain. A node keeps its own
//! state: beside the state file, one deployment file per chain (named by its genesis hash)
//! holds the same directory, the address book of names and the contracts' code hashes.

use anyhow::{anyhow, bail, Context, Result};
use scale::{Decode, Encode};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use vouch_client::graph::TrustGraph;
use vouch_client::AccountId32;
use vouch_client::{
    account, BankRef, Bundle, CallError, Chain, Deployed, Ledger, Node, PoolRef, Receipt, Refusal,
    RouterRef, TxEvent,
};
use vouch_traits::pool::PoolError;
use vouch_traits::{Balance, BankError, PSP22Error, Route, RouterError};

/// First bytes of a state file (bumped when the format changes).
const STATE_MAGIC: [u8; 8] = *b"VOUCHST1";
/// The person who deploys and administers the router on a fresh chain.
pub const ROUTER_ADMIN: &str = "router-admin";

/// The names the user gave, kept beside the chain state.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Directory {
    /// The router's address (hex), once deployed.
    pub router: Option<String>,
    /// Person name -> their bank's address (hex).
    pub banks: BTreeMap<String, String>,
    /// Pool name -> the pool contract's address (hex).
    #[serde(default)]
    pub pools: BTreeMap<String, String>,
    /// Pool name -> the address (hex) of the trust bank the pool owns (`pool:NAME`).
    #[serde(default)]
    pub pool_banks: BTreeMap<String, String>,
    /// Loan name -> the loan contract's address (hex).
    #[serde(default)]
    pub loans: BTreeMap<String, String>,
    /// Tracker name -> the tracker contract's address (hex).
    #[serde(default)]
    pub trackers: BTreeMap<String, String>,
    /// Loan name -> the people the command line saw take part in it (lenders, acceptors,
    /// buyers): whom `vouch loan status` lists, since the loan keeps no list of holders.
    #[serde(default)]
    pub loan_people: BTreeMap<String, std::collections::BTreeSet<String>>,
    /// Shares name -> the shares contract's address (hex).
    #[serde(default)]
    pub shares: BTreeMap<String, String>,
    /// Shares name -> the holders the command line saw (founders, receivers): whom
    /// `vouch shares status` lists, since the contract keeps no list of holders.
    #[serde(default)]
    pub share_people: BTreeMap<String, std::collections::BTreeSet<String>>,
}

pub fn hex(a: &AccountId32) -> String {
    hex::encode(a)
}

pub fn unhex(s: &str) -> Result<AccountId32> {
    let raw: [u8; 32] = hex::decode(s)
        .ok()
        .and_then(|v| v.try_into().ok())
        .ok_or_else(|| anyhow!("bad address {s} in the state file"))?;
    Ok(AccountId32::new(raw))
}

/// An account given as an SS58 address or as 0x-hex (32 bytes); None for anything else
/// (a person's name is never either: names are at most 31 bytes).
pub fn parse_address(s: &str) -> Option<AccountId32> {
    let s = s.trim();
    match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(h) => hex::decode(h)
            .ok()
            .and_then(|v| <[u8; 32]>::try_from(v).ok())
            .map(AccountId32::new),
        None => <AccountId32 as std::str::FromStr>::from_str(s).ok(),
    }
}

/// Checks a person's name: it becomes their development key.
pub fn check_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 31
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if !ok {
        bail!("`{name}` is not a usable name: use 1 to 31 characters from a-z, 0-9, - and _");
    }
    Ok(())
}

/// A contract error in words, with what to do about it.
pub fn explain_bank(e: &BankError) -> String {
    let (what, hint) = match e {
        BankError::NotOwner => ("only the bank's owner may do this", ""),
        BankError::NotRouter => ("the bank has not authorised this router", ""),
        BankError::ZeroAmount => ("the amount must be positive", ""),
        BankError::SelfLine => ("a bank keeps no line with itself", ""),
        BankError::NoCapacity => (
            "the holder's line has no room",
            "raise the limit (vouch set-limit) or the holder's willingness (vouch set-willing)",
        ),
        BankError::InsufficientNotes => ("the holder holds fewer notes than that", ""),
        BankError::ExceedsGranted => (
            "only granted notes can be revoked",
            "notes the holder earned are never burnable",
        ),
        BankError::InsufficientReserve => (
            "the bank's reserve is short",
            "redeem less, use --partial, or ask the owner to deposit",
        ),
        BankError::InsufficientAllowance => ("the PSP22 allowance is too small", ""),
        BankError::TransferFailed => ("the chain refused the native transfer", ""),
        BankError::CallFailed => ("a call into another contract failed", ""),
        BankError::Overflow => ("the amount overflows", ""),
    };
    if hint.is_empty() {
        format!("{what} ({e:?})")
    } else {
        format!("{what} ({e:?}): {hint}")
    }
}

/// A PSP22 error in words (the bank reports its own errors by name in `Custom`).
pub fn explain_psp22(e: &PSP22Error) -> String {
    match e {
        PSP22Error::InsufficientBalance => explain_bank(&BankError::InsufficientNotes),
        PSP22Error::InsufficientAllowance => explain_bank(&BankError::InsufficientAllowance),
        PSP22Error::Custom(c) if c == "NoCapacity" => {
            "the receiver's line has no room (NoCapacity): the receiver must be willing to \
             hold these notes (vouch set-willing) and the issuer must extend it a limit"
                .to_string()
        }
        other => format!("the bank refused the transfer ({other:?})"),
    }
}

/// A pool error in words, with what to do about it; `pool` is the pool's name.
pub fn explain_pool(e: &PoolError, pool: &str) -> String {
    let status = format!("`vouch pool status {pool}` lists the members and open proposals");
    let (what, hint): (&str, String) = match e {
        PoolError::NotMember => (
            "the caller (or the member named) is not an active member of the pool",
            status,
        ),
        PoolError::AlreadyMember => (
            "that account is already a member of the pool",
            "members hold the group's notes already".into(),
        ),
        PoolError::BadMemberCount => (
            "a pool records 1 to 16 members (active and former)",
            String::new(),
        ),
        PoolError::DuplicateMember => ("a member is listed twice", String::new()),
        PoolError::BadThreshold => (
            "the threshold must stay between 1 and the number of active members",
            format!(
                "a removal also needs a threshold below the member count (lower it first: \
                 vouch pool propose {pool} MEMBER threshold K)"
            ),
        ),
        PoolError::ZeroAmount => ("the amount must be positive", String::new()),
        PoolError::OverBudget => (
            "that would take the member past their budget",
            format!("more needs a vote: vouch pool propose {pool} MEMBER reup MEMBER N"),
        ),
        PoolError::UnknownProposal => ("there is no proposal with that id", status),
        PoolError::Expired => (
            "the proposal has expired",
            "propose it again".into(),
        ),
        PoolError::AlreadyExecuted => (
            "the proposal has already executed",
            "there is nothing left to approve".into(),
        ),
        PoolError::AlreadyApproved => (
            "this member has already approved the proposal",
            "another member has to approve it".into(),
        ),
        PoolError::Closed => (
            "the pool has closed (it settled up)",
            format!("members can still redeem the notes they earned (vouch redeem person:NAME pool:{pool} N)"),
        ),
        PoolError::TransferFailed => ("the chain refused a native transfer", String::new()),
        PoolError::CallFailed => ("a call into the pool's bank failed", String::new()),
        PoolError::Bank(BankError::NoCapacity) => (
            "the member's line at the pool's bank has no room (Bank(NoCapacity))",
            format!(
                "the member must be willing to hold the notes: vouch set-willing person:MEMBER \
                 pool:{pool} N"
            ),
        ),
        PoolError::Bank(b) => {
            return format!("the pool's bank refused: {}", explain_bank(b));
        }
        PoolError::Overflow => ("the amount overflows", String::new()),
        PoolError::BadRecipient => (
            "the pool itself cannot be paid (a withdrawal) or be a member: the amount would be stranded in the pool contract",
            "name a person or another account".into(),
        ),
        PoolError::NothingToClaim => ("no payout of the close is held for this member", String::new()),
    };
    let what = if what.ends_with(')') {
        what.to_string()
    } else {
        format!("{what} ({e:?})")
    };
    if hint.is_empty() {
        what
    } else {
        format!("{what}: {hint}")
    }
}

pub fn explain_router(e: &RouterError) -> String {
    match e {
        RouterError::HopFailed { route, hop, error } => format!(
            "route {route}, hop {hop} failed: {}; nothing was paid",
            explain_bank(error)
        ),
        RouterError::UnknownPerson => {
            "the payer or receiver has no registered bank (vouch deploy NAME)".into()
        }
        RouterError::UnknownCode => "that contract is not trust bank code the router knows".into(),
        RouterError::NotBankOwner => "only a bank's owner can register it".into(),
        other => format!("the router refused the payment ({other:?})"),
    }
}

/// A failed call in words: a contract's refusal explained (with what to do), `pool` naming
/// the pool in a pool's hints.
pub fn explain(e: &CallError, pool: &str) -> String {
    match e {
        CallError::Refused(Refusal::Bank(b)) => explain_bank(b),
        CallError::Refused(Refusal::Psp22(p)) => explain_psp22(p),
        CallError::Refused(Refusal::Router(r)) => explain_router(r),
        CallError::Refused(Refusal::Pool(p)) => explain_pool(p, pool),
        CallError::Refused(Refusal::Loan(l)) => crate::loan::explain_loan(l, pool),
        CallError::Refused(Refusal::Tracker(t)) => crate::loan::explain_tracker(t),
        CallError::Refused(Refusal::Shares(x)) => crate::shares::explain_shares(x, pool),
        other => format!("a contract call did not return: {other:?}"),
    }
}

type CallResult<T> = std::result::Result<T, CallError>;

/// Turns a call's [`CallError`] into the command's error, prefixed with what was tried.
pub trait Explain<T> {
    /// `what: <the refusal in words>`.
    fn or_explain(self, what: &str) -> Result<T>;
    /// As [`Explain::or_explain`], the hints naming pool `pool`.
    fn or_explain_pool(self, what: &str, pool: &str) -> Result<T>;
}

impl<T> Explain<T> for CallResult<T> {
    fn or_explain(self, what: &str) -> Result<T> {
        self.or_explain_pool(what, "NAME")
    }
    fn or_explain_pool(self, what: &str, pool: &str) -> Result<T> {
        self.map_err(|e| match e {
            CallError::Refused(_) => anyhow!("{what}: {}", explain(&e, pool)),
            CallError::Node(n) => anyhow!("{what}: {n}"),
            other => anyhow!("a contract call did not return: {other:?}"),
        })
    }
}

/// The chain the commands run on: the embedded one, or a node.
pub enum Backend {
    Embedded(Box<Chain>),
    Node(Box<Node>),
}

impl Backend {
    fn ledger(&mut self) -> &mut dyn Ledger {
        match self {
            Backend::Embedded(c) => c.as_mut(),
            Backend::Node(n) => n.as_mut(),
        }
    }

    fn ledger_ref(&self) -> &dyn Ledger {
        match self {
            Backend::Embedded(c) => c.as_ref(),
            Backend::Node(n) => n.as_ref(),
        }
    }
}

impl Ledger for Backend {
    fn person(&mut self, name: &str) -> CallResult<AccountId32> {
        self.ledger().person(name)
    }
    fn free_balance(&mut self, who: &AccountId32) -> CallResult<Balance> {
        self.ledger().free_balance(who)
    }
    fn call(
        &mut self,
        origin: &AccountId32,
        contract: &AccountId32,
        input: Vec<u8>,
        value: Balance,
    ) -> CallResult<Vec<u8>> {
        self.ledger().call(origin, contract, input, value)
    }
    fn query(
        &mut self,
        origin: &AccountId32,
        contract: &AccountId32,
        input: Vec<u8>,
        value: Balance,
    ) -> CallResult<Vec<u8>> {
        self.ledger().query(origin, contract, input, value)
    }
    fn block_number(&mut self) -> CallResult<u32> {
        self.ledger().block_number()
    }
    fn upload(&mut self, origin: &AccountId32, wasm: &[u8]) -> CallResult<[u8; 32]> {
        self.ledger().upload(origin, wasm)
    }
    fn instantiate_with_value(
        &mut self,
        origin: &AccountId32,
        wasm: &[u8],
        input: Vec<u8>,
        value: Balance,
    ) -> CallResult<Deployed> {
        self.ledger()
            .instantiate_with_value(origin, wasm, input, value)
    }
    fn receipt(&self) -> &Receipt {
        self.ledger_ref().receipt()
    }
    fn set_receipt(&mut self, receipt: Receipt) {
        self.ledger().set_receipt(receipt)
    }
}

/// First line of a deployment file's JSON (bumped when the format changes).
const DEPLOYMENT_FORMAT: &str = "vouch-deployments-1";

/// What the command line deployed on one node's chain, kept beside the state file.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
struct Deployments {
    format: String,
    /// The chain's genesis hash (hex): the file is this chain's.
    genesis: String,
    chain: String,
    /// The URL the chain was last reached at.
    url: String,
    /// Bundle name -> the code hash (hex) of the code the command line deployed.
    code_hashes: BTreeMap<String, String>,
    /// Person name -> account (hex): the address book.
    people: BTreeMap<String, String>,
    directory: Directory,
}

/// Where the embedded chain or a node's deployments are kept.
enum Store {
    State(PathBuf),
    Deployments {
        path: PathBuf,
        record: Box<Deployments>,
    },
}

/// How to reach a node: its URL, and the key that pays for the named people's funding.
pub struct NodeOptions {
    pub url: String,
    pub funder: Option<vouch_client::node::Keypair>,
    /// Show a spinner while a transaction waits for its block.
    pub spinner: bool,
}

/// The chain plus the directory, loaded from and saved to the state file (or, for a node,
/// the deployment file).
pub struct Session {
    pub chain: Backend,
    pub dir: Directory,
    store: Store,
}

/// The deployment file of the chain with `genesis`, beside the state file `state`.
pub fn deployments_path(state: &Path, genesis: &[u8; 32]) -> PathBuf {
    let name = state
        .file_name()
        .map_or_else(|| "vouch".into(), |n| n.to_string_lossy().into_owned());
    let short = &hex::encode(genesis)[..16];
    state.with_file_name(format!("{name}.chain-{short}.json"))
}

/// A spinner on standard error while a transaction waits for its block.
fn spinner() -> impl FnMut(TxEvent) {
    let mut bar: Option<indicatif::ProgressBar> = None;
    move |event| match event {
        TxEvent::Sent(what) => {
            let b = indicatif::ProgressBar::new_spinner();
            b.set_message(format!("{what}: waiting for a block"));
            b.enable_steady_tick(std::time::Duration::from_millis(100));
            bar = Some(b);
        }
        TxEvent::Done => {
            if let Some(b) = bar.take() {
                b.finish_and_clear();
            }
        }
    }
}

impl Session {
    fn connect(opts: &NodeOptions) -> Result<Node> {
        let mut node = Node::connect(&opts.url)?;
        if let Some(key) = &opts.funder {
            node.set_funder(key.clone());
        }
        if opts.spinner {
            node.on_progress(spinner());
        }
        Ok(node)
    }

    /// A session on a node that starts with nothing recorded: its deployments are written
    /// to the deployment file beside `state` only if it is saved.
    pub fn fresh_node(state: &Path, opts: NodeOptions) -> Result<Self> {
        let node = Self::connect(&opts)?;
        let genesis = node.genesis_hash();
        let record = Deployments {
            format: DEPLOYMENT_FORMAT.into(),
            genesis: hex::encode(genesis),
            chain: node.chain_name().to_string(),
            url: opts.url.clone(),
            ..Deployments::default()
        };
        Ok(Self {
            chain: Backend::Node(Box::new(node)),
            dir: Directory::default(),
            store: Store::Deployments {
                path: deployments_path(state, &genesis),
                record: Box::new(record),
            },
        })
    }

    /// Connects to a node and opens its deployment file beside `state` (a fresh one for a
    /// chain the command line has not seen). Recorded contracts that are gone from the chain
    /// (a development node restarted: same genesis, empty state) are an error, not mixed in.
    pub fn open_node(state: &Path, opts: NodeOptions) -> Result<Self> {
        let mut node = Self::connect(&opts)?;
        let genesis = node.genesis_hash();
        let path = deployments_path(state, &genesis);
        let record = if path.exists() {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            let record: Deployments = serde_json::from_str(&text)
                .ok()
                .filter(|d: &Deployments| d.format == DEPLOYMENT_FORMAT)
                .ok_or_else(|| {
                    anyhow!(
                        "{} is not a vouch deployment file of this version: move it away",
                        path.display()
                    )
                })?;
            if record.genesis != hex::encode(genesis) {
                bail!(
                    "{} records another chain (genesis 0x{}, not 0x{}): move it away",
                    path.display(),
                    record.genesis,
                    hex::encode(genesis)
                );
            }
            check_still_there(&mut node, &record, &path)?;
            record
        } else {
            Deployments {
                format: DEPLOYMENT_FORMAT.into(),
                genesis: hex::encode(genesis),
                ..Deployments::default()
            }
        };
        let record = Deployments {
            chain: node.chain_name().to_string(),
            url: opts.url.clone(),
            ..record
        };
        Ok(Self {
            chain: Backend::Node(Box::new(node)),
            dir: record.directory.clone(),
            store: Store::Deployments {
                path,
                record: Box::new(record),
            },
        })
    }

    /// Forgets what was deployed on the node's chain: deletes its deployment file. Returns
    /// the file, if there was one.
    pub fn forget_node(state: &Path, url: &str) -> Result<Option<PathBuf>> {
        let node = Node::connect(url)?;
        let path = deployments_path(state, &node.genesis_hash());
        if !path.exists() {
            return Ok(None);
        }
        std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        Ok(Some(path))
    }

    /// Opens the state at `path`, or starts a fresh chain when there is none.
    pub fn open(path: &Path) -> Result<Self> {
        if !path.exists() {
            return Self::fresh(path);
        }
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        type Saved = ([u8; 8], String, Vec<u8>);
        let (_, dir, chain) = Saved::decode(&mut &bytes[..])
            .ok()
            .filter(|(m, _, _)| *m == STATE_MAGIC)
            .ok_or_else(|| {
                anyhow!(
                    "{} is not a vouch state file of this version: move it away or pass --state",
                    path.display()
                )
            })?;
        let dir: Directory = serde_json::from_str(&dir).context("the directory in the state")?;
        let chain = Chain::load(&chain).map_err(|e| anyhow!("{}: {e}", path.display()))?;
        Ok(Self {
            chain: Backend::Embedded(Box::new(chain)),
            dir,
            store: Store::State(path.to_path_buf()),
        })
    }

    /// A fresh chain that will be saved at `path`.
    pub fn fresh(path: &Path) -> Result<Self> {
        Ok(Self {
            chain: Backend::Embedded(Box::new(Chain::new())),
            dir: Directory::default(),
            store: Store::State(path.to_path_buf()),
        })
    }

    /// Moves the embedded chain `n` blocks on; returns the new block number. A node makes its
    /// own blocks.
    pub fn advance(&mut self, n: u32) -> Result<u32> {
        match &mut self.chain {
            Backend::Embedded(c) => {
                c.advance_blocks(n);
                Ok(c.block_number())
            }
            Backend::Node(_) => bail!(
                "a node makes its own blocks (one per transaction on a dev chain): wait, or send \
                 transactions, instead of `vouch advance`"
            ),
        }
    }

    /// The node the commands run on, if they run on one.
    pub fn node(&mut self) -> Option<&mut Node> {
        match &mut self.chain {
            Backend::Node(n) => Some(n.as_mut()),
            Backend::Embedded(_) => None,
        }
    }

    /// Whether the commands run on a node (the chain keeps its own state).
    pub fn on_node(&self) -> bool {
        matches!(self.chain, Backend::Node(_))
    }

    /// Writes the state file, or the node's deployment file (atomically: a temporary file,
    /// then a rename).
    pub fn save(&mut self) -> Result<()> {
        let (path, bytes) = match (&mut self.store, &mut self.chain) {
            (Store::State(path), Backend::Embedded(chain)) => {
                let dir = serde_json::to_string(&self.dir)?;
                (path.clone(), (STATE_MAGIC, dir, chain.save()).encode())
            }
            (Store::Deployments { path, record }, _) => {
                record.directory = self.dir.clone();
                (path.clone(), serde_json::to_vec_pretty(record.as_ref())?)
            }
            (Store::State(_), Backend::Node(_)) => {
                bail!("a node's deployments belong in its deployment file")
            }
        };
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
        std::fs::rename(&tmp, &path).with_context(|| format!("writing {}", path.display()))?;
        Ok(())
    }

    /// Records that `name`'s account is `who` (the node's address book).
    fn note_person(&mut self, name: &str, who: &AccountId32) {
        if let Store::Deployments { record, .. } = &mut self.store {
            record.people.insert(name.to_string(), hex(who));
        }
    }

    /// Records the code hash of each bundle deployed (the node's deployment file).
    fn note_code(&mut self, bundle: &str, hash: &[u8; 32]) {
        if let Store::Deployments { record, .. } = &mut self.store {
            record
                .code_hashes
                .insert(bundle.to_string(), hex::encode(hash));
        }
    }

    pub fn receipt(&self) -> Receipt {
        self.chain.receipt().clone()
    }

    /// A named person's account (funded on first use).
    pub fn person(&mut self, name: &str) -> Result<AccountId32> {
        if let Some(pool) = name.strip_prefix("pool:") {
            bail!(
                "pool:{pool} is a pool's bank, not a person: its members act for it (vouch pool \
                 propose {pool} MEMBER ...)"
            );
        }
        check_name(name)?;
        let who = self.chain.person(name)?;
        self.note_person(name, &who);
        Ok(who)
    }

    /// The router, deployed on first use.
    pub fn router(&mut self) -> Result<RouterRef> {
        if let Some(r) = &self.dir.router {
            return Ok(RouterRef::at(unhex(r)?));
        }
        let admin = self.person(ROUTER_ADMIN)?;
        let r = RouterRef::deploy(&mut self.chain, &admin)?;
        if self.on_node() {
            // Both codes are on chain now (uploading finds them there and sends nothing).
            let bank_code = BankRef::code_hash(&mut self.chain, &admin)?;
            self.note_code("trust_bank", &bank_code);
            let router_code = self.chain.upload(&admin, &Bundle::get("router")?.wasm)?;
            self.note_code("router", &router_code);
        }
        self.dir.router = Some(hex(&r.addr));
        Ok(r)
    }

    /// The bank of `name` (`pool:NAME` is the trust bank pool NAME owns).
    pub fn bank(&self, name: &str) -> Result<BankRef> {
        self.bank_of(name).map(BankRef::at)
    }

    /// Person `name` and the bank they own, for the owner's own calls (a pool's bank is
    /// owned by its pool: its members decide by proposal).
    pub fn own_bank(&mut self, name: &str) -> Result<(AccountId32, BankRef)> {
        if let Some(pool) = name.strip_prefix("pool:") {
            bail!(
                "pool:{pool} is owned by pool {pool}: its members decide by proposal (vouch pool \
                 propose {pool} MEMBER trust HOLDER LIMIT, withdraw TO N, ...)"
            );
        }
        let bank = self.bank(name)?;
        Ok((self.person(name)?, bank))
    }

    /// The bank of `name`; `pool:NAME` is the trust bank pool NAME owns.
    /// The bank of person `name`, of pool `pool:NAME`, or the bank at an address (SS58 or
    /// 0x-hex), such as one deployed outside this directory (by the page).
    pub fn bank_of(&self, name: &str) -> Result<AccountId32> {
        if let Some(pool) = name.strip_prefix("pool:") {
            return self.pool_bank_of(pool);
        }
        if let Some(addr) = parse_address(name) {
            return Ok(addr);
        }
        let b =
            self.dir.banks.get(name).ok_or_else(|| {
                anyhow!("{name} has no bank yet: run `vouch deploy {name}` first")
            })?;
        unhex(b)
    }

    pub fn has_bank(&self, name: &str) -> bool {
        self.dir.banks.contains_key(name)
    }

    /// Every bank, by owner name.
    pub fn banks(&self) -> Result<Vec<(String, AccountId32)>> {
        self.dir
            .banks
            .iter()
            .map(|(n, a)| Ok((n.clone(), unhex(a)?)))
            .collect()
    }

    /// The pool contract named `name`.
    pub fn pool_of(&self, name: &str) -> Result<AccountId32> {
        let p = self.dir.pools.get(name).ok_or_else(|| {
            anyhow!(
                "there is no pool {name}: create it with `vouch pool create {name} --members \
                 A,B,C --threshold K --allowance N`"
            )
        })?;
        unhex(p)
    }

    /// The trust bank pool `name` owns.
    pub fn pool_bank_of(&self, name: &str) -> Result<AccountId32> {
        self.pool_of(name)?;
        let b = self
            .dir
            .pool_banks
            .get(name)
            .ok_or_else(|| anyhow!("the state file does not record pool {name}'s bank"))?;
        unhex(b)
    }

    /// Every pool's bank, named `pool:NAME`.
    pub fn pool_banks(&self) -> Result<Vec<(String, AccountId32)>> {
        self.dir
            .pool_banks
            .iter()
            .map(|(n, a)| Ok((format!("pool:{n}"), unhex(a)?)))
            .collect()
    }

    /// Every bank: people's banks by owner name, then pools' banks as `pool:NAME`.
    pub fn all_banks(&self) -> Result<Vec<(String, AccountId32)>> {
        let mut all = self.banks()?;
        all.extend(self.pool_banks()?);
        Ok(all)
    }

    /// The name of a bank or person account, for display.
    pub fn name_of(&self, who: &AccountId32) -> String {
        let h = hex(who);
        if let Some((n, _)) = self.dir.banks.iter().find(|(_, a)| **a == h) {
            return format!("{n}'s bank");
        }
        if let Some((n, _)) = self.dir.pools.iter().find(|(_, a)| **a == h) {
            return format!("pool {n}");
        }
        if let Some((n, _)) = self.dir.pool_banks.iter().find(|(_, a)| **a == h) {
            return format!("pool:{n}");
        }
        if let Some((n, _)) = self.dir.loans.iter().find(|(_, a)| **a == h) {
            return format!("loan {n}");
        }
        if let Some((n, _)) = self.dir.shares.iter().find(|(_, a)| **a == h) {
            return format!("shares {n}");
        }
        if let Store::Deployments { record, .. } = &self.store {
            if let Some((n, _)) = record.people.iter().find(|(_, a)| **a == h) {
                return n.clone();
            }
        }
        let raw: &[u8] = who.as_ref();
        if raw[31] == 0xAC {
            let name: Vec<u8> = raw[..31].iter().copied().take_while(|&b| b != 0).collect();
            if let Ok(s) = String::from_utf8(name) {
                if check_name(&s).is_ok() && account(&s) == *who {
                    return s;
                }
            }
        }
        format!("{who}")
    }

    /// Resolves the holder of a line: `name` is that person's bank when they have one,
    /// `person:name` (or a person without a bank) their own account, `pool:name` the bank
    /// of pool `name`.
    pub fn holder(&mut self, spec: &str) -> Result<AccountId32> {
        if let Some(name) = spec.strip_prefix("person:") {
            return self.person(name);
        }
        if spec.starts_with("pool:") {
            return self.bank_of(spec);
        }
        if self.has_bank(spec) {
            return self.bank_of(spec);
        }
        self.person(spec)
    }

    /// The owner of `issuer`'s bank acts on `holder`'s line there (`holder` as in
    /// [`Session::holder`]): set a limit, grant, revoke.
    pub fn on_line(
        &mut self,
        issuer: &str,
        holder: &str,
        what: &str,
        call: impl FnOnce(&BankRef, &mut Backend, &AccountId32, &AccountId32) -> CallResult<()>,
    ) -> Result<()> {
        let h = self.holder(holder)?;
        let (who, bank) = self.own_bank(issuer)?;
        call(&bank, &mut self.chain, &who, &h).or_explain(what)
    }

    /// Person `name` deploys a bank, authorises the router on it and registers it.
    pub fn deploy(&mut self, name: &str) -> Result<(AccountId32, Vec<(String, Receipt)>)> {
        if self.has_bank(name) {
            bail!("{name} already has a bank ({})", self.bank_of(name)?);
        }
        let who = self.person(name)?;
        let router = self.router()?;
        let mut costs = Vec::new();
        let bank = BankRef::deploy(
            &mut self.chain,
            &who,
            &format!("{name} notes"),
            &name.to_uppercase().chars().take(8).collect::<String>(),
        )?;
        costs.push(("deploy a trust bank".to_string(), self.receipt()));
        self.dir.banks.insert(name.to_string(), hex(&bank.addr));
        bank.set_router(&mut self.chain, &who, &router.addr, true)
            .or_explain("set_router")?;
        costs.push(("authorise the router".to_string(), self.receipt()));
        self.register(name, &bank.addr)?;
        costs.push(("register with the router".to_string(), self.receipt()));
        Ok((bank.addr, costs))
    }

    /// `name` registers `bank` with the router.
    pub fn register(&mut self, name: &str, bank: &AccountId32) -> Result<()> {
        let who = self.person(name)?;
        let router = self.router()?;
        router
            .register(&mut self.chain, &who, bank)
            .or_explain("register")
    }

    /// The trust graph of every bank in the directory (pools' banks included), read from
    /// the chain.
    pub fn graph(&mut self) -> Result<TrustGraph> {
        let banks: Vec<AccountId32> = self.all_banks()?.into_iter().map(|(_, a)| a).collect();
        TrustGraph::load(&mut self.chain, banks).or_explain("read the trust graph")
    }

    /// What each route could carry now, per the router (a read-only call as the payer).
    pub fn quote(
        &mut self,
        payer: &AccountId32,
        to: &AccountId32,
        routes: &[Route],
    ) -> Result<Vec<Balance>> {
        let router = self.router()?;
        router
            .quote(&mut self.chain, payer, to, routes.to_vec())
            .or_explain("quote")
    }

    /// Pays exactly the routes' total to `to`, atomically.
    pub fn pay_along(
        &mut self,
        payer: &AccountId32,
        to: &AccountId32,
        routes: &[Route],
    ) -> Result<Balance> {
        let router = self.router()?;
        let total: Balance = routes.iter().map(|r| r.amount).sum();
        router
            .pay_along(
                &mut self.chain,
                payer,
                to,
                routes.to_vec(),
                total,
                total,
                u64::MAX,
            )
            .or_explain("pay")
    }

    /// Pool `name`, from the directory.
    pub fn pool(&self, name: &str) -> Result<PoolRef> {
        Ok(PoolRef {
            addr: self.pool_of(name)?,
            bank: BankRef::at(self.pool_bank_of(name)?),
        })
    }
}

/// What a deployment record names that the chain no longer has, asked through
/// `contract_exists` and `code_exists`.
fn missing_from_chain(
    record: &Deployments,
    mut contract_exists: impl FnMut(&AccountId32) -> Result<bool>,
    mut code_exists: impl FnMut([u8; 32]) -> Result<bool>,
) -> Result<Vec<String>> {
    let d = &record.directory;
    let recorded = d
        .router
        .iter()
        .map(|r| ("the router".to_string(), r))
        .chain(d.banks.iter().map(|(n, a)| (format!("{n}'s bank"), a)))
        .chain(d.pools.iter().map(|(n, a)| (format!("pool {n}"), a)))
        .chain(d.pool_banks.iter().map(|(n, a)| (format!("pool:{n}"), a)))
        .chain(d.loans.iter().map(|(n, a)| (format!("loan {n}"), a)))
        .chain(d.trackers.iter().map(|(n, a)| (format!("tracker {n}"), a)));
    let mut missing = Vec::new();
    for (what, addr) in recorded {
        if !contract_exists(&unhex(addr)?)? {
            missing.push(what);
        }
    }
    for (bundle, hash) in &record.code_hashes {
        let raw: [u8; 32] = hex::decode(hash)
            .ok()
            .and_then(|v| v.try_into().ok())
            .ok_or_else(|| anyhow!("bad code hash {hash} in the deployment file"))?;
        if !code_exists(raw)? {
            missing.push(format!("the {bundle} code"));
        }
    }
    Ok(missing)
}

/// Every contract and code `record` names must still be on the chain: a development node
/// that was restarted has the same genesis hash and none of them.
fn check_still_there(node: &mut Node, record: &Deployments, path: &Path) -> Result<()> {
    let node = std::cell::RefCell::new(node);
    let missing = missing_from_chain(
        record,
        |addr| Ok(node.borrow_mut().contract_exists(addr)?),
        |hash| Ok(node.borrow_mut().code_exists(hash)?),
    )?;
    if missing.is_empty() {
        return Ok(());
    }
    let url = node.borrow().url().to_string();
    bail!(
        "the chain at {url} (genesis 0x{}) no longer has what {} records ({} of it missing: \
         {}): the node was reset (a development chain keeps its genesis hash across \
         restarts). Start afresh with `vouch --url {url} reset`, or move the file away",
        record.genesis,
        path.display(),
        missing.len(),
        missing.join(", "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(b: u8) -> String {
        hex(&AccountId32::new([b; 32]))
    }

    #[test]
    fn a_record_whose_contracts_are_gone_names_what_is_missing() {
        let mut record = Deployments::default();
        record.directory.router = Some(addr(1));
        record.directory.banks.insert("carol".into(), addr(2));
        record.directory.pools.insert("trip".into(), addr(3));
        record.directory.pool_banks.insert("trip".into(), addr(4));
        record
            .code_hashes
            .insert("trust_bank".into(), hex::encode([9u8; 32]));
        let all = |_: &AccountId32| Ok(true);
        let codes = |_: [u8; 32]| Ok(true);
        assert!(missing_from_chain(&record, all, codes).unwrap().is_empty());
        // A restarted development chain: nothing is there.
        let none = |_: &AccountId32| Ok(false);
        let no_code = |_: [u8; 32]| Ok(false);
        let missing = missing_from_chain(&record, none, no_code).unwrap();
        assert_eq!(
            missing,
            [
                "the router",
                "carol's bank",
                "pool trip",
                "pool:trip",
                "the trust_bank code"
            ]
        );
        // Only carol's bank gone.
        let carol = AccountId32::new([2; 32]);
        let some = |a: &AccountId32| Ok(*a != carol);
        assert_eq!(
            missing_from_chain(&record, some, codes).unwrap(),
            ["carol's bank"]
        );
    }

    #[test]
    fn the_deployment_file_sits_beside_the_state_file_named_by_the_genesis() {
        let p = deployments_path(Path::new("/some/dir/vouch.snapshot"), &[0xab; 32]);
        assert_eq!(
            p,
            Path::new("/some/dir/vouch.snapshot.chain-abababababababab.json")
        );
        let other = deployments_path(Path::new("/some/dir/vouch.snapshot"), &[0xcd; 32]);
        assert_ne!(p, other);
    }
}
