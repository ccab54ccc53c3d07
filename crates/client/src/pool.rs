//! Group pools on the sandbox chain: deploying a pool (which deploys its own trust bank from
//! the bank's code hash) and one typed method per pool message.
//!
//! ```no_run
//! use vouch_client::{Chain, pool::PoolConfig};
//! let mut chain = Chain::new();
//! let (ann, bo) = (chain.person("ann"), chain.person("bo"));
//! let config = PoolConfig::new(vec![ann.clone(), bo.clone()], 2, 100, "TRIP");
//! let pool = chain.deploy_pool(&ann, &config);
//! pool.contribute(&mut chain, &ann, 500).unwrap();
//! assert_eq!(pool.status(&mut chain).reserve, 500);
//! ```

use crate::{account, ink_id, BankRef, Chain, ClientError, Deployed};
use drink::sandbox_api::prelude::*;
use drink::AccountId32;
use scale::{Decode, Encode};
use vouch_traits::pool::{Member, Owe, PoolError, PoolStatus, Proposal, ProposalKind, Settlement};
use vouch_traits::Balance;

/// Blocks a proposal stays open when the creator does not say (about a day of 6 s blocks).
pub const DEFAULT_TTL: u32 = 14_400;

/// How a pool starts: its members, the approvals a proposal needs, each member's standard
/// budget in group notes, how long proposals stay open, and the group notes' symbol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolConfig {
    pub members: Vec<AccountId32>,
    pub threshold: u32,
    pub allowance: Balance,
    pub ttl: u32,
    pub symbol: String,
}

impl PoolConfig {
    /// A config with the default proposal lifetime ([`DEFAULT_TTL`]).
    pub fn new(
        members: Vec<AccountId32>,
        threshold: u32,
        allowance: Balance,
        symbol: &str,
    ) -> Self {
        Self {
            members,
            threshold,
            allowance,
            ttl: DEFAULT_TTL,
            symbol: symbol.to_string(),
        }
    }

    /// The same config with proposals open `ttl` blocks.
    pub fn ttl(mut self, ttl: u32) -> Self {
        self.ttl = ttl;
        self
    }
}

/// Why a pool could not be deployed.
#[derive(Debug, thiserror::Error)]
pub enum DeployPoolError {
    /// The pool's constructor refused the configuration.
    #[error("the pool refused the configuration: {0:?}")]
    Refused(PoolError),
    #[error(transparent)]
    Client(#[from] ClientError),
}

impl From<DeployPoolError> for ClientError {
    fn from(e: DeployPoolError) -> Self {
        match e {
            DeployPoolError::Refused(p) => ClientError::Deploy(format!("{p:?}")),
            DeployPoolError::Client(c) => c,
        }
    }
}

impl Chain {
    /// Whether the pool bundle is loaded.
    pub fn has_pool_bundle(&self) -> bool {
        self.pool.is_some()
    }

    /// Deploys a pool created by `creator` (who need not be a member); panics when it fails.
    pub fn deploy_pool(&mut self, creator: &AccountId32, config: &PoolConfig) -> PoolRef {
        self.try_deploy_pool(creator, config)
            .unwrap_or_else(|e| panic!("pool deployment: {e}"))
    }

    /// Deploys a pool; the constructor's own refusal comes back as
    /// [`DeployPoolError::Refused`].
    pub fn try_deploy_pool(
        &mut self,
        creator: &AccountId32,
        config: &PoolConfig,
    ) -> Result<PoolRef, DeployPoolError> {
        if self.pool.is_none() {
            self.pool = Some(crate::try_bundle("pool")?);
        }
        let code = self.bank_code_hash();
        let pool = self.pool.clone().expect("loaded above");
        let mut input = Self::find_selector(&pool, "new", true).expect("pool constructor");
        (
            code,
            config.members.iter().map(ink_id).collect::<Vec<_>>(),
            config.threshold,
            config.allowance,
            config.ttl,
            config.symbol.clone(),
        )
            .encode_to(&mut input);
        let addr = match self.deploy_raw(creator, pool.wasm.clone(), input)? {
            Deployed::Ok(addr) => addr,
            Deployed::Reverted(out) => {
                // A constructor returning `Result` reverts with `Ok(Err(error))`.
                let out = <Result<Result<(), PoolError>, drink::errors::LangError>>::decode(
                    &mut &out[..],
                );
                return Err(match out {
                    Ok(Ok(Err(e))) => DeployPoolError::Refused(e),
                    _ => ClientError::Deploy("the pool constructor reverted".into()).into(),
                });
            }
        };
        let deployed = self.last.clone();
        let bank: vouch_traits::AccountId = self
            .call(&account("viewer"), &addr, "bank", (), 0)
            .map_err(|e| ClientError::Deploy(format!("the new pool does not answer: {e:?}")))?;
        // The receipt is the deployment's, not the view's.
        self.last = deployed;
        let raw: [u8; 32] = *AsRef::<[u8; 32]>::as_ref(&bank);
        Ok(PoolRef {
            addr,
            bank: BankRef {
                addr: AccountId32::new(raw),
            },
        })
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

/// A deployed pool and the trust bank it owns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolRef {
    pub addr: AccountId32,
    /// The pool's trust bank: the group's notes are its notes.
    pub bank: BankRef,
}

type PoolResult<T> = Result<T, PoolError>;

impl PoolRef {
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

    /// `who` puts `amount` of native currency into the pool's reserve.
    pub fn contribute(&self, c: &mut Chain, who: &AccountId32, amount: Balance) -> PoolResult<()> {
        self.exec(c, who, "contribute", (), amount)
    }

    /// `who` grants `member` `amount` of allowance within the member's budget.
    pub fn allow(
        &self,
        c: &mut Chain,
        who: &AccountId32,
        member: &AccountId32,
        amount: Balance,
    ) -> PoolResult<()> {
        self.exec(c, who, "allow", (ink_id(member), amount), 0)
    }

    /// `who` proposes `kind`; returns the proposal's id.
    pub fn propose(&self, c: &mut Chain, who: &AccountId32, kind: ProposalKind) -> PoolResult<u32> {
        self.exec(c, who, "propose", kind, 0)
    }

    /// `who` approves proposal `id`; returns whether it executed.
    pub fn approve(&self, c: &mut Chain, who: &AccountId32, id: u32) -> PoolResult<bool> {
        self.exec(c, who, "approve", id, 0)
    }

    pub fn settlement_plan(&self, c: &mut Chain) -> PoolResult<Settlement> {
        self.view(c, "settlement_plan", ())
    }

    pub fn who_owes_whom(&self, c: &mut Chain) -> PoolResult<Vec<Owe>> {
        self.view(c, "who_owes_whom", ())
    }

    pub fn status(&self, c: &mut Chain) -> PoolStatus {
        self.view(c, "status", ())
    }

    pub fn members(&self, c: &mut Chain) -> Vec<(vouch_traits::AccountId, Member)> {
        self.view(c, "members", ())
    }

    pub fn proposal(&self, c: &mut Chain, id: u32) -> Option<Proposal> {
        self.view(c, "proposal", id)
    }
}
