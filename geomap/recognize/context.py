"""The document a name is read in: its text, tokens, lines and sentences, built once.

Examples
--------
>>> from geomap.gazetteer.index import build_index
>>> ctx = Context.build("Rome -\\nIn Rome, the Pope spoke.", index=build_index([]))
>>> ctx.words[:3], ctx.style_at(0), ctx.sentence_of(10)
(['Rome', 'In', 'Rome'], 'prose', 1)
>>> ctx.starts_sentence(1), ctx.starts_sentence(2)  # after a dateline's line break only
(True, False)
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from geomap.gazetteer.index import Index, name_key
from geomap.recognize.cues import Cues, load_rules
from geomap.text import NEWLINE, Joined, Keys, Tokens, normalise, sentences, words_style

__all__ = ["Context"]

# Punctuation that ends a sentence, or opens a quote or an aside, before a token.
_START = re.Match.start
_SENTENCE_GAP = re.compile(r"[.!?:\n\"]\s*$|^\s*[\"(]")


@dataclass(frozen=True)
class Context:
    """One document as the recogniser reads it; built once by :meth:`build`."""

    text: str
    norm: str
    tokens: Tokens
    words: list[str]
    keys: Keys
    joined: Joined
    index: Index
    cues: Cues
    newlines: array[int]
    sent_starts: list[int]
    # Line styles are read lazily: most lines hold no name.
    _styles: dict[int, str] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def build(
        cls,
        text: str,
        *,
        index: Index,
        cues: Cues | None = None,
        norm: str | None = None,
        sent: list[tuple[int, int]] | None = None,
    ) -> Context:
        """Tokenise ``text`` once; ``norm`` and ``sent`` may be passed when known."""
        norm = normalise(text) if norm is None else norm
        tokens = Tokens(norm)
        words = tokens.words()
        sent = sentences(norm) if sent is None else sent
        return cls(
            text=text,
            norm=norm,
            tokens=tokens,
            words=words,
            keys=Keys(words, name_key),
            joined=Joined(norm, tokens),
            index=index,
            cues=cues or load_rules(),
            newlines=array("q", map(_START, NEWLINE.finditer(norm))),
            sent_starts=[a for a, _ in sent],
        )

    @cached_property
    def capitalised(self) -> list[int]:
        """The tokens that start with a capital letter or a digit: the only ones a name
        starts with, read by the scan and by the rules that look over the document."""
        return self.tokens.capitalised()

    def gap(self, i: int) -> str:
        """The characters between token ``i - 1`` and token ``i``."""
        return self.norm[self.tokens.ends[i - 1] : self.tokens.starts[i]]

    def style_at(self, pos: int) -> str:
        """The style of the line holding ``pos``: prose, title or caps."""
        n = bisect_right(self.newlines, pos)
        style = self._styles.get(n)
        if style is None:
            start = self.newlines[n - 1] + 1 if n else 0
            end = self.newlines[n] if n < len(self.newlines) else len(self.norm)
            # A token never holds a line break: the line's tokens are the document's.
            starts = self.tokens.starts
            a, b = bisect_left(starts, start), bisect_left(starts, end)
            style = self._styles[n] = words_style(self.words[a:b])
        return style

    def sentence_of(self, pos: int) -> int:
        """The number of the sentence holding ``pos``."""
        # The last sentence starting at or before ``pos``; the first for a ``pos`` before it.
        return max(bisect_right(self.sent_starts, pos) - 1, 0)

    def starts_sentence(self, i: int) -> bool:
        """Whether token ``i`` begins a sentence, a quote or a line."""
        if i == 0:
            return True
        gap = self.gap(i)
        return bool(_SENTENCE_GAP.search(gap)) or "\n" in gap
