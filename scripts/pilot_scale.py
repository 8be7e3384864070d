#!/usr/bin/env python
"""Pilot P1 of the v2 plan (nbs/27_repro_v2.ipynb), its accuracy half: validation only.

    python scripts/pilot_scale.py                      # every candidate (n_train, length) of ListOps, Text, Image
    python scripts/pilot_scale.py --tasks image --epochs 10

For each candidate of `repro_v2.TASKS`: load the real data at that scale, train S4 from scratch (seed 0, the plan's
epochs of 20 steps, batch 32, lr 4e-3) and print the validation accuracy per epoch, the load time and the training
examples per second. The test split is never evaluated: the pilot's TaskData carries a 32-example slice of the
*validation* split in place of the test split, and nothing is written outside a temporary folder (no run record).
"""
import argparse
import tempfile
import time
from dataclasses import replace

import torch

from notfromscratch.core import configure_threads
from notfromscratch.data.core import TaskData
from notfromscratch.presets import get_preset, get_task, with_overrides
from notfromscratch.protocol import build_model
from notfromscratch.repro_v2 import PLAN
from notfromscratch.train import fit

def scale_kwargs(task: str, n_train: int, length: int) -> dict:
    "Loader arguments of a candidate: ListOps trees of length <= `length`; Text characters; Image resolution sqrt(length)."
    if task == 'listops': return dict(n_train=n_train, n_val=PLAN.stopping.max_val, n_test=32, max_length=length,
                                      min_length=max(10, length // 8), max_depth=10, progress=False)
    if task == 'text': return dict(limit=n_train, max_len=length, progress=False)
    if task == 'image': return dict(limit=n_train, resolution=int(round(length ** 0.5)))
    raise ValueError(f'no scale pilot for {task!r}')

def validation_only(td: TaskData, n_val: int) -> TaskData:
    """`td` with at most `n_val` validation examples (a seeded random subset: some splits are stored sorted by class) and,
    in place of its test split, 32 of them (the test split is never seen)."""
    keep = torch.randperm(len(td.val), generator=torch.Generator().manual_seed(0))[:n_val]
    val = td.val.subset(keep)
    return TaskData(**{**td.__dict__, 'val': val, 'test': val.subset(torch.arange(min(32, len(val)))),
                       'info': dict(td.info, pilot='validation only: test = a slice of validation')})

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--tasks', nargs='+', default=['listops', 'text', 'image'], help='tasks of the plan')
    ap.add_argument('--epochs', type=int, default=10, help='epochs of the plan\'s epoch_steps steps')
    a = ap.parse_args()
    configure_threads(1)
    st = PLAN.stopping
    for tp in (t for t in PLAN.tasks if t.task in a.tasks):
        for n_train, length in tp.candidates:
            t0 = time.time()
            p = with_overrides(get_preset(tp.task, 's4', 'cpu'), 'pilot P1', **{f'task.kwargs.{k}': v for k, v in
                                                                                 scale_kwargs(tp.task, n_train, length).items()})
            td = validation_only(get_task(tp.task, p), st.max_val)
            load = time.time() - t0
            cfg = replace(p.finetune, epochs=a.epochs, batch_size=st.batch_size, lr=4e-3, min_steps_per_epoch=st.epoch_steps,
                          max_steps_per_epoch=st.epoch_steps, patience=None, seed=0, progress=False)
            torch.manual_seed(0)
            with tempfile.TemporaryDirectory() as d:
                t1 = time.time()
                r = fit(build_model(p.backbone, td, 'cls', pool=p.task.pool), td, cfg, d, 'cls')
                secs = time.time() - t1
            val = ' '.join(f"{100 * h['val_accuracy']:.1f}" for h in r['history'])
            share = torch.bincount(td.val.y, minlength=max(2, td.n_classes)).max().item() / len(td.val)
            print(f'{tp.task:<8} n_train {len(td.train):>6} L {td.max_len:>5} load {load:6.1f} s  train {secs:6.1f} s '
                  f'({a.epochs * st.epoch_steps * st.batch_size / secs:5.0f} ex/s incl. validation)  majority class {100 * share:.1f} %  '
                  f'val acc by epoch: {val}', flush=True)

if __name__ == '__main__':
    main()
