"""The watchdog (issue 16, item 2): randomised key sequences against the test server; after
every burst, a probe (F1 opens the help, escape closes it) must change the screen within
PROBE_TIMEOUT, else a key stopped being handled and the test fails.

It runs twice: in Pilot (headless, no input thread) and in tmux (a real terminal: the driver's
input thread, the terminal's escape sequences). Both run with HOME, the XDG folders and the
working folder under tmp_path, since random keys reach the export dialogs.

By default each sends about 150 keys (about half a minute each in CI); more with

    WORKBENCH_WATCHDOG_KEYS=10000 .venv/bin/python -m pytest tests/tui/test_watchdog.py -s

WORKBENCH_WATCHDOG_SEED replays a run (each run prints its seed, the number of keys and probes,
and the longest key-to-screen delay it saw).
"""

from __future__ import annotations

import asyncio
import random
import time
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import ModalScreen

from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import style_responder
from tests.tui.helpers import no_retries
from tests.tui.tmux_helpers import needs_tmux, sandbox_env, terminal
from tests.tui.watchdog_keys import (
    PASSAGES,
    bursts,
    keys_wanted,
    seed,
    textual_name,
    tmux_name,
)
from workbench.tui.app import make_app
from workbench.tui.screens.dialogs import HelpScreen

PROBE_TIMEOUT = 15.0
"""Seconds a probe may take before the watchdog calls it a stall (generous: a loaded CI box)."""
DIALOG_WAIT = 1.0
"""In tmux: seconds F1 has before the probe takes it that a dialog is open (app keys do not
reach past a modal screen) and presses escape first."""
STYLES = ["rosner", "literal"]
QUIT_TIMEOUT = 30.0
"""Seconds ctrl+q has to end the app after the last burst (a loaded machine, a run to stop)."""
HELP_MARK = "F1 or ?"  # a line only the help screen shows


def workspace(root: Path) -> tuple[dict[str, str], Path]:
    env, cwd = sandbox_env(root)
    for name, text in PASSAGES.items():
        (cwd / name).write_text(text, encoding="utf-8")
    return env, cwd


@pytest.fixture
def server(fake_openai: FakeOpenAIServer, isolated_dirs: Path) -> FakeOpenAIServer:
    fake_openai.responder = style_responder
    fake_openai.chunk_delay = 0.01  # runs last a moment: keys arrive while they stream
    no_retries(isolated_dirs)
    return fake_openai


class Report:
    def __init__(self, where: str, run_seed: int) -> None:
        self.where = where
        self.seed = run_seed
        self.keys = 0
        self.probes = 0
        self.longest = 0.0
        self.recent: list[str] = []
        self.slowest = ""

    def took(self, seconds: float, what: str) -> None:
        if seconds > self.longest:
            self.longest, self.slowest = seconds, what

    def sent(self, key: str) -> None:
        self.keys += 1
        self.recent = [*self.recent[-39:], key]

    def state(self) -> str:
        return f"after {self.keys} keys (seed {self.seed}; the last ones: {' '.join(self.recent)})"

    def print(self) -> None:
        print(
            f"\nwatchdog ({self.where}): {self.keys} keys, {self.probes} probes, 0 stalls; "
            f"longest key-to-screen delay {self.longest * 1000:.0f} ms ({self.slowest}; "
            f"seed {self.seed})"
        )


async def _press(pilot: Pilot[Any], key: str, report: Report) -> float:
    started = time.monotonic()
    try:
        await asyncio.wait_for(pilot.press(key), PROBE_TIMEOUT)
    except TimeoutError:
        raise AssertionError(
            f"the key {key!r} was not handled in {PROBE_TIMEOUT} s {report.state()}; "
            f"screen: {type(pilot.app.screen).__name__}, focus: {pilot.app.focused!r}"
        ) from None
    return time.monotonic() - started


async def _until(pilot: Pilot[Any], condition: Any, what: str, report: Report) -> None:
    deadline = time.monotonic() + PROBE_TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            app = pilot.app
            raise AssertionError(
                f"stall {report.state()}: {what} within {PROBE_TIMEOUT} s; screens "
                f"{[type(s).__name__ for s in app.screen_stack]}, focus {app.focused!r}"
            )
        await asyncio.sleep(0.005)


async def _probe(pilot: Pilot[Any], report: Report) -> float:
    app = pilot.app

    def helping() -> bool:
        return isinstance(app.screen, HelpScreen)

    longest = 0.0
    while isinstance(app.screen, ModalScreen):  # a dialog, the help, a palette: escape closes it
        # (app bindings such as F1 do not reach past a modal screen)
        depth = len(app.screen_stack)
        started = time.monotonic()
        await _press(pilot, "escape", report)
        await _until(
            pilot, lambda depth=depth: len(app.screen_stack) < depth, "escape closed it", report
        )
        longest = max(longest, time.monotonic() - started)
    started = time.monotonic()
    await _press(pilot, "f1", report)
    await _until(pilot, helping, "F1 opened the help", report)
    longest = max(longest, time.monotonic() - started)
    started = time.monotonic()
    await _press(pilot, "escape", report)
    await _until(pilot, lambda: not helping(), "escape closed the help", report)
    return max(longest, time.monotonic() - started)


async def test_watchdog_in_pilot(
    server: FakeOpenAIServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env, cwd = workspace(tmp_path / "sandbox")
    for name, value in env.items():
        if not name.startswith("WORKBENCH_"):  # those are isolated_dirs' already
            monkeypatch.setenv(name, value)
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    report = Report("Pilot", seed())
    rng = random.Random(report.seed)
    app = make_app(
        passage=PASSAGES["p1.txt"],
        source_language="de",
        target_language="en",
        styles=STYLES,
        cursor_blink=False,
    )
    async with app.run_test(size=(120, 36)) as pilot:
        for burst in bursts(rng, keys_wanted(150)):
            for key in burst:
                report.took(await _press(pilot, textual_name(key), report), f"the key {key}")
                report.sent(key)
                assert app.is_running, f"the app quit {report.state()}"
            report.took(await _probe(pilot, report), "a probe")
            report.probes += 1
    report.print()


@needs_tmux
def test_watchdog_in_a_real_terminal(server: FakeOpenAIServer, tmp_path: Path) -> None:
    env, cwd = workspace(tmp_path / "sandbox")
    env["OPENAI_BASE_URL"] = server.base_url
    report = Report("tmux", seed())
    rng = random.Random(report.seed)
    args = ["compare", "p1.txt", "--from", "de", "--to", "en"]
    for style in STYLES:
        args += ["--style", style]
    with terminal(tmp_path) as term:
        term.start(args, env, (120, 36), cwd=cwd, keep=True)
        term.wait_for("Rosner", timeout=PROBE_TIMEOUT)

        def until(condition: Any, what: str) -> float:
            started = time.monotonic()
            while not condition(term.screen()):
                if term.exit_file.exists():
                    raise AssertionError(
                        f"the app quit {report.state()}; the terminal showed:\n{term.screen()}"
                    )
                if time.monotonic() - started > PROBE_TIMEOUT:
                    raise AssertionError(
                        f"stall {report.state()}: {what} within "
                        f"{PROBE_TIMEOUT} s; the screen was:\n{term.screen()}"
                    )
                time.sleep(0.01)
            return time.monotonic() - started

        def probe() -> float:
            """F1 opens the help: the time it took. If it does not within DIALOG_WAIT (a
            dialog is open), escape, and F1 again, until PROBE_TIMEOUT."""
            started = time.monotonic()
            if HELP_MARK in term.screen():  # a random F1 or ? left it open
                term.keys("Escape")
                until(lambda s: HELP_MARK not in s, "escape closed the help")
            while True:
                asked = time.monotonic()
                term.keys("F1")
                while time.monotonic() - asked < DIALOG_WAIT:
                    if HELP_MARK in term.screen():
                        return time.monotonic() - asked
                    time.sleep(0.01)
                if term.exit_file.exists():
                    code = term.exit_file.read_text().strip()
                    raise AssertionError(
                        f"the app quit (exit code {code}) {report.state()}; the terminal "
                        f"showed:\n{term.screen()}"
                    )
                if time.monotonic() - started > PROBE_TIMEOUT:
                    raise AssertionError(
                        f"stall {report.state()}: F1 never opened the help in "
                        f"{PROBE_TIMEOUT} s; the screen was:\n{term.screen()}"
                    )
                term.keys("Escape")
                time.sleep(0.2)  # so that escape and F1 are not read as one sequence

        for burst in bursts(rng, keys_wanted(150)):
            for key in burst:
                term.keys(tmux_name(key))
                report.sent(key)
                time.sleep(rng.choice((0.0, 0.01, 0.05)))
            report.took(probe(), "F1 opening the help")
            term.keys("Escape")
            report.took(until(lambda s: HELP_MARK not in s, "escape closed the help"), "escape")
            report.probes += 1
        report.print()  # before quitting, so that a failure below still names the seed
        term.keys("C-q")
        deadline = time.monotonic() + QUIT_TIMEOUT
        while not term.exit_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert term.exit_file.exists(), (
            f"ctrl+q did not end the app within {QUIT_TIMEOUT} s {report.state()}; "
            f"the terminal showed:\n{term.screen()}"
        )
        assert term.exit_code() == 0
