#!/usr/bin/env python3
"""Probe corpus through `frontline map`: scripts/probe-map.py BIN [TSV] [-v].

Each TSV row is family, report date, a passage written for the probes (wire copy, encyclopedia
style), and the map it must give at that date ("Place=fac; …", fac one of gov reb hts isis sdf
tur (Syria), ukr rus (Ukraine) or con, alternatives joined by "|" — "none" among them: no claim is also right —, "-" for none). A
backslash-n in a passage is a line break (a headline or a dateline on its own line, as in a report file). A comment line
"# region: NAME" runs the rows after it with FRONTLINE_REGION=NAME (default: the binary's own, Syria;
a corpus may so end with a few rows of another region). Prints per family: rows, rows all right,
facts right, wrong (wrong side or a place not expected), missing; -v lists the rows that fail.
Places match by folded name (ALIAS: the gazetteer's spelling of the probe's); a name in Arabic
script (an unlisted place keeps the report's spelling) is folded as Arabic.
"""
import json, os, re, subprocess, sys, tempfile, unicodedata, collections
BIN = sys.argv[1]
TSV = sys.argv[2] if len(sys.argv) > 2 and not sys.argv[2].startswith('-') else 'scripts/probes/reversals.tsv'
V = '-v' in sys.argv
FAC = {'gov': {'government'}, 'reb': {'opposition', 'hts', 'rebels'}, 'hts': {'hts'}, 'isis': {'isis'},
       'sdf': {'sdf', 'kurds'}, 'tur': {'turkey', 'turkey_backed'}, 'ukr': {'ukraine'}, 'rus': {'russia'}}
ALIAS = {'suran': 'souran', 'lataminah': 'latamina', 'tallmallah': 'talmalah', 'zilaqiat': 'zalaqiyat',
         'tayyibatimam': 'taybatimam', 'mhardeh': 'mahardah', 'maardis': 'maardes', 'tellrifaat': 'talrifaat',
         'nairab': 'nayrab', 'nayrabairbase': 'nayrab', 'daraya': 'darayya'}
AR_MARKS = re.compile(r"[\u064B-\u065F\u0670\u0640]")
AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
def norm_arabic(s):
    """An Arabic name (a place the gazetteer lacks keeps the report's spelling): marks dropped,
    hamza seats, ta marbuta and alif maqsura folded, the article and spaces dropped."""
    s = AR_MARKS.sub("", s).translate(AR_FOLD)
    return "".join(w[2:] if w.startswith("ال") and len(w) > 3 else w for w in s.split())
def norm(s):
    if re.search(r"[\u0600-\u06FF]", s or "") and not re.search(r"[A-Za-z]", s or ""):
        return norm_arabic(s)
    s = unicodedata.normalize("NFKD", s or "").encode("ascii", "ignore").decode().lower()
    s = re.sub(r"\b(al|el|ar|as|ash|az|ad|an|at)[- ]", "", s)
    s = re.sub(r"[^a-z]", "", s)
    return ALIAS.get(s, s)
def good(exp, p):
    contested = p['status'] == 'contested' or p['faction'] == 'contested'
    return any(contested if e == 'con' else not contested and p['faction'] in FAC[e] for e in exp.split('|') if e != 'none')
REGION = re.compile(r"#\s*region:\s*(\S+)")
env = dict(os.environ)
tot = collections.defaultdict(lambda: [0, 0, 0, 0, 0])  # rows, rows ok, right, wrong, miss
d = tempfile.mkdtemp()
for n, line in enumerate(open(TSV)):
    m = REGION.match(line)
    if m:
        env['FRONTLINE_REGION'] = m.group(1)
    if line.startswith('#') or not line.strip():
        continue
    fam, date, text, exp = line.rstrip('\n').split('\t')
    path = os.path.join(d, f'{n}.txt')
    body = text.replace('\\n', '\n')
    open(path, 'w').write(f'date: {date}\nsource: probe\n\n{body}\n')
    out = subprocess.run([BIN, 'map', path], capture_output=True, env=env)
    doc = json.loads(out.stdout)
    places = [f['properties'] for f in doc.get('features', []) if f['properties'].get('kind') == 'place' and f['properties'].get('faction')]
    want = {} if exp.strip() == '-' else dict(x.strip().split('=') for x in exp.split(';'))
    got = {norm(p['name']): p for p in places}
    right = wrong = miss = 0
    notes = []
    for place, f in want.items():
        p = got.pop(norm(place), None)
        if p is None and 'none' in f.split('|'):
            right += 1
        elif p is None:
            miss += 1; notes.append(f'MISS {place}={f}')
        elif good(f, p):
            right += 1
        else:
            wrong += 1; notes.append(f'WRONG {place}={f} got {p["faction"]}/{p["status"]}')
    for k, p in got.items():
        wrong += 1; notes.append(f'EXTRA {p["name"]}={p["faction"]}/{p["status"]}')
    t = tot[fam]
    t[0] += 1; t[1] += (wrong == 0 and miss == 0); t[2] += right; t[3] += wrong; t[4] += miss
    if V and notes:
        print(f'{fam} {n+1}: {text}\n     ' + '; '.join(notes))
all_ = [0] * 5
print('family rows rows_ok right wrong miss')
for fam in sorted(tot):
    print(fam, *tot[fam]); all_ = [a + b for a, b in zip(all_, tot[fam])]
print('total', *all_)
