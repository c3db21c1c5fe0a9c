"""Raw hashes: records whose raw form the caller already stored are not mapped again."""

import copy

from jobs.connectors import ashby, greenhouse, lever


def known(result) -> dict[str, str]:
    return {payload.external_id: payload.raw_hash for payload in result.payloads if payload.raw_hash}


def test_every_mapped_post_carries_a_raw_hash(feed_file):
    result = greenhouse.parse(feed_file("greenhouse_jobs.json"), board="acme")
    hashes = [payload.raw_hash for payload in result.payloads]
    assert all(len(value) == 32 for value in hashes)
    assert len(set(hashes)) == len(hashes)
    assert result.unchanged_ids == []


def test_known_hashes_report_unchanged_posts_without_mapping_them(feed_file):
    data = feed_file("greenhouse_jobs.json")
    first = greenhouse.parse(data, board="acme")
    again = greenhouse.parse(data, board="acme", known_raw_hashes=known(first))
    assert again.payloads == []
    assert again.unchanged_ids == [payload.external_id for payload in first.payloads]
    assert again.fetched == first.fetched and again.invalid == first.invalid


def test_a_changed_post_is_mapped_again_and_the_rest_skipped(feed_file):
    data = feed_file("greenhouse_jobs.json")
    first = greenhouse.parse(data, board="acme")
    changed = copy.deepcopy(data)
    changed["jobs"][1]["title"] = "Staff Data Engineer"
    again = greenhouse.parse(changed, board="acme", known_raw_hashes=known(first))
    assert [payload.title for payload in again.payloads] == ["Staff Data Engineer"]
    assert again.payloads[0].raw_hash != first.payloads[1].raw_hash
    assert len(again.unchanged_ids) == len(first.payloads) - 1
    assert first.payloads[1].external_id not in again.unchanged_ids


def test_a_stale_or_unknown_hash_maps_the_post(feed_file):
    data = feed_file("greenhouse_jobs.json")
    first = greenhouse.parse(data, board="acme")
    hashes = {payload.external_id: "0" * 32 for payload in first.payloads}
    hashes["no-such-post"] = first.payloads[0].raw_hash
    again = greenhouse.parse(data, board="acme", known_raw_hashes=hashes)
    assert again.unchanged_ids == []
    assert [p.content_hash() for p in again.payloads] == [p.content_hash() for p in first.payloads]


def test_the_hash_covers_the_board_and_the_company(feed_file):
    data = feed_file("greenhouse_jobs.json")
    base = greenhouse.parse(data, board="acme").payloads[0].raw_hash
    assert greenhouse.parse(data, board="acme").payloads[0].raw_hash == base
    assert greenhouse.parse(data, board="other").payloads[0].raw_hash != base
    assert greenhouse.parse(data, board="acme", company="Acme").payloads[0].raw_hash != base


def test_the_raw_hash_is_not_part_of_the_content_hash(feed_file):
    payload = greenhouse.parse(feed_file("greenhouse_jobs.json"), board="acme").payloads[0]
    content = payload.content_hash()
    payload.raw_hash = "something else"
    assert payload.content_hash() == content


def test_a_post_whose_mapping_warned_has_no_raw_hash_and_warns_every_time():
    job = {
        "id": 11,
        "title": "Data Engineer",
        "location": {"name": "Berlin, Germany"},
        "content": "&lt;p&gt;Pipelines.&lt;/p&gt;",
        # A pay range without a pay period is dropped with a warning.
        "metadata": [{"name": "Pay Range", "value_type": "currency_range", "value": {"unit": "EUR", "min_value": "1"}}],
    }
    first = greenhouse.parse({"jobs": [job]}, board="x")
    assert first.warnings and first.payloads[0].raw_hash == ""
    again = greenhouse.parse({"jobs": [job]}, board="x", known_raw_hashes={"11": ""})
    assert again.unchanged_ids == [] and again.warnings == first.warnings


def test_an_unchanged_post_repeated_in_the_feed_keeps_the_first_copy(feed_file):
    data = feed_file("greenhouse_jobs.json")
    first = greenhouse.parse(data, board="acme")
    doubled = {"jobs": [*data["jobs"], data["jobs"][0]]}
    again = greenhouse.parse(doubled, board="acme", known_raw_hashes=known(first))
    assert again.payloads == []
    assert again.unchanged_ids.count(first.payloads[0].external_id) == 1
    assert again.warnings == [f"{first.payloads[0].external_id}: duplicate id in the feed, later copy ignored"]


def test_lever_and_ashby_skip_unchanged_records_too(feed_file):
    postings = feed_file("lever_postings.json")
    first = lever.parse(postings, board="globex")
    assert lever.parse(postings, board="globex", known_raw_hashes=known(first)).payloads == []
    board = feed_file("ashby_job_board.json")
    first = ashby.parse(board, board="initech")
    again = ashby.parse(board, board="initech", known_raw_hashes=known(first))
    assert again.payloads == [] and len(again.unchanged_ids) == len(first.payloads)


def test_the_code_digest_reads_every_module_of_the_normalising_package(monkeypatch):
    from pathlib import Path

    from jobs.connectors import _base

    files = {
        path.name for path in _base._code_files("jobs.normalise", Path(_base.sys.modules["jobs.normalise"].__file__))
    }
    assert {"__init__.py", "text.py", "dates.py", "pay.py", "places.py", "employment.py", "data.py"} <= files

    # An edit to any of them gives another digest, so stored raw hashes no longer match.
    _base._code_digest.cache_clear()
    before = _base._code_digest(greenhouse.__name__)
    real_read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: real_read(self) + (b"#" if self.name == "places.py" else b""))
    _base._code_digest.cache_clear()
    try:
        assert _base._code_digest(greenhouse.__name__) != before
    finally:
        monkeypatch.undo()
        _base._code_digest.cache_clear()
