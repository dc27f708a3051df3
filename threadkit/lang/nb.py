"""Norwegian Bokmål: Gmail, Outlook, Apple Mail and Thunderbird in Norwegian, Google Grupper."""

from threadkit.lang.pack import Pack

# Gmail opens with the weekday: "ons. 7. jan. 2026 kl. 18:27 skrev Ola <o@x.no>:"
_WEEKDAY_DATE = r"(?:man|tir|ons|tor|fre|lør|søn)\.? \d{1,2}"

PACK = Pack(
    code="nb",
    name="Norwegian Bokmål",
    # Apple Mail "7. jan. 2026 kl. 18:27 skrev Ola <o@x.no>:", Thunderbird "Den 07.01.2026 18:27, skrev Ola:"
    attribution_intros=("Den", "På", _WEEKDAY_DATE),
    attribution_verbs=("skrev",),
    attribution_verb_first_intros=("Den", "På", _WEEKDAY_DATE),
    attribution_verb_first_verbs=("skrev",),
    original_message_labels=("Opprinnelig melding", "Original melding"),
    forwarded_message_labels=("Videresendt melding", "Videresendt e-post"),
    header_from_labels=("Fra",),
    header_labels=("Sendt", "Dato", "Til", "Emne", "Fra", "Kopi", "Cc", "Blindkopi", "Svar til"),
    signoffs=(
        "med vennlig hilsen", "vennlig hilsen", "med hilsen", "hilsen", "beste hilsen", "beste hilsener", "mvh", "vh",
        "takk", "tusen takk", "takk på forhånd", "ha det bra", "ha en fin dag",
    ),
    mobile_taglines=("Sendt fra min", "Sendt fra", "Hent Outlook for"),
    list_footer_starts=("Du mottar denne meldingen fordi du abonnerer på", "Du har mottatt denne meldingen fordi du abonnerer på"),
    list_footer_lines=(
        "Du mottar denne meldingen", "Du har mottatt denne meldingen", "For å avslutte abonnementet", "For å melde deg av",
        "For å se denne diskusjonen", "Du finner flere alternativer",
    ),
    disclaimers=(
        "Denne (?:e-?posten|e-?postmeldingen|meldingen) (?:og eventuelle vedlegg )?(?:er konfidensiell|kan inneholde konfidensiell|er kun ment)",
        "Informasjonen i denne (?:e-?posten|meldingen)",
    ),
    months=("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"),
    month_abbreviations=("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des"),
    weekdays=("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
    byline_prefixes=("Av",),
)
