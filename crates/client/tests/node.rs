//! The typed client against a live pallet-contracts node (substrate-contracts-node 0.42, a
//! development chain): `VOUCH_NODE_URL=ws://127.0.0.1:9944 cargo test -p vouch-client --test
//! node -- --nocapture`. Without `VOUCH_NODE_URL` the test says so and passes without
//! touching anything.
//!
//! Carol and Erin are strangers; Dave trusts Carol's bank and Erin trusts Dave's. The
//! pathfinder reads the trust graph from the node and Carol pays Erin over two hops through
//! the router; Erin's bank collects Dave's notes from Dave's reserve; a person redeems; a
//! payment over the lines' room is refused by the dry run, sends nothing and changes
//! nothing. A pool and a loan deploy (a nested instantiation, a payable constructor) and the
//! loan runs to its last claim.

use std::time::{SystemTime, UNIX_EPOCH};
use vouch_client::graph::TrustGraph;
use vouch_client::{AccountId32, BankRef, CallError, Ledger, Node, Receipt, Refusal, RouterRef};
use vouch_pathfinder::{find_routes, Limits};
use vouch_traits::{Balance, BankError, Line, RouterError};

fn node() -> Option<Node> {
    let Some(url) = std::env::var_os("VOUCH_NODE_URL") else {
        println!("skipped: set VOUCH_NODE_URL (e.g. ws://127.0.0.1:9944) to run against a node");
        return None;
    };
    let url = url.to_string_lossy().into_owned();
    Some(Node::connect(&url).unwrap_or_else(|e| panic!("{e}")))
}

/// A transaction's receipt: included in a block, a fee paid, weight used.
#[track_caller]
fn sent(what: &str, r: &Receipt) {
    let (Some(block), Some(fee)) = (r.block_number, r.fee) else {
        panic!("{what}: no block or fee in {r:?}");
    };
    assert!(r.block_hash.is_some(), "{what}: no block hash");
    assert!(fee > 0, "{what}: no fee");
    assert!(r.weight.ref_time() > 0 && r.weight.proof_size() > 0);
    assert!(!r.reverted);
    println!(
        "{what:<40} block #{block:<6} ref_time {:>13} proof {:>7} B fee {fee}",
        r.weight.ref_time(),
        r.weight.proof_size()
    );
}

fn lines(node: &mut Node, banks: &[&BankRef]) -> Vec<Vec<(AccountId32, Line)>> {
    banks.iter().map(|b| b.all_lines(node).unwrap()).collect()
}

#[test]
fn strangers_pay_over_two_hops_on_a_live_node() {
    let Some(mut node) = node() else { return };
    assert!(
        node.is_development(),
        "the live test needs a development chain (names are dev keys), not {:?}",
        node.chain_name()
    );
    // Fresh names each run: the same chain may have seen earlier runs.
    let run = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis()
        % 1_000_000_000;
    let name = |n: &str| format!("{n}-{run}");
    let carol = node.person(&name("carol")).unwrap();
    let dave = node.person(&name("dave")).unwrap();
    let erin = node.person(&name("erin")).unwrap();
    let ann = node.person(&name("ann")).unwrap();
    assert!(
        node.free_balance(&carol).unwrap() > 0,
        "funded on first use"
    );

    let admin = node.person(&name("admin")).unwrap();
    let router = RouterRef::deploy(&mut node, &admin).unwrap();
    sent("deploy the router", node.receipt());
    let mut banks = Vec::new();
    for (who, sym) in [(&carol, "CAROL"), (&dave, "DAVE"), (&erin, "ERIN")] {
        let bank = BankRef::deploy(&mut node, who, &format!("{sym} notes"), sym).unwrap();
        sent(&format!("deploy {sym}'s bank"), node.receipt());
        bank.set_router(&mut node, who, &router.addr, true).unwrap();
        router.register(&mut node, who, &bank.addr).unwrap();
        sent("register a bank", node.receipt());
        banks.push(bank);
    }
    let (cb, db, eb) = (&banks[0], &banks[1], &banks[2]);
    assert_eq!(
        router.bank_of(&mut node, &dave).unwrap(),
        Some(db.addr.clone())
    );
    assert_eq!(
        cb.token_symbol(&mut node).unwrap().as_deref(),
        Some("CAROL")
    );

    // Dave's bank may hold 100 Carol notes and wants to; Erin's likewise of Dave's.
    cb.set_limit(&mut node, &carol, &db.addr, 100).unwrap();
    sent("set a limit", node.receipt());
    db.trust(&mut node, &dave, cb, 100).unwrap();
    db.set_limit(&mut node, &dave, &eb.addr, 100).unwrap();
    eb.trust(&mut node, &erin, db, 100).unwrap();
    sent("trust a bank", node.receipt());

    // The pathfinder's graph, read from the node through the same views.
    let addrs: Vec<AccountId32> = banks.iter().map(|b| b.addr.clone()).collect();
    let graph = TrustGraph::load(&mut node, addrs.clone()).unwrap();
    let (src, dst) = (graph.node(&cb.addr).unwrap(), graph.node(&eb.addr).unwrap());
    let plan = find_routes(&graph.graph, src, dst, Some(40), Limits::default());
    let routes = graph.to_routes(src, &plan);
    assert_eq!(routes.len(), 1);
    assert_eq!(routes[0].hops.len(), 2, "carol -> dave -> erin");
    // The quote is what the route could carry now: its tightest line's room.
    assert_eq!(
        router
            .quote(&mut node, &carol, &erin, routes.clone())
            .unwrap(),
        vec![100]
    );
    let paid = router
        .pay_along(&mut node, &carol, &erin, routes.clone(), 40, 40, u64::MAX)
        .unwrap();
    assert_eq!(paid, 40);
    let r = node.receipt().clone();
    sent("pay 40 over 2 hops (pay_along)", &r);
    assert!(!r.events.is_empty(), "the payment emits events");
    assert!(r.events.iter().any(|(c, _, _)| *c == router.addr));
    assert_eq!(cb.line(&mut node, &db.addr).unwrap().held, 40);
    assert_eq!(db.line(&mut node, &eb.addr).unwrap().held, 40);
    assert_eq!(eb.balance_of(&mut node, &eb.addr).unwrap(), 0);
    assert_eq!(db.balance_of(&mut node, &eb.addr).unwrap(), 40);

    // The router's own search pays the next 10.
    assert_eq!(router.pay(&mut node, &carol, &erin, 10, 4, 16).unwrap(), 10);
    sent("pay 10 over 2 hops (pay, on-chain search)", node.receipt());
    assert_eq!(db.line(&mut node, &eb.addr).unwrap().held, 50);

    // A payment beyond the lines' room: the dry run refuses it, nothing is sent.
    let before = lines(&mut node, &[cb, db, eb]);
    let block = node.block_number().unwrap();
    let carol_native = node.free_balance(&carol).unwrap();
    let mut too_much = routes.clone();
    too_much[0].amount = 51;
    let refused = router.pay_along(&mut node, &carol, &erin, too_much, 51, 51, u64::MAX);
    assert!(
        matches!(
            refused,
            Err(CallError::Refused(Refusal::Router(
                RouterError::HopFailed {
                    error: BankError::NoCapacity,
                    ..
                }
            )))
        ),
        "{refused:?}"
    );
    let r = node.receipt().clone();
    assert!(r.reverted && r.block_number.is_none() && r.fee.is_none());
    assert_eq!(
        node.block_number().unwrap(),
        block,
        "no block for a refusal"
    );
    assert_eq!(node.free_balance(&carol).unwrap(), carol_native, "no fee");
    assert_eq!(lines(&mut node, &[cb, db, eb]), before);

    // Erin's bank collects 10 of Dave's notes from Dave's reserve.
    db.deposit(&mut node, &dave, 1_000).unwrap();
    sent("deposit 1,000", node.receipt());
    eb.collect(&mut node, &erin, db, 10).unwrap();
    sent("collect 10", node.receipt());
    assert_eq!(db.status(&mut node).unwrap().reserve, 990);
    assert_eq!(eb.status(&mut node).unwrap().reserve, 10);
    assert_eq!(db.line(&mut node, &eb.addr).unwrap().held, 40);

    // A person: Dave grants Ann a budget, Ann hands some to Erin herself (a PSP22 transfer),
    // and Erin redeems them from Dave's reserve.
    db.set_limit(&mut node, &dave, &ann, 100).unwrap();
    db.set_willing(&mut node, &ann, 100).unwrap();
    db.grant(&mut node, &dave, &ann, 60).unwrap();
    db.set_limit(&mut node, &dave, &erin, 100).unwrap();
    db.set_willing(&mut node, &erin, 100).unwrap();
    db.transfer(&mut node, &ann, &erin, 25).unwrap();
    sent("PSP22 transfer of 25", node.receipt());
    let native = node.free_balance(&erin).unwrap();
    db.redeem(&mut node, &erin, 25).unwrap();
    let r = node.receipt().clone();
    sent("redeem 25", &r);
    let fee = r.fee.unwrap_or_default();
    assert_eq!(
        node.free_balance(&erin).unwrap(),
        native.saturating_add(25).saturating_sub(fee)
    );
    assert_eq!(db.balance_of(&mut node, &erin).unwrap(), 0);
    assert_eq!(db.status(&mut node).unwrap().reserve, 965);

    // Refusals come back decoded, without a transaction.
    let block = node.block_number().unwrap();
    assert_eq!(
        db.redeem(&mut node, &erin, 1),
        Err(BankError::InsufficientNotes.into())
    );
    assert_eq!(
        db.withdraw(&mut node, &erin, 1),
        Err(BankError::NotOwner.into())
    );
    assert_eq!(node.block_number().unwrap(), block);
    let outstanding: Balance = db.total_supply(&mut node).unwrap();
    assert_eq!(outstanding, 40 + 35);
}

/// Constructors that do more than store: a pool's instantiates the pool's own bank (two
/// `Instantiated` events in one extrinsic, the nested one first), a loan's is payable (its
/// collateral). Then the loan runs: funded, drawn, repaid, claimed.
#[test]
fn a_pool_and_a_loan_deploy_and_run_on_a_live_node() {
    use vouch_client::{LoanRef, PoolConfig, PoolRef};
    use vouch_traits::loan::{Asset, Phase, Terms};
    let Some(mut node) = node() else { return };
    let run = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis()
        % 1_000_000_000;
    let name = |n: &str| format!("{n}-{run}");
    let (ann, bo) = (
        node.person(&name("pool-ann")).unwrap(),
        node.person(&name("pool-bo")).unwrap(),
    );
    let config = PoolConfig::new(vec![ann.clone(), bo.clone()], 2, 100, "TRIP");
    let pool = PoolRef::deploy(&mut node, &ann, &config).unwrap();
    sent("deploy a pool (and its bank)", node.receipt());
    assert_eq!(pool.status(&mut node).unwrap().members, 2);
    assert_ne!(pool.addr, pool.bank.addr);

    const UNIT: Balance = 1_000_000_000_000;
    let now = node.block_number().unwrap();
    let terms = Terms {
        asset: Asset::Native,
        principal: 10 * UNIT,
        owed: 11 * UNIT,
        deadline: now.saturating_add(100),
        due: now.saturating_add(200),
        grace: 10,
    };
    let loan = LoanRef::create(&mut node, &ann, terms, 3 * UNIT).unwrap();
    sent("offer a loan (collateral sent)", node.receipt());
    assert_eq!(loan.status(&mut node).unwrap().collateral, 3 * UNIT);
    loan.fund(&mut node, &bo, 10 * UNIT).unwrap();
    sent("fund a loan", node.receipt());
    loan.draw(&mut node, &ann).unwrap();
    loan.repay(&mut node, &ann, 11 * UNIT).unwrap();
    sent("repay a loan", node.receipt());
    assert_eq!(loan.status(&mut node).unwrap().phase, Phase::Repaid);
    assert_eq!(loan.claim(&mut node, &bo).unwrap(), (11 * UNIT, 0));
    assert_eq!(loan.reclaim_collateral(&mut node, &ann).unwrap(), 3 * UNIT);
}
