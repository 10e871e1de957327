/**
 * Companion documents beside the protocol: the pupils' version, the letter to parents and the
 * photo consent form. Made from the same answers and the same Protocol: their texts are data
 * (clauses/documenten/, see texts.ts) with the protocol's conditions and placeholders, filled in
 * by the protocol's textFiller, then put into a Markdown and an HTML template per document
 * (templates/<document>.md.hbs, .html.hbs, .css). Pure and deterministic, like assemble().
 */
import { AssemblyError, textFiller, type Protocol } from '../assemble/assemble.js';
import type { Values } from '../answers/schema.js';
import { evaluate } from '../library/conditions.js';
import { inputError } from '../util/errors.js';
import { pdfFingerprint } from '../render/fingerprint.js';
import type { Library } from '../library/load.js';
import { htmlTemplate, markdownToHtml, marked, stylesheet } from '../render/html.js';
import { markdownTemplate } from '../render/markdown.js';
import { longDate } from '../render/view.js';
import { closest, tidyMarkdown, dutchList, escapeMarkdown, oneLine } from '../util/text.js';
import { COMPANION_IDS, COMPANIONS, companionTexts, TEXTS_FOLDER, type Block, type CompanionId, type Variant } from './texts.js';

export { COMPANION_IDS, COMPANIONS, companionTexts, type CompanionId } from './texts.js';

/** A heading with the filled-in Markdown of its blocks; a block without a title continues the section before it. */
export interface Section {
  /** '' for a section without a heading. */
  title: string;
  texts: string[];
}

export interface Companion {
  id: CompanionId;
  title: string;
  /** Every part of the document's template, possibly empty. */
  parts: Record<string, Section[]>;
}

/** The variant of a block that applies, or undefined when the block is not in the document. */
export function selectBlockVariant(block: Block, values: Values): Variant | undefined {
  if (!evaluate(block.when, values)) return undefined;
  return block.variants.find((v) => evaluate(v.when, values));
}

const specOf = (id: CompanionId) => COMPANIONS.find((c) => c.id === id) ?? COMPANIONS[0];

/** The companion documents these answers ask for, assembled; throws AssemblyError for a text that cannot be filled. */
/** The companion documents that belong to a school's protocol (their `when` holds), in the order of COMPANIONS. */
export function companionsFor(values: Values, library: Library): CompanionId[] {
  return companionTexts(library)
    .filter((texts) => evaluate(texts.when, values))
    .map((texts) => texts.document);
}

export function assembleCompanions(protocol: Protocol, library: Library): Companion[] {
  const { values } = protocol;
  const refs = new Map(protocol.chapters.flatMap((c) => c.articles.map((a): [string, string] => [a.clause, a.number])));
  const fill = textFiller(library, values, refs);
  return companionTexts(library)
    .filter((texts) => evaluate(texts.when, values))
    .map((texts) => {
      const where = (block?: Block) => `${TEXTS_FOLDER}/${texts.document}.yaml${block ? `, blok ${block.id}` : ''}`;
      const parts: Record<string, Section[]> = {};
      for (const part of specOf(texts.document).parts) {
        const sections: Section[] = [];
        for (const block of texts.parts[part] ?? []) {
          const variant = selectBlockVariant(block, values);
          if (!variant) continue;
          const title = variant.title ?? block.title;
          const text = fill(variant.text, where(block));
          const last = sections[sections.length - 1];
          if (title === undefined && last) last.texts.push(text);
          else sections.push({ title: title === undefined ? '' : fill(title, where(block)), texts: [text] });
        }
        parts[part] = sections;
      }
      return { id: texts.document, title: fill(texts.title, where()), parts };
    });
}

/** Joins the Markdown of a section's blocks; a list that the next block continues stays one list. */
export function joinBlocks(texts: readonly string[]): string {
  return texts.reduce((joined, text) => {
    if (!joined) return text;
    const lastLine = joined.slice(joined.lastIndexOf('\n') + 1);
    return `${joined}${/^- /.test(lastLine) && text.startsWith('- ') ? '\n' : '\n\n'}${text}`;
  }, '');
}

const str = (values: Values, id: string) => {
  const value = values[id];
  return typeof value === 'string' ? value.trim() : '';
};

/**
 * What the templates fill in. Markdown gets escaped free text and Markdown bodies; HTML gets raw
 * free text (the templates escape it) and HTML bodies made by marked.
 */
function view(companion: Companion, protocol: Protocol, format: 'md' | 'html') {
  const md = format === 'md';
  const text = md ? escapeMarkdown : (raw: string) => raw;
  const inline = (markdown: string) => (md ? markdown : marked.parseInline(markdown, { async: false }));
  const { school, document, values } = protocol;
  const naam = text(school.naam);
  const ondertekenaar = document.raad === 'GMR' ? '' : str(values, 'ondertekenaar');
  const parts = Object.fromEntries(
    Object.entries(companion.parts).map(([part, sections]) => [
      part,
      sections.map((s) => {
        const markdown = joinBlocks(s.texts);
        return {
          title: inline(s.title),
          ...(md
            ? // For a Markdown table cell: one line, no column separator.
              { text: markdown, cell: oneLine(markdown).replace(/\|/g, '\\|') }
            : { html: markdownToHtml(markdown).trim() }),
        };
      }),
    ]),
  );
  return {
    titel: inline(companion.title),
    naam: specOf(companion.id).name,
    school: { naam, plaats: text(school.plaats), ...(school.bestuur && { bestuur: text(school.bestuur) }) },
    datum_lang: longDate(document.datum),
    afzender: ondertekenaar ? { naam: text(ondertekenaar), functie: `directeur van ${naam}` } : { naam: '', functie: `De directeur van ${naam}` },
    parts,
  };
}

export function companionMarkdown(companion: Companion, protocol: Protocol): string {
  const markdown = markdownTemplate(`${companion.id}.md.hbs`)(view(companion, protocol, 'md'));
  return tidyMarkdown(markdown);
}

/** One self-contained HTML file with the print CSS of this kind of document. */
export function companionHtml(companion: Companion, protocol: Protocol): string {
  const css = `${stylesheet('base.css')}\n${stylesheet('companion.css')}\n${stylesheet(`${companion.id}.css`)}`;
  return htmlTemplate(`${companion.id}.html.hbs`)({ ...view(companion, protocol, 'html'), css });
}

/** How a companion's PDF is printed: its own title and footer, the protocol's date. */
export function companionPdfOptions(id: CompanionId, protocol: Protocol, html: string) {
  const spec = specOf(id);
  const options = {
    title: `${spec.name} – ${protocol.school.naam}`,
    author: protocol.school.naam,
    footer: `${protocol.school.naam} · ${spec.footer}`,
    date: protocol.document.datum,
  };
  return { ...options, fingerprint: pdfFingerprint(html, options) };
}

export interface RenderedCompanion {
  id: CompanionId;
  /** The assembled document, for the Word renderer. */
  companion: Companion;
  markdown: string;
  /** Made on first use: a Markdown-only build skips it. */
  readonly html: string;
}

/** Assembles and renders the companions of one school; a text that cannot be filled is bad input. */
export function renderCompanions(protocol: Protocol, library: Library, label: string): RenderedCompanion[] {
  let companions: Companion[];
  try {
    companions = assembleCompanions(protocol, library);
  } catch (error) {
    if (error instanceof AssemblyError) throw inputError(`${label}: ${error.message}`);
    throw error;
  }
  return companions.map((companion) => {
    let html: string | undefined;
    return {
      id: companion.id,
      companion,
      markdown: companionMarkdown(companion, protocol),
      get html() {
        html ??= companionHtml(companion, protocol);
        return html;
      },
    };
  });
}

/** Parses `--zonder leerlingversie,ouderbrief`: the companions not to write in this run. */
export function parseWithout(text: string | undefined): CompanionId[] {
  if (text === undefined) return [];
  const items = text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const names = dutchList(COMPANION_IDS);
  if (items.includes('protocol')) throw inputError(`--zonder: het protocol zelf wordt altijd gemaakt. Na --zonder kunnen staan: ${names}.`);
  const wrong = items.filter((item) => !(COMPANION_IDS as string[]).includes(item));
  if (wrong.length > 0 || items.length === 0) {
    const guess = wrong.length === 1 ? closest(wrong[0] ?? '', COMPANION_IDS) : undefined;
    throw inputError(
      `--zonder: ${wrong.length ? `onbekend document "${wrong.join('", "')}"` : 'geen document genoemd'}. Kies uit ${names}, gescheiden door komma's, bijvoorbeeld --zonder leerlingversie,ouderbrief.${guess ? ` Bedoelt u "${guess}"?` : ''}`,
    );
  }
  return COMPANION_IDS.filter((id) => items.includes(id));
}
