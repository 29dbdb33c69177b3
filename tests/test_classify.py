"""Roles, actors, numbers and threat levels, on sentences written beyond the seeds."""

from __future__ import annotations

import pytest

from geomap.events.numbers import casualties, count_near
from geomap.events.roles import role_of
from geomap.events.rules import load_role_rules
from geomap.events.threat import threat_levels

RULES = load_role_rules()


def _role(sentence: str, name: str, kind: str = "site", **kw: bool) -> tuple[str, str | None]:
    start = sentence.index(name)
    role, actor, _ = role_of(sentence, start, start + len(name), kind, RULES, **kw)
    return role, actor


@pytest.mark.parametrize(
    "sentence, name, kind, expected",
    [
        # lists share the cue of their clause
        (
            "Soldiers now stand guard at static posts such as at Holyrood, Edinburgh Castle and "
            "the Scottish Parliament.",
            "Edinburgh Castle",
            "site",
            ("guard", "military"),
        ),
        (
            "Soldiers now stand guard at static posts such as at Holyrood, Edinburgh Castle and "
            "the Scottish Parliament.",
            "Scottish Parliament",
            "site",
            ("guard", "military"),
        ),
        # modality: standby, not deployment
        (
            "Extra troops could be deployed at venues such as Old Trafford and Anfield.",
            "Anfield",
            "site",
            ("standby", "military"),
        ),
        (
            "About 5,000 soldiers are ready to be called upon to be deployed to Wales if needed.",
            "Wales",
            "region",
            ("standby", "military"),
        ),
        ("Troops remain on standby near Cardiff.", "Cardiff", "city", ("standby", "military")),
        # negation
        (
            "There are no soldiers on the streets of Leeds.",
            "Leeds",
            "city",
            ("context", "military"),
        ),
        (
            "There are no plans for the army to patrol Glasgow.",
            "Glasgow",
            "city",
            ("context", "military"),
        ),
        # past reference is still an incident
        (
            "He spoke near where a police officer was stabbed outside Parliament in March.",
            "Parliament",
            "site",
            ("incident", None),
        ),
        # captions and headlines
        (
            "Police at Victoria Station after a blast at the concourse",
            "Victoria Station",
            "site",
            ("incident", None),
        ),
        (
            "Firefighters Called To Croydon Tram Crash After Explosion",
            "Croydon",
            "city",
            ("incident", None),
        ),
        # cordons and the sites inside them
        (
            "Armed police threw a ring of steel around Whitehall.",
            "Whitehall",
            "site",
            ("cordon", "police"),
        ),
        (
            "Officers cordoned off the area around Victoria Street.",
            "Victoria Street",
            "site",
            ("cordon", "police"),
        ),
        # closures
        (
            "Westminster Abbey was closed to visitors on Thursday.",
            "Westminster Abbey",
            "site",
            ("closure", None),
        ),
        (
            "The stadium was put on lockdown after a suspicious package was found at Wembley "
            "Stadium.",
            "Wembley Stadium",
            "site",
            ("closure", None),
        ),
        (
            "The Trooping the Colour rehearsal was cancelled at Horse Guards Parade.",
            "Horse Guards Parade",
            "site",
            ("closure", None),
        ),
        # patrols and deployments
        (
            "Armed officers will patrol across Birmingham this weekend.",
            "Birmingham",
            "city",
            ("patrol", "police"),
        ),
        (
            "Special Forces were sent to Liverpool overnight.",
            "Liverpool",
            "city",
            ("deployment", "special_forces"),
        ),
        (
            "An armed officer outside the Houses of Parliament",
            "Houses of Parliament",
            "site",
            ("deployment", "police"),
        ),
        # an area named as a modifier of the sites within it
        (
            "The army will guard key Manchester sites.",
            "Manchester",
            "city",
            ("context", "military"),
        ),
        # hypothetical events are not events
        (
            "Troops can be mobilised within hours of a terrorism incident in Scotland.",
            "Scotland",
            "region",
            ("context", "military"),
        ),
        # an area where it happens, not a modifier of what is there
        (
            "Paris reinforced security, while in Amsterdam extra police patrolled the airport.",
            "Amsterdam",
            "city",
            ("patrol", "police"),
        ),
        # no cue at all
        ("The mayor of Bristol spoke to reporters.", "Bristol", "city", ("context", None)),
        # Raids and searches send forces to a place; a controlled explosion is no attack.
        (
            "Police have arrested three more men in raids in south Manchester.",
            "Manchester",
            "city",
            ("deployment", "police"),
        ),
        (
            "Officers carried out a controlled explosion at a property in Wigan, and a cordon "
            "remains in place around a house in Nuneaton.",
            "Wigan",
            "city",
            ("deployment", "police"),
        ),
        # A singular verb after "and the Name" starts a clause; joined names take a plural.
        (
            "Fencing has been put up around the Capitol and the National Mall was closed.",
            "Capitol",
            "site",
            ("cordon", None),
        ),
        (
            "Buckingham Palace and the Palace of Westminster were guarded by troops.",
            "Buckingham Palace",
            "site",
            ("guard", "military"),
        ),
        # The subject of "sealed off" is inside the cordon.
        ("Southwark Cathedral was sealed off.", "Southwark Cathedral", "site", ("cordon", None)),
        (
            "Police said Borough Market had been quickly cordoned off.",
            "Borough Market",
            "site",
            ("cordon", "police"),
        ),
        # The town holds a cordon around a house in it.
        (
            "Officers carried out a controlled explosion at a property in Wigan, and a cordon "
            "remains in place around a house in Nuneaton.",
            "Nuneaton",
            "city",
            ("cordon", "police"),
        ),
    ],
)
def test_roles(sentence: str, name: str, kind: str, expected: tuple[str, str | None]) -> None:
    assert _role(sentence, name, kind) == expected


def test_possessive_area_in_an_incident_clause_is_context() -> None:
    s = "He murdered 22 people at the arena in Britain's worst atrocity for 12 years."
    assert _role(s, "Britain", "country", possessive=True)[0] == "context"


def test_known_incident_reference() -> None:
    s = "We are learning the lessons from Berlin and from Brussels."
    assert _role(s, "Berlin", "city", known_incident=True)[0] == "incident"
    assert _role(s, "Berlin", "city", known_incident=False)[0] == "context"


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("up to 3,800 military personnel can be mobilised", 3800),
        ("A total of 984 troops carrying guns are being ferried out", 984),
        ("One thousand additional armed officers have been freed up", 1000),
        ("will deploy 600 additional armed officers around the capital", 600),
        ("will increase by 600 to bring the total within the force to 2,800 officers", 2800),
        ("About 30 soldiers were seen walking into the grounds", 30),
        ("Up to 15,000 National Guard troops will be deployed to Washington", 15000),
        ("with 2,000 riot police and 500 special forces on standby", 2000),
        ("No number here.", None),
    ],
)
def test_personnel_counts(sentence: str, expected: int | None) -> None:
    assert count_near(sentence) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("a suspected terror attack which killed 22 people and injured 59 on Monday", (22, 59)),
        ("Three other people were wounded in the attack", (None, 3)),
        ("The blast left 12 dead and 40 injured.", (12, 40)),
        ("Nobody was hurt.", (None, None)),
        ("killing three people and injuring around 40", (3, 40)),
        # Auxiliaries and victims' nouns between the number and the verb.
        ("At least 13 people have been killed and more than 100 injured", (13, 100)),
        ("Two police officers were reportedly wounded.", (None, 2)),
        # A number of hours or of vehicles is no casualty count.
        ("Five hours after the van killed them, the area reopened.", (None, None)),
    ],
)
def test_casualties(sentence: str, expected: tuple[int | None, int | None]) -> None:
    assert casualties(sentence) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ('The terror threat had been raised to "critical".', [("critical", True)]),
        ("JTAC raised the threat level to critical on Tuesday.", [("critical", True)]),
        ("The terror threat level in the UK remains at severe.", [("severe", False)]),
        ("The threat level has not changed from substantial.", [("substantial", False)]),
        ("The threat level was lowered to severe on Saturday.", [("severe", True)]),
        ("Nothing about threats here.", []),
    ],
)
def test_threat_levels(text: str, expected: list[tuple[str, bool]]) -> None:
    assert [(lvl, ch) for lvl, ch, _, _ in threat_levels(text)] == expected


@pytest.mark.parametrize(
    "text, name",
    [
        (
            "Liverpool's attack was too strong for Manchester United at Old Trafford.",
            "Old Trafford",
        ),
        ("Shares in Frankfurt fell after the central bank's attack on inflation.", "Frankfurt"),
        ("The Prime Minister attacked Labour's plans during a visit to Birmingham.", "Birmingham"),
    ],
)
def test_an_attack_is_an_incident_only_in_a_text_about_violence(text: str, name: str) -> None:
    from geomap.pipeline import extract_document

    [m] = [m for m in extract_document(text, "d").mentions if m.text == name]
    assert m.role == "context"
    violent = extract_document(text + " Two people were injured.", "d").mentions
    assert [x.role for x in violent if x.text == name] == ["incident"]


@pytest.mark.parametrize(
    "sentence, name, expected",
    [
        # The dead of a quake or a crash make no incident ...
        ("A 7.8-magnitude earthquake killed more than 8,000 people in Nepal.", "Nepal", "context"),
        ("Two people died when a bus crashed near Leeds on Monday.", "Leeds", "context"),
        # ... unless the sentence speaks of an attack or an explosion.
        (
            "A car was deliberately driven at pedestrians in a crash in Leeds that killed four.",
            "Leeds",
            "incident",
        ),
        (
            "Firefighters were called to a crash in Croydon after an explosion.",
            "Croydon",
            "incident",
        ),
    ],
)
def test_disasters_and_accidents_are_no_incidents(sentence: str, name: str, expected: str) -> None:
    assert _role(sentence, name, "city")[0] == expected


@pytest.mark.parametrize(
    "sentence, name, expected",
    [
        # A cue in someone's quoted words, past a speaker's colon or a quotation mark, is
        # not the speaker's place's event.
        ('"We are safe," an officer at the Old Bailey said: "the bombing was far away".',
         "Old Bailey", "deployment"),
        ("A guard at the Old Bailey said: the bombing was in another town.", "Old Bailey",
         "guard"),
        ('Witnesses at the Old Bailey said "there was a shooting" nearby.', "Old Bailey",
         "context"),
        ("Speaking at the Old Bailey, the judge recalled: “the murder shocked us all”.",
         "Old Bailey", "context"),
        # Counter-examples: the cue in the place's own statement, or a caption's event
        # after it, still counts.
        ('The bombing at the Old Bailey, he said: "was an outrage".', "Old Bailey", "incident"),
        ("Police at the Old Bailey after an explosion on Monday.", "Old Bailey", "incident"),
        ('He said: "Troops are patrolling outside the Old Bailey."', "Old Bailey", "patrol"),
        # A speaker described, then the speaker's words: two statements.
        ("Jane Doe, imam of the mosque by the Old Bailey, said the killing of civilians "
         "must stop.", "Old Bailey", "context"),
        ("John Roe, who works at the Old Bailey, told reporters the shooting shocked him.",
         "Old Bailey", "context"),
        # Counter-examples: the attribution after the statement.
        ("Two men were stabbed at the Old Bailey, police said.", "Old Bailey", "incident"),
        ("The bombing at the Old Bailey, officials said, was planned for weeks.", "Old Bailey",
         "incident"),
        # A headline's colon is a label, not a speaker's.
        ("BRIXTON ATTACK: TWO DEAD AFTER CAR HITS CROWD AT OLD BAILEY", "OLD BAILEY", "incident"),
    ],
)  # fmt: skip
def test_quotes_and_colons_bound_the_cue(sentence: str, name: str, expected: str) -> None:
    assert _role(sentence, name)[0] == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # The count after the verb, as news writes it.
        ("Gunmen shot dead two officers at a checkpoint.", (2, None)),
        ("The attackers fled after shooting dead three guards.", (3, None)),
        ("The bomb went off in a market, killing three people and wounding 12.", (3, 12)),
        ("A car bomb kills at least 25 near the cathedral.", (25, None)),
        ("The blast left 5 dead and dozens injured.", (5, 24)),
        ("The death toll rose to 31 on Sunday.", (31, None)),
        ("A dozen people were taken to hospital.", (None, 12)),
        ("Eleven soldiers died and fifteen were wounded.", (11, 15)),
        # "left" counts only what it is followed by.
        ("The blast left 20 injured.", (None, 20)),
        ("The explosion left 7 people wounded.", (None, 7)),
        # Ages, dates, durations are no count.
        ("Police killed 22-year-old gunman John Doe.", (None, None)),
        ("He was killed 2 years ago in the same town.", (None, None)),
        ("Two men were injured 3 days ago.", (None, 2)),
        ("She was murdered 15 minutes after leaving home.", (None, None)),
    ],
)
def test_casualty_counts_as_news_writes_them(
    sentence: str, expected: tuple[int | None, int | None]
) -> None:
    assert casualties(sentence) == expected


@pytest.mark.parametrize(
    "sentence, name, locative, expected",
    [
        # An area right before a force names whose force it is, not where it acts.
        ("London police say two men were stabbed overnight.", "London", False, "context"),
        ("Oakland officers were praised after the shooting.", "Oakland", False, "context"),
        ("The Paris police chief said the attack was planned.", "Paris", False, "context"),
        ("Manchester's police force has deployed extra patrols.", "Manchester", False,
         "context"),
        # Counter-examples: after a preposition it is the place; a force named before it
        # acts there.
        ("In London police patrolled the streets all night.", "London", True, "patrol"),
        ("Troops were deployed in Manchester on Monday.", "Manchester", True, "deployment"),
        ("Police in Leeds were seen at the station.", "Leeds", True, "deployment"),
    ],
)  # fmt: skip
def test_a_force_named_after_an_area_is_an_affiliation(
    sentence: str, name: str, locative: bool, expected: str
) -> None:
    assert _role(sentence, name, "city", locative=locative)[0] == expected


@pytest.mark.parametrize(
    "sentence, name, expected",
    [
        # "of" names whose force it is, as the area right before it does.
        ("The majority of London police officers do not carry firearms.", "London", "context"),
        ("The major crimes unit of Leeds police took charge of the inquiry.", "Leeds", "context"),
        # Counter-example: a place preposition makes the area the place.
        ("Armed officers were at the scene in Leeds police said.", "Leeds", "deployment"),
    ],
)
def test_of_before_a_force_is_still_an_affiliation(sentence: str, name: str, expected: str) -> None:
    assert _role(sentence, name, "city", locative=True)[0] == expected


@pytest.mark.parametrize(
    "sentence, name, expected",
    [
        # Fights and killings named as crimes are incidents where they took place.
        ("Seven men were convicted over the brawl on a deserted street in Brixton.", "Brixton",
         "incident"),
        ("This death marks the fourth homicide of the year in Leeds.", "Leeds", "incident"),
        ("Police released footage of a street fight in Brixton.", "Brixton", "incident"),
        ("A pub brawl in Leeds left one man injured.", "Leeds", "incident"),
        ("He was charged with manslaughter after the death in Leeds.", "Leeds", "incident"),
        # Counter-examples: a fight as a campaign or a contest is none.
        ("The fight against crime in Leeds goes on.", "Leeds", "context"),
        ("The title fight in Leeds sold out in minutes.", "Leeds", "context"),
    ],
)  # fmt: skip
def test_fights_and_homicides_are_incidents(sentence: str, name: str, expected: str) -> None:
    assert _role(sentence, name, "city", locative=True)[0] == expected


@pytest.mark.parametrize(
    "sentence, name, kind, expected",
    [
        # "close" with a place as its object is a closure.
        ("The investigation will close Rest Acres Road for several hours.", "Rest Acres Road",
         "site", "closure"),
        ("Officials are closing the border with Chad at Kousseri.", "Kousseri", "city",
         "closure"),
        # Counter-examples: nearness and friendship.
        ("The hotel is close to Hyde Park.", "Hyde Park", "site", "context"),
        ("A close friend of the mayor lives in Luton.", "Luton", "city", "context"),
        # Confinement and territory taken by force.
        ("He held a woman against her will at a motel in Luton.", "Luton", "city", "incident"),
        ("The army took full control of Palmyra on Sunday.", "Palmyra", "city", "incident"),
        ("Rebels overran the town of Kafr Nabl overnight.", "Kafr Nabl", "city", "incident"),
        ("A boy tried to blow up a market in Ludwigshafen.", "Ludwigshafen", "city",
         "incident"),
        # Counter-examples: control as management, a row that blew up.
        ("The council will keep control of parking in Luton.", "Luton", "city", "context"),
    ],
)  # fmt: skip
def test_closing_confining_and_taking_places(
    sentence: str, name: str, kind: str, expected: str
) -> None:
    assert _role(sentence, name, kind, locative=True)[0] == expected


@pytest.mark.parametrize(
    "text, name",
    [
        ("The row over fares in Luton blew up into a strike.", "Luton"),
        ("He blew up balloons for a party in Luton.", "Luton"),
    ],
)
def test_blowing_up_is_an_incident_only_in_a_text_about_violence(text: str, name: str) -> None:
    assert _role(text, name, "city", locative=True, violent=False)[0] == "context"
