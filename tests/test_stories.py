"""Same-story ids: the assigner (pure), the index field, collapsing on the page and the API, --update."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from search import Index, build_index
from search.stories import StoryAssigner, content_words, story_id
from web import create_app

P1 = (
    "أعلنت المديرية العامة لمراقبة التراب الوطني، اليوم الخميس، عن تفكيك خلية إرهابية تتكون من خمسة "
    "عناصر تنشط بمدينة طنجة، وذلك في إطار الجهود المتواصلة لمكافحة التهديدات الإرهابية."
)
P2 = (
    "وأوضح بلاغ للمكتب المركزي للأبحاث القضائية أن عمليات التفتيش أسفرت عن حجز 3 أسلحة بيضاء و12 "
    "هاتفا محمولا ومبلغ 20000 درهم، إضافة إلى وثائق تحريضية تمجد الفكر المتطرف."
)
P3 = (
    "وقد تم الاحتفاظ بالمشتبه فيهم تحت تدبير الحراسة النظرية رهن إشارة البحث القضائي "
    "الذي يشرف عليه النيابة العامة المختصة."
)
EN = [
    "The General Directorate for Territorial Surveillance announced on Thursday that it had dismantled a "
    "terrorist cell of five members active in the city of Tangier, as part of continuing efforts.",
    "A statement from the Central Bureau of Judicial Investigation said the searches led to the seizure "
    "of 3 knives, 12 mobile phones and 20000 dirhams, as well as documents glorifying extremism.",
    "The suspects were placed in police custody for the judicial investigation "
    "supervised by the prosecution.",
]
FOLLOW = (
    "قررت النيابة العامة المختصة متابعة عناصر الخلية الإرهابية التي تم تفكيكها بمدينة طنجة، بعد انتهاء "
    "الحراسة النظرية، وأحالت المشتبه فيهم الخمسة على قاضي التحقيق المكلف بقضايا الإرهاب بعد حجز أسلحة "
    "بيضاء وهواتف ووثائق تحريضية تمجد الفكر المتطرف خلال عمليات التفتيش."
)
OTHER = (
    "افتتح مهرجان طنجة الدولي للفيلم دورته الجديدة بمشاركة أفلام من عشرين بلدا، وسط حضور جماهيري كبير "
    "في قاعات المدينة التي تحتضن عروض المسابقة الرسمية والندوات الموازية."
)


def record(
    article_id: str, title: str, text: str, day: str, outlet: str = "Hespress (Morocco)", lang: str = "ar"
):
    return {
        "id": article_id,
        "title": title,
        "date_iso": f"{day}T10:00:00",
        "outlet": outlet,
        "lang": lang,
        "text": text,
    }


ARTICLES = [
    record("st-1", "تفكيك خلية إرهابية بطنجة", "\n".join([P1, P2, P3]), "2020-09-10"),
    # the same wire copy in another outlet, a few words changed
    record(
        "st-2",
        "تفكيك خلية إرهابــية في طنجة",
        "\n".join([P1.replace("اليوم الخميس", "الخميس"), P2, P3]),
        "2020-09-10",
        "Le360",
    ),
    record("st-3", "متابعة عناصر خلية طنجة", FOLLOW, "2020-09-12"),  # a follow-up two days later
    record("st-4", "مهرجان طنجة للفيلم", OTHER, "2020-09-11"),  # same city and days, another story
    record(
        "st-5", "Terrorist cell dismantled in Tangier", "\n".join(EN), "2020-09-10", lang="en"
    ),  # translation
]


def test_assigner_links_near_duplicates_follow_ups_and_translations():
    stories = StoryAssigner()
    got = {}
    for a in ARTICLES:
        entities = ["city:tangier"]
        got[a["id"]] = stories.assign(
            a["id"],
            a["title"],
            a["text"],
            datetime.fromisoformat(a["date_iso"]),
            a["lang"],
            a["outlet"],
            entities,
        )
    assert got["st-1"] == story_id("st-1") == got["st-2"] == got["st-3"] == got["st-5"]
    assert got["st-4"] == story_id("st-4")


def test_follow_up_needs_close_dates_and_a_shared_entity():
    for day, entities in (
        (datetime(2020, 10, 20), ["city:tangier"]),
        (datetime(2020, 9, 12), ["city:rabat"]),
    ):
        stories = StoryAssigner()
        stories.assign("a", "", "\n".join([P1, P2, P3]), datetime(2020, 9, 10), "ar", "x", ["city:tangier"])
        assert stories.assign("b", "", FOLLOW, day, "ar", "x", entities) == story_id("b")


ARREST = "\n".join([P1.replace("خمسة عناصر", "خمسة عناصر بينهم الملقب أبو زكريا الحمداوي"), P2, P3])
TRIAL = (  # the next development, in other words: only the names and a few words are shared
    "مثل عناصر الخلية الإرهابية الخمسة، وبينهم الملقب أبو زكريا الحمداوي، أمام هيئة الحكم بمدينة طنجة "
    "التي قررت تأجيل النظر في الملف إلى الأسبوع المقبل بطلب من الدفاع، فيما طالبت عائلات المعتقلين بالزيارة."
)


def test_a_close_follow_up_in_other_words_needs_rare_shared_words_and_the_next_day():
    def story_of_trial(
        arrest: str, day: datetime, lang: str = "ar", shared: tuple[str, ...] = ("city:tangier",)
    ) -> str:
        stories = StoryAssigner()
        stories.assign("arrest", "", arrest, datetime(2020, 9, 10), "ar", "x", ["city:rabat", *shared])
        return stories.assign("trial", "", TRIAL, day, lang, "y", ["city:sale", *shared])

    # a word Jaccard of about 0.13 (far below FOLLOW_UP), a band of rare words (the suspect's name)
    assert story_of_trial(ARREST, datetime(2020, 9, 11)) == story_id("arrest")
    assert story_of_trial(ARREST, datetime(2020, 9, 12)) == story_id("trial")  # two days: too far
    assert story_of_trial(ARREST, datetime(2020, 9, 11), "en") == story_id("trial")  # another language
    # an agency alone is not enough (the prosecution is in every crime report): a place must be shared
    assert story_of_trial(ARREST, datetime(2020, 9, 11), shared=("agency:ma_prosecution",)) == story_id(
        "trial"
    )
    # without the name the two share only the beat's words: no link
    assert story_of_trial("\n".join([P1, P2, P3]), datetime(2020, 9, 11)) == story_id("trial")


def test_content_words_normalise_and_drop_stopwords():
    assert content_words("وأَعْلَنَت الشرطة في الإرهـــاب ٢٠١٥") == ["واعلنت", "شرطه", "ارهاب"]


@pytest.fixture(scope="module")
def story_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("stories")
    (folder / "a.jsonl").write_text(
        "\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES) + "\n", "utf-8"
    )
    path = tmp_path_factory.mktemp("ix") / "stories"
    build_index(folder, path)
    return folder, path


def test_index_stores_the_story(story_corpus):
    with Index.open(story_corpus[1]) as ix:
        hits = {h.id: h for h in ix.search("طنجة", per_page=10).hits}
        assert hits["st-2"].story == hits["st-1"].story == story_id("st-1") and hits["st-1"].story_size == 4
        assert hits["st-4"].story_size == 1
        collapsed = ix.run(ix_request("طنجة", collapse=True))
        # one line per story, language and day: the Arabic story of the 10th (st-1 and its wire copy
        # st-2), its follow-up of the 12th (another event: not hidden), the festival, the English
        # translation
        assert collapsed.total == 5 and collapsed.groups == 4 and len(collapsed.hits) == 4
        assert sorted(h.lang for h in collapsed.hits) == ["ar", "ar", "ar", "en"]
        assert "st-3" in ids(collapsed) and len({"st-1", "st-2"} & set(ids(collapsed))) == 1
        assert ids(ix.search(f"story:{story_id('st-1')}", sort="oldest")) == ["st-1", "st-2", "st-5", "st-3"]


def ix_request(query: str, **kwargs):
    from search import SearchRequest

    return SearchRequest(query=query, **kwargs)


def ids(result):
    return [h.id for h in result.hits]


def test_page_collapses_with_more_on_this_story(story_corpus):
    client = create_app({"INDEX_PATH": str(story_corpus[1]), "TESTING": True}).test_client()
    page = client.get("/search?q=خلية طنجة&ui=en").get_data(as_text=True)
    assert page.count('class="hit"') == 4 and page.count("4 more on this story") == 0
    # the story's Arabic line of the 10th, its follow-up of the 12th and its English line
    assert page.count("3 more on this story") == 3
    link = f"/search?story={story_id('st-1')}&amp;sort=oldest&amp;ui=en"
    assert link in page
    story_page = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert story_page.count('class="hit"') == 4 and "more on this story" not in story_page
    assert client.get("/search?q=خلية طنجة&ui=en&collapse=0").get_data(as_text=True).count('class="hit"') == 5
    # the API does not collapse unless asked
    data = client.get("/api/v1/search?q=خلية طنجة").get_json()
    assert len(data["hits"]) == 5 and data["groups"] is None and data["hits"][0]["story_size"] >= 1
    data = client.get("/api/v1/search?q=خلية طنجة&collapse=true").get_json()
    assert len(data["hits"]) == 4 and data["groups"] == 4
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/api/v1/export.csv?q=طنجة").get_data(as_text=True).lstrip("\ufeff"))
        )
    )
    assert {r["id"]: r["story_size"] for r in rows}["st-4"] == "1" and all(
        r["story"].startswith("s-") for r in rows
    )


def test_update_keeps_story_ids_and_joins_new_articles(story_corpus, tmp_path):
    folder, _ = story_corpus
    copy = tmp_path / "corpus"
    copy.mkdir()
    (copy / "a.jsonl").write_text((folder / "a.jsonl").read_text("utf-8"), "utf-8")
    path = tmp_path / "ix"
    build_index(copy, path)
    with Index.open(path) as ix:
        before = {h.id: h.story for h in ix.search("", per_page=50).hits}
    late = record("st-6", "إحالة خلية طنجة على قاضي التحقيق", FOLLOW.replace("قررت", "وقررت"), "2020-09-13")
    (copy / "b.jsonl").write_text(json.dumps(late, ensure_ascii=False) + "\n", "utf-8")
    build_index(copy, path, update=True)
    with Index.open(path) as ix:
        after = {h.id: h.story for h in ix.search("", per_page=50).hits}
    assert {k: after[k] for k in before} == before
    assert after["st-6"] == before["st-1"]


def test_an_index_built_before_stories_still_searches_and_updates(tmp_path, monkeypatch):
    from whoosh.fields import Schema

    from search import SearchRequest, indexer, schema

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text(json.dumps(ARTICLES[0], ensure_ascii=False) + "\n", "utf-8")
    with monkeypatch.context() as patch:  # the schema of a build made before issue 14
        patch.setattr(indexer, "SCHEMA", Schema(**{n: f for n, f in schema.SCHEMA.items() if n != "story"}))
        patch.setattr(indexer, "ASSIGN_STORIES", False)
        build_index(corpus, tmp_path / "ix")
    with Index.open(tmp_path / "ix") as ix:
        result = ix.run(SearchRequest(query="طنجة", collapse=True))
        assert result.total == 1 and result.hits[0].story is None and result.hits[0].story_size == 1
        assert ix.search("", story=["s-000000000000"]).total == 0
    (corpus / "b.jsonl").write_text(json.dumps(ARTICLES[3], ensure_ascii=False) + "\n", "utf-8")
    assert build_index(corpus, tmp_path / "ix", update=True).indexed == 1


def test_cli_collapses_and_shows_the_story_and_the_timeline(story_corpus, capsys):
    from search.cli import main

    assert main(["search", "خلية طنجة", "--collapse", "--index", str(story_corpus[1])]) == 0
    out = capsys.readouterr().out
    assert out.startswith("5 results in 4 lines")
    assert out.count(f"3 more on this story: --story {story_id('st-1')} --sort oldest") == 3
    assert "timeline (by day, undated 0): 2020-09-10 3, 2020-09-11 1, 2020-09-12 1" in out
    assert main(["search", "خلية طنجة", "--index", str(story_corpus[1])]) == 0
    out = capsys.readouterr().out
    assert out.startswith("5 results (") and "more on this story" not in out


def test_more_on_this_story_agrees_with_its_number_in_arabic(story_corpus):
    from web.i18n import more_on_story

    assert [more_on_story("ar", n).split(" عن ")[0] for n in (1, 2, 3, 10, 11, 99, 100, 103, 111)] == [
        "مقال آخر",
        "مقالان آخران",
        "3 مقالات أخرى",
        "10 مقالات أخرى",
        "11 مقالا آخر",
        "99 مقالا آخر",
        "100 مقال آخر",
        "103 مقالات أخرى",
        "111 مقالا آخر",
    ]
    assert more_on_story("en", 1) == "1 more on this story"
    client = create_app({"INDEX_PATH": str(story_corpus[1]), "TESTING": True}).test_client()
    page = client.get("/search?q=خلية طنجة&ui=ar").get_data(as_text=True)
    assert page.count("3 مقالات أخرى عن هذا الخبر") == 3


def test_buckets_keep_each_key_s_members_in_order_across_merges():
    """The compact LSH buckets answer as a dict of lists would, before and after merging."""
    from search.stories import _Buckets

    rng = np.random.default_rng(7)
    buckets, reference = _Buckets(), {}
    buckets.MERGE = 50  # merge often: most lookups read both the sorted arrays and the recent dict
    for index in range(400):
        keys = rng.integers(0, 60, 4).astype(np.uint64)  # few keys: many members each, repeated keys
        buckets.add(keys, index)
        for key in keys.tolist():
            reference.setdefault(key, []).append(index)
        probe = np.array([0, 7, 59, 1000], dtype=np.uint64)
        got = buckets.lookup(probe)
        assert [m.tolist() for m in got] == [reference.get(k, []) for k in probe.tolist()]
    assert len(buckets.keys) > 0 and buckets.recent  # both parts were in use


def test_a_saved_assigner_of_an_older_layout_is_not_loaded(tmp_path, monkeypatch):
    """stories.pickle from before the compact layout: `--update` rebuilds the assigner instead."""
    import pickle

    old = StoryAssigner()
    old.__dict__ = {"known": [], "word_buckets": {}}  # dicts of lists, as an older Mirsad saved it
    path = tmp_path / "stories.pickle"
    with monkeypatch.context() as patch:
        patch.setattr(StoryAssigner, "__getstate__", lambda self: self.__dict__)
        path.write_bytes(pickle.dumps(old))
    assert StoryAssigner.load(path) is None
    StoryAssigner().save(path)
    assert isinstance(StoryAssigner.load(path), StoryAssigner)


def test_a_saved_assigner_goes_on_assigning_as_the_one_that_was_saved(tmp_path):
    """Saved with its signature rows trimmed and its buckets merged, loaded, it links new articles
    as the assigner that never stopped does (and grows again past its saved size)."""
    words = ["خلية", "ارهابية", "الناظور", "طنجة", "مخدرات", "الشرطة", "الحدود", "مليلية", "حادثة", "سير"]
    rng = np.random.default_rng(3)
    articles = [
        (f"a{n}", " ".join(rng.choice(words, 40)), datetime(2020, 1, 1 + n % 20), ["city:nador"])
        for n in range(1100)
    ]
    running, path = StoryAssigner(), tmp_path / "stories.pickle"
    for article_id, body, day, places in articles[:700]:
        running.assign(article_id, "", body, day, "ar", "hespress", places)
    running.save(path)
    loaded = StoryAssigner.load(path)
    assert loaded is not None and len(loaded.shingle_sigs) == 700 < len(running.shingle_sigs)
    for article_id, body, day, places in articles[700:]:
        assert loaded.assign(article_id, "", body, day, "ar", "hespress", places) == running.assign(
            article_id, "", body, day, "ar", "hespress", places
        )
    assert len(loaded) == len(running) == 1100
