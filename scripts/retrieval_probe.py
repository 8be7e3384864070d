#!/usr/bin/env python
"""Pilot P4 of the v2 plan for Retrieval: is the IMDb "halves" stand-in learnable by an independent learner?

    python scripts/retrieval_probe.py --pairs 20000 --max-len 256

Loads `imdb_pairs_task(pairs='halves')` (label 1 = the two halves of one review), computes three overlap features of
each document pair — Jaccard similarity of their word sets, of their character 4-gram sets, and the cosine of their
character-frequency vectors — fits a logistic regression on the training pairs and prints its training and
*validation* accuracy (the test split is never read). Chance is 50 %.
"""
import argparse

import torch

from notfromscratch.data.retrieval import imdb_pairs_task

def texts(x: torch.Tensor, lengths: torch.Tensor, itos) -> list:
    "Characters of each row of token ids (padding and special tokens dropped)."
    return [''.join(itos[int(t)] if len(itos[int(t)]) == 1 else ' ' for t in row[:n]) for row, n in zip(x, lengths)]

def jaccard(a: set, b: set) -> float: return len(a & b) / max(1, len(a | b))

def features(t1: list, t2: list) -> torch.Tensor:
    "(N, 3): word-set Jaccard, character 4-gram Jaccard, cosine of character counts."
    out = []
    for a, b in zip(t1, t2):
        g = lambda s: {s[i:i + 4] for i in range(len(s) - 3)}
        ca, cb = torch.zeros(256), torch.zeros(256)
        for ch in a: ca[ord(ch) % 256] += 1
        for ch in b: cb[ord(ch) % 256] += 1
        out.append([jaccard(set(a.split()), set(b.split())), jaccard(g(a), g(b)),
                    float(torch.nn.functional.cosine_similarity(ca, cb, dim=0))])
    return torch.tensor(out)

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--pairs', type=int, default=20000, help='training pairs (validation: 2,000)')
    ap.add_argument('--max-len', type=int, default=256, help='characters per document')
    a = ap.parse_args()
    td = imdb_pairs_task(n_pairs=(a.pairs, 2000, 2000), max_len=a.max_len, pairs='halves', progress=False)
    itos = td.vocab.itos if hasattr(td.vocab, 'itos') else list(td.vocab)
    split = lambda s: features(texts(s.x, s.lengths, itos), texts(s.x2, s.lengths2, itos))
    xtr, xva = split(td.train), split(td.val)
    mu, sd = xtr.mean(0), xtr.std(0) + 1e-8
    xtr, xva = (xtr - mu) / sd, (xva - mu) / sd
    w = torch.zeros(3, requires_grad=True); b = torch.zeros(1, requires_grad=True)
    opt = torch.optim.LBFGS([w, b], max_iter=200)
    ytr = td.train.y.float()
    def closure():
        opt.zero_grad(); loss = torch.nn.functional.binary_cross_entropy_with_logits(xtr @ w + b, ytr); loss.backward(); return loss
    opt.step(closure)
    acc = lambda x, y: float(((x @ w + b > 0).long() == y).float().mean())
    print(f'retrieval halves: {len(td.train)} train pairs, {len(td.val)} val pairs, {a.max_len} characters; '
          f'logistic regression on 3 overlap features: train {100 * acc(xtr, td.train.y):.1f} %, '
          f'val {100 * acc(xva, td.val.y):.1f} % (chance 50 %)')

if __name__ == '__main__':
    main()
