"""Build the report font: DejaVu Sans cut down to the characters the reports use.

DejaVu Sans covers Vietnamese completely; the subset keeps Latin (with every
Vietnamese letter and combining mark), punctuation, and the status symbols.
Run from the project root with the dev extra installed:

    .venv/bin/python scripts/build_font.py /usr/share/fonts/truetype/dejavu

(DejaVu comes from Debian's fonts-dejavu-core.) The output is committed under
lib/tipmonitor/fonts/ with DejaVu's licence; the HTML reports embed it.
"""

import sys
from pathlib import Path

from fontTools import subset

RANGES = [
    (0x0020, 0x007E), (0x00A0, 0x024F),  # Latin, Latin-1, Extended-A and -B (Ơ ơ Ư ư Đ đ)
    (0x0300, 0x036F),  # combining diacritics (NFD text)
    (0x1EA0, 0x1EF9),  # Latin Extended Additional: Vietnamese precomposed letters
    (0x2010, 0x2027), (0x2030, 0x203A), (0x20AB, 0x20AB),  # dashes, quotes, bullets, ‰, ₫
    (0x2190, 0x2193), (0x2212, 0x2212), (0x2260, 0x2265),  # arrows, minus, ≠ ≤ ≥
    (0x25A0, 0x25CF), (0x26A0, 0x26A0), (0x2714, 0x2714), (0x2718, 0x2718),  # shapes, ⚠ ✔ ✘
    (0x00B7, 0x00B7),
]


def rename(font, bold: bool) -> None:
    """Call the subset "TM Sans", so that it never stands in for a full DejaVu Sans on a system."""
    style = "Bold" if bold else "Book"
    names = {1: "TM Sans", 2: "Bold" if bold else "Regular", 4: f"TM Sans {style}", 6: f"TMSans-{style}",
             16: "TM Sans", 17: style}
    table = font["name"]
    for record in list(table.names):
        if record.nameID in names:
            table.removeNames(nameID=record.nameID)
    for name_id, value in names.items():
        table.setName(value, name_id, 3, 1, 0x409)
        table.setName(value, name_id, 1, 0, 0)


def build(source: Path, target: Path) -> None:
    unicodes = [c for lo, hi in RANGES for c in range(lo, hi + 1)]
    for name, out in (("DejaVuSans.ttf", "TMSans.ttf"), ("DejaVuSans-Bold.ttf", "TMSans-Bold.ttf")):
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        font = subset.load_font(str(source / name), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        rename(font, bold="Bold" in name)
        font.save(str(target / out))
    licence = Path("/usr/share/doc/fonts-dejavu-core/copyright")
    (target / "LICENSE-DejaVu.txt").write_text(licence.read_text(encoding="utf-8"), encoding="utf-8")


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(__file__).resolve().parents[1] / "lib" / "tipmonitor" / "fonts")
