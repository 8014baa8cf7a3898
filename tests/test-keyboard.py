#!/usr/bin/python3
# Without a pointer: logs a referral, decides it and records its strategy
# discussion with the keyboard alone, keys synthesised through AT-SPI (as an
# on-screen keyboard or a switch device would send them). Nothing is
# clicked: AT-SPI is only read, to know where the focus is.
#
#   test-keyboard.py APP SCHEMA_DIR
#
# Runs under Xvfb; the buses, the app and the helpers are test-atspi.py's.

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('walk', os.path.join(here, 'test-atspi.py'))
walk = importlib.util.module_from_spec(spec)
spec.loader.exec_module(walk)

Failure = walk.Failure
note = walk.note

CHILD = 'Cai Morgan'
REPORTER = 'Ceri Jones'
RATIONALE = 'Reasonable cause to suspect significant harm: a strategy discussion today.'

KEY_TAB = 0xff09
KEY_RETURN = 0xff0d
KEY_BACKSPACE = 0xff08
CONTROL_MASK = 1 << 2   # X11's ControlMask
MAX_TABS = 120


def press(keysym):
    walk.key(keysym)
    time.sleep(0.05)


def chord(keysym):
    """Control and a key, as a person holds them."""
    Atspi = walk.Atspi
    Atspi.generate_keyboard_event(CONTROL_MASK, None, Atspi.KeySynthType.LOCKMODIFIERS)
    Atspi.generate_keyboard_event(keysym, None, Atspi.KeySynthType.PRESSRELEASE | Atspi.KeySynthType.SYM)
    Atspi.generate_keyboard_event(CONTROL_MASK, None, Atspi.KeySynthType.UNLOCKMODIFIERS)
    time.sleep(0.1)


def type_text(accessible, text):
    """Types @text into the focused @accessible, key by key."""
    Atspi = walk.Atspi
    for ch in text:
        Atspi.generate_keyboard_event(0, ch, Atspi.KeySynthType.STRING)
    walk.wait_for(f'“{text}” typed into {walk.describe(accessible)}', lambda: text in walk.text_of(accessible))


def focused(root):
    for a in walk.walk(root):
        if walk.has_state(a, walk.Atspi.StateType.FOCUSED):
            return a
    return None


def tab_to(root, role, name, within=None, what=None):
    """Presses Tab until the focus is on the @role named @name (under
    @within when given); returns it."""
    what = what or f'{role.value_nick} “{name}”'
    scope = within if within is not None else root

    def there():
        # A combo box is focused through its button: the focus is on it or in it.
        for a in walk.walk(scope):
            if walk.role(a) == role and walk.norm(a.get_name()) == name and \
               any(walk.has_state(d, walk.Atspi.StateType.FOCUSED) for d in walk.walk(a)):
                return a
        return None
    for i in range(MAX_TABS):
        f = there()
        if f is not None:
            return f
        press(KEY_TAB)
        time.sleep(0.05)
    raise Failure(f'{MAX_TABS} presses of Tab never reached {what}')


def tab_to_text(root, name, within, what):
    """Presses Tab until the focus is in the text field named @name under
    @within. GTK 4.8 does not tell AT-SPI which entry has the focus, so
    where no other control says it has it, a letter is typed and taken back
    with BackSpace: the field it landed in has the focus."""
    Atspi = walk.Atspi
    target = walk.wait_for(what, lambda: walk.find(within, Atspi.Role.TEXT, name))
    for _ in range(MAX_TABS):
        if walk.has_state(target, Atspi.StateType.FOCUSED):
            return target
        if focused(root) is None:
            before = walk.text_of(target)
            Atspi.generate_keyboard_event(0, 'q', Atspi.KeySynthType.STRING)
            time.sleep(0.1)
            landed = walk.text_of(target) == before + 'q'
            press(KEY_BACKSPACE)
            if landed:
                walk.wait_for(f'{what} as it was', lambda: walk.text_of(target) == before)
                return target
        press(KEY_TAB)
    raise Failure(f'{MAX_TABS} presses of Tab never reached {what}')


def cli_json(cli, db, *args):
    run = subprocess.run([cli, '--json', *args], env=dict(os.environ, DIOGELU_DB=db),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
    if run.returncode != 0:
        raise Failure(f'diogelu-cli {" ".join(args)} failed ({run.returncode}): {run.stderr}')
    return json.loads(run.stdout)


def scenario(app, names, cli):
    Role = walk.Atspi.Role
    main = walk.wait_for('the main window', lambda: app.window('Diogelu'))
    walk.wait_for('the empty list', lambda: walk.find(main, Role.PANEL, 'No Referrals Yet'))

    # ---- Log: Ctrl+N, the child's and the report-maker's names, Ctrl+S.
    chord(ord('n'))
    form = walk.wait_for('the New Referral window', lambda: app.window('New Referral'))
    child = walk.wait_for('the Child group', lambda: walk.find(form, Role.LIST, 'Child'))
    reporter = walk.wait_for('the Report-maker group', lambda: walk.find(form, Role.LIST, 'Report-maker'))
    # One Tab stop per control: a switch's row and a check box's cell are
    # only layout, never a stop of their own.
    stops = []
    for _ in range(60):
        press(KEY_TAB)
        f = focused(form)
        if f is not None:
            stops.append(f)
    doubled = [walk.describe(f) for f in stops if walk.role(f) == Role.LIST_ITEM]
    if doubled:
        raise Failure(f'Tab stops on rows around their controls: {sorted(set(doubled))}')
    if not any(walk.role(f) == Role.CHECK_BOX and walk.norm(f.get_name()) == 'Anonymous' for f in stops):
        raise Failure('Tab never reached the Anonymous switch')
    note(f'{len(stops)} Tab stops named in the form, none a row around its control')
    field = tab_to_text(form, 'Name', reporter, 'the report-maker’s name')
    type_text(field, REPORTER)
    field = tab_to_text(form, 'Name', child, 'the child’s name')
    type_text(field, CHILD)
    chord(ord('s'))
    walk.wait_closed(form, 'the New Referral window')
    note('logged with Ctrl+N, Tab, typing and Ctrl+S')

    # ---- Decide: Tab to Record Decision…, Return; the outcome from its list
    # by keys; Tab to the reasons; Ctrl+S.
    reference = cli_json(cli, app.db, 'referral', 'list')['items'][0]['reference']
    walk.wait_for(f'the detail of {reference}', lambda: walk.label_containing(main, reference))
    tab_to(main, Role.PUSH_BUTTON, 'Record Decision…')
    press(KEY_RETURN)
    dialog = walk.wait_for('the decision dialog', lambda: app.window(f'Decision on {reference}'))
    outcome = walk.wait_for('the Outcome combo box', lambda: walk.find(dialog, Role.COMBO_BOX, 'Outcome'))
    walk.wait_for('the focus on Outcome', lambda: walk.has_state(outcome, walk.Atspi.StateType.FOCUSED))
    walk.choose(names, dialog, outcome, 'Strategy discussion', 'Record Decision')
    reasons = tab_to_text(dialog, 'Reasons for the decision', dialog, 'the reasons')
    type_text(reasons, RATIONALE)
    chord(ord('s'))
    walk.wait_closed(dialog, 'the decision dialog')
    shown = cli_json(cli, app.db, 'referral', 'show', reference)
    if (shown.get('decision') or {}).get('outcome') != 'strategy':
        raise Failure(f'the decision was not recorded: {shown.get("decision")}')
    note('decided with Tab, Return, Down and Ctrl+S')

    # ---- The strategy discussion: started, every expected agency invited,
    # its outcome recorded.
    tab_to(main, Role.PUSH_BUTTON, 'Start Strategy Discussion')
    press(KEY_RETURN)
    meeting = walk.wait_for('the meeting window',
                            lambda: app.window(f'Strategy discussion · {reference}'))
    tab_to(meeting, Role.PUSH_BUTTON, 'Invite Them All')
    press(KEY_RETURN)
    walk.wait_for('every expected agency invited',
                  lambda: not cli_json(cli, app.db, 'meeting', 'completeness', '1')['missing'])
    determination = tab_to(meeting, Role.COMBO_BOX, 'Determination')
    walk.choose(names, meeting, determination, 'Substantiated, child at continuing risk', 'meeting window')
    tab_to(meeting, Role.PUSH_BUTTON, 'Record Outcome')
    press(KEY_RETURN)
    walk.wait_for('the outcome recorded',
                  lambda: (cli_json(cli, app.db, 'meeting', 'show', '1').get('outcome') or {})
                  .get('determination') == 'substantiated-at-risk')
    note('meeting recorded with Tab, Return and Down')
    # The window shows what it recorded (it reloads after each change) before
    # Ctrl+W closes it.
    walk.wait_for('the outcome shown in the meeting window',
                  lambda: walk.find(meeting, Role.PUSH_BUTTON, 'Record Outcome') is None and
                  walk.label_containing(meeting, 'Substantiated, child at continuing risk'))
    chord(ord('w'))
    walk.wait_closed(meeting, 'the meeting window (Ctrl+W)')


def main(argv):
    os.environ.pop('G_DEBUG', None)
    if len(argv) != 3:
        print('usage: test-keyboard.py APP SCHEMA_DIR', file=sys.stderr)
        return 2
    binary, schemas = argv[1], argv[2]
    cli = os.path.join(os.path.dirname(binary), 'cli', 'diogelu-cli')
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(f'FAIL: stopped by signal {signum}'))
    workdir = tempfile.mkdtemp(prefix='dg-test-keyboard-')
    buses = app = None
    names = walk.NameCheck()
    failed = None
    app_log, app_warnings = '', []
    try:
        buses = walk.Buses(workdir)
        walk.load_atspi()
        app = walk.App(binary, schemas, workdir)
        scenario(app, names, cli)
    except Failure as e:
        failed = str(e)
    finally:
        if app is not None:
            app_log, app_warnings = app.close()
        if buses is not None:
            buses.close()
        shutil.rmtree(workdir, ignore_errors=True)

    if app_warnings:
        print('FAIL: the app warned:', file=sys.stderr)
        for line in app_warnings:
            print(f'  {line}', file=sys.stderr)
    if failed:
        print(f'FAIL: {failed}', file=sys.stderr)
    if failed or app_warnings:
        if app_log.strip():
            print('The app’s log:\n' + app_log, file=sys.stderr)
        return 1
    print('PASS: logged, decided and recorded a strategy discussion with the keyboard alone')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
