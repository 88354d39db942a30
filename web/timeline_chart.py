"""The timeline as a server-rendered SVG bar chart: geometry and links computed here, drawn by the
template (web/templates/timeline.html). No JavaScript, no inline style (the CSP forbids both).

    >>> chart = timeline_chart(result.timeline, state_args(request, "en"), "en")
    >>> chart["bars"][0]["url"], chart["bars"][0]["label"]

Each bar with articles is a link narrowing the search to its period (`from`/`to`, page 1), and
carries its dates and count as text (an aria-label and an SVG <title>) for screen readers.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from search.timeline import Bucket, Timeline

from .i18n import t

BAR_WIDTH, BAR_GAP, CHART_HEIGHT = 10, 2, 60
MIN_BAR = 2  # a bar with one article stays visible beside a peak of thousands


def period_label(bucket: Bucket, unit: str) -> str:
    """A bucket's period as text: 2020, 2020-09, 2020-09-15, or first – last day of a week."""
    if unit == "year":
        return bucket.start[:4]
    if unit == "month":
        return bucket.start[:7]
    if unit == "day":
        return bucket.start
    return f"{bucket.start} – {bucket.end}"


def timeline_chart(tl: Timeline | None, args: MultiDict[str, str], lang: str) -> dict[str, Any] | None:
    """Bars (position, size, link, text) of a timeline; None when there is nothing dated to draw."""
    if tl is None or not tl.buckets:
        return None
    base = args.copy()
    for key in ("from", "to", "page"):
        base.poplist(key)
    peak = max(tl.peak, 1)
    bars = []
    for n, bucket in enumerate(tl.buckets):
        height = 0 if not bucket.count else max(MIN_BAR, round(bucket.count * CHART_HEIGHT / peak))
        narrowed = base.copy()
        narrowed["from"], narrowed["to"] = bucket.start, bucket.end
        period = period_label(bucket, tl.unit)
        bars.append(
            {
                "x": n * (BAR_WIDTH + BAR_GAP),
                "y": CHART_HEIGHT - height,
                "width": BAR_WIDTH,
                "height": height,
                "count": bucket.count,
                "start": bucket.start,
                "end": bucket.end,
                "period": period,
                "label": f"{period}: {bucket.count} {t(lang, 'timeline_articles')}",
                "url": "/search?" + urlencode(list(narrowed.items(multi=True))) if bucket.count else None,
            }
        )
    return {
        "unit": tl.unit,
        "unit_label": t(lang, f"timeline_{tl.unit}"),
        "bars": bars,
        "undated": tl.undated,
        "width": len(bars) * (BAR_WIDTH + BAR_GAP) - BAR_GAP,
        "height": CHART_HEIGHT,
        "first": period_label(tl.buckets[0], tl.unit).split(" – ")[0],
        "last": period_label(tl.buckets[-1], tl.unit).split(" – ")[-1],
    }
