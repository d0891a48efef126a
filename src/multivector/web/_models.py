"""Response shapes of the REST API, for the OpenAPI document.

Routes return the library's DataFrames serialised directly (fast); these
models describe those shapes so that the OpenAPI spec documents every field
and the fuzz tests can check answers against it.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class ErrorBody(BaseModel):
    type: str = Field(description="Name of the error, e.g. UnknownStateError, ValidationError, NotFound.")
    status: int = Field(description="HTTP status code.")
    message: str = Field(description="What went wrong, naming the argument and the valid values.")
    argument: str | None = Field(None, description="The query or path parameter at fault, if any.")
    suggestions: list[str] = Field(default_factory=list, description="Closest matches for an unknown name.")


class ErrorResponse(BaseModel):
    """The one shape of every error answered by the API."""

    error: ErrorBody


class Page(BaseModel, Generic[T]):
    """One page of a table."""

    data: list[T]
    total: int = Field(description="Rows in the whole answer.")
    limit: int = Field(description="Rows per page.")
    offset: int = Field(description="Index of the first row of this page.")
    next: str | None = Field(description="URL of the next page, null on the last page.")
    meta: dict[str, Any] = Field(default_factory=dict, description="Resolved arguments of the request; for routes with `extended`, "
                                 "`provisional` (true when computed from the provisional extended panel) and then `note` and `sources`.")


class StateRow(BaseModel):
    ccode: int = Field(description="COW state code.")
    stateabb: str = Field(description="COW state abbreviation.")
    statenme: str = Field(description="COW state name.")
    iso2: str | None = Field(description="ISO 3166-1 alpha-2 code (null for historic states without one).")
    iso3: str | None = Field(description="ISO 3166-1 alpha-3 code.")
    first_year: int = Field(description="First year in the state system.")
    last_year: int = Field(description="Last year in the state system.")
    n_spells: int = Field(description="Number of spells in the state system.")
    spells: str = Field(description="Spells as 'YYYY-MM-DD-YYYY-MM-DD; ...'.")


class StateDetail(StateRow):
    label: str = Field(description="Display label 'Name (ABB, code)'.")
    links: dict[str, str] = Field(description="URLs of the state's other resources.")


class MembershipRow(BaseModel):
    ccode: int
    year: int
    ioname: str = Field(description="COW organization abbreviation (lowercase).")
    orgname: str | None
    status: int = Field(description="Published status code: 1 full, 2 associate, 3 observer, 0 none, -9 missing, -1 not alive.")
    status_label: str
    provenance: str | None = Field(None, description="Only with extended=true: cow (published), carried (2014 status carried forward), record (sourced records) or confirmed (2014 status confirmed by complete records).")


class MemberRow(BaseModel):
    ioname: str
    year: int
    ccode: int
    stateabb: str | None
    statenme: str | None
    status: int
    status_label: str


class PortfolioRow(BaseModel):
    ccode: int
    year: int
    full: int | None = Field(description="Full memberships (null when every cell is missing).")
    associate: int | None
    observer: int | None
    none: int | None
    missing: int | None = Field(description="Organizations with a missing (-9) status.")
    alive: int | None = Field(description="Organizations alive that year.")
    political: int | None
    social: int | None
    economic: int | None
    joins: int | None = Field(description="New full memberships since the previous year (null in a first year).")
    exits: int | None
    dissolved: int | None
    changes_unknown: int | None
    initial: int | None = Field(description="Full memberships in the state's first year in the system.")
    complete: bool = Field(description="No cell of the year is missing.")
    provenance: str | None = Field(None, description="Only with extended=true: cow, carried, record, confirmed, or mixed when the year's cells differ.")


class OrganizationRow(BaseModel):
    ioname: str
    orgname: str | None
    longorgname: str | None
    sdate: int | None = Field(description="Year founded.")
    deaddate: int | None = Field(description="Year dissolved, null if alive at the end of the data.")
    political: int
    social: int
    economic: int
    accuracy_pre1965: str | None
    first_year: int | None
    last_year: int | None
    n_full: int | None = Field(None, description="Full members in the requested year (only with ?year=).")


class OrganizationDetail(OrganizationRow):
    label: str
    links: dict[str, str]


class SearchHit(BaseModel):
    kind: str = Field(description="'state' or 'organization'.")
    id: str = Field(description="COW code of a state, ioname of an organization.")
    label: str
    url: str = Field(description="URL of its page in the explorer.")


class SearchResult(BaseModel):
    query: str
    states: list[SearchHit]
    organizations: list[SearchHit]


class Citation(BaseModel):
    format: str
    sources: list[str]
    citation: str


class Table(BaseModel):
    """A whole (small) table with the resolved arguments."""

    data: list[dict[str, Any]]
    meta: dict[str, Any] = Field(default_factory=dict)


class DyadRow(BaseModel):
    """One dyad-year; the measure columns present depend on ``measures``."""

    year: int
    ccode1: int
    ccode2: int
    joint: int | None = Field(None, description="Joint memberships under the `joint` rule.")
    joint_political: int | None = None
    joint_social: int | None = None
    joint_economic: int | None = None
    n11: int | None = Field(None, description="Both full members.")
    n10: int | None = Field(None, description="Only state 1 a full member.")
    n01: int | None = Field(None, description="Only state 2 a full member.")
    n00: int | None = Field(None, description="Neither a full member.")
    n_orgs: int | None = Field(None, description="Organizations in the 2x2 table (neither coded -9 or -1).")
    n_missing: int | None = None
    s: float | None = Field(None, description="Signorino-Ritter S (null when undefined).")
    kappa: float | None = None
    pi: float | None = None
    jaccard: float | None = None
    joint_published: int | None = None
    joint_full: int | None = None


class DyadMemberRow(BaseModel):
    ccode1: int
    ccode2: int
    year: int
    ioname: str
    status1: int
    status2: int
    label1: str
    label2: str
    dyad_status: str = Field(description="joint, not_joint, missing or not_alive.")


class UNAgreementRow(BaseModel):
    session: int
    year: int
    ccode1: int
    ccode2: int
    stateabb1: str | None = None
    stateabb2: str | None = None
    n_votes: int = Field(description="Roll calls both states voted on, after the filters.")
    agree: float | None = Field(description="Mean agreement: 1 same vote, 0.5 one abstained, 0 yes against no.")
    s: float | None = Field(description="Signorino-Ritter S over the three ordered categories (= 2 agree - 1).")
    kappa: float | None
    pi: float | None


class IdealPointRow(BaseModel):
    """One state-year of UN ideal points. ``source=estimate``: the fields below; ``source=published``:
    the publisher's 24 columns (``ccode, iso3c, countryname, year, idealpointfp, idealpointall,
    idealpointlegacy, nvotesfp, qofp`` ... ``q100all, nvotesLegacy``)."""

    model_config = {"extra": "allow"}

    ccode: int
    year: int
    ideal_point: float | None = Field(None, description="Posterior mean position; higher is closer to the United States.")
    ideal_point_lo: float | None = Field(None, description="Lower end of the interval (posterior given the roll calls' parameters).")
    ideal_point_hi: float | None = Field(None, description="Upper end of the interval.")
    n_votes: int | None = Field(None, description="The state's votes in the fit that year.")
    source: str | None = Field(None, description="estimate")


class EvennessRow(BaseModel):
    """One state-year of pillar evenness; ``share_<pillar>`` columns follow for each pillar."""

    model_config = {"extra": "allow"}

    ccode: int
    year: int
    channel: str
    method: str
    n: int = Field(description="Organizations or roll calls behind the figure.")
    n_pillars: int | None = Field(description="Pillars considered (K).")
    evenness: float | None = Field(description="Normalised Shannon entropy of the shares: 1 even, 0 one pillar.")
    evenness_lo: float | None
    evenness_hi: float | None
    chance_mean: float | None = Field(description="Mean evenness of random portfolios of the same size (or shuffled votes).")
    chance_lo: float | None
    chance_hi: float | None
    versus_chance: str | None = Field(description="more even, as even, or less even than chance.")
    hhi: float | None
    hhi_lo: float | None
    hhi_hi: float | None
    dominant: str | None = Field(description="Key of the largest pillar (ties joined by '=').")
    dominant_share: float | None
    dominant_share_lo: float | None
    dominant_share_hi: float | None
    dominant_prob: float | None = Field(description="Share of bootstrap replicates with the same dominant pillar.")


class AlignmentRow(BaseModel):
    """One state-year-pillar; institutional and diplomatic channels fill different columns."""

    ccode: int
    year: int
    pillar: str
    considered: bool
    n_orgs: int | None = None
    weight: float | None = None
    share: float | None = None
    kappa: float | None = None
    n_compared: int | None = None
    n_votes: int | None = None
    agree: float | None = None


class SignatureRow(BaseModel):
    ioname: str
    orgname: str | None
    year: int
    n_full: int
    signature: str = Field(description="Member pillars' keys joined by '+' ('' for none).")
    n_pillars: int
    n_pillars_existing: int
    category: str | None = Field(description="western, russia_centred, china_centred, russia_china, bridging, universal, pillar_free (null if unknown).")
    unknown_pillars: str | None


class PillarRow(BaseModel):
    pillar: str
    name: str
    side: str | None
    definition: str
    first_year: int | None
    last_year: int | None
    n_members: int | None = None
    members: str | None = None


class CompareRow(BaseModel):
    """One state's summary over the years; ``share_<pillar>`` columns follow for each pillar."""

    model_config = {"extra": "allow"}

    ccode: int
    stateabb: str | None
    statenme: str | None
    entered: int | None = Field(description="First year in the state system.")
    first_year: int | None = Field(description="First year with data in the range.")
    last_year: int | None
    n_years: int
    full_first: int | None
    full_last: int | None
    full_mean: float | None
    joins_total: int | None
    joins_per_year: float | None
    initiatives: int | None = Field(description="Own initiatives founded in the range.")
    tilt_mean: float | None = Field(description="Mean tilt between the poles (-1 East, +1 West).")
    hedging_mean: float | None = Field(description="Mean hedging (0 committed or on one side, 1 engages both poles).")
    evenness_mean: float | None = Field(description="Mean pillar evenness.")
    dominant: str | None
    dominant_share_mean: float | None


class RankRow(CompareRow):
    rank: int | None = Field(description="1 = highest value; ties share the lowest rank; null when the state has no value.")
    value: float | None = Field(description="The ranked measure.")


class PeerGroupRow(BaseModel):
    group: str
    description: str
    n_states: int | None
    members: str = Field(description="COW abbreviations, or 'per year' for groups that change by year.")


class EngagementRow(BaseModel):
    ccode: int
    state: str | None
    ioname: str | None = Field(description="COW abbreviation, when the organization is in the COW data.")
    org: str | None = Field(description="Abbreviation used in the records.")
    org_name: str | None
    event: str = Field(description="chair, host, unsc_seat, candidate, bid, partner, suspension, ...")
    date: str | None
    year_from: int
    year_to: int | None = Field(description="Last year of a known term; null where the records do not say.")
    confidence: str | None
    source_title: str | None
    source_url: str | None
    provenance: str = Field(description="'record': from the sourced records, never from the published data.")


class ActivismRow(BaseModel):
    ccode: int
    year: int
    initiatives: int
    chairs: int
    hosts: int
    bids: int
    unsc_seats: int
    candidacies: int
    total: int
    provenance: str


class ScenarioRow(BaseModel):
    ccode: int
    year: int
    pillar: str
    pillar_name: str | None
    share_before: float | None
    share_after: float | None
    share_change: float | None
    evenness_before: float | None
    evenness_after: float | None
    evenness_change: float | None
    hhi_before: float | None
    hhi_after: float | None
    dominant_before: str | None
    dominant_after: str | None
    n_before: int
    n_after: int
    n_full_before: int
    n_full_after: int
    extended: bool


class DataInfo(BaseModel):
    """The data manifest: what is being served."""

    format: int = Field(description="Manifest format version.")
    built: str = Field(description="When the data were built (UTC).")
    sources: dict[str, dict[str, Any]] = Field(description="Name, version, citation, DOI, URL, licence and coverage per source.")
    inputs: dict[str, dict[str, Any]] = Field(description="Published files read, with sha256, size and rows.")
    tables: dict[str, dict[str, Any]] = Field(description="Built tables, with sha256 (the ETag derives from these), size and rows.")
    coverage: dict[str, Any] = Field(description="Years, sessions, states and organizations covered.")
    quality: dict[str, Any] = Field(default_factory=dict, description="Differences between the publisher's two files, counted.")


class TiltRow(BaseModel):
    """One state-year and channel of the tilt between the poles."""

    ccode: int
    year: int
    channel: str = Field(description="security, diplomatic, institutional or combined.")
    tilt: float | None = Field(description="-1 wholly with the second pole (East), +1 wholly with the first (West).")
    tilt_lo: float | None
    tilt_hi: float | None
    n: int | None = Field(description="Units behind the figure: commitments, UN votes, memberships, or channels combined.")
    channels: str | None
    provisional: bool
    source: str | None


class HedgingRow(BaseModel):
    """One state-year of hedging and its components; commitment and engagement columns are named after the poles."""

    model_config = {"extra": "allow"}

    ccode: int
    year: int
    hedging: float | None = Field(description="0 committed to a pole or clearly on one side; 1 engages both, committed to neither.")
    hedging_lo: float | None
    hedging_hi: float | None
    commitment: float | None
    committed_to: str | None
    commitment_via: str | None
    diplomatic_tilt: float | None
    engagement_balance: float | None
    tilt: float | None
    rests_on: str | None
    provisional: bool


class ValidationAucRow(BaseModel):
    """One known-groups comparison of the built-in validation (docs/validation.md)."""

    measure: str = Field(description="tilt, hedging, or a channel's tilt.")
    comparison: str = Field(description="The groups compared, e.g. 'West-aligned vs East-aligned'.")
    year: str = Field(description="2014, 2019, or both years pooled.")
    n_pos: int = Field(description="States of the group expected higher.")
    n_neg: int = Field(description="States of the group expected lower.")
    auc: float | None = Field(description="Chance that a state of the first group scores above one of the second (ties count half).")
    auc_lo: float | None = Field(description="Lower bound of the bootstrap interval (states resampled within groups).")
    auc_hi: float | None
    target: float | None = Field(description="The target of issue 10, where there is one.")
    met: bool = Field(description="The point estimate reaches the target (false where there is none).")


class ValidationStateRow(BaseModel):
    """One reference state-year: its group in the published literature and its figures."""

    model_config = {"extra": "allow"}

    state: str
    ccode: int
    year: int
    group: str = Field(description="hedger, west or east, from the cited literature (docs/reference-set.md).")
    hedging: float | None
    hedging_lo: float | None
    hedging_hi: float | None
    tilt: float | None
    tilt_lo: float | None
    tilt_hi: float | None
    commitment: float | None
    commitment_via: str | None


class AllianceRow(BaseModel):
    """One state-year of alliance obligations with the poles' states; columns are named after pillars and poles."""

    model_config = {"extra": "allow"}

    ccode: int
    year: int
    atop_year: int | None
    provisional: bool
