"""Sector: the field a record's project works in, from the keywords of its name and description."""

from __future__ import annotations

from pipeline.records.lexicon import N
from pipeline.records.readers import RecordDraft, Settings, register_field_reader

SECTORS = [
    ("migration and development", ["الهجرة", "المهاجرين", "المغاربة المقيمين بالخارج", "مغاربة العالم", "اللاجئين", "الجالية",
                                   "تنقل الكفاءات"]),
    ("citizen participation and local governance", ["المشاركة المواطنة", "الحكامة", "الديمقراطية التشاركية", "حكاما"]),
    ("energy", ["الطاقة", "طاقة", "النجاعة الطاقية", "الطاقات المتجددة"]),
    ("education", ["التعليم", "التربوي", "المدرسة", "التمدرس", "التكوين"]),
    ("health", ["الصحة", "الصحية", "المستوصفات", "المستشفى"]),
    ("water and sanitation", ["الماء الصالح للشرب", "التطهير", "الماء"]),
    ("agriculture", ["الفلاحة", "الفلاحي", "الزراعية"]),
    ("urban development and public space", ["المنتزه", "الحضري", "التهيئة", "الحي", "فضاء"]),
    ("social and solidarity economy", ["الاقتصاد الاجتماعي", "التضامني", "مدرة للدخل"]),
    ("decentralized cooperation", ["توأمة", "التعاون اللامركزي"]),
]  # fmt: skip


def sector_of(text: str) -> str | None:
    """The sector whose keywords occur most often in `text` (the first one listed on a tie)."""
    folded = N(text)
    best, score = None, 0
    for sector, words in SECTORS:
        hits = sum(folded.count(N(w)) for w in words)
        if hits > score:
            best, score = sector, hits
    return best


@register_field_reader("sector")
def read_sector(draft: RecordDraft, settings: Settings) -> None:
    record = draft.record
    record.sector = sector_of(" ".join([record.name, *record.aliases, record.description or ""]))
