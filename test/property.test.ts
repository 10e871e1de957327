/**
 * Property-based: any valid answers — random choices and free text with Markdown, HTML and
 * Handlebars syntax — give a document without unfilled placeholders, with every chapter, where
 * the free text shows literally.
 */
import fc from 'fast-check';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { completeAnswers } from '../src/answers/load.js';
import { type Values } from '../src/answers/schema.js';
import { assemble } from '../src/assemble/assemble.js';
import { choiceQuestions } from '../src/lint/combinations.js';
import { loadLibrary } from '../src/library/load.js';
import { slugify } from '../src/build/write.js';
import { renderHtml } from '../src/render/html.js';
import { markdownTemplate, renderMarkdown } from '../src/render/markdown.js';
import { buildView } from '../src/render/view.js';
import { byteString, byteStrings, collapseBlankLines, escapeHtml, escapeMarkdown, hasSpacedHash, isSpaceCode, oneLine, tidyMarkdown, tidyMarkdownBytes } from '../src/util/text.js';

const library = loadLibrary();

const freeText = fc.stringMatching(/^[\p{L}\p{N} *_#|<>{}[\]()`~&!.\\/'"-]{1,60}$/u).filter((s) => s.trim().length > 0);

const answers: fc.Arbitrary<Values> = fc.record(
  Object.fromEntries(
    choiceQuestions(library).map((q) => {
      const values = (q.choices ?? []).map((c) => c.value);
      return [q.id, q.type === 'multi' ? fc.subarray(values) : fc.constantFrom(...values)];
    }),
  ) as Record<string, fc.Arbitrary<string | string[]>>,
);

describe('any valid answers', () => {
  it('build a complete document with the free text shown literally', () => {
    fc.assert(
      fc.property(answers, freeText, freeText, fc.option(freeText, { nil: '' }), (choices, naam, plaats, bestuur) => {
        const values: Values = { ...choices, naam, plaats, bestuur, versie: '1.0', datum: '2026-11-22', instemming: '2026-12-01' };
        const protocol = assemble(completeAnswers(library, values), library);
        expect(protocol.chapters.map((c) => c.id)).toEqual(library.chapters.map((c) => c.id));
        const markdown = renderMarkdown(protocol, library);
        // Rendered as a byte string (renderMarkdownFile), the same text as the template renders as text.
        expect(markdown).toBe(tidyMarkdown(markdownTemplate('protocol.md.hbs')(buildView(protocol, library, escapeMarkdown))));
        const html = renderHtml(protocol, library);
        // No placeholder left: no {{ other than those the user typed (escaped in Markdown).
        expect(markdown.replaceAll('\\{\\{', '')).not.toMatch(/\{\{/);
        // The free text as the templates escape it (Handlebars also escapes ` and =) and as marked does.
        const typed = [naam, plaats, bestuur].flatMap((t) => [Handlebars.escapeExpression(oneLine(t)), escapeHtml(oneLine(t))]);
        expect(typed.reduce((rest, t) => (t ? rest.replaceAll(t, '') : rest), html)).not.toMatch(/\{\{|undefined/);
        expect(html).toContain(escapeHtml(oneLine(naam)));
        expect(html).not.toMatch(/<script/i);
        const slug = slugify(naam);
        expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      }),
      { numRuns: 150, seed: 20261122 },
    );
  });
});

describe('blank lines', () => {
  it('collapse every run of three or more line breaks to one blank line, as the regular expression /\\n{3,}/g does', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', ' ', '\n', '\r', 'tekst'), { maxLength: 80 }), (parts) => {
        const text = parts.join('');
        expect(collapseBlankLines(text)).toBe(text.replace(/\n{3,}/g, '\n\n'));
      }),
      { numRuns: 500, seed: 20261202 },
    );
  });

  it('tidy a document as collapsing, trimming and ending with one line break does, also when the text keeps its own string', () => {
    // White space that trim() removes but a plain space test misses: a no-break space, a tab, a carriage return.
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', ' ', '\n', '\r', '\t', '\u00a0', '\u2003', 'tekst'), { maxLength: 80 }), (parts) => {
        const text = parts.join('');
        expect(tidyMarkdown(text)).toBe(`${text.replace(/\n{3,}/g, '\n\n').trim()}\n`);
      }),
      { numRuns: 1000, seed: 20261204 },
    );
    const document = '# Titel\n\nTekst.\n';
    expect(tidyMarkdown(document)).toBe(document);
    expect(tidyMarkdown('\u00a0# Titel\u00a0\n')).toBe('# Titel\n');
    expect(tidyMarkdown('')).toBe('\n');
  });

  it('as a byte string gives the bytes of the text tidied (render/markdown.ts writes the protocol so)', () => {
    // No-break space, em space, line separator, byte order mark, non-Latin-1 letters and marks, at the edges too;
    // runs of line breaks often, so that collapsing them moves the bytes after them.
    const pieces = ['a', ' ', '\n', '\n\n\n', '\n\n', '\r', '\t', '\u00a0', '\u2003', '\u2028', '\ufeff', '\u0085', 'é', '…', '☐', '–', '😀', 'tekst'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 80 }), (parts) => {
        const text = parts.join('');
        expect(tidyMarkdownBytes(byteString(text))).toEqual(Buffer.from(tidyMarkdown(text), 'utf8'));
      }),
      { numRuns: 2000, seed: 20261204 },
    );
    // Longer than the buffer it works in (128 KB), and a short text after it: no byte of the long one stays.
    const long = `${'Artikel één.\n\n\n\nTekst … ☐\n'.repeat(12_000)}  \n\n\n`;
    expect(tidyMarkdownBytes(byteString(long))).toEqual(Buffer.from(tidyMarkdown(long), 'utf8'));
    expect(tidyMarkdownBytes(byteString('\n\nkort\n\n\n\n'))).toEqual(Buffer.from('kort\n'));
    expect(byteString('ASCII blijft')).toBe('ASCII blijft');
    expect(Buffer.from(byteString('één … ☐'), 'latin1').toString('utf8')).toBe('één … ☐');
    expect(byteStrings({ a: ['é', 1, true], b: { c: '☐' }, d: null })).toEqual({ a: [byteString('é'), 1, true], b: { c: byteString('☐') }, d: null });
  });
});

describe('slugs', () => {
  it.each([
    ['../../etc/passwd', 'etc-passwd'],
    ['/absoluut/pad', 'absoluut-pad'],
    ['CON', 'school-con'],
    ['***', 'school'],
    ['Basisschool Ünïcödé', 'basisschool-unicode'],
    ['a'.repeat(200), 'a'.repeat(80)],
  ])('%s → %s', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });
});

describe('an inline comment in an answers file (text, white space, # and text)', () => {
  it('is found exactly where /\\S\\s+#\\S/ finds one, and white space is what \\s means', () => {
    for (let code = 0; code <= 0xffff; code++) expect(isSpaceCode(code)).toBe(/\s/.test(String.fromCharCode(code)));
    const pieces = ['#', '#', ' ', '  ', '\t', '\n', '\r\n', 'a', 'naam:', '\u00a0', '\u2028', '\u3000', '\ufeff', 'é', '😀', '\ud800'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(hasSpacedHash(text)).toBe(/\S\s+#\S/.test(text));
      }),
      { numRuns: 5000, seed: 20261204 },
    );
  });
});

