"""Job sources, the listings synced from them, and the record of every sync run.

Salary figures are stored as columns (not JSON) so that search, the export and
the salary statistics can filter and aggregate them in SQL: `salary_min`/
`salary_max` in the source's own period and currency, and `salary_annual_min`/
`salary_annual_max` in the same currency per year.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .classify import DEFAULT_EXCLUSIONS
from .connectors import options_error

MAX_EXCLUSION_LENGTH = 100
_EXCLUSION_RE = re.compile(r"^[\w .+#&/\-'*]+$", re.UNICODE)


class JobSource(models.Model):
    """One job board we sync: a board on one of the supported job-board APIs, or a page with JSON-LD."""

    class Kind(models.TextChoices):
        GREENHOUSE = "greenhouse", "Greenhouse"
        LEVER = "lever", "Lever"
        ASHBY = "ashby", "Ashby"
        JSONLD = "jsonld", "JSON-LD page"
        WORKABLE = "workable", "Workable"
        SMARTRECRUITERS = "smartrecruiters", "SmartRecruiters"
        RECRUITEE = "recruitee", "Recruitee"
        PERSONIO = "personio", "Personio"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    board = models.CharField(
        max_length=1000, help_text="Board token, site or board name; for JSON-LD, the page URL."
    )
    base_url = models.URLField(
        max_length=500,
        blank=True,
        help_text="Overrides the API host (EU endpoints, local servers). Empty: the default.",
    )
    options = models.JSONField(
        default=dict,
        blank=True,
        help_text='Format options, e.g. {"pay_transparency": true} to read Greenhouse pay ranges per job.',
    )
    enabled = models.BooleanField(default=True)
    generated = models.BooleanField(
        default=False,
        help_text="The board and its listings are invented (the demo); the exported site then says so.",
    )
    sync_interval = models.DurationField(
        default=timedelta(hours=1), help_text="How often the source is synced."
    )
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_failure_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Backoff: consecutive failed runs, and when the source is next due.
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    next_sync_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Sync records reference nothing editors need to see in "usage" listings.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        # Two boards of one company share a name; the kind and board tell them apart.
        return f"{self.name} ({self.get_kind_display()}: {self.board_label})"

    @property
    def board_label(self) -> str:
        """The board as editors know it: the token, or a JSON-LD page's host and path."""
        if "://" in self.board:
            return self.board.split("://", 1)[1].rstrip("/")
        return self.board

    def clean(self) -> None:
        super().clean()
        problem = options_error(self.kind, self.options)
        if problem:
            raise ValidationError({"options": problem})

    def is_due(self, now=None) -> bool:
        now = now or timezone.now()
        return self.enabled and (self.next_sync_at is None or self.next_sync_at <= now)


class JobListing(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class Workplace(models.TextChoices):
        REMOTE = "remote", "Remote"
        HYBRID = "hybrid", "Hybrid"
        ONSITE = "onsite", "On-site"
        UNSPECIFIED = "unspecified", "Unspecified"

    class EmploymentType(models.TextChoices):
        FULL_TIME = "full_time", "Full time"
        PART_TIME = "part_time", "Part time"
        CONTRACT = "contract", "Contract"
        TEMPORARY = "temporary", "Temporary"
        INTERNSHIP = "internship", "Internship"

    class Seniority(models.TextChoices):
        INTERN = "intern", "Intern"
        JUNIOR = "junior", "Junior"
        MID = "mid", "Mid-level"
        SENIOR = "senior", "Senior"
        LEAD = "lead", "Lead"
        MANAGER = "manager", "Manager"

    class PaySource(models.TextChoices):
        STATED = "stated", "Stated by the employer"
        DESCRIPTION = "description", "Read from the job description"

    class Period(models.TextChoices):
        HOUR = "hour", "Hour"
        DAY = "day", "Day"
        WEEK = "week", "Week"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    source = models.ForeignKey(JobSource, on_delete=models.CASCADE, related_name="listings")
    external_id = models.CharField(max_length=200)
    title = models.CharField(max_length=500)
    company = models.CharField(max_length=300, blank=True)
    locations = models.JSONField(default=list, blank=True)
    country_codes = models.JSONField(default=list, blank=True)
    workplace = models.CharField(max_length=20, choices=Workplace.choices, default=Workplace.UNSPECIFIED)
    employment_type = models.CharField(max_length=20, choices=EmploymentType.choices, blank=True)
    seniority = models.CharField(max_length=20, choices=Seniority.choices, blank=True)

    # The effective path: the editor's override when set, else what the rule matched.
    career_path = models.ForeignKey(
        "cms.CareerPathPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="job_listings"
    )
    path_rule = models.CharField(
        "classified by",
        max_length=300,
        blank=True,
        help_text="The title pattern that matched, or 'excluded: <pattern>' when an exclusion refused the title.",
    )
    path_override = models.ForeignKey(
        "cms.CareerPathPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="An editor's choice of path; wins over the title patterns and survives syncs.",
    )

    salary_min = models.FloatField(null=True, blank=True)
    salary_max = models.FloatField(null=True, blank=True)
    salary_currency = models.CharField(max_length=3, blank=True)
    salary_period = models.CharField(max_length=10, choices=Period.choices, blank=True)
    salary_annual_min = models.FloatField(null=True, blank=True)
    salary_annual_max = models.FloatField(null=True, blank=True)
    # Where the pay came from: the employer's structured fields, or read from the description text.
    pay_source = models.CharField(max_length=12, choices=PaySource.choices, blank=True)

    description_html = models.TextField(blank=True)
    description_text = models.TextField(blank=True)
    url = models.URLField(max_length=2000, blank=True)
    apply_url = models.URLField(max_length=2000, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    valid_through = models.DateTimeField(null=True, blank=True)

    # Lifecycle. Unchanged listings are never written, so `last_seen_at` is the
    # time of the last run that wrote the row; a listing with `missing_runs == 0`
    # was also seen by its source's latest successful run.
    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    missing_runs = models.PositiveSmallIntegerField(
        default=0, help_text="Consecutive well-formed runs without this listing; closed at 3."
    )
    content_hash = models.CharField(max_length=64)
    raw_hash = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="Digest of the raw feed record and its mapping; equal on the next run means unchanged.",
    )

    # De-duplication.
    group_key = models.CharField(max_length=200, blank=True)
    identifier = models.CharField(max_length=200, blank=True)
    match_key = models.CharField(
        max_length=64,
        blank=True,
        help_text="Hash of company + normalised title + locations, for cross-source matching.",
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )

    # Set on every write; the search part clears it once the listing is indexed.
    search_pending = models.BooleanField(default=True)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-posted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="jobs_listing_unique_per_source"),
        ]
        indexes = [
            # Open canonical listings of a path (API, export, stats).
            models.Index(fields=["career_path", "status", "duplicate_of"], name="jobs_listing_path_open"),
            models.Index(fields=["status", "duplicate_of", "posted_at"], name="jobs_listing_open_recent"),
            models.Index(fields=["source", "status"], name="jobs_listing_source_status"),
            models.Index(fields=["identifier"], name="jobs_listing_identifier"),
            # De-duplication finds the same post id on other sources by value.
            models.Index(fields=["external_id"], name="jobs_listing_external_id"),
            models.Index(fields=["match_key"], name="jobs_listing_match_key"),
            models.Index(
                fields=["search_pending"],
                name="jobs_listing_search_pending",
                condition=models.Q(search_pending=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.company})" if self.company else self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def salary(self) -> dict | None:
        """The salary as the API and the export show it, or None when undisclosed."""
        if not self.salary_currency:
            return None
        return {
            "min": self.salary_min,
            "max": self.salary_max,
            "currency": self.salary_currency,
            "period": self.salary_period or None,
            "annual_min": self.salary_annual_min,
            "annual_max": self.salary_annual_max,
            "pay_source": self.pay_source or None,
        }


class SyncRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        OK = "ok", "OK"
        PARTIAL = "partial", "Partial"
        FAILED = "failed", "Failed"
        # The worker died mid-run (killed, out of memory, machine lost); the source was queued again.
        INTERRUPTED = "interrupted", "Interrupted"

    source = models.ForeignKey(JobSource, on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    fetched = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    invalid = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    reason = models.TextField(blank=True, help_text="Why the run failed or was partial.")
    warnings = models.JSONField(default=list, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["source", "-started_at"], name="jobs_syncrun_source_recent")]

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def duration(self) -> timedelta | None:
        return self.finished_at - self.started_at if self.finished_at else None


class DismissedTitle(models.Model):
    """A job title an editor marked "not a career path": it leaves the unclassified queue."""

    # The title folded as the classifier folds it, so case and punctuation variants go together.
    title_key = models.CharField(max_length=500, unique=True)
    title = models.CharField(max_length=500, help_text="The title as it was shown when marked.")
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dismissed_at = models.DateTimeField(default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-dismissed_at", "-id"]
        verbose_name = "title marked not a career path"
        verbose_name_plural = "titles marked not a career path"

    def __str__(self) -> str:
        return self.title


@register_setting(icon="tasks")
class ClassificationSettings(BaseGenericSetting):
    """Site-wide rules of title classification that belong to no one path: the exclusions."""

    exclusion_patterns = models.TextField(
        blank=True,
        default="\n".join(DEFAULT_EXCLUSIONS),
        help_text=(
            "Job titles that belong to no path although they mention one, one pattern per line (e.g. "
            "'recruiter', 'sales'; 'recruit*' also matches 'recruiting'). An exclusion refuses a title when it "
            "ends at or after the path pattern in the title's head: 'Machine Learning Recruiter' and "
            "'Recruiter, Machine Learning' are refused, 'Marketing Data Analyst' is not. Saving reclassifies "
            "open job listings."
        ),
    )

    panels = [FieldPanel("exclusion_patterns", heading="Exclusion patterns")]

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "job classification"

    def exclusion_pattern_list(self) -> list[str]:
        """The patterns, one per non-empty line that is not a "#" comment, without duplicates."""
        seen: set[str] = set()
        patterns: list[str] = []
        for line in self.exclusion_patterns.splitlines():
            pattern = " ".join(line.split())
            if pattern and not pattern.startswith("#") and pattern.casefold() not in seen:
                seen.add(pattern.casefold())
                patterns.append(pattern)
        return patterns

    def clean(self) -> None:
        super().clean()
        bad = [
            p for p in self.exclusion_pattern_list() if len(p) > MAX_EXCLUSION_LENGTH or not _EXCLUSION_RE.match(p)
        ]
        if bad:
            raise ValidationError(
                {"exclusion_patterns": f"Use plain words, at most {MAX_EXCLUSION_LENGTH} characters: {bad[0]!r}"}
            )


# -- market figures ---------------------------------------------------------------------------


class Skill(models.Model):
    """One entry of the editor-managed skill vocabulary that listings are read against."""

    class Category(models.TextChoices):
        LANGUAGE = "language", "Programming language"
        GENAI = "genai", "Generative AI"
        ML = "ml", "Machine learning"
        DATA = "data", "Data"
        INFRASTRUCTURE = "infrastructure", "Infrastructure"
        PRACTICE = "practice", "Practice"

    name = models.CharField(max_length=100, unique=True, help_text="As visitors read it, e.g. 'Kubernetes'.")
    aliases = models.TextField(
        blank=True,
        help_text="Other spellings a listing may use, one per line (e.g. 'k8s'). "
        "Matched as whole words, ignoring case and accents; a trailing * matches any ending.",
    )
    category = models.CharField(max_length=20, choices=Category.choices)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def spellings(self) -> list[str]:
        """The name and every alias, blanks and duplicates dropped, in the order written."""
        seen: list[str] = []
        for spelling in [self.name, *self.aliases.splitlines()]:
            spelling = spelling.strip()
            if spelling and spelling not in seen:
                seen.append(spelling)
        return seen


class ListingSkill(models.Model):
    """A skill that a listing's title or description mentions (kept current after each sync)."""

    listing = models.ForeignKey(JobListing, on_delete=models.CASCADE, related_name="skill_mentions")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="mentions")

    wagtail_reference_index_ignore = True

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["listing", "skill"], name="jobs_listingskill_unique"),
        ]
        indexes = [models.Index(fields=["skill", "listing"], name="jobs_listingskill_skill")]

    def __str__(self) -> str:
        return f"{self.listing_id}: {self.skill_id}"


class MarketSnapshot(models.Model):
    """One path's market on one day: open, new and closed listings and the median annual pay.

    `pay` maps currency -> {"count": n, "median": float | None} over the day's
    open annual-basis listings (the median is null under the minimum sample).
    `partial` is set when a sync failed that day, so a dip can be read as missing data.
    """

    path = models.ForeignKey("cms.CareerPathPage", on_delete=models.CASCADE, related_name="market_snapshots")
    date = models.DateField()
    open_jobs = models.PositiveIntegerField(default=0)
    new_jobs = models.PositiveIntegerField(default=0)
    closed_jobs = models.PositiveIntegerField(default=0)
    pay = models.JSONField(default=dict, blank=True)
    partial = models.BooleanField(default=False)
    written_at = models.DateTimeField(auto_now=True)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["path", "date"]
        constraints = [models.UniqueConstraint(fields=["path", "date"], name="jobs_marketsnapshot_one_per_day")]

    def __str__(self) -> str:
        return f"{self.path_id} {self.date}"
