import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Marked } from 'marked';
import type { Protocol } from '../assemble/assemble.js';
import type { Library } from '../library/load.js';
import { templatesDir } from '../util/paths.js';
import { escapeHtml, memo } from '../util/text.js';
import { buildView } from './view.js';
import { compileTemplate, handlebarsEnvironment, HTML_OPTIONS } from '../util/precompiled.js';

const handlebars = handlebarsEnvironment();
const templates = new Map<string, HandlebarsTemplateDelegate>();
const styles = new Map<string, string>();

/**
 * The only raw HTML that passes through into a document: the marks of a redline (<del>, <ins>) and
 * a line break, without attributes. Everything else (a <link>, <iframe>, <meta>, <img>, comments)
 * is shown as text, so nothing in a clause can make the browser load anything.
 */
const ALLOWED_TAG = /^<\/?(del|ins|br)\s*\/?>$/i;
const TAG = /<\/?[a-zA-Z][^<>]*>|<!--[\s\S]*?-->|<[!?][^<>]*>/g;

/** Raw HTML as it may appear in a document: allowed tags kept, everything else escaped. */
export function neutraliseHtml(html: string): string {
  let out = '';
  let last = 0;
  for (const match of html.matchAll(TAG)) {
    out += escapeHtml(html.slice(last, match.index));
    out += ALLOWED_TAG.test(match[0]) ? match[0].toLowerCase().replace(/\s+/g, '') : escapeHtml(match[0]);
    last = match.index + match[0].length;
  }
  return out + escapeHtml(html.slice(last));
}

/** The raw HTML tags in Markdown that a document shows as text (for `lint`): "<link>", "<!--". */
export function rawHtmlIn(markdown: string): string[] {
  const found = new Set<string>();
  marked.walkTokens(marked.lexer(markdown), (token) => {
    if (token.type === 'html') {
      for (const match of token.raw.matchAll(TAG)) if (!ALLOWED_TAG.test(match[0])) found.add(/^<!--/.test(match[0]) ? '<!--' : `<${/^<\/?([^\s/>]+)/.exec(match[0])?.[1]?.toLowerCase() ?? ''}>`);
    }
    if (token.type === 'image' && !/^data:image\//i.test(token.href)) found.add('![afbeelding]');
  });
  return [...found];
}

/** GitHub-flavoured Markdown without smart quotes or header ids; synchronous; raw HTML neutralised, no remote images. */
export const marked = new Marked({ gfm: true, breaks: false, async: false });
marked.use({
  renderer: {
    html: ({ text }) => neutraliseHtml(text),
    // An image from elsewhere would be fetched: only images inside the document (data:) are shown.
    image: ({ href, text, title }) =>
      /^data:image\/(png|jpe?g|gif|webp);base64,[a-z0-9+/=\s]+$/i.test(href)
        ? `<img src="${escapeHtml(href)}" alt="${escapeHtml(text)}"${title ? ` title="${escapeHtml(title)}"` : ''}>`
        : escapeHtml(text),
  },
});

export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown, { async: false });
}

export function htmlTemplate(name: string): HandlebarsTemplateDelegate {
  return memo(templates, name, () => compileTemplate(handlebars, readFileSync(path.join(templatesDir, name), 'utf8'), HTML_OPTIONS));
}

export function stylesheet(name: string): string {
  return memo(styles, name, () => readFileSync(path.join(templatesDir, name), 'utf8'));
}

/**
 * One self-contained HTML file: inline CSS, no scripts, no remote resources. Its table of contents
 * has empty page-number slots (`data-page-of`) that the PDF renderer fills in.
 */
export function renderHtml(protocol: Protocol, library: Library): string {
  const view = buildView(protocol, library);
  const chapters = view.chapters.map((chapter) => ({
    ...chapter,
    introHtml: chapter.intro ? markdownToHtml(chapter.intro) : '',
    articles: chapter.articles.map((article) => ({ ...article, html: markdownToHtml(article.text).trim() })),
  }));
  return htmlTemplate('protocol.html.hbs')({ ...view, chapters, css: `${stylesheet('base.css')}\n${stylesheet('print.css')}` });
}
