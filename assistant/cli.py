"""Command line: `python -m assistant {run,train,build-nlu,chat}`."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from pathlib import Path
from typing import TextIO

from assistant.catalog import load_catalog
from assistant.config import Settings
from assistant.models import ReplyPublic
from assistant.runtime import nlu_build
from assistant.runtime.launch import services_running, system_specs
from assistant.runtime.supervisor import Supervisor
from assistant.runtime.training import TrainingError, ensure_model
from assistant.services import records
from assistant.services.chat import chat_turn, unavailable_text
from assistant.services.rasa_client import RasaClient, RasaUnavailable
from assistant.store import open_store

log = logging.getLogger("assistant")


def cmd_run(settings: Settings) -> int:
    sup = Supervisor(settings, system_specs(settings, with_gateway=True))
    sup.start()
    try:
        sup.wait_ready(settings.startup_timeout_s)
    except (TimeoutError, KeyboardInterrupt) as exc:
        log.error("start-up failed: %s (logs in %s)", exc, settings.log_dir)
        sup.stop()
        return 1
    print(
        "\ndvc-assistant is running:\n"
        f"  chat API   {settings.gateway_url}/api/chat   (docs: {settings.gateway_url}/docs)\n"
        f"  readiness  {settings.gateway_url}/readyz\n"
        f"  Rasa       {settings.rasa_url}   actions {settings.actions_url}\n"
        f"  logs       {settings.log_dir}\n"
        "Press Ctrl-C to stop.\n",
        flush=True,
    )
    sup.run_forever()
    return 0


def _reply_dicts(replies: list[ReplyPublic]) -> list[dict[str, object]]:
    return [r.model_dump() for r in replies]


async def _chat_jsonl(settings: Settings, stdin: TextIO, stdout: TextIO) -> int:
    client = RasaClient(settings)
    failures = 0
    try:
        for lineno, line in enumerate(stdin, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                sender, message = str(item["sender"]), str(item["message"])
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                failures += 1
                out = {"line": lineno, "error": f'expected {{"sender", "message"}}: {exc}'}
                stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
                continue
            record: dict[str, object] = {"sender": sender, "message": message}
            try:
                record["replies"] = _reply_dicts(await chat_turn(client, settings, sender, message))
            except RasaUnavailable as exc:
                failures += 1
                record["replies"] = [{"text": unavailable_text(settings), "buttons": []}]
                record["error"] = str(exc)
            stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            stdout.flush()
    finally:
        await client.aclose()
    return 1 if failures else 0


async def _chat_shell(settings: Settings) -> int:
    client = RasaClient(settings)
    buttons: list[str] = []
    print("Trợ lý dịch vụ công — gõ câu hỏi, số thứ tự để chọn gợi ý, hoặc 'thoát' để kết thúc.")
    try:
        while True:
            try:
                line = input("Bạn: ").strip()
            except EOFError:
                break
            if line.lower() in {"thoát", "thoat", "exit", "quit"}:
                break
            if line.isdigit() and 0 < int(line) <= len(buttons):
                line = buttons[int(line) - 1]
            try:
                replies = await chat_turn(client, settings, "shell", line)
            except RasaUnavailable:
                replies = [ReplyPublic(text=unavailable_text(settings))]
            buttons = []
            for reply in replies:
                print(f"Trợ lý: {reply.text}")
                for b in reply.buttons:
                    buttons.append(b.payload)
                    print(f"  [{len(buttons)}] {b.title}")
    finally:
        await client.aclose()
    return 0


def cmd_chat(settings: Settings, jsonl: bool) -> int:
    with services_running(settings):
        if jsonl:
            return asyncio.run(_chat_jsonl(settings, sys.stdin, sys.stdout))
        return asyncio.run(_chat_shell(settings))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="dvc-assistant command line")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="train if needed, start Rasa, actions and the gateway; supervise until Ctrl-C")
    train = sub.add_parser("train", help="train the Rasa model if its inputs changed")
    train.add_argument("--force", action="store_true", help="train even if a model for these inputs exists")
    sub.add_parser("build-nlu", help="regenerate the NLU training data from templates and the catalog")
    chat = sub.add_parser("chat", help="talk to the assistant (interactive, or JSON lines with --jsonl)")
    chat.add_argument("--jsonl", action="store_true", help='read {"sender","message"} lines, write replies as lines')
    dossiers = sub.add_parser("dossiers", help="load dossier statuses (JSON or CSV) into the status store")
    dossiers.add_argument("action", choices=["import"])
    dossiers.add_argument("path", type=Path)
    sub.add_parser("purge", help="delete complaints, handoffs and closed dossiers past the retention period")
    args = parser.parse_args(argv)

    settings = Settings()
    # Logs go to stderr: stdout carries the JSON lines of `chat --jsonl`.
    logging.basicConfig(level=settings.log_level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request drowns the supervisor's
    try:
        if args.command == "run":
            return cmd_run(settings)
        if args.command == "train":
            print(ensure_model(settings, force=args.force))
            return 0
        if args.command == "build-nlu":
            print(nlu_build.build(settings.models_dir / "training_data"))
            return 0
        if args.command == "dossiers":
            n = records.import_dossiers(args.path, open_store(settings.var_dir), load_catalog())
            print(f"imported {n} dossiers")
            return 0
        if args.command == "purge":
            print(f"removed {records.purge_expired(open_store(settings.var_dir), settings.retention_days)} records")
            return 0
        return cmd_chat(settings, args.jsonl)
    except (records.DossierImportError, OSError) as exc:
        log.error("%s", exc)
        return 1
    except TrainingError as exc:
        log.error("%s", exc)
        return 2
    except TimeoutError as exc:
        log.error("services did not become ready: %s (logs in %s)", exc, settings.log_dir)
        return 3
    except KeyboardInterrupt:
        return 130
