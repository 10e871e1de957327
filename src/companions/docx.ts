/**
 * The companion documents as Word documents, from the same assembled Companion as their Markdown
 * and HTML (see index.ts): the pupils' version, the letter to parents, and the consent form as a
 * Word form with a checkbox content control for "ja" and for "nee" per medium, which a parent
 * ticks in Word by clicking it. Imported only when a .docx is made.
 */
import { CheckBox, HeadingLevel, Paragraph, TextRun, type FileChild } from 'docx';
import type { Protocol } from '../assemble/assemble.js';
import { document, inlineMarkdown, markdownParagraphs, packDocx, plainCell, STYLE, table, type CellSpec, type DocxProperties } from '../render/docx.js';
import { longDate } from '../render/view.js';
import { joinBlocks, type Companion, type Section } from './index.js';
import { COMPANIONS } from './texts.js';

const str = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

const title = (markdown: string) => new Paragraph({ heading: HeadingLevel.TITLE, children: inlineMarkdown(markdown) });
const line = (text: string, style?: string, bold = false) => new Paragraph({ ...(style && { style }), children: [new TextRun({ text, bold })] });
/** The school's name above a title. */
const schoolLine = (text: string) => new Paragraph({ style: STYLE.coverSchool, spacing: { after: 240 }, children: [new TextRun(text)] });

/** The sections of a part: a heading (Kop 1, or Tussenkop in a letter) when the section has a title, then its text. */
function sections(list: readonly Section[] | undefined, lists: { count: number }, headingStyle: 'kop' | 'tussenkop' = 'kop'): FileChild[] {
  return (list ?? []).flatMap((section) => [
    ...(section.title
      ? [new Paragraph({ ...(headingStyle === 'kop' ? { heading: HeadingLevel.HEADING_1 } : { style: STYLE.subheading }), children: inlineMarkdown(section.title) })]
      : []),
    ...markdownParagraphs(joinBlocks(section.texts), { lists }),
  ]);
}

/** A row of fields to fill in by hand: a label, then a line. */
const fields = (labels: string[], widths: number[]) =>
  table(
    labels.map((label) => [plainCell(label, { bold: true }), plainCell('', { blank: true })]),
    { widths, grid: false, rowHeight: 520 },
  );

function leerlingversie(companion: Companion, protocol: Protocol, name: string, lists: { count: number }): FileChild[] {
  return [
    schoolLine(`${protocol.school.naam} · ${name}`),
    title(companion.title),
    ...sections(companion.parts.afspraken, lists),
    ...sections(companion.parts.hulp, lists),
    new Paragraph({ spacing: { before: 480 }, children: [new TextRun('Wij hebben deze afspraken besproken in groep ………… op ……………………………')] }),
  ];
}

function ouderbrief(companion: Companion, protocol: Protocol, lists: { count: number }): FileChild[] {
  const { school, document: doc, values } = protocol;
  const ondertekenaar = doc.raad === 'GMR' ? '' : str(values.ondertekenaar);
  return [
    line(school.naam, STYLE.coverSchool),
    ...(school.bestuur ? [line(school.bestuur, STYLE.coverStatus)] : []),
    new Paragraph({ spacing: { before: 480 }, children: [new TextRun(`${school.plaats}, ${longDate(doc.datum)}`)] }),
    new Paragraph({ spacing: { before: 240, after: 240 }, children: [new TextRun({ text: 'Betreft: ', bold: true }), ...inlineMarkdown(companion.title)] }),
    line('Beste ouders/verzorgers,'),
    ...sections(companion.parts.brief, lists, 'tussenkop'),
    new Paragraph({ spacing: { before: 360 }, children: [new TextRun('Met vriendelijke groet,')] }),
    ...(ondertekenaar ? [new Paragraph({ spacing: { before: 480, after: 0 }, children: [new TextRun(ondertekenaar)] }), line(`directeur van ${school.naam}`)] : [new Paragraph({ spacing: { before: 480 }, children: [new TextRun(`De directeur van ${school.naam}`)] })]),
  ];
}

/** A checkbox content control, named after the medium and the answer, so Word's form tools and a reader of the file know which it is. */
const checkbox = (medium: string, answer: 'ja' | 'nee'): CellSpec => ({
  children: [new Paragraph({ style: STYLE.tableText, alignment: 'center', children: [new CheckBox({ alias: `${answer}: ${medium}`, checked: false })] })],
});

function toestemmingsformulier(companion: Companion, protocol: Protocol, lists: { count: number }): FileChild[] {
  const media = companion.parts.media ?? [];
  const plain = (markdown: string) => markdown.replace(/\\([\s\S])/g, '$1').replace(/\*\*/g, '');
  return [
    schoolLine(protocol.school.naam),
    title(companion.title),
    ...sections(companion.parts.uitleg, lists),
    fields(['Naam van uw kind', 'Groep'], [3, 7]),
    new Paragraph({ spacing: { before: 240 }, children: [new TextRun('Kruis per medium '), new TextRun({ text: 'ja', bold: true }), new TextRun(' of '), new TextRun({ text: 'nee', bold: true }), new TextRun(' aan.')] }),
    table(
      [
        [plainCell("Mogen wij foto's en video's van uw kind gebruiken in:"), plainCell('ja'), plainCell('nee')],
        ...media.map((section): CellSpec[] => [
          {
            children: [
              new Paragraph({ style: STYLE.tableText, children: inlineMarkdown(section.title, {}, { bold: true }) }),
              ...markdownParagraphs(joinBlocks(section.texts), { style: STYLE.tableText, lists }),
            ],
          },
          checkbox(plain(section.title), 'ja'),
          checkbox(plain(section.title), 'nee'),
        ]),
      ],
      { widths: [8, 1, 1], header: true },
    ),
    ...sections(companion.parts.afspraken, lists),
    fields(['Naam ouder/verzorger', 'Handtekening ouder/verzorger', 'Datum'], [3, 7]),
    ...(companion.parts.inleveren ?? []).flatMap((s) => markdownParagraphs(joinBlocks(s.texts), { lists })),
  ];
}

/** One companion document as .docx bytes. */
export async function renderCompanionDocx(companion: Companion, protocol: Protocol): Promise<Uint8Array> {
  const spec = COMPANIONS.find((c) => c.id === companion.id) ?? COMPANIONS[0];
  const lists = { count: 0 };
  const children =
    companion.id === 'leerlingversie'
      ? leerlingversie(companion, protocol, spec.name, lists)
      : companion.id === 'ouderbrief'
        ? ouderbrief(companion, protocol, lists)
        : toestemmingsformulier(companion, protocol, lists);
  const properties: DocxProperties = {
    title: `${spec.name} – ${protocol.school.naam}`,
    creator: protocol.school.naam,
    date: protocol.document.datum,
  };
  return packDocx(document(properties, [{ children, footer: `${protocol.school.naam} · ${spec.footer}` }]), properties);
}
