#!/usr/bin/env python
"""Run reproduction v2 (nbs/27_repro_v2.ipynb, nbs/37_repro_v2_runs.ipynb) in the background.

Two single-threaded runs at a time (`--jobs`), in the plan's order (`repro_v2_runs.queue`): task by task, each arm's
seed-0 lr grid first, then the other seeds at the chosen lr, then the SPT-length study; when part 1 has nothing left,
part 2's items (amendment A2, `repro_v2_runs.part2_queue`) one after another as the A2 budget rule decides. Every run is resumable (run it
again after an interruption: each stage restarts from its last checkpoint), and each finished run's record is committed
with the v2 items regenerated from the records (`git commit -- <record> <v2 outputs>`; nothing else in the index is
touched) unless `--no-commit`, so that main's v2 tables always match its records.

    python scripts/repro_v2.py --status        # where the runs stand (records, chosen lr, measured hours)
    python scripts/repro_v2.py --dry-run       # what would start now
    nohup python scripts/repro_v2.py > results/repro_v2/runner.log 2>&1 &
"""
import argparse
import os
import subprocess
import sys
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import redirect_stderr, redirect_stdout
from datetime import datetime
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / 'results' / 'records'
LOGS = ROOT / 'results' / 'repro_v2' / 'logs'


def say(*a):
    print(datetime.now().strftime('%Y-%m-%d %H:%M:%S'), *a, flush=True)


def describe(spec) -> str:
    ov = dict(spec.overrides)
    how = 'lr grid' if spec.grid else f'lr {ov.get("finetune.lr")}'
    arm = f'{spec.model}{" causal" if spec.causal else ""} {spec.mode}'
    extra = [f'spt_at {spec.spt_at}' if spec.spt_at else '', f'SPT share {spec.compute_tied:g}' if spec.compute_tied else '',
             f'fraction {spec.fraction:g}' if spec.fraction != 1 else '',
             f'd{ov["backbone.d_model"]}x{ov["backbone.n_layers"]}' if 'backbone.d_model' in ov else '',
             f'loader {ov["task.kwargs"]}' if 'task.kwargs' in ov else '']
    return ' / '.join([f'{spec.task} / {arm} / seed {spec.seed} / {how}'] + [e for e in extra if e])


def run_one(spec, log: str) -> tuple:
    "Worker: one run, one thread, its output in `log`; returns (task, identity hash, hours)."
    os.environ['NFS_THREADS'] = '1'
    from notfromscratch.core import configure_threads
    from notfromscratch.repro_v2_runs import run_hours
    configure_threads(1)
    os.chdir(ROOT)
    with open(log, 'a') as f, redirect_stdout(f), redirect_stderr(f):
        print(f'== {datetime.now():%Y-%m-%d %H:%M:%S} {describe(spec)}', flush=True)
        res = spec.run(str(ROOT / 'results'), progress=False)
    from notfromscratch.records import load_records, read_json
    from notfromscratch.repro_v2_runs import index
    rec = read_json(RECORDS / res['task'] / f'{res["identity_hash"]}.json')   # the record as written (what gets committed)
    return res['task'], res['identity_hash'], run_hours(rec, index(load_records(RECORDS)))


V2_ITEMS = ('table1-v2', 'table2-v2', 'claims-v2', 'fig1-v2', 'fig4-v2', 'fig5-v2', 'spt-length')   # regenerated after each record
PART2_ITEMS = ('table7-v2', 'table8-v2', 'fig3-v2', 'table3-v2', 'table9-v2')   # part 2 (amendment A2)


def regenerate(speech_root=None) -> list:
    "Rewrite the v2 items' tables, claims and figures from the records; returns the paths of the v2 outputs."
    from notfromscratch.experiments import REGISTRY, RecordsMissing, run_experiment
    for name in V2_ITEMS + tuple(n for n in PART2_ITEMS if n in REGISTRY):
        kw = dict(speech_root=speech_root) if name == 'table3-v2' and speech_root else {}
        try: run_experiment(name, progress=False, **kw)
        except RecordsMissing as e: say(f'{name}: {e}')
    from notfromscratch.experiments import write_v2_digest
    write_v2_digest()                                      # every v2 claim in one table (claims_all_cpu-v2.md)
    return sorted(str(p.relative_to(ROOT)) for p in [*(ROOT / 'results' / 'tables').glob('*cpu-v2*'),
                                                        *(ROOT / 'figures').glob('*cpu-v2*')])


def commit(paths: list, msg: str) -> bool:
    "Commit `paths` alone (whatever else is staged stays staged); retries while another git process holds the index."
    for _ in range(20):
        a = subprocess.run(['git', 'add', '--', *paths], cwd=ROOT, capture_output=True, text=True)
        c = subprocess.run(['git', 'commit', '-q', '-m', msg, '--', *paths], cwd=ROOT, capture_output=True, text=True)
        if a.returncode == 0 and c.returncode == 0: return True
        if 'nothing' in (c.stdout + c.stderr): return True
        time.sleep(5)
    say(f'commit failed for {paths}: {c.stderr.strip()}')
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--jobs', type=int, default=2, help='runs at a time, one thread each (default: 2)')
    ap.add_argument('--dry-run', action='store_true', help='print what would start now and exit')
    ap.add_argument('--status', action='store_true', help='print where the runs stand and exit')
    ap.add_argument('--no-commit', action='store_true', help='do not commit records as runs finish')
    ap.add_argument('--no-study', action='store_true', help='table runs only (no SPT-length study)')
    ap.add_argument('--speech-root', default=None, help='a full Speech Commands copy: Table 3 (part 2) trains its SC columns '
                    'too, outside the 10-hour CPU budget (default: none; the shared 300 clips are too few)')
    a = ap.parse_args()
    if a.jobs < 1: ap.error(f'--jobs must be >= 1, got {a.jobs}')
    os.chdir(ROOT)
    from notfromscratch.records import load_records
    from notfromscratch.repro_v2_runs import index, part2_queue, part2_status, queue, v2_status
    if a.status:
        import pandas as pd
        with pd.option_context('display.width', 250, 'display.max_rows', 200, 'display.max_colwidth', 90):
            print(v2_status(RECORDS).to_string(index=False))
            print('\npart 2 (amendment A2):'); print(part2_status(RECORDS).to_string(index=False))
        return 0
    if a.speech_root and not Path(a.speech_root).is_dir(): ap.error(f'--speech-root: {a.speech_root} is not a folder')
    sroot = a.speech_root and str(Path(a.speech_root).resolve())
    todo_now = lambda idx, running: queue(idx, running=running, study=not a.no_study) + part2_queue(idx, running, speech_root=sroot)
    if a.dry_run:
        for s in todo_now(index(load_records(RECORDS)), []): print(s.identity_hash(), describe(s))
        return 0
    LOGS.mkdir(parents=True, exist_ok=True)
    left = subprocess.run(['git', 'status', '--porcelain', '--untracked-files=all', '--', str(RECORDS.relative_to(ROOT))],
                          cwd=ROOT, capture_output=True, text=True).stdout.split()
    left = [x for x in left if x.endswith('.json')]
    if left and not a.no_commit:   # records written by a runner stopped before its commit (e.g. at the end of a session)
        say(f'committing {len(left)} record(s) left uncommitted by an earlier runner')
        commit([*left, *regenerate(sroot)], f'Reproduction v2: {len(left)} record(s) left uncommitted by a stopped runner; v2 items regenerated')
    failed, running = set(), {}
    with ProcessPoolExecutor(a.jobs, mp_context=get_context('spawn'), max_tasks_per_child=1) as ex:
        while True:
            idx = index(load_records(RECORDS))
            todo = todo_now(idx, [h for h, _ in running.values()] + sorted(failed))   # part 2 once part 1 is done
            while len(running) < a.jobs and todo:
                s = todo.pop(0); h = s.identity_hash()
                running[ex.submit(run_one, s, str(LOGS / f'{s.task}-{h}.log'))] = (h, s)
                say(f'start {h} {describe(s)}')
            if not running:
                say('nothing left to start (see --status)'); return 0
            done, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for f in done:
                h, s = running.pop(f)
                try:
                    task, rh, hours = f.result()
                    say(f'done  {h} {describe(s)} ({hours:.2f} h)')
                    if rh != h: say(f'warning: the run wrote identity {rh}, the plan expected {h}')
                    rec = str(RECORDS.relative_to(ROOT) / task / f'{rh}.json')
                    outs = regenerate(sroot)
                    if not a.no_commit: commit([rec, *outs], f'Reproduction v2 record: {describe(s)} [{rh}]; v2 items regenerated')
                except Exception:
                    failed.add(h)
                    say(f'FAILED {h} {describe(s)}; log: {LOGS / f"{s.task}-{h}.log"}\n{traceback.format_exc()}')


if __name__ == '__main__':
    sys.exit(main())
