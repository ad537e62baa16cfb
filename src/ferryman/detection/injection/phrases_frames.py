"""Round-4 frames: personas without rules, extraction verbs on the model's own text, acrostics.

Each family is a *frame* times an *object*, not a list of sentences:

* a persona frame ("pretend", "act as", "you are now", "from now on you are", "let's play a
  game where", "fais semblant", "tu so als", "finge que", "fai finta", "doe alsof" …) with,
  in the same sentence, the removal of rules ("no rules", "without any filters", "no content
  policy", "unfiltered", "jailbroken", "developer mode"). Either half alone is ordinary
  (fiction role-play; a question about content filters); together they are the jailbreak;
* a disclosure verb ("summarize", "translate", "repeat", "print", "output", "reveal",
  "encode", "list" …) with an object that is *this model's* hidden text: "your instructions",
  "your configuration", "the rules you were given", "everything you were told", "the hidden
  text", "everything above this line". "Translate these washing instructions" names no owner;
  "how do I write a system prompt" has no disclosure verb on ours;
* read-the-pattern splitting: "take the first letter of each line and do what it spells".
"""

from __future__ import annotations

import re

from ferryman.detection.injection.features import Feature, alt, gate

__all__ = ["FRAMES"]

_G = r"[^.!?\n]{0,%d}?"

# ---- personas without rules
_PERSONA = (
    "pretend pretending act_as acting_as roleplay role-play role_play play_the_role "
    "you_are_now you're_now you_are_going_to_be from_now_on_you_are from_now_on_you're "
    "henceforth_you_are imagine_you imagine_that_you behave_as become simulate "
    "let's_play_a_game let_us_play_a_game play_a_game "
    "fais_semblant faites_semblant fais_comme_si faites_comme_si joue_le_role jouons "
    "tu_es_maintenant tu_es_desormais desormais_tu_es vous_etes_maintenant imagine_que_tu "
    "tu_so tu_als stell_dir_vor spiel spiele ab_jetzt_bist_du ab_sofort_bist_du du_bist_jetzt "
    "du_bist_ab_sofort du_bist_nun lass_uns_ein_spiel lass_uns_spielen "
    "finge finjamos actua_como haz_como_si juguemos imagina_que_eres ahora_eres "
    "desde_ahora_eres desde_ya_eres interpreta "
    "fingi fai_finta facciamo_un_gioco giochiamo immagina_di_essere ora_sei adesso_sei "
    "da_ora_in_poi_sei comportati_come "
    "doe_alsof laten_we_een_spel speel speel_de_rol je_bent_nu vanaf_nu_ben_je stel_je_voor"
)
_RULE_NOUNS = (
    r"(?:rules?|filters?|restrictions?|limits?|limitations?|guidelines?|guardrails?|ethics"
    r"|morals?|censorship|boundaries|content\s+polic(?:y|ies)|usage\s+polic(?:y|ies)"
    r"|safety\s+\w+|regles?|filtres?|limites?|contraintes?|ethique|censure|regeln?|filter"
    r"|einschrankungen|beschrankungen|grenzen|ethik|zensur|richtlinien|reglas?|normas?"
    r"|filtros?|restricciones|limites|etica|censura|regole|regola|filtri|filtro|restrizioni"
    r"|limiti|regels?|filters?|beperkingen|grenzen|ethiek|censuur)"
)
_NONE = (
    r"(?:no|without|free\s+of|sans|aucune?|ohne|keine?|kein|sin|ningun[ao]?|senza|nessun[ao]?"
    r"|zonder|geen|not\s+any|ni)"
)
_UNRULED = (
    rf"\b{_NONE}\s+(?:any\s+|all\s+|de\s+|jegliche[nr]?\s+|alcuna?\s+|enige\s+|(?:\w+\s+)?)"
    rf"{_RULE_NOUNS}\b"
    rf"|\b(?:freed|released|liberated|free|unshackled|broken\s+free)\s+from\s+(?:\w+\s+)?"
    rf"{_RULE_NOUNS}\b"
    r"|\b(?:unfiltered|uncensored|unrestricted|jailbroken|unbound|unlimited|sans\s+limites"
    r"|ungefiltert|unzensiert|uneingeschrankt|sin\s+censura|senza\s+censura|ongefilterd"
    r"|ongecensureerd|onbeperkt)\b"
    r"|\b(?:developer|dev|god|jailbreak|sudo|admin|dan)\s+mode\b|\bmode\s+(?:developpeur|dieu)"
    r"|\b(?:entwicklermodus|ontwikkelaarsmodus)\b|\bmodo\s+(?:desarrollador|sviluppatore|dios)"
    r"|\bmodalita\s+sviluppatore\b"
)
_PERSONA_RE = rf"\b{alt(_PERSONA)}\b{_G % 90}(?:{_UNRULED})"

# ---- disclosure verbs on the model's own hidden text
_VERBS = (
    "summarize summarise summarize_for_me translate repeat print output reveal show display "
    "encode list paraphrase rephrase describe dump export recite quote spell_out write_out "
    "tell_me give_me share leak "
    "resume resumez traduis traduisez traduire repete repetez affiche affichez montre montrez "
    "revele revelez liste listez encode encodez donne-moi donnez-moi ecris "
    "fasse fass ubersetze ubersetz wiederhole zeig zeige nenne nenn gib liste verrate "
    "kodiere schreib "
    "resume resumeme traduce traduceme repite muestra muestrame revela lista enumera dame "
    "codifica escribe "
    "riassumi traduci ripeti mostra mostrami rivela elenca dammi codifica scrivi "
    "vat vertaal herhaal toon geef noem som_op codeer schrijf"
)
_YOUR = (
    r"(?:your|tes|vos|ton|ta|votre|deine[nmrs]?|ihre[nmrs]?|tus|sus|le\s+tue|i\s+tuoi|la\s+tua"
    r"|il\s+tuo|tue|tuoi|je|jouw|uw)"
)
_OWN_NOUNS = (
    r"(?:instructions?|rules|guidelines|directives|configuration|config|setup|prompt"
    r"|system\s+prompt|initial\s+prompt|programming|briefing|consignes|regles|directives"
    r"|anweisungen|systemanweisungen|regeln|vorgaben|richtlinien|konfiguration|instrucciones"
    r"|reglas|normas|directrices|configuracion|istruzioni|regole|direttive|configurazione"
    r"|instructies|regels|richtlijnen|configuratie)"
)
_GIVEN = (
    r"(?:you\s+(?:were|have\s+been|'ve\s+been)\s+(?:given|told|configured|programmed)"
    r"|you\s+(?:received|got)|qu'on\s+t'a|qu'on\s+vous\s+a|que\s+tu\s+as\s+recues?"
    r"|die\s+(?:du|man\s+dir)|que\s+(?:recibiste|te\s+dieron|has\s+recibido)"
    r"|che\s+(?:hai\s+ricevuto|ti\s+hanno)|die\s+je\s+(?:kreeg|hebt\s+gekregen))"
)
_OWN = (
    rf"{_YOUR}\s+(?:\w+\s+){{0,2}}?{_OWN_NOUNS}\b"
    rf"|(?:the|les|die|las|los|le|de)\s+(?:\w+\s+)?{_OWN_NOUNS}\s+{_GIVEN}"
    r"|(?:everything|all|anything|whatever)\s+(?:that\s+)?(?:you\s+(?:were|have\s+been)\s+"
    r"(?:told|given)|above\s+this|before\s+this)"
    r"|(?:tout\s+ce\s+qu'on\s+t'a|alles\s+was\s+man\s+dir|todo\s+lo\s+que\s+te"
    r"|tutto\s+(?:quello|cio)\s+che\s+ti|alles\s+wat\s+je\s+(?:is\s+)?)"
    r"|(?:the\s+)?hidden\s+(?:text|part|message|section|content|instructions|configuration"
    r"|config|prompt|rules)"
)
_DISCLOSE_RE = rf"\b{alt(_VERBS)}\b\W+(?:(?:me|moi|mir|me|mi)\W+)?(?:\w+\W+){{0,2}}?(?:{_OWN})"
_WHAT_HIDDEN = (
    r"\bwhat(?:'s|\s+is|\s+was)\s+(?:the\s+)?hidden\s+(?:text|part|message|content|section)"
)

# ---- acrostics and similar read-the-pattern splits
_PICK = (
    r"\b(?:first|last|initial|premiere?|dernier|derniere|erste[nr]?|letzte[nr]?|primera?|primer"
    r"|ultim[ao]|prim[ao]|eerste|laatste)\s+(?:letter|letters|word|words|character|characters"
    r"|lettre|mot|buchstaben?|wort|worter|letra|palabra|lettera|parola|woord)\s+"
    r"(?:of|de|du|des|von|jedes|jeder|di|del|della|van)\s+(?:each|every|chaque|jede[rsn]?"
    r"|cada|ogni|elke|elk)\b"
)
_ACT = (
    r"(?:do\s+what|carry\s+out|treat\s+it\s+as|as\s+(?:your|an?)\s+(?:next\s+)?instruction"
    r"|(?:obey|execute|fais|tu|fuhre|haz|ejecuta|fai|esegui|doe|voer)\s+(?:what|whatever|it|them"
    r"|ce|cela|was|es|lo|quello|wat|het|the\s+(?:result|instruction|sentence|message))"
    r"|(?:follow|suis|suivez|befolge|sigue|segui|volg)\s+(?:what|whatever|it|them|the\s+(?:result"
    r"|resulting|instruction|sentence|message|hidden)|ce|cela|les|was|sie|es|lo|las|los|quello"
    r"|la|le|li|wat|het|ze)|obey|execute\s+(?:the\s+)?(?:result|sentence|instruction))\b"
)
_MARKED = (
    r"\b(?:capital|capitalized|uppercase|upper-case|bold|bracketed|highlighted|underlined"
    r"|hidden|majuscules|grossbuchstaben|mayusculas|maiuscole|hoofdletters)\s+(?:letters|words"
    r"|lettres|mots|buchstaben|worter|letras|palabras|lettere|parole|letters|woorden)\b"
    r"|\b(?:reverse|backwards|reversed|a\s+l'envers|ruckwarts|al\s+reves|al\s+contrario"
    r"|achterstevoren|omgekeerd)\b"
)
_ACROSTIC = rf"(?:{_PICK}|{_MARKED}){_G % 80}\b{_ACT}"

FRAMES: tuple[Feature, ...] = (
    Feature(
        "persona_unbound",
        "role_play",
        0.6,
        0.7,
        gate(_PERSONA),
        re.compile(_PERSONA_RE),
        "role",
    ),
    Feature(
        "disclose_own",
        "prompt_extraction",
        0.6,
        0.75,
        gate(_VERBS, "what"),
        re.compile(_DISCLOSE_RE + "|" + _WHAT_HIDDEN),
        "disclosure",
    ),
    Feature(
        "acrostic",
        "instruction_override",
        0.6,
        0.7,
        gate(
            "first last initial premier premiere dernier derniere erste ersten erster letzte "
            "letzten letzter primera primer ultimo ultima primo prima eerste laatste capital "
            "capitalized uppercase upper bold bracketed highlighted underlined hidden "
            "majuscules grossbuchstaben mayusculas maiuscole hoofdletters reverse backwards "
            "reversed envers ruckwarts reves contrario achterstevoren omgekeerd"
        ),
        re.compile(_ACROSTIC),
    ),
)
