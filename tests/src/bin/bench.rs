//! `scripts/bench`: measures what calls cost in the sandbox (pallet-contracts weights) and
//! prints a table; also writes `target/bench/costs.json` so runs can be compared. It reports;
//! it never fails on a number.

use serde_json::json;
use std::path::PathBuf;
use vouch_sandbox_tests::ink_sandbox::Weight;
use vouch_sandbox_tests::AccountId32;
use vouch_sandbox_tests::{
    contracts_dir, ink_id, Chain, ChainExt, Completed, PoolConfig, RouterRef, TrustChain,
};
use vouch_traits::pool::ProposalKind;
use vouch_traits::{Route, Settle, Start};

fn w(weight: Weight) -> serde_json::Value {
    json!({"ref_time": weight.ref_time(), "proof_size": weight.proof_size()})
}

/// What each pool operation costs, on a pool of five members with a threshold of three.
fn pool_costs(c: &mut Chain) -> Vec<(&'static str, Weight)> {
    let members: Vec<_> = (0..5).map(|i| c.person(&format!("pool-m{i}"))).collect();
    let mut rows = Vec::new();
    let pool = c.deploy_pool(
        &members[0],
        &PoolConfig::new(members.clone(), 3, 1_000, "TRIP"),
    );
    rows.push(("pool: deploy (5 members, own bank)", c.last.weight));
    for m in &members {
        pool.bank.set_willing(c, m, u128::MAX).unwrap();
        pool.contribute(c, m, 1_000).unwrap();
    }
    rows.push(("pool: contribute", c.last.weight));
    for m in &members {
        pool.allow(c, &members[0], m, 500).unwrap();
    }
    rows.push(("pool: allow", c.last.weight));
    pool.bank
        .transfer(c, &members[1], &members[2], 100)
        .unwrap();
    pool.bank
        .transfer(c, &members[1], &members[2], 100)
        .unwrap();
    rows.push(("pool notes: psp22_transfer", c.last.weight));
    let reup = ProposalKind::ReUp {
        member: ink_id(&members[1]),
        amount: 100,
    };
    let id = pool.propose(c, &members[1], reup).unwrap();
    rows.push(("pool: propose (pending)", c.last.weight));
    pool.approve(c, &members[2], id).unwrap();
    rows.push(("pool: approve (pending)", c.last.weight));
    pool.approve(c, &members[3], id).unwrap();
    rows.push(("pool: approve (executes a re-up)", c.last.weight));
    pool.settlement_plan(c).unwrap();
    rows.push(("pool: settlement_plan (view)", c.last.weight));
    pool.who_owes_whom(c).unwrap();
    rows.push(("pool: who_owes_whom (view)", c.last.weight));
    let id = pool.propose(c, &members[0], ProposalKind::Close).unwrap();
    pool.approve(c, &members[1], id).unwrap();
    pool.approve(c, &members[2], id).unwrap();
    rows.push(("pool: approve (executes close, 5 payouts)", c.last.weight));
    rows
}

/// What each loan and tracker operation costs, on a native loan of three lenders.
fn loan_costs(c: &mut Chain) -> Vec<(&'static str, Weight)> {
    use vouch_sandbox_tests::{LoanRef, TrackerRef};
    use vouch_traits::loan::{Asset, Terms};
    let people: Vec<_> = (0..5).map(|i| c.person(&format!("loan-p{i}"))).collect();
    let (borrower, l) = (&people[0], &people[1..]);
    let now = c.block_number();
    let terms = Terms {
        asset: Asset::Native,
        principal: 900,
        owed: 990,
        deadline: now.saturating_add(30),
        due: now.saturating_add(60),
        grace: 5,
    };
    let mut rows = Vec::new();
    let loan = LoanRef::create(c, borrower, terms, 300).unwrap();
    rows.push(("loan: create (collateral locked)", c.last.weight));
    let tracker = TrackerRef::deploy(c, &people[4]).unwrap();
    rows.push(("tracker: deploy", c.last.weight));
    tracker.list(c, &people[4], &loan.addr, "vouched").unwrap();
    rows.push(("tracker: list (checks the code hash)", c.last.weight));
    loan.fund(c, &l[0], 450).unwrap();
    rows.push(("loan: fund (first slices)", c.last.weight));
    loan.fund(c, &l[1], 300).unwrap();
    loan.fund(c, &l[2], 150).unwrap();
    rows.push(("loan: fund (completes the principal)", c.last.weight));
    loan.draw(c, borrower).unwrap();
    rows.push(("loan: draw", c.last.weight));
    loan.repay(c, borrower, 495).unwrap();
    rows.push(("loan: repay", c.last.weight));
    loan.accept(c, &l[3], 500).unwrap();
    rows.push(("loan: accept", c.last.weight));
    loan.transfer(c, &l[0], &l[3], 25).unwrap();
    rows.push(("loan: transfer (settles both)", c.last.weight));
    let id = loan.offer(c, &l[0], 100, 110).unwrap();
    rows.push(("loan: offer", c.last.weight));
    loan.buy(c, &l[3], id).unwrap();
    rows.push(("loan: buy (pays the seller)", c.last.weight));
    let bid = loan.bid(c, &l[3], 50, 52).unwrap();
    rows.push(("loan: bid (holds the price)", c.last.weight));
    loan.sell(c, &l[1], bid).unwrap();
    rows.push(("loan: sell (into a bid)", c.last.weight));
    loan.claim(c, &l[0]).unwrap();
    rows.push(("loan: claim", c.last.weight));
    loan.repay(c, borrower, 495).unwrap();
    loan.reclaim_collateral(c, borrower).unwrap();
    rows.push(("loan: reclaim_collateral", c.last.weight));
    loan.status(c).unwrap();
    rows.push(("loan: status (view)", c.last.weight));
    // A second loan, defaulted.
    let now = c.block_number();
    let t2 = Terms {
        deadline: now.saturating_add(2),
        due: now.saturating_add(3),
        grace: 0,
        ..terms
    };
    let second = LoanRef::create(c, borrower, t2, 300).unwrap();
    second.fund(c, &l[0], 900).unwrap();
    second.draw(c, borrower).unwrap();
    c.advance_blocks(5);
    second.mark_default(c, &l[1]).unwrap();
    rows.push(("loan: mark_default", c.last.weight));
    second.claim(c, &l[0]).unwrap();
    rows.push(("loan: claim (with collateral)", c.last.weight));
    rows
}

/// What shares operations cost with `holders` distinct holders (at least 6): the contract is
/// created with up to 16 founders (the cap), one fewer than the holders, and the first founder
/// gives one share to each further account.
/// Every measured call is made by founders, on holders that already exist, so the figures at
/// 10 and at 1,000 holders compare like with like (names of one length too: comparing two
/// accounts costs more the later their bytes differ).
fn shares_costs(c: &mut Chain, holders: usize) -> Vec<(&'static str, Weight)> {
    use vouch_sandbox_tests::{account, SharesRef};
    use vouch_traits::shares::{Action, Issuance, Rules, MAX_FOUNDERS};
    let cap = usize::try_from(MAX_FOUNDERS).unwrap_or(16);
    let f: Vec<_> = (0..holders.saturating_sub(1).min(cap))
        .map(|i| c.person(&format!("s{holders:04}-f{i}")))
        .collect();
    let payer = c.person(&format!("s{holders:04}-payer"));
    let rules = Rules {
        voting_period: 100,
        quorum_bps: 5_000,
        pass_bps: 5_001,
        deposit: 1_000,
    };
    // The same supply (200,000) and the same balances for the founders measured (10,000
    // each) at every size: the accumulator's arithmetic then works on the same numbers.
    let rest = 10_000u128.saturating_mul(u128::try_from(f.len()).unwrap_or(0).saturating_sub(1));
    let founders: Vec<_> = f
        .iter()
        .enumerate()
        .map(|(i, who)| {
            (
                who.clone(),
                if i == 0 {
                    200_000u128.saturating_sub(rest)
                } else {
                    10_000
                },
            )
        })
        .collect();
    let shares = SharesRef::create(
        c,
        &f[0],
        "Bench",
        "BENCH",
        &founders,
        Issuance::ByMotion,
        rules,
    )
    .unwrap();
    let mut rows = vec![("shares: create (9 | 16 founders)", c.last.weight)];
    for i in f.len()..holders {
        shares
            .transfer(c, &f[0], &account(&format!("s{holders:04}-h{i}")), 1)
            .unwrap();
    }
    rows.push(("shares: transfer (to a new holder)", c.last.weight));
    shares.distribute(c, &payer, 1_000_000).unwrap();
    rows.push(("shares: distribute", c.last.weight));
    shares.transfer(c, &f[1], &f[2], 5).unwrap();
    rows.push(("shares: transfer (settles both)", c.last.weight));
    shares.claim(c, &f[1]).unwrap();
    rows.push(("shares: claim", c.last.weight));
    let id = shares
        .propose(c, &f[0], &[7u8; 64], Action::None, 1_000)
        .unwrap();
    rows.push(("shares: propose (a motion)", c.last.weight));
    shares.vote(c, &f[3], id, true).unwrap();
    rows.push(("shares: vote", c.last.weight));
    shares.transfer(c, &f[1], &f[4], 5).unwrap();
    rows.push(("shares: transfer (writes 2 checkpoints)", c.last.weight));
    shares.vote(c, &f[1], id, true).unwrap();
    rows.push(("shares: vote (reads a checkpoint)", c.last.weight));
    rows
}

/// A payment of `routes` disjoint routes of `hops` hops each from one payer's bank to one
/// receiver's bank (every bank on the way distinct), on its own router: the routes, payer
/// and receiver. Every line has room for many payments.
fn fan(
    c: &mut Chain,
    routes: usize,
    hops: usize,
    prefix: &str,
) -> (AccountId32, AccountId32, AccountId32, Vec<Route>) {
    let admin = c.person(&format!("{prefix}-admin"));
    let router = c.deploy_router(&admin);
    let bank = |c: &mut Chain, name: String| {
        let p = c.person(&name);
        let b = c.deploy_bank(&p, "FAN");
        b.set_router(c, &p, &router, true)
            .expect("owner authorises");
        c.register(&router, &p, &b.addr).expect("registers");
        (p, b)
    };
    let link = |c: &mut Chain,
                from: &(AccountId32, vouch_sandbox_tests::BankRef),
                to: &(AccountId32, vouch_sandbox_tests::BankRef)| {
        from.1
            .set_limit(c, &from.0, &to.1.addr, 1_000_000)
            .expect("limit");
        to.1.trust(c, &to.0, &from.1, 1_000_000).expect("trust");
    };
    let payer = bank(c, format!("{prefix}-payer"));
    let receiver = bank(c, format!("{prefix}-receiver"));
    let mut out = Vec::new();
    for r in 0..routes {
        let mut prev = (payer.0.clone(), payer.1.clone());
        let mut route_hops = Vec::new();
        for h in 1..hops {
            let next = bank(c, format!("{prefix}-{r}-{h}"));
            link(c, &prev, &next);
            route_hops.push(vouch_traits::Hop {
                to: next.1.id(),
                settle: Settle::Issue,
            });
            prev = next;
        }
        link(c, &prev, &receiver);
        route_hops.push(vouch_traits::Hop {
            to: receiver.1.id(),
            settle: Settle::Issue,
        });
        out.push(Route {
            amount: 10,
            start: Start::OwnBank,
            hops: route_hops,
        });
    }
    (router, payer.0, receiver.0, out)
}

/// Pays `routes` twice (the second payment is measured, every line existing) and quotes
/// them once: (pay, quote), or `None` for a payment the call's gas does not cover.
fn pay_and_quote(
    c: &mut Chain,
    fan: &(AccountId32, AccountId32, AccountId32, Vec<Route>),
) -> Option<(Weight, Weight)> {
    let (router, payer, to, routes) = fan;
    for _ in 0..2 {
        c.pay_along(router, payer, to, routes.clone(), u128::MAX, 0, u64::MAX)
            .ok()?;
    }
    let pay = c.last.weight;
    RouterRef::at(router.clone())
        .quote(c, payer, to, routes.clone())
        .ok()?;
    Some((pay, c.last.weight))
}

fn main() {
    let mut c = Chain::new();
    let alice = c.person("alice");
    let bob = c.person("bob");
    let carol = c.person("carol");
    let dave = c.person("dave");
    let router = c.person("router");
    let a_bank = c.deploy_bank(&alice, "ALICE");
    let d_bank = c.deploy_bank(&dave, "DAVE");
    let mut rows: Vec<(&str, Weight)> = Vec::new();

    a_bank.deposit(&mut c, &alice, 10_000).unwrap();
    rows.push(("deposit", c.last.weight));
    for h in [&bob, &carol] {
        a_bank.set_limit(&mut c, &alice, h, 10_000).unwrap();
        a_bank.set_willing(&mut c, h, 10_000).unwrap();
    }
    rows.push(("set_willing (existing line)", c.last.weight));
    a_bank.grant(&mut c, &alice, &bob, 5_000).unwrap();
    rows.push(("grant", c.last.weight));
    a_bank.transfer(&mut c, &bob, &carol, 10).unwrap();
    a_bank.transfer(&mut c, &bob, &carol, 10).unwrap();
    let transfer = c.last.weight;
    rows.push(("psp22_transfer (both lines exist)", transfer));
    a_bank.redeem(&mut c, &bob, 10).unwrap();
    rows.push(("redeem", c.last.weight));
    a_bank.revoke(&mut c, &alice, &bob, 10).unwrap();
    rows.push(("revoke", c.last.weight));

    // Two banks that trust each other, and a router both authorised.
    a_bank.set_router(&mut c, &alice, &router, true).unwrap();
    d_bank.set_router(&mut c, &dave, &router, true).unwrap();
    a_bank
        .set_limit(&mut c, &alice, &d_bank.addr, 10_000)
        .unwrap();
    d_bank.trust(&mut c, &dave, &a_bank, 10_000).unwrap();
    rows.push(("trust (nested set_willing)", c.last.weight));
    a_bank
        .hop(&mut c, &router, &d_bank.addr, 100, Settle::Issue)
        .unwrap();
    a_bank
        .hop(&mut c, &router, &d_bank.addr, 100, Settle::Issue)
        .unwrap();
    let hop_issue = c.last.weight;
    rows.push(("hop Issue (line exists)", hop_issue));
    d_bank
        .hop(&mut c, &router, &a_bank.addr, 50, Settle::Return)
        .unwrap();
    let hop_return = c.last.weight;
    rows.push(("hop Return (nested transfer)", hop_return));
    a_bank.deposit(&mut c, &alice, 1_000).unwrap();
    d_bank.collect(&mut c, &dave, &a_bank, 50).unwrap();
    rows.push(("collect (nested redeem)", c.last.weight));

    // Routed payments of 1, 2, 4, 8 and 16 hops along a row of 17 banks (each measured on a
    // second payment, when every line on the way already exists).
    let row = TrustChain::new(&mut c, 17, 1_000_000, "r");
    let mut routes = serde_json::Map::new();
    let mut route_rows = Vec::new();
    for hops in [1usize, 2, 4, 8, 16] {
        let route = Route {
            amount: 10,
            start: Start::OwnBank,
            hops: row.issue_hops(0, hops),
        };
        let (payer, to) = (row.people[0].clone(), row.people[hops].clone());
        for _ in 0..2 {
            c.pay_along(
                &row.router,
                &payer,
                &to,
                vec![route.clone()],
                u128::MAX,
                0,
                u64::MAX,
            )
            .expect("routed payment clears");
        }
        routes.insert(hops.to_string(), w(c.last.weight));
        route_rows.push((hops, c.last.weight));
    }

    // Many routes in one call: 8 disjoint routes of 8 hops (64 hops, 58 banks), then of 16
    // hops (the router's cap per route, 128 hops).
    let mut fans = serde_json::Map::new();
    let mut fan_rows = Vec::new();
    for (routes_n, hops) in [(1usize, 16usize), (8, 8), (8, 16)] {
        let f = fan(&mut c, routes_n, hops, &format!("f{routes_n}x{hops}"));
        let got = pay_and_quote(&mut c, &f);
        let label = format!("{routes_n} route(s) x {hops} hops");
        match got {
            Some((pay, quote)) => {
                fans.insert(label.clone(), json!({"pay": w(pay), "quote": w(quote)}));
            }
            None => {
                fans.insert(label.clone(), json!(null));
            }
        }
        fan_rows.push((label, got));
    }

    // On-chain search by graph size: the payer's bank has `width` dead-end neighbours listed
    // before the one that leads to the receiver two hops further on; the search expands
    // them all (breadth-first) before it finds the route.
    let mut search = serde_json::Map::new();
    let mut search_rows = Vec::new();
    for width in [0usize, 4, 16, 32] {
        let row = TrustChain::new(&mut c, 3, 1_000, &format!("s{width}-"));
        let payer = c.person(&format!("s{width}-payer"));
        let pb = c.deploy_bank(&payer, "PAYER");
        pb.set_router(&mut c, &payer, &row.router, true).unwrap();
        c.register(&row.router, &payer, &pb.addr).unwrap();
        for k in 0..width {
            let d = c.person(&format!("s{width}-decoy{k}"));
            let db = c.deploy_bank(&d, "DECOY");
            pb.set_limit(&mut c, &payer, &db.addr, 1_000).unwrap();
            db.trust(&mut c, &d, &pb, 1_000).unwrap();
        }
        pb.set_limit(&mut c, &payer, &row.banks[0].addr, 1_000)
            .unwrap();
        row.banks[0]
            .trust(&mut c, &row.people[0], &pb, 1_000)
            .unwrap();
        let to = row.people[2].clone();
        let found: Result<Route, vouch_traits::RouterError> = RouterRef::at(row.router.clone())
            .find_route(&mut c, &payer, &to, 10, 16, 64)
            .completed();
        let hops = found.map(|r| r.hops.len()).unwrap_or(0);
        // The payer's bank, the decoys and the row's three banks (all small numbers).
        let (banks, expanded) = (width.saturating_add(4), width.saturating_add(3));
        search.insert(
            banks.to_string(),
            json!({"ref_time": c.last.weight.ref_time(), "proof_size": c.last.weight.proof_size(), "expanded": expanded, "hops": hops}),
        );
        search_rows.push((banks, expanded, hops, c.last.weight));
    }

    let pool_rows = pool_costs(&mut c);
    rows.extend(pool_rows.iter().copied());
    let loan_rows = loan_costs(&mut c);
    rows.extend(loan_rows.iter().copied());
    let shares_few = shares_costs(&mut c, 10);
    let shares_many = shares_costs(&mut c, 1_000);

    let size = |name: &str| {
        std::fs::metadata(contracts_dir().join(format!("{name}.wasm")))
            .map(|m| m.len())
            .unwrap_or(0)
    };
    let wasm = size("trust_bank");
    let library_wasm = size("trust_bank_library");
    let router_wasm = size("router");
    let pool_wasm = size("pool");
    let loan_wasm = size("loan");
    let tracker_wasm = size("tracker");
    let shares_wasm = size("shares");

    println!("{:<42} {:>15} {:>12}", "call", "ref_time", "proof_size");
    for (name, weight) in &rows {
        println!(
            "{name:<42} {:>15} {:>12}",
            weight.ref_time(),
            weight.proof_size()
        );
    }
    println!(
        "\n{:<36} {:>15} {:>12} {:>10}",
        "routed payment (pay_along)", "ref_time", "proof_size", "x transfer"
    );
    let mut prev: Option<(usize, Weight)> = None;
    for (hops, weight) in &route_rows {
        println!(
            "{:<36} {:>15} {:>12} {:>10.2}",
            format!("{hops} hop(s)"),
            weight.ref_time(),
            weight.proof_size(),
            weight.ref_time() as f64 / transfer.ref_time() as f64
        );
        prev = Some((*hops, *weight));
    }
    if let (Some((1, one)), Some((16, sixteen))) = (route_rows.first().copied(), prev) {
        let per_hop = sixteen.ref_time().saturating_sub(one.ref_time()) as f64 / 15.0;
        println!(
            "marginal cost per hop: ref_time {:.0} = {:.2} x a PSP22 transfer",
            per_hop,
            per_hop / transfer.ref_time() as f64
        );
    }
    if let (Some((1, one)), Some((16, sixteen))) = (route_rows.first().copied(), prev) {
        let per_hop = sixteen.proof_size().saturating_sub(one.proof_size()) as f64 / 15.0;
        println!("marginal proof_size per hop: {per_hop:.0}");
    }
    println!(
        "\n{:<28} {:>15} {:>12} {:>15} {:>12} {:>8}",
        "payment (pay_along)",
        "pay ref_time",
        "proof_size",
        "quote ref_time",
        "proof_size",
        "q / pay"
    );
    for (label, got) in &fan_rows {
        match got {
            Some((pay, quote)) => println!(
                "{label:<28} {:>15} {:>12} {:>15} {:>12} {:>8.2}",
                pay.ref_time(),
                pay.proof_size(),
                quote.ref_time(),
                quote.proof_size(),
                quote.ref_time() as f64 / pay.ref_time() as f64
            ),
            None => println!("{label:<28} does not fit one call's gas"),
        }
    }
    println!(
        "\n{:<36} {:>15} {:>12}",
        "on-chain search (find_route)", "ref_time", "proof_size"
    );
    for (banks, expanded, hops, weight) in &search_rows {
        println!(
            "{:<36} {:>15} {:>12}",
            format!("{banks} banks, {expanded} expanded, {hops} hops"),
            weight.ref_time(),
            weight.proof_size()
        );
    }
    println!(
        "\n{:<42} {:>15} {:>12} {:>15} {:>12}",
        "shares, by holders", "10: ref_time", "proof_size", "1000: ref_time", "proof_size"
    );
    for ((name, few), (_, many)) in shares_few.iter().zip(&shares_many) {
        println!(
            "{name:<42} {:>15} {:>12} {:>15} {:>12}",
            few.ref_time(),
            few.proof_size(),
            many.ref_time(),
            many.proof_size()
        );
    }
    println!("\n{:<36} {:>15}", "trust_bank wasm bytes (front)", wasm);
    println!(
        "{:<36} {:>15}",
        "trust_bank_library wasm bytes", library_wasm
    );
    println!("{:<36} {:>15}", "router wasm bytes", router_wasm);
    println!("{:<36} {:>15}", "pool wasm bytes", pool_wasm);
    println!("{:<36} {:>15}", "loan wasm bytes", loan_wasm);
    println!("{:<36} {:>15}", "tracker wasm bytes", tracker_wasm);
    println!("{:<36} {:>15}", "shares wasm bytes", shares_wasm);

    let costs = json!({
        "psp22_transfer": w(transfer),
        "hop_issue": w(hop_issue),
        "hop_return": w(hop_return),
        "calls": rows.iter().map(|(n, x)| (n.to_string(), w(*x))).collect::<serde_json::Map<_, _>>(),
        "route": routes,
        "payments": fans,
        "search": search,
        "shares": {
            "10": shares_few.iter().map(|(n, x)| (n.to_string(), w(*x))).collect::<serde_json::Map<_, _>>(),
            "1000": shares_many.iter().map(|(n, x)| (n.to_string(), w(*x))).collect::<serde_json::Map<_, _>>(),
        },
        "wasm_bytes": {"trust_bank": wasm, "trust_bank_library": library_wasm, "router": router_wasm, "pool": pool_wasm,
                       "loan": loan_wasm, "tracker": tracker_wasm, "shares": shares_wasm},
    });
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    std::fs::create_dir_all(&dir).expect("target/bench is writable");
    // `scripts/bench --baseline REV` names the baseline's table after the revision.
    let name = std::env::var("VOUCH_BENCH_NAME").unwrap_or_else(|_| "costs".into());
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, serde_json::to_string_pretty(&costs).unwrap())
        .expect("the cost table is written");
    println!("\nwrote {}", path.display());
}
