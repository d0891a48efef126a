"""What-if scenarios: invariants, agreement with a simple reference computation, errors, CLI.

Pins docs/methodology.md, section "What-if scenarios".
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import multivector as mv
from multivector.data._store import ABSENT, get_store

KAZ = 705
PILLARS = ["russia", "china", "usa", "eu", "turkey"]
TOL = 1e-6  # the balance kernels sum in float32


def reference_signatures(cube, year):
    """Organization -> set of pillars (None when a pillar's membership is unknown), by a plain loop.

    The method of docs/methodology.md: world bodies (more than half of the states are full
    members) count for no pillar; otherwise a pillar belongs when at least half of its
    member states in the system are full members; it surely does not when even
    counting the unknown (-9) cells as full it would not; otherwise unknown.
    """
    yi = year - cube.year0
    st = cube.status[:, :, yi]
    eu_io = "eu" if year >= 1993 else "eec"
    eu_members = [i for i in range(len(cube.ccodes)) if st[i, cube.org_index[eu_io]] == 1]
    groups = {"russia": [cube.state_index[365]], "china": [cube.state_index[710]], "usa": [cube.state_index[2]],
              "eu": eu_members, "turkey": [cube.state_index[640]]}
    sigs = {}
    n_states = int((st[:, 0] != ABSENT).sum())
    for o, io in enumerate(cube.ionames):
        col = st[:, o]
        if not ((col >= 0) | (col == -9)).any():
            continue  # not alive
        if (col == 1).sum() > 0.5 * n_states:
            sigs[str(io)] = set(PILLARS)  # a world body counts for no pillar, like a universal one
            continue
        sig = set()
        for p, members in groups.items():
            n = len(members)
            full = sum(1 for i in members if col[i] == 1)
            unknown = sum(1 for i in members if col[i] < 0)
            if 2 * full >= n:
                sig.add(p)
            elif 2 * (full + unknown) >= n:
                sig = None
                break
        sigs[str(io)] = sig
    return sigs


def reference_shares(cube, ccode, year, sigs, portfolio=None):
    yi = year - cube.year0
    si = cube.state_index[ccode]
    if portfolio is None:
        portfolio = {str(io) for o, io in enumerate(cube.ionames) if cube.status[si, o, yi] == 1}
    w = dict.fromkeys(PILLARS, 0.0)
    for io in portfolio:
        sig = sigs.get(io)
        if sig is not None and 0 < len(sig) < len(PILLARS):
            for p in sig:
                w[p] += 1 / len(sig)
    total = sum(w.values())
    shares = {p: v / total for p, v in w.items()}
    h = -sum(v * math.log(v) for v in shares.values() if v > 0) / math.log(len(PILLARS))
    return shares, h


@pytest.fixture(scope="module")
def cow_cube():
    return get_store().cube


def test_shares_and_balance_agree_with_reference(cow_cube):
    sigs = reference_signatures(cow_cube, 2014)
    shares, h = reference_shares(cow_cube, KAZ, 2014, sigs)
    s = mv.scenario("Kazakhstan", 2014).set_index("pillar")
    for p in PILLARS:
        assert s.loc[p, "share_before"] == pytest.approx(shares[p], abs=TOL)
    assert s.evenness_before.iloc[0] == pytest.approx(h, abs=TOL)
    assert s.dominant_before.iloc[0] == max(shares, key=shares.get) == "russia"
    # no change: after == before, and the same figures as balance()
    assert np.allclose(s.share_after, s.share_before) and (s.share_change.abs() < TOL).all()
    b = mv.evenness("Kazakhstan", 2014, bootstrap=0).iloc[0]
    assert s.evenness_before.iloc[0] == b.evenness
    assert [s.loc[p, "share_before"] for p in PILLARS] == [b[f"share_{p}"] for p in PILLARS]


def test_join_universal_or_pillar_free_leaves_shares_unchanged(cow_cube):
    sigs = reference_signatures(cow_cube, 2014)
    assert sigs["wto"] == set(PILLARS)  # a world body, and all pillars are members in 2014 (Russia since 2012)
    assert sigs["opec"] == set()  # no pillar in OPEC
    for org in ("WTO", "OPEC"):
        s = mv.scenario("Kazakhstan", 2014, join=[org])
        assert np.allclose(s.share_after, s.share_before), org
        assert (s.evenness_change.abs() < TOL).all()
        assert (s.n_full_after - s.n_full_before == 1).all()


def test_leaving_every_russia_only_organization_lowers_the_russia_share(cow_cube):
    sigs = reference_signatures(cow_cube, 2014)
    si, yi = cow_cube.state_index[KAZ], 2014 - cow_cube.year0
    russia_only = [io for io, sig in sigs.items() if sig == {"russia"} and cow_cube.status[si, cow_cube.org_index[io], yi] == 1]
    assert {"csto", "eaec", "cis"} <= set(russia_only)
    s = mv.scenario("Kazakhstan", 2014, leave=russia_only).set_index("pillar")
    assert s.loc["russia", "share_after"] < s.loc["russia", "share_before"]
    # and agrees with the reference on the reduced portfolio
    portfolio = {str(io) for o, io in enumerate(cow_cube.ionames) if cow_cube.status[si, o, yi] == 1} - set(russia_only)
    shares, h = reference_shares(cow_cube, KAZ, 2014, sigs, portfolio)
    for p in PILLARS:
        assert s.loc[p, "share_after"] == pytest.approx(shares[p], abs=TOL)
    assert s.evenness_after.iloc[0] == pytest.approx(h, abs=TOL)


def test_join_then_leave_returns_the_original():
    for year, org in ((2014, "OECD"), (2016, "OECD"), (2016, "NATO")):
        s = mv.scenario("Kazakhstan", year, join=[org], leave=[org])
        assert np.allclose(s.share_after, s.share_before, equal_nan=True, atol=TOL)
        assert (s.evenness_change.abs() < TOL).all() and (s.n_full_after == s.n_full_before).all()
        assert (s.dominant_after == s.dominant_before).all()


def test_paper_scenario_kazakhstan_2014():
    # the example: join the OECD, leave the CSTO
    s = mv.scenario("Kazakhstan", 2014, join=["OECD"], leave=["CSTO"]).set_index("pillar")
    assert s.loc["russia", "share_change"] < 0
    for p in ("usa", "eu", "turkey"):
        assert s.loc[p, "share_change"] > 0
    assert s.loc["china", "share_change"] == pytest.approx(0, abs=TOL)
    assert s.evenness_change.iloc[0] > 0
    assert not s.extended.iloc[0]


def test_extended_years_and_record_organizations():
    s = mv.scenario("Kazakhstan", 2016, leave=["EAEU"])
    assert s.extended.all() and s.attrs["sources"][-1] == "records"
    r = s.set_index("pillar")
    assert r.loc["russia", "share_change"] < 0
    assert (s.n_full_after == s.n_full_before - 1).all()
    b = mv.evenness("Kazakhstan", 2016, bootstrap=0, extended=True).iloc[0]
    assert s.evenness_before.iloc[0] == b.evenness


def test_errors():
    with pytest.raises(mv.InvalidArgumentError, match="already a full member of SCO in 2014"):
        mv.scenario("Kazakhstan", 2014, join=["SCO"])
    with pytest.raises(mv.InvalidArgumentError, match="not a full member of NATO in 2014"):
        mv.scenario("Kazakhstan", 2014, leave=["NATO"])
    with pytest.raises(mv.UnknownOrganizationError) as e:
        mv.scenario("Kazakhstan", 2014, join=["OECDD"])
    assert e.value.argument == "join" and any("OECD" in x for x in e.value.suggestions)
    with pytest.raises(mv.InvalidArgumentError, match="not in the panel"):
        mv.scenario("Kazakhstan", 2014, join=["EAEU"], extended=False)
    with pytest.raises(mv.InvalidYearError, match="outside the extended panel"):
        mv.scenario("Kazakhstan", 2031)
    with pytest.raises(mv.InvalidArgumentError, match="not in the state system in 1980"):
        mv.scenario("Kazakhstan", 1980)


def test_cli_what_if(runner, cli):
    r = runner.invoke(cli, ["what-if", "Kazakhstan", "--year", "2014", "--join", "OECD", "--leave", "CSTO", "--format", "csv"])
    assert r.exit_code == 0, r.output
    header = r.stdout.splitlines()[0]
    assert header.startswith("ccode,year,pillar,pillar_name,share_before,share_after,share_change,evenness_before")
    assert "Pillar evenness" in r.stderr or r.stderr == ""
    r = runner.invoke(cli, ["what-if", "Kazakhstan", "--year", "2016", "--leave", "EAEU"])
    assert r.exit_code == 0, r.output
    assert "Provisional" in r.stdout and "dominant pillar Russia" in r.stdout
    r = runner.invoke(cli, ["what-if", "Kazakhstan", "--year", "2014", "--join", "SCO"])
    assert r.exit_code == 1
    assert r.stderr.strip() == "Error: join: Kazakhstan (KZK, 705) is already a full member of SCO in 2014"


def test_user_defined_organization(tmp_path):
    y = tmp_path / "orgs.yaml"
    y.write_text(
        "organizations:\n"
        "  - {id: rsu, abbreviation: RSU, name: Russian Speculative Union, founded: 2016, economic: 1,\n"
        "     complete_through: 2025, source_title: test fixture, source_url: 'https://example.org/rsu',\n"
        "     members: [{state: Russia, date: 2016}, {state: Belarus, date: 2016}]}\n")
    s = mv.scenario("Kazakhstan", 2018, join=["RSU"], records=[y]).set_index("pillar")
    assert s.loc["russia", "share_change"] > 0 and s.loc["china", "share_change"] < 0
    assert (s.n_before + 1 == s.n_after).all()
    with pytest.raises(mv.UnknownOrganizationError):
        mv.scenario("Kazakhstan", 2018, join=["RSU"])  # not without the user's records
