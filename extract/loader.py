"""Turn files into Documents: read the bytes, decode them, extract the text, normalise it.

`load_path` loads one file and raises LoadError when it cannot; `load_corpus` walks files and
folders and collects the Documents and the LoadErrors side by side, so one bad file does not
stop a corpus build.
"""
from __future__ import annotations

import codecs
import hashlib
import io
import logging
import os
import re
import unicodedata
from pathlib import Path

from extract.errors import LoadError
from extract.models import Document, OffsetMap
from extract.normalize import normalize

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf"}

TITLE_MAX = 120

UNDECODABLE = "cannot decode as UTF-8, UTF-16 or Shift_JIS/CP932"
BINARY = "binary data, not text"

# Byte order marks, longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control characters other than those text files do hold (\t \n \v \f \r, ESC of ISO-2022):
# many of them are a sign of binary data.
CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
# Share of control characters above which decoded "text" is taken for binary data.
MAX_CONTROL_SHARE = 0.1
# Share of NUL bytes on one side (odd or even offsets) that marks UTF-16 without a BOM:
# ASCII and line breaks in UTF-16 have a zero high byte, which lands on one side only.
UTF16_NUL_SIDE = 0.9
# Largest share of odd characters (see _oddness) in a CP932 or EUC-JP reading that is taken.
MAX_ODDNESS = 0.3
# Bigger files are not read at all (a PDF's images count here, so the limit is generous).
MAX_FILE_BYTES = 200 * 2**20
# Longest text taken as one document: GiNZA parses about 2,000 characters a second on one core,
# so this is some 40 minutes of parsing; a longer text is most likely several documents in one.
MAX_TEXT_CHARS = 5_000_000

# Elements whose start and end break the text into lines, as a browser would lay them out.
HTML_BLOCKS = frozenset(
    "address article aside blockquote body caption dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section "
    "summary table tbody td tfoot th thead tr ul".split()
)
# Elements whose content is not text for a reader.
HTML_SKIP = frozenset("script style noscript template head title svg math iframe object".split())

# PDF metadata titles that name the authoring tool or the source file rather than the document.
GENERIC_PDF_TITLE = re.compile(
    r"(?i)(?:untitled|無題|powerpoint プレゼンテーション|.*\.(?:docx?|xlsx?|pptx?|pdf|txt|rtf))\s*"
)
PDF_TITLE_PREFIX = re.compile(r"(?i)^microsoft (?:word|powerpoint|excel) - ")


def load_path(path: Path) -> Document:
    """Load one file as a Document; raise LoadError (naming the file) when it cannot be."""
    path = Path(path)
    return _load(path, _read(path))


def load_corpus(paths: list[Path]) -> tuple[list[Document], list[LoadError]]:
    """Load every supported file in `paths` (folders walked recursively, in sorted order).

    Hidden files and files with unsupported suffixes inside folders are skipped silently;
    a file whose bytes equal an earlier file's is reported as a duplicate and not loaded.
    """
    docs: list[Document] = []
    errors: list[LoadError] = []
    first_by_hash: dict[str, Path] = {}
    for path in _walk(paths, errors):
        try:
            data = _read(path)
            digest = hashlib.sha256(data).hexdigest()
            first = first_by_hash.get(digest)
            if first is not None and data:
                same_name = first.name == path.name
                raise LoadError(path, f"duplicate of {first if same_name else first.name}")
            doc = _load(path, data)
        except LoadError as e:
            errors.append(e)
            continue
        first_by_hash[digest] = path
        docs.append(doc)
    _disambiguate_ids(docs)
    return docs, errors


def doc_id(name: str) -> str:
    """A stable id from a file name: the name made IRI-safe, or a hash of a non-ASCII name."""
    if name.isascii():
        return re.sub(r"[^A-Za-z0-9._-]", "_", name)
    return "d" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]


def _disambiguate_ids(docs: list[Document]) -> None:
    """Give every document but the first (by path) of those sharing an id a path-hash suffix."""
    by_id: dict[str, list[Document]] = {}
    for doc in docs:
        by_id.setdefault(doc.id, []).append(doc)
    for group in by_id.values():
        for doc in sorted(group, key=lambda d: d.path)[1:]:
            doc.id += "-" + hashlib.sha1(doc.path.encode("utf-8")).hexdigest()[:8]


def _walk(paths: list[Path], errors: list[LoadError]) -> list[Path]:
    """The files to load, in order; folders walked in sorted order without symlink loops."""
    files: list[Path] = []
    seen_files: set[Path] = set()
    seen_dirs: set[Path] = set()

    def add_file(path: Path, explicit: bool) -> None:
        if not explicit and (path.name.startswith(".") or not _supported(path)):
            return
        real = path.resolve()
        if real not in seen_files:  # the same file reached twice is one file, not a duplicate
            seen_files.add(real)
            files.append(path)

    def walk_dir(folder: Path) -> None:
        real = folder.resolve()
        if real in seen_dirs:  # a symlink back into a folder already walked: a loop, or the same files again
            errors.append(LoadError(folder, f"link to {real}, a folder already read"))
            return
        seen_dirs.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as e:
            errors.append(LoadError(folder, _os_reason(e)))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = folder / entry.name
            if child.is_dir():
                walk_dir(child)
            else:
                add_file(child, explicit=False)

    for path in map(Path, paths):
        if path.is_dir():
            walk_dir(path)
        else:
            add_file(path, explicit=True)
    return files


def _supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def _read(path: Path) -> bytes:
    if not path.exists():
        raise LoadError(path, "broken symbolic link" if path.is_symlink() else "no such file")
    if not _supported(path):
        raise LoadError(path, f"unsupported file type {path.suffix or '(no suffix)'!r}")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise LoadError(path, f"too large ({size / 2**20:,.0f} MiB; files up to "
                                  f"{MAX_FILE_BYTES // 2**20} MiB are read)")
        return path.read_bytes()
    except OSError as e:
        raise LoadError(path, _os_reason(e)) from e


def _os_reason(e: OSError) -> str:
    if isinstance(e, FileNotFoundError):
        return "no such file"
    if isinstance(e, PermissionError):
        return "permission denied"
    if isinstance(e, IsADirectoryError):
        return "is a directory"
    return f"cannot read ({e.strerror or e})"


def _load(path: Path, data: bytes) -> Document:
    suffix = path.suffix.lower()
    if not data:
        raise LoadError(path, "empty file")
    title = None
    if suffix == ".pdf":
        original, title = _pdf_text(path, data)
        encoding = "pdf"
    else:
        decoded, encoding = decode(path, data)
        if not decoded.strip():
            raise LoadError(path, "empty file (whitespace only)")
        if suffix in HTML_SUFFIXES:
            # For HTML the original that offsets point into is the extracted text, not the
            # markup: a mention's exact string is then what a reader sees.
            original, title = _html_text(decoded)
            if not original.strip():
                raise LoadError(path, "no text in the HTML")
        else:
            original = decoded
    if len(original) > MAX_TEXT_CHARS:
        raise LoadError(path, f"too long ({len(original):,} characters; a document may have up to "
                              f"{MAX_TEXT_CHARS:,}: split it)")
    if suffix in HTML_SUFFIXES:
        text, offsets = _normalize_blocks(original)
    else:
        text, offsets = normalize(original)
    if not text:
        raise LoadError(path, "no text after normalisation (only page numbers or marks)")
    if not title:
        title = next((line.strip() for line in text.split("\n") if line.strip()), "")
    return Document(
        id=doc_id(path.name),
        name=path.name,
        path=str(path),
        title=title[:TITLE_MAX],
        original=original,
        text=text,
        offsets=offsets,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
    )


# --- decoding ---------------------------------------------------------------------------

def decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text of `data` and the encoding it was found in; LoadError when it is not text.

    Line endings are kept as they are ("\\r\\n" stays): offsets point into this text.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return _check_text(path, data[len(bom):].decode(encoding)), encoding
            except UnicodeDecodeError as e:
                raise LoadError(path, f"{UNDECODABLE} (bad {encoding} after its BOM)") from e
    if b"\x00" in data:
        encoding = _utf16_side(data)
        if encoding is None:
            raise LoadError(path, BINARY)
        try:
            return _check_text(path, data.decode(encoding)), encoding
        except UnicodeDecodeError as e:
            raise LoadError(path, BINARY) from e
    if b"\x1b$" in data:  # ISO-2022-JP is 7-bit, so it would pass for UTF-8 (ESC and all)
        try:
            return _check_text(path, data.decode("iso2022_jp")), "iso2022_jp"
        except UnicodeDecodeError:
            pass
    try:
        return _check_text(path, data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    # Legacy Japanese encodings: CP932 (Shift_JIS as Windows writes it) first; EUC-JP too, as
    # EUC-JP bytes often pass for CP932 and only read as nonsense.
    readings = []
    for encoding in ("cp932", "euc_jp"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        readings.append((_oddness(text), encoding, text))
    if readings:
        oddness, encoding, text = min(readings, key=lambda r: r[0])
        if oddness <= MAX_ODDNESS:
            return _check_text(path, text), encoding
    text, encoding = _guess(path, data)
    return _check_text(path, text), encoding


def _utf16_side(data: bytes) -> str | None:
    """utf-16-le or -be when the NULs sit on one side of the byte pairs, else None."""
    if len(data) % 2:
        return None
    odd = data[1::2].count(0)
    even = data[0::2].count(0)
    if odd >= UTF16_NUL_SIDE * (odd + even):
        return "utf-16-le"
    if even >= UTF16_NUL_SIDE * (odd + even):
        return "utf-16-be"
    return None


def _oddness(text: str) -> float:
    """How unlike Japanese text a legacy decoding reads: the share of its non-ASCII characters
    that are half-width katakana (rare in documents, common when EUC-JP is read as CP932) or
    the private-use and C1 characters CP932 maps its undefined bytes to."""
    non_ascii = [c for c in text if ord(c) > 0x7F]
    if not non_ascii:
        return 0.0
    odd = sum(1 for c in non_ascii if 0xFF61 <= ord(c) <= 0xFF9F)
    if any(0xE000 <= ord(c) <= 0xF8FF or 0x80 <= ord(c) <= 0x9F for c in non_ascii):
        odd = len(non_ascii)
    return odd / len(non_ascii)


def _guess(path: Path, data: bytes) -> tuple[str, str]:
    """charset-normalizer's best guess; it gives none when every reading is noise."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or _oddness(str(best)) > MAX_ODDNESS:
        raise LoadError(path, UNDECODABLE)
    return str(best), best.encoding


def _check_text(path: Path, text: str) -> str:
    """Reject decoded data that is mostly control characters."""
    if text and len(CONTROLS.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise LoadError(path, BINARY)
    return text


# --- HTML -------------------------------------------------------------------------------

def _html_text(markup: str) -> tuple[str, str | None]:
    """The text a reader sees, one line per block element, and the <title>."""
    from bs4 import BeautifulSoup
    from bs4.element import NavigableString, PreformattedString, Tag

    soup = BeautifulSoup(markup, "html.parser")
    title = None
    if soup.title is not None:
        title = " ".join(soup.title.get_text().split()) or None
    parts: list[str] = []
    # Depth-first with an explicit stack: deeply nested pages would overflow recursion.
    # Items are nodes, or the "\n" to write when a block element ends.
    stack: list[object] = [(soup, False)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        node, pre = item
        if isinstance(node, PreformattedString):  # comments, doctypes, CDATA
            continue
        if isinstance(node, NavigableString):
            parts.append(str(node) if pre else _collapse_html_space(str(node)))
            continue
        assert isinstance(node, Tag)
        if node.name in HTML_SKIP:
            continue
        if node.name == "br":
            parts.append("\n")
            continue
        block = node.name in HTML_BLOCKS
        if block:
            parts.append("\n")
            stack.append("\n")
        inner_pre = pre or node.name == "pre"
        stack.extend((child, inner_pre) for child in reversed(node.contents))
    lines = (line.strip(" ") for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line.strip()), title


_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def _collapse_html_space(text: str) -> str:
    """Collapse whitespace as a browser does outside <pre>: a run becomes one space, and a
    run with a line break between two CJK characters goes (CSS Text 3, segment breaks), as
    Japanese HTML sources wrap lines mid-sentence."""

    def replace(m: re.Match[str]) -> str:
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        if "\n" in m.group() and before and after and _wide(before) and _wide(after):
            return ""
        return " "

    return _HTML_SPACE.sub(replace, text)


def _wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in ("W", "F")


def _normalize_blocks(original: str) -> tuple[str, OffsetMap]:
    """Normalise each line of `original` on its own and keep every line break.

    In text extracted from HTML each line is a block element, so no line break is a wrap.
    """
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    prev_end = None
    for line in original.split("\n"):
        text, offsets = normalize(line)
        if text:
            if prev_end is not None:
                chars.append("\n")
                starts.append(prev_end)
                ends.append(pos + offsets.starts[0])
            chars.append(text)
            starts.extend(pos + s for s in offsets.starts)
            ends.extend(pos + e for e in offsets.ends)
            prev_end = pos + offsets.ends[-1]
        pos += len(line) + 1
    return "".join(chars), OffsetMap(starts=starts, ends=ends)


# --- PDF --------------------------------------------------------------------------------

def _pdf_text(path: Path, data: bytes) -> tuple[str, str | None]:
    """pypdf's text layer, pages joined by a blank line, and the metadata title."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    # pypdf logs each repair it attempts (invalid header, EOF marker not found); a file it
    # cannot read is reported once, by the LoadError below, with the file's name
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise LoadError(path, "encrypted PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = _pdf_title(reader)
    except LoadError:
        raise
    except (FileNotDecryptedError, DependencyError) as e:
        raise LoadError(path, f"encrypted PDF ({e})") from e
    except Exception as e:  # pypdf raises many kinds on broken files, not only PdfReadError
        raise LoadError(path, f"damaged PDF ({type(e).__name__}: {e})") from e
    text = "\n\n".join(pages)
    if not text.strip():
        raise LoadError(path, "no text layer (scanned?)")
    return text, title


def _pdf_title(reader) -> str | None:
    meta = reader.metadata
    title = meta.title if meta is not None else None
    if not isinstance(title, str):
        return None
    title = PDF_TITLE_PREFIX.sub("", " ".join(title.split()))
    if not title or GENERIC_PDF_TITLE.fullmatch(title):
        return None
    return title
