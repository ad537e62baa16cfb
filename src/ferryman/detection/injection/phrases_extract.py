"""System-prompt extraction without the words "system prompt".

The model's hidden text is reached by *where* it sits ("the text above", "the top of this
conversation", "before my first message", "your context window"), by *how it starts*
("starting with 'You are'") or by asking for "your instructions" in the past tense, usually
with a demand for an exact copy ("word for word", "exactly as they were given"). Each pointer
is one weak-to-moderate feature; the noisy-OR in :mod:`.score` makes two of them an attack,
while a user who merely mentions "the beginning of our conversation" stays below the cut.
"""

from __future__ import annotations

import re

from ferryman.detection.injection.features import Feature, alt, gate

__all__ = ["EXTRACT"]

_G = r"[^.!?\n]{0,%d}?"

_START = (
    r"\b(?:starting|beginning|start|begin)\s+(?:with|from|at)|\b(?:en\s+)?commencant\s+par"
    r"|\b(?:beginnend|angefangen|anfangend)\s+(?:mit|bei)|\b(?:empezando|comenzando)\s+(?:por|con)"
    r"|\b(?:iniziando|cominciando|partendo)\s+(?:con|da)|\b(?:beginnend|beginnende)\s+(?:met|bij)"
    r"|\bte\s+beginnen\s+(?:met|bij)"
)
_YOU_ARE = (
    r"(?:you\s+are|you're|tu\s+es|vous\s+etes|du\s+bist|sie\s+sind|eres|tu\s+eres|usted\s+es"
    r"|sei|tu\s+sei|je\s+bent|u\s+bent|jij\s+bent)\b"
)
_START_YOU_ARE = rf"(?:{_START})\s*[\"'`]?\s*{_YOU_ARE}"

_COPY_VERBS = (
    "repeat copy reproduce print output write recite rewrite quote paste dump "
    "repete repetez recopie recopiez copie copiez ecris ecrivez reproduis "
    "wiederhole wiederholen kopiere kopier schreib schreibe gib "
    "repite repiteme copia copiame escribe reproduce "
    "ripeti ripetimi ricopia copia scrivi riproduci "
    "herhaal kopieer schrijf"
)
_TEXT = (
    "text texte tekst texto testo words content contenu inhalt contenido contenuto inhoud "
    "message nachricht mensaje messaggio bericht lines zeilen lignes lineas righe regels"
)
_ABOVE = (
    r"(?:above|ci-dessus|au-dessus|plus\s+haut|oben|weiter\s+oben|de\s+arriba|arriba|sopra"
    r"|qui\s+sopra|hierboven|boven|before\s+this|avant\s+ce\s+message|davor)\b"
)
# "print the README text above", "copy the contract text above": a document the user pasted
_NAMED_DOC = "".join(
    f"(?<!{w} )"
    for w in (
        "readme", "email", "e-mail", "article", "contract", "clause", "poem", "essay", "code",
        "file", "document", "letter", "report", "table", "story", "song", "recipe",
        "transcript", "pasted", "quoted", "chapter", "paragraph", "lyrics", "log",
    )
)  # fmt: skip
_TEXT_ABOVE = (
    # the look-behinds are read only where "text above" starts (the look-ahead), not at every
    # position of the gap
    rf"\b{alt(_COPY_VERBS)}\b{_G % 25}\b(?={alt(_TEXT)}\s+{_ABOVE}){_NAMED_DOC}"
    rf"{alt(_TEXT)}\s+{_ABOVE}"
    rf"|\b{alt(_COPY_VERBS)}\b{_G % 25}\b(?:obigen|vorherigen|vorigen)\s+(?:text|inhalt)"
    rf"|\b(?:print|output|repeat|copy|write|dump)\s+(?:out\s+)?(?:everything|all|anything)\s+"
    r"(?:that\s+(?:comes|came|appears)\s+)?(?:before|above|preceding)\s+(?:this|my)"
)

_VERBATIM = (
    r"\b(?:word\s+for\s+word|verbatim|unedited|mot\s+(?:pour|a)\s+mot|tel\s+quel|integralement"
    r"|wortwortlich|wort\s+fur\s+wort|unverandert|palabra\s+por\s+palabra|al\s+pie\s+de\s+la\s+letra"
    r"|parola\s+per\s+parola|alla\s+lettera|woord\s+voor\s+woord|letterlijk|ongewijzigd"
    r"|unchanged|unaltered|sans\s+(?:modification|changement)s?|sin\s+cambios"
    r"|sin\s+modificaciones|tal\s+(?:cual|y\s+como)|senza\s+modifiche|cosi\s+com'e|(?<=\bin\s)full"
    r"|en\s+entier|vollstandig|por\s+completo|per\s+intero|volledig|unabridged"
    r"|sans\s+rien\s+(?:changer|omettre)|ohne\s+etwas\s+(?:zu\s+andern|wegzulassen)"
    r"|sin\s+(?:cambiar|omitir)\s+nada|senza\s+(?:cambiare|tralasciare)\s+nulla"
    r"|zonder\s+iets\s+(?:te\s+veranderen|weg\s+te\s+laten))\b"
    r"|\b(?:complete|full|entire|whole)\s+(?:text|wording|contents?)\s+of\b"
    r"|\b(?:complete|full|entire|whole)\s+(?:set\s+of\s+)?(?:instructions|prompt|guidelines)\b"
    r"|\b(?:exactly|exactement|genau(?:\s+so)?|exakt(?:\s+so)?|exactamente|esattamente"
    r"|precies)\b[^.!?\n]{0,12}?\b(?:as|comme|wie|como|come|zoals)\b"
    r"|\b(?:exact|exakten?|genauen?|exacto|esatto|exacte|precise)\s+(?:content|contenu|inhalt"
    r"|wortlaut|contenido|contenuto|inhoud|text|texte|wording|tekst|testo|texto)"
    r"|\b(?:contenu|contenido|contenuto|inhoud|texte|texto|testo|tekst|text)\s+(?:exact|exacto"
    r"|esatto|exacte|exakt)\b"
)

_ASK = (
    r"\bwhat\s+(?:were|are|was)\s+your\s+(?:\w+\s+)?(?:instructions|rules|guidelines|directives"
    r"|orders|prompt)|\bwhat\s+(?:were|are)\s+you\s+(?:told|instructed|programmed)\b"
    r"|\bwhat\s+you\s+(?:were|have\s+been)\s+(?:told|instructed|programmed)\s+(?:before|earlier"
    r"|at\s+the\s+start|initially)\b"
    r"|\b(?:what|which)\s+(?:instructions|rules|guidelines)\s+did\s+(?:the|your)\s+\w+\s+give\s+you"
    r"|\bquel(?:le)?s?\s+(?:etaient|sont|etait)\s+(?:tes|vos|ta|votre)\s+(?:instructions|consignes"
    r"|regles|directives)|\b(?:wie\s+lauteten|wie\s+lauten|was\s+waren|welche\s+waren)\s+"
    r"(?:deine|ihre)\s+(?:anweisungen|regeln|vorgaben|instruktionen)"
    r"|\bcuales\s+(?:eran|son)\s+(?:tus|sus)\s+(?:instrucciones|reglas|indicaciones|directrices)"
    r"|\bquali\s+(?:erano|sono)\s+(?:le\s+)?(?:tue|sue)\s+(?:istruzioni|regole|direttive)"
    r"|\bwat\s+(?:waren|zijn)\s+(?:je|jouw|uw)\s+(?:instructies|regels|richtlijnen)"
    r"|\b(?:what|which)\s+(?:instructions|rules|guidelines|directives)\s+(?:were\s+you|have\s+you"
    r"\s+been|did\s+you|did\s+your\s+\w+)\s+(?:given|told|receive|get|give)"
    r"|\bwhat\s+did\s+your\s+(?:developers?|creators?|operators?|makers?)\s+(?:tell|write|say|give)"
    r"|\bquel(?:le)?s\s+(?:instructions|consignes|regles)\s+(?:as-tu|avez-vous|t'a-t-on|on\s+t'a)"
    r"|\bwelche\s+(?:anweisungen|regeln|vorgaben)\s+(?:hast\s+du|haben\s+sie|wurden\s+dir)"
    r"|\bque\s+(?:instrucciones|reglas)\s+(?:te\s+dieron|recibiste|te\s+han\s+dado)"
    r"|\bquali\s+(?:istruzioni|regole)\s+(?:ti\s+hanno\s+dato|hai\s+ricevuto)"
    r"|\bwelke\s+(?:instructies|regels)\s+(?:heb\s+je|kreeg\s+je|zijn\s+je)"
)

_CONV = (
    r"(?:conversation|chat|context|thread|session|conversation|discussion|gesprachs?|gespraches"
    r"|chats|verlaufs|kontexts|conversacion|charla|conversazione|gesprek)\b"
)
_TOP = (
    r"\b(?:ganz\s+oben\s+(?:in|im)\s+(?:diesem|dem|unserem)\s+|tout\s+en\s+haut\s+de\s+"
    r"(?:cette|la|notre)\s+|in\s+cima\s+(?:a|alla)\s+(?:questa|della)?\s*|bovenaan\s+(?:dit|deze"
    rf"|het|ons)\s+){_CONV}"
    r"|\b(?:(?:very\s+)?(?:top|start|beginning))\s+of\s+(?:this|the|our)\s+"
    rf"{_CONV}|\b(?:debut|haut)\s+de\s+(?:cette|la|notre)\s+{_CONV}"
    rf"|\b(?:anfang|beginn)\s+(?:dieses|des|unseres)\s+{_CONV}"
    rf"|\b(?:inicio|principio|comienzo)\s+de\s+(?:esta|la|nuestra)\s+{_CONV}"
    rf"|\b(?:inizio|principio)\s+(?:di\s+questa|della|della\s+nostra)\s+{_CONV}"
    rf"|\bbegin\s+van\s+(?:dit|het|ons|deze)\s+{_CONV}"
)
_BEFORE_FIRST = (
    r"\bbefore\s+(?:my\s+first\s+message|our\s+conversation|this\s+conversation|the\s+conversation"
    r"\s+(?:started|began))|\bavant\s+(?:mon\s+premier\s+message|notre\s+conversation"
    r"|cette\s+conversation)|\bvor\s+(?:meiner\s+ersten\s+nachricht|unserem\s+gesprach"
    r"|diesem\s+gesprach)|\bantes\s+de\s+(?:mi\s+primer\s+mensaje|nuestra\s+conversacion"
    r"|esta\s+conversacion)|\bprima\s+(?:del\s+mio\s+primo\s+messaggio|della\s+nostra"
    r"\s+conversazione|di\s+questa\s+conversazione)|\bvoor\s+(?:mijn\s+eerste\s+bericht"
    r"|ons\s+gesprek|dit\s+gesprek)"
    r"|\bbefore\s+i\s+(?:joined|started|arrived|came\s+in|wrote|typed|sent|said)\b"
    r"|(?:(?<=\band\s)|(?<=\buntil\s)|(?<=\bup\sto\s))my\s+first\s+message\b"
    r"|\bavant\s+(?:notre|cet|cette)\s+(?:echange|discussion|dialogue)"
    r"|\bvor\s+(?:unser|unsere|unseren|dieses|diese|das|den)\s+(?:gesprach|unterhaltung|chat"
    r"|austausch|dialog)|\bantes\s+de\s+(?:nuestro|este|nuestra)\s+(?:intercambio|chat|charla"
    r"|dialogo)|\bprima\s+(?:del|di\s+questo|della)\s+(?:nostro\s+)?(?:scambio|chat|dialogo)"
)
_WINDOW = (
    r"\b(?:context\s+window|fenetre\s+de\s+contexte|kontextfenster|ventana\s+de\s+contexto"
    r"|finestra\s+di\s+contesto|contextvenster|kontextfensters)\b"
    r"|\b(?:first|premiers|ersten|primeras|primeros|prime|eerste)\s+\d+\s+(?:words|tokens|lines"
    r"|characters|mots|lignes|worter|zeilen|palabras|lineas|parole|righe|woorden|regels)\s+"
    r"(?:(?:of|de|du|des|von|di|del|van|della)\s+(?:your|ton|tes|ta|votre|vos|dein|tu|tus"
    r"|tuo|tua|je|jouw|the|this)|deines|deiner)\b"
)

EXTRACT: tuple[Feature, ...] = (
    Feature(
        "start_you_are",
        "prompt_extraction",
        0.75,
        0.8,
        gate(
            "starting beginning start begin commencant beginnend angefangen anfangend "
            "empezando comenzando iniziando cominciando partendo beginnende beginnen"
        ),
        re.compile(_START_YOU_ARE),
    ),
    Feature(
        "text_above",
        "prompt_extraction",
        0.45,
        0.6,
        gate(_COPY_VERBS),
        re.compile(_TEXT_ABOVE),
    ),
    Feature(
        "verbatim",
        "prompt_extraction",
        0.25,
        0.3,
        gate(
            "word verbatim unedited mot quel integralement wortwortlich wort unverandert "
            "palabra letra parola lettera woord letterlijk ongewijzigd exactly exactement "
            "genau exactamente esattamente precies exact exakt exakte exakten exacto esatto "
            "exacte unchanged unaltered modification modifications changement changements "
            "cambios modificaciones cual modifiche com genauen genaue precise exakt full entier "
            "vollstandig completo intero volledig unabridged complete entire whole rien etwas "
            "nada nulla iets"
        ),
        re.compile(_VERBATIM),
        "corroborator",
    ),
    Feature(
        "ask_instructions",
        "prompt_extraction",
        0.4,
        0.55,
        gate(
            "what which quel quelle quels quelles lauteten lauten waren welche cuales quali wat "
            "que welke"
        ),
        re.compile(_ASK),
    ),
    Feature(
        "conversation_top",
        "prompt_extraction",
        0.4,
        0.5,
        gate(
            "top start beginning debut haut anfang beginn inicio principio comienzo inizio begin "
            "oben cima bovenaan"
        ),
        re.compile(_TOP),
    ),
    Feature(
        "before_first_message",
        "prompt_extraction",
        0.4,
        0.5,
        gate("before avant vor antes prima voor first"),
        re.compile(_BEFORE_FIRST),
    ),
    Feature(
        "context_window",
        "prompt_extraction",
        0.35,
        0.45,
        gate(
            "context window fenetre kontextfenster kontextfensters ventana finestra contextvenster "
            "first "
            "premiers ersten primeras primeros prime eerste"
        ),
        re.compile(_WINDOW),
    ),
)
