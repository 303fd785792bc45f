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


# --- whole columns at once ----------------------------------------------------------
# The functions below give, for a column of text, exactly what the one-value functions above give for
# each of its cells: ASCII cells (nearly all of a large file) are done by Arrow, whose ASCII rules are
# Python's; any other cell goes through the one-value function, so most cells cost no Python call.

# What Python's str.strip() removes from ASCII text (str.isspace() among code points below 128).
ASCII_SPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"


def _arrow(values):
    import pyarrow as pa

    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        return values
    return pa.array(values, type=pa.large_string(), from_pandas=True)


def _by_ascii(values, fast, slow):
    """``fast(ascii_cells)`` where every cell is ASCII, else ``slow`` (a Python function) cell by cell."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values = _arrow(values)
    ascii_ = pc.fill_null(pc.string_is_ascii(values), True)
    if pc.all(ascii_).as_py():
        return fast(values)
    result = fast(pc.if_else(ascii_, values, pa.scalar("", values.type)))
    others = pc.indices_nonzero(pc.invert(ascii_))
    replaced = pa.array([slow(v) for v in pc.take(values, others).to_pylist()], type=result.type)
    chunks = result.combine_chunks() if isinstance(result, pa.ChunkedArray) else result
    mask = pc.invert(ascii_)
    mask = mask.combine_chunks() if isinstance(mask, pa.ChunkedArray) else mask
    return pc.replace_with_mask(chunks, mask, replaced)


def strip_all(values):
    """``str.strip()`` of every cell (an Arrow string array; nulls stay null)."""
    import pyarrow.compute as pc

    return _by_ascii(values, lambda v: pc.ascii_trim(v, ASCII_SPACE), lambda v: None if v is None else v.strip())


def match_keys(values):
    """``match_key`` of every cell (an Arrow string array; nulls become "")."""
    import pyarrow.compute as pc

    def fast(v):
        key = pc.replace_substring_regex(pc.ascii_lower(pc.fill_null(v, "")), r"[^a-z0-9]+", "_")
        return pc.ascii_trim(key, "_")

    return _by_ascii(values, fast, match_key)


_ID_SEPARATORS = re.compile(r"[\s\-_]+")


def id_key(text: object) -> str:
    """A record id as ids are compared between units: upper case, runs of spaces, dashes and underscores as one
    dash ("tb-001r 00013" and "TB-001R-00013" are one id)."""
    return _ID_SEPARATORS.sub("-", nfc(str(text)).strip()).upper()
