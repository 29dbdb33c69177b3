"""The cue lists that tell a place name from a word, a person or an organisation.

They live in ``rules/recognize.toml`` (users add their own through ``GEOMAP_RULES``, see
:mod:`geomap.rulefiles`) and are compiled once into :class:`Cues`.

Examples
--------
>>> cues = load_rules()
>>> "may" in cues.never, "police" in cues.org_heads
(True, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from geomap.gazetteer.index import name_key
from geomap.gazetteer.world import DATA_DIR
from geomap.rulefiles import BUNDLED, RuleModel, read_rules, rules_key

__all__ = ["RULES_FILE", "Cues", "Rules", "load_rules"]

RULES_FILE = BUNDLED / "recognize.toml"


class Rules(RuleModel):
    """The cue lists of ``rules/recognize.toml``; unknown keys are an error."""

    never_places: list[str]
    organisation_heads: list[str]
    organisation_prefixes: list[str]
    far_organisation_heads: list[str] = []
    person_titles: list[str]
    first_names: list[str]
    family_words: list[str] = []
    institution_verbs: list[str]
    institution_fillers: list[str]
    institution_names: list[str]
    institution_nouns: list[str]
    name_modifiers: list[str]
    locative_prepositions: list[str]
    generic_tails: list[str]
    candidate_heads: list[str]
    street_heads: list[str] = []
    candidate_prepositions: list[str]
    division_abbreviations: dict[str, str] = {}
    abbreviation_prepositions: list[str]
    speech_verbs: list[str]
    name_particles: list[str]
    institution_categories: list[str]
    small_place_population: int
    big_place_population: int
    tiny_place_population: int = 1000
    village_cues: list[str] = []
    kind_nouns: dict[Literal["division", "settlement", "quarter"], list[str]] = {}
    site_qualifiers: dict[str, list[str]] = {}


@dataclass(frozen=True)
class Cues:
    never: frozenset[str]
    org_heads: frozenset[str]
    org_prefixes: frozenset[str]
    titles: frozenset[str]
    first_names: frozenset[str]
    # The Census's first names: weaker than ``first_names``, they make a person only of a
    # small place's name ("Tanya Campbell", "wife, Tonya"), never of a city's ("Austin").
    given_names: frozenset[str]
    family: frozenset[str]
    verbs: frozenset[str]
    fillers: frozenset[str]
    institutions: frozenset[str]
    institution_nouns: frozenset[str]
    modifiers: frozenset[str]
    locatives: frozenset[str]
    tails: frozenset[str]
    heads: frozenset[str]
    street_heads: frozenset[str]
    common_words: frozenset[str]
    candidate: re.Pattern[str]
    # "ky" -> ("US", "kentucky"): abbreviations of divisions, read after "Town, ".
    abbreviations: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Prepositions after which an abbreviation names a division ("wildfires in B.C.").
    abbreviation_prepositions: frozenset[str] = frozenset()
    # Verbs of speech after a small town's name make it a person's ("Palma said").
    speech_verbs: frozenset[str] = frozenset()
    # Lowercase words inside a longer name ("Gare du Nord", "Plaza de Mayo").
    particles: frozenset[str] = frozenset()
    # Curated categories of buildings that stand for the body housed in them.
    institution_categories: frozenset[str] = frozenset()
    # Below ``small`` a town's name is a person's more readily than a city's ("Tanya
    # Campbell"); below ``big`` a common word or a demonym is read as the word first.
    small: int = 100_000
    big: int = 1_000_000
    tiny: int = 1000
    # Words before a village's name that make it a place ("shelled Vodyane").
    village_cues: frozenset[str] = frozenset()
    # "district" -> "division": the kind of place a word after a name says it is.
    kind_nouns: dict[str, str] = field(default_factory=dict)
    # "airport" -> {"international", ...}: words news puts between a name and a site's head
    # that the indexed name lacks ("Abha International Airport" for "Abha Airport").
    qualifiers: dict[str, frozenset[str]] = field(default_factory=dict)
    # Heads only a body takes, read a word or two past the name ("Gulf Cooperation Council").
    far_org_heads: frozenset[str] = frozenset()


def load_rules(path: str | None = None) -> Cues:
    """The recognition cue lists: the bundled file (or ``path``) and the user's additions.

    Users add cues in ``$GEOMAP_RULES/recognize.toml`` (see :mod:`geomap.rulefiles`).
    """
    return _load_cues(*rules_key("recognize.toml", path))


def _word_list(path: Path) -> frozenset[str]:
    """One lowercase word per line; ``#`` starts a comment line. Missing file: empty."""
    if not path.exists():
        return frozenset()
    text = path.read_text(encoding="utf-8")
    return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))


@lru_cache(maxsize=4)
def _load_cues(path: str, _user_stamp: str) -> Cues:
    r = read_rules(Rules, "recognize.toml", path)
    words = _word_list(DATA_DIR / "common_words.txt")
    heads = "|".join(sorted(map(re.escape, r.candidate_heads), key=len, reverse=True))
    preps = "|".join(map(re.escape, r.candidate_prepositions))
    candidate = re.compile(rf"\b(?:{preps})\s+(?:the\s+)?((?:[A-Z][\w'-]*\s+){{1,4}}(?:{heads}))\b")
    return Cues(
        never=frozenset(map(name_key, r.never_places)),
        org_heads=frozenset(map(name_key, r.organisation_heads)),
        org_prefixes=frozenset(map(name_key, r.organisation_prefixes)),
        titles=frozenset(map(name_key, r.person_titles)),
        first_names=frozenset(map(name_key, r.first_names)),
        given_names=_word_list(DATA_DIR / "given_names.txt"),
        family=frozenset(w.lower() for w in r.family_words),
        verbs=frozenset(r.institution_verbs),
        fillers=frozenset(f.lower() for f in r.institution_fillers),
        institutions=frozenset(map(name_key, r.institution_names)),
        institution_nouns=frozenset(w.lower() for w in r.institution_nouns),
        modifiers=frozenset(map(name_key, r.name_modifiers)),
        locatives=frozenset(r.locative_prepositions),
        tails=frozenset(r.generic_tails),
        heads=frozenset(r.candidate_heads),
        street_heads=frozenset(r.street_heads),
        common_words=words,
        candidate=candidate,
        abbreviations={
            name_key(k): (v.split(":", 1)[0], name_key(v.split(":", 1)[1]))
            for k, v in r.division_abbreviations.items()
        },
        abbreviation_prepositions=frozenset(r.abbreviation_prepositions),
        speech_verbs=frozenset(r.speech_verbs),
        particles=frozenset(r.name_particles),
        institution_categories=frozenset(r.institution_categories),
        small=r.small_place_population,
        big=r.big_place_population,
        tiny=r.tiny_place_population,
        village_cues=frozenset(w.lower() for w in r.village_cues),
        kind_nouns={w.lower(): kind for kind, ws in r.kind_nouns.items() for w in ws},
        far_org_heads=frozenset(map(name_key, r.far_organisation_heads)),
        qualifiers={
            name_key(h): frozenset(map(name_key, ws)) for h, ws in r.site_qualifiers.items()
        },
    )
