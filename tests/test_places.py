"""The GeoNames gazetteer, its precision rules, places discovered by a cue, and the country facet."""

from __future__ import annotations

import gzip
import json
from importlib import resources

from test_extract import article, ents, seed_entities

from search.extract import GAZETTEER, discovered_label, extract, find_entities
from search.extract.discover import discover_places, transliterate
from search.extract.gazetteer import Gazetteer


def found(text: str) -> list[tuple[str, str]]:
    return [(f.id, f.source) for f in find_entities(text) if f.kind == "city"]


def discovered(text: str) -> list[tuple[str, str, str | None]]:
    return [(f.id, f.surface, country) for f, country in discover_places(text, [])]


def test_geonames_places_extend_the_core_without_duplicates():
    cities = [e for e in GAZETTEER.entries if e.kind == "city"]
    assert len(cities) > 10_000
    assert len({e.id for e in cities}) == len(cities)
    # A core city is not listed again from GeoNames: Nador, Fès, Madrid are each one entry.
    for name in ("الناظور", "Fès", "مدريد"):
        assert GAZETTEER.lookup("city", name).source == "listed"
    twins = [e for e in cities if e.source == "geonames" and e.label_en in ("Nador", "Fes", "Madrid")]
    assert [e.country for e in twins] == ["CO"]  # Madrid, Colombia: another city, kept apart
    assert GAZETTEER.lookup("city", "Madrid").id == "madrid"  # the core entry wins the name
    assert all(e.country for e in cities)


def test_the_data_holds_every_place_and_loads_only_those_that_can_match():
    folder = resources.files("search.extract")
    loaded, other = (
        json.loads(gzip.decompress(folder.joinpath(name).read_bytes()))["places"]
        for name in ("geonames_places.json.gz", "geonames_other_places.json.gz")
    )
    assert len(loaded) + len(other) > 55_000
    column = json.loads(gzip.decompress(folder.joinpath("geonames_places.json.gz").read_bytes()))["columns"]
    arabic, country = column.index("arabic_forms"), column.index("country")
    # A French village with no Arabic form is in the data, not in memory: it could never match.
    assert any(p[country] == "FR" and not p[arabic] for p in other)
    assert all(p[arabic] == [] for p in other)


def test_geonames_places_in_arabic_text_and_without_arabic_form():
    assert ("bonn", "geonames") in found("عقد الاجتماع في مدينة بون أمس")
    assert found("بون شاسع بينهما") == []  # a three-letter name needs a place noun
    assert ("nice", "geonames") in found("وقع الهجوم بمدينة نيس الفرنسية")
    entry = GAZETTEER.get("city", "nice")
    assert entry is not None and entry.country == "FR" and entry.arabic_known
    # A French town GeoNames has no Arabic form for: said in the data, never guessed.
    unknown = [e for e in GAZETTEER.entries if e.kind == "city" and e.country == "FR" and not e.arabic_known]
    assert unknown and all(e.label_ar == e.label_en and e.match_latin for e in unknown[:50])


def test_common_words_that_are_also_places_need_a_place_noun():
    assert found("قضى ليل أمس في المستشفى") == []  # ليل "night", not Lille
    assert ("lille", "geonames") in found("وصل المهاجرون إلى مدينة ليل")
    assert found("Police in Fez said") == [("fez", "listed")]  # "Police" is a Polish town too
    assert found("سيكون كسلا واختباء") == []  # Kassala, far away, without a cue
    assert found("ستتصدر المشاورات حول دول الساحل") == []  # the Sahel, not a village called الساحل
    assert found("اعتقل في مدينة أزيلال") == [("azilal", "listed")]  # مدينة itself is not Medina
    assert found("تولى مقاليد الحكم في بلاد شنقيط") == []  # the land (Mauritania), not the town


def test_clubs_streets_and_people_are_not_places():
    assert ents("فاز نهضة بركان على اتحاد طنجة", "city") == []
    assert ents("تعادل الوداد البيضاوي مع أولمبيك آسفي", "city") == []
    assert ents("Real Madrid beat Olympique Marseille", "city") == []
    assert ents("يقع المقهى في شارع طنجة وزنقة أكادير", "city") == []
    assert ents("تجمع المحتجون في ساحة الرباط", "city") == []
    assert ents("a cafe on Casablanca Street", "city") == []
    assert ents("قال السيد محمد بنسليمان إن", "city") == []
    assert ents("صرح عباس الفاسي والمراكشي", "city") == []  # family names (nisba), not Fez or Marrakesh
    assert ents("Abbas El Fassi said", "city") == []
    # The same names as places still count.
    assert ents("وقعت الحادثة بطنجة وفي مدينة بركان", "city") == ["tangier", "berkane"]


def test_cue_proposes_an_unknown_place_with_an_ascii_id():
    assert discovered("أوقفت الشرطة شخصا بجماعة تيزيرت أمس") == [("tizirt", "تيزيرت", None)]
    assert discovered("بالجماعة الترابية أولاد بوعزة") == [("oulad_bouaza", "أولاد بوعزة", "MA")]
    # An unwritten vowel is spelt "e" where consonants cluster (الغرب → el_gherb, as Gharb is spelt).
    assert discovered("نقل إلى سوق الأربعاء الغرب") == [("souk_el_arba_el_gherb", "سوق الأربعاء الغرب", None)]
    assert discovered("في معتمدية بوعرادة") == [("bouarada", "بوعرادة", "TN")]
    assert discovered("the attack in the town of Zgharta on Monday")[0][:2] == ("zgharta", "Zgharta")


def test_no_place_from_a_bare_word_or_a_generic_noun():
    assert discovered("اعتقل تيزيرت أمس") == []  # no cue
    assert discovered("تفكيك جماعة إرهابية") == []
    assert discovered("نقل إلى مركز الشرطة ثم إلى مركز للإيواء") == []
    assert discovered("في منطقة الشرق الأوسط") == []
    assert discovered("a home near the river") == []
    assert discovered("ضواحي اشتوكة آيت باها") == []  # a province, listed as not a city


def test_transliteration_and_label():
    assert transliterate("بوعياش") == "bouayach"
    assert transliterate("أولاد") == "oulad"
    assert transliterate("الحاجب") == "el_hajb"
    assert discovered_label("oulad_bouaza") == "Oulad Bouaza"


def test_extract_flags_each_place_kind_and_country():
    e = extract(article("عنوان\nأوقفت الشرطة بالناظور شخصا ينحدر من جماعة تيزيرت، ثم نقل إلى مدينة بون."))
    kinds = {m.id: (m.source, m.country) for m in e.mentions if m.kind == "city"}
    assert kinds["nador"] == ("listed", "MA")
    assert kinds["bonn"] == ("geonames", "DE")
    assert kinds["tizirt"] == ("discovered", None)  # two countries named: the cue's is not guessed
    assert e.countries == ["ma", "de"]


def test_discovered_place_takes_the_one_country_of_the_article():
    e = extract(article("عنوان\nوقعت الحادثة بضواحي مدينة تيزنيت، في قرية تيزيرت."))
    assert ("tizirt", "MA") in {(m.id, m.country) for m in e.mentions}
    assert e.countries == ["ma"]


def test_country_entries_are_labelled_in_both_languages():
    spain = GAZETTEER.get("country", "es")
    assert spain is not None and spain.label_en == "Spain" and spain.label_ar == "إسبانيا"
    assert GAZETTEER.lookup("country", "إسبانيا").id == "es"
    assert GAZETTEER.lookup("country", "Tunisia").id == "tn"


def test_seeds_keep_their_cities_and_gain_countries():
    nador = seed_entities("003_f07691009bce3612")
    assert nador.cities == ["rabat", "nador", "melilla", "madrid"]
    assert nador.countries == ["ma", "es"]
    report = seed_entities("000_44e7ed56ac7ca7ca")
    assert set(report.cities) == {"ceuta", "melilla"}
    assert report.countries == ["es"]


def test_core_alone_still_loads():
    core = Gazetteer.load(with_geonames=False)
    assert all(e.source == "listed" for e in core.entries)
    assert core.lookup("city", "بالناظور").id == "nador"


def test_country_facet_filters_the_seeds(seeds_index):
    everything = seeds_index.search("")
    countries = {v.id: v for v in everything.facets["country"]}
    assert countries["es"].label_en == "Spain" and countries["es"].label_ar == "إسبانيا"
    assert countries["ma"].count >= 1
    # An alias in either language selects the same value.
    spain = seeds_index.search("", country=["إسبانيا"])
    assert spain.total == seeds_index.search("", country=["Spain"]).total == countries["es"].count
    assert all("es" in {v.id for v in h.facets["country"]} for h in spain.hits)
    row = next(seeds_index.iter_results(spain.request))
    assert "es" in row["country"].split(",")


def test_moroccan_communes_from_the_hcp_list():
    assert found("وقع الحادث بجماعة تروال") == [("teroual", "hcp")]
    assert found("قرب دوار الرويضة التابع لجماعة بوعادل بإقليم تاونات") == [("bouadel", "hcp")]
    entry = GAZETTEER.get("city", "bouadel")
    assert entry is not None and entry.country == "MA" and entry.label_ar == "بوعادل"
    # A commune's name that is also a family name needs a cue.
    assert found("قال البرلماني شقران أمام المجلس") == []
    assert found("يظل أداء حمزة أسرير متذبذبا") == []


def test_ali_is_not_a_first_name_cue_before_a_place():
    # على "on" and علي "Ali" are one word once normalised: the place after it still counts.
    assert found("وصل الوفد على متن طائرة إلى مدينة طرابلس") == [("tripoli", "listed")]
