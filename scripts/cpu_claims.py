#!/usr/bin/env python
"""Claims of the CPU reproduction. Tables 1 and 2: evaluated here on every complete CPU_REPRO run in a results folder.
Tables 3, 7, 8, 9 and Figures 3-5: read from the claims files their notebooks write (`<name>_cpu-repro_claims.csv`;
regenerate them with `python scripts/run_experiments.py table3 table7 fig3 fig4 fig5 table8 table9 -p train False`).
Writes `<results>/tables/claims_cpu.md`: the README's claims tables, the per-task details and the wall times.

    python scripts/cpu_claims.py [results]
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository, when not pip-installed
import pandas as pd

from notfromscratch.claims import claims_table, evaluate_claims, format_claims
from notfromscratch.cpu_repro import T7_MODELS, repro_runs
from notfromscratch.results import load_results, to_markdown
from notfromscratch.store import atomic_write_text


def main(results='results') -> Path:
    runs = repro_runs(results)
    claims = evaluate_claims(runs)
    status = 'INCOMPLETE' if any(c.status == 'INCOMPLETE' for c in claims) else 'complete'
    wall = runs.groupby(['task', 'model'])['wall_s'].sum().div(60).round(1).unstack(fill_value=0)
    text = ['# Claims of Tables 1 and 2 on a CPU', '',
            f'Evaluated by `notfromscratch.claims.evaluate_claims` on the {len(runs)} complete CPU_REPRO runs in '
            f'`{results}/` (3 seeds per scratch / masked-SPT arm, 1 for causal SPT); some claims {status}.', '',
            to_markdown(claims_table(claims)), '', '```', format_claims(claims), '```', '',
            '## Compute (minutes of run wall time, one single-threaded run per core)', '', to_markdown(wall, index=True),
            f'Total: {runs["wall_s"].sum() / 3600:.2f} h.', ''] + second_part(results)
    out = Path(results) / 'tables' / 'claims_cpu.md'
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out, '\n'.join(text))
    return out


SECOND = {'table3': 'Table 3 (sCIFAR)', 'table7': 'Table 7 / Figure 2 (S4 vs DLR, init)', 'fig3': 'Figure 3 (data fractions)',
          'table8': 'Table 8 (compute-tied)', 'table9': 'Table 9 (model sizes)',
          'fig4-spt200': 'Figure 4 (kernel decay, SPT ≤ 200 epochs)',
          'fig4-spt200-nes': 'Figure 4 (kernel decay, SPT 200 epochs, no early stopping)', 'fig4': "Figure 4 (kernel decay, Table 2's SPT)",
          'fig5': 'Figure 5 (training curves)'}
CLAIMS_FILE = {'fig4-spt200': 'fig4_cpu-repro-spt200', 'fig4-spt200-nes': 'fig4_cpu-repro-spt200-nes'}   # other notebooks: '<nb>_cpu-repro'

def second_runs(results) -> dict:
    "{notebook: its own runs} of the second reproduction (runs it reuses from Tables 1/2 are counted there)."
    fr = (load_results(results) if Path(results).exists()
          else pd.DataFrame(columns=['model', 'preset', 'fraction', 'task', 'compute_tied', 'wall_s']))
    cpu = fr.preset == 'cpu'
    return {'table3': repro_runs(results, tasks=['scifar'], models=['transformer-rotary', 's4']),
            'table7': repro_runs(results, tasks=['listops', 'text', 'image'], models=T7_MODELS),
            'fig3': fr[cpu & (fr.model == 's4') & (fr.fraction < 1) & fr.task.isin(['image', 'text'])],
            'table8': fr[cpu & (fr.model == 'transformer-rotary') & fr.compute_tied.notna() & fr.task.isin(['image', 'text'])],
            'table9': fr[fr.preset.astype(str).str.match(r'cpu-d\d+-l\d+$') & (fr.task == 'image') & fr.model.isin(['transformer-rotary', 's4'])],
            'fig4-spt200': fr[(fr.preset == 'cpu-spt200') & (fr.model == 's4')],
            'fig4-spt200-nes': fr[(fr.preset == 'cpu-spt200-nes') & (fr.model == 's4')]}

def second_part(results) -> list:
    "Markdown: the claims of the second reproduction's notebooks (from their claims files) and their compute."
    tables = Path(results) / 'tables'
    found, missing = [], []
    for nb, what in SECOND.items():
        f = tables / f"{CLAIMS_FILE.get(nb, nb + '_cpu-repro')}_claims.csv"
        if f.exists(): found.append(pd.read_csv(f).assign(notebook=what))
        else: missing.append(what)
    text = ['## Tables 3, 7, 8, 9 and Figures 3-5', '']
    if found:
        df = pd.concat(found, ignore_index=True)
        text += [to_markdown(df[['claim', 'statement', 'paper', 'ours', 'status', 'tasks']]), '']
    text += [f'No claims file yet (notebook not run with the CPU reproduction): {", ".join(missing)}.', ''] if missing else []
    walls = {nb: (len(r), r['wall_s'].sum() / 3600) for nb, r in second_runs(results).items()}
    text += ['Compute of the runs of each notebook (its own runs; Table 9\'s middle size and Figure 5 read Table 2\'s runs):', '',
             '| notebook | runs | wall (h) |', '|---|---|---|'] + [f'| {SECOND[nb]} | {n} | {h:.2f} |' for nb, (n, h) in walls.items()]
    text += ['', f'Total: {sum(h for _, h in walls.values()):.2f} h.', '']
    return text


if __name__ == '__main__':
    print(main(*sys.argv[1:]))
