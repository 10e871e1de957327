import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Protocol } from '../assemble/assemble.js';
import type { Library } from '../library/load.js';
import { templatesDir } from '../util/paths.js';
import { escapeMarkdown, memo } from '../util/text.js';
import { buildView } from './view.js';
import { compileTemplate, MARKDOWN_OPTIONS } from '../util/precompiled.js';

const handlebars = Handlebars.create();
const templates = new Map<string, HandlebarsTemplateDelegate>();

/** Compiles a Markdown template once. Values arrive pre-escaped for Markdown, so no HTML escaping. */
export function markdownTemplate(name: string): HandlebarsTemplateDelegate {
  return memo(templates, name, () => compileTemplate(handlebars, readFileSync(path.join(templatesDir, name), 'utf8'), MARKDOWN_OPTIONS));
}

export function renderMarkdown(protocol: Protocol, library: Library): string {
  const markdown = markdownTemplate('protocol.md.hbs')(buildView(protocol, library, escapeMarkdown));
  return `${markdown.replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
