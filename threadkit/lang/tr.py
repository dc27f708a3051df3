"""Turkish."""

from threadkit.lang.pack import Pack

PACK = Pack(code="tr", name="Turkish", attribution_verbs=("yazdı",))
