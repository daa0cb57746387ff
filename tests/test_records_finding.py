"""Finding records (issue 20, fourth round): the shapes read from the fourth development set's missed
and extra records, written as general rules. Every sentence here is written for these tests, with
other words, places and bodies than the development sets'.

- a name ended by its place phrase carries the name with its place as an alias;
- a definite twinning (`اتفاقية التوأمة بين X وY`) is the record, and the agreement has no other object;
- a station before a quoted name (`محطة «X»`);
- the list items a block announces (`المشاريع التالية:`), each named by the work it opens with;
- what a body carries out or pays for (`على إنجاز X`، `بتمويل بناء X`);
- a grant's receiver between its amount and purpose; an agreement about its object (`حول X`);
- names that run over `عن`, end at `عبر`, a lone letter, a counted plural cue, and never open with a
  preposition; a giver's name ends where the amount or the object it gives starts;
- a place phrase ends at a nationality adjective.
"""

from tests.records_text import names, only, records


def amounts(record):
    return [(a.amount, a.currency) for a in record.amounts]


# Names and their place phrases ------------------------------------------------------------------------


def test_a_name_ended_by_its_place_keeps_the_placed_form_as_an_alias():
    record = only("أعطى عامل الإقليم انطلاقة مشروع بناء خزان للماء الشروب بجماعة تامصلوحت بكلفة 3 ملايين درهم.")
    assert record.name == "بناء خزان للماء الشروب"
    assert record.aliases == ["بناء خزان للماء الشروب بجماعة تامصلوحت"]
    assert record.locations == ["جماعة تامصلوحت"]
    assert amounts(record) == [(3000000.0, "MAD")]


def test_a_name_without_a_place_phrase_has_no_placed_alias():
    record = only("أطلقت جمعية الواحة مشروع «مدرسة الحياة» بتمويل من مؤسسة الأمل.")
    assert record.name == "مدرسة الحياة"
    assert record.aliases == []


def test_a_name_runs_over_about_and_ends_before_its_place():
    record = only("أطلقت جمعية النور مشروع تخفيف العبء عن النساء القرويات بجماعة إمليل بدعم من مؤسسة الأطلس.")
    assert record.name == "تخفيف العبء عن النساء القرويات"
    assert record.aliases == ["تخفيف العبء عن النساء القرويات بجماعة إمليل"]
    assert (names(record.funders), names(record.implementers)) == (["مؤسسة الأطلس"], ["جمعية النور"])


def test_a_name_ends_at_the_means_it_is_done_by():
    record = only("خصصت الوزارة 20 مليون درهم لمشروع ربط الدواوير بالطريق الوطنية عبر تعبيد 12 كيلومترا من المسالك.")
    assert record.name == "ربط الدواوير بالطريق الوطنية"


def test_a_place_phrase_ends_at_a_nationality_adjective():
    record = only("مولت الوكالة الفرنسية للتنمية مشروع حفر عشرة آبار في ولاية نواذيبو الموريتانية بمبلغ 2 مليون أورو.")
    assert record.name == "حفر عشرة آبار"
    assert record.locations == ["ولاية نواذيبو"]
    assert names(record.funders) == ["الوكالة الفرنسية للتنمية"]


def test_a_project_holder_is_no_project():
    assert records("يستهدف البرنامج 300 حامل مشروع من أبناء الإقليم في مجالات الفلاحة والسياحة.") == []


# Twinnings and agreements ------------------------------------------------------------------------------


def test_a_definite_twinning_is_the_record_and_its_aim_is_not_another():
    record = only("وقعت جماعة أزرو وبلدية بوبينيي الفرنسية، يوم 3 مارس 2022، اتفاقية التوأمة بين مدينتي أزرو "
                  "وبوبينيي، تروم تبادل الخبرات في مجال تدبير الماء.")
    assert record.name == "التوأمة بين مدينتي أزرو وبوبينيي"
    assert names(record.partners) == ["جماعة أزرو", "بلدية بوبينيي الفرنسية"]
    assert record.locations == ["أزرو", "بوبينيي"]
    assert record.start == "2022-03-03"


def test_a_twinning_name_ends_before_a_verb_of_content():
    record = only("وقعت جماعة الصويرة وبلدية سان مالو، في 9 ماي 2021، بروتوكول توأمة بين مدينتي الصويرة وسان مالو "
                  "يشمل التعاون في مجالات الثقافة والموانئ.")
    assert record.name == "توأمة بين مدينتي الصويرة وسان مالو"


def test_an_agreement_about_its_object():
    record = only("وقعت جامعة ابن زهر وجامعة لييج البلجيكية مذكرة تفاهم حول تطوير البحث العلمي في الطاقات المتجددة.")
    assert record.name == "تطوير البحث العلمي في الطاقات المتجددة"
    assert names(record.partners) == ["جامعة ابن زهر", "جامعة لييج البلجيكية"]


def test_a_station_before_a_quoted_name():
    record = only("دشن المكتب الوطني للكهرباء محطة «شمس الجنوب» بإقليم طاطا.")
    assert record.name == "شمس الجنوب"
    assert record.locations == ["طاطا"]


# Lists a council decision or a programme announces -----------------------------------------------------------


def test_the_items_a_block_announces_are_records_with_their_own_amounts():
    found = records("صادق مجلس جهة فاس مكناس خلال دورته العادية على المساهمة في المشاريع التالية:\n"
                    "- تأهيل السوق البلدي بمدينة صفرو: 8 ملايين درهم؛\n"
                    "- بناء قنطرة على وادي سبو بجماعة عين الشقف: 5 ملايين درهم.")
    assert [(r.name, amounts(r), r.locations) for r in found] == [
        ("تأهيل السوق البلدي", [(8000000.0, "MAD")], ["مدينة صفرو"]),
        ("بناء قنطرة على وادي سبو", [(5000000.0, "MAD")], ["جماعة عين الشقف"]),
    ]


def test_items_below_a_block_that_announces_no_projects_are_no_records():
    assert records("حضر ممثلو الجمعيات اللقاء التواصلي الذي نظمته العمالة:\n"
                   "- تقديم حصيلة السنة الماضية؛\n- تنظيم ورشات لفائدة الشباب.") == []


def test_a_programme_and_its_counted_axes():
    found = records("يضم برنامج تأهيل مدينة الصويرة ثلاثة محاور رئيسية: تقوية الطرق الحضرية بغلاف 40 مليون درهم، "
                    "وتهيئة الحدائق بـ 12 مليون درهم.")
    assert [(r.name, amounts(r)) for r in found] == [
        ("تأهيل مدينة الصويرة", []),
        ("تقوية الطرق الحضرية", [(40000000.0, "MAD")]),
        ("تهيئة الحدائق", [(12000000.0, "MAD")]),
    ]


# What a body carries out, pays for or gives ----------------------------------------------------------------


def test_what_a_body_oversees_the_building_of():
    record = only("تشرف الوكالة الحضرية للناظور على إنجاز مسبح أولمبي بمدينة الناظور بكلفة 30 مليون درهم.")
    assert record.name == "مسبح أولمبي"
    assert names(record.implementers) == ["الوكالة الحضرية للناظور"]
    assert record.locations == ["مدينة الناظور"]


def test_what_a_body_pays_for_is_a_work_only():
    record = only("التزمت مؤسسة الخير للتنمية بتمويل تجهيز مختبر للعلوم بثانوية ابن رشد بقيمة 900 ألف درهم.")
    assert record.name == "تجهيز مختبر للعلوم بثانوية ابن رشد"
    assert amounts(record) == [(900000.0, "MAD")]
    assert records("استفادت الجمعية بتمويل من الاتحاد الأوروبي قدره مليون أورو.") == []


def test_a_grant_to_a_receiver_for_a_purpose():
    record = only("منحت الوكالة الكورية للتعاون الدولي 500 ألف دولار لجمعية الأمل للتنمية من أجل تجهيز مركز "
                  "للتكوين المهني بمدينة العرائش.")
    assert record.name == "تجهيز مركز للتكوين المهني"
    assert names(record.funders) == ["الوكالة الكورية للتعاون الدولي"]
    assert amounts(record) == [(500000.0, "USD")]


def test_a_givers_name_ends_where_what_it_gives_starts():
    record = only("خصص مجلس جماعة آسفي اعتمادات بقيمة 6 ملايين درهم لتنفيذ مشروع تجديد شبكة التطهير بحي الكورنيش.")
    assert names(record.funders) == ["مجلس جماعة آسفي"]
    record = only("رصد مجلس جهة سوس ماسة ثلاثة ملايين درهم لتأهيل سوق السمك بمدينة إنزكان.")
    assert (record.name, names(record.funders)) == ("تأهيل سوق السمك", ["مجلس جهة سوس ماسة"])
    assert amounts(record) == [(3000000.0, "MAD")]


def test_signing_with_amda_makes_the_bank_the_lender():
    record = only("أمضت الحكومة الأردنية والبنك الأوروبي لإعادة الإعمار والتنمية اتفاقية قرض بقيمة 40 مليون يورو "
                  "لتمويل مشروع توسعة شبكة المياه في محافظة عجلون.")
    assert record.name == "توسعة شبكة المياه"
    assert names(record.funders) == ["البنك الأوروبي لإعادة الإعمار والتنمية"]
    assert names(record.implementers) == ["الحكومة الأردنية"]
    assert record.locations == ["محافظة عجلون"]


def test_the_items_of_a_programme_are_where_the_programme_is():
    found = records("برنامج تأهيل مركز مدينة تيفلت\nيضم البرنامج المشاريع التالية:\n"
                    "- تهيئة الساحة الكبرى: 20 مليون درهم؛\n- إحداث مرأب تحت أرضي: 35 مليون درهم.")
    assert [(r.name, r.locations, amounts(r)) for r in found] == [
        ("تأهيل مركز مدينة تيفلت", ["تيفلت"], []),
        ("تهيئة الساحة الكبرى", ["تيفلت"], [(20000000.0, "MAD")]),
        ("إحداث مرأب تحت أرضي", ["تيفلت"], [(35000000.0, "MAD")]),
    ]


# Places ---------------------------------------------------------------------------------------------------


def test_a_country_is_no_location_beside_a_place_inside_it():
    record = only("قدمت الوكالة اليابانية للتعاون الدولي منحة قدرها 300 ألف دولار لدعم مشروع تأهيل المستوصفات "
                  "بمحافظة إربد في الأردن.")
    assert record.locations == ["محافظة إربد"]  # and the place phrase ends at في
    assert names(record.funders) == ["الوكالة اليابانية للتعاون الدولي"]


def test_a_signing_venue_between_the_signatories_and_the_agreement_is_no_location():
    record = only("وقع صندوق الإيداع والتدبير والمجلس الإقليمي لتارودانت في الرباط اتفاقية شراكة لتمويل مشروع "
                  "تهيئة حديقة عمومية بمدينة أولاد تايمة.")
    assert record.locations == ["مدينة أولاد تايمة"]
    # where the agreement names the project's place, the place stays
    record = only("وقع صندوق الإيداع والتدبير والمجلس الإقليمي لتارودانت اتفاقية شراكة لتمويل مشروع تهيئة حديقة "
                  "عمومية في الرباط.")
    assert record.locations == ["الرباط"]


def test_the_body_that_hands_over_a_donation_funds_it():
    record = only("سلمت مؤسسة القرض الفلاحي هبة عبارة عن 30 جرارا لدعم التعاونيات الفلاحية بإقليم الرشيدية.")
    assert record.name == "دعم التعاونيات الفلاحية"
    assert names(record.funders) == ["مؤسسة القرض الفلاحي"]
    assert record.locations == ["الرشيدية"]


# Quoted names after what the programme is for, or after a headline's colon ------------------------------------


def test_a_quoted_name_after_the_purpose_and_a_naming_word():
    record = only("أطلقت الوكالة الوطنية للتشغيل برنامجا لمواكبة الخريجين الجدد تحت اسم «خطوة أولى» بكلفة 12 مليون درهم.")
    assert record.name == "خطوة أولى"
    assert amounts(record) == [(12000000.0, "MAD")]


def test_a_headline_names_its_project_after_a_colon():
    record = only("مشروع جديد للتنمية القروية بإقليم أزيلال: «ماء لكل دوار»\n"
                  "أعلنت الوكالة عن إطلاق المشروع الذي ستنفذه بشراكة مع الجماعة.")
    assert record.name == "ماء لكل دوار"
    assert record.locations == ["أزيلال"]
