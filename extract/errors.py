"""The exceptions spacekg raises."""
from __future__ import annotations

from pathlib import Path


class SpacekgError(Exception):
    """Base class: everything spacekg raises on purpose derives from this."""


class LoadError(SpacekgError):
    """A file that could not be turned into a Document.

    str() is one line, "PATH: reason", so a corpus run can list its failures as they are.
    """

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        # One line, whatever the underlying library put in its message.
        self.reason = " ".join(str(reason).split())
        super().__init__(self.path, self.reason)

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class WorkerDied(SpacekgError):
    """A parse worker ended without answering (killed, out of memory, crashed)."""
