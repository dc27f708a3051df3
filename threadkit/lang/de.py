"""German."""

from threadkit.lang.pack import Pack

PACK = Pack(
    code="de",
    name="German",
    attribution_intros=("Am",),
    attribution_verbs=("schrieb",),
    attribution_verb_first_intros=("Am",),
    attribution_verb_first_verbs=("schrieb",),
    original_message_labels=("Ursprüngliche Nachricht", "Originalnachricht"),
    forwarded_message_labels=("Weitergeleitete Nachricht",),
    header_from_labels=("Von",),
    header_labels=("Gesendet", "Datum", "An", "Betreff", "Cc"),
    signoffs=("mit freundlichen grüßen", "mfg", "viele grüße", "beste grüße", "gruß", "grüße", "lg", "vg"),
    mobile_taglines=("Von meinem .{1,40} gesendet", "Gesendet von", "Gesendet mit"),
    virus_free_taglines=("Virenfrei",),
    list_footer_starts=("Sie erhalten diese Nachricht, weil Sie .{0,40}Google Groups",),
    list_footer_lines=(
        "Um sich von dieser Gruppe abzumelden", "Wenn Sie sich von dieser Gruppe abmelden", "Um diese Diskussion",
        "Sie erhalten diese Nachricht",
    ),
    disclaimers=("Diese E-Mail enthält vertrauliche",),
    months=("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"),
    # "Jänner" is Austrian German
    month_abbreviations=("jän", "jan", "feb", "märz", "mär", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "dez"),
    weekdays=("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
    byline_prefixes=("Von",),
)
