"""Benchmark skill counting: 10,000 generated listings read against the seeded skill vocabulary.

Measures, on listings whose descriptions are about 2,500 characters of job-ad
text mentioning a few vocabulary skills each:

- matching alone (`jobs.skills.Vocabulary.skills_in` over title + description);
- a full re-count as an edit of the vocabulary runs it (`jobs.skills.skills_recount`:
  read every open listing, match, replace the stored mentions, in one transaction);
- the per-path shares read back (`jobs.market.path_skills` over every path).

Usage: DEBUG=1 .venv/bin/python bench/skills_count.py [--listings 10000]
Uses DATABASE_URL when set (a separate test database is created and dropped),
otherwise an SQLite file in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="bench-skills-"))
os.environ.setdefault("DEBUG", "1")
os.environ["VAR_DIR"] = str(WORKDIR / "var")
os.environ["CELERY_TASK_DEFAULT_QUEUE"] = f"bench-skills-{os.getpid()}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["LOG_LEVEL"] = "WARNING"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

FILLER = (
    "You will work with product, design and engineering to ship reliable systems. We value clear writing, "
    "ownership and curiosity. The team is distributed across time zones and meets in person twice a year. "
    "Benefits include a learning budget, flexible hours and parental leave. You will review designs, mentor "
    "colleagues, and help decide what we build next based on what customers tell us. "
)
MENTIONS = [
    "Python", "SQL", "PyTorch", "k8s", "Kubernetes", "Apache Spark", "Airflow", "dbt", "feature stores",
    "embeddings", "RAG", "prompt engineering", "LLM evals", "vector stores", "MLflow", "Docker", "Terraform",
    "AWS", "GCP", "Kafka", "Snowflake", "BigQuery", "Tableau", "LangChain", "Hugging Face", "scikit-learn",
    "A/B testing", "statistics", "CI/CD", "FastAPI", "Go", "Rust", "R&D", "pandas",
]
TITLES = ["Data Engineer", "Machine Learning Engineer", "Data Scientist", "AI Engineer", "LLM Engineer",
          "MLOps Engineer", "Data Analyst", "RAG Engineer", "LLMOps Engineer", "AI Research Scientist"]


def description(rng: random.Random) -> str:
    parts = []
    while sum(len(part) for part in parts) < 2_500:
        parts.append(FILLER)
        parts.append(f"Experience with {', '.join(rng.sample(MENTIONS, 3))} is a plus. ")
    return "".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=10_000, help="listings to generate (default 10000)")
    args = parser.parse_args()
    if args.listings < 1:
        parser.error("--listings must be at least 1")

    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        return run(args.listings)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(WORKDIR, ignore_errors=True)


def run(count: int) -> int:
    from wagtail.models import Page

    from cms.models import CareerPathPage, CareersHubPage, HomePage
    from jobs import market, skills
    from jobs.models import JobListing, JobSource, ListingSkill, Skill

    rng = random.Random(7)
    home = Page.get_first_root_node().add_child(instance=HomePage(title="Home", slug="bench-home"))
    hub = home.add_child(instance=CareersHubPage(title="Careers", slug="careers"))
    paths = [
        hub.add_child(instance=CareerPathPage(title=title, slug=title.lower().replace(" ", "-"), role_name=title,
                                              summary=title, live=True))
        for title in TITLES
    ]
    source = JobSource.objects.create(name="Bench", slug="bench", kind="greenhouse", board="bench")
    now = datetime(2026, 11, 1, tzinfo=UTC)
    listings = []
    for number in range(count):
        title = TITLES[number % len(TITLES)]
        seen = now - timedelta(minutes=number)
        listings.append(JobListing(
            source=source, external_id=str(number), title=f"Senior {title}", company="Acme",
            career_path=paths[number % len(paths)], description_text=description(rng),
            posted_at=seen, first_seen_at=seen, last_seen_at=seen, updated_at=seen, content_hash=str(number),
        ))
    JobListing.objects.bulk_create(listings, batch_size=2_000)
    texts = list(JobListing.objects.values_list("title", "description_text"))
    chars = sum(len(title) + len(text) for title, text in texts)

    vocabulary = skills.vocabulary()
    spellings = sum(len(skill.spellings()) for skill in Skill.objects.all())
    started = time.perf_counter()
    mentions = sum(len(vocabulary.skills_in(skills.listing_text(title, text))) for title, text in texts)
    matching = time.perf_counter() - started

    started = time.perf_counter()
    stored, _paths = skills.skills_recount()
    recount = time.perf_counter() - started

    started = time.perf_counter()
    shares = market.path_skills([path.slug for path in paths])
    reading = time.perf_counter() - started

    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"skill counting benchmark  {datetime.now(UTC):%Y-%m-%d %H:%M} UTC  cores={os.cpu_count()}  "
          f"load average={load}  python={platform.python_version()}  db={connection.vendor}")
    print(f"vocabulary: {Skill.objects.count()} skills, {spellings} spellings; "
          f"listings: {count}, {chars / count:,.0f} characters each on average")
    print(f"matching only:            {matching:6.2f} s  {count / matching:8,.0f} listings/s  ({mentions} mentions)")
    print(f"re-count (read, match, store): {recount:6.2f} s  {count / recount:8,.0f} listings/s  "
          f"({stored} mentions stored, {ListingSkill.objects.count()} rows)")
    print(f"shares of {len(paths)} paths read back: {reading * 1000:6.1f} ms  "
          f"(top skill of {paths[0].slug}: {shares[paths[0].slug][0]['skill']} "
          f"{shares[paths[0].slug][0]['share']:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
