//! `vouch serve` end to end: the real binary over a chain made by `vouch` commands, asked
//! over real HTTP. The live test follows a node (`VOUCH_NODE_URL`) and sees banks deployed
//! and linked after it started.

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use vouch_client::AccountId32;

fn vouch(state: &Path, url: Option<&str>) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vouch"));
    c.arg("--state").arg(state);
    if let Some(url) = url {
        c.arg("--url").arg(url);
    }
    c
}

/// Runs a `vouch` command that must succeed; returns its stdout.
fn ok(state: &Path, url: Option<&str>, args: &[&str]) -> String {
    let out = vouch(state, url).args(args).output().expect("vouch runs");
    assert!(
        out.status.success(),
        "vouch {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// A running `vouch serve`, stopped when dropped.
struct Service {
    child: Child,
    base: String,
    _stdout: BufReader<ChildStdout>,
}

impl Service {
    /// Starts `vouch [--url URL] serve --listen 127.0.0.1:0` and waits for its address.
    fn start(state: &Path, url: Option<&str>) -> Self {
        let mut child = vouch(state, url)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("vouch serve starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut line = String::new();
        stdout
            .read_line(&mut line)
            .expect("a line from vouch serve");
        let base = match line.trim().strip_prefix("listening on ") {
            Some(b) => b.to_string(),
            None => {
                let _ = child.kill();
                panic!("vouch serve did not start: {line:?}");
            }
        };
        Self {
            child,
            base,
            _stdout: stdout,
        }
    }

    /// GET `path`: the status, the CORS header and the JSON body.
    fn get(&self, path: &str) -> (u16, Option<String>, Value) {
        let resp = match ureq::get(&format!("{}{path}", self.base))
            .set("Origin", "http://page.example")
            .timeout(Duration::from_secs(30))
            .call()
        {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("GET {path}: {e}"),
        };
        let status = resp.status();
        let cors = resp
            .header("access-control-allow-origin")
            .map(str::to_string);
        let body = resp.into_string().expect("a body");
        let json = serde_json::from_str(&body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"));
        (status, cors, json)
    }

    fn ok(&self, path: &str) -> Value {
        let (status, cors, body) = self.get(path);
        assert_eq!(status, 200, "GET {path}: {body}");
        assert_eq!(cors.as_deref(), Some("*"), "GET {path}: the CORS header");
        body
    }

    /// Asks for `path` and expects a refusal with `status`; returns the error's words.
    fn refused(&self, path: &str, status: u16) -> String {
        let (got, cors, body) = self.get(path);
        assert_eq!(got, status, "GET {path}: {body}");
        assert_eq!(cors.as_deref(), Some("*"), "GET {path}: the CORS header");
        body["error"]
            .as_str()
            .unwrap_or_else(|| panic!("GET {path}: no error in {body}"))
            .to_string()
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn ss58(a: &AccountId32) -> String {
    a.to_string()
}

fn person(name: &str) -> String {
    ss58(&vouch_client::account(name))
}

fn bank_of(state: &Path, url: Option<&str>, name: &str) -> String {
    let lines = ok(state, url, &["--json", "deploy", name]);
    let v: Value = serde_json::from_str(lines.trim()).expect("deploy's JSON");
    v["bank"].as_str().expect("the bank's address").to_string()
}

#[test]
fn the_service_answers_routes_over_an_embedded_chain() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let state = dir.path().join("chain.snapshot");
    let banks: Vec<(String, String)> = ["alice", "bob", "carol", "dave", "erin"]
        .iter()
        .map(|p| (p.to_string(), bank_of(&state, None, p)))
        .collect();
    let bank = |name: &str| banks.iter().find(|(n, _)| n == name).unwrap().1.clone();
    // alice -> bob -> dave and alice -> carol -> dave, 60 each way; erin is alone.
    for (issuer, holder) in [
        ("alice", "bob"),
        ("bob", "dave"),
        ("alice", "carol"),
        ("carol", "dave"),
    ] {
        ok(&state, None, &["link", issuer, holder, "60"]);
    }
    let s = Service::start(&state, None);

    let h = s.ok("/health");
    assert_eq!(h["ok"], true);
    assert_eq!(h["source"], "embedded");
    assert_eq!(h["node_url"], Value::Null);
    assert_eq!(h["banks"], 5);
    assert_eq!(h["lines"], 4);
    assert!(
        h["router"].as_str().is_some_and(|r| r.starts_with('5')),
        "{h}"
    );
    let code = h["bank_code_hash"].as_str().expect("a code hash");
    assert!(code.starts_with("0x") && code.len() == 66, "{code}");
    assert!(h["block"].as_u64().is_some(), "{h}");

    let g = s.ok("/graph");
    let nodes = g["nodes"].as_array().expect("nodes");
    assert_eq!(nodes.len(), 5);
    let alice_node = nodes
        .iter()
        .find(|n| n["id"] == bank("alice"))
        .expect("alice's bank");
    assert_eq!(alice_node["kind"], "bank");
    assert_eq!(alice_node["owner"], person("alice"));
    let lines = g["lines"].as_array().expect("lines");
    assert_eq!(lines.len(), 4);
    let ab = lines
        .iter()
        .find(|l| l["bank"] == bank("alice") && l["holder"] == bank("bob"))
        .expect("alice's line for bob");
    for (field, want) in [
        ("limit", "60"),
        ("willing", "60"),
        ("held", "0"),
        ("granted", "0"),
    ] {
        assert_eq!(ab[field], want, "{field} is a decimal string: {ab}");
    }

    // Two routes of 50, each alice's bank issuing to a friend's bank, who issues to dave's.
    let r = s.ok(&format!(
        "/routes?from={}&to={}&amount=100",
        person("alice"),
        person("dave")
    ));
    assert_eq!(r["amount"], "100");
    assert_eq!(r["deliverable"], "100");
    assert_eq!(r["from_bank"], bank("alice"));
    assert_eq!(r["to_bank"], bank("dave"));
    assert_eq!(r["cost"]["fits_one_call"], true);
    assert!(r["cost"]["ref_time"].as_u64().is_some_and(|t| t > 0));
    assert!(
        r["advice"].as_str().is_some_and(|a| a.contains("one call")),
        "{r}"
    );
    let routes = r["routes"].as_array().expect("routes");
    assert_eq!(routes.len(), 2, "{r}");
    let mut total: u128 = 0;
    for route in routes {
        let amount: u128 = route["amount"]
            .as_str()
            .expect("a string")
            .parse::<u128>()
            .unwrap();
        total = total.checked_add(amount).expect("no overflow");
        assert_eq!(route["start"], serde_json::json!({"type": "OwnBank"}));
        let hops = route["hops"].as_array().expect("hops");
        assert_eq!(hops.len(), 2);
        assert!([bank("bob"), bank("carol")].contains(&hops[0]["to"].as_str().unwrap().to_string()));
        assert_eq!(hops[1]["to"], bank("dave"));
        assert!(hops.iter().all(|h| h["settle"] == "Issue"));
    }
    assert_eq!(total, 100);

    // Hex accounts and banks are accepted; caps narrow the answer.
    let alice_hex = format!("0x{}", hex::encode(vouch_client::account("alice")));
    let one = s.ok(&format!(
        "/routes?from={alice_hex}&to={}&amount=100&max_routes=1&max_hops=4",
        bank("dave")
    ));
    assert_eq!(one["deliverable"], "60");
    assert_eq!(one["routes"].as_array().unwrap().len(), 1);
    assert_eq!(one["cost"]["fits_one_call"], false);
    assert!(
        one["advice"].as_str().unwrap().contains("only 60 of 100"),
        "{one}"
    );

    // No route: an answer, with a note.
    let none = s.ok(&format!(
        "/routes?from={}&to={}&amount=5",
        person("alice"),
        person("erin")
    ));
    assert_eq!(none["routes"], serde_json::json!([]));
    assert_eq!(none["deliverable"], "0");
    assert!(
        none["note"]
            .as_str()
            .is_some_and(|n| n.contains("no route")),
        "{none}"
    );

    // Refusals: 400 for a bad question, 404 for someone the service does not know.
    let (a, d) = (person("alice"), person("dave"));
    let e = s.refused(&format!("/routes?from={a}&to={d}&amount=ten"), 400);
    assert!(e.contains("amount"), "{e}");
    s.refused(&format!("/routes?from={a}&to={d}&amount=-3"), 400);
    s.refused(&format!("/routes?from={a}&to={d}&amount=0"), 400);
    let e = s.refused(&format!("/routes?from={a}&to={d}"), 400);
    assert!(e.contains("amount") && e.contains("missing"), "{e}");
    s.refused(&format!("/routes?to={d}&amount=5"), 400);
    s.refused(&format!("/routes?from=nobody&to={d}&amount=5"), 400);
    s.refused(
        &format!("/routes?from={a}&to={d}&amount=5&max_hops=99"),
        400,
    );
    s.refused(&format!("/routes?from={a}&to={a}&amount=5"), 400);
    let e = s.refused(
        &format!("/routes?from={a}&to={}&amount=5", person("zed")),
        404,
    );
    assert!(e.contains("no registered bank"), "{e}");
    s.refused(
        &format!("/routes?from={}&to={d}&amount=5", person("zed")),
        404,
    );
    s.refused("/no-such-thing", 404);
}

#[test]
fn a_budget_is_spent_from_held_notes() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let state = dir.path().join("chain.snapshot");
    for p in ["alice", "bob"] {
        bank_of(&state, None, p);
    }
    // bob trusts alice; frank holds 30 of alice's notes (a budget) and has no bank.
    ok(&state, None, &["link", "alice", "bob", "100"]);
    ok(
        &state,
        None,
        &["set-willing", "person:frank", "alice", "30"],
    );
    ok(&state, None, &["set-limit", "alice", "person:frank", "30"]);
    ok(&state, None, &["grant", "alice", "person:frank", "30"]);
    let s = Service::start(&state, None);
    let g = s.ok("/graph");
    let frank = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == person("frank"))
        .expect("frank holds notes");
    assert_eq!(frank["kind"], "person");
    assert_eq!(frank["owner"], Value::Null);
    let r = s.ok(&format!(
        "/routes?from={}&to={}&amount=20",
        person("frank"),
        person("bob")
    ));
    assert_eq!(r["deliverable"], "20", "{r}");
    assert_eq!(r["from_bank"], Value::Null);
    let route = &r["routes"][0];
    let alice_bank = r["routes"][0]["start"]["value"]
        .as_str()
        .expect("HeldNotes");
    assert_eq!(route["start"]["type"], "HeldNotes");
    assert_eq!(route["hops"].as_array().unwrap().len(), 1);
    assert_ne!(alice_bank, r["to_bank"]);
}

/// A name no earlier run on the same node used.
fn fresh(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{prefix}-{}", nanos % 1_000_000_000_000)
}

/// Asks `path` until `ready` says yes (at most `secs` seconds); returns the last answer.
fn poll(s: &Service, path: &str, secs: u64, ready: impl Fn(&Value) -> bool) -> Value {
    let started = Instant::now();
    loop {
        let v = s.ok(path);
        if ready(&v) || started.elapsed() > Duration::from_secs(secs) {
            return v;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

fn dev_account(name: &str) -> String {
    let key = vouch_client::node::key_from_uri(&format!("//{name}")).expect("a dev key");
    ss58(&vouch_client::node::account_of_key(&key))
}

#[test]
fn the_service_follows_a_node() {
    let Some(url) = std::env::var("VOUCH_NODE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        println!("skipped: set VOUCH_NODE_URL=ws://127.0.0.1:PORT to follow a node");
        return;
    };
    let node_url = url.clone();
    let url = Some(url.as_str());
    let dir = tempfile::tempdir().expect("a temporary directory");
    let state: PathBuf = dir.path().join("chain.snapshot");
    // A fresh deployment record: the service deploys a router of its own.
    let s = Service::start(&state, url);
    let h = s.ok("/health");
    assert_eq!(h["source"], "node");
    assert_eq!(h["node_url"], node_url);
    assert!(
        h["router"].is_string() && h["bank_code_hash"].is_string(),
        "{h}"
    );

    // After the service started: two banks, linked.
    let (p, q) = (fresh("pia"), fresh("quin"));
    let (pb, qb) = (bank_of(&state, url, &p), bank_of(&state, url, &q));
    ok(&state, url, &["link", &p, &q, "100"]);
    let linked = |g: &Value| {
        g["lines"].as_array().is_some_and(|ls| {
            ls.iter().any(|l| {
                l["bank"] == pb && l["holder"] == qb && l["limit"] == "100" && l["willing"] == "100"
            })
        })
    };
    let started = Instant::now();
    let g = poll(&s, "/graph", 20, linked);
    assert!(linked(&g), "the link never showed: {g}");
    println!(
        "the link showed {:.1} s after the command returned",
        started.elapsed().as_secs_f64()
    );
    let pn = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == pb)
        .expect("p's bank");
    assert_eq!(pn["kind"], "bank");
    assert_eq!(pn["owner"], dev_account(&p));

    let r = s.ok(&format!(
        "/routes?from={}&to={}&amount=40",
        dev_account(&p),
        dev_account(&q)
    ));
    assert_eq!(r["deliverable"], "40", "{r}");
    assert_eq!(r["from_bank"], pb);
    assert_eq!(r["to_bank"], qb);
    assert_eq!(r["routes"][0]["hops"][0]["to"], qb);

    // A payment moves notes: the line's `held` follows.
    ok(&state, url, &["pay", &p, &q, "40"]);
    let paid = |g: &Value| {
        g["lines"].as_array().is_some_and(|ls| {
            ls.iter()
                .any(|l| l["bank"] == pb && l["holder"] == qb && l["held"] == "40")
        })
    };
    let g = poll(&s, "/graph", 20, paid);
    assert!(paid(&g), "the payment never showed: {g}");
    let h = s.ok("/health");
    assert!(h["block"].as_u64().is_some(), "{h}");
}
