//! Loans with terms and trackers on the built bundles: a loan from offer to the last claim in
//! native currency and in a trust bank's notes, a default onto the collateral, early exit by
//! offer and by standing bid, every refusal typed with nothing changed, native currency
//! conserved to the unit, and random histories that keep every unit of slices and
//! repayments accounted for.

// Test oracles on small amounts: plain arithmetic reads best.
#![allow(clippy::arithmetic_side_effects, clippy::cast_possible_wrap)]

use proptest::prelude::*;
use vouch_sandbox_tests::ink_sandbox::AccountId32;
use vouch_sandbox_tests::{BankRef, CallError, Chain, ChainExt, LoanRef, Refusal, TrackerRef};
use vouch_traits::loan::{Asset, LoanError, LoanStatus, Phase, Position, Terms};
use vouch_traits::tracker::TrackerError;
use vouch_traits::{Balance, BankError};

/// A borrower, four lenders and one loan of `principal` owing `owed`, in native currency.
struct Market {
    chain: Chain,
    borrower: AccountId32,
    lenders: Vec<AccountId32>,
    loan: LoanRef,
    /// The loan account's balance that is not the loan's (its existential deposit).
    base: Balance,
}

fn terms(now: u32, principal: Balance, owed: Balance) -> Terms {
    Terms {
        asset: Asset::Native,
        principal,
        owed,
        deadline: now + 20,
        due: now + 50,
        grace: 5,
    }
}

fn market(principal: Balance, owed: Balance, collateral: Balance) -> Market {
    let mut chain = Chain::new();
    let borrower = chain.person("loan-borrower");
    let lenders: Vec<AccountId32> = ["ann", "bo", "cy", "di"]
        .iter()
        .map(|n| chain.person(&format!("loan-{n}")))
        .collect();
    let now = chain.block_number();
    let loan = LoanRef::create(
        &mut chain,
        &borrower,
        terms(now, principal, owed),
        collateral,
    )
    .expect("the loan deploys");
    let base = chain.free_balance(&loan.addr) - collateral;
    Market {
        chain,
        borrower,
        lenders,
        loan,
        base,
    }
}

fn refused(r: Result<impl std::fmt::Debug, CallError>) -> LoanError {
    match r {
        Err(CallError::Refused(Refusal::Loan(e))) => e,
        other => panic!("expected a loan refusal, got {other:?}"),
    }
}

impl Market {
    fn l(&self, i: usize) -> AccountId32 {
        self.lenders[i].clone()
    }

    fn everyone(&self) -> Vec<AccountId32> {
        let mut all = self.lenders.clone();
        all.push(self.borrower.clone());
        all
    }

    fn position(&mut self, who: &AccountId32) -> Position {
        self.loan.position(&mut self.chain, who).unwrap()
    }

    fn status(&mut self) -> LoanStatus {
        self.loan.status(&mut self.chain).unwrap()
    }

    /// Everything the loan shows and every balance, for "nothing changed" checks.
    fn state(&mut self) -> impl PartialEq + std::fmt::Debug {
        let loan = self.loan.clone();
        let everyone = self.everyone();
        let c = &mut self.chain;
        let positions: Vec<Position> = everyone
            .iter()
            .map(|p| loan.position(c, p).unwrap())
            .collect();
        let mut balances: Vec<Balance> = everyone.iter().map(|p| c.free_balance(p)).collect();
        balances.push(c.free_balance(&loan.addr));
        (
            loan.status(c).unwrap(),
            positions,
            loan.offers(c).unwrap(),
            loan.bids(c).unwrap(),
            balances,
        )
    }

    /// What the loan owes out, from its own books: funding not drawn, repayments not
    /// claimed, collateral not returned or claimed, and the prices bids hold.
    fn liabilities(&mut self) -> Balance {
        let s = self.status();
        let b = s.book;
        let undrawn = if matches!(s.phase, Phase::Funding | Phase::Funded | Phase::Failed) {
            b.funded
        } else {
            0
        };
        let bids: Balance = self
            .loan
            .bids(&mut self.chain)
            .unwrap()
            .iter()
            .map(|(_, b)| b.price)
            .sum();
        undrawn + (b.repaid - b.claimed) + (s.collateral - b.collateral_claimed) + bids
    }

    /// What `who`'s free balance gained over one call `f` that `who` made, not counting the
    /// storage deposit the chain charged it for the call (a deposit, not a payment).
    fn gain(&mut self, who: &AccountId32, f: impl FnOnce(&mut Chain)) -> i128 {
        let before = self.chain.free_balance(who) as i128;
        f(&mut self.chain);
        let deposit = self.chain.last.storage_deposit;
        self.chain.free_balance(who) as i128 - before + deposit
    }

    /// The loan account holds exactly what it owes (plus its own existential deposit).
    fn assert_backed(&mut self) {
        let held = self.chain.free_balance(&self.loan.addr) - self.base;
        assert_eq!(
            held,
            self.liabilities(),
            "the loan holds what it owes, to the unit"
        );
    }
}

#[test]
fn a_loan_runs_from_offer_to_the_last_claim() {
    let mut m = market(100, 120, 40);
    let (loan, borrower) = (m.loan.clone(), m.borrower.clone());
    let lenders = m.lenders.clone();
    for (i, n) in [(0, 50), (1, 30), (2, 20)] {
        let paid = m.gain(&lenders[i], |c| loan.fund(c, &lenders[i], n).unwrap());
        assert_eq!(paid, -(n as i128));
    }
    assert_eq!(m.status().phase, Phase::Funded);
    assert_eq!(m.gain(&borrower, |c| loan.draw(c, &borrower).unwrap()), 100);
    m.assert_backed();
    // The first part of the repayment; then ann exits early with half her slices.
    let (loan, c) = (m.loan.clone(), &mut m.chain);
    loan.repay(c, &m.borrower, 60).unwrap();
    let offer = loan.offer(c, &lenders[0], 25, 26).unwrap();
    loan.accept(c, &lenders[3], 25).unwrap();
    let ann_before = c.free_balance(&lenders[0]);
    let paid = m.gain(&lenders[3], |c| loan.buy(c, &lenders[3], offer).unwrap());
    assert_eq!(paid, -26);
    assert_eq!(
        m.chain.free_balance(&lenders[0]),
        ann_before + 26,
        "the seller is paid"
    );
    // The sold slices carried their unclaimed 15 of the 30 ann had earned.
    assert_eq!(m.position(&lenders[0]).claimable, 15);
    assert_eq!(m.position(&lenders[3]).claimable, 15);
    let (loan, c) = (m.loan.clone(), &mut m.chain);
    loan.repay(c, &m.borrower, 60).unwrap();
    assert_eq!(loan.status(c).unwrap().phase, Phase::Repaid);
    m.assert_backed();
    let mut claims = Vec::new();
    for l in &lenders {
        let mut got = (0, 0);
        let gained = m.gain(l, |c| got = loan.claim(c, l).unwrap());
        assert_eq!(gained, got.0 as i128, "a claim pays what it reports");
        claims.push(got);
    }
    // ann: 30 earned by 50 slices, 15 of it sold with 25 of them, then 15 on 25 slices.
    assert_eq!(claims, vec![(30, 0), (36, 0), (24, 0), (30, 0)]);
    let back = m.gain(&borrower, |c| {
        assert_eq!(loan.reclaim_collateral(c, &borrower).unwrap(), 40)
    });
    assert_eq!(back, 40);
    m.assert_backed();
    assert_eq!(m.liabilities(), 0);
}

#[test]
fn every_refusal_is_typed_and_changes_nothing() {
    let mut m = market(100, 110, 10);
    let (ann, bo, cy) = (m.l(0), m.l(1), m.l(2));
    let borrower = m.borrower.clone();
    let loan = m.loan.clone();
    macro_rules! refuses {
        ($call:expr, $err:expr) => {{
            let before = m.state();
            let c = &mut m.chain;
            let _ = c;
            assert_eq!(refused($call), $err);
            assert_eq!(m.state(), before, "a refused call changed nothing");
        }};
    }
    refuses!(loan.fund(&mut m.chain, &ann, 101), LoanError::OverPrincipal);
    refuses!(loan.fund(&mut m.chain, &ann, 0), LoanError::ZeroAmount);
    refuses!(loan.draw(&mut m.chain, &borrower), LoanError::NotFunded);
    refuses!(loan.repay(&mut m.chain, &borrower, 1), LoanError::NotDrawn);
    loan.fund(&mut m.chain, &ann, 60).unwrap();
    refuses!(
        loan.unfund(&mut m.chain, &ann, 61),
        LoanError::InsufficientSlices
    );
    refuses!(
        loan.transfer(&mut m.chain, &ann, &bo, 10),
        LoanError::NotAccepted
    );
    loan.accept(&mut m.chain, &bo, 5).unwrap();
    refuses!(
        loan.transfer(&mut m.chain, &ann, &bo, 6),
        LoanError::NotAccepted
    );
    refuses!(loan.accept(&mut m.chain, &ann, 59), LoanError::BelowHeld);
    loan.fund(&mut m.chain, &cy, 40).unwrap();
    refuses!(loan.unfund(&mut m.chain, &ann, 1), LoanError::Locked);
    refuses!(loan.draw(&mut m.chain, &ann), LoanError::NotBorrower);
    loan.draw(&mut m.chain, &borrower).unwrap();
    refuses!(loan.draw(&mut m.chain, &borrower), LoanError::AlreadyDrawn);
    refuses!(
        loan.repay(&mut m.chain, &borrower, 111),
        LoanError::OverRepay
    );
    refuses!(
        loan.mark_default(&mut m.chain, &bo),
        LoanError::NotDefaultable
    );
    refuses!(
        loan.reclaim_collateral(&mut m.chain, &borrower),
        LoanError::CollateralLocked
    );
    loan.repay(&mut m.chain, &borrower, 11).unwrap();
    loan.claim(&mut m.chain, &ann).unwrap();
    refuses!(loan.claim(&mut m.chain, &ann), LoanError::NothingToClaim);
    // Buying without paying enough: the exact price is sent or nothing happens.
    let offer = loan.offer(&mut m.chain, &ann, 5, 7).unwrap();
    let call = |m: &mut Market, value: Balance| {
        use ink::codegen::TraitCallBuilder;
        use vouch_traits::loan::Loan;
        let mut calls: ink::contract_ref!(Loan, ink::env::DefaultEnvironment) =
            ink::env::call::FromAccountId::from_account_id(m.loan.id());
        let params = calls
            .call_mut()
            .buy(offer)
            .transferred_value(value)
            .params();
        vouch_sandbox_tests::Ledger::exec(&mut m.chain, &bo, params)
    };
    refuses!(call(&mut m, 6), LoanError::WrongValue);
    refuses!(loan.buy(&mut m.chain, &ann, offer), LoanError::SelfTrade);
    refuses!(loan.buy(&mut m.chain, &cy, offer), LoanError::NotAccepted);
    refuses!(
        loan.buy(&mut m.chain, &bo, offer + 1),
        LoanError::UnknownOrder
    );
    refuses!(
        loan.cancel_offer(&mut m.chain, &bo, offer),
        LoanError::NotYourOrder
    );
    // A seller who no longer holds the offered slices: the sale does not happen.
    loan.accept(&mut m.chain, &cy, 100).unwrap();
    loan.transfer(&mut m.chain, &ann, &cy, 58).unwrap();
    refuses!(
        loan.buy(&mut m.chain, &bo, offer),
        LoanError::InsufficientSlices
    );
    // Default only after due + grace.
    let last = m.status().terms.last_grace_block();
    let now = m.chain.block_number();
    m.chain.advance_blocks(last - now);
    refuses!(
        loan.mark_default(&mut m.chain, &bo),
        LoanError::NotDefaultable
    );
    m.chain.advance_blocks(1);
    loan.mark_default(&mut m.chain, &bo).unwrap();
    refuses!(
        loan.mark_default(&mut m.chain, &bo),
        LoanError::NotDefaultable
    );
    m.assert_backed();
}

#[test]
fn funding_closes_at_the_deadline_and_a_failed_loan_returns_everything() {
    let mut m = market(100, 100, 25);
    let (ann, bo) = (m.l(0), m.l(1));
    let (loan, borrower) = (m.loan.clone(), m.borrower.clone());
    assert_eq!(m.gain(&ann, |c| loan.fund(c, &ann, 70).unwrap()), -70);
    let deadline = m.status().terms.deadline;
    let now = m.chain.block_number();
    m.chain.advance_blocks(deadline - now);
    // The deadline block itself still funds (the last block at which it can be funded)...
    loan.fund(&mut m.chain, &bo, 10).unwrap();
    m.chain.advance_blocks(1);
    // ...the next does not.
    assert_eq!(
        refused(loan.fund(&mut m.chain, &bo, 20)),
        LoanError::FundingClosed
    );
    assert_eq!(m.status().phase, Phase::Failed);
    assert_eq!(
        refused(loan.draw(&mut m.chain, &borrower)),
        LoanError::FundingClosed
    );
    assert_eq!(m.gain(&ann, |c| loan.unfund(c, &ann, 70).unwrap()), 70);
    loan.unfund(&mut m.chain, &bo, 10).unwrap();
    assert_eq!(
        loan.reclaim_collateral(&mut m.chain, &borrower).unwrap(),
        25
    );
    m.assert_backed();
    assert_eq!(m.liabilities(), 0);
}

#[test]
fn a_default_shares_the_collateral_pro_rata_with_the_dust_counted() {
    let mut m = market(90, 99, 1_000);
    let (ann, bo, cy) = (m.l(0), m.l(1), m.l(2));
    let (loan, borrower) = (m.loan.clone(), m.borrower.clone());
    for (who, n) in [(&ann, 45), (&bo, 30), (&cy, 15)] {
        loan.fund(&mut m.chain, who, n).unwrap();
    }
    loan.draw(&mut m.chain, &borrower).unwrap();
    loan.repay(&mut m.chain, &borrower, 10).unwrap();
    let last = m.status().terms.last_grace_block();
    let now = m.chain.block_number();
    m.chain.advance_blocks(last - now + 1);
    loan.mark_default(&mut m.chain, &cy).unwrap();
    let s = m.status();
    assert_eq!(s.phase, Phase::Defaulted);
    // 1000 over 90 slices: 45 -> 500, 30 -> 333 (and a third), 15 -> 166 (and two thirds).
    let got: Vec<(Balance, Balance)> = [&ann, &bo, &cy]
        .iter()
        .map(|w| loan.claim(&mut m.chain, w).unwrap())
        .collect();
    assert_eq!(got, vec![(5, 500), (3, 333), (1, 166)]);
    let b = m.status().book;
    assert_eq!(b.claimed + b.dust(), b.repaid);
    assert_eq!(b.collateral_claimed + b.collateral_dust(), 1_000);
    assert_eq!(b.collateral_dust(), 1);
    assert_eq!(
        refused(loan.reclaim_collateral(&mut m.chain, &borrower)),
        LoanError::CollateralLocked
    );
    m.assert_backed();
}

#[test]
fn a_standing_bid_is_sold_into_atomically_and_a_cancelled_bid_pays_back() {
    let mut m = market(100, 100, 0);
    let (ann, bo, cy) = (m.l(0), m.l(1), m.l(2));
    let (loan, borrower) = (m.loan.clone(), m.borrower.clone());
    loan.fund(&mut m.chain, &ann, 100).unwrap();
    loan.draw(&mut m.chain, &borrower).unwrap();
    loan.repay(&mut m.chain, &borrower, 40).unwrap();
    // The coordinator (bo) stands ready to buy 50 slices for 45.
    let bid = loan.bid(&mut m.chain, &bo, 50, 45).unwrap();
    m.assert_backed();
    let before = m.state();
    assert_eq!(
        refused(loan.sell(&mut m.chain, &ann, bid)),
        LoanError::NotAccepted
    );
    assert_eq!(m.state(), before);
    loan.accept(&mut m.chain, &bo, 50).unwrap();
    assert_eq!(m.gain(&ann, |c| loan.sell(c, &ann, bid).unwrap()), 45);
    assert_eq!(m.position(&bo).slices, 50);
    assert_eq!(m.position(&bo).claimable, 20);
    assert_eq!(
        refused(loan.sell(&mut m.chain, &ann, bid)),
        LoanError::UnknownOrder
    );
    // Another bid, cancelled: its price returns whole.
    let mut other = 0;
    assert_eq!(
        m.gain(&cy, |c| other = loan.bid(c, &cy, 10, 9).unwrap()),
        -9
    );
    assert_eq!(
        refused(loan.cancel_bid(&mut m.chain, &ann, other)),
        LoanError::NotYourOrder
    );
    assert_eq!(m.gain(&cy, |c| loan.cancel_bid(c, &cy, other).unwrap()), 9);
    for _ in 0..vouch_traits::loan::MAX_BIDS {
        loan.bid(&mut m.chain, &cy, 1, 1).unwrap();
    }
    assert_eq!(
        refused(loan.bid(&mut m.chain, &cy, 1, 1)),
        LoanError::TooManyOrders
    );
    m.assert_backed();
}

#[test]
fn a_loan_in_trust_bank_notes_is_funded_repaid_and_claimed_in_notes() {
    let mut c = Chain::new();
    let (issuer, borrower, ann, bo) = (
        c.person("notes-issuer"),
        c.person("notes-borrower"),
        c.person("notes-ann"),
        c.person("notes-bo"),
    );
    let bank: BankRef = c.deploy_bank(&issuer, "ISS");
    bank.deposit(&mut c, &issuer, 10_000).unwrap();
    // Everyone who will hold the issuer's notes has a line; the lenders hold some.
    for who in [&borrower, &ann, &bo] {
        bank.set_limit(&mut c, &issuer, who, 1_000).unwrap();
        bank.set_willing(&mut c, who, 1_000).unwrap();
    }
    bank.grant(&mut c, &issuer, &ann, 300).unwrap();
    bank.grant(&mut c, &issuer, &bo, 300).unwrap();
    let now = c.block_number();
    let t = Terms {
        asset: Asset::Notes(bank.id()),
        ..terms(now, 400, 440)
    };
    let loan = LoanRef::create(&mut c, &borrower, t, 0).unwrap();
    // The issuer lets the loan hold its notes (the loan made itself willing).
    bank.set_limit(&mut c, &issuer, &loan.addr, 1_000).unwrap();
    assert_eq!(bank.line(&mut c, &loan.addr).unwrap().willing, Balance::MAX);
    // Without an approval the bank refuses, and the loan reports the bank's own error.
    let before = (
        loan.status(&mut c).unwrap(),
        bank.balance_of(&mut c, &ann).unwrap(),
    );
    assert_eq!(
        refused(loan.fund(&mut c, &ann, 100)),
        LoanError::Asset(BankError::InsufficientAllowance)
    );
    assert_eq!(
        (
            loan.status(&mut c).unwrap(),
            bank.balance_of(&mut c, &ann).unwrap()
        ),
        before
    );
    for (who, n) in [(&ann, 250), (&bo, 150)] {
        bank.approve(&mut c, who, &loan.addr, n).unwrap();
        loan.fund(&mut c, who, n).unwrap();
    }
    assert_eq!(bank.balance_of(&mut c, &loan.addr).unwrap(), 400);
    loan.draw(&mut c, &borrower).unwrap();
    assert_eq!(bank.balance_of(&mut c, &borrower).unwrap(), 400);
    // The borrower earns 40 more notes elsewhere (here: from the issuer) and repays 440.
    bank.grant(&mut c, &issuer, &borrower, 40).unwrap();
    bank.approve(&mut c, &borrower, &loan.addr, 440).unwrap();
    loan.repay(&mut c, &borrower, 440).unwrap();
    assert_eq!(loan.claim(&mut c, &ann).unwrap(), (275, 0));
    assert_eq!(loan.claim(&mut c, &bo).unwrap(), (165, 0));
    assert_eq!(bank.balance_of(&mut c, &ann).unwrap(), 300 - 250 + 275);
    assert_eq!(bank.balance_of(&mut c, &bo).unwrap(), 300 - 150 + 165);
    assert_eq!(bank.balance_of(&mut c, &loan.addr).unwrap(), 0);
    // Native currency sent to a loan in notes is refused.
    bank.grant(&mut c, &issuer, &ann, 1).unwrap();
    use vouch_traits::loan::Loan;
    let mut calls: ink::contract_ref!(Loan, ink::env::DefaultEnvironment) =
        ink::env::call::FromAccountId::from_account_id(loan.id());
    use ink::codegen::TraitCallBuilder;
    let params = calls.call_mut().bid(1, 1).transferred_value(1).params();
    assert_eq!(
        refused(vouch_sandbox_tests::Ledger::exec(&mut c, &ann, params)),
        LoanError::WrongValue
    );
}

#[test]
fn a_tracker_lists_only_real_loans_and_its_owner_decides() {
    let mut m = market(10, 10, 0);
    let c = &mut m.chain;
    let (owner, stranger) = (c.person("tracker-owner"), c.person("tracker-stranger"));
    let tracker = TrackerRef::deploy(c, &owner).unwrap();
    let now = c.block_number();
    let second = LoanRef::create(c, &m.borrower, terms(now, 5, 6), 0).unwrap();
    let tracked = |r: Result<(), CallError>| match r {
        Err(CallError::Refused(Refusal::Tracker(e))) => e,
        other => panic!("expected a tracker refusal, got {other:?}"),
    };
    tracker
        .list(c, &owner, &m.loan.addr, "known borrower, repaid twice")
        .unwrap();
    tracker
        .list(c, &owner, &second.addr, "second loan")
        .unwrap();
    assert_eq!(
        tracked(tracker.list(c, &owner, &m.loan.addr, "again")),
        TrackerError::AlreadyListed
    );
    // A contract that is not a loan, and an account that is no contract.
    let bank = c.deploy_bank(&stranger, "NOTALOAN");
    assert_eq!(
        tracked(tracker.list(c, &owner, &bank.addr, "")),
        TrackerError::NotALoan
    );
    assert_eq!(
        tracked(tracker.list(c, &owner, &stranger, "")),
        TrackerError::NotALoan
    );
    assert_eq!(
        tracked(tracker.list(c, &stranger, &second.addr, "")),
        TrackerError::NotOwner
    );
    assert_eq!(
        tracked(tracker.delist(c, &stranger, &m.loan.addr)),
        TrackerError::NotOwner
    );
    tracker.delist(c, &owner, &m.loan.addr).unwrap();
    let listed: Vec<_> = tracker
        .all(c)
        .unwrap()
        .into_iter()
        .map(|l| l.loan)
        .collect();
    assert_eq!(listed, vec![second.id()]);
    assert_eq!(
        tracker.listing(c, &second.addr).unwrap().unwrap().note,
        "second loan"
    );
    // Stop allowing the loan code: nothing new is listed, what is listed stays.
    let code = LoanRef::code_hash(c, &owner).unwrap();
    tracker.allow_code(c, &owner, code, false).unwrap();
    assert_eq!(
        tracked(tracker.list(c, &owner, &m.loan.addr, "")),
        TrackerError::NotALoan
    );
    assert_eq!(tracker.count(c).unwrap(), 1);
}

#[derive(Debug, Clone)]
enum Op {
    Accept(usize, Balance),
    Fund(usize, Balance),
    Unfund(usize, Balance),
    Transfer(usize, usize, Balance),
    Offer(usize, Balance, Balance),
    Buy(usize),
    Bid(usize, Balance, Balance),
    Sell(usize),
    Repay(Balance),
    Claim(usize),
    Draw,
    Wait(u32),
    Default,
}

fn op() -> impl Strategy<Value = Op> {
    let who = 0..4usize;
    prop_oneof![
        1 => (who.clone(), 0..120u128).prop_map(|(a, n)| Op::Accept(a, n)),
        2 => (who.clone(), 1..60u128).prop_map(|(a, n)| Op::Fund(a, n)),
        1 => (who.clone(), 1..30u128).prop_map(|(a, n)| Op::Unfund(a, n)),
        2 => (who.clone(), who.clone(), 1..40u128).prop_map(|(a, b, n)| Op::Transfer(a, b, n)),
        1 => (who.clone(), 1..30u128, 0..40u128).prop_map(|(a, n, p)| Op::Offer(a, n, p)),
        1 => who.clone().prop_map(Op::Buy),
        1 => (who.clone(), 1..30u128, 0..40u128).prop_map(|(a, n, p)| Op::Bid(a, n, p)),
        1 => who.clone().prop_map(Op::Sell),
        2 => (1..50u128).prop_map(Op::Repay),
        2 => who.prop_map(Op::Claim),
        1 => Just(Op::Draw),
        1 => (1..30u32).prop_map(Op::Wait),
        1 => Just(Op::Default),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Random histories on the contract: slices sum to what is funded, claimed + claimable +
    /// dust == repaid to the unit (and so for the collateral), nobody holds beyond what it
    /// accepted, a refused call changes nothing, and the loan holds exactly what it owes.
    #[test]
    fn random_histories_keep_every_unit(
        principal in 20..120u128,
        interest in 0..60u128,
        collateral in 0..200u128,
        ops in proptest::collection::vec(op(), 10..40),
    ) {
        let mut m = market(principal, principal + interest, collateral);
        let loan = m.loan.clone();
        for op in ops {
            let before = m.state();
            let l = |i: usize| m.lenders[i].clone();
            let c = &mut m.chain;
            let r: Result<(), CallError> = match op {
                Op::Accept(a, n) => loan.accept(c, &l(a), n),
                Op::Fund(a, n) => loan.fund(c, &l(a), n),
                Op::Unfund(a, n) => loan.unfund(c, &l(a), n),
                Op::Transfer(a, b, n) => loan.transfer(c, &l(a), &l(b), n),
                Op::Offer(a, n, p) => loan.offer(c, &l(a), n, p).map(drop),
                Op::Buy(a) => match loan.offers(c).unwrap().first() {
                    Some((id, _)) => loan.buy(c, &l(a), *id),
                    None => continue,
                },
                Op::Bid(a, n, p) => loan.bid(c, &l(a), n, p).map(drop),
                Op::Sell(a) => match loan.bids(c).unwrap().first() {
                    Some((id, _)) => loan.sell(c, &l(a), *id),
                    None => continue,
                },
                Op::Repay(n) => loan.repay(c, &m.borrower, n),
                Op::Claim(a) => loan.claim(c, &l(a)).map(drop),
                Op::Draw => loan.draw(c, &m.borrower),
                Op::Wait(n) => {
                    c.advance_blocks(n);
                    continue;
                }
                Op::Default => loan.mark_default(c, &l(0)),
            };
            match r {
                Ok(()) => {}
                Err(CallError::Refused(Refusal::Loan(_))) => {
                    prop_assert_eq!(m.state(), before, "a refusal changed state");
                }
                Err(e) => panic!("{op:?} did not complete: {e}"),
            }
            let s = m.status();
            let b = s.book;
            let lenders = m.lenders.clone();
            let positions: Vec<Position> = lenders.iter().map(|p| m.position(p)).collect();
            let slices: Balance = positions.iter().map(|p| p.slices).sum();
            prop_assert_eq!(slices, b.funded);
            for p in &positions {
                prop_assert!(p.slices <= p.accepted);
            }
            let claimable: Balance = positions.iter().map(|p| p.claimable).sum();
            let coll: Balance = positions.iter().map(|p| p.collateral_claimable).sum();
            // Nothing is credited beyond what came in, and what is not credited is the
            // holders' fractions: fewer units than there are holders.
            let dust = b.repaid.checked_sub(b.claimed + claimable);
            prop_assert!(matches!(dust, Some(d) if d < lenders.len() as Balance), "dust {:?}", dust);
            let cdust = b.shared.checked_sub(b.collateral_claimed + coll);
            prop_assert!(matches!(cdust, Some(d) if d < lenders.len() as Balance), "dust {:?}", cdust);
            m.assert_backed();
        }
    }
}
