//! Finding and loading the Bitcoin OTC data for benchmarks and reports.

use std::path::PathBuf;
use vouch_pathfinder::{load_ratings, NamedGraph};

/// Where the ratings file is: `VOUCH_OTC_CSV` if set, else `data/bitcoin-otc.csv` in this
/// repository, else `shared/data/bitcoin-otc.csv` beside the repository.
pub fn otc_csv() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("VOUCH_OTC_CSV") {
        return Some(PathBuf::from(p));
    }
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    [
        crate_dir.join("../../data/bitcoin-otc.csv"),
        crate_dir.join("../../../shared/data/bitcoin-otc.csv"),
    ]
    .into_iter()
    .find(|p| p.is_file())
}

/// The Bitcoin OTC graph (unit 1), or a message saying why there is none.
pub fn otc_graph() -> Result<NamedGraph, String> {
    let path = otc_csv().ok_or(
        "Bitcoin OTC data not found: set VOUCH_OTC_CSV to bitcoin-otc.csv (skipping)".to_owned(),
    )?;
    let file = std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    load_ratings(std::io::BufReader::new(file), 1).map_err(|e| format!("{}: {e}", path.display()))
}
