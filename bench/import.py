#!/usr/bin/python3
"""CSV import: `diogelu-cli import csv` into a fresh database against the
sqlite3 shell's `.import --csv` of the same file into a fresh table, with the
app's pragmas (WAL, synchronous=FULL), alternately, under /usr/bin/time for
the peak resident memory.

    import.py CLI CSV DIR REPETITIONS

Prints "import-s OURS FLOOR OURS_PEAK_MB FLOOR_PEAK_MB ROWS": median wall
times in seconds and median peak RSS (VmHWM) in MiB."""
import os
import statistics
import subprocess
import sys
import time


def fresh(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.remove(path + suffix)
        except FileNotFoundError:
            pass


def timed(cmd, stats):
    """Wall seconds and peak RSS in MiB of @cmd; its stdout."""
    start = time.monotonic()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", stats] + cmd,
                          capture_output=True, text=True)
    wall = time.monotonic() - start
    if done.returncode != 0:
        sys.exit(f"{cmd[0]} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    with open(stats) as f:
        peak_kb = int(f.read().split()[-1])
    return wall, peak_kb / 1024.0, done.stdout


def main():
    cli, csv, work, reps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    ours_db = os.path.join(work, "import-ours.db")
    floor_db = os.path.join(work, "import-floor.db")
    stats = os.path.join(work, "import-time.txt")
    with open(csv, encoding="utf-8") as f:
        rows = sum(1 for _ in f) - 1
    ours, floor = [], []

    def run_ours():
        fresh(ours_db)
        wall, peak, out = timed([cli, "--db", ours_db, "import", "csv", "--file", csv], stats)
        if f"{rows} referrals imported" not in out:
            sys.exit(f"diogelu-cli imported something else: {out.strip()}")
        ours.append((wall, peak))

    def run_floor():
        fresh(floor_db)
        wall, peak, _ = timed(["sqlite3", floor_db, "-cmd", "PRAGMA journal_mode = WAL",
                               "-cmd", "PRAGMA synchronous = FULL", f'.import --csv "{csv}" referral'], stats)
        n = subprocess.run(["sqlite3", floor_db, "SELECT count(*) FROM referral"],
                           capture_output=True, text=True, check=True).stdout.strip()
        if n != str(rows):
            sys.exit(f"the sqlite3 shell imported {n} rows of {rows}")
        floor.append((wall, peak))

    for i in range(reps):
        for run in ((run_ours, run_floor) if i % 2 == 0 else (run_floor, run_ours)):
            run()
    for path in (ours_db, floor_db):
        fresh(path)
    os.remove(stats)

    med = lambda runs, k: statistics.median(r[k] for r in runs)
    print(f"import-s {med(ours, 0):.2f} {med(floor, 0):.2f} {med(ours, 1):.1f} {med(floor, 1):.1f} {rows}")


if __name__ == "__main__":
    main()
