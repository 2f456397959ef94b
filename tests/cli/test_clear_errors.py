"""Issue 11, item 13: clear errors (exit 2, one line, no traceback) instead of crashes or hangs.

What is about the process itself runs as a real subprocess (`run_process`): the terminal checks
(`stdin=DEVNULL` is how a script runs us: no terminal), endless devices, FIFOs and pipes on stdin
(a hang is killed by the timeout). The rest calls the entry point in this process (`run`).
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import assert_clean_error, wb
from tests.fake_openai_server import FakeOpenAIServer
from tests.review.conftest import FULL_ANSWERS
from workbench.cli.diff_cmd import MAX_BYTES as DIFF_MAX_BYTES
from workbench.io.inputs import MAX_PASSAGE_BYTES

NO_ENDPOINT_NEEDED = {"OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "WORKBENCH_PROVIDER": "openai"}


def run_process(
    *args: str | Path,
    stdin: int | None = subprocess.DEVNULL,
    input: bytes | None = None,
    stderr: int = subprocess.PIPE,
    env: dict[str, str] | None = None,
    timeout: float = 30,
) -> subprocess.CompletedProcess[str]:
    """`python -m workbench ARGS` with no terminal at all (unless `stdin` says otherwise)."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("WORKBENCH_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "workbench", *map(str, args)],
        stdin=None if input is not None else stdin,
        input=input,
        stdout=subprocess.PIPE,
        stderr=stderr,
        env=full_env,
        timeout=timeout,
    )
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8", "replace"),
        (result.stderr or b"").decode("utf-8", "replace"),
    )


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`workbench ARGS` called in this process (no terminal either)."""
    return wb(*map(str, args), env=env)


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """Exit 2, nothing on stdout, exactly one line on stderr; that line."""
    assert_clean_error(result)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "validation error" not in result.stderr and "pydantic" not in result.stderr
    assert len(result.stdout) < 200, result.stdout[:200]  # no screen drawn, no escape codes
    return lines[0]


@pytest.fixture
def decisions(tmp_path: Path) -> Path:
    folder = tmp_path / "decisions"
    folder.mkdir()
    return folder


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(FULL_ANSWERS, encoding="utf-8")
    return path


# ---- the full-screen entry points need a terminal ---------------------------------------------


def test_review_new_without_a_terminal_says_so_instead_of_drawing(decisions: Path) -> None:
    result = run_process("review", "new", "--title", "Adopt Kafka", "--dir", decisions)
    line = one_error_line(result)
    assert "needs a terminal" in line and "--answers" in line
    assert list(decisions.iterdir()) == []


def test_review_edit_and_browse_without_a_terminal(decisions: Path, answers: Path) -> None:
    made = run("review", "new", "--title", "Adopt Kafka", "--answers", answers, "--dir", decisions)
    assert made.returncode == 0, made.stderr
    (record,) = decisions.glob("*.yaml")
    before = record.read_bytes()
    line = one_error_line(run_process("review", "edit", record.stem, "--dir", decisions))
    assert "needs a terminal" in line and "review answer" in line
    line = one_error_line(run_process("review", "browse", "--dir", decisions))
    assert "needs a terminal" in line and "review list" in line
    assert record.read_bytes() == before


def test_an_unknown_record_is_still_named_before_the_terminal(decisions: Path) -> None:
    line = one_error_line(run_process("review", "edit", "nothing-like-it", "--dir", decisions))
    assert "nothing-like-it" in line


def test_compare_without_a_terminal_points_at_translate(tmp_path: Path) -> None:
    passage = tmp_path / "p.txt"
    passage.write_text("Ein Satz.\n", encoding="utf-8")
    for args in (["compare"], ["compare", passage, "--from", "de", "--to", "en"]):
        line = one_error_line(run_process(*args, env=NO_ENDPOINT_NEEDED))
        assert "needs a terminal" in line and "workbench translate" in line


def test_a_terminal_for_keys_but_not_for_the_screen_is_not_enough(decisions: Path) -> None:
    """The screen is drawn on stderr (Textual's choice): keys from a terminal are not enough."""
    leader, follower = pty.openpty()
    try:
        result = run_process("review", "new", "--title", "X", "--dir", decisions, stdin=follower)
    finally:
        os.close(leader)
        os.close(follower)
    assert "needs a terminal" in one_error_line(result)


def test_bare_workbench_without_a_terminal_prints_its_help() -> None:
    result = run_process()
    assert result.returncode == 0
    assert "Usage:" in result.stdout


# ---- review new: blank options, a folder that cannot be ------------------------------------


@pytest.mark.parametrize(
    ("option", "extra"),
    [("--title", ["--title", "   "]), ("--technology", ["--title", "X", "--technology", "  "])],
)
@pytest.mark.parametrize("with_answers", [True, False])
def test_review_new_refuses_a_blank_title_or_technology(
    decisions: Path, answers: Path, option: str, extra: list[str], with_answers: bool
) -> None:
    more = ["--answers", str(answers)] if with_answers else []
    line = one_error_line(run("review", "new", *extra, *more, "--dir", decisions))
    assert option in line
    assert list(decisions.iterdir()) == []


def test_review_new_in_a_folder_that_cannot_be_made(tmp_path: Path, answers: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    for more in (["--answers", str(answers)], []):
        line = one_error_line(
            run("review", "new", "--title", "X", *more, "--dir", blocker / "decisions")
        )
        assert "--dir" in line and "not a folder" in line
    assert blocker.read_text(encoding="utf-8") == "x"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_review_new_under_proc_is_refused(answers: Path) -> None:
    """A read-only refusal: /proc/x cannot be made, and nothing is written anywhere."""
    assert not Path("/proc/x").exists()
    for more in (["--answers", str(answers)], []):
        line = one_error_line(run("review", "new", "--title", "X", *more, "--dir", "/proc/x"))
        assert "--dir" in line and "/proc/x" in line and "cannot" in line


# ---- styles describe: the id is checked before any request ------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["X Y", "--id", "../../x"], "--id"),
        (["X Y", "--id", "reference"], "reserved"),
        (["X Y", "--id", "Upper"], "--id"),
        (["Reference"], "reserved"),  # the id made from the name
    ],
)
def test_describe_checks_the_style_id_before_asking(
    fake_openai: FakeOpenAIServer, args: list[str], message: str, tmp_path: Path
) -> None:
    fake_openai.responder = lambda body: {
        "name": "X",
        "summary": "s",
        "brief": "Translate.",
        "footnotes": False,
        "temperature": 0.3,
    }
    env = {"OPENAI_BASE_URL": fake_openai.base_url, "OPENAI_API_KEY": "k"}
    result = run("styles", "describe", *args, "--from", "de", "--to", "en", env=env)
    line = one_error_line(result)
    assert message in line
    assert fake_openai.requests == []
    assert not (tmp_path / "x.yaml").exists()


# ---- history: a run file that is a folder ------------------------------------------------------


def test_a_history_entry_that_is_a_folder(isolated_dirs: Path) -> None:
    history = isolated_dirs / "data" / "history"
    (history / "20240102-030405-abcd.json").mkdir(parents=True)
    listed = run("history")
    assert listed.returncode == 0, listed.stderr
    assert "Traceback" not in listed.stderr and len(listed.stderr.splitlines()) <= 1
    for ref in ("last", "20240102", "20240102-030405-abcd"):
        line = one_error_line(run("history", "show", ref))
        assert "20240102-030405-abcd" in line and "folder" in line


# ---- inputs are read up to their size limit, never further ------------------------------------


def test_diff_of_an_endless_device_stops_at_the_limit(tmp_path: Path) -> None:
    """/dev/zero is only read (harmless); the limit is hit long before memory runs out."""
    b = tmp_path / "b.txt"
    b.write_text("text\n", encoding="utf-8")
    line = one_error_line(run_process("diff", "/dev/zero", b, timeout=60))
    assert "/dev/zero" in line and "larger than" in line


ENDLESS = (
    "import sys\n"
    "chunk = b'endless line of text ' * 3000\n"
    "try:\n"
    "    with open(sys.argv[1], 'wb') as f:\n"
    "        while True:\n"
    "            f.write(chunk)\n"
    "except (BrokenPipeError, OSError):\n"
    "    pass\n"
)


def test_diff_of_an_endless_fifo_stops_at_the_limit(tmp_path: Path) -> None:
    fifo = tmp_path / "endless"
    os.mkfifo(fifo)
    b = tmp_path / "b.txt"
    b.write_text("text\n", encoding="utf-8")
    writer = subprocess.Popen([sys.executable, "-c", ENDLESS, str(fifo)])
    try:
        line = one_error_line(run_process("diff", fifo, b, timeout=60))
    finally:
        writer.kill()
        writer.wait()
    assert str(fifo) in line and "larger than" in line


def test_diff_reads_a_pipe_on_stdin_up_to_the_limit(tmp_path: Path) -> None:
    b = tmp_path / "b.txt"
    b.write_text("some text\n", encoding="utf-8")
    small = run_process("diff", "-", b, input=b"some other text\n")
    assert small.returncode == 0, small.stderr
    assert "similarity" in small.stdout
    big = b"word " * (DIFF_MAX_BYTES // 5 + 10)
    line = one_error_line(run_process("diff", b, "-", input=big, timeout=60))
    assert "stdin" in line and "larger than" in line


@pytest.mark.parametrize("option", ["--reference"])
def test_translate_reference_stops_at_the_limit(tmp_path: Path, option: str) -> None:
    passage = tmp_path / "p.txt"
    passage.write_text("Ein Satz.\n", encoding="utf-8")
    result = run_process(
        "translate", passage, "--from", "de", "--to", "en", option, "/dev/zero",
        env=NO_ENDPOINT_NEEDED, timeout=60,
    )  # fmt: skip
    line = one_error_line(result)
    assert option in line and "larger than" in line
    assert MAX_PASSAGE_BYTES // 2**20 > 0


def test_review_answers_from_an_endless_fifo_stop_at_the_limit(
    tmp_path: Path, decisions: Path
) -> None:
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    writer = subprocess.Popen([sys.executable, "-c", ENDLESS, str(fifo)])
    try:
        result = run_process(
            "review", "new", "--title", "X", "--answers", fifo, "--dir", decisions, timeout=60
        )
    finally:
        writer.kill()
        writer.wait()
    line = one_error_line(result)
    assert str(fifo) in line and "larger than" in line


def test_an_internal_error_is_one_line_and_a_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug's message that spans lines (pydantic's do) is still one line, then the hint."""

    def broken(name: str) -> object:
        raise ValueError("1 validation error for X\nbrief\n  too \x1b[31mshort\x1b[0m")

    monkeypatch.setattr("workbench.export.schemas.schema", broken)
    result = wb("schema", "comparison")
    assert result.returncode == 3
    first, hint = result.stderr.splitlines()
    assert first.startswith("workbench: internal error: ValueError: 1 validation error for X")
    assert "brief too" in first and "\x1b" not in first
    assert hint.startswith("This is a bug")


BAD_URL = "http://127.0.0.1:9/v1\x1b]52;c;ZXZp\x07 x"


def test_a_base_url_with_control_characters_is_a_clear_error(tmp_path: Path) -> None:
    passage_file = tmp_path / "passage.de.txt"
    passage_file.write_text("Ich kann denken.\n", encoding="utf-8")
    result = wb(
        "translate", str(passage_file), "--from", "de", "--to", "en", "--style", "rosner",
        env={"OPENAI_BASE_URL": BAD_URL, "WORKBENCH_PROVIDER": "openai"},
    )  # fmt: skip
    err = assert_clean_error(result)
    assert "OPENAI_BASE_URL" in err and "\x1b" not in err and "\x07" not in err


def test_doctor_reports_a_base_url_with_control_characters() -> None:
    result = wb("doctor", "--no-hash", env={"OPENAI_BASE_URL": BAD_URL, "OPENAI_API_KEY": "sk-x"})
    assert result.returncode == 1, result.stderr  # the endpoint in use does not answer
    assert "internal error" not in result.stderr
    assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout
    assert "reachable      no" in result.stdout, result.stdout


def test_a_named_endpoint_url_with_control_characters_is_a_clear_error(
    tmp_path: Path, isolated_dirs: Path
) -> None:
    (isolated_dirs / "config" / "config.toml").write_text(
        '[endpoints.x]\nkind = "openai"\nbase_url = "http://127.0.0.1:9/v1\\u001b]52;c;eA==\\u0007"\n',
        encoding="utf-8",
    )
    passage_file = tmp_path / "passage.de.txt"
    passage_file.write_text("Ich kann denken.\n", encoding="utf-8")
    result = wb(
        "translate", str(passage_file), "--from", "de", "--to", "en", "--style", "rosner",
        "-m", "x:m", env=NO_ENDPOINT_NEEDED,
    )  # fmt: skip
    err = assert_clean_error(result)
    assert "config.toml" in err and "endpoints.x" in err and "\x1b" not in err


# ---- usage errors: one line too -------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["align", "a.txt"], ["Missing argument 'TRANSLATION'", "workbench align --help"]),
        (["translate", "-", "--from", "de", "--to", "en", "--format", "nope"],
         ["Invalid value for '--format'", "'nope'", "workbench translate --help"]),
        (["history", "list", "--limt", "3"], ["No such option '--limt'", "'--limit'"]),
        (["schema", "bogus"], ["'NAME': 'bogus' is not one of", "workbench schema --help"]),
        (["nosuchcommand"], ["No such command 'nosuchcommand'", "workbench --help"]),
    ],
)  # fmt: skip
def test_a_usage_error_is_one_line_with_where_to_look(args: list[str], words: list[str]) -> None:
    """Like any other bad input: one line naming what is wrong (click's suggestion kept) and
    where to read how it is used, exit 2; not click's usage block of four lines."""
    line = one_error_line(run(*args))
    assert line.startswith("workbench: error: "), line
    for word in words:
        assert word in line, line


def test_an_empty_file_name_is_named_as_such_not_read_as_the_current_folder(
    tmp_path: Path,
) -> None:
    """`translate "$UNSET"`: an empty name is not `.` (it said ".: is a folder")."""
    passage = tmp_path / "p.txt"
    passage.write_text("Ein Satz.\n", encoding="utf-8")
    lang = ["--from", "de", "--to", "en"]
    for args in (
        ["translate", "", *lang],
        ["translate", passage, *lang, "--reference", ""],
        ["translate", passage, *lang, "--glossary", ""],
        ["align", "", passage, *lang],
        ["align", passage, "", *lang],
        ["diff", "", passage],
    ):
        line = one_error_line(run(*args, env=NO_ENDPOINT_NEEDED))
        assert "empty" in line and "name" in line and "is a folder" not in line, (args, line)
        assert not line.startswith("workbench: error: .:"), line
