"""Dutch: Gmail, Outlook, Apple Mail and Thunderbird in Dutch, Google Groepen."""

from threadkit.lang.pack import Pack

PACK = Pack(
    code="nl",
    name="Dutch",
    # Gmail "Op wo 7 jan. 2026 om 18:27 schreef Jan <j@x.nl>:", Apple Mail "Op 7 jan. 2026 om 18:27
    # heeft Jan <j@x.nl> het volgende geschreven:", Thunderbird "Op 07-01-2026 om 18:27 schreef Jan:"
    attribution_intros=("Op",),
    attribution_verbs=("schreef", "heeft het volgende geschreven", "het volgende geschreven"),
    attribution_verb_first_intros=("Op",),
    attribution_verb_first_verbs=("schreef",),
    original_message_labels=("Oorspronkelijk bericht", "Oorspronkelijke bericht", "Origineel bericht"),
    forwarded_message_labels=("Doorgestuurd bericht",),
    header_from_labels=("Van",),
    header_labels=("Verzonden", "Datum", "Aan", "Onderwerp", "Cc", "Bcc", "Antwoord aan", "Urgentie"),
    signoffs=(
        "met vriendelijke groet(?:en)?", "vriendelijke groet(?:en)?", "met hartelijke groet(?:en)?", "hartelijke groet(?:en)?",
        "met groet", "groeten", "groet", "groetjes", "mvg", r"m\.?vr\.?gr", "bedankt", "alvast bedankt", "dank je wel",
        "dank u wel", "tot ziens", "tot snel",
    ),
    mobile_taglines=("Verzonden vanaf mijn", "Verzonden met", "Verstuurd vanaf mijn", "Verzonden vanaf", "Verstuurd vanaf", "Verzonden via", "Outlook voor .{1,20} downloaden", "Download Outlook voor"),
    virus_free_taglines=("Virusvrij",),
    list_footer_starts=(
        "U ontvangt dit bericht omdat u zich hebt aangemeld", "U ontvangt dit bericht omdat u bent geabonneerd",
        "Je ontvangt dit bericht omdat je (?:bent )?geabonneerd", "Je hebt dit bericht ontvangen omdat je",
    ),
    list_footer_lines=(
        "Als je je wilt afmelden", "Als u zich wilt afmelden", "Ga naar https", "U ontvangt dit bericht",
        "Je ontvangt dit bericht", "Je hebt dit bericht ontvangen", "Ga voor meer opties naar", "Om deze discussie",
    ),
    disclaimers=(
        "Dit (?:e-?mail)?bericht (?:en eventuele bijlagen )?(?:is|zijn|kan) (?:uitsluitend bestemd|vertrouwelijk)",
        "De informatie (?:verzonden )?(?:in|met) dit (?:e-?mail)?bericht",
        "Deze e-?mail (?:is|kan) (?:uitsluitend bestemd|vertrouwelijk)",
    ),
    months=("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"),
    month_abbreviations=("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    month_variants=((3, "mrt"),),  # "maart" contracted
    weekdays=("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    byline_prefixes=("Door",),
)
