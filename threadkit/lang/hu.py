"""Hungarian."""

from threadkit.lang.pack import Pack

PACK = Pack(
    code="hu",
    name="Hungarian",
    attribution_verbs=("írta",),
    original_message_labels=("Eredeti üzenet",),
    header_from_labels=("Feladó",),
)
