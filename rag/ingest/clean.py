"""Clean scraped text: drop pinyin reading glosses and lost-character `?`, normalise whitespace.

Scraped Chinese pages often carry a reading after characters (`结束(shu)的(de)`, repeated as
`成(cheng)(cheng)本`, or inside real parentheses `(公有(you)云(yun))`), and a `?` where a character
could not be encoded (`在?2025?年`). A gloss is removed only when every syllable it holds is a
reading of the Han character right before it (pypinyin, heteronyms included), so genuine
parentheticals such as `(GW)`, `混元(hunyuan)` or `(e.g.)` always survive.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from rag.ingest.structure import Line, split_lines

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_HAN_RE = re.compile(f"[{HAN}]")
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_SYLLABLE = f"[a-z{_TONED}]{{1,6}}[1-5]?"
_GLOSS_RUN = re.compile(rf"(?<=[{HAN}])(?:[(（]{_SYLLABLE}[)）])+")
_ONE_GLOSS = re.compile(rf"[(（]({_SYLLABLE})[)）]")

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")

# Words that make a `?` after a Han character a real question mark.
_INTERROGATIVES = re.compile(
    r"吗|呢|么|什么|为什么|为何|怎|如何|谁|哪|多少|几(?!乎)|是否|难道|岂|何(?:时|处|以|种|在|人)|可否|能否|有没有|是不是"
)
_OPENERS = set(",，、;；:：(（[【《“‘「『")
_CLOSERS = set(")）]】》”’」』\"'")
_SENTENCE_END = re.compile(r"[。！？!?.\n]")


@dataclass
class CleanReport:
    """Counts of what the cleaner removed or changed."""

    counts: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        keys = ("glosses", "stray_question_marks", "replacement_chars", "control_chars", "zero_width_chars")
        parts = [f"{k.replace('_', ' ')}: {self.counts.get(k, 0)}" for k in keys]
        return "removed " + ", ".join(parts)


@dataclass(frozen=True)
class CleanResult:
    text: str
    lines: tuple[Line, ...]
    report: CleanReport


@lru_cache(maxsize=65536)
def readings(char: str) -> frozenset[str]:
    """Toneless pinyin readings of one Han character (ü written as v), heteronyms included."""
    from pypinyin import Style, pinyin

    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    return frozenset(r for group in found for r in group if r.isascii() and r.isalpha())


def _toneless(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable.rstrip("12345"))
    # ü decomposes to u + diaeresis: keep it as v, drop every other combining mark (tones)
    out = decomposed.replace("u\u0308", "v")
    return "".join(ch for ch in out if not unicodedata.combining(ch))


def is_reading(char: str, syllable: str) -> bool:
    """True when `syllable` (toneless, tone-marked or tone-numbered) reads the Han `char`."""
    s = _toneless(syllable.lower())
    known = readings(char)
    return s in known or s.replace("v", "u") in {r.replace("v", "u") for r in known}


def remove_glosses(text: str, counts: Counter) -> str:
    """Drop `(reading)` runs after Han characters whose syllables all read that character."""

    def fix(m: re.Match) -> str:
        char, run = m.string[m.start() - 1], m.group(0)
        cut = 0
        for g in _ONE_GLOSS.finditer(run):
            if not is_reading(char, g.group(1)):
                break  # keep this parenthetical and everything after it
            cut = g.end()
            counts["glosses"] += 1
        return run[cut:]

    return _GLOSS_RUN.sub(fix, text)


def _is_stray_question(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    if nxt in "\n" or nxt in _CLOSERS or nxt in "?!？！" or (nxt == " " and not _HAN_RE.match(prev)):
        return False  # ends a line, a quote or a Latin-script sentence: a real question mark
    if prev == "\n" or prev in _OPENERS or prev == " ":
        return True  # nothing asks a question right after a comma, an opener or a line start
    prev_han, next_han = bool(_HAN_RE.match(prev)), bool(_HAN_RE.match(nxt))
    if prev.isdigit() and next_han:
        return True  # `2025?年`
    if prev_han or prev in "”’":
        clause_start = i
        while clause_start > max(0, i - 80) and not _SENTENCE_END.match(text[clause_start - 1]):
            clause_start -= 1
        if _INTERROGATIVES.search(text, clause_start, i):
            return False  # `为什么?因为…`
        return next_han or nxt.isascii() and nxt.isalnum() or nxt == " "
    return False  # between Latin letters or digits (URLs, code): leave it alone


def remove_stray_questions(text: str, counts: Counter) -> str:
    # U+FFFD marks a lost character too; drop it first, so the `?` beside it is judged by its real
    # neighbours (`在\ufffd?2025年` -> `在2025年`, and cleaning the result again changes nothing)
    counts["replacement_chars"] += text.count("\ufffd")
    text = text.replace("\ufffd", "")
    out = []
    for i, ch in enumerate(text):
        if ch == "?" and _is_stray_question(text, i):
            counts["stray_question_marks"] += 1
            continue
        out.append(ch)
    return "".join(out)


def _noncharacter(ch: str) -> bool:
    """U+FDD0..U+FDEF and U+xFFFE/U+xFFFF. Other code points this Python's Unicode tables call
    unassigned stay: newer Unicode versions assign them (Han extensions H and I, U+31350.., U+2EBF0..)."""
    o = ord(ch)
    return 0xFDD0 <= o <= 0xFDEF or o & 0xFFFE == 0xFFFE


def normalise_whitespace(text: str, counts: Counter) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    before = len(text)
    text = text.translate(_ZERO_WIDTH)
    counts["zero_width_chars"] += before - len(text)
    kept = []
    for ch in text:
        if ch in "\n\t" or not unicodedata.category(ch).startswith("C") or ch == "\ufffd":
            kept.append(ch)
        elif unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cf") or _noncharacter(ch):
            counts["control_chars"] += 1
        else:
            kept.append(ch)
    lines = [_SPACES.sub(" ", line).strip() for line in "".join(kept).split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n")


VERSION = 2  # bump when cleaning changes what a document's text is: indexes built before are rebuilt (2: unwrapping)
WRAPPED_MIN = 40  # a line at least this long that stops mid-sentence was wrapped, not ended (headings are shorter)
# a Latin-script line that stops mid-sentence (on a letter, a digit, a comma, a semicolon or a hyphen), and a
# next line that goes on in Latin script
_WRAPPED = re.compile(r"(?<=[A-Za-z\u00c0-\u024f0-9,;\-])\n(?=[\"'(\[A-Za-z\u00c0-\u024f0-9])")


def unwrap_lines(text: str, counts: Counter) -> str:
    """Lines of Latin-script prose hard-wrapped at a fixed width (plain-text files, e-mails) joined back
    into their paragraph, so that a sentence is not cut at the end of a line: a line break becomes a space
    (offsets do not move). A short line (a heading), a line that ends a sentence, a blank line between
    paragraphs and any line with Chinese in it (such files put a paragraph on a line) stay as they are."""
    def join(m: re.Match) -> str:
        line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        if len(line) < WRAPPED_MIN or _HAN_RE.search(line):
            return "\n"
        counts["lines_unwrapped"] += 1
        return " "

    return _WRAPPED.sub(join, text)


def clean_text(raw: str) -> CleanResult:
    """Clean one document's raw text; returns the text, its lines and what was removed."""
    report = CleanReport()
    text = normalise_whitespace(raw, report.counts)
    text = remove_glosses(text, report.counts)
    text = remove_stray_questions(text, report.counts)
    text = normalise_whitespace(text, report.counts)  # removals can leave double spaces
    text = unwrap_lines(text, report.counts)
    lines = split_lines(text)
    report.counts["characters_in"] = len(raw)
    report.counts["characters_out"] = len(text)
    report.counts["headings"] = sum(1 for line in lines if line.is_heading)
    report.counts["paragraphs"] = sum(1 for line in lines if not line.is_heading)
    return CleanResult(text=text, lines=tuple(lines), report=report)


def passthrough(raw: str) -> CleanResult:
    """No cleaning beyond line endings: the ablation baseline."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    return CleanResult(text=text, lines=tuple(split_lines(text)), report=CleanReport())
