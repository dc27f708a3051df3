"""Spanish: Gmail, Outlook, Apple Mail and Thunderbird in Spanish, Grupos de Google."""

from threadkit.lang.pack import Pack

PACK = Pack(
    code="es",
    name="Spanish",
    # Gmail "El mié, 7 ene 2026 a las 18:27, Ana (<a@x.es>) escribió:", Apple Mail "El 7 ene 2026,
    # a las 18:27, Ana <a@x.es> escribió:", Thunderbird "El 07/01/2026 a las 18:27, Ana escribió:"
    attribution_intros=("El",),
    attribution_verbs=("escribió", "escribio", "ha escrito"),
    original_message_labels=("Mensaje original",),
    forwarded_message_labels=("Mensaje reenviado",),
    header_from_labels=("De",),
    header_labels=("Enviado", "Enviado el", "Fecha", "Para", "Asunto", "Cc", "CCO", "Responder a", "Importancia"),
    signoffs=(
        "saludos", "un saludo", "muchos saludos", "saludos cordiales", "cordiales saludos", "un cordial saludo",
        "reciba un cordial saludo", "atentamente", "muy atentamente", "un abrazo", "abrazos", "un fuerte abrazo",
        "gracias", "muchas gracias", "mil gracias", "gracias de antemano", "saludos y gracias", "besos", "hasta pronto",
    ),
    mobile_taglines=("Enviado desde mi", "Enviado desde", "Enviado con", "Obtener Outlook para", "Descargar Outlook para"),
    # Google Groups in Spanish: "- Mostrar texto citado -"; Gmail's print view: "[Texto citado oculto]"
    hidden_quote_notices=("- Mostrar texto citado -", "Mostrar texto citado", "- Ocultar texto citado -", "Texto citado oculto"),
    virus_free_taglines=("Libre de virus",),
    list_footer_starts=(
        "Recibiste este mensaje porque estás suscrito", "Has recibido este mensaje porque estás suscrito",
        "Recibiste este mensaje porque te suscribiste",
    ),
    list_footer_lines=(
        "Para cancelar", "Para ver este debate", "Para ver esta conversación", "Para anular", "Recibiste este mensaje",
        "Has recibido este mensaje", "Para acceder a más opciones", "Para obtener más opciones", "Para publicar en este grupo",
    ),
    disclaimers=(
        "Este (?:mensaje|correo|correo electrónico|e-?mail) (?:y sus (?:anexos|adjuntos) )?(?:es|son|puede contener|contiene) (?:información )?confidencial",
        "La información contenida en este (?:mensaje|correo|e-?mail)",
        "AVISO DE CONFIDENCIALIDAD", "AVISO LEGAL:",
    ),
    months=("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"),
    month_abbreviations=("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "sept", "oct", "nov", "dic"),
    month_variants=((9, "setiembre"),),  # the Latin American spelling
    weekdays=("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    byline_prefixes=("Por", "De"),
)
