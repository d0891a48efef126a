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
    "atop": {
        "name": "Alliance Treaty Obligations and Provisions (ATOP)",
        "version": "5.1, directed dyad-years (peacesciencer release)",
        "citation": (
            "Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell and Andrew G. Long. 2002. "
            "\"Alliance Treaty Obligations and Provisions, 1815-1944.\" International Interactions 28(3): 237-260. "
            "Data version 5.1, atopdata.org; directed dyad-year file as packaged in the R package peacesciencer "
            "(Miller, Steven V. 2022. \"peacesciencer: An R Package for Quantitative Peace Science Research.\" "
            "Conflict Management and Peace Science 39(6): 755-779, doi:10.1177/07388942221077926)."
        ),
        "doi": "10.1080/03050620213653",
        "url": "http://www.atopdata.org/",
        "licence": "Free for research use; cite the article. peacesciencer code GPL-2.",
        "coverage": "273,296 directed dyad-years, 1815-2018",
        "bibtex": (
            "@article{leeds2002atop,\n"
            "  author  = {Leeds, Brett Ashley and Ritter, Jeffrey M. and Mitchell, Sara McLaughlin and Long, Andrew G.},\n"
            "  title   = {Alliance Treaty Obligations and Provisions, 1815--1944},\n"
            "  journal = {International Interactions},\n  volume  = {28},\n  number  = {3},\n  pages   = {237--260},\n"
            "  year    = {2002},\n  doi     = {10.1080/03050620213653},\n  note    = {Data version 5.1}\n}\n"
            "@article{miller2022peacesciencer,\n"
            "  author  = {Miller, Steven V.},\n"
            "  title   = {{peacesciencer}: An {R} Package for Quantitative Peace Science Research},\n"
            "  journal = {Conflict Management and Peace Science},\n  volume  = {39},\n  number  = {6},\n"
            "  pages   = {755--779},\n  year    = {2022},\n  doi     = {10.1177/07388942221077926}\n}"
        ),
    },
    "unga_idealpoints": {
        "name": "UN General Assembly ideal points (Bailey, Strezhnev and Voeten)",
        "version": "July 2025 release (codebook 2025-07-28)",
        "citation": (
            "Bailey, Michael A., Anton Strezhnev and Erik Voeten. 2017. \"Estimating Dynamic State Preferences from "
            "United Nations Voting Data.\" Journal of Conflict Resolution 61(2): 430-456, doi:10.1177/0022002715595700. "
            "Data: Voeten, Erik. \"United Nations General Assembly Voting Data.\" Harvard Dataverse, "
            "ideal points of July 2025 (votes from the UNGA-DM database: Fjelstul, Hug and Kilby 2025, "
            "Review of International Organizations)."
        ),
        "doi": "10.7910/DVN/LEJUQZ",
        "url": "https://doi.org/10.7910/DVN/LEJUQZ",
        "licence": "CC0 (Harvard Dataverse).",
        "coverage": "11,440 state-years, 1946-2024 (idealpointall to 2023)",
        "bibtex": (
            "@article{bailey2017ideal,\n"
            "  author  = {Bailey, Michael A. and Strezhnev, Anton and Voeten, Erik},\n"
            "  title   = {Estimating Dynamic State Preferences from United Nations Voting Data},\n"
            "  journal = {Journal of Conflict Resolution},\n  volume = {61},\n  number = {2},\n  pages = {430--456},\n"
            "  year    = {2017},\n  doi     = {10.1177/0022002715595700}\n}\n"
            "@misc{voeten2025idealpoints,\n"
            "  author    = {Voeten, Erik},\n"
            "  title     = {United Nations General Assembly Voting Data: Ideal Points, July 2025},\n"
            "  year      = {2025},\n  publisher = {Harvard Dataverse},\n  doi       = {10.7910/DVN/LEJUQZ}\n}"
        ),
    },
    "iigo": {
        "name": "Informal Intergovernmental Organizations (IIGO) 2.0",
        "version": "2.0 (member lists of 2017), manyios release",
        "citation": (
            "Vabulas, Felicity and Duncan Snidal. 2021. \"Cooperation under Autonomy: Building and Analyzing the "
            "Informal Intergovernmental Organizations 2.0 Dataset.\" Journal of Peace Research 58(4): 859-869. "
            "As packaged in the R package manyios (Hollway et al., globalgov/manyios, CC BY 4.0)."
        ),
        "doi": "10.1177/0022343320943920",
        "url": "https://github.com/globalgov/manyios",
        "licence": "CC BY 4.0 (manyios); cite the article.",
        "coverage": "149 informal IGOs, 1815-2017; one member list per organization (2017, or at its end)",
        "bibtex": (
            "@article{vabulas2021iigo,\n"
            "  author  = {Vabulas, Felicity and Snidal, Duncan},\n"
            "  title   = {Cooperation under Autonomy: Building and Analyzing the Informal Intergovernmental "
            "Organizations 2.0 Dataset},\n"
            "  journal = {Journal of Peace Research},\n  volume  = {58},\n  number  = {4},\n  pages   = {859--869},\n"
            "  year    = {2021},\n  doi     = {10.1177/0022343320943920}\n}"
        ),
    },
    "migo": {
        "name": "Membership in Informal International Organizations (MIGO)",
        "version": "informals v3 (state-IO-years 1925-2010), manyios release",
        "citation": (
            "Roger, Charles B. and Sam S. Rowan. 2023. \"The New Terrain of Global Governance: Mapping Membership in "
            "Informal International Organizations.\" Journal of Conflict Resolution 67(6): 1248-1269, "
            "doi:10.1177/00220027221139431. Data: Harvard Dataverse, doi:10.7910/DVN/8CYXX5. As packaged in the R "
            "package manyios (Hollway et al., globalgov/manyios, CC BY 4.0)."
        ),
        "doi": "10.7910/DVN/8CYXX5",
        "url": "https://doi.org/10.7910/DVN/8CYXX5",
        "licence": "CC BY 4.0 (manyios); cite the article.",
        "coverage": "80,624 state-IO-years, 244 informal IOs, 1925-2010",
        "bibtex": (
            "@article{roger2023migo,\n"
            "  author  = {Roger, Charles B. and Rowan, Sam S.},\n"
            "  title   = {The New Terrain of Global Governance: Mapping Membership in Informal International Organizations},\n"
            "  journal = {Journal of Conflict Resolution},\n  volume  = {67},\n  number  = {6},\n"
            "  pages   = {1248--1269},\n  year    = {2023},\n  doi     = {10.1177/00220027221139431}\n}\n"
            "@misc{roger2022migodata,\n"
            "  author    = {Roger, Charles B. and Rowan, Sam S.},\n"
            "  title     = {Replication Data for: The New Terrain of Global Governance},\n"
            "  year      = {2022},\n  publisher = {Harvard Dataverse},\n  doi       = {10.7910/DVN/8CYXX5}\n}"
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
