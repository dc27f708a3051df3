"""Czech."""

from threadkit.lang.pack import Pack

PACK = Pack(
    code="cs",
    name="Czech",
    attribution_intros=("Dne",),
    attribution_verbs=("napsal",),
    original_message_labels=("Původní zpráva",),
    header_from_labels=("Od",),
)
