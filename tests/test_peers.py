"""Peer groups, compare and rank (docs/methodology.md, "Peers and rankings")."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import multivector as mv

POST_SOVIET = [365, 369, 370, 359, 366, 367, 368, 371, 372, 373, 701, 702, 703, 704, 705]


def test_named_groups():
    assert sorted(mv.peer_group("post-soviet")) == sorted(POST_SOVIET)
    assert mv.peer_group("central-asia") == [701, 702, 703, 704, 705]
    assert mv.peer_group("South Caucasus") == [371, 372, 373]
    assert len(mv.peer_group("eu-members", 1995)) == 15 and len(mv.peer_group("eu-members", 2014)) == 28
    assert len(mv.peer_group("all", 2014)) == len(mv.states(2014))
    g = mv.peer_groups().set_index("group")
    assert g.loc["post-soviet", "n_states"] == 15 and g.loc["eu-members", "members"] == "per year"


def test_user_group():
    assert mv.register_peer_group("Turkic", "Turkey, Kazakhstan, Kyrgyzstan, Uzbekistan, Turkmenistan, Azerbaijan") == [640, 705, 703, 704, 701, 373]
    assert sorted(mv.peer_group("turkic")) == [373, 640, 701, 703, 704, 705]
    r = mv.rank("turkic", "initiatives", (1992, 2014))
    assert len(r) == 6
    with pytest.raises(mv.InvalidArgumentError, match="built-in group"):
        mv.register_peer_group("all", "Kazakhstan")


def test_unknown_group():
    with pytest.raises(mv.UnknownNameError, match="Unknown peer group or state 'post-sovet'"):
        mv.rank("post-sovet")


def test_joins_match_portfolio_for_every_post_soviet_state():
    """rank's joins = the sum of portfolio()'s joins (the foundation's per-year loop), for all 15 states."""
    r = mv.rank("post-soviet", "joins_total", (1992, 2014)).set_index("ccode")
    for c in POST_SOVIET:
        p = mv.portfolio(c, (1992, 2014))
        assert r.loc[c, "value"] == p.joins.sum(), c
        assert r.loc[c, "joins_per_year"] == pytest.approx(p.joins.sum() / p.joins.notna().sum())
        assert r.loc[c, "full_last"] == p.full.iloc[-1]
        assert r.loc[c, "full_mean"] == pytest.approx(p.full.astype(float).mean())


def test_kazakhstan_rank_by_joins():
    r = mv.rank("post-soviet", "joins", (1992, 2014))
    kz = r.set_index("stateabb").loc["KZK"]
    assert kz.value == pytest.approx(55 / 23)
    assert kz["rank"] == 3  # tied with Lithuania, behind Estonia and Latvia
    assert r.stateabb.tolist()[:2] == ["EST", "LAT"]
    assert r["rank"].is_monotonic_increasing


def test_rank_initiatives_matches_own_initiatives():
    r = mv.rank("central-asia", "initiatives", (1992, 2014)).set_index("ccode")
    for c in (701, 702, 703, 704, 705):
        o = mv.own_initiatives(c)
        assert r.loc[c, "value"] == o.founded.between(1992, 2014).sum()


def test_rank_balance_matches_balance_means():
    r = mv.rank("south-caucasus", "evenness", (2000, 2014)).set_index("ccode")
    for c in (371, 372, 373):
        b = mv.evenness(c, (2000, 2014), bootstrap=0)
        assert r.loc[c, "value"] == pytest.approx(b.evenness.mean())
    s = mv.rank("south-caucasus", "share_russia", (2000, 2014)).set_index("ccode")
    assert s.loc[371, "value"] == pytest.approx(mv.evenness(371, (2000, 2014), bootstrap=0).share_russia.mean())


def test_eu_members_counted_only_while_members():
    r = mv.rank("eu-members", "portfolio", (2000, 2014)).set_index("stateabb")
    assert r.loc["POL", "first_year"] == 2004 and r.loc["FRN", "first_year"] == 2000
    assert r.loc["CRO", "n_years"] == 2


def test_compare_order_and_values():
    c = mv.compare(["Uzbekistan", "Kazakhstan", "Kyrgyzstan"], (1992, 2014))
    assert c.stateabb.tolist() == ["UZB", "KZK", "KYR"]
    kz = c.set_index("stateabb").loc["KZK"]
    assert (kz.entered, kz.full_first, kz.full_last, kz.joins_total, kz.initiatives) == (1991, 20, 55, 55, 11)
    shares = kz[[f"share_{k}" for k in ("russia", "china", "usa", "eu", "turkey")]]
    assert shares.sum() == pytest.approx(1.0)


def test_compare_group_name_and_new_state_joins():
    c = mv.compare("central-asia", (1991, 1993)).set_index("stateabb")
    assert len(c) == 5
    # 1991 is each state's first year in the system: no joins that year
    p = mv.portfolio("Kazakhstan", (1991, 1993))
    assert c.loc["KZK", "joins_total"] == p.joins.sum() and c.loc["KZK", "joins_per_year"] == pytest.approx(p.joins.sum() / 2)


def test_bad_measure():
    with pytest.raises(mv.InvalidArgumentError, match="measure: unknown measure 'join'; valid: joins"):
        mv.rank("post-soviet", "join")


def test_extended_or_clear_error():
    try:
        import multivector.engine._extended  # noqa: F401
    except ImportError:
        with pytest.raises(mv.InvalidArgumentError, match="extended panel not available"):
            mv.rank("central-asia", extended=True)
        return
    r = mv.rank("central-asia", "portfolio_last", (2014, 2016), extended=True)
    assert r.last_year.max() == 2016


def test_cli_compare_and_rank(runner, cli):
    r = runner.invoke(cli, ["compare", "Kazakhstan", "Uzbekistan", "Kyrgyzstan", "--from", "1992", "--to", "2014", "-f", "csv"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[1].startswith("705,KZK,Kazakhstan,1991,1992,2014,23,20,55,48.0,55,")
    r = runner.invoke(cli, ["rank", "--group", "post-soviet", "--measure", "joins", "--from", "1992", "--to", "2014", "-f", "csv"])
    assert r.exit_code == 0
    assert [l.split(",")[2] for l in r.output.splitlines()[1:5]] == ["EST", "LAT", "LIT", "KZK"]
    r = runner.invoke(cli, ["rank", "--measure", "nope"])
    assert r.exit_code == 1 and "unknown measure 'nope'" in r.output
    r = runner.invoke(cli, ["compare", "Narnia"])
    assert r.exit_code == 1


def test_single_state_is_accepted_where_a_group_is():
    assert mv.compare("Kazakhstan", 2014).stateabb.tolist() == ["KZK"]
    assert mv.rank("Kazakhstan", "portfolio", 2014).value.tolist() == [55.0]


def test_docstring_examples():
    import doctest

    import multivector.measures._peers as module

    assert doctest.testmod(module).failed == 0


def test_rank_ascending():
    r = mv.rank("central-asia", "share_russia", (1992, 2014), ascending=True)
    assert r.value.is_monotonic_increasing and r["rank"].iloc[0] == 1


def test_own_initiatives_name_their_window(runner, cli):
    """The brief said 13 own initiatives (1991-2014), a ranking 11 (1992-2014): both right, neither labelled.
    Checked against own_initiatives(): Kazakhstan founded 13 organizations as a member, two of them in 1991."""
    import multivector as mv

    founded = mv.own_initiatives("Kazakhstan").founded
    assert (len(founded), int((founded >= 1992).sum())) == (13, 11)
    r = runner.invoke(cli, ["rank", "--group", "central-asia", "--measure", "initiatives", "--from", "1992", "--to", "2014",
                            "-f", "csv"])
    assert r.exit_code == 0, r.output
    import io

    import pandas as pd

    kz = pd.read_csv(io.StringIO(r.stdout)).set_index("stateabb").loc["KZK"]
    assert (kz.initiatives, kz.first_year, kz.last_year) == (11, 1992, 2014)  # files carry the window as columns
    r = runner.invoke(cli, ["rank", "--group", "central-asia", "--measure", "initiatives", "--from", "1992", "--to", "2014"])
    text = " ".join(r.stdout.split())
    assert "ranked by initiatives, 1992-2014" in text and "Own initiatives: organizations founded in 1992-2014" in text
    r = runner.invoke(cli, ["compare", "Kazakhstan", "Uzbekistan"])
    text = " ".join(r.stdout.split())
    assert r.exit_code == 0 and "Comparison, 1991-2014" in text and "founded in 1991-2014" in text
