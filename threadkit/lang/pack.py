"""What one language pack holds: :class:`Pack`, the fields every language module fills."""

from __future__ import annotations

from attrs import field, frozen

Phrases = tuple[str, ...]
#: (month number, name) pairs: spellings of a month a pack's ``months`` does not hold.
MonthVariants = tuple[tuple[int, str], ...]


def _phrases(value) -> Phrases:
    return tuple(value)


def _month_variants(value) -> MonthVariants:
    return tuple((int(number), str(name)) for number, name in value)


def _phrase_field():
    return field(default=(), converter=_phrases)


@frozen
class Pack:
    """The language knowledge of one language, as data: what its mail clients, lists and
    writers put into a body, for the segmenter (:mod:`threadkit.segment`) to recognise.

    Every phrase field is a tuple of regular-expression fragments (most are plain text; escape
    ``. ( ) [ ? + *`` when they are meant literally). The engine joins the fragments of one
    field over all registered packs into one alternation, so a fragment must number no groups
    (use ``(?:...)``) and must stay linear: no nested quantifiers, bounded repetitions
    (``.{0,40}``, not ``.*``). Matching is case-insensitive, on *folded* text (no-break, narrow
    no-break and thin spaces are plain spaces, invisible characters removed: see
    :func:`threadkit.segment.lines.fold`), at the start of the line (after its '>' markers and
    blanks are removed) unless said otherwise. A field a language does not have stays empty.
    The same phrase in two packs is fine (it is matched once).
    """

    code: str
    """ISO 639-1 code ("en", "fr"): the module's name under :mod:`threadkit.lang`."""
    name: str
    """The language's English name."""

    # --- quote attributions: "On <date>, <name> wrote:" / "Am <date> schrieb <name>:"
    attribution_intros: Phrases = _phrase_field()
    """Words that open an attribution line ("On", "Le", "W dniu"), before its date."""
    attribution_verbs: Phrases = _phrase_field()
    """Verbs that end an attribution, before its colon ("wrote", "a écrit", "napisał\\(a\\)");
    matched at the end of the line, after a word boundary."""
    attribution_verb_first_intros: Phrases = _phrase_field()
    """Openings of attributions that put the verb before the name ("Am", "Den", "W dniu")."""
    attribution_verb_first_verbs: Phrases = _phrase_field()
    """The verbs of those attributions ("schrieb", "skrev"): "<intro> <date> VERB <name>:"."""

    # --- quoted or forwarded messages pasted below the reply (Outlook, Gmail, Apple Mail)
    original_message_labels: Phrases = _phrase_field()
    """The label of a "-----Original Message-----" line (the dashes are the engine's)."""
    forwarded_message_labels: Phrases = _phrase_field()
    """The label of a "---------- Forwarded message ---------" line: a quote of kind forward."""
    header_from_labels: Phrases = _phrase_field()
    """The field name of the first line of a pasted header block ("From", "De", "Von")."""
    header_labels: Phrases = _phrase_field()
    """The other field names of such a block ("Sent", "To", "Subject", "Objet", "Betreff")."""

    # --- signatures
    signoffs: Phrases = _phrase_field()
    """Closings that sign a message, as the whole line but for trailing ``,.!:`` ("Regards",
    "Cordialement", "Mit freundlichen Grüßen")."""
    mobile_taglines: Phrases = _phrase_field()
    """Openings of the one-line taglines mail apps append ("Sent from my", "Envoyé de mon");
    the engine takes at most 80 more characters after them."""

    # --- boilerplate
    virus_free_taglines: Phrases = _phrase_field()
    """The word of an antivirus tagline followed by its vendor's address ("Virus-free" in
    "Virus-free.www.avast.com"); the address part is the engine's."""
    antivirus_notices: Phrases = _phrase_field()
    """Whole-line antivirus notices ("This message has been checked for viruses by .{0,60}")."""
    deleted_message_notices: Phrases = _phrase_field()
    """Whole lines a web archive writes for a deleted message ("Message has been deleted")."""
    hidden_quote_notices: Phrases = _phrase_field()
    """Whole lines a web interface writes for folded quoted text ("Quoted text hidden",
    "- Show quoted text -"), maybe in [brackets]."""
    list_footer_starts: Phrases = _phrase_field()
    """First sentences of mailing-list footers (Google Groups, Mailman): where a footer starts."""
    list_footer_lines: Phrases = _phrase_field()
    """Openings of the further lines a list footer holds ("To unsubscribe", "For more options")."""
    disclaimers: Phrases = _phrase_field()
    """Openings of confidentiality disclaimers ("This e-mail is confidential")."""

    # --- dates and bylines
    months: Phrases = _phrase_field()
    """The twelve month names, January first, in full and lower case (plain text)."""
    month_abbreviations: Phrases = _phrase_field()
    """The shortest forms of the month names written in dates ("janv", "févr", "mrt"); the
    engine accepts any further letters and a dot after them, so "janv." and "janvier" match."""
    month_variants: MonthVariants = field(default=(), converter=_month_variants)
    """Other spellings of month names written in dates, as ``(month number, name)`` pairs:
    regional names ("jänner"), spellings without a letter the keyboard lacks ("maerz") and
    contractions that do not start the name ("mrt" for "maart"). :mod:`threadkit.lang.dates`
    reads them with ``months`` and ``month_abbreviations`` (whose month is the one whose name
    they start)."""
    weekdays: Phrases = _phrase_field()
    """The seven weekday names, Monday first, in full and lower case (plain text)."""
    byline_prefixes: Phrases = _phrase_field()
    """Words that introduce an author in a byline ("By", "Par", "Von")."""

    # --- the Google Groups thread page copied as text (:mod:`threadkit.readers.googlegroups`).
    # Unlike the fields above, these are matched against the WHOLE line (cleaned: blanks at both
    # ends removed, spaces folded) and case-sensitively: the page writes its own words exactly,
    # and a lower-case "forward" alone on a line of a post is the author's, not the button.
    # A post's date line needs no field: it is read with the packs' months by
    # :func:`threadkit.lang.dates.find_date` ("12 mars 2026, 10:15:02", "2026年3月12日 10:15").
    # Fill them only with strings seen in that language's interface, and say where (a comment).
    groups_unread_markers: Phrases = _phrase_field()
    """The marker the signed-in view writes between an unread post's author and its date
    ("unread,")."""
    groups_view_counts: Phrases = _phrase_field()
    """The words after the count of the view counter under the thread's title ("views?" in
    "8,203 views"); the count (digits, with ',' '.' or blanks between groups) is the engine's."""
    groups_skip_to_unread: Phrases = _phrase_field()
    """The link under the title to the first unread post ("Skip to first unread message")."""
    groups_reply_all: Phrases = _phrase_field()
    """The button that answers the whole group ("Reply all")."""
    groups_reply_to_author: Phrases = _phrase_field()
    """The button that answers the post's author alone ("Reply to author")."""
    groups_forward: Phrases = _phrase_field()
    """The button that forwards the post ("Forward")."""
    groups_recipients_intros: Phrases = _phrase_field()
    """The word that opens a post's recipients line ("to" in "to Chromium Extensions, Kyle");
    the recipients, comma-separated, follow it after one space."""
    groups_interface: Phrases = _phrase_field()
    """The page's other fixed lines: menus, the signed-out view's buttons and notices, the
    closing counter ("Sign in to reply", "Copy link", "(?:\\d+|No) new messages?")."""
