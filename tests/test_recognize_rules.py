"""One table per recognition rule: readings of news it must catch, and ones it must leave.

Each rule is asked on its own (not through the registry), so a counter-example is one the
rule itself must have no opinion on, whatever a rule before it would say.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from geomap.gazetteer.index import Index, build_index, name_key
from geomap.recognize import name_rules as nr
from geomap.recognize import person_rules as pr
from geomap.recognize.candidate import Rule, Verdict
from geomap.recognize.context import Context
from geomap.recognize.cues import RULES_FILE, Cues, load_rules
from geomap.recognize.judge import RULES, judge, prepare
from geomap.recognize.span import Span

try:
    from records import record as _rec
except ImportError:  # tests/ became a package
    from tests.records import record as _rec

RECORDS = (
    _rec("c:fr", "France", "country", 46.0, 2.0, "FR", 67_000_000, demonyms=("French",)),
    _rec("c:gb", "United Kingdom", "country", 54.8, -2.7, "GB", 66_000_000, "UK"),
    _rec("c:jo", "Jordan", "country", 31.0, 36.0, "JO", 10_000_000),
    _rec("c:ca", "Canada", "country", 60.1, -113.6, "CA", 37_000_000, demonyms=("Canadian",)),
    _rec("p:paris", "Paris", "city", 48.85, 2.35, "FR", 2_138_551),
    _rec("p:nice", "Nice", "city", 43.7, 7.27, "FR", 340_000),
    _rec("p:rome", "Rome", "city", 41.9, 12.5, "IT", 2_800_000),
    _rec("p:london", "London", "city", 51.5, -0.12, "GB", 8_900_000),
    _rec("p:frankfurt", "Frankfurt", "city", 50.1, 8.7, "DE", 750_000),
    _rec("p:man", "Manchester", "city", 53.48, -2.24, "GB", 400_000),
    _rec("a:gm", "Greater Manchester", "region", 53.5, -2.3, "GB", 2_800_000),
    _rec("a:kent", "Kent", "region", 51.2, 0.7, "GB", 1_800_000),
    _rec("a:ontario", "Ontario", "region", 50.0, -85.0, "CA", 14_000_000),
    _rec("a:nord", "Nord", "region", 50.4, 3.2, "FR", 2_600_000),
    _rec("p:may", "May", "city", 34.1, -99.0, "US", 2_000),
    _rec("p:eu", "Eu", "city", 50.05, 1.42, "FR", 7_000),
    _rec("p:ely", "Ely", "city", 52.4, 0.26, "GB", 20_000),
    _rec("p:austin", "Austin", "city", 30.3, -97.7, "US", 960_000),
    _rec("p:franklin", "Franklin", "city", 35.9, -86.9, "US", 80_000),
    _rec("p:dora", "Dora", "city", 33.7, -87.1, "US", 2_000),
    _rec("p:malia", "Malia", "city", 35.3, 25.5, "GR", 3_000),
    _rec("p:slater", "Slater", "city", 39.2, -93.1, "US", 1_800),
    _rec("p:campbell", "Campbell", "city", 37.3, -121.9, "US", 40_000),
    _rec("p:henderson", "Henderson", "city", 36.0, -115.0, "US", 320_000),
    _rec("p:phillips", "Phillips", "city", 45.7, -90.4, "US", 1_500),
    _rec("p:shannon", "Shannon", "city", 52.7, -8.9, "IE", 10_000),
    _rec("p:palma", "Palma", "city", 9.0, 13.0, "XX", 2_500),
    _rec("p:abe", "Abe", "city", 5.6, -4.2, "CI", 3_000),
    _rec("p:dundas", "Dundas", "city", 43.3, -79.9, "CA", 25_000),
    _rec("p:mayo", "Mayo", "city", 38.9, -76.5, "US", 8_000),
    _rec("p:deal", "Deal", "city", 51.2, 1.4, "GB", 20_000),
    _rec("c:ua", "Ukraine", "country", 49.0, 32.0, "UA", 44_000_000, demonyms=("Ukrainian",)),
    _rec("p:mobile", "Mobile", "city", 30.7, -88.0, "US", 183_000, "Mobil"),
    _rec(
        "a:donetsk",
        "Donetsk Oblast",
        "region",
        48.0,
        37.8,
        "UA",
        4_100_000,
        "Donetsk",
        admin1="05",
        category="admin1",
    ),  # fmt: skip
    # Villages of a few hundred people, named as villages are: a place, a word, a person.
    _rec("p:komint", "Kominternove", "city", 46.9, 30.9, "UA", 860),
    _rec("p:staro", "Staromaiorske", "city", 47.75, 36.79, "UA", 839),
    _rec("p:council", "Council", "city", 44.73, -116.44, "US", 839),
    _rec("p:riley", "Riley", "city", 39.3, -96.8, "US", 939),
    _rec("p:orbis", "Orbis", "city", 49.67, 8.0, "DE", 745),
    _rec("p:millfield", "Millfield", "city", -32.9, 151.3, "AU", 982),
    _rec("p:hays", "Hays", "city", 38.9, -99.3, "US", 21_000),
    _rec("p:walsh", "Walsh", "city", 37.4, -102.3, "US", 518),
    _rec("p:sangin", "Sangin", "city", 32.07, 64.83, "AF", 14_000),
    _rec(
        "a:helmand",
        "Helmand",
        "region",
        31.0,
        64.0,
        "AF",
        1_400_000,
        admin1="10",
        category="admin1",
    ),  # fmt: skip
    _rec("s:yard", "Scotland Yard", "site", 51.5, -0.13, "GB", 0, category="police_hq"),
    _rec("s:no10", "Downing Street", "site", 51.5, -0.13, "GB", 0, category="head_of_government"),
)
INDEX: Index = build_index(RECORDS)

_DROP = Verdict("drop")


def _ask(rule: Rule, text: str, name: str, cues: Cues | None = None) -> Verdict | None:
    """Ask ``rule`` about the first ``name`` in ``text`` (the tokens of ``name`` in a row)."""
    ctx = Context.build(text, index=INDEX, cues=cues)
    want = [t.group() for t in Context.build(name, index=INDEX).tokens]
    i = next(i for i in range(len(ctx.words)) if ctx.words[i : i + len(want)] == want)
    a, b = ctx.tokens[i].start(), ctx.tokens[i + len(want) - 1].end()
    key = name_key(name)
    span = Span(a, b, ctx.norm[a:b], key, candidates=INDEX.names[key], sentence=ctx.sentence_of(a))
    return rule(ctx, prepare(ctx, span=span, i=i, length=len(want)))


def _person(*keys: str, surname: bool = False) -> Verdict:
    return Verdict("drop", persons=keys, surname=surname)


_ORG = Verdict("relabel", use="organisation")
_METO = Verdict("relabel", use="metonymic")

# rule, text, name, expected verdict (None: no opinion)
CASES = [
    # A month, a weekday or a party is no place, whatever town bears its name.
    (nr.never_a_place, "The vote is now due in May.", "May", _DROP),
    (nr.never_a_place, "May was defiant at the dispatch box.", "May", _DROP),
    (nr.never_a_place, "Flooding hit Nice overnight.", "Nice", None),
    # A shouted headline: short words are words.
    (nr.shouted_short_word, "EU LEADERS MEET IN BRUSSELS", "EU", _DROP),
    (nr.shouted_short_word, "Ely\nFLOODS IN Ely AS RIVER RISES", "Ely", None),
    (nr.shouted_short_word, "FLOODS IN ELY AS RIVER RISES", "ELY", None),
    (nr.shouted_short_word, "Ministers met in Eu on Friday.", "Eu", None),
    # An acronym in prose is a place only when the place is spelled so.
    (nr.acronym_in_prose, "Ministers said EU rules still apply.", "EU", _DROP),
    (nr.acronym_in_prose, "Ministers said the UK would act.", "UK", None),
    (nr.acronym_in_prose, "EU ministers met on Friday.", "EU", None),
    (nr.acronym_in_prose, "Reporting by staff.\nROME - Talks resumed.", "ROME", None),
    (nr.acronym_in_prose, "Talks resumed in Rome on Monday.", "Rome", None),
    # A title before a name makes a person.
    (pr.title_before, "Talks with Mrs May broke down.", "May", _person("may")),
    (pr.title_before, "a call with President Jordan on Monday", "Jordan", _person("jordan")),
    (pr.title_before, "Talks were held with the President. Jordan refused.", "Jordan", None),
    (pr.title_before, "Aid flowed to Jordan last year.", "Jordan", None),
    # A middle initial follows a first name.
    (
        pr.middle_initial_after,
        "the Franklin D. Roosevelt memorial",
        "Franklin",
        _person("franklin"),
    ),
    (pr.middle_initial_after, "said Austin J. Carter, a witness", "Austin", _person("austin")),
    (pr.middle_initial_after, "a march in Franklin, D. Smith said", "Franklin", None),
    (pr.middle_initial_after, "a march in Franklin. D Company moved in.", "Franklin", None),
    # A family word and a comma introduce a relative's name.
    (
        pr.family_word_before,
        "He is survived by his wife, Dora, and two sons.",
        "Dora",
        _person("dora"),
    ),
    (pr.family_word_before, "his daughters: Malia and Sasha", "Malia", _person("malia")),
    (pr.family_word_before, "his wife Dora said", "Dora", None),
    (pr.family_word_before, "his wife, Paris, was hurt", "Paris", None),
    # A first name before makes the place's name a surname.
    (pr.first_name_before, "Theresa May said on Monday.", "May", _person("may", surname=True)),
    (
        pr.first_name_before,
        "a neighbour, Tanya Campbell, said",
        "Campbell",
        _person("campbell", surname=True),
    ),
    (pr.first_name_before, "her friend Tanya Paris said", "Paris", None),
    (pr.first_name_before, "flights from Paris resumed", "Paris", None),
    # A first name that is also a place, before a capitalised word, is a person.
    (pr.first_name_itself, "a post by Paris Hilton went viral", "Paris", _person("paris")),
    (
        pr.first_name_itself,
        "Jordan Henderson scored twice.",
        "Jordan",
        _person("jordan", "henderson"),
    ),
    (pr.first_name_itself, "Officers from Paris Police arrived.", "Paris", None),
    (pr.first_name_itself, "He flew to Paris, France on Monday.", "Paris", None),
    (pr.first_name_itself, "Paris Attacks Suspect Held\nHe was held.", "Paris", None),
    # A particle joins a longer name the gazetteer does not hold.
    (nr.particle_name, "Trains left the Gare du Nord late.", "Nord", _DROP),
    (nr.particle_name, "Crowds filled the Plaza de Mayo.", "Mayo", _DROP),
    (nr.particle_name, "Flights to Frankfurt am Main were cut.", "Frankfurt", _DROP),
    (nr.particle_name, "Storms moved from Nord to the coast.", "Nord", None),
    # A capitalised word before, joined to it, makes the name part of a longer one.
    (
        pr.surname_in_longer_name,
        "the Shannon Phillips case",
        "Phillips",
        _person("phillips", surname=True),
    ),
    (
        pr.surname_in_longer_name,
        "said Mark Slater, a witness",
        "Slater",
        _person("slater", surname=True),
    ),
    (pr.surname_in_longer_name, "an interview with Clive Kent", "Kent", _DROP),
    (pr.surname_in_longer_name, "Fighting spread to North Kent.", "Kent", None),
    (pr.surname_in_longer_name, "on the Old Kent Road", "Kent", None),
    (pr.surname_in_longer_name, "the Canadian Ontario border", "Ontario", None),
    (pr.surname_in_longer_name, "Paris's Nice office", "Nice", None),
    # A small place before an unknown capitalised word begins a person's name.
    (nr.small_place_before_name, "said Abe Oudshoorn, a professor", "Abe", _DROP),
    (nr.small_place_before_name, "Abe Police said", "Abe", None),
    (nr.small_place_before_name, "a crash on Abe Street", "Abe", None),
    (nr.small_place_before_name, "said Paris Oudshoorn", "Paris", None),
    (nr.small_place_before_name, "said Abe Walsh, a professor", "Abe", _DROP),
    (nr.small_place_before_name, "trains from Abe Paris were cut", "Abe", None),
    # A town's name before a street word names a street elsewhere.
    (nr.town_before_street_word, "a crash on Dundas Street West", "Dundas", _DROP),
    (nr.town_before_street_word, "a shop on London Road", "London", _DROP),
    (nr.town_before_street_word, "roadworks on Ontario Street", "Ontario", None),
    (nr.town_before_street_word, "roads in Dundas were closed", "Dundas", None),
    # A village's name before a venue word names the venue.
    (nr.village_before_venue_word, "judges at Millfield Theatre, Edmonton", "Millfield", _DROP),
    (nr.village_before_venue_word, "a concert at the Millfield Arts Centre", "Millfield", None),
    (nr.village_before_venue_word, "rain at the Millfield Hotel", "Millfield", _DROP),
    (nr.village_before_venue_word, "rain at Millfield station", "Millfield", None),
    (nr.village_before_venue_word, "Kominternove Village council met", "Kominternove", None),
    (nr.village_before_venue_word, "the Paris Theatre reopened", "Paris", None),
    (nr.village_before_venue_word, "Millfield residents said", "Millfield", None),
    # An organisation's head after a place name.
    (
        nr.organisation_head_after,
        "A spokesman for Greater Manchester Police said",
        "Greater Manchester",
        _ORG,
    ),
    (nr.organisation_head_after, "a win for Manchester United", "Manchester", _ORG),
    (nr.organisation_head_after, "Manchester police said", "Manchester", None),
    (nr.organisation_head_after, "Manchester Police Chief Resigns\nText.", "Manchester", None),
    # An organisation's opening words before a place name.
    (nr.organisation_prefix_before, "a study by the University of Kent", "Kent", _ORG),
    (nr.organisation_prefix_before, "the Bank of France said", "France", _ORG),
    (nr.organisation_prefix_before, "floods south of Kent", "Kent", None),
    # An institution's people speak for it.
    (nr.institution_noun_after, "Downing Street sources said", "Downing Street", _METO),
    (nr.institution_noun_after, "a Scotland Yard spokesman said", "Scotland Yard", _METO),
    (nr.institution_noun_after, "Nice officials said", "Nice", None),
    (nr.institution_noun_after, "Downing Street was closed", "Downing Street", None),
    # A small town does not speak; a person of its name does.
    (pr.small_town_speaks, "Slater told reporters he ran.", "Slater", _person("slater")),
    (pr.small_town_speaks, "Palma said the gunman fled.", "Palma", _person("palma")),
    (pr.small_town_speaks, "Paris said it would act.", "Paris", None),
    (pr.small_town_speaks, "Police in Slater said", "Slater", None),
    # A capital, a country or a building as the subject of a verb of speech.
    (nr.institution_subject_of_verb, "France has condemned the attack.", "France", _METO),
    (nr.institution_subject_of_verb, "Scotland Yard today announced", "Scotland Yard", _METO),
    (nr.institution_subject_of_verb, "Scotland Yard will review it", "Scotland Yard", _METO),
    (nr.institution_subject_of_verb, "France will host the summit.", "France", None),
    (nr.institution_subject_of_verb, "Police in France said", "France", None),
    (nr.institution_subject_of_verb, "Nice said nothing", "Nice", None),
    # A village needs a reason to be read as a place.
    (
        nr.village_needs_a_reason,
        "Russian forces shelled Kominternove overnight.",
        "Kominternove",
        None,
    ),
    (nr.village_needs_a_reason, "Two houses were hit in Kominternove.", "Kominternove", None),
    (nr.village_needs_a_reason, "Staromaiorske, Donetsk, came under fire.", "Staromaiorske", None),
    (nr.village_needs_a_reason, "Kominternove village lost power.", "Kominternove", None),
    (
        nr.village_needs_a_reason,
        "Staromaiorske was retaken, Ukraine's army said.",
        "Staromaiorske",
        None,
    ),
    (
        nr.village_needs_a_reason,
        "Staromaiorske was retaken, officials said.",
        "Staromaiorske",
        _DROP,
    ),
    (nr.village_needs_a_reason, "Paul Everitt, Enfield Council head of arts", "Council", _DROP),
    (nr.village_needs_a_reason, "He was the son of Riley and Eva Smith.", "Riley", _DROP),
    (nr.village_needs_a_reason, "Steele's firm, Orbis Business Intelligence", "Orbis", _DROP),
    (nr.village_needs_a_reason, "A storm hit Hays overnight.", "Hays", None),
    (
        nr.village_needs_a_reason,
        "US pastor Andrew Council was freed. Talks between Council and Turkey stalled.",
        "Council",
        _DROP,
    ),
    (
        nr.village_needs_a_reason,
        "Andrew Smith said shelling hit Kominternove in Ukraine.",
        "Kominternove",
        None,
    ),
    (nr.village_needs_a_reason, "Flooding hit Paris overnight.", "Paris", None),
    # A place's name less a letter or two is a company's or a person's but after "in".
    (nr.truncated_alias, "Shots were fired at the Mobil station.", "Mobil", _DROP),
    (nr.truncated_alias, "A Mobil spokesman said the refinery would reopen.", "Mobil", _DROP),
    (nr.truncated_alias, "A cargo was seized off Mobil on Monday.", "Mobil", None),
    (nr.truncated_alias, "Shots were fired in Mobil overnight.", "Mobil", None),
    (nr.truncated_alias, "Shots were fired at a station in Mobile.", "Mobile", None),
    # A common word that is also a small town needs a reason to be the town.
    (nr.common_word_small_place, "Deal talks collapsed on Monday.", "Deal", _DROP),
    (nr.common_word_small_place, "They called it the Deal of the year.", "Deal", _DROP),
    (nr.common_word_small_place, "A storm hit Deal overnight.", "Deal", _DROP),
    (nr.common_word_small_place, "Fire crews in Deal were called.", "Deal", None),
    (nr.common_word_small_place, "Crews raced to Deal overnight.", "Deal", None),
    (nr.common_word_small_place, "Shops in Deal town centre shut.", "Deal", None),
    (nr.common_word_small_place, "Rebels shelled Deal district.", "Deal", None),
    (nr.common_word_small_place, "Deal talks in the district stalled.", "Deal", _DROP),
]


@pytest.mark.parametrize(
    "rule, text, name, expected",
    CASES,
    ids=[f"{r.__name__}:{t[:30]}" for r, t, _, _ in CASES],
)
def test_rule(rule: Rule, text: str, name: str, expected: Verdict | None) -> None:
    assert _ask(rule, text, name) == expected


def test_every_rule_has_a_table() -> None:
    tested = {r for r, *_ in CASES}
    assert [r.__name__ for r in RULES if r not in tested] == []
    # Each rule is caught at least once and left at least once.
    for rule in RULES:
        outcomes = {e is None for r, _, _, e in CASES if r is rule}
        assert outcomes == {True, False}, rule.__name__


def test_every_rule_says_what_reading_it_encodes() -> None:
    assert [r.__name__ for r in RULES if not (r.__doc__ or "").strip()] == []


@pytest.mark.parametrize(
    "setting, rule, text, name, expected",
    [
        # Slater has 1,800 people: a person below 100,000, a town below 1,000.
        ("small_place_population = 1000", pr.small_town_speaks, "Slater told CTV.", "Slater", None),
        ("small_place_population = 2000", pr.small_town_speaks, "Slater told CTV.", "Slater",
         _person("slater")),
        # Deal has 20,000: a word below 1,000,000; a town once the bar is lower.
        ("big_place_population = 10000", nr.common_word_small_place, "Deal talks ended.", "Deal",
         None),
        ('speech_verbs = ["whispered"]', pr.small_town_speaks, "Slater whispered.", "Slater",
         _person("slater")),
        ('name_particles = ["zu"]', nr.particle_name, "the Gare zu Nord", "Nord", _DROP),
    ],
)  # fmt: skip
def test_settings_in_the_rule_file(
    setting: str, rule: Rule, text: str, name: str, expected: Verdict | None, tmp_path: Path
) -> None:
    key = setting.split(" =")[0]
    lines = RULES_FILE.read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(f"{key} ="))
    end = next(
        n
        for n in range(start + 1, len(lines) + 1)
        if n == len(lines) or not lines[n].startswith(" ")
    )
    path = tmp_path / "recognize.toml"
    path.write_text("\n".join([*lines[:start], setting, *lines[end:]]), encoding="utf-8")
    assert _ask(rule, text, name, cues=load_rules(str(path))) == expected


def _judge(text: str, name: str) -> tuple[Span | None, Verdict | None]:
    ctx = Context.build(text, index=INDEX)
    want = [t.group() for t in Context.build(name, index=INDEX).tokens]
    i = next(i for i in range(len(ctx.words)) if ctx.words[i : i + len(want)] == want)
    a, b = ctx.tokens[i].start(), ctx.tokens[i + len(want) - 1].end()
    key = name_key(name)
    span = Span(a, b, ctx.norm[a:b], key, candidates=INDEX.names[key])
    return judge(ctx, span=span, i=i, length=len(want))


@pytest.mark.parametrize(
    "text, name, use, verdict",
    [
        # The first rule with an opinion decides: a month is dropped before a title makes
        # the name a person's, so "May" is remembered as no one.
        ("Talks with Mrs May broke down.", "May", None, _DROP),
        # A first name that is also a place, before an organisation's head, is the place's
        # organisation.
        ("Officers from Paris Police arrived.", "Paris", "organisation", _ORG),
        ("Scotland Yard said on Monday.", "Scotland Yard", "metonymic", _METO),
        # No rule objects: a place, read with what follows it.
        ("Talks in Nice ended.", "Nice", "literal", None),
    ],
)
def test_judge_asks_the_rules_in_order(
    text: str, name: str, use: str | None, verdict: Verdict | None
) -> None:
    kept, decided = _judge(text, name)
    assert (kept.use if kept else None, decided) == (use, verdict)


@pytest.mark.parametrize(
    "text, name, locative, flags, qualifier, located_in",
    [
        ("Talks in Nice ended.", "Nice", True, (), None, None),
        ("Crowds gathered in Nice, France.", "Nice", True, (), "france", None),
        # "the" stands between the preposition and the name: a building, not "at" a town.
        ("Police at the Scotland Yard in London said", "Scotland Yard", False, ("the",), None,
         "london"),
        # A month after "in" is a date, not the place a site is in.
        ("Crowds gathered at Scotland Yard in May.", "Scotland Yard", True, (), None, None),
    ],
)  # fmt: skip
def test_judge_returns_a_new_span(
    text: str,
    name: str,
    locative: bool,
    flags: tuple[str, ...],
    qualifier: str | None,
    located_in: str | None,
) -> None:
    kept, _ = _judge(text, name)
    assert kept is not None
    assert (kept.locative, kept.flags, kept.qualifier, kept.located_in) == (
        locative,
        flags,
        qualifier,
        located_in,
    )


# text, name, the kind its next word says (None: none)
KIND_WORDS = [
    ("Houthi forces shelled Hays district in western Yemen.", "Hays", "division"),
    ("Fighting spread across Hays District on Monday.", "Hays", "division"),
    ("Shelling hit Donetsk oblast overnight.", "Donetsk", "division"),
    ("Talks were held in the Donetsk region.", "Donetsk", "division"),
    ("Rebels took Kominternove village.", "Kominternove", "settlement"),
    ("Protests spread through Paris city centre.", "Paris", "settlement"),
    ("Clashes erupted in the Paris area.", "Paris", "quarter"),
    ("A blast hit a Hays neighbourhood.", "Hays", "quarter"),
    # Counter-examples: the word after is no kind word, or belongs to another phrase.
    ("A district court in Hays ruled on Monday.", "Hays", None),
    ("Police district chiefs in Paris met.", "Paris", None),
    ("A region spokesman in Paris said.", "Paris", None),
    ("Paris, district officials said, was calm.", "Paris", None),
    ("Hays' district attorney resigned.", "Hays", None),
    ("Paris. District officials said it was calm.", "Paris", None),
    ("Hays councillors met.", "Hays", None),
]


@pytest.mark.parametrize("text, name, kind", KIND_WORDS)
def test_kind_noun_after(text: str, name: str, kind: str | None) -> None:
    ctx = Context.build(text, index=INDEX)
    i = ctx.words.index(name)
    a, b = ctx.tokens[i].start(), ctx.tokens[i].end()
    span = Span(a, b, ctx.norm[a:b], name_key(name), candidates=INDEX.names[name_key(name)])
    flagged, end = nr.kind_noun_after(ctx, span, i, 1)
    assert [f for f in flagged.flags if f in ("division", "settlement", "quarter")] == (
        [kind] if kind else []
    )
    assert (end > b) == (kind is not None)


@pytest.mark.parametrize(
    "text, qualifier",
    [
        ("Taliban fighters attacked Sangin district, Helmand, on Monday.", "helmand"),
        ("Taliban fighters attacked Sangin, Helmand, on Monday.", "helmand"),
        ("Taliban fighters attacked Sangin district on Monday.", None),
    ],
)
def test_qualifier_read_after_the_kind_word(text: str, qualifier: str | None) -> None:
    ctx = Context.build(text, index=INDEX)
    i = ctx.words.index("Sangin")
    a, b = ctx.tokens[i].start(), ctx.tokens[i].end()
    span = Span(a, b, ctx.norm[a:b], "sangin", candidates=INDEX.names["sangin"])
    kept, _ = judge(ctx, span=span, i=i, length=1)
    assert kept is not None and kept.qualifier == qualifier
