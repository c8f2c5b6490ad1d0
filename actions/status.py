"""Dossier status lookup by the receipt code, against the gateway's dossier store."""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import CATALOG, buttons, hotline, original_text, store
from assistant.store import find_codes
from assistant.store.dossiers import looks_like_code

EXAMPLE_CODE = "000.00.16.H42-261120-0003"


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


class ActionCheckStatus(Action):
    def name(self) -> str:
        return "action_check_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        text = original_text(tracker)
        codes = find_codes(text) or [str(v) for v in tracker.get_latest_entity_values("dossier_code")]
        if not codes:
            if looks_like_code(text):
                msg = (
                    "Dạ, mã hồ sơ anh/chị nhắn chưa đúng định dạng. Mã in trên Giấy tiếp nhận hồ sơ và hẹn trả "
                    f"kết quả, có dạng {EXAMPLE_CODE}. Anh/chị kiểm tra và nhắn lại giúp em ạ."
                )
            else:
                msg = (
                    "Dạ, anh/chị cho em xin mã hồ sơ ạ. Mã in trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả "
                    f"(hoặc trong tin nhắn, email xác nhận khi nộp trực tuyến), có dạng {EXAMPLE_CODE}."
                )
            dispatcher.utter_message(text=msg)
            return []
        catalog = CATALOG.get()
        today = date.today()
        for code in codes[:3]:
            d = store().dossiers.get(code)
            if d is None:
                dispatcher.utter_message(
                    text=(
                        f"Dạ, em không tìm thấy hồ sơ có mã {code}. Anh/chị vui lòng kiểm tra lại mã trên Giấy tiếp "
                        "nhận hồ sơ và hẹn trả kết quả (đủ các chữ số, dấu chấm, dấu gạch). Nếu hồ sơ nộp ở tỉnh khác "
                        "hoặc vừa nộp trong ngày, anh/chị tra cứu trên Cổng Dịch vụ công quốc gia hoặc hỏi bộ phận một "
                        f"cửa nơi nộp, tổng đài {hotline()} ạ."
                    )
                )
                continue
            p = catalog.get(d.procedure_id)
            lines = [f"Dạ, hồ sơ {d.code}" + (f" ({p.name})" if p else "") + f": {d.status_text}."]
            lines.append(
                f"Ngày tiếp nhận: {_d(d.received_on)}." + (f" Hẹn trả kết quả: {_d(d.due_on)}." if d.due_on else "")
            )
            if d.note:
                lines.append(f"Ghi chú của cán bộ: {d.note}")
            if d.status == "need_supplement":
                lines.append(
                    "Anh/chị bổ sung giấy tờ theo Phiếu hướng dẫn tại nơi đã nộp hoặc trên cổng dịch vụ công ạ."
                )
            if d.status == "completed":
                lines.append("Anh/chị mang Giấy tiếp nhận hồ sơ và giấy tờ tùy thân đến nhận kết quả ạ.")
            if d.overdue(today):
                lines.append(
                    "Hồ sơ đã quá ngày hẹn trả. Em rất tiếc về sự chậm trễ; anh/chị có thể gửi phản ánh "
                    f"hoặc gọi {hotline()} ạ."
                )
                dispatcher.utter_message(text="\n".join(lines), buttons=buttons([("Gửi phản ánh", "/complaint")]))
            else:
                dispatcher.utter_message(text="\n".join(lines))
        return []
