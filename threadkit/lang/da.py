"""Danish: Gmail, Outlook, Apple Mail and Thunderbird in Danish, Google Grupper."""

from threadkit.lang.pack import Pack

# Gmail opens with the weekday: "ons. 7. jan. 2026 kl. 18.27 skrev Jens <j@x.dk>:"
_WEEKDAY_DATE = r"(?:man|tir|ons|tor|fre|lør|søn)\.? \d{1,2}"

PACK = Pack(
    code="da",
    name="Danish",
    # Apple Mail "Den 7. jan. 2026 kl. 18.27 skrev Jens <j@x.dk>:", Thunderbird "Den 07-01-2026 kl. 18:27 skrev Jens:"
    attribution_intros=("Den", "På", _WEEKDAY_DATE),
    attribution_verbs=("skrev",),
    attribution_verb_first_intros=("Den", "På", _WEEKDAY_DATE),
    attribution_verb_first_verbs=("skrev",),
    original_message_labels=("Oprindelig meddelelse", "Oprindelig besked", "Original besked", "Original meddelelse"),
    forwarded_message_labels=("Videresendt meddelelse", "Videresendt besked"),
    header_from_labels=("Fra",),
    header_labels=("Sendt", "Dato", "Til", "Emne", "Fra", "Kopi", "Cc", "Bcc", "Svar til", "Prioritet"),
    signoffs=(
        "med venlig hilsen", "venlig hilsen", "venligst", "mvh", "vh", "hilsen", "mange hilsner", "de bedste hilsner",
        "bedste hilsner", "bedste hilsen", "kærlig hilsen", "kh", "tak", "mange tak", "på forhånd tak", "god dag",
        "god weekend",
    ),
    mobile_taglines=("Sendt fra min", "Sendt fra", "Hent Outlook til"),
    list_footer_starts=(
        "Du modtager denne (?:meddelelse|besked),? fordi du abonnerer på",
        "Du har modtaget denne (?:meddelelse|besked),? fordi du abonnerer på",
    ),
    list_footer_lines=(
        "Du modtager denne", "Du har modtaget denne", "Hvis du vil opsige", "For at opsige", "Hvis du vil afmelde",
        "Hvis du vil se denne diskussion", "For at se denne diskussion", "Du kan finde flere muligheder",
    ),
    disclaimers=(
        "Denne (?:e-?mail|e-?post|meddelelse|besked) (?:og eventuelle vedhæftede filer )?(?:er fortrolig|kan indeholde fortrolig|er kun beregnet)",
        "Informationen i denne (?:e-?mail|meddelelse)",
        "FORTROLIGHED:",
    ),
    months=("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"),
    month_abbreviations=("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    weekdays=("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
    byline_prefixes=("Af",),
)
