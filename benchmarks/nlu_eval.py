"""Held-out evaluation of the assistant as citizens use it. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/nlu_eval.py [--set test|dev] [--errors]

Starts its own Rasa, action server and gateway on free ports with an empty
store in a temporary directory (seeded with the set's `dossiers`), then for
every message:
- NLU: intent and `procedure` entity from Rasa's /model/parse, on the text the
  gateway would send (normalized exactly as live traffic);
- answer: the reply of POST /api/chat after the item's `history` in the same
  conversation, which must contain every expected fact.
Items styled `nfd` are converted to NFD here, so the file stays readable.
The sets are written apart from the training data (nlu_data/) and never read by it.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.catalog import load_catalog
from assistant.config import Settings
from assistant.guides import load_guides
from assistant.runtime.launch import services_running
from assistant.services.chat import model_input
from assistant.store import Dossier, open_store
from assistant.store.dossiers import STATUSES

EVAL_DIR = Path(__file__).resolve().parent / "nlu_eval"
FAQ_INTENTS = {
    "ask_procedure",
    "ask_documents",
    "ask_fee",
    "ask_processing_time",
    "ask_where",
    "ask_online",
    "ask_legal_basis",
    "ask_forms",
    "ask_eligibility",
}
# What a correct reply must contain for intents whose answer is not a catalog fact.
# Each entry: alternatives, any one of which is enough.
EXPECT_BY_INTENT: dict[str, list[str]] = {
    "greet": ["xin chào"],
    "goodbye": ["cảm ơn anh/chị đã sử dụng"],
    "thank": ["không có gì"],
    "list_procedures": ["Hộ tịch:"],
    "request_human": ["đã chuyển yêu cầu của anh/chị tới cán bộ"],
    "complaint": ["cho biết nội dung phản ánh", "đã ghi lại nội dung phản ánh"],
    "rate": ["đã đánh giá"],
    "out_of_scope": ["ngoài phạm vi", "chưa hiểu"],
}


@dataclass
class Item:
    text: str
    intent: str
    style: str
    procedure: str | None = None
    procedure_in_text: bool = True
    alt_intents: list[str] = field(default_factory=list)
    history: list[str] = field(default_factory=list)
    expect: list[str] | str | None = None
    dossier_code: str | None = None


def load_set(path: Path) -> tuple[list[Item], list[dict[str, str]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = []
    for raw in data["items"]:
        fields = {k: raw[k] for k in Item.__dataclass_fields__ if k in raw}
        item = Item(**fields)
        if item.style == "nfd":
            item.text = unicodedata.normalize("NFD", item.text)
        items.append(item)
    return items, data.get("dossiers") or []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def expectations(
    item: Item, dossiers: dict[str, dict[str, str]], guides_first: dict[str, str]
) -> list[list[str]] | None:
    """Groups of alternatives; the reply must contain one alternative of every group. None = not judged."""
    if item.intent in FAQ_INTENTS:
        if not item.expect or isinstance(item.expect, str):
            return None
        return [[e] for e in item.expect]
    if item.intent == "check_status":
        if item.expect == "status" and item.dossier_code:
            record = next((d for c, d in dossiers.items() if fold(c) == fold(item.dossier_code.replace(" ", ""))), None)
            return [[STATUSES[record["status"]]]] if record else None
        if item.expect == "not_found":
            return [["không tìm thấy"]]
        return [["mã hồ sơ"]]
    if item.intent == "start_guide":
        first = guides_first.get(item.procedure or "")
        return [[first]] if first else [["thủ tục nào"]]
    if item.intent in EXPECT_BY_INTENT:
        return [EXPECT_BY_INTENT[item.intent]]
    return None


@dataclass
class Result:
    item: Item
    predicted: str
    confidence: float
    entities: set[str]
    reply: str
    answer_ok: bool | None
    classifier: tuple[str, float] = ("", 0.0)  # the classifier's own top intent, before the fallback threshold


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    labels = sorted({g for g, _ in pairs})
    scores = []
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def entity_counts(results: list[Result]) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for r in results:
        gold = {r.item.procedure} if r.item.procedure and r.item.procedure_in_text else set()
        tp += len(gold & r.entities)
        fp += len(r.entities - gold)
        fn += len(gold - r.entities)
    return tp, fp, fn


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


# Off-topic and low-confidence messages get the same reply ("chưa hiểu" with suggestions), so
# predicting the fallback for an out-of-scope message is the right behaviour, not an error.
EQUIVALENT = {"out_of_scope": {"nlu_fallback"}}


def intent_ok(r: Result) -> bool:
    gold = {r.item.intent, *r.item.alt_intents}
    gold |= {alt for g in list(gold) for alt in EQUIVALENT.get(g, set())}
    return r.predicted in gold


def run(items: list[Item], dossiers: list[dict[str, str]], settings: Settings) -> list[Result]:
    store = open_store(settings.var_dir)
    for d in dossiers:
        store.dossiers.upsert(
            Dossier(
                code=d["code"],
                procedure_id=d["procedure"],
                status=d["status"],
                received_on=date.fromisoformat(str(d["received_on"])),
                due_on=date.fromisoformat(str(d["due_on"])) if d.get("due_on") else None,
            )
        )
    catalog = load_catalog()
    guides_first = {}
    for g in load_guides().values():
        for pid in g.triggers:
            guides_first[pid] = g.steps[0].question
    by_code = {d["code"]: d for d in dossiers}
    results = []
    headers = {"Authorization": f"Bearer {settings.rasa_token.get_secret_value()}"}
    with httpx.Client(timeout=60) as http:
        for i, item in enumerate(items):
            sender = f"eval-{i}"
            for turn in item.history:
                http.post(
                    f"{settings.gateway_url}/api/chat", json={"sender": sender, "message": turn}
                ).raise_for_status()
            parse = http.post(
                f"{settings.rasa_url}/model/parse",
                params={"token": settings.rasa_token.get_secret_value()},
                headers=headers,
                json={"text": model_input(unicodedata.normalize("NFC", item.text.strip()))},
            ).json()
            resp = http.post(f"{settings.gateway_url}/api/chat", json={"sender": sender, "message": item.text})
            resp.raise_for_status()
            reply = "\n".join(r["text"] for r in resp.json()["replies"])
            groups = expectations(item, by_code, guides_first)
            ok = None if groups is None else all(any(fold(a) in fold(reply) for a in g) for g in groups)
            entities = {e["value"] for e in parse.get("entities", []) if e.get("entity") == "procedure"}
            entities = {e for e in entities if catalog.get(e)}
            ranking = [r for r in parse.get("intent_ranking", []) if r["name"] != "nlu_fallback"]
            top = (ranking[0]["name"], float(ranking[0]["confidence"])) if ranking else ("", 0.0)
            results.append(
                Result(
                    item, parse["intent"]["name"], float(parse["intent"].get("confidence", 0)), entities, reply, ok, top
                )
            )
    return results


def report(results: list[Result], *, show_errors: bool) -> None:
    def line(name: str, rs: list[Result]) -> str:
        intent_acc = sum(intent_ok(r) for r in rs) / len(rs)
        judged = [r for r in rs if r.answer_ok is not None]
        answer = sum(bool(r.answer_ok) for r in judged) / len(judged) if judged else float("nan")
        ent = f1(*entity_counts(rs))
        return (
            f"{name:<16}{len(rs):>5}  intent {intent_acc:6.1%}  entity-F1 {ent:.3f}"
            f"  answer {answer:6.1%} ({len(judged)})"
        )

    pairs = [(r.item.intent, r.item.intent if intent_ok(r) else r.predicted) for r in results]
    tp, fp, fn = entity_counts(results)
    judged = [r for r in results if r.answer_ok is not None]
    no_diacritics = sum(1 for r in results if r.item.style in {"no_diacritics", "teencode"})
    print(f"messages: {len(results)}  (without diacritics or teencode: {no_diacritics / len(results):.0%})")
    print(f"intent accuracy:        {sum(intent_ok(r) for r in results) / len(results):.1%}")
    print(f"intent macro-F1:        {macro_f1(pairs):.3f}")
    print(f"procedure entity F1:    {f1(tp, fp, fn):.3f}  (tp {tp}, fp {fp}, fn {fn})")
    print(f"answer-level accuracy:  {sum(bool(r.answer_ok) for r in judged) / len(judged):.1%}  ({len(judged)} judged)")
    for title, key in (("input style", lambda r: r.item.style), ("intent", lambda r: r.item.intent)):
        print(f"\nby {title}:")
        groups: dict[str, list[Result]] = defaultdict(list)
        for r in results:
            groups[key(r)].append(r)
        for name in sorted(groups):
            print("  " + line(name, groups[name]))
    print("\nfallback threshold (intent accuracy if messages below it were sent to the fallback):")
    for threshold in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4):
        ok = 0
        for r in results:
            name, conf = r.classifier
            predicted = "nlu_fallback" if conf < threshold else name
            ok += intent_ok(Result(r.item, predicted, conf, r.entities, r.reply, r.answer_ok))
        print(f"  {threshold:.2f}: {ok / len(results):.1%}")
    confusions = Counter((r.item.intent, r.predicted) for r in results if not intent_ok(r))
    print("\nconfusion pairs (gold -> predicted: count):")
    for (gold, pred), n in confusions.most_common(15):
        print(f"  {gold} -> {pred}: {n}")
    if show_errors:
        print("\nerrors:")
        for r in results:
            ent_gold = {r.item.procedure} if r.item.procedure and r.item.procedure_in_text else set()
            if intent_ok(r) and r.answer_ok is not False and r.entities == ent_gold:
                continue
            print(f"- [{r.item.style}] {r.item.text!r}")
            print(
                f"    intent {r.item.intent} -> {r.predicted} ({r.confidence:.2f});"
                f" procedure {sorted(ent_gold)} -> {sorted(r.entities)}"
            )
            if r.answer_ok is False:
                print(f"    expected {r.item.expect!r}; reply: {r.reply[:200]!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--set", default="test", help="test (reported), dev or dev2 (for tuning), paths, or several joined by commas"
    )
    parser.add_argument("--errors", action="store_true", help="list every wrong message")
    args = parser.parse_args()
    items: list[Item] = []
    dossiers: list[dict[str, str]] = []
    for name in args.set.split(","):
        path = Path(name) if name.endswith(".yml") else EVAL_DIR / f"{name}.yml"
        more_items, more_dossiers = load_set(path)
        items += more_items
        dossiers += more_dossiers
    with tempfile.TemporaryDirectory(prefix="dvc-eval-") as tmp:
        settings = Settings(var_dir=Path(tmp), port=free_port(), rasa_port=free_port(), actions_port=free_port())
        start = time.perf_counter()
        with services_running(settings, with_gateway=True):
            print(f"services ready in {time.perf_counter() - start:.1f} s; evaluating {args.set}")
            start = time.perf_counter()
            results = run(items, dossiers, settings)
            print(f"{len(results)} messages in {time.perf_counter() - start:.1f} s\n")
        report(results, show_errors=args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
