"""Dutch."""

from threadkit.lang.pack import Pack

PACK = Pack(
    code="nl",
    name="Dutch",
    attribution_intros=("Op",),
    attribution_verbs=("schreef", "heeft het volgende geschreven", "het volgende geschreven"),
    attribution_verb_first_intros=("Op",),
    attribution_verb_first_verbs=("schreef",),
    original_message_labels=("Oorspronkelijk bericht",),
    forwarded_message_labels=("Doorgestuurd bericht",),
    header_from_labels=("Van",),
    header_labels=("Verzonden", "Datum", "Aan", "Onderwerp", "Cc"),
    signoffs=("met vriendelijke groet(?:en)?", "groeten", "mvg"),
    mobile_taglines=("Verzonden vanaf mijn", "Verzonden met", "Verstuurd vanaf mijn"),
    virus_free_taglines=("Virusvrij",),
    list_footer_starts=("U ontvangt dit bericht omdat u zich hebt aangemeld",),
    list_footer_lines=("Als je je wilt afmelden", "Ga naar https", "U ontvangt dit bericht"),
    months=("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"),
    month_abbreviations=("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    weekdays=("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    byline_prefixes=("Door",),
)
