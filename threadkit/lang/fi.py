"""Finnish."""

from threadkit.lang.pack import Pack

PACK = Pack(
    code="fi",
    name="Finnish",
    attribution_verbs=("kirjoitti",),
    original_message_labels=("Alkuperäinen viesti",),
    header_from_labels=("Lähettäjä",),
    header_labels=("Lähetetty", "Aihe"),
)
