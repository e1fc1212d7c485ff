#!/usr/bin/env bash
# Screenshots of the agenda, project and people views on the demo vault, light and dark, into
# target/test-artifacts/e2e ($CAIRN_DESKTOP_BIN, default target/debug/cairn-desktop). The
# window follows the GTK theme it is started with, so each theme gets its own driver.
set -euo pipefail
cd "$(dirname "$0")/.."
source e2e/window.sh

export CAIRN_TODAY=2026-11-24
application="${CAIRN_DESKTOP_BIN:-$PWD/target/debug/cairn-desktop}"
port=4460
for theme in light dark; do
    if [ "$theme" = dark ]; then export GTK_THEME=Adwaita:dark; else export GTK_THEME=Adwaita; fi
    CAIRN_E2E_PORT=$port start_window_driver :95
    TAURI_DRIVER_URL="http://127.0.0.1:$port" node e2e/screenshots.mjs "$application" "$theme"
    kill "${pids[-1]}" 2>/dev/null || true
    port=$((port + 2))
done
