#!/usr/bin/env python
"""Benchmark of the sequence layers: S4 against a local copy of the reference S4, DLR backends, attention vs SDPA.

    python scripts/bench.py                                  # S4 (ours only), DLR, attention
    python scripts/bench.py --ref /tmp/ref_s4/s4.py          # + the reference S4 side by side (ratio table)
    python scripts/bench.py --crossover                      # torch vs KeOps per product size (backend 'auto')
    python scripts/bench.py --contention                     # one small S4 training run alone vs two at once

The reference is the standalone `models/s4/s4.py` of state-spaces/s4, imported from the path given (never
vendored); the S4 table is skipped when no path is given or it does not import. Its import needs `einops`
(benchmark-only dependency); `pytorch_lightning` is replaced by a stub when missing, and its KeOps calls (hard-wired
to `backend='GPU'`) are redirected to the tensors' device. All timings: `--threads` intra-op threads (default 1),
candidates interleaved within each repetition, median over `--reps`, in one process. Ratio = ours / reference.
"""
import argparse
import importlib.util
import math
import os
import statistics
import subprocess
import sys
import time
import types

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from notfromscratch.core import configure_threads, seed_everything  # noqa: E402  (first: sets OMP_WAIT_POLICY before torch loads)
import torch  # noqa: E402
from notfromscratch import kernels  # noqa: E402
from notfromscratch.s4 import S4Config, S4Layer, _pair  # noqa: E402
from notfromscratch.dlr import DLRConfig, DLRLayer  # noqa: E402
from notfromscratch.attention import attention  # noqa: E402


# ----------------------------------------------------------------------------------------------- timing
def interleaved(cands: dict, reps: int) -> dict:
    "Median seconds of each zero-argument callable, run round-robin `reps` times after one warm-up each."
    for f in cands.values(): f()
    ts = {k: [] for k in cands}
    for _ in range(reps):
        for k, f in cands.items():
            t0 = time.perf_counter(); f(); ts[k].append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in ts.items()}


# ------------------------------------------------------------------------------------------- reference
def load_reference(path):
    "Import the reference `s4.py` from `path` (None if no path or it fails to import)."
    if not path: return None
    if not os.path.exists(path):
        print(f'reference S4 not found at {path}: skipping the side-by-side table'); return None
    try:
        import pytorch_lightning  # noqa: F401
    except ImportError:  # the reference only uses rank_zero_only for logging
        pl, ut = types.ModuleType('pytorch_lightning'), types.ModuleType('pytorch_lightning.utilities')
        ut.rank_zero_only = lambda f: f
        pl.utilities = ut
        sys.modules.setdefault('pytorch_lightning', pl); sys.modules.setdefault('pytorch_lightning.utilities', ut)
    try:
        spec = importlib.util.spec_from_file_location('reference_s4', path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
    except Exception as e:
        print(f'reference S4 at {path} does not import ({type(e).__name__}: {e}): skipping the side-by-side table')
        return None
    if hasattr(mod, 'Genred'):  # run its KeOps reductions where the tensors are
        Genred = mod.Genred

        class DeviceGenred:
            def __init__(self, *a, **k): self.routine = Genred(*a, **k)

            def __call__(self, *args, backend=None, **k):
                return self.routine(*args, backend='GPU' if args[0].is_cuda else 'CPU', **k)
        mod.Genred = DeviceGenred
    return mod


def ref_layer(mod, H, N, bidirectional, backend):
    return mod.S4Block(H, transposed=False, mode='dplr', d_state=N, bidirectional=bidirectional, backend=backend,
                       final_act='glu', verbose=False)


# ------------------------------------------------------------------------------------------------- S4
def s4_cases(layer, u, L, ours: bool):
    "kernel fwd, kernel fwd+bwd, layer fwd+bwd callables of one layer."
    kern = (lambda: layer.kernel(L)) if ours else (lambda: layer.layer.kernel(L=L)[0])
    fwd = (lambda: layer(u)) if ours else (lambda: layer(u)[0])
    g = torch.randn_like(u)

    def k_fwd():
        with torch.no_grad(): kern()

    def k_fwd_bwd():
        layer.zero_grad(set_to_none=True); kern().square().sum().backward()

    def l_fwd_bwd():
        layer.zero_grad(set_to_none=True); u.grad = None; fwd().backward(g)
    return {'kernel fwd': k_fwd, 'kernel fwd+bwd': k_fwd_bwd, 'layer fwd+bwd': l_fwd_bwd}


def bench_s4(ref, reps, H=256, N=64, configs=((1024, 16), (4096, 4))):
    print('\n## S4 layer (H=%d, N=%d), float32, ratio = ours / reference' % (H, N))
    print(f'ours: backend auto -> {"keops" if kernels.keops_pays("cauchy_conj", "cpu", H * N // 2 * 512) else "naive"} on cpu')
    rows = []
    for L, B in configs:
        for bidir in (False, True):
            seed_everything(0)
            u = torch.randn(B, L, H, requires_grad=True)
            cands = {}
            for be in ('auto', 'keops', 'naive'):
                lay = S4Layer(H, S4Config(d_state=N, bidirectional=bidir, backend=be))
                lay(u[:1, :L].detach())  # attune to L (first forward)
                cands[('ours', be)] = s4_cases(lay, u, L, True)
            if ref is not None:
                for be in ('keops', 'naive'):
                    rl = ref_layer(ref, H, N, bidir, be)
                    n_ours = sum(p.numel() for p in lay.parameters()); n_ref = sum(p.numel() for p in rl.parameters())
                    assert n_ours == n_ref, (n_ours, n_ref)
                    cands[('ref', be)] = s4_cases(rl, u, L, False)
            flat = {(who, be, m): f for (who, be), d in cands.items() for m, f in d.items()}
            t = interleaved(flat, reps)
            name = f'L={L} B={B} {"bidirectional" if bidir else "causal"}'
            for m in ('kernel fwd', 'kernel fwd+bwd', 'layer fwd+bwd'):
                line = f'{name:28s} {m:15s} ' + ' '.join(f'{who}-{be} {t[(who, be, m)]:.4f}s' for who, be in cands)
                print(line)
            rows.append((name, t, ref is not None))
    if ref is None:
        print('(no reference given: --ref PATH/TO/s4.py for the side-by-side ratios)'); return
    print('\n| config (H=%d, N=%d) | pair | kernel fwd | kernel fwd+bwd | layer fwd+bwd |' % (H, N))
    print('|---|---|---|---|---|')
    for name, t, _ in rows:
        best = lambda m: min(t[('ref', 'keops', m)], t[('ref', 'naive', m)])
        for label, num, den in (('ours auto vs ref best', lambda m: t[('ours', 'auto', m)], best),
                                ('keops vs keops', lambda m: t[('ours', 'keops', m)], lambda m: t[('ref', 'keops', m)]),
                                ('naive vs naive', lambda m: t[('ours', 'naive', m)], lambda m: t[('ref', 'naive', m)])):
            r = [num(m) / den(m) for m in ('kernel fwd', 'kernel fwd+bwd', 'layer fwd+bwd')]
            print(f'| {name} | {label} | ' + ' | '.join(f'{x:.2f}' for x in r) + ' |')


# --------------------------------------------------------------------- ours against our float64 references
def bench_reference_paths(reps, H=256, N=64, L=1024):
    "Fast S4 kernel (float32, auto) vs the straightforward float64 path (generic naive Cauchy on paired terms)."
    print(f'\n## Ours vs our naive float64 reference (S4 kernel, H={H}, N={N}, L={L}, bidirectional)')
    seed_everything(0)
    lay = S4Layer(H, S4Config(d_state=N))
    lay.attune(L)
    lay64 = S4Layer(H, S4Config(d_state=N, backend='naive')).double()
    lay64.load_state_dict(lay.state_dict())
    from notfromscratch.s4 import roots_nodes

    def ref64():  # the pre-optimisation formula: generic Cauchy over N terms, complex division, float64
        dt, Lam, P, B, Ct = lay64._raw_params()
        c = Ct.shape[0]
        v = torch.cat([Ct * B, Ct * P, (P.conj() * B)[None], (P.conj() * P)[None]])
        w = Lam * (dt / 2)[:, None]
        omega, z = roots_nodes(L, Lam.dtype, Lam.device)
        r = kernels.cauchy_naive(_pair(v), z, _pair(w)) * (dt / 2)[:, None]
        k00, k01, k10, k11 = r[:c], r[c:2 * c], r[2 * c], r[2 * c + 1]
        Kh = 2 / (1 + omega) * (k00 - k01 * k10 / (1 + k11))
        Kh = torch.cat([Kh, (dt * (Ct * B).sum(-1).real)[..., None].to(Kh.dtype)], -1)
        return torch.fft.irfft(Kh, n=L)

    with torch.no_grad():
        K, K64 = lay.kernel(L), ref64()
    err = ((K.double() - K64).norm() / K64.norm()).item()
    t = interleaved({'fast float32': lambda: lay.kernel(L).sum().backward(),
                     'naive float64 reference': lambda: ref64().sum().backward()}, reps)
    print(f'kernel fwd+bwd: fast {t["fast float32"]:.4f}s, float64 reference {t["naive float64 reference"]:.4f}s '
          f'(ratio {t["fast float32"] / t["naive float64 reference"]:.2f}); relative error {err:.1e}')


# ------------------------------------------------------------------------------------------------ DLR
def bench_dlr(reps, H=256, N=64, L=4096, B=1):
    print(f'\n## DLR layer (H={H}, N={N}, L={L}, B={B}), backend auto vs explicit KeOps Vandermonde')
    seed_everything(0)
    u = torch.randn(B, L, H, requires_grad=True)
    cands = {}
    for be in ('auto', 'keops'):
        lay = DLRLayer(H, DLRConfig(d_state=N, backend=be))
        cands[f'{be} kernel fwd+bwd'] = (lambda lay=lay: lay.kernel(L).square().sum().backward())
        cands[f'{be} layer fwd+bwd'] = (lambda lay=lay: lay(u).square().mean().backward())
    t = interleaved(cands, reps)
    for k, v in t.items(): print(f'{k:22s} {v:.4f}s')
    print(f'keops / auto: kernel {t["keops kernel fwd+bwd"] / t["auto kernel fwd+bwd"]:.1f}x, '
          f'layer {t["keops layer fwd+bwd"] / t["auto layer fwd+bwd"]:.1f}x')


# ------------------------------------------------------------------------------------------ attention
def bench_attention(reps, nh=4, dh=32, cases=((8192, 4096), (16384, 4096))):
    print(f'\n## Attention, B=1, {nh} heads of {dh}, float32 fwd+bwd: block-local vs full (ours) vs torch SDPA')
    import torch.nn.functional as F
    for L, w in cases:
        for causal in (False, True):
            q, k, v = (torch.randn(1, L, nh, dh, requires_grad=True) for _ in range(3))

            def run(fn):
                def f():
                    out = fn(); out.sum().backward()
                return f
            cands = {'block-local': run(lambda: attention(q, k, v, causal=causal, block_size=w, backend='sdpa')),
                     'full': run(lambda: attention(q, k, v, causal=causal, backend='sdpa')),
                     'torch sdpa': run(lambda: F.scaled_dot_product_attention(
                         *(t.transpose(1, 2) for t in (q, k, v)), is_causal=causal))}
            t = interleaved(cands, reps)
            print(f'L={L:6d} w={w} {"causal" if causal else "bidir."}: ' + ', '.join(f'{a} {b:.3f}s' for a, b in t.items())
                  + f'; block-local / full = {t["block-local"] / t["full"]:.2f}')


# ------------------------------------------------------------------------------------------ crossover
def bench_crossover(reps):
    "torch vs KeOps (fwd+bwd) per product and size, the measurement behind kernels._KEOPS_FROM."
    print('\n## Crossover: torch (naive) / KeOps time, fwd+bwd (> 1: KeOps faster)')
    if kernels.kernel_backend('cpu') != 'keops': print('KeOps not working here: skipped'); return
    g = torch.Generator().manual_seed(0)
    for G, T, N, Lr in ((64, 4, 32, 128), (256, 4, 32, 512), (256, 6, 32, 2048), (256, 6, 32, 8192)):
        v = torch.randn(T, G, N, dtype=torch.complex64, generator=g).requires_grad_()
        w = torch.complex(-torch.rand(G, N, generator=g) * 0.05, torch.randn(G, N, generator=g)).requires_grad_()
        z = 1j * torch.tan(math.pi * torch.arange(Lr) / (2 * Lr)).to(torch.complex64)
        t = interleaved({be: (lambda be=be: kernels.cauchy_conj(v, z, w, be).abs().sum().backward())
                         for be in ('naive', 'keops')}, reps)
        t2 = interleaved({be: (lambda be=be: kernels.cauchy(_pair(v), z, _pair(w), be).abs().sum().backward())
                          for be in ('naive', 'keops')}, reps)
        print(f'terms {G * N * Lr:10d} (G={G}, T={T}, N/2={N}, L={Lr}): cauchy_conj naive/keops '
              f'{t["naive"] / t["keops"]:.2f} ({t["naive"]:.4f}s / {t["keops"]:.4f}s); generic cauchy (N={2 * N}, '
              f'{T * G * 2 * N * Lr} terms) '
              f'{t2["naive"] / t2["keops"]:.2f} ({t2["naive"]:.4f}s / {t2["keops"]:.4f}s)')
    for G, N, L in ((512, 64, 1024), (512, 64, 4096)):
        W = torch.randn(G, N, dtype=torch.complex64, generator=g).requires_grad_()
        x = torch.complex(-torch.rand(N, generator=g) * 0.01, torch.rand(N, generator=g) * 6).requires_grad_()
        t = interleaved({be: (lambda be=be: kernels.vandermonde(W, x, L, be, is_log=True).real.sum().backward())
                         for be in ('naive', 'keops')}, reps)
        print(f'vandermonde terms {G * N * L} (shared modes, G={G}, N={N}, L={L}): naive/keops {t["naive"] / t["keops"]:.2f}')


# ------------------------------------------------------------------------------------------ contention
def train_worker(steps: int):
    "A small standalone S4 training run (2 layers, H=128, N=64, L=1024, B=8); prints its wall time."
    n = configure_threads()
    seed_everything(0)
    net = torch.nn.Sequential(S4Layer(128, S4Config()), S4Layer(128, S4Config()))
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3)
    x = torch.randn(8, 1024, 128)
    t0 = time.perf_counter()
    for _ in range(steps):
        opt.zero_grad(); net(x).square().mean().backward(); opt.step()
    print(f'{time.perf_counter() - t0:.3f} {n}')


def bench_contention(steps: int):
    print(f'\n## Contention: the same small S4 training run ({steps} steps) alone, then two at once (threads from configure_threads)')
    cmd = [sys.executable, os.path.abspath(__file__), '--train-worker', str(steps)]
    env = {k: v for k, v in os.environ.items() if k not in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'NFS_THREADS')}

    def run(n):
        ps = [subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env) for _ in range(n)]
        return [p.communicate()[0].split() for p in ps]
    alone = run(1)[0]
    both = run(2)
    a = float(alone[0])
    print(f'alone: {a:.2f}s ({alone[1]} threads); two at once: ' + ', '.join(f'{float(b[0]):.2f}s' for b in both)
          + ' -> slowdown ' + ', '.join(f'{float(b[0]) / a:.2f}x' for b in both))
    print('command: ' + ' '.join(cmd))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--ref', default=None, help='path of the reference models/s4/s4.py (optional)')
    ap.add_argument('--reps', type=int, default=5, help='interleaved repetitions per measurement (median)')
    ap.add_argument('--threads', type=int, default=1, help='intra-op threads (torch, OpenMP, KeOps)')
    ap.add_argument('--only', default='s4,ref64,dlr,attention', help='comma-separated sections to run')
    ap.add_argument('--crossover', action='store_true', help='measure the torch/KeOps crossover instead')
    ap.add_argument('--contention', type=int, nargs='?', const=20, default=None, metavar='STEPS',
                    help='time a small S4 training run alone and two at once instead')
    ap.add_argument('--train-worker', type=int, default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.train_worker is not None: return train_worker(a.train_worker)
    if a.contention is not None: return bench_contention(a.contention)
    configure_threads(a.threads)
    print(f'torch {torch.__version__}, threads {torch.get_num_threads()}, reps {a.reps}')
    if a.crossover: return bench_crossover(a.reps)
    only = set(a.only.split(','))
    if 's4' in only: bench_s4(load_reference(a.ref), a.reps)
    if 'ref64' in only: bench_reference_paths(a.reps)
    if 'dlr' in only: bench_dlr(a.reps)
    if 'attention' in only: bench_attention(a.reps)


if __name__ == '__main__':
    main()
