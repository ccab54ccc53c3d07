//! Draws the trust graph as SVG: banks as dots (named people larger and labelled), lines as
//! arrows in the direction notes flow (issuer to holder), and a payment's routes on top.
//!
//! Layout is a deterministic force-directed one (Fruchterman–Reingold, O(n²) per round,
//! fine for the few hundred banks of a community).

use crate::session::Session;
use anyhow::Result;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write;
use vouch_client::graph::TrustGraph;
use vouch_client::AccountId32;

const SIZE: f64 = 1000.0;
const ROUTE_COLOURS: [&str; 8] = [
    "#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#e377c2", "#8c564b",
];

/// Display names of accounts; `featured` ones are drawn large and labelled.
pub struct Names {
    label: HashMap<AccountId32, String>,
    featured: Vec<AccountId32>,
}

impl Names {
    pub fn from_session(s: &Session) -> Result<Self> {
        let mut label = HashMap::new();
        let mut featured = Vec::new();
        for (name, bank) in s.banks()? {
            if !name.starts_with("otc-") {
                featured.push(bank.clone());
            }
            label.insert(bank, name);
        }
        for (name, bank) in s.pool_banks()? {
            featured.push(bank.clone());
            label.insert(bank, name);
        }
        Ok(Self { label, featured })
    }

    fn of(&self, who: &AccountId32) -> String {
        if let Some(l) = self.label.get(who) {
            return l.clone();
        }
        // A person's development key spells their name.
        let raw: &[u8] = who.as_ref();
        let name: String = raw[..31]
            .iter()
            .take_while(|&&b| b != 0)
            .map(|&b| b as char)
            .collect();
        if raw[31] == 0xAC && !name.is_empty() {
            name
        } else {
            format!("{who}").chars().take(6).collect()
        }
    }
}

/// Counts for `vouch graph`.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub banks: usize,
    pub people: usize,
    pub lines: usize,
    pub open_lines: usize,
}

pub fn summary(g: &TrustGraph) -> Summary {
    let mut people = std::collections::HashSet::new();
    let (mut lines, mut open) = (0usize, 0usize);
    for (_, holder, l) in g.lines() {
        lines = lines.saturating_add(1);
        if l.capacity() > 0 && g.is_bank(holder) {
            open = open.saturating_add(1);
        }
        if !g.is_bank(holder) {
            people.insert(holder.clone());
        }
    }
    let banks = (0..g.graph.node_count())
        .filter_map(|i| u32::try_from(i).ok())
        .filter(|&i| g.is_bank(g.account(i)))
        .count();
    Summary {
        banks,
        people: people.len(),
        lines,
        open_lines: open,
    }
}

/// Positions in [0, SIZE]² for every node of `g`.
fn layout(g: &TrustGraph) -> Vec<(f64, f64)> {
    let n = g.graph.node_count();
    if n == 0 {
        return Vec::new();
    }
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let a = i as f64 * 2.399_963; // golden angle: an even spiral start
            let r = 0.5 * SIZE * ((i as f64 + 0.5) / n as f64).sqrt();
            (SIZE / 2.0 + r * a.cos(), SIZE / 2.0 + r * a.sin())
        })
        .collect();
    let edges: Vec<(usize, usize)> = g
        .graph
        .edges()
        .map(|(a, b, _, _)| (a as usize, b as usize))
        .collect();
    let k = (SIZE * SIZE / n as f64).sqrt() * 0.6;
    let mut temp = SIZE / 10.0;
    for _ in 0..120 {
        let mut disp = vec![(0.0f64, 0.0f64); n];
        for i in 0..n {
            for j in i.saturating_add(1)..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let d2 = (dx * dx + dy * dy).max(0.01);
                let f = k * k / d2;
                disp[i].0 += dx * f;
                disp[i].1 += dy * f;
                disp[j].0 -= dx * f;
                disp[j].1 -= dy * f;
            }
        }
        for &(a, b) in &edges {
            let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let d = (dx * dx + dy * dy).sqrt().max(0.1);
            let f = d / k;
            disp[a].0 -= dx * f;
            disp[a].1 -= dy * f;
            disp[b].0 += dx * f;
            disp[b].1 += dy * f;
        }
        for i in 0..n {
            let (dx, dy) = disp[i];
            let d = (dx * dx + dy * dy).sqrt().max(1e-9);
            let step = d.min(temp);
            pos[i].0 = (pos[i].0 + dx / d * step).clamp(20.0, SIZE - 20.0);
            pos[i].1 = (pos[i].1 + dy / d * step).clamp(20.0, SIZE - 20.0);
        }
        temp *= 0.96;
    }
    // Fit the drawing to the canvas.
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in &pos {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    let scale = (SIZE - 80.0) / (x1 - x0).max(y1 - y0).max(1.0);
    pos.iter()
        .map(|&(x, y)| (40.0 + (x - x0) * scale, 40.0 + (y - y0) * scale))
        .collect()
}

/// The drawing, with `routes` (paths of accounts, payer side first) highlighted.
pub fn draw(g: &TrustGraph, names: &Names, routes: &[Vec<AccountId32>]) -> String {
    let pos = layout(g);
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {}" font-family="sans-serif">
<defs><marker id="a" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="5" markerHeight="5" orient="auto"><path d="M0,0L10,5L0,10z" fill="#999"/></marker>
<marker id="r" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="4" markerHeight="4" orient="auto"><path d="M0,0L10,5L0,10z" fill="#d62728"/></marker></defs>
<rect width="100%" height="100%" fill="white"/>"##,
        SIZE + 40.0
    );
    let at = |who: &AccountId32| g.node(who).map(|i| pos[i as usize]);
    for (bank, holder, l) in g.lines() {
        let (Some(a), Some(b)) = (at(bank), at(holder)) else {
            continue;
        };
        let width = 0.3 + (l.ceiling().min(10_000) as f64).log10().max(0.0) * 0.3;
        let colour = if l.held > 0 { "#666" } else { "#bbb" };
        let _ = writeln!(
            svg,
            r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="{width:.2}" marker-end="url(#a)" opacity="0.7"/>"##,
            a.0, a.1, b.0, b.1
        );
    }
    for (path, colour) in routes.iter().zip(ROUTE_COLOURS.iter().cycle()) {
        for w in path.windows(2) {
            let (Some(a), Some(b)) = (at(&w[0]), at(&w[1])) else {
                continue;
            };
            let _ = writeln!(
                svg,
                r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="3" marker-end="url(#r)" opacity="0.85"/>"##,
                a.0, a.1, b.0, b.1
            );
        }
    }
    let on_route: std::collections::HashSet<&AccountId32> = routes.iter().flatten().collect();
    for (i, p) in (0u32..).zip(pos.iter()) {
        let who = g.account(i);
        let featured = names.featured.contains(who);
        let bank = g.is_bank(who);
        let r = if featured { 9.0 } else { 3.0 };
        let fill = match (featured, bank) {
            (true, _) => "#1f77b4",
            (false, true) => "#7f9fbf",
            (false, false) => "#f2b134",
        };
        let _ = writeln!(
            svg,
            r##"<circle cx="{:.1}" cy="{:.1}" r="{r}" fill="{fill}"><title>{}</title></circle>"##,
            p.0,
            p.1,
            names.of(who)
        );
        if featured || !bank || on_route.contains(who) {
            let _ = writeln!(
                svg,
                r##"<text x="{:.1}" y="{:.1}" font-size="{}">{}</text>"##,
                p.0 + r + 2.0,
                p.1 + 4.0,
                if featured { 16 } else { 10 },
                names.of(who)
            );
        }
    }
    let _ = writeln!(
        svg,
        r##"<text x="20" y="{:.0}" font-size="14">Vouch trust graph: {} nodes; arrows point where notes can flow; coloured: a payment's routes</text>
</svg>"##,
        SIZE + 25.0,
        g.graph.node_count()
    );
    svg
}
