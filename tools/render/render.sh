#!/usr/bin/env bash
# Renders every bpmn/*.bpmn to docs/<ProcessId>.svg and docs/<ProcessId>.png with bpmn-js in headless
# Debian Chromium, prints layout notes, and validates bpmn/.camunda/element-templates/*.json.
# Usage (from anywhere): tools/render/render.sh            render + validate templates
#                        tools/render/render.sh --check    render to a temp dir only (nothing in docs/ changes)
# Env: BPMN_DIR (default <repo>/bpmn), OUT_DIR (default <repo>/docs), PNG_WIDTH (default 2400),
#      CHROMIUM (default /usr/bin/chromium), STRICT_LAYOUT=1 makes layout notes fatal.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
export BPMN_DIR="${BPMN_DIR:-$REPO/bpmn}"
export OUT_DIR="${OUT_DIR:-$REPO/docs}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

if [[ "${1:-}" == "--check" ]]; then
  OUT_DIR="$(mktemp -d)"; export OUT_DIR
  trap 'rm -rf "$OUT_DIR"' EXIT
fi

if [[ ! -x "$CHROMIUM" ]]; then
  echo "render.sh: Chromium not found at $CHROMIUM." >&2
  echo "  Install Debian's Chromium first:  apt-get install -y chromium   (as root / with sudo)" >&2
  echo "  ('npx playwright install' does not work here; playwright-core drives the Debian browser.)" >&2
  exit 1
fi
command -v node >/dev/null || { echo "render.sh: node is required (Node.js 18+)." >&2; exit 1; }

if [[ ! -d "$HERE/node_modules" ]]; then
  echo "render.sh: node_modules missing, running npm ci in tools/render" >&2
  (cd "$HERE" && npm ci --no-audit --no-fund)
fi

node "$HERE/render.mjs"
node "$HERE/validate-templates.mjs"
