#!/usr/bin/env bash
# Install everything the test suite needs on a fresh machine, then run every test.
# Extra arguments go to pytest (e.g. `bash scripts/test.sh -k golden`).
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser tests drive Debian's own Chromium (no browser is ever downloaded);
# Graphviz's `dot` renders the block graph's SVG download and serve.py runs on
# jemalloc, as packages.txt asks for on a hosted app.
if ! command -v chromium >/dev/null 2>&1 || ! command -v dot >/dev/null 2>&1 \
  || ! compgen -G "/usr/lib/*/libjemalloc.so.2" >/dev/null; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
    chromium fonts-noto-cjk graphviz libjemalloc2 >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check -r requirements-dev.txt
python3 -m ruff check .
python3 -m ruff format --check .
python3 -m pytest "$@"
