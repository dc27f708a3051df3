"""The tables the segmenter reads from the language packs' patterns, written into the package.

:class:`~threadkit.segment.openings.PhrasePattern` picks a line's phrases by their openings, and
:mod:`threadkit.segment.features` picks a line's cue tests the same way: both read the openings
from each pattern's parse tree, which was 0.15 s of profiled time the first time a run read a
line. They depend on the patterns alone, so they are worked out here once and written to
:mod:`threadkit.segment._opening_tables`, each table found by what it was made from (the
phrases, prefix, suffix and flags; the Unicode version and key length): a pattern made otherwise
(a pack changed, a user's pack) has its tables read from it, as before.

    python -m threadkit.segment.opening_tables          # rewrites threadkit/segment/_opening_tables.py
    python -m threadkit.segment.opening_tables --check  # exit status 1 when it is not what it would write

(``tests/test_segment_first_use.py`` runs the check.)
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from threadkit.segment import features, openings  # (imports every rule module, and their phrase patterns)
from threadkit.segment.openings import KEY_LENGTH, PhrasePattern

PATH = Path(__file__).with_name("_opening_tables.py")
COMMAND = "python -m threadkit.segment.opening_tables"


def phrase_patterns() -> dict[tuple, tuple[str, PhrasePattern]]:
    """The phrase patterns threadkit's modules hold, by source (once each), with the first name
    found for each."""
    found: dict[tuple, tuple[str, PhrasePattern]] = {}
    for name in sorted(sys.modules):
        if name == "threadkit" or name.startswith("threadkit."):
            for attribute, value in sorted(vars(sys.modules[name]).items()):
                if isinstance(value, PhrasePattern):
                    found.setdefault(value.source(), (f"{name}.{attribute}", value))
    return found


def text() -> str:
    """The module :data:`PATH` should hold (in a process that has read no table yet: a phrase
    pattern keeps the tables it read)."""
    openings.SHIPPED = False  # every table read from the patterns, none from the file being written
    lines = [f'"""Written by ``{COMMAND}`` (see :mod:`threadkit.segment.opening_tables`): do not edit."""', "",
             "# Unicode version (its case rules), key length: the tables of other ones are read from the patterns.",
             f"MADE_WITH = {(unicodedata.unidata_version, KEY_LENGTH)!r}", "",
             "# PhrasePattern.source() -> PhrasePattern.index()", "PHRASE_PATTERNS = {"]
    for source, (name, pattern) in phrase_patterns().items():
        lines += [f"    # {name}", f"    {source!r}:", f"        {pattern.read_index()!r},"]
    lines += ["}", "", "# features.cue_sources() -> features.read_tests_by_key()", "CUES = {",
              f"    {features.cue_sources()!r}:", f"        {features.read_tests_by_key()!r},", "}", ""]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    written = text()
    if "--check" in argv:
        same = PATH.exists() and PATH.read_text(encoding="utf-8") == written
        if not same:
            print(f"{PATH} is not what the patterns give: run `{COMMAND}`", file=sys.stderr)
        return 0 if same else 1
    PATH.write_text(written, encoding="utf-8")
    print(f"wrote {PATH} ({len(written):,} characters)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
