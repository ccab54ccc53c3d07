//! Choosing the demo's community from a Bitcoin OTC style ratings file: the most connected
//! person and their breadth-first neighbourhood, and the ratings among them.
//!
//! The ratings are read by [`vouch_pathfinder::load_ratings`], the reader `vouch route
//! --graph` uses, so both follow its rules (data/README.md): a rating `r > 0` from A to B is
//! an `Issue` edge `B -> A`, a pair rated again keeps its last rating (a later `r <= 0`
//! removes the edge) and a self-rating adds nothing.

use anyhow::{Context, Result};
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::io::BufReader;
use std::path::Path;
use vouch_pathfinder::{load_ratings, EdgeKind, NamedGraph};

/// data/bitcoin-otc.csv, built into the binary: the ratings when `--otc` names no file.
const BITCOIN_OTC: &str = include_str!("../../../../data/bitcoin-otc.csv");

/// People chosen from the ratings and the ratings among them.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Community {
    /// Their ids in the ratings file: the most connected person, then breadth first.
    pub people: Vec<String>,
    /// `(rater, ratee, rating)` as indices into `people`, in index order.
    pub lines: Vec<(usize, usize, i64)>,
}

/// The ratings in the file at `path`, or in the built-in copy of data/bitcoin-otc.csv, read
/// with unit 1 (an edge's capacity is its rating). A malformed row fails with the file and its
/// line.
pub(crate) fn load(path: Option<&Path>) -> Result<NamedGraph> {
    let Some(path) = path else {
        return load_ratings(BITCOIN_OTC.as_bytes(), 1)
            .context("reading the built-in copy of data/bitcoin-otc.csv");
    };
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    load_ratings(BufReader::new(file), 1).with_context(|| format!("reading {}", path.display()))
}

/// Every positive rating `(rater, ratee, rating)` between distinct people in `g` (loaded with
/// unit 1): each pair's last rating, in the order the pairs were first rated positively.
fn positive_ratings(g: &NamedGraph) -> Vec<(&str, &str, i64)> {
    g.graph
        .edges()
        .filter(|&(_, _, kind, _)| kind == EdgeKind::Issue)
        .map(|(ratee, rater, _, cap)| {
            let rating = i64::try_from(cap).expect("a rating times 1 is an i64");
            (g.name(rater), g.name(ratee), rating)
        })
        .collect()
}

/// The `n` people nearest (breadth first, over ratings in either direction) to the most
/// connected person, and the ratings among them.
pub(super) fn choose(g: &NamedGraph, n: usize) -> Community {
    let ratings = positive_ratings(g);
    let mut adj: HashMap<&str, Vec<&str>> = HashMap::new();
    for &(a, b, _) in &ratings {
        adj.entry(a).or_default().push(b);
        adj.entry(b).or_default().push(a);
    }
    let order = breadth_first(&adj, n);
    let index: HashMap<&str, usize> = order.iter().enumerate().map(|(i, &p)| (p, i)).collect();
    let mut lines: BTreeMap<(usize, usize), i64> = BTreeMap::new();
    for &(a, b, r) in &ratings {
        if let (Some(&i), Some(&j)) = (index.get(a), index.get(b)) {
            lines.insert((i, j), r);
        }
    }
    Community {
        people: order.iter().map(|s| s.to_string()).collect(),
        lines: lines.into_iter().map(|((i, j), r)| (i, j, r)).collect(),
    }
}

/// Up to `n` people (at least the first) breadth first from the one with the most ratings
/// (the smallest id among equals); each person's neighbours are visited in id order.
fn breadth_first<'a>(adj: &HashMap<&'a str, Vec<&'a str>>, n: usize) -> Vec<&'a str> {
    let Some(root) = adj
        .iter()
        .max_by_key(|(k, v)| (v.len(), std::cmp::Reverse(*k)))
        .map(|(k, _)| *k)
    else {
        return Vec::new();
    };
    let mut order: Vec<&str> = vec![root];
    let mut seen: HashSet<&str> = HashSet::from([root]);
    let mut queue = VecDeque::from([root]);
    while let Some(v) = queue.pop_front() {
        let mut next = adj[v].clone();
        next.sort_unstable();
        next.dedup();
        for w in next {
            if order.len() >= n {
                break;
            }
            if seen.insert(w) {
                order.push(w);
                queue.push_back(w);
            }
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(csv: &str) -> NamedGraph {
        load_ratings(csv.as_bytes(), 1).expect("valid ratings")
    }

    #[test]
    fn a_later_rating_replaces_an_earlier_one() {
        // a-b rated twice, c-d positive then negative, a rates itself.
        let g = graph("a,b,5\nb,c,2\na,b,3\nc,d,4\nc,d,-1\na,a,9\n");
        assert_eq!(positive_ratings(&g), vec![("a", "b", 3), ("b", "c", 2)]);
        let c = choose(&g, 10);
        assert_eq!(c.people, vec!["b", "a", "c"]);
        assert_eq!(c.lines, vec![(0, 2, 2), (1, 0, 3)]);
    }

    #[test]
    fn the_community_stops_at_n_people() {
        let g = graph("hub,x,1\nhub,y,2\nz,hub,3\ny,w,4\n");
        let c = choose(&g, 3);
        assert_eq!(c.people, vec!["hub", "x", "y"]);
        assert_eq!(c.lines, vec![(0, 1, 1), (0, 2, 2)]);
        assert_eq!(choose(&graph("a,b,-1\n"), 5), Community::default());
    }

    #[test]
    fn a_bad_file_names_its_path_and_line() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("bad.csv");
        std::fs::write(&path, "1,2,3\n2,3,x\n").expect("written");
        let err = format!("{:#}", load(Some(&path)).expect_err("a bad rating"));
        assert_eq!(
            err,
            format!(
                "reading {}: line 2: rating `x` is not an integer",
                path.display()
            )
        );
    }

    /// On the built-in data, the ratings `load_ratings` keeps are exactly the file's positive
    /// rows between distinct people, in file order: every pair is rated once.
    #[test]
    fn the_built_in_ratings_are_the_files_positive_rows() {
        let g = load(None).expect("the built-in data loads");
        let rows: Vec<(&str, &str, i64)> = BITCOIN_OTC
            .lines()
            .map(|l| l.split(',').map(str::trim).collect::<Vec<_>>())
            .map(|f| (f[0], f[1], f[2].parse::<i64>().expect("a rating")))
            .filter(|&(a, b, r)| r > 0 && a != b)
            .collect();
        assert_eq!(positive_ratings(&g), rows);
        let c = choose(&g, 200);
        assert_eq!(c.people.len(), 200);
        assert_eq!(c.people[0], "35");
        assert_eq!(c.lines.len(), 749);
    }
}
