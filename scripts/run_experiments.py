#!/usr/bin/env python
"""Run the experiment notebooks (nbs/experiments) with papermill; executed copies go to results/experiments/.

    python scripts/run_experiments.py --list
    python scripts/run_experiments.py table1 fig4 -p preset cpu
    python scripts/run_experiments.py all -p preset paper        # the paper's configurations (GPU)
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository, when not pip-installed
from notfromscratch.runner import run_experiments_cli

if __name__ == '__main__':
    sys.exit(run_experiments_cli())
