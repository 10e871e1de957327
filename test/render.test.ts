/**
 * The document around the articles, in Markdown and HTML (no browser): cover, contents, the
 * approval page, the evaluation line and the appendix "Verantwoording".
 */
import { describe, expect, it } from 'vitest';
import { completeAnswers } from '../src/answers/load.js';
import { type Values } from '../src/answers/schema.js';
import { assemble } from '../src/assemble/assemble.js';
import type { Library } from '../src/library/load.js';
import { renderHtml } from '../src/render/html.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { cssString, pageSlots, pageStyle } from '../src/render/pdf.js';
import { evaluationYears, monthYearLater } from '../src/render/view.js';
import { gmrVastgesteld, renderLibrary, school } from './fixtures/render/fixture.js';
import { fixtureLibrary } from './helpers/fixtures.js';

function render(library: Library, values: Values) {
  const protocol = assemble(completeAnswers(library, values), library);
  return { protocol, markdown: renderMarkdown(protocol, library), html: renderHtml(protocol, library) };
}

/** The text of an HTML fragment, tags removed and entities of the templates decoded. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** The part of an HTML document from the element with this id to the end of its section. */
const section = (html: string, id: string) => html.slice(html.indexOf(`id="${id}"`), html.indexOf('</section>', html.indexOf(`id="${id}"`)));

describe('the approval page', () => {
  const library = renderLibrary();

  it('asks the MR for consent on the basis of art. 10 WMS, with lines to fill in', () => {
    const { markdown, html } = render(library, school);
    const approval = textOf(section(html, 'vaststelling'));
    expect(approval).toContain(
      'Stichting Primair Onderwijs Voorbeeld, het bevoegd gezag van Basisschool De Regenboog, legt dit protocol ter instemming voor aan de medezeggenschapsraad (MR).',
    );
    expect(approval).toContain('Ter instemming ligt voor: versie 1.0 van 22 november 2026, de hoofdstukken 1 tot en met 7.');
    expect(approval).toContain('artikel 10 van de Wet medezeggenschap op scholen (WMS), onder c (het schoolreglement) en onder e');
    // Besproken, instemming, instemming of the personeelsgeleding, vastgesteld; names and dates of both
    // signatories and of the personeelsgeleding; the director's mandate; three signature lines.
    expect(section(html, 'vaststelling').match(/class="blank"/g)).toHaveLength(4 + 6 + 1 + 3);
    expect(approval).toContain('Namens de personeelsgeleding van de MR');
    expect(approval).toContain('Namens het bevoegd gezag');
    expect(approval).toContain('Namens de medezeggenschapsraad (MR)');
    expect(approval).toMatch(/Naam Functie directeur voorzitter MR lid van de personeelsgeleding Mandaat – – Plaats Utrecht Utrecht Utrecht Datum Handtekening/);
    expect(markdown).toContain('| Instemming van de MR op | ………………………… |');
    expect(markdown).toContain('| Naam | ………………………… | ………………………… | ………………………… |');
    expect(markdown).toContain('| Handtekening | | | |');
  });

  it('with status vastgesteld: dates, names and the board for a GMR filled in', () => {
    const { markdown, html } = render(library, gmrVastgesteld);
    const approval = textOf(section(html, 'vaststelling'));
    expect(approval).toContain('heeft dit protocol vastgesteld na instemming van de gemeenschappelijke medezeggenschapsraad (GMR).');
    expect(approval).toContain('Het protocol geldt voor alle scholen van Stichting Primair Onderwijs Voorbeeld; daarom stemt de GMR in, in plaats van de MR van elke school.');
    expect(approval).toContain('Besproken met de GMR op 6 oktober 2026');
    expect(approval).toContain('Instemming van de GMR op 24 november 2026');
    expect(approval).toContain('Vastgesteld door het bevoegd gezag op 15 december 2026');
    expect(approval).toContain('Namens het bevoegd gezag (Stichting Primair Onderwijs Voorbeeld)');
    expect(approval).toContain('Naam drs. A.B. de Vries-Öztürk C. Janssen Functie bestuurder voorzitter GMR lid van de personeelsgeleding Plaats Utrecht Utrecht Utrecht Datum 15 december 2026 24 november 2026 24 november 2026');
    // Only the three signatures and the name for the personeelsgeleding are left to write by hand.
    expect(section(html, 'vaststelling').match(/class="blank"/g)).toHaveLength(4);
    expect(markdown).toContain('| Naam | drs. A.B. de Vries-Öztürk | C. Janssen | ………………………… |');
    expect(markdown).toContain('| Datum | 15 december 2026 | 24 november 2026 | 24 november 2026 |');
  });

  it('leaves the date of establishment open when the document date comes before the consent', () => {
    const { markdown } = render(library, { ...gmrVastgesteld, datum: '2026-11-01' });
    expect(markdown).toContain('| Instemming van de GMR op | 24 november 2026 |');
    expect(markdown).toContain('| Vastgesteld door het bevoegd gezag op | ………………………… |');
    expect(markdown).toContain('| Datum | ………………………… | 24 november 2026 | 24 november 2026 |');
    // No date of establishment yet, so no evaluation date either.
    expect(markdown).toContain('| Evaluatie | drie jaar na vaststelling |');
  });

  it('escapes names for Markdown and HTML', () => {
    const { markdown, html } = render(library, { ...school, ondertekenaar: '*J.* <b>de Vries</b>' });
    expect(markdown).toContain('| Naam | \\*J.\\* \\<b\\>de Vries\\</b\\> |');
    expect(html).toContain('*J.* &lt;b&gt;de Vries&lt;/b&gt;');
  });
});

describe('the evaluation date', () => {
  it('is counted from the vaststelling; a concept says the period only', () => {
    const library = renderLibrary();
    expect(textOf(render(library, school).html)).toContain('Evaluatie twee jaar na vaststelling');
    expect(render(library, { ...school, evaluatie: '1-jaar' }).markdown).toContain('| Evaluatie | een jaar na vaststelling |');
    expect(textOf(render(library, gmrVastgesteld).html)).toContain('Evaluatie uiterlijk december 2029 (drie jaar na vaststelling)');
  });

  it('reads periods written as words or numbers, and leaves out the line without an evaluation question', () => {
    expect(['1-jaar', '2-jaar', '3-jaar', 'jaarlijks', 'tweejaarlijks', 'driejaarlijks', 'anders'].map(evaluationYears)).toEqual([1, 2, 3, 1, 2, 3, undefined]);
    expect(monthYearLater('2026-02-28', 2)).toBe('februari 2028');
    const { markdown, html } = render(fixtureLibrary(), school);
    expect(markdown).not.toContain('Evaluatie');
    expect(html).not.toContain('Evaluatie');
  });
});

describe('numbering, contents and the appendix', () => {
  const library = renderLibrary();
  const { protocol, markdown, html } = render(library, { ...school, schoolaccount: 'open', platforms: ['instagram', 'facebook'] });

  it('numbers chapters and articles the same way in Markdown and HTML, and the contents link to each', () => {
    const mdArticles = [...markdown.matchAll(/^### (\d+\.\d+) (.+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
    const htmlArticles = [...html.matchAll(/<h3 id="artikel-[\d.]+"><span class="number">([\d.]+)<\/span> ([^<]+)<\/h3>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(mdArticles.length).toBe(protocol.chapters.flatMap((c) => c.articles).length);
    expect(htmlArticles.map((t) => t.replace('&#x27;', "'"))).toEqual(mdArticles);
    const mdChapters = [...markdown.matchAll(/^## (\d+) (.+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(mdChapters).toEqual(protocol.chapters.map((c) => `${c.number} ${c.title}`));
    expect(mdChapters).toHaveLength(7);
    // The contents: one link and one page-number slot per chapter, article, approval and appendix.
    const slots = pageSlots(html);
    expect(slots).toHaveLength(7 + mdArticles.length + 2);
    for (const id of slots) {
      expect(html).toContain(`<a href="#${id}">`);
      expect(html.match(new RegExp(`id="${id.replace(/\./g, '\\.')}"`, 'g'))).toHaveLength(1);
    }
    // A reference between articles is resolved to the number.
    expect(markdown).toContain('Zie ook artikel 6.1 en artikel 6.4.');
  });

  it('explains every choice and lists the sources of every article', () => {
    const appendix = textOf(section(html, 'verantwoording'));
    for (const choice of protocol.choices) {
      expect(appendix).toContain(choice.prompt);
      for (const label of choice.labels) expect(appendix).toContain(label);
      // After "Label: " an explanation starts in lower case.
      for (const explanation of choice.explanations) expect(appendix).toContain(choice.labels.length > 1 ? explanation.slice(1) : explanation);
    }
    expect(protocol.choices.map((c) => c.question)).toEqual(['schoolaccount', 'platforms', 'telefoon', 'evaluatie']);
    expect(markdown).toContain("| Op welke platforms heeft de school een account? | Instagram, Facebook | Instagram: foto's en korte berichten. Facebook: berichten en foto's voor ouders. |");
    expect(markdown).toContain('| 1.1 | Account van de school | lauwers-eems: scholen.2 |');
    expect(markdown).toContain('| 2.1 | Mobiele telefoons | lankforst: B.2 |');
    expect(markdown).toContain('| 3.2 | Klassenapps en appgroepen van ouders | Nieuw |');
    expect(markdown).toContain('| gsv | Positief Social Media Protocol | Groningse Schoolvereniging (GSV) |');
    expect(markdown).not.toContain('| kalisto |');
  });

  it('puts school, board, place, version, date and status on the cover', () => {
    const cover = textOf(html.slice(html.indexOf('<header class="cover">'), html.indexOf('</header>')));
    expect(cover).toContain('Protocol sociale media');
    for (const text of ['Basisschool De Regenboog', 'Bestuur Stichting Primair Onderwijs Voorbeeld', 'Plaats Utrecht', 'Versie 1.0', 'Datum 22 november 2026', 'Status Concept ter instemming van de MR']) {
      expect(cover).toContain(text);
    }
    expect(markdown.split('\n').slice(0, 9).join('\n')).toBe(
      [
        '# Protocol sociale media',
        '',
        '**Basisschool De Regenboog**, Stichting Primair Onderwijs Voorbeeld, Utrecht',
        '',
        '| | |',
        '|---|---|',
        '| Versie | 1.0 |',
        '| Datum | 22 november 2026 |',
        '| Status | Concept ter instemming van de MR |',
      ].join('\n'),
    );
  });

  it('is one self-contained HTML file for a website: inline CSS, no scripts, no remote resources', () => {
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="nl">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<meta name="viewport"');
    expect(html).not.toMatch(/<script|<link|<iframe|<object|<embed|<img|\bsrc=|@import|url\(/i);
    expect(html).toContain('@media screen');
  });

  it('gives byte-identical Markdown and HTML for the same answers', () => {
    const again = render(renderLibrary(), { ...school, schoolaccount: 'open', platforms: ['instagram', 'facebook'] });
    expect(again.markdown).toBe(markdown);
    expect(again.html).toBe(html);
  });
});

describe('the PDF page style', () => {
  it('puts the footer text in a CSS string that nothing can break out of', () => {
    expect(cssString('De "Regen\\boog" </style><script>')).toBe('De \\22 Regen\\5c boog\\22  \\3c /style\\3e \\3c script\\3e ');
    const css = pageStyle('School · versie 1.0');
    expect(css).toContain('content: "School · versie 1.0";');
    expect(css).toContain('content: "pagina " counter(page) " van " counter(pages);');
    expect(css).toMatch(/@page cover \{[^]*content: none;/);
  });
});
