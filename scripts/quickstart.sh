#!/usr/bin/env bash
# Install (if needed) and run the built-in default job: scratch vs masked SPT, Transformer and S4,
# on a small generated task, on CPU. Prints a table; saves results/default/default_scratch_vs_spt.png.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
VENV="${NFS_VENV:-.venv}"
"$VENV/bin/nfs" default "$@"
