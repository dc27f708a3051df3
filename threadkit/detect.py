"""Content sniffing: a :class:`~threadkit.source.Source` → ranked format guesses with reasons.

Each reader module has a ``sniff(source) -> Guess``; detection asks them all and ranks the
answers (the pygments ``analyse_text`` idea, with the reasons kept for the user).
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


def detect(source) -> list[Guess]:
    """Every reader's guess for ``source``, best first."""
    from threadkit.readers import READERS

    guesses = [module.sniff(source) for module in READERS.values()]
    return sorted(guesses, key=lambda g: (-g.score, g.format))


def choose(guesses: list[Guess], name: str = "input") -> Guess:
    """The winning guess.

    Raises:
        UnknownFormatError: no reader scores at least :data:`MIN_SCORE`.
        AmbiguousFormatError: the two best are within :data:`TIE_MARGIN` of each other.
    """
    if not guesses or guesses[0].score < MIN_SCORE:
        best = f" (best: {guesses[0].format} at {guesses[0].score:.2f})" if guesses else ""
        raise UnknownFormatError(f"{name}: no reader recognises this document{best}; name one with --from")
    if len(guesses) > 1 and guesses[0].score - guesses[1].score < TIE_MARGIN and guesses[1].score >= MIN_SCORE:
        raise AmbiguousFormatError(
            f"{name}: ambiguous format, {guesses[0].format} ({guesses[0].score:.2f}) or "
            f"{guesses[1].format} ({guesses[1].score:.2f}); choose one with --from"
        )
    return guesses[0]
