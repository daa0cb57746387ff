"""Web pages: main content without navigation or footer, tables kept."""

from pipeline.load import load_bytes

PAGE = """<!doctype html><html lang="ar" dir="rtl"><head><title>وزارة الداخلية</title>
<script>var x = "<p>not text</p>";</script><style>p{color:red}</style></head>
<body>
<nav class="main-menu"><ul><li>الرئيسية</li><li>الأخبار</li></ul></nav>
<header id="site-header"><p>بوابة الوزارة</p></header>
<main>
  <h1>إطلاق مشروع جديد للهجرة</h1>
  <p>تم إطلاق المشروع بميزانية قدرها <strong>5 مليون</strong> اورو.</p>
  <ul><li>جهة الشرق</li><li>جهة سوس ماسة</li></ul>
  <table><tr><th>الجهة</th><th>المبلغ بالدرهم</th></tr>
         <tr><td>الشرق</td><td>1 200 000</td></tr></table>
  <div class="share-buttons"><a>Facebook</a><a>Partager</a></div>
</main>
<footer><p>جميع الحقوق محفوظة 2024</p></footer>
</body></html>"""


def test_page_main_content_only():
    doc = load_bytes(PAGE.encode("utf-8"), "news.html")
    assert doc.status == "ok" and doc.format == "html"
    kinds = [(b.kind, doc.text[b.start : b.end]) for b in doc.blocks if b.kind != "table"]
    assert kinds == [
        ("heading", "إطلاق مشروع جديد للهجرة"),
        ("paragraph", "تم إطلاق المشروع بميزانية قدرها 5 مليون اورو."),
        ("list_item", "جهة الشرق"),
        ("list_item", "جهة سوس ماسة"),
    ]
    for junk in ("الرئيسية", "بوابة الوزارة", "جميع الحقوق", "Partager", "not text", "color"):
        assert junk not in doc.text


def test_page_tables_kept_with_header():
    doc = load_bytes(PAGE.encode("utf-8"), "news.html")
    table = next(b for b in doc.blocks if b.kind == "table")
    assert table.has_header
    assert [[c.text for c in r] for r in table.rows] == [["الجهة", "المبلغ بالدرهم"], ["الشرق", "1 200 000"]]


def test_page_in_windows_1256_declared_in_meta():
    page = '<html><head><meta charset="windows-1256"></head><body><p>جماعة وجدة</p></body></html>'
    doc = load_bytes(page.encode("cp1256"), "old.htm")
    assert doc.text == "جماعة وجدة"


def test_empty_page_is_an_error():
    doc = load_bytes(b"<html><body><nav>menu</nav></body></html>", "empty.html")
    assert doc.status == "error"
    assert doc.error == "the HTML page has no readable text"


def test_ministry_page_fixture_keeps_article_and_tables_like_the_text_version():
    from pathlib import Path

    from pipeline.load import load_document
    from tests.conftest import ROOT, sample

    page = load_document(ROOT / "tests" / "fixtures" / "html" / "004_010f2b19d76e34c4.html")
    text = load_document(sample("004"))
    assert page.status == "ok"
    assert page.text.startswith("حصيلة برنامج الشراكة مع النسيج الجمعوي")
    for junk in ("اتصل بنا", "المنشورات", "\u203a"):
        assert junk not in page.text

    def tables(doc):
        return [[[c.text for c in row] for row in b.rows] for b in doc.blocks if b.kind == "table"]

    assert tables(page) == tables(text)
    assert Path(page.path).suffix == ".html"


def test_table_caption_kept_before_its_table():
    page = "<html><body><main><table><caption>الجدول رقم 3: الدعم بآلاف الدراهم</caption>" \
           "<tr><th>الجهة</th><th>المبلغ</th></tr><tr><td>الشرق</td><td>1 200</td></tr></table></main></body></html>"
    doc = load_bytes(page.encode("utf-8"), "t.html")
    caption, table = doc.blocks
    assert (caption.kind, doc.text[caption.start : caption.end]) == ("paragraph", "الجدول رقم 3: الدعم بآلاف الدراهم")
    assert [[c.text for c in r] for r in table.rows] == [["الجهة", "المبلغ"], ["الشرق", "1 200"]]
