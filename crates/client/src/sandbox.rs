//! The embedded chain: drink's `DefaultSandbox`, an in-process pallet-contracts runtime. The
//! command line keeps its whole state in a file ([`Chain::save`], [`Chain::load`]); tests run
//! the built contracts on it.

use crate::account::account;
use crate::{CallError, Deployed, Ledger, Receipt};
use ink_sandbox::api::prelude::*;
use ink_sandbox::macros::RuntimeEvent;
use ink_sandbox::pallet_contracts::{Determinism, StorageDeposit};
use ink_sandbox::DefaultSandbox;
use ink_sandbox::{AccountId32, Sandbox};
use scale::{Decode, Encode};
use vouch_traits::Balance;

/// First bytes of a saved chain state (bumped when the format changes).
const SNAPSHOT_MAGIC: [u8; 8] = *b"VOUCHSN1";

/// Native units each named person starts with.
pub const START_BALANCE: Balance = 1_000_000_000_000;

/// One sandbox chain.
pub struct Chain {
    pub sandbox: DefaultSandbox,
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
    /// A fresh chain.
    pub fn new() -> Self {
        Self {
            sandbox: DefaultSandbox::default(),
            salt: 0,
            last: Receipt::default(),
        }
    }

    /// The whole chain state as bytes (every storage item, and the deployment counter), so a
    /// later process can continue where this one stopped.
    pub fn save(&mut self) -> Vec<u8> {
        let snap = self.sandbox.take_snapshot();
        (SNAPSHOT_MAGIC, self.salt, snap.storage, snap.storage_root).encode()
    }

    /// A chain restored from [`Chain::save`]'s bytes.
    pub fn load(bytes: &[u8]) -> Result<Self, CallError> {
        type Saved = (
            [u8; 8],
            u32,
            ink_sandbox::RawStorage,
            ink_sandbox::StorageRoot,
        );
        let bad = |why: String| CallError::Setup(format!("not a chain snapshot ({why})"));
        let (magic, salt, storage, storage_root) =
            Saved::decode(&mut &bytes[..]).map_err(|e| bad(e.to_string()))?;
        if magic != SNAPSHOT_MAGIC {
            return Err(bad("another version".into()));
        }
        let mut chain = Self::new();
        chain.sandbox.restore_snapshot(ink_sandbox::Snapshot {
            storage,
            storage_root,
        });
        chain.salt = salt;
        Ok(chain)
    }

    /// A funded account for `name` (minted on first use).
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

    /// Advances the chain by `n` blocks (proposals expire by block number).
    pub fn advance_blocks(&mut self, n: u32) {
        self.sandbox.build_blocks(n);
    }

    /// The current block number.
    pub fn block_number(&mut self) -> u32 {
        self.sandbox.block_number()
    }
}

impl Ledger for Chain {
    fn person(&mut self, name: &str) -> Result<AccountId32, CallError> {
        Ok(Chain::person(self, name))
    }

    fn free_balance(&mut self, who: &AccountId32) -> Result<Balance, CallError> {
        Ok(Chain::free_balance(self, who))
    }

    fn call(
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
            DefaultSandbox::default_gas_limit(),
            None,
            Determinism::Enforced,
        );
        let events = r
            .events
            .unwrap_or_default()
            .into_iter()
            .filter_map(|rec| match rec.event {
                RuntimeEvent::Contracts(
                    ink_sandbox::pallet_contracts::Event::ContractEmitted { contract, data },
                ) => Some((contract, rec.topics.iter().map(|t| t.0).collect(), data)),
                _ => None,
            })
            .collect();
        let storage_deposit = match r.storage_deposit {
            StorageDeposit::Charge(x) => i128::try_from(x).unwrap_or(i128::MAX),
            StorageDeposit::Refund(x) => i128::try_from(x)
                .ok()
                .and_then(i128::checked_neg)
                .unwrap_or(i128::MIN),
        };
        // The receipt is kept for a call that trapped too (what it cost).
        self.last = Receipt {
            weight: r.gas_consumed,
            reverted: r.result.as_ref().map_or(true, |ret| ret.did_revert()),
            events,
            storage_deposit,
            ..Receipt::default()
        };
        let ret = r.result.map_err(|e| CallError::Trapped(format!("{e:?}")))?;
        Ok(ret.data)
    }

    fn block_number(&mut self) -> Result<u32, CallError> {
        Ok(Chain::block_number(self))
    }

    fn upload(&mut self, origin: &AccountId32, wasm: &[u8]) -> Result<[u8; 32], CallError> {
        let r = self
            .sandbox
            .upload_contract(wasm.to_vec(), origin.clone(), None, Determinism::Enforced)
            .map_err(|e| CallError::Setup(format!("the code did not upload: {e:?}")))?;
        Ok(r.code_hash.0)
    }

    fn instantiate_with_value(
        &mut self,
        origin: &AccountId32,
        wasm: &[u8],
        input: Vec<u8>,
        value: Balance,
    ) -> Result<Deployed, CallError> {
        self.salt = self.salt.wrapping_add(1);
        let r = self.sandbox.deploy_contract(
            wasm.to_vec(),
            value,
            input,
            self.salt.to_le_bytes().to_vec(),
            origin.clone(),
            DefaultSandbox::default_gas_limit(),
            None,
        );
        let ok = r
            .result
            .map_err(|e| CallError::Setup(format!("deployment failed: {e:?}")))?;
        if ok.result.did_revert() {
            return Ok(Deployed::Reverted(ok.result.data));
        }
        self.last = Receipt {
            weight: r.gas_consumed,
            ..Receipt::default()
        };
        Ok(Deployed::At(ok.account_id))
    }

    fn receipt(&self) -> &Receipt {
        &self.last
    }

    fn set_receipt(&mut self, receipt: Receipt) {
        self.last = receipt;
    }
}
