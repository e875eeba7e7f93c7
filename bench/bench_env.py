"""The line each benchmark section opens with: when, where and with which versions it was measured."""
from __future__ import annotations

import os
import platform
import time
from importlib.metadata import version

PACKAGES = ("spacy", "ja-ginza", "pyoxigraph", "oxrdflib", "rdflib")


def machine_line(command: str) -> str:
    versions = ", ".join(f"{p} {version(p)}" for p in PACKAGES)
    return (f"Measured {time.strftime('%Y-%m-%d')} with `python {command}` on {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, {versions}.")
