#!/usr/bin/env python3
"""Story grouping end to end, on 127.0.0.1 only (bench/cluster.sh runs it).

Serves a labelled set of reports (../shared/bench/cluster/events_dev.jsonl: `event`, `lang`,
`published`, `title`, `body`, `url`) as a news site: one RSS feed per outlet (the host of each
report's url), each report an item dated as published and an article page of its own. Then it
polls every feed once with `newshound poll --once` on a fresh store, reads what a reader would
see from `newshound digest preview --json`, and scores the stories against the events:

- pairwise precision and recall of "same story" against "same event", over every pair of
  reports (a report the watchlists did not match is a story of its own);
- recall on the pairs whose two reports are in different languages;
- hidden events: events whose every report in the digest is an "also reported by" line under
  another event's headline, so the reader never sees them as a story.

usage: bench/cluster.py BIN EVENTS.jsonl [--keep DIR]
"""
import email.utils
import html
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse


def load(path):
    items = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    for n, it in enumerate(items):
        it["n"] = n
        it["outlet"] = urlparse(it["url"]).hostname or "unknown"
    return items


def rss(outlet, items, base):
    out = [f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
           f'<title>{html.escape(outlet)}</title><link>{base}/</link>'
           f'<description>reports</description>']
    for it in items:
        when = datetime.fromisoformat(it["published"].replace("Z", "+00:00"))
        out.append(
            f'<item><title>{html.escape(it["title"])}</title>'
            f'<link>{base}/a/{it["n"]}.html</link><guid>{base}/a/{it["n"]}.html</guid>'
            f'<pubDate>{email.utils.format_datetime(when)}</pubDate>'
            f'<description>{html.escape(it["body"][:300])}</description></item>')
    out.append("</channel></rss>")
    return "".join(out).encode()


def page(it):
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in it["body"].split("\n") if p.strip())
    return (f'<!doctype html><html lang="{it["lang"]}"><head><meta charset="utf-8">'
            f'<title>{html.escape(it["title"])}</title></head><body><article>'
            f'<h1>{html.escape(it["title"])}</h1>{paras}</article></body></html>').encode()


def serve(items):
    by_outlet = {}
    for it in items:
        by_outlet.setdefault(it["outlet"], []).append(it)
    pages = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            kind = "application/rss+xml" if self.path.endswith(".xml") else "text/html"
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    for outlet, its in by_outlet.items():
        pages[f"/feeds/{outlet}.xml"] = rss(outlet, its, base)
        for it in its:
            pages[f"/a/{it['n']}.html"] = page(it)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, base, sorted(by_outlet)


def configure(work, base, outlets):
    for f in ["watchlists.toml", "aliases.toml"]:
        if os.path.exists(f"config/{f}"):
            shutil.copy(f"config/{f}", work)
    if os.path.isdir("config/examples"):
        shutil.copytree("config/examples", f"{work}/examples")
    with open(f"{work}/newshound.toml", "w") as f:
        f.write(f'[storage]\npath = "{work}/bench.db"\n\n[fetch]\nallow_private_addresses = true\n'
                'max_articles_per_poll = 500\nper_host_concurrency = 8\n\n')
        for o in outlets:
            f.write(f'[[feed]]\nname = "{o}"\nurl = "{base}/feeds/{o}.xml"\n\n')
        f.write('[[digest]]\nname = "bench"\nsend = "0 0 7 * * *"\nto = ["bench@example.org"]\n'
                'watchlists = ["pow-exchange", "cross-border-incursion"]\n\n'
                f'[mail]\ntransport = "file"\ndir = "{work}/outbox"\n')


def score(items, digest):
    by_url = {}
    for it in items:
        by_url[f"/a/{it['n']}.html"] = it
    story_of, lead_of = {}, {}
    for section in digest["sections"]:
        for st in section["stories"]:
            for k, r in enumerate(st["reports"]):
                it = by_url.get(urlparse(r["url"]).path)
                if it is None:
                    continue
                story_of[it["n"]] = st["story"]
                if k == 0:
                    lead_of[st["story"]] = it["event"]
    tp = fp = fn = xl = xl_tp = 0
    for a, b in itertools.combinations(items, 2):
        same_event = a["event"] == b["event"]
        sa, sb = story_of.get(a["n"]), story_of.get(b["n"])
        same_story = sa is not None and sa == sb
        tp += same_event and same_story
        fp += same_story and not same_event
        fn += same_event and not same_story
        if same_event and a["lang"] != b["lang"]:
            xl += 1
            xl_tp += same_story
    events = {}
    for it in items:
        if it["n"] in story_of:
            events.setdefault(it["event"], set()).add(lead_of[story_of[it["n"]]])
    hidden = sorted(e for e, leads in events.items() if e not in leads)
    ratio = lambda a, b: a / b if b else 0.0
    print(f"{len(items)} reports of {len({i['event'] for i in items})} events; "
          f"{len(story_of)} in the digest, in {len(lead_of)} stories")
    print(f"same story vs same event: P {ratio(tp, tp + fp):.2f} R {ratio(tp, tp + fn):.2f} "
          f"(tp {tp}, fp {fp}, fn {fn}); cross-language R {ratio(xl_tp, xl):.2f} "
          f"({xl_tp} of {xl}); hidden events {len(hidden)}"
          + (f" ({', '.join(hidden)})" if hidden else ""))


def main():
    binp, path = os.path.abspath(sys.argv[1]), sys.argv[2]
    keep = sys.argv[sys.argv.index("--keep") + 1] if "--keep" in sys.argv else None
    items = load(path)
    server, base, outlets = serve(items)
    work = keep or tempfile.mkdtemp(prefix="cluster-bench.")
    os.makedirs(work, exist_ok=True)
    try:
        configure(work, base, outlets)
        cfg = f"{work}/newshound.toml"
        poll = subprocess.run([binp, "-c", cfg, "poll", "--once"], capture_output=True,
                              text=True, timeout=900)
        if poll.returncode != 0:
            sys.exit(f"poll failed ({poll.returncode}): {poll.stderr[-2000:]}")
        preview = subprocess.run([binp, "-c", cfg, "digest", "preview", "bench", "--json"],
                                 capture_output=True, text=True, timeout=300)
        if preview.returncode != 0:
            sys.exit(f"digest preview failed: {preview.stderr[-2000:]}")
        digest = json.loads(preview.stdout)
        if keep:
            open(f"{work}/digest.json", "w").write(preview.stdout)
        print(f"{len(outlets)} outlets on {base}; {poll.stdout.strip().splitlines()[-1]}")
        score(items, digest)
    finally:
        server.shutdown()
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
