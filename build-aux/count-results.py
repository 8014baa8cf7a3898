"""Prints the five slowest tests against their timeouts, then one line,
"N passed, N failed" (", N skipped" if any), over meson testlog.json files;
exits non-zero when anything failed or nothing ran.

Each test's timeout comes from `meson introspect --tests` of the build the log
belongs to (BUILD/meson-logs/testlog*.json). A test that took more than a
third of its timeout is named: on a machine slower than this one it would be
at risk of timing out, so its timeout or its size needs a look."""
import json
import os
import subprocess
import sys


def timeouts_of(build_dir, cache={}):
    """{test name: timeout in seconds} of one build directory."""
    if build_dir not in cache:
        try:
            out = subprocess.run(["meson", "introspect", "--tests", build_dir],
                                 check=True, capture_output=True, text=True).stdout
            cache[build_dir] = {t["name"]: t.get("timeout") for t in json.loads(out)}
        except (OSError, subprocess.CalledProcessError, ValueError):
            cache[build_dir] = {}
    return cache[build_dir]


passed = failed = skipped = 0
runs = []
for path in sys.argv[1:]:
    build_dir = os.path.dirname(os.path.dirname(os.path.abspath(path)))
    half = os.path.basename(path).removeprefix("testlog").removesuffix(".json").lstrip("-") or "sqlite"
    try:
        with open(path, encoding="utf-8") as log:
            for line in log:
                entry = json.loads(line)
                result = entry.get("result")
                if result in ("OK", "EXPECTEDFAIL"):
                    passed += 1
                elif result == "SKIP":
                    skipped += 1
                else:
                    failed += 1
                name = entry.get("name", "?").split(" / ")[-1]
                timeout = timeouts_of(build_dir).get(name)
                runs.append((entry.get("duration") or 0.0, timeout, name,
                             f"{os.path.basename(build_dir)}, {half}"))
    except FileNotFoundError:
        print(f"no test log at {path}: the suite did not run", file=sys.stderr)
        failed += 1

runs.sort(key=lambda run: run[0], reverse=True)
if runs:
    print("Slowest tests (time / timeout):")
    for duration, timeout, name, where in runs[:5]:
        share = f" = {duration / timeout:.0%}" if timeout else ""
        print(f"  {duration:7.1f} s / {timeout or '-':>4} s{share:>6}  {name} ({where})")
    tight = [run for run in runs if run[1] and run[0] > run[1] / 3]
    for duration, timeout, name, where in tight:
        print(f"Note: {name} ({where}) took {duration:.1f} s, over a third of its {timeout} s timeout")

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(0 if failed == 0 and passed > 0 else 1)
