#!/usr/bin/env python
"""Is a Pathfinder variant learnable at all? Train a small CNN (an independent learner, not one of our sequence models)
on generated images and print train/val accuracy per epoch. Use it before spending sequence-model runs on a variant.

    python scripts/pathfinder_cnn_probe.py --resolution 16 --n 4000 --cfg '{"paddle_length": 2.0, "contour_length": 4, "n_distractors": 0}'

The dataset is generated (once) into --cache, like `pathfinder_task`; chance is 50 %.
"""
import argparse
import json
import sys
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository, when not pip-installed
from notfromscratch.data.pathfinder import pathfinder_task


def cnn(width: int = 32, depth: int = 4) -> nn.Module:
    "depth 3x3 conv layers (ReLU), global max pool, linear: sees the whole image, no sequence bias."
    layers, c = [], 1
    for _ in range(depth): layers += [nn.Conv2d(c, width, 3, padding=1), nn.ReLU()]; c = width
    return nn.Sequential(*layers, nn.AdaptiveMaxPool2d(1), nn.Flatten(), nn.Linear(width, 2))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--resolution', type=int, default=16)
    ap.add_argument('--n', type=int, default=4000, help='examples generated (80/10/10 split)')
    ap.add_argument('--cfg', default='{}', help='JSON dict of generator overrides (PathfinderConfig fields)')
    ap.add_argument('--epochs', type=int, default=30)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--cache', default=None, help='dataset folder (default: the task cache, tagged by the config)')
    ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(1)
    task = pathfinder_task(a.resolution, a.n, seed=a.seed, cache=a.cache, workers=1, cfg=json.loads(a.cfg))
    R = a.resolution
    prep = lambda s: (s.x.reshape(-1, 1, R, R).float() / 255, s.y)   # (N, 1, R, R) in [0, 1]
    (xtr, ytr), (xva, yva) = prep(task.train), prep(task.val)
    torch.manual_seed(a.seed)
    net = cnn(); opt = torch.optim.Adam(net.parameters(), a.lr)
    for ep in range(a.epochs):
        perm = torch.randperm(len(xtr))
        for i in range(0, len(xtr), 64):
            idx = perm[i:i + 64]
            loss = nn.functional.cross_entropy(net(xtr[idx]), ytr[idx])
            opt.zero_grad(); loss.backward(); opt.step()
        with torch.no_grad():
            tr = (net(xtr[:1000]).argmax(1) == ytr[:1000]).float().mean(); va = (net(xva).argmax(1) == yva).float().mean()
        print(f'epoch {ep + 1} train {tr:.3f} val {va:.3f}', flush=True)


if __name__ == '__main__':
    main()
