#!/usr/bin/env python3
"""Validate newshound's shipped training examples and print a summary.

Usage: python3 bench/examples-check.py [--strict] [--against SET.jsonl ...] [FILE.jsonl ...]
       (default: every config/examples/*.jsonl of this checkout)

Each file is JSON Lines: one object per line with exactly the keys title, body, label, lang,
note; blank lines and lines starting with '#' are allowed ('# ---- name ----' starts a
section). 'lang' is a two-letter ISO 639-1 code in lower case: en, uk and ru are the
languages the watchlists are written for; any other code (de, pl, fr, ...) is accepted,
because real feeds carry such items too, and is counted under its own code and, for the
balance targets, as "other". Errors (a line that is not such an object, a duplicate title or body) make the exit
status 1. Balance warnings (too few examples, labels or languages far from the targets below)
are printed but only fail with --strict, because a file under construction is often
unbalanced on purpose.

--against SET.jsonl (repeatable) compares each example with the items of a labelled set
(dev.jsonl, real_dev.jsonl or any JSON Lines file with title and body) and warns about every
example sharing a run of SHINGLE words with one of them (case-folded, punctuation dropped):
the shipped examples must be written in the project's own words, never copied from the
third-party text the watchlists are measured on.

The summary shows counts per label and language, sections, length spread, and how often page
boilerplate (menus, "Read also", cookie and subscribe prompts) appears under each label: if it
appeared under one label only, a classifier would learn the boilerplate as a cue.
"""
import json
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

REQUIRED = ("title", "body", "label", "lang", "note")
# The languages every file must carry under both labels; other codes are optional.
CORE_LANGS = ("en", "uk", "ru")
LANG_CODE = re.compile(r"^[a-z]{2}$")
# Targets of the shipped files: share of each core language and of all other codes
# together ("other"), and the minimum size.
LANG_TARGET = {"en": 0.40, "uk": 0.25, "ru": 0.25, "other": 0.10}
LANG_TOLERANCE = 0.07
MIN_EXAMPLES = 150
POSITIVE_SHARE = (0.40, 0.60)

SECTION = re.compile(r"^#\s*-{2,}\s*(.*?)\s*-{2,}\s*$")
ASCII_ESCAPE = re.compile(r"\\u0[4-9a-fA-F][0-9a-fA-F]{2}|\\u[1-9a-fA-F][0-9a-fA-F]{3}")
# Page furniture: lines of menus, bylines, share/subscribe/cookie prompts and related-story
# lists, in the three languages. Anchored to whole lines (or their starts) so that story text
# that merely mentions, say, "share" or "реклама" is not counted.
BOILERPLATE = re.compile(
    r"(?im)^\s*(?:"
    r"skip to|menu\b|home\s*[›>|/]|news\s*\||live\b|breaking news|subscribe|listen to this|"
    r"advertisement|by [A-Z][\w.]+ [A-Z]|by (staff|newsroom)|updated\b|published\b|from our correspondent|"
    r"reporting by|read (also|more)|related|more (from|in|on)\b|most read|you may also like|share\b|"
    r"sign up|follow (us|our)|we use cookies|we value your privacy|cookie|comments \(|tags:|topics:|©|"
    r"перейти (до|к)|головна|главная|новини\s*\||новости\s*\||стрічка новин|лента новостей|"
    r"усі новини|все новости|читайте (також|также)|дивіться також|смотрите также|більше новин|"
    r"другие новости|популярне|самое читаемое|новини партнерів|новости партнеров|новости сми2|"
    r"поділитися|поширити|поделиться|підпис|подпис|ми використовуємо|мы используем|"
    r"якщо ви помітили|нашли (ошибку|опечатку)|автор:|оновлено:|обновлено:|джерело:|источник:|"
    r"редакція|редакция|фото:|теги:|реклама|ua \||ru \||\d{1,2}:\d{2},? \d{1,2} \w+|"
    # German, Polish, French, Spanish, Portuguese, Italian, Hungarian, Czech, Turkish
    r"lesen sie auch|mehr zum thema|zum inhalt springen|teilen\b|startseite|"
    r"czytaj (też|także|również)|zobacz (też|także)|udostępnij|strona główna|"
    r"lire aussi|à lire aussi|partager\b|accueil\b|nous utilisons des cookies|"
    r"lee también|leer más|compartir\b|portada\b|leia (também|mais)|compartilhe|"
    r"leggi anche|condividi|olvasd el|kapcsolódó|megosztás|čtěte (také|též)|sdílet|"
    r"ilgili haberler|paylaş|ana sayfa"
    r")",
)
SENTENCE_END = re.compile(r"[.!?…](?:\s|$)")
SHINGLE = 8
WORD = re.compile(r"\w+")


def norm(text):
    return " ".join(text.casefold().split())


def check_file(path):
    """Returns (examples, sections, errors, warnings); each example is (line, dict)."""
    examples, sections, errors, warnings = [], [], [], []
    seen_titles, seen_bodies = {}, {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        return [], [], [f"{path}: cannot read as UTF-8 text: {e}"], []
    for n, raw in enumerate(lines, 1):
        where = f"{path}:{n}"
        stripped = raw.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            m = SECTION.match(stripped)
            if m:
                sections.append([m.group(1), 0])
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as e:
            errors.append(f"{where}: not valid JSON ({e.msg} at column {e.colno})")
            continue
        if not isinstance(obj, dict):
            errors.append(f"{where}: expected a JSON object, found {type(obj).__name__}")
            continue
        missing = [k for k in REQUIRED if k not in obj]
        extra = sorted(set(obj) - set(REQUIRED))
        if missing:
            errors.append(f"{where}: missing key(s) {', '.join(missing)}")
        if extra:
            errors.append(f"{where}: unknown key(s) {', '.join(extra)}")
        if missing or extra:
            continue
        bad = False
        for k in ("title", "body", "note"):
            if not isinstance(obj[k], str) or not obj[k].strip():
                errors.append(f"{where}: '{k}' must be a non-empty string")
                bad = True
        if not isinstance(obj["label"], bool):
            errors.append(f"{where}: 'label' must be true or false, found {obj['label']!r}")
            bad = True
        if not isinstance(obj["lang"], str) or not LANG_CODE.match(obj["lang"]):
            errors.append(f"{where}: 'lang' must be a two-letter lower-case ISO 639-1 code "
                          f"(en, uk, ru, de, ...), found {obj['lang']!r}")
            bad = True
        if bad:
            continue
        if ASCII_ESCAPE.search(raw):
            warnings.append(f"{where}: non-ASCII text written as \\u escapes; write the characters")
        t, b = norm(obj["title"]), norm(obj["body"])
        if t in seen_titles:
            errors.append(f"{where}: duplicate title (first at line {seen_titles[t]})")
        else:
            seen_titles[t] = n
        if b in seen_bodies:
            errors.append(f"{where}: duplicate body (first at line {seen_bodies[b]})")
        else:
            seen_bodies[b] = n
        if not sections:
            sections.append(["(before any section)", 0])
        sections[-1][1] += 1
        examples.append((n, obj))
    return examples, sections, errors, warnings


def balance_warnings(path, examples):
    out = []
    total = len(examples)
    if total < MIN_EXAMPLES:
        out.append(f"{path}: only {total} examples (at least {MIN_EXAMPLES} wanted)")
    if total == 0:
        return out
    pos = sum(1 for _, o in examples if o["label"]) / total
    if not POSITIVE_SHARE[0] <= pos <= POSITIVE_SHARE[1]:
        out.append(f"{path}: positives are {pos:.0%} of examples (wanted "
                   f"{POSITIVE_SHARE[0]:.0%}–{POSITIVE_SHARE[1]:.0%})")
    langs = Counter(lang_group(o["lang"]) for _, o in examples)
    for lang, target in LANG_TARGET.items():
        share = langs[lang] / total
        if abs(share - target) > LANG_TOLERANCE:
            out.append(f"{path}: '{lang}' is {share:.0%} of examples (target {target:.0%})")
    for label in (True, False):
        sub = [o for _, o in examples if o["label"] is label]
        missing = [lang for lang in CORE_LANGS if not any(o["lang"] == lang for o in sub)]
        if missing:
            out.append(f"{path}: no {'positive' if label else 'negative'} example in {', '.join(missing)}")
    return out


def lang_group(lang):
    return lang if lang in CORE_LANGS else "other"


def lang_columns(examples):
    """The core languages first, then every other code found, most frequent first."""
    others = Counter(o["lang"] for _, o in examples if o["lang"] not in CORE_LANGS)
    return list(CORE_LANGS) + [lang for lang, _ in sorted(others.items(), key=lambda kv: (-kv[1], kv[0]))]


def sentences(text):
    return max(1, len(SENTENCE_END.findall(text)))


def summary(path, examples, sections):
    total = len(examples)
    print(f"== {path}: {total} examples")
    if not total:
        return
    by = Counter((o["label"], o["lang"]) for _, o in examples)
    langs = lang_columns(examples)
    width = 6
    print(f"   {'':9}" + "".join(f"{lang:>{width}}" for lang in langs) + f"{'total':>8}")
    for label, name in ((True, "positive"), (False, "negative")):
        row = [by[(label, lang)] for lang in langs]
        print(f"   {name:9}" + "".join(f"{c:{width}d}" for c in row)
              + f"{sum(row):8d}  ({sum(row) / total:.0%})")
    col = [by[(True, lang)] + by[(False, lang)] for lang in langs]
    print(f"   {'total':9}" + "".join(f"{c:{width}d}" for c in col) + f"{total:8d}")
    print("   share   " + "".join(f"{c / total:{width}.0%}" for c in col))
    groups = Counter(lang_group(o["lang"]) for _, o in examples)
    pos_other = sum(1 for _, o in examples if o["label"] and lang_group(o["lang"]) == "other")
    print("   by group: " + ", ".join(f"{g} {groups[g]} ({groups[g] / total:.0%})"
                                     for g in LANG_TARGET)
          + f"; other: {pos_other} positive, {groups['other'] - pos_other} negative")
    lengths = [len(o["title"]) + len(o["body"]) for _, o in examples]
    sents = [sentences(o["body"]) for _, o in examples]
    bins = Counter("1-2" if s <= 2 else "3-6" if s <= 6 else "7+" for s in sents)
    print(f"   length: median {statistics.median(lengths):.0f} chars (min {min(lengths)}, "
          f"max {max(lengths)}); body sentences 1-2: {bins['1-2']}, 3-6: {bins['3-6']}, "
          f"7+: {bins['7+']}")
    for label, name in ((True, "positives"), (False, "negatives")):
        sub = [o for _, o in examples if o["label"] is label]
        bp = sum(1 for o in sub if BOILERPLATE.search(o["title"] + "\n" + o["body"]))
        print(f"   boilerplate-like text in {bp} of {len(sub)} {name} ({bp / max(1, len(sub)):.0%})")
    print(f"   sections ({len(sections)}):")
    for name, count in sections:
        print(f"     {count:4d}  {name}")


def shingles(text):
    words = WORD.findall(text.casefold())
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def overlap_warnings(path, examples, against):
    """One warning per example that shares a SHINGLE-word run with an item of a set."""
    out = []
    for n, o in examples:
        mine = shingles(o["title"] + "\n" + o["body"])
        for where, theirs in against:
            common = mine & theirs
            if common:
                out.append(f"{path}:{n}: shares {len(common)} run(s) of {SHINGLE} words with "
                           f"{where}, e.g. \"{sorted(common)[0]}\"")
                break
    return out


def load_against(path):
    """[(where, shingles)] for every item of a JSON Lines set; errors name file:line."""
    items, errors = [], []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        return [], [f"{path}: cannot read as UTF-8 text: {e}"]
    for n, raw in enumerate(lines, 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as e:
            errors.append(f"{path}:{n}: not valid JSON ({e.msg}); cannot compare with it")
            continue
        text = f"{obj.get('title', '')}\n{obj.get('body', '')}" if isinstance(obj, dict) else ""
        label = obj.get("id", f"line {n}") if isinstance(obj, dict) else f"line {n}"
        items.append((f"{path.name} {label}", shingles(text)))
    return items, errors


def main(argv):
    strict = "--strict" in argv
    args, against_paths, rest = [], [], iter(a for a in argv if a != "--strict")
    for a in rest:
        if a == "--against":
            nxt = next(rest, None)
            if nxt is None:
                print("--against needs a file", file=sys.stderr)
                return 2
            against_paths.append(Path(nxt))
        else:
            args.append(a)
    if args:
        paths = [Path(a) for a in args]
    else:
        root = Path(__file__).resolve().parent.parent
        paths = sorted((root / "config" / "examples").glob("*.jsonl"))
        if not paths:
            print(f"no examples files under {root / 'config' / 'examples'}", file=sys.stderr)
            return 1
    all_errors, all_warnings, titles = [], [], {}
    against = []
    for ap in against_paths:
        items, errors = load_against(ap)
        against += items
        all_errors += errors
    for path in paths:
        examples, sections, errors, warnings = check_file(path)
        warnings += balance_warnings(path, examples)
        if against:
            warnings += overlap_warnings(path, examples, against)
        all_errors += errors
        all_warnings += warnings
        summary(path, examples, sections)
        for _, o in examples:
            titles.setdefault(norm(o["title"]), []).append((path.name, o["label"]))
        print()
    if len(paths) > 1:
        shared = {t: v for t, v in titles.items() if len({p for p, _ in v}) > 1}
        combos = Counter(tuple(sorted((p, l) for p, l in v)) for v in shared.values())
        print(f"== items present in more than one file: {len(shared)}")
        for combo, count in sorted(combos.items(), key=lambda kv: -kv[1]):
            print(f"   {count:4d}  " + ", ".join(f"{p}={'true' if l else 'false'}" for p, l in combo))
        print()
    for w in all_warnings:
        print(f"warning: {w}")
    for e in all_errors:
        print(f"error: {e}")
    if all_errors:
        print(f"{len(all_errors)} error(s)")
        return 1
    if strict and all_warnings:
        print(f"{len(all_warnings)} warning(s), --strict")
        return 1
    print("ok" if not all_warnings else f"ok with {len(all_warnings)} warning(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
