"""How news writes the cases batch 3 of the news fixtures missed, in general.

Each table holds paraphrases of one way of writing, with counter-examples that must keep
their role. They are written for these tests, not taken from the fixtures or any corpus.
"""

from __future__ import annotations

import pytest

from geomap.models import layer_of

try:
    from news_helpers import layer
except ImportError:  # tests/ became a package
    from tests.news_helpers import layer


@pytest.mark.parametrize(
    "text, name, role",
    [
        # Something done at the court building happens there.
        (
            "Hundreds of farmers rallied in front of the Lahore High Court on Monday.",
            "Lahore",
            "protest",
        ),
        ("A bomb exploded outside the Quetta District Court, killing 12.", "Quetta", "incident"),
        ("A suicide bomber attacked the Quetta District Court, killing 12.", "Quetta", "incident"),
        ("Gunmen stormed the Peshawar District Court and opened fire.", "Peshawar", "incident"),
        (
            "Protesters gathered outside Manchester Crown Court to demand justice.",
            "Manchester",
            "protest",
        ),
        ("Dozens of lawyers marched on the Nairobi High Court.", "Nairobi", "protest"),
        # A hearing at a court, or its judge, places no crime there.
        ("He was jailed at Leeds Crown Court for the stabbing.", "Leeds", "context"),
        (
            "The man appeared at Brisbane Magistrates Court charged over the shooting.",
            "Brisbane",
            "context",
        ),
        ("Denver District Judge Ann Roe sentenced him for the shooting.", "Denver", "context"),
        ("The robbery was heard by Perth District Court last week.", "Perth", "context"),
    ],
)
def test_an_event_at_a_court_is_at_the_court(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        # A crowd against a plan marched all the same.
        (
            "Thousands marched in Madrid against the government's plan to cut pensions.",
            "Madrid",
            "protest",
        ),
        ("Nurses went on strike in Belfast over plans to freeze their pay.", "Belfast", "protest"),
        (
            "Police fired tear gas at crowds in Dhaka protesting a plan to raise fuel prices.",
            "Dhaka",
            "protest",
        ),
        ("Farmers opposed to plans to build a motorway rallied in Utrecht.", "Utrecht", "protest"),
        # A plot or a plan of attack is still no attack.
        ("Militants planned to attack a market in Kabul.", "Kabul", "context"),
        ("The group had a plan to bomb a church in Lagos.", "Lagos", "context"),
        ("Prosecutors said he plotted to set off a bomb in Manchester.", "Manchester", "context"),
    ],
)
def test_a_protest_against_a_plan_happened(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("Security was also tightened in Islamabad after the blast.", "Islamabad", "guard"),
        ("Security has been stepped up in Mombasa ahead of the vote.", "Mombasa", "guard"),
        ("Security was further heightened at Heathrow on Friday.", "Heathrow", "guard"),
        ("Security were beefed up in Lahore, officials said.", "Lahore", "guard"),
        # Security spoken of, not raised, guards nothing.
        ("Security was a concern for residents in Mombasa.", "Mombasa", "context"),
        ("He runs a security firm in Lahore.", "Lahore", "context"),
    ],
)
def test_security_tightened_is_a_guard(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        (
            "A man was shot by police after an armed siege at a house in Blacktown.",
            "Blacktown",
            "incident",
        ),
        (
            "The armed siege at a flat in Penrith ended when the man surrendered.",
            "Penrith",
            "incident",
        ),
        (
            "An hours-long siege at a home in Logan ended when police shot the man.",
            "Logan",
            "incident",
        ),
        # A siege laid to a town, or police sealing an area off, is a cordon.
        ("Government forces imposed a siege on Daraya.", "Daraya", "cordon"),
        ("Police cordoned off streets in Penrith while they searched.", "Penrith", "cordon"),
    ],
)
def test_a_siege_is_an_incident(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        # A job as a security guard, a patient under guard: no guard post.
        ("He had worked as a security guard at a pub in Bristol.", "Bristol", "context"),
        ("She worked as a security guard in Denver for two years.", "Denver", "context"),
        # Officers who guard a place are posted there.
        ("Armed police guarded the synagogue in Bristol overnight.", "Bristol", "guard"),
        ("Soldiers were stationed outside the station in Glasgow.", "Glasgow", "guard"),
    ],
)
def test_a_security_guard_is_a_job(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("The museum closed early, while the Louvre opened as normal.", "Louvre", "context"),
        ("Schools in Leeds opened as usual on Monday after the attack.", "Leeds", "context"),
        ("Trains through Crewe were running normally by the evening.", "Crewe", "context"),
        # Closed is still closed.
        ("The Louvre was closed after the attack.", "Louvre", "closure"),
    ],
)
def test_open_as_normal_is_no_closure(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        # What may be laid on if something happens is on standby.
        (
            "Extra patrols could be put on in Newcastle at weekends if funding is agreed.",
            "Newcastle",
            "standby",
        ),
        ("More officers may be drafted in to Cardiff if the unrest spreads.", "Cardiff", "standby"),
        ("Troops could be brought in to Basra if violence continues.", "Basra", "standby"),
        # Patrols that were put on happened.
        ("Extra patrols were put on in Newcastle after the stabbing.", "Newcastle", "patrol"),
    ],
)
def test_what_may_be_laid_on_is_standby(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        # A march is where it sets off, passes and ends.
        ("The march set off from Marble Arch shortly after noon.", "Marble Arch", "protest"),
        ("Protesters marched from Hyde Park to Whitehall.", "Whitehall", "protest"),
        ("Protesters marched from Hyde Park to Whitehall.", "Hyde Park", "protest"),
        ("The march wound its way through Belfast.", "Belfast", "protest"),
        # Leaving from a place is no march.
        ("The bomber set off from Peshawar before dawn.", "Peshawar", "context"),
        ("The family set out from Leeds on Friday morning.", "Leeds", "context"),
    ],
)
def test_a_march_is_where_it_goes(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        # What a force decides, or a watch on a prisoner, puts no force at the place.
        ("She studied how police in Oakland had changed their approach.", "Oakland", "context"),
        ("Police in Leeds have changed their tactics since the riots.", "Leeds", "context"),
        ("He remains in hospital in Glasgow under police guard.", "Glasgow", "context"),
        # Police who act there are there.
        ("Police in Leeds arrested two men on Friday.", "Leeds", "deployment"),
        ("A police guard was posted at the mosque in Leeds.", "Leeds", "guard"),
    ],
)
def test_what_a_force_decides_is_no_presence(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        # A strike, a protest or a threat that makes a site close closes it.
        ("A strike by staff forced the Eiffel Tower to close.", "Eiffel Tower", "closure"),
        ("A walkout by guards forced the Louvre to shut on Monday.", "Louvre", "closure"),
        # A strike by a trade is a protest unless it forces a site to close.
        ("A strike by museum workers forced the Louvre to close.", "Louvre", "closure"),
        (
            "A strike by airport staff compelled Heathrow Airport to cancel flights.",
            "Heathrow Airport",
            "closure",
        ),  # fmt: skip
        ("A strike by rail workers shut down services in Paris.", "Paris", "protest"),
        (
            "A walkout by baggage handlers forced Gatwick Airport to suspend flights.",
            "Gatwick Airport",
            "closure",
        ),
        # Illness closes for health, not security; a team forced to change closes nothing.
        ("A dengue outbreak forced schools in Dhaka to close.", "Dhaka", "context"),
        ("Schools in Lahore were closed for a week because of dengue.", "Lahore", "context"),
        ("A norovirus outbreak closed two wards at a hospital in Leeds.", "Leeds", "context"),
        ("Injuries forced Leeds to change their line-up.", "Leeds", "context"),
        # A threat's closure is a security closure.
        ("Schools in Lahore were closed after a bomb threat.", "Lahore", "closure"),
    ],
)
def test_a_site_forced_to_close(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        # A person given an age who moved somewhere lives there.
        ("Anthony Ruiz, 27, had moved to Denver weeks before the shooting.", "Denver", "context"),
        (
            "Jane Roe, 34, recently moved to Leeds, weeks before she was stabbed.",
            "Leeds",
            "context",
        ),
        (
            "The victim, 19, had relocated to Perth from Bunbury before the attack.",
            "Perth",
            "context",
        ),
        # Where the person was hurt is the incident.
        ("Anthony Ruiz, 27, was shot dead in Denver on Saturday.", "Denver", "incident"),
    ],
)
def test_a_person_who_moved_lives_there(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        # A part of a city named by a possessive is in the city.
        (
            "A man was shot by police after an armed siege at a house in Sydney's west.",
            "Sydney",
            "incident",
        ),
        ("A woman was carjacked in Brisbane's north on Tuesday.", "Brisbane", "incident"),
        ("Two men were stabbed in Melbourne's inner east overnight.", "Melbourne", "incident"),
        # A possessive that names whose event it is places nothing.
        ("Sydney's worst mass shooting left five dead.", "Sydney", "context"),
        ("Britain's worst atrocity happened in Lockerbie.", "Britain", "context"),
    ],
)
def test_a_part_named_by_a_possessive(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)
