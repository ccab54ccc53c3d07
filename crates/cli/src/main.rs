//! `vouch`: trust banks, credit lines and payments between strangers, on an embedded chain
//! or on a node.
//!
//! Every command runs against an in-process sandbox chain whose whole state lives in one file
//! (`--state`, default `vouch.snapshot` in the current directory), so consecutive commands
//! act like transactions on one chain; or, with `--url`, against a pallet-contracts node,
//! through the same code. People are named (`alice`, `bob`, …); a name is a development key.
//! `--json` prints machine-readable output.

mod demo;
mod loan;
mod pay;
mod pool;
mod serve;
mod session;
mod shares;
mod svg;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use serde_json::json;
use session::Explain;
use std::path::PathBuf;
use vouch_client::{BankRef, Ledger, Receipt};
use vouch_traits::Balance;

use session::Session;

#[derive(Parser)]
#[command(
    name = "vouch",
    version,
    about = "Web-of-trust credit on an embedded chain"
)]
struct Cli {
    /// The chain state file (created on first use).
    #[arg(
        long,
        global = true,
        env = "VOUCH_STATE",
        default_value = "vouch.snapshot"
    )]
    state: PathBuf,
    /// Machine-readable output.
    #[arg(long, global = true)]
    json: bool,
    /// Run on the pallet-contracts node at this URL (ws://127.0.0.1:9944) instead of the
    /// embedded chain; what is deployed there is recorded beside the state file.
    #[arg(long, global = true, env = "VOUCH_URL")]
    url: Option<String>,
    /// The secret key URI (`//Alice`, or a mnemonic) of the account that funds named people
    /// on the node's development chain (default `//Alice`). Never printed.
    #[arg(
        long,
        global = true,
        env = "VOUCH_SURI",
        hide_env_values = true,
        conflicts_with = "suri_file"
    )]
    suri: Option<String>,
    /// Read the secret key URI from this file instead.
    #[arg(long, global = true)]
    suri_file: Option<PathBuf>,
    #[command(subcommand)]
    cmd: Cmd,
}

/// An amount, or `max` for as much as possible.
#[derive(Clone, Copy, Debug)]
enum Amount {
    Max,
    Exactly(Balance),
}

fn parse_amount(s: &str) -> Result<Amount, String> {
    if s == "max" {
        return Ok(Amount::Max);
    }
    s.parse::<Balance>()
        .map(Amount::Exactly)
        .map_err(|_| format!("`{s}` is not an amount: use a whole number or `max`"))
}

#[derive(Subcommand)]
enum Cmd {
    /// Run the demo: a community from Bitcoin OTC, budgets, payments between strangers,
    /// a revocation and a short-reserve redemption; writes vouch-demo.svg.
    Demo(demo::DemoArgs),
    /// Deploy a trust bank for NAME, authorise the router on it and register it.
    Deploy { name: String },
    /// Register NAME's bank with the router again (deploy already does it).
    Register { name: String },
    /// Put native currency into NAME's bank reserve.
    Deposit { name: String, amount: Balance },
    /// Take native currency out of NAME's bank reserve (owner only).
    Withdraw { name: String, amount: Balance },
    /// ISSUER extends HOLDER a credit limit: HOLDER may hold up to AMOUNT of ISSUER's notes.
    /// HOLDER is that person's bank when they have one; `person:NAME` names the person.
    SetLimit {
        issuer: String,
        holder: String,
        amount: Balance,
    },
    /// HOLDER is willing to hold up to AMOUNT of ISSUER's notes (its trust in ISSUER).
    SetWilling {
        holder: String,
        issuer: String,
        amount: Balance,
    },
    /// Both sides at once: ISSUER extends HOLDER a limit of AMOUNT and HOLDER is willing.
    Link {
        issuer: String,
        holder: String,
        amount: Balance,
    },
    /// ISSUER gives HOLDER AMOUNT notes as a revocable budget.
    Grant {
        issuer: String,
        holder: String,
        amount: Balance,
    },
    /// ISSUER takes back up to what it granted HOLDER (earned notes are never burnable).
    Revoke {
        issuer: String,
        holder: String,
        amount: Balance,
    },
    /// HOLDER redeems AMOUNT of ISSUER's notes for native currency from ISSUER's reserve.
    Redeem {
        holder: String,
        issuer: String,
        amount: Balance,
        /// Take what the reserve can pay instead of failing when it is short.
        #[arg(long)]
        partial: bool,
    },
    /// FROM (a person) transfers AMOUNT of ISSUER's notes they hold to TO (a PSP22
    /// transfer; TO must be willing to hold them and within ISSUER's limit for it).
    Transfer {
        from: String,
        issuer: String,
        to: String,
        amount: Balance,
    },
    /// Group pools: members with a k-of-n threshold sharing one trust bank (`pool:NAME`).
    Pool {
        #[command(subcommand)]
        cmd: pool::PoolCmd,
    },
    /// Loans with terms: slices funded by lenders, moved only to people who accept them,
    /// repaid pro rata, sold early, defaulted onto collateral.
    Loan {
        #[command(subcommand)]
        cmd: loan::LoanCmd,
    },
    /// Trackers: lists of loans their owners vouch for.
    Tracker {
        #[command(subcommand)]
        cmd: loan::TrackerCmd,
    },
    /// Shares: a PSP22 token issued to founders, pro-rata distributions of native currency
    /// to every holder, and motions voted with the shares held when they were made.
    Shares {
        #[command(subcommand)]
        cmd: shares::SharesCmd,
    },
    /// Move the embedded chain BLOCKS blocks on (deadlines, due blocks and proposal expiry go
    /// by block number; a node makes its own blocks).
    Advance { blocks: u32 },
    /// Pay TO from FROM: the pathfinder finds routes, the router quotes them (dry run), then
    /// pays them atomically in one call (as many routes as one call's cost budget allows;
    /// when the amount needs more calls, nothing is paid and the error says how to split it).
    Pay {
        from: String,
        to: String,
        amount: Balance,
        #[arg(long, default_value_t = 16)]
        max_hops: usize,
        #[arg(long, default_value_t = 8)]
        max_routes: usize,
        /// Spend notes FROM holds (a granted budget) instead of FROM's own bank.
        #[arg(long)]
        budget: bool,
        /// Only find and quote the routes.
        #[arg(long)]
        dry_run: bool,
    },
    /// Native balance, bank reserve and notes held, for NAME or for everyone.
    Balances { name: Option<String> },
    /// The lines of NAME's bank (or of the bank at an SS58 / 0x-hex address), or of every bank.
    Lines { name: Option<String> },
    /// The trust graph: a summary, or an SVG drawing (optionally with a payment's routes).
    Graph {
        #[arg(long)]
        svg: Option<PathBuf>,
        /// Highlight the routes a payment FROM -> TO of AMOUNT would take.
        #[arg(long, num_args = 3, value_names = ["FROM", "TO", "AMOUNT"])]
        route: Option<Vec<String>>,
    },
    /// Offline: routes on a CSV web of trust (`source,target,rating[,time]`; a rating r > 0
    /// from A to B lets B pay A up to r).
    Route {
        #[arg(long)]
        graph: PathBuf,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        /// A whole number, or `max`.
        #[arg(long, value_parser = parse_amount)]
        amount: Amount,
        #[arg(long, default_value_t = 16)]
        max_hops: usize,
        #[arg(long, default_value_t = 8)]
        max_routes: usize,
    },
    /// The route service: keeps the trust graph current (following the node of `--url`
    /// block by block, or reading the state file once) and answers route queries over HTTP
    /// with the plans `vouch pay` makes (docs/route-service.md).
    Serve(serve::ServeArgs),
    /// Forget the chain: delete the state file.
    Reset,
}

/// How one step is printed: what happened and what it cost (on a node, also the block
/// that included it and the fee).
pub fn cost_line(what: &str, r: &Receipt) -> String {
    let mut line = format!(
        "  {what:<52} ref_time {:>14}  proof {:>7} B",
        group(u128::from(r.weight.ref_time())),
        group(u128::from(r.weight.proof_size()))
    );
    if let Some(n) = r.block_number {
        line.push_str(&format!("  block #{n}"));
    }
    if let Some(fee) = r.fee {
        line.push_str(&format!("  fee {}", group(fee)));
    }
    line
}

/// 1234567 -> "1,234,567".
pub fn group(n: u128) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (left, c) in (1..=s.len()).rev().zip(s.chars()) {
        // `left` digits remain, this one included: a comma before every third from the end.
        if left < s.len() && left % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A step's cost as JSON; on a node also `block`, `block_hash` and `fee`.
pub fn cost_json(r: &Receipt) -> serde_json::Value {
    let mut cost = json!({"ref_time": r.weight.ref_time(), "proof_size": r.weight.proof_size()});
    if let Some(n) = r.block_number {
        cost["block"] = json!(n);
    }
    if let Some(h) = r.block_hash {
        cost["block_hash"] = json!(format!("0x{}", hex::encode(h)));
    }
    if let Some(fee) = r.fee {
        cost["fee"] = json!(fee);
    }
    cost
}

/// Prints the outcome of a state-changing command.
fn done(json: bool, what: &str, r: &Receipt) {
    if json {
        println!(
            "{}",
            json!({"ok": true, "what": what, "cost": cost_json(r)})
        );
    } else {
        println!("{}", cost_line(what, r));
    }
}

fn main() {
    let cli = Cli::parse();
    if let Err(e) = run(cli) {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

fn run(cli: Cli) -> Result<()> {
    let json = cli.json;
    match cli.cmd {
        Cmd::Demo(args) => {
            let node = node_options(&cli.url, &cli.suri, &cli.suri_file)?;
            demo::run(args, json, node)
        }
        Cmd::Serve(args) => {
            let node =
                node_options(&cli.url, &cli.suri, &cli.suri_file)?.map(|o| session::NodeOptions {
                    spinner: false,
                    ..o
                });
            serve::run(args, &cli.state, node)
        }
        Cmd::Route {
            graph,
            from,
            to,
            amount,
            max_hops,
            max_routes,
        } => pay::offline_route(&graph, &from, &to, amount, max_hops, max_routes, json),
        Cmd::Reset if cli.url.is_some() => {
            let url = cli.url.as_deref().unwrap_or_default();
            let gone = Session::forget_node(&cli.state, url)?;
            if !json {
                match gone {
                    Some(path) => println!(
                        "deployments on {url} forgotten ({} removed)",
                        path.display()
                    ),
                    None => println!("nothing recorded for {url}"),
                }
            }
            Ok(())
        }
        Cmd::Reset => {
            if cli.state.exists() {
                std::fs::remove_file(&cli.state)
                    .with_context(|| format!("removing {}", cli.state.display()))?;
            }
            if !json {
                println!("chain state {} cleared", cli.state.display());
            }
            Ok(())
        }
        cmd => {
            let mut s = match node_options(&cli.url, &cli.suri, &cli.suri_file)? {
                None => Session::open(&cli.state)?,
                Some(opts) => Session::open_node(&cli.state, opts)?,
            };
            let changed = on_chain(&mut s, cmd, json)?;
            if changed {
                s.save()?;
            }
            Ok(())
        }
    }
}

/// How to reach the node of `--url`, if one was given: the funder's key comes from `--suri`
/// (or `VOUCH_SURI`), else from `--suri-file`.
fn node_options(
    url: &Option<String>,
    suri: &Option<String>,
    suri_file: &Option<PathBuf>,
) -> Result<Option<session::NodeOptions>> {
    let Some(url) = url else { return Ok(None) };
    let uri = match (suri, suri_file) {
        (Some(uri), _) => Some(uri.clone()),
        (None, Some(file)) => Some(
            std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?,
        ),
        (None, None) => None,
    };
    let funder = uri
        .map(|uri| vouch_client::node::key_from_uri(&uri))
        .transpose()?;
    Ok(Some(session::NodeOptions {
        url: url.clone(),
        funder,
        spinner: true,
    }))
}

/// Runs a command on the chain; returns whether it changed state.
fn on_chain(s: &mut Session, cmd: Cmd, json: bool) -> Result<bool> {
    match cmd {
        Cmd::Deploy { name } => {
            let (bank, costs) = s.deploy(&name)?;
            if json {
                let steps: Vec<_> = costs
                    .iter()
                    .map(|(w, r)| json!({"what": w, "cost": cost_json(r)}))
                    .collect();
                println!(
                    "{}",
                    json!({"ok": true, "bank": bank.to_string(), "steps": steps})
                );
            } else {
                println!("{name}'s bank is {bank}");
                for (w, r) in &costs {
                    println!("{}", cost_line(w, r));
                }
            }
        }
        Cmd::Register { name } => {
            let bank = s.bank_of(&name)?;
            s.register(&name, &bank)?;
            done(json, &format!("{name}'s bank registered"), &s.receipt());
        }
        Cmd::Deposit { name, amount } => {
            let bank = s.bank(&name)?;
            let who = s.person(&name)?;
            bank.deposit(&mut s.chain, &who, amount)
                .or_explain("deposit")?;
            done(json, &format!("{name} deposited {amount}"), &s.receipt());
        }
        Cmd::Withdraw { name, amount } => {
            let (who, bank) = s.own_bank(&name)?;
            bank.withdraw(&mut s.chain, &who, amount)
                .or_explain("withdraw")?;
            done(json, &format!("{name} withdrew {amount}"), &s.receipt());
        }
        Cmd::SetLimit {
            issuer,
            holder,
            amount,
        } => {
            s.on_line(&issuer, &holder, "set_limit", |b, c, who, h| {
                b.set_limit(c, who, h, amount)
            })?;
            done(
                json,
                &format!("{issuer} extends {holder} a limit of {amount}"),
                &s.receipt(),
            );
        }
        Cmd::SetWilling {
            holder,
            issuer,
            amount,
        } => {
            set_willing(s, &holder, &issuer, amount)?;
            done(
                json,
                &format!("{holder} is willing to hold {amount} of {issuer}'s notes"),
                &s.receipt(),
            );
        }
        Cmd::Link {
            issuer,
            holder,
            amount,
        } => {
            s.on_line(&issuer, &holder, "set_limit", |b, c, who, h| {
                b.set_limit(c, who, h, amount)
            })?;
            let first = s.receipt();
            set_willing(s, &holder, &issuer, amount)?;
            done(json, &format!("{issuer} extends {holder} {amount}"), &first);
            done(
                json,
                &format!("{holder} is willing to hold {amount}"),
                &s.receipt(),
            );
        }
        Cmd::Grant {
            issuer,
            holder,
            amount,
        } => {
            s.on_line(&issuer, &holder, "grant", |b, c, who, h| {
                b.grant(c, who, h, amount)
            })?;
            done(
                json,
                &format!("{issuer} grants {holder} {amount}"),
                &s.receipt(),
            );
        }
        Cmd::Revoke {
            issuer,
            holder,
            amount,
        } => {
            s.on_line(&issuer, &holder, "revoke", |b, c, who, h| {
                b.revoke(c, who, h, amount)
            })?;
            done(
                json,
                &format!("{issuer} revokes {amount} from {holder}"),
                &s.receipt(),
            );
        }
        Cmd::Redeem {
            holder,
            issuer,
            amount,
            partial,
        } => {
            let paid = redeem(s, &holder, &issuer, amount, partial)?;
            done(
                json,
                &format!("{holder} redeemed {paid} of {issuer}'s notes"),
                &s.receipt(),
            );
        }
        Cmd::Transfer {
            from,
            issuer,
            to,
            amount,
        } => {
            let who = pool::person(s, &from)?;
            let bank = s.bank(&issuer)?;
            let receiver = s.holder(&to)?;
            bank.transfer(&mut s.chain, &who, &receiver, amount)
                .or_explain("transfer")?;
            done(
                json,
                &format!("{from} transfers {amount} of {issuer}'s notes to {to}"),
                &s.receipt(),
            );
        }
        Cmd::Pool { cmd } => return pool::run(s, cmd, json),
        Cmd::Loan { cmd } => return loan::run(s, cmd, json),
        Cmd::Tracker { cmd } => return loan::run_tracker(s, cmd, json),
        Cmd::Shares { cmd } => return shares::run(s, cmd, json),
        Cmd::Advance { blocks } => {
            let now = s.advance(blocks)?;
            if json {
                println!("{}", json!({"ok": true, "block": now}));
            } else {
                println!("the chain is at block {now}");
            }
        }
        Cmd::Pay {
            from,
            to,
            amount,
            max_hops,
            max_routes,
            budget,
            dry_run,
        } => {
            let limits = vouch_pathfinder::Limits {
                max_hops,
                max_routes,
            };
            let mut graph = s.graph()?;
            let out = pay::pay(s, &mut graph, &from, &to, amount, limits, budget, dry_run)?;
            pay::print(&out, json);
            return Ok(!dry_run);
        }
        Cmd::Balances { name } => {
            balances(s, name.as_deref(), json)?;
            return Ok(false);
        }
        Cmd::Lines { name } => {
            lines(s, name.as_deref(), json)?;
            return Ok(false);
        }
        Cmd::Graph { svg, route } => {
            let mut graph = s.graph()?;
            let routes = match route {
                Some(v) => {
                    let amount: Balance = v[2]
                        .parse()
                        .with_context(|| format!("`{}` is not an amount", v[2]))?;
                    let limits = vouch_pathfinder::Limits::default();
                    let out = pay::pay(s, &mut graph, &v[0], &v[1], amount, limits, false, true)?;
                    out.path_accounts
                }
                None => Vec::new(),
            };
            let names = svg::Names::from_session(s)?;
            let summary = svg::summary(&graph);
            if let Some(path) = svg {
                let drawing = svg::draw(&graph, &names, &routes);
                std::fs::write(&path, drawing)
                    .with_context(|| format!("writing {}", path.display()))?;
                if !json {
                    println!("wrote {}", path.display());
                }
            }
            if json {
                println!("{}", serde_json::to_string(&summary)?);
            } else {
                println!(
                    "{} banks, {} people holding notes, {} lines ({} with room to issue)",
                    summary.banks, summary.people, summary.lines, summary.open_lines
                );
            }
            return Ok(false);
        }
        Cmd::Demo(_) | Cmd::Route { .. } | Cmd::Serve(_) | Cmd::Reset => {
            unreachable!("handled off-chain")
        }
    }
    Ok(true)
}

/// `holder` (a bank owner, or a person) states its willingness to hold `issuer`'s notes.
pub fn set_willing(s: &mut Session, holder: &str, issuer: &str, amount: Balance) -> Result<()> {
    let issuer_bank = s.bank(issuer)?;
    match holder.strip_prefix("person:") {
        None if s.has_bank(holder) => {
            let (who, bank) = s.own_bank(holder)?;
            bank.trust(&mut s.chain, &who, &issuer_bank, amount)
                .or_explain("trust")
        }
        _ => {
            let name = holder.strip_prefix("person:").unwrap_or(holder);
            let who = s.person(name)?;
            issuer_bank
                .set_willing(&mut s.chain, &who, amount)
                .or_explain("set_willing")
        }
    }
}

/// `holder` redeems `issuer`'s notes; a bank owner redeems what their bank holds (collect).
pub fn redeem(
    s: &mut Session,
    holder: &str,
    issuer: &str,
    amount: Balance,
    partial: bool,
) -> Result<Balance> {
    let issuer_bank = s.bank(issuer)?;
    let name = holder.strip_prefix("person:").unwrap_or(holder);
    if s.has_bank(holder) && !holder.starts_with("person:") {
        if partial {
            bail!("--partial is for people; a bank collects whole amounts");
        }
        let (who, bank) = s.own_bank(holder)?;
        bank.collect(&mut s.chain, &who, &issuer_bank, amount)
            .or_explain("collect")?;
        return Ok(amount);
    }
    let who = s.person(name)?;
    if partial {
        return issuer_bank
            .redeem_partial(&mut s.chain, &who, amount)
            .or_explain("redeem");
    }
    issuer_bank
        .redeem(&mut s.chain, &who, amount)
        .or_explain("redeem")?;
    Ok(amount)
}

fn balances(s: &mut Session, name: Option<&str>, json: bool) -> Result<()> {
    let people: Vec<String> = match name {
        Some(n) => vec![n.to_string()],
        None => s.dir.banks.keys().cloned().collect(),
    };
    let banks = s.all_banks()?;
    let mut rows = Vec::new();
    for p in &people {
        let who = s.person(p)?;
        let native = s.chain.free_balance(&who)?;
        let (reserve, outstanding) = match s.has_bank(p) {
            true => {
                let st = s.bank(p)?.status(&mut s.chain).or_explain("status")?;
                (Some(st.reserve), Some(st.outstanding))
            }
            false => (None, None),
        };
        let mut held = Vec::new();
        for (issuer, bank) in &banks {
            let n = BankRef::at(bank.clone())
                .balance_of(&mut s.chain, &who)
                .or_explain("balance_of")?;
            if n > 0 {
                held.push((issuer.clone(), n));
            }
        }
        rows.push((p.clone(), native, reserve, outstanding, held));
    }
    if json {
        let v: Vec<_> = rows
            .iter()
            .map(|(p, native, reserve, outstanding, held)| {
                json!({"name": p, "native": native, "reserve": reserve,
                       "outstanding": outstanding,
                       "holds": held.iter().map(|(i, n)| json!({"issuer": i, "notes": n})).collect::<Vec<_>>()})
            })
            .collect();
        println!("{}", serde_json::to_string(&v)?);
    } else {
        println!(
            "{:<12} {:>18} {:>12} {:>12}  notes held",
            "person", "native", "reserve", "outstanding"
        );
        for (p, native, reserve, outstanding, held) in rows {
            let opt = |v: Option<Balance>| v.map_or("-".to_string(), |v| v.to_string());
            let held: Vec<String> = held.iter().map(|(i, n)| format!("{n} {i}")).collect();
            println!(
                "{p:<12} {:>18} {:>12} {:>12}  {}",
                group(native),
                opt(reserve),
                opt(outstanding),
                held.join(", ")
            );
        }
    }
    Ok(())
}

fn lines(s: &mut Session, name: Option<&str>, json: bool) -> Result<()> {
    let banks: Vec<(String, vouch_client::AccountId32)> = match name {
        Some(n) => vec![(n.to_string(), s.bank_of(n)?)],
        None => s.all_banks()?,
    };
    let mut out = Vec::new();
    for (owner, bank) in banks {
        for (holder, l) in BankRef::at(bank.clone())
            .all_lines(&mut s.chain)
            .or_explain("lines")?
        {
            out.push((owner.clone(), bank.clone(), s.name_of(&holder), holder, l));
        }
    }
    if json {
        let v: Vec<_> = out
            .iter()
            .map(|(o, b, h, hid, l)| {
                json!({"issuer": o, "holder": h, "limit": l.limit, "willing": l.willing,
                       "held": l.held, "granted": l.granted,
                       "bank_id": b.to_string(), "holder_id": hid.to_string()})
            })
            .collect();
        println!("{}", serde_json::to_string(&v)?);
    } else {
        println!(
            "{:<12} {:<20} {:>10} {:>10} {:>10} {:>10}",
            "issuer", "holder", "limit", "willing", "held", "granted"
        );
        let n = |v: Balance| match v {
            Balance::MAX => "max".to_string(),
            v => v.to_string(),
        };
        for (o, _, h, _, l) in out {
            println!(
                "{o:<12} {h:<20} {:>10} {:>10} {:>10} {:>10}",
                n(l.limit),
                n(l.willing),
                l.held,
                l.granted
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::group;

    #[test]
    fn groups_digits_in_threes() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1_000), "1,000");
        assert_eq!(group(1_234_567), "1,234,567");
        assert_eq!(
            group(u128::MAX),
            "340,282,366,920,938,463,463,374,607,431,768,211,455"
        );
    }
}
