"""Facet extraction: cities, agencies, wires, years and dates, in Arabic and English."""

from __future__ import annotations

import pytest
from conftest import SEEDS

from search.clean import clean
from search.extract import GAZETTEER, extract, find_entities, years_mentioned
from search.extract.dates import parse_date
from search.read import RawArticle, ReadReport, iter_corpus


def ents(text: str, kind: str | None = None) -> list[str]:
    return [f.id for f in find_entities(text) if kind is None or f.kind == kind]


def article(raw_text: str, **fields) -> object:
    if fields:
        fields.setdefault("text", raw_text)
    return clean(
        RawArticle(
            "t", "t.txt", fields.get("text", raw_text), fields, raw_format="jsonl" if fields else "text"
        )
    )


def seed_entities(name: str):
    raws = {r.record_id: r for r in iter_corpus(SEEDS, ReadReport())}
    return extract(clean(raws[name]))


def test_seed_nador_has_the_facets_a_reader_would_give():
    e = seed_entities("003_f07691009bce3612")
    assert e.cities == ["rabat", "nador", "melilla", "madrid"]
    assert set(e.agencies) == {
        "bcij",
        "es_cgi",
        "es_national_police",
        "dgsn",
        "dgst",
        "ma_prosecution",
        "us_intelligence",
    }
    assert e.years_mentioned == [2019, 2002, 2021]
    assert e.year is None


def test_seed_report_has_the_facets_a_reader_would_give():
    e = seed_entities("000_44e7ed56ac7ca7ca")
    assert set(e.cities) == {"ceuta", "melilla"}
    assert {"ma_interior", "bcij", "dgst", "cni", "es_police", "es_interior"} <= set(e.agencies)
    assert e.years_mentioned == [2002, 2015]  # 2720 شخصا and 1354 شخصا are counts


@pytest.mark.parametrize("form", ["الناظور", "بالناظور", "والناظور", "للناظور", "وبالناظور", "النّاظور"])
def test_city_with_clitics_and_diacritics(form):
    assert ents(f"وقعت العملية {form} أمس", "city") == ["nador"]


def test_agency_with_clitics_construct_and_variants():
    assert ents("بلاغ للمديرية العامة لمراقبة التراب الوطني", "agency") == ["dgst"]
    assert ents("مصالح مديرية مراقبة التراب الوطني", "agency") == ["dgst"]  # construct form
    assert ents("التابعة للشرطة الوطنية الاسبانية", "agency") == ["es_national_police"]
    assert ents("عناصر الدرك الملكي وعناصر الـDGST", "agency") == ["gendarmerie", "dgst"]


def test_latin_names_in_arabic_and_english_text():
    assert ents("اعتقال شخص في Nador أمس", "city") == ["nador"]
    assert ents("Police in Tánger and Sebta arrested two men", "city") == ["tangier", "ceuta"]


def test_longest_match_wins_and_reports_both_body_and_city():
    found = find_entities("أوقفت عناصر ولاية أمن الدار البيضاء مشتبها فيه")
    assert [(f.kind, f.id) for f in found] == [("agency", "dgsn"), ("city", "casablanca")]
    assert ents("وزارة الداخلية الإسبانية", "agency") == ["es_interior"]  # not the Moroccan ministry


def test_common_words_do_not_fire_alone():
    assert ents("رباط الخيل", "city") == []  # رباط is a tether; the city is الرباط
    assert ents("سيكون كسلا واختباء", "city") == []  # "as laziness", not Salé
    assert ents("حالات بسلا وتمارة", "city") == ["sale", "temara"]
    assert ents("صادقت الحكومة الجديدة على القانون", "city") == []  # "the new"
    assert ents("أوقفت الشرطة بمدينة الجديدة شخصين", "city") == ["el_jadida"]
    assert ents("وقعت الحادثة بالجديدة", "city") == ["el_jadida"]
    assert ents("أبلغت مواطنة أصيلة المضيلة", "city") == []  # a first name, not Asilah
    assert ents("عاش لحظات طريفة", "city") == []  # "funny", not Tarifa
    assert ents("وصل المهاجرون إلى طريفة", "city") == ["tarifa"]
    assert ents("أكد المدير الجهوي للصحة بالمهدية", "city") == ["mahdia"]  # Tunisia's, the one in the news
    assert ents("He wore a red fez hat", "city") == []
    assert ents("Police in Fez said", "city") == ["fez"]


def test_blockers_clubs_ports_regions():
    assert ents("حجز أطنان بميناء طنجة المتوسط", "city") == []
    assert ents("فاز حسنية أكادير على الرجاء البيضاوي", "city") == []
    assert ents("جهة طنجة تطوان الحسيمة", "city") == []
    assert ents("عمالة المضيق الفنيدق وإقليم وزان", "city") == []


def test_metonymic_capitals_are_not_cities_of_the_article():
    actor = extract(article("عنوان\nتترقب الرباط رد مدريد على الطلب وبين باريس والرباط خلاف."))
    assert actor.cities == []
    place = extract(article("عنوان\nوصل الوزير إلى مدريد أمس، حيث تترقب الرباط الرد."))
    assert place.cities == ["madrid"]


def test_wires_only_when_credited():
    assert ents("قال مسؤول لوكالة فرانس برس إن", "wire") == ["afp"]
    assert ents("الرباط (رويترز) - قال", "wire") == ["reuters"]
    assert extract(article("نص", title="t", author="هسبريس - أ.ف.ب")).wires == ["afp"]


def test_mentions_carry_surface_forms_and_offsets():
    e = extract(article("عنوان\nخلية بين الناظور ومليلية"))
    m = {x.id: x for x in e.mentions}
    assert m["melilla"].surface == "ومليلية"
    body = "خلية بين الناظور ومليلية"
    assert body[m["nador"].start : m["nador"].end] == "الناظور"


def test_years_western_arabic_indic_and_not_counts():
    assert years_mentioned("بين 2002 و٢٠١٥ اعتقل 2720 شخصا") == [2002, 2015]
    assert years_mentioned("حجز 2000 درهم والفصل 1999 من القانون") == []
    assert years_mentioned("كوفيد-19 في 2020") == [2020]
    assert years_mentioned("ولد سنة 1985") == [1985]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الجمعة 02 أكتوبر 2020 - 19:31", (2020, 10, 2)),
        ("3 آذار/مارس 2015", (2015, 3, 3)),
        ("18 ديسمبر/كانون الأول 2021", (2021, 12, 18)),
        ("12 كانون الثاني 2016", (2016, 1, 12)),
        ("الأربعاء 18 جانفي 2017", (2017, 1, 18)),
        ("٥ نونبر ٢٠١٩", (2019, 11, 5)),
        ("7 يوليوز 2020", (2020, 7, 7)),
        ("3 November 2019", (2019, 11, 3)),
    ],
)
def test_dates_in_all_month_name_forms(text, expected):
    d = parse_date(text)
    assert d is not None and (d.year, d.month, d.day) == expected


def test_no_date_is_guessed():
    assert parse_date("في آذار/مارس الماضي") is None
    assert parse_date("32 مارس 2020") is None
    assert article("عنوان\nنص بلا تاريخ عن سنة 2019").published is None


def test_publication_date_from_metadata_text_or_date_line():
    assert article("نص", title="t", date="الجمعة 02 أكتوبر 2020 - 19:31").published.year == 2020
    raw = article("عنوان الخبر\nالرباط في 3 نونبر 2019\nنص الخبر الكامل هنا.")
    assert raw.published is not None and raw.published.year == 2019
    assert extract(raw).year == 2019


def test_gazetteer_entries_are_well_formed():
    ids = [(e.kind, e.id) for e in GAZETTEER.entries]
    assert len(ids) == len(set(ids))
    assert all(e.id.isascii() and e.label_en and e.label_ar for e in GAZETTEER.entries)
    assert len([e for e in GAZETTEER.entries if e.kind == "city" and e.country == "MA"]) >= 100
