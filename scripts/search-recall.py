#!/usr/bin/env python3
"""Search recall on a vault: for each word, the blocks that hold it (from the cache's
copy of every block) against the block hits `cairn search` returns for it.

    scripts/search-recall.py CAIRN VAULT WORD...

Prints one line per word and the total. The cache is built in a temporary folder.
"""
import json
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> None:
    cairn, vault, words = sys.argv[1], sys.argv[2], sys.argv[3:]
    with tempfile.TemporaryDirectory() as cache:
        run = lambda *args: subprocess.run(
            [cairn, "--vault", vault, "--cache-dir", cache, *args],
            check=True, capture_output=True, text=True).stdout
        run("import")
        db = sqlite3.connect(Path(cache) / "cache.sqlite")
        found_all = expected_all = 0
        for word in words:
            expected = db.execute(
                "SELECT count(*) FROM blocks WHERE instr(lower(content), ?) > 0",
                (word.lower(),)).fetchone()[0]
            hits = json.loads(run("search", "--json", "--limit", "100000", word + " "))
            found = sum(1 for h in hits
                        if h["kind"] == "block" and word.lower() in h["text"].lower())
            found_all += found
            expected_all += expected
            print(f"{word}\t{found}/{expected}")
        print(f"total\t{found_all}/{expected_all}\t{100 * found_all / max(expected_all, 1):.1f}%")


if __name__ == "__main__":
    main()
