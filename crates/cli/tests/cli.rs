//! The `vouch` binary end to end: state persists between invocations, payments clear over
//! routes the pathfinder found, errors say what to do, and the offline router reads CSV.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Vouch {
    dir: tempfile::TempDir,
}

impl Vouch {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("a temporary directory"),
        }
    }

    fn state(&self) -> PathBuf {
        self.dir.path().join("chain.snapshot")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_vouch"))
            .arg("--state")
            .arg(self.state())
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("vouch runs")
    }

    /// Runs a command that must succeed; returns its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "vouch {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.ok(&all);
        serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
    }

    /// Runs a command that must fail; returns its stderr.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "vouch {args:?} should fail");
        String::from_utf8(out.stderr).expect("utf-8 output")
    }
}

fn lines_of(v: &Vouch, issuer: &str) -> Vec<Value> {
    v.json(&["lines", issuer])
        .as_array()
        .expect("a list")
        .clone()
}

#[test]
fn state_persists_and_a_stranger_payment_clears_over_two_routes() {
    let v = Vouch::new();
    for p in ["alice", "bob", "carol", "dave"] {
        v.ok(&["deploy", p]);
    }
    // alice -> bob -> dave and alice -> carol -> dave, 60 each way.
    v.ok(&["link", "alice", "bob", "60"]);
    v.ok(&["link", "bob", "dave", "60"]);
    v.ok(&["link", "alice", "carol", "60"]);
    v.ok(&["link", "carol", "dave", "60"]);

    let quote = v.json(&["pay", "alice", "dave", "100", "--dry-run"]);
    assert_eq!(quote["deliverable"], 100);
    assert_eq!(quote["paid"], Value::Null);
    assert_eq!(quote["routes"].as_array().map(Vec::len), Some(2));
    // A dry run changes nothing.
    assert!(lines_of(&v, "alice").iter().all(|l| l["held"] == 0));

    let paid = v.json(&["pay", "alice", "dave", "100"]);
    assert_eq!(paid["paid"], 100);
    let held: u64 = lines_of(&v, "alice")
        .iter()
        .map(|l| l["held"].as_u64().expect("a number"))
        .sum();
    assert_eq!(held, 100, "alice's bank issued 100 notes in all");
    let at_dave: u64 = ["bob", "carol"]
        .iter()
        .flat_map(|i| lines_of(&v, i))
        .filter(|l| l["holder"] == "dave's bank")
        .map(|l| l["held"].as_u64().expect("a number"))
        .sum();
    assert_eq!(at_dave, 100, "dave's bank received 100 notes");

    // Only 20 capacity is left: asking for more fails and pays nothing.
    let err = v.fails(&["pay", "alice", "dave", "50"]);
    assert!(err.contains("only 20 of 50"), "{err}");
    let again: u64 = lines_of(&v, "alice")
        .iter()
        .map(|l| l["held"].as_u64().expect("a number"))
        .sum();
    assert_eq!(again, 100);
}

#[test]
fn a_budget_is_granted_spent_revoked_and_redeemed_against_a_short_reserve() {
    let v = Vouch::new();
    for p in ["alice", "carol"] {
        v.ok(&["deploy", p]);
    }
    v.ok(&["deposit", "alice", "50"]);
    v.ok(&["link", "alice", "carol", "500"]);
    v.ok(&["set-limit", "alice", "person:bob", "300"]);
    v.ok(&["set-willing", "person:bob", "alice", "300"]);
    v.ok(&["grant", "alice", "person:bob", "300"]);
    let paid = v.json(&["pay", "bob", "carol", "120", "--budget"]);
    assert_eq!(paid["paid"], 120);
    v.ok(&["revoke", "alice", "person:bob", "80"]);
    let err = v.fails(&["revoke", "alice", "person:bob", "200"]);
    assert!(err.contains("only granted notes"), "{err}");
    let err = v.fails(&["redeem", "person:bob", "alice", "100"]);
    assert!(err.contains("reserve is short"), "{err}");
    let out = v.json(&["redeem", "person:bob", "alice", "100", "--partial"]);
    assert_eq!(out["what"], "person:bob redeemed 50 of alice's notes");
    let bal = v.json(&["balances", "alice"]);
    assert_eq!(bal[0]["reserve"], 0);
}

#[test]
fn errors_say_what_to_do() {
    let v = Vouch::new();
    let err = v.fails(&["deposit", "zed", "10"]);
    assert!(err.contains("vouch deploy zed"), "{err}");
    let err = v.fails(&["deploy", "Not A Name"]);
    assert!(err.contains("not a usable name"), "{err}");
    v.ok(&["deploy", "amy"]);
    let err = v.fails(&["deploy", "amy"]);
    assert!(err.contains("already has a bank"), "{err}");
    v.ok(&["deploy", "ben"]);
    let err = v.fails(&["pay", "amy", "ben", "5"]);
    assert!(err.contains("no route"), "{err}");
    let err = v.fails(&["withdraw", "amy", "5"]);
    assert!(err.contains("reserve is short"), "{err}");
}

#[test]
fn the_graph_is_drawn_with_a_payments_routes() {
    let v = Vouch::new();
    for p in ["ann", "bea", "cat"] {
        v.ok(&["deploy", p]);
    }
    v.ok(&["link", "ann", "bea", "10"]);
    v.ok(&["link", "bea", "cat", "10"]);
    let summary = v.json(&["graph", "--svg", "g.svg", "--route", "ann", "cat", "5"]);
    assert_eq!(summary["banks"], 3);
    let svg = std::fs::read_to_string(v.dir.path().join("g.svg")).expect("the drawing");
    assert!(svg.starts_with("<svg"));
    assert!(
        svg.contains("stroke=\"#d62728\""),
        "the route is highlighted"
    );
}

#[test]
fn a_payment_over_one_calls_budget_says_how_to_pay_it_in_parts() {
    // alice -> 15 banks -> zed, 8 times over through banks of their own: 8 routes of 16
    // hops (the router's caps), 121 paying banks. No call's budget pays for all of them.
    let v = Vouch::new();
    v.ok(&["deploy", "alice"]);
    v.ok(&["deploy", "zed"]);
    for i in 0..8 {
        let mut prev = "alice".to_string();
        for j in 0..15 {
            let bank = format!("b{i}-{j}");
            v.ok(&["deploy", &bank]);
            v.ok(&["link", &prev, &bank, "10"]);
            prev = bank;
        }
        v.ok(&["link", &prev, "zed", "10"]);
    }
    let err = v.fails(&["pay", "alice", "zed", "80"]);
    assert!(
        err.contains("80 can be routed from alice to zed but one call carries at most ")
            && err.contains("(8 routes, 121 banks: ")
            && err.contains("nothing was paid. To pay in ")
            && err.contains(" parts: vouch pay alice zed "),
        "{err}"
    );
    let held: u64 = lines_of(&v, "alice")
        .iter()
        .map(|l| l["held"].as_u64().expect("a number"))
        .sum();
    assert_eq!(held, 0, "nothing was paid");
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p
}

#[test]
fn offline_routes_follow_the_ratings_rule_and_the_caps() {
    let v = Vouch::new();
    // A rating r from A to B lets B pay A up to r. So 1 can pay 3 via 2 (5, then 4) and
    // directly (2): max-flow 6. A negative rating adds nothing.
    let csv = write(
        v.dir.path(),
        "g.csv",
        "source,target,rating,time\n2,1,5,0\n3,2,4,0\n3,1,2,0\n1,3,-10,0\n",
    );
    let g = csv.to_str().expect("utf-8 path");
    let max = v.json(&[
        "route", "--graph", g, "--from", "1", "--to", "3", "--amount", "max",
    ]);
    assert_eq!(max["deliverable"], 6);
    let hops: Vec<Vec<String>> = max["routes"]
        .as_array()
        .expect("routes")
        .iter()
        .map(|r| {
            r["hops"]
                .as_array()
                .expect("hops")
                .iter()
                .map(|h| h.as_str().expect("an id").to_string())
                .collect()
        })
        .collect();
    assert!(hops
        .iter()
        .all(|h| h.first().map(String::as_str) == Some("1")));
    assert!(hops
        .iter()
        .all(|h| h.last().map(String::as_str) == Some("3")));
    let capped = v.json(&[
        "route",
        "--graph",
        g,
        "--from",
        "1",
        "--to",
        "3",
        "--amount",
        "max",
        "--max-hops",
        "1",
    ]);
    assert_eq!(capped["deliverable"], 2);
    let some = v.json(&[
        "route", "--graph", g, "--from", "1", "--to", "3", "--amount", "3",
    ]);
    assert_eq!(some["deliverable"], 3);
    let err = v.fails(&[
        "route", "--graph", g, "--from", "1", "--to", "9", "--amount", "3",
    ]);
    assert!(err.contains("9 is not in"), "{err}");
}

#[test]
fn the_demo_runs_end_to_end_on_a_small_community() {
    let v = Vouch::new();
    let otc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/bitcoin-otc.csv");
    let out = v.json(&[
        "demo",
        "--people",
        "40",
        "--otc",
        otc.to_str().expect("utf-8 path"),
    ]);
    let steps = out["steps"].as_array().expect("steps");
    assert!(steps
        .iter()
        .any(|s| s["what"].as_str().is_some_and(|w| w.starts_with("pay ")
            && w.contains("route(s)")
            && !w.contains("1 route(s), 1 hops"))));
    let svg = std::fs::read_to_string(v.dir.path().join("vouch-demo.svg")).expect("drawn");
    assert!(svg.contains("erin"));
    let friends = out["friends"].as_array().expect("friends");
    let alice = friends
        .iter()
        .find(|f| f["name"] == "alice")
        .expect("alice");
    assert_eq!(
        alice["reserve"], 0,
        "bob's partial redemption took alice's 60"
    );
    // The trip pool closed and paid out exactly what its plan said was distributable.
    let pool = &out["pool"];
    assert_eq!(pool["closed"], true);
    let paid: u64 = pool["paid_out"]
        .as_array()
        .expect("payouts")
        .iter()
        .map(|p| num(&p["amount"]))
        .sum();
    assert!(paid > 0);
    assert_eq!(paid, num(&pool["distributable"]));
    assert!(!pool["who_owes_whom"].as_array().expect("owes").is_empty());
    // The bike loan was repaid in full and claimed to within the holders' fractions; the van
    // defaulted and its lenders shared the collateral pro rata.
    let loans = &out["loans"];
    let bike = &loans["bike"];
    assert_eq!(num(&bike["repaid"]), 990);
    let claimed: u64 = bike["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .map(|c| num(&c["repaid"]))
        .sum();
    assert_eq!(claimed, num(&bike["claimed"]));
    assert!(
        990 - claimed < 3,
        "dust is fewer units than holders: {claimed}"
    );
    let van = &loans["van"];
    assert_eq!(van["phase"], "Defaulted");
    let shares: Vec<(u64, u64)> = van["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .map(|c| (num(&c["repaid"]), num(&c["collateral"])))
        .collect();
    assert_eq!(shares, vec![(62, 375), (37, 225)]);
    let desk = loans["otc_desk"].as_array().expect("listings");
    assert_eq!(desk.len(), 2);
    assert!(desk.iter().any(|l| l["phase"] == "Defaulted"));
    // The holiday flat: two rents of 1,000 over 5,000 shares, dave selling 300 to erin between
    // them; each friend claimed exactly its part of each; carol votes only the shares she held
    // when the motion was made; 3,000 yes to 1,500 no passes the 60% rule.
    let flat = &out["shares"];
    let claims: Vec<(String, u64, u64)> = flat["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .map(|c| {
            let who = c["who"].as_str().expect("name").to_string();
            (who, num(&c["claimed"]), num(&c["expected"]))
        })
        .collect();
    let got: Vec<(&str, u64)> = claims.iter().map(|(w, c, _)| (w.as_str(), *c)).collect();
    assert_eq!(
        got,
        vec![
            ("alice", 800),
            ("bob", 480),
            ("carol", 400),
            ("dave", 180),
            ("erin", 140)
        ]
    );
    assert!(claims.iter().all(|(_, c, e)| c == e));
    let motion = &flat["motion"];
    assert_eq!(
        (num(&motion["carol_holds"]), num(&motion["carol_votes"])),
        (1500, 1000)
    );
    assert_eq!((num(&motion["yes"]), num(&motion["no"])), (3000, 1500));
    assert_eq!(motion["result"], "Passed");
}

#[test]
fn shares_distribute_pro_rata_and_motions_vote_with_the_shares_held_when_made() {
    let v = Vouch::new();
    let created = v.json(&[
        "shares",
        "create",
        "flat",
        "ann",
        "--founder",
        "ann=600",
        "--founder",
        "bo=300",
        "--founder",
        "cy=100",
        "--period",
        "5",
        "--deposit",
        "10",
    ]);
    assert_eq!(num(&created["supply"]), 1000);
    v.ok(&["shares", "distribute", "flat", "tenant", "1000"]);
    v.ok(&["shares", "transfer", "flat", "ann", "dee", "100"]);
    let made = v.json(&["shares", "motion", "flat", "bo", "Sell the flat"]);
    assert_eq!(made["motion"], 0);
    // Shares received after the motion was made do not vote on it.
    v.ok(&["shares", "transfer", "flat", "bo", "eve", "100"]);
    let err = v.fails(&["shares", "vote", "flat", "eve", "0", "yes"]);
    assert!(err.contains("NoVotingPower"), "{err}");
    v.ok(&["shares", "vote", "flat", "bo", "0", "yes"]);
    v.ok(&["shares", "vote", "flat", "ann", "0", "yes"]);
    let err = v.fails(&["shares", "vote", "flat", "ann", "0", "no"]);
    assert!(err.contains("AlreadyVoted"), "{err}");
    let err = v.fails(&["shares", "finish", "flat", "0"]);
    assert!(err.contains("VotingOpen"), "{err}");
    let tally = v.json(&["shares", "tally", "flat", "0"]);
    assert_eq!((num(&tally["yes"]), num(&tally["no"])), (800, 0));
    v.ok(&["advance", "6"]);
    v.ok(&["shares", "finish", "flat", "0"]);
    let tally = v.json(&["shares", "tally", "flat", "0"]);
    assert_eq!(tally["state"], "Passed");
    // Fixed supply: no motion can issue shares.
    let err = v.fails(&[
        "shares", "motion", "flat", "ann", "more", "--issue", "dee=5",
    ]);
    assert!(err.contains("IssuanceForbidden"), "{err}");
    // The first distribution was paid when ann held 600, bo 300, cy 100.
    let status = v.json(&["shares", "status", "flat"]);
    let claimable: Vec<(String, u64)> = status["holders"]
        .as_array()
        .expect("holders")
        .iter()
        .map(|h| {
            (
                h["who"].as_str().expect("name").to_string(),
                num(&h["claimable"]),
            )
        })
        .collect();
    assert!(claimable.contains(&("ann".into(), 600)), "{claimable:?}");
    assert!(claimable.contains(&("cy".into(), 100)), "{claimable:?}");
    let paid = v.json(&["shares", "claim", "flat", "bo"]);
    assert!(
        paid["what"].as_str().expect("what").contains("claims 300"),
        "{paid}"
    );
    let err = v.fails(&["shares", "claim", "flat", "bo"]);
    assert!(err.contains("NothingToClaim"), "{err}");
    // A group pool holds shares through its bank; a member sends the claim for it and the
    // rent lands in the pool's reserve.
    v.ok(&[
        "pool",
        "create",
        "trip",
        "--members",
        "ann,bo",
        "--threshold",
        "1",
        "--allowance",
        "10",
    ]);
    v.ok(&["pool", "contribute", "trip", "ann", "100"]);
    v.ok(&["shares", "transfer", "flat", "cy", "pool:trip", "50"]);
    v.ok(&["shares", "distribute", "flat", "tenant", "1000"]);
    let err = v.fails(&["shares", "claim", "flat", "pool:trip"]);
    assert!(err.contains("--by"), "{err}");
    v.ok(&["shares", "claim", "flat", "pool:trip", "--by", "bo"]);
    let pool = v.json(&["pool", "status", "trip"]);
    assert_eq!(num(&pool["reserve"]), 150, "{pool}");
}

#[test]
fn a_loan_is_offered_tracked_funded_sold_repaid_and_claimed() {
    let v = Vouch::new();
    let offered = v.json(&[
        "loan",
        "offer",
        "bike",
        "dave",
        "100",
        "110",
        "--due",
        "40",
        "--deadline",
        "20",
        "--grace",
        "5",
        "--collateral",
        "30",
    ]);
    assert_eq!(offered["ok"], true);
    v.ok(&["tracker", "create", "desk", "erin"]);
    v.ok(&["tracker", "list", "desk", "bike", "--note", "repaid twice"]);
    let err = v.fails(&["tracker", "list", "desk", "bike"]);
    assert!(err.contains("AlreadyListed"), "{err}");
    let err = v.fails(&["loan", "fund", "bike", "ann", "101"]);
    assert!(
        err.contains("OverPrincipal") && err.contains("loan status bike"),
        "{err}"
    );
    v.ok(&["loan", "fund", "bike", "ann", "60"]);
    v.ok(&["loan", "fund", "bike", "bo", "40"]);
    let err = v.fails(&["loan", "unfund", "bike", "ann", "1"]);
    assert!(err.contains("Locked"), "{err}");
    v.ok(&["loan", "draw", "bike"]);
    let err = v.fails(&["loan", "draw", "bike"]);
    assert!(err.contains("AlreadyDrawn"), "{err}");
    v.ok(&["loan", "repay", "bike", "55"]);
    let offer = v.ok(&["loan", "offer-slice", "bike", "ann", "30", "31"]);
    assert!(offer.contains("offer #0"), "{offer}");
    let err = v.fails(&["loan", "buy", "bike", "cy", "0"]);
    assert!(
        err.contains("NotAccepted") && err.contains("loan accept bike"),
        "{err}"
    );
    v.ok(&["loan", "accept", "bike", "cy", "30"]);
    v.ok(&["loan", "buy", "bike", "cy", "0"]);
    let err = v.fails(&["loan", "repay", "bike", "56"]);
    assert!(err.contains("OverRepay"), "{err}");
    let err = v.fails(&["loan", "default", "bike", "--by", "bo"]);
    assert!(err.contains("NotDefaultable"), "{err}");
    v.ok(&["loan", "repay", "bike", "55"]);
    let st = v.json(&["loan", "status", "bike"]);
    assert_eq!(st["phase"], "Repaid");
    let holders = st["holders"].as_array().expect("holders");
    let claimable =
        |who: &str| num(&holders.iter().find(|h| h["who"] == who).expect(who)["claimable"]);
    // ann: 33 of the first 55, 16 of it sold with half her slices, then 16 of the rest
    // (and half a unit carried); cy the 16 it bought and 16; one unit of dust in fractions.
    assert_eq!(
        (claimable("ann"), claimable("bo"), claimable("cy")),
        (33, 44, 32)
    );
    for who in ["ann", "bo", "cy"] {
        v.ok(&["loan", "claim", "bike", who]);
    }
    let err = v.fails(&["loan", "claim", "bike", "ann"]);
    assert!(err.contains("NothingToClaim"), "{err}");
    v.ok(&["loan", "reclaim", "bike"]);
    let shown = v.json(&["tracker", "show", "desk"]);
    assert_eq!(shown["listings"][0]["phase"], "Repaid");
    assert_eq!(shown["listings"][0]["note"], "repaid twice");
    // A second loan runs past its due block and grace on the embedded chain's clock.
    v.ok(&[
        "loan",
        "offer",
        "van",
        "erin",
        "10",
        "10",
        "--due",
        "3",
        "--deadline",
        "2",
        "--collateral",
        "20",
    ]);
    v.ok(&["loan", "fund", "van", "ann", "10"]);
    v.ok(&["loan", "draw", "van"]);
    v.ok(&["advance", "5"]);
    v.ok(&["loan", "default", "van", "--by", "bo"]);
    let got = v.json(&["loan", "claim", "van", "ann"]);
    assert!(
        got["what"]
            .as_str()
            .expect("what")
            .contains("20 of collateral"),
        "{got}"
    );
}

#[test]
fn uncapped_max_on_bitcoin_otc_is_the_graphs_max_flow() {
    let v = Vouch::new();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/bitcoin-otc.csv");
    let file = std::fs::File::open(&path).expect("the ratings file");
    let g = vouch_pathfinder::load_ratings(std::io::BufReader::new(file), 1).expect("loads");
    let csv = path.to_str().expect("utf-8 path");
    // Two well-connected people (35 and 1 in the data) and a pair further apart.
    for (from, to) in [("35", "1"), ("1", "2642"), ("2028", "35")] {
        let (s, t) = (g.id(from).expect("known"), g.id(to).expect("known"));
        let expected = vouch_pathfinder::max_flow(&g.graph, s, t);
        assert!(expected > 0, "{from} -> {to} are connected");
        let out = v.json(&[
            "route",
            "--graph",
            csv,
            "--from",
            from,
            "--to",
            to,
            "--amount",
            "max",
            "--max-hops",
            "100000",
            "--max-routes",
            "100000",
        ]);
        assert_eq!(
            out["deliverable"],
            u64::try_from(expected).unwrap(),
            "{from} -> {to}"
        );
        let sum: u64 = out["routes"]
            .as_array()
            .expect("routes")
            .iter()
            .map(|r| r["amount"].as_u64().expect("an amount"))
            .sum();
        assert_eq!(sum, u64::try_from(expected).unwrap());
    }
}

fn num(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn native(v: &Vouch, who: &str) -> u64 {
    num(&v.json(&["balances", who])[0]["native"])
}

#[test]
fn a_pool_spends_unevenly_reups_by_vote_and_settles_up() {
    let v = Vouch::new();
    let created = v.json(&[
        "pool",
        "create",
        "trip",
        "--members",
        "ann,bo,cy",
        "--threshold",
        "2",
        "--allowance",
        "100",
    ]);
    let steps = created["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 4, "the deployment and three willingness calls");
    assert!(steps.iter().all(|s| num(&s["cost"]["ref_time"]) > 0));
    for (m, n) in [("ann", "300"), ("bo", "100"), ("cy", "20")] {
        v.ok(&["pool", "contribute", "trip", m, n]);
    }
    let err = v.fails(&["pool", "contribute", "trip", "zed", "10"]);
    assert!(err.contains("not an active member"), "{err}");
    let err = v.fails(&["pool", "allow", "trip", "zed", "ann", "10"]);
    assert!(err.contains("not an active member"), "{err}");
    for m in ["ann", "bo", "cy"] {
        v.ok(&["pool", "allow", "trip", m, m, "100"]);
    }
    let err = v.fails(&["pool", "allow", "trip", "ann", "cy", "1"]);
    assert!(
        err.contains("past their budget") && err.contains("reup"),
        "{err}"
    );
    // Allowance handed back unspent frees the budget again; more than is held is refused.
    v.ok(&["pool", "give-back", "trip", "ann", "10"]);
    let err = v.fails(&["pool", "allow", "trip", "bo", "ann", "11"]);
    assert!(err.contains("past their budget"), "{err}");
    v.ok(&["pool", "allow", "trip", "bo", "ann", "10"]);
    let err = v.fails(&["pool", "give-back", "trip", "ann", "101"]);
    assert!(err.contains("only granted notes can be revoked"), "{err}");

    // bo pays ann 30 in pool notes; cy redeems 100 for a purchase and has run out.
    v.ok(&["transfer", "bo", "pool:trip", "person:ann", "30"]);
    let cy_before = native(&v, "cy");
    v.ok(&["redeem", "person:cy", "pool:trip", "100"]);
    assert_eq!(native(&v, "cy"), cy_before + 100);
    let err = v.fails(&["transfer", "cy", "pool:trip", "person:ann", "1"]);
    assert!(err.contains("fewer notes"), "{err}");

    // A re-up needs two approvals; a second approval of the executed proposal fails.
    let p = v.json(&["pool", "propose", "trip", "cy", "reup", "cy", "50"]);
    assert_eq!(p["executed"], false);
    let id = num(&p["id"]).to_string();
    let a = v.json(&["pool", "approve", "trip", "ann", &id]);
    assert_eq!(a["executed"], true);
    let err = v.fails(&["pool", "approve", "trip", "bo", &id]);
    assert!(err.contains("already executed"), "{err}");
    let err = v.fails(&["pool", "approve", "trip", "zed", &id]);
    assert!(err.contains("not an active member"), "{err}");

    // An outsider is paid from pool notes through the router, after two votes.
    v.ok(&["deploy", "hotel"]);
    v.ok(&["set-willing", "hotel", "pool:trip", "200"]);
    for kind in [&["trust", "hotel", "200"][..], &["router", "on"][..]] {
        let mut args = vec!["pool", "propose", "trip", "ann"];
        args.extend_from_slice(kind);
        let p = v.json(&args);
        let id = num(&p["id"]).to_string();
        assert_eq!(
            v.json(&["pool", "approve", "trip", "bo", &id])["executed"],
            true
        );
    }
    let paid = v.json(&["pay", "ann", "hotel", "40", "--budget"]);
    assert_eq!(paid["paid"], 40);

    let st = v.json(&["pool", "status", "trip"]);
    let cy = st["roster"]
        .as_array()
        .expect("roster")
        .iter()
        .find(|m| m["member"] == "cy")
        .expect("cy")
        .clone();
    assert_eq!((num(&cy["budget"]), num(&cy["granted"])), (150, 150));
    assert_eq!(num(&st["reserve"]), 420 - 100);

    // The plan: payouts sum to what is distributable; closing pays exactly them.
    let plan = v.json(&["pool", "settle", "trip"]);
    let distributable = num(&plan["distributable"]);
    let planned: Vec<(String, u64)> = plan["payouts"]
        .as_array()
        .expect("payouts")
        .iter()
        .map(|p| {
            (
                p["member"].as_str().expect("a name").to_string(),
                num(&p["payout"]),
            )
        })
        .collect();
    assert_eq!(planned.iter().map(|(_, p)| p).sum::<u64>(), distributable);
    assert_eq!(num(&plan["reserve"]) - num(&plan["claims"]), distributable);
    // ann spent 40 and bo 30; cy spent 100 of a 20 contribution and owes the others.
    let spent: Vec<u64> = plan["payouts"]
        .as_array()
        .expect("payouts")
        .iter()
        .map(|p| num(&p["spent"]))
        .collect();
    assert_eq!(spent, vec![40, 30, 100]);
    let owes = plan["who_owes_whom"].as_array().expect("owes");
    assert!(!owes.is_empty() && owes.iter().all(|o| o["from"] == "cy"));

    let close = v.json(&["pool", "settle", "trip", "--execute", "--by", "bo"]);
    assert_eq!(close["executed"], false);
    let id = num(&close["id"]).to_string();
    let before: Vec<u64> = ["ann", "bo"].iter().map(|m| native(&v, m)).collect();
    let done = v.json(&["pool", "approve", "trip", "cy", &id]);
    assert_eq!(done["executed"], true);
    let paid: Vec<(String, u64)> = done["payouts"]
        .as_array()
        .expect("payouts")
        .iter()
        .map(|p| {
            (
                p["member"].as_str().expect("a name").to_string(),
                num(&p["amount"]),
            )
        })
        .collect();
    assert_eq!(paid.iter().map(|(_, a)| a).sum::<u64>(), distributable);
    let want: Vec<(String, u64)> = planned.into_iter().filter(|(_, p)| *p > 0).collect();
    assert_eq!(paid, want);
    for (m, b) in ["ann", "bo"].iter().zip(before) {
        let got = paid.iter().find(|(n, _)| n == m).map_or(0, |(_, a)| *a);
        assert_eq!(native(&v, m), b + got, "{m} received the payout");
    }
    let st = v.json(&["pool", "status", "trip"]);
    assert_eq!(st["closed"], true);
    assert_eq!(num(&st["reserve"]), num(&plan["claims"]));
    let err = v.fails(&["pool", "contribute", "trip", "ann", "10"]);
    assert!(err.contains("closed"), "{err}");
    // Every payout reached its member, so none is held to claim.
    assert!(st["roster"]
        .as_array()
        .expect("roster")
        .iter()
        .all(|m| num(&m["unclaimed"]) == 0));
    let err = v.fails(&["pool", "claim", "trip", "ann"]);
    assert!(err.contains("no payout of the close is held"), "{err}");
    // Earned notes stay redeemable after the close.
    v.ok(&["redeem", "person:ann", "pool:trip", "30"]);
}

#[test]
fn an_unreachable_node_is_an_error_that_says_how_to_start_one() {
    let v = Vouch::new();
    let err = v.fails(&["--url", "ws://127.0.0.1:1", "balances"]);
    assert!(
        err.contains("cannot reach ws://127.0.0.1:1: is the node running? scripts/node start"),
        "{err}"
    );
    let err = v.fails(&[
        "--url",
        "ws://127.0.0.1:1",
        "--suri",
        "not a key",
        "balances",
    ]);
    assert!(err.contains("secret key URI is not valid"), "{err}");
    assert!(!err.contains("not a key"), "the URI is never shown: {err}");
}

/// The same commands on a live node (`VOUCH_NODE_URL`, a development chain); skipped
/// without it.
#[test]
fn the_commands_run_on_a_live_node_and_a_reset_is_detected() {
    let Some(url) = std::env::var_os("VOUCH_NODE_URL") else {
        println!("skipped: set VOUCH_NODE_URL (e.g. ws://127.0.0.1:9944) to run against a node");
        return;
    };
    let url = url.to_string_lossy().into_owned();
    let v = Vouch::new();
    let at = |args: &[&str]| {
        let mut all = vec!["--url", url.as_str()];
        all.extend_from_slice(args);
        all.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let ok = |args: &[&str]| {
        let a = at(args);
        v.ok(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let json = |args: &[&str]| {
        let a = at(args);
        v.json(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    // Fresh names: the chain may have seen earlier runs.
    let run = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_millis()
        % 1_000_000_000;
    let [c, d, e] = ["carol", "dave", "erin"].map(|n| format!("{n}-{run}"));
    for p in [&c, &d, &e] {
        let out = ok(&["deploy", p]);
        assert!(out.contains("block #") && out.contains("fee "), "{out}");
    }
    ok(&["link", &c, &d, "100"]);
    ok(&["link", &d, &e, "100"]);
    ok(&["deposit", &d, "1000"]);
    let paid = json(&["pay", &c, &e, "40"]);
    assert_eq!(paid["paid"], 40);
    let costs = paid["costs"].as_array().expect("costs");
    let pay = costs.last().expect("the payment's cost");
    assert!(pay["block"].is_u64() && pay["fee"].is_u64(), "{pay}");
    assert!(
        costs[0]["block"].is_null(),
        "the quote is a dry run: {}",
        costs[0]
    );
    // Over the room left (60): refused, nothing paid.
    let a = at(&["pay", &c, &e, "61"]);
    let err = v.fails(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(err.contains("only 60 of 61"), "{err}");
    let lines = json(&["lines", &d]);
    let to_erin = lines
        .as_array()
        .expect("lines")
        .iter()
        .find(|l| l["holder"] == format!("{e}'s bank"))
        .expect("dave's line to erin's bank")
        .clone();
    assert_eq!(to_erin["held"], 40);
    ok(&["redeem", &e, &d, "10"]);
    let b = json(&["balances", &d]);
    assert_eq!(b[0]["reserve"], 990);
    let graph = ok(&["graph"]);
    assert!(graph.contains("banks"), "{graph}");

    // A deployment file whose contracts are not on the chain (as after a node reset).
    let file = std::fs::read_dir(v.dir.path())
        .expect("the folder")
        .map(|f| f.expect("an entry").path())
        .find(|p| p.to_string_lossy().contains(".chain-"))
        .expect("a deployment file beside the state file");
    let text = std::fs::read_to_string(&file).expect("readable");
    let mut record: Value = serde_json::from_str(&text).expect("JSON");
    record["directory"]["router"] = Value::String("11".repeat(32));
    std::fs::write(&file, record.to_string()).expect("writable");
    let a = at(&["lines"]);
    let err = v.fails(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(err.contains("the node was reset"), "{err}");
    ok(&["reset"]);
    assert!(!file.exists());
}
