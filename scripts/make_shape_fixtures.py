#!/usr/bin/env python3
"""PDF fixtures for page shapes the sample reports lack (issue 17), made with the same tools as
`scripts/make_fixtures.py` (python-docx → LibreOffice, HTML → Chromium) and its helpers.

    python scripts/make_shape_fixtures.py [--out tests/fixtures/pdf/shapes]

What it makes:

* ``latin_lines.pdf`` / ``latin_lines.chromium.pdf``: an Arabic page whose paragraphs hold lines
  wholly in Latin letters or digits (a phone number, a standard's code, a decree number), each
  as a paragraph of its own and as a line of its own inside an Arabic paragraph.
* ``two_columns_ar.pdf`` / ``two_columns_ar.chromium.pdf``: an Arabic page set in two columns
  (a Writer section with 2 columns; CSS ``column-count: 2``) under a one-column title.
* ``two_columns_fr.pdf`` / ``two_columns_fr.chromium.pdf``: the same in French.

The texts are written here, not taken from a report; every file is reproducible (dates and IDs
rewritten like the other fixtures).
"""

from __future__ import annotations

import argparse
import html as htmlmod
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_fixtures import (  # noqa: E402
    HTML_TEMPLATE,
    ROOT,
    Block,
    DocxWriter,
    Profile,
    _el,
    _set_ordered,
    chromium_print,
    soffice_to_pdf,
)

SECTPR_ORDER = ("w:footnotePr", "w:endnotePr", "w:type", "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders",
                "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")

LATIN_LINES = [
    Block("title", "أرقام ورموز في سطور مستقلة"),
    Block("para", "للاستفسار يرجى الاتصال بمصلحة الشراكات على الرقم التالي:"),
    Block("para", "+212 5 37 00 00 00"),
    Block("para", "تخضع التجهيزات الكهربائية للمعيار الدولي التالي:"),
    Block("para", "IEC 62271-1"),
    Block("para", "صدر هذا القرار تطبيقا للمرسوم رقم:"),
    Block("para", "2.19.770"),
    Block("para", "وللتواصل مع المنسق الجهوي للبرنامج يمكن الاتصال بالرقم\n+212 5 22 45 67 89\nطيلة أيام الأسبوع."),
    Block("para", "وقد أنجزت الأشغال وفق المواصفة\nIEC 62271-1\nالمعتمدة لدى المكتب الوطني للكهرباء."),
]

AR_COLUMN_TEXT = [
    "يهدف برنامج تأهيل المراكز القروية إلى تحسين ظروف عيش الساكنة في الجماعات الترابية التابعة للإقليم، "
    "وذلك عبر تعبيد الطرق وتوسيع شبكة الإنارة العمومية وبناء المرافق الاجتماعية الأساسية.",
    "وقد بلغت الكلفة الإجمالية للبرنامج 45 مليون درهم، ساهمت فيها الجماعة بمبلغ 12 مليون درهم، "
    "ووزارة الداخلية بمبلغ 20 مليون درهم، والمجلس الإقليمي بالباقي.",
    "وانطلقت الأشغال في شهر مارس 2021 على أن تنتهي في متم سنة 2023، حسب الجدولة الزمنية المتفق عليها "
    "في اتفاقية الشراكة الموقعة بين الأطراف المعنية.",
    "وتتولى لجنة إقليمية للتتبع مراقبة تقدم الأشغال وإعداد تقارير دورية ترفع إلى السلطات المختصة، "
    "كما تسهر على احترام معايير الجودة والسلامة في جميع الأوراش.",
    "أما الشطر الثاني من البرنامج فيشمل إحداث مركز صحي ودار للطالبة وملعب للقرب بكلفة تقدر "
    "بثمانية ملايين درهم، ينتظر أن تنطلق أشغاله خلال سنة 2024.",
    "ويرتقب أن يستفيد من هذا البرنامج أزيد من 30 ألف نسمة موزعين على سبعة مراكز قروية، مما سيساهم "
    "في الحد من الهجرة نحو المدن وتحسين جاذبية المجال القروي.",
    "وفي مجال الماء الصالح للشرب، تم ربط أربعة دواوير بالشبكة العمومية وبناء خزان بسعة 500 متر مكعب، "
    "في إطار اتفاقية مع المكتب الوطني للكهرباء والماء الصالح للشرب.",
    "كما خصص البرنامج غلافا ماليا لدعم التعاونيات النسوية في مجال تثمين المنتجات المحلية، وتنظيم "
    "دورات تكوينية لفائدة الشباب حاملي المشاريع.",
    "وسيتم تقييم نتائج البرنامج من طرف مكتب دراسات مستقل عند نهاية كل شطر، وتنشر خلاصات التقييم "
    "على الموقع الإلكتروني للعمالة.",
]
FR_COLUMN_TEXT = [
    "Le programme de mise à niveau des centres ruraux vise à améliorer les conditions de vie des habitants "
    "des communes de la province, par le revêtement des routes, l'extension de l'éclairage public et la "
    "construction des équipements sociaux de base.",
    "Le coût global du programme s'élève à 45 millions de dirhams, dont 12 millions apportés par la commune, "
    "20 millions par le ministère de l'Intérieur et le reste par le conseil provincial.",
    "Les travaux ont commencé en mars 2021 et doivent s'achever fin 2023, selon le calendrier fixé par la "
    "convention de partenariat signée entre les parties concernées.",
    "Un comité provincial de suivi contrôle l'avancement des travaux et rédige des rapports périodiques "
    "adressés aux autorités compétentes ; il veille aussi au respect des normes de qualité et de sécurité.",
    "La seconde tranche du programme comprend un centre de santé, une maison de l'étudiante et un terrain "
    "de proximité, pour un coût estimé à huit millions de dirhams, avec un démarrage attendu en 2024.",
    "Plus de 30 000 habitants répartis sur sept centres ruraux devraient bénéficier de ce programme, ce qui "
    "contribuera à freiner l'exode vers les villes et à rendre l'espace rural plus attractif.",
    "Pour l'eau potable, quatre douars ont été raccordés au réseau public et un réservoir de 500 mètres cubes "
    "a été construit, dans le cadre d'une convention avec l'Office national de l'électricité et de l'eau potable.",
    "Le programme réserve aussi une enveloppe au soutien des coopératives féminines de valorisation des "
    "produits locaux et à des sessions de formation pour les jeunes porteurs de projets.",
    "Un bureau d'études indépendant évaluera les résultats du programme à la fin de chaque tranche, et les "
    "conclusions de l'évaluation seront publiées sur le site de la préfecture.",
]


def _two_column_docx(writer: DocxWriter, title: str, paragraphs: list[str], rtl: bool) -> None:
    """A one-column title section, then a section of two columns holding the paragraphs."""
    writer._para(writer.doc, title, style="Heading 1", jc=None, rtl=rtl)
    # The title paragraph ends a one-column continuous section (its sectPr sits in its pPr).
    title_sect = _el("w:sectPr")
    _set_ordered(title_sect, _el("w:type", val="continuous"), SECTPR_ORDER)
    body_sect = writer.doc.sections[0]._sectPr
    for tag in ("w:pgSz", "w:pgMar"):
        original = body_sect.find(f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{tag[2:]}")
        if original is not None:
            from copy import deepcopy

            _set_ordered(title_sect, deepcopy(original), SECTPR_ORDER)
    if rtl:
        _set_ordered(title_sect, _el("w:bidi"), SECTPR_ORDER)
    writer.doc.paragraphs[-1]._p.get_or_add_pPr().append(title_sect)
    for text in paragraphs:
        writer._para(writer.doc, text, jc="both", rtl=rtl)
    _set_ordered(body_sect, _el("w:type", val="continuous"), SECTPR_ORDER)
    _set_ordered(body_sect, _el("w:cols", num=2, space=720), SECTPR_ORDER)
    if not rtl:
        for old in body_sect.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi"):
            body_sect.remove(old)


def _html(title: str, body: str, lang: str, direction: str) -> str:
    page = HTML_TEMPLATE.format(title=htmlmod.escape(title), font="Amiri", content=body)
    page = page.replace('<html lang="ar" dir="rtl">', f'<html lang="{lang}" dir="{direction}">')
    return page.replace("</style>", "  .columns { column-count: 2; column-gap: 28px; text-align: justify; }\n</style>")


def make(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        docs: list[Path] = []
        latin = DocxWriter(Profile(font="Amiri", size=14, footer="page"), "أرقام ورموز")
        latin.add_blocks(LATIN_LINES)
        latin.save(tmp / "latin_lines.docx")
        docs.append(tmp / "latin_lines.docx")
        for stem, title, paragraphs, rtl in (
            ("two_columns_ar", "برنامج تأهيل المراكز القروية", AR_COLUMN_TEXT, True),
            ("two_columns_fr", "Programme de mise à niveau des centres ruraux", FR_COLUMN_TEXT, False),
        ):
            writer = DocxWriter(Profile(font="Amiri", latin_font="Noto Serif", size=12, footer="bare"), title)
            _two_column_docx(writer, title, paragraphs, rtl)
            writer.save(tmp / f"{stem}.docx")
            docs.append(tmp / f"{stem}.docx")
        soffice_to_pdf(docs, tmp)
        for docx in docs:
            shutil.move(str(tmp / f"{docx.stem}.pdf"), out / f"{docx.stem}.pdf")
            made.append(out / f"{docx.stem}.pdf")

        def lines_html(b: Block) -> str:
            return "<br>".join(htmlmod.escape(part) for part in b.text.split("\n"))

        pages = {
            "latin_lines": (
                "أرقام ورموز", "ar", "rtl",
                f"<h1>{htmlmod.escape(LATIN_LINES[0].text)}</h1>\n"
                + "\n".join(f"<p>{lines_html(b)}</p>" for b in LATIN_LINES[1:]),
            ),
            "two_columns_ar": (
                "برنامج تأهيل المراكز القروية", "ar", "rtl",
                "<h1>برنامج تأهيل المراكز القروية</h1>\n<div class=\"columns\">"
                + "".join(f"<p>{htmlmod.escape(t)}</p>" for t in AR_COLUMN_TEXT) + "</div>",
            ),
            "two_columns_fr": (
                "Programme de mise à niveau des centres ruraux", "fr", "ltr",
                "<h1>Programme de mise à niveau des centres ruraux</h1>\n<div class=\"columns\">"
                + "".join(f"<p>{htmlmod.escape(t)}</p>" for t in FR_COLUMN_TEXT) + "</div>",
            ),
        }
        for stem, (title, lang, direction, body) in pages.items():
            page = tmp / f"{stem}.html"
            page.write_text(_html(title, body, lang, direction), encoding="utf-8")
            chromium_print(page, out / f"{stem}.chromium.pdf")
            made.append(out / f"{stem}.chromium.pdf")
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(ROOT / "tests" / "fixtures" / "pdf" / "shapes"))
    args = parser.parse_args(argv)
    for path in make(Path(args.out).resolve()):
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
