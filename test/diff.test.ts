/**
 * The Wijzigingsoverzicht (redline) on real cases: one choice, one placeholder value and one
 * clause text changed, with the exact redline asserted; added, removed and renumbered articles;
 * identical versions; a protocol.md read back; the redline that build writes beside a protocol
 * with a version history; the PDF by its text.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeAnswers } from '../src/answers/write.js';
import { type Values } from '../src/answers/schema.js';
import { loadLibrary, type Library } from '../src/library/load.js';
import { compareVersions, matchItems } from '../src/redline/compare.js';
import { parseProtocolMarkdown, type DocItem } from '../src/redline/document.js';
import { loadVersion } from '../src/build/versions.js';
import { renderRedlineMarkdown } from '../src/redline/render.js';
import { blocksMarkdown, redlineBlocks, wordSegments } from '../src/redline/words.js';
import { keepSummaries } from './helpers/custom.js';
import { fixtureLibrary, tempDir } from './helpers/fixtures.js';
import { runMain } from './helpers/main.js';
import { pdfText } from './helpers/run.js';

const fixture = fixtureLibrary();
const library = loadLibrary();

function answers(lib: Library, dir: string, name: string, values: Values): string {
  const file = path.join(dir, name);
  writeFileSync(file, serializeAnswers(lib, values));
  return file;
}

const base: Values = { naam: 'De Regenboog', plaats: 'Utrecht', versie: '1.0', datum: '2026-11-22', schoolaccount: 'besloten', platforms: ['instagram'], telefoon: 'inleveren' };

function redline(lib: Library, before: Values, after: Values): string {
  const dir = tempDir();
  const a = answers(lib, dir, 'oud.yaml', before);
  const b = answers(lib, dir, 'nieuw.yaml', after);
  return renderRedlineMarkdown(compareVersions(loadVersion(a, 'oud.yaml', lib), loadVersion(b, 'nieuw.yaml', lib)));
}

/** The part of a redline from one heading to the next of the same or a higher level. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`${heading}\n`);
  if (start < 0) throw new Error(`no heading "${heading}" in:\n${markdown}`);
  const level = /^#+/.exec(heading)?.[0] ?? '##';
  const rest = markdown.slice(start + heading.length + 1);
  const end = rest.search(new RegExp(`^#{1,${level.length}} `, 'm'));
  return (end < 0 ? rest : rest.slice(0, end)).trim();
}

describe('word redline', () => {
  it('marks deletions and insertions, spaces outside the marks', () => {
    expect(blocksMarkdown(redlineBlocks('De school bewaart de telefoon.', 'De school bewaart de telefoon en de smartwatch.'))).toBe(
      'De school bewaart de telefoon <ins>en de smartwatch</ins>.',
    );
  });

  it('marks punctuation next to a word (inline HTML, not ~~)', () => {
    expect(blocksMarkdown(redlineBlocks('Dat geldt op school. Ook thuis.', 'Dat geldt op school, ook thuis.'))).toBe('Dat geldt op school<del>. Ook</del><ins>, ook</ins> thuis.');
  });

  it('keeps list markers and paragraphs out of the marks', () => {
    const before = 'Op school geldt:\n\n- telefoons uit;\n- geen foto\'s.';
    const after = 'Op school geldt:\n\n- telefoons uit en in de tas;\n- geen foto\'s;\n- geen video\'s.';
    expect(blocksMarkdown(redlineBlocks(before, after))).toBe("Op school geldt:\n\n- telefoons uit <ins>en in de tas</ins>;\n- geen foto's<del>.</del><ins>;</ins>\n- <ins>geen video's.</ins>");
  });

  it('shows a rewritten part of a sentence whole, not as single words', () => {
    const before = 'Bij binnenkomst leveren zij het apparaat uitgeschakeld in bij de groepsleerkracht, die het op een vaste plek in de klas bewaart.';
    const after = 'Bij binnenkomst zetten zij het apparaat uit en laten het de hele schooldag in hun tas, ook in de pauzes.';
    expect(blocksMarkdown(redlineBlocks(before, after))).toBe(
      'Bij binnenkomst <del>leveren</del><ins>zetten</ins> zij het apparaat <del>uitgeschakeld in bij de groepsleerkracht, die het op een vaste plek in de klas bewaart</del><ins>uit en laten het de hele schooldag in hun tas, ook in de pauzes</ins>.',
    );
  });

  it('keeps Markdown escapes whole', () => {
    expect(wordSegments('School A\\*B', 'School A\\_B')).toEqual([
      { op: 'same', text: 'School A' },
      { op: 'del', text: '\\*' },
      { op: 'ins', text: '\\_' },
      { op: 'same', text: 'B' },
    ]);
  });
});

describe('matching articles of two versions', () => {
  const item = (number: string, title: string, text: string): DocItem => ({ kind: 'article', number, title, text });
  it('by clause id when both sides are answers; by title, then by shared words otherwise', () => {
    const before = [item('1.1', 'Account', 'De school heeft een account op Instagram.'), item('1.2', 'Reacties', 'De school verwijdert ongepaste reacties binnen een dag.'), item('1.3', 'Weg', 'Iets heel anders.')];
    const after = [
      item('1.1', 'Reacties', 'Ongepaste reacties worden verwijderd.'),
      item('1.2', 'Het schoolaccount', 'De school heeft een account op Instagram en Facebook.'),
      item('1.3', 'Nieuw', 'Een nieuw artikel over AI.'),
    ];
    expect([...matchItems(before, after, false)].sort()).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });
});

describe('diff of two answers files', () => {
  it('one choice and one placeholder value: the exact redline', () => {
    const markdown = redline(fixture, base, { ...base, versie: '1.1', datum: '2027-01-15', naam: 'De Regenboog Noord', telefoon: 'in-tas' });
    expect(section(markdown, '## Samenvatting')).toBe(
      '- 2 artikelen zijn gewijzigd: 1.1 Account van de school; 2.1 Mobiele telefoons.\n' +
        '- 1 keuze is anders; zie Gewijzigde keuzes.\n\n' +
        'Zo leest u de artikelen hieronder: <del>doorgehaalde tekst</del> vervalt, <ins>onderstreepte tekst</ins> komt erbij. Van elk gewijzigd artikel staat de hele tekst er; artikelen die niet veranderen, staan er niet in.',
    );
    expect(section(markdown, '## Gewijzigde keuzes')).toBe(
      '| Vraag | Was | Wordt |\n|---|---|---|\n| Wat is de afspraak over mobiele telefoons van leerlingen? | Inleveren aan het begin van de dag | Uit en in de tas |',
    );
    // The placeholder {{school}}: only the new word is marked.
    expect(section(markdown, '### 1.1 Account van de school')).toBe('*Gewijzigd*\n\nDe Regenboog <ins>Noord</ins> heeft een besloten profiel op Instagram. Zie ook artikel 1.2.');
    // The choice: another variant of the clause, too different to compare word by word.
    expect(section(markdown, '### 2.1 Mobiele telefoons')).toBe('*Gewijzigd*\n\n<del>Leerlingen leveren hun telefoon in aan het begin van de dag.</del>\n\n<ins>De telefoon blijft uit en in de tas.</ins>');
    expect(markdown).toContain('| School | De Regenboog | **De Regenboog Noord** |');
    expect(markdown).toContain('| Versie | 1.0 | **1.1** |');
    expect(markdown).not.toContain('## Nummering');
  });

  it('new and removed articles, a question that no longer applies', () => {
    const markdown = redline(fixture, base, { ...base, schoolaccount: 'geen' });
    expect(section(markdown, '## Samenvatting')).toMatch(
      /^- 1 artikel is nieuw: 1\.1 Geen account\.\n- 2 artikelen vervallen: 1\.1 Account van de school; 1\.2 Ongepaste reacties \(oude nummers\)\.\n- 2 keuzes zijn anders; zie Gewijzigde keuzes\./,
    );
    expect(section(markdown, '### <del>1.2 Ongepaste reacties</del>')).toBe('*Artikel vervalt*\n\n<del>De school verwijdert ongepaste reacties.</del>');
    expect(section(markdown, '### 1.1 <ins>Geen account</ins>')).toBe('*Nieuw artikel*\n\n<ins>De Regenboog heeft geen eigen account op sociale media.</ins>');
    expect(markdown).toContain('| Op welke platforms heeft de school een account? | Instagram | – (vraag vervalt) |');
    // Removed articles stand where they stood: before the new 1.1 that follows them.
    expect(markdown.indexOf('<del>1.1 Account van de school</del>')).toBeLessThan(markdown.indexOf('1.1 <ins>Geen account</ins>'));
  });

  it('renumbered articles are listed apart (real library: no school account drops articles)', () => {
    const values: Values = { naam: 'Basisschool Anker', plaats: 'Urk', versie: '1.0', datum: '2026-11-22' };
    const markdown = redline(library, values, { ...values, schoolaccount: 'geen' });
    const rows = section(markdown, '## Nummering').split('\n').filter((line) => /^\| (?!Artikel|---)/.test(line));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/^\| .+ \| (\d+)\.(\d+) \| \1\.(?!\2 )\d+ \|$/);
    expect(markdown).toContain(`- ${rows.length} artikelen hebben alleen een ander nummer gekregen; zie Nummering.`);
    expect(markdown).toContain('twee uitwerkingen van versie 1.0 van 22 november 2026');
  });

  it('identical versions: no changes, exit 0, and the overview says so', async () => {
    const dir = tempDir();
    answers(library, dir, 'a.yaml', { naam: 'Basisschool Anker', plaats: 'Urk', versie: '1.0', datum: '2026-11-22' });
    const result = await runMain(['diff', 'a.yaml', 'a.yaml', '--format', 'md,html'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Geen wijzigingen: de artikelen en keuzes van Basisschool Anker zijn in beide versies gelijk \(versie 1\.0 → 1\.0\)\.$/m);
    expect(readFileSync(path.join(dir, 'wijzigingen.md'), 'utf8')).toContain('**Er zijn geen wijzigingen.**');
    expect(readFileSync(path.join(dir, 'wijzigingen.html'), 'utf8')).toContain('<strong>Er zijn geen wijzigingen.</strong>');
  });
});

describe('diff with a built protocol.md', () => {
  const override = (text: string) => `chapter: leerlingen
clauses:
  - id: leerlingen.telefoon
    title: "Mobiele telefoons en smartwatches"
    text: |
      ${text}

      - Ouders/verzorgers die hun kind onder schooltijd willen bereiken, bellen de school.
    sources: [gsv/afspraken.7]
`;

  it('one clause text changed (a custom clause overriding a built-in one): the exact redline, matched by title', async () => {
    const dir = tempDir();
    answers(library, dir, 'anker.yaml', { naam: 'Basisschool Anker', plaats: 'Urk', versie: '1.0', datum: '2026-11-22', telefoon: 'inleveren' });
    for (const [folder, text] of [
      ['oud', 'Leerlingen leveren hun telefoon bij binnenkomst in bij de groepsleerkracht.'],
      ['nieuw', 'Leerlingen leveren hun telefoon en smartwatch bij binnenkomst uitgeschakeld in bij de groepsleerkracht.'],
    ] as const) {
      mkdirSync(path.join(dir, folder));
      writeFileSync(path.join(dir, folder, 'leerlingen.yaml'), override(text));
      keepSummaries(library, path.join(dir, folder), ['leerlingen.telefoon']);
    }
    expect((await runMain(['build', 'anker.yaml', '--clauses', 'oud', '--format', 'md', '--out', 'vorig'], dir)).code).toBe(0);
    const result = await runMain(['diff', 'vorig/basisschool-anker/protocol.md', 'anker.yaml', '--clauses', 'nieuw', '--out', 'verslag/', '--format', 'md'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ {2}gewijzigd: {5}1 \(\d+\.1 Mobiele telefoons en smartwatches\)$/m);
    const markdown = readFileSync(path.join(dir, 'verslag/wijzigingen.md'), 'utf8');
    const heading = /^### (\d+\.1 Mobiele telefoons en smartwatches)$/m.exec(markdown)?.[0] ?? '';
    expect(section(markdown, heading)).toBe(
      '*Gewijzigd*\n\n' +
        'Leerlingen leveren hun telefoon <ins>en smartwatch</ins> bij binnenkomst <ins>uitgeschakeld</ins> in bij de groepsleerkracht.\n\n' +
        '- Ouders/verzorgers die hun kind onder schooltijd willen bereiken, bellen de school.',
    );
    expect(markdown).toContain('Een artikel is in beide versies hetzelfde als het dezelfde titel heeft, of anders als minstens 50 procent van de woorden overeenkomt.');
    expect(markdown).not.toContain('## Gewijzigde keuzes');
  });

  it('a protocol.md read back equals the answers it was built from', async () => {
    const dir = tempDir();
    answers(library, dir, 'anker.yaml', { naam: 'Basisschool <Anker> & *Co*', bestuur: 'Stichting | Proef', plaats: 'Urk', versie: '1.0', datum: '2026-11-22', raad: 'GMR' });
    expect((await runMain(['build', 'anker.yaml', '--format', 'md'], dir)).code).toBe(0);
    const file = path.join(dir, 'out/basisschool-anker-co/protocol.md');
    const fromMarkdown = parseProtocolMarkdown(readFileSync(file, 'utf8'), 'protocol.md');
    const fromAnswers = loadVersion(path.join(dir, 'anker.yaml'), 'anker.yaml', library);
    expect(fromMarkdown.items.map(({ key: _key, ...item }) => item)).toEqual(fromAnswers.items.map(({ key: _key, ...item }) => item));
    expect(fromMarkdown.meta).toEqual({ school: 'Basisschool \\<Anker\\> \\& \\*Co\\*', versie: '1.0', datum: '22 november 2026', status: 'Concept ter instemming van de GMR' });
    expect(compareVersions(fromMarkdown, fromAnswers).identical).toBe(true);
    const result = await runMain(['diff', 'out/basisschool-anker-co/protocol.md', 'anker.yaml', '--format', 'md'], dir);
    expect(result.stdout).toMatch(/^Geen wijzigingen/);
  });

  it('a file that is not a protocol is a Dutch error, exit 2', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'notities.md'), '# Notities\n\nNiets.\n');
    const result = await runMain(['diff', 'notities.md', 'notities.md'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Fout: notities\.md: dit is geen protocol van schoolprotocol/);
  });
});

describe('build with a version history', () => {
  function school(dir: string, history: string): string {
    const file = answers(library, dir, 'anker.yaml', { naam: 'Basisschool Anker', plaats: 'Urk', versie: '2.0', datum: '2027-09-01', telefoon: 'in-tas' });
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^keuzes:/m, `${history}keuzes:`));
    return file;
  }

  it('writes the redline against the last approved version beside the protocol, and the approval page says so', async () => {
    const dir = tempDir();
    answers(library, dir, 'v1.yaml', { naam: 'Basisschool Anker', plaats: 'Urk', versie: '1.0', datum: '2026-11-22', telefoon: 'inleveren' });
    expect((await runMain(['build', 'v1.yaml', '--format', 'md', '--out', 'versies'], dir)).code).toBe(0);
    school(
      dir,
      '  geschiedenis:\n' +
        '    - versie: "0.9"\n      datum: 2026-10-01\n      status: concept\n' +
        '    - versie: "1.0"\n      datum: 2026-11-22\n      status: vastgesteld\n      instemming: 2026-12-10\n      protocol: versies/basisschool-anker/protocol.md\n      opmerking: Eerste versie\n',
    );
    const result = await runMain(['build', 'anker.yaml', '--format', 'md,html'], dir);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('out/basisschool-anker/wijzigingen.md');
    expect(result.stdout).toContain('out/basisschool-anker/wijzigingen.html');
    const protocol = readFileSync(path.join(dir, 'out/basisschool-anker/protocol.md'), 'utf8');
    expect(section(protocol, '## Vaststelling')).toContain(
      'Bij dit protocol hoort een wijzigingsoverzicht: daarin staat per artikel wat er is veranderd ten opzichte van versie 1.0, waarmee de MR op 10 december 2026 instemde. Doorgehaalde tekst vervalt, onderstreepte tekst komt erbij.',
    );
    expect(section(protocol, '### Versies')).toBe(
      '| Versie | Datum | Status | Instemming MR | Opmerking |\n|---|---|---|---|---|\n' +
        '| 0.9 | 1 oktober 2026 | Concept | – |  |\n' +
        '| 1.0 | 22 november 2026 | Vastgesteld | 10 december 2026 | Eerste versie |\n' +
        '| 2.0 | 1 september 2027 | Concept (deze versie) | – |  |',
    );
    expect(readFileSync(path.join(dir, 'out/basisschool-anker/protocol.html'), 'utf8')).toContain('<h3>Versies</h3>');
    const redlineMarkdown = readFileSync(path.join(dir, 'out/basisschool-anker/wijzigingen.md'), 'utf8');
    expect(redlineMarkdown).toContain('van versie 1.0 van 22 november 2026 naar versie 2.0 van 1 september 2027');
    expect(redlineMarkdown).toMatch(/- 1 artikel is gewijzigd: \d+\.1 Mobiele telefoons en smartwatches\./);
    // The old Markdown was built as a concept; the history says the MR approved it.
    expect(redlineMarkdown).toContain('| Status | Vastgesteld, instemming MR op 10 december 2026 | **Concept ter instemming van de MR** |');
    // check rebuilds the same protocol, the note included.
    expect((await runMain(['check', 'anker.yaml'], dir)).code).toBe(0);
    // The impact list compares with the approved version, not with the document on disk.
    const impact = await runMain(['check', 'anker.yaml', '--impact'], dir);
    expect(impact.code).toBe(1);
    expect(impact.stdout).toMatch(/✗ Basisschool Anker: 1 artikel anders, 1 keuze anders \(t\.o\.v\. vastgestelde versie 1\.0\)/);
  });

  it('without the approved version\'s Markdown: a history table, no redline', async () => {
    const dir = tempDir();
    school(dir, '  geschiedenis:\n    - versie: "1.0"\n      datum: 2026-11-22\n      status: vastgesteld\n      instemming: 2026-12-10\n');
    expect((await runMain(['build', 'anker.yaml', '--format', 'md'], dir)).code).toBe(0);
    expect(existsSync(path.join(dir, 'out/basisschool-anker/wijzigingen.md'))).toBe(false);
    const protocol = readFileSync(path.join(dir, 'out/basisschool-anker/protocol.md'), 'utf8');
    expect(protocol).toContain('### Versies');
    expect(protocol).not.toContain('wijzigingsoverzicht');
  });

  it('a missing approved version or a history entry without consent date is a Dutch error with line and column', async () => {
    const dir = tempDir();
    school(dir, '  geschiedenis:\n    - versie: "1.0"\n      datum: 2026-11-22\n      status: vastgesteld\n      instemming: 2026-12-10\n      protocol: weg/protocol.md\n');
    let result = await runMain(['build', 'anker.yaml', '--format', 'md'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/anker\.yaml:\d+:7: `protocol` van versie 1\.0 verwijst naar .*weg\/protocol\.md, maar dat bestand bestaat niet/);
    school(dir, '  geschiedenis:\n    - versie: "1.0"\n      datum: 2026-11-22\n      status: vastgesteld\n');
    result = await runMain(['build', 'anker.yaml', '--format', 'md'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/`document\.geschiedenis\[0\]\.instemming` een vastgestelde versie heeft de datum waarop de raad instemde/);
    school(dir, '  geschiedenis:\n    - versie: "1.0"\n      datum: 2026-11-22\n      status: klaar\n      instemingen: 2026-12-10\n');
    result = await runMain(['build', 'anker.yaml', '--format', 'md'], dir);
    expect(result.stderr).toMatch(/`document\.geschiedenis\[0\]\.instemingen` is een onbekende sleutel\. Geldige sleutels hier: versie, datum, status, instemming, protocol, opmerking\. Bedoelt u "instemming"\?/);
  });
});

describe('the redline PDF', () => {
  it('reads as a Wijzigingsoverzicht with struck and inserted text', async () => {
    const dir = tempDir();
    const values: Values = { naam: 'Basisschool Anker', plaats: 'Urk', versie: '1.0', datum: '2026-11-22', telefoon: 'inleveren' };
    answers(library, dir, 'oud.yaml', values);
    answers(library, dir, 'nieuw.yaml', { ...values, versie: '1.1', telefoon: 'in-tas' });
    const result = await runMain(['diff', 'oud.yaml', 'nieuw.yaml', '--out', 'wijzigingen.pdf'], dir);
    expect(result.code).toBe(0);
    expect(existsSync(path.join(dir, 'wijzigingen.md'))).toBe(false);
    const text = pdfText(path.join(dir, 'wijzigingen.pdf')).replace(/\s+/g, ' ');
    expect(text).toContain('Wijzigingsoverzicht');
    expect(text).toContain('Zo leest u de artikelen hieronder: doorgehaalde tekst vervalt, onderstreepte tekst komt erbij.');
    expect(text).toMatch(/Gewijzigde keuzes .*Inleveren aan het begin van de dag/);
    expect(text).toContain('Basisschool Anker · Wijzigingsoverzicht protocol sociale media · versie 1.0 → 1.1');
  }, 60_000);
});
