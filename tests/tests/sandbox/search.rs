//! The router's on-chain search: bounded by hops and by banks expanded, over live state.

use vouch_sandbox_tests::{CallError, Chain, ChainExt, Completed, RouterRef, TrustChain};
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

#[test]
fn lines_nobody_consented_to_cannot_hide_a_bank_s_real_lines() {
    // Issue 12: anyone may say it is willing to hold a bank's notes, and that used to put it
    // in the bank's index; 64 such strangers pushed the owner's real line off the page the
    // search reads, so `find_route` and `pay` answered NoRoute. A line now enters the index
    // only when the owner extends it a limit.
    let mut c = Chain::new();
    let t = TrustChain::new(&mut c, 3, 100, "j");
    let payer = c.person("junk-payer");
    let pb = c.deploy_bank(&payer, "JUNK");
    pb.set_router(&mut c, &payer, &t.router, true).unwrap();
    c.register(&t.router, &payer, &pb.addr).unwrap();
    for k in 0..vouch_traits::traits::MAX_PAGE {
        let stranger = c.person(&format!("junk{k}"));
        pb.set_willing(&mut c, &stranger, k.into()).unwrap();
    }
    // the strangers' willingness is on record, but not one of them is a counterparty yet
    let j7 = c.person("junk7");
    assert_eq!(pb.line(&mut c, &j7).unwrap().willing, 7);
    assert_eq!(pb.status(&mut c).unwrap().counterparties, 0);
    assert!(pb.lines(&mut c, 0, 64).unwrap().is_empty());
    let (p0, b0) = (t.people[0].clone(), t.banks[0].clone());
    pb.set_limit(&mut c, &payer, &b0.addr, 100).unwrap();
    b0.trust(&mut c, &p0, &pb, 100).unwrap();
    assert_eq!(pb.status(&mut c).unwrap().counterparties, 1);
    let to = t.people[2].clone();
    let router = RouterRef::at(t.router.clone());
    let route: Result<Route, RouterError> =
        router.find_route(&mut c, &payer, &to, 10, 0, 0).completed();
    assert_eq!(route.map(|r| r.hops.len()), Ok(3));
    let paid: Result<u128, RouterError> = router.pay(&mut c, &payer, &to, 10, 0, 0).completed();
    assert_eq!(paid, Ok(10));
    // a stranger's line becomes a counterparty once the owner extends it a limit
    let j3 = c.person("junk3");
    pb.set_limit(&mut c, &payer, &j3, 5).unwrap();
    let page = pb.lines(&mut c, 0, 64).unwrap();
    assert_eq!(page.len(), 2);
    assert_eq!(page[1].0, vouch_client::ink_id(&j3));
    assert_eq!((page[1].1.limit, page[1].1.willing), (5, 3));
    // taking the limit back keeps the line where it was in the index, not twice
    pb.set_limit(&mut c, &payer, &j3, 0).unwrap();
    pb.set_limit(&mut c, &payer, &j3, 9).unwrap();
    assert_eq!(pb.status(&mut c).unwrap().counterparties, 2);
}

#[test]
fn the_dearest_expansion_stays_within_its_documented_cost() {
    // A hub whose first page lists 64 allowlisted banks with room, none of which leads to the
    // receiver: the dearest bank to expand, and, with the largest caps, more banks than one
    // call's gas can expand.
    let mut c = Chain::new();
    let t = TrustChain::new(&mut c, 2, 100, "g");
    let hub_owner = c.person("hub");
    let hub = c.deploy_bank(&hub_owner, "HUB");
    hub.set_router(&mut c, &hub_owner, &t.router, true).unwrap();
    c.register(&t.router, &hub_owner, &hub.addr).unwrap();
    let mut spokes = Vec::new();
    for k in 0..vouch_traits::traits::MAX_PAGE {
        let p = c.person(&format!("spoke{k}"));
        let b = c.deploy_bank(&p, &format!("S{k}"));
        hub.set_limit(&mut c, &hub_owner, &b.addr, 100).unwrap();
        b.trust(&mut c, &p, &hub, 100).unwrap();
        spokes.push((p, b));
    }
    // each of the first spokes lists every other spoke too, so expanding one costs like the hub
    for (i, (p, b)) in spokes.iter().enumerate().take(8) {
        for (j, (_, other)) in spokes.iter().enumerate() {
            if i != j {
                b.set_limit(&mut c, p, &other.addr, 100).unwrap();
            }
        }
    }
    let to = t.people[1].clone();
    let router = RouterRef::at(t.router.clone());
    assert_eq!(
        router
            .find_route(&mut c, &hub_owner, &to, 10, 1, 1)
            .completed(),
        Err::<Route, _>(RouterError::NoRoute)
    );
    let one = c.last.weight.ref_time();
    println!("expanding a bank with a full page of allowlisted banks: ref_time {one}");
    assert!(
        one < vouch_traits::router::SEARCH_EXPANSION_REF_TIME,
        "one expansion ({one}) must stay below the documented SEARCH_EXPANSION_REF_TIME"
    );
    // the largest caps need more than one call's gas here: the call fails as a whole
    let ledger = |c: &mut Chain| -> Vec<u128> {
        spokes
            .iter()
            .take(8)
            .map(|(_, b)| hub.balance_of(c, &b.addr).unwrap())
            .collect()
    };
    let before = ledger(&mut c);
    let outcome = router.pay(&mut c, &hub_owner, &to, 10, 16, 64);
    assert!(
        matches!(outcome, Err(CallError::Trapped(_))),
        "the largest caps over a dense hub: {outcome:?}"
    );
    println!(
        "largest-caps pay over the hub: ran out of gas after ref_time {}",
        c.last.weight.ref_time()
    );
    assert_eq!(ledger(&mut c), before, "a call out of gas changes nothing");
    // the smallest caps that reach no further still answer
    assert_eq!(
        router
            .find_route(&mut c, &hub_owner, &to, 10, 2, 4)
            .completed(),
        Err::<Route, _>(RouterError::NoRoute)
    );
    println!(
        "search over the hub and 3 dense spokes: ref_time {}",
        c.last.weight.ref_time()
    );
}
