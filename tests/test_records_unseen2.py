"""Records on shapes read from the second development set's failures (issue 20, second round): a
foreign country written after a party is its seat, a place cut short inside another's writing, the
future particle and the work a carrying-out verb takes before its bodies, listed names that end at
an amount's or a session's word. Every sentence here is written for these tests."""

from pipeline.records.seats import without_seat
from tests.records_text import names, only, records

# Seats: a foreign country after a party ---------------------------------------------------------------


def test_a_foreign_country_after_a_twinned_town_is_its_seat():
    record = only("وقعت جماعة تيزنيت وبلدية نانت بفرنسا، يوم 12 ماي 2023، على اتفاقية توأمة تروم تثمين الحلي الفضية التقليدية.")
    assert names(record.partners) == ["جماعة تيزنيت", "بلدية نانت"]
    assert record.locations == ["تيزنيت", "نانت"]


def test_a_funder_is_named_without_its_country():
    record = only("بمساهمة مالية قدرها 200 ألف أورو من جهة بروتاني بفرنسا، تنفذ جمعية واحة فكيك للتنمية مشروع \"سقي بالتنقيط\" بدوار أيت علي أوحمو بإقليم تنغير.")
    assert names(record.funders) == ["جهة بروتاني"]
    assert "فرنسا" not in record.locations


def test_the_home_country_is_no_seat_to_cut():
    assert without_seat("سفارة اليابان بالمغرب") == "سفارة اليابان بالمغرب"
    assert without_seat("بلدية ليون بفرنسا") == "بلدية ليون"
    assert without_seat("جمعية الأطلس") == "جمعية الأطلس"


# A place cut short inside another's writing ------------------------------------------------------------


def test_a_place_written_only_inside_a_longer_one_is_not_a_second_place():
    record = only("أنجزت الجمعية مشروع \"ماء للجميع\" بدوار تيغزى نايت حمو بإقليم ميدلت، بتمويل من المجلس الإقليمي لميدلت.")
    assert not any(p != q and p in q for p in record.locations for q in record.locations), record.locations


# Carrying-out cues ------------------------------------------------------------------------------------


def test_future_particle_and_the_work_before_the_implementer():
    record = only("صادق مجلس جماعة الناظور على المشروع المسمى تهيئة كورنيش بوقانا بكلفة 25 مليون درهم. وستتولى شركة التهيئة الحضرية للناظور تنفيذ المشروع خلال الفترة 2025-2027.")
    assert names(record.implementers) == ["شركة التهيئة الحضرية للناظور"]


def test_each_of_after_the_work_lists_every_implementer():
    record = only("منح البنك الإفريقي للتنمية المغرب قرضا بقيمة 200 مليون دولار لتمويل برنامج تحسين جودة التعليم الأولي. وسيتولى تنفيذ البرنامج كل من وزارة التربية الوطنية والوكالة الوطنية لمحو الأمية.")
    assert names(record.implementers) == ["وزارة التربية الوطنية", "الوكالة الوطنية لمحو الأمية"]


# Where a listed name ends ------------------------------------------------------------------------------


def test_a_listed_funder_ends_before_its_amount_word():
    record = only("أنجزت جماعة آسفي، بدعم تقني ومالي من بلدية سيتي قدره 60 ألف أورو، مشروع \"ساحات خضراء\" بحي الكورس.")
    assert names(record.funders) == ["بلدية سيتي"]


# Place words of parks, oases, basins, villages and neighbourhoods ----------------------------------------


def test_a_name_ends_before_a_plural_neighbourhood_phrase():
    record = only("حصلت جماعة سطات على قرض من صندوق التجهيز الجماعي بقيمة 30 مليون درهم لتمويل تبليط الأزقة بأحياء السلام والقدس.")
    assert record.name == "تبليط الأزقة"
    assert record.locations == ["السلام", "القدس"]


def test_an_oasis_is_a_location_and_ends_the_name():
    record = only("أطلقت جمعية درعة للتنمية مشروع صيانة الخطارات بواحة تغجيجت بإقليم كلميم، بتمويل من وكالة الحوض المائي.")
    assert record.name == "صيانة الخطارات"
    assert "واحة تغجيجت" in record.locations


# Ordinal items that give an amount or a party before what they are for ----------------------------------


def test_two_loans_each_with_its_amount_then_its_purpose():
    text = ("حصلت الشركة الجهوية متعددة الخدمات على قرضين من البنك الإفريقي للتنمية: الأول بقيمة 50 مليون أورو "
            "لإنجاز محطة لمعالجة المياه العادمة، والثاني بقيمة 20 مليون أورو لتجديد قنوات الصرف الصحي بكل من تازة وجرسيف.")
    found = records(text)
    assert [r.name for r in found] == ["محطة لمعالجة المياه العادمة", "تجديد قنوات الصرف الصحي"]
    assert [[a.amount for a in r.amounts] for r in found] == [[50_000_000.0], [20_000_000.0]]
    assert [names(r.funders) for r in found] == [["البنك الإفريقي للتنمية"], ["البنك الإفريقي للتنمية"]]
    assert found[1].locations == ["تازة", "جرسيف"]


def test_an_ordinal_agreement_with_a_party_whose_name_holds_a_purpose_word():
    text = ("صادق مجلس جماعة القنيطرة على اتفاقيتين: الأولى مع مؤسسة محمد الخامس للتضامن لتأهيل المركز الاجتماعي "
            "بحي الساكنية، والثانية مع الجمعية المغربية لإعادة التأهيل لإحداث مركز للترويض الطبي بحي أولاد أوجيه.")
    found = records(text)
    assert [r.name for r in found] == ["تأهيل المركز الاجتماعي", "إحداث مركز للترويض الطبي"]


def test_the_latter_project_refers_back_and_is_no_record():
    text = ("تنفذ جمعية الأمل للتنمية مشروعين: مشروع «قراءة للجميع» بحي البرنوصي، ومشروع «ملاعب آمنة» بحي مولاي رشيد. "
            "وقد بلغت كلفة المشروع الأخير 300.000 درهم.")
    found = records(text)
    assert [r.name for r in found] == ["قراءة للجميع", "ملاعب آمنة"]


# A partner body's place is its seat, except in a twinning ------------------------------------------------


def test_a_partner_body_place_is_not_the_project_place():
    record = only("أعطى عامل الإقليم انطلاقة أشغال بناء دار الطالب بجماعة تيغسالين، الممولة من طرف المبادرة الوطنية للتنمية البشرية بشراكة مع المجلس الإقليمي لخنيفرة.")
    assert record.locations == ["جماعة تيغسالين"]


def test_a_twinning_keeps_the_towns_of_its_partners():
    record = only("صادق المجلس الجماعي لأزرو على اتفاقية توأمة مع بلدية كليرمون فيران تهم تبادل الخبرات في تدبير الغابات الحضرية.")
    assert "أزرو" in record.locations


def test_a_neighbourhood_after_bi_is_a_location():
    record = only("تنفذ جمعية الوفاء مشروع \"ملعب للجميع\" بحي الكرامة بكلفة 300 ألف درهم.")
    assert record.locations == ["حي الكرامة"]


# Items listed after `ويتعلق الأمر ب` ------------------------------------------------------------------


def test_items_a_plural_cue_lists_after_it_is_about():
    text = ("مولت اللجنة المحلية للتنمية البشرية لعمالة المضيق أربعة مشاريع، ويتعلق الأمر بتجهيز مركز لتصفية الدم "
            "بمدينة الفنيدق، وبناء قاعة متعددة الرياضات بجماعة المضيق، وتهيئة مسبح بلدي بجماعة مرتيل.")
    found = records(text)
    assert [r.name for r in found] == ["تجهيز مركز لتصفية الدم", "بناء قاعة متعددة الرياضات", "تهيئة مسبح بلدي"]
    by_name = {r.name: r for r in found}
    assert by_name["بناء قاعة متعددة الرياضات"].locations == ["جماعة المضيق"]
    assert by_name["تهيئة مسبح بلدي"].locations == ["جماعة مرتيل"]
