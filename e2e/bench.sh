#!/usr/bin/env bash
# Measures the desktop app in a real window (release build, 10,000-page generated vault,
# warm cache, plus a 2,000-block page). Needs ../shared beside the repository for the
# vault generator. Figures: stdout and target/test-artifacts/e2e/bench.json.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f ../shared/bench/gen_vault.py ]; then
    echo "../shared is not beside the repository; the app benchmark needs its vault generator" >&2
    exit 1
fi
bash scripts/frontend-build
cargo build --release --locked -p cairn-desktop

source e2e/window.sh

generated=target/bench-vaults/v10k-s1
[ -f "$generated/.gen-manifest.json" ] || python3 ../shared/bench/gen_vault.py "$generated" --pages 10000 --seed 1 --force
cp -r "$generated" "$scratch/vault"
python3 - "$scratch/vault/pages/Big Outline.md" <<'PY'
import sys
lines = ["type:: project", ""]
for top in range(200):
    lines.append(f"- Workstream {top}: migrate [[Service {top}]] to the new storage #infra")
    for child in range(9):
        lines.append([
            f"\t- TODO [#B] Follow up on COS-{top * 10 + child} with [[Priya Raman]]",
            f"\t- Measured p99 at {child}0 ms after the rollout; see **dashboard**",
            "\t- Notes: rollback plan reviewed, `runbook` updated",
        ][child % 3])
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
# A virtual display has no GPU, and the app then picks WebKit's shared-memory renderer by
# itself (src-tauri/src/renderer.rs). CAIRN_E2E_DMABUF=1 keeps the DMA-BUF renderer, to
# compare.
if [ "${CAIRN_E2E_DMABUF:-0}" = 1 ]; then
    export WEBKIT_DISABLE_DMABUF_RENDERER=0
fi
start_window_driver :96
node e2e/bench.mjs "$PWD/target/release/cairn-desktop" "$scratch/vault" target/test-artifacts/e2e/bench.json
