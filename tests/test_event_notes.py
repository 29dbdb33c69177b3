"""Conflict-event notes and wire copy, by tables: what is no security event stays quiet,
and how ACLED codes the rest (``rules/events.toml``, ``events/coding.py``).

Each table holds paraphrases written the way ACLED's notes, UCDP's summaries and wire
copy are written, and counter-examples where the same words tell something else. The
end-to-end tables run the whole pipeline on each sentence, so a place that a rule should
reach must be found and resolved too.
"""

from __future__ import annotations

import pytest

import geomap
from geomap.events.coding import actor_of, refine
from geomap.events.frames import load_event_rules
from geomap.models import Mention

RULES = load_event_rules()

VAC = ("Violence against civilians", "Attack")
CLASH = ("Battles", "Armed clash")
AIR = ("Explosions/Remote violence", "Air/drone strike")
SHELLING = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
IED = ("Explosions/Remote violence", "Remote explosive/landmine/IED")
GRENADE = ("Explosions/Remote violence", "Grenade")
DISRUPTED = ("Strategic developments", "Disrupted weapons use")
LOOTING = ("Strategic developments", "Looting/property destruction")
RIOT = ("Riots", "Violent demonstration")
INTERVENTION = ("Protests", "Protest with intervention")
PEACEFUL = ("Protests", "Peaceful protest")
EXCESSIVE = ("Protests", "Excessive force against protesters")
OVERTAKES = ("Battles", "Non-state actor overtakes territory")

# Accidents, hazards, trials and protests still to come: no event at any place.
QUIET = [
    "A fire broke out at a garment factory in Dhaka; firefighters put it out after two hours.",
    "A blaze gutted a market in Kano overnight, destroying hundreds of stalls.",
    "A fire tore through a warehouse in Lagos and no one was hurt.",
    "Flash floods swept through villages near Peshawar, killing 12 people.",
    "A landslide buried a mining camp near Bukavu, killing 9.",
    "An earthquake struck near Herat, killing dozens.",
    "Heavy flooding killed 4 people in Lagos.",
    "A minibus carrying wedding guests plunged into a river near Multan, killing 11.",
    "A truck packed with migrants crashed near Tripoli, killing 7.",
    "A court in Lahore sentenced two men to death for the 2014 attack on a school.",
    "A military tribunal in Kinshasa convicted 30 soldiers of desertion.",
    "The opposition said it would hold a rally in Nairobi on Saturday.",
    "Unions said they will stage a national strike in Accra over fuel prices.",
    "The city bought two new water cannon in Berlin.",
    "The team encountered heavy traffic near Davao.",
    "The air force struck a deal with an aircraft maker in Seattle.",
    "Investors took over the port company in Mombasa.",
    "A new owner took over the camp site near Leeds.",
    "She took over the post of governor in Kano.",
]

# The same words beside a security event: the event stays.
STILL_EVENTS = [
    ("Militants set fire to a school in Maiduguri.", "Maiduguri"),
    ("A court in Lahore was attacked by gunmen.", "Lahore"),
    ("Police fired tear gas to disperse flood victims protesting in Sukkur.", "Sukkur"),
    ("Supporters of the opposition rallied in Nairobi on Saturday.", "Nairobi"),
    ("A fire started by a petrol bomb gutted a police station in Karachi.", "Karachi"),
    ("Thousands marched in Paris, saying they would hold more rallies.", "Paris"),
    ("Thousands of protesters flooding the streets of Caracas demanded new elections.", "Caracas"),
    ("An earthquake-hit town near Herat was attacked by gunmen.", "Herat"),
]

# (sentence, place, ACLED types the place's event takes)
TYPED = [
    # Crowd control: a crowd met with tear gas or broken up protested with intervention.
    (
        "Police fired tear gas at supporters gathered outside the party office in Conakry.",
        "Conakry",
        INTERVENTION,
    ),
    ("Riot police used water cannon on demonstrators in Tbilisi.", "Tbilisi", INTERVENTION),
    (
        "Supporters of the candidate were dispersed with tear gas in Abidjan.",
        "Abidjan",
        INTERVENTION,
    ),
    ("Security forces broke up a sit-in by teachers in Kinshasa.", "Kinshasa", INTERVENTION),
    ("Gendarmes dispersed the crowd in Niamey with batons.", "Niamey", INTERVENTION),
    # An encounter, as South Asian and Philippine reports say a fight.
    ("Troops encountered a group of NPA rebels near Davao, killing 3.", "Davao", CLASH),
    ("Two Maoists were killed in an encounter with police near Raipur.", "Raipur", CLASH),
    # Ground taken: an outpost, a post, a camp.
    ("Rebels seized an army outpost near Bunia.", "Bunia", OVERTAKES),
    ("Fighters overran a police post in Kidal after a two-day siege.", "Kidal", OVERTAKES),
    ("Insurgents captured a border guard checkpoint near Sittwe.", "Sittwe", OVERTAKES),
    # Killings of people held or met.
    ("Soldiers executed at least 12 herders near Mopti.", "Mopti", VAC),
    ("Militiamen summarily executed 5 farmers in a village near Bunia.", "Bunia", VAC),
    # An air force strikes from the air.
    ("The air force struck a village near Sittwe, killing 8.", "Sittwe", AIR),
    # A crowd that occupies or blocks to demand something protests.
    ("Landless farmers occupied an estate near Belem to demand land titles.", "Belem", PEACEFUL),
    ("Truckers blocked the Pan-American highway near Cusco.", "Cusco", PEACEFUL),
    ("Hundreds of villagers blocked the Kandy-Colombo main road near Kandy.", "Kandy", PEACEFUL),
    # Fire at armed men, their posts and columns is a battle.
    (
        "JNIM militants fired with unspecified weapons at an army position near Mopti.",
        "Mopti",
        CLASH,
    ),
    ("Insurgents fired on a ranger base in Pattani.", "Pattani", CLASH),
    ("Gunmen opened fire on police officers in Peshawar.", "Peshawar", CLASH),
    ("An army supply convoy was ambushed by militants near Djibo.", "Djibo", CLASH),
    ("Security forces killed 6 suspected militants near Bannu.", "Bannu", CLASH),
    ("Troops shot dead two armed bandits near Katsina.", "Katsina", CLASH),
    # ... and at civilians, violence against civilians.
    ("Gunmen fired on a bus in Karak.", "Karak", VAC),
    ("Militants killed 6 villagers near Bannu.", "Bannu", VAC),
    ("Soldiers fired at civilians at a checkpoint near Gao.", "Gao", VAC),
    ("Soldiers shot 4 civilians at a checkpoint near Gao.", "Gao", VAC),
    # Fire told by the weapon fired.
    ("Gunmen fired automatic weapons at a minibus near Kano.", "Kano", VAC),
    ("Troops fired small arms at rebel positions near Bunia.", "Bunia", CLASH),
    # A crowd in front of a building is at the town.
    (
        "Teachers gathered in front of the Lagos State House of Assembly to demand pay.",
        "Lagos",
        PEACEFUL,
    ),
    ("Hundreds protested opposite the Nairobi law courts.", "Nairobi", PEACEFUL),
    # Activists taken from their homes are arrested; activists on a road protest.
    (
        "Police detained 6 journalists and activists in Baku after searching their homes.",
        "Baku",
        ("Strategic developments", "Arrests"),
    ),
    (
        "Police arrested 8 climate activists who blocked traffic in Edinburgh.",
        "Edinburgh",
        INTERVENTION,
    ),
]

# (sentence, types told by the event word, types on a second look)
REFINED = [
    ("Militants attacked a base with explosive-laden drones.", VAC, AIR),
    ("ELN fighters attacked a military base using drones.", CLASH, AIR),
    ("Rebels attacked the town with rockets and mortars.", VAC, SHELLING),
    ("Insurgents attacked the camp using heavy artillery.", CLASH, SHELLING),
    ("Gunmen attacked the village with machetes and guns.", VAC, VAC),
    ("Rebels attacked a post with rocket-propelled grenades.", CLASH, CLASH),
    ("A pipe bomb left outside a house was made safe by army experts.", IED, DISRUPTED),
    ("A suspicious device was destroyed in a controlled explosion.", IED, DISRUPTED),
    ("A grenade thrown at a bar failed to explode.", GRENADE, DISRUPTED),
    ("A roadside bomb went off as sappers tried to defuse it, killing two.", IED, IED),
    ("Inmates rioted and clashes between rival gangs left 7 dead.", RIOT, CLASH),
    ("Rival cartels fought in the streets during the unrest.", RIOT, CLASH),
    ("Youths rioted and clashed with police.", RIOT, RIOT),
    ("Students clashed with gendarmes on the campus.", CLASH, RIOT),
    ("Protesters clashed with carabineros in the city centre.", CLASH, RIOT),
    ("Rebels and soldiers clashed as students fled the campus.", CLASH, CLASH),
    ("Hooded individuals looted shops and erected barricades.", LOOTING, RIOT),
    ("Youths barricaded the streets and looted a supermarket.", LOOTING, RIOT),
    ("Militiamen looted shops and erected barricades.", LOOTING, LOOTING),
    # Live fire on a crowd, whatever it protested against.
    (
        "Police fired live rounds at protesters denouncing the death of a blogger.",
        PEACEFUL,
        EXCESSIVE,
    ),
    (
        "Troops shot dead two demonstrators protesting the killing of a student.",
        PEACEFUL,
        EXCESSIVE,
    ),
    ("Two protesters were killed when soldiers opened fire on the march.", VAC, EXCESSIVE),
    ("Students protested the killing of a classmate by police.", PEACEFUL, PEACEFUL),
    (
        "Police fired tear gas at protesters denouncing the death of a blogger.",
        PEACEFUL,
        INTERVENTION,
    ),
]

# (sentence, types, the event's actor)
ACTORS = [
    ("Clashes between the SAF and the RSF were reported in El Fasher.", CLASH, "military"),
    ("Fighting between the RSF and the SAF erupted in Omdurman.", CLASH, "armed_group"),
    ("Clashes pitting the army against rebels broke out near Goma.", CLASH, "military"),
    ("Police killed two suspects after an exchange of fire.", CLASH, "police"),
    (
        "Azerbaijani forces opened fire on Armenian positions; a soldier was wounded.",
        CLASH,
        "military",
    ),
    ("Two soldiers were killed in an ambush.", CLASH, None),
    ("A man stabbed three people before being shot by police.", VAC, None),
    ("A guard was stabbed by an unknown assailant.", VAC, "armed_group"),
    ("Armed miscreants torched houses in a village.", LOOTING, "armed_group"),
    ("Police defused a bomb found near the market.", DISRUPTED, "police"),
    ("Soldiers dismantled an IED planted on the road.", DISRUPTED, "military"),
    # Brazil's military police are police.
    ("Military police killed two suspects after an exchange of fire.", CLASH, "police"),
    ("Military forces killed two suspects after an exchange of fire.", CLASH, "military"),
]


@pytest.mark.parametrize(
    "sentence, acronym",
    [
        ("JNIM militants attacked a FAMa position near Boni.", "FAMa"),
        ("FAMa soldiers executed 8 herders near Niono.", "FAMa"),
        ("The FAMa and Wagner withdrew from the camp.", "FAMa"),
    ],
)
def test_an_army_named_by_acronym_is_no_place(sentence: str, acronym: str) -> None:
    (mentions,) = _mentions([sentence])
    assert acronym not in [m.text for m in mentions if m.place is not None]


def _mentions(texts: list[str]) -> list[list[Mention]]:
    ex = geomap.extract_texts({str(i): t for i, t in enumerate(texts)})
    by_id = {d.id: d.mentions for d in ex.documents}
    return [by_id[str(i)] for i in range(len(texts))]


@pytest.fixture(scope="module")
def quiet() -> dict[str, list[Mention]]:
    return dict(zip(QUIET, _mentions(QUIET), strict=True))


@pytest.fixture(scope="module")
def typed() -> dict[str, list[Mention]]:
    texts = [s for s, _ in STILL_EVENTS] + [s for s, _, _ in TYPED]
    return dict(zip(texts, _mentions(texts), strict=True))


def _at(mentions: list[Mention], place: str) -> Mention:
    found = [m for m in mentions if m.text == place and m.place is not None]
    assert found, f"{place!r} not found: {[m.text for m in mentions]}"
    return found[0]


@pytest.mark.parametrize("sentence", QUIET)
def test_what_is_no_security_event_puts_no_event_anywhere(
    quiet: dict[str, list[Mention]], sentence: str
) -> None:
    told = [(m.text, m.role) for m in quiet[sentence] if m.role != "context"]
    assert quiet[sentence] and not told


@pytest.mark.parametrize("sentence, place", STILL_EVENTS)
def test_the_same_words_beside_an_event_leave_it_its_place(
    typed: dict[str, list[Mention]], sentence: str, place: str
) -> None:
    assert _at(typed[sentence], place).role != "context"


@pytest.mark.parametrize("sentence, place, types", TYPED)
def test_an_event_note_is_typed_as_acled_codes_it(
    typed: dict[str, list[Mention]], sentence: str, place: str, types: tuple[str, str]
) -> None:
    m = _at(typed[sentence], place)
    assert m.role != "context"
    assert (m.event_type, m.sub_event_type) == types


@pytest.mark.parametrize("sentence, told, refined", REFINED)
def test_the_means_and_the_sides_retype_an_event(
    sentence: str, told: tuple[str, str], refined: tuple[str, str]
) -> None:
    assert refine(sentence, told, RULES) == refined


@pytest.mark.parametrize("sentence, types, actor", ACTORS)
def test_an_event_s_actor_is_its_first_side_or_its_subject(
    sentence: str, types: tuple[str, str], actor: str | None
) -> None:
    assert actor_of(sentence, 0, len(sentence), types, RULES) == actor
