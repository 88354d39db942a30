"""Cleaning raw articles: the seeds' real defects, bylines, datelines, boilerplate, language."""

from __future__ import annotations

from conftest import RAW_AR, RAW_EN, SEEDS

from search.clean import clean, detect_language, find_dateline, is_boilerplate, repair_text
from search.read import RawArticle, ReadReport, iter_corpus


def seed(name: str):
    report = ReadReport()
    return {clean(raw).id: clean(raw) for raw in iter_corpus(SEEDS, report)}[name]


def raw(text: str, fields: dict | None = None) -> RawArticle:
    return RawArticle(
        record_id="t",
        source_path="t.txt",
        text=text,
        fields=fields or {},
        raw_format="jsonl" if fields else "text",
    )


def test_seed_with_boilerplate_byline_and_entity_residue():
    a = seed("000_44e7ed56ac7ca7ca")
    assert a.title == "المغرب: ضربات الاستباقية ضد تنظيم الدولة"
    assert a.author == "محمود معروف"
    assert "تويتر" not in a.body and "للإشتراك" not in a.body
    assert "&" not in a.body
    assert '"المكتب المركزي للأبحاث القضائية' in a.body
    assert a.body.startswith("لا شك ان الضربات")
    assert a.lang == "ar"
    assert a.published is None  # no date in the file: none is invented


def test_seed_with_dateline():
    a = seed("003_f07691009bce3612")
    assert a.title.startswith("السلطات المغربية والاسبانية تعلن اعتقال 12 شخصا")
    assert a.dateline is not None and a.dateline.city == "الرباط"
    assert a.body.startswith("الرباط – مكنت")  # the dateline stays in the text
    assert a.author is None


def test_entities_and_residue_are_repaired():
    assert repair_text("قال &quot;نعم&quot; &amp; لا") == 'قال "نعم" & لا'
    assert repair_text('&"الدولة&"') == '"الدولة"'
    assert repair_text("&\n&نص") == "نص"  # a lone & line and a leading & go


def test_glued_sentences_are_separated():
    assert repair_text("على عدة مستويات.وأشار أمكراز") == "على عدة مستويات. وأشار أمكراز"
    assert repair_text("فيروس كورونا المستجدّ.ووفق") == "فيروس كورونا المستجدّ. ووفق"  # after a shadda
    assert repair_text("in 2019.The ministry") == "in 2019.The ministry"  # a number is not a word
    assert repair_text("the police.The ministry") == "the police. The ministry"
    assert repair_text("U.S. officials") == "U.S. officials"


def test_boilerplate_lines():
    assert is_boilerplate("يمكنكم الآن متابعة آخر الأخبار مجاناً من خلال حسابنا على تويتر")
    assert is_boilerplate("إضغط هنا للإشتراك")
    assert is_boilerplate("Follow us on Twitter")
    assert not is_boilerplate("وقالت الشرطة إن المشتبه به نشر تدوينات على تويتر " + "تحريضية " * 30)
    assert not is_boilerplate("تفكيك خلية إرهابية")


def test_raw_arabic_article():
    a = clean(raw(RAW_AR))
    assert a.title == "مقتل شرطي طعنا بالسكين"
    assert a.author == "كريم العلوي"
    assert a.dateline is not None and a.dateline.city == "تطوان"
    assert "تابعونا" not in a.body


def test_reuters_dateline_and_english_byline():
    a = clean(raw(RAW_EN))
    assert a.author == "Jane Doe"
    assert a.lang == "en"
    d = a.dateline
    assert d is not None and (d.city, d.date, d.agency) == ("RABAT", "Nov 3", "Reuters")


def test_datelines():
    assert find_dateline("الرباط (رويترز) - قال").agency == "رويترز"
    assert find_dateline("الدار البيضاء – أعلنت").city == "الدار البيضاء"
    assert find_dateline("قالت الشرطة إن – شيئا") is None  # not a place: not a dateline
    assert find_dateline("بيوكرى – قال").city == "بيوكرى"  # a small town the gazetteer knows
    assert find_dateline("The police said - nothing") is None


def test_jsonl_metadata_is_kept():
    a = clean(
        raw(
            "نص الخبر.وتابع",
            {"title": "عنوان", "date_iso": "2017-01-20T21:43:00+01:00", "outlet": "Jawhara FM", "lang": "ar"},
        )
    )
    assert a.title == "عنوان"
    assert a.body == "نص الخبر. وتابع"
    assert a.published is not None and a.published.year == 2017
    assert a.outlet == "Jawhara FM"


def test_language_detection():
    assert detect_language("أعلنت السلطات المغربية") == "ar"
    assert detect_language("The police said that the suspects were arrested in the city") == "en"
    assert detect_language("La police a arrêté les suspects dans la ville pour une enquête") == "fr"
    assert detect_language("1234 5678") == "other"
    # Mixed: an Arabic article quoting English names is Arabic.
    assert detect_language("اعتقلت الشرطة الإسبانية في Melilla ثلاثة أشخاص مشتبه بهم") == "ar"
