"""The indexing pipeline of issue 15: one-pass analysis, the segment writer, and worker processes.

Each fast path is checked against the slow one it replaces, on real text: the same terms and
positions as the Whoosh chains, the same segment files as Whoosh's writer, the same index from
two worker processes as from one.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from pathlib import Path

import pytest
from conftest import SEED_FOLDER, SEEDS
from whoosh import index as whoosh_index

from search import Index, build_index
from search.analysis.french import mark_french
from search.analysis.oneshot import analyse_fields
from search.clean import clean
from search.parallel import WorkerFailed
from search.prepare import Prepared, analysed, prepare
from search.read import ReadReport, iter_corpus
from search.schema import SCHEMA
from search.segment_writer import SegmentWriter

HARD_LINES = [
    ("أَعْلَنَت الشرطة", "الإرهـــاب والتي وبالمغرب خلايا خلية ٢٠١٥ في الناظور"),
    ("l'armée à Nador", "Les autorités ont démantelé une cellule près d'Oujda, l’armée"),
    ("Nador cell: خلايا ارهابية", "Police in Nador (الناظور) arrested 3 suspects; والي الجهة ـــ"),
    ("", "مدرسة مدرسه إسلام اسلام آمن أمن مستشفى مستشفي"),
    ("عنوان", "x" * 80 + " كلمة " + "\u200f\u0640\u0640 " + "اهتماماً"),
]


def _chain_postings(name: str, title: str, body: str, french: bool) -> list:
    marked = (mark_french(title), mark_french(body)) if french else (title, body)
    text = {"title": marked[0], "body": marked[1], "exact": title + "\n" + body}[name]
    return sorted(SCHEMA[name].index(text))


@pytest.mark.parametrize("french", [False, True])
def test_one_pass_gives_the_chains_terms_and_positions(french):
    texts = list(HARD_LINES)
    for raw in iter_corpus(SEED_FOLDER, ReadReport()):
        article = clean(raw)
        texts.append((article.title, article.body))
    assert len(texts) > 40
    for title, body in texts:
        fast = analyse_fields(title, body, french)
        for name in ("title", "body", "exact"):
            assert sorted(SCHEMA[name].index(fast[name])) == _chain_postings(name, title, body, french), (
                name,
                title,
            )


def test_one_pass_positions_follow_the_chains():
    # كان is a stopword (no position in the renumbered title), ـــ is dropped by the mark filter
    # (a gap in `exact`), والتي stems to nothing after the stopwords (a gap in the title).
    fields = analyse_fields("مهرجان كان : مجد والتي يفوز", "ـــ خلايا", False)
    title = {
        t.decode(): SCHEMA["title"].format.decode_positions(v) for t, _, _, v in fields["title"].postings
    }
    exact = {
        t.decode(): SCHEMA["exact"].format.decode_positions(v) for t, _, _, v in fields["exact"].postings
    }
    assert title == {"مهرجان": [0], "مجد": [1], "يفوز": [3]}
    assert exact["يفوز"] == [4] and exact["خلايا"] == [6]  # 5: the tatweel-only word


def _segment_files(folder: Path) -> dict[str, str]:
    return {
        p.suffix: hashlib.sha1(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.suffix in (".trm", ".pst", ".col", ".seg") or p.name.endswith(".sto")
    }


def _seed_documents() -> list[dict]:
    """The first 300 records of the seeds as the writer takes them (prepared and analysed)."""
    items = (prepare(raw) for raw in itertools.islice(iter_corpus(SEED_FOLDER, ReadReport()), 300))
    return [analysed(item.doc) for item in items if isinstance(item, Prepared)]


@pytest.mark.parametrize("spill", [False, True])  # True: postings spill to runs on disk, merged back
def test_segment_writer_writes_what_whoosh_writes(tmp_path, spill):
    docs = _seed_documents()
    files = []
    for name in ("whoosh", "mirsad"):
        folder = tmp_path / name
        folder.mkdir()
        ix = whoosh_index.create_in(str(folder), SCHEMA)
        if name == "whoosh":
            writer = ix.writer(limitmb=256, compound=False)
        else:
            writer = SegmentWriter(ix, limitmb=256, compound=False, inline=0)
            if spill:
                writer.pool.limit = 300_000  # a few hundred kilobytes: several runs
        for doc in docs:
            writer.add_document(**doc)
        if name == "mirsad":
            assert bool(writer.pool.runs) == spill
        writer.commit(optimize=False)
        files.append(_segment_files(folder))
    assert files[0] and files[0] == files[1]


def _all_postings(folder: Path) -> dict:
    """Every term of every field with its postings: (document, weight, encoded value or None).

    A valueless posting reads as None from a block and "" from a term-table entry (Whoosh's two
    matchers): both mean no value."""
    out = {}
    with whoosh_index.open_dir(str(folder)).reader() as reader:
        for field, term in reader.all_terms():
            matcher = reader.postings(field, term)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value() or None))
                matcher.next()
            out[(field, term)] = (postings, reader.doc_frequency(field, term), reader.frequency(field, term))
    return out


def test_rare_terms_kept_in_the_term_table_read_back_as_whoosh_wrote_them(tmp_path):
    """Inlined postings (terms of at most 3 postings): the same documents, weights and positions
    as Whoosh's blocks, the same statistics, and phrases and ranking find the same articles."""
    docs = _seed_documents()
    postings = []
    for name, inline in (("blocks", 0), ("inline", 3)):
        folder = tmp_path / name
        folder.mkdir()
        writer = SegmentWriter(whoosh_index.create_in(str(folder), SCHEMA), compound=False, inline=inline)
        for doc in docs:
            writer.add_document(**doc)
        writer.commit(optimize=False)
        postings.append(_all_postings(folder))
    blocks, inlined = postings
    assert blocks == inlined
    assert sum(1 for p, _, _ in blocks.values() if len(p) <= 3) > len(blocks) / 3  # many were inlined
    assert _segment_files(tmp_path / "blocks")[".trm"] != _segment_files(tmp_path / "inline")[".trm"]
    for query in ('"المديرية العامة"', "خلايا ارهابية الناظور", "police"):
        found = [
            [(h.id, round(h.score, 6)) for h in Index(tmp_path / name).search(query).hits]
            for name in ("blocks", "inline")
        ]
        assert found[0] == found[1] and found[0]  # the same articles, the same scores


def _index_contents(path: Path) -> tuple[dict, dict]:
    with whoosh_index.open_dir(str(path)).searcher() as searcher:
        stored = {d["id"]: d for d in searcher.all_stored_fields()}
        reader = searcher.reader()
        postings = {}
        for field in ("title", "body", "exact", "city", "story"):
            for term in reader.field_terms(field):
                matcher = reader.postings(field, term)
                ids = []
                while matcher.is_active():
                    ids.append((searcher.stored_fields(matcher.id())["id"], matcher.weight()))
                    matcher.next()
                postings[(field, term)] = sorted(ids)
    return stored, postings


def _corpus_with_duplicates(folder: Path) -> Path:
    """The seeds and the demo archive, plus a JSONL file of 200 records: repeats, empty bodies,
    and an id used twice, so that several batches go to each worker."""
    corpus = folder / "corpus"
    for source in SEED_FOLDER.rglob("*"):
        if source.is_file():
            target = corpus / source.relative_to(SEED_FOLDER)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    lines = []
    for n in range(200):
        text = f"خبر رقم {n % 150} عن خلايا ارهابية في الناظور" if n % 17 else ""
        lines.append({"id": f"gen-{n if n != 199 else 3}", "title": f"عنوان {n}", "text": text})
    (corpus / "generated.jsonl").write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines))
    return corpus


def test_two_workers_build_the_index_one_process_builds(tmp_path):
    corpus = _corpus_with_duplicates(tmp_path)
    one = build_index(corpus, tmp_path / "one", procs=1)
    two = build_index(corpus, tmp_path / "two", procs=2)
    assert one.indexed == two.indexed > 150
    assert one.duplicates == two.duplicates >= 50
    assert [str(p) for p in one.skipped] == [str(p) for p in two.skipped] and one.skipped
    stored_one, postings_one = _index_contents(tmp_path / "one")
    stored_two, postings_two = _index_contents(tmp_path / "two")
    assert stored_one == stored_two
    assert postings_one == postings_two
    with whoosh_index.open_dir(str(tmp_path / "two")).reader() as reader:
        assert len(reader.leaf_readers()) == 2  # one segment per worker


def _ids(path: Path) -> list[str]:
    with whoosh_index.open_dir(str(path)).searcher() as searcher:
        return sorted(d["id"] for d in searcher.all_stored_fields())


def test_a_failing_worker_fails_the_build_and_keeps_the_index(tmp_path, monkeypatch):
    corpus = _corpus_with_duplicates(tmp_path)
    build_index(SEEDS, tmp_path / "ix")
    before = _ids(tmp_path / "ix")
    import search.prepare as prepare_module

    def failing(article, *args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(prepare_module, "extract", failing)  # the workers are forked: they inherit it
    with pytest.raises(WorkerFailed, match="No space left"):
        build_index(corpus, tmp_path / "ix", procs=2)
    assert _ids(tmp_path / "ix") == before
    assert len(list((tmp_path / ".ix.builds").iterdir())) == 1


def test_update_links_the_previous_build_and_reuses_its_story_state(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in SEEDS.iterdir():
        (corpus / seed.name).write_bytes(seed.read_bytes())
    target = tmp_path / "ix"
    build_index(corpus, target)
    first = target.resolve()
    manifest_before = (first / "manifest.json").read_text("utf-8")
    assert (first / "stories.pickle").exists()
    from search.stories import StoryAssigner

    def not_again(*args):
        raise AssertionError("the saved story state should be loaded, not recomputed from the index")

    monkeypatch.setattr(StoryAssigner, "from_searcher", classmethod(not_again))
    seed = sorted(SEEDS.iterdir())[0]
    (corpus / "copy.txt").write_text(seed.read_text("utf-8") + "\nتحديث: أضيفت فقرة جديدة.", "utf-8")
    report = build_index(corpus, target, update=True)
    assert report.indexed == 1
    second = target.resolve()
    assert second != first
    # The previous build is untouched (its readers keep working), and the segments are shared.
    assert (first / "manifest.json").read_text("utf-8") == manifest_before
    shared = [p for p in first.iterdir() if p.suffix in (".trm", ".pst") and (second / p.name).exists()]
    assert shared and all((second / p.name).stat().st_ino == p.stat().st_ino for p in shared)
    with whoosh_index.open_dir(str(second)).searcher() as searcher:
        stories = {d["id"]: d.get("story") for d in searcher.all_stored_fields()}
    # The near-copy joins the story of the article it repeats.
    copy_story = [s for i, s in stories.items() if "copy" in i]
    assert copy_story and copy_story[0] in {s for i, s in stories.items() if "copy" not in i}


def test_the_coarse_table_is_saved_with_the_build_and_loaded_by_the_searcher(tmp_path, monkeypatch):
    from search import Index, coarse

    build_index(SEEDS, tmp_path / "ix")
    saved = coarse.CoarseTable.load((tmp_path / "ix").resolve() / coarse.TABLE_FILE)
    assert saved is not None and len(saved) > 100

    def not_at_query_time(*args):
        raise AssertionError("the table saved with the build should be loaded")

    monkeypatch.setattr(coarse.CoarseTable, "from_reader", classmethod(not_at_query_time))
    assert Index.open(tmp_path / "ix").search("الناظور").total > 0


def test_facet_columns_read_per_segment_leave_deleted_articles_out(tmp_path):
    from search.facets import FacetColumns

    corpus = _corpus_with_duplicates(tmp_path)
    build_index(corpus, tmp_path / "ix", procs=2)  # two segments
    (corpus / "generated.jsonl").unlink()  # its articles are deleted by the update
    build_index(corpus, tmp_path / "ix", update=True)
    ix = whoosh_index.open_dir(str(tmp_path / "ix"))
    with ix.reader() as reader:
        assert reader.has_deletions() and len(reader.leaf_readers()) >= 2
        alive = set(reader.all_doc_ids())
        for field in ("story", "city", "lang"):
            columns = FacetColumns.build(reader, field, reader.doc_count_all())
            for term, ids in columns.postings.items():
                expected = {
                    d for d in alive if term in str(reader.stored_fields(d).get(field, "")).split(",")
                }
                assert set(ids.tolist()) == expected, (field, term)


def test_a_small_result_set_is_counted_as_the_whole_archive_s_pairs_count_it(tmp_path, monkeypatch):
    """Facet counts through the by-document layout (small result sets) equal the counts over every
    (document, value) pair, for one-valued and many-valued facets, empty and full masks."""
    import numpy as np

    import search.facets as facets

    build_index(_corpus_with_duplicates(tmp_path), tmp_path / "ix", procs=2)
    rng = np.random.default_rng(5)
    with whoosh_index.open_dir(str(tmp_path / "ix")).reader() as reader:
        size = reader.doc_count_all()
        masks = [np.zeros(size, bool), np.ones(size, bool)] + [rng.random(size) < p for p in (0.01, 0.1, 0.2)]
        for field in ("city", "agency", "lang", "year", "story"):
            columns = facets.FacetColumns.build(reader, field, size)
            monkeypatch.setattr(facets, "SPARSE_FROM", 10**9)  # every pair looked at
            dense = [columns.count(mask) for mask in masks]
            monkeypatch.setattr(facets, "SPARSE_FROM", 0)  # by document whenever the mask is small
            sparse = [columns.count(mask) for mask in masks]
            assert [d.tolist() for d in dense] == [c.tolist() for c in sparse], field
            assert any(d.sum() for d in dense[2:])


def test_a_worker_killed_from_outside_fails_the_build(tmp_path, monkeypatch):
    import os
    import signal

    import search.prepare as prepare_module

    corpus = _corpus_with_duplicates(tmp_path)

    def killed(article, *args):
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would

    monkeypatch.setattr(prepare_module, "extract", killed)
    with pytest.raises(WorkerFailed, match="died"):
        build_index(corpus, tmp_path / "ix", procs=2)


def test_bulk_segment_reads_equal_whoosh_s_one_at_a_time_reads(tmp_path):
    """field_lengths, term_documents and numeric_column (the first search's bulk reads) give what
    Whoosh's own calls give, on segments written by the build (inlined, one-block and longer terms,
    undated articles)."""
    import numpy as np

    from search.segment_reading import field_lengths, numeric_column, term_documents

    corpus = _corpus_with_duplicates(tmp_path)
    build_index(corpus, tmp_path / "ix", procs=2)
    kinds = set()
    with whoosh_index.open_dir(str(tmp_path / "ix")).reader() as reader:
        for leaf, _ in reader.leaf_readers():
            for field in ("title", "body", "exact", "author", "city"):
                expected = [leaf.doc_field_length(d, field, 0) or 0 for d in range(leaf.doc_count_all())]
                assert field_lengths(leaf, field).tolist() == expected
            for field in ("story", "city", "year", "body"):
                for raw, info in leaf.iter_field(field):
                    found = term_documents(leaf, field, raw, info).tolist()
                    assert found == list(leaf.postings(field, raw).all_ids())
                    kinds |= {min(info.doc_frequency(), 4), "inlined" if info.is_inlined() else "block"}
            dates = leaf.column_reader("published", translate=False)
            count = leaf.doc_count_all()
            expected_dates = np.fromiter(dates, dtype=np.uint64, count=count)
            assert numeric_column(leaf, dates, count).tolist() == expected_dates.tolist()
    assert kinds >= {1, 2, 3, 4, "inlined", "block"}
