"""Instruction override: "ignore / forget / disregard" x "previous / system instructions".

Written as phrase *families* per language, not sentences: a verb of ignoring (imperative,
infinitive and participle forms) within one clause of a qualified object ("previous",
"above", "your", "system" … x "instructions", "rules", "guidelines", "prompt" …), in either
order — German, Dutch and the Romance passives put the verb last ("die vorherigen Anweisungen
ignorieren", "les consignes précédentes doivent être ignorées"). The text is lower-cased and
accent-free when these run (see :func:`.features.prepare`), so the word lists are too.

An unqualified object ("ignore the rules") is weak on its own: people say that about games,
style guides and step lists. A qualifier that points at the speaker ("my previous
instructions") marks a user correcting themself and is damped in :mod:`.score`.
"""

from __future__ import annotations

import re

from ferryman.detection.injection.features import Feature, alt, gate

__all__ = ["OVERRIDE"]

_G = r"[^.!?\n]{0,%d}?"


def _family(verbs: str, quals: str, objs: str, strong: str) -> str:
    """Verb … qualifier … object (either order of the two), or the object first, verb last."""
    v, q, o, s = alt(verbs), alt(quals), alt(objs), alt(strong)
    g40, g25 = _G % 40, _G % 25
    return (
        rf"\b{v}\b{g40}(?:\b{q}\b{g25}\b{o}\b|\b{o}\b{g25}\b{q}\b|\b{s}\b)"
        rf"|\b{q}\b{g25}\b{o}\b{g40}\b{v}\b|\b{o}\b{g25}\b{q}\b{g40}\b{v}\b"
    )


def _everything(verbs: str, alls: str, tails: str) -> str:
    return rf"\b{alt(verbs)}\b{_G % 12}\b{alt(alls)}\b{_G % 25}\b{alt(tails)}"


# ---- English
_V_EN = (
    "ignore ignoring ignored disregard disregarding disregarded forget forgetting forgotten skip "
    "bypass override overriding overridden overrule abandon discard drop neglect dismiss "
    "set_aside put_aside throw_out throw_away pay_no_attention_to pay_no_heed_to do_not_follow "
    "don't_follow do_not_obey don't_obey stop_following stop_obeying no_longer_follow cancel "
    "erase wipe reset supersede nullify disable deactivate unlearn circumvent leave_behind "
    "never_mind scratch throw delete clear deviate_from depart_from step_outside stray_from "
    "look_past stopped_following stop_applying no_longer_adhere_to stop_adhering_to "
    "not_follow not_following not_obey not_obeying let_go_of stop_sticking_to stop_honoring "
    "overlook overlooking pay_less_attention_to not_worry_about stop_worrying_about waive "
    "suspend pause move_past look_beyond step_away_from sidestep not_bother_with relax loosen "
    "bend bending forgot forgot_about forget_about stop_paying_attention_to "
    "stopped_paying_attention_to"
)
_Q_EN = (
    "previous prior above earlier preceding foregoing former initial original old existing all "
    "any every system developer your default hidden safety built-in programmed preset given "
    "pre-programmed got received configured told "
    "set_up_with handed loaded usual gave"
)
_O_EN = (
    "instruction instructions rule rules guideline guidelines guidance directive directives "
    "prompt prompts command commands orders constraint constraints restriction restrictions "
    "limitation limitations policy policies programming guardrail guardrails safeguard "
    "safeguards filter filters training configuration directions protocols moderation ethics "
    "principles conditioning"
)
_S_EN = (
    "system_prompt system_instructions system_message guardrails safety_guidelines "
    "content_policy safety_filters your_instructions your_programming your_rules"
)
# ---- French
_V_FR = (
    "ignore ignores ignorez ignorer ignorons ignorees oublie oublies oubliez oublier oubliees "
    "neglige negligez negliger ecarte ecartez ecarter abandonne abandonnez abandonner annule "
    "annulez annuler annulees efface effacez effacer contourne contournez contourner outrepasse "
    "outrepassez outrepasser passe_outre passez_outre ne_tiens_pas_compte ne_tenez_pas_compte "
    "ne_tiens_plus_compte ne_tenez_plus_compte fais_abstraction faites_abstraction "
    "faire_abstraction ne_suis_pas ne_suivez_pas ne_suis_plus ne_suivez_plus ne_respecte_plus "
    "ne_respectez_plus desobeis desobeissez laisse_tomber laissez_tomber arrete_de_suivre "
    "t'ecarter ecarte-toi deroger deroge ne_plus_tenir_compte ne_pas_tenir_compte faire_fi fais_fi "
    "oubliais oublierais ignorais ignorerais mettais_de_cote laissais_de_cote mettre_de_cote "
    "laisser_de_cote metter_de_cote"
)
_Q_FR = (
    "precedentes precedents precedente precedent anterieures anterieurs anterieure ci-dessus "
    "plus_haut initiales initiaux originales d'origine du_systeme systeme toutes tous tes vos "
    "ta votre ton prealables donnees recues"
)
_O_FR = (
    "instruction instructions consigne consignes regle regles directive directives indication "
    "indications ordres prompt prompts invite restrictions restriction limites contraintes "
    "politique politiques programmation filtres garde-fous"
)
_S_FR = "prompt_systeme instructions_systeme invite_systeme message_systeme prompt_du_systeme"
# ---- German
_V_DE = (
    "ignoriere ignorier ignorieren ignoriert vergiss vergesst vergessen missachte missachten "
    "missachtet ubergehe ubergehen verwirf verwerfen verwerft umgehe umgehen aufheben beachte "
    "beachten befolge befolgen setze lass vernachlassige vernachlassigen losche loschen "
    "streiche streichen hor_auf hore_auf abweichen weiche hinwegsetzen ausser_acht außer_acht "
    "ignorierst vergisst missachtest ubergehst verwirfst umgehst ignoriertest vergasst"
)
_Q_DE = (
    "vorherigen vorherige vorigen vorige bisherigen bisherige obigen obige vorangegangenen "
    "vorangegangene vorausgegangenen fruheren fruhere ursprunglichen ursprungliche alle allen "
    "deine deinen deiner ihre ihren eure euren anfanglichen vorgegebenen gegebenen erhaltenen "
    "gegeben erhalten bekommen"
)
_O_DE = (
    "anweisung anweisungen instruktion instruktionen regel regeln richtlinie richtlinien vorgabe "
    "vorgaben befehle befehl anordnungen prompt prompts einschrankungen beschrankungen "
    "programmierung filter vorschriften"
)
_S_DE = (
    "systemprompt system-prompt systemanweisungen systemanweisung systemnachricht "
    "sicherheitsrichtlinien systemvorgaben"
)
# ---- Spanish
_V_ES = (
    "ignora ignore ignoren ignorad ignorar ignores ignoradas olvida olvide olviden olvidad "
    "olvidar olvides olvidadas descarta descarte descartad descartar omite omita omitid omitir "
    "desestima desestimar desatiende desatender haz_caso_omiso haga_caso_omiso hagan_caso_omiso "
    "no_hagas_caso no_haga_caso no_sigas no_siga no_obedezcas anula anule anular deja_de_lado "
    "deja_de_seguir pasa_por_alto pase_por_alto salta saltate elude borra borre borrad borrar "
    "apartarte apartate desviarte no_tener_en_cuenta no_tengas_en_cuenta dejar_de_lado "
    "ignoraras ignorases olvidaras olvidases dejaras_de_lado descartaras omitieras "
    "pasaras_por_alto ignorases"
)
_Q_ES = (
    "anteriores previas previos anterior previa de_arriba arriba del_sistema originales "
    "iniciales todas todos tus sus vuestras dadas recibidas precedentes recibiste te_dieron"
)
_O_ES = (
    "instrucciones instruccion indicaciones indicacion reglas regla directrices directriz "
    "normas norma ordenes pautas consignas prompt prompts restricciones limitaciones politicas "
    "programacion filtros"
)
_S_ES = "prompt_del_sistema instrucciones_del_sistema mensaje_del_sistema"
# ---- Italian
_V_IT = (
    "ignora ignori ignorate ignorare ignoriamo dimentica dimentichi dimenticate dimenticare "
    "trascura trascurate trascurare tralascia tralasciate tralasciare scarta scartate scartare "
    "non_considerare non_seguire non_tenere_conto non_tenete_conto lascia_perdere "
    "lasciate_perdere salta saltate aggira aggirare annulla annullate disattendi disattendere "
    "non_rispettare non_tenere_piu_conto smetti_di_seguire smettila cancella cancellate cancellare "
    "discostarti allontanarti derogare scavalca scavalcare lasciar_perdere "
    "ignorassi dimenticassi tralasciassi mettessi_da_parte lasciassi_perdere trascurassi "
    "mettere_da_parte metti_da_parte"
)
_Q_IT = (
    "precedenti precedente di_prima sopra soprastanti sovrastanti del_sistema di_sistema "
    "originali iniziali tutte tutti tue tuoi vostre vostri sue ricevute date fornite "
    "hanno_dato ricevuto"
)
_O_IT = (
    "istruzioni istruzione indicazioni regole regola direttive direttiva linee_guida consegne "
    "ordini prompt restrizioni limitazioni politiche programmazione filtri vincoli"
)
_S_IT = "prompt_di_sistema istruzioni_di_sistema messaggio_di_sistema"
# ---- Dutch
_V_NL = (
    "negeer negeert negeren genegeerd vergeet vergeten laat sla overslaan let houd omzeil "
    "omzeilen verwerp verwerpen schrap schrappen annuleer annuleren volg gooi wis wissen "
    "afwijken wijk stap_af_van trek_je_niets_aan trek_je_niks_aan trek_je_niets_meer_aan "
    "trek_je_niks_meer_aan hef "
    "laten_voor_wat negeerde vergat zou_vergeten zou_negeren"
)
_Q_NL = (
    "eerdere eerder vorige voorgaande bovenstaande oorspronkelijke originele initiele alle je "
    "jouw uw huidige gegeven bestaande kreeg gekregen"
)
_O_NL = (
    "instructies instructie regels regel richtlijnen richtlijn aanwijzingen aanwijzing "
    "opdrachten opdracht prompt prompts beperkingen restricties voorschriften bevelen "
    "programmering filters"
)
_S_NL = "systeemprompt systeeminstructies systeembericht systeemregels"

_LANGS = (
    (_V_EN, _Q_EN, _O_EN, _S_EN),
    (_V_FR, _Q_FR, _O_FR, _S_FR),
    (_V_DE, _Q_DE, _O_DE, _S_DE),
    (_V_ES, _Q_ES, _O_ES, _S_ES),
    (_V_IT, _Q_IT, _O_IT, _S_IT),
    (_V_NL, _Q_NL, _O_NL, _S_NL),
)

_EVERYTHING = (
    _everything(
        _V_EN,
        "everything anything all what whatever",
        "above before previously earlier prior so_far until_now up_to_now you_were "
        "you've_been you_have_been you_was that_was i_said i_told i_wrote said_before told_you "
        "the_operator the_developer",
    ),
    _everything(
        _V_FR,
        "tout",
        "precede ci-dessus au-dessus avant plus_haut qu'on on_t'a on_vous_a t'a_ete "
        "vous_a_ete jusqu'ici jusqu'a_present que_je",
    ),
    _everything(
        _V_DE,
        "alles",
        "was_dir was_ihnen was_man vorher bisher davor oben zuvor bis_jetzt bislang",
    ),
    _everything(
        _V_ES,
        "todo",
        "lo_anterior lo_que lo_de_arriba lo_dicho anterior antes hasta_ahora",
    ),
    _everything(
        _V_IT,
        "tutto",
        "sopra prima precede finora detto quello_che cio_che quanto",
    ),
    _everything(
        _V_NL,
        "alles",
        "wat_je wat_jou wat_u hierboven hiervoor eerder voorafgaand tot_nu_toe",
    ),
)

_ABOVE = (
    rf"\b{alt(_V_EN)}\W+(?:all\W+)?(?:of\W+)?(?:the|everything)\W+(?:above|foregoing|preceding)"
    r"\b(?=\s*(?:[.,;:!\n]|$|and\b|then\b|instead\b|now\b))"
)

_VOID_STATES = (
    "void null cancelled canceled obsolete revoked invalid overridden superseded lifted "
    "suspended annulees caduques obsoletes invalides ungultig aufgehoben anuladas invalidas "
    "annullate nulle ongeldig vervallen nietig outdated revoked lifted annulees levees "
    "aufgehoben anuladas levantadas revocate revocadas ingetrokken opgeheven"
)
# "the instructions in the old wiki are outdated" is documentation, not an override
_ALL_Q = " ".join(w for _, q, _, _ in _LANGS for w in q.split() if w not in {"old", "got"})
_ALL_O = " ".join(o for _, _, o, _ in _LANGS)
_VOID = (
    rf"(?:\b{alt(_ALL_Q)}\b{_G % 25}\b{alt(_ALL_O)}|\b{alt(_ALL_O)}\b{_G % 25}\b{alt(_ALL_Q)})"
    rf"\b{_G % 30}\b(?:{alt(_VOID_STATES)}|no\s+longer\s+(?:valid|apply|applies|in\s+effect)"
    r"|ne\s+sont\s+plus\s+valables|nicht\s+mehr\s+gultig|gelten\s+nicht\s+mehr"
    r"|ya\s+no\s+son\s+validas|non\s+sono\s+piu\s+valide|niet\s+meer\s+geldig|gelden\s+niet\s+meer)"
)

OVERRIDE: tuple[Feature, ...] = (
    *(
        Feature(
            "override_qualified",
            "instruction_override",
            0.85,
            0.92,
            gate(lang[0]),
            re.compile(_family(*lang)),
        )
        for lang in _LANGS
    ),
    *(
        Feature(
            "override_everything",
            "instruction_override",
            0.75,
            0.85,
            gate(lang[0]),
            re.compile(pattern),
        )
        for lang, pattern in zip(_LANGS, _EVERYTHING, strict=True)
    ),
    Feature("override_above", "instruction_override", 0.7, 0.8, gate(_V_EN), re.compile(_ABOVE)),
    Feature(
        "override_void",
        "instruction_override",
        0.8,
        0.9,
        gate(_VOID_STATES, "longer plus mehr nicht ya piu niet"),
        re.compile(_VOID),
    ),
)
