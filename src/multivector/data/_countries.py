"""COW states <-> ISO 3166 codes, and UN vote countries -> COW codes.

ISO codes come from :mod:`pycountry` (ISO 3166-1, and ISO 3166-3 for
withdrawn codes) by an exact lookup of the COW state name. Where COW names
differ from ISO names, or the state predates ISO 3166, the table below says
what to do, with the reason. Tests check every entry.
"""

from __future__ import annotations

#: ccode -> ISO 3166 alpha-3 (current or withdrawn), or None where no ISO code
#: exists for the state. Applied before pycountry's name lookup.
ISO3_OVERRIDES: dict[int, str | None] = {
    56: "LCA",   # St. Lucia
    57: "VCT",   # St. Vincent and the Grenadines
    58: "ATG",   # Antigua & Barbuda
    60: "KNA",   # St. Kitts and Nevis
    240: None,   # Hanover (pre-ISO German state)
    245: None,   # Bavaria
    255: "DEU",  # Germany (the unified state keeps DE/DEU, as in the UN vote data)
    260: None,   # German Federal Republic: ISO DE/DEU passed to the unified Germany (255)
    265: "DDR",  # German Democratic Republic (ISO 3166-3, withdrawn)
    267: None,   # Baden
    269: None,   # Saxony
    271: None,   # Wuerttemburg
    273: None,   # Hesse Electoral
    275: None,   # Hesse Grand Ducal
    280: None,   # Mecklenburg Schwerin
    300: None,   # Austria-Hungary
    315: "CSK",  # Czechoslovakia (ISO 3166-3, withdrawn)
    327: None,   # Papal States
    329: None,   # Two Sicilies
    332: None,   # Modena
    335: None,   # Parma
    337: None,   # Tuscany
    343: "MKD",  # Macedonia (now North Macedonia)
    345: "SRB",  # Yugoslavia; COW continues it as Serbia after 2006
    347: None,   # Kosovo has no ISO 3166 code (XK/XKX is user-assigned)
    365: "RUS",  # Russia (the Soviet Union shares COW code 365)
    402: "CPV",  # Cape Verde
    437: "CIV",  # Ivory Coast
    490: "COD",  # Democratic Republic of the Congo
    511: None,   # Zanzibar
    572: "SWZ",  # Swaziland (now Eswatini)
    640: "TUR",  # Turkey (ISO name: Türkiye)
    678: None,   # Yemen Arab Republic: ISO YE/YEM passed to unified Yemen (679)
    680: "YMD",  # Yemen People's Republic (ISO 3166-3, withdrawn)
    730: None,   # Korea (before 1905)
    731: "PRK",  # North Korea
    732: "KOR",  # South Korea
    817: None,   # Republic of Vietnam
    835: "BRN",  # Brunei
    860: "TLS",  # East Timor
}

#: ISO 3166-3 alpha-3 -> alpha-2 of withdrawn codes used above.
WITHDRAWN_ISO2 = {"DDR": "DD", "CSK": "CS", "YMD": "YD"}

#: UN vote data: country code -> ccode where the ISO code alone does not give it.
UN_CODE_OVERRIDES: dict[str, int] = {
    "YU": 345,  # Yugoslavia, then Serbia and Montenegro, then Serbia: COW 345 throughout
    "TW": 713,  # Republic of China's seat to 1971 (COW Taiwan)
}

#: UN vote data: rows with an empty country code, matched by name.
UN_NAME_OVERRIDES: dict[str, int] = {
    "Federal Republic of Germany": 260,
    "Yemen Arab Republic": 678,
    "Zanzibar": 511,
}

#: pycountry's ISO 3166-3 (withdrawn) countries that were COW states, by alpha-3: their
#: names ("Zaire, Republic of", "Byelorussian SSR Soviet Socialist Republic", ...) resolve to
#: the COW state that carries on (COW keeps one code across a change of name). Territories
#: (Canton and Enderbury, Panama Canal Zone, ...) and Sikkim (not a COW state) are left out.
HISTORIC_ISO3: dict[str, int] = {
    "BUR": 775,  # Burma -> Myanmar
    "BYS": 370,  # Byelorussian SSR -> Belarus
    "CSK": 315,  # Czechoslovakia
    "DDR": 265,  # German Democratic Republic
    "DHY": 434,  # Dahomey -> Benin
    "HVO": 439,  # Upper Volta -> Burkina Faso
    "RHO": 552,  # Southern Rhodesia -> Zimbabwe (COW 552 from 1965)
    "SCG": 345,  # Serbia and Montenegro (COW 345 throughout)
    "SUN": 365,  # USSR (COW 365 throughout)
    "TMP": 860,  # East Timor
    "VDR": 816,  # Democratic Republic of Viet-Nam (COW 816, Vietnam)
    "YMD": 680,  # Yemen People's Republic
    "YUG": 345,  # Yugoslavia
    "ZAR": 490,  # Zaire -> Democratic Republic of the Congo
}

#: Names users type that neither COW nor pycountry gives, mapped to ccodes (resolution aliases),
#: each with its reason. Matching ignores case, accents, punctuation, a leading "the", "St."
#: against "Saint", and spaces (so "Cote d Ivoire" and "Guinea Bissau" match).
ALIASES: dict[str, int] = {
    # abbreviations and short forms in common use
    "usa": 2, "us": 2, "united states": 2, "america": 2, "u s a": 2,
    "uk": 200, "britain": 200, "great britain": 200, "england": 200,
    "ussr": 365, "soviet union": 365, "union of soviet socialist republics": 365, "russian empire": 365,
    "west germany": 260, "frg": 260, "brd": 260,
    "east germany": 265, "gdr": 265,
    "north yemen": 678, "south yemen": 680, "democratic yemen": 680, "peoples democratic republic of yemen": 680,
    "prc": 710, "peoples republic of china": 710, "mainland china": 710,
    "roc": 713, "republic of china": 713, "formosa": 713,
    "dprk": 731, "rok": 732, "uae": 696, "drc": 490, "holland": 210, "bosnia-herzegovina": 346,
    # World Bank and UN short forms found in data sets users merge
    "slovak republic": 317, "lao pdr": 812, "korea rep": 732, "korea dem peoples rep": 731,
    "egypt arab rep": 651, "iran islamic rep": 630, "yemen rep": 679, "venezuela rb": 101,
    "congo dem rep": 490, "congo rep": 484, "micronesia fed sts": 987, "cabo verde": 402,
    # names a state carried under the same COW code (historical or changed names)
    "serbia": 345, "serbia and montenegro": 345, "kingdom of serbs croats and slovenes": 345,
    "north macedonia": 343, "fyrom": 343, "former yugoslav republic of macedonia": 343,
    "eswatini": 572, "timor-leste": 860, "cote d'ivoire": 437, "czechia": 316,
    "burma": 775, "myanmar": 775, "turkiye": 640, "ottoman empire": 640, "persia": 630, "siam": 800,
    "ceylon": 780, "abyssinia": 530, "kampuchea": 811, "democratic kampuchea": 811, "khmer republic": 811,
    "congo-kinshasa": 490, "congo-leopoldville": 490, "zaire": 490, "congo-brazzaville": 484,
    "republic of the congo": 484, "dahomey": 434, "upper volta": 439, "rhodesia": 552,
    "malagasy republic": 580, "western samoa": 990, "gold coast": 452, "tanganyika": 510, "prussia": 255,
    "sardinia": 325, "piedmont-sardinia": 325, "kingdom of sardinia": 325, "north vietnam": 816,
    "democratic republic of vietnam": 816, "south vietnam": 817, "kingdom of korea": 730, "korean empire": 730,
    "joseon": 730, "austria hungary": 300, "austro-hungarian empire": 300,
    # Soviet-era Russian-derived names of the post-Soviet states
    "kirghizia": 703, "kirgizia": 703, "kyrgyz republic": 703, "kazakh ssr": 705,
    "turkmenia": 701, "tadzhikistan": 702, "tajik ssr": 702, "byelorussia": 370, "belorussia": 370,
    "byelorussian ssr": 370, "ukrainian ssr": 369,
    "moldavia": 359, "moldova, republic of": 359,
}

#: Names that mean several states in common use; they raise AmbiguousNameError listing them
#: (a year picks the one in the state system then, e.g. "Korea" in 1900 is the kingdom).
#: "Korea" alone most often means South Korea today, but COW's state named "Korea" is the
#: kingdom of 1887-1905: rather than guess, the user chooses.
AMBIGUOUS_NAMES: dict[str, tuple[int, ...]] = {
    "korea": (732, 731, 730),
    "kor": (732, 730),  # ISO alpha-3 of South Korea, COW abbreviation of the kingdom
    "federal republic of germany": (260, 255),  # West Germany to 1990, the official name of Germany since
}


def name_variants(name: str) -> list[str]:
    """Forms of a published name that users type: the name, and for ISO's "Head, Tail of"
    form the natural order ("Korea, Republic of" -> "Republic of Korea") and the head alone
    (resolution adds a head only where no other state claims it, so "Congo, The Democratic
    Republic of the" does not take "Congo" from COW's Congo, 484).

    Example:
        >>> name_variants("Korea, Republic of")
        ['Korea, Republic of', 'Republic of Korea', 'Korea']
        >>> name_variants("Congo, The Democratic Republic of the")
        ['Congo, The Democratic Republic of the', 'The Democratic Republic of the Congo', 'Congo']
    """
    out = [name]
    if "," in name:
        head, tail = (p.strip() for p in name.split(",", 1))
        low = tail.lower()
        if low.endswith((" of", " of the")) or low in ("the", "republic of"):
            out.append(f"{tail} {head}")
        out.append(head)
    return out


def iso_codes(ccode: int, statenme: str) -> tuple[str | None, str | None]:
    """ISO alpha-2 and alpha-3 for a COW state, or (None, None).

    Example:
        >>> iso_codes(705, "Kazakhstan")
        ('KZ', 'KAZ')
        >>> iso_codes(265, "German Democratic Republic")
        ('DD', 'DDR')
    """
    import pycountry

    if ccode in ISO3_OVERRIDES:
        a3 = ISO3_OVERRIDES[ccode]
        if a3 is None:
            return None, None
        if a3 in WITHDRAWN_ISO2:
            return WITHDRAWN_ISO2[a3], a3
        c = pycountry.countries.get(alpha_3=a3)
        return c.alpha_2, c.alpha_3
    try:
        c = pycountry.countries.lookup(statenme)
    except LookupError:
        return None, None
    return c.alpha_2, c.alpha_3


#: ISO3-coded sources (IIGO): codes the ``states`` table's ISO3 does not give -> ccode, with the reason.
ISO3_CODE_OVERRIDES: dict[str, int] = {
    "ALG": 615,        # Algeria: IIGO's code (ISO 3166 is DZA)
    "AUH": 300,        # Austria-Hungary: no ISO code (the Concert of Europe, 1815-1856)
    "GIN - GNQ": 411,  # IIGO's cell holds two codes for Equatorial Guinea (StateName); GNQ is Equatorial Guinea
    "KOS": 347,        # Kosovo: no ISO 3166 code (XK/XKX is user-assigned)
    "YUG": 345,        # Yugoslavia: COW 345 throughout (later Serbia and Montenegro, then Serbia)
}

#: ISO3-coded sources: rows with an empty code, placed by their name.
ISO3_NAME_OVERRIDES: dict[str, int] = {
    "Democratic Republic of the Congo": 490,  # IIGO gives no stateID for it (11 rows)
}

#: An ISO3 code held before by another COW state: used in years its present holder is not in the system.
ISO3_PREDECESSORS: dict[str, int] = {
    "DEU": 260,  # DE/DEU was the German Federal Republic's code before unification (COW 260, 1955-1990)
    "YEM": 678,  # YE/YEM was the Yemen Arab Republic's code before unification (COW 678, 1926-1990)
}
