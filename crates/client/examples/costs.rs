//! The same calls on the embedded sandbox chain and on a node, side by side: a bank's
//! deployment, a PSP22 transfer, and payments between strangers over 1, 4 and 8 hops.
//!
//! ```sh
//! cargo run -p vouch-client --example costs                              # sandbox only
//! cargo run -p vouch-client --example costs -- --url ws://127.0.0.1:9944 # and a dev node
//! ```
//!
//! On the node each figure is a transaction's: the weight the block accounted for it (the
//! contract's gas plus the extrinsic's base weight) and the fee its signer paid. In the
//! sandbox it is the contract's gas. Names are fresh on every run, so a node that has seen
//! earlier runs is fine.

use std::time::{SystemTime, UNIX_EPOCH};
use vouch_client::{AccountId32, BankRef, Chain, Ledger, Node, Receipt, RouterRef};
use vouch_traits::{Hop, Route, Settle, Start};

/// The calls measured, in order.
const CALLS: [&str; 5] = [
    "deploy a trust bank",
    "PSP22 transfer (both lines exist)",
    "pay_along, 1 hop",
    "pay_along, 4 hops",
    "pay_along, 8 hops",
];

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// Runs the calls on `l` with names ending in `tag`; returns each call's receipt.
fn measure<L: Ledger>(l: &mut L, tag: &str) -> Res<Vec<Receipt>> {
    let mut out = Vec::new();
    let admin = l.person(&format!("admin{tag}"))?;
    let router = RouterRef::deploy(l, &admin)?;
    // A row of nine banks: bank i issues to bank i + 1.
    let mut people: Vec<AccountId32> = Vec::new();
    let mut banks: Vec<BankRef> = Vec::new();
    for i in 0..9 {
        let p = l.person(&format!("p{i}{tag}"))?;
        let b = BankRef::deploy(l, &p, &format!("bank {i}"), &format!("B{i}"))?;
        if i == 0 {
            out.push(l.receipt().clone());
        }
        b.set_router(l, &p, &router.addr, true)?;
        router.register(l, &p, &b.addr)?;
        if let (Some(prev), Some(prev_owner)) = (banks.last(), people.last()) {
            prev.set_limit(l, prev_owner, &b.addr, 1_000_000)?;
            b.trust(l, &p, prev, 1_000_000)?;
        }
        people.push(p);
        banks.push(b);
    }
    // Two people holding the first bank's notes; the second transfer is measured.
    let (ann, bo) = (
        l.person(&format!("ann{tag}"))?,
        l.person(&format!("bo{tag}"))?,
    );
    for h in [&ann, &bo] {
        banks[0].set_limit(l, &people[0], h, 1_000_000)?;
        banks[0].set_willing(l, h, 1_000_000)?;
    }
    banks[0].grant(l, &people[0], &ann, 1_000)?;
    banks[0].transfer(l, &ann, &bo, 10)?;
    banks[0].transfer(l, &ann, &bo, 10)?;
    out.push(l.receipt().clone());
    for hops in [1usize, 4, 8] {
        let route = Route {
            amount: 100,
            start: Start::OwnBank,
            hops: banks[1..=hops]
                .iter()
                .map(|b| Hop {
                    to: b.id(),
                    settle: Settle::Issue,
                })
                .collect(),
        };
        let paid = router.pay_along(
            l,
            &people[0],
            &people[hops],
            vec![route],
            100,
            100,
            u64::MAX,
        )?;
        assert_eq!(paid, 100, "the payment delivered what it was asked");
        out.push(l.receipt().clone());
    }
    Ok(out)
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let url = match args.as_slice() {
        [] => None,
        [flag, url] if flag == "--url" => Some(url.clone()),
        _ => return Err("usage: costs [--url ws://HOST:PORT]".into()),
    };
    let tag = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis() % 1_000_000;
    let tag = format!("-{tag}");
    let sandbox = measure(&mut Chain::new(), &tag)?;
    let node = match &url {
        Some(url) => {
            let mut node = Node::connect(url)?;
            Some(measure(&mut node, &tag)?)
        }
        None => None,
    };
    print!(
        "{:<36} {:>15} {:>10}",
        "call", "sandbox ref_time", "proof B"
    );
    if node.is_some() {
        print!(" {:>15} {:>10} {:>16}", "node ref_time", "proof B", "fee");
    }
    println!();
    for (i, call) in CALLS.iter().enumerate() {
        let s = &sandbox[i].weight;
        print!("{call:<36} {:>15} {:>10}", s.ref_time(), s.proof_size());
        if let Some(n) = &node {
            let r = &n[i];
            print!(
                " {:>15} {:>10} {:>16}",
                r.weight.ref_time(),
                r.weight.proof_size(),
                r.fee.map_or("-".to_string(), |f| f.to_string())
            );
        }
        println!();
    }
    Ok(())
}
