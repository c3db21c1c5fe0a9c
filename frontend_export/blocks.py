"""Static HTML for the CMS StreamField blocks, rendered from their raw stored data.

Working from the raw data (not Wagtail's block values) means the snippets and
pages that blocks refer to are fetched once for the whole site by
`frontend_export.data`, instead of once per block. Block names and their
children are the CMS's public contract (`cms.blocks`).
"""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from cms.blocks import COMPARISON_TOPICS, SKILL_KINDS
from frontend_export.data import list_items
from frontend_export.html import clean_rich_text, safe_url

SKILL_LABELS = dict(SKILL_KINDS)
TOPIC_LABELS = dict(COMPARISON_TOPICS)


def join_safe(parts: list[SafeString]) -> SafeString:
    """Concatenate already-safe fragments (anything unsafe among them is escaped)."""
    return format_html_join("", "{}", ((part,) for part in parts))


class BlockRenderer:
    """Renders raw blocks with the site's snippets, page links and the two sides of a comparison."""

    def __init__(
        self,
        *,
        statistics: dict[int, dict],
        sources: dict[int, dict],
        link_targets: dict[int, str],
        left_label: str = "",
        right_label: str = "",
    ):
        self.statistics = statistics
        self.sources = sources
        self.link_targets = link_targets
        self.left_label = left_label
        self.right_label = right_label

    # -- shared pieces -------------------------------------------------------------------
    def rich_text(self, html: str | None) -> SafeString:
        from cms.selectors import rich_text_html

        return clean_rich_text(rich_text_html(html or "", self.link_targets))

    def citation(self, source_id: int | None) -> SafeString:
        source = self.sources.get(source_id) if source_id else None
        if not source:
            return mark_safe("")
        label = format_html("{}, <i>{}</i>", source["publisher"], source["title"])
        url = safe_url(source["url"])
        if url:
            label = format_html('<a href="{}" rel="noopener">{}</a>', url, label)
        retrieved = source.get("retrieved_date")
        if retrieved:
            return format_html(
                '<cite class="source">{} (retrieved <time datetime="{}">{}</time>)</cite>',
                label,
                retrieved,
                retrieved,
            )
        return format_html('<cite class="source">{}</cite>', label)

    def statistic(self, statistic_id: int | None) -> SafeString:
        stat = self.statistics.get(statistic_id) if statistic_id else None
        if not stat:
            return mark_safe("")
        return format_html(
            '<figure class="stat"><p class="stat-figure">{}</p><figcaption>{} {}</figcaption></figure>',
            stat["figure"],
            stat["statement"],
            self.citation(stat["source"]),
        )

    # -- blocks ----------------------------------------------------------------------------
    def section(self, value: dict) -> SafeString:
        heading = format_html("<h2>{}</h2>", value["heading"]) if value.get("heading") else ""
        return format_html(
            '<section class="block">{}{}</section>', heading, self.rich_text(value.get("body"))
        )

    def responsibilities(self, value: dict) -> SafeString:
        intro = format_html("<p>{}</p>", value["intro"]) if value.get("intro") else ""
        items = format_html_join(
            "", "<li>{}</li>", ((item,) for item in list_items(value.get("items")) if item)
        )
        return format_html(
            '<section class="block"><h2>{}</h2>{}<ul>{}</ul></section>',
            value.get("heading") or "What the role does",
            intro,
            items,
        )

    def skills(self, value: dict) -> SafeString:
        groups = []
        for group in list_items(value.get("groups")):
            group = group or {}
            skills = format_html_join("", "<li>{}</li>", ((s,) for s in list_items(group.get("skills")) if s))
            label = SKILL_LABELS.get(group.get("kind"), group.get("kind") or "Skills")
            groups.append(format_html('<h3>{}</h3><ul class="tags">{}</ul>', label, skills))
        return format_html(
            '<section class="block"><h2>{}</h2>{}</section>',
            value.get("heading") or "Skills",
            join_safe(groups),
        )

    def tools(self, value: dict) -> SafeString:
        rows = []
        for tool in list_items(value.get("tools")):
            tool = tool or {}
            if tool.get("category"):
                rows.append(
                    format_html("<li><strong>{}</strong>: {}</li>", tool.get("name", ""), tool["category"])
                )
            else:
                rows.append(format_html("<li><strong>{}</strong></li>", tool.get("name", "")))
        return format_html(
            '<section class="block"><h2>{}</h2><ul>{}</ul></section>',
            value.get("heading") or "Tools",
            join_safe(rows),
        )

    def faq(self, value: dict) -> SafeString:
        return format_html(
            '<section class="block faq"><h2>{}</h2>{}</section>',
            value.get("heading") or "Frequently asked questions",
            self.questions(list_items(value.get("items"))),
        )

    def questions(self, items: list[dict]) -> SafeString:
        # Plain headings and answers: FAQ rich results are retired, so no FAQPage markup.
        return format_html_join(
            "",
            '<h3 class="question">{}</h3><div class="answer">{}</div>',
            (
                ((item or {}).get("question", ""), self.rich_text((item or {}).get("answer")))
                for item in items
            ),
        )

    def comparison(self, value: dict) -> SafeString:
        # data-label names each cell's side: on a phone the table is stacked row by row (site.css).
        rows = format_html_join(
            "",
            '<tr><th scope="row">{}</th><td data-label="{}">{}</td><td data-label="{}">{}</td></tr>',
            (
                (
                    (row or {}).get("aspect", ""),
                    self.left_label,
                    (row or {}).get("left", ""),
                    self.right_label,
                    (row or {}).get("right", ""),
                )
                for row in list_items(value.get("rows"))
            ),
        )
        intro = self.rich_text(value.get("intro")) if value.get("intro") else ""
        topic = TOPIC_LABELS.get(value.get("topic"), "")
        return format_html(
            '<section class="block comparison" data-topic="{}"><h2>{}</h2>{}'
            '<div class="table-scroll"><table class="stack"><caption class="visually-hidden">{}</caption>'
            '<thead><tr><th scope="col">Aspect</th><th scope="col">{}</th><th scope="col">{}</th></tr>'
            "</thead>"
            "<tbody>{}</tbody></table></div></section>",
            value.get("topic") or "",
            value.get("heading") or topic,
            intro,
            value.get("heading") or topic,
            self.left_label,
            self.right_label,
            rows,
        )

    def figure(self, value: dict) -> SafeString:
        note = format_html('<p class="note">{}</p>', value["note"]) if value.get("note") else ""
        return format_html(
            '<div class="salary-note"><p><span class="figure">{}</span> {}</p>{}{}</div>',
            value.get("figure", ""),
            value.get("title", ""),
            note,
            self.citation(value.get("source")),
        )

    def render(self, blocks: list[dict[str, Any]]) -> SafeString:
        """A stream's blocks in order; unknown block types (from a newer CMS) are left out."""
        out = []
        for block in blocks:
            kind, value = block.get("type"), block.get("value") or {}
            if kind == "statistic":
                out.append(self.statistic(value.get("statistic")))
            elif kind == "question":
                out.append(self.questions([value]))
            elif kind in {"section", "responsibilities", "skills", "tools", "faq", "comparison", "figure"}:
                out.append(getattr(self, kind)(value))
        return mark_safe("".join(out))  # noqa: S308 - every part is built with format_html


def skill_names(blocks: list[dict[str, Any]], limit: int = 8) -> list[str]:
    """The first skills named in a path body, for cards and meta descriptions."""
    names: list[str] = []
    for block in blocks:
        if block.get("type") != "skills":
            continue
        for group in list_items((block.get("value") or {}).get("groups")):
            names.extend(s for s in list_items((group or {}).get("skills")) if s)
    return names[:limit]
