"""`-o PATH` behaves like a shell redirection (issue 11, items 6, 7 and 13's full disk).

Devices, FIFOs and links are made under tmp_path, never at a real system path.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from tests.cli.helpers import assert_clean_error, wb, wb_process
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import style_responder

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="os.mknod needs root")


@pytest.fixture
def texts(tmp_path: Path) -> tuple[Path, Path]:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("The quick brown fox jumps.\n", encoding="utf-8")
    b.write_text("The quick red fox jumps.\n", encoding="utf-8")
    return a, b


def _diff_args(texts: tuple[Path, Path], out: Path | str) -> tuple[str, ...]:
    return ("diff", str(texts[0]), str(texts[1]), "--format", "json", "-o", str(out))


def _diff(texts: tuple[Path, Path], out: Path | str) -> subprocess.CompletedProcess[str]:
    return wb(*_diff_args(texts, out))


def _device(path: Path, minor: int) -> Path:
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    return path


@needs_root
def test_o_onto_a_char_device_writes_into_it(tmp_path: Path, texts: tuple[Path, Path]) -> None:
    null = _device(tmp_path / "null", 3)  # like /dev/null
    result = _diff(texts, null)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert os.lstat(null).st_rdev == os.makedev(1, 3)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@needs_root
def test_o_onto_a_full_device_is_one_line_exit_2(tmp_path: Path, texts: tuple[Path, Path]) -> None:
    full = _device(tmp_path / "full", 7)  # like /dev/full: every write is ENOSPC
    result = _diff(texts, full)
    err = assert_clean_error(result)
    assert "No space left on device" in err and len(err.strip().splitlines()) == 1
    assert stat.S_ISCHR(os.lstat(full).st_mode)


def test_o_onto_a_fifo_with_a_reader(tmp_path: Path, texts: tuple[Path, Path]) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            got.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = _diff(texts, fifo)
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert got and b'"similarity"' in got[0]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_o_onto_a_fifo_with_no_reader_fails_within_the_deadline(
    tmp_path: Path, texts: tuple[Path, Path]
) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    result = wb_process(*_diff_args(texts, fifo), timeout=30)  # a hang fails the test here
    err = assert_clean_error(result)
    assert "FIFO" in err and str(fifo) in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_o_onto_a_link_writes_the_target_and_keeps_the_link(
    tmp_path: Path, texts: tuple[Path, Path]
) -> None:
    target = tmp_path / "real" / "out.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    result = _diff(texts, link)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == target
    assert '"similarity"' in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_o_onto_a_dangling_link_creates_its_target(
    tmp_path: Path, texts: tuple[Path, Path]
) -> None:
    target = tmp_path / "new.json"
    link = tmp_path / "link.json"
    link.symlink_to(target)
    result = _diff(texts, link)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and '"similarity"' in target.read_text(encoding="utf-8")


def test_process_o_onto_proc_self_fd_1_writes_into_the_pipe(texts: tuple[Path, Path]) -> None:
    """The real process: its fd 1 is the pipe the caller reads."""
    result = wb_process(*_diff_args(texts, "/proc/self/fd/1"))
    assert result.returncode == 0, result.stderr
    assert '"similarity"' in result.stdout


def test_o_into_a_missing_folder_is_refused(tmp_path: Path, texts: tuple[Path, Path]) -> None:
    out = tmp_path / "no" / "such" / "dir" / "x.txt"
    result = _diff(texts, out)
    err = assert_clean_error(result)
    assert "does not exist" in err and str(out.parent) in err
    assert not (tmp_path / "no").exists()


def test_o_onto_a_regular_file_replaces_it_atomically(
    tmp_path: Path, texts: tuple[Path, Path]
) -> None:
    out = tmp_path / "out.json"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o600)
    inode = out.stat().st_ino
    result = _diff(texts, out)
    assert result.returncode == 0, result.stderr
    assert '"similarity"' in out.read_text(encoding="utf-8")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.stat().st_ino != inode  # a new file renamed over the old one
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_history_export_o_onto_a_fifo_and_a_missing_folder(tmp_path: Path) -> None:
    """The same writer serves `history show/export -o` (through cli/inputs.write_output)."""
    from workbench.core.translate.models import Comparison
    from workbench.io.translate.history import save_run

    run = Comparison.model_validate(
        {
            "id": "20240102-030405-abcd",
            "created_at": "2024-01-02T03:04:05Z",
            "source": {"text": "Ich kann denken.", "language": "de"},
            "target": {"language": "en"},
            "renditions": [],
        }
    )
    save_run(run)
    missing = tmp_path / "nope" / "run.md"
    err = assert_clean_error(wb("history", "export", "last", "-o", str(missing)))
    assert "does not exist" in err
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    err = assert_clean_error(wb_process("history", "export", "last", "-o", str(fifo), timeout=30))
    assert "FIFO" in err


# ---- a full disk for the atomic (regular file) path --------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount = tmp_path / "tiny"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_o_on_a_full_disk_keeps_the_old_file(tiny_disk: Path, texts: tuple[Path, Path]) -> None:
    out = tiny_disk / "out.json"
    out.write_text("old result\n", encoding="utf-8")
    with (tiny_disk / ".filler").open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"x" * 4096)
                handle.flush()
        except OSError:
            pass
    result = _diff(texts, out)
    err = assert_clean_error(result)
    assert "No space left on device" in err and len(err.strip().splitlines()) == 1
    assert out.read_text(encoding="utf-8") == "old result\n"
    assert sorted(p.name for p in tiny_disk.iterdir()) == [".filler", "out.json"]


# ---- translate -o goes through the same writer ---------------------------------------------------


@pytest.fixture
def server(fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAIServer:
    fake_openai.responder = style_responder
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("WORKBENCH_MODEL", "fake-model")
    return fake_openai


def test_translate_o_onto_a_pipe_and_a_missing_folder(
    server: FakeOpenAIServer, tmp_path: Path
) -> None:
    passage = tmp_path / "p.txt"
    passage.write_text("Ich kann denken.\n", encoding="utf-8")
    args = ["translate", str(passage), "--from", "de", "--to", "en", "--style", "rosner"]
    result = wb_process(*args, "--format", "json", "-o", "/proc/self/fd/1")  # the real fd 1
    assert result.returncode == 0, result.stderr
    assert '"renditions"' in result.stdout
    err = assert_clean_error(wb(*args, "-o", str(tmp_path / "missing" / "out.txt")))
    assert "does not exist" in err
    assert not (tmp_path / "missing").exists()


# ---- a descriptor of the process itself, and names a shell would refuse --------------------------


def _with_fds(
    args: tuple[str, ...],
    stdin: int | IO[bytes] = subprocess.DEVNULL,
    stdout: int | IO[bytes] = subprocess.PIPE,
) -> subprocess.CompletedProcess[str]:
    """`python -m workbench ARGS` as a real process with this stdin and stdout."""
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("via_link", [False, True], ids=["proc-self-fd", "link-like-dev-stdout"])
def test_process_o_onto_its_own_stdout_appended_to_a_log_keeps_the_log(
    tmp_path: Path, texts: tuple[Path, Path], via_link: bool
) -> None:
    """`-o /dev/stdout >> run.log` adds to the log, as `> /dev/stdout` does in a shell: the
    text goes into the descriptor (its offset, its append mode), the log is never replaced."""
    log = tmp_path / "run.log"
    log.write_text("earlier line\n", encoding="utf-8")
    inode = log.stat().st_ino
    target: Path | str = "/proc/self/fd/1"
    if via_link:  # what /dev/stdout is, made in tmp_path
        target = tmp_path / "stdout"
        target.symlink_to("/proc/self/fd/1")
    with log.open("ab") as handle:
        result = _with_fds(_diff_args(texts, target), stdout=handle)
    assert result.returncode == 0, result.stderr
    text = log.read_text(encoding="utf-8")
    assert text.startswith("earlier line\n") and '"similarity"' in text
    assert log.stat().st_ino == inode
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_process_o_onto_its_own_stdin_leaves_the_input_file_alone(
    tmp_path: Path, texts: tuple[Path, Path]
) -> None:
    """`-o /dev/stdin < notes.txt`: a shell says "Bad file descriptor"; the file read as
    stdin is never replaced with the output."""
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    with notes.open("rb") as handle:
        result = _with_fds(_diff_args(texts, "/proc/self/fd/0"), stdin=handle)
    err = assert_clean_error(result)
    assert len(err.strip().splitlines()) == 1 and "/proc/self/fd/0" in err
    assert notes.read_text(encoding="utf-8") == "my notes\n"


def test_o_ending_in_a_slash_is_refused_like_a_shell_does(
    tmp_path: Path, texts: tuple[Path, Path]
) -> None:
    """`> out.json/` is "Not a directory" in a shell, `> new/` "Is a directory": neither
    replaces out.json nor creates a file named new."""
    out = tmp_path / "out.json"
    out.write_text("old", encoding="utf-8")
    for given in (f"{out}/", f"{tmp_path / 'new'}/", ""):
        err = assert_clean_error(_diff(texts, given))
        assert len(err.strip().splitlines()) == 1, err
    assert out.read_text(encoding="utf-8") == "old"
    assert not (tmp_path / "new").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("command", ["diff", "align"])
def test_o_onto_a_folder_is_one_line_exit_2(
    tmp_path: Path, texts: tuple[Path, Path], command: str
) -> None:
    args = _diff_args(texts, tmp_path)
    if command == "align":
        args = ("align", str(texts[0]), str(texts[1]), "--from", "en", "--to", "en", "-o")
        args += (str(tmp_path),)
    err = assert_clean_error(wb(*args))
    assert err.strip().splitlines() == [
        f"workbench: error: cannot write --output {tmp_path}: it is a folder; give a file name"
    ]
