"""German: Gmail, Outlook, Apple Mail and Thunderbird in German, Google Groups in German."""

from threadkit.lang.pack import Pack

# "Grüße(n)", "Grüsse" (Switzerland) and "Gruesse" (ASCII) are all written; so are "Gruß", "Gruss".
_GRUESSE = "gr(?:ü|ue)(?:ß|ss)en?"
_GRUSS = "gru(?:ß|ss)"

PACK = Pack(
    code="de",
    name="German",
    # Gmail "Am Mi., 7. Jan. 2026 um 18:27 Uhr schrieb Hans <h@x.de>:", Thunderbird and Apple Mail
    # "Am 07.01.2026 um 18:27 schrieb Hans:"
    attribution_intros=("Am",),
    attribution_verbs=("schrieb",),
    attribution_verb_first_intros=("Am",),
    attribution_verb_first_verbs=("schrieb",),
    original_message_labels=("Ursprüngliche Nachricht", "Originalnachricht", "Original-Nachricht"),
    forwarded_message_labels=("Weitergeleitete Nachricht",),
    header_from_labels=("Von",),
    header_labels=("Gesendet", "Datum", "An", "Betreff", "Cc", "Bcc", "Kopie", "Antwort an", "Wichtigkeit"),
    signoffs=(
        f"mit freundlichen {_GRUESSE}", f"freundliche {_GRUESSE}", f"(?:mit )?(?:viele|beste|besten|herzliche|liebe|schöne|sonnige) {_GRUESSE}",
        f"(?:viele|beste|herzliche|liebe|schöne) {_GRUSS}", _GRUESSE, _GRUSS, "mfg", "lg", "vg",
        "danke", "vielen dank", "besten dank", "danke und (?:viele|beste) " + _GRUESSE, "bis bald", "tschüss", "ciao", "servus",
    ),
    mobile_taglines=("Von meinem .{1,40} gesendet", "Gesendet von", "Gesendet mit", "Outlook für .{1,20} herunterladen", "Holen Sie sich Outlook für"),
    # Google Groups in German folds quoted text behind "- Zitierten Text anzeigen -"; Gmail's print
    # view writes "[Zitierter Text ausgeblendet]"
    # the Groups page of 2012-13 wrote "- zitierten Text einblenden -" (a littleproxy thread copied from
    # it into the code index: find_string "zitierten Text einblenden", two copies)
    hidden_quote_notices=(
        "- Zitierten Text anzeigen -", "Zitierten Text anzeigen", "- Zitierten Text ausblenden -", "Zitierter Text ausgeblendet",
        "- zitierten Text einblenden -",
    ),
    virus_free_taglines=("Virenfrei",),
    list_footer_starts=(
        "Sie erhalten diese Nachricht, weil Sie .{0,40}Google Groups",
        "Sie haben diese Nachricht erhalten, da Sie der Google Groups",
        "Sie erhalten diese Nachricht, weil Sie Mitglied der Google Groups",
    ),
    list_footer_lines=(
        "Um sich von dieser Gruppe abzumelden", "Wenn Sie sich von dieser Gruppe abmelden", "Um diese Diskussion",
        "Sie erhalten diese Nachricht", "Um Ihr Abonnement für diese Gruppe zu beenden", "Weitere Optionen finden Sie",
        "Wenn Sie in dieser Gruppe einen Beitrag posten",
    ),
    disclaimers=(
        "Diese E-?Mail enthält vertrauliche",
        r"Diese (?:E-?Mail|Nachricht) (?:\(?(?:einschließlich|inklusive) (?:aller )?Anhänge\)? )?(?:ist|kann) (?:vertraulich|vertrauliche)",
        "Die Informationen in dieser (?:E-?Mail|Nachricht)",
        "Wenn Sie nicht der (?:richtige|beabsichtigte) (?:Adressat|Empfänger)",
        "VERTRAULICHKEITSHINWEIS",
    ),
    months=("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"),
    # "Jänner" is Austrian German
    month_abbreviations=("jän", "jan", "feb", "märz", "mär", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "dez"),
    month_variants=((1, "jänner"), (3, "maerz")),  # Austrian January; März without the umlaut
    # The Groups page in German: under each author and date, the link that translates the post (the same
    # littleproxy thread copied from the page, 2012-13: "Bhaswanth Gattineni / 03.10.12 / Nachricht auf
    # Deutsch übersetzen"). Its buttons, unread marker and recipients line are not confirmed: empty.
    groups_interface=("Nachricht auf Deutsch übersetzen",),
    weekdays=("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
    byline_prefixes=("Von",),
)
