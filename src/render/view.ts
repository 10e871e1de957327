/**
 * The view of a Protocol that the document templates fill in: the same content for Markdown and
 * HTML. Text that a person typed (school name, names of signatories, ...) goes through `text`, so
 * the Markdown renderer can escape it; the HTML templates escape everything themselves.
 */
import type { Protocol } from '../assemble/assemble.js';
import type { Values } from '../answers/schema.js';
import type { Library } from '../library/load.js';
import { memo } from '../util/text.js';

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
const NUMBER_WORDS = ['nul', 'een', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen', 'tien'];

function parseIso(iso: string): { year: number; month: number; day: number } | undefined {
  const [year, month, day] = iso.split('-').map(Number);
  return year && month && day ? { year, month, day } : undefined;
}

/** "2026-11-22" → "22 november 2026". */
export function longDate(iso: string): string {
  const date = parseIso(iso);
  return date ? `${date.day} ${MONTHS[date.month - 1] ?? ''} ${date.year}` : iso;
}

/** "2026-11-22" plus 2 years → "november 2028". */
export function monthYearLater(iso: string, years: number): string | undefined {
  const date = parseIso(iso);
  return date ? `${MONTHS[date.month - 1] ?? ''} ${date.year + years}` : undefined;
}

/** The evaluation period in years from a choice value such as `2-jaar` or `tweejaarlijks`. */
export function evaluationYears(value: string): number | undefined {
  const digits = /^(\d+)-?jaar/.exec(value)?.[1];
  if (digits) return Number(digits);
  if (value === 'jaarlijks') return 1;
  const word = /^([a-z]+)jaarlijks$/.exec(value)?.[1];
  const index = word ? NUMBER_WORDS.indexOf(word) : -1;
  return index > 0 ? index : undefined;
}

export interface ViewArticle {
  number: string;
  anchor: string;
  /** '' when the article has no heading of its own. */
  title: string;
  /** Markdown body, as assembled. */
  text: string;
}

export interface ViewChapter {
  number: number;
  anchor: string;
  title: string;
  /** Markdown; '' when none. */
  intro: string;
  articles: ViewArticle[];
}

/** One line of the approval page: a label and a value, or an empty value: a line to fill in by hand. */
export interface Field {
  label: string;
  value: string;
}

export interface View {
  titel: string;
  school: { naam: string; bestuur?: string; plaats: string };
  document: { versie: string; datum_lang: string; status_tekst: string; raad: string };
  chapters: ViewChapter[];
  approval: {
    paragraphs: string[];
    fields: Field[];
    /** The outcome of the council's decision: the options to tick on a concept, or the outcome. */
    outcome: { label: string; options: string[]; chosen: string };
    /** The two signatories side by side: on whose behalf each signs, then a row per field ('' = a line to fill in). */
    signatures: { namens: string[]; rows: { label: string; values: string[] }[] };
    /** Earlier versions and this one, oldest first; empty without a version history. */
    versions: { versie: string; datum: string; status: string; instemming: string; opmerking: string }[];
  };
  choices: { prompt: string; labels: string; explanations: string }[];
  /** Whether the appendix lists the sources per article (question `bijlage`); otherwise only the choices. */
  showSources: boolean;
  sourceRows: { number: string; title: string; sources: string }[];
  /** The source protocols the articles draw on, by the code used in `sourceRows`. */
  protocols: { code: string; organisation: string; title: string }[];
}

/** Anchors (ids) of the document's parts: the same in HTML, the PDF's destinations and its table of contents. */
export const anchors = {
  chapter: (number: number) => `hoofdstuk-${number}`,
  article: (number: string) => `artikel-${number}`,
};

const capitalize = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);

/** How the approval page names each companion document as part of what is approved. */
const COMPANION_NAMES: Record<string, string> = {
  leerlingversie: 'de leerlingversie',
  ouderbrief: 'de brief aan ouders/verzorgers',
  toestemmingsformulier: 'het toestemmingsformulier voor beeldmateriaal',
};

/** Clauses that bind staff but whose files do not mark them with `staff: true` yet. */

/** Text after a colon starts in lower case, unless it starts with an abbreviation or a name in capitals ("AI", "MR"). */
const afterColon = (text: string) => (/^[A-Z][A-Z]/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1));

const dutchAnd = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} en ${items[items.length - 1] ?? ''}`;

const str = (values: Values, id: string) => {
  const value = values[id];
  return typeof value === 'string' ? value.trim() : '';
};

/** The evaluation line from the `evaluatie` question, when the library has it and it is answered. */
function evaluation(library: Library, values: Values, from: string): string | undefined {
  const question = library.questions.find((q) => q.id === 'evaluatie');
  const value = values.evaluatie;
  if (!question || typeof value !== 'string') return undefined;
  const years = evaluationYears(value);
  // Counted from the establishment; a concept has no date of establishment yet.
  if (years !== undefined && !from) return `${NUMBER_WORDS[years] ?? String(years)} jaar na vaststelling`;
  const when = years === undefined ? undefined : monthYearLater(from, years);
  if (years === undefined || when === undefined) return question.choices?.find((c) => c.value === value)?.label ?? value;
  const period = `${NUMBER_WORDS[years] ?? String(years)} jaar na vaststelling`;
  return `uiterlijk ${when} (${period})`;
}

/** Per library: its provisions by id, and the source lists already made (the same articles recur in every school). */
const sourceLists = new WeakMap<Library, { provisions: Map<string, Library['sources']['provisions'][number]>; lists: Map<string, { list: string; codes: string[] }> }>();

/** The sources of an article as one line ("kalisto: A.6, inleiding.p4; gsv: afspraken.7"), and the codes of the protocols it names. */
function sourceListOf(library: Library, ids: readonly string[]): { list: string; codes: string[] } {
  const cache = memo(sourceLists, library, () => ({ provisions: new Map(library.sources.provisions.map((p) => [p.id, p])), lists: new Map() }));
  return memo(cache.lists, ids.join('\n'), () => {
    const groups = new Map<string, string[]>();
    for (const id of ids) {
      const provision = cache.provisions.get(id);
      const code = provision?.protocol ?? id.split('/')[0] ?? id;
      groups.set(code, [...(groups.get(code) ?? []), provision?.ref ?? id.slice(code.length + 1)]);
    }
    return { list: [...groups].map(([code, refs]) => `${code}: ${refs.join(', ')}`).join('; '), codes: [...groups.keys()] };
  });
}

export function buildView(protocol: Protocol, library: Library, text: (raw: string) => string = (raw) => raw): View {
  const { school, document, values } = protocol;
  const gmr = document.raad === 'GMR';
  const raad = gmr ? 'GMR' : 'MR';
  const raadVoluit = gmr ? 'de gemeenschappelijke medezeggenschapsraad (GMR)' : 'de medezeggenschapsraad (MR)';
  const vastgesteld = document.status === 'vastgesteld';
  const naam = text(school.naam);
  const bestuur = school.bestuur ? text(school.bestuur) : undefined;
  const datum = longDate(document.datum);
  const besproken = str(values, 'besproken');
  const instemming = vastgesteld ? str(values, 'instemming') : '';
  // A protocol is established (vastgesteld) on the document's date, which cannot come before the
  // consent; when it does, the date of establishment is left as a line to fill in by hand.
  const vaststelling = vastgesteld && !(instemming && document.datum < instemming) ? datum : '';
  const count = protocol.chapters.length;
  const scope = count === 1 ? 'hoofdstuk 1' : `de hoofdstukken 1 tot en met ${count}`;
  const gezag = bestuur ? `${bestuur}, het bevoegd gezag van ${naam},` : `Het bevoegd gezag van ${naam}`;

  const companions = (protocol.companions ?? []).map((id) => COMPANION_NAMES[id] ?? id);
  const approved = companions.length > 0 ? `${scope}, met als bijbehorende documenten ${dutchAnd(companions)}` : scope;
  // The articles that bind staff: the chapter for staff, and outside it every article whose clause
  // has `staff: true`.
  const staffChapter = protocol.chapters.find((c) => c.id === 'medewerkers');
  const staffArticles = protocol.chapters
    .filter((c) => c !== staffChapter)
    .flatMap((c) => c.articles)
    .filter((a) => a.staff);
  const staffNumbers = staffArticles.map((a) => a.number);
  const staffParts = [
    ...(staffChapter ? [`hoofdstuk ${staffChapter.number}`] : []),
    ...(staffNumbers.length === 1 ? [`artikel ${staffNumbers[0] ?? ''}`] : staffNumbers.length > 1 ? [`de artikelen ${dutchAnd(staffNumbers)}`] : []),
  ];
  const staffScope = dutchAnd(staffParts);
  const geleding = gmr ? 'de personeelsgeleding van de GMR' : 'de personeelsgeleding van de MR';
  // Without a `bijlage` question (an older or custom library) the appendix keeps its source table.
  const showSources = library.questions.some((q) => q.id === 'bijlage') ? str(values, 'bijlage') === 'bronnen' : true;
  const bijlage = showSources ? 'De bijlage Verantwoording licht de gemaakte keuzes en de bronnen toe.' : 'De bijlage Verantwoording licht de gemaakte keuzes toe.';

  const paragraphs = [
    (vastgesteld
      ? `${gezag} heeft dit protocol vastgesteld na instemming van ${raadVoluit}.`
      : `${gezag} legt dit protocol ter instemming voor aan ${raadVoluit}.`) +
      ` Het protocol bevat regels voor het gebruik van sociale media door leerlingen, ouders/verzorgers en medewerkers, en regels op het gebied van hun veiligheid en welzijn. ` +
      `Daarvoor is instemming nodig op grond van artikel 10 van de Wet medezeggenschap op scholen (WMS), onder c (het schoolreglement) en onder e (regels op het gebied van het veiligheids-, gezondheids- en welzijnsbeleid).` +
      (gmr ? ` Het protocol geldt voor alle scholen van ${bestuur ?? 'het bestuur'}; daarom stemt de GMR in, in plaats van de MR van elke school.` : ''),
    ...(staffScope
      ? [`${capitalize(staffScope)} ${staffParts.length > 1 || staffNumbers.length > 1 ? 'betreffen' : 'betreft'} het personeel; daarvoor is ook de instemming van ${geleding} nodig (${gmr ? 'op grond van de WMS' : 'op grond van artikel 12 WMS'}), die er apart over stemt.`]
      : []),
    ...(str(values, 'organisatie') === 'kindcentrum'
      ? ['De voorschool en de buitenschoolse opvang in het kindcentrum hebben een eigen houder. Die legt het protocol voor de opvang voor aan de oudercommissie; de instemming van de medezeggenschap hieronder geldt voor de school.']
      : []),
    vastgesteld
      ? `De instemming en de vaststelling gelden voor versie ${text(document.versie)} van ${datum}: ${approved}. ${bijlage}`
      : `Ter instemming ligt voor: versie ${text(document.versie)} van ${datum}, ${approved}. ${bijlage} Na instemming stelt het bevoegd gezag het protocol vast; pas dan gaan de afspraken gelden.`,
  ];
  const against = protocol.revision?.redlineAgainst;
  if (against) {
    paragraphs.push(
      `Bij dit protocol hoort een wijzigingsoverzicht: daarin staat per artikel wat er is veranderd ten opzichte van versie ${text(against.versie)}` +
        `${against.instemming ? `, waarmee de ${raad} op ${longDate(against.instemming)} instemde` : ''}. Doorgehaalde tekst vervalt, onderstreepte tekst komt erbij.`,
    );
  }
  const history = protocol.revision?.history ?? [];
  const versions = history.length === 0 ? [] : [
    ...history.map((entry) => ({
      versie: text(entry.versie),
      datum: longDate(entry.datum),
      status: entry.status === 'vastgesteld' ? 'Vastgesteld' : 'Concept',
      instemming: entry.instemming ? longDate(entry.instemming) : '–',
      opmerking: entry.opmerking ? text(entry.opmerking) : '',
    })),
    { versie: text(document.versie), datum, status: vastgesteld ? 'Vastgesteld' : 'Concept (deze versie)', instemming: instemming ? longDate(instemming) : '–', opmerking: '' },
  ];
  // The personeelsgeleding votes on the staff rules; unless told otherwise, on the day the council consented.
  const instemmingPersoneel = vastgesteld ? str(values, 'instemming_personeel') || instemming : '';
  const vaststellingIso = vastgesteld && !(instemming && document.datum < instemming) ? document.datum : '';
  const evaluatie = evaluation(library, values, vaststellingIso);
  const fields: Field[] = [
    { label: `Besproken met de ${raad} op`, value: besproken ? longDate(besproken) : '' },
    { label: `Instemming van de ${raad} op`, value: instemming ? longDate(instemming) : '' },
    ...(staffScope ? [{ label: `Instemming van ${geleding} op`, value: instemmingPersoneel ? longDate(instemmingPersoneel) : '' }] : []),
    { label: 'Vastgesteld door het bevoegd gezag op', value: vaststelling },
    ...(evaluatie ? [{ label: 'Evaluatie', value: evaluatie }] : []),
  ];
  const outcome = {
    label: `Besluit van de ${raad}`,
    options: ['instemming verleend', 'instemming onthouden', 'instemming verleend, met aanbevelingen (zie bijlage bij dit besluit)'],
    chosen: vastgesteld ? 'instemming verleend' : '',
  };
  const plaats = text(school.plaats);
  // The board (bevoegd gezag) establishes the protocol: its bestuurder signs, or the director under a mandate.
  const ondertekening = str(values, 'ondertekening') || (gmr ? 'bestuurder' : 'directeur');
  const mandaat = str(values, 'mandaat');
  const namensGezag = `Namens het bevoegd gezag${bestuur ? ` (${bestuur})` : ''}`;
  // The personeelsgeleding signs for the staff rules in a column of its own.
  const staffColumn = staffScope !== '';
  const withStaff = (values: string[], staffValue: string) => (staffColumn ? [...values, staffValue] : values);
  const signatures = {
    namens: withStaff([namensGezag, `Namens ${raadVoluit}`], `Namens ${geleding}`),
    rows: [
      { label: 'Naam', values: withStaff([text(str(values, 'ondertekenaar')), text(str(values, 'voorzitter'))], '') },
      { label: 'Functie', values: withStaff([ondertekening === 'bestuurder' ? 'bestuurder' : 'directeur', `voorzitter ${raad}`], 'lid van de personeelsgeleding') },
      ...(ondertekening === 'directeur' ? [{ label: 'Mandaat', values: withStaff([mandaat ? `op grond van ${text(mandaat)}` : '', '–'], '–') }] : []),
      { label: 'Plaats', values: withStaff([plaats, plaats], plaats) },
      { label: 'Datum', values: withStaff([vaststelling, instemming ? longDate(instemming) : ''], instemmingPersoneel ? longDate(instemmingPersoneel) : '') },
    ],
  };

  const used = new Set<string>();
  /** Per source protocol its code and the provisions used: "kalisto: A.6, inleiding.p4; gsv: afspraken.7". */
  const sourceList = (ids: readonly string[]) => {
    const { list, codes } = sourceListOf(library, ids);
    for (const code of codes) used.add(code);
    return list;
  };

  const chapters: ViewChapter[] = protocol.chapters.map((chapter) => ({
    number: chapter.number,
    anchor: anchors.chapter(chapter.number),
    title: chapter.title,
    intro: chapter.intro,
    articles: chapter.articles.map((article) => ({
      number: article.number,
      anchor: anchors.article(article.number),
      title: article.title,
      text: article.text,
    })),
  }));
  // Before `protocols` below: listing the sources marks the protocols used.
  const sourceRows = protocol.chapters.flatMap((chapter) =>
    chapter.articles.map((article) => ({
      number: article.number,
      title: text(article.title),
      sources: article.sources.length > 0 ? text(sourceList(article.sources)) : 'Nieuw',
    })),
  );

  return {
    titel: 'Protocol sociale media',
    school: { naam, ...(bestuur && { bestuur }), plaats },
    document: {
      versie: text(document.versie),
      datum_lang: datum,
      status_tekst: vastgesteld ? `Vastgesteld na instemming van de ${raad}` : `Concept ter instemming van de ${raad}`,
      raad,
    },
    chapters,
    approval: { paragraphs, fields, outcome, signatures, versions },
    choices: protocol.choices.map((c) => ({
      prompt: text(c.prompt),
      labels: text(c.labels.join(', ')),
      // With several options chosen, each explanation says which option it explains.
      explanations: text(c.labels.length > 1 ? c.explanations.map((e, i) => `${capitalize(c.labels[i] ?? '')}: ${afterColon(e)}`).join(' ') : c.explanations.join(' ')),
    })),
    showSources,
    sourceRows,
    protocols: library.sources.protocols
      .filter((p) => used.has(p.id))
      .map((p) => ({
        code: p.id,
        organisation: text(`${p.organisation}${p.place ? `, ${p.place}` : ''}`),
        title: text(p.date && !p.title.includes(p.date.slice(0, 4)) ? `${p.title} (${p.date.slice(0, 4)})` : p.title),
      })),
  };
}
