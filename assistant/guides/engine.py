"""Run a guide: which question comes next, what an answer means, and the personalised checklist."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.catalog import Catalog
from assistant.catalog.model import Document, LegalRef, Procedure
from assistant.guides.model import Guide, Step, matches
from assistant.textnorm import normalize

# Normalized forms: "ko", "k", "hok" already become "khong" in textnorm.
_YES = ("co", "roi", "da co", "da", "dung", "dung roi", "vang", "u", "uh", "ok", "yes", "phai", "co a", "roi a")
_NO = ("khong", "chua", "no", "khong co", "chua co", "khong phai", "sai")
_CANCEL = ("thoi", "huy", "dung lai", "thoat", "khong can nua", "thoi khong can", "huy bo", "stop", "cancel")

_KIND = {
    "ban_chinh": "bản chính",
    "ban_sao": "bản sao",
    "ban_chinh_hoac_ban_sao": "bản chính hoặc bản sao",
    "xuat_trinh": "mang bản chính để xuất trình",
}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def is_cancel(text: str) -> bool:
    t = normalize(text).strip(" .!")
    return t in _CANCEL or t.startswith(("thoi khong", "huy huong dan", "dung huong dan"))


def initial_answers(guide: Guide, procedure_id: str) -> dict[str, str]:
    """A specific trigger ("đổi căn cước") already answers the question that picks the procedure."""
    if guide.procedure_by_step and procedure_id != guide.procedure:
        for value, pid in guide.procedure_by_map:
            if pid == procedure_id:
                return {guide.procedure_by_step: value}
    return {}


def next_step(guide: Guide, answers: dict[str, str]) -> Step | None:
    return next((s for s in guide.steps if s.id not in answers and matches(s.ask_if, answers)), None)


def _phrases(step: Step) -> list[tuple[str, str]]:
    """(normalized phrase, option value) for every way to say each option."""
    out: list[tuple[str, str]] = []
    for o in step.options:
        words = [o.label, *o.synonyms]
        if o.value == "co":
            words += _YES
        elif o.value == "khong":
            words += _NO
        out += [(normalize(w), o.value) for w in words if normalize(w)]
    return out


def parse_answer(step: Step, text: str) -> str | None:
    """The option the citizen chose, or None when the reply fits none (or several) of them."""
    t = normalize(text).strip(" .!?")
    if re.fullmatch(r"\d{1,2}", t) and 1 <= int(t) <= len(step.options):
        return step.options[int(t) - 1].value
    padded = f" {t} "
    best: dict[str, int] = {}
    for phrase, value in _phrases(step):
        if phrase == t:
            return value
        if f" {phrase} " in padded:
            best[value] = max(best.get(value, 0), len(phrase))
    if not best:
        return None
    top = max(best.values())
    winners = [v for v, n in best.items() if n == top]
    return winners[0] if len(winners) == 1 else None


@dataclass(frozen=True)
class ChecklistItem:
    document: Document
    conditional: bool  # kept with its catalog condition because no answer decided it


@dataclass(frozen=True)
class Checklist:
    guide: Guide
    procedure: Procedure
    answers: dict[str, str]
    items: list[ChecklistItem]
    notes: list[tuple[str, tuple[LegalRef, ...]]] = field(default_factory=list)


def build_checklist(guide: Guide, answers: dict[str, str], catalog: Catalog) -> Checklist:
    procedure = catalog.get(guide.procedure_for(answers))
    if procedure is None:
        raise KeyError(f"guide {guide.id}: procedure {guide.procedure_for(answers)!r} is not in the catalog")
    rules = [r for r in guide.documents if r.procedure in (None, procedure.id)]
    items: list[ChecklistItem] = []
    for doc in procedure.documents:
        mine = [r for r in rules if doc.name.startswith(r.doc)]
        if mine:
            if any(matches(r.when, answers) for r in mine):
                items.append(ChecklistItem(doc, conditional=False))
        elif doc.condition is None:
            items.append(ChecklistItem(doc, conditional=False))
        else:
            items.append(ChecklistItem(doc, conditional=True))
    notes = [(n.text, n.legal_basis) for n in guide.notes if matches(n.when, answers)]
    return Checklist(guide, procedure, dict(answers), items, notes)


def _cite(refs: tuple[LegalRef, ...]) -> str:
    return "Căn cứ: " + "; ".join(r.short() for r in refs) + "." if refs else ""


def render_checklist(c: Checklist) -> str:
    p = c.procedure
    chosen = []
    for step in c.guide.steps:
        option = step.option(c.answers.get(step.id, ""))
        if option:
            chosen.append(option.label)
    lines = [f"Dạ, đây là danh sách hồ sơ {p.name[:1].lower() + p.name[1:]} cho trường hợp của anh/chị"]
    if chosen:
        lines[0] += f" ({'; '.join(chosen)})"
    lines[0] += ":"
    for item in c.items:
        if item.conditional:
            continue
        d = item.document
        extra = [_KIND[d.kind]] + ([f"mẫu {d.form}"] if d.form else [])
        line = f"• {d.name} ({', '.join(extra)})"
        if d.note:
            line += f" — {d.note}"
        lines.append(line)
    # What no answer decided stays visible in one line, so a special case is not missed.
    special = [i.document for i in c.items if i.conditional]
    if special:
        lines.append(
            "Chỉ cần trong trường hợp đặc biệt: "
            + "; ".join(f"{d.name} ({_lower_first((d.condition or '').rstrip('.'))})" for d in special)
            + "."
        )
    if c.notes:
        lines.append("")
        lines.append("Lưu ý:")
        for text, refs in c.notes:
            lines.append(f"• {text} {_cite(refs)}".rstrip())
    lines.append("")
    lines.append(f"Nơi nộp: {p.agency.name}.")
    if p.online.available and p.online.portals:
        lines.append("Có thể nộp trực tuyến qua: " + ", ".join(p.online.portals) + ".")
    lines.append(f"Lệ phí: {p.fees.text} {_cite(p.fees.legal_basis)}")
    lines.append(f"Thời gian giải quyết: {p.processing_time.text} {_cite(p.processing_time.legal_basis)}")
    if p.verify_note:
        lines.append(f"Lưu ý: {p.verify_note}")
    return "\n".join(lines)
