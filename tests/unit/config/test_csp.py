"""The exported site's Content-Security-Policy: one policy, sent by Django and by nginx."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from config import csp

ROOT = Path(__file__).resolve().parents[3]


def test_the_policy_allows_only_the_sites_own_scripts_and_the_search_api():
    directives = csp.site_directives(search_api_url="https://search.example.org/api/search/")
    assert directives["script-src"] == ["'self'"]
    assert directives["connect-src"] == ["'self'", "https://search.example.org"]
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in csp.header_value(directives)
    assert "'unsafe-eval'" not in csp.header_value(directives)


def test_a_relative_search_api_url_needs_no_extra_origin():
    assert csp.site_directives(search_api_url="/api/search/")["connect-src"] == ["'self'"]
    assert csp.origin("http://127.0.0.1:8000/api/search/") == "http://127.0.0.1:8000"


def test_nginx_sends_the_same_policy_as_django():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    declared = re.search(r'set \$site_csp "([^"]+)";', conf).group(1)
    origin = "https://search.example.org"
    filled = declared.replace("${SEARCH_API_ORIGIN}", origin)
    assert filled == csp.header_value(csp.site_directives(search_api_url=f"{origin}/api/search/"))
    # Every location that serves exported files sends it, 404s included.
    for location in ("location / {", "location /assets/ {"):
        block = conf.split(location, 1)[1].split("}", 1)[0]
        assert "add_header Content-Security-Policy $site_csp always;" in block


def test_compose_mounts_nginx_conf_as_a_template_with_the_search_origin():
    static = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["static"]
    assert "./deploy/nginx.conf:/etc/nginx/templates/default.conf.template:ro" in static["volumes"]
    assert "SEARCH_API_ORIGIN" in static["environment"]
