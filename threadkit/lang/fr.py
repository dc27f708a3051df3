"""French."""

from threadkit.lang.pack import Pack

PACK = Pack(
    code="fr",
    name="French",
    attribution_intros=("Le",),
    attribution_verbs=("a écrit", "a ecrit", "écrit"),
    original_message_labels=("Message d'origine", "Message original"),
    forwarded_message_labels=("Message transféré",),
    header_from_labels=("De", "Message du"),
    header_labels=("Envoyé", "Envoyé le", "Date", "À", "Objet", "Sujet", "De", "Cc", "Copie à", "Répondre à"),
    signoffs=("cdlt", "cordialement", "bien (?:à|a) (?:vous|toi)", "bien cordialement", "amicalement", "salutations", "bonne journée", "merci"),
    mobile_taglines=("Envoyé de mon", "Envoyé depuis", "Envoyé à partir de"),
    virus_free_taglines=("Sans virus",),
    antivirus_notices=("Ce (?:courriel|message) a été vérifié par .{0,40}anti-?virus.{0,60}",),
    deleted_message_notices=("Le message a été supprimé",),
    hidden_quote_notices=("Texte des messages précédents masqué",),
    list_footer_starts=(
        "Vous recevez ce message,? car vous êtes abonné",
        "Pour vous désabonner de ce groupe",
        r"Pour afficher cette discussion,? (?:sur le Web, )?(?:accédez à|visitez) https?://groups\.google\.com",
    ),
    list_footer_lines=(
        "Pour vous désabonner", "Pour publier", "Pour afficher cette discussion", "Pour obtenir davantage d'options",
        "Vous recevez ce message",
    ),
    disclaimers=("Ce (?:message|courriel) et (?:toutes )?les pièces jointes",),
    months=("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"),
    # with and without accents: both are written
    month_abbreviations=("janv", "févr", "fevr", "mars", "avr", "mai", "juin", "juil", "août", "aout", "sept", "oct", "nov", "déc", "dec"),
    weekdays=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    byline_prefixes=("Par", "De"),
)
