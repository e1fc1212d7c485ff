#!/usr/bin/env bash
# Runs the end-to-end suite: a virtual display (when there is no real one), tauri-driver
# in front of WebKitWebDriver, and the tests in app.test.mjs against the built app
# ($CAIRN_DESKTOP_BIN, default target/debug/cairn-desktop); then screenshots of the agenda
# and project views on the demo vault, light and dark (e2e/screenshots.sh). $CAIRN_E2E_ONLY
# runs only the tests whose names match it.
set -euo pipefail
cd "$(dirname "$0")/.."
source e2e/window.sh

export CAIRN_TODAY=2026-11-24
# Where the review's export is written instead of asking in the native save dialog.
mkdir -p target/test-artifacts/e2e
export CAIRN_EXPORT_PATH="$PWD/target/test-artifacts/e2e/Review 2026.md"
# What the system's folder picker answers in the Open Vault dialog (a native dialog cannot be driven).
export CAIRN_PICK_FOLDER="$PWD/target/test-artifacts/e2e/picked-vault"
rm -rf "$CAIRN_PICK_FOLDER"
# The suite keeps WebKit's DMA-BUF renderer, which the app would leave for the shared-memory
# one on a display without a GPU: under that one, WebKitWebDriver's screenshots of an idle
# page hang.
export WEBKIT_DISABLE_DMABUF_RENDERER=0
start_window_driver :97
if ! node --test --test-concurrency=1 ${CAIRN_E2E_ONLY:+--test-name-pattern="$CAIRN_E2E_ONLY"} e2e/app.test.mjs; then
    echo "--- tauri-driver log"; cat "$scratch/tauri-driver.log"
    exit 1
fi
# The agenda, project and people views on the demo vault, light and dark, for a person to look at
# (not when $CAIRN_E2E_ONLY picks tests by name, to look at one change).
[ -n "${CAIRN_E2E_ONLY:-}" ] || bash e2e/screenshots.sh
