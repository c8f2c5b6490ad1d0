"""Conversations through the real system: guided forms (two branches each), status, complaints, ratings, handoff.

Uses the session's `system` fixture (tests/e2e/conftest.py).
"""

from datetime import date, timedelta

import pytest

from assistant.config import Settings
from assistant.runtime.supervisor import Supervisor
from assistant.store import Dossier, open_store
from tests.e2e.conftest import all_text, ask

pytestmark = pytest.mark.e2e

System = tuple[Settings, Supervisor]


def talk(settings: Settings, sender: str, *messages: str) -> str:
    """Send every message in one conversation; returns the text of the last replies."""
    text = ""
    for message in messages:
        resp = ask(settings, message, sender=sender)
        assert resp.status_code == 200, resp.text
        text = all_text(resp)
    return text


def checklist_items(text: str) -> str:
    return "\n".join(line for line in text.split("\n\n")[0].splitlines() if line.startswith("•"))


GUIDE_CASES = [
    # (opening message, answers, must be listed, must not be listed)
    (
        "hướng dẫn em chuẩn bị hồ sơ khai sinh cho con",
        ["con em mới sinh được 2 tuần", "có", "rồi"],
        ["Giấy chứng sinh", "Giấy chứng nhận kết hôn của cha mẹ"],
        ["Giấy cam đoan về việc sinh"],
    ),
    (
        "giup minh chuan bi giay to dang ky khai sinh tung buoc",
        ["qua han roi", "khong co", "khong", "chua"],
        ["Giấy cam đoan về việc sinh"],
        ["Giấy chứng sinh (", "Giấy chứng nhận kết hôn của cha mẹ"],
    ),
    (
        "hướng dẫn chuẩn bị hồ sơ đăng ký kết hôn",
        ["cùng xã", "chưa từng"],
        ["Tờ khai đăng ký kết hôn"],
        ["Giấy xác nhận tình trạng hôn nhân", "đã ly hôn"],
    ),
    (
        "huong dan toi chuan bi ho so dang ky ket hon",
        ["2", "đã ly hôn"],
        ["Giấy xác nhận tình trạng hôn nhân", "đã ly hôn"],
        [],
    ),
    (
        "hướng dẫn từng bước chuẩn bị hồ sơ đăng ký thường trú",
        ["nhà của mình"],
        ["chứng minh chỗ ở hợp pháp"],
        ["Hợp đồng, văn bản cho thuê", "Ý kiến đồng ý"],
    ),
    (
        "giúp tôi chuẩn bị hồ sơ nhập hộ khẩu thường trú",
        ["ở trọ"],
        ["Hợp đồng, văn bản cho thuê", "Ý kiến đồng ý"],
        ["quan hệ nhân thân"],
    ),
    (
        "hướng dẫn chuẩn bị hồ sơ làm căn cước",
        ["lần đầu"],
        ["mẫu CC01"],
        ["Thẻ bị hỏng"],
    ),
    (
        "huong dan chuan bi ho so cap lai can cuoc",
        ["bi hong"],
        ["Thẻ bị hỏng"],
        [],
    ),
    (
        "hướng dẫn chuẩn bị hồ sơ xin lý lịch tư pháp",
        ["phiếu số 1", "nhờ người nhà đi", "không"],
        ["Văn bản ủy quyền"],
        ["miễn hoặc giảm phí"],
    ),
    (
        "huong dan chuan bi ho so ly lich tu phap",
        ["so 2", "sinh viên"],
        ["miễn hoặc giảm phí"],
        ["Văn bản ủy quyền"],
    ),
]


@pytest.mark.parametrize(("opening", "answers", "listed", "absent"), GUIDE_CASES)
def test_guided_checklist(
    system: System, opening: str, answers: list[str], listed: list[str], absent: list[str]
) -> None:
    settings, _ = system
    sender = f"guide-{abs(hash((opening, *answers)))}"
    first = talk(settings, sender, opening)
    assert "chuẩn bị hồ sơ" in first and "?" in first  # intro and first question
    text = talk(settings, sender, *answers)
    assert text.startswith("Dạ, đây là danh sách hồ sơ"), text
    items = checklist_items(text)
    for name in listed:
        assert name in items, (name, text)
    for name in absent:
        assert name not in items, (name, text)
    assert "Lệ phí:" in text and "Căn cứ:" in text


def test_guide_can_be_stopped_and_conversation_goes_on(system: System) -> None:
    settings, _ = system
    assert "đã dừng" in talk(settings, "guide-stop", "hướng dẫn chuẩn bị hồ sơ kết hôn", "thôi")
    assert "Giấy chứng sinh" in talk(settings, "guide-stop", "làm giấy khai sinh cần giấy tờ gì")


def test_status_lookup(system: System) -> None:
    settings, _ = system
    today = date.today()
    open_store(settings.var_dir).dossiers.upsert(
        Dossier("000.00.16.H42-261120-0003", "dang_ky_khai_sinh", "completed", today, today + timedelta(days=1))
    )
    assert "mã hồ sơ" in talk(settings, "status", "tra cứu hồ sơ của tôi")
    assert "Đã có kết quả" in talk(settings, "status", "000.00.16.h42-261120-0003")
    assert "không tìm thấy" in talk(settings, "status-2", "kiểm tra hồ sơ 000.00.16.H42-261120-0999")


def test_complaint_gets_a_ticket_number(system: System) -> None:
    settings, _ = system
    talk(settings, "complaint", "tôi muốn phản ánh")
    talk(settings, "complaint", "cán bộ một cửa hẹn trả kết quả nhưng trễ 5 ngày không báo")
    text = talk(settings, "complaint", "bỏ qua")
    number = text.split("mã số ")[1].split(".")[0]
    ticket = open_store(settings.var_dir).feedback.get_ticket(number)
    assert ticket is not None and "trễ 5 ngày" in ticket.text


def test_goodbye_rating_and_handoff(system: System) -> None:
    settings, _ = system
    assert "sao" in talk(settings, "bye", "cảm ơn, tạm biệt nhé")  # thanks or goodbye: a rating is asked
    assert "5/5" in talk(settings, "bye", '/rate{"rating":"5"}')
    text = talk(settings, "human", "cho tôi nói chuyện với cán bộ")
    assert "1022" in text
    assert any(h.sender == "human" for h in open_store(settings.var_dir).feedback.waiting_handoffs())


def test_guide_through_the_command_line_chat(system: System) -> None:
    """`python -m assistant chat --jsonl` drives the same forms as the gateway."""
    import asyncio
    import io
    import json

    from assistant.cli import _chat_jsonl

    lines = [
        {"sender": "cli-guide", "message": "hướng dẫn chuẩn bị hồ sơ lý lịch tư pháp"},
        {"sender": "cli-guide", "message": "1"},
        {"sender": "cli-guide", "message": "tự đi nộp"},
        {"sender": "cli-guide", "message": "không"},
    ]
    stdin = io.StringIO("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    stdout = io.StringIO()
    assert asyncio.run(_chat_jsonl(system[0], stdin, stdout)) == 0
    records = [json.loads(line) for line in stdout.getvalue().splitlines()]
    last = "\n".join(r["text"] for r in records[-1]["replies"])
    assert last.startswith("Dạ, đây là danh sách hồ sơ") and "Phiếu số 1" in last
    assert "Văn bản ủy quyền (" not in checklist_items(last)


def test_list_procedures_by_group(system: System) -> None:
    text = talk(system[0], "list", "bạn hỗ trợ những thủ tục nào")
    assert "Hộ tịch:" in text and "Cư trú:" in text and "Đất đai:" in text
