import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { Marked } from 'marked';
import type { Protocol } from '../assemble/assemble.js';
import type { Library } from '../library/load.js';
import { templatesDir } from '../util/paths.js';
import { memo } from '../util/text.js';
import { buildView } from './view.js';

const handlebars = Handlebars.create();
const templates = new Map<string, HandlebarsTemplateDelegate>();
const styles = new Map<string, string>();

/** GitHub-flavoured Markdown without smart quotes or header ids; synchronous. */
export const marked = new Marked({ gfm: true, breaks: false, async: false });

export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown, { async: false });
}

export function htmlTemplate(name: string): HandlebarsTemplateDelegate {
  return memo(templates, name, () => handlebars.compile(readFileSync(path.join(templatesDir, name), 'utf8'), { strict: true }));
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
