"""The words of conflict-event notes and news: triggers, second looks and actors, by tables.

Each table holds paraphrases written the way wire copy and event notes are written, and
counter-examples where the same words name no event (``events.toml``, ``events/frames.py``,
``events/coding.py``).
"""

from __future__ import annotations

import pytest

from geomap.events.coding import actor_of, refine
from geomap.events.frames import frame_at, load_event_rules

RULES = load_event_rules()


def _frame(sentence: str, place: str, violent: bool = True):
    start = sentence.index(place)
    return frame_at(sentence, start, start + len(place), RULES, violent=violent)


# (sentence, place, ACLED sub-event type the place takes)
TRIGGERS = [
    # Battles
    ("Government troops fought rebels in the hills around Rutshuru.", "Rutshuru", "Armed clash"),
    ("Militants fought with soldiers for hours near Dikwa.", "Dikwa", "Armed clash"),
    ("The two sides exchanged small arms fire near Avdiivka.", "Avdiivka", "Armed clash"),
    ("A shoot-out with a gang left three dead in Caloocan.", "Caloocan", "Armed clash"),
    ("An attack on the camp was repelled outside Kidal.", "Kidal", "Armed clash"),
    (
        "The army recaptured Bentiu after a week of fighting.",
        "Bentiu",
        "Government regains territory",
    ),
    ("Troops retook the town of Lalibela on Sunday.", "Lalibela", "Government regains territory"),
    (
        "Insurgents captured Dessie town in a dawn assault.",
        "Dessie",
        "Non-state actor overtakes territory",
    ),
    (
        "The militants took control of Mocimboa da Praia on Wednesday.",
        "Mocimboa da Praia",
        "Non-state actor overtakes territory",
    ),
    ("Fighters seized parts of Marawi overnight.", "Marawi", "Non-state actor overtakes territory"),
    # Explosions/remote violence
    ("Forces exchanged artillery fire near Tartar.", "Tartar", "Shelling/artillery/missile attack"),
    (
        "Israeli shelling hit the outskirts of Naqoura.",
        "Naqoura",
        "Shelling/artillery/missile attack",
    ),
    # Violence against civilians
    ("Armed men raped two women near Kalehe.", "Kalehe", "Sexual violence"),
    ("A girl was gang-raped in a village near Hathras.", "Hathras", "Sexual violence"),
    ("Insurgents beheaded two farmers in Ancuabe.", "Ancuabe", "Attack"),
    ("A man drove his car into a crowd in Charlottesville.", "Charlottesville", "Attack"),
    ("Gunmen ambushed a bus of pilgrims near Anantnag.", "Anantnag", "Attack"),
    ("Gunmen took four engineers hostage in Warri.", "Warri", "Abduction/forced disappearance"),
    ("The air force launched an air strike on Raqqa.", "Raqqa", "Air/drone strike"),
    (
        "Sheberghan city fell to the Taliban on Friday.",
        "Sheberghan",
        "Non-state actor overtakes territory",
    ),
    ("Kidal came under fire overnight.", "Kidal", "Armed clash"),
    (
        "Shops were looted in the Hodan district of Mogadishu.",
        "Mogadishu",
        "Looting/property destruction",
    ),
    ("Armed men on motorbikes stormed a village near Ouallam.", "Ouallam", "Attack"),
    ("A drone launched from Yemen hit a tanker off Jizan.", "Jizan", "Air/drone strike"),
    (
        "The rebels entered Jalalabad without a fight.",
        "Jalalabad",
        "Non-violent transfer of territory",
    ),
    ("Residents of Ngozi town held a demonstration.", "Ngozi", "Peaceful protest"),
    ("Farmers of Sangli marched to the district office.", "Sangli", "Peaceful protest"),
    (
        "Hundreds gathered in Conakry to demand the release of prisoners.",
        "Conakry",
        "Peaceful protest",
    ),
    ("Nurses went on a sit-down strike in Monrovia.", "Monrovia", "Peaceful protest"),
    ("Dockers staged a two-day strike at the port of Durban.", "Durban", "Peaceful protest"),
    ("Soldiers demolished two houses in Hebron.", "Hebron", "Looting/property destruction"),
    (
        "Militants detonated a VBIED at the gate of a base in Baidoa.",
        "Baidoa",
        "Remote explosive/landmine/IED",
    ),
    (
        "Separatists fired grenade launchers at positions near Horlivka.",
        "Horlivka",
        "Shelling/artillery/missile attack",
    ),
    ("Troops found and destroyed an IED factory in Sirte.", "Sirte", "Disrupted weapons use"),
    # Protests and riots
    ("Farmers blocked the highway near Ludhiana.", "Ludhiana", "Peaceful protest"),
    ("Doctors began a nationwide strike in Nairobi.", "Nairobi", "Peaceful protest"),
    ("Protesters took to the streets of Tripoli over power cuts.", "Tripoli", "Peaceful protest"),
    ("A mob lynched a suspected thief in Sialkot.", "Sialkot", "Mob violence"),
    ("Youths threw bricks at officers in Southport.", "Southport", "Violent demonstration"),
    # Strategic developments
    ("Soldiers defused two IEDs on a road near Baiji.", "Baiji", "Disrupted weapons use"),
    ("Police seized a weapons cache in Mosul.", "Mosul", "Disrupted weapons use"),
    (
        "Sappers cleared 40 mines and unexploded shells near Izium.",
        "Izium",
        "Disrupted weapons use",
    ),
    ("Al Shabaab fighters withdrew from Buulobarde.", "Buulobarde", "Change to group/activity"),
    ("Gangs ransacked the warehouse in Gonaives.", "Gonaives", "Looting/property destruction"),
    ("Raiders burned houses in villages near Bor.", "Bor", "Looting/property destruction"),
    # Strikes carried out, or that hit, without the word "air"
    ("Coalition jets carried out strikes on positions near Hajjah.", "Hajjah", "Air/drone strike"),
    ("The air force conducted several strikes in Sirte.", "Sirte", "Air/drone strike"),
    ("A strike hit a school sheltering families in Rafah.", "Rafah", "Air/drone strike"),
    ("Overnight strikes pounded the outskirts of Khan Younis.", "Khan Younis", "Air/drone strike"),
    # Gunfire exchanged, a longer subject of "fought", ground taken over
    ("Troops and militants exchanged gunfire near Lashkar Gah.", "Lashkar Gah", "Armed clash"),
    ("An exchange of gunfire broke out in Zinder.", "Zinder", "Armed clash"),
    ("FARC dissidents and the army fought near Tumaco.", "Tumaco", "Armed clash"),
    (
        "Insurgents took over villages near Marib.",
        "Marib",
        "Non-state actor overtakes territory",
    ),
    # A state's forces that struck from afar
    (
        "Russian forces struck a hospital in Kupiansk.",
        "Kupiansk",
        "Shelling/artillery/missile attack",
    ),
    (
        "Government troops pounded rebel positions near Rutshuru.",
        "Rutshuru",
        "Shelling/artillery/missile attack",
    ),
    # Weapons seized, told in the passive
    ("A cargo of rifles was intercepted off Misrata.", "Misrata", "Disrupted weapons use"),
    ("Three IEDs were defused on the road near Baidoa.", "Baidoa", "Disrupted weapons use"),
    # Drones launched, munitions dropped, fire traded, fighters dislodged
    ("Rebels launched drones at an airbase near Kassala.", "Kassala", "Air/drone strike"),
    ("A quadcopter dropped explosives on a house in Bannu.", "Bannu", "Air/drone strike"),
    ("Rebels and the army traded fire near Rutshuru.", "Rutshuru", "Armed clash"),
    (
        "Soldiers dislodged militants from hideouts near Gwoza.",
        "Gwoza",
        "Government regains territory",
    ),
    # Bodies with the marks of a killing, markets burned, roads blocked and named
    ("The bodies of three men with gunshot wounds were found near Culiacan.", "Culiacan", "Attack"),
    ("Residents found mutilated bodies in a ravine outside Uvira.", "Uvira", "Attack"),
    ("Gunmen burned the market in Ouallam.", "Ouallam", "Looting/property destruction"),
    ("Indigenous groups blocked the highway near Popayan.", "Popayan", "Peaceful protest"),
    ("Militants ambushed a convoy on the road to Kidal.", "Kidal", "Attack"),
    # Attacking, punishment, a storming told by the place's name
    ("Fighters were accused of attacking farmers near Bama.", "Bama", "Attack"),
    ("Taliban members publicly flogged two men in Herat.", "Herat", "Attack"),
    ("Gunmen tortured a herder in Dori, residents said.", "Dori", "Attack"),
    ("Soldiers stormed Kidal at dawn, killing three.", "Kidal", "Attack"),
    # A march held, workers on strike, a crowd named with its province
    ("Women in Kaya held a march against the blockade.", "Kaya", "Peaceful protest"),
    ("Nurses on strike gathered outside the ministry in Lusaka.", "Lusaka", "Peaceful protest"),
    ("Residents of Zinder (Niger) marched to the governor's office.", "Zinder", "Peaceful protest"),
    # Nearness written out
    ("Rebels clashed with troops in a village close to Bunia.", "Bunia", "Armed clash"),
    ("Shelling hit farms not far from Avdiivka.", "Avdiivka", "Shelling/artillery/missile attack"),
    (
        "A mine exploded on a road close to the town of Djibo.",
        "Djibo",
        "Remote explosive/landmine/IED",
    ),
    # The verb "battled" with its opponent or its stake.
    ("Militiamen battled with soldiers near Kalehe.", "Kalehe", "Armed clash"),
    ("Rebels battled for control of a hilltop outside Shabunda.", "Shabunda", "Armed clash"),
    ("Two factions were battling against each other in Zintan.", "Zintan", "Armed clash"),
    # Rockets told by who fired them or what they hit; tank fire.
    (
        "A rocket fired by insurgents hit a market in Mardan.",
        "Mardan",
        "Shelling/artillery/missile attack",
    ),
    ("Rockets slammed into a school in Sderot.", "Sderot", "Shelling/artillery/missile attack"),
    (
        "Mortar rounds fired from the hills fell on Dikwa.",
        "Dikwa",
        "Shelling/artillery/missile attack",
    ),
    (
        "Tank fire killed two farmers near Khan Younis.",
        "Khan Younis",
        "Shelling/artillery/missile attack",
    ),
    (
        "A house was shelled by tanks in Beit Lahia.",
        "Beit Lahia",
        "Shelling/artillery/missile attack",
    ),
    # Bullets through a car or a house.
    ("Gunmen riddled a minibus with bullets near Kohat.", "Kohat", "Attack"),
    ("Attackers riddled his house with gunfire in Culiacan.", "Culiacan", "Attack"),
    # A crowd's road block, with a bracketed qualifier between the name and the verb.
    ("Fishermen in Gwadar (Balochistan) blocked the port road.", "Gwadar", "Peaceful protest"),
    ("Shopkeepers blocked a junction in Kano over new levies.", "Kano", "Peaceful protest"),
    ("Students in Gulu (Gulu district) held a march against fees.", "Gulu", "Peaceful protest"),
    ("Villagers in Tamale (Northern region) staged a sit-in.", "Tamale", "Peaceful protest"),
    # A state's forces that hit a place hit it from afar.
    (
        "Russian forces hit Zaporizhzhia overnight.",
        "Zaporizhzhia",
        "Shelling/artillery/missile attack",
    ),
    (
        "Israeli forces hit a house in Khan Younis.",
        "Khan Younis",
        "Shelling/artillery/missile attack",
    ),
    (
        "Government troops hit rebel positions near Kadugli.",
        "Kadugli",
        "Shelling/artillery/missile attack",
    ),
    # People seized are abducted.
    (
        "Gunmen seized a priest on the road outside Maroua.",
        "Maroua",
        "Abduction/forced disappearance",
    ),
    (
        "Militants seized 12 passengers from a bus near Lokoja.",
        "Lokoja",
        "Abduction/forced disappearance",
    ),
    ("Armed men snatched two aid workers in Goma.", "Goma", "Abduction/forced disappearance"),
]


@pytest.mark.parametrize("sentence, place, sub_type", TRIGGERS)
def test_the_words_of_event_notes_place_their_event(
    sentence: str, place: str, sub_type: str
) -> None:
    frame = _frame(sentence, place)
    assert frame is not None and frame.role != "context"
    assert frame.sub_event_type == sub_type


# The same words where nothing of the kind happens there.
NOT_EVENTS = [
    ("She fought cancer for years in Leeds.", "Leeds", False),
    ("Prices fell to record lows in Lagos.", "Lagos", True),
    ("The photo captured the mood in Kyiv.", "Kyiv", True),
    ("Migrants are held in a detention centre in Tripoli.", "Tripoli", True),
    ("A report on detention conditions was launched in Beirut.", "Beirut", True),
    ("The team withdrew from the tournament in Doha.", "Doha", True),
    ("Strike talks resumed in Leeds.", "Leeds", True),
    ("A bus overturned on the highway near Multan, killing 8.", "Multan", True),
    ("Police blocked the road leading to the stadium in Turin.", "Turin", True),
    ("The drone footage was shown in Oslo.", "Oslo", True),
    ("A resident of Leeds was hurt in the attack in Bradford.", "Leeds", True),
    ("Fans gathered in Lyon to watch the final.", "Lyon", True),
    ("Sales fell to a low in Paris.", "Paris", True),
    ("The fans stormed to victory in Madrid.", "Madrid", False),
    ("The rail strike hit exports from Durban.", "Durban", False),
    ("Union members carried out a strike ballot in Leeds.", "Leeds", True),
    ("The army held a march-past in Delhi.", "Delhi", True),
    ("Leaders held talks in March in Geneva.", "Geneva", True),
    ("He flogged his old car at a market in Leeds.", "Leeds", False),
    ("The campaign whipped up anger in Lagos.", "Lagos", True),
    ("The band stormed London charts in May.", "London", False),
    ("Fans praised the attacking play in Milan.", "Milan", False),
    ("Government forces struck a deal with the rebels in Doha.", "Doha", True),
    ("The army struck back at its critics in Accra.", "Accra", True),
    ("The bodies of flood victims were recovered near Derna.", "Derna", True),
    ("Troops dislodged a boulder blocking the road near Gilgit.", "Gilgit", True),
    ("The firm launched new drones at a trade fair in Dubai.", "Dubai", False),
    ("The new road to Kidal was opened by the minister.", "Kidal", True),
    ("She battled with cancer for years in Leeds.", "Leeds", True),
    ("Firefighters battled against the flames in Durban.", "Durban", True),
    ("The rocket was launched into orbit from Baikonur.", "Baikonur", True),
    ("Rocket prices rose in Houston.", "Houston", True),
    ("The essay was riddled with errors, a teacher in Leeds said.", "Leeds", True),
    ("A tank of fuel was delivered to Mombasa.", "Mombasa", True),
    ("Police in Turin (Piedmont) blocked the road to the stadium.", "Turin", True),
    ("Fishermen in Gwadar (Balochistan) sold their catch.", "Gwadar", True),
    ("Customs officers seized 200 kg of cocaine in Antwerp.", "Antwerp", True),
    ("Government forces hit back at their critics in Accra.", "Accra", True),
    ("The army hit the headlines in Lagos last week.", "Lagos", True),
    ("Security forces hit the streets of Nairobi for a parade.", "Nairobi", True),
    ("The court seized the assets of a businessman in Lagos.", "Lagos", True),
]


@pytest.mark.parametrize("sentence, place, violent", NOT_EVENTS)
def test_the_same_words_in_other_senses_name_no_such_event(
    sentence: str, place: str, violent: bool
) -> None:
    frame = _frame(sentence, place, violent)
    assert frame is None or frame.role in ("context", "closure")


@pytest.mark.parametrize(
    "sentence, place",
    [
        ("On 23 August 2020, protesters rallied in Tripoli.", "23 August"),
        ("On 28 May 2020, rioters burned a police precinct.", "28 May"),
        ("Clashes on 1 May 2019 left two dead.", "1 May"),
    ],
)
def test_a_day_named_like_a_town_is_a_date(sentence: str, place: str) -> None:
    frame = _frame(sentence, place)
    assert frame is not None and (frame.role, frame.relation) == ("context", "date")


@pytest.mark.parametrize(
    "sentence, place",
    [
        ("Shelling hit the outskirts of Naqoura.", "Naqoura"),
        ("Students were attacked in Jigatala area of Dhaka.", "Dhaka"),
        ("Gunmen fired on a bus in the northern suburbs of Kaduna.", "Kaduna"),
        ("Rockets struck the centre of Kharkiv.", "Kharkiv"),
    ],
)
def test_a_part_of_a_place_locates_the_event_there(sentence: str, place: str) -> None:
    frame = _frame(sentence, place)
    assert frame is not None and frame.role == "incident"


VAC = ("Violence against civilians", "Attack")
IED = ("Explosions/Remote violence", "Remote explosive/landmine/IED")
PEACEFUL = ("Protests", "Peaceful protest")
INTERVENTION = ("Protests", "Protest with intervention")
FORCE = ("Protests", "Excessive force against protesters")
RIOT = ("Riots", "Violent demonstration")
MOB = ("Riots", "Mob violence")
LOOTING = ("Strategic developments", "Looting/property destruction")
ARRESTS = ("Strategic developments", "Arrests")
CLASH = ("Battles", "Armed clash")
ABDUCTION = ("Violence against civilians", "Abduction/forced disappearance")
AIR = ("Explosions/Remote violence", "Air/drone strike")
SHELLING = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
GRENADE = ("Explosions/Remote violence", "Grenade")

# (sentence, the types its event word gives, the types on a second look)
REFINED = [
    ("Police fired tear gas to disperse protesters in Nairobi.", PEACEFUL, INTERVENTION),
    ("Riot police detained dozens of marchers in Minsk.", PEACEFUL, INTERVENTION),
    ("Activists blocked traffic until police arrested eight of them.", ARRESTS, INTERVENTION),
    ("Security forces shot dead four demonstrators in Conakry.", VAC, FORCE),
    ("Troops fired live rounds at a rally, killing two.", PEACEFUL, FORCE),
    ("Protesters torched a police station in Kano.", PEACEFUL, RIOT),
    ("Demonstrators ransacked the party's offices in Sousse.", PEACEFUL, RIOT),
    ("Crowds looted shops after the rally in Durban.", LOOTING, RIOT),
    ("A mob lynched a man accused of theft.", VAC, MOB),
    ("A mob set fire to homes in Comilla.", LOOTING, MOB),
    ("Villagers beat to death a suspected thief in Kitgum.", VAC, MOB),
    ("Protesters clashed with riot police in Bishkek.", CLASH, RIOT),
    ("A gunman opened fire on a protest march in Wazirabad.", PEACEFUL, VAC),
    ("Militants clashed with security forces in Khost.", CLASH, CLASH),
    (
        "A suicide bomber detonated his vest at a market.",
        IED,
        ("Explosions/Remote violence", "Suicide bomb"),
    ),
    ("Jets bombed a hospital in Idlib.", IED, ("Explosions/Remote violence", "Air/drone strike")),
    ("Police raided a compound and a gun battle followed.", ARRESTS, CLASH),
    ("Militants raided the village at dawn, killing 12.", ARRESTS, VAC),
    ("Insurgents burned houses and killed 11 villagers.", LOOTING, VAC),
    ("A bomb tore through a peace rally in Ankara.", PEACEFUL, IED),
    ("A man drove his van into a crowd of marchers.", PEACEFUL, VAC),
    ("Gunmen stormed a school and abducted 30 pupils.", VAC, ABDUCTION),
    ("Bandits attacked the village and kidnapped 12 women.", VAC, ABDUCTION),
    ("Armed men broke into a studio and took the staff hostage.", VAC, ABDUCTION),
    ("Supporters of rival parties clashed in Abobo.", CLASH, MOB),
    ("Students clashed with activists of the ruling party's youth wing.", CLASH, MOB),
    ("Students set fire to a bus in Santiago.", LOOTING, RIOT),
    ("Glide bombs hit a supermarket in Kharkiv.", IED, AIR),
    ("Bombs fired by rebels landed on a camp near Goma.", IED, SHELLING),
    ("Mortar rounds were fired at the base overnight.", IED, SHELLING),
    ("Taliban members detained and flogged two women.", ARRESTS, VAC),
    ("Police arrested and beat up a journalist in Harare.", ARRESTS, VAC),
    ("Bandits raided the village and rustled cattle.", ARRESTS, LOOTING),
    ("Militants attacked the market and looted shops.", VAC, LOOTING),
    ("Police clashed with youths who pelted them with stones.", CLASH, RIOT),
    ("Demonstrators stoned police vehicles in Lubumbashi.", PEACEFUL, RIOT),
    ("Troops raided the camp and bulldozed houses.", ARRESTS, LOOTING),
    # Counter-examples: the second look finds nothing to change.
    ("Protesters blocked roads with burning tyres in Beirut.", PEACEFUL, PEACEFUL),
    ("Thousands protested over the killing of a student by police.", PEACEFUL, PEACEFUL),
    ("Hundreds rallied in Dakar against the arrest of their leader.", PEACEFUL, PEACEFUL),
    ("Crowds marched peacefully through Algiers.", PEACEFUL, PEACEFUL),
    ("Police raided a flat and arrested two men.", ARRESTS, ARRESTS),
    ("Protesters threw petrol bombs at the police.", RIOT, RIOT),
    ("Anti-aircraft guns fired at drones; a mortar shell also exploded.", IED, IED),
    ("Gunmen shot a trader in his shop.", VAC, VAC),
    ("Gunmen attacked the village, killing 5 and abducting 12.", VAC, VAC),
    ("A roadside bomb exploded as a convoy passed.", IED, IED),
    ("A bomb planted on the road was detonated remotely as troops fired back.", IED, IED),
    ("Police detained and beat up protesters in Minsk.", ARRESTS, INTERVENTION),
    ("Militants raided the village, looted shops and killed 4.", ARRESTS, VAC),
    ("Bandits clashed with vigilantes who threw stones.", CLASH, CLASH),
    ("Russian forces hit Zaporizhzhia with guided bombs.", SHELLING, AIR),
    # A grenade that exploded; a bomb and a grenade together stay the bomb.
    ("A grenade exploded at a bar, killing 2 customers.", IED, GRENADE),
    ("A hand grenade thrown into a shop exploded.", IED, GRENADE),
    ("A roadside bomb exploded and gunmen then threw grenades.", IED, IED),
    # A crowd that throws stones in a clash riots.
    ("Traders clashed with council officers, throwing stones.", CLASH, RIOT),
    ("Youths clashed with police, hurling rocks at them.", CLASH, RIOT),
    ("Gunmen clashed with police, throwing stones and firing rifles.", CLASH, CLASH),
    ("Troops raided the camp, bulldozed a house and arrested five.", ARRESTS, ARRESTS),
    ("Militants clashed with supporters of the government.", CLASH, CLASH),
    ("Rebels and soldiers clashed as students fled the campus.", CLASH, CLASH),
    # A crowd of shoppers or tourists is no protest, whoever speaks of the killing.
    ("A van was driven into crowds, killing 13, in what police called terrorism.", VAC, VAC),
    ("Police said a man stabbed three people in a crowded market.", VAC, VAC),
]


@pytest.mark.parametrize("sentence, told, refined", REFINED)
def test_a_second_look_at_the_sentence_retypes_the_event_as_acled_codes_it(
    sentence: str, told: tuple[str, str], refined: tuple[str, str]
) -> None:
    assert refine(sentence, told, RULES) == refined


# (sentence, ACLED event type, the actor the event is told of)
ACTORS = [
    ("Regime forces shelled the outskirts of Kafr Zita.", "Explosions/Remote violence", "military"),
    ("Russian warplanes struck a market in Ariha.", "Explosions/Remote violence", "military"),
    ("Coalition aircraft struck a wedding in Hajjah.", "Explosions/Remote violence", "military"),
    (
        "Al Shabaab militants fired mortars at the base.",
        "Explosions/Remote violence",
        "armed_group",
    ),
    ("Houthi forces fired artillery shells at Taiz.", "Explosions/Remote violence", "armed_group"),
    (
        "Militants planted an IED on the road to Baidoa.",
        "Explosions/Remote violence",
        "armed_group",
    ),
    ("Soldiers and rebels exchanged fire near Bunia.", "Battles", "military"),
    ("Rebels and soldiers exchanged fire near Bunia.", "Battles", "armed_group"),
    (
        "Unidentified gunmen shot dead a trader in Kidal.",
        "Violence against civilians",
        "armed_group",
    ),
    ("Police said gunmen opened fire on a bus.", "Violence against civilians", "armed_group"),
    ("Special forces clashed with gunmen near the compound.", "Battles", "special_forces"),
    ("A drone launched by rebels hit the airport.", "Explosions/Remote violence", "armed_group"),
    ("A guard was stabbed by an unknown assailant.", "Violence against civilians", "armed_group"),
    ("Israeli air strikes destroyed a building in Gaza.", "Explosions/Remote violence", "military"),
    ("A Turkish drone strike killed two PKK members.", "Explosions/Remote violence", "military"),
    ("Peacekeepers and rebels exchanged fire near Kiwanja.", "Battles", "military"),
    (
        "The Taliban arrested a former officer in Kandahar.",
        ("Strategic developments", "Arrests"),
        "armed_group",
    ),
    ("Police arrested two men in Salford.", ("Strategic developments", "Arrests"), "police"),
    ("Teachers went on strike in Accra.", "Protests", "protesters"),
    ("Police fired tear gas at the marchers in Lomé.", "Protests", "protesters"),
    ("Rioters burned cars in Santiago.", "Riots", "protesters"),
    ("RSF artillery shelled the market in El Fasher.", "Explosions/Remote violence", "armed_group"),
    ("The Rapid Support Forces shelled Omdurman.", "Explosions/Remote violence", "armed_group"),
    ("The Arakan Army shelled a base near Sittwe.", "Explosions/Remote violence", "armed_group"),
    ("SAF drones struck positions in Bahri.", "Explosions/Remote violence", "military"),
    ("The Nigerian Army shelled positions near Bama.", "Explosions/Remote violence", "military"),
    ("Armed youth clashed with herders near Bor.", "Battles", "armed_group"),
    ("An Israeli strike killed five people in Rafah.", "Explosions/Remote violence", "military"),
    ("US air strikes hit sites in Sanaa.", "Explosions/Remote violence", "military"),
    ("Two Russian ballistic missiles hit Sumy.", "Explosions/Remote violence", "military"),
    ("Armed herders killed 15 villagers near Jos.", "Violence against civilians", "armed_group"),
    ("Settlers attacked farmers near Nablus.", "Violence against civilians", "armed_group"),
    ("Armed villagers exchanged fire near Imphal.", "Battles", "armed_group"),
    (
        "Counter-terrorism service units arrested three men in Tikrit.",
        ("Strategic developments", "Arrests"),
        "special_forces",
    ),
    # A state's fire named by its people's adjective.
    ("Israeli air raids hit Baalbek.", "Explosions/Remote violence", "military"),
    ("Russian guided bombs struck Kupiansk.", "Explosions/Remote violence", "military"),
    ("Israeli tank fire killed 3 people in Rafah.", "Explosions/Remote violence", "military"),
    ("Russian forces hit Kharkiv with guided bombs.", "Explosions/Remote violence", "military"),
    # Nobody, or nobody who did it, is named.
    ("A roadside bomb exploded in Kandahar.", "Explosions/Remote violence", None),
    ("Police probed the bomb blast in Cairo.", "Explosions/Remote violence", None),
    ("Security forces inspected the site of the explosion.", "Explosions/Remote violence", None),
    ("Troops were deployed to the border.", "Strategic developments", None),
]


@pytest.mark.parametrize("sentence, event_type, actor", ACTORS)
def test_an_event_s_actor_is_its_subject_or_the_crowd(
    sentence: str, event_type: str | tuple[str, str], actor: str | None
) -> None:
    types = event_type if isinstance(event_type, tuple) else (event_type, None)
    assert actor_of(sentence, 0, len(sentence), types, RULES) == actor
