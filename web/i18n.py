"""Interface strings in Arabic and English. The interface language lives in the URL (`ui=ar|en`).

>>> t("ar", "search")
'بحث'
"""

from __future__ import annotations

UI_LANGS = ("ar", "en")
DEFAULT_UI = "ar"

STRINGS: dict[str, tuple[str, str]] = {  # key: (English, Arabic)
    "title": ("Mirsad — news search", "مرصد — البحث في الأخبار"),
    "brand": ("Mirsad", "مرصد"),
    "search": ("Search", "بحث"),
    "placeholder": (
        "Search the archive… e.g. خلايا ارهابية الناظور or Nador cell",
        "ابحث في الأرشيف… مثال: خلايا ارهابية الناظور",
    ),
    "syntax_help": (
        'Words: more matched words rank higher. "exact phrase". -exclude. a OR b. city:Nador year:2015..2020',
        'كلمات: ما يضم كلمات أكثر يأتي أولا. "عبارة مطابقة". -استبعاد. a OR b. city:الناظور year:2015..2020',
    ),
    "results": ("results", "نتيجة"),
    "took": ("ms", "م.ث"),
    "sort": ("Sort", "الترتيب"),
    "relevance": ("Relevance", "الأكثر صلة"),
    "newest": ("Newest", "الأحدث"),
    "oldest": ("Oldest", "الأقدم"),
    "clear_all": ("Clear all", "مسح الكل"),
    "remove": ("Remove", "إزالة"),
    "previous": ("Previous", "السابق"),
    "next": ("Next", "التالي"),
    "page": ("Page", "صفحة"),
    "of": ("of", "من"),
    "no_results": ("No article matches this search.", "لا توجد مقالات مطابقة لهذا البحث."),
    "start": ("Newest articles in the archive", "أحدث المقالات في الأرشيف"),
    "archive": ("articles in the archive", "مقالا في الأرشيف"),
    "facet_city": ("City", "المدينة"),
    "facet_country": ("Country", "البلد"),
    "facet_agency": ("Agency", "الجهاز"),
    "facet_year": ("Year", "السنة"),
    "facet_source": ("Source", "المصدر"),
    "facet_wire": ("News agency", "وكالة الأنباء"),
    "facet_lang": ("Language", "اللغة"),
    "facet_years_mentioned": ("Years mentioned", "سنوات مذكورة"),
    "similar": ("Similar articles", "مقالات مشابهة"),
    "back": ("Back to results", "العودة إلى النتائج"),
    "author": ("Author", "الكاتب"),
    "date": ("Date", "التاريخ"),
    "source": ("Source", "المصدر"),
    "dateline": ("Dateline", "مكان الخبر"),
    "not_found": ("Article not found", "المقال غير موجود"),
    "not_found_text": (
        "There is no article with this id in the archive.",
        "لا يوجد مقال بهذا المعرف في الأرشيف.",
    ),
    "bad_request": ("This search cannot be run", "تعذر تنفيذ هذا البحث"),
    "no_index": ("The archive has not been indexed yet", "لم تتم فهرسة الأرشيف بعد"),
    "no_index_text": ("Run `make index` and reload this page.", "شغّل ‎make index‎ ثم أعد تحميل الصفحة."),
    "unknown_value": ("Unknown filter value", "قيمة تصفية غير معروفة"),
    "json": ("JSON", "JSON"),
    "other_lang": ("العربية", "English"),  # the link names the *other* language
    "filters": ("Filters", "التصفية"),
    "why": ("Found as", "ورد بصيغة"),
    "also_ar": ("Also searched in Arabic", "بحث أيضا بالعربية"),
    "also_en": ("Also searched in English", "بحث أيضا بالإنجليزية"),
    "drop_translation": ("Remove this translation", "احذف هذه الترجمة"),
    "removed_translations": ("Removed translations (restore)", "ترجمات محذوفة (استرجاع)"),
    "untranslated": ("Not translated", "لم تترجم"),
    "xlang_off": ("Search only as typed", "ابحث بلغة الاستعلام فقط"),
    "xlang_on": ("Also search in the other language", "ابحث أيضا باللغة الأخرى"),
    "origin_gazetteer": ("place or body", "مكان أو جهاز"),
    "origin_news": ("news lexicon", "معجم الأخبار"),
    "origin_freedict": ("dictionary", "القاموس"),
    "origin_freedict-reverse": ("dictionary", "القاموس"),
    "origin_transliteration": ("name spelling", "كتابة الاسم"),
}

# Timeline, date ranges, stories and feeds (issue 14).
STRINGS.update(
    {
        "timeline": ("Timeline", "التسلسل الزمني"),
        "timeline_articles": ("articles", "مقالا"),
        "timeline_day": ("by day", "حسب اليوم"),
        "timeline_week": ("by week", "حسب الأسبوع"),
        "timeline_month": ("by month", "حسب الشهر"),
        "timeline_year": ("by year", "حسب السنة"),
        "timeline_undated": ("without a date", "بدون تاريخ"),
        "timeline_hint": ("a bar narrows the search to its period", "كل عمود يحصر البحث في فترته"),
        "dates": ("Publication dates", "تاريخ النشر"),
        "date_from": ("From", "من"),
        "date_to": ("To", "إلى"),
        "apply": ("Apply", "تطبيق"),
        "clear_dates": ("Any date", "أي تاريخ"),
        "feed": ("Atom feed", "موجز Atom"),
        "feed_title": ("Mirsad search", "بحث مرصد"),
        "more_on_story": ("more on this story", "مقالات أخرى عن هذا الخبر"),
        "story_articles": ("Articles on this story, by date", "مقالات هذا الخبر حسب التاريخ"),
    }
)


def t(lang: str, key: str) -> str:
    english, arabic = STRINGS[key]
    return arabic if lang == "ar" else english


def more_on_story(lang: str, n: int) -> str:
    """'3 more on this story'; in Arabic the noun agrees with the number (مقال آخر، مقالان آخران، 3 مقالات
    أخرى، 11 مقالا آخر، 100 مقال آخر).

    >>> more_on_story("ar", 2)
    'مقالان آخران عن هذا الخبر'
    """
    if lang != "ar":
        return f"{n} {STRINGS['more_on_story'][0]}"
    if n == 1:
        return "مقال آخر عن هذا الخبر"
    if n == 2:
        return "مقالان آخران عن هذا الخبر"
    last = n % 100
    noun = "مقالات أخرى" if 3 <= last <= 10 else "مقالا آخر" if last >= 11 else "مقال آخر"
    return f"{n} {noun} عن هذا الخبر"
