"""One API contract: typed parameters, unknown ones refused, JSON for every status, HEAD and OPTIONS."""

from __future__ import annotations

import pytest

from cms.demo_content import load_demo_content

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

ENDPOINTS = [
    "/api/hub/",
    "/api/paths/",
    "/api/paths/ml-engineer/",
    "/api/comparisons/",
    "/api/comparisons/ai-engineer-vs-machine-learning-engineer/",
    "/api/jobs/",
    "/api/jobs/1/",
    "/api/salaries/ml-engineer/",
    "/api/search/",
    "/api/search/suggest/",
]


@pytest.fixture
def demo(db):
    return load_demo_content()


@pytest.mark.parametrize("url", ENDPOINTS)
def test_an_unknown_parameter_is_a_400_on_every_endpoint(client, demo, url):
    response = client.get(url, {"colour": "blue"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"].startswith("colour: unknown query parameter")


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "NaN", "1e400", "Infinity"])
def test_non_finite_numbers_are_a_400(client, demo, value):
    response = client.get("/api/jobs/", {"salary_min": value})
    assert response.status_code == 400, response.content
    assert response.json()["detail"].startswith("salary_min: must be")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"page": "-1"}, "page: must be at least 1"),
        ({"page": "0"}, "page: must be at least 1"),
        ({"size": "1000"}, "size: must be at most 100"),
        ({"size": "ten"}, "size: must be a whole number"),
        ({"workplace": "moon"}, "workplace: must be one of"),
        ({"country": "Germany"}, "country: must match"),
        ({"page": "1", "colour": "x"}, "colour: unknown query parameter"),
    ],
)
def test_messages_say_what_is_wrong(client, demo, query, message):
    response = client.get("/api/jobs/", query)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(message), response.json()


def test_a_blank_value_is_refused_like_any_other_bad_value(client, demo):
    response = client.get("/api/jobs/", {"workplace": ""})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("workplace: must be one of")


def test_enum_parameters_are_declared_with_the_models_values(client):
    from jobs.models import JobListing

    schema = client.get("/api/openapi.json").json()
    params = {p["name"]: p for p in schema["paths"]["/api/jobs/"]["get"]["parameters"]}

    def enum_of(param: dict) -> list[str]:
        body = param["schema"]
        for option in body.get("anyOf", body.get("allOf", [body])):
            if "$ref" in option:
                return schema["components"]["schemas"][option["$ref"].rsplit("/", 1)[1]]["enum"]
            if "enum" in option:
                return option["enum"]
        return []

    assert enum_of(params["workplace"]) == JobListing.Workplace.values
    assert enum_of(params["seniority"]) == JobListing.Seniority.values
    page = params["page"]["schema"]
    assert (page["type"], page["minimum"]) == ("integer", 1)


@pytest.mark.parametrize("url", ["/api/nothing-here/", "/api/jobs/999999/", "/api/paths/no-such-path/"])
def test_every_404_under_api_is_json(client, demo, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_a_wrong_method_is_a_json_405(client, demo, method):
    response = getattr(client, method)("/api/jobs/")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert "GET" in response["Allow"]


def test_head_answers_like_get_without_a_body(client, demo):
    get = client.get("/api/paths/")
    head = client.head("/api/paths/")
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Length"] == str(len(get.content))


def test_options_lists_the_allowed_methods(client, demo):
    response = client.options("/api/jobs/")
    assert response.status_code == 204
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert client.options("/api/nothing-here/").status_code == 404


def test_the_interactive_docs_use_bundled_files(client):
    html = client.get("/api/docs").content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn.jsdelivr" not in html and "unpkg.com" not in html
    assert "/static/ninja/swagger-ui-bundle.js" in html
