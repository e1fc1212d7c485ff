# Sourced by run.sh and bench.sh: a scratch folder cleaned up on exit, a virtual display
# when there is no real one, and tauri-driver in front of WebKitWebDriver on
# $CAIRN_E2E_PORT (default 4444), its URL exported as TAURI_DRIVER_URL.

export PATH="$HOME/.cargo/bin:$PATH"
scratch="$(mktemp -d)"
export CAIRN_CACHE_HOME="$scratch/cache"
export XDG_CONFIG_HOME="$scratch/config"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$scratch"
}
trap cleanup EXIT

start_window_driver() {
    if [ -z "${DISPLAY:-}" ]; then
        export DISPLAY="${1:-:97}"
        Xvfb "$DISPLAY" -screen 0 1400x900x24 -nolisten tcp >"$scratch/xvfb.log" 2>&1 &
        pids+=($!)
    fi
    local port="${CAIRN_E2E_PORT:-4444}"
    export TAURI_DRIVER_URL="http://127.0.0.1:$port"
    tauri-driver --port "$port" --native-port "$((port + 1))" >"$scratch/tauri-driver.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 50); do
        curl -fs "$TAURI_DRIVER_URL/status" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
}
