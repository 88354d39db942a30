"""The JSON API: every route, every error, the OpenAPI document, the client, export round trips."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import SEED_NADOR, serve_in_thread

from search import SearchRequest
from search.client import Client
from web import create_app
from web.openapi import openapi_document


@pytest.fixture(scope="module")
def app(corpus_index):
    return create_app({"INDEX_PATH": str(corpus_index.path), "TESTING": True})


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def server_url(corpus_index):
    _, url, stop = serve_in_thread(create_app({"INDEX_PATH": str(corpus_index.path)}))
    yield url
    stop()


def test_search_shape_and_links(client):
    data = client.get("/api/v1/search?q=طنجة&per_page=1&labels=ar").get_json()
    assert data["total"] == 2 and len(data["hits"]) == 1 and data["pages"] == 2
    assert data["hits"][0]["id"] == "hs-1"
    assert data["timing"]["took_ms"] >= 0
    assert data["links"]["previous"] is None
    following = client.get(data["links"]["next"]).get_json()
    assert following["page"] == 2 and following["hits"][0]["id"] != "hs-1"
    city = {v["id"]: v for v in data["facets"]["city"]}["tangier"]
    # The English article about Tangier matches the Arabic query through the city facet.
    assert city["label"] == "طنجة" and city["label_en"] == "Tangier" and city["count"] == 2


def test_filters_are_repeatable_and_fields_selectable(client):
    data = client.get("/api/v1/search?year=2019&year=2020&fields=id,date&sort=newest").get_json()
    assert [h["id"] for h in data["hits"]] == ["hs-1", "hs-2"]
    assert set(data["hits"][0]) == {"id", "date"}
    assert client.get("/api/v1/search?city=Tétouan").get_json()["hits"][0]["id"] == "ar/police"


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/search?sort=random", "sort"),
        ("/api/v1/search?page=0", "page"),
        ("/api/v1/search?per_page=10000", "per_page"),
        ("/api/v1/search?page=abc", "page"),
        ("/api/v1/search?year=abc", "year"),
        ("/api/v1/search?q=" + "x" * 10_000, "q"),
        ("/api/v1/search?colour=red", "colour"),
        ("/api/v1/search?highlight=maybe", "highlight"),
        ("/api/v1/search?fields=id,secret", "fields"),
        ("/api/v1/search?sort=newest&sort=oldest", "sort"),
        ("/api/v1/facets?page=2", "page"),
        ("/api/v1/export.csv?per_page=5", "per_page"),
    ],
)
def test_bad_parameters_are_400_with_a_json_body(client, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["status"] == 400 and error["parameter"] == parameter and error["message"]


def test_article_facets_health(client):
    article = client.get("/api/v1/articles/ar/police").get_json()
    assert article["title"] == "مقتل شرطي طعنا بالسكين" and article["facets"]["city"][0]["id"] == "tetouan"
    assert client.get("/api/v1/articles/nothing-here").status_code == 404
    assert client.get("/api/v1/articles/../../etc/passwd").status_code == 404
    facets = client.get("/api/v1/facets?q=&labels=en").get_json()
    assert facets["total"] == 5 and "hits" not in facets
    health = client.get("/api/v1/health").get_json()
    assert health["status"] == "ok" and health["documents"] == 5 and health["built_at"]


def test_health_without_index(tmp_path):
    c = create_app({"INDEX_PATH": str(tmp_path / "none"), "TESTING": True}).test_client()
    assert c.get("/api/v1/health").get_json()["status"] == "no index"
    assert c.get("/api/v1/search?q=x").status_code == 503


def test_csv_export_has_bom_and_every_result(client):
    response = client.get("/api/v1/export.csv?q=&sort=newest")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff") and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["id"] for r in rows] == ["hs-1", "hs-2", "en-1", "reuters", "ar/police"]
    assert rows[0]["title"] == "توقيف شبكة لتهريب المخدرات بطنجة"


def test_export_round_trip_matches_paging(client):
    exported = [
        json.loads(line)["id"]
        for line in client.get("/api/v1/export.jsonl?q=الشرطة").get_data(as_text=True).splitlines()
    ]
    paged = []
    url = "/api/v1/search?q=الشرطة&per_page=1&fields=id"
    while url:
        data = client.get(url).get_json()
        paged += [h["id"] for h in data["hits"]]
        url = data["links"]["next"]
    assert exported == paged and len(paged) >= 2


def test_openapi_covers_every_route(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    documented = set(document["paths"])
    routes = {
        r.rule.replace("<path:article_id>", "{article_id}")
        for r in app.url_map.iter_rules()
        if r.rule.startswith("/api/v1")
    }
    assert routes == documented
    search_params = {p["name"] for p in document["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert {
        "q",
        "city",
        "agency",
        "year",
        "sort",
        "page",
        "per_page",
        "highlight",
        "fields",
        "labels",
    } <= search_params


def test_openapi_refuses_an_undocumented_route(app):
    app2 = create_app({"INDEX_PATH": app.config["INDEX_PATH"]})
    app2.add_url_rule("/api/v1/secret", "api.secret", lambda: "x")
    with pytest.raises(LookupError):
        with app2.app_context():
            openapi_document(app2)


def test_openapi_document_validates():
    validator = pytest.importorskip("openapi_spec_validator")
    app = create_app({"INDEX_PATH": "nowhere"})
    validator.validate(openapi_document(app))


def test_python_client_returns_the_same_objects(server_url, corpus_index):
    remote = Client(server_url)
    for kwargs in ({"city": ["tangier"]}, {"year": [2020]}, {}):
        local_result = corpus_index.search("الشرطة", **kwargs)
        remote_result = remote.search("الشرطة", **kwargs)
        assert type(remote_result) is type(local_result)
        assert [h.id for h in remote_result.hits] == [h.id for h in local_result.hits]
        assert remote_result.total == local_result.total
        assert remote_result.hits[0].snippet_html == local_result.hits[0].snippet_html
        assert [(v.id, v.count) for v in remote_result.facets["city"]] == [
            (v.id, v.count) for v in local_result.facets["city"]
        ]
    request = SearchRequest("", sort="newest")
    assert list(remote.iter_results(request)) == list(corpus_index.iter_results(request))
    assert remote.article("ar/police")["id"] == "ar/police"
    assert remote.article("missing") is None
    assert remote.health()["documents"] == 5


def test_client_reports_bad_requests(server_url):
    from search import BadRequest

    with pytest.raises(BadRequest, match="per_page"):
        Client(server_url).search("x", per_page=10_000)


def test_cli_formats(corpus_index, capsys):
    from search.cli import main

    assert main(["search", "--index", str(corpus_index.path), "--format", "jsonl", "--sort", "newest"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["hs-1", "hs-2", "en-1", "reuters", "ar/police"]
    assert (
        main(["search", "طنجة", "--index", str(corpus_index.path), "--format", "csv", "--year", "2020"]) == 0
    )
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["id"] for r in rows] == ["hs-1"]


def test_seed_search_through_api(seeds_index_path):
    c = create_app({"INDEX_PATH": str(seeds_index_path), "TESTING": True}).test_client()
    data = c.get("/api/v1/search?q=Nador cell").get_json()
    assert data["hits"][0]["id"] == SEED_NADOR and data["hits"][0]["why"][0]["id"] == "nador"


def test_country_filter_in_the_openapi_document():
    document = openapi_document(create_app({"INDEX_PATH": "nowhere"}))
    params = {p["name"] for p in document["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert "country" in params


def test_country_filter_in_the_api(client):
    data = client.get("/api/v1/search?country=Morocco&labels=ar").get_json()
    assert data["total"] >= 1
    assert {v["id"]: v for v in data["facets"]["country"]}["ma"]["label"] == "المغرب"
    assert client.get("/api/v1/search?country=المغرب").get_json()["total"] == data["total"]
