"""Swedish: Gmail, Outlook, Apple Mail and Thunderbird in Swedish, Google Grupper."""

from threadkit.lang.pack import Pack

# Gmail opens with the weekday: "ons 7 jan. 2026 kl. 18:27 skrev Sven <s@x.se>:"
_WEEKDAY_DATE = r"(?:mån|tis|ons|tors|tor|fre|lör|sön)\.? \d{1,2}"

PACK = Pack(
    code="sv",
    name="Swedish",
    # Apple Mail "7 jan. 2026 kl. 18:27 skrev Sven <s@x.se>:", Thunderbird "Den 2026-01-07 kl. 18:27, skrev Sven:"
    attribution_intros=("Den", "På", _WEEKDAY_DATE),
    attribution_verbs=("skrev",),
    attribution_verb_first_intros=("Den", "På", _WEEKDAY_DATE),
    attribution_verb_first_verbs=("skrev",),
    original_message_labels=("Ursprungligt meddelande", "Originalmeddelande", "Ursprungligt e-postmeddelande"),
    forwarded_message_labels=("Vidarebefordrat meddelande",),
    header_from_labels=("Från",),
    header_labels=("Skickat", "Datum", "Till", "Ämne", "Kopia", "Cc", "Hemlig kopia", "Svara till", "Prioritet"),
    signoffs=(
        "med vänliga hälsningar", "med vänlig hälsning", "vänliga hälsningar", "vänlig hälsning", "bästa hälsningar",
        "hälsningar", "hälsning", "mvh", "vh", "tack", "tack på förhand", "stort tack", "ha det bra", "allt gott", "kram",
    ),
    mobile_taglines=("Skickat från min", "Skickat från", "Hämta Outlook för"),
    list_footer_starts=(
        "Du får det här meddelandet eftersom du prenumererar på",
        "Du har fått det här meddelandet eftersom du prenumererar på",
    ),
    list_footer_lines=(
        "Du får det här meddelandet", "Du har fått det här meddelandet", "Om du vill avsluta prenumerationen",
        "Avsluta prenumerationen", "Om du vill visa den här diskussionen", "Fler alternativ finns på",
    ),
    disclaimers=(
        "Detta (?:e-?post)?meddelande (?:och eventuella bilagor )?(?:är konfidentiellt|kan innehålla konfidentiell|är endast avsett)",
        "Informationen i detta (?:e-?post)?meddelande",
    ),
    months=("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"),
    month_abbreviations=("jan", "feb", "mars", "mar", "apr", "maj", "juni", "jun", "juli", "jul", "aug", "sep", "okt", "nov", "dec"),
    weekdays=("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    byline_prefixes=("Av",),
)
