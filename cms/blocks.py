"""StreamField blocks for career-path and comparison pages.

Every block carries an admin label and help text, because editors build pages
from these parts rather than from one rich-text blob. Each block type owns
everything that is shown of it, read from its stored value (see `cms.streams`):

- its HTML: `Meta.template`, used by Wagtail's preview and serve, by
  `{% include_block %}` and by the static export alike;
- its API JSON: `api_json` (Wagtail's `get_api_representation` calls it);
- its search text: `search_text`.

The defaults read any struct of char, text, choice, rich-text, list and snippet
children, so a new block type is one class, one template and a test. Block
names and child names are part of the public contract: rename them only with
a migration and an API bump.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from wagtail import blocks
from wagtail.rich_text import get_text_for_indexing
from wagtail.snippets.blocks import SnippetChooserBlock

from cms import streams
from cms.streams import References, Resolved, list_items, struct

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "link", "ol", "ul"]

SKILL_KINDS = [
    ("programming", "Programming and software"),
    ("ml", "Machine learning and modelling"),
    ("genai", "Generative AI and LLMs"),
    ("data", "Data and analytics"),
    ("infrastructure", "Infrastructure and operations"),
    ("product", "Product and communication"),
]

COMPARISON_TOPICS = [
    ("responsibilities", "Responsibilities"),
    ("collaborators", "Who they work with"),
    ("skills", "Skills"),
    ("salary", "Salary signals"),
    ("genai_fit", "Fit for GenAI and LLM work"),
    ("other", "Other"),
]
SKILL_LABELS = dict(SKILL_KINDS)
TOPIC_LABELS = dict(COMPARISON_TOPICS)


def _snippet_kind(block: SnippetChooserBlock) -> str:
    return block.target_model._meta.model_name


def _text(value: Any) -> str:
    """A char or text child's stored value; anything but a scalar (an old format) reads as empty."""
    if value is None or isinstance(value, dict | list | tuple):
        return ""
    return str(value)


def _escaped(value: Any) -> SafeString:
    # Escaped once here, as Django's `escape` would: the template then has nothing left to escape
    # (autoescaping a SafeString is a no-op), which halves the cost of rendering a block.
    return mark_safe(html.escape(_text(value)))  # noqa: S308


Reader = Callable[[Any, Resolved], Any]


def _reader(block: blocks.Block, *, api: bool) -> Reader:
    """A function that makes a stored value ready for a template (`api=False`) or for JSON (`api=True`).

    Built once per block type: the export reads some 20,000 stored blocks per run, and
    deciding each child's kind anew for every value cost more than rendering it.
    """
    if isinstance(block, blocks.StructBlock):
        children = [(name, _reader(child, api=api)) for name, child in block.child_blocks.items()]

        def read_struct(raw: Any, resolved: Resolved) -> dict[str, Any]:
            get = raw.get if isinstance(raw, dict) else {}.get
            return {name: read(get(name), resolved) for name, read in children}

        return read_struct
    if isinstance(block, blocks.ListBlock):
        read_item = _reader(block.child_block, api=api)
        return lambda raw, resolved: [read_item(item, resolved) for item in list_items(raw)]
    if isinstance(block, blocks.RichTextBlock):
        return (lambda raw, r: r.api_html(raw)) if api else (lambda raw, r: r.rich_text(raw))
    if isinstance(block, SnippetChooserBlock):
        if _snippet_kind(block) == "statistic":
            return (lambda raw, r: r.statistic_json(raw)) if api else (lambda raw, r: r.statistic(raw))
        return (lambda raw, r: r.source_json(raw)) if api else (lambda raw, r: r.source(raw))
    return (lambda raw, resolved: _text(raw)) if api else (lambda raw, resolved: _escaped(raw))


def _read(block: blocks.Block, raw: Any, resolved: Resolved, *, api: bool) -> Any:
    readers = block.__dict__.setdefault("_content_readers", {})
    read = readers.get(api)
    if read is None:
        read = readers[api] = _reader(block, api=api)
    return read(raw, resolved)


def _references(block: blocks.Block, raw: Any, refs: References) -> None:
    if isinstance(block, blocks.StructBlock):
        data = struct(raw)
        for name, child in block.child_blocks.items():
            _references(child, data.get(name), refs)
    elif isinstance(block, blocks.ListBlock):
        for item in list_items(raw):
            _references(block.child_block, item, refs)
    elif isinstance(block, blocks.RichTextBlock):
        if isinstance(raw, str):
            refs.rich_text.append(raw)
    elif isinstance(block, SnippetChooserBlock):
        refs.add_snippet(_snippet_kind(block), raw)


def _search_text(block: blocks.Block, raw: Any, resolved: Resolved) -> Iterable[str]:
    """Readable text; choice values are identifiers, not prose, so they are skipped."""
    if raw is None or isinstance(block, blocks.ChoiceBlock):
        return
    if isinstance(block, blocks.StructBlock):
        data = struct(raw)
        for name, child in block.child_blocks.items():
            yield from _search_text(child, data.get(name), resolved)
    elif isinstance(block, blocks.ListBlock):
        for item in list_items(raw):
            yield from _search_text(block.child_block, item, resolved)
    elif isinstance(block, blocks.RichTextBlock):
        if isinstance(raw, str):
            yield get_text_for_indexing(raw)
    elif isinstance(block, SnippetChooserBlock):
        if _snippet_kind(block) == "statistic":
            stat = resolved.statistic(raw)
            if stat:
                yield f"{stat['figure']} {stat['statement']}"
        else:
            source = resolved.source(raw)
            if source:
                yield source["publisher"]
    elif text := _text(raw):
        yield text


class ContentBlock(blocks.StructBlock):
    """A struct block that renders, serialises and indexes itself from its stored value.

    Subclasses set `Meta.template` and override `render_context`, `api_json` or
    `search_text` only where the defaults (every child, read by type) are not
    what readers should get.
    """

    def references(self, raw: Any, refs: References) -> None:
        """Add the snippets and linked pages this stored value refers to."""
        _references(self, raw, refs)

    def value_for_template(self, raw: Any, resolved: Resolved) -> dict[str, Any]:
        return _read(self, raw, resolved, api=False)

    def render_context(self, raw: Any, resolved: Resolved, page: dict[str, Any]) -> dict[str, Any] | None:
        """The template context of a stored value; `page` holds page-level values (e.g. the two sides)."""
        value = self.value_for_template(raw, resolved)
        return {**page, "value": value, "self": value}

    def api_json(self, raw: Any, resolved: Resolved) -> dict[str, Any] | None:
        """The API JSON of a stored value; None leaves the block out (e.g. a deleted snippet)."""
        return _read(self, raw, resolved, api=True)

    def search_text(self, raw: Any, resolved: Resolved) -> list[str]:
        """The readable text of a stored value, for the search index."""
        return list(_search_text(self, raw, resolved))

    def keywords(self, raw: Any) -> list[str]:
        """Short names the block lists (skills, tools); none by default."""
        return []

    # Wagtail's entry points, for block values (serve, `{% include_block %}`, API v2, admin search).
    def _resolved(self, raw: Any) -> Resolved:
        refs = References()
        self.references(raw, refs)
        return streams.resolve(refs)

    def get_context(self, value: Any, parent_context: dict | None = None) -> dict[str, Any]:
        raw = self.get_prep_value(value)
        page = dict(parent_context or {})
        return self.render_context(raw, self._resolved(raw), page) or {**page, "value": None, "self": None}

    def get_api_representation(self, value: Any, context: dict | None = None) -> Any:
        raw = self.get_prep_value(value)
        return self.api_json(raw, self._resolved(raw))

    def get_searchable_content(self, value: Any) -> list[str]:
        raw = self.get_prep_value(value)
        return self.search_text(raw, self._resolved(raw))


class SectionBlock(ContentBlock):
    heading = blocks.CharBlock(max_length=120, required=False, help_text="Section heading (optional).")
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, help_text="Section text. Links may point at other pages.")

    class Meta:
        template = "cms/blocks/section.html"
        label = "Text section"
        icon = "doc-full"
        help_text = "A heading and free text. Use the structured blocks for lists, skills and FAQs."

    def api_json(self, raw: Any, resolved: Resolved) -> dict[str, Any]:
        value = struct(raw)
        return {"heading": _text(value.get("heading")), "html": resolved.api_html(value.get("body"))}


class ResponsibilitiesBlock(ContentBlock):
    heading = blocks.CharBlock(max_length=120, default="What the role does", help_text="Heading shown above the list.")
    intro = blocks.TextBlock(required=False, help_text="One or two sentences before the list (optional).")
    items = blocks.ListBlock(
        blocks.CharBlock(
            max_length=300, label="Responsibility", help_text="One responsibility, e.g. 'Ship LLM features'."
        ),
        min_num=1,
        help_text="One responsibility per item, starting with a verb.",
    )

    class Meta:
        template = "cms/blocks/responsibilities.html"
        label = "Responsibilities"
        icon = "list-ul"
        help_text = "The day-to-day work of the role, as a list."


class SkillGroupBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=SKILL_KINDS, help_text="What kind of skills this group holds.")
    skills = blocks.ListBlock(
        blocks.CharBlock(max_length=120, label="Skill", help_text="A short skill name."),
        min_num=1,
        help_text="Short skill names, e.g. 'Python', 'Prompt evaluation'.",
    )

    class Meta:
        label = "Skill group"
        icon = "tag"
        help_text = "One kind of skill and the skills of that kind."


class SkillsBlock(ContentBlock):
    heading = blocks.CharBlock(max_length=120, default="Skills", help_text="Heading shown above the skill groups.")
    groups = blocks.ListBlock(SkillGroupBlock(), min_num=1, help_text="Skills grouped by kind.")

    class Meta:
        template = "cms/blocks/skills.html"
        label = "Skills by kind"
        icon = "tasks"
        help_text = "Skills the role needs, grouped by kind (programming, ML, GenAI, data, ...)."

    def value_for_template(self, raw: Any, resolved: Resolved) -> dict[str, Any]:
        value = super().value_for_template(raw, resolved)
        for group in value["groups"]:
            group["label"] = SKILL_LABELS.get(group["kind"], group["kind"] or "Skills")
        return value

    def api_json(self, raw: Any, resolved: Resolved) -> dict[str, Any]:
        value = super().api_json(raw, resolved)
        for group in value["groups"]:
            group["label"] = SKILL_LABELS.get(group["kind"], group["kind"])
        return {"heading": value["heading"], "groups": [{"kind": g["kind"], "label": g["label"], "skills": g["skills"]}
                                                        for g in value["groups"]]}

    def keywords(self, raw: Any) -> list[str]:
        return [_text(skill) for group in list_items(struct(raw).get("groups")) for skill in
                list_items(struct(group).get("skills")) if _text(skill)]


class ToolBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=80, help_text="Tool or framework name, e.g. 'PyTorch'.")
    category = blocks.CharBlock(max_length=80, required=False, help_text="What it is used for, e.g. 'Training'.")

    class Meta:
        label = "Tool"
        icon = "cog"
        help_text = "A tool or framework and what the role uses it for."


class ToolsBlock(ContentBlock):
    heading = blocks.CharBlock(max_length=120, default="Tools", help_text="Heading shown above the tools.")
    tools = blocks.ListBlock(ToolBlock(), min_num=1, help_text="Tools and frameworks the role commonly uses.")

    class Meta:
        template = "cms/blocks/tools.html"
        label = "Tools"
        icon = "cogs"
        help_text = "Tools and frameworks, each with what it is used for."

    def keywords(self, raw: Any) -> list[str]:
        return [_text(struct(tool).get("name")) for tool in list_items(struct(raw).get("tools"))
                if _text(struct(tool).get("name"))]


class StatisticBlock(ContentBlock):
    statistic = SnippetChooserBlock("cms.Statistic", help_text="A cited statistic from the Statistics snippets.")

    class Meta:
        template = "cms/blocks/statistic.html"
        label = "Pull-quote statistic"
        icon = "pick"
        help_text = "Shows a statistic with its source as a pull quote."

    def api_json(self, raw: Any, resolved: Resolved) -> dict[str, Any] | None:
        # A snippet deleted after the page was published: the pull quote is left out.
        return resolved.statistic_json(struct(raw).get("statistic"))


class FAQItemBlock(ContentBlock):
    question = blocks.CharBlock(max_length=200, help_text="The question as a reader would ask it.")
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, help_text="A short, direct answer.")

    class Meta:
        template = "cms/blocks/question.html"
        label = "Question"
        icon = "help"
        help_text = "One question and its answer."

    def api_json(self, raw: Any, resolved: Resolved) -> dict[str, Any]:
        value = struct(raw)
        return {"question": _text(value.get("question")), "answer_html": resolved.api_html(value.get("answer"))}


class FAQBlock(ContentBlock):
    heading = blocks.CharBlock(
        max_length=120, default="Frequently asked questions", help_text="Heading shown above the questions."
    )
    items = blocks.ListBlock(FAQItemBlock(), min_num=1, help_text="Questions and answers, in display order.")

    class Meta:
        template = "cms/blocks/faq.html"
        label = "FAQ"
        icon = "help"
        help_text = "Frequently asked questions with answers."

    def api_json(self, raw: Any, resolved: Resolved) -> dict[str, Any]:
        value = struct(raw)
        item_block = self.child_blocks["items"].child_block
        return {
            "heading": _text(value.get("heading")),
            "items": [item_block.api_json(item, resolved) for item in list_items(value.get("items"))],
        }


class ComparisonRowBlock(blocks.StructBlock):
    aspect = blocks.CharBlock(max_length=120, help_text="What is compared in this row, e.g. 'Main focus'.")
    left = blocks.TextBlock(help_text="How it is for the left-hand path.")
    right = blocks.TextBlock(help_text="How it is for the right-hand path.")

    class Meta:
        label = "Row"
        icon = "arrows-up-down"
        help_text = "One aspect, described for each of the two paths."


class ComparisonTableBlock(ContentBlock):
    topic = blocks.ChoiceBlock(choices=COMPARISON_TOPICS, help_text="Which part of the comparison this table covers.")
    heading = blocks.CharBlock(max_length=120, help_text="Heading, e.g. 'How the responsibilities differ'.")
    intro = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, required=False, help_text="A paragraph before the table (optional)."
    )
    rows = blocks.ListBlock(ComparisonRowBlock(), min_num=1, help_text="Aspect / left / right rows.")

    class Meta:
        template = "cms/blocks/comparison.html"
        label = "Side-by-side comparison"
        icon = "table"
        help_text = "Rows comparing the two paths on one topic (responsibilities, skills, salary, GenAI fit...)."

    def render_context(self, raw: Any, resolved: Resolved, page: dict[str, Any]) -> dict[str, Any]:
        context = super().render_context(raw, resolved, page)
        value = context["value"]
        context["heading"] = value["heading"] or TOPIC_LABELS.get(value["topic"], "")
        context.setdefault("left_label", "")
        context.setdefault("right_label", "")
        return context

    def api_json(self, raw: Any, resolved: Resolved) -> dict[str, Any]:
        value = super().api_json(raw, resolved)
        topic = value["topic"] or "other"
        return {
            "topic": topic,
            "topic_label": TOPIC_LABELS.get(topic, topic),
            "heading": value["heading"],
            "intro_html": value["intro"],
            "rows": value["rows"],
        }


class CareerPathBodyBlock(blocks.StreamBlock):
    section = SectionBlock()
    responsibilities = ResponsibilitiesBlock()
    skills = SkillsBlock()
    tools = ToolsBlock()
    statistic = StatisticBlock()
    faq = FAQBlock()

    class Meta:
        help_text = "The body of a career path: text sections, responsibilities, skills, tools, statistics, FAQ."


class ComparisonBodyBlock(blocks.StreamBlock):
    comparison = ComparisonTableBlock()
    section = SectionBlock()
    statistic = StatisticBlock()

    class Meta:
        help_text = "Side-by-side tables, free text sections and pull-quote statistics, in reading order."


class FAQStreamBlock(blocks.StreamBlock):
    question = FAQItemBlock()

    class Meta:
        help_text = "Frequently asked questions with answers, in display order."


class SalaryNoteBlock(ContentBlock):
    title = blocks.CharBlock(max_length=120, help_text="What the figure describes, e.g. 'US median annual pay'.")
    figure = blocks.CharBlock(max_length=60, help_text="The figure as shown, e.g. '$112,590'.")
    note = blocks.TextBlock(required=False, help_text="Context: year, region, which roles it covers (optional).")
    source = SnippetChooserBlock("cms.Source", help_text="Where the figure comes from.")

    class Meta:
        template = "cms/blocks/salary_figure.html"
        label = "Salary figure"
        icon = "doc-full-inverse"
        help_text = "A curated salary figure with the source it is cited from."

    def api_json(self, raw: Any, resolved: Resolved) -> dict[str, Any] | None:
        value = super().api_json(raw, resolved)
        # A figure whose source was deleted is not shown without it.
        return value if value["source"] is not None else None


class SalaryNotesBlock(blocks.StreamBlock):
    figure = SalaryNoteBlock()

    class Meta:
        help_text = "Curated salary figures, each with its cited source."
