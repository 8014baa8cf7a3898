#!/usr/bin/python3
"""Start-up: process start to the first frame each program reports on stdout
("first-frame-us: <CLOCK_MONOTONIC µs>", as the app does when
DIOGELU_BENCH_FIRST_FRAME is set), for several programs run in turn, round
after round, so a busy moment touches them all alike. The first round warms
the caches and is dropped.

    first-frame.py ROUNDS NAME=DATABASE:PROGRAM...

Prints one line per program: "NAME MEDIAN_MS"."""
import os
import statistics
import subprocess
import sys
import time


def main():
    rounds = int(sys.argv[1])
    runs = []
    for spec in sys.argv[2:]:
        name, _, rest = spec.partition("=")
        db, _, program = rest.partition(":")
        runs.append((name, db, program, []))
    for i in range(rounds):
        for name, db, program, times in runs:
            env = dict(os.environ, DIOGELU_BENCH_FIRST_FRAME="1", DIOGELU_DB=db)
            start = time.monotonic_ns() // 1000
            out = subprocess.run([program], env=env, capture_output=True, text=True, timeout=120).stdout
            line = [l for l in out.splitlines() if l.startswith("first-frame-us:")]
            if not line:
                sys.exit(f"{program} printed no first frame")
            if i > 0:
                times.append((int(line[0].split()[1]) - start) / 1000.0)
    for name, _, _, times in runs:
        print(f"{name} {statistics.median(times):.2f}")


if __name__ == "__main__":
    main()
