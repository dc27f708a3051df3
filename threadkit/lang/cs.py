"""Czech: Gmail, Outlook, Apple Mail, Thunderbird and Seznam in Czech, Skupiny Google."""

from threadkit.lang.pack import Pack

# Gmail opens with the weekday: "st 7. 1. 2026 v 18:27 odesílatel Jan Novák <j@x.cz> napsal:"
_WEEKDAY_DATE = r"(?:po|út|st|čt|pá|so|ne) \d{1,2}"

PACK = Pack(
    code="cs",
    name="Czech",
    # Thunderbird "Dne 07.01.2026 v 18:27 Jan Novák napsal(a):"
    attribution_intros=("Dne", _WEEKDAY_DATE),
    attribution_verbs=("napsal", "napsala", r"napsal\(a\)", "napsal/a"),
    original_message_labels=("Původní zpráva", "Původní e-mail"),
    forwarded_message_labels=("Přeposlaná zpráva", "Přeposlaný e-mail"),
    header_from_labels=("Od",),
    header_labels=("Odesláno", "Datum", "Komu", "Předmět", "Kopie", "Skrytá kopie", "Odpovědět komu", "Důležitost"),
    signoffs=(
        "s pozdravem", "se srdečným pozdravem", "s přátelským pozdravem", "s pozdravem a přáním hezkého dne", "pozdrav",
        "zdravím", "srdečně zdravím", "s úctou", "děkuji", "díky", "s díky", "předem děkuji", "hezký den", "mějte se",
    ),
    mobile_taglines=("Odesláno z", "Odesláno ze", "Získejte Outlook pro", "Stáhněte si Outlook pro"),
    list_footer_starts=(
        "Tuto zprávu jste obdržel(?:i|\\(a\\))?,? protože jste (?:přihlášen|odběratel)",
        "Tato zpráva vám byla zaslána,? protože jste",
    ),
    list_footer_lines=(
        "Tuto zprávu jste obdržel", "Chcete-li (?:se )?odhlásit", "Chcete-li zrušit odběr", "Chcete-li tuto diskusi",
        "Chcete-li zobrazit tuto diskusi", "Další možnosti",
    ),
    disclaimers=(
        "Tat[oa] (?:e-?mailová )?zpráva (?:včetně příloh )?(?:je důvěrná|může obsahovat důvěrné|je určena)",
        "Tento e-?mail (?:včetně příloh )?(?:je důvěrný|může obsahovat důvěrné|je určen)",
        "Obsah této (?:zprávy|e-?mailové zprávy) je důvěrný",
    ),
    months=("leden", "únor", "březen", "duben", "květen", "červen", "červenec", "srpen", "září", "říjen", "listopad", "prosinec"),
    month_abbreviations=("led", "úno", "bře", "dub", "kvě", "čvn", "čvc", "srp", "zář", "říj", "lis", "pro"),
    weekdays=("pondělí", "úterý", "středa", "čtvrtek", "pátek", "sobota", "neděle"),
)
