"""The words and two-word phrases a room used most, with Norwegian stop words left out and the
forms of one word counted together (Snowball's Norwegian stemmer: "løsning", "løsningen" and
"løsninger" are one word). Each entry counts a term once, however often it repeats it."""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import snowballstemmer

from core.settings import DATA_DIR

STOPWORDS_FILE = DATA_DIR / "stopwords-nb.txt"
MIN_WORD_CHARS = 3
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True)
class Term:
    text: str  # the form used most often, as people wrote it (lower case)
    count: int  # in how many entries it occurs
    entry_ids: tuple[int, ...]


@functools.cache
def stopwords() -> frozenset[str]:
    with open(STOPWORDS_FILE, encoding="utf-8") as handle:
        return frozenset(
            line.strip().lower() for line in handle if line.strip() and not line.startswith("#")
        )


@functools.cache
def _stemmer():
    return snowballstemmer.stemmer("norwegian")


def words(text: str) -> list[str]:
    """The meaningful words of a text, lower case, in order.

    >>> words("Mangel på <b>kompetanse</b> og tid – 2 år!")
    ['mangel', 'kompetanse', 'tid']
    """
    stop = stopwords()
    return [
        word
        for word in (match.group(0).lower() for match in _WORD.finditer(text))
        if len(word) >= MIN_WORD_CHARS and word not in stop
    ]


def frequent_terms(entries: list[tuple[int, str]], top: int | None = 15) -> list[Term]:
    """The `top` terms (words, and two-word phrases that occur in at least two entries) by the
    number of entries they occur in; ties by alphabet.

    >>> [(t.text, t.count) for t in frequent_terms([
    ...     (1, "Gamle fagsystemer"), (2, "Fagsystemet er gammelt"), (3, "gamle fagsystemer")])]
    [('fagsystemer', 3), ('gamle fagsystemer', 2), ('gamle', 2), ('gammelt', 1)]
    """
    stem = _stemmer().stemWord
    entry_ids: dict[str, set[int]] = defaultdict(set)
    forms: dict[str, Counter] = defaultdict(Counter)
    for entry_id, text in entries:
        tokens = words(text)
        stems = [stem(token) for token in tokens]
        for token, key in zip(tokens, stems, strict=True):
            entry_ids[key].add(entry_id)
            forms[key][token] += 1
        for index in range(len(tokens) - 1):
            key = f"{stems[index]} {stems[index + 1]}"
            entry_ids[key].add(entry_id)
            forms[key][f"{tokens[index]} {tokens[index + 1]}"] += 1
    terms = [
        Term(forms[key].most_common(1)[0][0], len(ids), tuple(sorted(ids)))
        for key, ids in entry_ids.items()
        if " " not in key or len(ids) >= 2
    ]
    terms.sort(key=lambda term: (-term.count, " " not in term.text, term.text))
    return terms if top is None else terms[:top]
