"""What a word of an organization's name tells: whether it tells names apart.

A name's words are of five kinds (`word_kind`): small words ("of", "the", "al"), generic words
that say what kind of body a name is ("party", "army", "cartel", "militants"), places
("pakistani", "gulf"), numbers, and distinctive words, which are everything else ("hezbollah",
"jalisco"). Name screening (registry/screening/scoring.py) weighs words by their kind; the search
(registry/selectors/search.py), when a text's every word finds nothing, asks for its distinctive
words alone ("Somali al-Shabaab militants" is al-Shabaab). Words are folded by
registry/normalize.py first.
"""

import re
from functools import lru_cache

from .normalize import SMALL_WORDS, consonant_key, folded_words, without_vowels, word_list

# Generic words: what kind of body a name is (party, army, company, club...), what its members
# are called in the press (militants, rebels, guerrillas), its faith or politics in a word, in
# English and in the transliterated Arabic, Urdu, Persian and Spanish words the lists use for the
# same ("harakat": movement, "jaish": army, "tehrik": movement...), "party" and "workers" in
# French, German, Portuguese and Italian (the Brazilian "Partido dos Trabalhadores" is not the
# PKK's "Partido dos Trabalhadores do Curdistão"), and those words typed in Arabic
# or Persian script as registry/normalize.py transliterates them ("حركة": hrkh, "تنظيم": tndhym,
# "جماعة": jmh, "كتائب": ktib, "لشکر": lshkr), and in Hebrew ("תנועת": tnvt, "ארגון": rgvn);
# not "الدولة الإسلامية" (the Islamic State), which is a name in those words alone.
GENERIC_WORDS = frozenset(
    word_list(
        """
    organization organisation organizations group groups movement movements party parties front
    fronts army armies brigade brigades battalion battalions force forces council councils
    committee committees union unions league leagues association associations society societies
    foundation foundations trust trusts fund funds federation confederation alliance coalition
    network networks center centre centers centres institute institution university college
    school schools academy board club clubs team fc sc cf ac bank banking cross crescent red
    national international global world general central united popular people peoples public
    democratic republic republican revolutionary liberation resistance independent free new
    socialist communist nationalist islamic islami islamist muslim muslims islam jihad jihadi
    mujahideen mujahidin mujahedin holy sacred state states government ministry office agency
    service services authority administration department bureau commission mission relief
    charity charitable welfare aid humanitarian development cultural culture social education
    youth students student women workers labour labor trade industries industrial industry
    commercial commerce trading enterprise enterprises holding holdings partners solutions
    business investment investments management capital finance financial insurance media
    news press radio television tv network company companies co corp corporation incorporated
    inc ltd limited llc plc jsc ojsc cjsc pjsc gmbh ag sa srl bv nv lp llp spa sarl sas kg
    cartel cartels gang gangs clan clans family families commando commandos militia militias
    guard guards squad squads division unit units cell cells wing faction collective
    navy navies naval armada
    province provinces
    parti partei partito trabajadores trabalhadores travailleurs arbeiter lavoratori
    collectives collectif kollektiv colectivo
    north south east west northern southern eastern western
    harakat haraka harakah harakatul jamaat jamaa jamaah jamiat jamiyat jamia jammat jabhat
    jabha jebhe tanzim tanzeem katibat kataib katiba kata ib saraya liwa jaish jaysh jeish
    lashkar sipah sipahe hizb hezb tehrik tehreek tahrik majlis shura markaz ittehad ittihad
    ittihadul anjuman idara muassasa muassasat ansar ansaar ahl ahle allah ullah sharia
    shariah islamiya islamiyah islamiyya islamia dawla dawlat daulah daulat
    ejercito frente fuerzas fuerza movimiento partido organizacion nacional revolucionario
    liberacion azad azadi dawa dawah dawat freedom foreign affairs relations external
    revolucionaria revolucionarias armadas armado armados popular ejercito cartel carteles
    generation generations generacion nueva nuevo nuevas nuevos
    hrkh hrkt tndhym mndhmh jbhh ktybh jysh lshkr sph mjls
    fylq thryk mqwmh lmqwmh thwry lthwry jhd ljhd mjhdyn lmjhdyn nsr shbkh qwt qwh grwh
    jmh jmt ljmh ktib lktib lw typ szmn mjmwh fsil sry ljbhh lhrkh ltndhym ljysh jmyh hzb
    tnvt rgvn hzyt
    militant militants rebel rebels insurgent insurgents insurgency guerrilla guerrillas
    guerrilleros fighter fighters separatist separatists jihadist jihadists terrorist terrorists
    extremist extremists paramilitary paramilitaries paramilitar paramilitares dissident
    dissidents branch affiliate outfit cult cults sect sects
    terror member members operative operatives activist activists supporter supporters gunmen
    action mercenary mercenaries criminal criminals
    """
    )
)
# The press's words for a group's people, or for the group itself, added to its name ("ISIS
# members", "the Islamic State group", "Hamas militants", "Wagner mercenaries"): name screening
# reads the name without them, and without a generic word one of them qualifies ("ISIS terrorist
# organization", "Tren de Aragua criminal organization"; registry/screening/scoring.py).
PRESS_WORDS = frozenset(
    word_list(
        """
    group member members militant militants rebel rebels insurgent insurgents guerrilla guerrillas
    fighter fighters jihadist jihadists terrorist terrorists extremist extremists operative
    operatives activist activists supporter supporters gunmen separatist separatists mercenary
    mercenaries criminal criminals
    """
    )
)
# Places: countries, regions and their adjectives ("Pakistani", "Lebanese"), one place a line,
# after the ISO code of the country it names ("-" for a region, a people or a word of two places).
# They tell names apart but do not make a name alike: "Pakistan Cricket Board" is not "Pakistani
# Taliban". Two words of one line name the same place: "Kurdish" / "Kurdistan" pair as one word.
PLACES = [
    (line.split()[0], word_list(" ".join(line.split()[1:])))
    for line in """
    AF afghanistan afghan afghani
    PK pakistan pakistani
    IN india indian
    BD bangladesh bangladeshi
    - kashmir kashmiri
    - jammu
    - punjab punjabi
    PK sindh
    PK balochistan baluchistan
    - khorasan khurasan
    IR iran iranian persian
    IQ iraq iraqi
    SY syria syrian
    - sham levant
    LB lebanon lebanese
    PS palestine palestinian
    PS gaza
    - jerusalem quds
    IL israel israeli
    JO jordan jordanian
    EG egypt egyptian
    LY libya libyan
    TN tunisia tunisian
    DZ algeria algerian
    MA morocco moroccan
    - maghreb
    - sahel
    - sahara
    ML mali malian
    NE niger
    NG nigeria nigerian
    SO somalia somali
    KE kenya kenyan
    SD sudan sudanese
    YE yemen yemeni
    SA saudi
    - arabia arabian arab arabs
    - gulf
    TR turkey turkish turkiye
    - kurdistan kurdish
    - chechnya chechen
    - caucasus caucasian
    PH philippines philippine filipino
    ID indonesia indonesian
    MY malaysia malaysian
    PH mindanao
    CN china chinese
    - uyghur
    - turkestan turkistan
    UZ uzbekistan uzbek
    TJ tajikistan tajik
    RU russia russian
    UA ukraine ukrainian
    - europe european
    GB britain british
    GB england english
    - ireland irish
    US america american usa
    CA canada canadian
    MX mexico mexican
    MX michoacan
    MX tamaulipas
    CO colombia colombian
    VE venezuela venezuelan
    PE peru peruvian
    EC ecuador ecuadorian
    BR brazil brazilian
    AR argentina
    SV salvador salvadoran
    HN honduras
    GT guatemala
    HT haiti haitian
    CU cuba cuban
    DE germany german
    FR france french
    ES spain spanish
    IT italy italian
    GR greece greek
    JP japan japanese
    - korea korean
    - asia asian
    - africa african
    - west
    - bengal
    SA madinah medina
    SA mecca makkah
    IQ baghdad
    SY damascus
    LB beirut
    AF kabul
    PK karachi
    PK lahore
    PK islamabad
    EG cairo
    IR tehran
    - hong
    - kong
    SG singapore
    AU australia australian
    CL chile
    AM armenia armenian
    ET ethiopia ethiopian
    EE estonia
    CD congo congolese
    MZ mozambique mozambican
    KH cambodia cambodian
    UG uganda ugandan
""".strip().splitlines()
]
# Compass directions, one a line with the words that name it in English, Spanish, Portuguese,
# French and German. Two words of one line pair as one word ("Antifa East" / "Antifa Ost"); two
# words naming different directions never pair, however alike they are spelt: "Noroeste" (a
# Mexican newspaper, "northwest") is not the "Noreste" (northeast) of the Cártel del Noreste.
DIRECTIONS = {
    word: line.split()[0]
    for line in """
    north northern norte nord norden
    south southern sur sul sud suden
    east eastern este leste est oriente oriental ost osten
    west western oeste ouest occidente occidental westen
    northeast northeastern noreste nordeste nordost
    northwest northwestern noroeste nordwest
    southeast southeastern sureste sudeste sudost
    southwest southwestern suroeste sudoeste sudwest
""".strip().splitlines()
    for word in line.split()
}
PLACE_WORDS = frozenset(word for _, place in PLACES for word in place)
SAME_PLACE = {word: place[0] for _, place in PLACES for word in place}
# The country a place word names ("salvadoran": SV), for the places that are one country.
PLACE_COUNTRY = {word: code for code, place in PLACES if code != "-" for word in place}


# Numbers written in words, read as digits (`as_digits`): "Brigade Forty-Four" is "Brigade 44";
# in Spanish up to twenty, as gangs are named ("Mara Salvatrucha Trece", "Barrio Dieciocho"), but
# "once" and "dos", which are English and Portuguese words as well.
UNITS = word_list("zero one two three four five six seven eight nine")
TEENS = word_list("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen")
SPANISH = word_list(
    "cero uno - tres cuatro cinco seis siete ocho nueve diez - doce trece catorce quince "
    "dieciseis diecisiete dieciocho diecinueve veinte"
)
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60}
TENS |= {"seventy": 70, "eighty": 80, "ninety": 90}
ROMAN = {"ii": 2, "iii": 3, "iv": 4, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "xi": 11, "xii": 12}
NUMBER_WORDS = {w: n for n, w in enumerate(UNITS)} | {w: n + 10 for n, w in enumerate(TEENS)}
ORDINALS = word_list("first second third fourth fifth sixth seventh eighth ninth tenth")
NUMBER_WORDS |= {w: n + 1 for n, w in enumerate(ORDINALS)}
NUMBER_WORDS |= {w: n for n, w in enumerate(SPANISH) if w != "-"}
ORDINAL_DIGITS = re.compile(r"(\d+)(?:st|nd|rd|th)")


def as_digits(words: list[str]) -> list[str]:
    """The words with each number written in words, as an ordinal ("18th") or in Roman numerals
    as its digits, and a tens word followed by a unit as one number: "brigade forty four" ->
    brigade 44, "barrio dieciocho" -> barrio 18. Name screening compares names so
    (registry/screening/scoring.py), and the search asks for a text so as well
    (registry/selectors/search.py, `other_keys`)."""
    out: list[str] = []
    for word in words:
        if word in ROMAN:
            out.append(str(ROMAN[word]))
        elif word in TENS:
            out.append(str(TENS[word]))
        elif word in NUMBER_WORDS or word.isdigit() or ORDINAL_DIGITS.fullmatch(word):
            number = NUMBER_WORDS[word] if word in NUMBER_WORDS else int(re.sub(r"\D", "", word))
            tens = out[-1] if out and out[-1].isdigit() and int(out[-1]) in TENS.values() else ""
            if tens and number < 10:
                out[-1] = str(int(tens) + number)  # forty four, forty 4 -> 44
            else:
                out.append(str(number))
        else:
            out.append(word)
    return out


@lru_cache(maxsize=65536)
def word_kind(word: str) -> str:
    """How telling a word is: "small" (of, the, al), "generic" (party, army, company, islamic),
    "place" (pakistan, lebanese), "number" (13, 44) or "distinctive" (everything else)."""
    if word.isdigit():
        return "number"
    if word in SMALL_WORDS or len(word) == 1:
        return "small"
    if word in GENERIC_WORDS:
        return "generic"
    if word in PLACE_WORDS:
        return "place"
    return "distinctive"


# Words of Arabic script naming a body of a kind no terrorism list designates, which transliterate
# as a generic word does: "جامعة" (university) is "jmh", as "جماعة" (group) is. A text starting
# with one is not read without it: "جامعة القدس" (Al-Quds University) is not the "AL QODS" of the
# Qods Force.
OTHER_BODIES = frozenset(word_list("جامعة الجامعة"))


@lru_cache(maxsize=4096)
def consonant_readings(text: str) -> tuple[str, ...]:
    """The consonant keys (registry/normalize.py) a text in Arabic or Hebrew script is read by:
    its own, and, when it starts with generic words, the key of the words after each of them. Those
    scripts name the kind of body first ("جماعة أبو سياف", "لشکر زینبیون": group, army), which
    the Latin names put last or leave out ("Abu Sayyaf Group", "Zeynabiyyun"). None for a text
    in other scripts."""
    if not without_vowels(text):
        return ()
    words = folded_words(text).split()
    readings = [consonant_key("".join(words))]
    if text.split()[0] in OTHER_BODIES:
        return tuple(readings)
    while len(words) > 1 and word_kind(words[0]) in ("generic", "small"):
        words = words[1:]  # "جماعة أنصار الإسلام": "nsrlslm" (Ansar al-Islam), then "lslm"
        readings.append(consonant_key("".join(words)))
    return tuple(dict.fromkeys(readings))
