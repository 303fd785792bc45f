"""Normalising Vietnamese text for matching: headers, unit names, category words.

Files arrive with and without diacritics, in NFC or NFD Unicode, with varied
spacing and punctuation; matching is done on a plain ASCII key.
"""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def strip_accents(text: str) -> str:
    """Remove Vietnamese diacritics: 'Đống Đa' -> 'Dong Da'."""
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return plain.replace("đ", "d").replace("Đ", "D")


def match_key(text: object) -> str:
    """A key for comparing names: ASCII, lower case, words joined by '_'.

    >>> match_key("  Ngày  tiếp nhận ")
    'ngay_tiep_nhan'
    """
    if text is None:
        return ""
    plain = strip_accents(unicodedata.normalize("NFC", str(text))).lower()
    return _NON_ALNUM.sub("_", plain).strip("_")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def sort_key(name: str) -> tuple[str, str]:
    """Sort Vietnamese names as a reader expects (Đống Đa with the D's, not after Z)."""
    return (strip_accents(nfc(name)).lower(), name)
