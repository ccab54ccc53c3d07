//! `scripts/demo`: deploys a small community of trust banks into the sandbox chain, runs a
//! few everyday operations and prints what happened, what each step cost, and the final state.

use vouch_sandbox_tests::drink::AccountId32;
use vouch_sandbox_tests::{ink_id, BankRef, Chain};
use vouch_traits::Route;

struct Person {
    name: &'static str,
    account: AccountId32,
    bank: BankRef,
}

fn step(chain: &Chain, what: &str) {
    let w = chain.last.weight;
    println!(
        "  {what:<58} ref_time {:>13}  proof {:>7} B",
        w.ref_time(),
        w.proof_size()
    );
}

fn main() {
    let mut c = Chain::new();
    println!("Vouch demo: a small community on an in-process sandbox chain\n");
    let names = ["alice", "bob", "carol", "dave", "erin"];
    let people: Vec<Person> = names
        .iter()
        .map(|&name| {
            let account = c.person(name);
            let bank = c.deploy_bank(&account, &name.to_uppercase());
            step(&c, &format!("{name} deploys a trust bank"));
            Person {
                name,
                account,
                bank,
            }
        })
        .collect();
    let [alice, bob, carol, dave, erin] = &people[..] else {
        unreachable!()
    };

    println!("\nReserves and trust:");
    for p in &people {
        p.bank.deposit(&mut c, &p.account, 1_000).unwrap();
        step(&c, &format!("{} deposits 1000 into the reserve", p.name));
    }
    // Bank-to-bank trust: carol's bank -> dave's bank -> erin's bank.
    for (issuer, holder, amount) in [(carol, dave, 200), (dave, erin, 200)] {
        issuer
            .bank
            .set_limit(&mut c, &issuer.account, &holder.bank.addr, amount)
            .unwrap();
        step(
            &c,
            &format!(
                "{} extends {}'s bank a limit of {amount}",
                issuer.name, holder.name
            ),
        );
        holder
            .bank
            .trust(&mut c, &holder.account, &issuer.bank, amount)
            .unwrap();
        step(
            &c,
            &format!(
                "{}'s bank is willing to hold {amount} {}-notes",
                holder.name, issuer.name
            ),
        );
    }

    println!("\nA vacation budget:");
    alice
        .bank
        .set_limit(&mut c, &alice.account, &bob.account, 300)
        .unwrap();
    step(&c, "alice extends bob a limit of 300");
    alice.bank.set_willing(&mut c, &bob.account, 300).unwrap();
    step(&c, "bob is willing to hold 300 alice-notes");
    alice
        .bank
        .set_limit(&mut c, &alice.account, &carol.account, 300)
        .unwrap();
    alice.bank.set_willing(&mut c, &carol.account, 300).unwrap();
    alice
        .bank
        .grant(&mut c, &alice.account, &bob.account, 300)
        .unwrap();
    step(&c, "alice grants bob a 300-note budget");
    alice
        .bank
        .transfer(&mut c, &bob.account, &carol.account, 120)
        .unwrap();
    step(&c, "bob pays carol 120 alice-notes (PSP22 transfer)");
    alice.bank.redeem(&mut c, &bob.account, 80).unwrap();
    step(&c, "bob redeems 80 alice-notes for native currency");
    alice
        .bank
        .revoke(&mut c, &alice.account, &bob.account, 100)
        .unwrap();
    step(&c, "alice revokes the unspent 100 (carol's 120 are earned)");

    println!("\nA payment between strangers (carol pays erin 150 through dave's bank):");
    let admin = c.person("router-admin");
    let router = c.deploy_router(&admin);
    step(
        &c,
        "the router is deployed (it accepts trust bank code only)",
    );
    for p in [carol, dave, erin] {
        p.bank
            .set_router(&mut c, &p.account, &router, true)
            .unwrap();
        c.register(&router, &p.account, &p.bank.addr).unwrap();
        step(&c, &format!("{} registers their bank", p.name));
    }
    let found: Result<Route, vouch_traits::RouterError> = c
        .call(
            &carol.account,
            &router,
            "Router::find_route",
            (ink_id(&erin.account), 150u128, 0u32, 0u32),
            0,
        )
        .unwrap();
    let route = found.unwrap();
    step(
        &c,
        &format!("on-chain search finds a {}-hop route", route.hops.len()),
    );
    let paid = c
        .pay_along(
            &router,
            &carol.account,
            &erin.account,
            vec![route],
            150,
            150,
            u64::MAX,
        )
        .unwrap();
    step(&c, &format!("carol pays erin {paid} along it (pay_along)"));

    println!("\nA short reserve:");
    dave.bank.withdraw(&mut c, &dave.account, 900).unwrap();
    step(&c, "dave withdraws 900 of his 1000 reserve");
    let r = erin.bank.collect(&mut c, &erin.account, &dave.bank, 150);
    println!("  erin's bank tries to collect 150 dave-notes: {r:?}, nothing changed");
    erin.bank
        .collect(&mut c, &erin.account, &dave.bank, 100)
        .unwrap();
    step(&c, "erin's bank collects 100 dave-notes into its reserve");
    let paid = alice
        .bank
        .redeem_partial(&mut c, &carol.account, 1_000)
        .unwrap();
    step(
        &c,
        &format!("carol redeems up to 1000 alice-notes: paid {paid}"),
    );

    println!("\nState:");
    println!(
        "  {:<6} {:>8} {:>12} {:>6}  lines (holder: limit/willing/held/granted)",
        "bank", "reserve", "outstanding", "ratio"
    );
    for p in &people {
        let s = p.bank.status(&mut c);
        let ratio = s
            .reserve_ratio_ppm
            .map(|r| format!("{:.2}", r as f64 / 1e6))
            .unwrap_or_else(|| "-".into());
        let lines: Vec<String> = p
            .bank
            .lines(&mut c, 0, 64)
            .into_iter()
            .map(|(who, l)| {
                let name = people
                    .iter()
                    .find(|q| ink_id(&q.account) == who)
                    .map(|q| q.name.to_string())
                    .or_else(|| {
                        people
                            .iter()
                            .find(|q| q.bank.id() == who)
                            .map(|q| format!("{}-bank", q.name))
                    })
                    .unwrap_or_else(|| "?".into());
                format!("{name}: {}/{}/{}/{}", l.limit, l.willing, l.held, l.granted)
            })
            .collect();
        println!(
            "  {:<6} {:>8} {:>12} {:>6}  {}",
            p.name,
            s.reserve,
            s.outstanding,
            ratio,
            lines.join(", ")
        );
    }
}
