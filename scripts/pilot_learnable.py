#!/usr/bin/env python
"""Pilot P4 of the v2 plan (nbs/27_repro_v2.ipynb), its second learner: S4 from scratch on the variants of Pathfinder
and Retrieval that the independent learners found learnable. Validation only.

    python scripts/pilot_learnable.py pathfinder --epochs 50
    python scripts/pilot_learnable.py retrieval --epochs 50

S4 (the cpu preset's d=64, 2 layers), seed 0, epochs of the plan's 20 steps, batch 32, lr 4e-3, 500 random validation
examples; the test split is replaced by a slice of validation and never read, and nothing is written outside a
temporary folder. Prints the validation accuracy per epoch.
"""
import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pilot_scale import validation_only   # the same validation-only TaskData as pilot P1

from notfromscratch.core import configure_threads
from notfromscratch.presets import get_preset, get_task, with_overrides
from notfromscratch.protocol import build_model
from notfromscratch.repro_v2 import PLAN
from notfromscratch.train import fit

VARIANTS = {   # the variants P4's independent learners found learnable (PLAN.notes)
    'pathfinder': {'resolution': 16, 'n': 20000, 'workers': 1,
                   'cfg': {'paddle_thickness': 1.0, 'contour_length': 6, 'distractor_length': 2, 'n_distractors': 2}},
    'retrieval': {'pairs': 'halves', 'n_pairs': (20000, 2000, 2000), 'max_len': 256, 'progress': False},
}

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('task', choices=list(VARIANTS))
    ap.add_argument('--epochs', type=int, default=50, help="epochs of the plan's epoch_steps steps")
    a = ap.parse_args()
    configure_threads(1)
    st = PLAN.stopping
    p = with_overrides(get_preset(a.task, 's4', 'cpu'), 'pilot P4', **{'task.kwargs': VARIANTS[a.task]})
    t0 = time.time()
    td = validation_only(get_task(a.task, p), st.max_val)
    cfg = replace(p.finetune, epochs=a.epochs, batch_size=st.batch_size, lr=4e-3, min_steps_per_epoch=st.epoch_steps,
                  max_steps_per_epoch=st.epoch_steps, patience=None, seed=0, progress=False)
    torch.manual_seed(0)
    with tempfile.TemporaryDirectory() as d:
        r = fit(build_model(p.backbone, td, 'cls', pool=p.task.pool), td, cfg, d, 'cls')
    share = torch.bincount(td.val.y).max().item() / len(td.val)
    print(f'{a.task}: S4 scratch, {len(td.train)} train, L {td.max_len}, {a.epochs} epochs of {st.epoch_steps} steps '
          f'({time.time() - t0:.0f} s); majority class {100 * share:.1f} %; val acc by epoch: '
          + ' '.join(f"{100 * h['val_accuracy']:.1f}" for h in r['history']), flush=True)

if __name__ == '__main__':
    main()
