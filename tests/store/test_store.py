"""The SQLite store: dossier lookup by receipt code, tickets, ratings, handoffs; personal fields encrypted."""

from datetime import date
from pathlib import Path

import pytest

from assistant.store import Dossier, find_codes, normalize_code, open_store
from assistant.store.dossiers import looks_like_code


@pytest.fixture
def store(tmp_path: Path):
    return open_store(tmp_path)


def raw_db(tmp_path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in tmp_path.glob("dvc.sqlite3*"))


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("tra cứu hồ sơ 000.00.16.H42-261120-0003 giúp em", ["000.00.16.H42-261120-0003"]),
        ("ma ho so h42.16-261120-0003", ["H42.16-261120-0003"]),
        ("000.00.16.h42 - 261120 - 0003", ["000.00.16.H42-261120-0003"]),
        ("hồ sơ của tôi đến đâu rồi", []),
        ("số điện thoại 0912345678", []),
    ],
)
def test_find_codes(text: str, codes: list[str]) -> None:
    assert find_codes(text) == codes


def test_code_like_text_is_told_apart_from_no_code() -> None:
    assert looks_like_code("ma 000.00.16-2611-03")
    assert not looks_like_code("tra cứu hồ sơ")


def test_dossier_round_trip_with_sloppy_code(store) -> None:
    store.dossiers.upsert(
        Dossier(
            "000.00.16.H42-261120-0003",
            "dang_ky_khai_sinh",
            "processing",
            date(2026, 11, 20),
            date(2026, 11, 21),
            "Nguyễn Văn A",
        )
    )
    found = store.dossiers.get(" 000.00.16.h42-261120-0003 ")
    assert found is not None and found.status == "processing" and found.applicant_name == "Nguyễn Văn A"
    assert found.overdue(date(2026, 11, 30)) and not found.overdue(date(2026, 11, 21))
    assert store.dossiers.get("000.00.16.H42-261120-0004") is None


def test_dossier_rejects_unknown_status_and_bad_code() -> None:
    with pytest.raises(ValueError):
        Dossier("000.00.16.H42-261120-0003", "dang_ky_khai_sinh", "lost", date(2026, 1, 1))
    with pytest.raises(ValueError):
        Dossier("ABC", "dang_ky_khai_sinh", "processing", date(2026, 1, 1))


def test_personal_fields_are_encrypted_at_rest(tmp_path: Path, store) -> None:
    store.dossiers.upsert(
        Dossier(
            normalize_code("H42.16-261120-0003"),
            "dang_ky_khai_sinh",
            "received",
            date(2026, 11, 20),
            None,
            "Trần Thị Bích",
        )
    )
    number = store.feedback.create_ticket(
        sender="zalo:84912345678", text="Cán bộ phường Tân Định trễ hẹn", contact="0912345678", procedure_id=None
    )
    store.feedback.add_handoff(sender="zalo:84912345678", channel="zalo", transcript="tôi cần gặp cán bộ")
    raw = raw_db(tmp_path)
    for secret in ("Trần Thị Bích", "Tân Định", "0912345678", "84912345678", "gặp cán bộ"):
        assert secret.encode() not in raw
    ticket = store.feedback.get_ticket(number)
    assert ticket is not None and ticket.text == "Cán bộ phường Tân Định trễ hẹn" and ticket.contact == "0912345678"
    assert (tmp_path / "secrets" / "store.key").stat().st_mode & 0o077 == 0


def test_ticket_numbers_are_sequential_per_day(store) -> None:
    first = store.feedback.create_ticket(sender="a", text="x y z", contact=None, procedure_id=None)
    second = store.feedback.create_ticket(sender="b", text="x y z", contact=None, procedure_id=None)
    assert first.startswith("PA-") and first.endswith("-0001") and second.endswith("-0002")


def test_ratings_are_bounded_and_counted(store) -> None:
    store.feedback.add_rating(sender="a", score=5)
    store.feedback.add_rating(sender="b", score=5)
    store.feedback.add_rating(sender="c", score=2)
    assert store.feedback.rating_summary() == {5: 2, 2: 1}
    with pytest.raises(ValueError):
        store.feedback.add_rating(sender="d", score=6)


def test_handoff_waits_for_a_clerk(store) -> None:
    request_id = store.feedback.add_handoff(sender="web:abc", channel="rest", transcript="cho tôi gặp cán bộ")
    waiting = store.feedback.waiting_handoffs()
    assert [h.id for h in waiting] == [request_id] and waiting[0].sender == "web:abc"


def test_purge_drops_old_personal_records(store) -> None:
    store.feedback.create_ticket(sender="a", text="x y z", contact=None, procedure_id=None)
    assert store.feedback.purge(date(2000, 1, 1)) == 0
    assert store.feedback.purge(date(2100, 1, 1)) == 1


def test_a_second_process_reads_with_the_same_key(tmp_path: Path, store) -> None:
    number = store.feedback.create_ticket(sender="a", text="nội dung phản ánh", contact=None, procedure_id=None)
    assert open_store(tmp_path).feedback.get_ticket(number).text == "nội dung phản ánh"
