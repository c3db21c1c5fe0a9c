"""Normalisation rules: salary, dates, titles, sanitised HTML, places, workplace, types, seniority."""

from datetime import UTC, datetime

import pytest

from jobs import normalise


def salary(minimum, maximum, currency="USD", period="year"):
    warnings: list[str] = []
    result = normalise.make_salary(
        minimum=minimum, maximum=maximum, currency=currency, period=period, listing="job-1", warnings=warnings
    )
    return result, warnings


# --- salary -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "expected_period", "factor"),
    [
        ("per-hour-wage", "hour", 2080),
        ("per-day-wage", "day", 260),
        ("per-week-salary", "week", 52),
        ("per-month-salary", "month", 12),
        ("per-year-salary", "year", 1),
        ("1 HOUR", "hour", 2080),
        ("1 YEAR", "year", 1),
        ("1 MONTH", "month", 12),
        ("HOUR", "hour", 2080),
        ("DAY", "day", 260),
        ("WEEK", "week", 52),
        ("MONTH", "month", 12),
        ("YEAR", "year", 1),
        ("Annual", "year", 1),
        ("Hourly", "hour", 2080),
        ("Monthly", "month", 12),
        ("yearly", "year", 1),
        ("per annum", "year", 1),
    ],
)
def test_salary_periods_are_annualised_by_the_fixed_factors(period, expected_period, factor):
    result, warnings = salary(10, 20, "usd", period)
    assert result == {
        "min": 10,
        "max": 20,
        "currency": "USD",
        "period": expected_period,
        "annual_min": 10 * factor,
        "annual_max": 20 * factor, "source": "stated",
    }
    assert warnings == []


def test_salary_string_amounts_are_read_as_numbers():
    result, _ = salary("185000.0", "245000.0", "USD", "Annual")
    assert result["min"] == 185000 and result["max"] == 245000
    assert isinstance(result["min"], int)


def test_salary_keeps_cents_for_fractional_rates():
    result, _ = salary(42.5, 57.25, "EUR", "hour")
    assert result["min"] == 42.5 and result["annual_min"] == 88400
    assert result["annual_max"] == 119080


def test_salary_thousands_separators_are_accepted():
    result, _ = salary("150,000", "185,000", "CAD", "year")
    assert result["annual_max"] == 185000


def test_salary_single_figure_is_a_range_of_one_value():
    result, _ = salary(45, 45, "GBP", "per-hour-wage")
    assert result["min"] == result["max"] == 45
    assert result["annual_min"] == result["annual_max"] == 93600
    only_min, _ = salary(100000, None)
    assert only_min["max"] == 100000


@pytest.mark.parametrize(
    ("minimum", "maximum", "reason"),
    [
        (200000, 150000, "above maximum"),
        (-5, 100, "negative"),
        ("competitive", 100, "non-numeric"),
        (100, "DOE", "non-numeric"),
        (0, 0, "zero"),
        (float("nan"), 100, "non-numeric"),
    ],
)
def test_unusable_salary_ranges_are_dropped_with_a_warning(minimum, maximum, reason):
    result, warnings = salary(minimum, maximum)
    assert result is None
    assert len(warnings) == 1 and "job-1" in warnings[0] and reason in warnings[0]


def test_salary_without_a_known_period_is_dropped_not_guessed():
    for period in (None, "biweekly", "2 WEEK", "NONE", "per project"):
        result, warnings = salary(1000, 2000, "USD", period)
        assert result is None and "period" in warnings[0]


def test_salary_without_a_currency_code_is_dropped():
    result, warnings = salary(1000, 2000, "dollars", "year")
    assert result is None and "currency" in warnings[0]


def test_no_salary_given_is_none_without_warning():
    assert salary(None, None) == (None, [])


# --- dates ----------------------------------------------------------------------


def test_offsets_are_converted_to_utc():
    assert normalise.parse_datetime("2026-10-14T09:12:44-04:00") == datetime(2026, 10, 14, 13, 12, 44, tzinfo=UTC)
    assert normalise.parse_datetime("2026-11-03T16:40:02-05:00") == datetime(2026, 11, 3, 21, 40, 2, tzinfo=UTC)


def test_epoch_milliseconds_are_utc():
    assert normalise.parse_datetime(1789747451417) == datetime(2026, 9, 18, 16, 4, 11, 417000, tzinfo=UTC)
    assert normalise.parse_datetime(1789747451) == datetime(2026, 9, 18, 16, 4, 11, tzinfo=UTC)


def test_bare_dates_are_midnight_or_end_of_day_utc():
    assert normalise.parse_datetime("2026-09-22") == datetime(2026, 9, 22, tzinfo=UTC)
    assert normalise.parse_datetime("2026-12-15", end_of_day=True) == datetime(2026, 12, 15, 23, 59, 59, tzinfo=UTC)


def test_naive_times_are_taken_as_utc_and_garbage_is_none():
    assert normalise.parse_datetime("2026-01-02T03:04:05") == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert normalise.parse_datetime("not a date") is None
    assert normalise.parse_datetime(None) is None
    assert normalise.parse_datetime(True) is None


# --- titles and descriptions -------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Data Scientist &amp; Analyst", "Data Scientist & Analyst"),
        ("  RAG   Engineer ", "RAG Engineer"),
        ("<b>Senior</b> AI Engineer", "Senior AI Engineer"),
        ("<script>alert(1)</script>ML Engineer", "ML Engineer"),
        ("&lt;img src=x onerror=alert(1)&gt;LLM Engineer", "LLM Engineer"),
        ("&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;Data Engineer", "Data Engineer"),
        ("R&amp;D Engineer", "R&D Engineer"),
        ("Ingénieur·e Machine Learning – IA générative", "Ingénieur·e Machine Learning – IA générative"),
        ("مهندس تعلم الآلة 🚀 (LLM)", "مهندس تعلم الآلة 🚀 (LLM)"),
    ],
)
def test_titles_are_plain_text(raw, expected):
    assert normalise.clean_title(raw) == expected


XSS = (
    '<p onclick="steal()">Hello <a href="javascript:alert(1)">click</a></p>'
    "<script>alert('x')</script><style>body{display:none}</style>"
    '<iframe src="https://evil.example"></iframe><img src=x onerror=alert(1)>'
    '<a href="https://ok.example/apply" target="_blank" onmouseover="x()">apply</a>'
    '<a href="/relative">rel</a><a href="mailto:jobs@example.com">mail</a>'
    '<svg onload=alert(1)><circle/></svg><p style="color:red">styled</p>'
    '<a href="JaVaScRiPt:alert(1)">upper</a><a href="data:text/html,<script>x</script>">data</a>'
)


def test_sanitiser_removes_every_active_part():
    cleaned = normalise.sanitise_html(XSS)
    lowered = cleaned.lower()
    for needle in (
        "<script",
        "alert(",
        "<style",
        "<iframe",
        "onerror",
        "onclick",
        "onmouseover",
        "javascript:",
        "<img",
        "<svg",
        "style=",
        "data:",
        "target=",
        "/relative",
    ):
        assert needle not in lowered, needle
    assert '<a href="https://ok.example/apply" rel="nofollow noopener">apply</a>' in cleaned
    assert '<a href="mailto:jobs@example.com" rel="nofollow noopener">mail</a>' in cleaned
    assert "<p>styled</p>" in cleaned


def test_sanitiser_keeps_formatting_and_turns_divs_into_paragraphs():
    cleaned = normalise.sanitise_html(
        "<div>Intro</div><div><br></div><h1>Role</h1><ul><li><strong>Ship</strong> <em>evals</em></li></ul>"
        "<h3>Stack</h3><pre><code>python</code></pre><blockquote>quote</blockquote><h6>small</h6>"
    )
    assert cleaned == (
        "<p>Intro</p><h2>Role</h2><ul><li><strong>Ship</strong> <em>evals</em></li></ul>"
        "<h3>Stack</h3><pre><code>python</code></pre><blockquote>quote</blockquote><h4>small</h4>"
    )


def test_plain_text_keeps_paragraphs_and_list_items():
    html, text = normalise.description("<p>About&nbsp;us</p><ul><li>One</li><li>Two</li></ul><p>R&amp;D</p>")
    assert text == "About us\n\n- One\n- Two\n\nR&D"
    assert html.startswith("<p>About")


def test_empty_description_is_empty():
    assert normalise.description(None) == ("", "")


# --- places -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "places"),
    [
        ("Berlin, Germany; Amsterdam, Netherlands", ["Berlin, Germany", "Amsterdam, Netherlands"]),
        ("London | Paris", ["London", "Paris"]),
        ("Berlin / Amsterdam", ["Berlin", "Amsterdam"]),
        ("New York, NY or Remote", ["New York, NY", "Remote"]),
        ("San Francisco, CA", ["San Francisco, CA"]),
        ("Remote - US", ["Remote - US"]),
        ("Toronto; Toronto", ["Toronto"]),
        (None, []),
    ],
)
def test_multi_place_strings_are_split(raw, places):
    assert normalise.split_locations(raw) == places


@pytest.mark.parametrize(
    ("place", "code"),
    [
        ("Remote - US", "US"),
        ("London, UK", "GB"),
        ("London, United Kingdom", "GB"),
        ("New York, NY", "US"),
        ("Berlin, Germany", "DE"),
        ("Toronto, ON", "CA"),
        ("Toronto, ON, Canada", "CA"),
        ("Paris, France", "FR"),
        ("Remote (EMEA)", None),
        ("Remote (EU)", None),
        ("Remote - Europe", None),
        ("Remote", None),
        ("Anywhere", None),
        ("Austin, TX", "US"),
        ("San Francisco, CA", "US"),
        ("Montréal, QC", "CA"),
        ("Berlin, DE", "DE"),
        ("Remote, USA", "US"),
        ("US - Remote", "US"),
        ("Remote (Canada)", "CA"),
        ("Singapore", "SG"),
        ("Dubai, UAE", "AE"),
        ("東京都", "JP"),
        ("Bengaluru, Karnataka, India", "IN"),
        ("Greater London Area", "GB"),
        ("Sydney NSW", "AU"),
        ("Washington, DC", "US"),
        ("Atlanta, GA", "US"),
        ("Zürich, Switzerland", "CH"),
        ("São Paulo, Brazil", "BR"),
        ("Amsterdam, North Holland, Netherlands", "NL"),
        ("Seattle, Washington, United States", "US"),
    ],
)
def test_country_codes_of_real_world_places(place, code):
    assert normalise.place_country(place) == code


def test_separators_inside_parentheses_do_not_split():
    assert normalise.split_locations("Remote (US or Canada); London, UK") == ["Remote (US or Canada)", "London, UK"]
    assert normalise.split_locations("Remote [EU / UK]") == ["Remote [EU / UK]"]


@pytest.mark.parametrize(
    ("place", "codes"),
    [
        ("Remote (US or Canada)", ["US", "CA"]),
        ("Remote - US/Canada", ["US", "CA"]),
        ("Remote (EMEA)", []),
        ("San Francisco, CA", ["US"]),
        ("Toronto, ON", ["CA"]),
    ],
)
def test_a_place_can_name_several_countries(place, codes):
    assert normalise.place_countries(place) == codes


def test_countries_come_from_fields_first_then_places_without_duplicates():
    assert normalise.countries_for(["Lisbon, Portugal", "Remote - Europe", "Porto"], extra=["de", None]) == [
        "DE",
        "PT",
    ]
    assert normalise.country_from_name("United States") == "US"
    assert normalise.country_from_name({"@type": "Country", "name": "USA"}) == "US"
    assert normalise.country_from_name("Narnia") is None


# --- workplace, employment type, seniority ----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("remote", "remote"),
        ("hybrid", "hybrid"),
        ("onsite", "onsite"),
        ("on-site", "onsite"),
        ("OnSite", "onsite"),
        ("Remote", "remote"),
        ("Hybrid", "hybrid"),
        ("On-site", "onsite"),
        ("unspecified", None),
        ("", None),
        (None, None),
    ],
)
def test_workplace_field_values(value, expected):
    assert normalise.workplace_from_value(value) == expected


def test_workplace_falls_back_to_location_text_then_clear_description_phrases():
    assert normalise.resolve_workplace(None, short_texts=["Remote - US"]) == "remote"
    assert normalise.resolve_workplace("unspecified", short_texts=["Work from home (UK)"]) == "remote"
    assert normalise.resolve_workplace(None, short_texts=["Telecommute"]) == "remote"
    assert normalise.resolve_workplace(None, short_texts=["London (Hybrid)"]) == "hybrid"
    assert normalise.resolve_workplace(None, description_text="Hybrid: two office days per week.") == "hybrid"
    assert normalise.resolve_workplace(None, description_text="This role is fully remote.") == "remote"
    # "hybrid search" is a technology, not a way of working
    assert normalise.resolve_workplace(None, description_text="Own hybrid search and re-ranking.") == "unspecified"
    assert normalise.resolve_workplace(None, short_texts=["Berlin"], physical_location=True) == "onsite"
    assert normalise.resolve_workplace("remote", short_texts=["Berlin (Hybrid)"]) == "remote"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("FullTime", "full_time"),
        ("FULL_TIME", "full_time"),
        ("Full-time", "full_time"),
        ("Part-time", "part_time"),
        ("PartTime", "part_time"),
        ("Contract", "contract"),
        ("CONTRACTOR", "contract"),
        ("Freelance", "contract"),
        ("Temporary", "temporary"),
        ("TEMPORARY", "temporary"),
        ("Intern", "internship"),
        ("INTERN", "internship"),
        ("Internship", "internship"),
        ("正社員", "full_time"),
        (["CONTRACTOR", "TEMPORARY"], "contract"),
        ("VOLUNTEER", None),
        (None, None),
    ],
)
def test_employment_type_values(value, expected):
    assert normalise.employment_type_from_value(value) == expected


def test_employment_type_cues_in_titles():
    assert normalise.employment_type_from_title("Data Scientist (Contract)") == "contract"
    assert normalise.employment_type_from_title("Machine Learning Research Intern") == "internship"
    assert normalise.employment_type_from_title("Internal Tools Engineer") is None
    assert normalise.employment_type_from_title("Senior AI Engineer") is None


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Machine Learning Research Intern", "intern"),
        ("Data Science Intern (Summer 2027)", "intern"),
        ("Werkstudent Data Engineering (m/w/d)", "intern"),
        ("Stagiaire Data Scientist", "intern"),
        ("Junior Data Analyst", "junior"),
        ("Jr. Data Engineer", "junior"),
        ("Associate Data Scientist", "junior"),
        ("Entry-Level Data Analyst", "junior"),
        ("New Grad Machine Learning Engineer", "junior"),
        ("Data Analyst I", "junior"),
        ("Machine Learning Engineer", "mid"),
        ("Data Engineer II", "mid"),
        ("LLM Engineer", "mid"),
        ("Internal Tools Engineer", "mid"),
        ("Senior AI Engineer", "senior"),
        ("Sr. ML Engineer", "senior"),
        ("Sr Data Scientist", "senior"),
        ("Software Engineer III, Machine Learning", "senior"),
        ("Senior Associate, Data Science", "senior"),
        ("Staff Machine Learning Engineer", "lead"),
        ("Senior Staff Data Engineer", "lead"),
        ("Principal Applied Scientist", "lead"),
        ("Lead Data Scientist", "lead"),
        ("Tech Lead, LLM Platform", "lead"),
        ("Head of Data", "manager"),
        ("Director of Machine Learning", "manager"),
        ("Engineering Manager, ML Infrastructure", "manager"),
        ("Senior Manager, Data Science", "manager"),
        ("Associate Director, Analytics", "manager"),
        ("VP of AI", "manager"),
        ("Chief Data Officer", "manager"),
        ("Member of Technical Staff, Pretraining", "mid"),
        ("Senior Member of Technical Staff", "senior"),
        ("Chief of Staff, AI", "manager"),
        ("Postdoctoral Researcher, NLP", "junior"),
        ("Research Fellow", "mid"),
        ("Teamleiter Data Engineering", "manager"),
        ("Distinguished Engineer, AI", "lead"),
    ],
)
def test_seniority_from_real_world_titles(title, level):
    assert normalise.seniority_from_title(title) == level
