#!/usr/bin/env python
"""Run every notebook's inline tests (nbdev_test, one notebook per process) and print `N passed, N failed`.

    python scripts/run_tests.py                 # default suite (cells flagged slow/gpu are skipped)
    python scripts/run_tests.py --flags slow    # also run `#| slow` cells
    python scripts/run_tests.py nbs/02_s4.ipynb # selected notebooks
"""
import argparse
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def notebooks(paths):
    if paths: return [Path(p).resolve() for p in paths]
    nbs = sorted(p for p in (ROOT / 'nbs').rglob('*.ipynb')
                 if '.ipynb_checkpoints' not in p.parts and not p.name.startswith('_'))
    return nbs


def count_test_cells(nb, flags):
    "Code cells of `nb` that run as tests: not exported, not skipped by an unrequested tst_flag."
    import json
    skip = {'slow', 'gpu'} - set(flags.split())
    n = 0
    for c in json.loads(Path(nb).read_text())['cells']:
        if c['cell_type'] != 'code': continue
        lines = [l.strip() for l in ''.join(c['source']).splitlines()]
        directives = {l[3:].split()[0] for l in lines if l.startswith('#| ') and len(l) > 3}
        body = [l for l in lines if l and not l.startswith('#')]
        if directives & {'export', 'exports', 'exporti', 'default_exp'} or directives & skip or not body: continue
        n += 1
    return n


def run_one(nb, flags, timeout):
    cmd = ['nbdev_test', '--path', str(nb), '--n_workers', '0']
    if flags: cmd += ['--flags', flags]
    t0 = time.time()
    try:
        p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
        ok, out = p.returncode == 0 and 'Success' in p.stdout + p.stderr, p.stdout + p.stderr
    except subprocess.TimeoutExpired as e:
        ok, out = False, f'TIMEOUT after {timeout}s\n{e.stdout or ""}{e.stderr or ""}'
    return nb, ok, time.time() - t0, out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('paths', nargs='*', help='notebooks to test (default: all of nbs/)')
    ap.add_argument('--flags', default='', help='space-separated tst_flags to run too, e.g. "slow"')
    ap.add_argument('--workers', type=int, default=2, help='notebooks tested in parallel')
    ap.add_argument('--timeout', type=int, default=None, help='seconds per notebook (default: 900; 3600 with --flags slow)')
    a = ap.parse_args()
    if a.timeout is None: a.timeout = 3600 if 'slow' in a.flags.split() else 900
    nbs = notebooks(a.paths)
    os.environ.setdefault('OMP_NUM_THREADS', '1')
    t0, passed, failed = time.time(), 0, []
    n_cells = sum(count_test_cells(n, a.flags) for n in nbs)
    # 01_kernels compiles the KeOps formulas into the on-disk cache: run it alone first, so that later
    # notebooks find them compiled instead of compiling the same formulas concurrently.
    first = [n for n in nbs if n.name == '01_kernels.ipynb']
    rest = [n for n in nbs if n not in first]
    with ThreadPoolExecutor(a.workers) as ex:
        futs = [ex.submit(run_one, n, a.flags, a.timeout) for n in first]
        for f in futs: f.result()
        futs += [ex.submit(run_one, n, a.flags, a.timeout) for n in rest]
        for f in futs:
            nb, ok, dt, out = f.result()
            rel = nb.relative_to(ROOT) if nb.is_relative_to(ROOT) else nb
            print(f"{'PASS' if ok else 'FAIL'} {rel} ({dt:.1f}s)", flush=True)
            if ok: passed += 1
            else:
                failed.append(rel)
                print('\n'.join('    ' + l for l in out.strip().splitlines()[-60:]), flush=True)
    print(f'suite time: {time.time() - t0:.1f}s; {len(nbs)} notebooks, {n_cells} test cells; '
          f'notebooks failed: {[str(f) for f in failed]}')
    print('(each notebook counts as one test below: a notebook passes when all its test cells pass)')
    print(f'{passed} passed, {len(failed)} failed')
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
