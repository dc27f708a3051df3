"""Spanish."""

from threadkit.lang.pack import Pack

PACK = Pack(
    code="es",
    name="Spanish",
    attribution_intros=("El",),
    attribution_verbs=("escribió", "escribio", "ha escrito"),
    original_message_labels=("Mensaje original",),
    forwarded_message_labels=("Mensaje reenviado",),
    header_from_labels=("De",),
    header_labels=("Enviado", "Fecha", "Para", "Asunto", "Cc"),
    signoffs=("saludos", "un saludo", "atentamente", "cordiales saludos"),
    mobile_taglines=("Enviado desde mi", "Enviado desde"),
    virus_free_taglines=("Libre de virus",),
    list_footer_starts=("Recibiste este mensaje porque estás suscrito", "Has recibido este mensaje porque estás suscrito"),
    list_footer_lines=("Para cancelar", "Para ver este debate", "Para anular", "Recibiste este mensaje"),
    months=("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"),
    month_abbreviations=("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "sept", "oct", "nov", "dic"),
    weekdays=("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    byline_prefixes=("Por", "De"),
)
