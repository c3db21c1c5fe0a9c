"""One document class per index, and how a page or a listing becomes one.

Field weights live in `search.queries`; here is what is stored and how it is
analysed. `all_text` holds every searchable word of a document once, so that
the query can require most of the searcher's words to be present somewhere,
while the per-field clauses decide the ranking.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from elasticsearch.dsl import Date, Document, Float, Integer, Keyword, Object, Text

from config import public_urls

from . import indices
from .indices import (
    AUTOCOMPLETE_ANALYZER,
    AUTOCOMPLETE_SEARCH_ANALYZER,
    FOLDED_NORMALIZER,
    JOINED_ANALYZER,
    JOINED_SEARCH_ANALYZER,
    TEXT_ANALYZER,
    TEXT_SEARCH_ANALYZER,
    SynonymExpander,
)


def _text(**kwargs: Any) -> Text:
    return Text(analyzer=TEXT_ANALYZER, search_analyzer=TEXT_SEARCH_ANALYZER, **kwargs)


def _title() -> Text:
    """A title: full text, edge n-grams for autocomplete, adjacent words run together
    ("data scientist" also as "datascientist", on Elasticsearch), and the exact string for grouping."""
    return _text(
        fields={
            "ac": Text(analyzer=AUTOCOMPLETE_ANALYZER, search_analyzer=AUTOCOMPLETE_SEARCH_ANALYZER),
            "joined": Text(analyzer=JOINED_ANALYZER, search_analyzer=JOINED_SEARCH_ANALYZER),
            "raw": Keyword(),
        }
    )


class RoleDocument(Document):
    """A career path or a comparison, in the `roles` index."""

    kind = Keyword()  # "path" or "comparison"
    slug = Keyword()
    title = _title()
    role_name = _text()
    # The title with the synonyms of its words ("LLM Engineer large language model"),
    # so that a query mixing both forms matches within one heavily weighted field.
    title_terms = _text()
    # The role's name and the job-title patterns editors keep for it; `exact`
    # lets a query that is exactly a role's name find that role first.
    names = _text(fields={"exact": Keyword(normalizer=FOLDED_NORMALIZER)})
    summary = _text()
    skills = _text()
    body = _text()
    all_text = _text()
    paths = Keyword()
    url = Keyword(index=False)
    open_jobs = Integer()
    order = Integer()

    @classmethod
    def from_page(cls, page: Any, *, expander: SynonymExpander, open_jobs: int = 0, order: int = 0) -> RoleDocument:
        """The document of a live `CareerPathPage` or `ComparisonPage` (a specific page)."""
        from cms.models import CareerPathPage
        from cms.selectors import page_keywords, page_search_text

        body = page_search_text(page)
        if isinstance(page, CareerPathPage):
            kind, role_name, paths = "path", page.role_name, [page.slug]
            names = [page.role_name, *page.title_pattern_list()]
            skills = page_keywords(page)
            url = public_urls.path_url(page.slug)
        else:
            kind, role_name, names, skills = "comparison", "", [], []
            paths = [side.slug for side in (page.left_path, page.right_path) if side is not None]
            url = public_urls.comparison_url(page.slug)
        summary = page.summary or ""
        # Synonyms of what the page is called weigh like its title; the others only help recall.
        title_synonyms = expander.expand(page.title, role_name)
        other_synonyms = [t for t in expander.expand(*names, summary, body) if t not in title_synonyms]
        return cls(
            meta={"id": page.pk},
            kind=kind,
            slug=page.slug,
            title=page.title,
            role_name=role_name,
            title_terms=" ".join([page.title, *title_synonyms]),
            names=names,
            summary=summary,
            skills=skills,
            body=body,
            all_text=" ".join([page.title, *title_synonyms, *names, summary, *skills, body, *other_synonyms]),
            paths=paths,
            url=url,
            open_jobs=open_jobs,
            order=order,
        )


class JobDocument(Document):
    """An open canonical job listing, in the `jobs` index."""

    title = _title()
    company = _text(fields={"raw": Keyword()})
    # The description as visitors read it: snippets are highlighted from it (and from
    # the title) only, never from `all_text`, which also holds synonyms and path names.
    # Positions are left out: it is matched through `all_text`, here it is highlighted.
    description = _text(index_options="freqs", norms=False)
    # A plain excerpt of the description, for results that have no highlight.
    excerpt = Keyword(index=False, doc_values=False)
    path = Keyword()
    title_terms = _text()  # the title with the synonyms of its words, as for roles
    # The path's role name (with its synonyms): a listing classified as an LLM
    # job is found by "llm" even when its title says "GenAI Engineer".
    path_names = _text()
    # The path's name and title patterns as exact keys: a query that is exactly
    # one of them ("ml engineer") ranks that path's listings higher.
    path_keys = Keyword(normalizer=FOLDED_NORMALIZER)
    all_text = _text()
    workplace = Keyword()
    locations = _text(fields={"raw": Keyword()})
    countries = Keyword()
    employment_type = Keyword()
    seniority = Keyword()
    salary_currency = Keyword()
    salary_annual_min = Float()
    salary_annual_max = Float()
    salary_annual_top = Float()
    salary = Object(enabled=False)
    posted_at = Date()
    source = Keyword()
    url = Keyword(index=False)  # the listing's page on this site; none without a career path
    source_url = Keyword(index=False)  # the posting on the employer's job board
    apply_url = Keyword(index=False)  # where to apply, on the employer's side

    @classmethod
    def from_listing(
        cls, listing: Any, *, expander: SynonymExpander, paths: dict[int, PathTerms] | None = None
    ) -> JobDocument:
        """The document of an open canonical `JobListing` (with `source` loaded).

        `paths` (from `path_terms()`) maps career path ids to what their
        listings carry; bulk callers pass it so that no path page is loaded per
        listing. Without it, `listing.career_path` is read.
        """
        if paths is None:
            page = listing.career_path
            terms = PathTerms.of(page, expander) if page is not None else None
        else:
            terms = paths.get(listing.career_path_id) if listing.career_path_id is not None else None
        path_slug = terms.slug if terms is not None else None
        path_keys = list(terms.keys) if terms is not None else []
        path_names = list(terms.names) if terms is not None else []
        locations = list(listing.locations or [])
        workplace = listing.workplace or "unspecified"
        title_synonyms = expander.expand(listing.title)
        description = listing.description_text or ""
        other_synonyms = [t for t in expander.expand(description) if t not in title_synonyms]
        searchable = [listing.title, *title_synonyms, listing.company, *path_names, *locations, *other_synonyms]
        if workplace != "unspecified":
            searchable.append(workplace)
        return cls(
            meta={"id": listing.pk},
            title=listing.title,
            company=listing.company,
            description=description,
            excerpt=_excerpt(description),
            path=path_slug,
            title_terms=" ".join([listing.title, *title_synonyms]),
            path_names=path_names,
            path_keys=path_keys,
            all_text=" ".join([description, *searchable]),
            workplace=workplace,
            locations=locations,
            countries=[code.upper() for code in listing.country_codes or []],
            employment_type=listing.employment_type or None,
            seniority=listing.seniority or None,
            salary_currency=listing.salary_currency or None,
            salary_annual_min=listing.salary_annual_min,
            salary_annual_max=listing.salary_annual_max,
            # The top of the range (or its only figure): "pays at least X" filters and facets use it.
            salary_annual_top=_top(listing.salary_annual_min, listing.salary_annual_max),
            salary=listing.salary,
            # Undated listings rank by when we first saw them.
            posted_at=listing.posted_at or listing.first_seen_at,
            source=listing.source.slug,
            url=public_urls.job_url(path_slug, listing.pk) if path_slug else None,
            source_url=listing.url,
            apply_url=listing.apply_url,
        )


@dataclass(frozen=True)
class PathTerms:
    """What a listing of a career path carries from it, computed once per path."""

    slug: str
    keys: tuple[str, ...]  # the role name and title patterns, for `path_keys`
    names: tuple[str, ...]  # the role name with its synonyms, for `path_names`

    @classmethod
    def of(cls, page: Any, expander: SynonymExpander) -> PathTerms:
        role_name = page.role_name or ""
        names = (role_name, *expander.expand(role_name)) if role_name else ()
        return cls(slug=page.slug, keys=(role_name, *page.title_pattern_list()), names=names)


def path_terms(expander: SynonymExpander) -> dict[int, PathTerms]:
    """`PathTerms` of every career path, by page id (listings may point at pages not live)."""
    from cms.models import CareerPathPage

    return {page.pk: PathTerms.of(page, expander) for page in CareerPathPage.objects.all()}


def _excerpt(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _top(low: float | None, high: float | None) -> float | None:
    return high if high is not None else low


def document_class(name: str) -> type[Document]:
    return {indices.ROLES: RoleDocument, indices.JOBS: JobDocument}[name]
