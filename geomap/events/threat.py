"""Statements of the UK terrorism threat level and whether they report a change.

Examples
--------
>>> threat_levels("The threat level remains severe.")
[('severe', False, 4, 31)]
"""

from __future__ import annotations

import re

__all__ = ["threat_levels"]

_LEVELS = "low|moderate|substantial|severe|critical"
_THREAT = re.compile(
    rf"\b(?:terror(?:ism)?\s+)?(?:threat|alert)(?:\s+level)?\b[^.]{{0,80}}?\b("
    rf"raised|increased|lowered|reduced|downgraded|remains|has not changed|is|at|to)\b"
    rf"[^.]{{0,40}}?[\"“']?({_LEVELS})\b",
    re.I,
)
_THREAT_BEFORE = re.compile(
    rf"\b(raised|raises|increased|lowered|reduced|downgraded)\s+(?:the\s+)?(?:\w+\s+){{0,3}}"
    rf"(?:threat|alert)(?:\s+level)?\s+to\s+[\"“']?({_LEVELS})\b",
    re.I,
)


def threat_levels(text: str) -> list[tuple[str, bool, int, int]]:
    """(level, changed, start, end) for each statement of the UK threat level.

    >>> threat_levels('The threat level has been raised to "critical".')
    [('critical', True, 4, 45)]
    """
    out: list[tuple[str, bool, int, int]] = []
    # Most articles state no threat level: one cheap search spares them both patterns.
    lower = text.lower()
    if "threat" not in lower and "alert" not in lower:
        return out
    for pat in (_THREAT_BEFORE, _THREAT):
        for m in pat.finditer(text):
            verb = m.group(1).lower()
            changed = verb in (
                "raised",
                "raises",
                "increased",
                "lowered",
                "reduced",
                "downgraded",
                "to",
            )
            if verb in ("to", "is", "at"):
                changed = bool(re.search(r"raised|increased|lowered|reduced", m.group(0), re.I))
            if re.search(r"not changed|remains", m.group(0), re.I):
                changed = False
            if any(a < m.end() and m.start() < b for _, _, a, b in out):
                continue
            out.append((m.group(2).lower(), changed, m.start(), m.end()))
    return sorted(out, key=lambda t: t[2])
