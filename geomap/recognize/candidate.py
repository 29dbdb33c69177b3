"""What a recognition rule reads (a :class:`Candidate`) and what it answers (a :class:`Verdict`).

A rule is a function ``(Context, Candidate) -> Verdict | None``; ``None`` is no opinion.

Examples
--------
>>> DROP.action, Verdict("relabel", use="organisation").use
('drop', 'organisation')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from geomap.gazetteer.world import Record
from geomap.recognize.context import Context
from geomap.recognize.span import Span, Use

__all__ = ["DROP", "Candidate", "Rule", "Verdict", "candidate", "changed", "memo"]


@dataclass(frozen=True)
class Candidate:
    """One match of the index and the words that stand around it."""

    span: Span
    i: int  # the match's first token
    length: int  # its number of tokens
    style: str  # of its line: prose, title or caps
    sentence_start: bool
    prev: str  # the word before ("" at the start)
    prev_key: str
    prev2_key: str
    nxt: str  # the word after ("" at the end)
    nxt_joined: bool  # nothing but a space or a hyphen between the match and ``nxt``
    best: Record  # the match's first (likeliest) record
    single: bool  # a one-word match
    # A small place's name is a person's more readily than a city's.
    small: bool


@dataclass(frozen=True)
class Verdict:
    """A rule's answer: drop the match, or keep it with another ``use``.

    ``persons`` are names the rule read as a person's, for the rest of the document;
    ``surname`` marks a match read as a surname (its first name may have matched too).
    """

    action: Literal["drop", "relabel"]
    use: Use | None = None
    persons: tuple[str, ...] = ()
    surname: bool = False


DROP = Verdict("drop")

Rule = Callable[[Context, "Candidate"], Verdict | None]


def changed(span: Span, **fields: object) -> Span:
    """``span`` with ``fields`` changed: :func:`dataclasses.replace` without its checks,
    which cost more than the rest of a match's judging.

    >>> changed(Span(0, 5, "Paris", "paris"), use="metonymic").use
    'metonymic'
    """
    new = object.__new__(Span)
    new.__dict__.update(span.__dict__, **fields)
    return new


def candidate(
    ctx: Context, *, span: Span, i: int, length: int, style: str, sentence_start: bool
) -> Candidate:
    """The candidate for ``span``, matched at tokens ``i`` to ``i + length``."""
    n = len(ctx.words)
    best, small = _facts(ctx, span.candidates[0])
    new = object.__new__(Candidate)  # as in changed(): a frozen init costs a call a field
    new.__dict__.update(
        span=span,
        i=i,
        length=length,
        style=style,
        sentence_start=sentence_start,
        prev=ctx.words[i - 1] if i > 0 else "",
        prev_key=ctx.keys[i - 1] if i > 0 else "",
        prev2_key=ctx.keys[i - 2] if i > 1 else "",
        nxt=ctx.words[i + length] if i + length < n else "",
        nxt_joined=ctx.joined[i + length - 1],
        best=best,
        single=length == 1,
        small=small,
    )
    return new


# What depends on the index and the cues alone, worked out once per record or per name:
# names recur through a document and across a corpus. Kept for one index and one set of
# cues at a time, the three in one tuple replaced at once: a thread still reading with
# another index writes into that index's memos only.
_STATE: list[tuple[object, object, dict[str, dict[Any, Any]]]] = [(None, None, {})]


def memo(ctx: Context, name: str) -> dict[Any, Any]:
    """The memo ``name`` for the index and cues of ``ctx``: a new one when either changes.

    >>> from geomap.gazetteer.index import build_index
    >>> ctx = Context.build("Rome.", index=build_index([]))
    >>> memo(ctx, "x")[1] = "one"
    >>> memo(ctx, "x"), memo(Context.build("Rome.", index=build_index([])), "x")
    ({1: 'one'}, {})
    """
    index, cues, memos = _STATE[0]
    if index is not ctx.index or cues is not ctx.cues:
        memos = {}
        _STATE[0] = (ctx.index, ctx.cues, memos)
    return memos.setdefault(name, {})


def _facts(ctx: Context, first: int) -> tuple[Record, bool]:
    """The first record of a match and whether it is small."""
    facts = memo(ctx, "facts")
    got = facts.get(first)
    if got is None:
        best = ctx.index.records[first]
        small = (
            best.population < ctx.cues.small
            and not best.curated
            and (best.kind in ("city", "district") or best.category == "admin2")
        )
        got = facts[first] = (best, small)
    return got
