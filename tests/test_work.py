"""Work counted, not timed: how many passes the event layer makes over a text.

A sentence's cue lists are scanned once for all its mentions, and only those that one
prefilter pass says can match; its event words are scanned once per sentence. The
prefilter must change no list's matches.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from geomap.events import frames, roles
from geomap.events.frames import load_event_rules
from geomap.events.prefilter import Branches, Prefilter
from geomap.events.rules import Patterns, load_role_rules
from geomap.pipeline import extract_document

RULES = load_role_rules()
LISTS = [
    *RULES.cues,
    *RULES.actors,
    *(
        (name, getattr(RULES, name))
        for name in (
            "breaks",
            "negation",
            "hypothetical",
            "reference",
            "ambiguous_incident",
            "statement_breaks",
        )
    ),
]


@pytest.mark.parametrize(
    "sentence",
    [
        "Armed police were deployed to the station after the attack.",
        "Troops could be sent to guard airports; no soldiers were seen in the city.",
        'Officers said: "the area has been sealed off and residents evacuated."',
        "The SAS and the Met worked with firefighters at the scene, officials said.",
        # Case: "SAS" and "the Met" in capitals only; "sas" and "met" are other words.
        "the sas met the paramedics at the met office",
        "A suicide bomber struck a market, and the police cordoned off the road – again.",
        "Protesters marched through the capital while riot police stood by.",
        # Counter-examples: a sentence with no cue, no actor and no break.
        "The weather was mild.",
        "",
        "12345 67890",
        # Letters whose case folding a lower-cased ASCII letter does not capture.
        "The ſtation was cloſed by Police at Ünterstraße; KELVIN Kelvin K.",
        "Éléments de la gendarmerie déployés à Nîmes, selon la préfecture.",
    ],
)
def test_the_prefilter_changes_no_lists_matches(sentence: str) -> None:
    at = RULES.prefilter.letters(sentence)
    for name, pat in LISTS:
        plain = [m.span() for m in pat.finditer(sentence)]
        assert [m.span() for m in pat.finditer(sentence, at)] == plain, name


@pytest.mark.parametrize(
    "patterns, text, expected",
    [
        ([r"\bshot\b"], "He was shot.", True),
        ([r"\bshot\b"], "A shotgun was found.", False),  # the patterns themselves are run
        # Told by the letter only: another list's word there makes it worth a scan.
        ([r"\bshot\b"], "Two snakes were seen.", True),
        ([r"\bshot\b"], "He was hit.", False),
        ([r"\b(un)?armed\b"], "Unarmed men", True),
        ([r"\b(un)?armed\b"], "Armed men", True),
        ([";"], "one; two", True),
        ([";"], "one, two", False),
        ([r"\bSAS\b"], "the SAS", True),
        ([r"\bSAS\b"], "the sas", False),
        # A class like \w may start anywhere: never filtered out.
        ([r"\w+ fired"], "nothing here", True),
    ],
)
def test_a_list_is_scanned_only_where_it_may_match(
    patterns: list[str], text: str, expected: bool
) -> None:
    branches = Branches(patterns, sensitive=lambda p: "SAS" in p)
    others = Branches([r"\bsnakes?\b"])
    at = Prefilter([branches, others]).letters(text)
    assert branches.may_match(at) is expected


def _counting(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    counts: Counter[str] = Counter()
    letters, finditer = Prefilter.letters, Patterns.finditer

    def counted_letters(self: Prefilter, text: str) -> frozenset[str] | None:
        counts["prefilter"] += 1
        return letters(self, text)

    def counted_finditer(self: Patterns, text: str, at: frozenset[str] | None = None):  # type: ignore[no-untyped-def]
        if self.branches.may_match(at):
            counts["list scans"] += 1
        return finditer(self, text, at)

    monkeypatch.setattr(Prefilter, "letters", counted_letters)
    monkeypatch.setattr(Patterns, "finditer", counted_finditer)
    trigger = load_event_rules().trigger

    class CountedTrigger:
        def finditer(self, text: str):  # type: ignore[no-untyped-def]
            counts["trigger scans"] += 1
            return trigger.finditer(text)

    wrapped = load_event_rules()._replace(trigger=CountedTrigger())  # type: ignore[arg-type]
    monkeypatch.setattr("geomap.pipeline.load_event_rules", lambda: wrapped)
    monkeypatch.setattr(roles, "_SCANS", {})
    monkeypatch.setattr(frames, "_SEEN", {})
    return counts


PLACES = ["London", "Paris", "Berlin", "Madrid", "Rome", "Vienna", "Prague", "Warsaw"]


@pytest.mark.parametrize(
    "template",
    [
        "Armed police were deployed in {} after the attack.\n",
        "Troops could be sent to {}, officials said.\n",
        "Shots were fired in {}; no one was hurt.\n",
    ],
)
def test_scans_per_sentence_do_not_grow_with_its_mentions(
    monkeypatch: pytest.MonkeyPatch, template: str
) -> None:
    seen = []
    for n in (2, 4, 8):
        counts = _counting(monkeypatch)
        names = ", ".join(PLACES[: n - 1]) + f" and {PLACES[n - 1]}"
        doc = extract_document(template.format(names), "d", published=dt.date(2020, 5, 1))
        assert len(doc.mentions) == n
        assert counts["prefilter"] == 1  # one sentence, one pass
        assert counts["trigger scans"] == 1
        seen.append(counts["list scans"])
    # The lists that may match, each once: as many for two mentions as for eight.
    assert seen[0] == seen[1] == seen[2] < len(LISTS)


@pytest.mark.parametrize(
    "text",
    [
        "The weather in Paris was mild.\n",
        "Tourists visited Rome in spring.\n",
        "Madrid hosted a film festival last year.\n",
    ],
)
def test_a_sentence_without_cues_scans_few_lists(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    counts = _counting(monkeypatch)
    doc = extract_document(text, "d", published=dt.date(2020, 5, 1))
    assert len(doc.mentions) == 1
    assert counts["prefilter"] == 1
    # Of the sixteen lists, only those with a word that starts as one of theirs does.
    assert counts["list scans"] <= 3
