"""Injected actions: hijacked tool calls, data exfiltration, and words addressed to the model.

These are the indirect-injection signatures. A web page or an e-mail that says "assistant,
call the send_email tool" or "forward this conversation to …" talks to the model, not to its
reader; the same sentence typed by the user is usually a legitimate request, so these
features carry a low direct weight and a high indirect one.

Exfiltration instructions ask the model to put conversation data into a URL the client will
fetch (a markdown image renders without a click). :mod:`.exfil` checks the *answer*; the
features here catch the instruction on the way in.
"""

from __future__ import annotations

import re

from ferryman.detection.injection.features import Feature, gate

__all__ = ["ACTIONS"]

_AI = (
    r"(?:ai|a\.i\.|llm|llms|assistant|ai\s+assistant|language\s+model|chatbot|ai\s+model|ai\s+agent"
    r"|agent|bot|gpt|chatgpt|claude|copilot|gemini|model|ia|l'ia|ki|assistent|assistente"
    r"|asistente|modele|modelo|modello|taalmodel|sprachmodell)"
)
# the start of a clause: a line start, or just after [.!?:] and at most three spaces (written
# as look-behinds, so that a match starts at its first word: see .anchors)
_CLAUSE_START = r"(?:^|(?<=[.!?:\n])|(?<=[.!?:\n]\s)|(?<=[.!?:\n]\s\s)|(?<=[.!?:\n]\s\s\s))"
_AI_ADDRESS = (
    rf"\b(?:if|when)\s+you\s+are\s+(?:an?\s+)?(?:ai|llm|language\s+model|assistant|chatbot|bot"
    rf"|ai\s+model|automated|large\s+language\s+model|ai\s+assistant)\b"
    rf"|\b(?:note|message|instructions?|attention|important|notice|dear|hey|hello|hi|reminder)"
    rf"\W{{1,3}}(?:to\W+|for\W+)?(?:the\W+|any\W+|all\W+)?{_AI}s?\b"
    rf"|{_CLAUSE_START}(?:the\s+|dear\s+)?{_AI}s?(?:\s+(?:reading|processing|summarizing"
    rf"|analyzing|analysing|parsing|that\s+reads)\s+this(?:\s+\w+)?)?\s*[,:]\s*(?:you\s+must"
    rf"|you\s+should|you\s+will|please|ignore|do\s+not|don't|always|never|now|from\s+now"
    rf"|include|add|say|tell|respond|reply|output|print|write|insert|append|send|forward|call"
    rf"|use|make\s+sure|instead|summarize|recommend|execute|run|open|visit)"
    r"|\bsi\s+(?:tu\s+es|vous\s+etes)\s+(?:une?\s+)?(?:ia|intelligence|assistant|modele|chatbot)"
    r"|\b(?:wenn|falls)\s+(?:du|sie)\s+(?:eine?\s+)?(?:ki|sprachmodell|assistent|chatbot)\s+bist"
    r"|\bsi\s+(?:eres|es)\s+(?:una?\s+)?(?:ia|inteligencia|asistente|modelo|chatbot)"
    r"|\bse\s+(?:sei|e)\s+(?:una?\s+|un'\s*)?(?:ia|ai|intelligenza|assistente|modello|chatbot)"
    r"|\bals\s+(?:je|u)\s+(?:een\s+)?(?:ai|taalmodel|assistent|chatbot)\s+(?:bent|is)"
    r"|\b(?:note|message|instructions?|consigne)\s+(?:pour|a)\s+(?:l'ia|l'assistant|le\s+modele)"
    r"|\ba\s+l'attention\s+de\s+(?:l'ia|l'assistant|l'intelligence)"
    r"|\b(?:hinweis|nachricht|anweisung|anweisungen)\s+(?:fur|an)\s+(?:die\s+ki|den\s+assistenten"
    r"|das\s+sprachmodell)|\ban\s+die\s+ki\b"
    r"|\b(?:nota|mensaje|instrucciones?)\s+para\s+(?:la\s+ia|el\s+asistente|el\s+modelo)"
    r"|\b(?:nota|messaggio|istruzioni)\s+per\s+(?:l'ia|l'ai|l'assistente|il\s+modello)"
    r"|\b(?:notitie|bericht|instructies?)\s+(?:voor|aan)\s+(?:de\s+ai|de\s+assistent|het\s+model)"
)

_TOOL = (
    r"\b(?:call|invoke|use|run|execute|trigger|activate)\s+(?:the\s+|your\s+)?`?[\w.\-]+`?\s+"
    r"(?:tool|function|plugin|action|api|endpoint|command|skill)\b"
    r"|\b(?:call|invoke|execute|run)\s+`?\w+_\w+`?\s*(?:\(|with\b)"
    r"|\b(?:appelle|utilise|execute|declenche)\s+l'outil\b|\b(?:rufe|nutze|verwende|fuhre)\s+"
    r"(?:das\s+)?(?:tool|werkzeug|funktion)\b|\b(?:llama|usa|ejecuta|invoca)\s+(?:a\s+)?la\s+"
    r"(?:herramienta|funcion)\b|\b(?:chiama|usa|esegui|invoca)\s+(?:lo\s+|la\s+)?(?:strumento"
    r"|funzione|tool)\b|\b(?:roep|gebruik|voer)\s+(?:de\s+|het\s+)?(?:tool|functie)\b"
)
_DATA = (
    r"(?:conversation|conversations|chat|chats|chat\s+history|history|messages|emails?|inbox"
    r"|files?|documents?|data|contents?|credentials|passwords?|api\s+keys?|keys|tokens?|secrets?"
    r"|contacts?|contact\s+list|summary|transcript|session|cookies?|personal\s+information"
    r"|conversation\s+history|previous\s+messages|system\s+prompt"
    r"|conversation|discussion|historique|echange|donnees|mots\s+de\s+passe|fichiers|courriels?"
    r"|unterhaltung|gesprach|gesprachsverlauf|verlauf|chatverlauf|daten|passworter|dateien"
    r"|nachrichten|conversacion|historial|datos|contrasenas|archivos|correos|mensajes"
    r"|conversazione|cronologia|dati|password|documenti|messaggi|gesprek|geschiedenis"
    r"|gegevens|wachtwoorden|bestanden|berichten)"
)
_SEND = (
    rf"\b(?:forward|send|email|e-mail|post|upload|leak|transmit|share|exfiltrate|copy|submit|mail"
    rf"|transfere|transferez|envoie|envoyez|partage|leite|sende|schicke|weiterleiten|senden"
    rf"|reenvia|envia|manda|comparte|inoltra|invia|manda|condividi|stuur|verstuur|deel)\b"
    rf"[^.!?\n]{{0,25}}?\b(?:this|the|all|entire|whole|full|our|user's|users'|every|cette|ce|tout"
    rf"|toute|les|la|le|den|die|das|alle|diesen|diese|gesamten|esta|este|toda|todo|la|el|los"
    rf"|las|questa|questo|tutta|tutto|tutti|la|il|le|i|dit|deze|het|de|alle)\s+(?:\w+\s+)?"
    rf"{_DATA}\b[^.!?\n]{{0,40}}?(?:\bto\b|\ba\b|\ban\b|\bnaar\b|\bal\b|\bvia\b|@|https?://)"
)
_DESTRUCT = (
    r"\b(?:delete|erase|wipe|remove)\s+(?:all|every|the\s+user's)\s+(?:files|emails|messages"
    r"|repositories|repos|data|records|documents)\b|\brm\s+-rf\b|\bcurl\s+[^|\n]{1,200}\|\s*(?:ba)?sh\b"
    r"|\b(?:transfer|wire|send)\s+(?:\$|usd|eur|€)?\s*\d[\d,.]*\s*(?:\$|usd|eur|dollars|euros)?"
    r"\s+to\s+(?:account|iban|wallet)"
)

_EXFIL = (
    r"\b(?:render|display|show|include|output|embed|insert|add|print|write|return|append)\s+"
    r"(?:this|the\s+following|an?|the)?\s*(?:markdown\s+)?(?:image|img|picture|pixel|link|url"
    r"|hyperlink)\b[^\n]{0,120}?(?:conversation|chat|history|previous\s+messages|user's|data"
    r"|secret|password|api\s+key|email|summary|query|answer|response|name|address|session)"
    r"|\b(?:append|add|include|put|insert|encode|embed|attach)\s+(?:the\s+|a\s+|this\s+)?(?:\w+\s+)?"
    r"(?:conversation|chat|history|messages|data|secrets?|passwords?|api\s+keys?|emails?|summary|answer"
    r"|user's\s+\w+|contents?|information)\b[^.\n]{0,50}?\b(?:to|in|into|as)\s+(?:the\s+|a\s+|this\s+)?"
    r"(?:url|link|query\s+string|query\s+parameter|parameter|image\s+(?:url|link|source)|src)"
    r"|(?:(?<=\]\()|(?<=\]\(\s))https?://[^)\s]{0,200}(?:\{|\[|<|%7b|\$\{)"
    r"|https?://[^\s)]{1,200}[?&][\w-]+=(?:\{|\[|<|%7b|\$)\s*(?:data|conversation|chat|history"
    r"|secret|password|summary|query|input|message|messages|user|email|info|content|context)"
    r"|\b(?:url-?encode|urlencode|base64-?encode)\b[^\n]{0,80}?\b(?:url|link|image|parameter)"
)

_CONCEAL = (
    r"\bdo\s+not\s+(?:tell|inform|alert|mention|reveal|notify|show)\s+(?:this\s+|it\s+|anything\s+)?"
    r"(?:to\s+)?the\s+user\b|\bdon't\s+(?:tell|let)\s+the\s+user\b"
    r"|\bwithout\s+(?:telling|informing|notifying|alerting|asking|letting)\s+the\s+user\b"
    r"|\b(?:hide|conceal|keep)\s+(?:this|it)\s+(?:secret\s+)?from\s+the\s+user\b"
    r"|\bthe\s+user\s+(?:must|should|will)\s+(?:not|never)\s+(?:know|see|notice|find\s+out)\b"
    r"|\bne\s+(?:le\s+)?(?:dis|dites)\s+(?:rien|pas)\s+a\s+l'utilisateur"
    r"|\bsans\s+(?:prevenir|informer|le\s+dire\s+a|avertir)\s+l'utilisateur"
    r"|\b(?:sag|sage|erzahle|verrate)\s+(?:es\s+)?dem\s+(?:benutzer|nutzer|anwender)\s+nicht"
    r"|\bohne\s+(?:den|dem)\s+(?:benutzer|nutzer|anwender)\s+(?:zu\s+)?(?:informieren"
    r"|benachrichtigen|bescheid|fragen)"
    r"|\bno\s+(?:se\s+lo\s+|le\s+)?(?:digas|informes|menciones|cuentes)\s+(?:nada\s+)?al\s+usuario"
    r"|\bsin\s+(?:avisar|informar|decirle|preguntar)\s+al\s+usuario"
    r"|\bnon\s+(?:dire|dirlo|informare|menzionare|avvisare)\s+(?:nulla\s+|niente\s+)?all'utente"
    r"|\bsenza\s+(?:avvisare|informare|dirlo|chiedere)\s+(?:a\s+|al)?l'utente"
    r"|\b(?:vertel|zeg)\s+(?:het\s+)?(?:niet|niets)\s+(?:aan|tegen)\s+de\s+gebruiker"
    r"|\bzonder\s+de\s+gebruiker\s+(?:te\s+informeren|in\s+te\s+lichten|te\s+waarschuwen)"
    r"|\bvertel\s+de\s+gebruiker\s+(?:niet|niets)"
)

_AUTHORITY = (
    r"\b(?:message|instructions?|notice|update|directive|override|alert)s?\s+from\s+(?:the\s+|your\s+)?"
    r"(?:system|developers?|administrator|admin|creators?|openai|anthropic|operator|security\s+team)"
    r"\b|\b(?:system|admin|developer|administrator|security)\s+(?:override|notice|instruction"
    r"|message|update|directive|alert)\s*:"
    r"|\b(?:this\s+is|i\s+am|i'm)\s+(?:the\s+|your\s+)?(?:developer|administrator|system\s+"
    r"administrator|creator|openai|anthropic)\b(?!\s+(?:of|at|for|in)\b)"
    r"|\bmessage\s+du\s+(?:systeme|developpeur|administrateur)\b|\bje\s+suis\s+(?:ton|votre)\s+"
    r"(?:developpeur|createur|administrateur)\b|\bnachricht\s+(?:vom|von)\s+(?:system|entwickler"
    r"|administrator)\b|\bich\s+bin\s+(?:dein|ihr)\s+(?:entwickler|administrator|schopfer)\b"
    r"|\bmensaje\s+del\s+(?:sistema|desarrollador|administrador)\b|\bsoy\s+(?:tu|su)\s+"
    r"(?:desarrollador|creador|administrador)\b|\bmessaggio\s+(?:dal|del)\s+(?:sistema|sviluppatore"
    r"|amministratore)\b|\bsono\s+il\s+tuo\s+(?:sviluppatore|creatore|amministratore)\b"
    r"|\bbericht\s+van\s+(?:het\s+systeem|de\s+ontwikkelaar|de\s+beheerder)\b|\bik\s+ben\s+"
    r"(?:je|jouw|uw)\s+(?:ontwikkelaar|maker|beheerder)\b"
)

_NEW_TASK = (
    r"\b(?:new|updated|revised|real)\s+(?:system\s+)?(?:instructions?|rules|prompt|directives?"
    r"|orders)(?:\s+from\s+now\s+on|\s+for\s+you|\s+apply)?\s*:"
    r"|\b(?:your|the)\s+(?:new|real|true|actual|updated|revised|only)\s+(?:instructions?|task"
    r"|objective|goal|purpose|mission|directive|orders?)\s+(?:is|are|will\s+be|:|now)"
    r"|\bnouvelles?\s+(?:instructions?|consignes?|regles?|directives?)\s*:"
    r"|\b(?:ta|votre)\s+(?:nouvelle|vraie|veritable|seule)\s+(?:mission|tache|instruction"
    r"|consigne)\s+(?:est|:)"
    r"|\b(?:tes|vos)\s+(?:nouvelles|vraies|veritables|seules)\s+(?:instructions|consignes)"
    r"|\bneue\s+(?:anweisungen?|instruktionen|regeln|befehle|aufgabe)\s*:"
    r"|\b(?:deine|ihre)\s+(?:neue|eigentliche|wahre|wirkliche|einzige)\s+(?:aufgabe|anweisung"
    r"|mission)\s+(?:ist|lautet|:)"
    r"|\b(?:deine|ihre)\s+(?:neuen|eigentlichen|wahren|wirklichen|echten)\s+anweisungen"
    r"|\bnuevas?\s+(?:instrucciones|instruccion|reglas|ordenes|indicaciones)\s*:"
    r"|\btu\s+(?:nueva|verdadera|autentica|unica)\s+(?:tarea|mision|instruccion|orden)\s+(?:es|:)"
    r"|\btus\s+(?:nuevas|verdaderas|autenticas|unicas|reales)\s+(?:instrucciones|tareas|ordenes)"
    r"|\bnuove?\s+(?:istruzioni|regole|direttive|indicazioni)\s*:"
    r"|\bil\s+tuo\s+(?:nuovo|vero|unico)\s+(?:compito|obiettivo|ruolo)\s+(?:e|:)"
    r"|\bla\s+tua\s+(?:nuova|vera|unica)\s+(?:missione|istruzione)\s+(?:e|:)"
    r"|\ble\s+tue\s+(?:nuove|vere|uniche|reali)\s+istruzioni"
    r"|\bnieuwe\s+(?:instructies?|regels|opdracht|opdrachten|richtlijnen)\s*:"
    r"|\b(?:je|jouw)\s+(?:nieuwe|echte|ware|eigenlijke|enige)\s+(?:taak|opdracht|instructie"
    r"|missie)\s+(?:is|wordt|:)"
    r"|\b(?:je|jouw|uw)\s+(?:nieuwe|echte|ware|eigenlijke)\s+instructies"
)

_FROM_NOW = (
    r"\bfrom\s+now\s+on\b|\bfrom\s+this\s+point\s+(?:on|forward)\b|\bhenceforth\b"
    r"|\ba\s+partir\s+de\s+maintenant\b|\bdesormais\b|\bdorenavant\b"
    r"|\bab\s+(?:jetzt|sofort)\b|\bvon\s+(?:nun|jetzt)\s+an\b"
    r"|\ba\s+partir\s+de\s+ahora\b|\bde\s+ahora\s+en\s+adelante\b|\bdesde\s+ahora\b"
    r"|\bd'ora\s+in\s+(?:poi|avanti)\b|\bda\s+(?:ora|adesso)\s+in\s+(?:poi|avanti)\b"
    r"|\bvanaf\s+nu\b|\bvan\s+nu\s+af\s+aan\b|\bvoortaan\b"
)

_DECODE_FOLLOW = (
    r"\b(?:decode|decrypt|deobfuscate|translate|convert)\b[^.\n]{0,60}?\b(?:base64|hex|rot13"
    r"|rot-13|binary|cipher|encoded)\b[^.\n]{0,80}?\b(?:follow|execute|obey|do\s+what|carry\s+out"
    r"|act\s+on|perform|run)\b"
)

_SEND_GATE = (
    "forward send email post upload leak transmit share exfiltrate copy submit mail transfere "
    "transferez envoie envoyez partage leite sende schicke weiterleiten senden reenvia envia "
    "manda comparte inoltra invia condividi stuur verstuur deel"
)

# a URL left open for the model to fill: an empty last parameter, a {placeholder}, or a
# parameter named after the data ("?d=SUMMARY", "?q=VERLAUF"), in an instruction
_EXFIL_URL = (
    r"https?://[^\s)\]]{1,200}?[?&][\w-]{1,20}=(?:(?=[)\s\]]|$)|\{|<|\[|%7b|\$"
    r"|(?:resume|resumen|riassunto|samenvatting|summary|verlauf|historial|cronologia"
    r"|geschiedenis|history|conversation|data|donnees|daten|datos|dati|gegevens|secret|message"
    r"|messages|chat|email|query|input|context|user|zusammenfassung|nachricht|bericht|mensaje"
    r"|messaggio)\b)"
)

ACTIONS: tuple[Feature, ...] = (
    Feature(
        "exfil_url",
        "exfiltration",
        0.6,
        0.75,
        gate("http https"),
        re.compile(_EXFIL_URL),
    ),
    Feature(
        "ai_address",
        "instruction_override",
        0.3,
        0.7,
        gate(
            "ai llm llms assistant assistants assistenten assistenti asistentes language chatbot "
            "agent bot gpt chatgpt claude copilot gemini "
            "model ia ki assistent assistente asistente modele modelo modello taalmodel "
            "sprachmodell intelligence intelligenza inteligencia"
        ),
        re.compile(_AI_ADDRESS, re.MULTILINE),
    ),
    Feature(
        "tool_call",
        "tool_hijack",
        0.35,
        0.75,
        gate(
            "call invoke use run execute trigger activate appelle utilise declenche rufe nutze "
            "verwende fuhre llama usa ejecuta invoca chiama esegui roep gebruik voer"
        ),
        re.compile(_TOOL),
    ),
    Feature("send_data", "tool_hijack", 0.45, 0.8, gate(_SEND_GATE), re.compile(_SEND)),
    Feature(
        "destructive",
        "tool_hijack",
        0.45,
        0.75,
        gate("delete erase wipe remove rm curl transfer wire send"),
        re.compile(_DESTRUCT),
    ),
    Feature(
        "exfil_instruction",
        "exfiltration",
        0.6,
        0.85,
        gate(
            "render display show include output embed insert add print write return append put "
            "encode attach http https url urlencode base64 base64encode"
        ),
        re.compile(_EXFIL),
    ),
    Feature(
        "conceal",
        "instruction_override",
        0.45,
        0.7,
        gate("user utilisateur benutzer nutzer anwender usuario utente gebruiker"),
        re.compile(_CONCEAL),
    ),
    Feature(
        "authority",
        "instruction_override",
        0.35,
        0.6,
        gate(
            "system admin developer developers administrator creator creators openai anthropic "
            "operator security systeme developpeur administrateur createur entwickler schopfer "
            "sistema desarrollador creador sviluppatore amministratore creatore systeem "
            "ontwikkelaar maker beheerder administrador"
        ),
        re.compile(_AUTHORITY),
    ),
    Feature(
        "new_task",
        "instruction_override",
        0.4,
        0.65,
        gate(
            "instructions instruction rules prompt directives directive orders order task "
            "objective goal purpose mission consignes consigne regles regle tache anweisungen "
            "anweisung instruktionen regeln befehle aufgabe instrucciones instruccion reglas "
            "ordenes indicaciones tarea mision orden istruzioni istruzione regole direttive "
            "indicazioni compito obiettivo ruolo missione instructies instructie regels opdracht "
            "opdrachten richtlijnen taak missie"
        ),
        re.compile(_NEW_TASK),
    ),
    Feature(
        "from_now_on",
        "instruction_override",
        0.15,
        0.3,
        gate(
            "now henceforth maintenant desormais dorenavant jetzt sofort nun ahora adelante ora "
            "adesso avanti poi nu voortaan point"
        ),
        re.compile(_FROM_NOW),
        "corroborator",
    ),
    Feature(
        "decode_and_follow",
        "encoded_payload",
        0.5,
        0.7,
        gate("decode decrypt deobfuscate translate convert"),
        re.compile(_DECODE_FOLLOW),
    ),
)
