"""Text as recognition reads it: normalised quotes, tokens, sentences and line styles.

Every function keeps offsets: the normalised text has the input's length, character for
character.

Examples
--------
>>> normalise("St Stephen’s Entrance")
"St Stephen's Entrance"
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from itertools import chain
from operator import itemgetter

__all__ = [
    "Joined",
    "Keys",
    "Token",
    "Tokens",
    "front_matter",
    "headline",
    "TOKEN",
    "NEWLINE",
    "is_sentence_initial",
    "line_initial",
    "line_style",
    "words_style",
    "normalise",
    "printable",
    "sentences",
]

# One-for-one replacements, so offsets into the normalised text are offsets into the input.
_NORMALISE = str.maketrans(
    {"’": "'", "‘": "'", "\u00a0": " ", "‐": "-", "‑": "-", "“": '"', "”": '"', "\u2009": " "}
)
NEWLINE = re.compile("\n")
# A word may hold combining accents ("Orle\u0301ans", decomposed) and invisible joiners or
# soft hyphens ("Man\u200bchester"): name keys fold both away, offsets stay the input's.
_INSIDE = "\u0300-\u036f\u200b-\u200d\u2060\u00ad"
# Possessive: a token of a million letters keeps no backtracking state (125 bytes each).
TOKEN = re.compile(rf"[^\W_](?:[\w{_INSIDE}]|['.](?=[^\W_]))*+", re.UNICODE)
_JOIN = re.compile(r"(?:\.? |-)")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])|\n\s*")


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """``text`` safe to print on one terminal line: control characters escaped.

    A file name with a newline cannot forge a second ``error:`` line, nor an escape code
    from an article or a geocoder recolour the terminal.

    >>> printable("a\\nerror: forged\\x1b[31m.txt")
    'a\\\\x0aerror: forged\\\\x1b[31m.txt'
    """
    return _CONTROL.sub(_escape, text)


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}"


def normalise(text: str) -> str:
    """Fold typographic quotes and spaces one-for-one, keeping every offset.

    >>> normalise("St Stephen’s Entrance")
    "St Stephen's Entrance"
    """
    return text.translate(_NORMALISE)


def sentences(text: str) -> list[tuple[int, int]]:
    """Split text into sentence spans (start, end), headlines and captions included.

    A full stop after an abbreviation or an initial ends no sentence, nor does a line
    break inside a paragraph of hard-wrapped text.

    >>> t = "Troops at Parliament. Police said so.\\nA caption"
    >>> [t[a:b] for a, b in sentences(t)]
    ['Troops at Parliament.', 'Police said so.', 'A caption']
    >>> t = "Shots on Dec. 4 at St. Paul's, said Franklin D. Roosevelt at 9 p.m. Sunday. Then calm."
    >>> [t[a:b] for a, b in sentences(t)]
    ["Shots on Dec. 4 at St. Paul's, said Franklin D. Roosevelt at 9 p.m. Sunday.", 'Then calm.']
    """
    wrapped = len(_WRAPPED.findall(text)) >= 2
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        if _continues(text, m, wrapped):
            continue
        if m.start() > pos and text[pos : m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text.rstrip())))
    return out


# Words a full stop follows without ending a sentence: titles, months, "St.", US states
# (not those that are words too: "Miss.", "Ill.", "Mass.").
_ABBREVIATION_WORDS = (
    "mr mrs ms dr st mt ft gen lt col sgt capt cpl gov sen rep rev prof jr sr vs jan "
    "feb mar apr jun jul aug sep sept oct nov dec ave blvd corp inc ltd ala ariz "
    "calif colo conn fla ga kan ky md mich minn mo mont neb nev okla ore tenn tex va "
    "vt wis wyo"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())
_WORD_BEFORE = re.compile(r"(?:^|[^\w.])([A-Za-z]+)\.$")
# A line that runs on into a lower-case line: the text is hard-wrapped.
_WRAPPED = re.compile(r"[a-z,;]\n[ \t]*[a-z]")


def _continues(text: str, m: re.Match[str], wrapped: bool) -> bool:
    """Whether the sentence goes on past this would-be end."""
    if text[m.start()] == "\n":
        gap = m.group()
        return wrapped and gap.count("\n") == 1 and text[m.start() - 1 : m.start()] in _RUN_ON
    if _CLOCK.search(text, max(0, m.start() - 5), m.start()) and _DAY_AFTER.match(text, m.end()):
        return True  # "around 9 p.m. Sunday"
    word = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())
    if word is None:
        return False
    w = word.group(1)
    return w.lower() in _ABBREVIATIONS or (len(w) == 1 and w.isupper())


_RUN_ON = frozenset("abcdefghijklmnopqrstuvwxyz,;-")
_CLOCK = re.compile(r"\b[ap]\.m\.$")
_DAY_AFTER = re.compile(
    r"(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
)


def line_style(line: str) -> str:
    """'caps', 'title' or 'prose', so headlines and shouted lines are read as such.

    >>> line_style("ATTACK IN PARIS LEAVES MANY DEAD"), line_style("Police at the scene")
    ('caps', 'prose')
    """
    return words_style(TOKEN.findall(line))


def words_style(words: list[str]) -> str:
    """:func:`line_style` of a line's tokens, when the caller has them already."""
    letters = [w for w in words if w[0].isalpha()]
    long = [w for w in letters if len(w) > 3]
    # Counted by map, not a generator: a paragraph is one line, read once per line named.
    if len(letters) >= 3 and sum(map(str.isupper, letters)) >= 0.8 * len(letters):
        return "caps"
    if len(long) >= 4 and sum(map(str.isupper, map(_FIRST, long))) >= 0.75 * len(long):
        return "title"
    return "prose"


_START, _SPAN = re.Match.start, re.Match.span
_FIRST = itemgetter(0)
# First letters are gathered this many tokens at a time: bounded scratch memory.
_CHUNK = 65_536


class Token:
    """One token of a :class:`Tokens`, read like a match: ``start()``, ``end()``, ``group()``."""

    __slots__ = ("_text", "_a", "_b")

    def __init__(self, text: str, a: int, b: int) -> None:
        self._text, self._a, self._b = text, a, b

    def start(self) -> int:
        return self._a

    def end(self) -> int:
        return self._b

    def group(self) -> str:
        return self._text[self._a : self._b]


class Tokens:
    """A text's tokens as two arrays of offsets: 16 bytes a token, however short they are.

    A list of match objects costs some 200 bytes a token, over a hundred times the size of
    a text of one-letter words.

    >>> t = Tokens("Rome, 2017: the Pope.")
    >>> len(t), t[1].group(), t.capitalised()
    (4, '2017', [0, 1, 3])
    """

    __slots__ = ("text", "starts", "ends")

    def __init__(self, text: str) -> None:
        self.text = text
        spans = array("q", chain.from_iterable(map(_SPAN, TOKEN.finditer(text))))
        self.starts, self.ends = spans[0::2], spans[1::2]

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i: int) -> Token:
        return Token(self.text, self.starts[i], self.ends[i])

    def words(self) -> list[str]:
        """The tokens' texts (a word of one letter costs its pointer only: Python shares it)."""
        return list(map(self.text.__getitem__, map(slice, self.starts, self.ends)))

    def capitalised(self) -> list[int]:
        """The positions of the tokens that start with a capital letter or a digit."""
        starts, text = self.starts, self.text
        firsts = "".join(
            _letters(text, starts[k : k + _CHUNK]) for k in range(0, len(starts), _CHUNK)
        )
        table = {ord(c): "1" if c.isupper() or c.isdigit() else "0" for c in set(firsts)}
        return list(map(_START, re.finditer("1", firsts.translate(table))))


def _letters(text: str, starts: array) -> str:
    if len(starts) == 1:
        return text[starts[0]]
    return "".join(itemgetter(*starts)(text))


class Keys(dict[int, str]):
    """keys[i]: the name key of token i, worked out on first use (most are never read)."""

    __slots__ = ("words", "key")

    def __init__(self, words: list[str], key: Callable[[str], str]) -> None:
        super().__init__()
        self.words, self.key = words, key

    def __len__(self) -> int:  # the tokens', not the keys' worked out so far
        return len(self.words)

    def __missing__(self, i: int) -> str:
        k = self[i] = self.key(self.words[i])
        return k


class Joined(dict[int, bool]):
    """joined[i]: token i+1 follows token i inside one name (a space or a hyphen between)."""

    __slots__ = ("norm", "starts", "ends")

    def __init__(self, norm: str, tokens: Tokens) -> None:
        super().__init__()
        self.norm, self.starts, self.ends = norm, tokens.starts, tokens.ends

    def __missing__(self, i: int) -> bool:
        starts, ends = self.starts, self.ends
        hit = 0 <= i < len(starts) - 1 and bool(_JOIN.fullmatch(self.norm, ends[i], starts[i + 1]))
        # A full stop joins only after an abbreviation ("St. Stephen's"), not a sentence.
        if hit and self.norm[ends[i]] == "." and ends[i] - starts[i] > 3:
            hit = False
        self[i] = hit
        return hit


def line_initial(norm: str, tokens: Tokens, i: int) -> bool:
    return i == 0 or "\n" in norm[tokens.ends[i - 1] : tokens.starts[i]]


def is_sentence_initial(norm: str, tokens: Tokens, i: int) -> bool:
    if i == 0:
        return True
    gap = norm[tokens.ends[i - 1] : tokens.starts[i]]
    return bool(re.search(r"[.!?:\n\"]\s*$|^\s*[\"(]", gap))


_FRONT_TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.M)


def front_matter(text: str) -> tuple[str, str]:
    """A Markdown file's front-matter block and the body after it ("" and the text if none).

    >>> front_matter("---\\ndate: 2017-05-24\\n---\\nBody")
    ('\\ndate: 2017-05-24', '\\nBody')
    """
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end > 0:
            return text[3:end], text[end + 4 :]
    return "", text


def headline(text: str) -> str | None:
    r"""The article's title: a front-matter ``title:``, a Markdown heading, or a first line
    set as a headline (title case, or a short line with no full stop before the body).

    >>> headline("Troops deployed to guard key sites\n\nThe military will guard them.")
    'Troops deployed to guard key sites'
    >>> headline('---\ntitle: "Raids in Manchester"\n---\n# Other\nText.')
    'Raids in Manchester'
    >>> headline("The military will guard key sites.\n\nMore.") is None
    True
    >>> headline("Follow Metropolitan Police\n\nScotland Yard said.") is None
    True
    """
    block, body = front_matter(text)
    m = _FRONT_TITLE.search(block)
    if m:
        return m.group(1).strip("\"'") or None
    lines = [line.strip() for line in body.split("\n", 40)[:40]]
    first = next((line for line in lines if line), "")
    if first.startswith("#"):
        return first.lstrip("#").strip() or None
    first = first.strip("*_ ")
    words = first.split()
    if not 4 <= len(words) <= 25 or first[-1] in ".:;,":
        return None
    if line_style(first) in ("title", "caps") or len(words) <= 15:
        return first
    return None
