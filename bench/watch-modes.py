#!/usr/bin/env python3
"""How each way of deciding would do on a labelled set: the query alone, the model alone and
the two combined, at several thresholds, for every watchlist that has a model.

usage: bench/watch-modes.py BIN CONFIG ITEMS.jsonl [--thresholds 0.3,0.5,0.7] [--vetoes 0.1,0.3]

With --vetoes, query-or-model rows also take a veto: the item matches when the model alone
reaches the threshold, or the query matched and the model is at least the veto.

ITEMS is a labelled set in the form of ../shared/bench/watch/*.jsonl (`labels`, `borderline`;
borderline items are skipped, as score.py does). Runs `watch test --jsonl --explain` once and
reads every watchlist's query verdict and model probability from it."""
import json, subprocess, sys, tempfile

binp, cfg, items = sys.argv[1:4]
ths = [0.3, 0.4, 0.5, 0.6, 0.7]
if '--thresholds' in sys.argv:
    ths = [float(t) for t in sys.argv[sys.argv.index('--thresholds') + 1].split(',')]
vetoes = []
if '--vetoes' in sys.argv:
    vetoes = [float(t) for t in sys.argv[sys.argv.index('--vetoes') + 1].split(',')]
LAB = {"pow_exchange": "pow-exchange", "cross_border_incursion": "cross-border-incursion"}
its = [json.loads(l) for l in open(items, encoding='utf-8') if l.strip()]
with tempfile.NamedTemporaryFile('w', suffix='.jsonl', delete=False, encoding='utf-8') as t:
    for i in its:
        t.write(json.dumps({"id": i["id"], "title": i["title"], "body": i["body"]},
                           ensure_ascii=False) + "\n")
r = subprocess.run([binp, "-c", cfg, "watch", "test", "--jsonl", t.name, "--explain"],
                   capture_output=True, text=True, timeout=600)
if r.returncode != 0:
    sys.exit("watch test failed: " + r.stderr[-400:])
got = {}
for line in r.stdout.splitlines():
    d = json.loads(line)
    got[str(d["id"])] = {e["watchlist"]: e for e in d["explain"]}


def pr(decide):
    out = {}
    for lab, wl in LAB.items():
        tp = fp = fn = 0
        for i in its:
            if i.get("borderline"):
                continue
            e = got[i["id"]].get(wl)
            if e is None:
                continue
            want, have = lab in i["labels"], decide(e)
            tp += want and have
            fp += have and not want
            fn += want and not have
        p = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        out[wl] = (p, rc, tp, fp, fn)
    return out


def query(e):
    return e["query_holds"] and e["score"] >= e["min_score"]


rows = [("configured", lambda e: e["matched"]), ("query", query)]
for th in ths:
    rows.append((f"model>={th}", lambda e, th=th: (e["probability"] or 0) >= th))
    rows.append((f"query-and-model>={th}", lambda e, th=th: query(e) and (e["probability"] or 0) >= th))
    rows.append((f"query-or-model>={th}", lambda e, th=th: query(e) or (e["probability"] or 0) >= th))
    for v in vetoes:
        rows.append((f"q-or-m>={th} veto {v}", lambda e, th=th, v=v: (e["probability"] or 0) >= th
                     or (query(e) and (e["probability"] or 0) >= v)))
print(f"{'decide':28}" + "".join(f"{wl:>34}" for wl in LAB.values()))
for name, f in rows:
    res = pr(f)
    print(f"{name:28}" + "".join(
        f"   P={p:.3f} R={rc:.3f} ({tp:3}/{fp:3}/{fn:3})" for p, rc, tp, fp, fn in res.values()))
