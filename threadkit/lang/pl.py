"""Polish: Gmail, Outlook, Apple Mail, Thunderbird and Polish webmails (Onet, WP), Grupy Google."""

from threadkit.lang.pack import Pack

# Gmail opens with the weekday: "śr., 7 sty 2026 o 18:27 Jan <j@x.pl> napisał(a):"
_WEEKDAY_DATE = r"(?:pon|wt|śr|czw|pt|sob|niedz|nie)\.?,? \d{1,2}"

PACK = Pack(
    code="pl",
    name="Polish",
    # Thunderbird "W dniu 7.01.2026 o 18:27, Jan pisze:" (older: "W dniu 2017-01-09 11:59:39 użytkownik
    # Jan <j@x.pl> napisał:"), Onet "Dnia 7 stycznia 2026 18:27 Jan <j@x.pl> napisał(a):"
    attribution_intros=("W dniu", "Dnia", _WEEKDAY_DATE),
    # "napisał(a)": clients that do not know the sender's gender write both endings
    attribution_verbs=(r"napisał\(a\)", "napisał", "napisala", "napisała", "pisze", "napisał/a"),
    attribution_verb_first_intros=("W dniu",),
    attribution_verb_first_verbs=("napisał", "napisała"),
    original_message_labels=("Wiadomość oryginalna", "Oryginalna wiadomość"),
    forwarded_message_labels=("Przekazana wiadomość", "Wiadomość przekazana dalej", "Przesłana wiadomość"),
    # Outlook: "Od: / Wysłano: / Do: / DW: / Temat:"
    header_from_labels=("Od",),
    header_labels=("Wysłano", "Wysłane", "Data", "Do", "DW", "UDW", "Temat", "Odpowiedz do", "Ważność"),
    signoffs=(
        "pozdrawiam", "pozdrawiam serdecznie", "serdecznie pozdrawiam", "serdeczne pozdrowienia", "pozdrowienia",
        "łączę pozdrowienia", "z poważaniem", "z wyrazami szacunku", "pzdr", "dzięki", "dziękuję", "z góry dziękuję",
        "dziękuję i pozdrawiam", "miłego dnia", "do usłyszenia",
    ),
    mobile_taglines=("Wysłane z", "Wysłano z", "Pobierz Outlook dla"),
    # Google Groups and Gmail in Polish: "- Pokaż cytowany tekst -"
    hidden_quote_notices=("- Pokaż cytowany tekst -", "Pokaż cytowany tekst", "- Ukryj cytowany tekst -"),
    list_footer_starts=(
        "Otrzymujesz tę wiadomość, ponieważ (?:subskrybujesz|jesteś subskrybentem)",
        "Otrzymałeś tę wiadomość, ponieważ (?:subskrybujesz|jesteś subskrybentem)",
    ),
    list_footer_lines=(
        "Otrzymujesz tę wiadomość", "Otrzymałeś tę wiadomość", "Aby anulować subskrypcję", "Aby zrezygnować z subskrypcji",
        "Aby wyświetlić tę dyskusję", "Więcej opcji",
    ),
    disclaimers=(
        "(?:Ta|Niniejsza) wiadomość (?:e-?mail )?(?:wraz z załącznikami )?(?:jest poufna|może zawierać (?:informacje )?poufne|zawiera (?:informacje )?poufne|jest przeznaczona)",
        "Informacje zawarte w (?:tej|niniejszej) wiadomości",
        "Treść tej wiadomości (?:jest poufna|może)",
    ),
    months=("styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec", "sierpień", "wrzesień", "październik", "listopad", "grudzień"),
    # genitive forms are written in dates ("7 stycznia"): the stems cover both
    month_abbreviations=("sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru"),
    weekdays=("poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela"),
    # The buttons under a post of the Groups page in Polish, as Google's help names them ("pod tekstem
    # wiadomości kliknij Odpowiedz wszystkim / Odpowiedz autorowi / Przekaż dalej"):
    # https://support.google.com/groups/answer/1050606?hl=pl. The page's other words in Polish
    # (unread marker, view counter, "to" line) are not confirmed: empty.
    groups_reply_all=("Odpowiedz wszystkim",),
    groups_reply_to_author=("Odpowiedz autorowi",),
    groups_forward=("Przekaż dalej",),
)
