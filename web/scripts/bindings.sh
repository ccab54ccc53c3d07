#!/usr/bin/env bash
# Copies the contracts' ink! metadata the page imports into src/metadata/ and regenerates the
# typed bindings (dedot's typink codegen) into src/bindings/.
#
#   VOUCH_CONTRACTS_DIR  folder of built bundles (*.json metadata), default ../target/contracts
#
# Run from anywhere: `npm run bindings` in web/.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC="${VOUCH_CONTRACTS_DIR:-../target/contracts}"
# contract bundle name -> binding folder name (the codegen names it after the contract)
CONTRACTS=(trust_bank router pool)

for c in "${CONTRACTS[@]}"; do
  if [ ! -f "$SRC/$c.json" ]; then
    echo "bindings: $SRC/$c.json not found: build the contracts first or set VOUCH_CONTRACTS_DIR" >&2
    exit 1
  fi
done

mkdir -p src/metadata src/bindings
for c in "${CONTRACTS[@]}"; do
  cp "$SRC/$c.json" "src/metadata/$c.json"
  npx --no-install dedot typink -m "src/metadata/$c.json" -o src/bindings >/dev/null
  echo "bindings: $c -> src/metadata/$c.json, src/bindings/$(echo "$c" | tr _ -)/"
done
# Formatting of generated files is left as the codegen wrote it.
