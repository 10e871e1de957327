import { describe, expect, it } from 'vitest';
import { completeAnswers } from '../src/answers/load.js';
import { assemble } from '../src/assemble/assemble.js';
import { renderHtml } from '../src/render/html.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { fixtureLibrary } from './helpers/fixtures.js';
import { loadLibrary } from '../src/library/load.js';
import { random, randomAssignment } from '../src/lint/combinations.js';

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

describe('filled texts remembered across schools', () => {
  // assemble keeps each filled clause text per library, keyed by the answers and article numbers
  // the text reads: a library that filled many schools before must give what a new one gives.
  it('gives every school the same protocol as a library that never filled a text before', () => {
    const warm = loadLibrary();
    const next = random(11);
    const names = ['', 'Stichting Noord', 'Stichting *Zuid*'];
    const people = ['', 'J. de Vries', 'A. Yılmaz'];
    let compared = 0;
    for (let i = 0; i < 40; i++) {
      const values = {
        ...randomAssignment(warm, next),
        naam: `School ${i % 3}`,
        plaats: i % 2 ? 'Zwolle' : 'Assen',
        versie: '1.0',
        datum: '2026-11-22',
        status: 'concept',
        bestuur: names[i % names.length] as string,
        raad: i % 4 === 0 ? 'GMR' : 'MR',
        antipestcoordinator: people[i % people.length] as string,
        vertrouwenspersoon: people[(i + 1) % people.length] as string,
        privacy_contact: people[(i + 2) % people.length] as string,
        ouderapp_naam: i % 2 ? 'Parro' : '',
      };
      const fresh = loadLibrary();
      const expected = assemble(completeAnswers(fresh, values), fresh);
      // Twice on the warm library: the second time every text that can be remembered comes from memory.
      assemble(completeAnswers(warm, values), warm);
      const actual = assemble(completeAnswers(warm, values), warm);
      expect(actual.chapters).toEqual(expected.chapters);
      compared += actual.chapters.reduce((n, c) => n + c.articles.length, 0);
    }
    expect(compared).toBeGreaterThan(40 * 40);
    // Forty libraries loaded and eighty protocols assembled: about a second on a quiet machine.
  }, 60_000);
});
