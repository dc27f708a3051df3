"""Romanian."""

from threadkit.lang.pack import Pack

PACK = Pack(code="ro", name="Romanian", attribution_verbs=("a scris",))
