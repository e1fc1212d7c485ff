#!/usr/bin/env bash
# Runs the end-to-end suite: a virtual display (when there is no real one), tauri-driver
# in front of WebKitWebDriver, and the tests in app.test.mjs against the built app
# ($CAIRN_DESKTOP_BIN, default target/debug/cairn-desktop).
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$HOME/.cargo/bin:$PATH"
export CAIRN_TODAY=2026-11-24
scratch="$(mktemp -d)"
export CAIRN_CACHE_HOME="$scratch/cache"
export XDG_CONFIG_HOME="$scratch/config"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$scratch"
}
trap cleanup EXIT

if [ -z "${DISPLAY:-}" ]; then
    export DISPLAY=:97
    Xvfb "$DISPLAY" -screen 0 1400x900x24 -nolisten tcp >"$scratch/xvfb.log" 2>&1 &
    pids+=($!)
fi
port="${CAIRN_E2E_PORT:-4444}"
export TAURI_DRIVER_URL="http://127.0.0.1:$port"
tauri-driver --port "$port" --native-port "$((port + 1))" >"$scratch/tauri-driver.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do
    curl -fs "$TAURI_DRIVER_URL/status" >/dev/null 2>&1 && break
    sleep 0.1
done

if ! node --test --test-concurrency=1 e2e/app.test.mjs; then
    echo "--- tauri-driver log"; cat "$scratch/tauri-driver.log"
    exit 1
fi
