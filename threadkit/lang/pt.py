"""Portuguese (Brazil and Portugal): Gmail, Outlook, Apple Mail and Thunderbird, Grupos do Google."""

from threadkit.lang.pack import Pack

PACK = Pack(
    code="pt",
    name="Portuguese",
    # Gmail "Em qua., 7 de jan. de 2026 às 18:27, João <j@x.pt> escreveu:", Apple Mail "No dia 7 de
    # jan. de 2026, às 18:27, João <j@x.pt> escreveu:", Thunderbird "Em 07/01/2026 18:27, João escreveu:"
    attribution_intros=("Em", "No dia", "Às"),
    attribution_verbs=("escreveu",),
    original_message_labels=("Mensagem original",),
    forwarded_message_labels=("Mensagem encaminhada", "Mensagem reencaminhada"),
    header_from_labels=("De",),
    header_labels=("Enviado", "Enviada em", "Enviado em", "Data", "Para", "Assunto", "Cc", "Cco", "Responder a"),
    signoffs=(
        "atenciosamente", "cumprimentos", "melhores cumprimentos", "com os melhores cumprimentos", "cordialmente",
        "saudações", "abraço", "abraços", "um abraço", "grande abraço", "abs", "att", "obrigad[oa]", "muito obrigad[oa]",
        "grat[oa]", "beijos", "bjs", "até breve", "até logo",
    ),
    mobile_taglines=("Enviado do meu", "Enviado a partir do", "Enviado do", "Enviado de meu", "Obter o Outlook para", "Baixe o Outlook para"),
    virus_free_taglines=("Sem vírus",),
    list_footer_starts=(
        "Você recebeu essa mensagem porque está inscrito", "Você está recebendo esta mensagem porque",
        "Você recebeu esta mensagem porque está inscrito", "Recebeu esta mensagem porque está subscrito",
    ),
    list_footer_lines=(
        "Para cancelar a inscrição", "Para cancelar inscrição", "Para anular a subscrição", "Para ver esta discussão",
        "Para ver essa discussão", "Você recebeu essa mensagem", "Você recebeu esta mensagem", "Recebeu esta mensagem",
        "Para mais opções", "Para postar neste grupo",
    ),
    disclaimers=(
        "Esta mensagem (?:e (?:os seus|seus|quaisquer) anexos )?(?:é|são|pode conter|contém) (?:informações )?(?:confidencia|privilegiad|reservad)",
        "As informações contidas nesta mensagem", "A informação contida nesta mensagem",
        "AVISO DE CONFIDENCIALIDADE",
    ),
    # Gmail and Google Groups in Portuguese fold the quoted text behind this line: seen alone on a
    # line in bodies copied from them into the code index (find_string "Mostrar texto das mensagens
    # anteriores": three pasted copies)
    hidden_quote_notices=("Mostrar texto das mensagens anteriores",),
    months=("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"),
    month_abbreviations=("jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"),
    weekdays=("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado", "domingo"),
    byline_prefixes=("Por", "De"),
)
