#!/usr/bin/env bash
# GPU readiness check of the `paper` presets (notfromscratch.gpu_check, nbs/25_gpu_readiness.ipynb).
#
#   bash scripts/gpu_check.sh                      # on a CUDA machine: install, check, report under results/gpu/
#   bash scripts/gpu_check.sh --dry-run --out DIR  # CPU: the same code paths at toy sizes, no install
#
# On a CUDA machine it
#   1. installs the project like scripts/install.sh (venv NFS_VENV, default .venv) and tries `pip install flash-attn`
#      (optional: a failure or a timeout, NFS_FLASH_TIMEOUT seconds (default 600), only means SDPA is used; a
#      source build can take longer: --no-flash skips it); a CPU-only torch in the venv is replaced by the CUDA
#      build of the same version; if the install fails (e.g. no network) it goes on with the environment there;
#   2. compares flash-attn and SDPA with the float32 reference in float16 and bfloat16 (full and block-local
#      attention, causal or not, padded);
#   3. builds every `paper` preset at its true sequence length and times training steps of each phase (SPT,
#      finetuning, from scratch when its batch differs) at the paper's batch size, halving it on out-of-memory;
#   4. writes results/gpu/gpu_check-<time>.md (and .json): environment, attention errors, one row per preset/phase.
# Exit status: 0 when every attention check is within tolerance and every step ran; 1 otherwise; 2 when it cannot run.
#
# Options: --dry-run | --no-install | --no-flash | --python PY | --out DIR | --presets NAMES | --tasks T.. |
#          --models M.. | --steps N | --max-batch B   (the last six are passed to notfromscratch.gpu_check.main)
set -euo pipefail
cd "$(dirname "$0")/.."
DRY=0; INSTALL=1; FLASH=1; PY=""; ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) DRY=1; INSTALL=0; ARGS+=("--dry-run") ;;
    --no-install) INSTALL=0 ;;
    --no-flash) FLASH=0 ;;
    --python) PY="$2"; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) ARGS+=("$1") ;;
  esac
  shift
done
VENV="${NFS_VENV:-.venv}"
if [ "$INSTALL" = 1 ]; then
  bash scripts/install.sh || echo "gpu_check: install failed; using the existing environment" >&2
  if [ -x "$VENV/bin/python" ] && command -v nvidia-smi >/dev/null 2>&1 \
     && "$VENV/bin/python" -c 'import sys, torch; sys.exit(0 if torch.version.cuda is None else 1)' 2>/dev/null; then
    # a CPU-only torch (e.g. a venv made on a CPU machine): the same version from PyPI is the CUDA build
    V="$("$VENV/bin/python" -c 'import torch; print(torch.__version__.split("+")[0])')"
    echo "gpu_check: torch $V in $VENV is a CPU build; installing its CUDA build" >&2
    "$VENV/bin/python" -m pip install -q --force-reinstall "torch==$V" || echo "gpu_check: CUDA torch install failed" >&2
  fi
  if [ "$FLASH" = 1 ] && [ -x "$VENV/bin/python" ]; then
    export MAX_JOBS="${MAX_JOBS:-8}"
    timeout "${NFS_FLASH_TIMEOUT:-600}" "$VENV/bin/python" -m pip install -q flash-attn --no-build-isolation \
      || echo "gpu_check: flash-attn not installed (optional): attention runs on SDPA" >&2
  fi
fi
if [ -z "$PY" ]; then
  if [ -x "$VENV/bin/python" ]; then PY="$VENV/bin/python"; else PY="$(command -v python3 || command -v python)"; fi
fi
if ! "$PY" -c 'import torch, notfromscratch' 2>/dev/null; then
  echo "gpu_check: $PY cannot import torch and notfromscratch (run scripts/install.sh, or pass --python)" >&2
  exit 2
fi
[ "$DRY" = 1 ] || "$PY" -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "devices", torch.cuda.device_count())'
exec "$PY" -c 'import sys; from notfromscratch.gpu_check import main; sys.exit(main(sys.argv[1:]))' "${ARGS[@]}"
