"""The audit as one self-contained HTML page (extra: disclosure-check[report], for Jinja2).

Styles and charts are inline; the page loads nothing from the network and runs no script.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from .. import highlight
from ..errors import DisclosureCheckError
from . import charts
from .values import Audit

try:
    import jinja2
    from markupsafe import Markup
except ImportError:  # the core library does not need it; only this page does
    jinja2 = None  # type: ignore[assignment]


def _environment() -> Any:
    if jinja2 is None:
        raise DisclosureCheckError(
            'the HTML audit report needs Jinja2: pip install "disclosure-check[report]"'
        )
    template = files("disclosure_check.audits").joinpath("templates/report.html.j2")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.globals.update(
        disclosure_chart=lambda a: Markup(charts.disclosure_by_month(a.timeline)),
        gifted_chart=lambda a: Markup(charts.gifted_by_month(a.gifting.per_month)),
        score_ring=lambda a: Markup(charts.score_ring(a.score)),
        caption=lambda e: Markup(highlight.caption_html(e.caption, e.spans)),
        pct=lambda v: "–" if v is None else f"{100 * v:.0f} %",
        highlight_style=Markup(highlight.STYLE),
    )
    return env.from_string(template.read_text("utf-8"))


def render_html(audit: Audit, *, title: str = "Creator audit") -> str:
    """The whole page as a string."""
    return str(_environment().render(audit=audit, title=title, colours=charts.COLOURS))
