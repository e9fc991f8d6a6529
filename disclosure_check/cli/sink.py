"""Where the results go: standard output, or the --output file, written atomically.

An --output file is written to a temporary file in the same folder and renamed over the
target only when the run ends normally, so that a reader never sees half a file and a run
that fails (a full disk, a crash, SIGTERM) leaves the old file as it was. A target that is not
a regular file (/dev/null, a FIFO) is written in place: there is nothing to rename.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from typing import TextIO

from ..inputs import Input
from .status import UsageError

# Arguments that are not files: caption text given on the command line, and names not found.
NOT_FILES = ("caption", "missing")


class OutputError(Exception):
    """Writing the results failed (a closed pipe, a full disk); `cause` is the OSError."""

    def __init__(self, where: str, cause: OSError) -> None:
        super().__init__(f"cannot write {where}: {cause.strerror or cause}")
        self.cause = cause


class Sink:
    """The open output and what to do with it at the end of the run."""

    def __init__(
        self, handle: TextIO, where: str, target: str | None = None, temp: str | None = None
    ) -> None:
        self.handle = handle
        self.where = where  # for messages: "<stdout>" or the path as given
        self.target = target
        self.temp = temp

    @property
    def is_stdout(self) -> bool:
        return self.handle is sys.stdout

    def flush(self) -> None:
        try:
            self.handle.flush()
        except OSError as exc:
            raise OutputError(self.where, exc) from exc

    def end(self, *, complete: bool) -> None:
        """A complete run's file replaces the old one; stdout is flushed either way (its
        document was closed with a mark of the early stop)."""
        if complete or self.is_stdout:
            self.commit()
        else:
            self.discard()

    def commit(self) -> None:
        """The run ended normally: the file takes the results."""
        if self.is_stdout:
            self.flush()
            return
        try:
            self.handle.flush()
            if self.temp is not None:
                os.fsync(self.handle.fileno())
            self.handle.close()
            if self.temp is not None and self.target is not None:
                os.replace(self.temp, self.target)
                self.temp = None
        except OSError as exc:
            self.discard()
            raise OutputError(self.where, exc) from exc

    def discard(self) -> None:
        """The run failed: drop the temporary file, leave the target as it was."""
        if self.is_stdout:
            return
        # A buffer that cannot be written is why the file is dropped: nothing to report.
        with contextlib.suppress(OSError):
            self.handle.close()
        if self.temp is not None:
            os.unlink(self.temp)
            self.temp = None

    def detach_stdout(self) -> None:
        """Point file descriptor 1 at /dev/null, so that the interpreter's last flush of a
        closed or full stdout at exit does not fail a second time (with exit status 120)."""
        if not self.is_stdout:
            return
        try:
            target = sys.stdout.fileno()
        except (OSError, ValueError, io.UnsupportedOperation):
            return  # a stand-in stdout (a test's capture) has no descriptor to redirect
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, target)
        os.close(devnull)


def open_sink(path: str | None, fmt: str, inputs: list[Input]) -> Sink:
    """stdout, or the --output file, refusing to overwrite an input."""
    if path is None:
        if isinstance(sys.stdout, io.TextIOWrapper):
            sys.stdout.reconfigure(errors="backslashreplace")
        return Sink(sys.stdout, "<stdout>")
    _refuse_inputs(path, inputs)
    target = os.path.realpath(path)  # through a symlink: the link stays, its target changes
    if os.path.isdir(target):
        raise UsageError(f"--output {path} is a folder; give a file name")
    newline = "" if fmt == "csv" else None
    try:
        if os.path.exists(target) and not os.path.isfile(target):
            handle = open(target, "w", encoding="utf-8", errors="backslashreplace", newline=newline)  # noqa: SIM115
            return Sink(handle, path)
        fd, temp = tempfile.mkstemp(
            prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=os.path.dirname(target)
        )
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from exc
    os.chmod(temp, _mode_for(target))
    handle = os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline=newline)
    return Sink(handle, path, target, temp)


def _mode_for(target: str) -> int:
    """The old file's permissions, or those a plain open() would give a new one."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _refuse_inputs(path: str, inputs: Iterable[Input]) -> None:
    for item in inputs:
        if item.kind in NOT_FILES:
            continue
        if item.name == "-":
            same = _is_stdin(path)
        else:
            same = os.path.exists(path) and os.path.samefile(path, item.name)
        if same:
            where = "standard input" if item.name == "-" else "an input"
            raise UsageError(f"--output {path} is also {where}; it would be overwritten")


def _is_stdin(path: str) -> bool:
    """Whether `path` is the file standard input reads (`-o f.jsonl < f.jsonl`)."""
    try:
        here = os.fstat(sys.stdin.fileno())
        there = os.stat(path)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return False
    return stat.S_ISREG(here.st_mode) and (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)
