"""Dates in news text: the publication date, and relative dates resolved against it.

Time precision follows ACLED: 1 = the day is known, 2 = the week, 3 = the month.

Examples
--------
>>> publication_date("News • May 24, 2017 20:15 BST\\nText")
datetime.date(2017, 5, 24)
>>> resolve_when("killed 22 people on Monday night (May 22)", dt.date(2017, 5, 24))
(datetime.date(2017, 5, 22), 1)
>>> resolve_when("murdered outside Parliament in March", dt.date(2017, 5, 24))
(datetime.date(2017, 3, 1), 3)
>>> resolve_when("Operation Temperer was activated on Tuesday night", dt.date(2017, 5, 24))
(datetime.date(2017, 5, 23), 1)
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from pathlib import Path

from geomap.errors import InputError
from geomap.text import front_matter

__all__ = ["publication_date", "resolve_when", "MONTHS", "sidecar_date", "front_matter_date"]

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_MON = {k[:3]: v for k, v in MONTHS.items()} | MONTHS
_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH_RE = "|".join(sorted(_MON, key=len, reverse=True))

_FULL = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH_RE})\.?,?\s+(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<m2>{_MONTH_RE})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d))\b",
    re.I,
)
_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")
_DAY_MONTH = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH_RE})|(?P<m2>{_MONTH_RE})\s+"
    rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)\b(?!\s*,?\s*(?:19|20)\d\d)",
    re.I,
)
_WEEKDAY = re.compile(r"\b(" + "|".join(_DAYS) + r")\b", re.I)
_IN_MONTH = re.compile(rf"\bin\s+({'|'.join(MONTHS)})\b(?:\s+((?:19|20)\d\d))?", re.I)
_RELATIVE = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "yesterday": -1,
    "last night": -1,
}
_RELATIVE_RE = re.compile(r"\b(" + "|".join(_RELATIVE) + r")\b", re.I)
_DIGIT = re.compile(r"\d")
_LAST_WEEK = re.compile(r"\blast week\b", re.I)


def _mk(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def publication_date(text: str, head_chars: int = 600) -> dt.date | None:
    """A full date in the first lines of an article (a dateline), if there is one."""
    head = text[:head_chars]
    m = _ISO.search(head)
    if m:
        return _mk(int(m[1]), int(m[2]), int(m[3]))
    m = _FULL.search(head)
    if m:
        mon = _MON[(m["m1"] or m["m2"]).lower()]
        return _mk(int(m["y1"] or m["y2"]), mon, int(m["d1"] or m["d2"]))
    return None


def front_matter_date(text: str) -> dt.date | None:
    """``date: 2017-05-24`` in a Markdown front matter block.

    >>> front_matter_date("---\\ndate: 2017-99-99\\n---\\nText")
    Traceback (most recent call last):
    ...
    geomap.errors.InputError: front matter: date 2017-99-99 is no date (month must be in 1..12)
    """
    block, _ = front_matter(text)
    m = re.search(r"^(?:date|published):\s*['\"]?(\d{4}-\d\d-\d\d)", block, re.M)
    if m is None:
        return None
    try:
        return checked_date(dt.date.fromisoformat(m[1]))
    except ValueError as exc:
        raise InputError(f"front matter: date {m[1]} is no date ({exc})") from None


# Dates news can carry: anything outside is a typo, and would overflow date arithmetic.
EARLIEST, LATEST = dt.date(1800, 1, 1), dt.date(2200, 12, 31)


def checked_date(day: dt.date) -> dt.date:
    """``day`` if a news article can be of that day, else ``ValueError``.

    >>> checked_date(dt.date(9999, 12, 31))
    Traceback (most recent call last):
    ...
    ValueError: 9999-12-31 is outside 1800-01-01..2200-12-31
    """
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"{day} is outside {EARLIEST}..{LATEST}")
    return day


def sidecar_date(path: Path) -> dt.date | None:
    """``published`` or ``date`` in ``ARTICLE.json`` or ``ARTICLE.meta.json`` beside a file."""
    for side in (path.with_suffix(".json"), path.with_suffix(".meta.json")):
        if _is_file(side):
            try:
                meta = json.loads(side.read_text(encoding="utf-8"))
                raw = meta.get("published") or meta.get("date")
                return checked_date(dt.date.fromisoformat(str(raw)[:10])) if raw else None
            except (ValueError, OSError, AttributeError, RecursionError):
                return None  # a sidecar is a hint: a broken one dates nothing
    return None


def _is_file(path: Path) -> bool:
    """Whether ``path`` is a file; a name too long to exist (``a.meta.json``) is not one."""
    try:
        return path.is_file()
    except OSError:
        return False


# Every mention of a sentence asks for its date: one answer serves them all.
@lru_cache(maxsize=512)
def resolve_when(
    sentence: str, anchor: dt.date | None, year: int | None = None
) -> tuple[dt.date | None, int | None]:
    """The date a sentence speaks of, resolved against the publication date ``anchor``.

    ``year`` is used for day-and-month dates when there is no anchor (a batch's year).
    An anchor no news can have (``--date 9999-12-31``) anchors nothing.
    """
    if anchor is not None and not EARLIEST <= anchor <= LATEST:
        anchor = None
    digits = _DIGIT.search(sentence) is not None
    m = _FULL.search(sentence) if digits else None
    if m:
        mon = _MON[(m["m1"] or m["m2"]).lower()]
        return _mk(int(m["y1"] or m["y2"]), mon, int(m["d1"] or m["d2"])), 1
    m = _DAY_MONTH.search(sentence) if digits else None
    if m and (anchor or year):
        mon = _MON[(m["m1"] or m["m2"]).lower()]
        day = int(m["d1"] or m["d2"])
        y = anchor.year if anchor else year
        assert y is not None
        d = _mk(y, mon, day)
        if d and anchor and d > anchor + dt.timedelta(days=2):
            d = _mk(y - 1, mon, day)
        if d and not anchor:
            wd = _WEEKDAY.search(sentence)
            # A weekday beside it pins the year ("Monday night (May 22)" -> 2017).
            if wd:
                want = _DAYS.index(wd[1].lower())
                for dy in (0, -1, 1, -2, 2, -3, 3):
                    c = _mk(y + dy, mon, day)
                    if c and c.weekday() == want:
                        d = c
                        break
        return d, 1 if d else None
    if anchor is None:
        return _month_of_year(sentence, year)
    m = _RELATIVE_RE.search(sentence)
    if m:
        return anchor + dt.timedelta(days=_RELATIVE[m[1].lower()]), 1
    m = _WEEKDAY.search(sentence)
    if m:
        want = _DAYS.index(m[1].lower())
        back = (anchor.weekday() - want) % 7
        return anchor - dt.timedelta(days=back), 1
    m = _IN_MONTH.search(sentence)
    if m:
        mon = MONTHS[m[1].lower()]
        y = int(m[2]) if m[2] else (anchor.year if mon <= anchor.month else anchor.year - 1)
        return dt.date(y, mon, 1), 3
    if _LAST_WEEK.search(sentence):
        return anchor - dt.timedelta(days=7), 2
    return None, None


def _month_of_year(sentence: str, year: int | None) -> tuple[dt.date | None, int | None]:
    """ "In March" in an undated article: the month of the batch's year, if there is one.

    >>> _month_of_year("murdered outside Parliament in March", 2017)
    (datetime.date(2017, 3, 1), 3)
    >>> _month_of_year("murdered outside Parliament in March", None)
    (None, None)
    """
    m = _IN_MONTH.search(sentence) if year else None
    if m is None or year is None:
        return None, None
    return dt.date(int(m[2]) if m[2] else year, MONTHS[m[1].lower()], 1), 3
