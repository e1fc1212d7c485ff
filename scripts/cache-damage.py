#!/usr/bin/env python3
"""Randomized damage to Cairn's caches, run by hand with the release CLI.

Builds a cache of a vault (the demo vault unless --vault is given), then for each trial
copies it, damages the copy one random way (bytes garbled, the file truncated, deleted or
replaced by a file or a folder, in the database or the search index), runs one random
query on it, and compares the answer with the one a fresh cache gives. Prints how many
trials gave the same answer, a different answer with exit 0, an error, or a panic.

    cargo build --release --bin cairn
    python3 scripts/cache-damage.py --trials 500 --seed 1
"""

import argparse
import collections
import os
import random
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TODAY = "2026-11-24"
QUERIES = [
    ["todo"],
    ["todo", "--all"],
    ["search", "dispatch"],
    ["search", "is:open", "kafka"],
    ["backlinks", "Kafka migration"],
    ["people"],
    ["projects"],
]


def cairn(binary, vault, cache, args):
    """Runs the CLI; returns (exit code, stdout), exit None on a timeout."""
    command = [binary, "--vault", vault, "--cache-dir", cache, "--today", TODAY, *args]
    try:
        done = subprocess.run(command, capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return None, b""
    return done.returncode, done.stdout


def segment_files(cache):
    search = os.path.join(cache, "search")
    return sorted(
        os.path.join(search, name)
        for name in os.listdir(search)
        if len(name) > 32 and all(c in "0123456789abcdef" for c in name[:32])
    )


def garble(rng, path, most):
    size = os.path.getsize(path)
    if size == 0:
        return
    length = rng.randint(1, min(most, size))
    start = rng.randint(0, size - length)
    with open(path, "r+b") as f:
        f.seek(start)
        f.write(bytes(rng.getrandbits(8) for _ in range(length)))


def truncate(rng, path):
    with open(path, "r+b") as f:
        f.truncate(rng.randint(0, os.path.getsize(path)))


def remove(path):
    if os.path.isdir(path):
        shutil.rmtree(path)
    elif os.path.exists(path):
        os.remove(path)


def replace_by_file(path):
    remove(path)
    with open(path, "w") as f:
        f.write("not what was here\n")


def replace_by_folder(path):
    remove(path)
    os.makedirs(os.path.join(path, "inside"))


def damage(rng, cache, only):
    """Damages the cache one random way (of those named in `only`, if any); returns the
    name of the way."""
    database = os.path.join(cache, "cache.sqlite")
    segment = rng.choice(segment_files(cache))
    meta = os.path.join(cache, "search", "meta.json")
    ways = {
        "garble database": lambda: garble(rng, database, 8192),
        "truncate database": lambda: truncate(rng, database),
        "delete database": lambda: remove(database),
        "database as file": lambda: replace_by_file(database),
        "database as folder": lambda: replace_by_folder(database),
        "garble segment": lambda: garble(rng, segment, 256),
        "garble every segment": lambda: [garble(rng, s, 64) for s in segment_files(cache)],
        "truncate segment": lambda: truncate(rng, segment),
        "delete segment": lambda: remove(segment),
        "segment as folder": lambda: replace_by_folder(segment),
        "garble meta.json": lambda: garble(rng, meta, 64),
        "delete meta.json": lambda: remove(meta),
        "search as file": lambda: replace_by_file(os.path.join(cache, "search")),
    }
    name = rng.choice(sorted(way for way in ways if not only or way in only))
    ways[name]()
    return name


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cairn", default=os.path.join(REPO, "target", "release", "cairn"))
    parser.add_argument("--vault", default=os.path.join(REPO, "vault"))
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--only", action="append", default=[], help="a way of damage to keep to (repeatable)"
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="cairn-damage-")
    try:
        vault = os.path.join(work, "vault")
        shutil.copytree(args.vault, vault)
        built = os.path.join(work, "built")
        code, _ = cairn(args.cairn, vault, built, ["import"])
        assert code == 0, "the import failed"
        fresh = {}
        for query in QUERIES:
            fresh[tuple(query)] = cairn(args.cairn, vault, os.path.join(work, "fresh"), query)
            assert fresh[tuple(query)][0] == 0, f"{query} failed on a fresh cache"
        outcomes = collections.Counter()
        by_way = collections.defaultdict(collections.Counter)
        for trial in range(args.trials):
            cache = os.path.join(work, "trial")
            remove(cache)
            shutil.copytree(built, cache)
            way = damage(rng, cache, args.only)
            query = rng.choice(QUERIES)
            code, out = cairn(args.cairn, vault, cache, query)
            want_code, want_out = fresh[tuple(query)]
            if code is None:
                outcome = "timeout"
            elif code == 101:
                outcome = "panic"
            elif code != 0:
                outcome = "error"
            elif out != want_out:
                outcome = "wrong answer"
            else:
                outcome = "same answer"
            if outcome != "same answer":
                print(f"trial {trial}: {way}, {' '.join(query)}: {outcome}", file=sys.stderr)
            outcomes[outcome] += 1
            by_way[way][outcome] += 1
        print(f"{args.trials} trials (seed {args.seed}):", dict(outcomes))
        for way in sorted(by_way):
            print(f"  {way}: {dict(by_way[way])}")
        return 0 if outcomes["same answer"] == args.trials else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
