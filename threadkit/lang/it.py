"""Italian."""

from threadkit.lang.pack import Pack

PACK = Pack(
    code="it",
    name="Italian",
    attribution_intros=("Il",),
    attribution_verbs=("ha scritto", "scrisse"),
    original_message_labels=("Messaggio originale",),
    forwarded_message_labels=("Messaggio inoltrato",),
    header_from_labels=("Da",),
    header_labels=("Inviato", "Data", "A", "Oggetto", "Cc"),
    signoffs=("cordiali saluti", "saluti", "distinti saluti"),
    mobile_taglines=("Inviato da", "Inviato dal mio"),
    virus_free_taglines=("Senza virus",),
    list_footer_starts=("Hai ricevuto questo messaggio perché sei iscritto",),
    list_footer_lines=("Per annullare l'iscrizione", "Per visualizzare questa discussione", "Hai ricevuto questo messaggio"),
    months=("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"),
    month_abbreviations=("gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"),
    weekdays=("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    byline_prefixes=("Di",),
)
