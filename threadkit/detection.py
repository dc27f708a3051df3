"""Content sniffing: a :class:`~threadkit.source.Source` → ranked format guesses with reasons.

Each reader module has a ``sniff(source) -> Guess``; detection asks them and ranks the
answers (the pygments ``analyse_text`` idea, with the reasons kept for the user).

Some formats announce themselves with certainty: an mbox opens with an envelope line and a
header, an .eml with a run of RFC 5322 header fields, an Outlook .msg with the OLE2 magic.
Such a guess is *decisive*: it ends the search, so the article sniffers (which lay out every
line of the text) never run over a mail archive, and never mistake mail for an article.
Readers are asked in registry order, certain formats first (:mod:`threadkit.readers`).
"""

from __future__ import annotations

from attrs import frozen

from threadkit.errors import AmbiguousFormatError, UnknownFormatError

#: Below this score a reader does not claim the input.
MIN_SCORE = 0.3
#: Two guesses closer than this are a tie: the user must say which with --from.
TIE_MARGIN = 0.1


@frozen
class Guess:
    """One reader's opinion of an input."""

    format: str
    score: float
    """0 (not this format) to 1 (certainly this format)."""
    reasons: tuple[str, ...] = ()
    decisive: bool = False
    """The input's own structure names this format: no other reader need be asked."""


def detect(source) -> list[Guess]:
    """The readers' guesses for ``source``, best first; a decisive guess ends the search,
    and the readers not asked are listed at 0 with the reason."""
    from threadkit.readers import READERS, sniffer

    return rank(READERS, lambda name: sniffer(name)(source))


def detect_folder(path) -> list[Guess]:
    """The folder readers' guesses for a folder (a Maildir, a news spool), best first."""
    from threadkit.readers import folder_readers

    readers = folder_readers()
    return rank(readers, lambda name: readers[name].sniff_folder(path))


def rank(readers, sniff) -> list[Guess]:
    """``sniff(name)`` for each reader name in order until one is decisive, best first
    (a reader is imported only when asked: :data:`threadkit.readers.SNIFFERS`)."""
    guesses: list[Guess] = []
    for name in readers:
        guess = sniff(name)
        guesses.append(guess)
        if guess.decisive:
            skipped = f"not examined: the input is {guess.format}"
            guesses += [Guess(name, 0.0, (skipped,)) for name in readers if name not in {g.format for g in guesses}]
            break
    return sorted(guesses, key=lambda g: (not g.decisive, -g.score, g.format))


def choose(guesses: list[Guess], name: str = "input") -> Guess:
    """The winning guess.

    Raises:
        UnknownFormatError: no reader scores at least :data:`MIN_SCORE`.
        AmbiguousFormatError: the two best are within :data:`TIE_MARGIN` of each other.
    """
    if not guesses or guesses[0].score < MIN_SCORE:
        best = f" (best: {guesses[0].format} at {guesses[0].score:.2f})" if guesses else ""
        raise UnknownFormatError(f"{name}: no reader recognises this document{best}; name one with --from")
    if guesses[0].decisive:
        return guesses[0]
    if len(guesses) > 1 and guesses[0].score - guesses[1].score < TIE_MARGIN and guesses[1].score >= MIN_SCORE:
        raise AmbiguousFormatError(
            f"{name}: ambiguous format, {guesses[0].format} ({guesses[0].score:.2f}) or "
            f"{guesses[1].format} ({guesses[1].score:.2f}); choose one with --from"
        )
    return guesses[0]
