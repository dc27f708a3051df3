"""Portuguese."""

from threadkit.lang.pack import Pack

PACK = Pack(
    code="pt",
    name="Portuguese",
    attribution_intros=("Em",),
    attribution_verbs=("escreveu",),
    original_message_labels=("Mensagem original",),
    forwarded_message_labels=("Mensagem encaminhada",),
    header_from_labels=("De",),
    header_labels=("Enviado", "Data", "Para", "Cc"),
    signoffs=("atenciosamente", "cumprimentos", "abraços", "obrigad[oa]"),
    mobile_taglines=("Enviado do meu", "Enviado a partir do"),
    virus_free_taglines=("Sem vírus",),
    list_footer_starts=("Você recebeu essa mensagem porque está inscrito", "Você está recebendo esta mensagem porque"),
    list_footer_lines=("Para cancelar a inscrição", "Para ver esta discussão", "Você recebeu essa mensagem"),
    months=("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"),
    month_abbreviations=("jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"),
    weekdays=("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado", "domingo"),
    byline_prefixes=("Por", "De"),
)
