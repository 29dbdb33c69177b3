"""The word-by-word scan of the event words finds exactly what their one alternation finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.events.alternation import starts
from geomap.events.frames import load_event_rules
from geomap.events.wordscan import WordScanner, prefixes

WORDS = [w for g in load_event_rules().groups for w in g.words]
SCAN = WordScanner(WORDS)
# The one alternation, as frames.py scanned it before the word-by-word scan.
PLAIN = re.compile(
    r"\b(?=[^\W\d_])(?:"
    + "|".join(f"(?:{w[2:]})" for w in WORDS if w.startswith("\\b"))
    + ")|"
    + ("|".join(f"(?:{w})" for w in WORDS if not w.startswith("\\b")) or "(?!)"),
    re.I,
)


@pytest.mark.parametrize(
    "pattern, expected",
    [
        ("shot", {"sh"}),
        ("Shelled", {"sh"}),
        ("(air|drone) strikes?", {"ai", "dr"}),
        ("(un)?armed", {"un", "ar"}),
        ("s?hot", {"sh", "ho"}),
        ("[Ss]helled", {"sh"}),
        ("a( |-)?bomb", {"a ", "a-", "ab"}),
        ("x{3}", {"xx"}),
        ("i(?=ed)", {"i"}),  # what a look-ahead requires is not counted: more, never fewer
        ("go\\b", {"go"}),
        ("g\\w+", {"g"}),  # any letter may follow the g
        (
            "(?-i:[A-Z])\\w+ (was|is)",
            {
                "a",
                "b",
                "c",
                "d",
                "e",
                "f",
                "g",
                "h",
                "i",
                "j",
                "k",
                "l",
                "m",
                "n",
                "o",
                "p",
                "q",
                "r",
                "s",
                "t",
                "u",
                "v",
                "w",
                "x",
                "y",
                "z",
            },
        ),  # fmt: skip
        # Counter-examples: a class, a possibly empty pattern or a letter beyond ASCII.
        ("\\w+ fired", None),
        ("[^x]ed", None),
        ("(a)?", None),
        ("\u017fhot", None),
        ("éclat", None),
    ],
)
def test_prefixes(pattern: str, expected: set[str] | None) -> None:
    found = prefixes(pattern)
    assert (None if found is None else set(found)) == expected


GROUPS = [
    re.compile("|".join(f"(?:{w})" for w in g.words), re.I) for g in load_event_rules().groups
]
WORD_GROUP = load_event_rules().word_groups


def _plain(text: str) -> list[tuple[int, int, int]]:
    """The alternation's hits, each with the first group that matches there."""
    return [
        (m.start(), m.end(), next(i for i, g in enumerate(GROUPS) if g.match(text, m.start())))
        for m in PLAIN.finditer(text)
    ]


def _scan(text: str) -> list[tuple[int, int, int]]:
    return [(a, b, WORD_GROUP[w]) for a, b, w in SCAN.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Regime forces shelled the outskirts of the town; two were shot dead.",
        "A car bomb went off near the market, and air strikes hit the village.",
        "Protesters marched on the ministry and set fire to tyres.",
        "Forces struck the camp at dawn. Troops hit back.",
        "Police cordoned off the area after a suspicious package was found.",
        "The ſtation was clоsed: İstanbul, KELVIN K, Ünter den Linden.",
        "",
        "a",
        "Shelling, shellings, SHELLED and shell-fire.",
        # Counter-examples: words that start like event words and are none.
        "The shop sold shoes; a shower of praise, an armchair and a striker's goal.",
    ],
)
def test_the_word_scan_finds_what_the_alternation_finds(text: str) -> None:
    assert _scan(text) == _plain(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["shot", "Shelled", "air strike", "protesters", "set fire to", "forces struck", "x"]
        )
        | st.text(alphabet="abcdefghilmnoprstuy ,.;'-ÉéSKİ\u017f", max_size=12),
        max_size=12,
    )
)
def test_the_word_scan_matches_the_alternation_on_any_text(parts: list[str]) -> None:
    text = " ".join(parts)
    assert _scan(text) == _plain(text)


def test_a_pattern_of_unknown_beginning_is_tried_at_every_word() -> None:
    scan = WordScanner(["\\b\\w+ fired\\b", "\\bshot\\b"])
    assert scan.finditer("he shot; they fired") == [(3, 7, 1), (9, 19, 0)]


def _alternation(words: list[str]) -> re.Pattern[str]:
    bounded = "|".join(f"(?:{w[2:]})" for w in words if w.startswith("\\b")) or "(?!)"
    others = "|".join(f"(?:{w})" for w in words if not w.startswith("\\b")) or "(?!)"
    return re.compile(rf"\b(?=[^\W\d_])(?:{bounded})|{others}", re.I)


TEXTS = [
    "Gunmen opened fire; the US embassy was hit. Us? No: an éclat of shells, ÉCLAT.",
    "forces struck at dawn and troops hit back; xx xxx yy; a 9mm gun",
    "Ünter den Linden was closed, ſhots were fired, and the KELVIN K unit left.",
    "",
]


@pytest.mark.parametrize(
    "words",
    [
        # What users may add to events.toml: a case-sensitive word, a letter beyond
        # ASCII, a back-reference, a look-behind, a word that may match nothing.
        ["\\b(?-i:US)\\b", "\\bus\\b", "\\bhit\\b"],
        ["\\béclat\\b", "\\bshells?\\b"],
        ["\\b(x)\\1\\b", "\\by+\\b"],
        ["(?<=forces )struck\\b", "\\bstruck\\b", "\\bhit\\b"],
        ["\\b\\d+mm\\b", "(?<=a )9mm", "\\bgun\\b"],
        ["\\b(?:xx)?", "\\bfired\\b"],
        ["\\b\\w+ opened fire\\b", "\\bgunmen\\b"],
        ["\\bſhots?\\b", "\\bshots?\\b", "\\bk\\b"],
    ],
)
def test_words_users_may_add_are_found_as_the_alternation_finds_them(words: list[str]) -> None:
    scan, plain = WordScanner(words), _alternation(words)
    groups = [re.compile(w, re.I) for w in words]
    for text in TEXTS:
        want = [m.span() for m in plain.finditer(text)]
        got = scan.finditer(text)
        assert [(a, b) for a, b, _ in got] == want
        for a, _, w in got:  # the word a hit names is the first that matches there
            assert groups[w].match(text, a)
            assert not any(g.match(text, a) for g in groups[:w])


@pytest.mark.parametrize(
    "branches",
    [
        [";", " – ", " - ", ", and (?=(a|the) \\w+ was\\b)", '"', "“", "”"],
        [",\\s+(said|says|told)\\b", ", and"],  # two that start at one comma
        ["(?<=forces )(struck|hit)\\b", "(?<=troops )fired\\b"],
        ["\\w+ fired"],  # may start anywhere
        ["and (?=the)", "SAS"],
    ],
)
def test_starts_finds_every_position_where_a_branch_matches(branches: list[str]) -> None:
    text = 'Forces struck; troops fired, said one – "and the SAS", and the gun was hit - sas.'
    every = [re.compile(b, re.I) for b in branches]
    want = [p for p in range(len(text)) if any(b.match(text, p) for b in every)]
    assert [m.start() for m in starts(branches).finditer(text)] == want
