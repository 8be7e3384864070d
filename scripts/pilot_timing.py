#!/usr/bin/env python
"""Pilot P1 of the v2 plan (nbs/27_repro_v2.ipynb), its cost half: seconds per optimizer step of each planned model.

    python scripts/pilot_timing.py                     # L = 256 512 1024, batch 32, one thread, 20 timed steps
    python scripts/pilot_timing.py --lengths 256 --steps 10

Synthetic inputs of the planned shapes (tokens for ListOps/Text, 256-level pixels for Image): no task data is read,
nothing is evaluated, so the pilot sees no accuracy. Prints one line per (model, input, length, stage): seconds per
step and training examples per second (the THROUGHPUT that `repro_v2.projected_hours` scales).
"""
import argparse
import statistics
import time

import torch

from notfromscratch.core import configure_threads
from notfromscratch.data.core import SeqSplit, TaskData, Vocab
from notfromscratch.presets import get_preset, with_overrides
from notfromscratch.protocol import build_model
from notfromscratch.train import batch_loss

MODELS = {  # planned sizes (repro_v2.TASKS): name -> (registry model, overrides)
    'transformer': ('transformer', {}),
    'transformer-image': ('transformer', {'backbone.n_layers': 3}),   # paper Table 4: d=64, 3 layers on Image
    'transformer-rotary': ('transformer-rotary', {}),
    's4': ('s4', {}),
}

def synthetic(kind: str, L: int, n: int = 64) -> TaskData:
    "A task of `n` random examples of length `L`: 'tokens' (20 symbols) or 'pixels' (uint8, 1 channel)."
    g = torch.Generator().manual_seed(0)
    if kind == 'tokens':
        voc = Vocab([chr(97 + i) for i in range(20)])
        x = torch.randint(4, len(voc), (n, L), generator=g)
        sp = SeqSplit(x, torch.randint(0, 10, (n,), generator=g), torch.full((n,), L))
        return TaskData('timing', sp, sp, sp, n_classes=10, vocab=voc, mask_ratio=0.15)
    x = torch.randint(0, 256, (n, L, 1), generator=g, dtype=torch.uint8)
    sp = SeqSplit(x, torch.randint(0, 10, (n,), generator=g), torch.full((n,), L))
    return TaskData('timing', sp, sp, sp, n_classes=10, pixel_norm=((128.0,), (64.0,)), mask_ratio=0.5)

def time_steps(model, td: TaskData, objective: str, steps: int, batch: int = 32) -> float:
    "Median seconds of one forward + backward + AdamW step on a batch (after 3 warm-up steps)."
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    b = dict(x=td.train.x[:batch], y=td.train.y[:batch], lengths=td.train.lengths[:batch])
    times = []
    for i in range(steps + 3):
        t = time.perf_counter()
        loss = batch_loss(model, td, b, objective)[0]
        opt.zero_grad(); loss.backward(); opt.step()
        if i >= 3: times.append(time.perf_counter() - t)
    return statistics.median(times)

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--lengths', type=int, nargs='+', default=[256, 512, 1024], help='sequence lengths')
    ap.add_argument('--steps', type=int, default=20, help='timed steps per measurement')
    ap.add_argument('--threads', type=int, default=1, help='intra-op threads (the plan runs single-threaded)')
    a = ap.parse_args()
    configure_threads(a.threads)
    print(f"{'model':<20} {'input':<7} {'L':>5} {'stage':<7} {'s/step':>8} {'ex/s':>7}")
    for name, (model, ov) in MODELS.items():
        for kind in (('pixels',) if name == 'transformer-image' else ('tokens', 'pixels')):
            for L in a.lengths:
                td = synthetic(kind, L)
                p = with_overrides(get_preset('listops', model, 'cpu'), 'timing pilot', **ov)
                for stage, head, obj in (('spt', 'lm', 'masked'), ('labels', 'cls', 'cls')):
                    torch.manual_seed(0)
                    m = build_model(p.backbone, td, head, obj if head == 'lm' else None)
                    s = time_steps(m, td, obj, a.steps)
                    print(f'{name:<20} {kind:<7} {L:>5} {stage:<7} {s:>8.3f} {32 / s:>7.0f}', flush=True)

if __name__ == '__main__':
    main()
