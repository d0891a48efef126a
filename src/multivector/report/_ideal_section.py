"""The brief's section on the state's UN ideal point beside the poles' (docs/methodology.md, "UN ideal points")."""

from __future__ import annotations

from multivector.report._model import Chart, Section
from multivector.report._sections import SOURCE_NAMES, Context, optional
from multivector.report._text import dec, span


def ideal_point(ctx: Context) -> Section:
    """The state's estimated UN ideal point per year, with the West and East poles'."""
    sec = Section("ideal_point", "UN ideal point and the poles", sources=[SOURCE_NAMES["unga"]])
    if ctx.extended:
        sec.notes.append("This section uses the published UN voting data only: the extended panel changes memberships, "
                         "not votes.")
    if ctx.un_years is None:
        return sec
    with_poles = optional("measures._ideal_poles", "ideal_points_with_poles")
    ideal_point_chart = optional("charts._idealpoints", "ideal_point_chart")
    if with_poles is None or ideal_point_chart is None:
        sec.notes.append("This part of the brief needs the ideal-point estimator, which this installation does not provide.")
        return sec
    from multivector._errors import InvalidYearError

    a, b = ctx.un_years
    try:
        df = with_poles(ctx.ccode, (a, b))
    except InvalidYearError:
        sec.notes.append(f"{ctx.name} cast no UN General Assembly vote that informs an ideal point in {span(a, b)}.")
        return sec
    sec.reproduce += [f"multivector ideal-points {ctx.abb} --from {a} --to {b}",
                      f'mv.ideal_points_with_poles("{ctx.abb}", ({a}, {b}))']
    me = df[df.role == "state"].sort_values("year")
    last = me.iloc[-1]
    y = int(last.year)
    poles = df[(df.role == "pole") & (df.year == y)].set_index("series").ideal_point
    ctx.numbers.update(ideal_year=y, ideal_point=float(last.ideal_point), ideal_lo=float(last.ideal_point_lo),
                       ideal_hi=float(last.ideal_point_hi),
                       ideal_poles={str(k): float(v) for k, v in poles.items()})
    text = (f"In {y}, {ctx.name}'s ideal point was {dec(last.ideal_point, 2)} "
            f"(95% interval {dec(last.ideal_point_lo, 2)} to {dec(last.ideal_point_hi, 2)})")
    if {"West", "East"} <= set(poles.index):
        w, e = float(poles["West"]), float(poles["East"])
        nearer = "West" if abs(last.ideal_point - w) < abs(last.ideal_point - e) else "East"
        lo_pole, hi_pole = ("East", "West") if e <= w else ("West", "East")
        if min(w, e) <= last.ideal_point <= max(w, e):
            where = f"between the poles, nearer the {nearer}"
        elif last.ideal_point < min(w, e):
            where = f"further from the {hi_pole} than the {lo_pole} pole itself"
        else:
            where = f"further from the {lo_pole} than the {hi_pole} pole itself"
        text += (f"; the West pole (United States and EU members) stood at {dec(w, 2)} and the East pole (Russia and "
                 f"China) at {dec(e, 2)}, so {ctx.name} stood {where}.")
        ctx.numbers.update(ideal_nearer=nearer)
    else:
        text += "."
    sec.paragraphs.append(text)
    if len(me) > 1:
        first = me.iloc[0]
        sec.paragraphs.append(f"From {int(first.year)} to {y} it moved from {dec(first.ideal_point, 2)} to "
                              f"{dec(last.ideal_point, 2)}.")
    sec.notes.append("Ideal points are estimated here from the UN roll calls with a dynamic ordinal model (yes, abstain, "
                     "no; each state's position a random walk; resolutions repeated word for word bridge the years); "
                     "higher is closer to the United States; year = session + 1945. A pole's ideal point is the mean "
                     "of its pillars' (the EU's: the mean of its member states'). The 95% interval is the "
                     "posterior's given the roll calls' estimated parameters (docs/methodology.md).")
    sec.charts.append(Chart("ideal_point", "UN ideal point and the poles", ideal_point_chart(df),
                            "The state's ideal point per year (thick line, shaded 95% interval) and the West and East "
                            "poles' (thin lines)."))
    return sec
