"""Swedish."""

from threadkit.lang.pack import Pack

PACK = Pack(
    code="sv",
    name="Swedish",
    attribution_intros=("Den", "På"),
    attribution_verbs=("skrev",),
    attribution_verb_first_intros=("Den", "På"),
    attribution_verb_first_verbs=("skrev",),
    header_from_labels=("Från",),
    header_labels=("Skickat", "Ämne"),
    mobile_taglines=("Skickat från min",),
)
