"""A client for the HTTP API that returns the same objects as the in-process `Index`.

    >>> from search.client import Client
    >>> r = Client("http://localhost:8000").search("خلايا ارهابية", city=["nador"])
    >>> r.total, r.hits[0].title, r.facets["city"][0].label_ar

Code written against `Index.open(path)` works against a server by swapping in `Client(url)`:
`search`, `run`, `article` and `iter_results` have the same signatures and results. Standard library
only (urllib).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode

from .searcher import BadRequest, IndexNotFound, SearchRequest, SearchResult


class ClientError(RuntimeError):
    """The server answered with an error other than a bad request."""


class Client:
    def __init__(self, base_url: str, timeout: float = 30.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    # --- transport ---------------------------------------------------------------------------------

    def _open(self, path: str, params: list[tuple[str, str]]) -> Any:
        url = f"{self.base_url}/api/v1{path}" + (f"?{urlencode(params)}" if params else "")
        try:
            return urllib.request.urlopen(url, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            try:
                message = json.loads(exc.read())["error"]["message"]
            except (ValueError, KeyError, TypeError):
                message = f"HTTP {exc.code}"
            if exc.code == 400:
                raise BadRequest(message) from None
            if exc.code == 503:
                raise IndexNotFound(message) from None
            raise ClientError(f"{exc.code}: {message}") from None

    def _get(self, path: str, params: list[tuple[str, str]] | None = None) -> Any:
        with self._open(path, params or []) as response:
            return json.loads(response.read())

    @staticmethod
    def _params(request: SearchRequest, with_paging: bool = True) -> list[tuple[str, str]]:
        params = [("q", request.query), ("sort", request.sort)]
        if with_paging:
            params += [
                ("page", str(request.page)),
                ("per_page", str(request.per_page)),
                ("highlight", "true" if request.highlight else "false"),
            ]
        for name, values in request.filters.items():
            params += [(name, str(v)) for v in values]
        if request.xlang != "auto":
            params.append(("xlang", request.xlang))
        params += [("xlang_drop", form) for form in request.xlang_removed]
        params += [(k, v) for k, v in (("from", request.date_from), ("to", request.date_to)) if v]
        if with_paging and request.collapse:
            params.append(("collapse", "true"))
        return params

    # --- the same surface as Index ---------------------------------------------------------------

    def run(self, request: SearchRequest) -> SearchResult:
        data = self._get("/search", self._params(request))
        data["took_ms"] = data.get("timing", {}).get("took_ms", 0.0)
        return SearchResult.from_dict(data)

    def search(
        self,
        query: str = "",
        *,
        sort: str = "relevance",
        page: int = 1,
        per_page: int = 20,
        highlight: bool = True,
        xlang: str = "auto",
        xlang_removed: list[str] | None = None,
        **filters: Any,
    ) -> SearchResult:
        """Same as `Index.search`: `Client(url).search("نيابة", city=["nador"], year=[2020])`."""
        return self.run(
            SearchRequest.of(query, sort, page, per_page, highlight, True, filters, xlang, xlang_removed)
        )

    def article(self, article_id: str, query: str = "") -> dict[str, Any] | None:
        try:
            return dict(
                self._get(f"/articles/{quote(article_id, safe='/:')}", [("q", query)] if query else [])
            )
        except ClientError as exc:
            if str(exc).startswith("404"):
                return None
            raise

    def iter_results(self, request: SearchRequest) -> Iterator[dict[str, Any]]:
        """Every result of the request, streamed from /export.jsonl, as `Index.iter_results` yields them."""
        with self._open("/export.jsonl", self._params(request, with_paging=False)) as response:
            for line in response:
                if line.strip():
                    yield json.loads(line)

    def health(self) -> dict[str, Any]:
        return dict(self._get("/health"))
