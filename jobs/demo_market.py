"""A generated job market for the demo: invented companies, their boards in eight feed formats, 90 days of history.

`build_market(seed=..., end=...)` invents about 60 companies and the postings
they open and close over the 90 days before `end`, so that about 2,500 are
open at the end. Everything follows from the seed and the end time: the same
arguments give the same market, byte for byte.

The postings follow plausible distributions for the ten career paths: titles
(with the abbreviations, gender markers and team suffixes boards write, and a
share of non-engineering titles that mention AI), seniority, countries and
cities, workplace, employment type (contract, internship, part time), skills
in the descriptions, and pay by path, seniority and country. Pay is stated in
the format's structured fields for some postings, written only in the
description for others, and absent for the rest. Each format carries its
realistic edge cases, and a few records are hostile (script and `javascript:`
payloads) so the sanitiser is on show.

`write_feeds(market, folder, when=...)` writes every board as the feed answers
at `when`; `WRITERS` holds one writer per format, in one place. `replay(...)`
(used by `manage.py demo_market replay`) walks the 90 days in weekly steps,
writes the feeds of each step and syncs every source through the real
connectors and pipeline with `source_sync(as_of=step)`, so sync runs, first
sightings and closings carry the replayed dates.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

SEED = 20261201
DAYS = 90
STEP = timedelta(days=7)
# A source that lost postings in a step is synced twice more an hour apart, as
# an hourly schedule would, so postings that left the board close in that step.
FOLLOW_UPS = (timedelta(hours=1), timedelta(hours=2))
OPEN_TARGET = 2500
MEAN_LIFETIME_DAYS = 38
FORMAT_VERSION = 1

KINDS_ORDER = ("greenhouse", "lever", "ashby", "jsonld", "workable", "smartrecruiters", "recruitee", "personio")
# Companies per format (60 in all).
COMPANIES_PER_KIND = {
    "greenhouse": 14,
    "lever": 9,
    "ashby": 9,
    "jsonld": 4,
    "workable": 6,
    "smartrecruiters": 6,
    "recruitee": 6,
    "personio": 6,
}

# -- the world ------------------------------------------------------------------------


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    currency: str
    # Annual pay in the local currency for each USD of the US figure.
    pay_factor: float
    cities: tuple[tuple[str, str], ...]  # (city, region)
    language: str = "en"


COUNTRIES: dict[str, Country] = {
    c.code: c
    for c in (
        Country("US", "United States", "USD", 1.0, (
            ("San Francisco", "CA"), ("New York", "NY"), ("Seattle", "WA"), ("Austin", "TX"), ("Boston", "MA"),
            ("Chicago", "IL"), ("Denver", "CO"))),
        Country("GB", "United Kingdom", "GBP", 0.58, (("London", "England"), ("Manchester", "England"),
                                                      ("Edinburgh", "Scotland"), ("Cambridge", "England"))),
        Country("DE", "Germany", "EUR", 0.52, (("Berlin", "Berlin"), ("Munich", "Bavaria"), ("Hamburg", "Hamburg")),
                "de"),
        Country("FR", "France", "EUR", 0.46, (("Paris", "Île-de-France"), ("Lyon", "Auvergne-Rhône-Alpes")), "fr"),
        Country("NL", "Netherlands", "EUR", 0.55, (("Amsterdam", "North Holland"), ("Rotterdam", "South Holland"))),
        Country("CA", "Canada", "CAD", 0.82, (("Toronto", "ON"), ("Vancouver", "BC"), ("Montreal", "QC"))),
        Country("ES", "Spain", "EUR", 0.36, (("Madrid", "Madrid"), ("Barcelona", "Catalonia")), "es"),
        Country("PL", "Poland", "PLN", 1.75, (("Warsaw", "Masovian"), ("Kraków", "Lesser Poland"))),
        Country("CH", "Switzerland", "CHF", 0.85, (("Zurich", "Zurich"), ("Geneva", "Geneva")), "de"),
        Country("IE", "Ireland", "EUR", 0.56, (("Dublin", "Leinster"),)),
        Country("SG", "Singapore", "SGD", 0.95, (("Singapore", ""),)),
        Country("IN", "India", "INR", 22.0, (("Bengaluru", "Karnataka"), ("Hyderabad", "Telangana"))),
    )
}
# Where each format's customers tend to be (home countries, weighted).
HOMES = {
    "greenhouse": {"US": 8, "GB": 2, "CA": 1, "IE": 1},
    "lever": {"US": 7, "CA": 2, "GB": 1},
    "ashby": {"US": 8, "GB": 1, "DE": 1},
    "jsonld": {"US": 3, "FR": 1, "SG": 1, "IN": 1},
    "workable": {"GB": 4, "IE": 1, "PL": 1, "US": 1},
    "smartrecruiters": {"US": 2, "GB": 1, "PL": 1, "FR": 1, "IN": 1},
    "recruitee": {"NL": 4, "DE": 1, "PL": 1, "GB": 1},
    "personio": {"DE": 5, "CH": 1, "ES": 1},
}

PATH_SHARE = {
    "ai-engineer": 14,
    "ml-engineer": 16,
    "llm-engineer": 9,
    "rag-engineer": 4,
    "llmops-engineer": 3,
    "mlops-engineer": 7,
    "data-scientist": 14,
    "data-engineer": 15,
    "data-analyst": 12,
    "ai-research-scientist": 6,
}
# How hiring for each path grows over the 90 days (a factor at the end; 1 at the start).
PATH_GROWTH = {
    "ai-engineer": 1.5,
    "ml-engineer": 1.1,
    "llm-engineer": 1.7,
    "rag-engineer": 1.8,
    "llmops-engineer": 1.6,
    "mlops-engineer": 1.05,
    "data-scientist": 0.95,
    "data-engineer": 1.05,
    "data-analyst": 0.85,
    "ai-research-scientist": 1.2,
}
NOT_A_PATH_SHARE = 0.08
# US median-ish annual base in USD for a mid-level role.
BASE_PAY_USD = {
    "ai-engineer": 168_000,
    "ml-engineer": 172_000,
    "llm-engineer": 182_000,
    "rag-engineer": 170_000,
    "llmops-engineer": 176_000,
    "mlops-engineer": 162_000,
    "data-scientist": 146_000,
    "data-engineer": 148_000,
    "data-analyst": 98_000,
    "ai-research-scientist": 205_000,
    None: 130_000,
}
SENIORITY_MIX = {"intern": 4, "junior": 15, "mid": 34, "senior": 30, "lead": 11, "manager": 6}
SENIORITY_PAY = {"intern": 0.4, "junior": 0.72, "mid": 1.0, "senior": 1.24, "lead": 1.5, "manager": 1.42}

TITLES: dict[str | None, tuple[str, ...]] = {
    "ai-engineer": ("AI Engineer", "Applied AI Engineer", "AI Software Engineer", "Software Engineer, AI",
                    "AI Solutions Engineer", "AI Agent Engineer", "Forward Deployed AI Engineer",
                    "AI Product Engineer", "Full Stack AI Engineer", "AI Eng."),
    "ml-engineer": ("Machine Learning Engineer", "ML Engineer", "MLE", "Software Engineer, Machine Learning",
                    "Computer Vision Engineer", "Deep Learning Engineer", "NLP Engineer",
                    "Recommender Systems Engineer", "AI/ML Engineer", "SWE, ML"),
    "llm-engineer": ("LLM Engineer", "Generative AI Engineer", "GenAI Engineer", "Prompt Engineer",
                     "LLM Application Engineer", "Foundation Model Engineer", "GenAI Developer"),
    "rag-engineer": ("RAG Engineer", "Search Engineer", "Retrieval Engineer", "Search Relevance Engineer",
                     "Semantic Search Engineer", "Vector Search Engineer"),
    "llmops-engineer": ("LLMOps Engineer", "LLM Platform Engineer", "Inference Engineer",
                        "LLM Infrastructure Engineer", "AI Evaluation Engineer"),
    "mlops-engineer": ("MLOps Engineer", "ML Platform Engineer", "ML Infrastructure Engineer",
                       "Machine Learning Platform Engineer", "AI Platform Engineer", "ML Ops Engineer"),
    "data-scientist": ("Data Scientist", "Product Data Scientist", "Applied Data Scientist", "Decision Scientist",
                       "Data Scientist, Experimentation", "DS"),
    "data-engineer": ("Data Engineer", "Analytics Engineer", "Data Platform Engineer", "Big Data Engineer",
                      "Data Infrastructure Engineer", "ETL Developer", "DE"),
    "data-analyst": ("Data Analyst", "BI Analyst", "Business Intelligence Analyst", "Product Analyst",
                     "Marketing Analyst", "Insights Analyst", "BI Developer"),
    "ai-research-scientist": ("Research Scientist", "Research Engineer", "AI Researcher",
                              "Machine Learning Researcher", "Applied Scientist", "ML Research Scientist"),
    # Titles that mention AI or data but belong to no path.
    None: ("Technical Recruiter, Machine Learning", "Recruiter, AI", "Sales Engineer, AI Platform",
           "Account Executive, Generative AI", "Product Manager, Machine Learning", "Product Marketing Manager, AI",
           "Legal Counsel, AI & Data", "Data Entry Specialist", "Data Center Technician", "Frontend Engineer",
           "Site Reliability Engineer", "Customer Success Manager, AI"),
}
LOCAL_TITLES = {
    "de": {"ai-engineer": "KI-Entwickler", "data-scientist": "Datenwissenschaftler", "data-analyst": "Datenanalyst",
           "data-engineer": "Dateningenieur"},
    "fr": {"ai-engineer": "Ingénieur IA", "ml-engineer": "Ingénieur Machine Learning",
           "data-analyst": "Analyste de données", "data-engineer": "Ingénieur Data"},
    "es": {"data-scientist": "Científico de datos", "data-engineer": "Ingeniero de datos",
           "data-analyst": "Analista de datos"},
}
GENDER_MARKERS = {"de": ("(m/w/d)", "(w/m/d)", "(m/f/d)", "(all genders)"), "fr": ("(H/F)", "(F/H)"),
                  "es": ("(h/m)",)}
SENIORITY_WORDS = {
    "intern": ("{t} Intern", "Intern, {t}"),
    "junior": ("Junior {t}", "Jr. {t}", "Associate {t}", "{t} I"),
    "mid": ("{t}", "{t}", "{t} II"),
    "senior": ("Senior {t}", "Sr. {t}", "Senior {t}", "{t} III"),
    "lead": ("Staff {t}", "Principal {t}", "Lead {t}"),
    "manager": ("{t} Manager", "Head of {area}", "Manager, {area}"),
}
# What a manager's title names as the team's field.
MANAGER_AREAS = {
    "ai-engineer": "Applied AI", "ml-engineer": "Machine Learning", "llm-engineer": "Generative AI",
    "rag-engineer": "Search & Retrieval", "llmops-engineer": "LLM Platform", "mlops-engineer": "MLOps",
    "data-scientist": "Data Science", "data-engineer": "Data Engineering", "data-analyst": "Data Analytics",
    "ai-research-scientist": "ML Research",
}
TEAMS = ("Ranking", "Payments", "Search", "Growth", "Platform", "Trust & Safety", "Ads", "Healthcare",
         "Risk", "Personalization", "Developer Tools", "Forecasting", "Core Models")
SKILLS = {
    "ai-engineer": ("Python", "TypeScript", "LLM APIs", "LangChain", "RAG", "agents", "evaluation", "FastAPI",
                    "prompt design", "vector databases"),
    "ml-engineer": ("Python", "PyTorch", "TensorFlow", "scikit-learn", "feature engineering", "Spark", "Kubernetes",
                    "model serving", "A/B testing", "SQL"),
    "llm-engineer": ("Python", "PyTorch", "fine-tuning", "LoRA", "Hugging Face", "prompt design", "evaluation",
                     "vLLM", "RLHF", "tokenization"),
    "rag-engineer": ("Python", "Elasticsearch", "vector databases", "embeddings", "reranking", "BM25",
                     "LangChain", "LlamaIndex", "pgvector", "evaluation"),
    "llmops-engineer": ("Kubernetes", "vLLM", "Triton", "GPU scheduling", "observability", "Terraform", "Python",
                        "evaluation", "Ray", "cost control"),
    "mlops-engineer": ("Kubernetes", "MLflow", "Kubeflow", "Airflow", "Terraform", "Docker", "Python", "AWS",
                       "feature stores", "CI/CD"),
    "data-scientist": ("Python", "SQL", "statistics", "experimentation", "causal inference", "pandas",
                       "scikit-learn", "forecasting", "Bayesian methods", "dbt"),
    "data-engineer": ("SQL", "Python", "Spark", "Airflow", "dbt", "Kafka", "Snowflake", "BigQuery", "Databricks",
                      "data modelling"),
    "data-analyst": ("SQL", "Excel", "Tableau", "Power BI", "Looker", "Python", "dashboards", "A/B testing",
                     "statistics", "dbt"),
    "ai-research-scientist": ("PyTorch", "JAX", "reinforcement learning", "pretraining", "publications",
                              "distributed training", "evaluation", "CUDA", "multimodal models", "theory"),
    None: ("communication", "stakeholder management", "CRM", "negotiation", "English", "Salesforce"),
}
NAME_PARTS = (
    ("Quillon", "Vantor", "Brightwell", "Kestrel", "Aurelio", "Tamsin", "Marrow", "Oakhurst", "Lumiq", "Corvid",
     "Halden", "Pellucid", "Sorrel", "Wrenfield", "Zephyrine", "Ostara", "Calloway", "Ferrow", "Glimmer", "Ysolde",
     "Tinder", "Nacre", "Bramble", "Cindral", "Elowen", "Fathom", "Gilder", "Hollin", "Ironbark", "Juniper"),
    ("AI", "Labs", "Analytics", "Systems", "Data", "Robotics", "Health", "Logistics", "Bank", "Works", "Insights",
     "Mobility", "Energy", "Retail", "Security"),
)
# Employment types: (value, weight); interns come from the seniority mix.
EMPLOYMENT_MIX = {"full_time": 90, "contract": 6, "part_time": 3, "temporary": 1}
WORKPLACE_MIX = {"remote": 26, "hybrid": 45, "onsite": 29}
HOSTILE_EVERY = 350


@dataclass(frozen=True)
class Company:
    name: str
    slug: str
    kind: str
    board: str
    home: str
    # Postings' countries (weighted) and the share of postings that state pay in structured fields / in the text.
    countries: dict[str, int]
    stated_share: float
    text_share: float
    weight: float


@dataclass
class Posting:
    number: int
    company: int
    path: str | None
    title: str
    seniority: str
    country: str
    city: str
    region: str
    workplace: str
    employment_type: str
    skills: list[str]
    pay: dict | None  # {"min", "max", "currency", "period"}
    pay_mode: str  # stated | text | none
    opened: datetime
    closes: datetime | None
    hostile: bool = False
    team: str = ""
    second_city: tuple[str, str] | None = None
    edge: str = ""  # a format edge case this posting carries

    def open_at(self, when: datetime) -> bool:
        return self.opened <= when and (self.closes is None or self.closes > when)


@dataclass
class Market:
    seed: int
    end: datetime
    companies: list[Company]
    postings: list[Posting] = field(default_factory=list)

    @property
    def start(self) -> datetime:
        return self.end - timedelta(days=DAYS)

    def steps(self) -> list[datetime]:
        """The replay's sync times: every week from the start, the last one at `end`."""
        times = [self.end]
        while times[-1] - STEP >= self.start:
            times.append(times[-1] - STEP)
        return sorted(times)

    def open_postings(self, when: datetime) -> list[Posting]:
        return [posting for posting in self.postings if posting.open_at(when)]

    def digest(self) -> str:
        """Identifies the market (seed, end and the generator's version) for reuse checks."""
        return hashlib.sha256(f"{self.seed}|{self.end.isoformat()}|{FORMAT_VERSION}".encode()).hexdigest()[:16]


def _pick(rng: random.Random, weights: dict) -> object:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[key] for key in keys], k=1)[0]


def _companies(rng: random.Random) -> list[Company]:
    names: list[str] = []
    while len(names) < sum(COMPANIES_PER_KIND.values()):
        name = f"{rng.choice(NAME_PARTS[0])} {rng.choice(NAME_PARTS[1])}"
        first = name.split()[0]
        if name not in names and sum(1 for other in names if other.startswith(f"{first} ")) < 2:
            names.append(name)
    companies: list[Company] = []
    # A few big boards, many small ones, whatever their format.
    ranks = list(range(len(names)))
    rng.shuffle(ranks)
    index = 0
    for kind in KINDS_ORDER:
        for _ in range(COMPANIES_PER_KIND[kind]):
            name = names[index]
            index += 1
            home = str(_pick(rng, HOMES[kind]))
            countries = {home: 10}
            for other in rng.sample(sorted(COUNTRIES), k=rng.randint(0, 3)):
                countries.setdefault(other, rng.randint(1, 3))
            us_like = home in {"US", "CA"}
            slug = "-".join(name.lower().split())
            companies.append(
                Company(
                    name=name,
                    slug=slug,
                    kind=kind,
                    board=slug.replace("-", ""),
                    home=home,
                    countries=countries,
                    stated_share=rng.uniform(0.45, 0.7) if us_like else rng.uniform(0.15, 0.4),
                    text_share=rng.uniform(0.2, 0.35) if us_like else rng.uniform(0.1, 0.3),
                    weight=1.0 / (1 + ranks[index - 1] % 20) ** 0.9 * rng.uniform(0.6, 1.4),
                )
            )
    return companies


def _title(rng: random.Random, path: str | None, seniority: str, country: Country) -> tuple[str, str]:
    team = ""
    local = LOCAL_TITLES.get(country.language, {}).get(path) if path else None
    base = local if local and rng.random() < 0.5 else rng.choice(TITLES[path])
    if path is None:
        return base, team
    if seniority == "manager" and base in {"MLE", "DS", "DE", "AI Eng.", "SWE, ML"}:
        base = TITLES[path][0]
    title = rng.choice(SENIORITY_WORDS[seniority]).format(t=base, area=MANAGER_AREAS[path])
    if "," not in title and rng.random() < 0.3:
        team = rng.choice(TEAMS)
        title = f"{title}, {team}" if rng.random() < 0.6 else f"{title} - {team}"
    markers = GENDER_MARKERS.get(country.language)
    if markers and rng.random() < 0.7:
        title = f"{title} {rng.choice(markers)}"
    return title, team


def _pay(rng: random.Random, path: str | None, seniority: str, employment: str, country: Country) -> dict:
    annual = BASE_PAY_USD[path] * SENIORITY_PAY[seniority] * country.pay_factor * rng.uniform(0.85, 1.15)
    if seniority == "intern" or (employment == "part_time" and rng.random() < 0.5):
        hourly = annual / 2080
        low = round(hourly * 0.9 * 2) / 2
        return {"min": low, "max": round(hourly * 1.1 * 2) / 2, "currency": country.currency, "period": "hour"}
    if employment == "contract" and rng.random() < 0.6:
        daily = annual / 220 * 1.3
        step = 25 if country.currency not in {"INR", "PLN"} else 100
        return {"min": round(daily * 0.92 / step) * step, "max": round(daily * 1.08 / step) * step,
                "currency": country.currency, "period": "day"}
    step = 5000 if country.currency in {"USD", "CAD", "SGD"} else 1000
    if country.currency == "INR":
        step = 100_000
    low = round(annual * 0.88 / step) * step
    high = round(annual * 1.14 / step) * step
    if rng.random() < 0.05:
        high = low  # one figure, not a range
    return {"min": low, "max": high, "currency": country.currency, "period": "year"}


def build_market(*, seed: int = SEED, end: datetime, open_target: int = OPEN_TARGET) -> Market:
    """The market: companies and every posting open at some point of the 90 days before `end`."""
    if end.tzinfo is None:
        raise ValueError("end must be timezone-aware")
    rng = random.Random(seed)
    companies = _companies(rng)
    market = Market(seed=seed, end=end, companies=companies)
    total_weight = sum(company.weight for company in companies)
    history = DAYS + 3 * MEAN_LIFETIME_DAYS
    # Arrivals per day so that about `open_target` are open at the end (open ~ rate x mean lifetime).
    # (The paths' growth adds about a sixth by the end.)
    rate = open_target / MEAN_LIFETIME_DAYS / 1.16
    path_keys = list(PATH_SHARE)
    number = 0
    for day in range(history, -1, -1):
        progress = max(0.0, 1 - day / DAYS)  # 0 before and at the start of the window, 1 at the end
        weights = [PATH_SHARE[p] * (1 + (PATH_GROWTH[p] - 1) * progress) for p in path_keys]
        arrivals = int(rate * rng.uniform(0.8, 1.2) * sum(weights) / sum(PATH_SHARE.values()))
        for _ in range(arrivals):
            number += 1
            opened = end - timedelta(days=day) + timedelta(minutes=rng.randint(0, 24 * 60 - 1))
            if opened > end:
                opened = end - timedelta(minutes=rng.randint(1, 600))
            lifetime = timedelta(days=min(150.0, max(4.0, rng.expovariate(1 / MEAN_LIFETIME_DAYS))))
            closes = opened + lifetime
            if closes <= market.start:
                continue
            company_index = rng.choices(range(len(companies)), weights=[c.weight / total_weight for c in companies])[0]
            company = companies[company_index]
            path = None if rng.random() < NOT_A_PATH_SHARE else rng.choices(path_keys, weights=weights)[0]
            seniority = str(_pick(rng, SENIORITY_MIX))
            employment = "internship" if seniority == "intern" else str(_pick(rng, EMPLOYMENT_MIX))
            country = COUNTRIES[str(_pick(rng, company.countries))]
            city, region = rng.choice(country.cities)
            title, team = _title(rng, path, seniority, country)
            if employment == "contract" and rng.random() < 0.5:
                title = f"{title} (Contract)"
            elif employment == "part_time" and rng.random() < 0.5:
                title = f"{title} (Part-time)"
            draw = rng.random()
            pay_mode = "stated" if draw < company.stated_share else (
                "text" if draw < company.stated_share + company.text_share else "none")
            skills = rng.sample(SKILLS[path], k=min(len(SKILLS[path]), rng.randint(4, 6)))
            posting = Posting(
                number=number,
                company=company_index,
                path=path,
                title=title,
                seniority=seniority,
                country=country.code,
                city=city,
                region=region,
                workplace=str(_pick(rng, WORKPLACE_MIX)),
                employment_type=employment,
                skills=skills,
                pay=_pay(rng, path, seniority, employment, country) if pay_mode != "none" else None,
                pay_mode=pay_mode,
                opened=opened.replace(microsecond=0),
                closes=closes.replace(microsecond=0) if closes <= end else None,
                hostile=number % HOSTILE_EVERY == 7,
                team=team,
                second_city=rng.choice(country.cities) if rng.random() < 0.1 and len(country.cities) > 1 else None,
            )
            if posting.second_city == (city, region):
                posting.second_city = None
            market.postings.append(posting)
    _mark_edges(market, rng)
    return market


def _mark_edges(market: Market, rng: random.Random) -> None:
    """Give each board a few of its format's realistic edge cases."""
    edges = {
        "greenhouse": ("shared-internal-id", "prospect", "two-places"),
        "lever": ("on-site-spelling", "ampersand-title", "no-salary-object"),
        "ashby": ("unlisted", "equity", "hourly"),
        "jsonld": ("telecommute",),
        "workable": ("listed-twice", "hidden-location"),
        "smartrecruiters": ("detail-missing", "inactive-detail", "empty-region", "empty-department"),
        "recruitee": ("remote-job-location", "hybrid-and-onsite", "null-salary"),
        "personio": ("remote-office", "ampersand-title", "offset-without-colon"),
    }
    by_company: dict[int, list[Posting]] = {}
    for posting in market.postings:
        by_company.setdefault(posting.company, []).append(posting)
    for index, company in enumerate(market.companies):
        postings = by_company.get(index, [])
        for edge in edges[company.kind]:
            if postings:
                rng.choice(postings).edge = edge


# -- text -----------------------------------------------------------------------------

_SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€", "CAD": "CA$", "SGD": "S$", "CHF": "CHF ", "PLN": "", "INR": "₹"}
_PERIOD_WORDS = {
    "en": {"year": "per year", "hour": "per hour", "day": "per day", "month": "per month"},
    "de": {"year": "brutto/Jahr", "hour": "pro Stunde", "day": "pro Tag", "month": "brutto/Monat"},
    "fr": {"year": "par an", "hour": "de l'heure", "day": "par jour", "month": "par mois"},
    "es": {"year": "brutos al año", "hour": "por hora", "day": "por día", "month": "al mes"},
}


def _amount(value: float, currency: str, language: str) -> str:
    whole = float(value).is_integer()
    number = f"{value:,.0f}" if whole else f"{value:,.2f}"
    if language in {"de", "es"}:
        number = number.replace(",", "X").replace(".", ",").replace("X", ".")
    elif language == "fr":
        number = number.replace(",", "\u202f").replace(".", ",")
    symbol = _SYMBOLS.get(currency, "")
    if (currency in {"EUR", "CHF", "PLN"} and language != "en") or currency == "PLN":
        return f"{number} {currency if currency != 'EUR' else '€'}"
    return f"{symbol}{number}" if symbol else f"{number} {currency}"


def pay_sentence(pay: dict, language: str) -> str:
    """The pay as a careful employer writes it in the description."""
    low = _amount(pay["min"], pay["currency"], language)
    high = _amount(pay["max"], pay["currency"], language)
    period = _PERIOD_WORDS.get(language, _PERIOD_WORDS["en"])[pay["period"]]
    span = low if pay["min"] == pay["max"] else f"{low} – {high}" if language != "en" else f"{low} - {high}"
    return {
        "de": f"Gehalt: {span} {period}.",
        "fr": f"Rémunération : {span} {period}.",
        "es": f"Salario: {span} {period}.",
    }.get(language, f"The base pay range for this role is {span} {period}.")


_NOT_PAY = (
    "We offer a competitive salary and equity.",
    "We raised a $40M Series B in 2025 and are a team of 120.",
    "Join 2,000 colleagues in 14 offices.",
    "Benefits include a $1,500 yearly learning budget.",
    "Founded in 2016; profitable since 2022.",
)
_HOSTILE = (
    '<p>Apply now!<script>alert("xss")</script></p>',
    '<p><img src="x" onerror="alert(document.cookie)">Great team.</p>',
    '<p><a href="javascript:alert(1)">Click to apply</a></p>',
)


def description_html(posting: Posting, company: Company, *, pay_in_text: bool) -> str:
    country = COUNTRIES[posting.country]
    path_words = posting.path.replace("-", " ") if posting.path else "our business"
    parts = [
        f"<p><strong>About {html.escape(company.name)}</strong></p>",
        f"<p>{html.escape(company.name)} builds products for teams working on {path_words}.</p>",
        "<h3>What you'll do</h3><ul>",
        *(f"<li>Work with {html.escape(skill)} every week</li>" for skill in posting.skills[:3]),
        "</ul><h3>What we look for</h3><ul>",
        *(f"<li>Experience with {html.escape(skill)}</li>" for skill in posting.skills[3:]),
        "</ul>",
    ]
    if posting.workplace == "remote":
        parts.append(f"<p>This role is fully remote within {html.escape(country.name)}.</p>")
    elif posting.workplace == "hybrid":
        parts.append(f"<p>Hybrid: three days a week in our {html.escape(posting.city)} office.</p>")
    else:
        parts.append(f"<p>On-site in {html.escape(posting.city)}.</p>")
    if pay_in_text and posting.pay:
        parts.append(f"<p>{html.escape(pay_sentence(posting.pay, country.language))}</p>")
    parts.append(f"<p>{html.escape(_NOT_PAY[posting.number % len(_NOT_PAY)])}</p>")
    if posting.hostile:
        parts.append(_HOSTILE[posting.number % len(_HOSTILE)])
    return "".join(parts)


def _plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup)).strip()


def _title_of(posting: Posting) -> str:
    if posting.hostile and posting.number % 2:
        return f"{posting.title} <img src=x onerror=alert(1)>"
    return posting.title


def _iso(moment: datetime, offset_hours: int = 0) -> str:
    zone = timezone(timedelta(hours=offset_hours))
    return moment.astimezone(zone).isoformat()


def _uuid(company: Company, posting: Posting) -> str:
    digest = hashlib.sha256(f"{company.slug}:{posting.number}".encode()).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-5{digest[13:16]}-a{digest[17:20]}-{digest[20:32]}"


def _remote_place(posting: Posting) -> str:
    return f"Remote - {posting.country}"


# -- writers, one per format ------------------------------------------------------------

Files = dict[str, bytes]
Writer = Callable[[Company, list[Posting]], Files]


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":")).encode()


_EMPLOYMENT_LABEL = {"full_time": "Full-time", "part_time": "Part-time", "contract": "Contract",
                     "temporary": "Temporary", "internship": "Internship"}
_WORKPLACE_LABEL = {"remote": "Remote", "hybrid": "Hybrid", "onsite": "On-site"}
_PERIOD_LABEL = {"year": "Annual", "hour": "Hourly", "day": "Daily", "month": "Monthly"}


def _greenhouse(company: Company, postings: list[Posting]) -> Files:
    jobs = []
    shared = None
    for posting in postings:
        stated = posting.pay_mode == "stated" and posting.pay
        metadata = [
            {"id": 1, "name": "Workplace Type", "value": _WORKPLACE_LABEL[posting.workplace],
             "value_type": "single_select"},
            {"id": 2, "name": "Employment Type", "value": _EMPLOYMENT_LABEL[posting.employment_type],
             "value_type": "single_select"},
        ]
        if stated:
            metadata += [
                {"id": 3, "name": "Pay Frequency", "value": _PERIOD_LABEL[posting.pay["period"]],
                 "value_type": "single_select"},
                {"id": 4, "name": "Pay Transparency Range", "value_type": "currency_range",
                 "value": {"unit": posting.pay["currency"], "min_value": f"{posting.pay['min']:.1f}",
                           "max_value": f"{posting.pay['max']:.1f}"}},
            ]
        place = f"{posting.city}, {posting.region or COUNTRIES[posting.country].name}"
        if posting.workplace == "remote":
            place = _remote_place(posting)
        if posting.edge == "two-places" or posting.second_city:
            other = posting.second_city or COUNTRIES[posting.country].cities[-1]
            place = f"{place}; {other[0]}, {other[1] or COUNTRIES[posting.country].name}"
        internal = 40_000_000 + posting.number
        if posting.edge == "shared-internal-id":
            shared = internal
        post_id = 4_000_000_000 + posting.number
        content = description_html(posting, company, pay_in_text=posting.pay_mode == "text")
        jobs.append({
            "id": post_id,
            "internal_job_id": None if posting.edge == "prospect" else internal,
            "title": _title_of(posting),
            "company_name": company.name,
            "location": {"name": place},
            "absolute_url": f"https://job-boards.greenhouse.io/{company.board}/jobs/{post_id}",
            "updated_at": _iso(posting.opened, -4),
            "first_published": _iso(posting.opened, -4),
            "requisition_id": f"REQ-{posting.number}",
            "language": "en",
            "metadata": metadata,
            "content": html.escape(content),  # escaped once, as Greenhouse sends it
            "departments": [{"id": 1, "name": "Engineering"}],
            "offices": [],
        })
    if shared is not None and jobs:
        # The same job posted a second time in another place, under the same internal id.
        twin = dict(next(job for job in jobs if job["internal_job_id"] == shared))
        twin["id"] = twin["id"] + 500_000_000
        twin["location"] = {"name": "Remote - US"}
        twin["absolute_url"] = f"https://job-boards.greenhouse.io/{company.board}/jobs/{twin['id']}"
        jobs.append(twin)
    return {f"greenhouse/{company.board}.json": _json({"jobs": jobs, "meta": {"total": len(jobs)}})}


_LEVER_INTERVAL = {"year": "per-year-salary", "hour": "per-hour-wage", "day": "per-day-wage",
                   "month": "per-month-salary"}


def _lever(company: Company, postings: list[Posting]) -> Files:
    rows = []
    for posting in postings:
        description = description_html(posting, company, pay_in_text=posting.pay_mode == "text")
        workplace = {"onsite": "onsite", "remote": "remote", "hybrid": "hybrid"}[posting.workplace]
        if posting.edge == "on-site-spelling" and workplace == "onsite":
            workplace = "on-site"
        title = _title_of(posting)
        if posting.edge == "ampersand-title":
            title = title.replace(",", " &amp;", 1) if "," in title else f"{title} &amp; Analytics"
        row = {
            "id": _uuid(company, posting),
            "text": title,
            "categories": {
                "commitment": _EMPLOYMENT_LABEL[posting.employment_type],
                "department": "Engineering",
                "location": posting.city if posting.workplace != "remote" else _remote_place(posting),
                "team": posting.team or "Data & AI",
                "allLocations": [posting.city] + ([posting.second_city[0]] if posting.second_city else []),
            },
            "country": posting.country,
            "workplaceType": workplace,
            "createdAt": int(posting.opened.timestamp() * 1000),
            "description": description,
            "descriptionPlain": _plain(description),
            "lists": [],
            "additional": "<div>We are an equal opportunity employer.</div>",
            "hostedUrl": f"https://jobs.lever.co/{company.board}/{_uuid(company, posting)}",
            "applyUrl": f"https://jobs.lever.co/{company.board}/{_uuid(company, posting)}/apply",
        }
        if posting.pay_mode == "stated" and posting.pay:
            row["salaryRange"] = {"currency": posting.pay["currency"],
                                  "interval": _LEVER_INTERVAL[posting.pay["period"]],
                                  "min": posting.pay["min"], "max": posting.pay["max"]}
        elif posting.edge != "no-salary-object":
            row["salaryRange"] = None
        rows.append(row)
    return {f"lever/{company.board}.json": _json(rows)}


_ASHBY_TYPE = {"full_time": "FullTime", "part_time": "PartTime", "contract": "Contract", "temporary": "Temporary",
               "internship": "Intern"}
_ASHBY_INTERVAL = {"year": "1 YEAR", "hour": "1 HOUR", "day": "1 DAY", "month": "1 MONTH"}


def _ashby(company: Company, postings: list[Posting]) -> Files:
    jobs = []
    for posting in postings:
        description = description_html(posting, company, pay_in_text=posting.pay_mode == "text")
        components = []
        if posting.pay_mode == "stated" and posting.pay:
            components.append({"compensationType": "Salary", "interval": _ASHBY_INTERVAL[posting.pay["period"]],
                               "currencyCode": posting.pay["currency"], "minValue": posting.pay["min"],
                               "maxValue": posting.pay["max"]})
        if posting.edge == "equity":
            components.append({"compensationType": "EquityPercentage", "interval": "NONE", "currencyCode": None,
                               "minValue": 0.05, "maxValue": 0.2})
        country = COUNTRIES[posting.country]
        job_id = _uuid(company, posting)
        jobs.append({
            "id": job_id,
            "title": _title_of(posting),
            "department": "Engineering",
            "team": posting.team or "Data & AI",
            "employmentType": _ASHBY_TYPE[posting.employment_type],
            "location": f"{posting.city}, {country.name}" if posting.workplace != "remote" else "Remote",
            "secondaryLocations": [],
            "publishedAt": posting.opened.isoformat(timespec="milliseconds"),
            "isListed": posting.edge != "unlisted",
            "isRemote": posting.workplace == "remote",
            "workplaceType": {"remote": "Remote", "hybrid": "Hybrid", "onsite": "OnSite"}[posting.workplace],
            "address": {"postalAddress": {"addressLocality": posting.city, "addressRegion": posting.region,
                                          "addressCountry": country.name}},
            "jobUrl": f"https://jobs.ashbyhq.com/{company.board}/{job_id}",
            "applyUrl": f"https://jobs.ashbyhq.com/{company.board}/{job_id}/application",
            "descriptionHtml": description,
            "descriptionPlain": _plain(description),
            "shouldDisplayCompensationOnJobPostings": bool(components),
            "compensation": {"summaryComponents": components, "compensationTiers": []},
        })
    return {f"ashby/{company.board}.json": _json({"apiVersion": "1", "jobs": jobs})}


_JSONLD_TYPE = {"full_time": "FULL_TIME", "part_time": "PART_TIME", "contract": "CONTRACTOR",
                "temporary": "TEMPORARY", "internship": "INTERN"}


def _jsonld(company: Company, postings: list[Posting]) -> Files:
    blocks = []
    for posting in postings:
        country = COUNTRIES[posting.country]
        data: dict = {
            "@context": "https://schema.org/",
            "@type": "JobPosting",
            "title": _title_of(posting),
            "description": description_html(posting, company, pay_in_text=posting.pay_mode == "text"),
            "identifier": {"@type": "PropertyValue", "name": company.name, "value": f"JP-{posting.number}"},
            "datePosted": posting.opened.date().isoformat(),
            "validThrough": (posting.opened + timedelta(days=120)).isoformat(),
            "employmentType": _JSONLD_TYPE[posting.employment_type],
            "hiringOrganization": {"@type": "Organization", "name": company.name,
                                   "sameAs": f"https://{company.board}.example"},
            "url": f"https://{company.board}.example/careers/{posting.number}",
        }
        if posting.workplace == "remote" or posting.edge == "telecommute":
            data["jobLocationType"] = "TELECOMMUTE"
            data["applicantLocationRequirements"] = {"@type": "Country", "name": country.name}
        else:
            data["jobLocation"] = {"@type": "Place", "address": {
                "@type": "PostalAddress", "addressLocality": posting.city, "addressRegion": posting.region,
                "addressCountry": country.code}}
        if posting.pay_mode == "stated" and posting.pay:
            data["baseSalary"] = {"@type": "MonetaryAmount", "currency": posting.pay["currency"], "value": {
                "@type": "QuantitativeValue", "minValue": posting.pay["min"], "maxValue": posting.pay["max"],
                "unitText": posting.pay["period"].upper()}}
        # "</" never closes the script element early: JSON allows "<\/".
        text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
        blocks.append(f'<script type="application/ld+json">\n{text}\n</script>')
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Careers at {html.escape(company.name)}</title>\n" + "\n".join(blocks)
        + f"\n</head>\n<body><h1>Careers at {html.escape(company.name)}</h1></body>\n</html>\n"
    )
    return {f"jsonld/{company.board}.html": page.encode()}


def _workable(company: Company, postings: list[Posting]) -> Files:
    jobs = []
    for posting in postings:
        country = COUNTRIES[posting.country]
        shortcode = hashlib.sha256(f"{company.slug}:{posting.number}".encode()).hexdigest()[:10].upper()
        pay_in_text = posting.pay_mode in {"stated", "text"}  # the widget has no pay field
        row = {
            "title": _title_of(posting),
            "shortcode": shortcode,
            "code": "",
            "employment_type": _EMPLOYMENT_LABEL[posting.employment_type],
            "telecommuting": posting.workplace == "remote",
            "department": "Engineering",
            "url": f"https://apply.workable.com/j/{shortcode}",
            "shortlink": f"https://apply.workable.com/j/{shortcode}",
            "application_url": f"https://apply.workable.com/j/{shortcode}/apply",
            "published_on": posting.opened.date().isoformat(),
            "created_at": (posting.opened - timedelta(days=3)).date().isoformat(),
            "country": country.name,
            "city": posting.city,
            "state": posting.region,
            "education": "",
            "experience": {"intern": "Internship", "junior": "Entry level", "mid": "Associate",
                           "senior": "Mid-Senior level", "lead": "Mid-Senior level",
                           "manager": "Director"}[posting.seniority],
            "function": "Engineering",
            "industry": "Computer Software",
            "locations": [{"country": country.name, "countryCode": country.code, "city": posting.city,
                           "region": posting.region, "hidden": False}],
            "description": description_html(posting, company, pay_in_text=pay_in_text),
        }
        if posting.edge == "hidden-location":
            row["locations"].append({"country": "Greece", "countryCode": "GR", "city": "Athens", "region": "Attica",
                                     "hidden": True})
        jobs.append(row)
        if posting.edge == "listed-twice" and posting.second_city:
            again = dict(row)
            again["city"], again["state"] = posting.second_city
            jobs.append(again)
    return {f"workable/{company.board}.json": _json({"name": company.name, "description": None, "jobs": jobs})}


_SR_TYPE = {"full_time": ("permanent", "Full-time"), "part_time": ("part-time", "Part-time"),
            "contract": ("contract", "Contract"), "temporary": ("contract", "Temporary"),
            "internship": ("intern", "Intern")}
_SR_LEVEL = {"intern": "internship", "junior": "entry_level", "mid": "associate", "senior": "mid_senior_level",
             "lead": "mid_senior_level", "manager": "director"}


def _smartrecruiters(company: Company, postings: list[Posting]) -> Files:
    identifier = company.name.replace(" ", "")
    content, details = [], {}
    for posting in postings:
        country = COUNTRIES[posting.country]
        posting_id = str(744_000_000_000_000 + posting.number)
        region = "" if posting.edge == "empty-region" else posting.region
        employment = _SR_TYPE[posting.employment_type]
        row = {
            "id": posting_id,
            "name": _title_of(posting),
            "uuid": _uuid(company, posting),
            "refNumber": f"REF{posting.number}",
            "company": {"identifier": identifier, "name": company.name},
            "releasedDate": posting.opened.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "location": {"city": posting.city, "country": country.code.lower(),
                         "remote": posting.workplace == "remote", "hybrid": posting.workplace == "hybrid",
                         "fullLocation": f"{posting.city}, {region}, {country.name}"},
            "industry": {"id": "computer_software", "label": "Computer Software"},
            "department": {} if posting.edge == "empty-department" else {"id": "1", "label": "Engineering"},
            "function": {"id": "engineering", "label": "Engineering"},
            "typeOfEmployment": {"id": employment[0], "label": employment[1]},
            "experienceLevel": {"id": _SR_LEVEL[posting.seniority], "label": _SR_LEVEL[posting.seniority]},
            "customField": [],
            "visibility": "PUBLIC",
            "ref": f"https://api.smartrecruiters.com/v1/companies/{identifier}/postings/{posting_id}",
            "language": {"code": "en", "label": "English", "labelNative": "English (US)"},
        }
        if region:
            row["location"]["region"] = region
        if posting.pay_mode == "stated" and posting.pay and posting.pay["period"] == "year":
            row["customField"].append({"fieldId": "salary", "fieldLabel": "Job Ad Salary Range", "valueId": "s1",
                                       "valueLabel": f"{posting.pay['min']:.0f} - {posting.pay['max']:.0f} "
                                                     f"{posting.pay['currency']} Annual"})
        content.append(row)
        if posting.edge == "detail-missing":
            continue  # the detail endpoint answers 404 for this one
        description = description_html(posting, company, pay_in_text=False)
        extra = pay_sentence(posting.pay, "en") if posting.pay_mode in {"stated", "text"} and posting.pay else ""
        details[posting_id] = {
            **row,
            "active": posting.edge != "inactive-detail",
            "applyUrl": f"https://jobs.smartrecruiters.com/{identifier}/{posting_id}?oga=true",
            "postingUrl": f"https://jobs.smartrecruiters.com/{identifier}/{posting_id}",
            "jobAd": {"sections": {
                "companyDescription": {"title": "Company Description",
                                       "text": f"<p>{html.escape(company.name)} is hiring.</p>"},
                "jobDescription": {"title": "Job Description", "text": description},
                "qualifications": {"title": "Qualifications", "text": "<ul><li>Curiosity</li></ul>"},
                "additionalInformation": {"title": "Additional Information",
                                          "text": f"<p>{html.escape(extra)}</p>" if extra else ""},
            }},
        }
    listing = {"offset": 0, "limit": 100, "totalFound": len(content), "content": content}
    return {
        f"smartrecruiters/{company.board}_postings.json": _json(listing),
        f"smartrecruiters/{company.board}_posting_details.json": _json(details),
    }


_RECRUITEE_TYPE = {"full_time": "fulltime_permanent", "part_time": "parttime_permanent", "contract": "contract",
                   "temporary": "fulltime_fixed_term", "internship": "internship"}


def _recruitee(company: Company, postings: list[Posting]) -> Files:
    offers = []
    for posting in postings:
        country = COUNTRIES[posting.country]
        stamp = posting.opened.strftime("%Y-%m-%d %H:%M:%S UTC")
        salary = {"min": None, "max": None, "period": None, "currency": None}
        if posting.pay_mode == "stated" and posting.pay:
            salary = {"min": f"{posting.pay['min']:g}", "max": f"{posting.pay['max']:g}",
                      "period": posting.pay["period"], "currency": posting.pay["currency"]}
        elif posting.edge == "null-salary":
            salary = {"min": None, "max": None, "period": "year", "currency": "EUR"}
        slug = f"{posting.number}-{'-'.join(posting.title.lower().split()[:4])}"
        remote = posting.workplace == "remote"
        offers.append({
            "id": 3_000_000 + posting.number,
            "slug": slug,
            "guid": hashlib.sha256(slug.encode()).hexdigest()[:5],
            "title": _title_of(posting),
            "company_name": company.name,
            "department": None if posting.number % 5 == 0 else "Engineering",
            "location": "Remote job" if remote or posting.edge == "remote-job-location"
            else f"{posting.city}, {posting.region}, {country.name}",
            "locations": [{"city": posting.city, "state": posting.region, "country": country.name,
                           "country_code": country.code}],
            "city": posting.city,
            "country": country.name,
            "country_code": country.code,
            "remote": remote,
            "hybrid": posting.workplace == "hybrid",
            "on_site": posting.workplace == "onsite" or posting.edge == "hybrid-and-onsite",
            "employment_type_code": _RECRUITEE_TYPE[posting.employment_type],
            "experience_code": {"intern": "student", "junior": "entry_level", "mid": "mid_level",
                                "senior": "experienced", "lead": "experienced",
                                "manager": "senior_manager"}[posting.seniority],
            "salary": salary,
            "highlight": "",
            "description": description_html(posting, company, pay_in_text=posting.pay_mode == "text"),
            "requirements": "<ul>" + "".join(f"<li>{html.escape(s)}</li>" for s in posting.skills) + "</ul>",
            "careers_url": f"https://careers.{company.board}.example/o/{slug}",
            "careers_apply_url": f"https://careers.{company.board}.example/o/{slug}/c/new",
            "status": "published",
            "created_at": stamp,
            "published_at": stamp,
            "updated_at": stamp,
            "close_at": None,
            "tags": posting.skills[:2],
        })
    return {f"recruitee/{company.board}.json": _json({"offers": offers})}


_PERSONIO_TYPE = {"full_time": "permanent", "part_time": "permanent", "contract": "freelance",
                  "temporary": "temporary", "internship": "intern"}


def _personio(company: Company, postings: list[Posting]) -> Files:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<workzag-jobs>"]
    for posting in postings:
        office = f"Remote ({COUNTRIES[posting.country].name})" if posting.workplace == "remote" else posting.city
        if posting.edge == "remote-office":
            office = f"Remote ({COUNTRIES[posting.country].name})"
        title = _title_of(posting)
        if posting.edge == "ampersand-title":
            title = f"{title} & Analytics"
        created = posting.opened.astimezone(timezone(timedelta(hours=2)))
        without_colon = posting.edge == "offset-without-colon" or posting.number % 2
        stamp = created.strftime("%Y-%m-%dT%H:%M:%S%z") if without_colon else created.isoformat()
        pay_in_text = posting.pay_mode in {"stated", "text"}  # the feed has no pay element
        body = description_html(posting, company, pay_in_text=pay_in_text).replace("]]>", "]]]]><![CDATA[>")
        lines += [
            "  <position>",
            f"    <id>{2_400_000 + posting.number}</id>",
            f"    <subcompany>{xml_escape(company.name)} GmbH</subcompany>",
            f"    <office>{xml_escape(office)}</office>",
            "    <department>Engineering</department>",
            "    <recruitingCategory>Tech &amp; Product</recruitingCategory>",
            f"    <name>{xml_escape(title)}</name>",
            "    <jobDescriptions>",
            "      <jobDescription>",
            "        <name>Your role</name>",
            f"        <value><![CDATA[{body}]]></value>",
            "      </jobDescription>",
            "    </jobDescriptions>",
            f"    <employmentType>{_PERSONIO_TYPE[posting.employment_type]}</employmentType>",
            f"    <seniority>{ {'intern': 'student', 'junior': 'entry-level'}.get(posting.seniority, 'experienced') }"
            "</seniority>",
            f"    <schedule>{'part-time' if posting.employment_type == 'part_time' else 'full-time'}</schedule>",
            f"    <keywords>{xml_escape(','.join(posting.skills))}</keywords>",
            f"    <createdAt>{stamp}</createdAt>",
            "  </position>",
        ]
    lines.append("</workzag-jobs>")
    return {f"personio/{company.board}.xml": ("\n".join(lines) + "\n").encode()}


WRITERS: dict[str, Writer] = {
    "greenhouse": _greenhouse,
    "lever": _lever,
    "ashby": _ashby,
    "jsonld": _jsonld,
    "workable": _workable,
    "smartrecruiters": _smartrecruiters,
    "recruitee": _recruitee,
    "personio": _personio,
}


def jsonld_page_path(company: Company) -> str:
    return f"/careers/{company.board}/jobs.html"


def write_feeds(market: Market, folder: Path, *, when: datetime) -> int:
    """Write every board as it stands at `when` into `folder`; returns the open postings written.

    Files are replaced atomically, so a feed server reading them never sees half a file.
    """
    by_company: dict[int, list[Posting]] = {index: [] for index in range(len(market.companies))}
    open_now = market.open_postings(when)
    for posting in open_now:
        by_company[posting.company].append(posting)
    for index, company in enumerate(market.companies):
        for name, body in WRITERS[company.kind](company, by_company[index]).items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.tmp")
            temporary.write_bytes(body)
            os.replace(temporary, target)
    return len(open_now)


def feed_routes(
    market: Market, folder: Path
) -> tuple[dict[tuple[str, str], Path], dict[str, Path], dict[tuple[str, str], Path]]:
    """What the feed server serves: (kind, board) -> feed file, JSON-LD page paths -> file, and
    (kind, board) -> per-job details file (SmartRecruiters lists postings without their ads)."""
    feeds: dict[tuple[str, str], Path] = {}
    pages: dict[str, Path] = {}
    details: dict[tuple[str, str], Path] = {}
    for company in market.companies:
        if company.kind == "jsonld":
            pages[jsonld_page_path(company)] = folder / f"jsonld/{company.board}.html"
        elif company.kind == "smartrecruiters":
            feeds[(company.kind, company.board)] = folder / f"smartrecruiters/{company.board}_postings.json"
            details[(company.kind, company.board)] = folder / f"smartrecruiters/{company.board}_posting_details.json"
        else:
            suffix = "xml" if company.kind == "personio" else "json"
            feeds[(company.kind, company.board)] = folder / f"{company.kind}/{company.board}.{suffix}"
    return feeds, pages, details


def source_specs(market: Market, base_url: str, kinds: Iterable[str]) -> list[dict]:
    """The job sources of the market's boards in the given kinds (those the connectors read)."""
    wanted = set(kinds)
    specs = []
    for company in market.companies:
        if company.kind not in wanted:
            continue
        if company.kind == "jsonld":
            board, base = f"{base_url}{jsonld_page_path(company)}", ""
        else:
            board, base = company.board, base_url
        specs.append({"name": company.name, "slug": f"market-{company.slug}", "kind": company.kind,
                      "board": board, "base_url": base})
    return specs


def manifest(market: Market) -> dict:
    """A summary written next to the feeds: what was generated, for reuse checks and the README."""
    return {
        "digest": market.digest(),
        "seed": market.seed,
        "end": market.end.isoformat(),
        "steps": [step.isoformat() for step in market.steps()],
        "companies": [asdict(company) for company in market.companies],
        "postings": len(market.postings),
        "open_at_end": len(market.open_postings(market.end)),
    }


def end_of_today(now: datetime | None = None) -> datetime:
    """The replay's last step: now, to the hour (so a market built today stays the same all hour)."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    return now.replace(minute=0, second=0, microsecond=0)


# -- on disk and in the database ----------------------------------------------------------

MANIFEST = "manifest.json"
REPLAYED = "replayed.json"
SOURCE_PREFIX = "market-"


def market_folder() -> Path:
    from django.conf import settings

    return Path(settings.VAR_DIR) / "demo_market"


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def generate(
    *, folder: Path, seed: int = SEED, end: datetime | None = None, fresh: bool = False
) -> tuple[Market, bool]:
    """The market of `folder` (reused when its manifest is there), else a new one with its first step's feeds.

    Returns (market, reused).
    """
    existing = None if fresh else _read_json(folder / MANIFEST)
    if existing and existing.get("seed") == seed and (end is None or existing.get("end") == end.isoformat()):
        market = build_market(seed=seed, end=datetime.fromisoformat(existing["end"]))
        if market.digest() == existing.get("digest"):
            return market, True
    market = build_market(seed=seed, end=end or end_of_today())
    folder.mkdir(parents=True, exist_ok=True)
    (folder / REPLAYED).unlink(missing_ok=True)
    write_feeds(market, folder / "feeds", when=market.steps()[0])
    (folder / MANIFEST).write_text(json.dumps(manifest(market), indent=1, ensure_ascii=False), encoding="utf-8")
    return market, False


def load_market(folder: Path) -> Market:
    """The market whose manifest is in `folder` (rebuilt from its seed and end)."""
    data = _read_json(folder / MANIFEST)
    if not data:
        raise FileNotFoundError(f"no demo market in {folder}; run `manage.py demo_market generate` first")
    return build_market(seed=int(data["seed"]), end=datetime.fromisoformat(data["end"]))


@dataclass
class StepReport:
    when: datetime
    open_in_feeds: int
    runs: int
    failed: int
    new: int
    closed: int
    open_listings: int


def replay(
    market: Market,
    folder: Path,
    *,
    base_url: str,
    kinds: Iterable[str],
    on_step: Callable[[StepReport], None] | None = None,
    on_run: Callable[[str], None] | None = None,
) -> list[StepReport]:
    """Sync the market's history step by step through the connectors; skipped when already replayed.

    The sources are (re)pointed at `base_url` every time. A replay left half
    done (interrupted) is started again from the first step.
    """
    from django.db import transaction

    from . import services
    from .models import JobListing, JobSource, SyncRun

    specs = source_specs(market, base_url, kinds)
    done = _read_json(folder / REPLAYED)
    with transaction.atomic():
        for spec in specs:
            JobSource.objects.update_or_create(
                slug=spec["slug"],
                defaults={**{k: v for k, v in spec.items() if k != "slug"}, "generated": True,
                          "sync_interval": timedelta(hours=1), "enabled": True},
            )
    sources = list(JobSource.objects.filter(slug__in=[spec["slug"] for spec in specs]).order_by("slug"))
    if done and done.get("digest") == market.digest() and set(done.get("sources", [])) == {s.slug for s in sources}:
        return []
    # Not replayed (or replayed for other boards): start the history again from nothing.
    JobListing.objects.filter(source__in=sources).delete()
    SyncRun.objects.filter(source__in=sources).delete()
    JobSource.objects.filter(pk__in=[s.pk for s in sources]).update(
        last_success_at=None, last_failure_at=None, consecutive_failures=0, next_sync_at=None
    )
    reports: list[StepReport] = []
    with services.hand_offs_batched():
        _replay_steps(market, folder, sources, reports, on_step, on_run)
    (folder / REPLAYED).write_text(
        json.dumps({"digest": market.digest(), "sources": [s.slug for s in sources]}), encoding="utf-8"
    )
    return reports


def _replay_steps(market: Market, folder: Path, sources: list, reports: list[StepReport], on_step, on_run) -> None:
    from . import services
    from .models import JobListing, SyncRun

    for when in market.steps():
        open_in_feeds = write_feeds(market, folder / "feeds", when=when)
        report = StepReport(when, open_in_feeds, 0, 0, 0, 0, 0)
        for source in sources:
            for offset in (timedelta(0), *FOLLOW_UPS):
                if on_run:
                    on_run(source.slug)
                run = services.source_sync(source_id=source.pk, as_of=when + offset)
                report.runs += 1
                report.failed += run.status == SyncRun.Status.FAILED
                report.new += run.new
                report.closed += run.closed
                still_missing = JobListing.objects.filter(
                    source=source, status=JobListing.Status.OPEN, missing_runs__gt=0
                ).exists()
                if run.status == SyncRun.Status.FAILED or not still_missing:
                    break
        report.open_listings = JobListing.objects.filter(
            source__in=sources, status=JobListing.Status.OPEN, duplicate_of__isnull=True
        ).count()
        reports.append(report)
        if on_step:
            on_step(report)
