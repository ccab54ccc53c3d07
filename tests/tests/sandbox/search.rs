//! The router's on-chain search: bounded by hops and by banks expanded, over live state.

use vouch_sandbox_tests::{Chain, ChainExt, Completed, RouterRef, TrustChain};
use vouch_traits::{Route, RouterError, Start};

/// `(from, to, amount, max hops, max nodes)`: a search from person `from` to person `to`.
type Ask = (usize, usize, u128, u32, u32);

/// `Router::find_route`; panics when the call does not return.
fn find(
    c: &mut Chain,
    t: &TrustChain,
    (from, to, amount, hops, nodes): Ask,
) -> Result<Route, RouterError> {
    let (payer, receiver) = (t.people[from].clone(), t.people[to].clone());
    RouterRef::at(t.router.clone())
        .find_route(c, &payer, &receiver, amount, hops, nodes)
        .completed()
}

/// `Router::pay`; panics when the call does not return.
fn pay(
    c: &mut Chain,
    t: &TrustChain,
    (from, to, amount, hops, nodes): Ask,
) -> Result<u128, RouterError> {
    let (payer, receiver) = (t.people[from].clone(), t.people[to].clone());
    RouterRef::at(t.router.clone())
        .pay(c, &payer, &receiver, amount, hops, nodes)
        .completed()
}

#[test]
fn finds_and_pays_a_route_within_the_caps() {
    let mut c = Chain::new();
    let t = TrustChain::new(&mut c, 5, 100, "s");
    let route = find(&mut c, &t, (0, 4, 60, 4, 8)).unwrap();
    assert_eq!(
        route,
        Route {
            amount: 60,
            start: Start::OwnBank,
            hops: t.issue_hops(0, 4)
        }
    );
    assert_eq!(pay(&mut c, &t, (0, 4, 60, 4, 8)), Ok(60));
    println!(
        "search + pay over 4 hops: ref_time {}",
        c.last.weight.ref_time()
    );
    assert_eq!(t.banks[3].balance_of(&mut c, &t.banks[4].addr).unwrap(), 60);
    // the lines have 40 left: a second payment of 60 has no route, and changes nothing
    assert_eq!(pay(&mut c, &t, (0, 4, 60, 4, 8)), Err(RouterError::NoRoute));
    assert_eq!(t.banks[3].balance_of(&mut c, &t.banks[4].addr).unwrap(), 60);
    assert_eq!(pay(&mut c, &t, (0, 4, 40, 4, 8)), Ok(40));
}

#[test]
fn reports_no_route_beyond_the_hop_cap() {
    let mut c = Chain::new();
    let t = TrustChain::new(&mut c, 5, 100, "h");
    assert_eq!(
        find(&mut c, &t, (0, 4, 1, 3, 64)),
        Err(RouterError::NoRoute)
    );
    assert!(find(&mut c, &t, (0, 4, 1, 4, 64)).is_ok());
    // against the direction of trust there is no route at all
    assert_eq!(
        find(&mut c, &t, (4, 0, 1, 16, 64)),
        Err(RouterError::NoRoute)
    );
}

#[test]
fn never_expands_more_banks_than_its_node_cap() {
    // The payer's bank trusts 6 decoy banks before the one that leads on; breadth-first, the
    // search must expand the payer's bank and all 6 decoys before the real next bank.
    let mut c = Chain::new();
    let t = TrustChain::new(&mut c, 3, 100, "w");
    let (p0, b0) = (t.people[0].clone(), t.banks[0].clone());
    // re-order: the decoys must appear in bank 0's lines before bank 1, so rebuild bank 0's
    // lines on a fresh payer bank
    let payer = c.person("wide-payer");
    let pb = c.deploy_bank(&payer, "WIDE");
    pb.set_router(&mut c, &payer, &t.router, true).unwrap();
    c.register(&t.router, &payer, &pb.addr).unwrap();
    for k in 0..6 {
        let d = c.person(&format!("decoy{k}"));
        let db = c.deploy_bank(&d, &format!("D{k}"));
        pb.set_limit(&mut c, &payer, &db.addr, 100).unwrap();
        db.trust(&mut c, &d, &pb, 100).unwrap();
    }
    pb.set_limit(&mut c, &payer, &b0.addr, 100).unwrap();
    b0.trust(&mut c, &p0, &pb, 100).unwrap();
    let to = t.people[2].clone();
    // path: payer bank -> b0 -> b1 -> b2: expands payer bank, 6 decoys, b0, b1 = 9 nodes
    let ask = |c: &mut Chain, nodes: u32| -> Result<Route, RouterError> {
        RouterRef::at(t.router.clone())
            .find_route(c, &payer, &to, 10, 16, nodes)
            .completed()
    };
    assert_eq!(ask(&mut c, 8), Err(RouterError::NoRoute));
    let route = ask(&mut c, 9).unwrap();
    assert_eq!(route.hops.len(), 3);
    for cap in [1u32, 4, 9, 64] {
        let _ = ask(&mut c, cap);
        println!(
            "search with node cap {cap} over a fan-out of 7: ref_time {}",
            c.last.weight.ref_time()
        );
    }
}

#[test]
fn bad_search_caps_are_refused_and_zero_means_default() {
    let mut c = Chain::new();
    let t = TrustChain::new(&mut c, 2, 100, "b");
    // 0 picks the router's defaults
    assert_eq!(
        find(&mut c, &t, (0, 1, 1, 0, 0)).map(|r| r.hops.len()),
        Ok(1)
    );
    assert_eq!(
        find(&mut c, &t, (0, 1, 1, 17, 8)),
        Err(RouterError::BadSearchCap)
    );
    assert_eq!(
        find(&mut c, &t, (0, 1, 1, 4, 65)),
        Err(RouterError::BadSearchCap)
    );
    assert_eq!(
        find(&mut c, &t, (0, 1, 0, 4, 8)),
        Err(RouterError::ZeroAmount)
    );
    assert_eq!(
        find(&mut c, &t, (0, 0, 1, 4, 8)),
        Err(RouterError::SelfPayment)
    );
}
