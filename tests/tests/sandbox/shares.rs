//! Shares on the built bundle: creation (founders, the default supply, bad rules and bad
//! founders refused) with PSP22 metadata and events, pro-rata distributions claimed once with
//! the rounding dust carried into the next one, motions voted with the shares held when they
//! were made and executed once, a group pool holding shares, and random histories checked
//! holder by holder against a plain loop over holders. Every refusal is typed and changes
//! nothing; after every step the contract holds exactly the native currency it owes
//! (`treasury + distributed - claimed + deposits + pending`).

// Test oracles on small amounts: plain arithmetic reads best.
#![allow(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]

use proptest::prelude::*;
use vouch_sandbox_tests::ink_sandbox::api::prelude::SystemAPI;
use vouch_sandbox_tests::ink_sandbox::macros::RuntimeEvent;
use vouch_sandbox_tests::ink_sandbox::{pallet_contracts, AccountId32};
use vouch_sandbox_tests::{
    account, ink_id, Bundle, CallError, Chain, ChainExt, Completed, ContractError, Ledger,
    PoolConfig, SharesRef,
};
use vouch_traits::events::{Approval, Transfer};
use vouch_traits::shares::{
    Action, Distributed, DistributionClaimed, Issuance, Motion, MotionExecuted, MotionFinished,
    MotionMade, MotionState, Rules, SharesError, SharesStatus, Voted, DEFAULT_SUPPLY, MAX_FOUNDERS,
    MAX_TEXT, SCALE,
};
use vouch_traits::{Balance, PSP22Error};

/// Motions open for 10 blocks, a quorum of half the shares, a strict majority, 100 deposit.
const RULES: Rules = Rules {
    voting_period: 10,
    quorum_bps: 5_000,
    pass_bps: 5_001,
    deposit: 100,
};

/// A holiday flat owned by ann (50 shares), bo (30) and cy (20); di holds none at first and
/// the payer (who holds none) pays the rent in.
struct Flat {
    chain: Chain,
    ann: AccountId32,
    bo: AccountId32,
    cy: AccountId32,
    di: AccountId32,
    payer: AccountId32,
    shares: SharesRef,
    /// The accounts whose shares, claims and native balance the checks read (a test may add
    /// one).
    watched: Vec<AccountId32>,
    /// The contract account's balance that is not the holders' (its existential deposit).
    base: Balance,
}

fn flat(issuance: Issuance) -> Flat {
    let mut chain = Chain::new();
    let [ann, bo, cy, di, payer] =
        ["ann", "bo", "cy", "di", "payer"].map(|n| chain.person(&format!("shares-{n}")));
    let founders = [(ann.clone(), 50), (bo.clone(), 30), (cy.clone(), 20)];
    let shares = SharesRef::create(
        &mut chain,
        &ann,
        "Holiday flat",
        "FLAT",
        &founders,
        issuance,
        RULES,
    )
    .expect("the shares deploy");
    let base = chain.free_balance(&shares.addr);
    let watched = vec![
        ann.clone(),
        bo.clone(),
        cy.clone(),
        di.clone(),
        payer.clone(),
    ];
    Flat {
        chain,
        ann,
        bo,
        cy,
        di,
        payer,
        shares,
        watched,
        base,
    }
}

/// Everything a shares contract shows, for "nothing changed" checks: its status, every
/// watched account's shares, claimable amount and native balance, the contract's native
/// balance, every motion and every watched account's vote on each.
type Books = (
    SharesStatus,
    Vec<(Balance, Balance, Balance)>,
    Balance,
    Vec<(u32, Motion)>,
    Vec<Option<bool>>,
);

fn books(c: &mut Chain, s: &SharesRef, watched: &[AccountId32]) -> Books {
    let status = s.status(c).unwrap();
    let accounts = watched
        .iter()
        .map(|w| {
            (
                s.balance_of(c, w).unwrap(),
                s.claimable(c, w).unwrap(),
                c.free_balance(w),
            )
        })
        .collect();
    let motions = s.motions(c).unwrap();
    let mut votes = Vec::new();
    for (id, _) in &motions {
        for w in watched {
            votes.push(s.voted(c, *id, w).unwrap());
        }
    }
    (status, accounts, c.free_balance(&s.addr), motions, votes)
}

/// The refusal `r` carries, of the type of `want` (a call that succeeded, did not complete,
/// or that another contract's error refused panics).
#[track_caller]
fn refusal<T: std::fmt::Debug, E: ContractError>(_want: &E, r: Result<T, CallError>) -> E {
    match r.completed::<E>() {
        Ok(v) => panic!("expected a refusal, got Ok({v:?})"),
        Err(e) => e,
    }
}

/// `$call` is refused with `$err` and leaves every book of `$f` as it was.
macro_rules! refuses {
    ($f:ident, $call:expr, $err:expr) => {{
        let want = $err;
        let before = $f.state();
        let got = refusal(&want, $call);
        assert_eq!(got, want, "{}", stringify!($call));
        assert_eq!(
            $f.state(),
            before,
            "a refused call changed nothing: {}",
            stringify!($call)
        );
    }};
}

/// Event `i` of the last call: emitted by `s`, of type `E` (its signature topic), decoded.
#[track_caller]
fn event<E: ink::env::Event + scale::Decode>(c: &Chain, s: &SharesRef, i: usize) -> E {
    let (emitter, topics, data) = c.last.events.get(i).expect("the event was emitted");
    assert_eq!(emitter, &s.addr);
    assert_eq!(
        topics.first().copied(),
        E::SIGNATURE_TOPIC,
        "event {i} is a {}",
        std::any::type_name::<E>()
    );
    scale::Decode::decode(&mut &data[..]).expect("the event decodes")
}

fn signed(x: Balance) -> i128 {
    i128::try_from(x).expect("test amounts are small")
}

impl Flat {
    fn status(&mut self) -> SharesStatus {
        self.shares.status(&mut self.chain).unwrap()
    }

    fn balance(&mut self, who: &AccountId32) -> Balance {
        self.shares.balance_of(&mut self.chain, who).unwrap()
    }

    fn claimable(&mut self, who: &AccountId32) -> Balance {
        self.shares.claimable(&mut self.chain, who).unwrap()
    }

    fn claimables(&mut self, who: &[&AccountId32]) -> Vec<Balance> {
        who.iter().map(|w| self.claimable(w)).collect()
    }

    fn motion(&mut self, id: u32) -> Motion {
        self.shares.motion(&mut self.chain, id).unwrap().unwrap()
    }

    fn state(&mut self) -> Books {
        let (s, watched) = (self.shares.clone(), self.watched.clone());
        books(&mut self.chain, &s, &watched)
    }

    /// What `who`'s free balance gained over one call `f` that `who` made, not counting the
    /// storage deposit the chain charged it for the call (a deposit, not a payment).
    fn gain(&mut self, who: &AccountId32, f: impl FnOnce(&mut Chain, &SharesRef)) -> i128 {
        let s = self.shares.clone();
        let before = signed(self.chain.free_balance(who));
        f(&mut self.chain, &s);
        let deposit = self.chain.last.storage_deposit;
        signed(self.chain.free_balance(who)) - before + deposit
    }

    /// Every unit paid in is claimed, claimable by a watched account, or dust (fewer units
    /// than there are holders), and the contract holds exactly what it owes. Returns the dust.
    fn check(&mut self) -> Balance {
        let s = self.status();
        let watched = self.watched.clone();
        let owed: Balance = watched.iter().map(|w| self.claimable(w)).sum();
        let dust = s
            .distributed
            .checked_sub(s.claimed + owed)
            .expect("nothing is credited beyond what was paid in");
        assert!(
            dust <= watched.len() as Balance,
            "dust {dust} over {} accounts",
            watched.len()
        );
        let held = self.chain.free_balance(&self.shares.addr) - self.base;
        assert_eq!(
            held,
            s.treasury + s.distributed - s.claimed + s.deposits + s.pending,
            "the contract holds what it owes, to the unit"
        );
        dust
    }

    /// Advances to the first block after motion `id`'s voting period.
    fn close_voting(&mut self, id: u32) {
        let ends = self.motion(id).ends;
        let now = self.chain.block_number();
        self.chain.advance_blocks(ends + 1 - now);
    }
}

/// The contract events (data) emitted by `contract` in the current block so far.
fn block_events(c: &mut Chain, contract: &AccountId32) -> Vec<Vec<u8>> {
    c.sandbox
        .events()
        .into_iter()
        .filter_map(|rec| match rec.event {
            RuntimeEvent::Contracts(pallet_contracts::Event::ContractEmitted {
                contract: from,
                data,
            }) if from == *contract => Some(data),
            _ => None,
        })
        .collect()
}

#[test]
fn creation_issues_the_supply_to_the_founders_or_to_the_creator() {
    let mut c = Chain::new();
    let [ann, bo, cy, di] = ["ann", "bo", "cy", "di"].map(|n| c.person(&format!("shares-{n}")));
    let founders = [(ann.clone(), 50), (bo.clone(), 30), (cy.clone(), 20)];
    c.sandbox.reset_events();
    let s = SharesRef::create(
        &mut c,
        &ann,
        "Holiday flat",
        "FLAT",
        &founders,
        Issuance::ByMotion,
        RULES,
    )
    .unwrap();
    // One PSP22 Transfer from nobody to each founder, in the list's order.
    let minted: Vec<Transfer> = block_events(&mut c, &s.addr)
        .iter()
        .map(|d| scale::Decode::decode(&mut &d[..]).unwrap())
        .collect();
    let want: Vec<Transfer> = founders
        .iter()
        .map(|(who, n)| Transfer {
            from: None,
            to: Some(ink_id(who)),
            value: *n,
        })
        .collect();
    assert_eq!(minted, want);
    // Wallets see a token of 0 decimals.
    assert_eq!(
        s.token_name(&mut c).unwrap().as_deref(),
        Some("Holiday flat")
    );
    assert_eq!(s.token_symbol(&mut c).unwrap().as_deref(), Some("FLAT"));
    assert_eq!(s.token_decimals(&mut c).unwrap(), 0);
    assert_eq!(s.total_supply(&mut c).unwrap(), 100);
    let held: Vec<Balance> = [&ann, &bo, &cy, &di]
        .iter()
        .map(|w| s.balance_of(&mut c, w).unwrap())
        .collect();
    assert_eq!(held, vec![50, 30, 20, 0]);
    assert_eq!(
        s.status(&mut c).unwrap(),
        SharesStatus {
            name: "Holiday flat".into(),
            symbol: "FLAT".into(),
            supply: 100,
            issuance: Issuance::ByMotion,
            rules: RULES,
            treasury: 0,
            distributed: 0,
            claimed: 0,
            carry: 0,
            pending: 0,
            deposits: 0,
            motions: 0,
        }
    );

    // No founders: the default supply, all to the creator.
    let co = SharesRef::create(&mut c, &di, "Co", "CO", &[], Issuance::Never, RULES).unwrap();
    assert_eq!(co.balance_of(&mut c, &di).unwrap(), DEFAULT_SUPPLY);
    assert_eq!(co.total_supply(&mut c).unwrap(), DEFAULT_SUPPLY);
    assert_eq!(co.status(&mut c).unwrap().issuance, Issuance::Never);

    // The most founders allowed, with the boundary rules (every vote needed, all yes).
    let many: Vec<(AccountId32, Balance)> = (0..MAX_FOUNDERS)
        .map(|i| (account(&format!("shares-founder{i}")), u128::from(i) + 1))
        .collect();
    let strict = Rules {
        voting_period: 1,
        quorum_bps: 10_000,
        pass_bps: 10_000,
        deposit: 0,
    };
    let big =
        SharesRef::create(&mut c, &ann, "Many", "MANY", &many, Issuance::Never, strict).unwrap();
    assert_eq!(big.total_supply(&mut c).unwrap(), 136);
    assert_eq!(big.balance_of(&mut c, &many[15].0).unwrap(), 16);
}

#[test]
fn creation_refuses_bad_rules_and_bad_founders() {
    let mut c = Chain::new();
    let (ann, bo) = (c.person("shares-ann"), c.person("shares-bo"));
    // The code is on chain already, so a refused creation has nothing to pay for.
    let code = Bundle::get("shares").unwrap();
    Ledger::upload(&mut c, &ann, &code.wasm).unwrap();
    let mut refused = |founders: &[(AccountId32, Balance)], rules: Rules, want: SharesError| {
        let before = c.free_balance(&ann);
        let got = SharesRef::create(&mut c, &ann, "Bad", "BAD", founders, Issuance::Never, rules);
        assert_eq!(refusal(&want, got), want, "{founders:?} {rules:?}");
        assert_eq!(
            c.free_balance(&ann),
            before,
            "a refused creation costs nothing"
        );
    };
    for rules in [
        Rules {
            voting_period: 0,
            ..RULES
        },
        Rules {
            quorum_bps: 10_001,
            ..RULES
        },
        Rules {
            pass_bps: 0,
            ..RULES
        },
        Rules {
            pass_bps: 10_001,
            ..RULES
        },
    ] {
        refused(&[], rules, SharesError::BadRules);
    }
    let seventeen: Vec<(AccountId32, Balance)> = (0..=MAX_FOUNDERS)
        .map(|i| (account(&format!("shares-founder{i}")), 1))
        .collect();
    for founders in [
        vec![(ann.clone(), 10), (bo.clone(), 0)],
        vec![(ann.clone(), 10), (bo.clone(), 5), (ann.clone(), 1)],
        seventeen,
        vec![(ann.clone(), Balance::MAX), (bo.clone(), 1)],
    ] {
        refused(&founders, RULES, SharesError::BadFounders);
    }
}

#[test]
fn shares_move_as_psp22_tokens_with_their_events() {
    let mut f = flat(Issuance::ByMotion);
    let (s, ann, bo, cy, di) = (
        f.shares.clone(),
        f.ann.clone(),
        f.bo.clone(),
        f.cy.clone(),
        f.di.clone(),
    );
    s.transfer(&mut f.chain, &ann, &di, 5).unwrap();
    assert_eq!(f.chain.last.events.len(), 1);
    let moved: Transfer = event(&f.chain, &s, 0);
    assert_eq!(
        moved,
        Transfer {
            from: Some(ink_id(&ann)),
            to: Some(ink_id(&di)),
            value: 5
        }
    );
    assert_eq!((f.balance(&ann), f.balance(&di)), (45, 5));
    refuses!(
        f,
        s.transfer(&mut f.chain, &di, &bo, 6),
        PSP22Error::InsufficientBalance
    );
    s.approve(&mut f.chain, &bo, &cy, 10).unwrap();
    let approved: Approval = event(&f.chain, &s, 0);
    assert_eq!(
        approved,
        Approval {
            owner: ink_id(&bo),
            spender: ink_id(&cy),
            amount: 10
        }
    );
    refuses!(
        f,
        s.transfer_from(&mut f.chain, &cy, &bo, &di, 11),
        PSP22Error::InsufficientAllowance
    );
    s.transfer_from(&mut f.chain, &cy, &bo, &di, 10).unwrap();
    assert_eq!(s.allowance(&mut f.chain, &bo, &cy).unwrap(), 0);
    assert_eq!((f.balance(&bo), f.balance(&di)), (20, 15));
    // Moving nothing, or to oneself, changes nothing and says nothing.
    let before = f.state();
    s.transfer(&mut f.chain, &ann, &ann, 10).unwrap();
    assert!(f.chain.last.events.is_empty());
    s.transfer(&mut f.chain, &ann, &bo, 0).unwrap();
    assert!(f.chain.last.events.is_empty());
    assert_eq!(f.state(), before);
    assert_eq!(s.total_supply(&mut f.chain).unwrap(), 100);
}

#[test]
fn distributions_are_claimed_pro_rata_and_once() {
    let mut f = flat(Issuance::ByMotion);
    let (s, ann, bo, cy, di, payer) = (
        f.shares.clone(),
        f.ann.clone(),
        f.bo.clone(),
        f.cy.clone(),
        f.di.clone(),
        f.payer.clone(),
    );
    refuses!(
        f,
        s.distribute(&mut f.chain, &payer, 0),
        SharesError::ZeroAmount
    );
    let paid = f.gain(&payer, |c, s| {
        assert_eq!(s.distribute(c, &payer, 1_000), Ok(1_000))
    });
    assert_eq!(paid, -1_000);
    let d: Distributed = event(&f.chain, &s, 0);
    assert_eq!(
        d,
        Distributed {
            by: ink_id(&payer),
            amount: 1_000,
            paid_in: 1_000
        }
    );
    assert_eq!(f.check(), 0);
    assert_eq!(f.claimables(&[&ann, &bo, &cy, &di]), vec![500, 300, 200, 0]);
    for (who, n) in [(&ann, 500), (&bo, 300), (&cy, 200)] {
        let got = f.gain(who, |c, s| assert_eq!(s.claim(c, who), Ok(n)));
        assert_eq!(got, signed(n), "a claim pays what it reports");
        let claimed: DistributionClaimed = event(&f.chain, &s, 0);
        assert_eq!(
            claimed,
            DistributionClaimed {
                holder: ink_id(who),
                amount: n
            }
        );
        f.check();
    }
    // Claiming twice, or without ever having held a share: nothing to claim.
    refuses!(f, s.claim(&mut f.chain, &ann), SharesError::NothingToClaim);
    refuses!(f, s.claim(&mut f.chain, &di), SharesError::NothingToClaim);
    let st = f.status();
    assert_eq!((st.distributed, st.claimed), (1_000, 1_000));
    assert_eq!(f.check(), 0);
    assert_eq!(f.chain.free_balance(&s.addr), f.base);
}

#[test]
fn a_seller_keeps_what_it_earned_before_the_sale() {
    let mut f = flat(Issuance::ByMotion);
    let (s, ann, bo, cy, di, payer) = (
        f.shares.clone(),
        f.ann.clone(),
        f.bo.clone(),
        f.cy.clone(),
        f.di.clone(),
        f.payer.clone(),
    );
    let everyone = [&ann, &bo, &cy, &di];
    // 999 over 100 shares: 499.5, 299.7, 199.8; whole units are claimable, the fractions
    // stay with their holders.
    s.distribute(&mut f.chain, &payer, 999).unwrap();
    assert_eq!(f.claimables(&everyone), vec![499, 299, 199, 0]);
    assert_eq!(f.check(), 2);
    // Ann sells half her shares to di: what they earned so far stays with her.
    s.transfer(&mut f.chain, &ann, &di, 25).unwrap();
    assert_eq!(f.claimables(&everyone), vec![499, 299, 199, 0]);
    f.check();
    // 1001 more: ann 499.5 + 250.25, di 250.25, bo 299.7 + 300.3, cy 199.8 + 200.2.
    s.distribute(&mut f.chain, &payer, 1_001).unwrap();
    assert_eq!(f.claimables(&everyone), vec![749, 600, 400, 250]);
    assert_eq!(
        f.check(),
        1,
        "ann's and di's quarters make the one unit left"
    );
    for (who, n) in [(&ann, 749), (&di, 250)] {
        assert_eq!(
            f.gain(who, |c, s| s.claim(c, who).map(drop).unwrap()),
            signed(n)
        );
        f.check();
    }
    // The quarters stay with ann and di; later distributions add to them.
    s.distribute(&mut f.chain, &payer, 100).unwrap();
    assert_eq!(f.claimables(&everyone), vec![25, 630, 420, 25]);
    assert_eq!(f.check(), 1);
}

#[test]
fn rounding_dust_goes_into_the_next_distribution() {
    // Fractions credited to holders: 7 over 50/30/20 is 3.5, 2.1 and 1.4.
    let mut f = flat(Issuance::Never);
    let (s, ann, bo, cy, payer) = (
        f.shares.clone(),
        f.ann.clone(),
        f.bo.clone(),
        f.cy.clone(),
        f.payer.clone(),
    );
    s.distribute(&mut f.chain, &payer, 7).unwrap();
    assert_eq!(f.claimables(&[&ann, &bo, &cy]), vec![3, 2, 1]);
    assert_eq!(f.check(), 1);
    s.distribute(&mut f.chain, &payer, 3).unwrap();
    assert_eq!(f.claimables(&[&ann, &bo, &cy]), vec![5, 3, 2]);
    assert_eq!(f.check(), 0);

    // 1 over 3 shares: the accumulator's scale is a multiple of the supply, so nothing is
    // carried; each holder's third waits as a fraction until it makes a unit.
    let mut c = Chain::new();
    let three = ["x", "y", "z"].map(|n| c.person(&format!("shares-{n}")));
    let founders: Vec<(AccountId32, Balance)> = three.iter().map(|w| (w.clone(), 1)).collect();
    let s = SharesRef::create(
        &mut c,
        &three[0],
        "Thirds",
        "T",
        &founders,
        Issuance::Never,
        RULES,
    )
    .unwrap();
    let mut t = Flat {
        base: c.free_balance(&s.addr),
        chain: c,
        ann: three[0].clone(),
        bo: three[1].clone(),
        cy: three[2].clone(),
        di: payer.clone(),
        payer: payer.clone(),
        watched: three.to_vec(),
        shares: s.clone(),
    };
    let payer = t.chain.person("shares-payer");
    s.distribute(&mut t.chain, &payer, 1).unwrap();
    let st = t.status();
    assert_eq!(
        st.carry, 0,
        "a fixed supply divides every distribution exactly"
    );
    assert_eq!(
        t.claimables(&[&three[0], &three[1], &three[2]]),
        vec![0, 0, 0]
    );
    assert_eq!(t.check(), 1);
    refuses!(
        t,
        s.claim(&mut t.chain, &three[0]),
        SharesError::NothingToClaim
    );
    // The next 2 make each holder's thirds one unit, exactly.
    s.distribute(&mut t.chain, &payer, 2).unwrap();
    assert_eq!(t.status().carry, 0);
    assert_eq!(
        t.claimables(&[&three[0], &three[1], &three[2]]),
        vec![1, 1, 1]
    );
    assert_eq!(t.check(), 0);
}

#[test]
fn a_motion_is_voted_with_the_shares_held_when_it_was_made() {
    let mut f = flat(Issuance::ByMotion);
    let (s, ann, bo, cy, di) = (
        f.shares.clone(),
        f.ann.clone(),
        f.bo.clone(),
        f.cy.clone(),
        f.di.clone(),
    );
    let made = f.chain.block_number();
    let paid = f.gain(&ann, |c, s| {
        let id = s.propose(c, &ann, b"sell the flat", Action::None, 100);
        assert_eq!(id, Ok(0));
    });
    assert_eq!(paid, -100, "the deposit");
    let ends = made + RULES.voting_period;
    let m: MotionMade = event(&f.chain, &s, 0);
    assert_eq!(
        m,
        MotionMade {
            id: 0,
            proposer: ink_id(&ann),
            action: Action::None,
            ends
        }
    );
    assert_eq!(f.status().deposits, 100);
    f.check();
    // Ann sells 20 shares after the motion was made: she still votes her 50, di none.
    s.transfer(&mut f.chain, &ann, &di, 20).unwrap();
    assert_eq!(s.voting_power(&mut f.chain, 0, &ann), Ok(50));
    assert_eq!(s.voting_power(&mut f.chain, 0, &di), Ok(0));
    refuses!(
        f,
        s.vote(&mut f.chain, &di, 0, true),
        SharesError::NoVotingPower
    );
    s.vote(&mut f.chain, &ann, 0, true).unwrap();
    let v: Voted = event(&f.chain, &s, 0);
    assert_eq!(
        v,
        Voted {
            id: 0,
            voter: ink_id(&ann),
            yes: true,
            weight: 50
        }
    );
    refuses!(
        f,
        s.vote(&mut f.chain, &ann, 0, false),
        SharesError::AlreadyVoted
    );
    // The 20 move on to bo, who still votes only the 30 he held.
    s.transfer(&mut f.chain, &di, &bo, 20).unwrap();
    assert_eq!(s.voting_power(&mut f.chain, 0, &bo), Ok(30));
    refuses!(
        f,
        s.vote(&mut f.chain, &di, 0, false),
        SharesError::NoVotingPower
    );
    refuses!(f, s.finish(&mut f.chain, &di, 0), SharesError::VotingOpen);
    // The last block of the period still votes and still cannot be finished.
    let now = f.chain.block_number();
    f.chain.advance_blocks(ends - now);
    s.vote(&mut f.chain, &cy, 0, false).unwrap();
    refuses!(f, s.finish(&mut f.chain, &di, 0), SharesError::VotingOpen);
    f.chain.advance_blocks(1);
    refuses!(
        f,
        s.vote(&mut f.chain, &bo, 0, true),
        SharesError::VotingClosed
    );
    // 70 of 100 voted (quorum 50), 50 yes of 70: passed, and ann's deposit comes back.
    let ann_before = f.chain.free_balance(&ann);
    assert_eq!(s.finish(&mut f.chain, &di, 0), Ok(MotionState::Passed));
    let fin: MotionFinished = event(&f.chain, &s, 0);
    assert_eq!(
        fin,
        MotionFinished {
            id: 0,
            state: MotionState::Passed,
            yes: 50,
            no: 20,
            refunded: 100
        }
    );
    assert_eq!(f.chain.free_balance(&ann), ann_before + 100);
    let m = f.motion(0);
    assert_eq!(
        (m.yes, m.no, m.supply, m.ends, m.state),
        (50, 20, 100, ends, MotionState::Passed)
    );
    assert_eq!(m.text, b"sell the flat".to_vec());
    assert_eq!(
        [&ann, &bo, &cy, &di].map(|w| s.voted(&mut f.chain, 0, w).unwrap()),
        [Some(true), None, Some(false), None]
    );
    let st = f.status();
    assert_eq!((st.deposits, st.pending, st.motions), (0, 0, 1));
    f.check();
    refuses!(
        f,
        s.finish(&mut f.chain, &di, 0),
        SharesError::AlreadyExecuted
    );
    refuses!(f, s.execute(&mut f.chain, &di, 0), SharesError::NoAction);
    refuses!(
        f,
        s.vote(&mut f.chain, &cy, 1, true),
        SharesError::UnknownMotion
    );
    refuses!(
        f,
        s.finish(&mut f.chain, &cy, 1),
        SharesError::UnknownMotion
    );
    refuses!(
        f,
        s.execute(&mut f.chain, &cy, 1),
        SharesError::UnknownMotion
    );
    assert_eq!(
        refusal(
            &SharesError::UnknownMotion,
            s.voting_power(&mut f.chain, 1, &cy)
        ),
        SharesError::UnknownMotion
    );
    assert_eq!(s.motion(&mut f.chain, 1), Ok(None));
}

#[test]
fn passed_motions_execute_their_action_once() {
    let mut f = flat(Issuance::ByMotion);
    let (s, ann, bo, cy, di, payer) = (
        f.shares.clone(),
        f.ann.clone(),
        f.bo.clone(),
        f.cy.clone(),
        f.di.clone(),
        f.payer.clone(),
    );
    s.fund_treasury(&mut f.chain, &payer, 500).unwrap();
    assert_eq!(f.status().treasury, 500);
    f.check();
    let to = ink_id(&di);
    let issue = Action::Issue { to, amount: 10 };
    let pay = Action::Pay { to, amount: 600 };
    let mut ids = Vec::new();
    for action in [issue, pay, Action::SetDeposit(5)] {
        ids.push(s.propose(&mut f.chain, &ann, b"", action, 100).unwrap());
    }
    // Bo's motion to lower the deposit to 1 reaches the quorum but not the majority.
    let lower = s
        .propose(
            &mut f.chain,
            &bo,
            b"cheaper motions",
            Action::SetDeposit(1),
            100,
        )
        .unwrap();
    assert_eq!((ids.clone(), lower), (vec![0, 1, 2], 3));
    for &id in &ids {
        s.vote(&mut f.chain, &ann, id, true).unwrap();
        s.vote(&mut f.chain, &bo, id, true).unwrap();
    }
    s.vote(&mut f.chain, &bo, lower, true).unwrap();
    s.vote(&mut f.chain, &ann, lower, false).unwrap();
    assert_eq!(f.status().deposits, 400);
    f.check();
    refuses!(
        f,
        s.execute(&mut f.chain, &cy, ids[0]),
        SharesError::NotPassed
    );
    f.close_voting(lower);
    let (ann_before, bo_before) = (f.chain.free_balance(&ann), f.chain.free_balance(&bo));
    for &id in &ids {
        assert_eq!(s.finish(&mut f.chain, &cy, id), Ok(MotionState::Passed));
    }
    assert_eq!(s.finish(&mut f.chain, &cy, lower), Ok(MotionState::Failed));
    // Every motion reached the quorum: every deposit went back, the failed one's too.
    assert_eq!(f.chain.free_balance(&ann), ann_before + 300);
    assert_eq!(f.chain.free_balance(&bo), bo_before + 100);
    f.check();
    refuses!(
        f,
        s.execute(&mut f.chain, &cy, lower),
        SharesError::NotPassed
    );

    // Issue: 10 new shares to di, once.
    s.execute(&mut f.chain, &cy, ids[0]).unwrap();
    let minted: Transfer = event(&f.chain, &s, 0);
    assert_eq!(
        minted,
        Transfer {
            from: None,
            to: Some(to),
            value: 10
        }
    );
    let done: MotionExecuted = event(&f.chain, &s, 1);
    assert_eq!(
        done,
        MotionExecuted {
            id: ids[0],
            action: issue
        }
    );
    assert_eq!(f.balance(&di), 10);
    assert_eq!(s.total_supply(&mut f.chain).unwrap(), 110);
    assert_eq!(f.motion(ids[0]).state, MotionState::Executed);
    refuses!(
        f,
        s.execute(&mut f.chain, &cy, ids[0]),
        SharesError::AlreadyExecuted
    );
    refuses!(
        f,
        s.finish(&mut f.chain, &cy, ids[0]),
        SharesError::AlreadyExecuted
    );

    // Pay: 600 out of a treasury of 500 is refused until it holds enough.
    refuses!(
        f,
        s.execute(&mut f.chain, &cy, ids[1]),
        SharesError::TreasuryShort
    );
    s.fund_treasury(&mut f.chain, &payer, 100).unwrap();
    let di_before = f.chain.free_balance(&di);
    s.execute(&mut f.chain, &cy, ids[1]).unwrap();
    assert_eq!(f.chain.free_balance(&di), di_before + 600);
    assert_eq!(f.status().treasury, 0);
    f.check();
    refuses!(
        f,
        s.execute(&mut f.chain, &cy, ids[1]),
        SharesError::AlreadyExecuted
    );

    // SetDeposit: later motions take 5.
    s.execute(&mut f.chain, &cy, ids[2]).unwrap();
    assert_eq!(f.status().rules.deposit, 5);
    refuses!(
        f,
        s.propose(&mut f.chain, &ann, b"", Action::None, 100),
        SharesError::WrongDeposit
    );
    assert_eq!(
        s.propose(&mut f.chain, &di, b"di's first", Action::None, 5),
        Ok(4)
    );
    // The issued shares take their part of distributions: 1100 over 110 shares.
    s.distribute(&mut f.chain, &payer, 1_100).unwrap();
    assert_eq!(
        f.claimables(&[&ann, &bo, &cy, &di]),
        vec![500, 300, 200, 100]
    );
    assert_eq!(f.check(), 0);
}

#[test]
fn malformed_motions_are_refused_when_made() {
    let mut f = flat(Issuance::ByMotion);
    let (s, ann, di) = (f.shares.clone(), f.ann.clone(), f.di.clone());
    for deposit in [0, 99, 101] {
        refuses!(
            f,
            s.propose(&mut f.chain, &ann, b"x", Action::None, deposit),
            SharesError::WrongDeposit
        );
    }
    let long = vec![b'a'; MAX_TEXT as usize + 1];
    refuses!(
        f,
        s.propose(&mut f.chain, &ann, &long, Action::None, 100),
        SharesError::TextTooLong
    );
    refuses!(
        f,
        s.propose(&mut f.chain, &di, b"x", Action::None, 100),
        SharesError::NoVotingPower
    );
    let to = ink_id(&di);
    for action in [
        Action::Issue { to, amount: 0 },
        Action::Pay { to, amount: 0 },
    ] {
        refuses!(
            f,
            s.propose(&mut f.chain, &ann, b"x", action, 100),
            SharesError::ZeroAmount
        );
    }
    // The longest text is accepted and kept whole.
    let longest = &long[1..];
    assert_eq!(
        s.propose(&mut f.chain, &ann, longest, Action::None, 100),
        Ok(0)
    );
    assert_eq!(f.motion(0).text, longest.to_vec());
    f.check();

    // Where the contract was created with a fixed supply, issuing is refused when proposed.
    let mut g = flat(Issuance::Never);
    let (s, ann, di) = (g.shares.clone(), g.ann.clone(), g.di.clone());
    let issue = Action::Issue {
        to: ink_id(&di),
        amount: 1,
    };
    refuses!(
        g,
        s.propose(&mut g.chain, &ann, b"more shares", issue, 100),
        SharesError::IssuanceForbidden
    );
    assert_eq!(g.status().motions, 0);
}

#[test]
fn a_deposit_without_quorum_goes_to_the_next_distribution() {
    let mut f = flat(Issuance::ByMotion);
    let (s, ann, bo, cy, payer) = (
        f.shares.clone(),
        f.ann.clone(),
        f.bo.clone(),
        f.cy.clone(),
        f.payer.clone(),
    );
    let id = s
        .propose(&mut f.chain, &bo, b"paint it pink", Action::None, 100)
        .unwrap();
    s.vote(&mut f.chain, &cy, id, true).unwrap(); // 20 of the 50 needed
    f.close_voting(id);
    let bo_before = f.chain.free_balance(&bo);
    assert_eq!(s.finish(&mut f.chain, &ann, id), Ok(MotionState::Failed));
    let fin: MotionFinished = event(&f.chain, &s, 0);
    assert_eq!(
        (fin.state, fin.yes, fin.refunded),
        (MotionState::Failed, 20, 0)
    );
    assert_eq!(
        f.chain.free_balance(&bo),
        bo_before,
        "the deposit is forfeited"
    );
    let st = f.status();
    assert_eq!((st.deposits, st.pending, st.distributed), (0, 100, 0));
    f.check();
    refuses!(f, s.execute(&mut f.chain, &ann, id), SharesError::NotPassed);
    // A distribution of nothing pays out the pending deposit.
    assert_eq!(s.distribute(&mut f.chain, &payer, 0), Ok(100));
    assert_eq!(f.claimables(&[&ann, &bo, &cy]), vec![50, 30, 20]);
    let st = f.status();
    assert_eq!((st.pending, st.distributed), (0, 100));
    assert_eq!(f.check(), 0);
    refuses!(
        f,
        s.distribute(&mut f.chain, &payer, 0),
        SharesError::ZeroAmount
    );
}

/// A group pool holds shares through its trust bank and receives distributions like any
/// holder: its part waits in the shares contract (the pool's books unchanged) until anyone
/// sends `claim_for(bank)`, which pays it into the bank's reserve, where the pool's settle-up
/// shares it among the members.
#[test]
fn a_group_pool_holds_shares_and_receives_distributions() {
    let mut f = flat(Issuance::ByMotion);
    let (s, ann, bo, cy, payer) = (
        f.shares.clone(),
        f.ann.clone(),
        f.bo.clone(),
        f.cy.clone(),
        f.payer.clone(),
    );
    let members: Vec<AccountId32> = (0..3)
        .map(|i| f.chain.person(&format!("shares-member{i}")))
        .collect();
    let config = PoolConfig::new(members.clone(), 2, 100, "GRP");
    let pool = f.chain.deploy_pool(&members[0], &config);
    pool.contribute(&mut f.chain, &members[1], 300).unwrap();
    let bank = pool.bank.addr.clone();
    let c = &mut f.chain;
    let plan = pool.settlement_plan(c).unwrap();
    let status = pool.status(c).unwrap();
    let native = (c.free_balance(&pool.addr), c.free_balance(&bank));

    // The group buys ann's 10 shares: the pool's bank holds them like anyone.
    s.transfer(&mut f.chain, &ann, &bank, 10).unwrap();
    f.watched.push(bank.clone());
    assert_eq!(f.balance(&bank), 10);
    s.distribute(&mut f.chain, &payer, 1_000).unwrap();
    assert_eq!(f.claimable(&bank), 100);
    assert_eq!(f.claimables(&[&ann, &bo, &cy]), vec![400, 300, 200]);
    assert_eq!(f.check(), 0);
    // Its part waits in the shares contract; the pool's books and settle-up are untouched.
    let c = &mut f.chain;
    assert_eq!(pool.settlement_plan(c).unwrap(), plan);
    assert_eq!(pool.status(c).unwrap(), status);
    assert_eq!((c.free_balance(&pool.addr), c.free_balance(&bank)), native);

    // A member sends the claim for the bank: the 100 land in the pool's reserve, and the
    // settle-up has 100 more to share.
    assert_eq!(
        s.claim_for(&mut f.chain, &members[2], &bank)
            .completed::<SharesError>(),
        Ok(100)
    );
    assert_eq!(f.check(), 0);
    let c = &mut f.chain;
    assert_eq!(c.free_balance(&bank), native.1 + 100);
    assert_eq!(pool.status(c).unwrap().reserve, status.reserve + 100);
    let after = pool.settlement_plan(c).unwrap();
    assert_eq!(after.distributable, plan.distributable + 100);
    // Nothing is left to claim for it, by anyone.
    refuses!(
        f,
        s.claim_for(&mut f.chain, &ann, &bank),
        SharesError::NothingToClaim
    );
}

/// Regression (found by these tests): a holder whose exact part of two distributions is a
/// whole unit was credited one unit less. Ann holds 2 of 3 shares for a distribution of 1
/// (2/3 of a unit) and 1 of 3 for the next distribution of 1 (1/3): her part is exactly 1.
/// With an accumulator of 10^-12 units per share the first distribution left a carry of one
/// 10^-12 unit, which the second paid per share *then* held, so ann, having sold, got
/// 0.999999999999. The accumulator's scale is now a multiple of the supply: every
/// distribution divides exactly, and ann can claim her unit.
#[test]
fn a_whole_unit_earned_across_a_sale_is_claimable() {
    let mut c = Chain::new();
    let [ann, bo, cy, payer] = ["ann", "bo", "cy", "payer"].map(|n| c.person(&format!("r-{n}")));
    let founders = [(ann.clone(), 2), (bo.clone(), 1)];
    let s = SharesRef::create(&mut c, &ann, "R", "R", &founders, Issuance::Never, RULES).unwrap();
    s.distribute(&mut c, &payer, 1).unwrap();
    s.transfer(&mut c, &ann, &cy, 1).unwrap();
    s.distribute(&mut c, &payer, 1).unwrap();
    assert_eq!(s.claimable(&mut c, &ann).unwrap(), 1, "2/3 + 1/3 of a unit");
}

/// A plain loop over holders: balances, and per holder both the exact part of every
/// distribution (a numerator over the supply) and the contract's documented rule (the
/// per-share step `(amount * scale + carry) / supply`, the remainder carried on, with `scale`
/// the smallest multiple of the supply at creation that is at least 10^12).
#[derive(Debug)]
struct Reference {
    balances: Vec<Balance>,
    supply: Balance,
    /// Units paid in times the supply, per holder: `exact[i] / supply` is its exact part.
    exact: Vec<Balance>,
    /// Credit per holder in `1 / scale` units, by the accumulator rule.
    credit: Vec<Balance>,
    scale: Balance,
    carry: Balance,
    claimed: Vec<Balance>,
    paid_in: Balance,
}

impl Reference {
    fn new(balances: Vec<Balance>) -> Self {
        let n = balances.len();
        let supply: Balance = balances.iter().sum();
        Self {
            scale: SCALE.div_ceil(supply) * supply,
            supply,
            balances,
            exact: vec![0; n],
            credit: vec![0; n],
            carry: 0,
            claimed: vec![0; n],
            paid_in: 0,
        }
    }

    fn distribute(&mut self, amount: Balance) {
        let total = amount * self.scale + self.carry;
        let step = total / self.supply;
        self.carry = total % self.supply;
        for i in 0..self.balances.len() {
            self.credit[i] += self.balances[i] * step;
            self.exact[i] += self.balances[i] * amount;
        }
        self.paid_in += amount;
    }

    fn claimable(&self, i: usize) -> Balance {
        self.credit[i] / self.scale - self.claimed[i]
    }

    /// The exact part in whole units, not yet claimed.
    fn exact_claimable(&self, i: usize) -> Balance {
        self.exact[i] / self.supply - self.claimed[i]
    }
}

#[derive(Debug, Clone)]
enum Op {
    Transfer(usize, usize, Balance),
    Distribute(Balance),
    Claim(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let who = 0..4usize;
    prop_oneof![
        4 => (who.clone(), who.clone(), 0..120u128).prop_map(|(a, b, n)| Op::Transfer(a, b, n)),
        3 => prop_oneof![1..2_000u128, 0..4u128].prop_map(Op::Distribute),
        2 => who.prop_map(Op::Claim),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Random transfers, distributions and claims among four holders on the contract: after
    /// every step each holder's claimable amount equals the plain loop's (by the documented
    /// accumulator rule, to the unit, with the same carry), and is exactly its pro-rata part
    /// of every distribution, rounded down; `paid in == claimed + Σ claimable + dust` with the dust
    /// below the number of holders; a claim pays what it reports; a refusal is typed,
    /// expected and changes nothing; the contract holds exactly what it owes.
    #[test]
    fn random_histories_keep_every_holders_part(
        start in proptest::collection::vec(0..100u128, 4),
        ops in proptest::collection::vec(op(), 10..=30),
    ) {
        let mut start = start;
        start[0] = start[0].max(1);
        let mut c = Chain::new();
        let holders: Vec<AccountId32> = (0..4).map(|i| c.person(&format!("prop-h{i}"))).collect();
        let payer = c.person("prop-payer");
        let founders: Vec<(AccountId32, Balance)> = holders
            .iter()
            .cloned()
            .zip(start.iter().copied())
            .filter(|(_, n)| *n > 0)
            .collect();
        let s = SharesRef::create(&mut c, &holders[0], "Prop", "PROP", &founders, Issuance::Never, RULES)
            .unwrap();
        let base = c.free_balance(&s.addr);
        let mut watched = holders.clone();
        watched.push(payer.clone());
        let mut r = Reference::new(start);
        for op in ops {
            let before = books(&mut c, &s, &watched);
            let refused = match op {
                Op::Transfer(a, b, n) => {
                    let got = s.transfer(&mut c, &holders[a], &holders[b], n).completed::<PSP22Error>();
                    if a != b && n > r.balances[a] {
                        prop_assert_eq!(got, Err(PSP22Error::InsufficientBalance));
                        true
                    } else {
                        // Moving nothing, or to oneself, does nothing (PSP22).
                        prop_assert_eq!(got, Ok(()));
                        if a != b {
                            r.balances[a] -= n;
                            r.balances[b] += n;
                        }
                        false
                    }
                }
                Op::Distribute(n) => {
                    let got = s.distribute(&mut c, &payer, n).completed::<SharesError>();
                    if n == 0 {
                        prop_assert_eq!(got, Err(SharesError::ZeroAmount));
                        true
                    } else {
                        prop_assert_eq!(got, Ok(n));
                        r.distribute(n);
                        false
                    }
                }
                Op::Claim(a) => {
                    let want = r.claimable(a);
                    let who = &holders[a];
                    let free = c.free_balance(who);
                    let got = s.claim(&mut c, who).completed::<SharesError>();
                    if want == 0 {
                        prop_assert_eq!(got, Err(SharesError::NothingToClaim));
                        true
                    } else {
                        prop_assert_eq!(got, Ok(want));
                        let deposit = c.last.storage_deposit;
                        prop_assert_eq!(signed(c.free_balance(who)) - signed(free) + deposit, signed(want));
                        r.claimed[a] += want;
                        false
                    }
                }
            };
            if refused {
                prop_assert_eq!(books(&mut c, &s, &watched), before, "a refusal changed state: {:?}", op);
            }
            let st = s.status(&mut c).unwrap();
            prop_assert_eq!((st.distributed, st.carry), (r.paid_in, r.carry));
            prop_assert_eq!(st.claimed, r.claimed.iter().sum::<Balance>());
            let mut owed = 0;
            for (i, who) in holders.iter().enumerate() {
                prop_assert_eq!(s.balance_of(&mut c, who).unwrap(), r.balances[i]);
                let claimable = s.claimable(&mut c, who).unwrap();
                prop_assert_eq!(claimable, r.claimable(i), "holder {}", i);
                prop_assert_eq!(
                    claimable, r.exact_claimable(i),
                    "holder {}: exact part {}/{}", i, r.exact[i], r.supply
                );
                owed += claimable;
            }
            let dust = st.distributed.checked_sub(st.claimed + owed);
            prop_assert!(matches!(dust, Some(d) if d <= holders.len() as Balance), "dust {:?}", dust);
            prop_assert_eq!(
                c.free_balance(&s.addr) - base,
                st.treasury + st.distributed - st.claimed + st.deposits + st.pending
            );
        }
    }
}
