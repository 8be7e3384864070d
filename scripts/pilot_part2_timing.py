#!/usr/bin/env python
"""Pilot P6 of the v2 plan, part 2 (nbs/27_repro_v2.ipynb, amendment A2): seconds per optimizer step of the models that
part 2 adds, as a ratio to part 1's S4 on Image measured in the same process.

    python scripts/pilot_part2_timing.py               # batch 32, L = 256, one thread, 10 timed steps each

Why a ratio: this pilot runs beside the two runs of part 1 (three processes on two cores), so its absolute seconds are
inflated; the ratio to the reference model timed in the same conditions is not. A2's projections multiply the ratio by
part 1's measured seconds per step of S4 on Image (records' `wall_s` / steps, validation included).

Synthetic inputs only (random 256-level pixels, 1 or 3 channels): no task data is read and nothing is evaluated, so the
pilot sees no accuracy.
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).parent))
from pilot_timing import time_steps                        # noqa: E402  (the P1 pilot's step timer)
from notfromscratch.core import configure_threads          # noqa: E402
from notfromscratch.data.core import SeqSplit, TaskData    # noqa: E402
from notfromscratch.presets import get_preset, with_overrides   # noqa: E402
from notfromscratch.protocol import build_model            # noqa: E402

ENTRIES = {   # name -> (task, registry model, overrides, channels, length or None for --length): the reference first
    'ref: s4 image': ('image', 's4', {}, 1),
    'T7: dlr': ('image', 'dlr', {}, 1),
    'T7: s4-randinit': ('image', 's4-randinit', {}, 1),
    'T7: dlr-randinit': ('image', 'dlr-randinit', {}, 1),
    'T3: rotary scifar (d64x3)': ('scifar', 'transformer-rotary', {'backbone.n_layers': 3}, 3),
    'T3: s4 scifar': ('scifar', 's4', {}, 3),
    'T3: rotary scifar 12x12': ('scifar', 'transformer-rotary', {'backbone.n_layers': 3}, 3, 144),
    'T3: s4 scifar 12x12': ('scifar', 's4', {}, 3, 144),
    'T9: rotary d64x3 (part 1)': ('image', 'transformer-rotary', {'backbone.n_layers': 3}, 1),
    'T9: rotary d32x2': ('image', 'transformer-rotary', {'backbone.d_model': 32, 'backbone.n_layers': 2}, 1),
    'T9: rotary d128x4': ('image', 'transformer-rotary', {'backbone.d_model': 128, 'backbone.n_layers': 4}, 1),
    'T9: s4 d128x4': ('image', 's4', {'backbone.d_model': 128, 'backbone.n_layers': 4}, 1),
    'T9: s4 d256x8': ('image', 's4', {'backbone.d_model': 256, 'backbone.n_layers': 8}, 1),
}

def pixels(L: int, C: int, n: int = 64) -> TaskData:
    "`n` random uint8 images of `L` pixels and `C` channels, 10 classes."
    g = torch.Generator().manual_seed(0)
    x = torch.randint(0, 256, (n, L, C), generator=g, dtype=torch.uint8)   # (n, L, C)
    sp = SeqSplit(x, torch.randint(0, 10, (n,), generator=g), torch.full((n,), L))
    return TaskData('timing', sp, sp, sp, n_classes=10, n_channels=C, pixel_norm=((128.0,) * C, (64.0,) * C), mask_ratio=0.5,
                    spt_loss='l1')   # as the CIFAR loader (paper Table 4: L1 on Image)

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--steps', type=int, default=10, help='timed steps per measurement')
    ap.add_argument('--length', type=int, default=256, help='sequence length of entries without their own (16 x 16 images)')
    ap.add_argument('--only', nargs='*', default=None, help='entries whose name contains one of these (the reference always runs)')
    a = ap.parse_args()
    configure_threads(1)
    ref = {}
    print(f"{'entry':<28} {'params':>9} {'stage':<7} {'s/step':>7} {'x ref':>6}")
    for name, (task, model, ov, C, *L) in ENTRIES.items():
        if a.only and not name.startswith('ref') and not any(o in name for o in a.only): continue
        td = pixels(L[0] if L else a.length, C)
        p = with_overrides(get_preset(task, model, 'cpu'), 'timing pilot P6', **ov)
        for stage, head, obj in (('spt', 'lm', 'masked'), ('labels', 'cls', 'cls')):
            torch.manual_seed(0)
            m = build_model(p.backbone, td, head, obj if head == 'lm' else None)
            s = time_steps(m, td, obj, a.steps)
            ref.setdefault(stage, s)
            n = sum(q.numel() for q in build_model(p.backbone, td, 'cls', None).parameters())
            print(f'{name:<28} {n:>9,} {stage:<7} {s:>7.3f} {s / ref[stage]:>6.2f}', flush=True)

if __name__ == '__main__':
    main()
