"""Greek."""

from threadkit.lang.pack import Pack

PACK = Pack(code="el", name="Greek", attribution_intros=("Στις",), attribution_verbs=("έγραψε",))
