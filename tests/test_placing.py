"""What happens at a place: cue roles corrected by event frames, with ACLED's types."""

from __future__ import annotations

import pytest

from geomap.pipeline import extract_document


def _said(text: str, place: str):
    [m] = [m for m in extract_document(text, "d").mentions if m.text == place]
    return m.role, m.actor, m.event_type, m.sub_event_type


@pytest.mark.parametrize(
    "text, place, expected",
    [
        # An attack on police or soldiers is a battle.
        ("Gunmen fired on a police patrol in Karak.", "Karak",
         ("incident", "armed_group", "Battles", "Armed clash")),
        ("Two soldiers were killed in an ambush near Kidal.", "Kidal",
         ("incident", None, "Battles", "Armed clash")),
        # On civilians, it is violence against civilians.
        ("Gunmen shot two shoppers in a market in Karak.", "Karak",
         ("incident", "armed_group", "Violence against civilians", "Attack")),
        # The type follows the event word, whatever the place.
        ("Militants fired rockets at Sderot overnight.", "Sderot",
         ("incident", "armed_group", "Explosions/Remote violence",
          "Shelling/artillery/missile attack")),
        ("Thousands of demonstrators rallied in Tbilisi.", "Tbilisi",
         ("protest", "protesters", "Protests", "Peaceful protest")),
        ("Police arrested four men in Luton on Tuesday.", "Luton",
         ("deployment", "police", "Strategic developments", "Arrests")),
    ],
)  # fmt: skip
def test_role_actor_and_acled_types(text: str, place: str, expected: tuple) -> None:
    assert _said(text, place) == expected


@pytest.mark.parametrize(
    "text, place",
    [
        # A country spoken of beside an attack elsewhere.
        ("The leaders of Turkey and Russia said the attack in Ankara was a provocation.", "Russia"),
        ("Officials in Egypt condemned the bombing of the cathedral.", "Egypt"),
        # A home town, an origin, a dateline.
        ("A Leeds man was stabbed in Bradford.", "Leeds"),
        ("A tourist from Canada was among those killed in the attack.", "Canada"),
        ("KABUL (Reuters) - A truck bomb exploded near the embassy.", "KABUL"),
        # Possession, not place.
        ("It was Britain's worst terrorist atrocity in years.", "Britain"),
    ],
)
def test_no_event_where_the_text_puts_none(text: str, place: str) -> None:
    assert _said(text, place)[0] == "context"


# Conflict-event descriptions as event datasets write them (own wording, places the
# bundled gazetteer holds): every one is an event at the place it names.
DESCRIPTIONS = [
    (
        "On 12 April 2019, unidentified gunmen shot and killed a civilian in Kidal.",
        "Kidal",
        "incident",
        "Violence against civilians",
    ),
    (
        "On 4 July 2019, soldiers fired with unspecified weapons at farmers near the fence east "
        "of Khan Younis.",
        "Khan Younis",
        "incident",
        "Violence against civilians",
    ),
    (
        "On 2 February 2020, unknown assailants threw a grenade at a police post in Pulwama.",
        "Pulwama",
        "incident",
        "Explosions/Remote violence",
    ),
    (
        "On 1 June 2018, protesters gathered in front of the parliament in Amman.",
        "Amman",
        "protest",
        "Protests",
    ),
    (
        "On 9 May 2020, nurses protested in Central Square of Haifa city.",
        "Haifa",
        "protest",
        "Protests",
    ),
    (
        "On 15 January 2021, around 200 farmers staged a sit-in outside the district office in "
        "Multan.",
        "Multan",
        "protest",
        "Protests",
    ),
    (
        # ACLED codes looting in a riot as the riot, not as Strategic developments.
        "On 20 March 2017, rioters set fire to vehicles and looted shops in Bangui.",
        "Bangui",
        "incident",  # a riot is violence on the map, whatever it destroyed
        "Riots",
    ),
    (
        "Around 9 May 2020, SDF forces arrested 5 people in Hajin, Deir ez Zor.",
        "Hajin",
        "deployment",
        "Strategic developments",
    ),
]


@pytest.mark.parametrize("text, place, role, event_type", DESCRIPTIONS)
def test_event_descriptions_put_the_event_at_their_place(
    text: str, place: str, role: str, event_type: str
) -> None:
    got = _said(text, place)
    assert (got[0], got[2]) == (role, event_type)


@pytest.mark.parametrize(
    "text, place, role, event_type",
    [
        ("The war in Syria has lasted for years.", "Syria", "incident", "Battles"),
        ("Civilians are trapped in rebel-held Aleppo.", "Aleppo", "incident", "Battles"),
        ("He ordered officials to strengthen protection of the embassy in Moscow.", "Moscow",
         "guard", "Strategic developments"),
        ("Security was tightened at the airport in Brussels.", "Brussels", "guard",
         "Strategic developments"),
        # Not a war: words that name none.
        ("The trade talks in Geneva ended without a deal.", "Geneva", "context", None),
    ],
)  # fmt: skip
def test_war_and_guarding_words(text: str, place: str, role: str, event_type: str | None) -> None:
    got = _said(text, place)
    assert (got[0], got[2]) == (role, event_type)


@pytest.mark.parametrize(
    "text, place",
    [
        # Accidents are no security events.
        ("Two people died in a gas explosion at a restaurant in Taichung.", "Taichung"),
        ("A boiler explosion killed three workers at a factory in Tianjin.", "Tianjin"),
        ("Three people were hurt in a car crash near Leeds.", "Leeds"),
        # Plots, plans and wishes: no attack happened there.
        ("Police arrested two teenagers accused of plotting a terror attack in Munich.", "Munich"),
        ("He encouraged him to carry out an attack in Chicago.", "Chicago"),
        ("The group planned to bomb a market in Lyon.", "Lyon"),
    ],
)
def test_accidents_and_plots_are_no_attack(text: str, place: str) -> None:
    assert _said(text, place)[0] != "incident"


def test_a_real_attack_beside_an_accident_word_is_still_one() -> None:
    text = "A car bomb exploded outside a police station in Diyarbakir."
    assert _said(text, "Diyarbakir")[:1] == ("incident",)


@pytest.mark.parametrize(
    "text, place",
    [
        # A word's other sense names no role: doors, people, agencies.
        ("The talks were held behind closed doors in London.", "London"),
        ("The highway patrol has an office in Leeds.", "Leeds"),
        ("Prison guards went on leave in Tehran.", "Tehran"),
    ],
)
def test_other_senses_of_role_words_give_no_role(text: str, place: str) -> None:
    assert _said(text, place)[0] == "context"


@pytest.mark.parametrize(
    "text, place, role",
    [
        ("The museum in Leeds was closed on Monday.", "Leeds", "closure"),
        ("Police patrolled the streets of Leeds.", "Leeds", "patrol"),
        ("Soldiers guarded the embassy in Tehran.", "Tehran", "guard"),
    ],
)
def test_the_role_words_themselves_still_count(text: str, place: str, role: str) -> None:
    assert _said(text, place)[0] == role


@pytest.mark.parametrize(
    "text, place",
    [
        # A condition, not an event: "within hours of an attack", "in the event of".
        ("Troops can be mobilised within hours of a terrorism incident in Scotland.", "Scotland"),
        ("Police can be sent within 24 hours of an attack in Leeds.", "Leeds"),
        ("Soldiers would deploy within 12 to 96 hours of any incident in Wales.", "Wales"),
        ("In the event of an attack in Cardiff, roads would be closed.", "Cardiff"),
    ],
)
def test_a_conditional_event_happens_nowhere(text: str, place: str) -> None:
    assert _said(text, place)[0] == "context"


@pytest.mark.parametrize(
    "text, place, expected",
    [
        # A place that suffered, saw or was hit by events is where they happened.
        ("Turkey has suffered a series of fatal bombings this year.", "Turkey", "incident"),
        ("Germany suffered a spate of knife attacks in the summer.", "Germany", "incident"),
        ("France has been hit by a wave of terror attacks since 2015.", "France", "incident"),
        ("Belgium has also seen several shootings in recent months.", "Belgium", "incident"),
        ("Chile has seen mass protests over fares.", "Chile", "protest"),
        ("Kenya has grown used to grenade attacks in recent years.", "Kenya", "incident"),
        ("Pakistan has become accustomed to suicide bombings.", "Pakistan", "incident"),
        # Counter-examples: none seen, no event word, or something else suffered.
        ("Norway has seen no attacks since 2011.", "Norway", "context"),
        ("Spain has suffered a heavy defeat in the final.", "Spain", "context"),
        ("Italy suffered heavy rain and floods this week.", "Italy", "context"),
        ("Austria could suffer attacks, officials warned.", "Austria", "context"),
    ],
)
def test_a_place_that_suffered_events_is_where_they_happened(
    text: str, place: str, expected: str
) -> None:
    assert _said(text, place)[0] == expected


@pytest.mark.parametrize(
    "text, place, expected",
    [
        # A container written after a located place shares its event.
        ("A bomb exploded in Irbid, Jordan, on Monday.", "Jordan", "incident"),
        ("A woman was abducted in Redding, northern California.", "California", "incident"),
        ("Soldiers stood guard in the city of Mosul, Iraq, on Friday.", "Iraq", "guard"),
        ("Gunmen opened fire in Peshawar, Pakistan, killing four people.", "Pakistan",
         "incident"),
        # Counter-examples: the place before is a home or an origin, or the name owns
        # what follows.
        ("Jane Doe of Austin, Texas, was shot in Dallas on Friday.", "Texas", "context"),
        ("A man from Leeds, England, was stabbed in Madrid.", "England", "context"),
        ("The bombing in Paris, France's president said, was an act of war.", "France",
         "context"),
    ],
)  # fmt: skip
def test_a_container_after_a_place_shares_its_event(text: str, place: str, expected: str) -> None:
    assert _said(text, place)[0] == expected


@pytest.mark.parametrize(
    "text, place, expected",
    [
        # Weather closes airports and roads: no security measure.
        ("Flights were cancelled due to poor visibility at Heathrow Airport.", "Heathrow Airport",
         "context"),
        ("Heavy snow closed roads across Cumbria on Monday.", "Cumbria", "context"),
        ("Fog grounded flights at Gatwick Airport all morning.", "Gatwick Airport", "context"),
        # An accident's own explosion is no attack.
        ("Two people died in a gas explosion at a restaurant in Lyon.", "Lyon", "context"),
        ("A boiler blast killed three workers in Izmir.", "Izmir", "context"),
        # Counter-examples: a crash's investigation closes the road; a bomb threat in fog is
        # still a threat; a bomb is no gas explosion.
        ("Police closed the M6 near Carlisle after a crash.", "Carlisle", "closure"),
        ("Heathrow Airport was evacuated after a bomb threat in thick fog.", "Heathrow Airport",
         "closure"),
        ("A bomb exploded at a restaurant in Lyon, killing two people.", "Lyon", "incident"),
    ],
)  # fmt: skip
def test_weather_and_accidents_are_no_security_events(text: str, place: str, expected: str) -> None:
    assert _said(text, place)[0] == expected


@pytest.mark.parametrize(
    "text, place, expected",
    [
        # Where someone comes from is not where it happened.
        ("Jane Doe, 22, from the Leeds suburb of Headingley, admitted the murder.", "Leeds",
         "context"),
        ("A man from Bradford was stabbed in a bar.", "Bradford", "context"),
        ("Rockets were fired from Gaza into southern Israel.", "Gaza", "context"),
        # A nationality or a birthplace is a person's.
        ("He admitted stabbing New Zealand national John Doe at a house.", "New Zealand",
         "context"),
        ("The gunman, a Tunisia-born resident, was shot dead by police.", "Tunisia", "context"),
        # A reference point after a located place.
        ("The man was stabbed at a house in Edmonton, south of Cairns.", "Cairns", "context"),
        ("Gunmen attacked a checkpoint in Qaysar, 40 km west of Maimana.", "Maimana", "context"),
        # An institution named for the area is whose, not where.
        ("He was arrested by Danbury police and brought to New Milford authorities.",
         "New Milford", "context"),
        # Counter-examples: evacuated from a place closes it; the place itself after a
        # preposition, or a direction with no place before it.
        ("Hundreds of residents were evacuated from Aleppo overnight.", "Aleppo", "closure"),
        ("A man was stabbed in Bradford city centre.", "Bradford", "incident"),
        ("A bomb exploded north of Kabul on Monday.", "Kabul", "incident"),
    ],
)  # fmt: skip
def test_origins_nationalities_and_reference_points_place_nothing(
    text: str, place: str, expected: str
) -> None:
    assert _said(text, place)[0] == expected


@pytest.mark.parametrize(
    "text, place, actor",
    [
        # A protest's actor is its protesters, named or not.
        ("More than 200 people attended the rally in Victoria Park on Saturday.",
         "Victoria Park", "protesters"),
        ("Thousands marched through Tbilisi on Sunday.", "Tbilisi", "protesters"),
        # A siege or a blockade is by whom the clause names.
        ("Rebels have kept up a siege of the villages in Idlib province.", "Idlib",
         "armed_group"),
        # Counter-examples: the police who cordon off; no one named for a bombing.
        ("Police cordoned off the area around Whitehall.", "Whitehall", "police"),
        ("A bomb exploded in a market in Kayseri.", "Kayseri", None),
    ],
)  # fmt: skip
def test_the_actor_a_role_implies_or_the_clause_names(
    text: str, place: str, actor: str | None
) -> None:
    assert _said(text, place)[1] == actor
