"""Roles: who funds, implements and partners a record's project.

From cue phrases (`الممول من طرف`، `بتمويل من`، `من لدن`، `بشراكة مع`، `قامت`، `دعمت` ...): the list of
organizations read after a cue up to the end of the clause, and the nearest cue within the sentence
before any other organization; from labels beside a block (`ممول المشروع` under a list of funders,
`الشركاء:` opening one); from the cells of the record's table row. An organization of the record's
own text no cue gives a role is flagged. A record no named body implements or funds takes the generic
body acting in its scope (`دعمت الوزارة`، `أطلقت الجماعة`: implementer, and funder for a support verb
or a total amount), with a low confidence (the `generic_roles` finisher).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from extractors.base import alternation
from extractors.organizations import read_org_data
from pipeline.model import Entity
from pipeline.normalize import normalize
from pipeline.records.amounts import total_given
from pipeline.records.identity import NEAR_NAME, close, key, unique_names
from pipeline.records.lexicon import INTERMEDIARY, LETTER, ROLE_CUE_LIST, WORDS, N
from pipeline.records.organizations import arabic_name, as_organizations, names_of, organizations, role_lists
from pipeline.records.readers import RecordDraft, Settings, register_field_reader
from pipeline.records.source import Source, Span, inside

ROLES = ("funders", "implementers", "partners")
ROLE_CUE_RES = [(re.compile(rf"(?<!{LETTER})[وف]?{re.escape(cue)}(?!{LETTER})"), role) for cue, role in ROLE_CUE_LIST]
FROM = N("من")
MAX_LABELLED_LINE_WORDS = 10
# A body named only generically (the report's own ministry, commune, association ...) acting on the
# record: `دعمت الوزارة`، `أطلقت الجماعة`. Used as implementer, and as funder when the verb is about
# money or a total amount is given, only when nothing better names the roles.
GENERIC_BODIES: list[str] = WORDS["generic_bodies"]
# Verb forms that are not also nouns (`عمل`، `دعم`، `وضع` are: `برنامج عمل الجماعة`، `دعم الجمعية`).
ACTION_VERBS: list[str] = WORDS["action_verbs"]
SUPPORT_VERBS: list[str] = WORDS["support_verbs"]
_VERBS = alternation(ACTION_VERBS + SUPPORT_VERBS)
_BODIES = alternation(GENERIC_BODIES)
GENERIC_ACTOR = re.compile(
    rf"(?<!{LETTER})(?:(?:[وف])?(?:(?:{alternation(WORDS['verb_particles'])})\s+)?(?P<verb>{_VERBS})\s+(?P<body>{_BODIES})"
    rf"|(?P<body2>{_BODIES})\s+(?:{N('قد')}\s+)?(?P<verb2>{_VERBS}))(?!{LETTER})"
)
TERRITORIAL = set(read_org_data()["territorial"])
NISBA_AFTER = re.compile(rf"[ \t]+{N('ال')}{LETTER}+(?:يه|ي)(?!{LETTER})")


def role_of(source: Source, entity: Entity, floor: int, window: int) -> str | None:
    """The role the words before an organization give it (nearest cue within the sentence, at most
    `window` characters back and not before `floor`)."""
    text = source.text
    start = max(floor, entity.start - window)
    before = text[start : entity.start]
    cut = max(before.rfind("."), before.rfind("\n"), before.rfind("؛"))
    folded = source.folded(start + cut + 1, entity.start)  # from the sentence's start
    best_role, best_pos = None, -1
    for pattern, role in ROLE_CUE_RES:
        for match in pattern.finditer(folded):
            if match.start() > best_pos:
                best_role, best_pos = role, match.start()
    # an amount then `من`: the organization gives it (5 مليون اورو من الاتحاد الأوروبي)
    for money in source.entities_in([(entity.start - 7, entity.start)], "MONEY", overlap=True):
        if 0 <= entity.start - money.end <= 6 and source.folded(money.end, entity.start).strip() == FROM:
            return "funders"
    if best_role is not None and INTERMEDIARY in folded[best_pos:]:
        return "partners"  # `ممول عن طريق X`: X is a channel, not the funder
    return best_role


def _place_phrase(source: Source, start: int, name: str) -> bool:
    """A territorial body's name right after `ب` (`بجماعة X`، `بجهة Y`) is a place phrase."""
    first = N(name.split()[0]) if name.split() else ""
    return first in TERRITORIAL and source.text[max(0, start - 2) : start] in (" ب", "\nب")


def labelled_roles(draft: RecordDraft, roles: dict[str, list[str]], settings: Settings) -> None:
    """The organizations listed, one a line, in labelled blocks of the scope (`الجهة الممولة:` ...)."""
    source, spans = draft.source, draft.scope.spans
    starts, order = source.label_index
    inside_scope: list[tuple[int, int]] = []  # (position in source.labels, block index) of the label blocks in scope
    for s, e in spans:
        j = bisect_left(starts, s)
        while j < len(order) and order[j][0] < e:
            inside_scope.append(order[j][1:])
            j += 1
    for _, index in sorted(set(inside_scope)):
        role, content = source.labels[index]
        block = source.document.blocks[index]
        if not inside(block.start, block.end, spans) or role in ("ignore", "period"):
            continue
        text = source.text[content : block.end]
        lines = [line.strip(" -•■*؛;،,.") for line in text.split("\n") if line.strip(" -•■*؛;،,.")]
        if any(len(line.split()) > MAX_LABELLED_LINE_WORDS for line in lines):
            continue
        for line in lines:
            norm = normalize(line)
            at = norm.text.find(INTERMEDIARY)
            if at >= 0:  # `X عن طريق Y`: X in the label's role, Y the channel
                head_end, channel_start = norm.to_original(at, at + len(INTERMEDIARY))
                roles[role].append(arabic_name(line[:head_end].strip()))
                roles["partners"].append(arabic_name(line[channel_start:].strip()))
            else:
                roles[role].append(arabic_name(line))
        draft.at_most(role, settings["label"])


@register_field_reader("roles")
def read_roles(draft: RecordDraft, settings: Settings) -> None:
    source, scope, record = draft.source, draft.scope, draft.record
    roles: dict[str, list[str]] = {role: [] for role in ROLES}
    unroled: list[str] = []
    spans = scope.spans + scope.role_only
    floor_of = {s: s[0] for s in spans}
    listed = role_lists(source, spans, [(m.start, m.end) for m in scope.group.mentions if m.how == "framework"])
    for name, start, end, role in listed:
        roles[role].append(name)
        draft.at_most(role, settings["cue"])
        if role == "funders":
            draft.funder_spans.append((start, end))
    for name, start, end, entity in organizations(source, spans):
        if any(s < end and start < e for _, s, e, _ in listed) or scope.names.contain(start, end):
            continue  # listed after a cue already, or part of a project's own name (مشروع وكالة الحي)
        if _place_phrase(source, start, name):
            continue  # `... بجماعة تمصلوحت`: where the project is, not a party
        floor = next((f for (s, e), f in floor_of.items() if s <= start < e), 0)
        cue_role = role_of(source, entity, floor, settings["window"])
        if cue_role is None:
            if inside(start, end, scope.segments):
                unroled.append(name)
            continue
        roles[cue_role].append(name)
        draft.at_most(cue_role, settings["cue"])
        if cue_role == "funders":
            draft.funder_spans.append((start, end))
    labelled_roles(draft, roles, settings)
    for role, names in draft.row.roles.items():
        roles[role].extend(names)
        if names:
            draft.at_most(role, settings["table_row_partners"] if role == "partners" else settings["table_row"])
    for role in ("funders", "implementers"):
        roles[role] = unique_names(roles[role])
    taken = {key(n) for n in roles["funders"] + roles["implementers"]}
    roles["partners"] = [p for p in unique_names(roles["partners"]) if key(p) not in taken]
    record.funders, record.implementers, record.partners = (as_organizations(roles[r]) for r in ("funders", "implementers", "partners"))
    known = {key(n) for n in roles["funders"] + roles["implementers"] + roles["partners"]}
    for name in unique_names(unroled):
        if not any(key(name) in n or close(name, n, NEAR_NAME) for n in known):
            record.flags.append(f"organization_without_role: {name}")


# Generic bodies ------------------------------------------------------------------------------------------


def generic_actors(source: Source, spans: list[Span], total_window: int) -> tuple[list[str], list[str]]:
    """Bodies named only generically acting in the spans (`دعمت الوزارة`، `أطلقت الجماعة`): the
    implementers, and the funders among them (a verb about money or support, or a total amount
    given in the spans). The verb agrees with the body (`قامت الجمعية`، `قام المجلس`); a body the
    ORG extractor names (`قامت الجمعية المغربية ...`) or one an adjective specifies is not generic."""
    implementers: list[str] = []
    funders: list[str] = []
    total = total_given(source, spans, total_window)
    for span_start, span_end in spans:
        norm = source.norm(span_start, span_end)
        for match in GENERIC_ACTOR.finditer(norm.text):
            verb, body = (match["verb"], match["body"]) if match["verb"] else (match["verb2"], match["body2"])
            if verb.endswith("ت") != body.endswith("ه"):
                continue  # no agreement: the words are not a verb and its subject
            b_start = match.start("body") if match["verb"] else match.start("body2")
            b_end = b_start + len(body)
            if NISBA_AFTER.match(norm.text, b_end):
                continue  # `قامت الجمعية المغربية`: a body named by its adjective
            o_start, o_end = (span_start + o for o in norm.to_original(b_start, b_end))
            if source.entities_in([(o_start, o_end)], "ORG", overlap=True):
                continue
            name = source.text[o_start:o_end]
            implementers.append(name)
            if verb in SUPPORT_VERBS or total:
                funders.append(name)
    return unique_names(implementers), unique_names(funders)


@register_field_reader("generic_roles")
def read_generic_roles(draft: RecordDraft, settings: Settings) -> None:
    """A record no named body implements (or funds) takes the generic bodies acting in its scope,
    with a low confidence."""
    record = draft.record
    if record.implementers and record.funders:
        return
    implementers, funders = generic_actors(draft.source, draft.scope.spans, settings["total_window"])
    changed = False
    if not record.implementers and implementers:
        record.implementers = as_organizations(implementers)
        record.field_confidence["implementers"] = settings["confidence"]
        changed = True
    if not record.funders and funders:
        record.funders = as_organizations(funders)
        record.field_confidence["funders"] = settings["confidence"]
        changed = True
    if changed:
        taken = {key(n) for n in names_of(record.funders + record.implementers)}
        record.partners = [p for p in record.partners if key(p.name) not in taken]
        if not record.partners:
            record.field_confidence.pop("partners", None)
        values = record.field_confidence.values()
        record.confidence = round(sum(values) / len(values), 2)
