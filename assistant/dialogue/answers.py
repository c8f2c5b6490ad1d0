"""Compose citizen-facing answers about one procedure from the catalog.

Runtime-neutral: called by the Rasa action server. Every fee and time limit
is followed by its legal basis, as the catalog records it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from assistant.catalog.model import LegalRef, Procedure
from assistant.textnorm import normalize

ASPECTS = ("eligibility", "documents", "forms", "fee", "time", "where", "online", "legal_basis")

INTENT_ASPECT: dict[str, str] = {
    "ask_documents": "documents",
    "ask_fee": "fee",
    "ask_processing_time": "time",
    "ask_where": "where",
    "ask_online": "online",
    "ask_legal_basis": "legal_basis",
    "ask_forms": "forms",
    "ask_eligibility": "eligibility",
}
ASPECT_INTENT = {aspect: intent for intent, aspect in INTENT_ASPECT.items()}

BUTTON_TITLES: dict[str, str] = {
    "documents": "Giấy tờ cần chuẩn bị",
    "fee": "Lệ phí",
    "time": "Thời gian giải quyết",
    "where": "Nộp ở đâu",
    "online": "Nộp trực tuyến",
    "legal_basis": "Căn cứ pháp lý",
    "forms": "Mẫu tờ khai",
    "eligibility": "Điều kiện, đối tượng",
}

# Cue words (normalized form) that reveal a second question in the same message.
_ASPECT_CUES: dict[str, tuple[str, ...]] = {
    "documents": (
        "giay to",
        "ho so gom",
        "ho so gi",
        "ho so can",
        "can gi",
        "can nhung gi",
        "can nhung giay",
        "mang gi",
        "mang theo",
        "chuan bi gi",
        "thanh phan ho so",
    ),
    "fee": ("le phi", "phi", "bao nhieu tien", "mat tien", "ton tien", "chi phi", "het bao nhieu"),
    "time": (
        "bao lau",
        "may ngay",
        "may phut",
        "may tieng",
        "thoi gian giai quyet",
        "bao gio co",
        "bao gio xong",
        "khi nao xong",
        "thoi han",
        "khi nao co",
        "la xong",
        "lau khong",
    ),
    "where": ("o dau", "cho nao", "noi nop", "co quan nao", "nop tai"),
    "online": ("truc tuyen", "qua mang", "vneid", "dich vu cong"),
    "legal_basis": ("can cu", "luat nao", "van ban nao", "quy dinh nao", "nghi dinh"),
    "forms": ("to khai", "mau don", "bieu mau", "mau so", "mau to khai", "form nao", "mau nao"),
    "eligibility": ("dieu kien", "ai duoc", "doi tuong", "co bat buoc", "bao nhieu tuoi"),
}

_KIND: dict[str, str] = {
    "ban_chinh": "bản chính",
    "ban_sao": "bản sao",
    "ban_chinh_hoac_ban_sao": "bản chính hoặc bản sao",
    "xuat_trinh": "xuất trình, không phải nộp",
}


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: list[Button] = field(default_factory=list)


def _lower_first(name: str) -> str:
    """Mid-sentence form of a procedure name; proper nouns inside (Việt Nam) keep their case."""
    return name[:1].lower() + name[1:]


def detect_aspects(text: str, ignore: str = "") -> list[str]:
    """Aspects the message asks about; `ignore` (the procedure's name as matched) is not a question:
    "lam vneid muc 2 ntn" names VNeID without asking about filing online."""
    padded = f" {normalize(text)} "
    if ignore:
        padded = padded.replace(f" {ignore} ", " | ")
    return [a for a in ASPECTS if any(f" {cue} " in padded for cue in _ASPECT_CUES[a])]


def vnd(amount: int | None) -> str:
    if amount is None:
        return "chưa có mức cố định, anh/chị vui lòng hỏi nơi nộp hồ sơ"
    if amount == 0:
        return "miễn phí"
    return f"{amount:,}".replace(",", ".") + " đồng"


def cite(refs: tuple[LegalRef, ...]) -> str:
    return "Căn cứ: " + "; ".join(r.short() for r in refs) + "."


def _documents(p: Procedure) -> str:
    lines = [f"Dạ, hồ sơ {_lower_first(p.name)} gồm:"]
    for d in p.documents:
        extra = [_KIND[d.kind]]
        if d.form:
            extra.append(f"mẫu {d.form}")
        line = f"• {d.name} ({', '.join(extra)})"
        if d.condition:
            line += f" — {d.condition}"
        lines.append(line)
    return "\n".join(lines)


def _fee(p: Procedure) -> str:
    lines = [f"Dạ, lệ phí {_lower_first(p.name)}: {p.fees.text}"]
    for item in p.fees.items:
        if item.amount_vnd is None and item.note:
            lines.append(f"• {item.case}: {item.note}")  # the note says why there is no fixed amount
            continue
        line = f"• {item.case}: {vnd(item.amount_vnd)}"
        if item.online_amount_vnd is not None and item.online_amount_vnd != item.amount_vnd:
            line += f"; nộp trực tuyến: {vnd(item.online_amount_vnd)}"
        if item.note:
            line += f" ({item.note})"
        lines.append(line)
    if p.fees.exemptions:
        lines.append("Miễn lệ phí: " + "; ".join(e.rstrip(".") for e in p.fees.exemptions) + ".")
    lines.append(cite(p.fees.legal_basis))
    return "\n".join(lines)


def _time(p: Procedure) -> str:
    lines = [f"Dạ, thời gian giải quyết: {p.processing_time.text}", cite(p.processing_time.legal_basis)]
    if p.deadline:
        lines.append(f"Lưu ý: {p.deadline.text} {cite(p.deadline.legal_basis)}")
    return "\n".join(lines)


def _where(p: Procedure) -> str:
    labels = {"truc_tiep": "Trực tiếp", "truc_tuyen": "Trực tuyến", "buu_chinh": "Qua bưu chính"}
    lines = [f"Dạ, cơ quan giải quyết: {p.agency.name}."]
    if p.agency.note:
        lines.append(p.agency.note)
    lines += [f"• {labels[c.channel]}: {c.text}" for c in p.where_to_file]
    return "\n".join(lines)


def _online(p: Procedure) -> str:
    head = (
        "Dạ, thủ tục này nộp trực tuyến được ạ."
        if p.online.available
        else "Dạ, thủ tục này hiện chưa nộp trực tuyến được ạ."
    )
    lines = [head, p.online.text]
    if p.online.portals:
        lines.append("Nộp qua: " + ", ".join(p.online.portals) + ".")
    return "\n".join(lines)


def _legal_basis(p: Procedure) -> str:
    head = f"Dạ, căn cứ pháp lý của thủ tục {_lower_first(p.name)}:"
    return "\n".join([head] + [f"• {r.cite()}" for r in p.legal_basis])


# Documents that are filled in on a template even when the catalog records no form code.
_FORM_LIKE = ("tờ khai", "đơn", "phiếu", "giấy đề nghị", "văn bản đề nghị", "bản khai", "mẫu", "thông báo")


def _forms(p: Procedure) -> str:
    lines = [f"Dạ, mẫu giấy tờ dùng cho thủ tục {_lower_first(p.name)}:"]
    for f in p.forms:
        lines.append(f"• Mẫu {f.code}: {f.name} ({f.legal_basis.cite()})")
    listed = {f.code for f in p.forms}
    for d in p.documents:
        if d.form and d.form not in listed:
            lines.append(f"• {d.name}: mẫu {d.form}")
    if len(lines) == 1:
        named = [d.name for d in p.documents if d.name.lower().startswith(_FORM_LIKE)]
        if named:
            lines.append(
                "• " + "; ".join(named) + ": lấy mẫu tại nơi nộp hồ sơ hoặc điền biểu mẫu điện tử khi nộp trực tuyến."
            )
        else:
            lines[0] = "Dạ, thủ tục này không có mẫu tờ khai riêng; anh/chị chuẩn bị các giấy tờ theo hướng dẫn ạ."
    return "\n".join(lines)


def _eligibility(p: Procedure) -> str:
    if p.eligibility:
        lines = [f"Dạ, điều kiện, đối tượng của thủ tục {_lower_first(p.name)}:", *(f"• {e}" for e in p.eligibility)]
    else:
        lines = [
            f"Dạ, {_lower_first(p.name)}: {p.summary or 'anh/chị vui lòng hỏi nơi nộp hồ sơ về điều kiện cụ thể.'}"
        ]
    # "Can I if ...?" is usually answered by what a special case must bring.
    special = [d for d in p.documents if d.condition]
    if special:
        lines.append("Trường hợp riêng cần thêm giấy tờ:")
        lines += [f"• {(d.condition or '').rstrip('.')}: {_lower_first(d.name)}" for d in special]
    return "\n".join(lines)


_RENDER = {
    "eligibility": _eligibility,
    "forms": _forms,
    "documents": _documents,
    "fee": _fee,
    "time": _time,
    "where": _where,
    "online": _online,
    "legal_basis": _legal_basis,
}


def follow_up_buttons(p: Procedure, shown: list[str]) -> list[Button]:
    entity = json.dumps({"procedure": p.id}, ensure_ascii=False, separators=(",", ":"))
    return [Button(BUTTON_TITLES[a], f"/{ASPECT_INTENT[a]}{entity}") for a in ASPECTS if a not in shown][:4]


def answer(p: Procedure, aspects: list[str], *, overview: bool = False) -> Reply:
    """One reply covering every requested aspect, in catalog order; empty list → overview.

    `overview`: the citizen asked about the procedure as a whole ("làm X thế nào"), so the summary
    comes first even when a specific aspect is asked too."""
    # Without a specific question: what it is and what to bring; the rest is one button away.
    chosen = [a for a in ASPECTS if a in aspects] or ["documents"]
    parts = [_RENDER[a](p) for a in chosen]
    if (overview or not aspects) and p.summary:
        parts.insert(0, f"Dạ, {p.name}: {p.summary}")
    if p.verify_note and any(a in chosen for a in ("fee", "time")):
        parts.append(f"Lưu ý: {p.verify_note}")
    if p.url:
        parts.append(f"Chi tiết: {p.url}")
    return Reply(text="\n\n".join(parts), buttons=follow_up_buttons(p, chosen))
