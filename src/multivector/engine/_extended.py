"""The provisional extended panel: COW IGO data carried beyond 2014 and updated by sourced records.

Rules (``docs/methodology.md``, section "Extended panel"):

1. Years up to the last COW year (2014) keep the published statuses of the
   COW organizations (provenance ``cow``).
2. After 2014 every COW organization's status of 2014 is carried forward
   (provenance ``carried``) for the states in the system at the end of 2014
   (the COW state list, v2016, records no entry or exit after 2014; states
   not in the system then stay absent).
3a. Coverage ("known non-member"): a COW organization whose records are
   declared complete through a year (``coverage`` in the records YAML)
   has every status known from 2015 to that year: the carried statuses
   are confirmed (provenance ``confirmed``); after that year a non-member is
   unknown (-9), a member keeps its status. Without a statement the 2014
   status is carried (rule 2) and ``ExtendedCube.complete`` is False.
3. Organizations the COW data lack (EAEU, AIIB, BRICS, ... defined in the
   records YAML) are appended after the COW organizations, for all years:
   -1 before their founding year; from it, 0 for unlisted states while the
   member list is complete (``complete_through``) and -9 (unknown) after;
   provenance ``record``. A predecessor (EAEU succeeds COW ``eaec``) is
   not alive (-1, ``record``) from its successor's founding year.
4. Membership events are applied in date order; the status an event sets
   holds from the calendar year of the event (whatever its month) until the
   next event of the same state and organization: joining on 2015-11-30
   counts for all of 2015, leaving on 2020-01-31 for all of 2020. Several
   events in one year: the last one sets that year's status. Cells set this
   way have provenance ``record``. ``suspended`` and ``partner`` do not
   change a status; they are engagements.
"""

from __future__ import annotations

import threading

import numpy as np
import pandas as pd

from multivector.data._cite import with_sources
from multivector.engine._records import EVENT_STATUS, MEMBERSHIP_EVENTS, RecordSet, load_record_set
from multivector.data._store import ABSENT, STATUS_LABELS, Cube, get_store
from multivector._years import YearsArg, parse_years

#: Provenance codes of the extended panel's cells.
COW, CARRIED, RECORD, CONFIRMED = np.int8(0), np.int8(1), np.int8(2), np.int8(3)
PROVENANCE_LABELS = {0: "cow", 1: "carried", 2: "record", 3: "confirmed"}

#: Printed under every output computed from the extended panel.
EXTENDED_NOTE = ("Provisional: years after 2014 carry the 2014 COW statuses forward and apply sourced records "
                 "(multivector records list); not published COW data.")


class ExtendedCube(Cube):
    """The extended membership cube, with the conventions of :class:`multivector.data._store.Cube`.

    Attributes beyond ``Cube``'s (``status`` int8 ``[state, org, year]``
    with ``ABSENT`` = -128 where the state is not in the system, ``ccodes``,
    ``ionames``, ``years``, ``state_index``, ``org_index``, ``year0``):

    - ``provenance``: int8 array of the same shape, codes
      :data:`PROVENANCE_LABELS` (0 ``cow``, 1 ``carried``, 2 ``record``,
      3 ``confirmed``: a 2014 status carried into years the records
      declare complete);
    - ``last_cow_year``: the last year of published data (2014);
    - ``n_cow_orgs``: the first ``n_cow_orgs`` organizations are COW's, the
      rest are defined in the records;
    - ``organizations``: DataFrame ``ioname, orgname, political, social,
      economic, origin`` (``cow`` or ``records``) in axis order;
    - ``records``: the validated events (:func:`multivector.load_records`);
    - ``complete``: boolean ``[org, year]``, True where every state's status
      in that organization-year is known from the sources: the COW years of
      the COW organizations, and the years the records declare complete
      (``complete_through``, the "known non-member" statement). Elsewhere
      after 2014 a member's status is carried and a non-member's unknown
      (organizations of the records, or a COW organization past its
      ``complete_through``) or carried (COW organizations without a
      coverage statement: provenance ``carried``).
    """

    def __init__(self, status, ccodes, ionames, years, provenance, last_cow_year, n_cow_orgs, organizations, records,
                 complete=None):
        super().__init__(status, ccodes, ionames, years)
        self.complete = complete if complete is not None else np.zeros((len(ionames), len(years)), bool)
        self.provenance = provenance
        self.last_cow_year = int(last_cow_year)
        self.n_cow_orgs = int(n_cow_orgs)
        self.organizations = organizations
        self.records = records

    def in_system(self) -> np.ndarray:
        """Boolean ``[state, year]``: the state is in the system (carried after 2014)."""
        return self.status[:, 0, :] != ABSENT

    def provenance_label(self, code: int) -> str:
        return PROVENANCE_LABELS[int(code)]


_CACHE: dict = {}
_LOCK = threading.Lock()


def extended_cube(records=None) -> ExtendedCube:
    """The provisional extended panel as a cube, with provenance for every cell.

    Parameters:
        records: extra records files (CSV/YAML paths, a list of them, or a
            DataFrame with the CSV columns), added to the shipped records and
            to those in ``MULTIVECTOR_RECORDS``.

    Returns:
        :class:`ExtendedCube`: ``status`` int8 ``[state, org, year]`` over
        the COW years and on to the last record year (``ABSENT`` = -128
        where the state is not in the system), organizations of the records
        appended after COW's, and ``provenance`` of the same shape (0
        ``cow``, 1 ``carried``, 2 ``record``, 3 ``confirmed``). Cached per set of records
        files; do not modify the arrays.

    Example:
        >>> import multivector as mv
        >>> c = mv.extended_cube()
        >>> k, y = c.state_index[705], 2015 - c.year0
        >>> int(c.status[k, c.org_index["eaeu"], y]), int(c.status[k, c.org_index["wto"], y])
        (1, 1)
        >>> c.provenance_label(c.provenance[k, c.org_index["wto"], y])
        'record'
    """
    rs = load_record_set(records)
    if rs.key is None:  # records given as a DataFrame: built each time, not cached
        return _build(rs)
    key = rs.key  # includes the store's identity and every file's path, size and mtime
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            return hit
    cube = _build(rs)
    with _LOCK:
        if len(_CACHE) >= 3:  # about 50 MB each
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = cube
    return cube


def _build(rs: RecordSet) -> ExtendedCube:
    store = get_store()
    base = store.cube
    last_cow = store.igo_years[1]
    ev = rs.events
    last_year = max(last_cow, int(ev.year.max())) if len(ev) else last_cow
    new_ids = list(rs.organizations)
    n_states, n_cow, n_y0 = base.status.shape
    ionames = np.concatenate([base.ionames, np.asarray(new_ids, dtype=object)])
    years = np.arange(base.year0, last_year + 1)
    n_o, n_y = len(ionames), len(years)

    status = np.empty((n_states, n_o, n_y), dtype=np.int8)
    prov = np.full((n_states, n_o, n_y), COW, dtype=np.int8)
    status[:, :n_cow, :n_y0] = base.status
    if n_y > n_y0:  # rule 2: carry the last COW year forward
        status[:, :n_cow, n_y0:] = base.status[:, :, n_y0 - 1][:, :, None]
        prov[:, :n_cow, n_y0:] = CARRIED
    known = np.zeros((n_o, n_y), dtype=bool)
    known[:n_cow, :n_y0] = True  # the published years
    known[:n_cow, n_y0:] = (base.status[:, :, n_y0 - 1] == -1).all(axis=0)[:, None]  # dead by 2014: stays dead
    org_index = {str(o): i for i, o in enumerate(ionames)}
    for io, cov in rs.coverage.items():  # rule 3a: coverage statements of COW organizations
        o = org_index[io]
        span = (years > last_cow) & (years <= cov.complete_through)
        known[o, span] = True
        prov[:, o, span] = CONFIRMED  # the carried status is confirmed by the records' statement
        after = years > cov.complete_through
        if after.any():  # past the statement a non-member is no longer known to be one
            block = status[:, o, after]
            status[:, o, after] = np.where(block == 0, -9, block)
            prov[:, o, after] = RECORD
    for j, oid in enumerate(new_ids):  # rule 3
        od = rs.organizations[oid]
        alive = years >= od.founded_year
        complete = years <= od.complete_through if od.complete_through is not None else np.zeros(n_y, bool)
        status[:, n_cow + j, :] = np.where(alive, np.where(complete, 0, -9), -1).astype(np.int8)[None, :]
        prov[:, n_cow + j, :] = RECORD
        known[n_cow + j] = ~alive | complete
    for od in rs.organizations.values():
        if od.predecessor and od.predecessor in org_index:
            start = max(od.founded_year, last_cow + 1) - base.year0
            if start < n_y:
                status[:, org_index[od.predecessor], start:] = -1
                prov[:, org_index[od.predecessor], start:] = RECORD
                known[org_index[od.predecessor], start:] = True  # not alive: known
    # rule 4: membership events in date order (ev is sorted by date)
    mem = ev[ev.event.isin(MEMBERSHIP_EVENTS)]
    if len(mem):
        si = np.searchsorted(base.ccodes, mem.ccode.to_numpy())
        oi = mem.ioname.map(org_index).to_numpy()
        yi = mem.year.to_numpy() - base.year0
        codes = mem.event.map(EVENT_STATUS).to_numpy().astype(np.int8)
        for s, o, y, c in zip(si, oi, yi, codes):
            status[s, o, y:] = c
            prov[s, o, y:] = RECORD
    # states not in the system: absent (after 2014, as at the end of 2014)
    in_sys = np.empty((n_states, n_y), dtype=bool)
    in_sys[:, :n_y0] = base.in_system()
    in_sys[:, n_y0:] = in_sys[:, n_y0 - 1][:, None]
    status[np.broadcast_to(~in_sys[:, None, :], status.shape)] = ABSENT

    cow_orgs = store.table("organizations").set_index("ioname").loc[base.ionames]
    orgs = pd.DataFrame({
        "ioname": ionames.astype(str),
        "orgname": list(cow_orgs.orgname) + [rs.organizations[o].name for o in new_ids],
        "political": list(cow_orgs.political.astype(int)) + [rs.organizations[o].political for o in new_ids],
        "social": list(cow_orgs.social.astype(int)) + [rs.organizations[o].social for o in new_ids],
        "economic": list(cow_orgs.economic.astype(int)) + [rs.organizations[o].economic for o in new_ids],
        "origin": ["cow"] * n_cow + ["records"] * len(new_ids),
    })
    for c in ("political", "social", "economic"):
        orgs[c] = orgs[c].astype("int8")
    status.setflags(write=False)  # shared through the cache: read-only
    prov.setflags(write=False)
    known.setflags(write=False)
    return ExtendedCube(status, base.ccodes, ionames, years, prov, last_cow, n_cow, orgs, ev, known)


def extended_coverage(records=None) -> tuple[int, int]:
    """First and last year of the extended panel.

    Example:
        >>> import multivector as mv
        >>> from multivector.engine._extended import extended_coverage
        >>> extended_coverage()
        (1816, 2025)
    """
    c = extended_cube(records)
    return int(c.years[0]), int(c.years[-1])


def extended_memberships(state=None, years: YearsArg = None, status=("full",), records=None) -> pd.DataFrame:
    """Memberships of the extended panel in long form, with the provenance of every row.

    Parameters:
        state: a state (name, code, ISO) or None for all states.
        years: a year, ``(start, end)``, ``"2014-2020"`` or a list (default:
            the years after the COW data, ``2015`` to the last record year).
        status: labels or codes to keep (default full members only; ``"all"``).
        records: extra records files or a DataFrame (see :func:`extended_cube`).

    Returns:
        DataFrame ``ccode, year, ioname, orgname, status, status_label,
        provenance`` (``cow``, ``carried``, ``record`` or ``confirmed``), sorted by ccode,
        year, ioname. States absent from the system have no rows.

    Example:
        >>> import multivector as mv
        >>> m = mv.extended_memberships("Kazakhstan", 2015)
        >>> m[m.ioname.isin(["eaeu", "wto", "eaec"])][["ioname", "provenance"]].values.tolist()
        [['eaeu', 'record'], ['wto', 'record']]
    """
    from multivector.engine._membership import parse_status
    from multivector.engine._resolve import resolve_state

    cube = extended_cube(records)
    lo, hi = int(cube.years[0]), int(cube.years[-1])
    ys = parse_years(years if years is not None else (min(cube.last_cow_year + 1, hi), hi), (lo, hi),
                     what="the extended panel")
    codes = parse_status(status)
    yi = np.asarray(ys) - cube.year0
    if state is not None:
        from multivector.engine._resolve import require_in_system

        ccode = resolve_state(state)
        require_in_system([ccode], ys)
        si = cube.state_index.get(ccode)
        sidx = np.asarray([] if si is None else [si], dtype=np.int64)
    else:
        sidx = np.arange(len(cube.ccodes))
    sub = cube.status[np.ix_(sidx, np.arange(len(cube.ionames)), yi)]
    psub = cube.provenance[np.ix_(sidx, np.arange(len(cube.ionames)), yi)]
    mask = np.isin(sub, codes) & (sub != ABSENT)
    s, o, y = np.nonzero(mask)
    df = pd.DataFrame({
        "ccode": cube.ccodes[sidx[s]].astype("int16"),
        "year": (yi[y] + cube.year0).astype("int16"),
        "ioname": cube.ionames[o].astype(str),
        "orgname": cube.organizations.orgname.to_numpy()[o],
        "status": sub[s, o, y].astype("int8"),
    })
    df["status_label"] = df.status.map(STATUS_LABELS).astype("string")
    df["provenance"] = pd.Series(psub[s, o, y]).map(PROVENANCE_LABELS).astype("string").to_numpy()
    df["orgname"] = df.orgname.astype("string")
    df["ioname"] = df.ioname.astype("string")
    return with_sources(df.sort_values(["ccode", "year", "ioname"], kind="stable").reset_index(drop=True),
                        "cow_igo", "cow_states", "records")


#: Engagement events counted by :func:`activism`, with their column names.
ACTIVISM_COLUMNS = {"founded_as_member": "initiatives", "chair": "chairs", "host": "hosts", "bid": "bids",
                    "unsc_seat": "unsc_seats", "candidate_status": "candidacies"}


def engagements(state=None, records=None) -> pd.DataFrame:
    """Engagements that are not memberships, as a timeline.

    Chairs, hosting, UN Security Council seats, candidate status, bids,
    partner (dialogue) status and suspensions, from the records. They never
    change a membership status and never enter tilt, hedging or evenness.

    Parameters:
        state: a state (name, code, ISO) or None for all states.
        records: extra records files or a DataFrame (see :func:`extended_cube`).

    Returns:
        DataFrame ``ccode, state, ioname, org, org_name, event, date,
        year_from, year_to, confidence, source_title, source_url,
        provenance``. ``year_to`` is the last year of a known term (a
        Security Council seat: two years; a suspension: the year of the
        recorded reinstatement) and missing where the records do not say
        when the engagement ended. ``provenance`` is ``record``.

    Example:
        >>> import multivector as mv
        >>> e = mv.engagements("Kazakhstan")
        >>> e[e.event == "unsc_seat"][["year_from", "year_to"]].values.tolist()
        [[2017, 2018]]
    """
    from multivector.engine._records import ENGAGEMENT_EVENTS
    from multivector.engine._resolve import resolve_state, state_label

    ev = load_record_set(records).events
    ev = ev[ev.event.isin(ENGAGEMENT_EVENTS)]
    if state is not None:
        ev = ev[ev.ccode == resolve_state(state)]
    out = pd.DataFrame({
        "ccode": ev.ccode.astype("int16"),
        "state": [state_label(c) for c in ev.ccode],
        "ioname": ev.ioname, "org": ev.org, "org_name": ev.org_name, "event": ev.event, "date": ev.date,
        "year_from": ev.year.astype("int16"),
        "year_to": _year_to(ev),
        "confidence": ev.confidence, "source_title": ev.source_title, "source_url": ev.source_url,
    })
    out["provenance"] = "record"
    for c in ("state", "ioname", "org", "org_name", "event", "date", "confidence", "source_title", "source_url", "provenance"):
        out[c] = out[c].astype("string")
    return with_sources(out.sort_values(["ccode", "year_from", "date", "ioname"], kind="stable").reset_index(drop=True), "records")


def _year_to(ev: pd.DataFrame) -> pd.arrays.IntegerArray:
    """Last year of an engagement's term where the records fix it: two years for
    a Security Council seat, the year itself for hosting, a bid or a
    reinstatement, the year of the reinstatement for a suspension that was
    lifted; else missing."""
    y = ev.year.to_numpy()
    out = np.where(ev.event.to_numpy() == "unsc_seat", y + 1, y).astype(np.int64)
    known = ev.event.isin(["unsc_seat", "host", "bid", "reinstated"]).to_numpy().copy()
    lifted: dict = {}
    for pos, (c, io, e, yy) in enumerate(zip(ev.ccode, ev.ioname, ev.event, y)):  # ev is in date order
        if e == "suspended":
            lifted[(c, io)] = pos
        elif e == "reinstated" and (c, io) in lifted:
            j = lifted.pop((c, io))
            out[j], known[j] = yy, True
    return pd.array([int(v) if k else pd.NA for v, k in zip(out, known)], dtype="Int16")


def activism(state, years: YearsArg = None, records=None) -> pd.DataFrame:
    """A state's activism per year: initiatives, chairs, hosting, bids, Security Council seats.

    Counted from the records only and kept apart from tilt, hedging and evenness
    (activism says how much a state does, tilt and hedging with whom). A Security
    Council seat counts in each year of its two-year term; other
    engagements count in the year of their date; ``initiatives`` counts
    organizations the state co-founded that year (``founded_as_member``).

    Parameters:
        state: name, COW code or ISO code.
        years: a year or range (default: the extended years, 2015 to the
            last record year).
        records: extra records files or a DataFrame.

    Returns:
        DataFrame ``ccode, year, initiatives, chairs, hosts, bids,
        unsc_seats, candidacies, total, provenance`` (``record``); years in
        which the state was not in the state system have no rows.

    Raises:
        InvalidArgumentError: the records have no event at all for the
            state, so its counts would say nothing.

    Example:
        >>> import multivector as mv
        >>> a = mv.activism("Kazakhstan", (2015, 2018)).set_index("year")
        >>> a.loc[2017, ["hosts", "unsc_seats", "total"]].tolist()
        [2, 1, 3]
    """
    from multivector.engine._resolve import require_in_system, resolve_state, years_in_system

    cube = extended_cube(records)
    ccode = resolve_state(state)
    lo, hi = int(cube.years[0]), int(cube.years[-1])
    ys = parse_years(years if years is not None else (min(cube.last_cow_year + 1, hi), hi), (lo, hi),
                     what="the extended panel")
    require_in_system([ccode], ys)  # none of the years in its life: an error, not an empty table
    ys = years_in_system(ccode, ys)  # no rows (not zeros) for years outside the state's life
    ev = cube.records
    if ys and not (ev.ccode == ccode).any():  # its counts would be 0 for want of data, not of activism
        from multivector._errors import InvalidArgumentError
        from multivector.engine._resolve import state_label

        raise InvalidArgumentError(
            f"No records for {state_label(ccode)}: the records cover {ev.ccode.nunique()} states "
            "('multivector records list'); add your own records file.", "state")
    ev = ev[(ev.ccode == ccode) & ev.event.isin(list(ACTIVISM_COLUMNS))]
    counts = pd.DataFrame(0, index=pd.Index(ys, name="year"), columns=list(ACTIVISM_COLUMNS.values()), dtype="int64")
    for r in ev.itertuples():
        col = ACTIVISM_COLUMNS[r.event]
        span = [r.year, r.year + 1] if r.event == "unsc_seat" else [r.year]
        for y in span:
            if y in counts.index:
                counts.loc[y, col] += 1
    counts["total"] = counts.sum(axis=1)
    out = counts.reset_index()
    out.insert(0, "ccode", np.int16(ccode))
    out["year"] = out["year"].astype("int16")
    out["provenance"] = pd.Series(["record"] * len(out), dtype="string")
    return with_sources(out, "records")


def records_coverage(by: str = "organization", year: int | None = None, records=None) -> pd.DataFrame:
    """How complete the records after 2014 are, per organization or per state.

    The published data end in 2014; after that the extended panel knows an
    organization's members only where the records are declared complete
    (``complete_through``: every join, exit and status change up to that
    year is recorded, so a state not listed is known not to be a member).
    Elsewhere a 2014 status is carried forward (COW organizations) or a
    non-member is unknown (organizations of the records).

    Parameters:
        by: ``"organization"`` (every organization the records touch after
            2014: a coverage statement, a definition, or an event) or
            ``"state"`` (every state in the system after 2014).
        year: the year whose memberships are counted (default: the last
            year of the extended panel).
        records: extra records files or a DataFrame (see :func:`extended_cube`).

    Returns:
        ``by="organization"``: DataFrame ``ioname, org, orgname, origin``
        (``cow`` or ``records``), ``complete_through`` (Int64; missing: not
        declared complete), ``complete`` (complete through ``year``),
        ``members_2014`` (full members in the COW data, missing for
        organizations of the records), ``members`` (full members in
        ``year``), ``joins``, ``exits`` (membership records after 2014 that
        make a state a member or a non-member), ``status_changes`` (other
        membership records after 2014, e.g. observer to full),
        ``engagements`` (suspensions, reinstatements, partner status, chairs,
        ... dated after 2014), ``states`` (states with any record of it after
        2014), ``source_title``, ``source_url`` (of the completeness
        statement or definition). Sorted by organization.

        ``by="state"``: DataFrame ``ccode, state, records`` (events of the
        state, any date), ``membership_records``, ``engagement_records``,
        ``memberships`` (full memberships in ``year``), ``memberships_known``
        (of these, in organizations whose records are complete in
        ``year``), ``memberships_carried`` (the rest: 2014 statuses carried
        forward or organizations of the records with incomplete lists),
        ``share_known`` (known / memberships). States with ``records == 0``
        have no record at all.

    Example:
        >>> import multivector as mv
        >>> c = mv.records_coverage().set_index("ioname")
        >>> int(c.loc["nato", "complete_through"]), int(c.loc["nato", "joins"])
        (2025, 4)
        >>> s = mv.records_coverage("state").set_index("ccode")
        >>> int(s.loc[705, "memberships"]) >= int(s.loc[705, "memberships_known"]) > 0
        True
    """
    from multivector._errors import InvalidArgumentError, InvalidYearError
    from multivector.engine._resolve import state_index

    sidx = state_index()
    if by not in ("organization", "state"):
        raise InvalidArgumentError(f"by: {by!r}; valid: organization, state", "by")
    rs = load_record_set(records)
    cube = extended_cube(records)
    last = int(cube.years[-1])
    y = last if year is None else year
    if isinstance(y, bool) or not isinstance(y, (int, np.integer)) or not cube.last_cow_year < int(y) <= last:
        raise InvalidYearError(f"year: {year!r}; records coverage is about the extended years "
                               f"{cube.last_cow_year + 1}-{last}")
    yi = int(y) - cube.year0
    ev = rs.events
    after = ev[ev.year > cube.last_cow_year]
    full = cube.status[:, :, yi] == 1
    if by == "state":
        ins = cube.status[:, 0, yi] != ABSENT
        n_mem = full.sum(axis=1)
        n_known = (full & cube.complete[:, yi][None, :]).sum(axis=1)
        counts = ev.groupby("ccode").kind.value_counts().unstack(fill_value=0)
        counts = counts.reindex(columns=["membership", "engagement"], fill_value=0)
        cc = cube.ccodes[ins]
        out = pd.DataFrame({
            "ccode": cc.astype("int16"),
            "state": [sidx.info.statenme.get(int(c), str(c)) for c in cc],
            "membership_records": counts.membership.reindex(cc, fill_value=0).to_numpy().astype("int64"),
            "engagement_records": counts.engagement.reindex(cc, fill_value=0).to_numpy().astype("int64"),
            "memberships": n_mem[ins].astype("int64"),
            "memberships_known": n_known[ins].astype("int64"),
        })
        out.insert(2, "records", out.membership_records + out.engagement_records)
        out["memberships_carried"] = out.memberships - out.memberships_known
        out["share_known"] = (out.memberships_known / out.memberships.where(out.memberships > 0)).astype("Float64")
        out["state"] = out.state.astype("string")
        out.attrs["year"] = int(y)
        return with_sources(out.reset_index(drop=True), "cow_igo", "records")
    # by organization
    touched = set(rs.coverage) | set(rs.organizations) | set(after.ioname)
    idx = [i for i, io in enumerate(cube.ionames) if str(io) in touched]
    orgs = cube.organizations
    mem = after[after.kind == "membership"]
    prev_status = _previous_status(cube, mem)
    new_status = mem.event.map(EVENT_STATUS).to_numpy()
    was_member = np.isin(prev_status, (1, 2, 3))
    is_member = np.isin(new_status, (1, 2, 3))
    kind = np.where(~was_member & is_member, "joins", np.where(was_member & ~is_member, "exits", "status_changes"))
    mk = pd.DataFrame({"ioname": mem.ioname.to_numpy(), "kind": kind}).groupby(["ioname", "kind"]).size().unstack(fill_value=0)
    mk = mk.reindex(columns=["joins", "exits", "status_changes"], fill_value=0)
    eng = after[after.kind == "engagement"].groupby("ioname").size()
    nstates = after.groupby("ioname").ccode.nunique()
    y14 = cube.last_cow_year - cube.year0
    rows = []
    for i in idx:
        io = str(cube.ionames[i])
        if io in rs.organizations:
            od = rs.organizations[io]
            ct, abbr, src_t, src_u, origin = od.complete_through, od.abbreviation, od.source_title, od.source_url, "records"
            m14 = None
        else:
            cov = rs.coverage.get(io)
            ct = cov.complete_through if cov else None
            abbr = cov.org if cov else io.upper()
            src_t, src_u = (cov.source_title, cov.source_url) if cov else ("", "")
            origin = "cow"
            m14 = int((cube.status[:, i, y14] == 1).sum())
        rows.append({
            "ioname": io, "org": abbr, "orgname": str(orgs.orgname.iat[i]), "origin": origin,
            "complete_through": ct, "complete": bool(cube.complete[i, yi]),
            "members_2014": m14, "members": int(full[:, i].sum()),
            "joins": int(mk.joins.get(io, 0)), "exits": int(mk.exits.get(io, 0)),
            "status_changes": int(mk.status_changes.get(io, 0)), "engagements": int(eng.get(io, 0)),
            "states": int(nstates.get(io, 0)), "source_title": src_t, "source_url": src_u,
        })
    out = pd.DataFrame(rows, columns=["ioname", "org", "orgname", "origin", "complete_through", "complete", "members_2014",
                                      "members", "joins", "exits", "status_changes", "engagements", "states",
                                      "source_title", "source_url"])
    for c in ("complete_through", "members_2014"):
        out[c] = out[c].astype("Int64")
    for c in ("ioname", "org", "orgname", "origin", "source_title", "source_url"):
        out[c] = out[c].astype("string")
    out.attrs["year"] = int(y)
    return with_sources(out.sort_values("ioname", kind="stable").reset_index(drop=True), "cow_igo", "records")


def _previous_status(cube: ExtendedCube, mem: pd.DataFrame) -> np.ndarray:
    """The status each membership event changes: the panel's status in the year before the event,
    or, for a second event of the same state and organization in one year, what the earlier one set."""
    si = np.searchsorted(cube.ccodes, mem.ccode.to_numpy())
    oi = mem.ioname.map(cube.org_index).to_numpy()
    yi = mem.year.to_numpy() - cube.year0 - 1
    prev = cube.status[si, oi, yi].astype(np.int64)
    codes = mem.event.map(EVENT_STATUS).to_numpy()
    key = list(zip(mem.ccode, mem.ioname, mem.year))
    last: dict = {}
    for j, k in enumerate(key):  # events are in date order
        if k in last:
            prev[j] = last[k]
        last[k] = codes[j]
    return prev


def completeness_note(state, year: int | None = None, records=None) -> str:
    """One sentence saying how complete the extended years are for a state (for briefs and pages).

    Counts the state's full memberships in ``year`` (default: the last year
    of the extended panel) and how many of them are in organizations whose
    records are complete that year (see :func:`records_coverage`).

    Example:
        >>> from multivector.engine._extended import completeness_note
        >>> completeness_note("Kazakhstan").startswith("Of Kazakhstan's ")
        True
    """
    from multivector.engine._resolve import resolve_state

    ccode = resolve_state(state)
    cov = records_coverage("state", year, records=records).set_index("ccode")
    y = cov.attrs["year"]
    if ccode not in cov.index:
        return ""
    r = cov.loc[ccode]
    n, k = int(r.memberships), int(r.memberships_known)
    name = str(r.state)
    recs = int(r.records)
    tail = (f"; the records hold {recs} event{'s' if recs != 1 else ''} of {name}." if recs
            else f"; the records hold no event of {name}, so nothing after 2014 is specific to it.")
    if n == 0:
        return f"{name} has no full membership in {y} in the extended panel{tail}"
    return (f"Of {name}'s {n} full memberships in {y}, {k} are in organizations whose records are complete for that "
            f"year (every join and exit since 2014 recorded); the other {n - k} are assumed to continue (2014 statuses "
            f"carried forward, or incomplete member lists){tail}")
