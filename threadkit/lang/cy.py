"""Welsh."""

from threadkit.lang.pack import Pack

PACK = Pack(code="cy", name="Welsh", attribution_intros=("Ar",))
