//! The HTTP API: `/health`, `/graph`, `/routes` (docs/route-service.md has every shape).
//!
//! Accounts are SS58 strings (prefix 42) in answers; questions may give SS58 or 0x-hex.
//! Balances are decimal strings (a u128 does not fit a JavaScript number). Every answer
//! carries `Access-Control-Allow-Origin: *`; every refused question gets a 4xx status and
//! `{"error": "…"}`.

use super::App;
use crate::pay::{plan_payment, Planned};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use tower_http::cors::CorsLayer;
use tower_http::services::{ServeDir, ServeFile};
use vouch_client::{account_of, AccountId32};
use vouch_pathfinder::Limits;
use vouch_traits::{Balance, Route, Settle, Start};

type Shared = Arc<App>;

/// The service's routes: the API, then the page's files (`web`) for every other path.
pub fn router(app: Shared, web: Option<&Path>) -> Router {
    let api = Router::new()
        .route("/health", get(health))
        .route("/graph", get(graph))
        .route("/routes", get(routes));
    let api = match web {
        Some(dir) => api
            .fallback_service(ServeDir::new(dir).fallback(ServeFile::new(dir.join("index.html")))),
        None => api.fallback(not_found),
    };
    api.with_state(app).layer(CorsLayer::permissive())
}

/// A refused question: its status and `{"error": …}`.
#[derive(Debug)]
pub struct ApiError(StatusCode, String);

impl ApiError {
    fn bad(what: impl Into<String>) -> Self {
        Self(StatusCode::BAD_REQUEST, what.into())
    }
    fn unknown(what: impl Into<String>) -> Self {
        Self(StatusCode::NOT_FOUND, what.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

async fn not_found(uri: Uri) -> ApiError {
    ApiError::unknown(format!(
        "there is nothing at {}: the API has /health, /graph and /routes",
        uri.path()
    ))
}

/// SS58, prefix 42.
fn ss58(a: &AccountId32) -> String {
    a.to_string()
}

fn hex32(h: &[u8; 32]) -> String {
    format!("0x{}", hex::encode(h))
}

/// An account given as SS58 or as 0x-hex (32 bytes).
fn parse_account(name: &str, s: &str) -> Result<AccountId32, ApiError> {
    crate::session::parse_address(s).ok_or_else(|| {
        ApiError::bad(format!(
            "`{name}` is not an account: give an SS58 address or 32 bytes of 0x-hex"
        ))
    })
}

async fn health(State(app): State<Shared>) -> Json<Value> {
    let view = app.read();
    let info = &app.info;
    Json(json!({
        "ok": true,
        "source": info.source.name(),
        "chain": info.chain,
        "node_url": info.node_url,
        "block": view.block,
        "router": info.router.as_ref().map(ss58),
        "bank_code_hash": info.bank_code_hash.as_ref().map(hex32),
        "banks": view.graph.banks().count(),
        "lines": view.graph.line_count(),
    }))
}

#[derive(Serialize)]
struct NodeJson {
    id: String,
    kind: &'static str,
    owner: Option<String>,
}

#[derive(Serialize)]
struct LineJson {
    bank: String,
    holder: String,
    limit: String,
    willing: String,
    held: String,
    granted: String,
}

#[derive(Serialize)]
struct GraphJson {
    block: Option<u32>,
    nodes: Vec<NodeJson>,
    lines: Vec<LineJson>,
    /// Present (true) when `max_lines` cut the lines short.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    truncated: bool,
}

type Params = Result<Query<HashMap<String, String>>, QueryRejection>;

fn params(q: Params) -> Result<HashMap<String, String>, ApiError> {
    q.map(|Query(p)| p)
        .map_err(|e| ApiError::bad(format!("the query does not parse: {e}")))
}

/// An optional whole-number parameter.
fn number(p: &HashMap<String, String>, name: &str) -> Result<Option<usize>, ApiError> {
    p.get(name)
        .map(|v| {
            v.trim()
                .parse::<usize>()
                .map_err(|_| ApiError::bad(format!("`{name}` must be a whole number, not `{v}`")))
        })
        .transpose()
}

async fn graph(State(app): State<Shared>, q: Params) -> Result<Json<GraphJson>, ApiError> {
    let p = params(q)?;
    let max_lines = number(&p, "max_lines")?.unwrap_or(usize::MAX);
    let view = app.read();
    let g = &view.graph;
    let nodes = g
        .accounts()
        .iter()
        .map(|a| {
            let bank = g.is_bank(a);
            NodeJson {
                id: ss58(a),
                kind: if bank { "bank" } else { "person" },
                owner: view.owner_of.get(a).map(ss58),
            }
        })
        .collect();
    let lines: Vec<LineJson> = g
        .lines()
        .take(max_lines)
        .map(|(bank, holder, l)| LineJson {
            bank: ss58(bank),
            holder: ss58(holder),
            limit: l.limit.to_string(),
            willing: l.willing.to_string(),
            held: l.held.to_string(),
            granted: l.granted.to_string(),
        })
        .collect();
    let truncated = lines.len() < g.line_count();
    Ok(Json(GraphJson {
        block: view.block,
        nodes,
        lines,
        truncated,
    }))
}

/// One route as the router's `Route` takes it.
fn route_json(r: &Route) -> Value {
    let start = match r.start {
        Start::OwnBank => json!({"type": "OwnBank"}),
        Start::HeldNotes(bank) => json!({"type": "HeldNotes", "value": ss58(&account_of(&bank))}),
    };
    let hops: Vec<Value> = r
        .hops
        .iter()
        .map(|h| {
            let settle = match h.settle {
                Settle::Issue => "Issue",
                Settle::Return => "Return",
            };
            json!({"to": ss58(&account_of(&h.to)), "settle": settle})
        })
        .collect();
    json!({"amount": r.amount.to_string(), "start": start, "hops": hops})
}

/// `yes`/`no` spelled as a page would: true, false, 1, 0.
fn flag(p: &HashMap<String, String>, name: &str) -> Result<bool, ApiError> {
    match p.get(name).map(|v| v.trim()) {
        None | Some("false" | "0" | "") => Ok(false),
        Some("true" | "1") => Ok(true),
        Some(v) => Err(ApiError::bad(format!(
            "`{name}` must be true or false, not `{v}`"
        ))),
    }
}

/// A cap between 1 and the router's `most`, by default `most`.
fn cap(p: &HashMap<String, String>, name: &str, most: usize) -> Result<usize, ApiError> {
    match number(p, name)? {
        None => Ok(most),
        Some(n) if (1..=most).contains(&n) => Ok(n),
        Some(n) => Err(ApiError::bad(format!(
            "`{name}` must be between 1 and {most} (the router's cap), not {n}"
        ))),
    }
}

fn required<'a>(p: &'a HashMap<String, String>, name: &str) -> Result<&'a str, ApiError> {
    p.get(name)
        .map(String::as_str)
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| ApiError::bad(format!("`{name}` is missing")))
}

async fn routes(State(app): State<Shared>, q: Params) -> Result<Json<Value>, ApiError> {
    let p = params(q)?;
    let from = parse_account("from", required(&p, "from")?)?;
    let to = parse_account("to", required(&p, "to")?)?;
    let amount_text = required(&p, "amount")?.trim();
    let amount: Balance = amount_text.parse().map_err(|_| {
        ApiError::bad(format!(
            "`amount` must be a whole number of the smallest unit, as a decimal string, not \
             `{amount_text}`"
        ))
    })?;
    if amount == 0 {
        return Err(ApiError::bad("`amount` must be positive"));
    }
    let caps = Limits::default();
    let limits = Limits {
        max_hops: cap(&p, "max_hops", caps.max_hops)?,
        max_routes: cap(&p, "max_routes", caps.max_routes)?,
    };
    let budget = flag(&p, "budget")?;
    let view = app.read();
    let g = &view.graph;
    let bank_of = |who: &AccountId32| -> Option<AccountId32> {
        if g.is_bank(who) {
            Some(who.clone())
        } else {
            view.bank_of.get(who).cloned()
        }
    };
    // The payer's side: its bank, or (with `budget`, or for a person without a bank) the
    // notes it holds itself.
    let from_bank = if budget { None } else { bank_of(&from) };
    let source_acc = match &from_bank {
        Some(bank) => bank.clone(),
        None if g.node(&from).is_some() && !g.is_bank(&from) => from.clone(),
        None if budget => {
            return Err(ApiError::unknown(format!(
                "{} holds no notes of any bank the service knows",
                ss58(&from)
            )))
        }
        None => {
            return Err(ApiError::unknown(format!(
                "{} has no registered bank the service knows of, and holds no notes",
                ss58(&from)
            )))
        }
    };
    let to_bank = bank_of(&to).ok_or_else(|| {
        ApiError::unknown(format!(
            "{} has no registered bank the service knows of",
            ss58(&to)
        ))
    })?;
    if source_acc == to_bank || from == to {
        return Err(ApiError::bad(
            "`from` and `to` are the same: nobody pays themselves",
        ));
    }
    let (Some(source), Some(target)) = (g.node(&source_acc), g.node(&to_bank)) else {
        return Err(ApiError::unknown("that bank is not in the graph"));
    };
    let planned = plan_payment(g, source, target, amount, limits);
    let block = view.block;
    drop(view);
    Ok(Json(answer(
        &from, &to, from_bank, &to_bank, amount, limits, &planned, block,
    )))
}

/// The answer to a route question.
#[allow(clippy::too_many_arguments)] // the question's parts, one to one
fn answer(
    from: &AccountId32,
    to: &AccountId32,
    from_bank: Option<AccountId32>,
    to_bank: &AccountId32,
    amount: Balance,
    limits: Limits,
    planned: &Planned,
    block: Option<u32>,
) -> Value {
    let (from_s, to_s) = (ss58(from), ss58(to));
    let fits = !planned.routes.is_empty()
        && planned.deliverable >= amount
        && planned.estimate.fits_in(planned.model.budget);
    let step = |p: Balance| format!("pay_along of {p}");
    let shortfall = planned.shortfall(amount, (&from_s, &to_s), limits, &step);
    let advice = match &shortfall {
        None => format!(
            "one call pays it all: pay_along(to, routes, {d}, {d}, deadline) (estimated {} \
             ref_time, {} proof_size, of {} and {} one call may use)",
            planned.estimate.ref_time,
            planned.estimate.proof_size,
            planned.model.budget.ref_time,
            planned.model.budget.proof_size,
            d = planned.deliverable,
        ),
        Some(why) if planned.parts.len() > 1 => format!(
            "{why}. Each part is a transaction of its own: pay the routes given here, then ask \
             again for the rest (the lines will have changed)"
        ),
        Some(why) if planned.routes.is_empty() => why.clone(),
        Some(why) => format!(
            "{why}: the routes here carry {}; pay_along(to, routes, {d}, {d}, deadline) pays \
             that",
            planned.deliverable,
            d = planned.deliverable
        ),
    };
    let routes: Vec<Value> = planned.routes.iter().map(route_json).collect();
    let mut out = json!({
        "from": from_s,
        "to": to_s,
        "from_bank": from_bank.as_ref().map(ss58),
        "to_bank": ss58(to_bank),
        "amount": amount.to_string(),
        "deliverable": planned.deliverable.to_string(),
        "routable": planned.routable.to_string(),
        "parts": planned.parts.iter().map(u128::to_string).collect::<Vec<_>>(),
        "routes": routes,
        "cost": {
            "ref_time": planned.estimate.ref_time,
            "proof_size": planned.estimate.proof_size,
            "fits_one_call": fits,
        },
        "advice": advice,
        "block": block,
        "search_us": u64::try_from(planned.search.as_micros()).unwrap_or(u64::MAX),
    });
    if planned.routes.is_empty() {
        out["note"] = json!(format!(
            "no route: {}",
            shortfall.unwrap_or_else(|| "nothing can be routed".into())
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_parse_as_ss58_or_hex() {
        let a = vouch_client::account("alice");
        let hexed = format!(
            "0x{}",
            hex::encode(<AccountId32 as AsRef<[u8]>>::as_ref(&a))
        );
        assert_eq!(parse_account("from", &hexed).unwrap(), a);
        assert_eq!(parse_account("from", &ss58(&a)).unwrap(), a);
        assert!(
            ss58(&a).starts_with('5'),
            "prefix 42 addresses start with 5"
        );
        assert!(parse_account("from", "0x1234").is_err());
        assert!(parse_account("from", "alice").is_err());
    }

    #[test]
    fn routes_take_the_router_s_json_shape() {
        let bank = vouch_client::account("b");
        let r = Route {
            amount: 12,
            start: Start::HeldNotes(vouch_client::ink_id(&bank)),
            hops: vec![vouch_traits::Hop {
                to: vouch_client::ink_id(&bank),
                settle: Settle::Return,
            }],
        };
        let b = ss58(&bank);
        assert_eq!(
            route_json(&r),
            json!({"amount": "12", "start": {"type": "HeldNotes", "value": b},
                   "hops": [{"to": b, "settle": "Return"}]})
        );
    }

    #[test]
    fn an_amount_that_takes_several_calls_is_advised_in_parts() {
        use vouch_pathfinder::cost::{CostModel, Shape, Split, Weight};
        let (alice, bank) = (vouch_client::account("alice"), vouch_client::account("ab"));
        let one = Route {
            amount: 180,
            start: Start::OwnBank,
            hops: vec![vouch_traits::Hop {
                to: vouch_client::ink_id(&bank),
                settle: Settle::Issue,
            }],
        };
        let planned = Planned {
            plan: vouch_pathfinder::Plan::default(),
            routes: vec![one],
            deliverable: 180,
            parts: vec![180, 70],
            routable: 250,
            estimate: Weight::new(80_000_000_000, 1_000_000),
            whole: Shape {
                banks: 12,
                legs: 20,
                returns: 0,
                routes: 8,
            },
            whole_cost: Weight::new(91_000_000_000, 1_000_000),
            later: Split::default(),
            model: CostModel::default(),
            source: 0,
            search: std::time::Duration::ZERO,
        };
        let v = answer(
            &alice,
            &bank,
            None,
            &bank,
            250,
            Limits::default(),
            &planned,
            None,
        );
        let advice = v["advice"].as_str().unwrap();
        assert!(
            advice.contains("one call carries at most 180")
                && advice.contains("To pay in 2 parts: pay_along of 180, then pay_along of 70")
                && advice.contains("transaction of its own"),
            "{advice}"
        );
        assert_eq!(v["cost"]["fits_one_call"], false);
        assert_eq!(v["parts"], json!(["180", "70"]));
        assert_eq!(v["deliverable"], "180");
        assert!(v.get("note").is_none());
    }
}
