#!/usr/bin/env python
"""Round-trip notebooks <-> percent scripts, for editing notebooks as text.

    python tools/nbpy.py py2nb draft.py nbs/02_s4.ipynb   # write a notebook from a percent script
    python tools/nbpy.py nb2py nbs/02_s4.ipynb draft.py   # and back

Percent format: a line `# %%` starts a code cell, `# %% [markdown]` a markdown cell
(each markdown line prefixed with `# `), and `# %% tags=["parameters"]` a code cell with tags.
The notebook in nbs/ is the source of truth; the percent script is only an editing aid.
Notebooks are written without outputs (nbdev's cleaner keeps only the `tags` cell metadata).
"""
import json
import re
import sys
from pathlib import Path

_HDR = re.compile(r'^# %%(?P<md> \[markdown\])?(?: tags=(?P<tags>\[.*\]))?\s*$')


def py2cells(text):
    cells, cur = [], None
    for line in text.splitlines():
        m = _HDR.match(line)
        if m:
            if cur is not None: cells.append(cur)
            cur = {'kind': 'markdown' if m.group('md') else 'code', 'lines': [],
                   'tags': json.loads(m.group('tags')) if m.group('tags') else []}
            continue
        if cur is None:
            if not line.strip(): continue
            cur = {'kind': 'code', 'lines': [], 'tags': []}
        cur['lines'].append(line)
    if cur is not None: cells.append(cur)
    out = []
    for c in cells:
        lines = c['lines']
        while lines and not lines[-1].strip(): lines.pop()
        while lines and not lines[0].strip(): lines.pop(0)
        if c['kind'] == 'markdown':
            lines = [l[2:] if l.startswith('# ') else l[1:] if l.startswith('#') else l for l in lines]
        if not lines: continue
        src = [l + '\n' for l in lines]
        src[-1] = src[-1][:-1]
        cell = {'cell_type': c['kind'], 'metadata': {'tags': c['tags']} if c['tags'] else {}, 'source': src}
        if c['kind'] == 'code':
            cell.update(execution_count=None, outputs=[])
        out.append(cell)
    return out


def py2nb(src, dst):
    nb = {'cells': py2cells(Path(src).read_text()),
          'metadata': {'kernelspec': {'display_name': 'python3', 'language': 'python', 'name': 'python3'}},
          'nbformat': 4, 'nbformat_minor': 5}
    for i, c in enumerate(nb['cells']): c['id'] = f'c{i:03d}'
    Path(dst).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')


def nb2py(src, dst):
    nb = json.loads(Path(src).read_text())
    parts = []
    for c in nb['cells']:
        tags = c.get('metadata', {}).get('tags', [])
        hdr = '# %%' + (' [markdown]' if c['cell_type'] == 'markdown' else '') + (f' tags={json.dumps(tags)}' if tags else '')
        body = ''.join(c['source'])
        if c['cell_type'] == 'markdown':
            body = '\n'.join('# ' + l if l else '#' for l in body.split('\n'))
        parts.append(hdr + '\n' + body + '\n')
    Path(dst).write_text('\n'.join(parts))


if __name__ == '__main__':
    cmd, a, b = sys.argv[1:4]
    {'py2nb': py2nb, 'nb2py': nb2py}[cmd](a, b)
