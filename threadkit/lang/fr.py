"""French: Gmail, Outlook, Apple Mail and Thunderbird in French, Google Groupes."""

from threadkit.lang.pack import Pack

PACK = Pack(
    code="fr",
    name="French",
    # Gmail "Le mer. 7 janv. 2026 à 18:27, Jean <j@x.fr> a écrit :", Thunderbird "Le 07/01/2026 à
    # 18:27, Jean a écrit :" (the spaces before ':' and the time are no-break: folded)
    attribution_intros=("Le",),
    attribution_verbs=("a écrit", "a ecrit", "écrit"),
    original_message_labels=("Message d'origine", "Message original"),
    forwarded_message_labels=("Message transféré", "Message transmis"),
    header_from_labels=("De", "Message du"),
    header_labels=("Envoyé", "Envoyé le", "Date", "À", "A", "Pour", "Objet", "Sujet", "De", "Cc", "Cci", "Copie à", "Répondre à", "Importance"),
    signoffs=(
        "cdlt", "cordialement", "bien cordialement", "très cordialement", "bien (?:à|a) (?:vous|toi)", "amicalement",
        "amitiés", "salutations", "sincères salutations", "meilleures salutations", "salutations distinguées",
        "bonne journée", "bonne soirée", "belle journée", "merci", "merci d'avance", "merci par avance", "merci beaucoup",
        "à bientôt", "au plaisir", "bises", "bisous",
    ),
    mobile_taglines=("Envoyé de mon", "Envoyé depuis", "Envoyé à partir de", "Envoyé avec", "Obtenir Outlook pour", "Télécharger Outlook pour"),
    virus_free_taglines=("Sans virus",),
    antivirus_notices=("Ce (?:courriel|message) a été vérifié par .{0,40}anti-?virus.{0,60}",),
    deleted_message_notices=("Le message a été supprimé",),
    hidden_quote_notices=("Texte des messages précédents masqué", "- Afficher le texte des messages précédents -", "Texte des citations masqué"),
    list_footer_starts=(
        "Vous recevez ce message,? car vous êtes abonné",
        "Pour vous désabonner de ce groupe",
        r"Pour afficher cette discussion,? (?:sur le Web, )?(?:accédez à|visitez) https?://groups\.google\.com",
    ),
    list_footer_lines=(
        "Pour vous désabonner", "Pour publier", "Pour afficher cette discussion", "Pour obtenir davantage d'options",
        "Vous recevez ce message", "Pour envoyer un message à ce groupe",
    ),
    disclaimers=(
        "Ce (?:message|courriel) et (?:toutes )?les pièces jointes",
        r"Ce (?:message|courriel|e-?mail) (?:\(?(?:et|y compris) (?:ses|les) pièces jointes\)? )?(?:est|sont) (?:strictement )?confidentiel",
        "Les informations contenues dans ce (?:message|courriel|e-?mail)",
        "AVERTISSEMENT DE CONFIDENTIALITÉ", "AVIS DE CONFIDENTIALITÉ",
    ),
    months=("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"),
    # with and without accents: both are written
    month_abbreviations=("janv", "févr", "fevr", "mars", "avr", "mai", "juin", "juil", "août", "aout", "sept", "oct", "nov", "déc", "dec"),
    weekdays=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    byline_prefixes=("Par", "De"),
    # The Groups page in French: under each author and date, the link that translates the post (a ROS
    # Pepper thread copied from the page in 2017 into the code index: "Paco Dupont / 09/03/2017 /
    # Traduire le message en français"). Its buttons, unread marker and recipients line are not
    # confirmed: empty.
    groups_interface=("Traduire le message en français",),
)
