"""Parties: roles from what a sentence says each party does with a loan, grant, support or agreement.

In the sentences of a record's own text:
- a giver (`منح X Y قرضا`، `قدمت X هبة`، `خصص X دعما ماليا`، `رصد له X منحة`): X funds, Y (its
  direct object) receives; a receiver (`حصلت X على قرض`، `استفادت X من منحة`): X receives;
- `قرض من X`، `منحة من X`: X funds; `منحة فرنسية`: the country of the nationality funds;
- `لفائدة X` after a loan or financing: X borrows; after a grant or support: X receives;
- signatories: `وقع X وY اتفاقية ...`، `التوقيع على اتفاقية ... بين X وY`، `صادق X على اتفاقية ... مع Y`;
- a share: `X بـ40 مليون درهم` (a short form, `الوزارة`، `مجلس الجهة`، is the body named before it);
- the subject of a verb that says what a party does (VSO): a verb of contributing funds (`ويساهم مجلس
  الجهة بمبلغ`، `ويمول المشروع المكتب ...`), a verb of carrying out followed by its work implements
  (`تتولى الوكالة تنفيذ البرنامج`، `شرعت شركة X في إنجاز مشروع`، `تتولى بموجبها الوكالة تنفيذ ...`);
- a receiver with what it gets (`حظيت جمعية X بتمويل من ...`).

Who receives a loan or financing borrows: it implements, unless another body is said to carry the
project out (then it is a partner). Who receives a grant or support implements when the money is
to carry the project out (`لإنجاز`، `لتنفيذ`), else it benefits; so do those the project is for
(`لفائدة صغار الفلاحين`، `يستفيد منه ...`), bodies or groups of people. Of signatories: for a loan
or financing the lender funds and the others borrow; for a grant the lender funds and the others
implement; for an agreement all are partners unless the agreement is to finance (`لتمويل`: its
lender funds; a bank or a fund lends before a government that only has a foreign nationality). A party
with a share funds. A stated role wins over being a signatory (partners by default). These roles
replace what the role cues gave the party, keeping the spelling the text wrote first.
"""

from __future__ import annotations

import re

from extractors.base import alternation
from extractors.organizations import read_org_data
from extractors.places import read_place_data
from pipeline.normalize import NormalizedText
from pipeline.records.identity import NEAR_NAME, close, key, unique_names
from pipeline.records.instruments import INSTRUMENT, KIND_OF, first_purpose
from pipeline.records.lexicon import (
    CUE,
    DEF_CUE,
    INDEF_CLITIC,
    ITEM_HEAD_RE,
    LETTER,
    LIST_CUES,
    ORG_HEAD,
    WORDS,
    N,
)
from pipeline.records.name_end import name_end
from pipeline.records.organizations import LIST_CUE_RE, arabic_name, as_organizations, item_end, names_of
from pipeline.records.readers import RecordDraft, Settings, register_field_reader
from pipeline.records.source import Source, Span

PARTY = WORDS["party_words"]
V = r"(?<!{L})[وف]?(?:{words})(?!{L})"


def _verbs(name: str) -> str:
    return V.format(L=LETTER, words=alternation(PARTY[name]))


GIVER = re.compile(_verbs("giver_verbs") + rf"\s+(?:(?:{alternation(PARTY['to_it'])})\s+)?")
RECEIVER = re.compile(_verbs("receiver_verbs") + r"\s+")
SIGNER = re.compile(_verbs("signing_verbs") + r"\s+")
SIGNING = re.compile(_verbs("signing_nouns"))
APPROVER = re.compile(_verbs("approving_verbs") + r"\s+")
BETWEEN = re.compile(rf"(?<!{LETTER}){N('بين')}\s+")
WITH = re.compile(rf"(?<!{LETTER}){N('مع')}\s+")
ON = re.compile(rf"\s*{N('على')}\s+|\s*{N('من')}\s+")
FROM = re.compile(rf"\s*{N('من')}\s+")
FOR = re.compile(rf"(?<!{LETTER}){N('لفائدة')}\s+")
TO_BODY = re.compile(rf"(?<!\S)ل(?=(?!{N('ال')}){ORG_HEAD}(?!{LETTER}))")
BENEFITS = re.compile(_verbs("benefit_words") + r"\s+")
PHRASE_END = re.compile(r"[\"“”«»„‟'‘’\n()،,.:;؛!؟?]")
CARRY_OUT = re.compile(rf"(?<!{LETTER})(?:{alternation(PARTY['carry_out'])})(?!{LETTER})")
TO_FINANCE = re.compile(rf"(?<!{LETTER})(?:{alternation(PARTY['to_finance'])})(?!{LETTER})")
TITLE = re.compile(rf"(?:{alternation(PARTY['titles'])})\s+")
JOIN = re.compile(rf"\s*(?:،\s*)?(?:و\s*|{N('مع')}\s+|(?:{alternation(PARTY['represented_by'])})\s+)")
SHARE = re.compile(r"\s*ب\s*$")
LENDER = re.compile(rf"(?<!{LETTER})(?:{alternation(PARTY['lender_words'])})(?!{LETTER})")
NATIONAL = re.compile(rf"^(?:{alternation(PARTY['national_heads'])})(?!{LETTER})|{N('المغربية')}")
STEMS = [N(s) for s in read_org_data()["nationality_stems"]]
FOREIGN = re.compile(rf"(?<!{LETTER}){N('ال')}?(?:{alternation([s for s in STEMS if s != N('مغرب')])})(?:يه|ي)(?!{LETTER})")
NATIONALITY_AFTER = re.compile(rf"\s+(?P<adj>(?:{alternation(STEMS)})(?:يه|ي))(?!{LETTER})")
COUNTRIES: list[tuple[str, str]] = [(N(f), c["name"]) for c in read_place_data()["countries"] for f in [c["name"], *c.get("variants", [])]]
COUNTRY_NAME = {form: name for form, name in COUNTRIES}
MOROCCO = read_place_data()["countries"][0]["name"]  # the gazetteer's first country
COUNTRY = re.compile(rf"[وبل]?(?P<c>{alternation([f for f, _ in COUNTRIES])})(?!{LETTER})")
STATE = re.compile(rf"[وبل]?(?P<c>(?:{alternation(PARTY['state_words'])})\s+\S+(?:\s+{N('ال')}\S+){{0,3}})")
HEAD_AT = re.compile(rf"(?<!{LETTER})[وبل]?(?={ORG_HEAD}(?!{LETTER}))")
SENTENCE_END = re.compile(r"[.؛!؟?\n](?=\s|$)")
# A bracketed short form after a party's name (`الوكالة الوطنية ... (أنابيك)`): read over, it names no other party.
BRACKETED = re.compile(r"\s*\([^()\n]{1,40}\)")
# The subject of a verb that says what a party does (VSO: `ويساهم مجلس الجهة بمبلغ ...`، `تتولى الوكالة
# تنفيذ البرنامج`، `شرعت شركة X في إنجاز مشروع`): a contributing verb makes it a funder; a verb of
# carrying out does when the work it takes follows (`في`/`على` before it allowed).
_BY_IT = rf"(?:(?:{alternation(PARTY['by_it'])})\s+)?"  # `تتولى بموجبها الوكالة تنفيذ ...`
# the object may come first when it is the project itself (`ويمول المشروع المكتب الوطني ...`)
SUBJECT_FUNDS = re.compile(_verbs("subject_verbs_funders").replace("[وف]?", "[وف]?س?", 1) + r"\s+" + _BY_IT + rf"(?:{DEF_CUE}\s+)?")
SUBJECT_DOES = re.compile(_verbs("subject_verbs_implementers") + r"\s+" + _BY_IT)
# `حظيت جمعية X بتمويل من ...`: X receives what the sentence gives
_PLACE_WORDS = alternation(WORDS["phrase_place_words"]["single"] + [N("إقليم"), N("جهة"), N("عمالة")])
RECEIVES_WITH = re.compile(rf"(?:\s+ب(?:{_PLACE_WORDS})(?:\s+{LETTER}+){{1,3}}?)?\s*ب(?:{N('تمويل')}|{N('دعم')}|{N('منحة')}|{N('هبة')}|{N('قرض')})(?!{LETTER})")
SUBJECT_LAUNCHES = re.compile(_verbs("launching_verbs") + r"\s+")
LAUNCHED_AFTER = re.compile(rf"\s*(?:{CUE}|{INDEF_CLITIC}(?:{alternation(WORDS['accusative_cue_words'])}))(?!{LETTER})")  # `أطلقت الشركة X مشروعا ...`: what it launches
WORK_AFTER = re.compile(rf"\s*(?:(?:{N('في')}|{N('على')})\s+)?(?:{alternation(PARTY['undertaken_works'])})(?!{LETTER})")
# One role a party: what it is said to do wins over being one of the signatories (partners by default).
SHORT_FORM_ADJECTIVES = set(PARTY["short_form_adjectives"])
NATIONALITY_WORD = re.compile(rf"{N('ال')}(?:{alternation(STEMS)})(?:يه|ي)")
EACH_OF = re.compile(rf"(?:{alternation(WORDS['list_after_cue']['each_of'])})(?!{LETTER})\s+")  # `وقع كل من A وB`
PRECEDENCE = {"funders": 0, "implementers": 1, "borrower": 2, "beneficiaries": 3, "partners": 4}

ROLE_FIELDS = ("funders", "implementers", "partners", "beneficiaries")
Party = tuple[str, int, int]  # name (as written), start, end in the sentence's normalized text


class _Sentence:
    def __init__(self, source: Source, start: int, end: int):
        self.source, self.start = source, start
        self.norm: NormalizedText = source.window(start, end)
        self.text = self.norm.text

    def written(self, s: int, e: int) -> str:
        o_s, o_e = self.norm.to_original(s, e)
        return self.norm.original[o_s:o_e].strip(" ،,.:؛")

    def party(self, pos: int) -> Party | None:
        """The organization or state named from `pos` (a title before it skipped: `رئيس مجلس ...`)."""
        text = self.text
        pos += len(text[pos:]) - len(text[pos:].lstrip())
        prefix = ""
        if (title := TITLE.match(text, pos)) is not None:  # `المدير الجهوي للوكالة ...` -> `الوكالة ...`
            pos = title.end()
            if text.startswith("لل", pos):
                pos, prefix = pos + 2, "ال"
            elif text.startswith("ل", pos):
                pos += 1
        for pattern in (COUNTRY, STATE):
            if (m := pattern.match(text, pos)) is not None:
                name = self.written(m.start("c"), m.end("c"))
                return name, m.start("c"), m.end("c")
        if text[pos : pos + 1] in ("و", "ب", "ل") and ITEM_HEAD_RE.match(text, pos + 1) and not prefix:
            pos += 1
        if not prefix and ITEM_HEAD_RE.match(text, pos) is None:
            return None
        end = item_end(text, pos)
        if end <= pos:
            return None
        return arabic_name(prefix + self.written(pos, end)), pos, end

    def phrase(self, pos: int) -> Party | None:
        """A group of people named from `pos` (`صغار الفلاحين`), ended as an unquoted name is."""
        limit = PHRASE_END.search(self.text, pos)
        end = name_end(self.text, pos, limit.start() if limit else len(self.text))
        return (self.written(pos, end), pos, end) if end > pos else None

    def chain(self, pos: int) -> list[Party]:
        """Parties listed from `pos`: `X وY`، `X، ممثلة في Y، وZ`."""
        found: list[Party] = []
        while (party := self.party(pos)) is not None:
            found.append(party)
            after = bracket.end() if (bracket := BRACKETED.match(self.text, party[2])) else party[2]
            join = JOIN.match(self.text, after)
            if join is None:
                break
            pos = join.end()
        return found

    def heads(self) -> list[Party]:
        """Every party the sentence names, in order."""
        found: list[Party] = []
        for m in HEAD_AT.finditer(self.text):
            if found and m.start() < found[-1][2]:
                continue
            if (party := self.party(m.start())) is not None:
                found.append(party)
        return found


def _country_of(adjective: str) -> str | None:
    """The country a nationality adjective names (`فرنسية` -> `فرنسا`)."""
    stem = re.sub(r"(?:يه|ي)$", "", adjective)
    for form, name in COUNTRIES:
        if form.startswith(stem) or re.sub(rf"^{N('ال')}", "", form).startswith(stem):
            return name
    return None


def _resolve(short: str, named: list[Party]) -> str:
    """A short form (`الوزارة`، `مجلس الجهة`، `الجهة الفرنسية`، `الجماعة` for `مجلس جماعة X`) as the
    body named before it: its head word among the body's first two, its other words in it."""
    stems = [N(w)[2:] if N(w).startswith(N("ال")) else N(w) for w in short.split()]
    if len(stems) == 2 and stems[0] == N("مجلس"):  # `مجلس الجهة` is also the region that signs as `جهة X`
        territory = next((n for n, _, _ in named if [N(w) for w in n.split()][:1] == [stems[1]]), None)
        if territory is not None:  # the territory itself named as the party (`جهة بني ملال خنيفرة`)
            return territory
    for name, _, _ in named:
        words = [N(w)[2:] if N(w).startswith(N("ال")) else N(w) for w in name.split()]
        if name != short and len(words) > len(stems) and stems[0] in words[:2] and all(s in words for s in stems[1:]):
            return name
    return short


def _short_subject(s: _Sentence, subject: Party) -> tuple[str, int]:
    """A verb's subject and where it ends: a short form (`الجمعية`، `مجلس الجهة`، `المجلس الإقليمي`) is its
    definite head and the definite word after an indefinite head or a definite adjective, resolved later to the
    body named before (`تتحمل الجماعة الباقي` -> `الجماعة`); any other subject as read."""
    name, start, end = subject
    words = name.split()
    first = N(words[0]) if words else ""
    if first.startswith(N("ال")) and ITEM_HEAD_RE.fullmatch(first[2:]):
        second = N(words[1]) if len(words) > 1 else ""
        size = 2 if second in SHORT_FORM_ADJECTIVES or NATIONALITY_WORD.fullmatch(second) else 1  # `الدولة المغربية`
    elif len(words) > 1 and ITEM_HEAD_RE.fullmatch(first) and N(words[1]).startswith(N("ال")) and ITEM_HEAD_RE.fullmatch(N(words[1])[2:]):
        size = 2  # `مجلس الجهة`
    else:
        return name, end
    short = " ".join(words[:size])
    last = N(words[size - 1])
    at = s.text.find(last, start, end)
    return short, (at + len(last) if at >= 0 else end)


def sentence_roles(source: Source, start: int, end: int) -> dict[str, str]:
    """Party name -> role (funders, implementers, partners, beneficiaries, or `borrower`) in one sentence."""
    s = _Sentence(source, start, end)
    text = s.text
    roles: dict[str, str] = {}
    named = s.heads()
    instrument = INSTRUMENT.search(text)
    kind = KIND_OF.get(instrument["word"]) if instrument else None
    anchor = (instrument.start(), instrument.end()) if instrument else _budget(s, start)
    if instrument is None and anchor is not None:
        kind = "support"  # `رصدت الوزارة 5 ملايين درهم لتأهيل ...`: an amount given
    receives = "implementers" if CARRY_OUT.search(text) else "beneficiaries"
    receiver_role = "borrower" if kind in ("loan", "financing") else receives
    if anchor is not None:
        a_start, a_end = anchor
        for m in GIVER.finditer(text, 0, a_start + 1):
            giver = s.party(m.end())
            if giver is not None:
                roles[giver[0]] = "funders"
                after = bracket.end() if (bracket := BRACKETED.match(text, giver[2])) else giver[2]
                if (receiver := s.party(after)) is not None and receiver[2] <= a_start:
                    roles[receiver[0]] = receiver_role
        for m in RECEIVER.finditer(text, 0, a_start + 1):
            receiver = s.party(m.end())
            if receiver is not None and ON.match(text, receiver[2]):
                roles[receiver[0]] = receiver_role
        for m in INSTRUMENT.finditer(text):
            if (giver_from := FROM.match(text, m.end())) and (giver := s.party(giver_from.end())):
                roles[giver[0]] = "funders"
            if (adj := NATIONALITY_AFTER.match(text, m.end())) and (country := _country_of(adj["adj"])):
                roles[country] = "funders"
        purpose = first_purpose(text, a_end, len(text))
        for m in TO_BODY.finditer(text, a_end, purpose.start() if purpose else len(text)):
            # `منحة قدرها ... لجمعية X، قصد ...`: X receives the grant (before what it is for)
            if (party := s.party(m.end())) is not None and party[0] not in roles:
                roles[party[0]] = receiver_role
                break
        for m in FOR.finditer(text, a_start):
            if (party := s.party(m.end())) is not None and party[0] not in roles:
                roles[party[0]] = receiver_role
        signers = _signatories(s, a_start)
        if signers:
            lenders = _lenders(signers) if kind in ("loan", "financing", "grant") or TO_FINANCE.search(text) else []
            other = {"loan": "borrower", "financing": "borrower", "grant": "implementers"}.get(kind or "", "partners")
            for name in signers:
                roles.setdefault(name, "funders" if name in lenders else other)
    for m in [*FOR.finditer(text), *BENEFITS.finditer(text)]:
        beneficiary = s.party(m.end()) or s.phrase(m.end())
        if beneficiary is not None and beneficiary[0] not in roles:
            roles[beneficiary[0]] = "beneficiaries"  # `لفائدة التعاونيات النسائية`، `يستفيد منه سكان 40 دوارا`
    for cue in LIST_CUE_RE.finditer(text):  # `تمول اليابان ...`: a state after a role cue (no ORG head)
        state = s.party(cue.end())
        if state is not None and ITEM_HEAD_RE.match(text, state[1]) is None and state[0] not in roles:
            roles[state[0]] = LIST_CUES[cue["cue"]]
    for m in RECEIVER.finditer(text):
        receiver = s.party(m.end())
        if receiver is not None and RECEIVES_WITH.match(text, receiver[2]) and receiver[0] not in roles:
            roles[receiver[0]] = receives
    for m in SUBJECT_LAUNCHES.finditer(text):  # the subject of a launch of its own project implements it
        if (subject := s.party(m.end())) is not None and LAUNCHED_AFTER.match(text, subject[2]) and subject[0] not in roles:
            roles[subject[0]] = "implementers"
    for pattern in (SUBJECT_FUNDS, SUBJECT_DOES):
        for m in pattern.finditer(text):
            subject = s.party(m.end())
            if subject is None:
                continue
            name, subject_end = _short_subject(s, subject)  # a short form is resolved over the whole scope
            if pattern is SUBJECT_FUNDS:
                roles[name] = "funders"
            elif WORK_AFTER.match(text, subject_end) and roles.get(name) != "funders":
                roles[name] = "implementers"
    for money in source.entities_in([(start, end)], "MONEY"):
        share = SHARE.search(text[: _position(s, money.start - start)])
        owner = next((p for p in reversed(named) if share and p[2] <= share.start() and not text[p[2] : share.start()].strip()), None)
        if owner is not None:  # `X بـ40 مليون درهم`: X's share
            roles[_resolve(owner[0], named)] = "funders"
    return roles


def _budget(s: _Sentence, offset: int) -> tuple[int, int] | None:
    """An amount a giver verb gives, with no instrument word (`رصدت الوزارة 5 ملايين درهم لتأهيل ...`):
    its span in the sentence's normalized text."""
    for money in s.source.entities_in([(offset, offset + len(s.norm.original))], "MONEY"):
        m_start = _position(s, money.start - offset)
        if GIVER.search(s.text, 0, m_start):
            return m_start, _position(s, money.end - offset)
    return None


def _position(s: _Sentence, offset: int) -> int:
    """The normalized position of an original offset of the sentence."""
    low, high = 0, len(s.text)
    while low < high:
        mid = (low + high) // 2
        if s.norm.to_original(mid, mid)[0] < offset:
            low = mid + 1
        else:
            high = mid
    return low


def _signatories(s: _Sentence, instrument_at: int) -> list[str]:
    """The parties that sign the sentence's agreement: after a signing verb, `بين` after the signing
    noun, or the approving body and those `مع` it."""
    text = s.text
    for m in SIGNER.finditer(text, 0, instrument_at + 1):
        start = each.end() if (each := EACH_OF.match(text, m.end())) else m.end()
        if found := s.chain(start):
            return [p[0] for p in found]
    if (signing := SIGNING.search(text)) and (between := BETWEEN.search(text, signing.end())):
        return [p[0] for p in s.chain(between.end())]
    for m in APPROVER.finditer(text, 0, instrument_at + 1):
        approver = s.party(m.end())
        if approver is None:
            continue
        with_ = WITH.search(text, instrument_at)
        return [approver[0], *(p[0] for p in (s.chain(with_.end()) if with_ else []))]
    return []


def _lenders(signers: list[str]) -> list[str]:
    """The signatories that lend: not a Moroccan body, and a bank, fund or union or a foreign body
    when several are not Moroccan (none when all look alike)."""
    national = [n for n in signers if NATIONAL.search(N(n)) or COUNTRY_NAME.get(N(n)) == MOROCCO]
    foreign = [n for n in signers if n not in national]
    # a bank or a fund lends before a body that only has a foreign nationality (`حكومة المملكة الأردنية`)
    banks = [n for n in foreign if LENDER.search(N(n))]
    lenders = (banks or [n for n in foreign if FOREIGN.search(N(n))]) if len(foreign) > 1 else foreign
    return lenders if len(lenders) < len(signers) or len(signers) == 1 else []


def _sentences(source: Source, spans: list[Span]) -> list[Span]:
    found: list[Span] = []
    for s_start, s_end in spans:
        start = source.sentence_start(s_start)
        end = (m.start() if (m := SENTENCE_END.search(source.text, max(s_end - 1, start))) else len(source.text))
        pos = start
        for m in SENTENCE_END.finditer(source.text, start, end):
            found.append((pos, m.start()))
            pos = m.end()
        found.append((pos, end))
    return sorted({f for f in found if f[1] > f[0]})


@register_field_reader("parties")
def read_parties(draft: RecordDraft, settings: Settings) -> None:
    record, source = draft.record, draft.source
    roles: dict[str, str] = {}
    sentences = _sentences(source, draft.scope.segments)
    # a short form may refer to a body named earlier in the paragraph (`كما منح البنك ...`)
    unit_start = draft.scope.main.unit.start
    before = _sentences(source, [(unit_start, min(s for s, _ in sentences))]) if sentences and unit_start < sentences[0][0] else []
    named = [p for start, end in [*before, *sentences] for p in _Sentence(source, start, end).heads()]
    for start, end in sentences:
        for name, role in sentence_roles(source, start, end).items():
            name = _resolve(name, named)  # a later sentence may say more of a signatory (`ويساهم مجلس الجهة بمبلغ`)
            if name not in roles or PRECEDENCE[role] < PRECEDENCE[roles[name]]:
                roles[name] = role
    if not roles:
        return
    lists = {r: unique_names([_resolve(n, named) for n in names_of(getattr(record, r))]) for r in ROLE_FIELDS}

    def same(a: str, b: str) -> bool:  # one body, however spelled (`الاتحاد الأوروبي`، `الاتحاد الأوربي`), or
        # one written inside the other word for word (`المغرب` is not in `البنك المغربي`)
        ka, kb = f" {key(a)} ", f" {key(b)} "
        return ka in kb or kb in ka or close(a, b, NEAR_NAME)

    for name, role in roles.items():  # a signatory the role cues say funds (`بمساهمة الجماعة`) funds
        if role == "partners" and any(same(f, name) for f in lists["funders"]):
            roles[name] = "funders"
    named_implementer = any(not any(same(i, n) for n in roles) for i in lists["implementers"])
    # a party the role cues named already keeps the spelling written first (`الاتحاد الأوروبي` ... `الاتحاد الأوربي`)
    spelled = {name: next((n for r in lists for n in lists[r] if key(n) != key(name) and close(n, name, NEAR_NAME)), name) for name in roles}
    roles = {spelled[name]: role for name, role in roles.items()}
    for role in lists:
        lists[role] = [n for n in lists[role] if not any(same(n, p) for p in roles)]
    for name, role in roles.items():
        if role == "borrower":
            role = "partners" if named_implementer or "implementers" in roles.values() else "implementers"
        if role in lists:
            lists[role].append(name)
            draft.at_most(role, settings[role])
    for role in ROLE_FIELDS:
        setattr(record, role, as_organizations(lists[role]))
