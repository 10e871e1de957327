/**
 * Word documents (.docx) with the `docx` package: the protocol here, the companions in
 * companions/docx.ts and the tracked-changes redline in redline/docx.ts, all from the same
 * document model as Markdown and HTML (the View, the companions' sections, the comparison), never
 * by converting HTML. This module is imported only when a .docx is made, so `--help` and the
 * other formats never load `docx`.
 *
 * Word's own built-in styles carry the structure (Title, heading 1, heading 2, TOC 1, footer,
 * Hyperlink, List Paragraph: Dutch Word shows them as Titel, Kop 1, Kop 2, Inhopg 1, Voettekst,
 * ...), so the navigation pane and the table of contents work and a school restyles the document
 * by changing a style. What Word has no style for gets a named style of its own (Voorblad school,
 * Tussenkop, Tabeltekst, ...).
 *
 * Deterministic: `packDocx` fixes what `docx` makes different per run or per process (the dates
 * in docProps/core.xml, the ids of bookmarks, which count on through a whole process, the zip
 * entries' times), so the same input gives the same bytes.
 */
import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  HeadingLevel,
  InternalHyperlink,
  LevelFormat,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableOfContents,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type FileChild,
  type INumberingOptions,
  type IStylesOptions,
  type ParagraphChild,
} from 'docx';
import { estimatePageNumbers } from 'docx/layout';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { Marked, type Token, type Tokens } from 'marked';
import type { Protocol } from '../assemble/assemble.js';
import type { Library } from '../library/load.js';
import { buildView, type View } from './view.js';

/** The font of every style: Arial, which LibreOffice draws with the metric-compatible Liberation Sans, so pages break alike. */
export const FONT = 'Arial';
const ACCENT = '1F3A5F';
const RULE = 'B9C1CB';
const LANGUAGE = 'nl-NL';
/** A4 with 25 mm margins, in twentieths of a point. */
const PAGE = { width: 11906, height: 16838, margin: 1418 };
export const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;

/** Style ids of the styles made here, for the paragraphs that use them. */
export const STYLE = {
  coverSchool: 'VoorbladSchool',
  coverStatus: 'VoorbladStatus',
  tocHeading: 'TOCHeading',
  subheading: 'Tussenkop',
  tableText: 'Tabeltekst',
  tableHeading: 'Tabelkop',
  note: 'Toelichting',
  fieldLabel: 'Veldnaam',
} as const;

export const styles: IStylesOptions = {
  default: {
    document: {
      run: { font: FONT, size: 21, language: { value: LANGUAGE } },
      // lineRule spelled out: LibreOffice reads a line height without it as exact, and lines of a large font overlap.
      paragraph: { spacing: { after: 120, line: 276, lineRule: LineRuleType.AUTO } },
    },
    listParagraph: { paragraph: { spacing: { after: 60 } } },
  },
  // Word's built-in styles under their own names (Dutch Word shows Titel, Kop 1, Kop 2), with their
  // outline levels spelled out, for the navigation pane and the table of contents.
  paragraphStyles: [
    { id: 'Title', name: 'Title', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { font: FONT, size: 48, bold: true, color: ACCENT }, paragraph: { spacing: { before: 0, after: 240, line: 240, lineRule: LineRuleType.AUTO } } },
    {
      id: 'Heading1',
      name: 'heading 1',
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: { font: FONT, size: 30, bold: true, color: ACCENT },
      paragraph: { spacing: { before: 360, after: 160 }, keepNext: true, keepLines: true, outlineLevel: 0 },
    },
    {
      id: 'Heading2',
      name: 'heading 2',
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: { font: FONT, size: 23, bold: true, color: ACCENT },
      paragraph: { spacing: { before: 240, after: 80 }, keepNext: true, keepLines: true, outlineLevel: 1 },
    },
    { id: STYLE.coverSchool, name: 'Voorblad school', basedOn: 'Normal', next: 'Normal', run: { size: 32, bold: true, color: ACCENT }, paragraph: { spacing: { after: 60 } } },
    { id: STYLE.coverStatus, name: 'Voorblad status', basedOn: 'Normal', next: 'Normal', run: { size: 26, color: '444444' }, paragraph: { spacing: { after: 720 } } },
    { id: STYLE.tocHeading, name: 'TOC Heading', basedOn: 'Normal', next: 'Normal', run: { size: 30, bold: true, color: ACCENT }, paragraph: { spacing: { after: 240 } } },
    { id: STYLE.subheading, name: 'Tussenkop', basedOn: 'Normal', next: 'Normal', run: { size: 22, bold: true, color: ACCENT }, paragraph: { spacing: { before: 240, after: 80 }, keepNext: true } },
    { id: STYLE.tableText, name: 'Tabeltekst', basedOn: 'Normal', run: { size: 18 }, paragraph: { spacing: { before: 40, after: 40, line: 240, lineRule: LineRuleType.AUTO } } },
    { id: STYLE.tableHeading, name: 'Tabelkop', basedOn: STYLE.tableText, run: { size: 18, bold: true } },
    { id: STYLE.note, name: 'Toelichting', basedOn: 'Normal', next: 'Normal', run: { italics: true, color: '555555' } },
    { id: STYLE.fieldLabel, name: 'Veldnaam', basedOn: STYLE.tableText, run: { size: 18, color: '444444' } },
    { id: 'Footer', name: 'footer', basedOn: 'Normal', run: { size: 16, color: '555555' }, paragraph: { spacing: { after: 0 } } },
    { id: 'TOC1', name: 'toc 1', basedOn: 'Normal', next: 'Normal', run: { bold: true }, paragraph: { spacing: { before: 120, after: 40 } } },
    { id: 'TOC2', name: 'toc 2', basedOn: 'Normal', next: 'Normal', paragraph: { indent: { left: 440 }, spacing: { after: 20 } } },
  ],
};

/** The numbering of lists: bullets and numbers, in two levels. */
export const BULLETS = 'opsomming';
export const NUMBERS = 'nummering';
export const numbering: INumberingOptions = {
  config: [
    {
      reference: BULLETS,
      levels: [
        { level: 0, format: LevelFormat.BULLET, text: '•', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 360, hanging: 360 } } } },
        { level: 1, format: LevelFormat.BULLET, text: '–', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 720, hanging: 360 } } } },
      ],
    },
    {
      reference: NUMBERS,
      levels: [
        { level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 360, hanging: 360 } } } },
        { level: 1, format: LevelFormat.LOWER_LETTER, text: '%2.', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 720, hanging: 360 } } } },
      ],
    },
  ],
};

/** Word bookmark names: letters, digits and underscores. "artikel-4.2" → "artikel_4_2". */
export const bookmarkName = (anchor: string) => anchor.replace(/[^A-Za-z0-9_]/g, '_');

/** The running footer: the document's text on the left, "pagina X van Y" as PAGE and NUMPAGES fields on the right. */
export function footer(text: string): Footer {
  return new Footer({
    children: [
      new Paragraph({
        style: 'Footer',
        border: { top: { style: BorderStyle.SINGLE, size: 4, color: RULE, space: 6 } },
        tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
        children: [new TextRun(text), new TextRun({ children: ['\tpagina ', PageNumber.CURRENT, ' van ', PageNumber.TOTAL_PAGES] })],
      }),
    ],
  });
}

export const pageProperties = {
  page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.margin, right: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, footer: 567 } },
};

// ------------------------------------------------------------------ Markdown → Word

const marked = new Marked({ gfm: true, breaks: false, async: false });

/** How inline text is written: its formatting, and which "artikel 4.2" become links. */
export interface InlineContext {
  /** Article numbers that are in this document, so a cross-reference to one links to its heading. */
  articles?: ReadonlySet<string>;
  /** Style of the paragraphs made (default: none, Normal). */
  style?: string;
  /** Counts the numbered lists of one document, so each starts at 1; one counter per document keeps the output the same per run. */
  lists?: { count: number };
}

interface Format {
  bold?: boolean;
  italics?: boolean;
  strike?: boolean;
}

const CROSS_REFERENCE = /\b(artikel|artikelen|en|of|tot en met) (\d+\.\d+)\b/g;

/** Plain text as runs; with known articles, "artikel 4.2" becomes an internal link to that article. */
export function textRuns(text: string, format: Format, context: InlineContext): ParagraphChild[] {
  const runs: ParagraphChild[] = [];
  const articles = context.articles;
  let at = 0;
  if (articles && articles.size > 0) {
    for (const match of text.matchAll(CROSS_REFERENCE)) {
      const number = match[2] ?? '';
      if (!articles.has(number)) continue;
      // Only after "artikel(en)" or in a list of articles that started with it: "artikel 4.1 en 4.2".
      const before = text.slice(0, match.index);
      if (match[1] !== 'artikel' && match[1] !== 'artikelen' && !/\bartikel(en)? \d+\.\d+(,? \d+\.\d+)*,?$/.test(before.trimEnd().replace(/ (en|of|tot en met)$/, ''))) continue;
      const start = (match.index ?? 0) + match[0].length - number.length;
      if (start > at) runs.push(new TextRun({ text: text.slice(at, start), ...format }));
      runs.push(new InternalHyperlink({ anchor: bookmarkName(`artikel-${number}`), children: [new TextRun({ text: number, ...format, style: 'Hyperlink' })] }));
      at = start + number.length;
    }
  }
  if (at < text.length) runs.push(new TextRun({ text: text.slice(at), ...format }));
  return runs;
}

/** Inline Markdown tokens as runs. */
function inlineRuns(tokens: readonly Token[] | undefined, format: Format, context: InlineContext): ParagraphChild[] {
  const runs: ParagraphChild[] = [];
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'strong':
        runs.push(...inlineRuns((token as Tokens.Strong).tokens, { ...format, bold: true }, context));
        break;
      case 'em':
        runs.push(...inlineRuns((token as Tokens.Em).tokens, { ...format, italics: true }, context));
        break;
      case 'del':
        runs.push(...inlineRuns((token as Tokens.Del).tokens, { ...format, strike: true }, context));
        break;
      case 'link': {
        const link = token as Tokens.Link;
        if (link.href.startsWith('#')) runs.push(new InternalHyperlink({ anchor: bookmarkName(link.href.slice(1)), children: inlineRuns(link.tokens, format, {}) }));
        else runs.push(new ExternalHyperlink({ link: link.href, children: [new TextRun({ text: link.text, ...format, style: 'Hyperlink' })] }));
        break;
      }
      case 'br':
        runs.push(new TextRun({ text: '', break: 1 }));
        break;
      case 'html':
        // Raw HTML in the library's texts: not markup in Word; <br> is a line break.
        if (/^<br\s*\/?>$/i.test(token.raw)) runs.push(new TextRun({ text: '', break: 1 }));
        break;
      case 'text': {
        const text = token as Tokens.Text;
        if (text.tokens && text.tokens.length > 0) runs.push(...inlineRuns(text.tokens, format, context));
        else runs.push(...textRuns(text.text, format, context));
        break;
      }
      case 'escape':
      case 'codespan':
        runs.push(...textRuns((token as Tokens.Escape).text, format, context));
        break;
      default:
        if ('text' in token && typeof token.text === 'string') runs.push(...textRuns(token.text, format, context));
    }
  }
  return runs;
}

/** One line of inline Markdown (a title, a table cell) as runs. */
export function inlineMarkdown(markdown: string, context: InlineContext = {}, format: Format = {}): ParagraphChild[] {
  return inlineRuns(marked.Lexer.lexInline(markdown), format, context);
}

/** Block Markdown (paragraphs, lists, headings) as Word paragraphs. Each numbered list starts at 1. */
export function markdownParagraphs(markdown: string, context: InlineContext = {}): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  const style = context.style ? { style: context.style } : {};
  const walk = (tokens: readonly Token[], level: number) => {
    for (const token of tokens) {
      switch (token.type) {
        case 'paragraph':
          paragraphs.push(new Paragraph({ ...style, children: inlineRuns((token as Tokens.Paragraph).tokens, {}, context) }));
          break;
        case 'heading':
          paragraphs.push(new Paragraph({ style: STYLE.subheading, children: inlineRuns((token as Tokens.Heading).tokens, {}, context) }));
          break;
        case 'list': {
          const list = token as Tokens.List;
          const lists = context.lists ?? { count: 0 };
          const instance = ++lists.count;
          for (const item of list.items) {
            const [first, ...rest] = item.tokens;
            const inline = first && (first.type === 'text' || first.type === 'paragraph') ? (first as Tokens.Text).tokens : undefined;
            paragraphs.push(
              new Paragraph({
                ...style,
                numbering: list.ordered ? { reference: NUMBERS, level: Math.min(level, 1), instance } : { reference: BULLETS, level: Math.min(level, 1) },
                children: inlineRuns(inline ?? (first ? [first] : []), {}, context),
              }),
            );
            walk(rest, level + 1);
          }
          break;
        }
        case 'text':
          paragraphs.push(new Paragraph({ ...style, children: inlineRuns((token as Tokens.Text).tokens ?? [token], {}, context) }));
          break;
        case 'space':
        case 'hr':
          break;
        default:
          if ('text' in token && typeof token.text === 'string' && token.text.trim()) {
            paragraphs.push(new Paragraph({ ...style, children: textRuns(token.text, {}, context) }));
          }
      }
    }
  };
  walk(marked.lexer(markdown), 0);
  return paragraphs;
}

// ------------------------------------------------------------------ tables

const CELL_MARGIN = { top: 60, bottom: 60, left: 100, right: 100 };
const GRID = { style: BorderStyle.SINGLE, size: 4, color: RULE };
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
export const LINE_TO_FILL = { style: BorderStyle.SINGLE, size: 6, color: '333333' };

export interface CellSpec {
  /** Paragraph children, or paragraphs. */
  children: ParagraphChild[] | Paragraph[];
  /** The bottom border as a line to write on, for a value to fill in by hand. */
  blank?: boolean;
  bold?: boolean;
}

const isParagraphs = (children: ParagraphChild[] | Paragraph[]): children is Paragraph[] => children.every((c) => c instanceof Paragraph) && children.length > 0;

/** A table with a grid (or, with `lines`, only lines to fill in), widths in shares of the text width. */
export function table(rows: CellSpec[][], options: { widths: number[]; header?: boolean; grid?: boolean; rowHeight?: number }): Table {
  const total = options.widths.reduce((a, b) => a + b, 0);
  const widths = options.widths.map((w) => Math.round((w / total) * TEXT_WIDTH));
  const grid = options.grid ?? true;
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: grid
      ? { top: GRID, bottom: GRID, left: GRID, right: GRID, insideHorizontal: GRID, insideVertical: GRID }
      : { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE },
    rows: rows.map(
      (cells, r) =>
        new TableRow({
          tableHeader: options.header === true && r === 0,
          cantSplit: true,
          ...(options.rowHeight && r > 0 ? { height: { value: options.rowHeight, rule: 'atLeast' as const } } : {}),
          children: cells.map((cell, c) => {
            const heading = (options.header === true && r === 0) || cell.bold === true;
            const paragraphs = isParagraphs(cell.children)
              ? cell.children
              : [new Paragraph({ style: heading ? STYLE.tableHeading : STYLE.tableText, children: cell.children })];
            return new TableCell({
              width: { size: widths[c] ?? 0, type: WidthType.DXA },
              margins: CELL_MARGIN,
              ...(options.header === true && r === 0 && grid ? { shading: { fill: 'EEF1F5', type: 'clear' as const, color: 'auto' } } : {}),
              ...(cell.blank ? { borders: { bottom: LINE_TO_FILL, top: NONE, left: NONE, right: NONE } } : {}),
              children: paragraphs,
            });
          }),
        }),
    ),
  });
}

/** A plain-text cell: text a person typed, not Markdown. */
export const plainCell = (text: string, options: Omit<CellSpec, 'children'> = {}): CellSpec => ({ children: text ? [new TextRun(text)] : [], ...options });

// ------------------------------------------------------------------ packing

export interface DocxProperties {
  title: string;
  /** The school: the document's author. */
  creator: string;
  description?: string;
  /** The document's date (YYYY-MM-DD): its created and modified date, for reproducible output. */
  date: string;
}

/** Wraps sections into a Document with the shared styles, numbering and properties. */
export function document(
  properties: DocxProperties,
  sections: { children: FileChild[]; footer?: string }[],
  extra: { trackRevisions?: boolean; contents?: boolean } = {},
): Document {
  return new Document({
    title: properties.title,
    creator: properties.creator,
    lastModifiedBy: properties.creator,
    ...(properties.description && { description: properties.description }),
    styles,
    numbering,
    // Laying out the pages to know the contents' page numbers takes most of the time of a .docx:
    // only a document with a table of contents needs it (Word counts the footer's pages itself).
    ...(extra.contents && { pageNumbers: estimatePageNumbers }),
    ...(extra.trackRevisions && { features: { trackRevisions: true } }),
    sections: sections.map((section) => ({
      properties: pageProperties,
      ...(section.footer !== undefined && { footers: { default: footer(section.footer) } }),
      children: section.children,
    })),
  });
}

/** Midnight UTC of the document's date, as core.xml writes dates. */
function w3cDate(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(new Date(`${iso}T00:00:00Z`).getTime())) {
    throw new Error(`ongeldige documentdatum "${iso}" (verwacht JJJJ-MM-DD)`);
  }
  return `${iso}T00:00:00Z`;
}

/**
 * Renumbers bookmark ids (w:id on bookmarkStart/End) and the table of contents' bookmark names
 * (_Toc<n>) in order of appearance: `docx` counts them on through the whole process, so the
 * second document of a run would otherwise get other numbers than the first.
 */
export function renumberBookmarks(xml: string): string {
  const ids = new Map<string, string>();
  const tocs = new Map<string, string>();
  return xml
    .replace(/(<w:bookmark(?:Start|End)\b[^>]*?\bw:id=")(\d+)(")/g, (_m, open: string, id: string, close: string) => {
      if (!ids.has(id)) ids.set(id, String(ids.size + 1));
      return `${open}${ids.get(id) ?? id}${close}`;
    })
    .replace(/_Toc(\d+)/g, (_m, n: string) => {
      if (!tocs.has(n)) tocs.set(n, String(tocs.size + 1));
      return `_Toc${tocs.get(n) ?? n}`;
    });
}

/** A fixed time for every zip entry: 1 January 1980 is the earliest a zip can write. */
const ZIP_TIME = new Date(1980, 0, 1, 0, 0, 0);

/** The .docx file's bytes: packed by `docx`, then made the same for the same input (see the module comment). */
export async function packDocx(doc: Document, properties: DocxProperties): Promise<Uint8Array> {
  const packed = await Packer.toBuffer(doc);
  const files = unzipSync(new Uint8Array(packed));
  const date = w3cDate(properties.date);
  const out: Zippable = {};
  for (const name of Object.keys(files).sort((a, b) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0))) {
    let data = files[name] ?? new Uint8Array();
    if (name.endsWith('.xml') || name.endsWith('.rels')) {
      let xml = strFromU8(data);
      if (name === 'docProps/core.xml') {
        xml = xml
          .replace(/(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g, `$1${date}$3`)
          .replace('</cp:coreProperties>', `<dc:language>${LANGUAGE}</dc:language></cp:coreProperties>`);
      }
      if (name.startsWith('word/')) xml = renumberBookmarks(xml);
      data = strToU8(xml);
    }
    out[name] = [data, { mtime: ZIP_TIME, level: 6 }];
  }
  return zipSync(out);
}

/** [Content_Types].xml first, as Word and the standard expect. */
const order = (name: string) => (name === '[Content_Types].xml' ? 0 : name.startsWith('_rels/') ? 1 : 2);

// ------------------------------------------------------------------ the protocol

const heading = (level: 1 | 2, anchor: string, text: string, context: InlineContext, pageBreakBefore = false) =>
  new Paragraph({
    heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
    ...(pageBreakBefore && { pageBreakBefore: true }),
    children: [new Bookmark({ id: bookmarkName(anchor), children: inlineMarkdown(text, context) })],
  });

const paragraph = (text: string, style?: string) => new Paragraph({ ...(style && { style }), children: [new TextRun(text)] });

/** The cover page: school, title, status and the document data. */
function cover(view: View): FileChild[] {
  const rows: [string, string][] = [
    ['School', view.school.naam],
    ...(view.school.bestuur ? [['Bestuur', view.school.bestuur] as [string, string]] : []),
    ['Plaats', view.school.plaats],
    ['Versie', view.document.versie],
    ['Datum', view.document.datum_lang],
    ['Status', view.document.status_tekst],
  ];
  return [
    new Paragraph({ style: STYLE.coverSchool, spacing: { before: 2400 }, children: [new TextRun(view.school.naam)] }),
    ...(view.school.bestuur ? [paragraph(view.school.bestuur, STYLE.coverStatus)] : []),
    new Paragraph({ heading: HeadingLevel.TITLE, spacing: { before: 1800 }, children: [new TextRun(view.titel)] }),
    paragraph(view.document.status_tekst, STYLE.coverStatus),
    table(
      rows.map(([label, value]) => [plainCell(label, { bold: true }), plainCell(value)]),
      { widths: [1, 3] },
    ),
  ];
}

const EXTRA_ANCHORS = { approval: 'vaststelling', appendix: 'verantwoording' };

/** The approval page: the paragraphs, the dates, the signatures, the versions. */
function approval(view: View): FileChild[] {
  const { approval: a, document: d } = view;
  const children: FileChild[] = [heading(1, EXTRA_ANCHORS.approval, 'Vaststelling', {}, true), ...a.paragraphs.map((p) => paragraph(p))];
  children.push(table(a.fields.map((f) => [plainCell(f.label, { bold: true }), plainCell(f.value, { blank: f.value === '' })]), { widths: [5, 4], grid: false, rowHeight: 480 }));
  children.push(paragraph('Ondertekening', STYLE.subheading));
  const signatures = a.signatures;
  children.push(
    table(
      [
        [plainCell(''), ...signatures.namens.map((n) => plainCell(n, { bold: true }))],
        ...signatures.rows.map((row) => [plainCell(row.label, { bold: true }), ...row.values.map((v) => plainCell(v, { blank: v === '' }))]),
        [plainCell('Handtekening', { bold: true }), ...signatures.namens.map(() => plainCell('', { blank: true }))],
      ],
      { widths: [2, 4, 4], grid: false, rowHeight: 560 },
    ),
  );
  if (a.versions.length > 0) {
    children.push(paragraph('Versies', STYLE.subheading));
    children.push(
      table(
        [
          ['Versie', 'Datum', 'Status', `Instemming ${d.raad}`, 'Opmerking'].map((h) => plainCell(h)),
          ...a.versions.map((v) => [v.versie, v.datum, v.status, v.instemming, v.opmerking].map((t) => plainCell(t))),
        ],
        { widths: [1, 2, 2, 2, 3], header: true },
      ),
    );
  }
  return children;
}

/** The Verantwoording appendix: the choices made, the sources per article, the protocols used. */
function appendix(view: View): FileChild[] {
  const children: FileChild[] = [
    heading(1, EXTRA_ANCHORS.appendix, 'Bijlage: Verantwoording', {}, true),
    paragraph('Gemaakte keuzes', STYLE.subheading),
    paragraph('Bij het opstellen van dit protocol zijn de volgende keuzes gemaakt. Per keuze staat wat die inhoudt.'),
    table([['Vraag', 'Keuze', 'Toelichting'].map((h) => plainCell(h)), ...view.choices.map((c) => [plainCell(c.prompt), plainCell(c.labels), plainCell(c.explanations)])], {
      widths: [3, 2, 5],
      header: true,
    }),
    paragraph('Bronnen per artikel', STYLE.subheading),
    paragraph(
      `De artikelen zijn gebaseerd op afspraken uit bestaande socialemediaprotocollen van basisscholen. Per artikel staan hieronder de bronnen: de code van het protocol en de plaats in dat protocol.${view.protocols.length > 0 ? ' De codes staan onder de tabel.' : ''} Bij 'Nieuw' is het artikel voor dit protocol geschreven: op basis van actuele wet- en regelgeving of landelijke afspraken, of als uitwerking van een keuze van de school.`,
    ),
    table([['Artikel', 'Titel', 'Bronnen'].map((h) => plainCell(h)), ...view.sourceRows.map((r) => [plainCell(r.number), plainCell(r.title), plainCell(r.sources)])], {
      widths: [1, 4, 5],
      header: true,
    }),
  ];
  if (view.protocols.length > 0) {
    children.push(paragraph('Gebruikte protocollen', STYLE.subheading));
    children.push(
      table([['Code', 'Protocol', 'Van'].map((h) => plainCell(h)), ...view.protocols.map((p) => [plainCell(p.code), plainCell(p.title), plainCell(p.organisation)])], {
        widths: [2, 5, 4],
        header: true,
      }),
    );
  }
  return children;
}

/** The table of contents: a TOC field over heading 1 and 2, its entries and page numbers written with it. */
export function contents(title = 'Inhoud'): FileChild[] {
  return [new Paragraph({ style: STYLE.tocHeading, children: [new TextRun(title)] }), new TableOfContents(title, { hyperlink: true, headingStyleRange: '1-2' })];
}

export interface ProtocolDocxOptions {
  /** The running footer's text (school, version, "(concept)"). */
  footer: string;
}

/** The protocol as the parts of a Word document, from the same View as the Markdown and the HTML. */
export function protocolDocument(protocol: Protocol, library: Library, options: ProtocolDocxOptions): { doc: Document; properties: DocxProperties } {
  const view = buildView(protocol, library);
  const articles = new Set(view.chapters.flatMap((c) => c.articles.map((a) => a.number)));
  const context: InlineContext = { articles, lists: { count: 0 } };
  const body: FileChild[] = [...contents()];
  view.chapters.forEach((chapter, index) => {
    body.push(heading(1, chapter.anchor, `${chapter.number} ${chapter.title}`, {}, index === 0));
    if (chapter.intro) body.push(...markdownParagraphs(chapter.intro, context));
    for (const article of chapter.articles) {
      body.push(heading(2, article.anchor, `${article.number}${article.title ? ` ${article.title}` : ''}`, {}));
      body.push(...markdownParagraphs(article.text, context));
    }
  });
  body.push(...approval(view), ...appendix(view));
  const properties: DocxProperties = {
    title: `${view.titel} – ${protocol.school.naam}`,
    creator: protocol.school.naam,
    description: `${view.titel} van ${protocol.school.naam}, versie ${protocol.document.versie}, ${view.document.datum_lang}`,
    date: protocol.document.datum,
  };
  const doc = document(properties, [{ children: cover(view) }, { children: body, footer: options.footer }], { contents: true });
  return { doc, properties };
}

export async function renderProtocolDocx(protocol: Protocol, library: Library, options: ProtocolDocxOptions): Promise<Uint8Array> {
  const { doc, properties } = protocolDocument(protocol, library, options);
  return packDocx(doc, properties);
}
