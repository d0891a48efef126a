"""Typo-tolerant search over states and organizations, for the home page.

Composes the resolver's own indexes (exact keys, word prefixes, fuzzy
"did you mean" suggestions); it adds no matching rules of its own.
"""

from __future__ import annotations

import re

from multivector._errors import AmbiguousNameError, MultivectorError

#: Fuzzy matches below this rapidfuzz WRatio score are not shown.
FUZZY_CUTOFF = 75
#: ... nor those more than this many points below the best match.
FUZZY_SPREAD = 8

_STATE_LABEL = re.compile(r"\((?P<abb>[^,()]+), (?P<ccode>-?\d+)\)$")


def ccode_of_label(label: str) -> int | None:
    """The COW code inside a state label ``"Name (ABB, code)"``.

    Example:
        >>> ccode_of_label("Kazakhstan (KZK, 705)")
        705
    """
    m = _STATE_LABEL.search(label)
    return int(m.group("ccode")) if m else None


def ioname_of_label(label: str) -> str | None:
    """The ioname of an organization label ``"ABB (Name)"``.

    Example:
        >>> ioname_of_label("SCO (Shanghai Cooperation Organisation)")
        'sco'
    """
    head = label.split(" (", 1)[0].strip()
    return head.lower() if head and head != "..." else None


def search(text: str, limit: int = 8) -> dict:
    """States and organizations matching ``text``, best first, tolerant of typos.

    Returns:
        ``{"query", "states": [hits], "organizations": [hits]}``, each hit
        ``{"kind", "id", "label", "url"}``.

    Example:
        >>> search("Kazakstan")["states"][0]["label"]
        'Kazakhstan (KZK, 705)'
    """
    from multivector.engine._resolve import org_index, resolve_state, state_index, state_label

    text = (text or "").strip()[:200]
    out = {"query": text, "states": [], "organizations": []}
    if not text:
        return out
    si, oi = state_index(), org_index()
    key = _norm(text)
    ccodes: list[int] = []

    def add_state(c):
        if c not in ccodes:
            ccodes.append(c)

    try:
        add_state(resolve_state(text))
    except AmbiguousNameError as exc:  # an ambiguous name lists its candidates
        for c in map(ccode_of_label, exc.suggestions):
            if c is not None:
                add_state(c)
    except MultivectorError:
        pass
    if len(key) >= 2:
        for k in sorted(k for k in si.keys if k.startswith(key)):
            for c in sorted(si.keys[k]):
                add_state(c)
    for k in _fuzzy(key, si.choices, limit):
        for c in sorted(si.choices[k]):
            add_state(c)
    out["states"] = [{"kind": "state", "id": str(c), "label": state_label(c), "url": f"/state/{c}"} for c in ccodes[:limit]]

    ionames = sorted(oi.exact.get(key, ()))
    for io in oi.search(text):
        if io not in ionames:
            ionames.append(io)
    for k in _fuzzy(key, {k: v for k, v in oi.exact.items() if len(k) > 3}, limit):
        for io in sorted(oi.exact[k]):
            if io not in ionames:
                ionames.append(io)
    out["organizations"] = [{"kind": "organization", "id": io, "label": oi.label(io), "url": f"/organization/{io}"}
                            for io in ionames[:limit]]
    return out


def _fuzzy(key: str, choices: dict, limit: int) -> list[str]:
    """Keys of ``choices`` close to ``key``: above the cutoff and near the best score."""
    from rapidfuzz import fuzz, process

    found = process.extract(key, list(choices), scorer=fuzz.WRatio, limit=limit, score_cutoff=FUZZY_CUTOFF)
    if not found:
        return []
    best = found[0][1]
    return [k for k, score, _ in found if score >= best - FUZZY_SPREAD]


def _norm(s: str) -> str:
    from multivector.engine._resolve import _norm as norm

    return norm(s)
