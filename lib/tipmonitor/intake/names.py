"""Persons' names in free text: a heuristic for Vietnamese, looking at capitalised words.

A cell names a person when it holds a run of capitalised words (next to each other, only spaces
between them) that

- follows a word for a person (em, chị, cháu, nạn nhân, đối tượng, họ tên...; in the run's own
  first words too, as at the start of a sentence) and has two or more words, the first not a
  title or a body (Phó, Giám, Công, Tòa...): "em Lò Thị Xuân", "nạn nhân Nguyễn Văn A";
- or starts with a common Vietnamese surname and has one to three more words: "Hoàng Thị Mai".

A run starting with a surname is not a name when it is a known place or body ("Hồ Chí Minh",
"Hà Nội", "Đoàn Thanh niên", every name in the unit registry, the provinces) or when it follows
a word for a place (phường, xã, đường...: "đường Trần Hưng Đạo"); after a known place at its start,
the rest of the run is looked at on its own ("Hà Nội Nguyễn Văn A"). A word in capitals counts as
capitalised ("NGUYỄN THỊ MAI"), and so does a middle name "thị"/"văn" in lower case between two
capitalised words ("Nguyen thi Mai"). Words are compared in lower case, as written and without
diacritics, so "Nguyen Van A" is caught as well as "Nguyễn Văn A". The surnames are the common Kinh
ones below and the ethnic minorities' of data/reference/minority_surnames.csv (Hmong, Dao, Tày, Thái,
Mường, Nùng, Khmer; its .md names the source).

Not caught: a given name alone ("chị Hoa"), a name whose surname or last word has no capital letter
("nguyen thi mai", "Nguyen thi mai"), a name whose surname is not in the lists (or is left out of them as
a common word: Ma, Vi, Xa, Kim, Sơn, Danh, Mùa) and that follows no word for a person, a name that is
also a place.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tipmonitor.core.text import nfc, strip_accents

# Letters only: digits, underscores and punctuation end a word.
_WORD = re.compile(r"[^\W\d_]+")

SURNAMES = ("nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ", "hồ",
            "ngô", "dương", "lý", "lò", "hà", "đinh", "mai", "trịnh", "đoàn", "lương", "cao", "tạ", "trương",
            "lâm", "quách", "triệu", "tôn", "kiều", "giàng", "thào")
# Middle names that join a name's words even in lower case ("Nguyen thi Mai", "Lò văn Páo").
MIDDLE_NAMES = ("thị", "văn", "thi", "van")
# Words for a person before a name; several words are matched as a whole ("nạn nhân").
PERSON_WORDS = ("em", "chị", "anh", "cháu", "bé", "bà", "ông", "cô", "chú", "bác", "dì", "cậu", "mợ", "thím",
                "nạn nhân", "bị hại", "người bị hại", "đối tượng", "nghi phạm", "nghi can", "bị can", "bị cáo",
                "tên", "họ tên", "họ và tên", "người tên", "cháu bé", "con", "mẹ", "bố", "cha", "vợ", "chồng")
# First words of a run that make it a title or a body, not a name ("bà Phó Chủ tịch", "ông Giám đốc").
NOT_NAME_STARTS = ("phó", "chủ", "giám", "trưởng", "tổng", "thủ", "bí", "đại", "thiếu", "trung", "thượng",
                   "công", "tòa", "viện", "sở", "phòng", "ban", "ủy", "ubnd", "hội", "đội", "cục", "bộ", "thành",
                   "tỉnh", "quận", "huyện", "phường", "xã", "thị", "trường", "bệnh", "văn", "nhà", "cơ", "đồn")
# Words for a place or a body, after which a surname begins a place's name ("đường Trần Hưng Đạo").
PLACE_WORDS = ("phường", "xã", "quận", "huyện", "tỉnh", "thành phố", "tp", "thị xã", "thị trấn", "đường", "phố",
               "ngõ", "ngách", "hẻm", "thôn", "bản", "làng", "ấp", "xóm", "khu", "tổ", "sông", "núi", "cầu",
               "chợ", "trường", "bến", "cảng", "cửa khẩu", "đảo", "hồ", "tượng đài", "tư tưởng", "bác")
# Places and bodies that start with a surname, beyond the unit registry's names (read at first use).
KNOWN_PLACES = ("Hồ Chí Minh", "Hà Nội", "Hà Giang", "Hà Nam", "Hà Tĩnh", "Hà Đông", "Hà Tiên", "Hà Trung",
                "Cao Bằng", "Cao Lãnh", "Cao Phong", "Mai Châu", "Mai Sơn", "Mai Dịch", "Hoàng Mai", "Hoàng Sa",
                "Hoàng Liên Sơn", "Hoàng Su Phì", "Lê Chân", "Ngô Quyền", "Phan Thiết", "Phan Rang", "Lý Sơn",
                "Lâm Đồng", "Lâm Hà", "Lương Sơn", "Dương Minh Châu", "Vũ Thư", "Võ Nhai", "Đoàn Thanh niên",
                "Hồ Tây", "Hồ Gươm", "Hồ Hoàn Kiếm", "Trần Phú", "Hà Lan", "Đinh Lập", "Hạ Long", "Việt Nam",
                "Cao Lộc", "Trần Văn Thời", "Trần Đề", "Dương Kinh", "Lâm Thao", "Lâm Bình", "Vũ Quang", "Hà Quảng",
                "Hà Hòa")


Phrases = tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]


def _key(words: list[str]) -> tuple[str, ...]:
    return tuple(w.lower() for w in words)


def _phrases(phrases) -> Phrases:
    """Each phrase as lower-case words: as written, and without diacritics (for text typed without them)."""
    keys = frozenset(_key(nfc(p).split()) for p in phrases)
    return keys, frozenset(tuple(strip_accents(w) for w in k) for k in keys)


def _among(key: tuple[str, ...], phrases: Phrases) -> bool:
    """Words without diacritics match either form ("Nguyen"); words with them only the written one
    ("Chi" is not "chị", "Lễ" is not "Lê")."""
    written, plain = phrases
    return key in written or (all(w.isascii() for w in key) and key in plain)


_PERSON_WORDS, _NOT_NAME_STARTS, _PLACE_WORDS, _KNOWN_PLACES = (
    _phrases(words) for words in (PERSON_WORDS, NOT_NAME_STARTS, PLACE_WORDS, KNOWN_PLACES))


@lru_cache(maxsize=1)
def minority_surnames() -> tuple[str, ...]:
    """The ethnic minorities' surnames of data/reference/minority_surnames.csv (its .md names the source),
    without those marked "left out" (common words)."""
    import csv

    from tipmonitor.core import paths

    with (paths.reference_dir() / "minority_surnames.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(nfc(row["surname"]).lower() for row in csv.DictReader(handle)
                     if not row["note"].startswith("left out"))


@lru_cache(maxsize=1)
def _surnames() -> Phrases:
    return _phrases(dict.fromkeys([*SURNAMES, *minority_surnames()]))


@lru_cache(maxsize=1)
def _known_places() -> Phrases:
    """KNOWN_PLACES and every run of capitalised words in the unit registry's names."""
    from tipmonitor.model.units import every_province

    table = every_province().table
    names = [*table["name_vi"], *table["short_vi"]]
    return _phrases([*KNOWN_PLACES, *(" ".join(run) for name in names for _, run in _runs(_words(nfc(str(name)))))])


def _capitalised(word: str) -> bool:
    """Nguyễn, A, or NGUYỄN (names are often written in capitals; so are acronyms: UBND)."""
    return word[0].isupper() and (word[1:] == word[1:].lower() or word.isupper())


def _words(text: str) -> list[tuple[str, bool]]:
    """(word, whether only white space separates it from the word before) for each word."""
    out: list[tuple[str, bool]] = []
    end = 0
    for match in _WORD.finditer(text):
        out.append((match.group(0), bool(out) and text[end:match.start()].isspace()))  # isspace is re's \s
        end = match.end()
    return out


def _runs(words: list[tuple[str, bool]]):
    """(index of its first word, its words) for each run of capitalised words joined by white space; a middle
    name in lower case between two of them is part of the run ("Nguyen thi Mai")."""
    run: list[str] = []
    padded = [*words, ("", False)]
    for i, (word, joined) in enumerate(padded):
        after, joined_after = padded[i + 1] if i + 1 < len(padded) else ("", False)
        middle = bool(run) and word.lower() in MIDDLE_NAMES and joined_after and bool(after) and _capitalised(after)
        inside = _capitalised(word) or middle if word else False
        if run and not (joined and inside):
            yield i - len(run), run
            run = []
        if inside:
            run.append(word)


def _ends_with(words: list[str], phrases: Phrases) -> bool:
    keys = _key(words)
    return any(_among(keys[-n:], phrases) for n in (1, 2, 3) if len(keys) >= n)


def _is_known_place(words: list[str], shortest: int, places: Phrases) -> bool:
    """Whether one of these places is the first ``shortest`` or more of these words."""
    keys = _key(words)
    return any(_among(keys[:n], places) for n in range(shortest, len(keys) + 1))


def _after_a_word_for_a_person(run: list[str], before: list[str], after: list[str]) -> bool:
    """The first rule; the word for a person may open the run itself ("Nạn nhân Lò Văn A")."""
    for cut in range(min(3, len(run) - 2) + 1):
        name = run[cut:]
        # not "Mẹ Việt Nam Anh hùng", nor a place whose name holds a word for a person ("Cầu Ông Lãnh")
        place = _is_known_place(after[cut:], 1, _KNOWN_PLACES) or (cut and _is_known_place(after, len(run),
                                                                                          _known_places()))
        if not place and not _among(_key(name[:1]), _NOT_NAME_STARTS) and _ends_with(before + run[:cut],
                                                                                      _PERSON_WORDS):
            return True
    return False


def _after_a_surname(run: list[str], before: list[str], after: list[str]) -> bool:
    """The second rule: a surname and one or more capitalised words, not a place's name."""
    return len(run) >= 2 and _among(_key(run[:1]), _surnames()) and not _ends_with(before, _PLACE_WORDS) \
        and not _is_known_place(after, len(run), _known_places())


def _past_known_places(start: int, run: list[str]):
    """The run, or what follows the known place it starts with ("Ho Chi Minh City": "City")."""
    keys = _key(run)
    for n in range(len(run), 1, -1):
        if _among(keys[:n], _KNOWN_PLACES):
            if n < len(run):
                yield from _past_known_places(start + n, run[n:])
            return
    yield start, run


def names_a_person(text: str) -> bool:
    """Whether a cell's text seems to hold a person's name (the module's heuristic)."""
    text = nfc(text)
    if sum(map(str.isupper, text)) < 2:  # both rules need two capitalised words
        return False
    found = _words(text)
    words = [word for word, _ in found]
    for start, run in (part for whole in _runs(found) for part in _past_known_places(*whole)):
        first = start  # up to three words before the run, joined to it by white space
        while first > max(start - 3, 0) and found[first][1]:
            first -= 1
        before, after = words[first:start], words[start:start + 5]
        if _after_a_word_for_a_person(run, before, after) or _after_a_surname(run, before, after):
            return True
    return False
