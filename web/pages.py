"""Pages and their JSON twins. Each view parses the request, calls the library, renders.

GET /search?q=…&city=nador&year=2020&sort=newest&page=2&ui=en   (HTML)
GET /search.json?…                                               (the same, as data)
GET /article/<id>   and   /article/<id>.json
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from flask import Blueprint, Response, current_app, jsonify, make_response, redirect, render_template, request
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from search import BadRequest, Index, IndexNotFound, SearchRequest, SearchResult
from search.facets import FacetValue
from search.highlight import segments_html
from search.schema import FACET_FIELDS
from search.searcher import SHOWN_FACETS
from search.translate import XLANG_MODES

from .i18n import DEFAULT_UI, UI_LANGS, more_on_story, t
from .timeline_chart import timeline_chart

pages = Blueprint("pages", __name__)

UI_COOKIE = "mirsad_ui"
STATE_KEYS = ("q", "sort", "page", "ui", "from", "to", "collapse", "xlang", "xlang_drop")


# --- helpers -------------------------------------------------------------------------------------


def get_index() -> Index:
    """The app's open index (opened on first use; a missing index is retried on every request)."""
    ix = current_app.extensions.get("mirsad.index")
    if ix is None:
        ix = Index.open(current_app.config["INDEX_PATH"])
        current_app.extensions["mirsad.index"] = ix
    return ix


def ui_lang() -> str:
    """The interface language: the URL first, then the remembered choice, then the browser's."""
    asked = request.args.get("ui")
    if asked in UI_LANGS:
        return asked
    remembered = request.cookies.get(UI_COOKIE)
    if remembered in UI_LANGS:
        return remembered
    best = request.accept_languages.best_match(UI_LANGS)
    return best or DEFAULT_UI


def wants_json(suffix: bool) -> bool:
    if suffix or request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return (
        best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def _int_arg(name: str, default: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number, not {raw[:40]!r}") from None


def search_request() -> SearchRequest:
    unknown = [k for k in request.args if k not in (*STATE_KEYS, *FACET_FIELDS, "per_page")]
    if unknown:
        raise BadRequest(f"unknown parameter {unknown[0][:40]!r}")
    filters = {name: request.args.getlist(name) for name in FACET_FIELDS if request.args.getlist(name)}
    return SearchRequest(
        query=request.args.get("q", ""),
        filters=filters,
        sort=request.args.get("sort", "relevance") or "relevance",
        page=_int_arg("page", 1),
        per_page=_int_arg("per_page", 20),
        xlang=request.args.get("xlang", "auto") or "auto",
        xlang_removed=[v[:100] for v in request.args.getlist("xlang_drop")][:64],
        date_from=request.args.get("from", ""),
        date_to=request.args.get("to", ""),
        collapse=request.args.get("collapse", "1").lower() not in ("0", "false", "no", "off"),
    ).validate()


def state_args(req: SearchRequest, lang: str) -> MultiDict[str, str]:
    """The URL parameters that reproduce a search (page left out: changing anything restarts at 1)."""
    args: MultiDict[str, str] = MultiDict()
    if req.query:
        args["q"] = req.query
    for name, values in req.filters.items():
        for value in values:
            args.add(name, value)
    if req.date_from:
        args["from"] = req.date_from
    if req.date_to:
        args["to"] = req.date_to
    if not req.collapse:
        args["collapse"] = "0"
    if req.sort != "relevance":
        args["sort"] = req.sort
    if req.per_page != 20:
        args["per_page"] = str(req.per_page)
    if req.xlang != "auto":
        args["xlang"] = req.xlang
    for form in req.xlang_removed:
        args.add("xlang_drop", form)
    args["ui"] = lang
    return args


def search_url(args: MultiDict[str, str], json: bool = False) -> str:
    query = urlencode(list(args.items(multi=True)))
    return ("/search.json" if json else "/search") + (f"?{query}" if query else "")


class FacetLinks:
    """Toggle URLs of one page's facet values: the page's URL with the value added, or removed if
    selected. Its parameters are encoded once, not once per value (a page shows a few hundred)."""

    def __init__(self, args: MultiDict[str, str]):
        self.pairs = [(k, v, urlencode([(k, v)])) for k, v in args.items(multi=True)]

    def toggle_url(self, name: str, value: str) -> str:
        if any(k == name and v == value for k, v, _ in self.pairs):
            parts = [e for k, v, e in self.pairs if not (k == name and v == value)]
        else:
            # A new value goes after the facet's other values (or last), as MultiDict orders them.
            last = max(
                (i for i, (k, _, _) in enumerate(self.pairs) if k == name), default=len(self.pairs) - 1
            )
            parts = [e for _, _, e in self.pairs]
            parts.insert(last + 1, urlencode([(name, value)]))
        return "/search" + (f"?{'&'.join(parts)}" if parts else "")

    def view(self, name: str, value: FacetValue, lang: str) -> dict[str, Any]:
        """Datasette-style facet value: data plus the URL that toggles it."""
        return {**value.to_dict(), "label": value.label(lang), "toggle_url": self.toggle_url(name, value.id)}


def unknown_values(ix: Index, req: SearchRequest) -> list[str]:
    state = ix.state()
    out = []
    for name, values in req.filters.items():
        known = set(state.columns(name).terms) | ({"unknown"} if name == "year" else set())
        for value in values:
            if ix.filter_value(name, value) not in known:
                out.append(f"{name}={value}")
    return out


def translation_view(result: SearchResult, args: MultiDict[str, str]) -> dict[str, Any]:
    """What the query was also searched as, each translation with the link that drops it (and each
    dropped one with the link that restores it), and the link that turns translation off or on."""
    view: dict[str, Any] = {"concepts": [], "removed": [], "untranslated": [], "mode": result.request.xlang}
    translation = result.translation
    if translation:
        for concept in translation["concepts"]:
            view["concepts"].append(
                {
                    **concept,
                    "alternatives": [
                        {**a, "drop_url": search_url(_adding(args, "xlang_drop", a["form"]))}
                        for a in concept["alternatives"]
                    ],
                }
            )
        view["untranslated"] = translation["untranslated"]
        view["targets"] = sorted({c["target"] for c in translation["concepts"]})
    for form in result.request.xlang_removed:
        restored = args.copy()
        restored.setlist("xlang_drop", [f for f in args.getlist("xlang_drop") if f != form])
        view["removed"].append({"form": form, "restore_url": search_url(restored)})
    switched = args.copy()
    switched.poplist("xlang_drop")
    switched["xlang"] = "off" if result.request.xlang != "off" else "on"
    view["switch_url"] = search_url(switched)
    return view


def _adding(args: MultiDict[str, str], key: str, value: str) -> MultiDict[str, str]:
    out = args.copy()
    out.add(key, value)
    return out


def result_view(result: SearchResult, lang: str, notices: list[str]) -> dict[str, Any]:
    req = result.request
    args = state_args(req, lang)
    links = FacetLinks(args)
    facets = {name: [links.view(name, v, lang) for v in result.facets.get(name, [])] for name in SHOWN_FACETS}
    selected = [
        {**links.view(name, v, lang), "facet": name}
        for name in SHOWN_FACETS
        for v in result.facets.get(name, [])
        if v.selected
    ]
    clear = args.copy()
    for name in FACET_FIELDS:
        clear.poplist(name)

    def page_url(page: int) -> str | None:
        if not 1 <= page <= result.pages:
            return None
        paged = args.copy()
        if page > 1:
            paged["page"] = str(page)
        return search_url(paged)

    hits = []
    for hit in result.hits:
        data = hit.to_dict()
        data["url_article"] = f"/article/{_quote(hit.id)}?" + _article_args(req.query, lang, req.xlang)
        data["more_on_story_url"] = (
            _story_url(hit.story, lang) if result.groups is not None and hit.story_size > 1 else None
        )
        data["more_on_story_text"] = more_on_story(lang, hit.story_size - 1)
        data["chips"] = [
            {**links.view(name, v, lang), "facet": name}
            for name in ("city", "agency")
            for v in hit.facets.get(name, [])
        ]
        hits.append(data)
    data = result.to_dict()
    data.update(
        hits=hits,
        facets=facets,
        selected=selected,
        clear_url=search_url(clear),
        next_url=page_url(req.page + 1),
        previous_url=page_url(req.page - 1),
        json_url=search_url(args, json=True),
        notices=notices,
        sort_urls={s: search_url(_with(args, "sort", s)) for s in ("relevance", "newest", "oldest")},
        translation_view=translation_view(result, args),
        **_dates_view(req, args),
    )
    return data


def _dates_view(req: SearchRequest, args: MultiDict[str, str]) -> dict[str, Any]:
    """The date form's values and hidden fields, and the search's Atom feed twin."""
    undated = args.copy()
    for key in ("from", "to"):
        undated.poplist(key)
    start, end = req.date_range().params()  # a month or a year as days, what <input type=date> shows
    return {
        "date_keep": [(k, v) for k, v in undated.items(multi=True) if k != "ui"],
        "date_from_value": start,
        "date_to_value": end,
        "dates_clear_url": search_url(undated),
        "atom_url": "/search.atom" + search_url(args)[len("/search") :],
    }


def _story_url(story: str | None, lang: str) -> str:
    """The articles of a story, oldest first."""
    return search_url(MultiDict([("story", story or ""), ("sort", "oldest"), ("ui", lang)]))


def _with(args: MultiDict[str, str], key: str, value: str) -> MultiDict[str, str]:
    out = args.copy()
    if key == "sort" and value == "relevance":
        out.poplist("sort")
    else:
        out[key] = value
    return out


def _quote(article_id: str) -> str:
    return quote(article_id, safe="/:")


def _article_args(query: str, lang: str, xlang: str = "auto") -> str:
    args = {"q": query, "ui": lang} if query else {"ui": lang}
    if query and xlang != "auto":
        args["xlang"] = xlang
    return urlencode(args)


def render(template: str, status: int = 200, **context: Any) -> Response:
    lang = context.setdefault("lang", ui_lang())
    context.setdefault("t", lambda key: t(lang, key))
    context.setdefault("other_ui", "en" if lang == "ar" else "ar")
    context.setdefault("ui_url", _ui_switch_url(context["other_ui"]))
    response = make_response(render_template(template, **context), status)
    if request.args.get("ui") in UI_LANGS:
        response.set_cookie(UI_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax")
    return response


def _ui_switch_url(other: str) -> str:
    args = request.args.copy()
    args["ui"] = other
    return request.path + "?" + urlencode(list(args.items(multi=True)))


def error(status: int, title_key: str, message: str, as_json: bool) -> Response:
    if as_json:
        response = jsonify({"error": {"status": status, "message": message}})
        response.status_code = status
        return response
    return render("error.html", status=status, title_key=title_key, message=message)


# --- views ---------------------------------------------------------------------------------------


@pages.route("/")
def home() -> Response:
    return redirect(search_url(request.args.copy()), code=302)  # type: ignore[return-value]


@pages.route("/search")
@pages.route("/search.json", endpoint="search_json")
def search() -> Response:
    as_json = wants_json(request.path.endswith(".json"))
    lang = ui_lang()
    try:
        ix = get_index()
        req = search_request()
        if not req.query.strip() and req.sort == "relevance":
            req.sort = "newest"  # the start page: the newest articles and the facets of the archive
        result = ix.run(req)
    except IndexNotFound:
        return error(503, "no_index", t(lang, "no_index_text"), as_json)
    except BadRequest as exc:
        return error(400, "bad_request", str(exc), as_json)
    notices = [f"{t(lang, 'unknown_value')}: {v}" for v in unknown_values(ix, req)] + result.notes
    view = result_view(result, lang, notices)
    if as_json:
        return jsonify(view)
    chart = timeline_chart(result.timeline, state_args(req, lang), lang)
    return render("search.html", r=view, chart=chart, doc_count=ix.doc_count, lang=lang)


@pages.route("/search.atom")
def search_atom() -> Response:
    """The search's Atom feed twin: its newest matching articles (web/feeds.py)."""
    from .feeds import ATOM_MIMETYPE, FEED_SIZE, atom_document

    lang = ui_lang()
    try:
        ix = get_index()
        req = search_request()
        if "per_page" not in request.args:
            req.per_page = FEED_SIZE
        body = atom_document(ix, req, request.host_url, lang, t(lang, "feed_title"))
    except IndexNotFound:
        return error(503, "no_index", t(lang, "no_index_text"), False)
    except BadRequest as exc:
        return error(400, "bad_request", str(exc), False)
    return Response(body, mimetype=ATOM_MIMETYPE)


@pages.route("/article/<path:article_id>")
def article(article_id: str) -> Response:
    as_json = wants_json(False)
    lang = ui_lang()
    try:
        ix = get_index()
    except IndexNotFound:
        return error(503, "no_index", t(lang, "no_index_text"), as_json)
    query = request.args.get("q", "")[:1000]
    xlang = request.args.get("xlang", "auto")
    if xlang not in XLANG_MODES:
        return error(400, "bad_request", f"unknown xlang {xlang[:20]!r}", as_json)
    found = ix.article(article_id, query, xlang=xlang)
    if found is None and article_id.endswith(".json"):
        as_json = True
        article_id = article_id[: -len(".json")]
        found = ix.article(article_id, query, xlang=xlang)
    if found is None:
        return error(404, "not_found", t(lang, "not_found_text"), as_json)
    back = state_args(SearchRequest(query=query), lang)
    facets = {
        name: [FacetLinks(back).view(name, v, lang) for v in values]
        for name, values in found["facets"].items()
    }
    similar = [
        {**h.to_dict(), "url_article": f"/article/{_quote(h.id)}?" + _article_args(query, lang)}
        for h in ix.similar(article_id)
    ]
    data = {
        key: found[key]
        for key in ("id", "title", "lang", "date", "year", "outlet", "author", "url", "dateline", "mentions")
    }
    data.update(facets=facets, similar=similar, back_url=search_url(back), body=found["body"])
    if as_json:
        return jsonify(data)
    title_html = Markup(segments_html(found["title_segments"]))
    paragraphs = [Markup(segments_html(p)) for p in found["paragraphs"]]
    return render("article.html", a=data, title_html=title_html, paragraphs=paragraphs, lang=lang)


@pages.app_errorhandler(404)
def not_found(_exc: Exception) -> Response:
    return error(404, "not_found", t(ui_lang(), "not_found_text"), wants_json(request.path.endswith(".json")))


@pages.app_errorhandler(413)
def too_large(_exc: Exception) -> Response:
    return error(413, "bad_request", "request too large", wants_json(False))


@pages.app_errorhandler(405)
def method_not_allowed(_exc: Exception) -> Response:
    return error(
        405, "bad_request", "method not allowed; the API and the pages answer GET", wants_json(False)
    )


@pages.app_errorhandler(500)
def server_error(_exc: Exception) -> Response:
    return error(500, "bad_request", "internal error; the request was logged", wants_json(False))
