#!/usr/bin/env python
"""Claims of Tables 1 and 2 on the CPU reproduction: evaluate them on every complete CPU_REPRO run in a results
folder and write `<results>/tables/claims_cpu.md` (the README's claims table, plus the per-task details and wall times).

    python scripts/cpu_claims.py [results]
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository, when not pip-installed
from notfromscratch.claims import claims_table, evaluate_claims, format_claims
from notfromscratch.cpu_repro import repro_runs
from notfromscratch.results import to_markdown
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
            f'Total: {runs["wall_s"].sum() / 3600:.2f} h.', '']
    out = Path(results) / 'tables' / 'claims_cpu.md'
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out, '\n'.join(text))
    return out


if __name__ == '__main__':
    print(main(*sys.argv[1:]))
