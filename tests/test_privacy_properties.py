"""The personal-data guard, by property: generated identity numbers, passports and names of every listed
surname are refused with a located message; the sample's and the fixtures' real texts never are.

What the guard does not catch is listed in docs/security.md ("Not caught"); the generators stay inside
what it promises: groups as people write them (3-3-3-3, 4-4-4, 3-3-6, 3-3-3 or unbroken) with any run
of separators, one passport letter with any run of separators, a surname and a given name capitalised
(a middle name in any case).
"""

import re

import pandas as pd
from hypothesis import assume, given
from hypothesis import strategies as st

from tipmonitor.core import paths
from tipmonitor.core.text import nfc, strip_accents
from tipmonitor.intake.guard import cell_problem, scan_column
from tipmonitor.intake.names import SURNAMES, _among, _key, _known_places, minority_surnames
from tipmonitor.model.schema import TABLES

from test_hostile_input import refusal
from test_intake_columns import SETTINGS

SEPARATOR = st.sampled_from([" ", "  ", "\t", ".", "-", "/", " - ", " / ", "\t\t", "..", "_", " . "])
LAYOUTS = {12: [(3, 3, 3, 3), (4, 4, 4), (3, 3, 6), (12,)], 9: [(3, 3, 3), (9,)]}
CONTEXT = st.sampled_from([("", ""), ("CCCD số ", ""), ("số CMND: ", "."), ("em có giấy tờ ", " cấp năm 2019"),
                           ("Ghi chú: ", ", đã xác minh")])


@st.composite
def identity_numbers(draw) -> str:
    length = draw(st.sampled_from([12, 9]))
    # A CCCD starts with its province code 001-096; an old CMND with any digit.
    head = f"0{draw(st.integers(1, 96)):02d}" if length == 12 else str(draw(st.integers(0, 9))) + "00"
    digits = head + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=length - 3, max_size=length - 3)))
    layout = draw(st.sampled_from(LAYOUTS[length]))
    groups, start = [], 0
    for size in layout:
        groups.append(digits[start:start + size])
        start += size
    number = groups[0] + "".join(draw(SEPARATOR) + g for g in groups[1:])
    # Not caught, as docs/security.md says: a 9-digit number in dotted groups of three not starting with 0
    # (123.456.789) reads as an amount with thousands separators.
    assume(not re.fullmatch(r"[1-9]\d{2}(?:\.\d{3})+", number))
    before, after = draw(CONTEXT)
    return before + number + after


@st.composite
def passports(draw) -> str:
    letter = draw(st.sampled_from("BCNPbcnp"))
    gap = draw(st.sampled_from(["", " ", "-", ".", "/", " - ", "_", "  "]))
    digits = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=7, max_size=7)))
    before, after = draw(st.sampled_from([("", ""), ("hộ chiếu số ", ""), ("HC: ", "."), ("passport ", " (CN)")]))
    return f"{before}{letter}{gap}{digits}{after}"


GIVEN = ["Páo", "Dính", "Tủa", "Xuân", "Lan", "Dũng", "Sáng", "Chứ", "Pó", "Thủy", "Hương", "Nam"]
MIDDLE = ["Thị", "Văn", "A", "Mí", "Seo", "Thị Thu", ""]


def _cased(word: str, draw, cases) -> str:
    return {"title": word[:1].upper() + word[1:], "upper": word.upper(), "lower": word.lower()}[draw(st.sampled_from(cases))]


@st.composite
def names(draw) -> str:
    surname = draw(st.sampled_from(sorted({*SURNAMES, *minority_surnames()})))
    parts = [_cased(surname, draw, ["title", "upper"])]
    middle = draw(st.sampled_from(MIDDLE))
    for word in middle.split():
        lower_ok = word.lower() in ("thị", "văn")
        parts.append(_cased(word, draw, ["title", "upper", "lower"] if lower_ok else ["title", "upper"]))
    parts.append(_cased(draw(st.sampled_from(GIVEN)), draw, ["title", "upper"]))
    name = " ".join(parts)
    if draw(st.booleans()):
        name = strip_accents(name)  # typed without diacritics
    # A name that is also a place is passed on purpose ("Hà Lan" is a surname and a name, and the Netherlands), and the
    # library knows a place typed without diacritics too ("Ha Lan", session 11): a name whose first words the library's
    # own place test takes for a place is left out here, before any words around it ("Hỗ trợ Hà Lan trở về", session 12:
    # the test's check of the whole text missed it).
    keys = _key(nfc(name).split())
    assume(not any(_among(keys[:n], _known_places()) for n in range(1, len(keys) + 1)))
    before, after = draw(st.sampled_from([("", ""), ("Hỗ trợ ", " trở về"), ("Tiếp nhận ", "."), ("đã giải cứu ", ""),
                                          ("Ghi chú: ", ", 15 tuổi")]))
    return before + name + after


TEXTS_HEADER = "Đơn vị,Kỳ báo cáo,Nhóm nhiệm vụ (1-5; để trống: chung),Phần,Nội dung báo cáo\n"


def _refused_in_a_text_file(tmp_path, value: str, what: str) -> None:
    path = tmp_path / "bc.csv"
    cell = '"' + value.replace('"', '""') + '"'
    path.write_text(TEXTS_HEADER + "002,2023-Q2,4,kết quả đạt được,Tiếp nhận nạn nhân trở về.\n"
                                   f"002,2023-Q2,4,kết quả đạt được,{cell}\n", encoding="utf-8")
    [message] = refusal(path)
    assert message.startswith(f"bc.csv:3:Nội dung báo cáo: this cell looks like {what}"), message


@SETTINGS
@given(identity_numbers(), st.sampled_from(["prose", "text", "id", None]))
def test_a_generated_identity_number_with_any_separators_is_refused(value, kind):
    problem = cell_problem(value, kind)
    assert problem is not None and problem[0] == "pii_value", value
    assert scan_column(pd.Series(["TB-002-1", value], dtype=str), kind)[0][:2] == (1, "pii_value")


@SETTINGS
@given(passports(), st.sampled_from(["prose", "text", None]))
def test_a_generated_passport_number_with_a_separator_after_the_letter_is_refused(value, kind):
    assert scan_column(pd.Series([value], dtype=str), kind)[0][:2] == (0, "pii_value"), value
    assert dict(cell_problem(value, kind)[1]["what"])["en"] == "a passport number"


@SETTINGS
@given(names())
def test_a_generated_name_of_any_listed_surname_is_refused(value):
    assert scan_column(pd.Series(["Họp Ban Chỉ đạo.", value], dtype=str), "prose")[0][:2] == (1, "pii_value"), value


def test_each_kind_is_refused_with_its_located_message_in_a_file(tmp_path):
    _refused_in_a_text_file(tmp_path, "CCCD số 001  203  004  567", "an identity card number")
    _refused_in_a_text_file(tmp_path, "hộ chiếu C-1234567", "a passport number")
    for name in ("Sùng Thị Mai", "Vàng A Páo", "Vừ Mí Tủa", "Lầu Thị Dính", "Nguyen thi Mai"):
        _refused_in_a_text_file(tmp_path, name, "a person's name")


def _sample_cells() -> list[tuple[str, str, str]]:
    """(table, column, value) of every filled text cell of the sample's tables."""
    out = []
    for name, table in TABLES.items():
        path = paths.sample_dir() / f"{name}.csv"
        if not path.is_file():
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for f in table.fields:
            if f.name in frame and f.kind not in ("date", "int"):
                out += [(name, f.name, v) for v in frame[f.name].unique() if v]
    return out


def test_no_real_text_of_the_sample_or_the_fixtures_is_refused():
    from tipmonitor.intake.template import EXAMPLES

    cells = _sample_cells()
    assert len(cells) > 1_000
    kinds = {(name, f.name): f.kind for name, table in TABLES.items() for f in table.fields}
    refused = [(t, c, v) for t, c, v in cells if cell_problem(v, kinds[(t, c)])]
    assert refused == []
    examples = [str(v) for row in EXAMPLES.values() for v in row.values() if isinstance(v, str)]
    assert examples and [v for v in examples if cell_problem(v, "prose")] == []
