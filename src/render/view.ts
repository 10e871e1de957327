/**
 * The view of a Protocol that the document templates fill in: the same for Markdown and HTML,
 * with raw (unescaped) text; each renderer escapes for its own format.
 */
import type { Protocol } from '../assemble.js';
import type { Library } from '../library.js';

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

/** "2026-11-22" → "22 november 2026". */
export function longDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  if (!year || !month || !day) return iso;
  return `${day} ${MONTHS[month - 1] ?? ''} ${year}`;
}

export interface View {
  titel: string;
  school: { naam: string; bestuur?: string; plaats: string };
  document: { versie: string; datum: string; datum_lang: string; status: string; status_tekst: string; raad: string };
  chapters: Protocol['chapters'];
  approval: {
    tekst: string;
    raad_voluit: string;
    ondertekenaar_rol: string;
    ondertekenaar: string;
    voorzitter: string;
    datum: string;
    instemming: string;
  };
  choices: { prompt: string; labels: string; explanations: string }[];
  sourceRows: { number: string; sources: string }[];
}

const BLANK = '…………………………';

export function buildView(protocol: Protocol, library: Library): View {
  const { school, document } = protocol;
  const gmr = document.raad === 'GMR';
  const raadVoluit = gmr ? 'de gemeenschappelijke medezeggenschapsraad (GMR)' : 'de medezeggenschapsraad (MR)';
  const vastgesteld = document.status === 'vastgesteld';
  const provisions = new Map(library.sources.provisions.map((p) => [p.id, p]));
  const protocols = new Map(library.sources.protocols.map((p) => [p.id, p]));
  const sourceName = (id: string) => {
    const provision = provisions.get(id);
    const source = provision && protocols.get(provision.protocol);
    if (!provision || !source) return id;
    const year = source.date ? ` (${source.date.slice(0, 4)})` : '';
    return `${source.organisation}${year}, ${provision.ref}`;
  };
  return {
    titel: 'Protocol sociale media',
    school: { naam: school.naam, ...(school.bestuur && { bestuur: school.bestuur }), plaats: school.plaats },
    document: {
      versie: document.versie,
      datum: document.datum,
      datum_lang: longDate(document.datum),
      status: document.status,
      status_tekst: vastgesteld ? `Vastgesteld na instemming van de ${document.raad}` : `Concept ter instemming van de ${document.raad}`,
      raad: document.raad,
    },
    chapters: protocol.chapters,
    approval: {
      tekst: vastgesteld
        ? `Dit protocol is vastgesteld na instemming van ${raadVoluit}, op grond van de Wet medezeggenschap op scholen (WMS).`
        : `Dit protocol wordt ter instemming voorgelegd aan ${raadVoluit}, op grond van de Wet medezeggenschap op scholen (WMS). Na instemming wordt het vastgesteld.`,
      raad_voluit: raadVoluit,
      ondertekenaar_rol: gmr ? 'Namens het bestuur' : 'De directeur',
      ondertekenaar: BLANK,
      voorzitter: BLANK,
      datum: vastgesteld ? longDate(document.datum) : BLANK,
      instemming: BLANK,
    },
    choices: protocol.choices.map((c) => ({
      prompt: c.prompt,
      labels: c.labels.join(', '),
      explanations: c.explanations.join(' '),
    })),
    sourceRows: protocol.chapters.flatMap((chapter) =>
      chapter.articles.map((article) => ({
        number: article.number,
        sources: article.sources.length > 0 ? article.sources.map(sourceName).join('; ') : 'Nieuw (actuele regelgeving)',
      })),
    ),
  };
}
