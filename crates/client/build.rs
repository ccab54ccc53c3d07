//! Embeds the contract bundles that `scripts/build-contracts` made, so that a `vouch` binary
//! copied anywhere still carries the code it deploys. The bundles are looked for in
//! `VOUCH_CONTRACTS_DIR`, else in the workspace's `target/contracts`; a bundle that is not
//! there is left out (the client then says how to build it) and looked for again next build.

use std::path::PathBuf;

const BUNDLES: [&str; 7] = [
    "trust_bank",
    "trust_bank_library",
    "router",
    "pool",
    "loan",
    "tracker",
    "shares",
];

fn main() {
    println!("cargo:rerun-if-env-changed=VOUCH_CONTRACTS_DIR");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let dir = std::env::var_os("VOUCH_CONTRACTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../target/contracts"));
    let mut code = String::from("/// Bundles embedded at build time: (name, .contract JSON).\n");
    code.push_str("pub(crate) const EMBEDDED: &[(&str, &[u8])] = &[\n");
    for name in BUNDLES {
        let path = dir.join(format!("{name}.contract"));
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_file() {
            let path = path
                .canonicalize()
                .expect("an existing file has a canonical path");
            code.push_str(&format!("    ({name:?}, include_bytes!({:?})),\n", path));
        }
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    std::fs::write(out.join("embedded.rs"), code).expect("OUT_DIR is writable");
}
