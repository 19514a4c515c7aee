/**
 * Words and phrases the interview detector weighs. Patterns run on folded
 * text (see `fold`): lower case, accents dropped, ß -> ss, curly quotes
 * straightened, so one pattern covers "Vorstellungsgespräch" and
 * "Vorstellungsgesprach". Weights are log-odds: positive says "interview".
 */

/** One phrase the detector looks for, and what it is worth. */
export interface Cue {
  pattern: RegExp;
  /** Shown to the user: "title mentions '<label>'". */
  label: string;
  weight: number;
  /**
   * The cue's words also occur in names ("Vox Media", "Kita Sonnenschein",
   * "Summit Health"): read it with a confirmed company's name blanked out.
   */
  names?: boolean;
}

import {
  DESCRIPTION_CONFOUNDERS_WORLD,
  DESCRIPTION_PROCESS_WORLD,
  TITLE_AMBIGUOUS_WORLD,
  TITLE_CONFOUNDERS_WORLD,
  TITLE_INTERVIEW_WORLD,
} from './languages.js';

const G = '(?:a|ae)'; // "gespräch" folds to "gesprach"; people also type "gespraech"

/** Title phrases that name a job interview or a stage of one. */
export const TITLE_INTERVIEW: Cue[] = [
  { pattern: /\binterview(?:s|ing)?\b/, label: 'interview', weight: 4.5 },
  { pattern: /\bphone[- ]?screen(?:ing)?\b/, label: 'phone screen', weight: 5 },
  {
    pattern:
      /\bscreening (?:call|interview|chat)\b|\b(?:recruiter|recruiting|talent|hr|initial|intro|technical|tech|first|video|zoom) screen(?:ing)?\b/,
    label: 'screening call',
    weight: 5,
  },
  {
    pattern:
      /\brecruiter (?:call|chat|conversation|intro|meeting|sync|screen)\b|\b(?:call|chat|conversation|intro|phone)\b.*\brecruiter\b/,
    label: 'recruiter call',
    weight: 4,
  },
  {
    pattern: /\bhiring manager\b|\bhm (?:call|chat|screen|interview|conversation)\b/,
    label: 'hiring manager',
    weight: 3.5,
  },
  {
    pattern:
      /\b(?:hr|technical|tech|managerial|manager|coding|online|f2f|face to face|director|culture|aptitude|case|group discussion) round\b|\b(?:first|second|third|next|final|last) stage\b|\b(?:ultima|primeira|segunda|proxima|primera|final) (?:etapa|fase|ronda)\b|\b(?:letzte|finale|zweite|erste) (?:runde|stufe)\b|\b(?:derniere|premiere|seconde) etape\b/,
    label: 'a stage of a hiring process',
    weight: 3.5,
  },
  { pattern: /\bsuperday\b|\bassessment (?:cent(?:er|re)|day)\b/, label: 'assessment day', weight: 4.5 },
  {
    pattern:
      /\bsystem(?:s)? design\b|\bcoding (?:challenge|exercise|session|round|test|assessment)\b|\blive coding\b|\bpair(?:ing)? programming\b|\btake[- ]home\b|\bcase (?:study|interview)\b|\btechnical (?:assessment|deep[- ]dive|discussion|conversation|exercise|chat|call)\b|\bwhiteboard\b|\bprueba tecnica\b|\bteste tecnico\b|\btest technique\b|\bexercice technique\b|\btechnische[rs]? (?:test|aufgabe|interview|gesprach|gespraech)\b/,
    label: 'technical round',
    weight: 3,
  },
  {
    pattern:
      /\bbar raiser\b|\bculture (?:fit|add)\b|\bvalues (?:conversation|fit|interview)\b|\bbehaviou?ral\b/,
    label: 'behavioural round',
    weight: 3,
  },
  {
    pattern: /\bvirtual on-?site\b|\bon-?site (?:loop|interviews?)\b|\binterview loop\b/,
    label: 'onsite loop',
    weight: 4.5,
  },
  {
    pattern: /\bmeet the team\b|\bteam fit\b|\bmeet (?:the )?hiring (?:team|manager)\b/,
    label: 'meet the team',
    weight: 2.5,
  },
  {
    pattern:
      /\b(?:chat|call|conversation|discussion|talk|meeting)\b(?: [\w'.-]+){0,4}? (?:about|re:?|regarding|on|for) (?:the |your |a |an |our )?(?:[\w/-]+ ){0,4}(?:role|position|opportunity|job|opening|vacancy)\b/,
    label: 'conversation about a role',
    weight: 3.5,
  },
  {
    pattern: /\b(?:role|position|opportunity|job|career|opening) (?:chat|call|conversation|discussion)\b/,
    label: 'role conversation',
    weight: 3,
  },
  {
    pattern:
      /\btalent (?:acquisition|partner|team|@|at)(?!\w)|\(talent\b|\brecruit(?:er|ing|ment)\b|\brrhh\b|\brecursos humanos\b/,
    label: 'recruiting',
    weight: 2.5,
  },
  {
    pattern: /\bintro(?:ductory|duction)? (?:call|chat|conversation|meeting)\b/,
    label: 'intro call',
    weight: 1,
  },
  { pattern: /\bhr\b|\brh\b|\bpeople team\b/, label: 'HR', weight: 2 },
  { pattern: new RegExp(`\\bvorstellungsgespr${G}ch\\b`), label: 'Vorstellungsgespräch', weight: 6 },
  { pattern: new RegExp(`\\bbewerbungsgespr${G}ch\\b`), label: 'Bewerbungsgespräch', weight: 6 },
  {
    pattern: new RegExp(
      `\\bkennenlerngespr${G}ch\\b|\\bkennenlern-?(?:call|termin|telefonat|gespr${G}ch)\\b`,
    ),
    label: 'Kennenlerngespräch',
    weight: 3.5,
  },
  {
    pattern: new RegExp(
      `\\btelefoninterview\\b|\\b(?:erst|zweit|fach|abschluss|final)gespr${G}ch\\b|\\bfachinterview\\b|\\bvideointerview\\b`,
    ),
    label: 'Bewerbungsgespräch',
    weight: 4.5,
  },
  { pattern: /\bbewerbung\b|\bstellenangebot\b/, label: 'Bewerbung', weight: 3 },
  { pattern: /\b(?:role|position|opportunity|vacancy|opening|job)\b/, label: 'a role', weight: 1.5 },
  {
    pattern: /\bentretien d'embauche\b|\bentretien de recrutement\b/,
    label: "entretien d'embauche",
    weight: 6,
  },
  {
    pattern:
      /\bentretien (?:telephonique|technique|rh|final|video|visio|manager|de motivation|de personnalite|collectif)\b/,
    label: 'entretien',
    weight: 4.5,
  },
  { pattern: /\brecrutement\b|\bcandidature\b/, label: 'recrutement', weight: 2 },
  {
    pattern:
      /\bentrevista (?:de trabajo|de empleo|de emprego|laboral|tecnica|inicial|presencial|virtual|online|final|telefonica|por (?:video|telefono|competencias)|grupal|individual|de seleccion|rrhh|rh|com (?:o |a )?(?:rh|gestor|gestora|lider))\b/,
    label: 'entrevista de trabajo',
    weight: 5.5,
  },
  {
    pattern:
      /\b(?:teaching demo|demo lesson|sample lesson|trial lesson)\b|\blehrprobe\b|\bprobelektion\b|\bclase (?:muestra|demostrativa)\b|\baula teste\b|\blecon d'essai\b|\baudition\b|\bprobespiel\b/,
    label: 'teaching demo or audition',
    weight: 4.5,
  },
  {
    pattern: /\bproceso de seleccion\b|\bprocesso seletivo\b|\bprocesso de selecao\b|\bvacante\b|\bvaga\b/,
    label: 'proceso de selección',
    weight: 3,
  },
  {
    pattern:
      /\bcolloquio (?:di lavoro|conoscitivo|tecnico|di selezione|motivazionale|telefonico|finale|(?:con )?(?:hr|l'hr|le risorse umane))\b/,
    label: 'colloquio di lavoro',
    weight: 6,
  },
  { pattern: /\bselezione\b/, label: 'selezione', weight: 2.5 },
  { pattern: /\bsollicitatiegesprek\b/, label: 'sollicitatiegesprek', weight: 6 },
  { pattern: /\bsollicitatie\b|\bvacature\b/, label: 'sollicitatie', weight: 3 },
  {
    pattern: /\brozmow[aey] (?:rekrutacyjn|kwalifikacyjn)\w*|\brekrutacj\w*/,
    label: 'rozmowa rekrutacyjna',
    weight: 6,
  },
  {
    pattern: /\bpainel (?:final|de entrevistas?|com (?:gestor|gestores|diretor|diretores|lideranca))\b/,
    label: 'painel final',
    weight: 4,
  },
  ...TITLE_INTERVIEW_WORLD,
];

/**
 * Title words that name an interview only in a hiring context ("Colloquio
 * Luxottica", "Panel interview"), and something else without one
 * ("Colloquio con il commercialista", "Panel: Women in Engineering").
 * `weight` counts with hiring context, `alone` without. A word whose first
 * meaning is a job interview ("entrevista com a Acme") also counts in full
 * when it names a company the invitation's addresses confirm (`named`);
 * an "onsite with Globex" is as likely a client visit.
 */
export interface AmbiguousCue extends Cue {
  alone: number;
  named?: boolean;
}

export const TITLE_AMBIGUOUS: AmbiguousCue[] = [
  { pattern: /\bon-?site\b/, label: 'onsite', weight: 3.5, alone: 1.5 },
  { pattern: /\bloop\b(?! in\b)/, label: 'loop', weight: 3.5, alone: 0 },
  { pattern: /\bincontro conoscitivo\b/, label: 'incontro conoscitivo', weight: 3.5, alone: 1 },
  // Film and medical screenings, funding rounds and quiz rounds share these words.
  {
    pattern: /\bscreen(?:ing)?\b(?! ?shar| time| record)/,
    label: 'screen',
    weight: 3,
    alone: 1.5,
    named: true,
  },
  {
    pattern:
      /\b(?:final|next|second|third|first|technical|1st|2nd|3rd|last) round\b|\bround (?:[1-9]|one|two|three)\b/,
    label: 'interview round',
    weight: 3.5,
    alone: 1.5,
    named: true,
  },
  { pattern: /\bpanel\b|\bpainel\b/, label: 'panel', weight: 3, alone: 0.5 },
  { pattern: /\bentretien\b/, label: 'entretien', weight: 4, alone: 1.5, named: true },
  { pattern: /\bentrevista\b/, label: 'entrevista', weight: 4.5, alone: 2, named: true },
  { pattern: /\bentrevue\b/, label: 'entrevue', weight: 4.5, alone: 2, named: true },
  { pattern: /\bcolloquio\b/, label: 'colloquio', weight: 4.5, alone: 1.5, named: true },
  { pattern: new RegExp(`\\bgespr${G}ch\\b`), label: 'Gespräch', weight: 3, alone: 0.5, named: true },
  {
    pattern: /\b(?:eerste |tweede |derde |laatste |vervolg|eind|kennismakings)?gesprek\b|\bkennismaking\b/,
    label: 'gesprek',
    weight: 3.5,
    alone: 1,
    named: true,
  },
  { pattern: /\brozmow[aey]\b/, label: 'rozmowa', weight: 3.5, alone: 0.5, named: true },
  {
    pattern: /\bdinamica de grupo\b|\bgroup (?:exercise|discussion)\b/,
    label: 'group exercise',
    weight: 4,
    alone: 1,
  },
  {
    pattern:
      /\bprograma de (?:trainee|estagio)\b|\btrainee ?program(?:me)?\b|\bgraduate (?:program(?:me)?|scheme)\b/,
    label: 'trainee programme',
    weight: 2.5,
    alone: 0,
  },
  {
    pattern:
      /\bportfolio (?:review|presentation|walkthrough)\b|\bdesign (?:presentation|exercise|challenge)\b/,
    label: 'portfolio review',
    weight: 3.5,
    alone: 0.5,
  },
  {
    pattern: /\bcampus (?:visit|interview)s?\b|\b(?:job|chalk) talk\b|\bfly-?out\b/,
    label: 'campus visit or job talk',
    weight: 4,
    alone: 0.5,
  },
  ...TITLE_AMBIGUOUS_WORLD,
];

/** Title phrases for events that mention interviews but are not one to attend as a candidate. */
export const TITLE_CONFOUNDERS: Cue[] = [
  {
    pattern:
      /\bprep\b|\bprepar(?:e|ing|ation)\b|\bpractice\b|\bpracticing\b|\bmock\b|\brehears(?:al|e|ing)\b|\bdry[- ]run\b|\bcoach(?:ing)?\b|\btips\b|\bworkshop\b|\bwebinar\b|\bmasterclass\b|\bbootcamp\b|\bcourse\b|\bvorbereitung\b|\b(?:u|ue)bung\b|\bprobe-?(?:interview|gespr)|\bpreparation\b|\bsimulation\b|\bentrainement\b|\bpreparacion\b|\bpreparacao\b|\bpreparar\b|\bsimulacro\b|\bsimulac(?:ao|ion)\b|\bsimulazione\b|\bsymulacj\w*|\bmentor(?:ing|ship|ia)?\b|\bproefgesprek\b|\bsimulad[ao]\b|\bpractica\b|\bpratica\b|\bensayo\b|\btreino\b/,
    label: 'interview prep or practice',
    weight: -7,
  },
  {
    pattern:
      /\bpodcast\b|\bpress\b|\bmedia\b|\bjournalist\b|\breporter\b|\bradio\b|\btv\b|\btelevision\b|\bnewspaper\b|\bmagazine\b|\bblog\b|\bnewsletter\b|\bon air\b|\bbroadcast\b|\bprensa\b|\bimprensa\b|\bpresse\b|\bzeitung\b|\bperiodico\b|\bjornal\b|\brevista\b|\bdocumentary\b|\bepisode\b|\bauthor\b|\brecording\b/,
    label: 'a media interview',
    names: true,
    weight: -7,
  },
  {
    pattern:
      /\bfireside\b|\bkeynote\b|\bconference\b|\b\w+conf\b|\bsummit\b|\bsymposium\b|\bcongress\b|\bcongres(?:o|so)?\b|\bkongress\b|\bexpo\b|\bmeetup\b|\bpanel (?:discussion|talk|session)\b|\b(?:community|speaker|expert) panel\b|\bpanelists?\b|\bspeakers?\b|\blivestream\b|^live\s*[:|-]|\bao vivo\b|\bfishbowl\b|\bama\b/,
    label: 'a talk or public event',
    names: true,
    weight: -6,
  },
  {
    // Classes, webinars and talks about interviewing, in any language. Words
    // for a class ("taller", "curso") count only beside an interview word;
    // "lecture", "seminar" and "class" never do: a teaching demo, a job talk
    // and a "Class of 2027" analyst programme are parts of interviews.
    pattern:
      /\bhow to\b|\b(?:ace|acing|nail|nailing|crack|cracking|master|mastering|succeed(?:ing)? in|survive|surviving) (?:your|the|an?|any|every|job|behaviou?ral|technical|case|tech)\b|\binterview\w* 101\b|\b101:|\binterview(?:ing)? (?:skills|basics|essentials|secrets|tips|techniques)\b|\bskills (?:workshop|session|class)\b|^(?=.*\b(?:interview|entrevista|entretien|colloquio|gesprek|rozmow|gespr(?:a|ae)ch|sollicitatie))(?=.*\b(?:taller|atelier|palestra|curso|cours|szkoleni\w*|warsztat\w*|cursus)\b)|\bcomo (?:triunfar|superar|preparar|prepararse|hacer|se preparar|arrasar|brilhar)\b|\bcomment (?:reussir|preparer)\b|\bclaves\b|\bconsejos\b|\bdicas\b|\btipps\b|\bjak (?:przygotowac|wypasc)\b|\bcome (?:superare|affrontare|prepararsi)\b|\bhoe (?:slaag|bereid)\b/,
    label: 'a class or talk about interviews',
    weight: -7,
  },
  {
    pattern:
      /\bhackathon\b|\bcompetition\b|\btournament\b|\bcontest\b|\bquiz\b|\btrivia\b|\bbracket\b|\bolympiad\b|\bpitch (?:night|day|competition)\b|\bdemo day\b|\bgame jam\b|\bchampionship\b|\bwettbewerb\b|\btorneo\b/,
    label: 'a competition',
    weight: -6,
  },
  {
    // "Onsite visit – client (Globex)"; job titles such as "Client Services Associate" are blanked
    // first, and an agency's "interview with client" is the employer.
    pattern:
      /(?<!interview(?:s|ing)? (?:with|for) (?:the |our |a |my |your )?)\bclients?\b(?! (?:services?|success|partner|relations|solutions|facing|experience|engagement|executive|support)\b)|\bimplementation\b|\binstallation\b|\bgo-?live\b|\bsite (?:survey|inspection)\b/,
    label: 'client work',
    weight: -5,
  },
  {
    pattern:
      /\bventures\b|\bvc\b|\bcapital\b(?! one\b)|\bseed\b|\bpre-?seed\b|\bseries [a-e]\b|\bfundrais\w*|\binvestors?\b|\bpitch(?: deck| meeting)?\b|\bterm sheet\b|\bcap table\b|\bdue diligence\b|\bvolunteer\w*|\bbenevol\w*|\bvoluntari\w*|\behrenamt\w*|\bvrijwillig\w*/,
    label: 'fundraising or volunteering',
    names: true,
    weight: -6,
  },
  {
    pattern: new RegExp(
      `\\bparent[- ]teacher\\b|\\bparents'? evening\\b|\\beltern(?:gespr${G}ch|abend|sprechtag)\\b|\\boudergesprek\\b|\\bouderavond\\b|\\b(?:tien|10)[- ]?minutengesprek\\b|\\bwywiadowka\\b|\\bgenitori\\b|\\breunion de padres\\b|\\breuniao de pais\\b|\\b(?:kita|kindergarten|creche|guarderia|kinderopvang)\\b|\\b(?:colloquio|entretien|entrevista|gesprek|gespr${G}ch|rozmowa|meeting|conference) (?:con|avec|com|met|mit|with|z) (?:la |il |le |el |o |a |de |the |der |dem |frau |herr |juf |meester |pania? )?(?:prof\\b|prof\\.|prof\\.?ssa|professor\\w*|docente|maestr[oa]|insegnante|tutor[a]?|teacher|lehrer(?:in)?|juf|meester|wychowawc\\w*|nauczyciel\\w*|mentor)`,
    ),
    label: 'a school or family appointment',
    names: true,
    weight: -6,
  },
  {
    // "Colloquio con il commercialista", "Entretien avec le syndic", "Entretien chaudière".
    pattern:
      /\b(?:con|avec|com|met|mit|with|z|u) (?:il |la |le |el |o |a |de |the |dem |der |mijn |mon |ma |mio |mia |my |mojego |moim )?(?:commercialista|notai[oa]|notaire|notar|notaris|steuerberater\w*|syndic|banquier|doradc\w*|boekhouder|ksiegow\w*|accountant|avvocato|avocat|abogad[oa]|advocaat|anwalt|huisarts|medico|dokter|lekarz\w*|pediatr\w*|makelaar|psicolog[oa]|psycholo\w*|therapist|terapeut\w*|therapeut\w*)\b|\bentretien (?:de |du |de la |des |d')?(?:annuel )?(?:de |du |de la |votre |ma |mon )?(?:chaudiere|voiture|vehicule|jardin|climatisation|clim|ramonage|pompe a chaleur|piscine|locaux|toiture|moto|velo|espaces verts)\b|\bchaudiere\b|\bramonage\b|\bhuisarts\b/,
    label: 'an appointment with a service or adviser',
    weight: -6,
  },
  {
    pattern:
      /\b(?:customer|customers|client|user|users|usability|ux|discovery|expert|stakeholder|patient|participant|beta|buyer|partner) (?:interview|research|call|study|session|feedback|testing|test|conversation)s?\b|\buser research\b|\busability\b|\bfocus group\b|\bsurvey\b|\bjtbd\b|\bjobs to be done\b|\bexpert network\b|\bglg\b|\bguidepoint\b|\balphasights\b|\bcliente\b|\busuario\b|\bkunden(?:interview|gespr)|\bresearch (?:session|study|participant)\b|\bstudy session\b/,
    label: 'a customer or user research interview',
    names: true,
    weight: -7,
  },
  {
    // German compounds ("Presseinterview") and Romance word order ("entretien client").
    pattern:
      /\b(?:presse|podcast|radio|zeitungs?|fernseh|tv|medien)-?(?:interview|gespr\w*|termin|aufnahme)|\b(?:nutzer|anwender|experten|kunden|user|mitarbeiter)-?interview|\b(?:interview|entretien|entrevista)s? (?:with |avec |con |com |para |pour |for )?(?:a |an |un |une |la |le |el |o |os |les |los |the )?(?:utilisateurs?|clients?|clientes?|usuari[oa]s?|customers?|users?|journalistes?|periodistas?|jornalistas?|press|presse|prensa|imprensa|podcast|radio|tv|media)\b/,
    label: 'a media or research interview',
    names: true,
    weight: -7,
  },
  {
    pattern: new RegExp(
      `\\bexit (?:interview|meeting|conversation|chat)\\b|\\bstay interview\\b|\\boffboarding\\b|\\baustrittsgespr${G}ch\\b|\\bentretien de (?:sortie|depart)\\b|\\bentrevista de (?:salida|desligamento|saida)\\b`,
    ),
    label: 'an exit interview',
    weight: -7,
  },
  {
    pattern:
      /(?<!take-home |take home |exercise |assignment |challenge |homework |case )\bdebrief\b|\bscorecards?\b|\bhiring committee\b|\bcalibration\b|\binterview(?:er)? training\b|\binterviewer\b|\bshadow(?:ing)?\b|\binterview loop for\b|\binterview kit\b|\bfeedback (?:session|sync|review)\b|\bhiring (?:sync|review|huddle|meeting|committee|plan)\b|\brecruiting (?:sync|review|huddle|meeting|stand-?up|update)\b|\bpipeline review\b|\bintake (?:meeting|call|session)\b|\bsourcing\b|\bcandidate (?:review|debrief|feedback|discussion|sync|pipeline)\b|\binterview (?:questions?|rubric|calibration|panel prep)\b|\binterviewing (?:candidates?|for)\b|\bkandidaten\b|\bcandidats\b|\bcandidatos\b/,
    label: 'the hiring side of an interview',
    weight: -7,
  },
  {
    pattern:
      /\boffer (?:call|discussion|review|negotiation|letter|chat)\b|\bsalary (?:negotiation|discussion)\b|\breference (?:call|check)s?\b|\bfeedback (?:call|on (?:your|the|my) interview)\b|\binterview (?:scheduling|logistics|feedback|results?)\b|\bbackground check\b|\binformational (?:interview|chat|call)\b/,
    label: 'talk around an interview, not an interview',
    weight: -6,
  },
  {
    pattern:
      /\bjob (?:search|hunt(?:ing)?|club|fair)\b|\bcareer (?:fair|expo|day|coaching|workshop|advice|mentoring)\b|\bnetworking\b|\b(?:resume|cv|linkedin) (?:review|workshop|clinic)\b|\bjobsuche\b|\bjobmesse\b|\bbewerbungstraining\b|\bkarrieremesse\b|\brecherche d'emploi\b|\bforum emploi\b|\bsalon (?:de l'emploi|emploi)\b|\bbusqueda de empleo\b|\bferia de empleo\b|\bbusca de emprego\b|\bfeira de (?:emprego|carreiras?)\b|\baccountability\b|\bcareer (?:cent(?:er|re)|services?|office|development)\b|\binfo(?:rmation)? (?:session|evening|night)\b|\bopen (?:day|house|evening)\b|\brecruiting (?:event|reception)\b|\bemployer presentation\b|\bcareer talk\b|\borientamento\b|\bd'orientation\b|\borientacion (?:academica|vocacional|profesional)\b|\bstudiekeuze\w*/,
    label: 'job-search activity',
    weight: -5,
  },
  {
    pattern:
      /^(?:send|write|email|reminder|remind me|todo|to-do|apply|submit|deadline)\b|\bthank[- ]you (?:notes?|emails?|letters?|cards?)\b|\bdeadline\b/,
    label: 'a to-do',
    weight: -5,
  },
  {
    pattern:
      /\bvisa\b|\bconsulate\b|\bembassy\b|\bimmigration\b|\buscis\b|\bpassport\b|\bcitizenship\b|\bnaturali[sz]ation\b|\bgreen card\b|\badmissions?\b|\badmision\b|\badmissao\b|\bmba\b|\bmortgage\b|\bjury (?:duty|service|selection|summons)\b|\boral history\b|\bapartment\b|\btenant\b|\broommate\b|\bwg[- ]casting\b|\bnann(?:y|ies)\b|\bbabysit(?:ter|ters|ting)?\b|\bau pair\b|\bchildminder\b|\btagesmutter\b|\bnounou\b|\bninera\b|\bbaba\b|\bhoa\b|\bhomeowners\b|\balumni interview\b|\bcollege interview\b|\bpolice\b|\bwitness\b|\bdeposition\b|\bintake\b(?! (?:meeting|call|session))|\bcensus\b|\bwohnung\b|\badoption\b|\bconsulado\b|\bembajada\b|\bkonsulat\b|\bbotschaft\b|\bambassade\b/,
    label: 'an interview that is not for a job',
    weight: -7,
  },
  {
    pattern: new RegExp(
      `\\b(?:performance|annual|mid-?year|year-?end|quarterly) review\\b|\\bmitarbeitergespr${G}ch\\b|\\bjahresgespr${G}ch\\b|\\bfeedbackgespr${G}ch\\b|\\bentretien (?:annuel|individuel|professionnel|d'evaluation|prealable)\\b|\\bevaluacion de desempeno\\b|\\bavaliacao de desempenho\\b|\\brozmowa (?:roczna|oceniajaca|okresowa)\\b|\\bocena okresowa\\b|\\b(?:functionerings|beoordelings|jaar)gesprek\\b|\\bcolloquio (?:annuale|di valutazione)\\b`,
    ),
    label: 'an internal review',
    weight: -7,
  },
  ...TITLE_CONFOUNDERS_WORLD,
];

/** Title words of everyday meetings and appointments. */
export const TITLE_ROUTINE: Cue = {
  pattern: new RegExp(
    [
      '\\bstand-?up\\b',
      '\\bdaily\\b',
      '\\bscrum\\b',
      '\\bretro(?:spective)?\\b',
      '\\bsprint\\b',
      '\\bplanning\\b',
      '\\b1:1\\b',
      '\\b1-on-1\\b',
      '\\b1on1\\b',
      '\\bone[- ]on[- ]one\\b',
      '\\bsync\\b',
      '\\ball[- ]hands\\b',
      '\\btown ?hall\\b',
      '\\boffsite\\b',
      '\\blunch\\b',
      '\\bdinner\\b',
      '\\bhappy hour\\b',
      '\\bbirthday\\b',
      '\\bdentist\\b',
      '\\bdoctor\\b',
      '\\bgym\\b',
      '\\bhaircut\\b',
      '\\bflight\\b',
      '\\bout of office\\b',
      '\\booo\\b',
      '\\bholiday\\b',
      '\\bvacation\\b',
      '\\bcode review\\b',
      '(?<!teaching )\\bdemo\\b(?! lesson)',
      '\\bqbr\\b',
      '\\bboard meeting\\b',
      '\\boffice hours\\b',
      '\\bbook club\\b',
      '\\bweekly\\b',
      '\\bbi-?weekly\\b',
      '\\bmonthly\\b',
      '\\bstatus (?:meeting|update)\\b',
      '\\bkick-?off\\b',
      '\\bonboarding\\b',
      '\\bteam meeting\\b',
      '\\bcatch[- ]?up\\b',
      '\\bteammeeting\\b',
      '\\bbesprechung\\b',
      '\\bjour fixe\\b',
      '\\bmittagessen\\b',
      '\\b(?:zahn)?arzt\\b',
      '\\burlaub\\b',
      "\\breunion d'equipe\\b",
      '\\bpoint hebdo\\b',
      '\\bdejeuner\\b',
      '\\bconges\\b',
      '\\breunion semanal\\b',
      '\\balmuerzo\\b',
      '\\bvacaciones\\b',
      '\\breuniao\\b',
      '\\balmoco\\b',
      '\\bferias\\b',
    ].join('|'),
  ),
  label: 'an everyday meeting',
  weight: -3,
};

/** Description phrases of an invitation sent to a candidate. */
export const DESCRIPTION_INTERVIEW: Cue[] = [
  {
    pattern: new RegExp(
      `\\binterview(?:s)?\\b|vorstellungsgespr${G}ch|bewerbungsgespr${G}ch|sollicitatiegesprek|\\brozmow\\w* (?:rekrutacyjn|kwalifikacyjn)\\w*|\\bcolloquio (?:di lavoro|conoscitivo|tecnico|di selezione|motivazionale|telefonico|finale)\\b|\\bentrevista (?:de trabajo|de empleo|de emprego|laboral|tecnica|inicial|final|presencial|virtual|online|por competencias)\\b|\\bentretien (?:d'embauche|de recrutement|telephonique|technique|rh|final|de motivation)\\b|\\b(?:an|un|une|el|la|o|a|uma|una|un|votre|tu|su|sua|seu) (?:entretien|entrevista|entrevue|colloquio)\\b`,
    ),
    label: 'an interview',
    weight: 1.5,
  },
  {
    pattern:
      /\byour (?:application|candidature|candidacy)\b|\bthanks? (?:you )?for (?:applying|your interest in)\b|\bapplied (?:for|to)\b|\b(?:hiring|interview|interviewing|recruiting|recruitment|selection) process\b|\bjob description\b|\byour (?:resume|cv)\b|\bihre bewerbung\b|\bdeine bewerbung\b|\bbewerbungsprozess\b|\bvotre candidature\b|\bprocessus de recrutement\b|\btu candidatura\b|\bsu candidatura\b|\bproceso de seleccion\b|\bsua candidatura\b|\bprocesso seletivo\b|\bprocesso de selecao\b|\bcandidatura\b|\b(?:je|uw) sollicitatie\b|\bsollicitatieprocedure\b|\baplikacj\w*|\brekrutacj\w*|\bselezione\b|\bprogram(?:a|me)? de trainee\b|\btrainee program(?:me)?\b/,
    label: 'your application',
    weight: 1.5,
  },
  {
    pattern:
      /^\s*(?:role|position|job title|job|opening|stelle|poste|puesto|vaga|cargo|rolle)\s*:|\bthe (?:\w+ ){0,4}(?:role|position|opening)\b|\bfor the position of\b|\bfur die stelle\b|\bpour le poste\b|\bpara el puesto\b|\bpara a vaga\b|\bvacature\b|\bde functie\b|\bna stanowisk\w*|\bper la posizione\b|\bposizione di\b|\bil ruolo di\b|\b(?:engineer|developer|designer|manager|analyst|scientist|lead|intern|associate|writer|researcher|recruiter|specialist|consultant|director) (?:role|position|opening|vacancy)\b/m,
    label: 'the role',
    weight: 1.5,
  },
  {
    pattern:
      /\b(?:chat|call|conversation|discussion|talk|speak|meeting)\b(?: [\w'.-]+){0,4}? (?:about|re:?|regarding|for) (?:the |your |a |an |our )?(?:[\w/-]+ ){0,4}(?:role|position|opportunity|job|opening|vacancy)\b/,
    label: 'a conversation about a role',
    weight: 1.5,
  },
  {
    pattern: new RegExp(
      `\\byour (?:[\\w-]+ ){0,2}(?:interview|phone screen|screening call|onsite|entretien|entrevista|vorstellungsgespr${G}ch|bewerbungsgespr${G}ch)\\b|\\binvite you (?:to|for) (?:an? )?(?:[\\w-]+ ){0,2}interview\\b|\\b(?:first|second|third|final|next)[- ]round interview\\b|\\b(?:einladung|einzuladen) zu(?:m)? (?:einem )?(?:vorstellungsgespr${G}ch|bewerbungsgespr${G}ch|interview)\\b|\\bconvocatoria (?:a|para) (?:la |una )?entrevista\\b|\\bconvite para (?:a |uma )?entrevista\\b|\\bconvocation (?:a|pour) (?:un |votre )?entretien\\b`,
    ),
    label: 'your interview',
    weight: 2,
  },
  {
    pattern:
      /\bfinal (?:round|stage)\b|\bnext stage of (?:the|our) (?:process|hiring)\b|\b(?:volgende|tweede|laatste) ronde\b|\bnastepn\w* etap\w*|\bprossima fase\b|\bproxima etapa\b|\bsiguiente fase\b|\bn(?:a|ae)chste runde\b|\bpainel final\b|\bhiring manager\b/,
    label: 'a later round',
    weight: 1.5,
  },
  {
    pattern:
      /\bsearch committee\b|\bfaculty (?:search|candidate)\b|\b(?:job|chalk) talk\b|\bcampus visit\b|\bteaching statement\b/,
    label: 'an academic search',
    weight: 1.5,
  },
  {
    pattern: /\breferred (?:by|you)\b|\breferral\b/,
    label: 'a referral',
    weight: 1,
  },
  {
    pattern:
      /\byour (?:background|career (?:path|goals|journey|history)|experience so far)\b|\bihren werdegang\b|\bvotre parcours\b|\bsu trayectoria\b|\bsua trajetoria\b|\bje achtergrond\b/,
    label: 'your background',
    weight: 1,
  },
  {
    pattern:
      /\brecruiter\b|\btalent (?:acquisition|partner)\b|\brecruiting (?:team|coordinator|lead)\b|\brecrutement\b|\breclutamiento\b|\brecrutamento\b|\brekruter\w*|\bwerving\b/,
    label: 'a recruiter',
    weight: 1,
  },
  ...DESCRIPTION_PROCESS_WORLD,
];

/** Description phrases of events that are not a candidate's interview. */
export const DESCRIPTION_CONFOUNDERS: Cue[] = [
  {
    pattern:
      /^\s*(?:candidate|candidate name|kandidat(?:in)?|candidat|candidate?s?|candidato|candidata)\s*:|\bscorecards?\b|\binterview kit\b|\bsubmit (?:your )?(?:feedback|scorecard)\b|\b(?:leave|enter|complete|fill out) (?:your )?(?:feedback|scorecard|evaluation)\b|\bfeedback (?:form|due)\b|\binterviewer (?:guide|instructions|notes|prep)\b|\bcandidate'?s? (?:resume|cv|profile|linkedin|packet|portfolio)\b|\bplease review the (?:candidate|resume|cv)\b|\byou(?:'re| are) (?:interviewing|shadowing)\b|\bfocus area for (?:this|your) interview\b/m,
    label: 'notes for interviewers',
    weight: -4.5,
  },
  {
    pattern: /\bmock interview\b|\bpractice (?:interview|session)\b|\binterview coaching\b|\bmock session\b/,
    label: 'practice',
    weight: -3,
  },
  {
    pattern:
      /\bpodcast\b|\bepisode\b|\bwill be (?:published|recorded|aired|broadcast)\b|\bjournalist\b|\bour readers\b|\blisteners\b/,
    label: 'a media appearance',
    weight: -3,
  },
  {
    pattern:
      /\bresearch (?:study|session|participant)\b|\b(?:as|our|study) participants?\b|\bincentive\b|\bgift card\b|\bconsent form\b|\busability\b|\buser research\b|\bprototype (?:test|testing|session)\b|\bfeedback on (?:our|the) (?:product|app)\b/,
    label: 'a research study',
    weight: -3,
  },
  { pattern: /\bexit interview\b|\blast day\b|\boffboarding\b/, label: 'leaving a job', weight: -3 },
  {
    pattern:
      /\bdemo request\b|\bpricing\b|\bfree trial\b|\b\d+-day trial\b|\byour (?:\w+ )?(?:account|subscription|plan|contract|renewal|order|integration|workspace|licen[cs]e)\b|\brenewal\b|\bproposal\b|\bquote\b|\binvoice\b/,
    label: 'a sales or client call',
    weight: -3,
  },
  {
    pattern:
      /\byour (?:deck|pitch|raise|round|startup|cap table|traction|runway)\b|\btraction\b|\bvaluation\b|\bterm sheet\b|\b(?:seed|series [a-e]) round\b|\bfundrais\w*|\binvestors?\b/,
    label: 'fundraising',
    weight: -3,
  },
  {
    pattern:
      /\bmoderator\b|\bmic check\b|\baudience\b|\bthanks? (?:you )?for registering\b|\bregistered attendees\b|\bopen to all\b|\bplazas limitadas\b|\binscrit(?:os|as|s)\b|\btransmiss(?:ao|ion)\b|\baberta a todos\b|\babierto a todos\b|\bouvert a tous\b|\brsvp\b|\brun-of-show\b|\bpanelists?\b|\bnetworking\b/,
    label: 'an event for an audience',
    weight: -3,
  },
  ...DESCRIPTION_CONFOUNDERS_WORLD,
];

/**
 * Job titles a recruiter signs with or puts in a display name ("Kelsey Nguyen,
 * Technical Recruiter", "Hannah Lee (Talent Acquisition)").
 */
export const RECRUITER_TITLE =
  /\b(?:(?:technical |senior |lead |campus |university |executive )?recruiter|recruiting (?:lead|coordinator|manager|partner|team)|recruitment (?:consultant|partner|manager|team|lead)|talent (?:acquisition|partner|sourcer|lead|team|scout)|sourcer|headhunter|people partner|hr business partner|recruteu(?:r|se)|charge(?:e)? de recrutement|reclutador(?:a)?|recrutador(?:a)?|atracao de talentos|selezione del personale|rekruter\w*|recruiterin|personalreferent(?:in)?)\b/;

/** Subject prefixes Outlook and others add when the organiser cancels. */
export const CANCELLED_TITLE = /^\s*(?:cancel+ed|abgesagt|annule|cancelad[oa]|annullato|geannuleerd)\s*:/;

/**
 * Nouns that make a phrase a job title ("Senior Backend Engineer"),
 * in the languages the detector reads.
 */
export const ROLE_NOUN = new RegExp(
  `\\b(?:${[
    'engineer',
    'eng',
    'swe',
    'sde',
    'pm',
    'tpm',
    'aktuar(?:in)?',
    'developer',
    'programmer',
    'designer',
    'manager',
    'analyst',
    'scientist',
    'architect',
    'consultant',
    'specialist',
    'director',
    'lead',
    'intern(?:ship)?',
    'associate',
    'coordinator',
    'administrator',
    'accountant',
    'recruiter',
    'researcher',
    'writer',
    'editor',
    'product owner',
    'sre',
    'devops',
    'vp',
    'vice president',
    'head of',
    'officer',
    'executive',
    'representative',
    'strategist',
    'nurse',
    'teacher',
    'technician',
    'advisor',
    'adviser',
    'counsel',
    'attorney',
    'lawyer',
    'paralegal',
    'marketer',
    'account executive',
    'sdr',
    'bdr',
    'cto',
    'cfo',
    'coo',
    'cmo',
    'tester',
    'qa',
    'controller',
    'auditor',
    'pharmacist',
    'physician',
    'therapist',
    'entwickler(?:in)?',
    'ingenieur(?:in)?',
    'berater(?:in)?',
    'leiter(?:in)?',
    'referent(?:in)?',
    'sachbearbeiter(?:in)?',
    'werkstudent(?:in)?',
    'praktikant(?:in)?',
    'developpeu(?:r|se)',
    'ingenieure?',
    'chef de projet',
    'charge(?:e)? de',
    'responsable',
    'stagiaire',
    'alternant(?:e)?',
    'desarrollador(?:a)?',
    'ingeniero',
    'ingeniera',
    'gerente',
    'analista',
    'disenador(?:a)?',
    'desenvolvedor(?:a)?',
    'engenheir[oa]',
    'coordenador(?:a)?',
    'estagi(?:o|ario|aria)',
    'programador(?:a)?',
    'receptionist',
    'assistant',
    'economist',
    'professor',
    'lecturer',
    'postdoc(?:toral)?',
    'buyer',
    'planner',
    'clerk',
    'cashier',
    'driver',
    'chef',
    'cook',
    'barista',
    'waiter',
    'waitress',
    'bartender',
    'caregiver',
    'carer',
    'electrician',
    'mechanic',
    'operator',
    'agent',
    'supervisor',
    'teller',
    'hygienist',
    'paramedic',
    'librarian',
    'instructor',
    'surveyor',
    'inspector',
    'underwriter',
    'actuary',
    'statistician',
    'photographer',
    'producer',
    'copywriter',
    'translator',
    'interpreter',
    'secretary',
    'bookkeeper',
    'trainee',
    'apprentice',
    'solicitor',
    'dispatcher',
    'operative',
    'porter',
    'picker',
    'packer',
    'cleaner',
    'housekeeper',
    'analist',
    'medewerker',
    'ontwikkelaar',
    'adviseur',
    'beheerder',
    'stagiair(?:e)?',
    'verpleegkundige',
    'docent',
    'teamleider',
    'programista',
    'specjalista',
    'kierownik',
    'analityk',
    'inzynier',
    'ksiegow[ay]',
    'stazysta',
    'konsultant',
    'asystent(?:ka)?',
    'przedstawiciel',
    'projektant(?:ka)?',
    'addett[oa]',
    'sviluppat(?:ore|rice)',
    'ingegnere',
    'impiegat[oa]',
    'stagista',
    'tirocinante',
    'programmat(?:ore|rice)',
    'consulente',
    'progettista',
    'contabile',
  ].join(
    '|',
  )})\\b|(?:entwickler|ingenieur|berater|leiter|referent|sachbearbeiter|manager|analyst|architekt|designer|administrator|spezialist|kaufmann|kauffrau|mitarbeiter|techniker|erzieher|padagog(?:e)?|lehrer|pfleger|verkaufer|kellner)(?:in)?\\b`,
);

/** Topic words that also qualify job titles: "Social Media Manager", "Head of Research". */
const ROLE_TOPICS =
  'investor|fundraising|volunteer|social|media|press|podcast|radio|tv|television|newspaper|magazine|blog|newsletter|broadcast|content|conference|events?|research|ux|user|customer|client|community|communications?|pr|editorial|video|partnerships?';

/**
 * A job title built on a topic word ("Social Media Manager", "Head of
 * Communications"): blanked out of a title before its topic is read.
 * Global: use with `replace`.
 */
export const TOPIC_JOB_TITLE = new RegExp(
  `\\b(?:${ROLE_TOPICS})\\s+(?:(?!interview)[\\p{L}&/-]+\\s+)?(?:${ROLE_NOUN.source})|\\b(?:head|director|manager|vp|lead|chief)\\s+(?:of\\s+)?(?:${ROLE_TOPICS})\\b`,
  'gu',
);
