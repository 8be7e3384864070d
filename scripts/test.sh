#!/usr/bin/env bash
# Install (if needed) and run the default test suite: every notebook's inline tests via nbdev_test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
VENV="${NFS_VENV:-.venv}"
export PATH="$PWD/$VENV/bin:$PATH"
python scripts/run_tests.py "$@"
