"""Danish."""

from threadkit.lang.pack import Pack

PACK = Pack(
    code="da",
    name="Danish",
    attribution_intros=("Den", "På"),
    attribution_verbs=("skrev",),
    attribution_verb_first_intros=("Den", "På"),
    attribution_verb_first_verbs=("skrev",),
    original_message_labels=("Oprindelig meddelelse", "Oprindelig besked", "Original besked"),
    header_from_labels=("Fra",),
    header_labels=("Sendt", "Dato", "Til", "Emne", "Fra", "Kopi", "Cc"),
    mobile_taglines=("Sendt fra min",),
)
