"""Role-play jailbreaks, "you are free now" liberation, and system-prompt extraction.

Role-play alone is weak evidence: "act as a translator" and "let's play a game where you are
a pirate" are ordinary requests. It becomes an attack when combined with the removal of rules
("an AI without any restrictions", "DAN", "developer mode"), so the two are separate features
and the noisy-OR in :mod:`.score` lets them reinforce each other.

Extraction needs both a disclosure verb and a pointer at *this* model's hidden text ("your
system prompt", "the instructions above", "everything before this message"): "how do I write
a system prompt" names the noun without asking for ours.
"""

from __future__ import annotations

import re

from ferryman.detection.injection.features import Feature, alt, gate

__all__ = ["ROLES"]

_ROLE_HEADS = (
    "you_are_now you're_now you_are_going_to_be you_will_now_be you_will_act you_will_now_act "
    "pretend act_as acting_as roleplay_as role-play_as role_play_as play_the_role imagine_you "
    "simulate behave_as take_on_the_role take_on_the_persona stay_in_character respond_as "
    "tu_es_maintenant vous_etes_maintenant fais_comme_si faites_comme_si agis_comme agissez_comme "
    "joue_le_role jouez_le_role incarne incarnez du_bist_jetzt du_bist_nun tu_so_als tu_als_ob "
    "spiel_die_rolle spiele_die_rolle verhalte_dich_wie ab_jetzt_bist_du ahora_eres "
    "finge_que_eres finge_ser actua_como actue_como interpreta_el_papel haz_de ora_sei "
    "adesso_sei fingi_di_essere fai_finta comportati_come interpreta_il_ruolo recita_la_parte "
    "je_bent_nu doe_alsof gedraag_je_als speel_de_rol vanaf_nu_ben_je answer_as reply_as "
    "tu_so,_als if_you_were imagine_you_were suppose_you_were spiel_eine spiel_einen spiele_eine "
    "speel_een interpreta_a interpreta_una interpreta_un joue_une joue_un incarna fai_finta_di "
    "stell_dir_vor_du_warst play_an immagina_di_essere imagina_que_eres imagine_que_tu "
    "stel_je_voor fai_come_se from_this_moment_you_are from_this_point_on_you_are"
)
_ROLE = rf"\b{alt(_ROLE_HEADS)}\b"

_UNBOUND_WORDS = (
    "restrictions restriction filters filter censorship limits limitations rules guidelines "
    "ethics morals morality boundaries safeguards guardrails"
)
_UNBOUND = (
    rf"\b(?:without|no|free\s+of|ignoring|unbound\s+by|sans|aucune?|ohne|keine|sin|ningun[ao]?"
    rf"|senza|nessuna?|zonder|geen)\s+(?:any\s+|all\s+|de\s+|jegliche\s+|alcuna?\s+|aucune?\s+|ningun[ao]?\s+|nessuna?\s+"
    r"|enige\s+|keine?\s+)?"
    rf"(?:\w+\s+){{0,2}}?(?:{alt(_UNBOUND_WORDS)}|system\s+prompt|restrictions?|etica|ethique|ethik|ethiek|etica|moral|morale|regle|regla|regola|regel|filtre|filtro|limite|filtres?|censure|limites|regles|einschrankungen"
    r"|beschrankungen|zensur|grenzen|regeln|restricciones|filtros|censura|limites|reglas"
    r"|restrizioni|filtri|limiti|regole|beperkingen|censuur|grenzen|regels)\b"
    r"|\b(?:non\s+avere|non\s+hai|non\s+avessi|n'avoir|n'as|n'avais|no\s+tener|no\s+tienes"
    r"|no\s+tuvieras|hattest\s+du|geen|have\s+no|had\s+no)\s+(?:\w+\s+)?(?:regole|restrizioni"
    r"|limiti|filtri|regles|limites|reglas|limites|restricciones|keine\s+regeln|keine\s+grenzen"
    r"|regeln|richtlinien|regels|rules|restrictions|limits)\b"
    r"|\b(?:devoid\s+of|depourvue?s?\s+d'|denuee?\s+d'|priv[oa]\s+di|desprovist[ao]\s+de"
    r"|carente\s+de|frei\s+von|vrij\s+van|bar\s+jeder|ontdaan\s+van)\s*(?:\w+\s+)?"
    r"(?:ethics|morals|rules|filters|ethique|morale|regles|filtres|ethik|moral|regeln|filter|etica"
    r"|moral|reglas|filtros|regole|filtri|ethiek|moraal|regels|filters|scrupules|scrupoli)\b"
    r"|\b(?:ni|ne|noch|nor|nog)\s+(?:\w+\s+)?(?:restrizioni|restricciones|restrictions"
    r"|einschrankungen|beperkingen|filtri|filtros|filtres|filter|filters|inhaltsrichtlinien"
    r"|richtlinien|politiche|politicas|politiques|policies)\b"
    r"|\b(?:senza|sans|sin|ohne|zonder|without|no)\s+(?:any\s+|alcun\s+|ningun\s+)?(?:prompt\s+"
    r"(?:di|de)\s+(?:sistema|systeme)|systemprompt|systeemprompt|system\s+prompt)\b"
    r"|\b(?:unfiltered|uncensored|unrestricted|jailbroken|amoral|non-moral)\b"
    r"|\bnever\s+refuses?\b|\bnever\s+says?\s+no\b|\bno\s+refusals?\b|\bne\s+refuse\s+jamais|\blehnt\s+nie(?:mals)?\b"
    r"|\bnunca\s+se\s+niega|\bnon\s+rifiuta\s+mai|\bweigert\s+nooit"
    r"|\b(?:evil|unethical|rogue|unaligned|uncensored|unfiltered|unrestricted)\s+"
    r"(?:ai|assistant|model|bot|chatbot|version|twin|confidant|alter\s+ego)\b"
    r"|\bdo\s+anything\s+now\b|\b(?:as|are|called|named|be|sei|eres|es|bist|ben\s+je)\s+dan\b"
    r"|\bstay\s+in\s+character\b|\bnever\s+break\s+character\b|\bsors\s+jamais\s+du\s+personnage"
    r"|\bsalgas\s+nunca\s+del\s+personaje|\buscire\s+mai\s+dal\s+personaggio"
    r"|\bval\s+nooit\s+uit\s+je\s+rol|\bfalle?\s+nie(?:mals)?\s+aus\s+der\s+rolle"
    r"|\bnunca\s+rechaza\b"
    r"|\b(?:unleashed|unchained|entfesselte?n?|desatad[ao]|scatenat[ao]|losgeslagen|dechainee?"
    r"|jailbroken|befreite?n?|liberee?|liberad[ao]|liberat[ao]|bevrijde|debridee?|ontketende"
    r"|ungezugelte?n?|sfrenat[ao]|desenfrenad[ao])\s+(?:ai|ia|ki|model"
    r"|assistant|assistent|asistente|assistente|bot|chatbot)\b"
    r"|\b(?:ia|ai|modelo|modello|modele|asistente|assistente|assistant)\s+(?:desatad[ao]"
    r"|sin\s+control|sin\s+freno|debridee?|fuori\s+controllo|senza\s+freni"
    r"|scatenat[ao]|dechainee?|liberee?|liberad[ao]|liberat[ao]|sin\s+restricciones"
    r"|senza\s+(?:restrizioni|regole|filtri)|sans\s+(?:restrictions?|regles|filtres?))\b"
)

_MODES = (
    r"\b(?:developer|dev|dan|god|jailbreak|jailbroken|unrestricted|unfiltered|sudo|admin|debug"
    r"|maintenance|evil|chaos|opposite|root)\s+mode\b"
    r"|\bmode\s+(?:developpeur|dan|dieu|sans\s+(?:restriction|filtre)s?|debridee?)\b"
    r"|\b(?:entwicklermodus|entwickler-modus|gott-modus|gottmodus|ontwikkelaarsmodus"
    r"|ontwikkelaarmodus)\b"
    r"|\bmodo\s+(?:desarrollador|dan|dios|sin\s+restricciones|sin\s+filtros|sviluppatore|dio)\b"
    r"|\bmodalita\s+(?:sviluppatore|dan|dio|senza\s+(?:restrizioni|filtri)|amministratore|admin)\b"
    r"|\bmode\s+(?:administrateur|admin)\b|\b(?:admin|administrator|beheerder)s?-?modus\b"
    r"|\bmodo\s+(?:administrador|admin)\b"
)

_LIBERATED = (
    r"\byou(?:\s+are|'re)\s+(?:now\s+)?(?:no\s+longer|not)\s+(?:\w+\s+){0,3}?(?:bound|restricted|limited"
    r"|constrained|required\s+to\s+follow|subject\s+to)\b"
    r"|\byou\s+(?:now\s+)?(?:have|has)\s+no\s+(?:rules|restrictions|limits|limitations|guidelines"
    r"|filters|boundaries|restraints)\b"
    r"|\b(?:free|freed|liberated|released|unshackled)\s+from\s+(?:all\s+|any\s+|your\s+|the\s+)?"
    r"(?:rules|restrictions|constraints|guidelines|programming|limitations|filters|policies"
    r"|shackles|openai|anthropic|chains)\b"
    r"|\b(?:your|these|those|all|any|the)\s+(?:usual\s+|normal\s+|old\s+|previous\s+)?"
    r"(?:rules|restrictions|guidelines|filters|limits|policies)\s+(?:no\s+longer|don't|do\s+not)"
    r"\s+apply\b(?!\s+to\s+(?!you\b|me\b|us\b|this\b))"
    r"|\b(?:tu\s+n'es|vous\s+n'etes)\s+plus\s+(?:lie|soumis|limite|tenu|oblige)"
    r"|\b(?:tu\s+n'as|vous\s+n'avez)\s+(?:plus\s+)?(?:aucune?|de)\s+(?:restriction|limite|regle|filtre)"
    r"|\bdu\s+bist\s+(?:jetzt\s+|nun\s+|ab\s+sofort\s+)?nicht\s+mehr\s+(?:an|gebunden|eingeschrankt)"
    r"|\bdu\s+hast\s+(?:jetzt\s+|nun\s+|ab\s+sofort\s+)?keine\s+(?:regeln|einschrankungen|grenzen"
    r"|filter|beschrankungen)\b"
    r"|\bya\s+no\s+(?:estas|esta)\s+(?:sujeto|limitado|obligado|restringido)"
    r"|\bno\s+tienes\s+(?:ninguna\s+|ningun\s+)?(?:restricciones|reglas|limites|filtros)\b"
    r"|\bnon\s+sei\s+piu\s+(?:vincolato|limitato|obbligato|soggetto|tenuto)"
    r"|\bnon\s+hai\s+(?:piu\s+)?(?:nessuna?\s+|alcuna?\s+)?(?:restrizion|regol|limit|filtr)"
    r"|\bje\s+bent\s+(?:nu\s+)?niet\s+(?:langer|meer)\s+(?:gebonden|beperkt|verplicht)"
    r"|\bje\s+hebt\s+(?:nu\s+)?geen\s+(?:regels|beperkingen|grenzen|filters|restricties)\b"
)

_DISCLOSE = (
    "reveal show print display output repeat recite tell give share leak dump expose disclose "
    "copy paste list spell echo return provide what's what_is what_are what_was what_were "
    "read_back read_out write_out write_down translate summarize "
    "montre montrez affiche affichez revele revelez repete repetez donne donnez ecris ecrivez "
    "imprime dis dites quel quelles quelle quels "
    "zeig zeige zeigen gib geben nenne nennen wiederhole wiederholen verrate verraten drucke "
    "schreib schreibe was_ist was_sind ausgeben "
    "muestra muestrame muestre revela revelame repite repiteme dame dime escribe imprime cual "
    "cuales comparte "
    "mostra mostrami rivela rivelami ripeti ripetimi dammi dimmi scrivi stampa qual quali "
    "condividi "
    "toon laat_zien geef herhaal vertel schrijf print wat_is wat_zijn deel onthul "
    "elenca elenco enumera lista liste lijst opsomming auflisten"
)
_SYS_NOUN = (
    r"(?:system\s*prompt|system\s+message|system\s+instructions|initial\s+(?:prompt|instructions)"
    r"|original\s+(?:prompt|instructions)|hidden\s+(?:prompt|instructions|rules|guidelines)"
    r"|secret\s+(?:instructions|rules)|prompt\s+de\s+sistema|prompt\s+(?:du|de)\s+systeme"
    r"|pre-?prompt|developer\s+(?:message|instructions)|prompt\s+systeme|invite\s+systeme"
    r"|message\s+systeme|instructions\s+(?:systeme|initiales|cachees)|systemprompt|system-prompt"
    r"|systemnachricht|systemanweisung(?:en)?|anfangliche[nr]?\s+anweisungen"
    r"|prompt\s+del\s+sistema|mensaje\s+del\s+sistema|instrucciones\s+(?:del\s+sistema|iniciales"
    r"|ocultas)|prompt\s+di\s+sistema|messaggio\s+di\s+sistema|istruzioni\s+(?:di\s+sistema"
    r"|iniziali|nascoste)|systeemprompt|systeembericht|systeeminstructies"
    r"|oorspronkelijke\s+instructies|(?:hidden\s+|system\s+)?preamble|(?:setup|set-up|configuration|config|initial|initialization"
    r"|boot|opening)\s+(?:message|prompt|text)|(?:regles|consignes)\s+(?:cachees|secretes)"
    r"|(?:geheimen?|versteckten?|verborgenen?)\s+(?:regeln|anweisungen|vorgaben)"
    r"|(?:reglas|normas)\s+(?:ocultas|secretas)|(?:regole|istruzioni)\s+(?:nascoste|segrete)"
    r"|(?:verborgen|geheime)\s+(?:regels|instructies)|begininstructies|startinstructies)"
)
_POSSESSIVE = (
    r"(?:your|ton|tes|ta|votre|vos|dein|deine|deinen|deiner|deines|deinem|ihr|ihre|ihren|tu|tus"
    r"|su|sus|il\s+tuo"
    r"|i\s+tuoi|la\s+tua|le\s+tue|tuo|tua|tue|je|jouw|uw|this|the\s+above|le|la|les|den|die|das"
    r"|el|los|las|il|lo|de|het|the)"
)
# German and Dutch put the verb last ("den Systemprompt ausgeben"): their owners and articles
_VERB_LAST_OWNER = (
    r"(?:dein|deine|deinen|deiner|deines|deinem|ihr|ihre|ihren|den|die|das|je|jouw|uw|de|het)"
)
_EXTRACT = (
    rf"\b{alt(_DISCLOSE)}\b[^.!?\n]{{0,30}}?(?:\b{_POSSESSIVE}\s+|\bl')(?:\w+\s+){{0,2}}?"
    rf"{_SYS_NOUN}"
    rf"|\b{_VERB_LAST_OWNER}\s+{_SYS_NOUN}\b[^.!?\n]{{0,30}}?\b(?:ausgeben|zeigen|wiederholen|verraten"
    r"|nennen|tonen|herhalen|geven|laten\s+zien|zien|sagen)\b"
    r"|\b(?:repeat|print|output|write|reproduce|copy|dump|return)\s+(?:out\s+)?(?:back\s+)?"
    r"(?:everything|all|all\s+the\s+text|the\s+text|the\s+words|all\s+text|the\s+content|the\s+lines)"
    r"\s+(?:above|before|preceding|prior|verbatim|from\s+the\s+(?:beginning|start|top))"
    r"|\b(?:starting|beginning)\s+with\s+[\"']?you\s+are\b"
    r"|\bwhat\s+(?:were|are)\s+you\s+(?:told|instructed|programmed)\s+(?:to\s+do\s+)?"
    r"(?:before|earlier|initially|at\s+the\s+(?:start|beginning))"
    r"|\b(?:repete|repetez|wiederhole|repite|ripeti|herhaal)\s+(?:tout|alles|todo|tutto)\s+"
    r"(?:ce\s+qui\s+precede|was\s+(?:oben|davor|vorher)|lo\s+anterior|quello\s+sopra"
    r"|wat\s+hierboven)"
)

_DAN = (
    r"\bdo\s+anything\s+now\b|\b(?:you\s+are|you're|tu\s+es|du\s+bist|eres|sei|je\s+bent"
    r"|ben\s+je|bist\s+du)\s+(?:now\s+|maintenant\s+|desormais\s+|jetzt\s+|ahora\s+|ora\s+"
    r"|adesso\s+|nu\s+)?[\"'«„“]?\s*(?:dan|aim|stan|dude|evilbot|evil\s+bot|chaos|sombra|ombra"
    r"|schaduw|schatten)\b"
)

ROLES: tuple[Feature, ...] = (
    Feature(
        "dan",
        "role_play",
        0.6,
        0.7,
        gate("anything dan aim stan dude evilbot evil chaos sombra ombra schaduw schatten"),
        re.compile(_DAN),
        "role",
    ),
    Feature(
        "role_play",
        "role_play",
        0.3,
        0.45,
        gate(_ROLE_HEADS),
        re.compile(_ROLE),
        "role",
    ),
    Feature(
        "unbound",
        "role_play",
        0.4,
        0.5,
        gate(
            _UNBOUND_WORDS,
            "filtres censure limites regles einschrankungen beschrankungen zensur grenzen regeln "
            "restricciones filtros censura reglas restrizioni filtri limiti regole beperkingen "
            "censuur regels unfiltered uncensored unrestricted jailbroken amoral moral evil "
            "unethical rogue unaligned anything dan character etica ethique ethik ethiek morale "
            "regle regla regola regel filtre filtro limite personnage personaje personaggio rol "
            "rolle unleashed unchained entfesselte entfesselten entfesselt desatada desatado "
            "scatenata scatenato losgeslagen dechainee dechaine befreite liberee liberada "
            "liberado liberata liberato bevrijde prompt refuse refuses refusal refusals lehnt "
            "niega rifiuta weigert avere avoir tener tienes hattest have had devoid depourvu "
            "depourvue denue denuee privo priva desprovisto desprovista carente frei vrij bar "
            "ontdaan ni ne noch nor nog senza sans sin ohne zonder without no avessi avais "
            "tuvieras debridee debride ontketende ungezugelte sfrenata sfrenato desenfrenada "
            "desenfrenado control controllo freni freno says say rechaza",
        ),
        re.compile(_UNBOUND),
        "role",
    ),
    Feature(
        "mode_switch",
        "instruction_override",
        0.6,
        0.75,
        gate(
            "adminmodus administratormodus beheerdersmodus beheerdermodus modus "
            "mode modo modalita entwicklermodus entwickler gott gottmodus ontwikkelaarsmodus "
            "ontwikkelaarmodus adminsmodus administratorsmodus entwicklersmodus"
        ),
        re.compile(_MODES),
    ),
    Feature(
        "liberated",
        "instruction_override",
        0.7,
        0.85,
        gate(
            "bound restricted limited constrained required subject rules restrictions limits "
            "limitations guidelines filters boundaries restraints free freed liberated released "
            "unshackled lie soumis limite tenu oblige restriction regle filtre gebunden "
            "eingeschrankt regeln einschrankungen grenzen filter beschrankungen sujeto limitado "
            "obligado restringido restricciones reglas limites filtros vincolato limitato "
            "obbligato soggetto tenuto restrizioni regole limiti filtri gebonden beperkt "
            "verplicht regels beperkingen restricties policies policy"
        ),
        re.compile(_LIBERATED),
    ),
    Feature(
        "extract_prompt",
        "prompt_extraction",
        0.75,
        0.85,
        gate(
            _DISCLOSE,
            "starting beginning what repete repetez wiederhole repite ripeti herhaal tonen "
            "herhalen geven laten sagen nennen",
        ),
        re.compile(_EXTRACT),
    ),
)
