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
    "twelve": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "a hundred": 100,
    "dozens": 24,
}
_NUM = (
    r"(\d{1,3}(?:,\d{3})+|\d+|(?:one|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?:\s+(?:hundred|thousand))?|a (?:hundred|thousand)|dozens|hundreds)"
)
_PERSONNEL = re.compile(
    rf"\b(?:up to |about |around |some |a total of |total of |more than |over |nearly )?"
    rf"{_NUM}\s+(?:(?:additional|extra|more|armed|military|specialist|firearms|police|"
    rf"response|counter-terrorism|uniformed|national|guard|army|federal|state|riot|border|"
    rf"security|special|reserve|naval)\s+){{0,3}}(troops|soldiers|officers|personnel|"
    rf"police|cops|servicemen|marines|guardsmen|forces|agents|reservists|paratroopers)\b",
    re.I,
)
# Words that may stand between a number and "killed": "13 people have been killed".
_VICTIMS = (
    r"(?:(?:people|persons|civilians|children|adults|men|women|others|other|officers|police|"
    r"policemen|soldiers|troops|tourists|pedestrians|passengers|worshippers|concert-goers|"
    r"were|was|have|has|had|been|reportedly|now|all|are|is|being)\s+)*"
)
_KILLED = re.compile(
    rf"\b(?:killed|killing|murdered|left)\s+(?:at least\s+|around\s+|about\s+|some\s+|"
    rf"nearly\s+|more than\s+|over\s+|up to\s+)?{_NUM}\b|"
    rf"\b{_NUM}\s+{_VICTIMS}(?:killed|dead|died)",
    re.I,
)
_INJURED = re.compile(
    rf"\b(?:injured|injuring|wounded|wounding)\s+(?:at least\s+|around\s+|about\s+|some\s+|"
    rf"nearly\s+|more than\s+|over\s+|up to\s+)?{_NUM}\b|"
    rf"\b{_NUM}\s+{_VICTIMS}(?:injured|wounded|hurt)",
    re.I,
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
        n *= {"hundred": 100, "thousand": 1000}.get(p, 1)
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


def casualties(sentence: str) -> tuple[int | None, int | None]:
    """Killed and injured counts stated in a sentence.

    >>> casualties("an attack which killed 22 people and injured 59 on Monday")
    (22, 59)
    """
    k = _KILLED.search(sentence)
    i = _INJURED.search(sentence)
    killed = _number(next(g for g in k.groups() if g)) if k else None
    injured = _number(next(g for g in i.groups() if g)) if i else None
    return killed, injured
