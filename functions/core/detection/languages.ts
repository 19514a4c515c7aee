/**
 * The hiring vocabulary of the languages job seekers write and receive
 * invitations in, beyond the Western European core of `lexicon.ts`:
 * Japanese, Korean, Chinese, Arabic, Turkish, Swedish, Hindi-English, and
 * the process words of Spanish, Portuguese, French, German, Italian, Dutch
 * and Polish. Each family is a list of plain words; `cue` folds them the way
 * event text is folded (so NFKD-split kana and hangul still match) and puts
 * word boundaries only around words written in Latin letters.
 */
import type { AmbiguousCue, Cue } from './lexicon.js';
import { fold } from './text.js';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A pattern matching any of `words` in folded text; Latin words must stand alone. */
export function wordsPattern(words: readonly string[]): RegExp {
  const parts = words.map((word) => {
    const folded = escape(fold(word)).replace(/ /g, '\\s+');
    return /^[a-z0-9]/.test(fold(word)) ? `(?<![\\p{L}\\p{N}])${folded}(?![\\p{L}\\p{N}])` : folded;
  });
  return new RegExp(parts.join('|'), 'u');
}

function cue(label: string, weight: number, words: readonly string[]): Cue {
  return { label, weight, pattern: wordsPattern(words) };
}

/** Title words that name a job interview outright. */
export const TITLE_INTERVIEW_WORLD: Cue[] = [
  cue('面接 / 면접 / 面试', 5, ['面接', '면접', '面试', '面試', '採用面接', '채용 면접', '最終面接', '一次面接', '二次面接', '1차 면접', '2차 면접']),
  cue('mülakat / iş görüşmesi', 5, ['mülakat', 'mulakat', 'iş görüşmesi', 'is gorusmesi', 'işe alım görüşmesi', 'teknik görüşme']),
  cue('anställningsintervju', 5, ['anställningsintervju', 'rekryteringsintervju', 'rekryteringssamtal', 'jobbintervju', 'arbetsintervju']),
  cue('مقابلة عمل', 5, ['مقابلة عمل', 'مقابلة شخصية', 'مقابلة وظيفية', 'مقابلة توظيف', 'المقابلة الفنية', 'مقابلة فنية']),
  cue('technical / HR round', 4, ['technical round', 'tech round', 'hr round', 'final round', 'managerial round', 'client round', 'f2f round']),
  cue('a case presentation', 3, [
    'case presentation', 'case study presentation', 'presentation of the case', 'étude de cas', 'etude de cas',
    'estudio de caso', 'caso práctico', 'caso pratico', 'estudo de caso', 'apresentação do case', 'apresentacao do case',
    'fallstudie', 'business case', 'caso di studio', 'casus', 'studium przypadku', 'vaka çalışması', 'ケース面接', '케이스 인터뷰',
  ]),
  cue('a work sample review', 3, [
    'take-home review', 'take home review', 'take-home debrief', 'exercise debrief', 'exercise review', 'assignment review',
    'revisión de la prueba', 'revisao do desafio', 'revisão do case',
    'restitution', 'besprechung der aufgabe', 'opdracht bespreken', 'omówienie zadania', 'ödev değerlendirme',
  ]),
];

/**
 * Title words that mean interview only with hiring context around them:
 * 面談 and 인터뷰 are also ordinary meetings and press interviews.
 */
export const TITLE_AMBIGUOUS_WORLD: AmbiguousCue[] = [
  { ...cue('面談 / 인터뷰 / intervju', 3.5, ['面談', '인터뷰', 'intervju', 'görüşme', 'gorusme', 'مقابلة']), alone: 1, named: true },
  {
    ...cue('a conversation with someone', 2.5, [
      'conversation with', 'chat with', 'call with', 'meeting with', 'charla con', 'plática con', 'platica con',
      'conversación con', 'conversa com', 'bate-papo com', 'échange avec', 'entretien avec', 'samtal med', 'fika med',
      'gesprek met', 'chiacchierata con', 'rozmowa z', 'ile görüşme', 'とのお話', '와의 대화', '交流', 'لقاء مع',
    ]),
    alone: 0,
  },
  {
    ...cue('a numbered stage', 3, [
      'stage 1', 'stage 2', 'stage 3', 'stage 4', 'step 2', 'step 3', 'etapa 1', 'etapa 2', 'etapa 3', 'fase 2', 'fase 3',
      'runde 2', 'etap 2', 'ronde 2', 'aşama 2', 'steg 2', '1차', '2차', '3차', '최종', '一次', '二次', '最終', '第二轮', '终面',
    ]),
    alone: 0.5,
    named: true,
  },
];

/** Title words of events around interviews that are not one to attend as the candidate. */
export const TITLE_CONFOUNDERS_WORLD: Cue[] = [
  cue('interview practice', -6, [
    'mock', 'próbna', 'probna', 'symulacja', 'simulación', 'simulacro', 'simulação', 'simulazione', 'simulation',
    'probeinterview', 'proefsollicitatie', 'oefengesprek', '模擬面接', '面接対策', '면접 준비', '면접 코칭', '모의', '模拟面试',
    '面试技巧', '面试辅导', '简历修改', 'deneme mülakat', 'provası', 'kariyer koçu', 'career coach', 'karriärcoach',
    'provintervju', 'övningsintervju', 'coaching', 'interview tips', 'interview prep',
  ]),
  cue('the owner interviewing someone', -6, [
    '面接官', '면접관', '面试官', 'panelist', 'interview lena', 'interview lene', 'interviews lene',
    'lena hai', 'lene hain', '지원자', '候选人', '応募者', 'aday ile', 'med kandidat', 'z kandydatem', 'con candidato',
    'con el candidato', 'com candidato', 'avec le candidat', 'mit kandidat',
  ]),
  cue('a media appearance', -6, [
    'podcast', 'radio', 'o-ton', 'redaktion', 'redactie', 'journalist', 'reportage', 'röportaj', '取材', '采访', '방송',
    'إذاعة', 'tv interview', 'press interview', 'interview met de', 'entrevista a la prensa',
  ]),
  cue('a research study', -6, ['research interview', 'study participant', '(participant)', 'user interview', 'customer interview', 'usability']),
  cue('leaving a job', -7, [
    'exitgesprek', 'exit-gesprek', 'exitsamtal', 'avgångssamtal', 'çıkış görüşmesi', '退職面談', '퇴사 면담', '离职面谈',
    'colloquio di uscita', 'rozmowa wyjściowa', 'مقابلة الخروج',
  ]),
  cue('a deadline', -5, ['due', 'prazo', 'plazo', 'frist', '締切', '締め切り', '마감', '截止', 'son gün', 'sista dag']),
];

/** Description words of a hiring process, addressed to the candidate. */
export const DESCRIPTION_PROCESS_WORLD: Cue[] = [
  cue('the next step of a hiring process', 2, [
    'next step in the process', 'next step in our process', 'next stage', 'as a next step', 'as next step', 'final step',
    'last step before', 'final conversation', 'make a decision', 'nästa steg', 'sista steget', 'i rekryteringen',
    'rekryteringsprocess', 'süreçteki', 'sürecin', 'son adım', 'bir sonraki adım', 'siguiente paso', 'próximo paso',
    'proximo paso', 'próxima etapa', 'proxima etapa', 'prochaine étape', 'nächster schritt', 'nachste schritt',
    'nächsten schritt', 'prossimo step', 'prossimo passo', 'volgende stap', 'kolejny etap', 'następny etap',
    '選考', '次のステップ', '最終選考', '전형', '다음 단계', '최종 단계', '下一轮', '下一步', '最后一轮', 'المرحلة التالية',
    'المرحلة الأخيرة', 'next round', 'agla round', 'final round', 'shortlist', 'shortlisted',
  ]),
  cue('hiring words', 1.5, [
    'recruitment', 'recruiting', 'rekrytering', 'tjänsten', 'rollen som', 'işe alım', 'pozisyon', 'başvuru',
    'başvurunuz', '採用', '応募', 'ご応募', '채용', '지원해', '지원하신', '招聘', '应聘', '岗位', '职位', 'التوظيف',
    'الوظيفة', 'طلبك', 'vacante', 'el puesto', 'la vacante', 'a vaga', 'o cargo', 'le poste', 'die stelle',
    'auswahlverfahren', 'la posizione', 'de functie', 'de vacature', 'stanowisko', 'a banca', 'com a banca', 'devant le jury', 'du jury', 'le jury',
    'kandidatur', 'profile shortlist', 'your profile',
  ]),
  cue('a hiring manager', 1.5, [
    'hiring manager', 'ansvarig chef', 'rekryterande chef', 'genel müdür', 'işe alım yöneticisi', '配属予定', '현업 팀장',
    '用人经理', 'مدير التوظيف', 'responsable du recrutement', 'gestor da vaga', 'gestora da vaga', 'responsable de la vacante',
    'führungskraft', 'leidinggevende', 'przyszły przełożony', 'responsabile del team',
  ]),
];

/** The owner's own day marker pointing at invitations that are separate events. */
export const SEPARATE_INVITES = wordsPattern([
  'separate invites', 'separate invitations', 'separate calendar invites', 'actual invites', 'individual invites',
  'invites from the recruiter', 'invites to follow', 'einzelne einladungen', 'invitations séparées', 'invitaciones separadas',
  'convites separados', 'inviti separati', 'losse uitnodigingen', 'osobne zaproszenia', 'separata inbjudningar',
  '個別の招待', '별도 초대', '单独的邀请',
]);

/** Applying for another job at one's own employer: colleagues on the invite do not make it work. */
export const INTERNAL_MOBILITY = cue('an internal application', 2.5, [
  'internal application', 'applied internally', 'applying internally', 'internal candidate', 'internal mobility',
  'internal transfer', 'internal posting', 'internal job posting', 'internal opening', '社内公募', '社内異動',
  '社内fa', '사내 공모', '사내공모', '내부 공모', '内部转岗', '内部竞聘', '内部招聘', 'interne bewerbung',
  'interne ausschreibung', 'internen bewerbung', 'mobilité interne', 'mobilite interne', 'candidature interne',
  'movilidad interna', 'candidatura interna', 'mobilità interna', 'mobilidade interna', 'interne sollicitatie',
  'interne vacature', 'rekrutacja wewnętrzna', 'intern rekrytering', 'intern tjänst', 'iç başvuru', 'iç ilan',
  'التنقل الداخلي', 'internal job',
]);

/** Description words of events that are not the owner's interview, in many languages. */
export const DESCRIPTION_CONFOUNDERS_WORLD: Cue[] = [
  cue('the owner interviewing someone', -5, [
    '面接官', '면접관', '面试官', '评委', 'as interviewer', 'as an interviewer', 'as a panelist', 'als interviewer',
    'als interviewerin', 'en tant que recruteur', 'comme intervieweur', 'como entrevistador', 'como entrevistadora',
    'come intervistatore', 'come selezionatore', 'jako rekruter', 'som intervjuare', 'mülakatçı', 'interview lene',
    'interviews lene', 'interview leni', 'evaluation sheet', 'scorekaart', 'scoreformulier', 'bewertungsbogen',
    "grille d'évaluation", 'ficha de avaliação', 'ficha de evaluación', 'scheda di valutazione', 'arkusz oceny',
    '評価シート', '평가표', '评分表', '候选人', '応募者の', '지원자 이력서', 'مقيّم', 'değerlendirme formu',
  ]),
  cue('interview practice', -3.5, [
    'mock', 'simulation', 'simulated', 'symulacja', 'próbna', 'probna', 'simulación', 'simulacro', 'simulação',
    'simulacao', 'simulazione', "simulation d'entretien", 'probeinterview', 'übungsinterview', 'proefsollicitatie',
    'oefengesprek', '模擬面接', '모의 면접', '모의면접', '模拟面试', 'deneme mülakat', 'provintervju', 'övningsintervju',
    'career center', 'career centre', 'career services', 'careers service', 'biuro karier', 'karriereservice',
    'キャリアセンター', '취업지원센터', '就业指导', 'مركز التوظيف الجامعي',
  ]),
  cue('leaving a job', -4, [
    'exit interview', 'exitgesprek', 'exit-gesprek', 'austrittsgespräch', 'exit-gespräch', 'entretien de départ',
    'entretien de sortie', 'entrevista de salida', 'entrevista de desligamento', 'entrevista de saída', 'colloquio di uscita',
    'rozmowa wyjściowa', 'çıkış görüşmesi', 'çıkış mülakatı', '退職面談', '퇴사 면담', '퇴직 면담', '离职面谈', 'exitsamtal',
    'avgångssamtal', 'مقابلة الخروج', 'voordat je vertrekt', 'before you leave', 'your last day',
  ]),
  cue('a media appearance', -5, [
    'journalist', 'journaliste', 'journalistin', 'reporter', 'periodista', 'jornalista', 'giornalista', 'dziennikarz',
    'dziennikarka', 'gazeteci', '記者', '기자', '记者', 'صحفي', 'redactie', 'redaktion', 'rédaction', 'redacción',
    'redação', 'redazione', 'redakcja', 'artikel', 'artículo', 'artigo', 'articolo', 'radio', 'on air', 'o-ton',
    'pre-recorded', 'prerecorded', 'sendung', 'broadcast', '取材', '采访', '방송', 'إذاعة', 'canlı yayın', 'röportaj',
  ]),
  cue('a research study', -4.5, [
    'study participant', 'take part in our study', 'our study', 'audio-recorded', 'recorded with your consent',
    'voucher', 'gutschein', "bon d'achat", 'tarjeta regalo', 'vale-presente', 'buono regalo', 'cadeaubon', '謝礼',
    '사례비', '研究参与', 'studie', 'estudio de investigación', 'pesquisa acadêmica', 'badanie', 'araştırma',
  ]),
  cue('a job centre appointment', -4, [
    'job centre', 'job center', 'jobcenter', 'agentur für arbeit', 'arbeitsagentur', 'pôle emploi', 'france travail',
    'centro de emprego', 'iefp', 'sepe', 'inem', 'uwv', 'arbetsförmedlingen', 'urząd pracy', 'iskur', 'işkur',
    'ハローワーク', '고용센터', '人才市场', 'procura ativa de emprego', 'búsqueda activa de empleo', 'unemployment benefit',
  ]),
  cue('a deadline', -3, [
    'deadline', 'due by', 'due before', 'before midnight', 'until midnight', 'complete by', 'frist', 'bis spätestens',
    'date limite', 'fecha límite', 'plazo', 'prazo', 'até às 23', 'até 23h59', 'scadenza',
    'son tarih', 'sista dag', '締切', '締め切り', '期限', '마감', '截止', 'آخر موعد',
  ]),
  cue('a recorded one-way video', -3, [
    'one-way video', 'one way video', 'async video', 'asynchronous video', 'recorded video', 'video responses',
    'record your answers', 'gravada', 'gravado', 'grabada', 'aufgezeichnet', 'enregistrée', 'registrata', 'opgenomen',
    'nagrane', '録画', '녹화', '录制', 'perguntas em vídeo', 'preguntas en video',
  ]),
  cue('not part of the selection', -5, [
    'not part of the selection', 'not part of our selection', 'not part of the hiring process', 'not an interview',
    'kein vorstellungsgespräch', "pas un entretien", 'no es una entrevista', 'não é uma entrevista', 'non è un colloquio',
    'geen sollicitatiegesprek', 'nie jest rozmową rekrutacyjną', 'inte en intervju', 'değerlendirme değildir',
    '選考ではございません', '選考ではありません', '選考とは関係', '채용과 무관', '전형과 무관', '不是面试', '与招聘无关',
  ]),
  cue('housing or travel', -2.5, [
    'board interview for apt', 'co-op board', 'coop board', 'apartment purchase', 'site visit', 'dienstreise',
    'déplacement professionnel', 'viaje de trabajo', 'viagem de trabalho', 'trasferta', 'werkbezoek', 'służbowa',
    'tjänsteresa', 'iş seyahati', '出張', '출장', '出差',
  ]),
];

/**
 * Recruitment agencies: a consultant there calling about "a client" is a
 * screen for a role. Matched on the organiser's domain.
 */
const AGENCIES = [
  'hays', 'randstad', 'adecco', 'manpower', 'manpowergroup', 'michaelpage', 'pagegroup', 'pagepersonnel', 'roberthalf',
  'robertwalters', 'kellyservices', 'kforce', 'teksystems', 'aerotek', 'harveynash', 'morganmckinley', 'hudson',
  'experis', 'modis', 'akkodis', 'gi-group', 'gigroup', 'tempo-team', 'olympia', 'persolkelly', 'pasona', 'en-japan',
  'jac-recruitment', 'reed', 'spencerstuart', 'kornferry', 'heidrick', 'egonzehnder', 'russellreynolds', 'abcconsultants',
  'quesscorp', 'teamlease', 'ciel-hr', 'careernet',
];

/** The agency behind a domain ("hays.pl" -> "hays"), if it is one. */
export function agencyOf(domain: string | undefined): string | undefined {
  if (!domain) return undefined;
  const labels = domain.toLowerCase().split('.');
  return AGENCIES.find((agency) => labels.includes(agency));
}
