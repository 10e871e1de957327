import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Protocol } from '../assemble.js';
import type { Library } from '../library.js';
import { templatesDir } from '../paths.js';
import { escapeMarkdown, memo } from '../text.js';
import { buildView, type View } from './view.js';

const handlebars = Handlebars.create();
const templates = new Map<string, HandlebarsTemplateDelegate>();

/** Compiles a Markdown template once. Values arrive pre-escaped for Markdown, so no HTML escaping. */
export function markdownTemplate(name: string): HandlebarsTemplateDelegate {
  return memo(templates, name, () => handlebars.compile(readFileSync(path.join(templatesDir, name), 'utf8'), { strict: true, noEscape: true }));
}

/** A table cell: escaped free text without line breaks or pipes. */
const cell = (text: string) => escapeMarkdown(text);

function escapeView(view: View): View {
  return {
    ...view,
    school: {
      naam: escapeMarkdown(view.school.naam),
      ...(view.school.bestuur && { bestuur: escapeMarkdown(view.school.bestuur) }),
      plaats: escapeMarkdown(view.school.plaats),
    },
    document: { ...view.document, versie: escapeMarkdown(view.document.versie) },
    choices: view.choices.map((c) => ({ prompt: cell(c.prompt), labels: cell(c.labels), explanations: cell(c.explanations) })),
    sourceRows: view.sourceRows.map((r) => ({ number: r.number, sources: cell(r.sources) })),
  };
}

export function renderMarkdown(protocol: Protocol, library: Library): string {
  const markdown = markdownTemplate('protocol.md.hbs')(escapeView(buildView(protocol, library)));
  return `${markdown.replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
