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
use vouch_client::drink::AccountId32;
use vouch_client::graph::TrustGraph;
use vouch_client::{account, ink_id, CallError, Chain, Ledger, Receipt};
use vouch_traits::{Balance, BankError, BankStatus, Line, PSP22Error, Route, RouterError};

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
}

fn hex(a: &AccountId32) -> String {
    let raw: &[u8] = a.as_ref();
    raw.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Result<AccountId32> {
    if s.len() != 64 {
        bail!("bad address {s} in the state file");
    }
    let mut raw = [0u8; 32];
    for (i, byte) in raw.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16)
            .with_context(|| format!("bad address {s} in the state file"))?;
    }
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
            chain: Chain::try_new()?,
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
        check_name(name)?;
        Ok(self.chain.person(name))
    }

    /// The router, deployed on first use.
    pub fn router(&mut self) -> Result<AccountId32> {
        if let Some(r) = &self.dir.router {
            return unhex(r);
        }
        let admin = self.chain.person(ROUTER_ADMIN);
        let r = Ledger::deploy_router(&mut self.chain, &admin)?;
        self.dir.router = Some(hex(&r));
        Ok(r)
    }

    pub fn bank_of(&self, name: &str) -> Result<AccountId32> {
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

    /// The name of a bank or person account, for display.
    pub fn name_of(&self, who: &AccountId32) -> String {
        let h = hex(who);
        if let Some((n, _)) = self.dir.banks.iter().find(|(_, a)| **a == h) {
            return format!("{n}'s bank");
        }
        if let Some((n, _)) = self.dir.pools.iter().find(|(_, a)| **a == h) {
            return format!("pool {n}");
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
    /// `person:name` (or a person without a bank) their own account.
    pub fn holder(&mut self, spec: &str) -> Result<AccountId32> {
        if let Some(name) = spec.strip_prefix("person:") {
            return self.person(name);
        }
        if self.has_bank(spec) {
            return self.bank_of(spec);
        }
        self.person(spec)
    }

    /// Person `name` deploys a bank, authorises the router on it and registers it.
    pub fn deploy(&mut self, name: &str) -> Result<(AccountId32, Vec<(String, Receipt)>)> {
        if self.has_bank(name) {
            bail!("{name} already has a bank ({})", self.bank_of(name)?);
        }
        let who = self.person(name)?;
        let router = self.router()?;
        let mut costs = Vec::new();
        let bank = Ledger::deploy_bank(
            &mut self.chain,
            &who,
            &format!("{name} notes"),
            &name.to_uppercase().chars().take(8).collect::<String>(),
        )?;
        costs.push(("deploy a trust bank".to_string(), self.receipt()));
        self.dir.banks.insert(name.to_string(), hex(&bank));
        self.bank_call(name, "TrustBank::set_router", (ink_id(&router), true))?;
        costs.push(("authorise the router".to_string(), self.receipt()));
        self.register(name, &bank)?;
        costs.push(("register with the router".to_string(), self.receipt()));
        Ok((bank, costs))
    }

    /// `name` registers `bank` with the router.
    pub fn register(&mut self, name: &str, bank: &AccountId32) -> Result<()> {
        let who = self.person(name)?;
        let router = self.router()?;
        let r: Result<(), RouterError> = call(
            &mut self.chain,
            &who,
            &router,
            "Router::register",
            ink_id(bank),
            0,
        )?;
        r.map_err(|e| anyhow!("register: {}", explain_router(&e)))
    }

    /// The owner `name` calls `label` on their own bank.
    pub fn bank_call(&mut self, name: &str, label: &str, args: impl Encode) -> Result<()> {
        let bank = self.bank_of(name)?;
        let who = self.person(name)?;
        self.bank_exec(&who, &bank, label, args, 0)
    }

    /// `who` calls a bank message returning `Result<(), BankError>`.
    pub fn bank_exec(
        &mut self,
        who: &AccountId32,
        bank: &AccountId32,
        label: &str,
        args: impl Encode,
        value: Balance,
    ) -> Result<()> {
        let r: Result<(), BankError> = call(&mut self.chain, who, bank, label, args, value)?;
        r.map_err(|e| anyhow!("{}: {}", short(label), explain_bank(&e)))
    }

    pub fn psp22_exec(
        &mut self,
        who: &AccountId32,
        bank: &AccountId32,
        label: &str,
        args: impl Encode,
    ) -> Result<()> {
        let r: Result<(), PSP22Error> = call(&mut self.chain, who, bank, label, args, 0)?;
        r.map_err(|e| anyhow!("{}: {e:?}", short(label)))
    }

    pub fn view<T: Decode>(
        &mut self,
        contract: &AccountId32,
        label: &str,
        args: impl Encode,
    ) -> Result<T> {
        let viewer = account("viewer");
        call(&mut self.chain, &viewer, contract, label, args, 0)
    }

    pub fn status(&mut self, bank: &AccountId32) -> Result<BankStatus> {
        self.view(bank, "TrustBank::status", ())
    }

    pub fn line(&mut self, bank: &AccountId32, holder: &AccountId32) -> Result<Line> {
        self.view(bank, "TrustBank::line", ink_id(holder))
    }

    pub fn balance_of(&mut self, bank: &AccountId32, who: &AccountId32) -> Result<Balance> {
        self.view(bank, "PSP22::balance_of", ink_id(who))
    }

    /// The trust graph of every bank in the directory, read from the chain.
    pub fn graph(&mut self) -> Result<TrustGraph> {
        let banks: Vec<AccountId32> = self.banks()?.into_iter().map(|(_, a)| a).collect();
        TrustGraph::load(&mut self.chain, banks).map_err(call_failed)
    }

    /// What each route could carry now, per the router (a read-only call as the payer).
    pub fn quote(
        &mut self,
        payer: &AccountId32,
        to: &AccountId32,
        routes: &[Route],
    ) -> Result<Vec<Balance>> {
        let router = self.router()?;
        let r: Result<Vec<Balance>, RouterError> = call(
            &mut self.chain,
            payer,
            &router,
            "Router::quote",
            (ink_id(to), routes.to_vec()),
            0,
        )?;
        r.map_err(|e| anyhow!("quote: {}", explain_router(&e)))
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
        let r: Result<Balance, RouterError> = call(
            &mut self.chain,
            payer,
            &router,
            "Router::pay_along",
            (ink_id(to), routes.to_vec(), total, total, u64::MAX),
            0,
        )?;
        r.map_err(|e| anyhow!("pay: {}", explain_router(&e)))
    }
}

fn short(label: &str) -> &str {
    label.rsplit("::").next().unwrap_or(label)
}

fn call_failed(e: CallError) -> anyhow::Error {
    anyhow!("a contract call did not return: {e:?}")
}

/// One typed call through the chain interface.
pub fn call<T: Decode>(
    chain: &mut Chain,
    who: &AccountId32,
    contract: &AccountId32,
    label: &str,
    args: impl Encode,
    value: Balance,
) -> Result<T> {
    chain
        .invoke(who, contract, label, args, value)
        .map_err(call_failed)
}
