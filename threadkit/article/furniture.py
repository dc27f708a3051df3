"""The page's furniture in a text copy: one-line patterns → a boilerplate kind.

A browser copy keeps everything around the article: menus, share buttons, "read also"
links, view counters, cookie notices, the comment form. These tables name them; a new
site's wording is one more alternative in a pattern, not new code. Patterns are matched on
the cleaned line (see :func:`threadkit.segment.lines.clean`), whole-line unless said.
"""

from __future__ import annotations

import re
from functools import lru_cache

from threadkit import patterns
from threadkit.segment.lines import clean


def _words(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


#: (kind, pattern) in the order they are tried; the first match names the line.
FURNITURE: tuple[tuple[str, re.Pattern], ...] = (
    ("view-counter", patterns.compile(
        r"^(?:\d[\d,.\s]*\s+(?:total\s+)?(?:views?|vues?|Aufrufe|visitas|lectures)"
        r"(?:\s*,\s*\d[\d,.\s]*\s+(?:views?|vues?|Aufrufe|visitas)\s+(?:today|aujourd'hui|heute|hoy))?|"
        r"(?:views?|vues|Aufrufe)\s*:\s*\d[\d,.]*)$", re.I)),
    ("image-caption", patterns.compile(r"^(?:Image for|Image:|Photo:|Foto:|Bild:|Picture:|Crédit photo|Photo credit|Bildquelle:|Quelle: \S.{0,60}$)", re.I)),
    ("related-links", patterns.compile(
        r"^(?:" + _words(
            r"Vous aimerez peut-être aussi", r"Vous aimerez aussi", r"À lire aussi", r"A lire aussi", r"Lire aussi", r"Lire la suite",
            r"Sur le même sujet", r"Voir aussi", r"Articles? similaires?", r"Articles? (?:en relation|liés|connexes)", r"Dans la même rubrique", r"Les plus lus",
            r"You (?:may|might) also like", r"Related (?:posts|articles|stories|content)?", r"Read more", r"Read also", r"More from",
            r"Recommended(?: for you)?", r"Most popular", r"Most read", r"Trending", r"Latest posts by",
            r"Das könnte Dich auch interessieren", r"Das könnte Sie auch interessieren", r"Auch interessant", r"Mehr zum Thema",
            r"Ähnliche Beiträge", r"Ähnliche Artikel", r"Weitere Artikel", r"Lesen Sie auch", r"Verwandte Artikel", r"Neueste Beiträge",
            r"Neue Artikel", r"Beliebte Beiträge", r"Besonders beliebt", r"Zur Artikelübersicht",
            r"También te puede interesar", r"Te puede interesar", r"Noticias relacionadas", r"Lee también", r"Más leídas",
        ) + r")\b.{0,80}$", re.I)),
    ("stray-word", patterns.compile(r"^(?:Today|Aujourd'hui|Heute|Hoy|Yesterday|Hier|Gestern|Ayer|Now|Maintenant|Jetzt)$", re.I)),
    ("cookie-notice", patterns.compile(
        r"^(?=.{0,400}\b(?:cookies?|Cookie-Nutzung|traceurs)\b)"
        r"(?=.{0,600}(?:\buse|utilis|verwende|nutz|akzept|accept|consent|zustimm|einverstanden|stimmst|agree|Datenschutz|privacy|confidentialité)).{40,800}$", re.I)),
    ("share", patterns.compile(
        r"^(?:" + _words(
            r"Share", r"Share this", r"Share on \w+", r"Share the news:?", r"Spread the news:?", r"Teilen", r"Artikel teilen:?", r"Diesen Beitrag teilen",
            r"Partager", r"Partagez", r"Partager sur \w+", r"Compartir", r"Tweet", r"Twitter", r"Facebook", r"LinkedIn", r"WhatsApp", r"Pinterest",
            r"E-?Mail", r"Email", r"Print", r"Drucken", r"Imprimer", r"Like this:?", r"Gefällt mir:?", r"Like", r"J'aime", r"Gefällt dir!?",
            r"Teilen mit:?", r"Share this:?", r"Klicken zum Teilen.*", r"Click to share.*", r"Folgen:?", r"Follow us:?", r"Suivez-nous.*",
        ) + r")\s*$", re.I)),
    ("tags", patterns.compile(
        r"^(?:(?:Tags?|Schlagwörter|Schlagworte|Kategorien|Categories|Category|Kategorie|Labels?|Étiquettes|Catégories?|Mots-clés|"
        r"Etiquetas|Categorías|Themen)\s*:|Tagged(?: with)?\b|Filed under\b|Posted in\b|Veröffentlicht in\b|Abgelegt unter\b).{0,300}$", re.I)),
    ("advertisement", patterns.compile(r"^(?:Anzeige|Werbung|Advertisement|Advertising|Publicité|Publicidad|Sponsored|Gesponsert|Pub)\s*$", re.I)),
    ("copyright", patterns.compile(
        r"^(?:.{0,80}(?:©|\(c\)|Copyright|Alle Rechte vorbehalten|All rights reserved|Tous droits réservés|Todos los derechos reservados).{0,200}|"
        r"(?:Powered by|Proudly powered by|Propulsé par|Bereitgestellt von|Theme by|Thème (?:par|:)|Designed by)\b.{0,120})$", re.I)),
    ("comment-form", patterns.compile(
        r"^(?:" + _words(
            r"Leave a (?:Reply|Comment)", r"Leave a Reply to .{1,60}", r"Post a Comment", r"Add a comment", r"Write a comment", r"Post Comment",
            r"Submit Comment", r"Cancel reply", r"Your email address will not be published.*", r"Required fields are marked.*",
            r"Comment\s*\*?", r"Name\s*\*?", r"Email\s*\*?", r"Website", r"Save my name, email.*", r"Notify me of .*",
            r"Schreibe einen Kommentar", r"Hinterlasse einen Kommentar", r"Kommentar (?:verfassen|schreiben|hinzufügen|abschicken)",
            r"Deine E-Mail-Adresse wird nicht veröffentlicht.*", r"Ihre E-Mail-Adresse wird nicht veröffentlicht.*", r"Erforderliche Felder sind .*",
            r"Kommentar\s*\*?", r"Name\s*\*", r"E-Mail\s*\*", r"Meinen Namen, E-Mail und Website .*", r"Benachrichtige mich .*",
            r"Ihr Kommentar(?: zu diesem Artikel)?", r"Ihr Name", r"Betreff", r"Speichern", r"Absenden", r"Kommentar abschicken",
            r"Laisser un commentaire", r"Laisser une réponse", r"Votre adresse (?:e-mail|de messagerie) ne sera pas publiée.*",
            r"Les champs obligatoires sont indiqués.*", r"Commentaire\s*\*?", r"Nom\s*\*?", r"Site web", r"Envoyer", r"Publier",
            r"Deja un comentario", r"Dejar un comentario", r"Tu dirección de correo electrónico no será publicada.*", r"Comentario\s*\*?", r"Nombre\s*\*?",
            r"Diese Website verwendet Akismet.*", r"This site uses Akismet.*", r"Ce site utilise Akismet.*",
            r"发表评论", r"發表評論", r"发表回复", r"發表回覆", r"コメントを(?:残す|書く|送信)", r"コメントする",
        ) + r")\s*$", re.I)),
    ("reply-button", patterns.compile(
        r"^(?:Reply|Reply ↓|Antworten|Antwort|Répondre|Responder|Rispondi|Beantwoorden|Report|Melden|Signaler|Löschen|Delete|"
        r"ANTWORTENLÖSCHEN|Permalink|Link|Zitieren|Quote|Upvote|Downvote|Like|Dislike|Gefällt mir|Flag)(?:\s*[↓↑]|\s+\(\d+\))?$", re.I)),
    ("pingback", patterns.compile(r"^(?:(?:Pingback|Trackback)\s*:.{0,400}|Tracked on .{0,80})$", re.I)),
    ("navigation", patterns.compile(
        r"^(?:" + _words(
            r"Skip to (?:main )?content", r"Zum Inhalt springen", r"Direkt zum Inhalt", r"Aller au contenu", r"Ir al contenido", r"Menu", r"Menü",
            r"Main menu", r"Hauptmenü", r"Hauptnavigation", r"Navigation", r"Home", r"Startseite", r"Accueil", r"Inicio", r"Search(?: for:?)?", r"Suche(?: nach:?)?",
            r"Rechercher", r"Buscar", r"Impressum", r"Datenschutz", r"Kontakt", r"Contact", r"About(?: us)?", r"Über uns", r"Mentions légales",
            r"Privacy Policy", r"Terms(?: of (?:use|service))?", r"Terms & Conditions", r"Post navigation", r"Beitrags-Navigation", r"Beitragsnavigation",
            r"Navigation des articles", r"Back to top", r"Zurück nach oben", r"Nach oben", r"Retour en haut", r"Newer Posts?", r"Older Posts?",
            r"Neuerer Post", r"Älterer Post", r"Previous(?: Post| Article)?", r"Next(?: Post| Article)?", r"Weiter", r"Zurück", r"Précédent", r"Suivant",
            r"Newsletter(?: bestellen| abonnieren)?", r"Subscribe", r"Abonnieren", r"S'abonner", r"Anmelden", r"Login", r"Log in", r"Sign in", r"Register",
            r"Se connecter", r"Mein Profil", r"Jetzt anmelden", r"Mehr erfahren", r"Learn more", r"En savoir plus", r"Alles klar", r"OK", r"Akzeptieren",
            r"Accept", r"Accepter", r"RSS", r"Sitemap", r"Archiv(?:e)?", r"Archives", r"Fußbereich", r"Footer menu", r"Footer",
        ) + r")\s*[:»›>]?\s*$", re.I)),
)

#: A URL slug on a line of its own ("coalition-volontaire-ukraine-securite").
URL_SLUG = patterns.compile(r"^[a-z0-9]+(?:-[a-z0-9]+){2,}/?$")


@lru_cache(maxsize=1 << 16)
def furniture_kind(text: str) -> str | None:
    """The boilerplate kind of one line, or None when it is not page furniture."""
    t = clean(text)
    if not t or len(t) > 800:
        return None
    if URL_SLUG.match(t):
        return "url-slug"
    for kind, pattern in FURNITURE:
        if pattern.match(t):
            return kind
    return None


#: The heading of a list of post links in a text copy ("Recent Posts", "Sur le même sujet"):
#: a related-links line of a few words, or a site's list of its latest posts. Only text
#: copies ask: an HTML page shows its lists by their links.
_LIST_HEADING = patterns.compile(
    r"^(?:(?:Recent|Latest|Popular|Newest|More) (?:posts|articles|entries|stories|news)|Derniers articles|Articles récents|"
    r"Articles populaires|Neueste Artikel|Letzte Beiträge|Aktuelle Beiträge|Neueste Einträge|Entradas recientes|Últimas entradas|"
    r"Artículos recientes)\s*:?$",
    re.I,
)
#: A related-links line of more words is a link itself ("Lire aussi : <title>").
MAX_LIST_HEADING_WORDS = 5


@lru_cache(maxsize=1 << 16)
def is_list_heading(text: str) -> bool:
    """True for the heading of a list of links to other posts."""
    t = clean(text)
    if _LIST_HEADING.match(t):
        return True
    return len(t.split()) <= MAX_LIST_HEADING_WORDS and furniture_kind(t) == "related-links"


#: An author's note under a text copy's article ("Über die Autorin: …", "About the author").
#: Text copies only: an HTML page's author box is read with its article.
_AUTHOR_NOTE = patterns.compile(
    r"^(?:About the author|About (?:me|us)|Über (?:den|die) Autor(?:in)?|Über mich|Zur Person|Zum Autor|Zur Autorin|"
    r"À propos de l['’]auteure?|L['’]auteur|Sobre (?:el|la) autora?|Sull['’]autore)\b\s*:?.{0,300}$",
    re.I,
)


@lru_cache(maxsize=1 << 16)
def is_author_note(text: str) -> bool:
    """True for an author's note line below an article: page furniture, never a comment."""
    return bool(_AUTHOR_NOTE.match(clean(text)))


#: A comment section's own heading: "12 Kommentare", "20 thoughts on “Title”", "Comments".
COMMENTS_HEADING = patterns.compile(
    r"^(?:(?:\d+|One|Two|Three|Un|Une|Ein|Eine)\s+)?(?:Comments?|Kommentare?|Commentaires?|Comentarios?|Commenti|Reacties|Responses?|Réponses?|"
    r"Antworten|Replies|Reaktionen|Leserkommentare|Thoughts|Opinions?|Discussion|Diskussion)(?:\b|(?=\d))\s*(?:\(\d+\)|\d+)?\s*(?:on|zu|à|sur|zu „.*|on “.*|:)?.{0,160}$",
    re.I,
)
_COMMENTS_COUNT = patterns.compile(r"^(?:\d+|One|Ein|Eine|Un|Une)\s+(?:thoughts?|responses?|réponses?|Antworten|Kommentare?|comments?|commentaires?|comentarios?|replies)\b", re.I)
#: The same in Chinese and Japanese ("3条评论", "評論 (3)", "2件のコメント"): no spaces, counters.
_CJK_COMMENTS = patterns.compile(r"^(?:\d+\s*(?:条|條|则|則|个|個|件の)?\s*(?:评论|評論|留言|回复|回覆|コメント)|(?:评论|評論|留言|コメント)\s*(?:[(（]\d+[)）]|\d+)?)$")


@lru_cache(maxsize=1 << 16)
def is_comments_heading(text: str) -> bool:
    """True for the heading that opens a comment section."""
    t = clean(text)
    if len(t) > 200 or t.endswith((".", "!", "?")):
        return False
    return bool(_COMMENTS_COUNT.match(t) or (len(t) < 40 and (COMMENTS_HEADING.match(t) or _CJK_COMMENTS.match(t))))
