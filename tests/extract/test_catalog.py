"""The entity catalog (extract/data/catalog/*.jsonl) loads, and its names are clean and unique."""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import get_args

import pytest
from pydantic import ValidationError

from extract.catalog import CatalogEntry, CatalogError, load_catalog, names_of
from extract.models import EntityClass

# Words that name a kind of thing, never one thing.
STOP = {
    "衛星", "人工衛星", "政府", "機構", "宇宙", "宇宙機関", "委員会", "会議", "条約", "協定", "合意",
    "計画", "戦略", "指針", "ガイドライン", "法", "法律", "省", "庁", "局", "軍", "国", "国家", "ロケット",
    "宇宙ステーション", "探査機", "宇宙船", "基金", "大学", "研究所", "事務局", "本部", "政策", "決議",
    "共同声明", "国連決議", "宇宙軍事", "当局", "同盟", "日米同盟",
    "agency", "government", "satellite", "space", "treaty", "committee", "council", "ministry",
    "strategy", "program", "programme", "policy", "guidelines", "agreement", "the", "station",
}


def norm(name: str) -> str:
    return unicodedata.normalize("NFKC", name).casefold()


@pytest.fixture(scope="module")
def catalog() -> list[CatalogEntry]:
    return load_catalog()


def test_loads_and_is_broad(catalog):
    assert len(catalog) >= 600


def test_ids_unique(catalog):
    seen: dict[str, int] = defaultdict(int)
    for e in catalog:
        seen[e.id] += 1
    assert [i for i, n in seen.items() if n > 1] == []


def test_classes_valid(catalog):
    valid = set(get_args(EntityClass))
    assert [e.id for e in catalog if e.cls not in valid] == []


def test_every_entry_named(catalog):
    assert [e.id for e in catalog if not (e.ja or e.en)] == []


def test_country_codes(catalog):
    bad = [e.id for e in catalog if e.country is not None
           and not (len(e.country) == 2 and e.country.isascii() and e.country.isupper())]
    assert bad == []
    # every Country entry carries its own code
    assert [e.id for e in catalog if e.cls == "Country" and not e.country] == []


def test_names_unique_unless_ambiguous(catalog):
    owners: dict[str, list[CatalogEntry]] = defaultdict(list)
    for e in catalog:
        for n in {norm(x) for x in names_of(e)}:
            owners[n].append(e)
    clashes = []
    for n, es in owners.items():
        if len(es) > 1 and not all(n in {norm(a) for a in e.ambiguous_names} for e in es):
            clashes.append((n, [e.id for e in es]))
    assert clashes == []


def test_short_forms_unique_and_single(catalog):
    owners: dict[str, list[str]] = defaultdict(list)
    for e in catalog:
        for s in e.short:
            assert len(s) == 1, (e.id, s)
            owners[s].append(e.id)
    assert {s: ids for s, ids in owners.items() if len(ids) > 1} == {}


def test_no_generic_names(catalog):
    bad = [(e.id, n) for e in catalog for n in names_of(e) if norm(n) in STOP]
    assert bad == []


def test_names_of_dedups():
    e = CatalogEntry(id="x", cls="SpaceAgency", ja="宇宙航空研究開発機構", en="JAXA",
                     abbr=["JAXA"], aliases=["宇宙航空研究開発機構", "ジャクサ"])
    assert names_of(e) == ["宇宙航空研究開発機構", "JAXA", "ジャクサ"]


def test_entry_rules():
    with pytest.raises(ValidationError):
        CatalogEntry(id="x", cls="Agency")  # neither ja nor en
    with pytest.raises(ValidationError):
        CatalogEntry(id="Bad Id", cls="Agency", ja="何か")
    with pytest.raises(ValidationError):
        CatalogEntry(id="x", cls="Agency", ja="何か", country="jp")
    with pytest.raises(ValidationError):
        CatalogEntry(id="x", cls="Agency", ja="何か", ambiguous_names=["他"])
    with pytest.raises(ValidationError):
        CatalogEntry(id="x", cls="NotAClass", ja="何か")
    with pytest.raises(ValidationError):
        CatalogEntry(id="x", cls="Country", ja="米国", short=["米国"])


def test_bad_line_names_file_and_line(tmp_path: Path):
    (tmp_path / "ok.jsonl").write_text('{"id": "a", "cls": "Agency", "ja": "甲"}\n', encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text(
        '// comment\n\n{"id": "b", "cls": "Agency", "ja": "乙"}\n{"id": "c", "cls": \n',
        encoding="utf-8")
    with pytest.raises(CatalogError, match=r"bad\.jsonl:4"):
        load_catalog(tmp_path)
    (tmp_path / "bad.jsonl").write_text('{"id": "c", "cls": "Nope", "ja": "丙"}\n', encoding="utf-8")
    with pytest.raises(CatalogError, match=r"bad\.jsonl:1"):
        load_catalog(tmp_path)
    (tmp_path / "bad.jsonl").unlink()
    assert [e.id for e in load_catalog(tmp_path)] == ["a"]
