/**
 * The view of a Protocol that the document templates fill in: the same content for Markdown and
 * HTML. Text that a person typed (school name, names of signatories, ...) goes through `text`, so
 * the Markdown renderer can escape it; the HTML templates escape everything themselves.
 */
import type { Protocol } from '../assemble/assemble.js';
import type { Values } from '../answers/schema.js';
import type { Library } from '../library/load.js';

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
    /** The two signatories side by side: on whose behalf each signs, then a row per field ('' = a line to fill in). */
    signatures: { namens: string[]; rows: { label: string; values: string[] }[] };
    /** Earlier versions and this one, oldest first; empty without a version history. */
    versions: { versie: string; datum: string; status: string; instemming: string; opmerking: string }[];
  };
  choices: { prompt: string; labels: string; explanations: string }[];
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
  const when = years === undefined ? undefined : monthYearLater(from, years);
  if (years === undefined || when === undefined) return question.choices?.find((c) => c.value === value)?.label ?? value;
  const period = `${NUMBER_WORDS[years] ?? String(years)} jaar na vaststelling`;
  return `uiterlijk ${when} (${period})`;
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

  const paragraphs = [
    vastgesteld
      ? `${gezag} heeft dit protocol vastgesteld na instemming van ${raadVoluit}, op grond van de Wet medezeggenschap op scholen (WMS).`
      : `${gezag} legt dit protocol ter instemming voor aan ${raadVoluit}, op grond van de Wet medezeggenschap op scholen (WMS).`,
    `Het protocol bevat regels voor het gebruik van sociale media door leerlingen, ouders/verzorgers en medewerkers, en afspraken over de veiligheid en het welzijn van leerlingen en medewerkers. ` +
      `Voor het vaststellen en wijzigen van zulke regels en zulk beleid heeft het bevoegd gezag de instemming van de ${raad} nodig.` +
      (gmr ? ` Het protocol geldt voor alle scholen van ${bestuur ?? 'het bestuur'}; daarom stemt de GMR in.` : ''),
    vastgesteld
      ? `De instemming en de vaststelling gelden voor versie ${text(document.versie)} van ${datum}: ${scope}. De bijlage Verantwoording licht de gemaakte keuzes en de bronnen toe.`
      : `De ${raad} wordt gevraagd in te stemmen met versie ${text(document.versie)} van ${datum}: ${scope}. De bijlage Verantwoording licht de gemaakte keuzes en de bronnen toe. Na instemming stelt het bevoegd gezag het protocol vast.`,
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
  const evaluatie = evaluation(library, values, instemming > document.datum ? instemming : document.datum);
  const fields: Field[] = [
    { label: `Besproken met de ${raad} op`, value: besproken ? longDate(besproken) : '' },
    { label: `Instemming van de ${raad} op`, value: instemming ? longDate(instemming) : '' },
    { label: 'Vastgesteld door het bevoegd gezag op', value: vaststelling },
    ...(evaluatie ? [{ label: 'Evaluatie', value: evaluatie }] : []),
  ];
  const plaats = text(school.plaats);
  const signatures = {
    namens: [gmr ? `Namens het bestuur${bestuur ? ` van ${bestuur}` : ''}` : 'Namens het bevoegd gezag', `Namens ${raadVoluit}`],
    rows: [
      { label: 'Naam', values: [text(str(values, 'ondertekenaar')), text(str(values, 'voorzitter'))] },
      { label: 'Functie', values: [gmr ? 'bestuurder' : 'directeur', `voorzitter ${raad}`] },
      { label: 'Plaats', values: [plaats, plaats] },
      { label: 'Datum', values: [vaststelling, instemming ? longDate(instemming) : ''] },
    ],
  };

  const provisions = new Map(library.sources.provisions.map((p) => [p.id, p]));
  const used = new Set<string>();
  /** Per source protocol its code and the provisions used: "kalisto: A.6, inleiding.p4; gsv: afspraken.7". */
  const sourceList = (ids: readonly string[]) => {
    const groups = new Map<string, string[]>();
    for (const id of ids) {
      const provision = provisions.get(id);
      const code = provision?.protocol ?? id.split('/')[0] ?? id;
      used.add(code);
      groups.set(code, [...(groups.get(code) ?? []), provision?.ref ?? id.slice(code.length + 1)]);
    }
    return [...groups].map(([code, refs]) => `${code}: ${refs.join(', ')}`).join('; ');
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
    approval: { paragraphs, fields, signatures, versions },
    choices: protocol.choices.map((c) => ({
      prompt: text(c.prompt),
      labels: text(c.labels.join(', ')),
      // With several options chosen, each explanation says which option it explains.
      explanations: text(c.labels.length > 1 ? c.explanations.map((e, i) => `${capitalize(c.labels[i] ?? '')}: ${e}`).join(' ') : c.explanations.join(' ')),
    })),
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
