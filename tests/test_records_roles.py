"""Records on the grammatical shapes read from the third development set's failures (issue 20, third
round): what a sentence says each party does (the subject of a verb of contributing or carrying out,
a receiver, a lender among signatories), the territory of a council that acts, a twinning's towns,
venues and datelines, periods from verbs of ending and lasting, names after quotes of every kind, and
definite cue words that are a verb's object. Every sentence here is written for these tests: other
words, places and bodies than the development sets'."""

from pipeline.records.places import council_territory
from pipeline.records.seats import without_nationality
from tests.records_text import names, only, records

# Periods: verbs of ending and of lasting ------------------------------------------------------------------


def test_a_date_after_a_verb_of_ending_is_the_end_only():
    record = only("تواصل شركة التهيئة الحضرية لورزازات إنجاز مشروع تأهيل الواجهة النهرية لوادي درعة، ومن المرتقب أن تنتهي الأشغال سنة 2027.")
    assert (record.start, record.end) == (None, "2027")


def test_entering_service_gives_the_end():
    record = only("وقع المكتب الوطني للمطارات والوكالة الوطنية للموانئ مذكرة تفاهم لتنزيل مشروع \"ربط لوجستي ذكي\". ويرتقب أن يدخل المشروع حيز الخدمة سنة 2029.")
    assert (record.start, record.end) == (None, "2029")


def test_a_duration_after_a_verb_of_lasting():
    record = only("وقعت مؤسسة التعاون الإسلامي ووزارة التضامن، يوم 8 يوليوز 2021، اتفاقية منحة بقيمة 3 ملايين دولار لتمويل برنامج «سند» على أن يمتد تنفيذه أربع سنوات.")
    assert (record.start, record.end) == ("2021-07-08", "2024")


def test_months_from_a_month_start_end_at_a_month():
    record = only("انطلق مشروع \"مكتبات متنقلة\" في مارس 2023 لمدة 15 شهرا بتمويل من جمعية أصدقاء الكتاب.")
    assert (record.start, record.end) == ("2023-03", "2024-05")


def test_years_from_a_month_start_end_at_a_year():
    record = only("انطلق مشروع \"مكتبات متنقلة\" في مارس 2023 لمدة سنتين بتمويل من جمعية أصدقاء الكتاب.")
    assert (record.start, record.end) == ("2023-03", "2024")


def test_a_concluding_verb_dates_the_signature():
    record = only("أبرمت جماعة إفران، يوم 2 أبريل 2019، اتفاقية توأمة مع مدينة أنسي الفرنسية لتطوير السياحة الجبلية المستدامة.")
    assert record.start == "2019-04-02"


# Roles: what the sentence says each party does -------------------------------------------------------------


def test_short_forms_after_verbs_of_contributing_and_carrying_out():
    record = only("وقعت جمعية النخيل للتنمية ومجلس جهة الشرق، يوم 9 شتنبر 2023، اتفاقية لتنزيل برنامج \"شباب مبادر\". "
                  "ويساهم مجلس الجهة بمبلغ 6 ملايين درهم فيما تتولى الجمعية تنفيذ البرنامج.")  # fmt: skip
    assert names(record.funders) == ["مجلس جهة الشرق"]
    assert names(record.implementers) == ["جمعية النخيل للتنمية"]
    assert record.partners == []


def test_a_bracketed_short_form_does_not_end_the_signatories():
    record = only("وقعت الوكالة الوطنية للسلامة الطرقية (نارسا) وجماعة سطات اتفاقية شراكة لإنجاز مشروع \"طريق آمنة\".")
    assert names(record.partners) == ["الوكالة الوطنية للسلامة الطرقية", "جماعة سطات"]


def test_a_fund_lends_before_a_foreign_government():
    record = only("وقع الصندوق العربي للإنماء الاقتصادي والاجتماعي مع حكومة الجمهورية التونسية اتفاقية قرض بقيمة 30 مليون دينار كويتي لتمويل مشروع تحلية مياه البحر بجربة.")
    assert names(record.funders) == ["الصندوق العربي للإنماء الاقتصادي والاجتماعي"]
    assert names(record.implementers) == ["حكومة الجمهورية التونسية"]


def test_the_subject_of_undertaking_a_project_implements_it():
    record = only("شرعت شركة الدار البيضاء للخدمات في إنجاز مشروع تأهيل المجازر الجماعية بتمويل من صندوق التجهيز الجماعي.")
    assert names(record.implementers) == ["شركة الدار البيضاء للخدمات"]
    assert names(record.funders) == ["صندوق التجهيز الجماعي"]


def test_a_verb_after_by_it_still_has_its_subject():
    record = only("وقعت جماعة الناظور والوكالة الوطنية للتجهيزات العامة اتفاقية تتولى بموجبها الوكالة تنفيذ مشروع بناء قاعة مغطاة لفائدة الجماعة.")
    assert names(record.implementers) == ["الوكالة الوطنية للتجهيزات العامة"]
    assert names(record.beneficiaries) == ["جماعة الناظور"]


def test_a_receiver_with_what_it_gets_carries_out():
    record = only("حظيت تعاونية الأمل النسوية بدعم من مؤسسة التجاري وفا بنك قدره 120 ألف درهم لتنفيذ مشروع \"منتوجات الصبار\".")
    assert names(record.implementers) == ["تعاونية الأمل النسوية"]


def test_an_association_is_named_without_its_place_phrase():
    record = only("حظيت جمعية تيفاوين للتنمية بجماعة أغواطيم بتمويل من سفارة سويسرا قدره 40 ألف فرنك سويسري لتنفيذ مشروع \"ماء الدوار\".")
    assert names(record.implementers) == ["جمعية تيفاوين للتنمية"]
    assert record.locations == ["جماعة أغواطيم"]


def test_a_joint_financing_between_bodies_makes_both_funders():
    record = only("أعطيت انطلاقة مشروع \"ملاعب القرب\" بتمويل مشترك بين مجلس جهة فاس مكناس وجماعة صفرو.")
    assert names(record.funders) == ["مجلس جهة فاس مكناس", "جماعة صفرو"]


# Places: councils that act, twinnings, venues and datelines ---------------------------------------------------


def test_the_territory_of_a_council_that_funds_when_no_place_is_named():
    record = only("وقعت جماعة الفقيه بن صالح وجمعية الأفق للبيئة اتفاقية لإنجاز مشروع \"حديقتي\". وتساهم الجماعة بمبلغ 90 ألف درهم.")
    assert names(record.funders) == ["جماعة الفقيه بن صالح"]
    assert record.locations == ["جماعة الفقيه بن صالح"]


def test_a_council_s_territory_gives_way_to_a_place_the_text_names():
    record = only("خصص المجلس الإقليمي للرحامنة مليوني درهم لتأهيل مشروع \"سوق الحي\" بدوار أولاد عمر.")
    assert record.locations == ["دوار أولاد عمر"]


def test_council_forms_name_their_territory():
    assert council_territory("مجلس جهة كلميم واد نون") == "جهة كلميم واد نون"
    assert council_territory("المجلس الإقليمي للرحامنة") == "الرحامنة"
    assert council_territory("المجلس الجماعي لمدينة الجديدة") == "الجديدة"
    assert council_territory("الوكالة الوطنية للموانئ") is None
    assert without_nationality("مدينة سيت الفرنسية") == "مدينة سيت"


def test_a_twinning_lists_both_towns_and_keeps_the_partners_as_written():
    record = only("صادق المجلس الجماعي لمدينة الجديدة على اتفاقية توأمة مع مدينة سيت الفرنسية تهدف إلى تبادل التجارب في تدبير الموانئ الصغيرة.")
    assert names(record.partners) == ["المجلس الجماعي لمدينة الجديدة", "مدينة سيت الفرنسية"]
    assert record.locations == ["مدينة الجديدة", "سيت"]


def test_a_dateline_is_no_location():
    record = only("وجدة (ومع) - أطلقت جمعية الواحة الخضراء مشروع \"تدوير النفايات المنزلية\" بحي الأندلس.")
    assert record.locations == ["حي الأندلس"]


def test_a_place_before_a_day_s_date_is_the_venue():
    record = only("وقعت وزارة الفلاحة المصرية والوكالة الإيطالية للتعاون الإنمائي، في القاهرة يوم 3 مارس 2020، اتفاقية منحة لدعم صغار المزارعين في محافظة سوهاج.")
    assert record.locations == ["محافظة سوهاج"]


# Names: quotes of every kind, cues that only name before quotes, definite cues that are objects ---------------


def test_single_guillemets_are_quotes():
    record = only("أطلقت جمعية أمل الشباب برنامج ‹خطوة› لمواكبة الشباب الباحثين عن الشغل.")
    assert record.name == "خطوة"


def test_a_quoted_name_after_a_few_words_describing_it():
    record = only("أطلقت جماعة مرتيل مشروع تشجير الأحياء \"مرتيل خضراء\" بشراكة مع جمعية البحر الأزرق.")
    assert record.name == "مرتيل خضراء"


def test_a_campaign_is_a_record_only_with_a_quoted_name():
    assert [r.name for r in records("نظمت جمعية الوفاء حملة «صيف بلا حوادث» لفائدة الأطفال بتمويل من مؤسسة محمد السادس.")] == ["صيف بلا حوادث"]
    assert records("نظمت جمعية الوفاء حملة للتبرع بالدم بمدينة سلا.") == []


def test_a_name_after_its_title_word():
    record = only("حصلت جمعية الأمل للتنمية على منحة لتنفيذ مشروع عنوانه: محو الأمية الرقمية لدى النساء القرويات.")
    assert record.name == "محو الأمية الرقمية لدى النساء القرويات"


def test_a_definite_cue_before_a_body_is_the_verb_s_object():
    record = only("أعطيت انطلاقة مشروع \"ري الواحات\" بإقليم فكيك. وتتولى تنفيذ المشروع المديرية الإقليمية للفلاحة بفكيك.")
    assert names(record.implementers) == ["المديرية الإقليمية للفلاحة بفكيك"]


def test_a_definite_cue_before_a_time_word_is_no_name():
    record = only("وقعت وزارة التجهيز والبنك الإفريقي للتنمية اتفاقية تمويل لبرنامج \"طرق الجبل\" بقيمة 90 مليون دولار. ويغطي البرنامج الفترة 2024-2028.")
    assert record.name == "طرق الجبل"


def test_a_launch_verb_before_works():
    record = only("انطلقت بإقليم أزيلال أشغال بناء القنطرة الرابطة بين دوار أيت بوولي ومركز تابانت بكلفة 14 مليون درهم.")
    assert record.name.startswith("بناء القنطرة الرابطة")


def test_a_programme_after_a_funding_verb_and_its_object_funds():
    found = records("وقعت جهة الداخلة وادي الذهب وجهة الأزور اتفاقية لتنفيذ مشروع «بحر مشترك». ويمول المشروع برنامج التعاون الأطلسي بمبلغ 800 ألف يورو.")
    assert [r.name for r in found] == ["بحر مشترك"]


def test_a_total_split_into_amounts_each_with_its_purpose():
    found = records("وقعت الوكالة اليابانية للتعاون الدولي والمملكة المغربية اتفاقيتي قرض بقيمة إجمالية 200 مليون دولار، "
                    "منها 120 مليون دولار لتأهيل الموانئ الصغيرة و80 مليون دولار لدعم الصيد التقليدي.")  # fmt: skip
    assert [r.name for r in found] == ["تأهيل الموانئ الصغيرة", "دعم الصيد التقليدي"]
    assert [(a.amount, a.currency) for a in found[1].amounts] == [(80_000_000, "USD")]
    assert all(names(r.funders) == ["الوكالة اليابانية للتعاون الدولي"] for r in found)


def test_an_agreement_named_by_its_title_after_a_naming_word():
    record = only("صادقت جماعة الصويرة على اتفاقية توأمة مع مدينة سان مالو الفرنسية تحت عنوان «بحر وتراث»، تمتد من 2024 إلى 2027.")
    assert record.name == "بحر وتراث"
    assert (record.start, record.end) == ("2024", "2027")
    assert names(record.partners) == ["جماعة الصويرة", "مدينة سان مالو الفرنسية"]
    assert record.locations == ["الصويرة", "سان مالو"]


def test_a_cue_word_with_its_owner_s_pronoun_before_a_title():
    record = only("تواصل جمعية الأطلس الكبير تنفيذ برنامجها المسمى «قرى مضيئة» بإقليم ميدلت.")
    assert record.name == "قرى مضيئة"
    assert names(record.implementers) == ["جمعية الأطلس الكبير"]


def test_a_quoted_programme_after_a_funding_verb_is_no_record():
    found = records("وقعت جهة الداخلة وادي الذهب وجهة الأزور اتفاقية لتنفيذ مشروع «بحر مشترك». ويمول المشروع برنامج التعاون الأطلسي «أطلس بلو» بمبلغ 800 ألف يورو.")
    assert [r.name for r in found] == ["بحر مشترك"]
    assert found[0].locations == ["جهة الداخلة وادي الذهب", "جهة الأزور"]  # the partner regions, no other place named


def test_a_bracketed_share_does_not_end_a_list_of_funders():
    record = only("أعطيت انطلاقة مشروع \"سوق نموذجي\" بتمويل مشترك بين مجلس عمالة سلا (5 ملايين درهم) وجماعة سلا (3 ملايين درهم).")
    assert names(record.funders) == ["مجلس عمالة سلا", "جماعة سلا"]


def test_the_project_as_object_before_the_funding_subject():
    record = only("أعطى عامل إقليم تاونات انطلاقة مشروع \"ماء القرى\". ويمول المشروع المكتب الوطني للكهرباء والماء الصالح للشرب.")
    assert names(record.funders) == ["المكتب الوطني للكهرباء والماء الصالح للشرب"]


def test_states_signing_a_memorandum_are_partners_not_places():
    record = only("وقع المغرب والبرتغال مذكرة تفاهم لإنجاز مشروع \"ممر أخضر\" بشراكة مع البنك المغربي للتجارة والصناعة.")
    assert names(record.partners) == ["البنك المغربي للتجارة والصناعة", "المغرب", "البرتغال"]  # cue lists, then signatories
    assert record.locations == []


# Lists of sub-projects -------------------------------------------------------------------------------------


def test_items_listed_after_an_opener_that_names_the_plural():
    found = records("صادق المجلس الإقليمي لأزيلال على 18 مشروعا بغلاف مالي إجمالي قدره 40 مليون درهم. "
                    "ومن بين هذه المشاريع تهيئة سوق أسبوعي بجماعة واويزغت بكلفة 2 مليون درهم، وبناء قنطرة بدوار تيفرت بكلفة 5 ملايين درهم.")  # fmt: skip
    assert [r.name for r in found] == ["تهيئة سوق أسبوعي", "بناء قنطرة"]
    assert [[(a.amount, a.currency) for a in r.amounts] for r in found] == [[(2_000_000, "MAD")], [(5_000_000, "MAD")]]


def test_an_ordinal_adjective_inside_a_name_opens_no_item():
    found = records("صادقت اللجنة الإقليمية على مشروعين، ويتعلق الأمر بدعم التعليم الأولي بجماعة أكنول بمبلغ 300 ألف درهم، وتجهيز مستوصف بجماعة تايناست بمبلغ 500 ألف درهم.")
    assert [r.name for r in found] == ["دعم التعليم الأولي", "تجهيز مستوصف"]
    assert [(a.amount, a.currency) for a in found[0].amounts] == [(300_000, "MAD")]


def test_a_grant_for_building_names_its_record():
    record = only("قدمت مؤسسة الخير للتنمية منحة بقيمة 5 ملايين درهم لبناء مدرسة ابتدائية بمدينة أطار.")
    assert record.name == "بناء مدرسة ابتدائية"
    assert names(record.funders) == ["مؤسسة الخير للتنمية"]
    assert record.locations == ["مدينة أطار"]


def test_an_aim_inside_an_association_s_name_names_no_record():
    assert records("شاركت جمعية الأمل لحماية البيئة في لقاء تواصلي حول تدبير النفايات بمدينة تطوان.") == []


def test_items_listed_after_a_plural_and_a_colon():
    found = records("انطلق برنامج «قرى ذكية» الذي يضم مشروعين فرعيين: تزويد المدارس بالألواح الشمسية بجماعة تدارت، وتعميم الإنترنت بجماعة أيت سدرات.")
    assert [r.name for r in found] == ["قرى ذكية", "تزويد المدارس بالألواح الشمسية", "تعميم الإنترنت"]


def test_ordinal_items_after_a_colon_stay_ordinal_items():
    found = records("صادق المجلس على مشروعين: الأول يتعلق بتهيئة مسبح بلدي، والثاني بإحداث مكتبة.")
    assert [r.name for r in found] == ["تهيئة مسبح بلدي", "إحداث مكتبة"]


def test_an_accusative_adjective_between_the_cue_and_its_purpose():
    record = only("تضم الاستراتيجية مشروعا نموذجيا لتثمين الصبار بإقليم سيدي إفني بكلفة 12 مليون درهم.")
    assert record.name == "تثمين الصبار"
    assert record.locations == ["سيدي إفني"]


def test_a_name_may_open_with_its_count():
    record = only("وقعت جماعة أزرو وجمعية الأطلس المتوسط اتفاقية شراكة لإنجاز 20 سقاية عمومية بدواوير الجماعة.")
    assert record.name == "20 سقاية عمومية"


def test_what_a_president_inaugurates_after_the_subject_and_the_date():
    record = only("دشن رئيس المجلس الإقليمي لوزان، يوم 4 مارس 2022، دار الشباب بحي الرمل، التي أنجزت بتمويل من وزارة الشباب والثقافة والتواصل.")
    assert (record.name, record.start) == ("دار الشباب", "2022-03-04")
    assert names(record.funders) == ["وزارة الشباب والثقافة والتواصل"]
    assert record.locations == ["حي الرمل", "وزان"]  # the inaugurating council's territory too


def test_an_inaugurated_event_is_no_record():
    assert records("دشن السيد الوزير، في جو احتفالي، فعاليات الدورة الخامسة للمعرض الجهوي للكتاب.") == []


def test_an_adjective_after_a_known_place_is_part_of_its_name():
    record = only("أطلقت الوكالة المستقلة للماء والكهرباء مشروع \"شبكة ذكية\" بالدار البيضاء الكبرى.")
    assert record.locations == ["الدار البيضاء الكبرى"]


def test_the_subject_of_a_launch_of_its_own_project_implements_it():
    record = only("بدعم من البنك الأوروبي للاستثمار، أطلقت الشركة الجهوية متعددة الخدمات الشرق مشروعا لتجديد قنوات الصرف الصحي بمدينة الناظور.")
    assert names(record.implementers) == ["الشركة الجهوية متعددة الخدمات الشرق"]
    assert names(record.funders) == ["البنك الأوروبي للاستثمار"]
    assert record.locations == ["مدينة الناظور"]


def test_each_of_after_a_signing_verb():
    record = only("وقع كل من المكتب الوطني للسكك الحديدية والوكالة الوطنية للموانئ مذكرة تفاهم لتنزيل مشروع \"ميناء جاف\".")
    assert names(record.partners) == ["المكتب الوطني للسكك الحديدية", "الوكالة الوطنية للموانئ"]


def test_the_rest_borne_by_a_short_form_of_a_signatory():
    record = only("تعتزم جماعة آسفي، بشراكة مع وزارة الثقافة، إنجاز مشروع ترميم قصر البحر بكلفة 9 ملايين درهم. وتساهم الوزارة بـ6 ملايين درهم بينما تتحمل الجماعة الباقي.")
    assert names(record.funders) == ["وزارة الثقافة", "جماعة آسفي"]


def test_the_council_of_a_region_that_signs_as_the_region():
    record = only("وقعت جهة الشرق والوكالة الوطنية للتجهيزات العامة اتفاقية شراكة لإنجاز 12 دارا للطالبة بالعالم القروي. "
                  "ويتحمل مجلس الجهة 70 في المائة من الكلفة.")  # fmt: skip
    assert names(record.funders) == ["جهة الشرق"]
    assert names(record.partners) == ["الوكالة الوطنية للتجهيزات العامة"]


def test_a_short_form_refers_to_a_body_named_earlier_in_the_paragraph():
    found = records("وقعت وزارة الفلاحة والبنك الإفريقي للتنمية اتفاق قرض بقيمة 100 مليون يورو لدعم برنامج الري الموضعي. "
                    "كما منح البنك هبة قدرها 500 ألف دولار لفائدة المعهد الوطني للبحث الزراعي بهدف تعزيز البحث التطبيقي.")  # fmt: skip
    grant = next(r for r in found if r.name == "تعزيز البحث التطبيقي")
    assert names(grant.funders) == ["البنك الإفريقي للتنمية"]
