#!/usr/bin/env python3
"""Writes every expression of the real-world corpus (strings with `$` or
`States.`, JSONata's `{% %}` taken off) as one seed file each, for the
`expressions` fuzz target: tools/expression_seeds.py CORPUS_DIR OUT_DIR."""
import hashlib
import json
import pathlib
import sys


def strings(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, str):
        yield value


corpus, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
seeds = set()
for path in corpus.rglob("*.json"):
    try:
        definition = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        continue
    for text in strings(definition):
        if "$" in text or "States." in text:
            text = text.strip()
            if text.startswith("{%") and text.endswith("%}"):
                text = text[2:-2]
            seeds.add(text)
for text in seeds:
    (out / hashlib.sha1(text.encode()).hexdigest()[:16]).write_text(text, encoding="utf-8")
print(f"{len(seeds)} expression seeds")
