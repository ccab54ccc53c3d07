//! The contract bundles the client deploys (`.contract` files: code plus metadata).
//!
//! The trust bank, router and pool bundles are embedded in the binary when it is built after
//! `scripts/build-contracts`; `VOUCH_CONTRACTS_DIR` at run time loads them from a folder
//! instead (and is the only way to reach a bundle that is not embedded, such as a test-only
//! contract).

use crate::{CallError, Deployed, Ledger};
use ink_sandbox::AccountId32;
use scale::Encode;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// One built contract: its code and its constructors' selectors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    pub name: String,
    pub wasm: Vec<u8>,
    /// `(label, selector)` of each constructor.
    constructors: Vec<(String, [u8; 4])>,
    /// `(label, selector)` of each message.
    messages: Vec<(String, [u8; 4])>,
    /// `(label, signature topic)` of each event that has one.
    events: Vec<(String, [u8; 32])>,
}

#[derive(Deserialize)]
struct File {
    source: Source,
    spec: Spec,
}
#[derive(Deserialize)]
struct Source {
    wasm: String,
}
#[derive(Deserialize)]
struct Spec {
    constructors: Vec<Callable>,
    #[serde(default)]
    messages: Vec<Callable>,
    #[serde(default)]
    events: Vec<EventSpec>,
}
#[derive(Deserialize)]
struct Callable {
    label: String,
    selector: String,
}
#[derive(Deserialize)]
struct EventSpec {
    label: String,
    signature_topic: Option<String>,
}

fn from_hex(s: &str) -> Result<Vec<u8>, hex::FromHexError> {
    hex::decode(s.trim_start_matches("0x"))
}

fn fixed<const N: usize>(s: &str) -> Result<[u8; N], hex::FromHexError> {
    from_hex(s)?
        .try_into()
        .map_err(|_| hex::FromHexError::InvalidStringLength)
}

impl Bundle {
    /// Reads a `.contract` file's JSON.
    pub fn parse(name: &str, json: &[u8]) -> Result<Self, CallError> {
        let bad = |why: String| CallError::Setup(format!("the {name} bundle is unreadable: {why}"));
        let file: File = serde_json::from_slice(json).map_err(|e| bad(e.to_string()))?;
        let wasm = from_hex(&file.source.wasm).map_err(|e| bad(e.to_string()))?;
        let selectors = |list: Vec<Callable>| {
            list.into_iter()
                .map(|c| {
                    Ok((
                        c.label,
                        fixed::<4>(&c.selector).map_err(|e| bad(e.to_string()))?,
                    ))
                })
                .collect::<Result<Vec<_>, CallError>>()
        };
        let events = file
            .spec
            .events
            .into_iter()
            .filter_map(|e| Some((e.label, e.signature_topic?)))
            .map(|(label, t)| Ok((label, fixed::<32>(&t).map_err(|e| bad(e.to_string()))?)))
            .collect::<Result<_, CallError>>()?;
        Ok(Self {
            name: name.to_string(),
            wasm,
            constructors: selectors(file.spec.constructors)?,
            messages: selectors(file.spec.messages)?,
            events,
        })
    }

    /// The bundle `name`: from `VOUCH_CONTRACTS_DIR` when it is set, else embedded. Loaded
    /// once per process.
    pub fn get(name: &str) -> Result<Arc<Bundle>, CallError> {
        static CACHE: OnceLock<Mutex<HashMap<String, Arc<Bundle>>>> = OnceLock::new();
        let cache = CACHE.get_or_init(Default::default);
        if let Some(b) = cache.lock().map_err(|_| poisoned())?.get(name) {
            return Ok(Arc::clone(b));
        }
        let bundle = Arc::new(Self::find(name)?);
        cache
            .lock()
            .map_err(|_| poisoned())?
            .insert(name.to_string(), Arc::clone(&bundle));
        Ok(bundle)
    }

    fn find(name: &str) -> Result<Self, CallError> {
        if let Some(dir) = std::env::var_os("VOUCH_CONTRACTS_DIR") {
            let path = PathBuf::from(dir).join(format!("{name}.contract"));
            let json = std::fs::read(&path).map_err(|e| {
                CallError::Setup(format!(
                    "cannot read the contract bundle {} ({e}): run scripts/build-contracts, \
                     or unset VOUCH_CONTRACTS_DIR to use the bundles built into this program",
                    path.display()
                ))
            })?;
            return Self::parse(name, &json);
        }
        match EMBEDDED.iter().find(|(n, _)| *n == name) {
            Some((_, json)) => Self::parse(name, json),
            None => Err(CallError::Setup(format!(
                "this program was built without the {name} contract: run \
                 scripts/build-contracts and build it again, or point VOUCH_CONTRACTS_DIR at \
                 a folder of built bundles"
            ))),
        }
    }

    /// The selector of constructor `label`.
    pub fn constructor(&self, label: &str) -> Result<Vec<u8>, CallError> {
        self.constructors
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, s)| s.to_vec())
            .ok_or_else(|| {
                CallError::Setup(format!(
                    "the {} bundle has no constructor {label}",
                    self.name
                ))
            })
    }

    /// The selector of message `label` (`Trait::message` for trait messages), as the
    /// metadata declares it.
    pub fn message(&self, label: &str) -> Option<[u8; 4]> {
        self.messages
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, s)| *s)
    }

    /// `(label, signature topic)` of each event the metadata declares with a topic.
    pub fn events(&self) -> &[(String, [u8; 32])] {
        &self.events
    }

    /// Deploys this bundle as `origin` through constructor `label` with SCALE `args`.
    pub fn deploy<L: Ledger>(
        &self,
        ledger: &mut L,
        origin: &AccountId32,
        label: &str,
        args: impl Encode,
    ) -> Result<Deployed, CallError> {
        self.deploy_with_value(ledger, origin, label, args, 0)
    }

    /// As [`Bundle::deploy`], sending `value` of native currency to a payable constructor.
    pub fn deploy_with_value<L: Ledger>(
        &self,
        ledger: &mut L,
        origin: &AccountId32,
        label: &str,
        args: impl Encode,
        value: vouch_traits::Balance,
    ) -> Result<Deployed, CallError> {
        let mut input = self.constructor(label)?;
        args.encode_to(&mut input);
        ledger.instantiate_with_value(origin, &self.wasm, input, value)
    }

    /// As [`Bundle::deploy`] for a constructor that cannot refuse: a revert is an error.
    pub fn deploy_at<L: Ledger>(
        &self,
        ledger: &mut L,
        origin: &AccountId32,
        label: &str,
        args: impl Encode,
    ) -> Result<AccountId32, CallError> {
        match self.deploy(ledger, origin, label, args)? {
            Deployed::At(addr) => Ok(addr),
            Deployed::Reverted(_) => Err(CallError::Setup(format!(
                "the {} constructor reverted",
                self.name
            ))),
        }
    }

    /// Names of the bundles built into this program.
    pub fn embedded() -> Vec<&'static str> {
        EMBEDDED.iter().map(|(n, _)| *n).collect()
    }
}

fn poisoned() -> CallError {
    CallError::Setup("the bundle cache was poisoned by a panic".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_bundle_and_finds_its_constructor() {
        let json = br#"{"source":{"wasm":"0x0061736d"},"spec":{"constructors":[{"label":"new","selector":"0x9bae9d5e"}],
            "messages":[{"label":"T::m","selector":"0x01020304"}],
            "events":[{"label":"E","signature_topic":"0x0101010101010101010101010101010101010101010101010101010101010101"},{"label":"Anon","signature_topic":null}]}}"#;
        let b = Bundle::parse("t", json).unwrap();
        assert_eq!(b.wasm, vec![0, 0x61, 0x73, 0x6d]);
        assert_eq!(b.message("T::m"), Some([1, 2, 3, 4]));
        assert_eq!(b.message("T::n"), None);
        assert_eq!(b.events(), &[("E".to_string(), [1u8; 32])]);
        assert_eq!(b.constructor("new").unwrap(), vec![0x9b, 0xae, 0x9d, 0x5e]);
        assert!(matches!(b.constructor("old"), Err(CallError::Setup(_))));
    }

    #[test]
    fn a_bad_bundle_is_a_setup_error() {
        let bad = br#"{"source":{"wasm":"0xZZ"},"spec":{"constructors":[]}}"#;
        assert!(matches!(Bundle::parse("t", bad), Err(CallError::Setup(_))));
        let short = br#"{"source":{"wasm":"0x00"},"spec":{"constructors":[{"label":"new","selector":"0x9b"}]}}"#;
        assert!(matches!(
            Bundle::parse("t", short),
            Err(CallError::Setup(_))
        ));
    }
}
