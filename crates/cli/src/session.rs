//! One invocation's view of the chain: the embedded sandbox chain restored from the state
//! file, the names the user gave, and the typed operations the commands run.
//!
//! The state file holds the whole chain (every storage item) and a small directory of names
//! (who has which bank, where the router is), so `vouch deploy alice` followed by
//! `vouch pay alice bob 10` behave like two transactions on one chain.

use anyhow::{anyhow, bail, Context, Result};
use scale::{Decode, Encode};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use vouch_client::graph::TrustGraph;
use vouch_client::AccountId32;
use vouch_client::{
    account, BankRef, CallError, Chain, Ledger, PoolRef, Receipt, Refusal, RouterRef,
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
            "a withdrawal to the pool itself would strand the amount in the pool contract",
            "withdraw to a member or another account".into(),
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
            other => anyhow!("a contract call did not return: {other:?}"),
        })
    }
}

/// The chain plus the directory, loaded from and saved to the state file.
pub struct Session {
    pub chain: Chain,
    pub dir: Directory,
    path: PathBuf,
}

impl Session {
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
            chain,
            dir,
            path: path.to_path_buf(),
        })
    }

    /// A fresh chain that will be saved at `path`.
    pub fn fresh(path: &Path) -> Result<Self> {
        Ok(Self {
            chain: Chain::new(),
            dir: Directory::default(),
            path: path.to_path_buf(),
        })
    }

    /// Writes the state file (atomically: a temporary file, then a rename).
    pub fn save(&mut self) -> Result<()> {
        let dir = serde_json::to_string(&self.dir)?;
        let bytes = (STATE_MAGIC, dir, self.chain.save()).encode();
        let tmp = self.path.with_extension("tmp");
        std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
        std::fs::rename(&tmp, &self.path)
            .with_context(|| format!("writing {}", self.path.display()))?;
        Ok(())
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
        Ok(self.chain.person(name))
    }

    /// The router, deployed on first use.
    pub fn router(&mut self) -> Result<RouterRef> {
        if let Some(r) = &self.dir.router {
            return Ok(RouterRef::at(unhex(r)?));
        }
        let admin = self.chain.person(ROUTER_ADMIN);
        let r = RouterRef::deploy(&mut self.chain, &admin)?;
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
    pub fn bank_of(&self, name: &str) -> Result<AccountId32> {
        if let Some(pool) = name.strip_prefix("pool:") {
            return self.pool_bank_of(pool);
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
        call: impl FnOnce(&BankRef, &mut Chain, &AccountId32, &AccountId32) -> CallResult<()>,
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
