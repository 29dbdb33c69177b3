"""How news writes where something happens, and where it only names a place.

Each table holds paraphrases of one way of writing, in the style of local crime news,
wire copy, police releases and live blogs, with counter-examples that must keep their
role. They are written for these tests, not taken from any corpus.
"""

from __future__ import annotations

import pytest

from geomap.models import layer_of

try:
    from news_helpers import layer, placed
except ImportError:  # tests/ became a package
    from tests.news_helpers import layer, placed


@pytest.mark.parametrize(
    "text, name, role",
    [
        # Wire datelines with a date or an agency and a colon name no event.
        ("SRINAGAR, Oct 9 (PTI): Two militants were killed in a gunfight.", "SRINAGAR", "context"),
        ("LAGOS, June 5 (Reuters) - Gunmen killed 12 people in a raid.", "LAGOS", "context"),
        ("KABUL (AFP): A bomb exploded near a mosque, killing five.", "KABUL", "context"),
        ("NAIROBI, Kenya, March 3 — Police fired tear gas at crowds.", "NAIROBI", "context"),
        # A place opening a sentence that tells its event is no dateline.
        ("Kabul was hit by a car bomb on Tuesday, killing five.", "Kabul", "incident"),
        ("In Lagos, gunmen killed 12 people in a raid on Monday.", "Lagos", "incident"),
    ],
)
def test_a_wire_dateline_names_no_event(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        # Where someone lives, grew up, moves to, works or spoke.
        ("Delgado, who grew up in El Paso, led the department for six years.", "El Paso", "context"),
        ("The officer, born and raised in Leeds, was shot in the leg.", "Leeds", "context"),
        ("She said she planned to move to Seattle with her husband.", "Seattle", "context"),
        ("The family moved to Bradford in 1985 and opened a shop.", "Bradford", "context"),
        ("She began her career as a patrol officer in Phoenix.", "Phoenix", "context"),
        ("He served as a police officer in Denver for a decade.", "Denver", "context"),
        (
            "The police chief said at a news conference in Srinagar that 12 militants had been "
            "killed this year.",
            "Srinagar",
            "context",
        ),
        (
            "Speaking to reporters in Nairobi, the minister said the protests had been crushed.",
            "Nairobi",
            "context",
        ),
        ("She will teach at the police training academy in Burien.", "Burien", "context"),
        ("Three injured civilians were taken to the Army's 92 Base Hospital in Srinagar.", "Srinagar",
         "context"),
        ("He was treated at a military hospital in Rawalpindi.", "Rawalpindi", "context"),
        # Counter-examples: the place of the event itself.
        ("Police were called to a house in Frankston after reports of a gun.", "Frankston",
         "deployment"),
        ("A man who was shot in El Paso on Friday has died.", "El Paso", "incident"),
        ("Officers patrolled the streets of Phoenix overnight.", "Phoenix", "patrol"),
        ("Police officers searched a house in Burien on Tuesday.", "Burien", "deployment"),
    ],
)  # fmt: skip
def test_a_home_a_job_or_a_venue_is_context(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("The ministry ordered schools in Kisumu to close early for the week.", "Kisumu",
         "closure"),
        ("Shops in Mombasa were ordered to close as the unrest spread.", "Mombasa", "closure"),
        ("Officials told businesses in Leeds to shut down until the threat had passed.", "Leeds",
         "closure"),
        # "close" as an adjective or a noun closes nothing.
        ("The hotel in Nairobi is close to the airport.", "Nairobi", "context"),
        ("A close friend from Kisumu said he was a quiet man.", "Kisumu", "context"),
    ],
)  # fmt: skip
def test_an_order_to_close_is_a_closure(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("He had served a prison sentence for a knife-point robbery in Bristol.", "Bristol",
         "incident"),
        ("Two men were arrested after an armed robbery at a jeweller's in Birmingham.",
         "Birmingham", "incident"),
        ("A woman was carjacked in Detroit on Sunday night.", "Detroit", "incident"),
        ("Detectives are investigating a burglary in Leicester.", "Leicester", "incident"),
        ("A man barricaded himself inside a house in Frankston for nine hours.", "Frankston",
         "incident"),
        ("An armed stand-off in Geelong ended peacefully on Thursday.", "Geelong", "incident"),
        # Counter-examples: a home town beside the crime, barriers put up by the police.
        ("A man from Leeds was charged with robbery.", "Leeds", "context"),
        ("Police put up barricades around Parliament Square.", "Parliament Square", "cordon"),
    ],
)  # fmt: skip
def test_crimes_against_people_are_incidents(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        # A discourse adverb before a fronted place: the place still opens the clause.
        ("Meanwhile, in Pulwama, militants hurled a grenade at a police vehicle.", "Pulwama",
         "incident"),
        ("Elsewhere, in Kisumu, protesters burned tyres and blocked the main road.", "Kisumu",
         "protest"),
        ("Separately, in Peshawar, gunmen shot dead a police constable.", "Peshawar", "incident"),
        # Counter-example: officials in a city condemn an attack elsewhere.
        ("Meanwhile, officials in Cairo condemned the attack.", "Cairo", "context"),
    ],
)  # fmt: skip
def test_a_place_fronted_after_meanwhile_places_the_event(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        # A second clause with its own subject does not undo the first.
        ("Internet services were suspended in Shopian, and extra troops were deployed to the "
         "district.", "Shopian", "closure"),
        # A deployment to prevent protests happened; prevention of an attack names none.
        ("Additional forces were deployed in Srinagar to prevent any protests.", "Srinagar",
         "deployment"),
        ("Extra officers were sent to Leeds to prevent disorder after the match.", "Leeds",
         "deployment"),
        ("The new law is meant in Manchester to prevent attacks like the one last year.",
         "Manchester", "context"),
    ],
)  # fmt: skip
def test_prevention_and_a_second_clause(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("Organisers expect 20,000 people at a march through central London.", "London",
         "protest"),
        ("The march wound its way around Parliament Square shortly after noon.", "Parliament Square",
         "protest"),
        ("Their march made its way along Whitehall by 2pm.", "Whitehall", "protest"),
        ("Police fired tear gas at protesters in Nairobi's central business district.",
         "Nairobi", "protest"),
        # The month, and a possessive that is no part of the place.
        ("In March the mayor of London opened a new library.", "London", "context"),
        ("Britain's worst atrocity was recalled at the memorial.", "Britain", "context"),
    ],
)  # fmt: skip
def test_a_march_as_a_noun_is_a_protest(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("A curfew was imposed in Imphal after the violence.", "Imphal", "closure"),
        ("Authorities reimposed a total curfew in Srinagar on Tuesday.", "Srinagar", "closure"),
        ("Police were called to a house in Frankston after reports of a gun.", "Frankston",
         "deployment"),
        ("Officers were called out to Leeds city centre shortly after midnight.", "Leeds",
         "deployment"),
        # Counter-example: a place called by a name is no call-out.
        ("The town, called Leeds by its founders, grew fast.", "Leeds", "context"),
    ],
)  # fmt: skip
def test_curfews_and_call_outs(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("He was found guilty of murdering a teenager in Croydon.", "Croydon", "incident"),
        ("Gunmen blocked the road near Kajuru, firing at vehicles.", "Kajuru", "incident"),
        ("Residents in Tottenham reported hearing gunshots late on Friday.", "Tottenham",
         "incident"),
        ("A man was found with a gunshot wound on a street in Dayton.", "Dayton", "incident"),
        ("A man threatened a shop worker with a knife in Leicester on Friday.", "Leicester",
         "incident"),
        ("The attackers stopped two buses near Kachia and seized the passengers.", "Kachia",
         "incident"),
        ("A woman was carjacked at knifepoint in Brisbane's north.", "Brisbane", "incident"),
        # Counter-examples: threats with no weapon, a job, an attack in sport.
        ("The mayor of Leicester threatened to resign over the budget.", "Leicester", "context"),
        ("He was fired at the end of the season by a club in Leicester.", "Leicester", "context"),
    ],
)  # fmt: skip
def test_violence_as_local_news_writes_it(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        # A court hears a case; its crime happened elsewhere.
        ("He is due to appear in Brisbane Magistrates Court on Monday charged with robbery.",
         "Brisbane", "context"),
        ("He was jailed for the stabbing at Leeds Crown Court on Friday.", "Leeds", "context"),
        ("Daniel was stabbed three times in the park, the Old Bailey heard.", "Old Bailey",
         "context"),
        # An appeal for witnesses puts no officer on the road.
        ("Police are appealing for footage from drivers on the road near Caboolture.",
         "Caboolture", "context"),
        ("The jury at the Old Bailey was told that the boy had been chased.", "Old Bailey",
         "context"),
        # Counter-examples: the crime in the town whose court it is; people there who heard it.
        ("A man was stabbed in Leeds city centre on Friday night.", "Leeds", "incident"),
        ("Residents in Tottenham heard gunshots late on Friday.", "Tottenham", "incident"),
        ("People in Kabul heard a loud explosion on Tuesday.", "Kabul", "incident"),
    ],
)  # fmt: skip
def test_courts_and_appeals_are_context(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, actor",
    [
        ("Columns of the Assam Rifles were deployed in Imphal.", "Imphal", "military"),
        ("Troops of the Rashtriya Rifles cordoned off a village near Shopian.", "Shopian",
         "military"),
        # Lower-case rifles are weapons, and dressed in fatigues is no army there.
        ("Police seized two rifles in a raid on a house in Mitcham.", "Mitcham", "police"),
        ("Gunmen dressed in military fatigues attacked a bus near Kachia.", "Kachia",
         "armed_group"),
    ],
)  # fmt: skip
def test_the_actor_a_regiment_or_a_uniform_names(text: str, name: str, actor: str) -> None:
    assert placed(text, name)[1] == actor


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("A man was found dead at a flat in Salford on Sunday morning.", "Salford", "incident"),
        ("The body of a woman was discovered in a park in Leicester.", "Leicester", "incident"),
        ("Two teenagers were found dead in a car in Swindon.", "Swindon", "incident"),
        # Counter-examples: an overdose's dead, a report about a body of water.
        ("Two men were found dead from suspected overdoses in Vancouver.", "Vancouver",
         "context"),
        ("The body of water near Swindon was found to be clean.", "Swindon", "context"),
    ],
)  # fmt: skip
def test_a_body_found_is_an_incident(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)
