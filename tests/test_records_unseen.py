"""Records on shapes of text the samples do not have (issue 20): names after a naming word or a
colon, loans, grants, supports, agreements and launches without a cue word, roles from what each
party does, periods from signature and launch dates, bodies that are not projects. Every sentence
here is written for these tests."""

from tests.records_text import names, only, records

# Names after a naming word, a colon or quotes ---------------------------------------------------------


def test_name_after_a_naming_word_and_quotes():
    record = only('أطلقت جمعية النور للتنمية القروية مشروعا تحت اسم "غد أفضل" لفائدة شباب جماعة أملن.')
    assert record.name == "غد أفضل"


def test_name_after_bi_unwan_with_guillemets():
    record = only("تنفذ جماعة تزنيت برنامجا بعنوان «حي نظيف» بكلفة 400 ألف درهم.")
    assert record.name == "حي نظيف"


def test_the_cue_and_naming_word_are_never_the_name():
    found = records("تواصل الجمعية تنفيذ المشروع المسمى ”قرية ذكية” بدوار إمي نتليت.")
    assert [r.name for r in found] == ["قرية ذكية"]


def test_unquoted_name_after_a_naming_word():
    record = only("ينفذ المجلس الإقليمي لأزيلال المشروع المسمى تثمين النباتات العطرية والطبية، بشراكة مع جمعية أيت بوكماز.")
    assert record.name == "تثمين النباتات العطرية والطبية"


def test_name_after_a_colon():
    record = only("ومن بين المشاريع المبرمجة مشروع: تهيئة ملعب القرب بحي السلام، بكلفة 900 ألف درهم.")
    assert record.name == "تهيئة ملعب القرب"
    assert "حي السلام" in " ".join(record.locations)


def test_a_count_stays_in_the_name_a_place_phrase_does_not():
    record = only("أعطيت انطلاقة برنامج تشجير 300 هكتار بإقليم إفران بتمويل من الوكالة الوطنية للمياه والغابات.")
    assert record.name == "تشجير 300 هكتار"


# Bodies are not projects ------------------------------------------------------------------------------


def test_a_programme_that_is_an_organization_is_no_record():
    found = records('يهدف مشروع "مدارس آمنة" إلى حماية التلاميذ، بدعم تقني من برنامج الأمم المتحدة الإنمائي.')
    assert [r.name for r in found] == ["مدارس آمنة"]


def test_an_initiative_inside_an_association_name_is_no_record():
    assert records("نظمت جماعة فاس، بتعاون مع جمعية المبادرة الخضراء، يوما تحسيسيا حول الفرز.") == []


def test_an_organization_with_its_acronym_is_no_record():
    found = records("قدمت الوكالة التركية للتعاون والتنسيق (TIKA) هبة لتجهيز مختبرات ثانوية الأمل بمدينة تازة.")
    assert all("الوكالة التركية" not in r.name for r in found)


def test_a_programme_after_a_contributing_verb_is_a_party():
    found = records("انطلق مشروع تأهيل سوق الجماعة بكلفة مليون درهم، ساهمت فيها المبادرة الوطنية للتنمية البشرية بـ700 ألف درهم.")
    assert [r.name for r in found] == ["تأهيل سوق الجماعة"]


# Loans, grants, supports, agreements and launches without a cue word ---------------------------------


def test_a_loan_is_named_by_what_it_finances():
    record = only("حصلت جماعة خريبكة على قرض بقيمة 60 مليون درهم لتمويل تهيئة المنطقة الصناعية الجديدة.")
    assert record.name == "تهيئة المنطقة الصناعية الجديدة"


def test_a_grant_keeps_a_purpose_word_that_is_not_finance():
    record = only("خصصت السفارة الهولندية منحة قدرها 40 ألف أورو لتحسين ظروف تمدرس الفتيات بالوسط القروي.")
    assert record.name == "تحسين ظروف تمدرس الفتيات بالوسط القروي"


def test_a_support_named_after_min_ajl_with_its_place_cut():
    record = only("رصد المجلس الإقليمي لخنيفرة دعما ماليا قدره 300 ألف درهم لفائدة جمعية الأطلس، من أجل اقتناء سيارة إسعاف بجماعة أجلموس.")
    assert record.name == "اقتناء سيارة إسعاف"


def test_an_agreement_about_something():
    record = only("وقعت جماعة آسفي وجمعية الصيادين اتفاقية شراكة تتعلق بتثمين منتوجات الصيد التقليدي.")
    assert record.name == "تثمين منتوجات الصيد التقليدي"


def test_an_instrument_for_a_named_project_is_that_project():
    found = records("منح البنك الأوروبي لإعادة الإعمار قرضا بقيمة 80 مليون أورو للمساهمة في تمويل مشروع الحافلات الكهربائية بمراكش.")
    assert [r.name for r in found] == ["الحافلات الكهربائية"]


def test_a_launch_of_works():
    record = only("أعطيت، يوم الثلاثاء 4 يونيو 2024، انطلاقة أشغال بناء قنطرة على وادي تانسيفت بكلفة 12 مليون درهم.")
    assert record.name.startswith("بناء قنطرة")


def test_an_agreement_for_an_event_is_no_record():
    assert records("وقعت جماعة الصويرة وجمعية موكادور اتفاقية شراكة لتنظيم الدورة العاشرة لمهرجان الأندلسيات.") == []


def test_a_grant_to_an_association_is_not_its_purpose():
    record = only("منحت الجهة منحة قدرها 200 ألف درهم لجمعية التحدي، قصد تجهيز ورشة للخياطة.")
    assert record.name == "تجهيز ورشة للخياطة"


def test_ordinal_items_after_a_dual_cue():
    found = records("وتبرمج الجماعة مشروعين: الأول يتعلق بتبليط أزقة حي النهضة، والثاني بإحداث مكتبة وسائطية.")
    assert [r.name for r in found] == ["تبليط أزقة حي النهضة", "إحداث مكتبة وسائطية"]


def test_an_acronym_then_its_quoted_name():
    record = only("يسعى مشروع YOUTHCONNECT، أو «شباب متصل»، إلى ربط الشباب بسوق الشغل.")
    assert (record.name, record.acronym) == ("شباب متصل", "YOUTHCONNECT")


# Roles from what the sentence says each party does ---------------------------------------------------


def test_a_giver_funds_and_its_borrower_implements():
    record = only("منح الصندوق العربي للإنماء المكتب الوطني للسكك الحديدية قرضا بقيمة 90 مليون دولار لتمويل تثنية خط القطار.")
    assert names(record.funders) == ["الصندوق العربي للإنماء"]
    assert names(record.implementers) == ["المكتب الوطني للسكك الحديدية"]


def test_a_receiver_of_a_loan_implements_the_lender_after_min_funds():
    record = only("حصلت جماعة تمارة على قرض من صندوق التجهيز الجماعي بقيمة 30 مليون درهم لتمويل تهيئة الكورنيش.")
    assert names(record.funders) == ["صندوق التجهيز الجماعي"]
    assert names(record.implementers) == ["جماعة تمارة"]


def test_signatories_of_a_loan_lender_funds_state_borrows():
    record = only("وقعت المملكة المغربية والبنك الأوروبي لإعادة الإعمار والتنمية اتفاقية قرض بقيمة 60 مليون أورو لتمويل تحديث الموانئ الصغيرة.")
    assert names(record.funders) == ["البنك الأوروبي لإعادة الإعمار والتنمية"]
    assert names(record.implementers) == ["المملكة المغربية"]


def test_a_borrower_that_only_signs_is_a_partner_when_another_body_implements():
    record = only("وقعت وزارة الاقتصاد والمالية والوكالة اليابانية للتعاون الدولي اتفاقية قرض لتمويل تحلية مياه البحر بالداخلة، "
                  "على أن يتولى المكتب الوطني للكهرباء والماء الصالح للشرب تنفيذ المشروع.")
    assert names(record.funders) == ["الوكالة اليابانية للتعاون الدولي"]
    assert names(record.implementers) == ["المكتب الوطني للكهرباء والماء الصالح للشرب"]
    assert names(record.partners) == ["وزارة الاقتصاد والمالية"]


def test_signatories_of_a_partnership_are_partners_an_officials_title_gives_the_body():
    record = only("وقع رئيس مجلس جهة الشرق والمدير العام للوكالة الوطنية للموانئ اتفاقية شراكة تتعلق بتأهيل ميناء السعيدية.")
    assert sorted(names(record.partners)) == sorted(["مجلس جهة الشرق", "الوكالة الوطنية للموانئ"])
    assert record.funders == [] and record.implementers == []


def test_a_grant_given_to_a_body_that_carries_it_out():
    record = only("منحت سفارة اليابان بالرباط جمعية تنمية الواحات منحة قدرها 60 ألف دولار لإنجاز تجهيز بئر للسقي.")
    assert names(record.funders) == ["سفارة اليابان بالرباط"]
    assert names(record.implementers) == ["جمعية تنمية الواحات"]


def test_a_grant_receiver_that_does_not_carry_it_out_benefits_no_role():
    record = only("قدمت الحكومة الكورية هبة بقيمة 2 مليون دولار لفائدة المستشفى الإقليمي بالعرائش من أجل تعزيز التجهيزات الطبية.")
    assert names(record.funders) == ["الحكومة الكورية"]
    assert record.implementers == [] and record.partners == []


def test_a_nationality_after_a_grant_gives_the_funding_country():
    record = only("استفادت جماعة أكادير من منحة إسبانية بقيمة 200 ألف أورو لإنجاز تأهيل سوق السمك.")
    assert names(record.funders) == ["إسبانيا"]
    assert names(record.implementers) == ["جماعة أكادير"]


def test_shares_make_funders_short_forms_are_the_bodies_named_before():
    record = only("صادق مجلس جهة فاس مكناس على اتفاقية شراكة مع وزارة الفلاحة وجماعة صفرو لإنجاز تأهيل السوق الأسبوعي، "
                  "يساهم فيه مجلس الجهة بـ10 ملايين درهم، والوزارة بـ5 ملايين درهم، والجماعة بمليون درهم.")
    assert sorted(names(record.funders)) == sorted(["مجلس جهة فاس مكناس", "وزارة الفلاحة", "جماعة صفرو"])
    assert record.partners == []


def test_implementer_and_funder_verbs():
    record = only("يهدف مشروع «مياه نقية» إلى تزويد الدواوير بالماء، وتتولى تنفيذه جمعية الأطلس الكبير، ويموله الاتحاد الأوروبي، "
                  "بدعم تقني من المنظمة الدولية للهجرة.")
    assert names(record.implementers) == ["جمعية الأطلس الكبير"]
    assert names(record.funders) == ["الاتحاد الأوروبي"]
    assert names(record.partners) == ["المنظمة الدولية للهجرة"]


# Places ------------------------------------------------------------------------------------------------


def test_the_place_of_a_funding_council_is_not_a_location():
    record = only("خصص مجلس جهة بني ملال خنيفرة منحة قدرها 400 ألف درهم لجمعية الأمل، قصد تجهيز مركز لذوي الإعاقة بمدينة الفقيه بن صالح.")
    assert names(record.funders) == ["مجلس جهة بني ملال خنيفرة"]
    assert [p for p in record.locations if "بني ملال" in p] == []


def test_a_borrowing_country_and_the_signing_venue_are_not_locations():
    record = only("وقع المغرب والبنك الإفريقي للتنمية، يوم 3 مارس 2022 بالرباط، اتفاقية قرض بقيمة 80 مليون دولار لتمويل تأهيل السدود الصغيرة بإقليم خنيفرة.")
    assert names(record.implementers) == ["المغرب"]
    assert record.locations == ["خنيفرة"]


def test_a_commune_that_funds_and_hosts_keeps_its_place_phrase():
    record = only("انطلقت أشغال مشروع تهيئة سوق الخضر بجماعة تامنصورت بكلفة 900 ألف درهم، ساهمت فيها جماعة تامنصورت بـ300 ألف درهم.")
    assert names(record.funders) == ["جماعة تامنصورت"]
    assert any("تامنصورت" in p for p in record.locations)


def test_a_plural_place_phrase_ends_a_body_name():
    record = only("يهدف مشروع «نساء رائدات» إلى دعم التعاونيات، وتنفذه الوكالة البلجيكية للتنمية بجهتي الشرق وفاس مكناس.")
    assert names(record.implementers) == ["الوكالة البلجيكية للتنمية"]


# Periods -----------------------------------------------------------------------------------------------


def test_a_signature_date_and_a_duration_give_start_and_end_year():
    record = only("وقعت جماعة الجديدة وبلدية سيتوبال البرتغالية، يوم 12 ماي 2021، اتفاقية تعاون لتبادل التجارب في تدبير الشواطئ، تمتد على مدى ثلاث سنوات.")
    assert (record.start, record.end) == ("2021-05-12", "2023")


def test_the_signature_date_dates_every_record_of_the_sentence():
    found = records("وقع البنك الدولي والمملكة المغربية، يوم 2 فبراير 2020، اتفاقيتي تمويل: الأولى تتعلق بقرض قدره 200 مليون دولار "
                    "لتمويل تحسين التعليم الثانوي، والثانية بمنحة قدرها 3 ملايين دولار لتمويل تقييم المنظومة التربوية.")
    assert [(r.start, r.end) for r in found] == [("2020-02-02", None), ("2020-02-02", None)]


def test_birasm_sana_gives_one_year():
    record = only("خصص المجلس الإقليمي لوزان دعما ماليا قدره 500 ألف درهم لفائدة جمعية النهضة من أجل تجهيز ملعب القرب برسم سنة 2022.")
    assert (record.start, record.end) == ("2022", "2022")


def test_an_end_cue_and_an_open_range_after_a_signature():
    record = only("وقعت الحكومة المغربية والاتحاد الأوروبي، في أكتوبر 2020، اتفاقية تمويل لتمويل برنامج «إصلاح» لدعم الحكامة، على أن يمتد تنفيذه إلى غاية 2024.")
    assert (record.start, record.end) == ("2020-10", "2024")
    record = only("يرتقب أن تنطلق أشغال مشروع بناء المسبح الأولمبي بمدينة الناظور سنة 2025 وتنتهي سنة 2027.")
    assert (record.start, record.end) == ("2025", "2027")


def test_a_visit_date_and_a_date_inside_the_name_are_not_the_period():
    assert only("كان مشروع تأهيل حديقة الأندلس، المنجز من طرف جماعة مكناس، محور زيارة ميدانية قام بها الوالي يوم 5 يناير 2023.").start is None
    assert only("أطلق برنامج إعادة إيواء الأسر المتضررة من فيضانات 12 نونبر 2022 بتمويل من صندوق التضامن.").start is None


# Beneficiaries -----------------------------------------------------------------------------------------


def test_liifaidat_names_beneficiaries_bodies_or_groups():
    record = only("أطلقت جمعية الواحة مشروع «نخيل» لفائدة صغار المنتجين بإقليم زاكورة.")
    assert names(record.beneficiaries) == ["صغار المنتجين"]
    record = only("خصص المجلس الإقليمي لميدلت دعما ماليا قدره 200 ألف درهم لفائدة جمعية الأمل للمعاقين من أجل اقتناء حافلة للنقل.")
    assert names(record.beneficiaries) == ["جمعية الأمل للمعاقين"] and record.implementers == []


def test_a_grant_to_a_body_before_its_purpose_is_for_that_body():
    record = only("قدمت الجماعة منحة قدرها 50 ألف درهم لجمعية الرياضيين، قصد تنظيم دوري كرة القدم للأحياء.")
    assert names(record.beneficiaries) == ["جمعية الرياضيين"]


def test_the_borrower_after_liifaidat_implements():
    record = only("وافق مجلس إدارة البنك الإفريقي للتنمية على قرض بقيمة 100 مليون أورو لفائدة المغرب، لتمويل تطوير السلاسل الفلاحية.")
    assert names(record.implementers) == ["المغرب"] and record.beneficiaries == []
    assert names(record.funders) == ["البنك الإفريقي للتنمية"]


# Programmes named by their purpose, and more parties ----------------------------------------------------


def test_a_programme_named_by_its_purpose():
    record = only("أطلقت وزارة السياحة برنامجا لتأهيل دور الضيافة بالمناطق الجبلية بغلاف مالي قدره 50 مليون درهم.")
    assert record.name.startswith("تأهيل دور الضيافة")
    record = only("تنفذ جمعية المستقبل مشروعا يهدف إلى تعليم البرمجة لأطفال القرى بدعم من الوكالة الكندية للتنمية الدولية.")
    assert record.name.startswith("تعليم البرمجة")
    record = only("أعلن المجلس عن إطلاق برنامج لتجديد أسطول النقل المدرسي بالإقليم.")
    assert record.name.startswith("تجديد أسطول النقل المدرسي")


def test_a_count_of_projects_is_no_programme():
    assert records("وقعت الوزارة اتفاقيات مع 35 جمعية لإنجاز 40 مشروعا لتشغيل الشباب.") == []


def test_the_plural_cue_is_dropped_from_a_financed_object():
    record = only("حصلت جماعة بني ملال على قرض بقيمة 20 مليون درهم لتمويل مشاريع تبليط الأزقة.")
    assert record.name == "تبليط الأزقة"


def test_a_body_in_a_place_phrase_is_no_party():
    record = only("تنفذ جمعية الخير مشروع «سقاية» لتزويد المدارس بالماء بجماعة أولاد تايمة.")
    assert names(record.implementers) == ["جمعية الخير"]


def test_a_signatory_that_contributes_funds_and_a_short_form_after_a_council():
    record = only("وقعت جماعة الرشيدية وجمعية تافيلالت للتنمية اتفاقية شراكة من أجل تهيئة ملعب القرب، بمساهمة الجماعة بمبلغ 900 ألف درهم.")
    assert names(record.funders) == ["جماعة الرشيدية"]
    assert names(record.partners) == ["جمعية تافيلالت للتنمية"]


def test_a_nationality_whose_country_has_the_article():
    record = only("استفادت جهة درعة تافيلالت من منحة إماراتية بقيمة 10 ملايين دولار لإنجاز تأهيل القصور.")
    assert names(record.funders) == ["الإمارات العربية المتحدة"]


def test_a_registered_body_named_like_a_programme_is_no_record():
    assert records("يعمل برنامج الأغذية العالمي على دعم الأمن الغذائي في عدة دول إفريقية.") == []
    found = records("في إطار المبادرة الوطنية للتنمية البشرية، أعطيت انطلاقة أشغال بناء دار للأمومة بجماعة أيت أورير.")
    assert [r.name for r in found] == ["بناء دار للأمومة"]


def test_a_state_funds_after_a_role_cue_and_a_republic_signs():
    record = only("تمول اليابان مشروع تحديث معدات الصيد التقليدي بالحسيمة بمبلغ 500 مليون ين.")
    assert names(record.funders) == ["اليابان"] and "اليابان" not in record.locations
    record = only("وقعت المملكة المغربية وجمهورية كوريا اتفاقية تمويل بقيمة 30 مليون دولار لتمويل رقمنة الخدمات الصحية.")
    assert names(record.funders) == ["جمهورية كوريا"] and names(record.implementers) == ["المملكة المغربية"]


def test_place_phrases_the_gazetteer_does_not_know():
    record = only("أعطيت انطلاقة أشغال بناء مدرسة جماعاتية بدوار إمليل التابع لجماعة أسكاون بإقليم تارودانت.")
    assert {"دوار إمليل", "جماعة أسكاون"} <= set(record.locations)
    record = only("تنفذ جمعية النخيل مشروع «واحتي» لفائدة الفلاحين بجماعتي تغجيجت وتيمولاي إزدار.")
    assert {"تغجيجت", "تيمولاي إزدار"} <= set(record.locations)


def test_a_place_phrase_inside_a_body_name_is_no_location():
    # where the text names a place, the one inside the funding council's name is not added (a council
    # that acts gives its territory only when no other place is named: tests/test_records_roles.py)
    record = only("يهدف مشروع «نور» إلى إنارة الأزقة بحي السلام، بتمويل من المجلس الإقليمي لجماعة تيفلت الكبرى.")
    assert record.locations == ["حي السلام"]


def test_a_bracketed_short_name_after_a_quoted_or_cue_name():
    assert only("أطلق مشروع «مدن خضراء» (GreenCiT) بجهة فاس مكناس.").acronym == "GreenCiT"
    assert only("يهدف البرنامج الجهوي لتشغيل النساء (تمكين) إلى مواكبة المقاولات النسائية.").acronym == "تمكين"
    assert only("تنفذ الجمعية مشروع «أطلس أخضر» (Projet VERDA) بإقليم إفران.").acronym == "VERDA"


def test_an_amount_given_with_no_instrument_word():
    record = only("رصدت وزارة الثقافة 4 ملايين درهم لترميم قصبة تاوريرت برسم سنة 2024.")
    assert record.name.startswith("ترميم قصبة تاوريرت")
    assert names(record.funders) == ["وزارة الثقافة"] and (record.start, record.end) == ("2024", "2024")


def test_a_loan_agreement_signed_with_maa_and_a_purpose_ending_a_body():
    record = only("وقع الصندوق الدولي للتنمية الزراعية مع الحكومة المغربية اتفاق قرض بقيمة 40 مليون دولار لدعم الفلاحة التضامنية.")
    assert names(record.funders) == ["الصندوق الدولي للتنمية الزراعية"]
    assert names(record.implementers) == ["الحكومة المغربية"]
    record = only("تم التوقيع على اتفاقية شراكة بين جماعة طانطان ومؤسسة الحسن الثاني لإحداث مركز للتكوين المهني.")
    assert sorted(names(record.partners)) == sorted(["جماعة طانطان", "مؤسسة الحسن الثاني"])
