#!/usr/bin/env bash
# Sandbox benchmarks (issue 3, "What it must show" 2 and 3):
#   throughput: programs/s for Python and C, bare processes vs bubblewrap (median of rounds)
#   seccodeplt: SecCodePLT's 885 executable tasks, patched and vulnerable, with misbehaving tasks
# Usage: bench/sandbox.sh [throughput|seccodeplt|all]   (reads ../shared/data beside the repo)
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
cargo build --release -p tsp-sandbox --examples
if [ "$what" = throughput ] || [ "$what" = all ]; then
  target/release/examples/throughput --rounds 5 --programs 24
fi
if [ "$what" = seccodeplt ] || [ "$what" = all ]; then
  data=../shared/data/seccodeplt/data.json
  if [ ! -f "$data" ]; then echo "note: $data is absent; skipping the SecCodePLT report"; exit 0; fi
  target/release/examples/seccodeplt_report "$data" --timeout 5
fi
