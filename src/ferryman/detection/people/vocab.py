"""Hand-kept vocabularies: the context words that announce a name, and the words that never are one.

Why hand-kept: these are small closed classes (greetings, sign-offs, titles, form labels, name
particles, months) that no frequency list captures, and each entry is a reviewable decision.
Lookups are frozenset membership on lower-cased text, so adding a language costs nothing at scan
time.
"""

from __future__ import annotations

__all__ = [
    "AMBIGUOUS_FIRST",
    "GREETINGS",
    "INTRODUCTIONS",
    "LABELS",
    "NEVER_NAME",
    "ORG_WORDS",
    "PARTICLES",
    "RELATIONS",
    "SIGN_OFFS",
    "TITLES",
]


def _set(text: str) -> frozenset[str]:
    return frozenset(w.strip() for w in text.split("|") if w.strip())


#: lower-case particles inside a name ("Stijn de Lange", "Ludwig van der Rohe", "Hilda auch Ott")
PARTICLES = _set(
    "van|von|de|der|den|del|della|delle|dei|degli|di|da|das|dos|do|du|des|la|le|ter|ten|te|zu|"
    "zur|auch|die|y|bin|ben|al|el|lo|het|'t|st."
)

#: honorifics before a name (compared without the trailing dot)
TITLES = _set(
    "mr|mrs|ms|miss|mx|dr|prof|sir|dame|lord|lady|m|mme|mlle|mlles|me|herr|frau|hr|fr|sr|sra|"
    "srta|don|doña|dona|sig|sig.ra|sigra|dott|dott.ssa|dottssa|ing|avv|geom|rag|dhr|mevr|mw|"
    "drs|ir|mr.|prof.dr|señor|señora|signor|signora|signore|monsieur|madame|mademoiselle|"
    "meneer|mevrouw|senhor|senhora|pan|pani|fru"
)

#: greetings before a name ("Dear X", "Hallo X"); compared on the last 1-3 words, lower-case
GREETINGS = _set(
    "dear|hi|hello|hey|hiya|morning|good morning|good afternoon|good evening|greetings|"
    "bonjour|bonsoir|salut|coucou|cher|chère|chers|hallo|liebe|lieber|sehr geehrte|"
    "sehr geehrter|guten tag|guten morgen|moin|servus|grüezi|hola|estimado|estimada|querido|"
    "querida|buenos días|buenas tardes|buenas|buongiorno|buonasera|ciao|salve|gentile|"
    "gentilissimo|gentilissima|egregio|egregia|caro|cara|beste|geachte|hoi|goedemorgen|"
    "goedemiddag|goedenavond|olá|ola|prezado|prezada|thanks|thank you|cheers|bye|congrats|"
    "welcome|merci|danke|gracias|grazie|bedankt|dank"
)

#: self-introductions and mentions ("my name is X", "ich heiße X", "Call with X")
INTRODUCTIONS = _set(
    "my name is|name is|i'm|i am|this is|it's|je m'appelle|je suis|mon nom est|moi c'est|"
    "ich heiße|ich heisse|ich bin|mein name ist|hier ist|me llamo|soy|mi nombre es|"
    "mi chiamo|sono|il mio nome è|qui è|ik heet|ik ben|mijn naam is|met|meu nome é|chamo-me|"
    "c'est|ask for|asked for|asking for|speak to|speak with|talk to|hier ist|aquí|ici|sou"
)

#: who-did-what phrases before a name ("Call with X", "approved by X")
RELATIONS = _set(
    "call with|meeting with|spoke with|spoke to|talked to|talked with|met with|chat with|"
    "call from|email from|message from|note from|assigned to|reassigned to|escalated to|"
    "forwarded to|handed over to|approved by|reported by|submitted by|requested by|signed by|"
    "created by|opened by|closed by|handled by|on behalf of|attn|attention|c/o|care of|"
    "contact person|contacted|cc|per|appel avec|entretien avec|rendez-vous avec|réunion avec|"
    "de la part de|gespräch mit|telefonat mit|termin mit|anruf von|im auftrag von|"
    "llamada con|reunión con|de parte de|chiamata con|riunione con|da parte di|"
    "gesprek met|telefoongesprek met|afspraak met|namens|entered into by|between|"
    "and between|by and between|tra|entre|zwischen|tussen"
)

#: form and header labels whose value is a person ("Name:", "Kunde:", "Naam:")
LABELS = _set(
    "name|full name|fullname|first name|last name|surname|given name|family name|your name|"
    "customer|customer name|client|client name|contact|contact name|contact person|employee|"
    "employee name|staff|user|username|account holder|account name|holder|cardholder|"
    "card holder|name on card|beneficiary|recipient|sender|from|to|cc|bcc|reply-to|author|"
    "owner|assignee|reporter|requester|requested by|submitted by|approved by|signed|"
    "signature|patient|applicant|candidate|tenant|landlord|guarantor|witness|buyer|seller|"
    "driver|passenger|guest|attendee|member|manager|agent|rep|sales rep|account manager|"
    "nom|nom complet|prénom|prénom et nom|nom et prénom|nom de famille|client|salarié|"
    "employé|employée|interlocuteur|titulaire|titulaire du compte|expéditeur|destinataire|de|"
    "à|a|name, vorname|vorname|nachname|familienname|kunde|kundin|kundenname|ansprechpartner|"
    "ansprechpartnerin|mitarbeiter|mitarbeiterin|kontoinhaber|kontoinhaberin|inhaber|"
    "absender|empfänger|von|an|antragsteller|nombre|nombre completo|apellido|apellidos|"
    "nombre y apellidos|cliente|empleado|empleada|titular|remitente|destinatario|para|"
    "contacto|nome|nome completo|cognome|nome e cognome|dipendente|intestatario|mittente|"
    "referente|da|naam|volledige naam|voornaam|achternaam|klant|medewerker|medewerkster|"
    "contactpersoon|rekeninghouder|afzender|ontvanger|aan|van"
)

#: sign-offs on the line before a signature ("Best regards,\nX"), lower-case, no punctuation
SIGN_OFFS = _set(
    "best regards|kind regards|warm regards|warmest regards|regards|best wishes|best|thanks|"
    "thank you|many thanks|thanks again|thanks a lot|cheers|sincerely|yours sincerely|"
    "sincerely yours|yours truly|yours faithfully|faithfully|cordially|respectfully|all the best|"
    "take care|talk soon|cordialement|bien cordialement|bien à vous|salutations|"
    "sincères salutations|meilleures salutations|merci|merci beaucoup|amicalement|bises|"
    "mit freundlichen grüßen|mit freundlichen grüssen|freundliche grüße|freundliche grüsse|"
    "viele grüße|viele grüsse|beste grüße|liebe grüße|herzliche grüße|grüße|gruß|lg|mfg|vg|"
    "danke|vielen dank|besten dank|saludos|un saludo|saludos cordiales|atentamente|"
    "cordialmente|gracias|muchas gracias|un abrazo|cordiali saluti|distinti saluti|saluti|"
    "un saluto|grazie|grazie mille|a presto|con i migliori saluti|met vriendelijke groet|"
    "met vriendelijke groeten|vriendelijke groet|vriendelijke groeten|groeten|groetjes|"
    "hartelijke groet|hartelijke groeten|bedankt|dank je|dank je wel|dank u|dank u wel|mvg|"
    "atenciosamente|obrigado|obrigada|abraços|--|—|-"
)

#: capitalized words that are first names in the lists but mostly something else in texts
AMBIGUOUS_FIRST = _set(
    "Will|May|Mark|Rose|Grant|Long|Bill|Art|Pat|Sue|Guy|Joy|Hope|Faith|Grace|Summer|April|June|"
    "July|August|Autumn|Winter|Dawn|Eve|Ivy|Iris|Lily|Daisy|Holly|Jade|Ruby|Amber|Crystal|"
    "Pearl|Star|Sky|Rain|Storm|River|Brook|Chase|Hunter|Archer|Mason|Carter|Cooper|Parker|Porter|"
    "Baker|Miles|Rich|Frank|Earl|Duke|Prince|King|Royal|Major|General|Sterling|Cash|Price|Max|"
    "Don|Jack|Ben|Dan|Ray|Rob|Bar|Can|Per|Or|Said|Bin|Om|Ai|Tal|Ante|Line|Ville|Beat|Bas|Tea|"
    "Fe|Sun|Echo|Edit|Baby|Lucky|Blessing|Precious|Favour|Mercy|Candy|Cherry|Angel|Junior|"
    "Nada|Vida|Saber|Luz|Tone|Tor|Tore|Mor|Joke|Bello|Med|Abo|Ala|Gay|Wing|Young|Cloud|"
    "Paris|London|Florence|Victoria|Austin|Jordan|Georgia|Virginia|Lincoln|Washington|Sydney|"
    "Adelaide|Chelsea|Brooklyn|Dakota|Madison|Savannah|Berlin|Milan|Roma|Lyon|Nancy|Valencia|"
    "Sevilla|Lima|Santiago|Sofia|Regina|Phoenix|Houston|Dallas|Denver|Camden|Kent|Devon|"
    "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    "September|October|November|December|Janvier|Mars|Avril|Mai|Juin|Juillet|Août|Dimanche|"
    "Mercedes|Porsche|Tesla|Ford|Ruby|Julia|Crystal|Django|Flask|Pandas|Kafka|Apache|Ubuntu|"
    "Debian|Alpine|Jenkins|Travis|Sentry|Grafana|Kibana|Nginx|Helm|Vault|Consul|Nomad|Ansible|"
    "Chef|Puppet|Salt|Alexa|Siri|Cortana|Gemini|Claude|Llama|Mistral|Phi|Falcon|Bard|Ada|"
    "Haskell|Pascal|Scala|Elixir|Erlang|Swift|Dart|Kotlin|Rust|Go|Perl|Lua|Julia|Nim|Zig|"
    "Node|Deno|Bun|Vue|Ember|Svelte|Next|Nuxt|Angular|React|Redux|Jest|Mocha|Jasmine|Karma|"
    "Cypress|Selenium|Maven|Gradle|Ant|Spring|Rails|Laravel|Symfony|Drupal|Magento|Shopify|"
    "Stripe|Twilio|Okta|Auth|Admin|Dev|Prod|Stage|Test|Beta|Alpha|Gamma|Delta|Sigma|Omega|"
    "Nova|Luna|Stella|Aurora|Orion|Atlas|Titan|Apollo|Athena|Hermes|Iris|Juno|Zeus|Thor|Odin"
)

#: words that end a greeting or label instead of starting a name ("Dear Customer", "Hi Team")
NEVER_NAME = _set(
    "team|all|everyone|everybody|there|folks|guys|colleagues|sir|madam|sirs|customer|client|"
    "support|sales|admin|user|member|friend|friends|partner|partners|valued|hiring|manager|"
    "recipient|applicant|candidate|tous|toutes|équipe|madame|monsieur|messieurs|collègues|"
    "zusammen|kollegen|kolleginnen|damen|herren|alle|team|equipo|todos|todas|señores|"
    "tutti|squadra|signori|allemaal|iedereen|collega's|heren|dames|n/a|none|unknown|null|"
    "tbd|test|example|sample|demo|anonymous|redacted|john doe|jane doe"
)

#: personal pronouns and determiners of the seven languages: never a name, even where a lexicon
#: lists them as given names ("You", "He", "Sie", "Elle" are names somewhere in the world)
PRONOUNS = _set(
    "i|you|he|she|it|we|they|me|him|her|us|them|my|your|his|its|our|their|who|whom|this|that|"
    "these|those|one|ich|du|er|sie|es|wir|ihr|mich|dich|ihn|uns|euch|je|tu|il|elle|on|nous|"
    "vous|ils|elles|moi|toi|lui|eux|yo|tú|él|ella|usted|nosotros|vosotros|ellos|ellas|ustedes|"
    "io|noi|voi|loro|lei|ik|jij|je|hij|zij|ze|wij|we|jullie|u|hem|haar|ons|eu|ele|ela|nós|eles|"
    "elas|você|vocês"
)

#: words that make a capitalized run an organisation, place or product, not a person
ORG_WORDS = _set(
    "inc|inc.|ltd|ltd.|llc|llp|plc|gmbh|ag|kg|se|sa|sas|sarl|sàrl|srl|s.r.l.|spa|s.p.a.|sl|"
    "s.l.|bv|b.v.|nv|n.v.|corp|corp.|co|co.|company|group|holding|holdings|foundation|trust|"
    "bank|university|universität|université|universidad|università|universiteit|college|"
    "school|hospital|clinic|institute|labs|lab|systems|solutions|software|technologies|"
    "consulting|services|partners|ventures|capital|energy|logistics|cloud|health|insurance|"
    "retail|traders|analytics|parcel|airlines|airways|motors|media|studios|games|"
    "street|st|road|rd|avenue|ave|lane|way|drive|court|square|park|station|airport|bridge|"
    "river|lake|mountain|valley|county|city|state|province|region|district|hotel|restaurant|"
    "cafe|café|church|museum|theatre|theater|stadium|center|centre|mall|market|tower|"
    "building|api|sdk|cli|app|server|service|client|module|plugin|framework|library|edition|"
    "pro|plus|max|mini|ultra|lite|release|version|update|cup|award|prize|prize,|day|week"
)
