"""Russian."""

from threadkit.lang.pack import Pack

PACK = Pack(
    code="ru",
    name="Russian",
    attribution_intros=("В",),
    attribution_verbs=(r"написал\(а\)", "написал", "написала"),
    original_message_labels=("Исходное сообщение",),
    forwarded_message_labels=("Пересылаемое сообщение",),
    header_from_labels=("От",),
)
