"""Training the statistical ORG recognizer (`taqrir train`).

The training data is the project's own, never the benchmark's gold: `extractors/data/train/orgs.jsonl`,
sentences built from templates and names of real kinds of bodies (`make_examples`), plus the
hand-written sentences of `extractors/data/train/handwritten.jsonl`. Each line is
`{"text", "spans": [[start, end, "ORG"], ...]}`.

`fit()` trains a small spaCy `ner` on `spacy.blank("ar")` (CPU, fixed seed, well under a minute) from
training items, complete or partial annotations (`to_example`), and writes a directory that
`spacy.load()` reads. `train()` fits the template sentences alone into `extractors/data/ner_org/` (the
shipped model); `pipeline.learn` adds what reviewers corrected and keeps versions (`extractors.models`).
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"
TRAIN_DIR = DATA / "train"
MODEL_DIR = DATA / "ner_org"

CITIES = ["الرباط", "الدار البيضاء", "فاس", "مكناس", "طنجة", "تطوان", "الناظور", "تازة", "أكادير", "تارودانت",
          "تزنيت", "ورزازات", "الراشيدية", "بني ملال", "خريبكة", "سطات", "الجديدة", "آسفي", "الصويرة", "العيون",
          "الداخلة", "كلميم", "القنيطرة", "سلا", "تمارة", "العرائش", "وزان", "إفران", "خنيفرة", "جرادة", "زاكورة",
          "الخميسات", "الصخيرات", "تاوريرت", "أزيلال", "ميدلت", "صفرو", "الفنيدق", "المضيق", "سيدي قاسم"]
FOREIGN_CITIES = ["بوردو", "نانت", "تولوز", "روتردام", "أنتويرب", "لييج", "ميلانو", "تورينو", "جنيف", "لشبونة",
                  "مرسيليا", "إشبيلية", "باريس", "ستراسبورغ", "بولونيا", "غنت", "لاهاي", "فالنسيا", "نابولي", "كولونيا"]
MINISTRIES = ["الداخلية", "الخارجية والتعاون الإفريقي", "الاقتصاد والمالية", "التربية الوطنية", "الصحة والحماية الاجتماعية",
              "الإدماج الاقتصادي والمقاولة الصغرى والتشغيل", "الفلاحة والصيد البحري", "التجهيز والماء",
              "السياحة والصناعة التقليدية", "الشباب والثقافة والتواصل", "العدل", "التعليم العالي والبحث العلمي",
              "إعداد التراب الوطني والتعمير والإسكان", "الانتقال الطاقي والتنمية المستدامة", "الشؤون الخارجية"]
NATIONS = ["الفرنسية", "الإسبانية", "البلجيكية", "الألمانية", "الهولندية", "الإيطالية", "السويسرية", "البرتغالية"]
ASSOC_NAMES = ["الأمل", "النور", "الفتح", "التضامن", "الخير", "الإحسان", "أطلس", "الواحة", "السلام", "الرحمة",
               "المستقبل", "النهضة", "إيمان", "البركة", "الياسمين", "الوفاء", "الأصالة", "الانطلاقة", "الزيتونة", "أمل الغد"]
ASSOC_TAILS = ["", " للتنمية", " للتنمية والتعاون", " للتنمية المحلية", " للتربية والثقافة", " للأعمال الاجتماعية",
               " لمحاربة الأمية", " لحماية البيئة", " النسوية", " للتنمية القروية", " لرعاية الطفولة"]
UNIVERSITIES = ["محمد الخامس", "الحسن الثاني", "ابن زهر", "ابن طفيل", "شعيب الدكالي", "مولاي إسماعيل",
                "سيدي محمد بن عبد الله", "الأخوين", "الحسن الأول", "بوردو", "جنيف", "ليون الثانية"]
AGENCIES = ["الوكالة الوطنية لإنعاش التشغيل والكفاءات", "الوكالة الوطنية للمياه والغابات", "وكالة الحوض المائي لسبو",
            "المكتب الوطني للكهرباء والماء الصالح للشرب", "الوكالة الألمانية للتعاون الدولي",
            "الوكالة الأمريكية للتنمية الدولية", "الوكالة اليابانية للتعاون الدولي", "البنك الأوروبي للاستثمار",
            "صندوق الأمم المتحدة للسكان", "منظمة الصحة العالمية", "منظمة الأغذية والزراعة", "البنك الدولي",
            "المفوضية السامية للأمم المتحدة لشؤون اللاجئين", "مجلس الجالية المغربية بالخارج",
            "مؤسسة الحسن الثاني للمغاربة المقيمين بالخارج", "الصندوق الكويتي للتنمية الاقتصادية العربية",
            "المرصد الوطني للتنمية البشرية", "المعهد الوطني للإحصاء والاقتصاد التطبيقي",
            "غرفة التجارة والصناعة والخدمات", "الاتحاد العام لمقاولات المغرب", "الهلال الأحمر المغربي"]
REGIONS = ["الشرق", "فاس مكناس", "سوس ماسة", "مراكش آسفي", "بني ملال خنيفرة", "الرباط سلا القنيطرة",
           "كلميم واد نون", "العيون الساقية الحمراء", "الداخلة وادي الذهب", "طنجة تطوان الحسيمة"]
LATIN = ["Agence Nationale de l'Habitat", "Fondation Orient-Occident", "Banque Populaire", "Union pour la Méditerranée",
         "Conseil Régional de l'Oriental", "Agence Française de Développement", "Croix-Rouge française"]

TEMPLATES = [
    "وقعت {A} اتفاقية شراكة مع {B} لتنفيذ المشروع.",
    "بتمويل من {A} وبشراكة مع {B}.",
    "قدمت {A} دعما ماليا لفائدة الجمعيات المحلية.",
    "أشرفت {A} على تنظيم يوم دراسي حول الهجرة والتنمية.",
    "ساهمت {A} بمبلغ 2 مليون درهم في إنجاز المشروع.",
    "أعلنت {A} عن إطلاق برنامج جديد لدعم الشباب.",
    "في إطار الشراكة بين {A} و {B} تم إحداث مركز للاستقبال.",
    "صادق {A} على اتفاقية التعاون خلال دورته العادية.",
    "استقبل رئيس {A} وفدا يمثل {B}.",
    "نظمت {A} ورشة تكوينية لفائدة المنتخبين.",
    "يتم تنفيذ المشروع من طرف {A} بدعم تقني من {B}.",
    "تتولى {A} تتبع إنجاز الأشغال، بينما تتكفل {B} بالتمويل.",
    "حضر اللقاء ممثلو {A} و {B} وعدد من الفاعلين.",
    "وأكد ممثل {A} أهمية التعاون اللامركزي.",
    "الشركاء: {A}، {B}.",
    "وقد خصصت {A} غلافا ماليا قدره 500 ألف درهم.",
    "منحت {A} تمويلا لإنجاز دراسة ميدانية.",
    "أبرمت {A} مذكرة تفاهم مع {B} سنة 2021.",
]
NEGATIVES = [
    "أكدت الوزارة على أهمية إشراك الجمعيات في تنفيذ البرنامج.",
    "عقد مجلس الجهة دورته العادية لشهر أكتوبر.",
    "شاركت الجمعيات والتعاونيات في اللقاء التواصلي.",
    "تم تنفيذ البرنامج بجهة الشرق وجهة سوس ماسة.",
    "صادق المجلس الجماعي بالإجماع على النقاط المدرجة.",
    "تقع مدينة الناظور في شمال شرق المملكة.",
    "ألقى الوزير المنتدب كلمة بالمناسبة.",
    "استفادت 25 جمعية من التكوين.",
    "ويندرج المشروع ضمن برنامج دعم المشاركة المواطنة.",
    "تم التنسيق مع السلطات المحلية والمصالح الخارجية.",
    "قامت الجماعة بتأهيل الفضاءات الخضراء.",
    "حضر ممثلو السفارات والقنصليات.",
]


# Noun phrases that are not bodies, put in the same slots: the model must learn names, not positions.
NON_BODIES = ["كلفة المشروع", "الأطفال المستفيدين", "المنح الدراسية", "الساكنة المحلية", "الشباب حاملي الشهادات",
              "التقرير السنوي", "الجمعيات المحلية", "المصالح الخارجية", "السلطات المحلية", "المنتخبين",
              "الفاعلين المحليين", "النساء القرويات", "مجلس الجهة", "الوزارة", "الجماعة", "المجلس الجماعي",
              "المرسوم رقم 2.22.431", "القانون التنظيمي رقم 113.14", "الدواوير المجاورة", "الأسر المعوزة",
              "المشروع", "البرنامج", "التلاميذ المتفوقين", "الجالية المقيمة بالخارج", "المهاجرين العائدين",
              "التصميم المديري", "المعرض الدولي", "الدورة العادية", "النشرة الإخبارية", "ميزانية الجماعة",
              "الجهة", "الإقليم", "المدينة العتيقة", "الوفد المرافق", "اللجنة التقنية", "المحور الثاني",
              "Smart City Expo", "Clé en main", "Rapport annuel", "المنصة الرقمية"]


def _bodies(rng: random.Random) -> list[str]:
    names = [f"جماعة {c}" for c in CITIES]
    names += [f"بلدية {c}" for c in FOREIGN_CITIES]
    names += [f"وزارة {m}" for m in MINISTRIES]
    names += [f"وزارة الخارجية {n}" for n in NATIONS] + [f"وزارة الداخلية {n}" for n in NATIONS[:3]]
    names += [f"جمعية {a}{t}" for a in ASSOC_NAMES for t in rng.sample(ASSOC_TAILS, 3)]
    names += [f"تعاونية {a}" + rng.choice(["", " النسوية", " الفلاحية"]) for a in ASSOC_NAMES[:10]]
    names += [f"جامعة {u}" for u in UNIVERSITIES]
    names += [f"مجلس جهة {r}" for r in REGIONS] + [f"المجلس الإقليمي ل{c}" for c in CITIES[:12]]
    names += AGENCIES + LATIN
    return names


def make_examples(seed: int = 13, per_template: int = 40) -> list[dict]:
    """Template sentences with their ORG spans, and sentences with generic mentions only."""
    rng = random.Random(seed)
    bodies = _bodies(rng)
    examples = []
    for template in TEMPLATES:
        for _ in range(per_template):
            a, b = rng.sample(bodies, 2)
            text, spans = "", []
            rest = template
            for slot, name in (("{A}", a), ("{B}", b)):
                if slot not in rest:
                    continue
                before, rest = rest.split(slot, 1)
                text += before
                spans.append([len(text), len(text) + len(name), "ORG"])
                text += name
            text += rest
            examples.append({"text": text, "spans": spans})
    for template in TEMPLATES:
        for _ in range(per_template // 2):
            a, b = rng.sample(NON_BODIES, 2)
            examples.append({"text": template.replace("{A}", a).replace("{B}", b), "spans": []})
    examples += [{"text": t, "spans": []} for t in NEGATIVES for _ in range(4)]
    rng.shuffle(examples)
    return examples


def write_examples(path: Path = TRAIN_DIR / "orgs.jsonl", seed: int = 13) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    examples = make_examples(seed)
    with path.open("w", encoding="utf-8") as out:
        for example in examples:
            out.write(json.dumps(example, ensure_ascii=False) + "\n")
    return len(examples)


def load_examples(paths: list[Path] | None = None) -> list[dict]:
    paths = paths or [TRAIN_DIR / "orgs.jsonl", TRAIN_DIR / "handwritten.jsonl"]
    examples = []
    for path in paths:
        if path.exists():
            examples += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return examples


def to_example(nlp: Any, item: dict[str, Any]) -> Any:
    """A spaCy `Example` from `{"text", "spans": [[start, end, label]], "complete"}` (offsets into the
    original text). The recognizer reads normalized text, like every extractor: the spans are mapped
    onto it. With `complete` false, tokens outside the spans are missing values, not "outside"."""
    from spacy.training import Example, offsets_to_biluo_tags

    from pipeline.normalize import normalize

    normalized = normalize(item["text"])
    doc = nlp.make_doc(normalized.text)
    ents = []
    for start, end, label in item["spans"]:
        n_start, n_end = normalized.to_normalized(start, end)
        span = doc.char_span(n_start, n_end, label=label, alignment_mode="contract")
        if span is not None and len(span):
            ents.append((span.start_char, span.end_char, label))
    tags = offsets_to_biluo_tags(doc, ents, missing="O" if item.get("complete", True) else "-")
    return Example.from_dict(doc, {"entities": tags})


def fit(items: list[dict[str, Any]], out_dir: Path, epochs: int = 10, seed: int = 13,
        labels: tuple[str, ...] = ("ORG",)) -> dict[str, float]:  # fmt: skip
    """Train a small `ner` on `spacy.blank("ar")` (CPU, fixed seed) from training items and write it to
    `out_dir`, a directory `spacy.load()` reads."""
    import spacy
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    t0 = time.perf_counter()
    nlp = spacy.blank("ar")
    ner = nlp.add_pipe("ner")
    for label in labels:
        ner.add_label(label)  # type: ignore[attr-defined]
    examples = [to_example(nlp, item) for item in items]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    losses: dict[str, float] = {}
    for _ in range(epochs):
        rng.shuffle(examples)
        losses = {}
        for batch in minibatch(examples, size=16):
            nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out_dir)
    return {"examples": len(examples), "seconds": time.perf_counter() - t0, "loss": losses.get("ner", 0.0)}


def template_items(seed: int = 13, regenerate: bool = False) -> list[dict[str, Any]]:
    """The project's own template and hand-written sentences, completely annotated."""
    if regenerate or not (TRAIN_DIR / "orgs.jsonl").exists():
        write_examples(seed=seed)
    return [{**item, "complete": True} for item in load_examples()]


def train(out_dir: Path = MODEL_DIR, epochs: int = 10, seed: int = 13, regenerate: bool = False) -> dict[str, float]:
    """Train the shipped ORG recognizer on the template sentences and write it to `out_dir`."""
    return fit(template_items(seed, regenerate), out_dir, epochs, seed)
