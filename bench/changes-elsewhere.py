#!/usr/bin/python3
"""Changes made elsewhere: two app processes, each on its own X display, open
one database; a third process (diogelu-cli) logs a referral, and the time from
its commit to each window's referral count changing on screen is measured by
reading the pixels of the count. Once on a SQLite file and once on a
throwaway PostgreSQL server (build-aux/pg-server).

    changes-elsewhere.py TOP BUILD TRIALS REFERRALS

Prints per engine: "changes-elsewhere-ENGINE-ms: WORST / 1000 = RATIO" (the
target is one second), with the median and the number of windows watched."""
import os
import statistics
import subprocess
import sys
import tempfile
import time

import gi
gi.require_version('Gdk', '3.0')
from gi.repository import Gdk  # noqa: E402

WIDTH, HEIGHT = 1320, 820
COUNT = (0, HEIGHT - 30, 200, 30)   # the status line with "N referrals"
REFERRAL = ('{"reporter": {"name": "Gwen Morgan", "agency": "education", "organisation": "Ysgol Bro Taf"},'
            ' "children": [{"name": "Elis Pritchard"}], "concern": "Bruising seen at school", "channel": "phone"}')


def xvfb():
    read, write = os.pipe()
    proc = subprocess.Popen(['Xvfb', '-displayfd', str(write), '-screen', '0', f'{WIDTH}x{HEIGHT}x24'],
                            pass_fds=[write], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    number = b''
    while not number.endswith(b'\n'):
        chunk = os.read(read, 16)
        if not chunk:
            raise RuntimeError('Xvfb did not start')
        number += chunk
    os.close(read)
    return proc, ':' + number.decode().strip()


def grab(display):
    root = display.get_default_screen().get_root_window()
    return Gdk.pixbuf_get_from_window(root, *COUNT).get_pixels()


def measure(top, build, location, trials):
    cli = os.path.join(build, 'app', 'cli', 'diogelu-cli')
    servers, apps, displays = [], [], []
    env = dict(os.environ, GSETTINGS_SCHEMA_DIR=os.path.join(build, 'data'), GSETTINGS_BACKEND='memory',
               GDK_BACKEND='x11', GSK_RENDERER='cairo')
    env.pop('DIOGELU_DB', None)
    try:
        for _ in range(2):
            server, name = xvfb()
            servers.append(server)
            apps.append(subprocess.Popen([os.path.join(build, 'app', 'diogelu'), '--db', location],
                                         env=dict(env, DISPLAY=name),
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            displays.append(Gdk.Display.open(name))
        time.sleep(8)   # both windows up, their lists and badges loaded
        latencies = []
        with tempfile.NamedTemporaryFile('w', suffix='.json') as f:
            f.write(REFERRAL)
            f.flush()
            for _ in range(trials):
                before = [grab(d) for d in displays]
                subprocess.run([cli, '--db', location, 'referral', 'add', '--file', f.name],
                               check=True, stdout=subprocess.DEVNULL)
                start = time.monotonic()
                seen = [None] * len(displays)
                while None in seen and time.monotonic() - start < 10:
                    for i, d in enumerate(displays):
                        if seen[i] is None and grab(d) != before[i]:
                            seen[i] = (time.monotonic() - start) * 1000
                    time.sleep(0.005)
                latencies += [s if s is not None else float('inf') for s in seen]
                time.sleep(1.5)
        return latencies
    finally:
        for p in apps + servers:
            p.terminate()
        for p in apps + servers:
            p.wait()


def report(name, latencies):
    worst = max(latencies)
    print(f'changes-elsewhere-{name}-ms: {worst:.0f} / 1000 = {worst / 1000:.2f}   '
          f'(worst of {len(latencies)} windows; median {statistics.median(latencies):.0f} ms; '
          'a referral logged by diogelu-cli, seen in two app processes)', flush=True)


def main():
    top, build, trials, referrals = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    cli = os.path.join(build, 'app', 'cli', 'diogelu-cli')
    with tempfile.TemporaryDirectory(prefix='diogelu-bench-') as work:
        lite = os.path.join(work, 'diogelu.db')
        subprocess.run([cli, '--db', lite, 'demo', '--referrals', referrals], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        report('sqlite', measure(top, build, lite, trials))

        # Not under the private work folder: the server may run as another user.
        pg_dir = tempfile.mkdtemp(prefix='diogelu-bench-pg-')
        os.rmdir(pg_dir)
        uri = subprocess.run([os.path.join(top, 'build-aux', 'pg-server'), 'start', pg_dir],
                             check=True, capture_output=True, text=True).stdout.strip()
        try:
            subprocess.run([cli, '--db', uri, 'demo', '--referrals', referrals], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            report('postgresql', measure(top, build, uri, trials))
        finally:
            subprocess.run([os.path.join(top, 'build-aux', 'pg-server'), 'stop', pg_dir], check=False)


if __name__ == '__main__':
    main()
