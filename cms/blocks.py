"""StreamField blocks for career-path and comparison pages.

Every block carries an admin label and help text, because editors build pages
from these parts rather than from one rich-text blob. The content API turns
each block into typed JSON (see `cms.api`), so block names and child names are
part of the public contract: rename them only with a migration and an API bump.
"""

from __future__ import annotations

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

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


class SectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False, help_text="Section heading (optional).")
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, help_text="Section text. Links may point at other pages.")

    class Meta:
        label = "Text section"
        icon = "doc-full"
        help_text = "A heading and free text. Use the structured blocks for lists, skills and FAQs."


class ResponsibilitiesBlock(blocks.StructBlock):
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


class SkillsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Skills", help_text="Heading shown above the skill groups.")
    groups = blocks.ListBlock(SkillGroupBlock(), min_num=1, help_text="Skills grouped by kind.")

    class Meta:
        label = "Skills by kind"
        icon = "tasks"
        help_text = "Skills the role needs, grouped by kind (programming, ML, GenAI, data, ...)."


class ToolBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=80, help_text="Tool or framework name, e.g. 'PyTorch'.")
    category = blocks.CharBlock(max_length=80, required=False, help_text="What it is used for, e.g. 'Training'.")

    class Meta:
        label = "Tool"
        icon = "cog"
        help_text = "A tool or framework and what the role uses it for."


class ToolsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Tools", help_text="Heading shown above the tools.")
    tools = blocks.ListBlock(ToolBlock(), min_num=1, help_text="Tools and frameworks the role commonly uses.")

    class Meta:
        label = "Tools"
        icon = "cogs"
        help_text = "Tools and frameworks, each with what it is used for."


class StatisticBlock(blocks.StructBlock):
    statistic = SnippetChooserBlock("cms.Statistic", help_text="A cited statistic from the Statistics snippets.")

    class Meta:
        label = "Pull-quote statistic"
        icon = "pick"
        help_text = "Shows a statistic with its source as a pull quote."


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200, help_text="The question as a reader would ask it.")
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, help_text="A short, direct answer.")

    class Meta:
        label = "Question"
        icon = "help"
        help_text = "One question and its answer."


class FAQBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        max_length=120, default="Frequently asked questions", help_text="Heading shown above the questions."
    )
    items = blocks.ListBlock(FAQItemBlock(), min_num=1, help_text="Questions and answers, in display order.")

    class Meta:
        label = "FAQ"
        icon = "help"
        help_text = "Frequently asked questions with answers."


class ComparisonRowBlock(blocks.StructBlock):
    aspect = blocks.CharBlock(max_length=120, help_text="What is compared in this row, e.g. 'Main focus'.")
    left = blocks.TextBlock(help_text="How it is for the left-hand path.")
    right = blocks.TextBlock(help_text="How it is for the right-hand path.")

    class Meta:
        label = "Row"
        icon = "arrows-up-down"
        help_text = "One aspect, described for each of the two paths."


class ComparisonTableBlock(blocks.StructBlock):
    topic = blocks.ChoiceBlock(choices=COMPARISON_TOPICS, help_text="Which part of the comparison this table covers.")
    heading = blocks.CharBlock(max_length=120, help_text="Heading, e.g. 'How the responsibilities differ'.")
    intro = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, required=False, help_text="A paragraph before the table (optional)."
    )
    rows = blocks.ListBlock(ComparisonRowBlock(), min_num=1, help_text="Aspect / left / right rows.")

    class Meta:
        label = "Side-by-side comparison"
        icon = "table"
        help_text = "Rows comparing the two paths on one topic (responsibilities, skills, salary, GenAI fit...)."


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


class SalaryNoteBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, help_text="What the figure describes, e.g. 'US median annual pay'.")
    figure = blocks.CharBlock(max_length=60, help_text="The figure as shown, e.g. '$112,590'.")
    note = blocks.TextBlock(required=False, help_text="Context: year, region, which roles it covers (optional).")
    source = SnippetChooserBlock("cms.Source", help_text="Where the figure comes from.")

    class Meta:
        label = "Salary figure"
        icon = "doc-full-inverse"
        help_text = "A curated salary figure with the source it is cited from."


class SalaryNotesBlock(blocks.StreamBlock):
    figure = SalaryNoteBlock()

    class Meta:
        help_text = "Curated salary figures, each with its cited source."
