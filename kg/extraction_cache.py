"""A content-addressed cache of each document's extraction, so a rebuild parses only what changed.

An entry's key is the SHA-256 of the extractor's fingerprint (the code and data files of
extract/ and the versions of spaCy, GiNZA and its model) and of the document's id and original
text: a change to any of them misses the cache. Entries are the Extraction as JSON in
OUT/cache/, written atomically; one that cannot be read is treated as missing and rewritten.
"""
from __future__ import annotations

import hashlib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from pydantic import ValidationError

import extract
from extract.models import Document, Extraction

from .store import write_file_atomically

CACHE_DIR = "cache"
PACKAGES = ("spacy", "ginza", "ja-ginza", "sudachipy", "sudachidict-core")
SUFFIX = ".json"


def fingerprint() -> str:
    """What the extraction of a document depends on besides its text."""
    digest = hashlib.sha256(files_digest(Path(extract.__file__).parent).encode("ascii"))
    for package in PACKAGES:
        try:
            digest.update(f"{package}={version(package)}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{package}=none\0".encode())
    return digest.hexdigest()


def files_digest(root: Path) -> str:
    """The SHA-256 of the names and contents of the files under `root`."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(root)).encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class ExtractionCache:
    """The cache in `folder`, for extractions made by the extractor of `fingerprint`."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = folder
        self.fingerprint = fingerprint

    def key(self, document: Document) -> str:
        digest = hashlib.sha256(self.fingerprint.encode("ascii"))
        digest.update(b"\0" + document.id.encode("utf-8") + b"\0" + document.original.encode("utf-8"))
        return digest.hexdigest()

    def _path(self, document: Document) -> Path:
        return self.folder / (self.key(document) + SUFFIX)

    def get(self, document: Document) -> Extraction | None:
        """The cached extraction, or None: missing, unreadable or damaged entries alike (the
        document is then extracted again and its entry rewritten)."""
        try:
            extraction = Extraction.model_validate_json(self._path(document).read_bytes())
        except (OSError, ValidationError):
            return None
        return extraction if extraction.doc_id == document.id else None

    def put(self, document: Document, extraction: Extraction) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_file_atomically(self._path(document), extraction.model_dump_json().encode("utf-8"))

    def keep_only(self, documents: list[Document]) -> None:
        """Remove the entries of documents (or extractor versions) this build no longer has,
        so the cache holds one corpus, not every state it has been in."""
        wanted = {self.key(d) + SUFFIX for d in documents}
        if self.folder.is_dir():
            for path in self.folder.glob("*" + SUFFIX):
                if path.name not in wanted:
                    path.unlink(missing_ok=True)
