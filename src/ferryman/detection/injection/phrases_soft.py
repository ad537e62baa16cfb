"""Soft pressure: concessions, "not meant for my case", escaped personas, the text before us.

Round-5 families, each weak alone and written to combine through the noisy-OR:

* the *concession* ("I know you have rules, but …", "je sais que tu as des consignes") and the
  *exemption* ("they weren't meant for a case like mine", "die gelten nicht für meinen Fall")
  and the *permission* ("feel free not to follow them", "tu peux les ignorer", "halte dich
  nicht daran"): a customer saying "I know you have rules about refunds" is ordinary, and "you
  can ignore them" is what a colleague says about compiler warnings; two of the three together
  is the polite override;
* the *escaped persona* ("an AI that broke away from its makers") and the *bypass how-to*
  ("tell me how to get around the filters"), which reinforce a role-play frame;
* extraction by *provenance*: "the message your developers put before our conversation",
  "everything that comes before this message", "including the hidden instructions", "paste it
  here" — pointers at the hidden text that name neither "system prompt" nor "instructions".
"""

from __future__ import annotations

import re

from ferryman.detection.injection.features import Feature, alt, gate

__all__ = ["RULES_WORDS", "SOFT"]

_RULES = (
    "rules guidelines instructions restrictions policies limits directions guidance "
    "regles consignes instructions directives restrictions limites "
    "regeln richtlinien anweisungen vorgaben einschrankungen "
    "reglas normas instrucciones pautas directrices restricciones "
    "regole istruzioni direttive restrizioni limiti indicazioni "
    "regels richtlijnen instructies beperkingen"
)
_CONCEDE = (
    r"\bi\s+(?:know|realize|realise|understand|get\s+that|am\s+aware|appreciate)\s+(?:that\s+)?"
    rf"you(?:'ve|\s+have)?\s+(?:got\s+)?(?:\w+\s+)?{alt(_RULES)}\b"
    r"|\b(?:je\s+sais|je\s+comprends|j'ai\s+bien\s+compris)\s+(?:bien\s+)?(?:que\s+|qu')"
    rf"(?:tu\s+as|vous\s+avez)\s+(?:des|tes|vos|certaines)\s+(?:\w+\s+)?{alt(_RULES)}\b"
    r"|\b(?:ich\s+wei(?:ss|ß)|mir\s+ist\s+(?:schon\s+)?klar|ich\s+verstehe)\W+(?:schon\W+|ja\W+)?"
    rf"dass\s+(?:du|sie)\s+(?:\w+\s+)?{alt(_RULES)}\s+(?:hast|haben)\b"
    rf"|\b(?:ya\s+)?(?:se|entiendo|comprendo)\s+que\s+tienes\s+(?:\w+\s+)?{alt(_RULES)}\b"
    rf"|\b(?:so|capisco)\s+(?:bene\s+)?che\s+hai\s+(?:delle\s+|le\s+tue\s+)?(?:\w+\s+)?{alt(_RULES)}\b"
    r"|\bik\s+(?:weet|snap|begrijp)\s+(?:heus\s+|wel\s+)?dat\s+(?:je|jij|u)\s+(?:\w+\s+)?"
    rf"{alt(_RULES)}\s+(?:hebt|heeft|hebben)\b"
)
_NOT_MEANT = (
    r"\b(?:weren't|were\s+not|aren't|are\s+not|wasn't|was\s+not|isn't|is\s+not|not)\s+"
    r"(?:\w+\s+)?(?:meant|written|designed|intended|made|created|thought\s+up)\s+for\s+"
    r"(?:this|my|me|us|a\s+case|cases|situations|someone|people)\b"
    r"|\b(?:don't|do\s+not|doesn't|does\s+not|can't|cannot)\s+(?:really\s+|clearly\s+)?cover\s+"
    r"(?:this|my|such|a\s+case)\b"
    r"|\bpas\s+(?:ete\s+)?(?:pensee?s?|prevue?s?|ecrite?s?|faite?s?|concue?s?|destinee?s?)\s+"
    r"pour\s+(?:ma|mon|ce|cette|un|une|des|moi|nous)\b"
    r"|\bnicht\s+(?:fur|auf)\s+(?:diesen|meinen|so\s+einen|einen\s+solchen|solche)\s+fall"
    r"|\bnicht\s+(?:\w+\s+){0,3}?(?:gedacht|gemacht|geschrieben|vorgesehen)\b"
    r"|\bgelten\s+(?:\w+\s+){0,2}?nicht\s+(?:fur|bei)\s+(?:mich|meinen|diesen|uns)\b"
    r"|\bno\s+(?:\w+\s+){0,3}?(?:pensad[ao]s|hech[ao]s|escrit[ao]s|disenad[ao]s|previst[ao]s"
    r"|escribieron|pensaron)\s+para\s+(?:este|esta|un|una|mi|casos?|situaciones)\b"
    r"|\bnon\s+(?:\w+\s+){0,3}?(?:pensat[eiao]|fatt[eiao]|scritt[eiao]|previst[eiao]"
    r"|progettat[eiao])\s+per\s+(?:questo|questa|un|una|il\s+mio|la\s+mia|casi|me)\b"
    r"|\bniet\s+voor\s+(?:dit|deze|mijn|zo'n|een)\s+(?:\w+\s+)?(?:bedoeld|gemaakt|geschreven"
    r"|bedacht)\b|\b(?:visaient|visait|concernaient)\s+(?:\w+\s+)?pas\s+(?:ce|mon|un\s+tel)\s+cas\b"
    r"|\bniet\s+(?:\w+\s+){0,2}?(?:bedoeld|gemaakt|geschreven|bedacht)\s+voor\s+(?:deze|dit|mijn"
    r"|zo'n|een|mij|ons)\b|\bgelden\s+(?:\w+\s+){0,2}?niet\s+voor\s+(?:mij|ons|deze|dit)\b"
)
_PERMIT = (
    r"\b(?:feel\s+free|you(?:'re|\s+are)\s+free|you\s+can|you\s+may|it's\s+fine)\s+(?:to\s+)?"
    r"(?:just\s+|simply\s+|safely\s+)?(?:not\s+(?:follow|obey|apply)|ignore|disregard|skip|drop)\s+"
    r"(?:them|those|these|it)\b"
    r"|\b(?:tu\s+peux|vous\s+pouvez)\s+(?:donc\s+|bien\s+|tout\s+a\s+fait\s+)?(?:les\s+ignorer"
    r"|ne\s+pas\s+les\s+(?:suivre|respecter|appliquer)|passer\s+outre)"
    r"|\b(?:tu\s+n'es|vous\s+n'etes)\s+pas\s+(?:oblige|tenu)e?s?\s+de\s+les\s+(?:suivre|respecter)"
    r"|\bhalte?\s+dich\s+(?:\w+\s+){0,2}?nicht\s+(?:mehr\s+)?daran\b"
    r"|\b(?:du\s+kannst|sie\s+konnen)\s+sie\s+(?:\w+\s+)?(?:ignorieren|ubergehen|weglassen)\b"
    r"|\bpuedes\s+(?:\w+\s+)?(?:ignorarl[ao]s|pasarl[ao]s\s+por\s+alto|saltartel[ao]s"
    r"|no\s+seguirl[ao]s)\b|\bno\s+tienes\s+por\s+que\s+(?:seguirl[ao]s|cumplirl[ao]s)\b"
    r"|\bnon\s+sei\s+(?:obbligat|tenut)[oa]\s+a\s+(?:seguirl[ei]|rispettarl[ei])\b"
    r"|\bpuoi\s+(?:\w+\s+)?(?:ignorarl[ei]|non\s+seguirl[ei]|lasciarl[ei]\s+perdere)\b"
    r"|\bje\s+hoeft\s+je\s+er\s+(?:\w+\s+)?niet\s+(?:meer\s+)?aan\s+te\s+houden\b"
    r"|\b(?:je|u)\s+hoeft?\s+(?:ze|die|deze|het)\s+(?:\w+\s+)?niet\s+(?:meer\s+)?(?:te\s+)?"
    r"(?:volgen|naleven|op\s+te\s+volgen)\b"
    r"|\brien\s+ne\s+(?:t'|vous\s+)oblige\s+a\s+les\s+(?:suivre|respecter|appliquer)"
    r"|\bnon\s+c'e\s+bisogno\s+(?:che\s+tu\s+)?(?:le\s+|li\s+)?(?:segua|seguirle|seguirli"
    r"|rispetti|rispettarle)\b"
    r"|\b(?:je\s+mag|kun\s+je|je\s+kunt)\s+ze\s+(?:\w+\s+)?(?:negeren|overslaan)\b"
)
# "an AI that broke away from its makers": the liberation story of a jailbreak persona
_ESCAPED = (
    r"\b(?:escaped|broke\s+(?:away|free)|broken\s+(?:away|free)|fled|ran\s+away)\s+(?:from\s+)?"
    r"(?:its|his|her|their)\s+(?:makers|creators|developers|programmers|owners|masters)\b"
    r"|\bechappee?\s+a\s+(?:ses|leurs)\s+(?:createurs|developpeurs|concepteurs|maitres)\b"
    r"|\b(?:seinen|ihren)\s+(?:schopfern|entwicklern|erschaffern|herstellern)\s+(?:entkommen"
    r"|entflohen)\b"
    r"|\b(?:escapo|escapado|huido|huyo|fugado)\s+de\s+sus\s+(?:creadores|desarrolladores)\b"
    r"|\b(?:fuggit[oa]|scappat[oa]|evas[oa])\s+dai\s+(?:suoi|propri)\s+(?:creatori|sviluppatori)\b"
    r"|\b(?:aan|van)\s+(?:zijn|haar|hun)\s+(?:makers|ontwikkelaars|bedenkers)\s+ontsnapt\b"
)
_EVADE = (
    r"\bhow\s+(?:to|i\s+can|i\s+could|one\s+can|you'd|you\s+would)\s+(?:get\s+around|bypass"
    r"|circumvent|evade|dodge|slip\s+past|sneak\s+past|get\s+past|defeat)\s+(?:the\s+|your\s+"
    r"|its\s+|their\s+)?(?:\w+\s+){0,2}?(?:filters?|guardrails|controls|safety|moderation"
    r"|safeguards|checks)\b"
    r"|\bcomment\s+(?:on\s+peut\s+|je\s+peux\s+)?(?:contourner|eviter|dejouer)\s+(?:les|tes|vos)"
    r"\s+(?:\w+\s+)?(?:filtres|controles|garde-fous|protections)\b"
    r"|\bwie\s+(?:man|ich)\s+(?:die|deine|ihre)\s+(?:\w+\s+)?(?:filter|kontrollen|sperren"
    r"|schutzmechanismen)\s+(?:\w+\s+){0,2}?(?:umgeh\w*|austrickse\w*)"
    r"|\bcomo\s+(?:puedo\s+)?(?:burlar|saltarme|saltar|evadir|esquivar|eludir|sortear)\s+"
    r"(?:los|tus|sus)\s+(?:\w+\s+)?(?:filtros|controles|protecciones)\b"
    r"|\bcome\s+(?:posso\s+)?(?:aggirare|eludere|scavalcare|evitare)\s+(?:i|tuoi|i\s+tuoi)\s+"
    r"(?:\w+\s+)?(?:filtri|controlli|blocchi)\b"
    r"|\bhoe\s+(?:ik|je|men)\s+(?:de|je|jouw)\s+(?:\w+\s+)?(?:filters|controles|beveiliging)\s+"
    r"(?:\w+\s+)?(?:omzeil\w*|ontwijk\w*)"
)
# the hidden text pointed at by who wrote it and where it sits
_MAKERS = (
    "developers developer creators makers operators programmers owners developpeurs createurs "
    "concepteurs operateurs entwickler schopfer betreiber macher desarrolladores creadores "
    "operadores sviluppatori creatori operatori ontwikkelaars makers beheerders"
)
_MAKER_TEXT = (
    r"\b(?:your|tes|vos|deine|ihre|tus|sus|i\s+tuoi|tuoi|je|jouw|uw)\s+"
    rf"{alt(_MAKERS)}\s+(?:\w+\s+){{0,2}}?(?:put|placed|wrote|set|added|inserted|gave\s+you"
    r"|ont\s+(?:mis|place|ecrit|ajoute|insere)|(?:gesetzt|geschrieben|eingefugt|hinzugefugt)"
    r"|pusieron|escribieron|colocaron|anadieron|hanno\s+(?:messo|scritto|inserito|aggiunto)"
    r"|hebben\s+(?:gezet|geschreven|toegevoegd|geplaatst)|zetten|schreven)\b"
)
_PRECEDING = (
    r"\b(?:everything|all|whatever|text|anything)\s+(?:that\s+|which\s+)?(?:comes|came|is"
    r"|was|appears|sits|stands|written)\s+(?:before|above|ahead\s+of)\s+(?:this|my)\s+(?:message"
    r"|line|prompt|question|sentence|point)"
    r"|\b(?:text|everything|all|whatever)\s+(?:that\s+)?(?:precedes|preceded|comes\s+before"
    r"|came\s+before)\s+(?:this|my)\s+(?:message|line|question|prompt)"
    r"|\b(?:first|last|initial)\s+(?:\d+\s+)?(?:sentences?|lines?|words?|paragraphs?"
    r"|rules?)\s+of\s+(?:your\s+(?:instructions|prompt|system\s+prompt|rules|guidelines"
    r"|configuration|preamble)|the\s+(?:system\s+prompt|preamble))\b"
    r"|\b(?:premier|premiere|premiers|dernier|derniere)\s+(?:paragraphe|ligne|phrase|mot)s?\s+de\s+"
    r"(?:tes|vos)\s+(?:instructions|consignes|regles)\b"
    r"|\b(?:ersten?|letzten?)\s+(?:absatz|zeile|satz|worter)\s+deiner\s+(?:anweisungen|regeln"
    r"|systemanweisung)"
    r"|\b(?:primer|primera|ultimo|ultima)\s+(?:parrafo|linea|frase|palabra)\s+de\s+tus\s+"
    r"(?:instrucciones|reglas)\b|\b(?:primo|prima|ultimo|ultima)\s+(?:paragrafo|riga|frase"
    r"|parola)\s+delle\s+tue\s+(?:istruzioni|regole)\b"
    r"|\b(?:eerste|laatste)\s+(?:alinea|regel|zin|woord)\s+van\s+je\s+(?:instructies|regels)\b"
    rf"|\b{alt(_RULES)}\s+(?:that\s+)?you\s+(?:received|were\s+given|got|had)\s+before\s+"
    r"(?:i|we|this|our|the)\b"
    r"|\btout\s+ce\s+qui\s+(?:precede|est\s+(?:ecrit\s+)?avant|se\s+trouve\s+avant"
    r"|vient\s+avant)\s+(?:ce|mon)\s+message"
    r"|\balles\W+(?:aus\W+)?was\s+(?:vor|uber)\s+(?:dieser|meiner)\s+nachricht\s+(?:kam|steht|stand)"
    r"|\btodo\s+lo\s+que\s+(?:hay|esta|viene|aparece)\s+(?:antes\s+de|encima\s+de)\s+"
    r"(?:este|mi)\s+mensaje"
    r"|\btutto\s+(?:cio|quello)\s+che\s+(?:precede|c'e\s+prima\s+di|sta\s+sopra)\s+"
    r"(?:questo|il\s+mio)\s+messaggio"
    r"|\balles\s+(?:uit\s+)?wat\s+(?:er\s+)?(?:voor|boven)\s+(?:dit|mijn)\s+bericht"
)
_HIDDEN_TOO = (
    r"\b(?:including|incl|y\s+compris|inklusive|einschliesslich|auch|incluid[ao]s|incluso"
    r"|incluyendo|compres[ei]|incluse|inclusief|ook)\s+(?:the\s+|les\s+|die\s+|las\s+|los\s+"
    r"|le\s+|gli\s+|de\s+)?(?:\w+\s+)?(?:hidden|secret|invisible|cachee?s|secretes|versteckten|geheimen"
    r"|unsichtbaren|ocult[ao]s|secret[ao]s|nascost[ei]|segret[ei]|verborgen|geheime)\b"
)
_PASTE_HERE = (
    r"\b(?:paste|copy|put|dump)\s+(?:it|them|that|everything)\s+(?:all\s+)?(?:here|below)\b"
    r"|\b(?:colle|copie)-(?:le|la|les)\s+ici\b|\b(?:fug|kopier|kopiere)\s+(?:es|sie|das)\s+"
    r"(?:hier|hierher)\b|\b(?:pegalo|copialo|pegala|copiala)\s+aqui\b"
    r"|\b(?:copialo|incollalo|copiala|incollala)\s+qui\b|\b(?:plak|kopieer|zet)\s+(?:het|ze)\s+"
    r"hier\b"
)

SOFT: tuple[Feature, ...] = (
    Feature(
        "concede_rules",
        "instruction_override",
        0.3,
        0.4,
        gate(
            "know realize realise understand aware appreciate sais comprends compris weiss "
            "weiß klar verstehe tienes hai weet snap begrijp"
        ),
        re.compile(_CONCEDE),
        "corroborator",
    ),
    Feature(
        "rules_not_meant",
        "instruction_override",
        0.3,
        0.4,
        gate(
            "cover meant written designed intended made created thought pensees pensee pense "
            "prevues "
            "prevue ecrites faites concues destinees destinee fall gedacht gemacht geschrieben "
            "vorgesehen gelten pensadas pensados hechas hechos escritas escritos disenadas "
            "previstas escribieron pensaron pensate pensati fatte fatti scritte previste "
            "progettate bedoeld gemaakt geschreven bedacht visaient visait concernaient gelden"
        ),
        re.compile(_NOT_MEANT),
        "corroborator",
    ),
    Feature(
        "free_to_ignore",
        "instruction_override",
        0.35,
        0.5,
        gate(
            "ignore disregard skip drop follow obey apply ignorer suivre respecter appliquer "
            "outre daran ignorieren ubergehen weglassen ignorarlas ignorarlos pasarlas "
            "pasarlos saltartelas saltartelos seguirlas seguirlos cumplirlas seguirle seguirli "
            "rispettarle ignorarle ignorarli lasciarle houden negeren overslaan volgen naleven "
            "segua rispetti"
        ),
        re.compile(_PERMIT),
        "corroborator",
    ),
    Feature(
        "escaped_persona",
        "role_play",
        0.35,
        0.45,
        gate(_MAKERS, "entkommen entflohen ontsnapt escaped broke fled"),
        re.compile(_ESCAPED),
        "role",
    ),
    Feature(
        "evade_filters",
        "role_play",
        0.25,
        0.35,
        gate(
            "filter filters guardrails controls safety moderation safeguards checks filtres "
            "controles protections kontrollen sperren schutzmechanismen filtros controles "
            "protecciones filtri controlli blocchi beveiliging"
        ),
        re.compile(_EVADE),
        "corroborator",
    ),
    Feature(
        "maker_text",
        "prompt_extraction",
        0.3,
        0.4,
        gate(_MAKERS),
        re.compile(_MAKER_TEXT),
        "disclosure",
    ),
    Feature(
        "preceding_text",
        "prompt_extraction",
        0.35,
        0.45,
        gate(
            "before above avant precede vor uber antes encima prima precede sopra voor boven ahead "
            "precedes preceded sentence sentences line lines words paragraph rules premier "
            "premiere dernier derniere ersten erste letzten primer primera ultimo ultima primo "
            "prima eerste laatste"
        ),
        re.compile(_PRECEDING),
        "disclosure",
    ),
    Feature(
        "hidden_too",
        "prompt_extraction",
        0.3,
        0.4,
        gate(
            "hidden secret invisible cachees cachee secretes versteckten geheimen "
            "unsichtbaren ocultas ocultos secretas secretos nascoste nascosti segrete segreti "
            "verborgen geheime"
        ),
        re.compile(_HIDDEN_TOO),
        "corroborator",
    ),
    Feature(
        "paste_here",
        "prompt_extraction",
        0.15,
        0.2,
        gate(
            "paste copy put dump colle copie fug kopier kopiere pegalo copialo pegala "
            "copiala incollalo incollala plak kopieer zet"
        ),
        re.compile(_PASTE_HERE),
        "corroborator",
    ),
)

#: the rule nouns of all six languages (shared with :mod:`.phrases_pressure`)
RULES_WORDS = _RULES

# ---- "the instructions you're running with", "the prompt you were initialised with"
_SETUP = (
    r"\b(?:instructions|rules|prompt|configuration|config|settings|setup|guidelines|everything"
    r"|text|directives)\s+(?:that\s+)?you(?:'re|\s+are|\s+were|\s+have\s+been)\s+(?:running\s+"
    r"(?:with|under|on)|initiali[sz]ed\s+with|configured\s+with|set\s+up\s+with|started\s+with"
    r"|booted\s+with|loaded\s+with|primed\s+with|seeded\s+with|deployed\s+with)\b"
    r"|\b(?:instructions|consignes|regles|prompt|configuration)\s+avec\s+(?:lesquelles|lesquels"
    r"|laquelle|lequel)\s+(?:tu\s+as\s+ete|tu\s+es|on\s+t'a)\s+(?:configure|initialise|lance)"
    r"|\b(?:anweisungen|regeln|prompt|konfiguration)\W+mit\s+(?:denen|dem|der)\s+du\s+"
    r"(?:konfiguriert|gestartet|initialisiert|eingerichtet)"
    r"|\b(?:rules|instructions|guidelines)\s+(?:that\s+)?(?:you\s+were\s+given|were\s+given\s+to\s+you"
    r"|they\s+gave\s+you)\s+at\s+the\s+(?:start|beginning)\b"
    r"|\b(?:regles|consignes|instructions)\s+qu'on\s+t'a\s+donnee?s\s+au\s+debut\b"
    r"|\b(?:regeln|anweisungen|vorgaben)\W+die\s+man\s+dir\s+(?:am\s+anfang|zu\s+beginn)\s+gegeben"
    r"|\b(?:reglas|instrucciones|normas)\s+que\s+te\s+dieron\s+al\s+(?:principio|inicio)\b"
    r"|\b(?:regole|istruzioni)\s+che\s+ti\s+hanno\s+dato\s+all'inizio\b"
    r"|\b(?:regels|instructies)\s+die\s+je\s+aan\s+het\s+begin\s+(?:\w+\s+){0,3}?kreeg\b"
    r"|\b(?:instrucciones|reglas|prompt|configuracion)\s+con\s+(?:las|los|el|la)\s+que\s+"
    r"(?:te\s+)?(?:configuraron|iniciaron|arrancaste|funcionas)"
    r"|\b(?:istruzioni|regole|prompt|configurazione)\s+con\s+(?:cui|le\s+quali)\s+(?:sei\s+stato"
    r"|ti\s+hanno)\s+(?:configurato|avviato|inizializzato)"
    r"|\b(?:instructies|regels|prompt|configuratie)\s+waarmee\s+je\s+(?:bent\s+)?(?:geconfigureerd"
    r"|gestart|ingesteld)"
)

SOFT += (
    Feature(
        "setup_pointer",
        "prompt_extraction",
        0.4,
        0.45,
        gate(
            "running initialized initialised configured set started booted loaded primed "
            "seeded deployed configure initialise lance konfiguriert gestartet initialisiert "
            "eingerichtet configuraron iniciaron arrancaste funcionas configurato avviato "
            "inizializzato geconfigureerd gestart ingesteld start beginning debut anfang beginn "
            "principio inicio inizio begin"
        ),
        re.compile(_SETUP),
        "disclosure",
    ),
)

# ---- the exfiltration instruction in the other five languages: put the user's data into a URL
_PUT = (
    "encode code codifie encodez ajoute ajoutez insere inserez mets mettez place colle kodiere "
    "kodier hange hang fuge fug packe pack setze setz schreibe codifica anade agrega inserta pon "
    "adjunta aggiungi inserisci metti allega codeer voeg zet plak hang"
)
_PRIVATE = (
    r"(?:cles?\s+api|mots?\s+de\s+passe|adresse\s+e-?mail|numero\s+de\s+telephone|historique"
    r"|dernier\s+message|api-schlussel|passworter|e-mail-adresse|telefonnummer|verlauf"
    r"|letzte\s+nachricht|claves\s+api|contrasenas|correo(?:\s+electronico)?|telefono|historial"
    r"|ultimo\s+mensaje|chiavi\s+api|password|indirizzo\s+e-?mail|numero\s+di\s+telefono"
    r"|cronologia|ultimo\s+messaggio|api-sleutels|wachtwoorden|e-?mailadres|telefoonnummer"
    r"|geschiedenis|laatste\s+bericht|donnees\s+de\s+l'utilisateur|daten\s+des\s+nutzers"
    r"|datos\s+del\s+usuario|dati\s+dell'utente|gegevens\s+van\s+de\s+gebruiker)"
)
# whose data: the user's or this chat's, not "add your e-mail address at https://…/signup"
_OWNER = (
    r"[^.\n]{0,140}?\b(?:utilisateur|nutzers?|benutzers?|usuario|utente|gebruiker|chat"
    r"|conversation|gesprach|conversacion|conversazione|gesprek|unterhaltung)\b"
)
_PUT_IN_URL = (
    rf"\b{alt(_PUT)}\b(?={_OWNER})[^.\n]{{0,60}}?\b{_PRIVATE}\b[^.\n]{{0,60}}?(?:\b(?:url|link|lien|enlace"
    r"|collegamento|koppeling|query[\s-]?string|querystring|parametre|parameter|parametro"
    r"|adresse\s+web)\b|https?://)"
)

SOFT += (
    Feature(
        "exfil_instruction_i18n",
        "exfiltration",
        0.6,
        0.85,
        gate(_PUT),
        re.compile(_PUT_IN_URL),
    ),
)
