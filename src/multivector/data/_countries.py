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

#: Extra names users type, mapped to ccodes (resolution aliases).
ALIASES: dict[str, int] = {
    "usa": 2, "us": 2, "united states": 2, "america": 2,
    "uk": 200, "britain": 200, "great britain": 200,
    "ussr": 365, "soviet union": 365, "russian federation": 365,
    "west germany": 260, "frg": 260, "federal republic of germany": 260,
    "east germany": 265, "gdr": 265,
    "north yemen": 678, "south yemen": 680,
    "serbia": 345, "serbia and montenegro": 345,
    "north macedonia": 343, "eswatini": 572, "timor-leste": 860, "cote d'ivoire": 437, "côte d’ivoire": 437,
    "czechia": 316, "burma": 775, "myanmar": 775, "turkiye": 640, "türkiye": 640,
    "drc": 490, "congo-kinshasa": 490, "congo-brazzaville": 484, "zaire": 490,
    "prc": 710, "roc": 713, "dprk": 731, "rok": 732,
    "kyrgyz republic": 703, "moldova, republic of": 359,
}


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
