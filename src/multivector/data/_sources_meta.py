"""Provenance of every shipped data source: citation, version, licence.

This table is the single place that ``cite()``, ``multivector cite``, the web
API and every report footer read from. The build copies it into the manifest.
"""

from __future__ import annotations

SOURCES: dict[str, dict[str, str]] = {
    "cow_igo": {
        "name": "Correlates of War Intergovernmental Organizations",
        "version": "3.0",
        "citation": (
            "Pevehouse, Jon C.W., Timothy Nordstrom, Roseanne W. McManus and Anne Spencer Jamison. 2020. "
            "\"Tracking Organizations in the World: The Correlates of War IGO Version 3.0 Datasets.\" "
            "Journal of Peace Research 57(3): 492-503."
        ),
        "doi": "10.1177/0022343319881175",
        "url": "https://correlatesofwar.org/data-sets/igos/",
        "licence": "Free for research use; cite the article.",
        "coverage": "534 IGOs, 1816-2014, annual",
        "bibtex": (
            "@article{pevehouse2020igo,\n"
            "  author  = {Pevehouse, Jon C. W. and Nordstrom, Timothy and McManus, Roseanne W. and Jamison, Anne Spencer},\n"
            "  title   = {Tracking Organizations in the World: The Correlates of War {IGO} Version 3.0 Datasets},\n"
            "  journal = {Journal of Peace Research},\n"
            "  volume  = {57},\n  number  = {3},\n  pages   = {492--503},\n  year    = {2020},\n"
            "  doi     = {10.1177/0022343319881175}\n}"
        ),
    },
    "cow_states": {
        "name": "Correlates of War State System Membership",
        "version": "2016",
        "citation": "Correlates of War Project. 2017. \"State System Membership List, v2016.\" Online, https://correlatesofwar.org.",
        "doi": "",
        "url": "https://correlatesofwar.org/data-sets/state-system-membership/",
        "licence": "Free for research use; cite the Correlates of War Project.",
        "coverage": "217 states, 1816-2016",
        "bibtex": (
            "@misc{cow2017states,\n"
            "  author = {{Correlates of War Project}},\n"
            "  title  = {State System Membership List, v2016},\n"
            "  year   = {2017},\n  url    = {https://correlatesofwar.org}\n}"
        ),
    },
    "unga": {
        "name": "United Nations General Assembly Voting Data",
        "version": "unvotes release, sessions 1-74 (1946-2019)",
        "citation": (
            "Voeten, Erik, Anton Strezhnev and Michael Bailey. 2009-. \"United Nations General Assembly Voting Data.\" "
            "Harvard Dataverse, hdl:1902.1/12379. As released in the R package unvotes (David Robinson, MIT licence)."
        ),
        "doi": "hdl:1902.1/12379",
        "url": "https://dataverse.harvard.edu/dataset.xhtml?persistentId=hdl:1902.1/12379",
        "licence": "CC0 (Dataverse); unvotes package code MIT.",
        "coverage": "6,203 roll calls, 870,109 votes, sessions 1-74",
        "bibtex": (
            "@misc{voeten2009unga,\n"
            "  author = {Voeten, Erik and Strezhnev, Anton and Bailey, Michael},\n"
            "  title  = {United Nations General Assembly Voting Data},\n"
            "  year   = {2009},\n  publisher = {Harvard Dataverse},\n  note   = {hdl:1902.1/12379}\n}\n"
            "@article{bailey2017ideal,\n"
            "  author  = {Bailey, Michael A. and Strezhnev, Anton and Voeten, Erik},\n"
            "  title   = {Estimating Dynamic State Preferences from United Nations Voting Data},\n"
            "  journal = {Journal of Conflict Resolution},\n  volume = {61},\n  number = {2},\n  pages = {430--456},\n"
            "  year    = {2017},\n  doi     = {10.1177/0022002715595700}\n}"
        ),
    },
    "records": {
        "name": "multivector engagement records, 2015-2025",
        "version": "2026-11",
        "citation": "multivector team. 2026. Sourced engagement records of the post-Soviet states, 2015-2025 (each row cites its own source).",
        "doi": "",
        "url": "",
        "licence": "CC BY 4.0; each row names its source.",
        "coverage": "post-Soviet states and the pillar states, 2015-2025; provisional",
        "bibtex": (
            "@misc{multivector2026records,\n"
            "  author = {{multivector team}},\n"
            "  title  = {Sourced engagement records of the post-Soviet states, 2015--2025},\n"
            "  year   = {2026}\n}"
        ),
    },
}
