"""Event frames: which event the text locates at a place, written as news is written."""

from __future__ import annotations

import pytest

from geomap.errors import RulesError
from geomap.events.frames import frame_at, load_event_rules, relation_of

RULES = load_event_rules()


def _frame(sentence: str, place: str):
    start = sentence.index(place)
    return frame_at(sentence, start, start + len(place), RULES)


# (sentence, place, role, ACLED sub-event type, relation)
LOCATED = [
    (
        "Regime forces shelled the outskirts of Maaret al-Numan overnight.",
        "Maaret al-Numan",
        "incident",
        "Shelling/artillery/missile attack",
        "object",
    ),
    (
        "Artillery fire hit several homes in Donetsk on Tuesday.",
        "Donetsk",
        "incident",
        "Shelling/artillery/missile attack",
        "locative",
    ),
    (
        "An air strike on a market in Saada killed 12 people.",
        "Saada",
        "incident",
        "Air/drone strike",
        "locative",
    ),
    (
        "A suicide bomber blew himself up at a checkpoint near Mogadishu.",
        "Mogadishu",
        "incident",
        "Suicide bomb",
        "locative",
    ),
    ("A grenade was thrown at the embassy in Kabul.", "Kabul", "incident", "Grenade", "locative"),
    (
        "A roadside bomb struck a convoy outside Kandahar.",
        "Kandahar",
        "incident",
        "Remote explosive/landmine/IED",
        "locative",
    ),
    (
        "Rebels and government troops clashed in Kidal.",
        "Kidal",
        "incident",
        "Armed clash",
        "locative",
    ),
    (
        "Two people were shot in Birmingham last night.",
        "Birmingham",
        "incident",
        "Attack",
        "locative",
    ),
    (
        "Shots were fired outside Wembley Stadium.",
        "Wembley Stadium",
        "incident",
        "Attack",
        "locative",
    ),
    (
        "A car was driven into pedestrians on Westminster Bridge.",
        "Westminster Bridge",
        "incident",
        "Attack",
        "locative",
    ),
    ("The Kabul attack killed 90 people.", "Kabul", "incident", "Attack", "modifier"),
    ("Police are investigating the Leeds stabbing.", "Leeds", "incident", "Attack", "modifier"),
    (
        "Gunmen kidnapped three aid workers in Zamfara.",
        "Zamfara",
        "incident",
        "Abduction/forced disappearance",
        "locative",
    ),
    (
        "Medical interns protested in Bat Galim Square on Saturday.",
        "Bat Galim Square",
        "protest",
        "Peaceful protest",
        "locative",
    ),
    (
        "Thousands marched through Istanbul on Sunday.",
        "Istanbul",
        "protest",
        "Peaceful protest",
        None,
    ),
    (
        "Rioters looted shops in Tottenham.",
        "Tottenham",
        "deployment",
        "Looting/property destruction",
        "locative",
    ),
    (
        "Protesters set fire to a police station in Minneapolis.",
        "Minneapolis",
        "deployment",
        "Looting/property destruction",
        "locative",
    ),
    ("Police arrested two men in Salford.", "Salford", "deployment", "Arrests", "locative"),
    ("Whitehall was cordoned off for several hours.", "Whitehall", "cordon", "Other", "subject"),
    (
        "Gare du Nord was evacuated after a bomb alert.",
        "Gare du Nord",
        "closure",
        "Other",
        "subject",
    ),
]


@pytest.mark.parametrize("sentence, place, role, sub_type, relation", LOCATED)
def test_an_event_located_at_a_place_gives_it_the_event(
    sentence: str, place: str, role: str, sub_type: str, relation: str | None
) -> None:
    frame = _frame(sentence, place)
    if relation is None:
        # "marched through X": no preposition the table lists; the cue lists still read it.
        assert frame is None or frame.role == role
        return
    assert frame is not None
    assert (frame.role, frame.sub_event_type, frame.relation) == (role, sub_type, relation)


NOT_LOCATED = [
    # A home town, an origin, an affiliation: the person is from there.
    ("Jane Doe, 43, of Hayes, was not the target of the shooting.", "Hayes", "home"),
    ("A tourist from Canada was killed in the attack.", "Canada", "home"),
    ("A Regina teenager is charged after a woman was stabbed.", "Regina", "home"),
    ("The London-based group said the strike killed 12.", "London", "home"),
    # A dateline names where the report was filed.
    ("BEIRUT — Shelling resumed in the besieged city.", "BEIRUT", "dateline"),
    ("HOLLIDAY, Mo. — A man was arrested after a crash.", "HOLLIDAY", "dateline"),
    ("LONDON (Reuters) - Police raided a house in Leeds.", "LONDON", "dateline"),
    # Open again: nothing is closed there.
    ("St Pancras International remained open.", "St Pancras International", "reopened"),
    ("Heathrow was open as usual on Sunday.", "Heathrow", "reopened"),
]


@pytest.mark.parametrize("sentence, place, relation", NOT_LOCATED)
def test_a_place_a_person_is_from_or_a_report_is_filed_at_has_no_event(
    sentence: str, place: str, relation: str
) -> None:
    frame = _frame(sentence, place)
    assert frame is not None
    assert (frame.role, frame.relation) == ("context", relation)


NO_EVENT = [
    # Nothing happens, or it happens elsewhere.
    ("The mayor of Paris spoke to reporters.", "Paris"),
    ("The minister spoke in Paris about the attack in Nice.", "Paris"),
    ("He flew home to Ottawa.", "Ottawa"),
    ("The talks behind closed doors in Geneva ended.", "Geneva"),
    ("Talks in London as the alert was raised went on.", "London"),
]


@pytest.mark.parametrize("sentence, place", NO_EVENT)
def test_a_place_beside_no_event_word_or_beside_another_place_s_event_has_none(
    sentence: str, place: str
) -> None:
    start = sentence.index(place)
    hi = sentence.find(" about ") if " about " in sentence else None
    frame = frame_at(sentence, start, start + len(place), RULES, hi=hi)
    assert frame is None or frame.role == "context"


def test_attack_words_need_a_text_about_violence() -> None:
    sentence = "Liverpool's attack was too strong at Anfield."
    start = sentence.index("Anfield")
    assert frame_at(sentence, start, start + 7, RULES, violent=False) is None


@pytest.mark.parametrize(
    "sentence, place, relation",
    [
        ("Troops were deployed in the coastal town of Izmir.", "Izmir", "locative"),
        ("Fighting raged in nearby Idlib province.", "Idlib", "locative"),
        ("Police said the man, 31, of Paris, was hurt.", "Paris", "home"),
        ("Talks went on in London as the UK alert rose.", "UK", None),
    ],
)
def test_relations(sentence: str, place: str, relation: str | None) -> None:
    start = sentence.index(place)
    assert relation_of(sentence, start, start + len(place), RULES) == relation


def test_a_misspelt_key_in_a_user_events_file_is_an_error(tmp_path, monkeypatch) -> None:
    (tmp_path / "events.toml").write_text("[relashions]\nx = []\n", encoding="utf-8")
    monkeypatch.setenv("GEOMAP_RULES", str(tmp_path))
    with pytest.raises(RulesError, match=r"events.toml: relashions: Extra inputs"):
        load_event_rules()


def test_a_user_adds_a_trigger_group(tmp_path, monkeypatch) -> None:
    (tmp_path / "events.toml").write_text(
        "[[triggers]]\nrole = 'incident'\nevent_type = 'Battles'\n"
        "sub_event_type = 'Armed clash'\nwords = ['\\bskirmish(es)?\\b']\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("GEOMAP_RULES", str(tmp_path))
    sentence = "A skirmish broke out in Tessalit."
    frame = frame_at(sentence, 24, 32, load_event_rules())
    assert frame is not None and frame.sub_event_type == "Armed clash"


# Whole documents, one sentence each: (text, place, role, ACLED event type).
EVERYDAY = [
    ("Two people were shot in Birmingham.", "Birmingham", "incident", "Violence against civilians"),
    (
        "Shots were fired outside Wembley Stadium.",
        "Wembley Stadium",
        "incident",
        "Violence against civilians",
    ),
    (
        "A car was driven into pedestrians on Westminster Bridge.",
        "Westminster Bridge",
        "incident",
        "Violence against civilians",
    ),
    (
        "A grenade was thrown at the embassy in Kabul.",
        "Kabul",
        "incident",
        "Explosions/Remote violence",
    ),
    (
        "A car bomb exploded in Istanbul, wounding 11 people.",
        "Istanbul",
        "incident",
        "Explosions/Remote violence",
    ),
    (
        "Regime forces shelled the outskirts of Aleppo overnight.",
        "Aleppo",
        "incident",
        "Explosions/Remote violence",
    ),
    (
        "Prison guards severely beat up a journalist in Tehran.",
        "Tehran",
        "incident",
        "Violence against civilians",
    ),
    ("Police cordoned off Whitehall.", "Whitehall", "cordon", "Strategic developments"),
    (
        "Police sealed off Saint-Germain-des-Prés.",
        "Saint-Germain-des-Prés",
        "cordon",
        "Strategic developments",
    ),
    ("St Pancras International remained open.", "St Pancras International", "context", None),
    ("Miss Smith, of Hayes, was not the target of the shooting.", "Hayes", "context", None),
    ("The Minnesota National Guard was called in.", "Minnesota", "context", None),
]


@pytest.mark.parametrize("text, place, role, event_type", EVERYDAY)
def test_everyday_wording_places_the_event(
    text: str, place: str, role: str, event_type: str | None
) -> None:
    from geomap.pipeline import extract_document

    [m] = [m for m in extract_document(text, "d").mentions if m.text == place]
    assert (m.role, m.event_type) == (role, event_type)


@pytest.mark.parametrize(
    "text, published",
    [
        ("A gunman opened fire on police officers in Paris, killing one officer.", "2017-04-21"),
        ("A car bomb exploded in Istanbul, wounding 11 people.", "2017-06-01"),
        ("A man drove a van into a crowd in Berlin, killing two people.", "2018-04-07"),
    ],
)
def test_news_of_an_attack_is_dated_on_its_report_not_by_a_famous_one(
    text: str, published: str
) -> None:
    import datetime as dt

    from geomap.pipeline import extract_document

    day = dt.date.fromisoformat(published)
    [m] = [m for m in extract_document(text, "d", published=day).mentions if m.role != "context"]
    assert (m.role, m.date, m.event_id) == ("incident", day, None)


@pytest.mark.parametrize(
    "text, place, role",
    [
        # A list after the preposition shares it.
        ("We have seen terror attacks in Germany, Belgium and France.", "Belgium", "incident"),
        ("We have seen terror attacks in Germany, Belgium and France.", "France", "incident"),
        ("In Kabul, a suicide bomber killed 12 people.", "Kabul", "incident"),
        ("Shelling hit villages in Idlib, Hama or Latakia.", "Latakia", "incident"),
        # A country is where an attack was only when the text puts it there.
        (
            "The leaders of Turkey and Russia said the attack in Ankara was a provocation.",
            "Turkey",
            "context",
        ),
        ("Officials in Egypt condemned the terrorist attack on the cathedral.", "Egypt", "context"),
    ],
)
def test_where_the_text_puts_the_event(text: str, place: str, role: str) -> None:
    from geomap.pipeline import extract_document

    [m] = [m for m in extract_document(text, "d").mentions if m.text == place]
    assert m.role == role


@pytest.mark.parametrize(
    "sentence, place, relation",
    [
        ("West Virginia police shot at during a traffic stop", "West Virginia", "modifier"),
        ("The Kabul truck bomb attack killed 90.", "Kabul", "modifier"),
        ("Forces shelled the eastern outskirts of Idlib.", "Idlib", "object"),
    ],
)
def test_several_words_may_stand_between_the_place_and_its_event(
    sentence: str, place: str, relation: str
) -> None:
    frame = _frame(sentence, place)
    assert frame is not None and frame.relation == relation
