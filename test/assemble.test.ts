import { describe, expect, it } from 'vitest';
import { completeAnswers } from '../src/answers/load.js';
import { assemble } from '../src/assemble/assemble.js';
import { renderHtml } from '../src/render/html.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { fixtureLibrary } from './helpers/fixtures.js';

const library = fixtureLibrary();
const identity = { naam: 'De Regenboog', plaats: 'Utrecht', versie: '1.0', datum: '2026-11-22' };

describe('assemble (fixture library)', () => {
  it('selects, orders and numbers the clauses, keeping clause ids and sources', () => {
    const protocol = assemble(completeAnswers(library, { ...identity, schoolaccount: 'open', platforms: ['instagram', 'facebook'], telefoon: 'inleveren' }), library);
    expect(protocol.chapters.map((c) => [c.number, c.title, c.articles.map((a) => [a.number, a.clause, a.sources])])).toEqual([
      [1, 'De school op sociale media', [['1.1', 'school.account', ['lauwers-eems/scholen.2']], ['1.2', 'school.reacties', ['lauwers-eems/scholen.6']]]],
      [2, 'Afspraken voor leerlingen', [['2.1', 'leerlingen.telefoon', ['gsv/afspraken.7']]]],
    ]);
    expect(protocol.chapters[0]?.articles[0]?.text).toBe('De Regenboog heeft een open profiel op Instagram en Facebook. Zie ook artikel 1.2.');
  });

  it('follows the choices: no account gives another clause and renumbers', () => {
    const protocol = assemble(completeAnswers(library, { ...identity, schoolaccount: 'geen' }), library);
    expect(protocol.chapters[0]?.articles.map((a) => a.clause)).toEqual(['school.geen-account']);
    expect(protocol.chapters[1]?.articles[0]?.text).toBe('De telefoon blijft uit en in de tas.');
  });

  it('is deterministic: the same answers give byte-identical Markdown and HTML', () => {
    const answers = completeAnswers(library, { ...identity, schoolaccount: 'besloten' });
    expect(renderMarkdown(assemble(answers, library), library)).toBe(renderMarkdown(assemble(answers, library), library));
    expect(renderHtml(assemble(answers, library), library)).toBe(renderHtml(assemble(answers, library), library));
  });

  it('shows free text literally in Markdown and HTML', () => {
    const naam = 'De *Regen*boog_| #1 <script>alert(1)</script> {{school}}';
    const protocol = assemble(completeAnswers(library, { ...identity, naam, schoolaccount: 'open' }), library);
    const markdown = renderMarkdown(protocol, library);
    expect(markdown).toContain('De \\*Regen\\*boog\\_\\| \\#1 \\<script\\>alert(1)\\</script\\> \\{\\{school\\}\\}');
    const html = renderHtml(protocol, library);
    expect(html).not.toContain('<script>');
    expect(html).toContain('De *Regen*boog_| #1 &lt;script&gt;alert(1)&lt;/script&gt; {{school}} heeft een open profiel');
    expect(html).toContain('<title>Protocol sociale media – De *Regen*boog_| #1 &lt;script&gt;alert(1)&lt;/script&gt; {{school}}</title>');
  });

  it('writes a self-contained HTML file: inline CSS, no scripts, no remote resources', () => {
    const html = renderHtml(assemble(completeAnswers(library, { ...identity }), library), library);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link|src=|url\(/i);
    expect(html).toContain('<html lang="nl">');
  });
});
