#!/usr/bin/python3
"""The CLI's start on a search against the sqlite3 shell's: `diogelu-cli
referral list --search WORDS` (its first 50 rows) and the sqlite3 shell running
the bare FTS5 query for the same words on the same file, each run ROUNDS times
in turn; prints `cli-search-ms OURS FLOOR` (medians, milliseconds, process start
to exit) and `cli-help-ms OURS FLOOR` (`diogelu-cli --version` / `sqlite3 FILE
.quit`: the start alone).
Usage: cli-start.py DIOGELU-CLI DATABASE ROUNDS"""
import statistics
import subprocess
import sys
import time

cli, db, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
words = "llyr prosser"
match = " AND ".join(f'"{w}"*' for w in words.split())
pairs = {
    "cli-search-ms": ([cli, "--db", db, "referral", "list", "--search", words],
                      ["sqlite3", db, f"SELECT rowid FROM referral_search WHERE referral_search MATCH '{match}' "
                                      "ORDER BY rowid DESC LIMIT 50"]),
    "cli-help-ms": ([cli, "--version"], ["sqlite3", db, ".quit"]),
}


def run(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


for name, (ours, floor) in pairs.items():
    run(ours), run(floor)  # warm the page cache
    a, b = [], []
    for _ in range(rounds):
        a.append(run(ours))
        b.append(run(floor))
    print(f"{name} {statistics.median(a):.2f} {statistics.median(b):.2f}")
