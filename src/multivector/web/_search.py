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


def _org_size() -> dict[str, int]:
    """Full members of each organization in the last year it has any (its reach), cached."""
    global _SIZE
    if _SIZE is None:
        from multivector.data._store import get_store

        df = get_store().query("""
            select ioname, count(*) as n from memberships m
            where status = 1 and year = (select max(year) from memberships x where x.ioname = m.ioname and x.status = 1)
            group by ioname""")
        _SIZE = dict(zip(df.ioname.astype(str), df.n.astype(int)))
    return _SIZE


_SIZE: dict[str, int] | None = None
#: Words that carry no meaning when measuring how much of a name a query covers.
_STOP = {"of", "the", "for", "and", "on", "in", "de", "des", "la", "le", "et"}


def _full_name(io: str) -> str:
    """The long name (COW's ``orgname`` is cut at 80 characters) without a trailing "(ABB)" repeating the abbreviation."""
    from multivector.engine._resolve import org_index

    r = org_index().orgs.loc[io]
    name = r.longorgname if isinstance(r.longorgname, str) and r.longorgname.strip() else r.orgname
    name = re.sub(rf"\s*\({re.escape(io)}\)\s*$", "", str(name).strip(), flags=re.I)
    first = name.split("/")[0].strip()  # "Shanghai Cooperation Organisation/Shanghai Pact/...": former names follow
    return first if len(first) >= 4 else name


def rank_organizations(text: str, ionames: list[str]) -> list[str]:
    """Order matching organizations by relevance: the abbreviation itself first, then how much of the name the
    words cover and how many states the organization reaches (so "union" puts the UPU, ITU and EU before small
    regional unions).

    Example:
        >>> rank_organizations("union", ["amu", "upu", "eu"])[:2]
        ['upu', 'eu']
    """
    from multivector.engine._resolve import org_index

    oi, size = org_index(), _org_size()
    words = _norm(text).split()
    key = _norm(text)

    def score(io: str) -> tuple:
        name = [w for w in _norm(_full_name(io)).split() if w not in _STOP]
        cover = sum(any(w2.startswith(w) for w2 in name) for w in words) / max(len(name), 1)
        exact = key == io or key == _norm(oi.orgs.loc[io, "orgname"])
        return (not exact, -(3 * cover + size.get(io, 0) / 100), io)

    return sorted(dict.fromkeys(ionames), key=score)


def search(text: str, limit: int = 8) -> dict:
    """States and organizations matching ``text``, most relevant first, tolerant of typos.

    A query without a letter or digit (``!!!``) matches nothing.

    Returns:
        ``{"query", "states": [hits], "organizations": [hits], "more": {"states": n, "organizations": n}}``,
        each hit ``{"kind", "id", "label", "url"}``; ``more`` counts the
        matches beyond ``limit``.

    Example:
        >>> search("Kazakstan")["states"][0]["label"]
        'Kazakhstan (KZK, 705)'
        >>> {"eu", "upu", "itu"} <= {h["id"] for h in search("union")["organizations"]}
        True
    """
    from multivector.engine._resolve import org_index, resolve_state, state_index, state_label

    text = (text or "").strip()[:200]
    out = {"query": text, "states": [], "organizations": [], "more": {"states": 0, "organizations": 0}}
    if not text or not re.search(r"\w", text) or not _norm(text):
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
    ionames += rank_organizations(text, [io for io in oi.search(text) if io not in ionames])
    for k in _fuzzy(key, {k: v for k, v in oi.exact.items() if len(k) > 3}, limit):
        for io in sorted(oi.exact[k]):
            if io not in ionames:
                ionames.append(io)
    out["organizations"] = [{"kind": "organization", "id": io, "label": org_label(io), "url": f"/organization/{io}"}
                            for io in ionames[:limit]]
    out["more"] = {"states": max(0, len(ccodes) - limit), "organizations": max(0, len(ionames) - limit)}
    return out


def org_label(io: str) -> str:
    """``"ABB (Full name)"`` with the organization's long name (COW's ``orgname`` is cut at 80 characters).

    Example:
        >>> org_label("sco")
        'SCO (Shanghai Cooperation Organisation)'
    """
    return f"{io.upper()} ({_full_name(io)})"


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
