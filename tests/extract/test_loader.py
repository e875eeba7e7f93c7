"""load_path / load_corpus: decoding, formats, and the errors that name the file and the reason."""
from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from extract.errors import LoadError
from extract.loader import doc_id, load_corpus, load_path
from extract.models import Document

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

JA = "宇宙航空研究開発機構（ＪＡＸＡ）は、\n\n我が国の宇宙開発を担う機関である。\n"


def assert_consistent(doc: Document) -> None:
    """Every normalised span maps into the original and every char comes from a real span."""
    assert len(doc.offsets.starts) == len(doc.text)
    for start, end in zip(doc.offsets.starts, doc.offsets.ends):
        assert 0 <= start < end <= len(doc.original)


def load_error(path: Path) -> LoadError:
    with pytest.raises(LoadError) as info:
        load_path(path)
    error = info.value
    assert str(error).startswith(f"{path}: ") and "\n" not in str(error)
    return error


# --- text encodings -----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (JA.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + JA.encode("utf-8"), "utf-8-sig"),
        (b"\xff\xfe" + JA.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + JA.encode("utf-16-be"), "utf-16-be"),
        (JA.encode("utf-16-le"), "utf-16-le"),  # no BOM: the NULs of "\n" sit on odd offsets
        (JA.encode("utf-16-be"), "utf-16-be"),
        (JA.encode("cp932"), "cp932"),
        (JA.encode("euc_jp"), "euc_jp"),
        (JA.encode("iso2022_jp"), "iso2022_jp"),
    ],
)
def test_text_encodings(tmp_path: Path, data: bytes, encoding: str | None) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    doc = load_path(path)
    assert doc.original == JA  # decoded right, without the BOM
    if encoding is not None:
        assert doc.encoding == encoding
    assert doc.text == "宇宙航空研究開発機構(JAXA)は、我が国の宇宙開発を担う機関である。"
    assert doc.title == doc.text
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert (doc.name, doc.path, doc.id) == ("doc.txt", str(path), "doc.txt")
    assert_consistent(doc)


def test_cp932_specific_characters(tmp_path: Path) -> None:
    text = "髙橋氏の資料①：ＮＥＣ㈱の衛星～計画\n"  # 髙, ①, ㈱ and ～ are CP932, not plain Shift_JIS
    path = tmp_path / "sjis.txt"
    path.write_bytes(text.encode("cp932"))
    doc = load_path(path)
    assert doc.encoding == "cp932"
    assert doc.original == text


def test_crlf_is_kept_and_offsets_point_into_it(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes("宇宙開発を推進するための法的根\r\n\r\n拠となった。\r\n".encode("utf-8"))
    doc = load_path(path)
    assert "\r\n" in doc.original
    assert doc.text == "宇宙開発を推進するための法的根拠となった。"
    start = doc.text.index("根拠")
    a, b = doc.original_span(start, start + 2)
    assert doc.original[a:b] == "根\r\n\r\n拠"


def test_markdown_is_the_file_text(tmp_path: Path) -> None:
    source = "# 宇宙基本計画\n\n本計画は、宇宙政策の基本方針を定める。\n"
    path = tmp_path / "plan.md"
    path.write_text(source, encoding="utf-8")
    doc = load_path(path)
    assert doc.original == source
    assert doc.text == "# 宇宙基本計画\n本計画は、宇宙政策の基本方針を定める。"
    assert doc.title == "# 宇宙基本計画"


def test_html(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title> 宇宙政策の\n概要 </title>"
        "<style>p { color: red }</style><script>var jaxa = 'JAXA';</script></head>"
        "<body><h1>宇宙政策</h1><p>宇宙航空研究開発機構（<b>JAXA</b>）は\n  宇宙開発を担う。</p>"
        "<ul><li>H3ロケット</li><li>準天頂衛星</li></ul><!-- a comment --><p>一行目<br>二行目</p>"
        "</body></html>",
        encoding="utf-8",
    )
    doc = load_path(path)
    assert doc.title == "宇宙政策の 概要"
    assert "var jaxa" not in doc.original and "color" not in doc.original
    assert "comment" not in doc.original
    # the original is the extracted text, one line per block, inline tags kept in the line
    assert doc.original.split("\n") == [
        "宇宙政策", "宇宙航空研究開発機構（JAXA）は宇宙開発を担う。", "H3ロケット", "準天頂衛星",
        "一行目", "二行目",
    ]
    assert doc.text.split("\n") == [
        "宇宙政策", "宇宙航空研究開発機構(JAXA)は宇宙開発を担う。", "H3ロケット", "準天頂衛星",
        "一行目", "二行目",
    ]
    start = doc.text.index("JAXA")
    a, b = doc.original_span(start, start + 4)
    assert doc.original[a:b] == "JAXA"
    assert_consistent(doc)


def test_html_in_shift_jis(tmp_path: Path) -> None:
    path = tmp_path / "old.htm"
    path.write_bytes("<html><body><p>宇宙開発戦略本部の決定について。</p></body></html>".encode("cp932"))
    doc = load_path(path)
    assert doc.encoding == "cp932"
    assert doc.text == "宇宙開発戦略本部の決定について。"
    assert doc.title == doc.text


# --- PDF ------------------------------------------------------------------------------------

def make_pdf(pages: list[str], title: str | None = None) -> bytes:
    """A minimal PDF whose text layer holds `pages`, Japanese included.

    The font is a Type0/Identity-H font whose character codes are the Unicode code points, with
    a ToUnicode CMap saying so; no glyphs are embedded (a text layer needs none).
    """
    chars = sorted({c for page in pages for c in page if c != "\n"})
    cmap = "\n".join(
        ["/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
         "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
         "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
         "1 begincodespacerange <0000> <FFFF> endcodespacerange",
         f"{len(chars)} beginbfchar"]
        + [f"<{ord(c):04X}> <{ord(c):04X}>" for c in chars]
        + ["endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"]
    ).encode()
    page_ids = [6 + 2 * i for i in range(len(pages))]
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % p for p in page_ids)
           + b"] /Count %d >>" % len(pages),
        3: b"<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiMin-W3 /Encoding /Identity-H "
           b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        4: b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /HeiseiMin-W3 /CIDSystemInfo "
           b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 /FontDescriptor "
           b"<< /Type /FontDescriptor /FontName /HeiseiMin-W3 /Flags 4 /FontBBox [0 0 1000 1000] "
           b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >> >>",
        5: b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    }
    for page_id, page in zip(page_ids, pages):
        ops = [b"BT /F1 12 Tf 14 TL 50 780 Td"]
        ops += [b"<" + "".join(f"{ord(c):04X}" for c in line).encode() + b"> Tj T*"
                for line in page.split("\n") if line]
        content = b"\n".join(ops + [b"ET"])
        objs[page_id] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                         b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (page_id + 1))
        objs[page_id + 1] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    info = None
    if title is not None:
        info = max(objs) + 1
        objs[info] = b"<< /Title <FEFF" + title.encode("utf-16-be").hex().encode() + b"> >>"
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    xref = len(out)
    size = max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[num] for num in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R" % size + (b" /Info %d 0 R" % info if info else b"")
    out += b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def encrypt(pdf: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password, owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF_PAGES = ["宇宙航空研究開発機構（JAXA）は我が国の宇\n宙開発を担う機関である。", "H3 rocket launched in 2024."]


def test_pdf_with_japanese_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf(PDF_PAGES, title="宇宙開発の報告"))
    doc = load_path(path)
    assert doc.encoding == "pdf"
    assert doc.title == "宇宙開発の報告"
    assert "\n\n" in doc.original  # pages joined by a blank line
    assert doc.text == "宇宙航空研究開発機構(JAXA)は我が国の宇宙開発を担う機関である。\nH3 rocket launched in 2024."
    start = doc.text.index("宇宙開発")
    a, b = doc.original_span(start, start + 4)
    assert doc.original[a:b] == "宇\n宙開発"
    assert_consistent(doc)


def test_pdf_title_falls_back_to_first_line(tmp_path: Path) -> None:
    path = tmp_path / "untitled.pdf"
    path.write_bytes(make_pdf(PDF_PAGES, title="Microsoft Word - report.docx"))
    assert load_path(path).title.startswith("宇宙航空研究開発機構(JAXA)")


def test_pdf_without_text(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf(["", ""]))
    assert load_error(path).reason == "no text layer (scanned?)"


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = tmp_path / "secret.pdf"
    path.write_bytes(encrypt(make_pdf(PDF_PAGES), "secret"))
    assert load_error(path).reason == "encrypted PDF"


def test_encrypted_pdf_with_empty_password_opens(tmp_path: Path) -> None:
    path = tmp_path / "open.pdf"
    path.write_bytes(encrypt(make_pdf(PDF_PAGES), ""))
    assert load_path(path).text.startswith("宇宙航空研究開発機構")


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_truncated_pdf(tmp_path: Path, cut: float) -> None:
    pdf = make_pdf(PDF_PAGES)
    path = tmp_path / "broken.pdf"
    path.write_bytes(pdf[: int(len(pdf) * cut)])
    assert load_error(path).reason.startswith("damaged PDF (")


def test_not_a_pdf_named_pdf(tmp_path: Path, caplog) -> None:
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"\xff\xfe\x00")
    assert load_error(path).reason.startswith("damaged PDF (")
    # reported once, by the error; pypdf's own repair notes stay quiet
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]


# --- files that are not documents -------------------------------------------------------

def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert load_error(path).reason == "empty file"


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(" \r\n\t\u3000\n".encode("utf-8"))
    assert load_error(path).reason.startswith("empty file")


def test_binary_file_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4)
    assert load_error(path).reason == "binary data, not text"


def test_control_characters_are_not_text(tmp_path: Path) -> None:
    path = tmp_path / "controls.txt"
    path.write_bytes(bytes(range(1, 32)) * 20)
    assert load_error(path).reason == "binary data, not text"


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "garbled.txt"
    path.write_bytes(b"\x81\xff\x82\xfd\xa0\xfe" * 10)
    assert load_error(path).reason == "cannot decode as UTF-8, UTF-16 or Shift_JIS/CP932"


def test_a_50_mb_text_is_refused_as_too_long(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    line = ("宇宙航空研究開発機構は人工衛星を打ち上げた。" * 4 + "\n") * 1000
    with path.open("w", encoding="utf-8") as f:
        while f.tell() < 50 * 2**20:
            f.write(line)
    error = load_error(path)
    assert error.reason.startswith("too long (") and "split it" in error.reason


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("宇宙", encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user (root) who reads the file anyway")
        assert load_error(path).reason == "permission denied"
    finally:
        path.chmod(0o644)


def test_read_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The permission-denied reason, whoever runs the tests."""
    path = tmp_path / "locked.txt"
    path.write_text("宇宙", encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert load_error(path).reason == "permission denied"


def test_missing_and_unsupported_files(tmp_path: Path) -> None:
    assert load_error(tmp_path / "missing.txt").reason == "no such file"
    other = tmp_path / "slides.pptx"
    other.write_bytes(b"PK")
    assert "unsupported file type" in load_error(other).reason


# --- ids ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("003_e130fa5e48a9706e.txt", "003_e130fa5e48a9706e.txt"),
        ("a b&c.pdf", "a_b_c.pdf"),
        ("宇宙基本計画.pdf", "d" + hashlib.sha1("宇宙基本計画.pdf".encode()).hexdigest()[:12]),
    ],
)
def test_doc_id(name: str, expected: str) -> None:
    assert doc_id(name) == expected


def test_long_first_line_title_is_trimmed(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("宇" * 300 + "。\n", encoding="utf-8")
    assert len(load_path(path).title) == 120


# --- corpora --------------------------------------------------------------------------------

def test_corpus_walk(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "a").mkdir(parents=True)
    (root / "b" / "deep").mkdir(parents=True)
    (root / "a" / "report.txt").write_text("第一の報告書である。\n", encoding="utf-8")
    (root / "b" / "report.txt").write_text("第二の報告書である。\n", encoding="utf-8")  # same name
    (root / "b" / "deep" / "notes.md").write_text("# 覚書\n", encoding="utf-8")
    (root / "b" / "copy.txt").write_text("第一の報告書である。\n", encoding="utf-8")  # same bytes
    (root / "b" / "empty.txt").write_bytes(b"")
    (root / ".hidden.txt").write_text("隠し", encoding="utf-8")
    (root / "b" / "image.png").write_bytes(b"\x89PNG")
    (root / "b" / "deep" / "loop").symlink_to(root, target_is_directory=True)  # a loop
    (root / "link.txt").symlink_to(root / "a" / "report.txt")  # the same file again

    docs, errors = load_corpus([root])

    assert [d.path for d in docs] == [
        str(root / "a" / "report.txt"), str(root / "b" / "deep" / "notes.md"), str(root / "b" / "report.txt"),
    ]
    first, notes, second = docs
    assert first.id == "report.txt"
    assert second.id == "report.txt-" + hashlib.sha1(str(root / "b" / "report.txt").encode()).hexdigest()[:8]
    assert notes.id == "notes.md"
    messages = sorted(str(e) for e in errors)
    assert messages == sorted([
        f"{root / 'b' / 'copy.txt'}: duplicate of report.txt",
        f"{root / 'b' / 'deep' / 'loop'}: link to {root.resolve()}, a folder already read",
        f"{root / 'b' / 'empty.txt'}: empty file",
    ])
    for doc in docs:
        assert_consistent(doc)


def test_corpus_reports_missing_paths(tmp_path: Path) -> None:
    docs, errors = load_corpus([tmp_path / "nowhere"])
    assert docs == [] and [e.reason for e in errors] == ["no such file"]


def test_seeds_load() -> None:
    docs, errors = load_corpus([SEEDS])
    assert errors == [] and len(docs) == 5
    for doc in docs:
        assert doc.encoding == "utf-8" and doc.title and doc.id == doc.name
        assert_consistent(doc)
        # no stray blank lines, no page-number lines left alone
        assert "\n\n" not in doc.text


# --- any input --------------------------------------------------------------------------------

_ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=300)


@st.composite
def _file_bytes(draw) -> bytes:
    """Bytes of any kind: random, or text in an encoding the loader reads, cut anywhere."""
    text = draw(_ANY_TEXT)
    encoded = draw(st.sampled_from(["utf-8", "utf-16", "cp932", "euc_jp"]))
    data = text.encode(encoded, errors="ignore")
    return draw(st.one_of(st.binary(max_size=600), st.just(data), st.just(data[: draw(st.integers(0, len(data)))])))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_file_bytes(), suffix=st.sampled_from([".txt", ".md", ".html", ".pdf"]))
def test_any_bytes_load_or_are_refused_by_name(tmp_path: Path, data: bytes, suffix: str) -> None:
    """Whatever the bytes, a Document whose offsets map back, or a LoadError naming the file."""
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        doc = load_path(path)
    except LoadError as error:
        assert str(error).startswith(f"{path}: ") and error.reason
    else:
        assert_consistent(doc)
        start, end = doc.original_span(0, len(doc.text))
        assert 0 <= start < end <= len(doc.original)
