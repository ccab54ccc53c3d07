//! Loans with terms and trackers: deploying a loan (its collateral sent with the constructor)
//! or a tracker, and one typed method per message of `vouch_traits::loan::Loan` and
//! `vouch_traits::tracker::Tracker`, over any [`Ledger`].
//!
//! ```
//! use vouch_client::{Chain, LoanRef};
//! use vouch_traits::loan::{Asset, Phase, Terms};
//! let mut chain = Chain::new();
//! let (ann, bo) = (chain.person("ann"), chain.person("bo"));
//! let now = chain.block_number();
//! let terms = Terms { asset: Asset::Native, principal: 100, owed: 110, deadline: now + 10, due: now + 100, grace: 10 };
//! let loan = LoanRef::create(&mut chain, &ann, terms, 50).unwrap();
//! loan.fund(&mut chain, &bo, 100).unwrap();
//! loan.draw(&mut chain, &ann).unwrap();
//! assert_eq!(loan.status(&mut chain).unwrap().phase, Phase::Drawn);
//! ```

use crate::account::ink_id;
use crate::bundles::Bundle;
use crate::ledger::messages;
use crate::{decode_output, CallError, Deployed, Ledger};
use ink::codegen::TraitCallBuilder;
use ink::env::call::FromAccountId;
use ink::env::DefaultEnvironment;
use ink_sandbox::AccountId32;
use vouch_traits::loan::{Asset, Bid, Loan, LoanError, LoanStatus, Offer, Position, Terms};
use vouch_traits::tracker::{Listing, Tracker};
use vouch_traits::{AccountId, Balance};

type LoanCalls = ink::contract_ref!(Loan, DefaultEnvironment);
type TrackerCalls = ink::contract_ref!(Tracker, DefaultEnvironment);
type Res<T> = Result<T, CallError>;

/// A deployed loan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoanRef {
    pub addr: AccountId32,
}

impl LoanRef {
    /// `borrower` offers a loan on `terms`, locking `collateral` of native currency in it. The
    /// constructor's refusal comes back as [`CallError::Refused`].
    pub fn create<L: Ledger>(
        l: &mut L,
        borrower: &AccountId32,
        terms: Terms,
        collateral: Balance,
    ) -> Res<Self> {
        match Bundle::get("loan")?.deploy_with_value(l, borrower, "new", terms, collateral)? {
            Deployed::At(addr) => Ok(Self { addr }),
            Deployed::Reverted(out) => Err(match decode_output::<Result<(), LoanError>>(&out) {
                Ok(Err(e)) => e.into(),
                _ => CallError::Setup("the loan constructor reverted".into()),
            }),
        }
    }

    /// The loan at `addr`.
    pub fn at(addr: AccountId32) -> Self {
        Self { addr }
    }

    /// The loan code's hash (uploading it if needed): what a tracker allows.
    pub fn code_hash<L: Ledger>(l: &mut L, origin: &AccountId32) -> Res<[u8; 32]> {
        l.upload(origin, &Bundle::get("loan")?.wasm)
    }

    /// ink's view of the loan's address.
    pub fn id(&self) -> AccountId {
        ink_id(&self.addr)
    }

    fn calls(&self) -> LoanCalls {
        FromAccountId::from_account_id(self.id())
    }

    /// The native currency a call in this loan's asset sends along with `amount`.
    fn value<L: Ledger>(&self, l: &mut L, amount: Balance) -> Res<Balance> {
        Ok(match self.status(l)?.terms.asset {
            Asset::Native => amount,
            Asset::Notes(_) => 0,
        })
    }

    /// `who` funds `amount` (native currency sent along; for a loan in notes, `who` approved
    /// the loan to move them first).
    pub fn fund<L: Ledger>(&self, l: &mut L, who: &AccountId32, amount: Balance) -> Res<()> {
        let value = self.value(l, amount)?;
        l.exec(
            who,
            self.calls()
                .call_mut()
                .fund(amount)
                .transferred_value(value)
                .params(),
        )
    }

    /// `who` repays `amount` of the loan.
    pub fn repay<L: Ledger>(&self, l: &mut L, who: &AccountId32, amount: Balance) -> Res<()> {
        let value = self.value(l, amount)?;
        l.exec(
            who,
            self.calls()
                .call_mut()
                .repay(amount)
                .transferred_value(value)
                .params(),
        )
    }

    /// `who` buys offer `id` whole, paying its price.
    pub fn buy<L: Ledger>(&self, l: &mut L, who: &AccountId32, id: u32) -> Res<()> {
        let offer = self
            .offers(l)?
            .into_iter()
            .find(|(i, _)| *i == id)
            .map(|(_, o)| o)
            .ok_or(CallError::Refused(LoanError::UnknownOrder.into()))?;
        let value = self.value(l, offer.price)?;
        l.exec(
            who,
            self.calls()
                .call_mut()
                .buy(id)
                .transferred_value(value)
                .params(),
        )
    }

    /// `who` places a standing bid for `slices` at `price` (held by the loan); returns its id.
    pub fn bid<L: Ledger>(
        &self,
        l: &mut L,
        who: &AccountId32,
        slices: Balance,
        price: Balance,
    ) -> Res<u32> {
        let value = self.value(l, price)?;
        l.exec(
            who,
            self.calls()
                .call_mut()
                .bid(slices, price)
                .transferred_value(value)
                .params(),
        )
    }

    messages! {
        /// `who` agrees to hold up to `max` slices of this loan.
        exec calls.accept(max: Balance => max) -> ();
        /// `who` takes back `amount` of its funding (before full funding, or after a failure).
        exec calls.unfund(amount: Balance => amount) -> ();
        /// The borrower draws the principal.
        exec calls.draw() -> ();
        /// `who` takes its shares: `(repayment, collateral)`.
        exec calls.claim() -> (Balance, Balance);
        /// `who` moves `amount` slices to `to` (which accepted them).
        exec calls.transfer(to: &AccountId32 => ink_id(to), amount: Balance => amount) -> ();
        /// Anyone marks an unpaid loan defaulted after the due block plus grace.
        exec calls.mark_default() -> ();
        /// The borrower takes the collateral back (repaid, or failed); returns it.
        exec calls.reclaim_collateral() -> Balance;
        /// `who` offers `slices` for `price`; returns the offer's id.
        exec calls.offer(slices: Balance => slices, price: Balance => price) -> u32;
        /// `who` withdraws its offer `id`.
        exec calls.cancel_offer(id: u32 => id) -> ();
        /// `who` withdraws its bid `id` (its price returns).
        exec calls.cancel_bid(id: u32 => id) -> ();
        /// `who` sells into bid `id`.
        exec calls.sell(id: u32 => id) -> ();
        /// Terms, phase and accounting.
        read calls.status() -> LoanStatus;
        /// `who`'s slices, acceptance and claimable shares.
        read calls.position(who: &AccountId32 => ink_id(who)) -> Position;
        /// Open offers by id.
        read calls.offers() -> Vec<(u32, Offer)>;
        /// Open bids by id.
        read calls.bids() -> Vec<(u32, Bid)>;
    }
}

/// A deployed tracker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackerRef {
    pub addr: AccountId32,
}

impl TrackerRef {
    /// Deploys a tracker owned by `owner` that lists loans running this client's loan code.
    pub fn deploy<L: Ledger>(l: &mut L, owner: &AccountId32) -> Res<Self> {
        let code = LoanRef::code_hash(l, owner)?;
        Bundle::get("tracker")?
            .deploy_at(l, owner, "new", ink::primitives::Hash::from(code))
            .map(|addr| Self { addr })
    }

    /// The tracker at `addr`.
    pub fn at(addr: AccountId32) -> Self {
        Self { addr }
    }

    /// ink's view of the tracker's address.
    pub fn id(&self) -> AccountId {
        ink_id(&self.addr)
    }

    fn calls(&self) -> TrackerCalls {
        FromAccountId::from_account_id(self.id())
    }

    /// Every listing, page by page.
    pub fn all<L: Ledger>(&self, l: &mut L) -> Res<Vec<Listing>> {
        let page = vouch_traits::tracker::MAX_LISTINGS_PAGE;
        let mut out = Vec::new();
        loop {
            let start = u32::try_from(out.len()).unwrap_or(u32::MAX);
            let got = self.listings(l, start, page)?;
            let done = got.len() < page as usize;
            out.extend(got);
            if done {
                return Ok(out);
            }
        }
    }

    messages! {
        /// The owner lists `loan` with a note on why it vouches for it.
        exec calls.list(loan: &AccountId32 => ink_id(loan), note: &str => note.to_string()) -> ();
        /// The owner delists `loan`.
        exec calls.delist(loan: &AccountId32 => ink_id(loan)) -> ();
        /// The owner allows (or stops allowing) a loan code.
        exec calls.allow_code(code: [u8; 32] => ink::primitives::Hash::from(code), allowed: bool => allowed) -> ();
        /// The tracker's owner.
        read calls.owner() -> AccountId;
        /// How many loans are listed.
        read calls.count() -> u32;
        /// One page of listings.
        read calls.listings(start: u32 => start, count: u32 => count) -> Vec<Listing>;
        /// The listing of `loan`.
        read calls.listing(loan: &AccountId32 => ink_id(loan)) -> Option<Listing>;
    }
}
