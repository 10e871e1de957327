import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Protocol } from '../assemble/assemble.js';
import type { Library } from '../library/load.js';
import { templatesDir } from '../util/paths.js';
import { byteString, byteStrings, escapeMarkdown, memo, tidyMarkdownBytes } from '../util/text.js';
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

/**
 * Templates rendered as byte strings (util/text.ts: byteString): compiled from the file's bytes,
 * so that their own text (… ☐) is bytes too. `npm run build` precompiles them in that form.
 */
export const BYTE_TEMPLATES = ['protocol.md.hbs'];
const byteTemplates = new Map<string, HandlebarsTemplateDelegate>();
function byteTemplate(name: string): HandlebarsTemplateDelegate {
  return memo(byteTemplates, name, () => compileTemplate(handlebars, byteString(readFileSync(path.join(templatesDir, name), 'utf8')), MARKDOWN_OPTIONS));
}

/**
 * The protocol's Markdown file, as its UTF-8 bytes: rendered as a byte string and written as it
 * is. 1000 protocols on one thread: 0.32-0.38 ms each, against 0.53-0.58 ms as text and encoded.
 */
export function renderMarkdownFile(protocol: Protocol, library: Library): Buffer {
  return tidyMarkdownBytes(byteTemplate('protocol.md.hbs')(byteStrings(buildView(protocol, library, escapeRemembered))));
}

/** The protocol's Markdown, as text. */
export function renderMarkdown(protocol: Protocol, library: Library): string {
  return renderMarkdownFile(protocol, library).toString('utf8');
}
