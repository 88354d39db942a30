"""The `mirsad` command: thin, but its output and exit codes are what scripts rely on."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SEED_NADOR, SEEDS

from search.cli import EXIT_FAILURE, EXIT_OK, EXIT_PARTIAL, main
from search.settings import SETTINGS


def test_index_search_status(tmp_path, capsys):
    index = str(tmp_path / "ix")
    assert main(["index", str(SEEDS), "--index", index, "--quiet"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "indexed 2 articles" in out and "duplicates 0" in out

    assert main(["search", "خلايا", "ارهابية", "الناظور", "--index", index]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("2 results")
    assert SEED_NADOR in out and "«الناظور»" in out

    assert main(["search", "مليلية", "--index", index, "--json", "--city", "Rabat"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 1 and data["hits"][0]["id"] == SEED_NADOR
    cities = {v["id"]: v for v in data["facets"]["city"]}
    assert cities["rabat"] == {
        "id": "rabat",
        "label_en": "Rabat",
        "label_ar": "الرباط",
        "count": 1,
        "selected": True,
    }

    assert main(["search", "--index", index, "--json", "--country", "إسبانيا"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 2 and {v["id"] for v in data["facets"]["country"]} == {"es", "ma"}

    assert main(["status", "--index", index]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["indexed"] == 2


def test_partial_and_failed_runs_have_their_exit_codes(tmp_path, capsys):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "ok.txt").write_text("عنوان\nنص", encoding="utf-8")
    (tmp_path / "c" / "bad.jsonl").write_text("{oops\n", encoding="utf-8")
    assert main(["index", str(tmp_path / "c"), "--index", str(tmp_path / "ix"), "--quiet"]) == EXIT_PARTIAL
    assert "bad.jsonl:1: malformed JSON" in capsys.readouterr().out
    (tmp_path / "empty").mkdir()
    assert (
        main(["index", str(tmp_path / "empty"), "--index", str(tmp_path / "ix2"), "--quiet"]) == EXIT_FAILURE
    )


def test_search_errors_are_messages(tmp_path, capsys):
    assert main(["search", "x", "--index", str(tmp_path / "none")]) == EXIT_FAILURE
    assert "no index" in capsys.readouterr().err


def test_extract_shows_surface_forms_and_positions(capsys):
    assert main(["extract", str(SEEDS / "003_f07691009bce3612.txt")]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert "rabat" in data["cities"]
    mention = next(m for m in data["mentions"] if m["id"] == "rabat")
    assert mention["surface"] == "الرباط" and mention["start"] == 0
    assert mention["source"] == "listed" and mention["country"] == "MA"  # which kind of place
    assert data["countries"] == ["ma", "es"]
    assert data["years_mentioned"] == [2019, 2002, 2021]


def test_readme_documents_every_setting_with_its_default():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for s in SETTINGS.values():
        row = next(
            (line for line in readme.splitlines() if line.startswith(f"| {s.name} | `{s.env}` |")), None
        )
        assert row is not None, s.name
        if s.name != "workers":  # its default depends on the machine's cores
            assert row.split("|")[3].strip() == f"`{s.default}`"


def test_index_procs_and_cross_language_options(tmp_path, capsys):
    index = str(tmp_path / "ix")
    # Two analysing processes on a small input give the same articles as one.
    assert main(["index", str(SEEDS), "--index", index, "--quiet", "--procs", "2"]) == EXIT_OK
    assert "indexed 2 articles" in capsys.readouterr().out
    assert main(["search", "Nador", "terrorist", "cell", "--index", index]) == EXIT_OK
    out = capsys.readouterr().out
    assert "also searched: terrorist cell → خلية إرهابية (news)" in out
    assert out.splitlines()[0].startswith("2 results")
    argv = ["search", "Nador", "terrorist", "cell", "--index", index, "--json"]
    assert main([*argv, "--xlang", "off"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["translation"] is None
    assert main([*argv, "--xlang-drop", "خلية إرهابية"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["translation"]["removed"] == ["خلية إرهابية"]
