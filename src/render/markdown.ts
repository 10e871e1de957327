import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Protocol } from '../assemble/assemble.js';
import type { Library } from '../library/load.js';
import { templatesDir } from '../util/paths.js';
import { tidyMarkdown, escapeMarkdown, memo } from '../util/text.js';
import { buildView } from './view.js';
import { compileTemplate, handlebarsEnvironment, MARKDOWN_OPTIONS } from '../util/precompiled.js';

const handlebars = handlebarsEnvironment();
const templates = new Map<string, HandlebarsTemplateDelegate>();

/** Compiles a Markdown template once. Values arrive pre-escaped for Markdown, so no HTML escaping. */
export function markdownTemplate(name: string): HandlebarsTemplateDelegate {
  return memo(templates, name, () => compileTemplate(handlebars, readFileSync(path.join(templatesDir, name), 'utf8'), MARKDOWN_OPTIONS));
}

/**
 * The view's texts escaped for Markdown, remembered: most are the library's own (article titles,
 * choices, sources) and recur in every school of a batch. Emptied when it grows large.
 */
const escaped = new Map<string, string>();
function escapeRemembered(value: string): string {
  if (escaped.size >= 20_000 && !escaped.has(value)) escaped.clear();
  return memo(escaped, value, () => escapeMarkdown(value));
}

export function renderMarkdown(protocol: Protocol, library: Library): string {
  const markdown = markdownTemplate('protocol.md.hbs')(buildView(protocol, library, escapeRemembered));
  return tidyMarkdown(markdown);
}
