#!/usr/bin/env bash
# Create (once) the project virtualenv .venv and install notfromscratch with its dev + keops extras.
# torch==2.13.0 is pinned here because an unpinned torch pulls a ~3 GB CUDA build; the library itself
# declares torch>=2.3. Use NFS_VENV to choose another venv folder.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${NFS_VENV:-.venv}"
export PIP_CACHE_DIR="${PIP_CACHE_DIR:-$HOME/.cache/notfromscratch-pip}"   # private: pykeops builds from sdist
export PIP_DISABLE_PIP_VERSION_CHECK=1
if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q torch==2.13.0
"$VENV/bin/python" -m pip install -q -e '.[dev,keops]'
echo "installed into $VENV"
