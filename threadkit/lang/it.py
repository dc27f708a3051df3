"""Italian: Gmail, Outlook, Apple Mail and Thunderbird in Italian, Google Gruppi."""

from threadkit.lang.pack import Pack

PACK = Pack(
    code="it",
    name="Italian",
    # Gmail "Il giorno mer 7 gen 2026 alle ore 18:27 Mario <m@x.it> ha scritto:", Apple Mail "Il giorno
    # 7 gen 2026, alle ore 18:27, Mario <m@x.it> ha scritto:", Thunderbird "Il 07/01/2026 18:27, Mario ha scritto:"
    attribution_intros=("Il",),
    attribution_verbs=("ha scritto", "scrisse"),
    original_message_labels=("Messaggio originale",),
    forwarded_message_labels=("Messaggio inoltrato",),
    header_from_labels=("Da",),
    header_labels=("Inviato", "Data", "A", "Oggetto", "Cc", "Ccn", "Rispondi a", "Priorità"),
    signoffs=(
        "cordiali saluti", "distinti saluti", "saluti", "saluti cordiali", "un saluto", "un caro saluto",
        "un cordiale saluto", "cari saluti", "con i migliori saluti", "un abbraccio", "grazie", "grazie mille",
        "grazie in anticipo", "a presto", "buona giornata", "ciao",
    ),
    mobile_taglines=("Inviato da", "Inviato dal mio", "Scarica Outlook per", "Ottieni Outlook per"),
    # Google Groups in Italian: "- Mostra testo citato -"; Gmail's print view: "[Testo tra virgolette nascosto]"
    hidden_quote_notices=("- Mostra testo citato -", "Mostra testo citato", "- Nascondi testo citato -", "Testo tra virgolette nascosto"),
    virus_free_taglines=("Senza virus",),
    list_footer_starts=("Hai ricevuto questo messaggio perché sei iscritto",),
    list_footer_lines=(
        "Per annullare l'iscrizione", "Per visualizzare questa discussione", "Hai ricevuto questo messaggio",
        "Per altre opzioni", "Per ulteriori opzioni", "Per postare in questo gruppo", "Per pubblicare in questo gruppo",
    ),
    disclaimers=(
        "Questo (?:messaggio|e-?mail) (?:e (?:i suoi|gli eventuali) allegati )?(?:è|sono|può contenere|contiene) (?:informazioni )?(?:riservat|confidenzial|destinat)",
        "Il presente messaggio (?:e gli eventuali allegati )?(?:è|sono|contiene)",
        "Le informazioni contenute (?:in|nella) (?:questo|questa|presente) (?:messaggio|e-?mail|comunicazione)",
        r"Ai sensi del (?:D\. ?Lgs\.?|Regolamento)",
    ),
    months=("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"),
    month_abbreviations=("gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"),
    weekdays=("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    byline_prefixes=("Di",),
)
