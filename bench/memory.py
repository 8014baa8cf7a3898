#!/usr/bin/python3
"""Resident memory of the app with a database open and its referral list
scrolled to the end, against the bare window (bench-bare-window), each once
per repetition, alternately. Needs an X display (bench/run provides Xvfb),
xdotool and ImageMagick's import.

    memory.py APP DATABASE BARE REPETITIONS

Prints "memory-rss-mb APP BARE APP_PEAK BARE_PEAK SCROLLED": medians of VmRSS
and of VmHWM (peak) in MiB, read from /proc/PID/status once the process has
settled, and how many of the app's runs reached the end of the list.

The list is scrolled as a person would with the keyboard: a click on a row
(which selects it and shows its detail), then End (the last row, the oldest
referral, is selected and shown). A run counts as scrolled when the list's
pixels change after End."""
import hashlib
import os
import statistics
import subprocess
import sys
import time

# Where the list's rows are in the app's window at its default size (1320×820):
# a row to click, and the rows' area, left of the detail pane.
ROW = (300, 300)
LIST_AREA = "840x600+10+140"


def status(pid):
    """VmRSS and VmHWM in KiB."""
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    return values["VmRSS"], values["VmHWM"]


def settle(proc, quiet=1.5, limit=60.0):
    """Waits until resident memory stops changing for @quiet seconds."""
    start = last_change = time.monotonic()
    last = None
    while time.monotonic() - start < limit:
        if proc.poll() is not None:
            sys.exit(f"{proc.args[0]} exited with status {proc.returncode}")
        rss, _ = status(proc.pid)
        now = time.monotonic()
        if last is None or abs(rss - last) > 64:
            last, last_change = rss, now
        elif now - last_change >= quiet:
            return
        time.sleep(0.1)


def window_of(proc):
    out = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--pid", str(proc.pid)],
                         capture_output=True, text=True, timeout=120).stdout.split()
    if not out:
        sys.exit(f"{proc.args[0]} showed no window")
    return out[-1]


def list_pixels(window):
    png = subprocess.run(["import", "-window", window, "-crop", LIST_AREA, "+repage", "png:-"],
                         capture_output=True, timeout=60).stdout
    return hashlib.sha1(png).hexdigest()


def measure(cmd, env, scroll):
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    scrolled = False
    try:
        window = window_of(proc)
        settle(proc)
        if scroll:
            subprocess.run(["xdotool", "mousemove", "--window", window, str(ROW[0]), str(ROW[1]),
                            "click", "1"], check=True, timeout=30)
            time.sleep(0.5)
            settle(proc)
            before = list_pixels(window)
            subprocess.run(["xdotool", "key", "End"], check=True, timeout=30)
            time.sleep(0.5)
            settle(proc)
            scrolled = list_pixels(window) != before
        # What stays resident once nothing is happening.
        time.sleep(3)
        rss, hwm = status(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return rss / 1024.0, hwm / 1024.0, scrolled


def main():
    app, db, bare, reps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    env = dict(os.environ, DIOGELU_DB=db)
    env.pop("DIOGELU_BENCH_FIRST_FRAME", None)
    ours, floor = [], []
    for i in range(reps):
        pair = [("floor", [bare], False), ("ours", [app], True)]
        for name, cmd, scroll in (pair if i % 2 == 0 else reversed(pair)):
            (ours if name == "ours" else floor).append(measure(cmd, env, scroll))
    med = lambda runs, k: statistics.median(r[k] for r in runs)
    print(f"memory-rss-mb {med(ours, 0):.1f} {med(floor, 0):.1f} {med(ours, 1):.1f} {med(floor, 1):.1f} "
          f"{sum(r[2] for r in ours)}/{len(ours)}")


if __name__ == "__main__":
    main()
