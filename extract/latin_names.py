"""Names written in Latin script inside Japanese text: people, organisations and events.

    find_latin_names("CSIS（Jane Doe 氏）及び Orbital Safety Foundation")
    -> [LatinName(start=5, end=13, cls="Person"), LatinName(start=19, end=44, cls="Organization")]

A statistical Japanese NER model tags English title words (Security, Program, webinar) as
people; these rules decide by a name's shape and head word instead. Decisions:

* Organisations: capitalised words (with lower-case of/and/for/the ..., acronyms, &) ending in a
  head word (Foundation, Agency, Corp., ...), or a leading head with of/for/on and the rest
  (University of Tokyo). A head followed by another capitalised word is a modifier, not the end
  (Project Implementation Plan, Force Structure), unless a person's name starts there. A person's
  name that opens the run is split off (Jane Doe Orbital Safety Foundation) when the rest still
  names something.
* Events: a title around an event word (Webinar, Conference, ...), with a leading ordinal or
  year, acronyms in brackets inside, a colon subtitle and title-case small words, up to a
  bracket that opens a date or place, or the end of the Latin run. Lower-case words of a
  sentence-case subtitle count only when the title ends at such a date bracket.
* Persons: a given name from data and one or two family names (initials, particles, Jr./III);
  FAMILY Given (WANG Li Ming) standing alone, with romanised syllables only; any capitalised
  words after a title (Dr.) or before 氏. A name may wrap over one line break when the line ends
  in a given name only or the next starts with a suffix, as table cells do; the span then
  includes the break.
* Organisations and events win over persons; among themselves longer, then earlier wins.
* PDF text wraps names. An organisation may wrap once, unless the line before holds a head word
  of its own (University of Tokyo / Orbital Safety Foundation are two); an event title only
  after a small word (Optical and / Space ...) or when a date bracket ends it on the next line.
  A word hyphenated over a line break (Founda-/tion) stops a name.

Reads NFKC-normalised text, but takes full-width brackets too. Work is linear in the text: every
extension is bounded (MAX_NAME_TOKENS, MAX_TITLE_TOKENS).
"""
from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import NamedTuple

from .data_files import read_data
from .overlaps import non_overlapping

_DATA = read_data("latin_names.json", notes=True)


def _items(key: str):
    return _DATA[key]["items"]


ORG_HEADS: dict[str, str] = _items("org_heads")
LEADING_HEADS: dict[str, str] = _items("leading_heads")
PHRASE_CLASSES: dict[str, str] = dict(sorted(_items("phrase_classes").items(),
                                             key=lambda kv: -len(kv[0])))
EVENT_WORDS: dict[str, str] = _items("event_words")
DUAL_HEADS = frozenset(_items("dual_heads"))
GIVEN_NAMES = frozenset(_items("given_names"))
SUFFIXES = frozenset(_items("suffixes"))
TITLES = frozenset(_items("titles"))
HONORIFICS: tuple[str, ...] = tuple(_items("honorifics_after"))
_TAIL_CONNECTORS = frozenset(_items("tail_connectors"))
_CONNECTORS = frozenset(_items("connectors"))
_SMALL_WORDS = frozenset(_items("title_small_words"))
_STARTERS = frozenset(_items("sentence_starters"))
_PARTICLES = frozenset(_items("name_particles"))
_ABBREVIATIONS = frozenset(_items("abbreviations"))
_COMMA_SUFFIXES = frozenset(_items("comma_suffixes"))
_BRACKET_WORDS: tuple[str, ...] = tuple(_items("event_bracket_words"))
_NOT_FAMILY = frozenset(_items("not_family_acronyms"))
_POSITIONS = frozenset(_items("positions"))
# Lower case: a person's name never holds a head, event, title or starter word either.
_PERSON_STOP = frozenset(w.lower().rstrip(".") for w in (
    *_items("person_stop_words"), *_POSITIONS, *ORG_HEADS, *LEADING_HEADS, *EVENT_WORDS, *TITLES,
    *_STARTERS, *_CONNECTORS, *SUFFIXES))

# Longest organisation name taken, in words (Consortium for the Execution of Rendezvous and
# Servicing Operations is 9); also bounds the work per head word.
MAX_NAME_TOKENS = 14
# Longest reach on either side of an event word (a title with a subtitle runs to ~13).
MAX_TITLE_TOKENS = 20

_LETTER = "0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
# Words join letters with ' ’ - . only between letters, so each word splits one way (linear).
_TOKEN = re.compile(
    rf"(?P<url>(?:https?://|www\.)[!-~]+)"
    rf"|(?P<word>(?:[A-Z]\.){{2,}}(?:-[{_LETTER}]+)*"  # U.S., U.S.-Japan
    rf"|[{_LETTER}](?:[{_LETTER}]|['’.\-](?=[{_LETTER}]))*)"
    rf"|(?P<other>\S)")
_ACRONYM = re.compile(r"(?:[A-Z]\.){2,}|[A-Z0-9&\-]*[A-Z][A-Z0-9&\-]*")
_INITIAL = re.compile(r"[A-Z]\.")
_ORDINAL_OR_YEAR = re.compile(r"\d+(?:st|nd|rd|th)|(?:19|20)\d\d")
# One syllable of a romanised Chinese, Korean, Vietnamese or Japanese name (heng, kuang, shi,
# nguyen, park, huynh); English words rarely split into these (space, program, implementation
# do not).
_SYLLABLE = (r"(?:ch|sh|zh|ts|th|ph|kh|tr|hs|ng|[bcdfghjklmnpqrstwxz])?[wy]?[aeiouy]{1,3}"
             r"(?:ng|nh|ch|rk|n|m|h|k|p|t|l)?")
_ROMANISED = re.compile(rf"(?:{_SYLLABLE}){{1,4}}")
_OPEN, _CLOSE = "(（[［", ")）]］"


class LatinName(NamedTuple):
    """A name found in a text: where it is and what class it is."""

    start: int
    end: int
    cls: str


class _Tok(NamedTuple):
    start: int
    end: int
    text: str
    kind: str  # "word"; "acro", a bracketed acronym like (AMOS); "url"; "other", one character


@dataclass(frozen=True)
class _Doc:
    text: str
    toks: list[_Tok]
    gaps: list[str]  # before toks[i]: "same" (spaces or nothing), "line" (one line break), "far"
    broken: frozenset[int]  # pieces of a word hyphenated over a line break (Founda-/tion)

    def word(self, i: int) -> str | None:
        """The word at i, if there is a whole one."""
        if 0 <= i < len(self.toks) and self.toks[i].kind == "word" and i not in self.broken:
            return self.toks[i].text
        return None

    def joined(self, i: int) -> bool:
        """toks[i] stands on the same line as toks[i - 1]."""
        return 0 < i < len(self.toks) and self.gaps[i] == "same"

    def wraps(self, i: int) -> bool:
        """toks[i] starts the line after toks[i - 1]'s."""
        return 0 < i < len(self.toks) and self.gaps[i] == "line"


# --- tokens -------------------------------------------------------------------------------------

def _tokens(text: str) -> list[_Tok]:
    toks, pos = [], 0
    while (m := _TOKEN.search(text, pos)) is not None:
        end = m.end()
        if m.lastgroup == "word" and text.startswith(".", end) and (
                m.group() + "." in _ABBREVIATIONS or _INITIAL.fullmatch(m.group() + ".")):
            end += 1  # Corp., Jr., J.: the full stop is part of the word
        toks.append(_Tok(m.start(), end, text[m.start():end], m.lastgroup))
        pos = end
    return _bracket_acronyms(toks)


def _bracket_acronyms(toks: list[_Tok]) -> list[_Tok]:
    """(AMOS) as one token: a title keeps it inside, a name does not end in it."""
    out, i = [], 0
    while i < len(toks):
        a = toks[i]
        if (a.text in _OPEN and i + 2 < len(toks) and toks[i + 1].kind == "word"
                and _is_acronym(toks[i + 1].text) and toks[i + 2].text in _CLOSE):
            text = a.text + toks[i + 1].text + toks[i + 2].text
            out.append(_Tok(a.start, toks[i + 2].end, text, "acro"))
            i += 3
        else:
            out.append(a)
            i += 1
    return out


def _document(text: str) -> _Doc:
    toks = _tokens(text)
    gaps = ["far"] + [_gap(text[a.end:b.start]) for a, b in itertools.pairwise(toks)]
    broken = set()
    for i in range(len(toks) - 2):
        if (toks[i].kind == "word" and toks[i + 1].text == "-" and toks[i + 1].start == toks[i].end
                and gaps[i + 2] == "line"):
            broken.update((i, i + 1, i + 2))
    return _Doc(text, toks, gaps, frozenset(broken))


def _gap(space: str) -> str:
    breaks = space.count("\n")
    if breaks == 0 and "\f" not in space and "\r" not in space:
        return "same"
    if breaks == 1 and "\f" not in space:
        return "line"
    return "far"


# --- word shapes --------------------------------------------------------------------------------

def _is_acronym(w: str) -> bool:
    return sum(c.isupper() for c in w) >= 2 and _ACRONYM.fullmatch(w) is not None


def _lookup(table: dict[str, str], w: str | None) -> str | None:
    """The entry for w, also for an all-capitals heading (SPACE SYMPOSIUM)."""
    if w is None:
        return None
    if w in table:
        return table[w]
    return table.get(w.capitalize()) if w.isupper() and len(w) > 3 else None


def _is_head(w: str | None) -> bool:
    return any(_lookup(t, w) for t in (ORG_HEADS, LEADING_HEADS, EVENT_WORDS))


def _canonical(table: dict[str, str], w: str) -> str:
    return w if w in table else w.capitalize()


def _is_name_word(w: str | None) -> bool:
    """Smith, McDonald, O'Brien, Smith-Jones; not a stop word."""
    return (w is not None and w[0].isupper() and any(c.islower() for c in w)
            and all(c.isalpha() or c in "'’-" for c in w) and w.lower() not in _PERSON_STOP)


def _is_caps_family(w: str | None, min_len: int = 2, romanised: bool = True) -> bool:
    """WANG, SUZUKI (SMITH when not romanised): a family name in capitals, not an acronym (NASA,
    LTS). Romanised names only, unless a given name from the list stands before it."""
    if not (w is not None and min_len <= len(w) <= 14 and w.isalpha() and w.isupper()
            and w not in _NOT_FAMILY and w not in SUFFIXES and w.lower() not in _PERSON_STOP):
        return False
    if romanised:
        return _ROMANISED.fullmatch(w.lower()) is not None
    return any(c in "AEIOUY" for c in w)


def _is_romanised_given(w: str | None) -> bool:
    """Li, Ming, Yee, Kuang: a given name after a family name in capitals."""
    if w is None or not (w[0].isupper() and w[1:].replace("-", "").islower()):
        return False
    if w in GIVEN_NAMES:
        return True
    return (w.lower() not in _PERSON_STOP and len(w) <= 14
            and all(_ROMANISED.fullmatch(p) for p in w.lower().split("-")))


def _person_head(doc: _Doc, i: int) -> int | None:
    """Index of the family name when a person's name starts at i (Jane Doe, Jane Q. Doe)."""
    if doc.word(i) not in GIVEN_NAMES:
        return None
    k = i + 1
    if doc.joined(k) and doc.toks[k].kind == "word" and _INITIAL.fullmatch(doc.toks[k].text):
        k += 1
    w = doc.word(k)
    if doc.joined(k) and (_is_name_word(w) or _is_caps_family(w, romanised=False)):
        return k
    return None


def _strip_leading(doc: _Doc, j: int, stop: int) -> int:
    """Skip connectors, sentence starters and bracketed acronyms a name cannot open with."""
    while j < stop:
        tok = doc.toks[j]
        if not (tok.kind == "acro" or tok.text == "&" or tok.text.lower() in _CONNECTORS
                or tok.text in _STARTERS):
            break
        j += 1
    return j


# --- organisations ------------------------------------------------------------------------------

def _ends_name(doc: _Doc, h: int) -> bool:
    """A head at h ends its name unless a capitalised word goes on (Project Implementation)."""
    k = h + 1
    if k >= len(doc.toks) or not doc.joined(k) or doc.toks[k].kind != "word" or k in doc.broken:
        return True
    w = doc.toks[k].text
    if not w[0].isupper() or _is_acronym(w):
        return True  # a sentence or a list goes on (and, said), or an acronym follows
    return _person_head(doc, k) is not None  # a table row: Orbital Safety Foundation Jane Doe


def _org_inner(doc: _Doc, i: int) -> bool:
    """toks[i] may stand inside an organisation's name, before its head."""
    if doc.toks[i].text == "&":
        return True
    w = doc.word(i)
    if w is None or not (w[0].isupper() or w in _CONNECTORS) or w in _POSITIONS:
        return False  # Director of the Lunar Policy Center: the name starts after the position
    return not (_lookup(ORG_HEADS, w) and _ends_name(doc, i))  # that head ends another name


def _org_start(doc: _Doc, h: int) -> int:
    j = h
    if (doc.word(h) in _COMMA_SUFFIXES and doc.joined(h) and doc.joined(h - 1)
            and doc.toks[h - 1].text == ","):
        j = h - 1  # Acme Space, Inc.
    limit, wrap = max(0, h - MAX_NAME_TOKENS), None
    while j - 1 >= limit and _org_inner(doc, j - 1):
        if not doc.joined(j):
            if wrap is not None or not doc.wraps(j):
                break
            wrap = j  # PDF text wraps long names (Japanese Lunar / Society) once
        j -= 1
    first = j - 1 if doc.joined(j) else j  # with the word that stopped the run on that line
    if wrap is not None and any(_is_head(doc.word(i)) for i in range(first, wrap)):
        j = wrap  # the line before names something of its own (University of Tokyo)
    j = _strip_leading(doc, j, h)
    family = _person_head(doc, j)
    if family is not None and family + 1 < h and doc.word(family + 1) not in _CONNECTORS:
        return family + 1  # Jane Doe Orbital Safety Foundation: the person is not the name
    return j


def _tail_end(doc: _Doc, h: int) -> int:
    """End (exclusive) of 'of Tokyo' after a leading head at h; h + 1 when there is none."""
    k = h + 1
    if not (doc.joined(k) and doc.word(k) in _TAIL_CONNECTORS):
        return h + 1
    k += 1
    while doc.joined(k) and doc.word(k) in ("the", "a", "an"):
        k += 1
    end, limit = h + 1, min(len(doc.toks), h + MAX_NAME_TOKENS)
    before_wrap = before_comma = None
    and_after_comma = False
    while k < limit and (doc.joined(k) or (doc.wraps(k) and before_wrap is None)):
        if doc.wraps(k):
            before_wrap = end
        if k in doc.broken:
            return h + 1  # Center for Strategic and In-/ternational: its end is not on this line
        w, text = doc.word(k), doc.toks[k].text
        if w is not None and w[0].isupper():
            if w in TITLES or _person_head(doc, k) is not None:
                break
            if before_wrap is not None and _lookup(ORG_HEADS, w) and _ends_name(doc, k):
                return before_wrap  # the next line names another body
            end = k + 1
        elif text == "," and _capital_follows(doc, k + 1):
            before_comma = end if before_comma is None else before_comma
            and_after_comma = False
        elif text == "&" or w in _CONNECTORS:
            and_after_comma = and_after_comma or text in ("&", "and")
        else:
            break
        k += 1
    # Ministry of Education, Culture, Sports, Science and Technology lists its parts with an
    # 'and' at the end; Ministry of Defense, Government of Japan is two names.
    return before_comma if before_comma is not None and not and_after_comma else end


def _org_class(name: str, head: str, led: bool) -> str:
    for phrase, cls in PHRASE_CLASSES.items():
        if phrase in name:
            return cls
    if led and head in LEADING_HEADS:
        return LEADING_HEADS[head]
    return ORG_HEADS[head]


def _organisations(doc: _Doc, event_heads: set[int]) -> list[LatinName]:
    found = []
    for h in range(len(doc.toks)):
        w = doc.word(h)
        trailing, leading = _lookup(ORG_HEADS, w), _lookup(LEADING_HEADS, w)
        if (trailing is None and leading is None) or h in event_heads:
            continue
        tail = _tail_end(doc, h) if leading else h + 1
        if tail == h + 1 and (trailing is None or not _ends_name(doc, h)):
            continue
        start = _org_start(doc, h)
        if start == h and tail == h + 1:
            continue  # a head alone names nothing
        begin, end = doc.toks[start].start, doc.toks[tail - 1].end
        head = _canonical(LEADING_HEADS if tail > h + 1 else ORG_HEADS, w)
        found.append(LatinName(begin, end, _org_class(doc.text[begin:end], head, tail > h + 1)))
    return found


# --- events -------------------------------------------------------------------------------------

def _title_left_ok(doc: _Doc, i: int) -> bool:
    tok = doc.toks[i]
    if tok.kind == "acro" or tok.text == "&":
        return True
    w = doc.word(i)
    return w is not None and (w[0].isupper() or w in _CONNECTORS
                              or _ORDINAL_OR_YEAR.fullmatch(w) is not None)


def _title_start(doc: _Doc, e: int) -> int:
    j, limit, wrapped = e, max(0, e - MAX_TITLE_TOKENS), False
    while j - 1 >= limit and _title_left_ok(doc, j - 1):
        if not doc.joined(j):
            # A title wraps after a small word (Optical and / Space ...); after a capitalised
            # word the line before is as often another entry of a list.
            if wrapped or not doc.wraps(j) or doc.toks[j - 1].text not in _CONNECTORS | {"&"}:
                break
            wrapped = True
        j -= 1
    return _strip_leading(doc, j, e)


def _opens_date_or_place(doc: _Doc, k: int) -> bool:
    """toks[k] is a bracket that gives a date or place: (2020 年 5 月 27 日、オンライン開催)."""
    if k >= len(doc.toks) or doc.gaps[k] != "same" or doc.toks[k].text not in _OPEN:
        return False
    content = re.split(r"[)）\]］]", doc.text[doc.toks[k].end:doc.toks[k].end + 60], maxsplit=1)[0]
    return (any(c.isdigit() for c in content) or any(w in content for w in _BRACKET_WORDS)
            or re.match(r"\s*(?:[ァ-ヶー]{2,}|[A-Z][a-z])", content) is not None)


def _title_run(doc: _Doc, e: int, wrap: bool) -> int:
    """End (exclusive) of the tokens a title after e may hold, over one line break if wrap."""
    k, limit, wrapped = e + 1, min(len(doc.toks), e + 1 + MAX_TITLE_TOKENS), False
    while (k < limit and k not in doc.broken
           and (doc.toks[k].kind in ("word", "acro") or doc.toks[k].text in "&:-–—")):
        if not doc.joined(k):
            if not (wrap and doc.wraps(k)) or wrapped:
                break
            wrapped = True
        k += 1
    return k


def _title_end(doc: _Doc, e: int) -> tuple[int, bool]:
    """(end of the title after an event word at e, exclusive; whether a date bracket ends it)."""
    # A title may wrap onto the next line only when a date bracket then ends it: otherwise the
    # next line may be the next entry of a list.
    k = _title_run(doc, e, wrap=True)
    if not _opens_date_or_place(doc, k):
        k = _title_run(doc, e, wrap=False)
    dated = _opens_date_or_place(doc, k)
    end, subtitle = e + 1, False
    for i in range(e + 1, k):
        tok = doc.toks[i]
        if not dated and _person_head(doc, i) is not None:
            return end, False  # a table row goes on with a person: Lunar Webinar Jane Doe 氏
        if tok.text == ":":
            subtitle = True
        elif tok.kind == "word" and (tok.text[0].isupper() or tok.text[0].isdigit()):
            end = i + 1
        elif tok.kind == "word" and tok.text not in _SMALL_WORDS:
            if not (dated and subtitle):
                return end, False  # a sentence goes on: the title ended before it
            end = i + 1
    return end, dated


def _events(doc: _Doc) -> tuple[list[LatinName], set[int]]:
    """Event titles, and the indices of dual words (Forum) read as events."""
    found, heads = [], set()
    # Later event words first: on equal spans the last one is the title's head.
    for e in reversed(range(len(doc.toks))):
        w = doc.word(e)
        cls = _lookup(EVENT_WORDS, w)
        if cls is None:
            continue
        start = _title_start(doc, e)
        end, dated = _title_end(doc, e)
        if start == e and end == e + 1:
            continue
        if _canonical(EVENT_WORDS, w) in DUAL_HEADS and not (
                dated or _ORDINAL_OR_YEAR.fullmatch(doc.toks[start].text)):
            continue
        heads.add(e)
        found.append(LatinName(doc.toks[start].start, doc.toks[end - 1].end, cls))
    return found, heads


# --- persons ------------------------------------------------------------------------------------

def _free(doc: _Doc, k: int, taken: set[int], line_ok: bool = False) -> bool:
    """toks[k] may continue a name: not taken, and on the same line (or the next, if line_ok)."""
    return (0 < k < len(doc.toks) and k not in taken and k not in doc.broken
            and (doc.gaps[k] == "same" or (line_ok and doc.gaps[k] == "line")))


def _with_suffix(doc: _Doc, last: int, taken: set[int], line_used: bool) -> int:
    """Index of the name's last token, after Jr., III or ', Jr.' if one follows."""
    k = last + 1
    if _free(doc, k, taken) and doc.toks[k].text == "," and doc.word(k + 1) in SUFFIXES \
            and _free(doc, k + 1, taken):
        return k + 1
    if doc.word(k) in SUFFIXES and _free(doc, k, taken, line_ok=not line_used):
        return k
    return last


def _given_first(doc: _Doc, i: int, taken: set[int]) -> tuple[int, int] | None:
    """Jane Doe, Jane Q. Doe, Ursula von der Leyen, Maria Garcia Lopez, Jane\\nDoe."""
    if doc.word(i) not in GIVEN_NAMES:
        return None
    k = i + 1
    if _free(doc, k, taken) and _INITIAL.fullmatch(doc.word(k) or ""):
        k += 1
    while _free(doc, k, taken) and doc.word(k) in _PARTICLES:
        k += 1
    # A line that ends in the given name alone may wrap (a table cell); a full name may not.
    if not _free(doc, k, taken, line_ok=k == i + 1):
        return None
    if not (_is_name_word(doc.word(k)) or _is_caps_family(doc.word(k), romanised=False)):
        return None
    line_used, last = doc.gaps[k] == "line", k
    nxt = doc.word(k + 1)
    if _free(doc, k + 1, taken) and _is_name_word(nxt) and nxt not in GIVEN_NAMES \
            and not _capital_follows(doc, k + 2):
        last = k + 1  # a second family name, when the capitalised words end with it
    return i, _with_suffix(doc, last, taken, line_used)


def _capital_follows(doc: _Doc, k: int) -> bool:
    w = doc.word(k)
    return doc.joined(k) and w is not None and w[0].isupper()


def _titled(doc: _Doc, i: int, taken: set[int]) -> tuple[int, int] | None:
    """Dr. Jane Doe, Prof. Smith: up to three capitalised words after a title."""
    if doc.toks[i].text not in TITLES:
        return None
    k, last = i + 1, None
    while k <= i + 4 and _free(doc, k, taken):
        w = doc.word(k)
        if _is_name_word(w) or _is_caps_family(w):
            last = k
        elif not (w is not None and _INITIAL.fullmatch(w)):
            break
        k += 1
    return None if last is None else (i + 1, _with_suffix(doc, last, taken, False))


def _family_first(doc: _Doc, i: int, taken: set[int]) -> tuple[int, int] | None:
    """WANG Li Ming standing alone, as a name column writes it (not inside an English phrase)."""
    if not _is_caps_family(doc.word(i), min_len=3):
        return None
    if doc.joined(i) and doc.toks[i - 1].kind == "word":
        return None
    last, k = None, i + 1
    while k <= i + 2 and _free(doc, k, taken) and _is_romanised_given(doc.word(k)):
        last, k = k, k + 1
    if last is None or (doc.joined(k) and doc.toks[k].kind == "word"):
        return None
    return i, last


def _before_honorific(doc: _Doc, k: int, taken: set[int]) -> tuple[int, int] | None:
    """Jane Doe 氏: two to four capitalised words right before a Japanese honorific."""
    if doc.toks[k].kind != "other" or not doc.text.startswith(HONORIFICS, doc.toks[k].start):
        return None
    if k == 0 or doc.gaps[k] == "far":
        return None
    j, names, line_used = k - 1, 0, False
    while j >= 0 and k - j <= 5 and j not in taken and j not in doc.broken:
        if j < k - 1 and doc.gaps[j + 1] != "same":
            if doc.gaps[j + 1] != "line" or line_used:
                break
            line_used = True  # one wrapped table cell
        w = doc.word(j)
        if _is_name_word(w) or _is_caps_family(w):
            names += 1
        elif not (w is not None and (w in SUFFIXES or _INITIAL.fullmatch(w))):
            break
        j -= 1
    first = j + 1
    while first < k and doc.word(first) in SUFFIXES:
        first += 1
    return (first, k - 1) if names >= 2 and first < k else None


def _persons(doc: _Doc, taken: set[int]) -> list[LatinName]:
    found = []
    for i in range(len(doc.toks)):
        if i in taken:
            continue
        for rule in (_given_first, _titled, _family_first, _before_honorific):
            if (span := rule(doc, i, taken)) is not None:
                found.append(LatinName(doc.toks[span[0]].start, doc.toks[span[1]].end, "Person"))
    return non_overlapping(found, lambda n: (n.start, n.end))


def _covered(doc: _Doc, names: list[LatinName]) -> set[int]:
    """Indices of the tokens inside any of the names."""
    starts = [t.start for t in doc.toks]
    taken: set[int] = set()
    for name in names:
        i = bisect_left(starts, name.start)
        while i < len(doc.toks) and doc.toks[i].end <= name.end:
            taken.add(i)
            i += 1
    return taken


def find_latin_names(text: str) -> list[LatinName]:
    """Names written in Latin script, classed by their shape and head word; sorted,
    non-overlapping."""
    doc = _document(text)
    events, event_heads = _events(doc)
    bodies = non_overlapping(events + _organisations(doc, event_heads), lambda n: (n.start, n.end))
    people = _persons(doc, _covered(doc, bodies))
    return sorted(bodies + people)
