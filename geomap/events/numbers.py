"""Numbers a sentence states: personnel deployed, people killed and injured.

Examples
--------
>>> count_near("a total of 1,200 police officers and 40 soldiers")
1200
>>> casualties("13 people have been killed")
(13, None)
"""

from __future__ import annotations

import re
from functools import lru_cache

from geomap.events.rules import Compiled, load_role_rules

__all__ = ["count_near", "casualties"]

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "dozen": 12,
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
}
_NUM = (
    r"(\d{1,3}(?:,\d{3})+|\d+|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|"
    r"forty|fifty)(?:\s+(?:hundred|thousand))?|a (?:hundred|thousand|dozen)|dozens|scores|hundreds)"
)
_PERSONNEL = re.compile(
    rf"\b(?:up to |about |around |some |a total of |total of |more than |over |nearly )?"
    rf"{_NUM}\s+(?:(?:additional|extra|more|armed|military|specialist|firearms|police|"
    rf"response|counter-terrorism|uniformed|national|guard|army|federal|state|riot|border|"
    rf"security|special|reserve|naval)\s+){{0,3}}(troops|soldiers|officers|personnel|"
    rf"police|cops|servicemen|marines|guardsmen|forces|agents|reservists|paratroopers)\b",
    re.I,
)
_ABOUT = (
    r"(?:(?:at least|around|about|some|nearly|almost|more than|over|up to|as many as|"
    r"an estimated|another|a further)\s+)?"
)
# A number of years, hours or metres, a date or an age is no casualty count.
_NO_COUNT = (
    r"(?![\d-]|,\d)(?!\s*(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|am\b|pm\b|"
    r"a\.m|p\.m|per ?cent|%|km|miles?|metres?|meters?|feet|o\x27clock))"
)


def _number(raw: str) -> int | None:
    raw = raw.lower().strip()
    if raw.replace(",", "").isdigit():
        return int(raw.replace(",", ""))
    parts = raw.replace("a ", "one ").split()
    if not parts:
        return None
    n = _WORD_NUMBERS.get(parts[0])
    if n is None:
        return {"hundreds": 200}.get(parts[0])
    for p in parts[1:]:
        n *= {"hundred": 100, "thousand": 1000, "dozen": 12}.get(p, 1)
    return n


def count_near(sentence: str) -> int | None:
    """The first personnel count a sentence gives.

    >>> count_near("up to 3,800 military personnel can be mobilised")
    3800
    >>> count_near("One thousand additional armed officers have been freed up")
    1000
    """
    for m in _PERSONNEL.finditer(sentence):
        n = _number(m.group(1))
        if n is not None and n < 1_000_000:
            return n
    return None


def casualties(sentence: str, rules: Compiled | None = None) -> tuple[int | None, int | None]:
    """Killed and injured counts stated in a sentence (words from ``rules/roles.toml``).

    >>> casualties("an attack which killed 22 people and injured 59 on Monday")
    (22, 59)
    >>> casualties("The gunman shot dead two officers; the blast left 20 injured.")
    (2, 20)
    """
    killed, injured = _count_patterns((rules or load_role_rules()).counts)
    return _first(killed, sentence), _first(injured, sentence)


def _first(pattern: re.Pattern[str], sentence: str) -> int | None:
    m = pattern.search(sentence)
    return _number(m.group("a") or m.group("b")) if m else None


@lru_cache(maxsize=8)
def _count_patterns(counts: tuple[tuple[str, ...], ...]) -> tuple[re.Pattern[str], ...]:
    killed_before, killed_after, injured_before, injured_after, victims = counts
    between = rf"(?:(?:{'|'.join(victims) or '(?!)'})\s+)*"

    def one(before: tuple[str, ...], after: tuple[str, ...]) -> re.Pattern[str]:
        return re.compile(
            rf"\b(?:{'|'.join(before) or '(?!)'})\s+{_ABOUT}(?P<a>{_NUM})\b{_NO_COUNT}|"
            rf"\b(?P<b>{_NUM})\s+{between}(?:{'|'.join(after) or '(?!)'})\b",
            re.I,
        )

    return one(killed_before, killed_after), one(injured_before, injured_after)
