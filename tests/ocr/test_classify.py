"""Document classification from recognised lines: keywords, slips, codes, the field fallback, unknown."""

from ocr.classify import UNKNOWN, classify, keyword_score, settle
from ocr.documents import parsers
from ocr.documents.lines import OcrLine, folded


def _lines(*texts: str) -> list[OcrLine]:
    return [OcrLine(t, (0, 10 * i, 100, 10 * i + 9)) for i, t in enumerate(texts)]


def _squeezed(text: str) -> str:
    return "".join(ch for ch in folded(text) if ch.isalnum())


def test_keyword_score_exact_partial_and_absent() -> None:
    assert keyword_score(_squeezed("CĂN CƯỚC CÔNG DÂN"), "can cuoc cong dan") == 1.0
    assert 0.75 <= keyword_score(_squeezed("CĂN CUỚC CÔNG DAM"), "can cuoc cong dan") < 1.0
    assert keyword_score(_squeezed("GIẤY KHAI SINH"), "can cuoc cong dan") == 0.0


def test_chip_front_and_back_and_can_cuoc_are_told_apart() -> None:
    front = classify(
        _lines("CĂN CƯỚC CÔNG DÂN", "Citizen Identity Card", "Số / No.: 001203012345", "Họ và tên / Full name:"),
        page=False,
        has_qr=True,
    )
    assert front.document_type == "cccd_chip_front"
    back = classify(
        _lines(
            "Đặc điểm nhân dạng / Personal identification:",
            "CỤC TRƯỞNG CỤC CẢNH SÁT",
            "QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI",
        ),
        page=False,
    )
    assert back.document_type == "cccd_chip_back"
    new_front = classify(
        _lines(
            "CĂN CƯỚC",
            "IDENTITY CARD",
            "Số định danh cá nhân / Personal identification number",
            "Họ, chữ đệm và tên khai sinh",
        ),
        page=False,
    )
    assert new_front.document_type == "can_cuoc_front"


def test_ocr_slips_still_classify() -> None:
    # Slips Tesseract really made on photographed chip fronts.
    result = classify(_lines("CĂN CUỚC CÔNG DÂN", "Ho và tên / Fưới name:", "Quê quán / Piace of origin:"), page=False)
    assert result.document_type == "cccd_chip_front"


def test_pages_only_compete_with_pages() -> None:
    text = _lines("GIẤY KHAI SINH", "Họ, chữ đệm, tên: NGUYỄN VĂN AN")
    assert classify(text, page=True).document_type == "birth_certificate"
    # The same words on a card-shaped image match no card.
    assert classify(text, page=False).document_type != "birth_certificate"


def test_nothing_readable_is_unknown() -> None:
    result = classify(_lines("hello world", "12345"), page=False)
    assert result.document_type == UNKNOWN and result.method == "none"


def test_every_parser_has_keywords_unique_to_it() -> None:
    # A keyword of one side must not score fully on another side's own keywords.
    table = parsers()
    for name, parser in table.items():
        for keyword in parser.keywords:
            for other, other_parser in table.items():
                if other == name:
                    continue
                text = _squeezed(" ".join(other_parser.keywords))
                assert keyword_score(text, keyword) < 1.0, (name, keyword, other)


def test_a_close_call_is_settled_by_the_parsers() -> None:
    # Lines as read on a tuning photo of a căn cước front under glare: its labels half lost, the chip back's
    # "nhận dạng / Personal identification" scores almost as high as its own keyword.
    lines = _lines(
        "CĂN CƯỚC",
        "IDENTITY CARD",
        "Số định đanh cá nhân / Personal identification nưmnber:",
        "025076476914",
        "PHAN ĐĂNG CÔNG",
        "Ngày, thắng, năm sinh / Date of bình: 26/02/1976",
        "Giới tính Sex: Nam",
        "“Quốc ch/Nadonaly: Việt Nam",
    )
    kind = classify(lines, page=False)
    assert not kind.clear and kind.scores["cccd_chip_back"] >= 0.75 * kind.score
    settled = settle(kind, lines)
    assert settled.document_type == "can_cuoc_front" and settled.method == "keywords+fields"
    # A clear call is left alone.
    clear = classify(_lines("GIẤY CHỨNG MINH NHÂN DÂN", "Nơi ĐKHK thường trú: Hà Nội"), page=False)
    assert settle(clear, lines) is clear


def test_a_partial_keyword_whose_parser_reads_nothing_gives_way_to_the_parser_that_reads() -> None:
    # Lines as read on a blurred tuning photo of a căn cước front: every front label misread, "Ngày, tháng,
    # năm seh" shares most of the back's "Ngày, tháng, năm hết hạn"; no QR or MRZ was found.
    lines = _lines(
        "CĂN CƯỚC",
        "IDENTITY CARD",
        "Số dnh đa: cá nhâc ( Peccoe 2 (e2 g5on nưn hệt,",
        "060080347291",
        "Họ, Chữ đệm và tên khối sóc” ý Sơ nae, =HÓỚÏe name and guyen name.",
        "TRẦN TÙNG",
        "Ngày, tháng, năm seh / Das of ben: 24/10/1980",
        "Giới ah / Sex: Nam",
        "Quốc ch / Na%osz/+v. Việt Nam",
    )
    kind = classify(lines, page=False)
    assert kind.document_type == "can_cuoc_back" and kind.score < 1
    settled = settle(kind, lines)
    assert settled.document_type == "can_cuoc_front" and settled.method == "fields"
    # The back's own lines, its expiry label half read, stay the back.
    back = _lines(
        "Nơi cư trú / Place of residence: Thôn 3, Xã Tân Tiến, Huyện An Lão, Hải Phòng",
        "Nơi đăng ký khai sinh / Place of birth: Xã Tân Tiến, Huyện An Lão, Hải Phòng",
        "Ngày, tháng, năm cấp / Date of issue: 12/08/2024",
        "Ngày, tháng, năm hết hn / Date of exp: 24/10/2040",
    )
    kind = classify(back, page=False)
    assert settle(kind, back).document_type == "can_cuoc_back"
