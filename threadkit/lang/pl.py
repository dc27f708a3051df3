"""Polish."""

from threadkit.lang.pack import Pack

PACK = Pack(
    code="pl",
    name="Polish",
    attribution_intros=("W dniu",),
    # "napisał(a)": clients that do not know the sender's gender write both endings
    attribution_verbs=(r"napisał\(a\)", "napisał", "napisala", "napisała"),
    attribution_verb_first_intros=("W dniu",),
    attribution_verb_first_verbs=("napisał", "napisała"),
    original_message_labels=("Wiadomość oryginalna",),
    header_from_labels=("Od",),
    header_labels=("Wysłano", "Temat"),
    mobile_taglines=("Wysłane z",),
)
