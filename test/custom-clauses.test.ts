/**
 * Custom clause folders (`--clauses`): where custom chapters, clauses and companion blocks go
 * (`after:`), with numbering and {{ref}} following; Dutch errors for unknown targets, cycles and
 * two items after the same one; companion blocks that summarise a replaced clause (lint names
 * them; a folder gives the block anew, keeps it or leaves it out); and the worked example of the
 * consultant's guide (clauses/HANDLEIDING.md), taken from the guide itself and built for real.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { completeAnswers } from '../src/answers/load.js';
import type { Values } from '../src/answers/schema.js';
import { assemble, type Protocol } from '../src/assemble/assemble.js';
import { assembleCompanions, selectBlockVariant } from '../src/companions/index.js';
import { loadLibrary, type Library } from '../src/library/load.js';
import { lintLibrary } from '../src/lint/lint.js';
import { root, tempDir } from './helpers/fixtures.js';
import { runMain } from './helpers/main.js';

const identity: Values = { naam: 'Basisschool De Linde', plaats: 'Zwolle', versie: '1.0', datum: '2026-12-01' };

/** A folder with these files (path → content), and the library read with it. */
function folder(files: Record<string, string>, dir = tempDir()): string {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function build(library: Library, values: Values = {}): Protocol {
  return assemble(completeAnswers(library, { ...identity, ...values }), library);
}

/** "chapter id" → its number; "clause id" → its article number. */
function numbers(protocol: Protocol) {
  const chapter = new Map(protocol.chapters.map((c) => [c.id, c.number]));
  const article = new Map(protocol.chapters.flatMap((c) => c.articles.map((a): [string, string] => [a.clause, a.number])));
  return { chapter: (id: string) => chapter.get(id), article: (id: string) => article.get(id) ?? '', articles: (id: string) => protocol.chapters.find((c) => c.id === id)?.articles.map((a) => a.clause) ?? [] };
}

const builtIn = loadLibrary();
const before = numbers(build(builtIn));

describe('after: where custom clauses and chapters go', { timeout: 60_000 }, () => {
  it('a clause after a clause of its own chapter, and one after a clause of another chapter; numbers and refs follow', () => {
    const dir = folder({
      'leerlingen.yaml': `chapter: leerlingen
clauses:
  - id: leerlingen.kluisjes
    title: "Telefoonkluisjes"
    after: leerlingen.telefoon
    text: |
      Ingeleverde telefoons liggen in een afgesloten kluisje. Zie ook {{ref "leerlingen.uitstapjes"}} en {{ref "eigen.fotohoek"}}.
`,
      'eigen.yaml': `chapter: eigen
clauses:
  - id: eigen.fotohoek
    title: "De fotohoek"
    after: beeld.fotobeleid
    text: |
      Bij feesten maakt de school foto's in een vaste fotohoek. Wie niet op de foto wil, loopt er niet langs.
`,
    });
    const library = loadLibrary([dir]);
    expect(lintLibrary(library, { quick: true }).problems).toEqual([]);
    const protocol = build(library);
    const n = numbers(protocol);
    const leerlingen = before.articles('leerlingen');
    const phone = leerlingen.indexOf('leerlingen.telefoon') + 1;
    const nextToPhone = leerlingen[phone] ?? '';
    expect(n.articles('leerlingen')).toEqual([...leerlingen.slice(0, phone), 'leerlingen.kluisjes', ...leerlingen.slice(phone)]);
    const beeld = before.articles('beeld');
    const at = beeld.indexOf('beeld.fotobeleid') + 1;
    expect(n.articles('beeld')).toEqual([...beeld.slice(0, at), 'eigen.fotohoek', ...beeld.slice(at)]);
    // The clause moved into chapter beeld: no chapter "eigen" is needed or made.
    expect(protocol.chapters.map((c) => c.id)).toEqual(build(builtIn).chapters.map((c) => c.id));

    const chapter = n.chapter('leerlingen');
    expect(n.article('leerlingen.kluisjes')).toBe(`${chapter}.${phone + 1}`);
    expect(n.article(nextToPhone)).toBe(`${chapter}.${phone + 2}`);
    expect(n.article('leerlingen.uitstapjes')).toBe(`${chapter}.${leerlingen.indexOf('leerlingen.uitstapjes') + 2}`);
    expect(n.article('eigen.fotohoek')).toBe(`${n.chapter('beeld')}.${at + 1}`);
    const kluisjes = protocol.chapters.flatMap((c) => c.articles).find((a) => a.clause === 'leerlingen.kluisjes');
    expect(kluisjes?.text).toBe(`Ingeleverde telefoons liggen in een afgesloten kluisje. Zie ook ${`artikel ${n.article('leerlingen.uitstapjes')}`} en artikel ${n.chapter('beeld')}.${at + 1}.`);
    // A built-in reference to a clause before the new one still names its number.
    const uitstapjes = protocol.chapters.flatMap((c) => c.articles).find((a) => a.clause === 'leerlingen.uitstapjes');
    if (uitstapjes?.text.includes('artikel')) expect(uitstapjes.text).toContain(`artikel ${n.article('leerlingen.telefoon')}`);
  });

  it('a chapter after a chapter; the chapters after it move one number on, in the protocol and in the letter to parents', () => {
    const dir = folder({
      'chapters.yaml': `chapters:
  - id: website
    title: "De website van de school"
    after: school
`,
      'website.yaml': `chapter: website
clauses:
  - id: website.doel
    title: "Waarvoor de website is"
    text: |
      De website vertelt wat de school doet. Over foto's gaat {{ref "beeld.toestemming"}}.
`,
    });
    const library = loadLibrary([dir]);
    expect(library.chapters.map((c) => c.id).indexOf('website')).toBe(library.chapters.map((c) => c.id).indexOf('school') + 1);
    const protocol = build(library);
    const n = numbers(protocol);
    expect(n.chapter('website')).toBe((before.chapter('school') ?? 0) + 1);
    expect(n.chapter('beeld')).toBe((before.chapter('beeld') ?? 0) + 1);
    expect(n.article('website.doel')).toBe(`${n.chapter('website')}.1`);
    expect(protocol.chapters.find((c) => c.id === 'website')?.articles[0]?.text).toBe(`De website vertelt wat de school doet. Over foto's gaat artikel ${n.chapter('beeld')}.1.`);
    const letter = assembleCompanions(protocol, library).find((c) => c.id === 'ouderbrief');
    const text = JSON.stringify(letter?.parts);
    if (text.includes('artikel')) {
      expect(text).toContain(`artikel ${n.article('beeld.toestemming')}`);
      expect(text).not.toContain(`artikel ${before.article('beeld.toestemming')},`);
    }
  });

  it('a replaced clause or chapter with after moves; without after it keeps its place', () => {
    const onderwijs = before.articles('onderwijs');
    const last = onderwijs[onderwijs.length - 1] ?? '';
    const first = onderwijs[0] ?? '';
    const original = builtIn.clauses.find((c) => c.id === last);
    const dir = folder({
      'onderwijs.yaml': `chapter: onderwijs
clauses:
  - id: ${last}
    title: "Eigen tekst"
    after: ${first}
    text: "Eigen tekst van het bestuur."
    sources: [${original?.sources.join(', ')}]
`,
      'chapters.yaml': `chapters:
  - id: slot
    title: "Tot slot"
    after: inleiding
  - id: melden
    title: "Melden, en wat er dan gebeurt"
`,
    });
    const library = loadLibrary([dir]);
    const n = numbers(build(library));
    expect(n.articles('onderwijs')).toEqual([first, last, ...onderwijs.slice(1, -1)]);
    const ids = library.chapters.map((c) => c.id);
    expect(ids.slice(0, 2)).toEqual(['inleiding', 'slot']);
    expect(ids.indexOf('melden')).toBe(builtIn.chapters.map((c) => c.id).indexOf('melden') + 1);
    expect(library.chapters.find((c) => c.id === 'melden')?.title).toBe('Melden, en wat er dan gebeurt');
  });

  it('unknown targets, the wrong kind, itself, a cycle and two after the same: Dutch errors naming the file and the id, exit 2, nothing written', async () => {
    const dir = folder({
      'protocol.yaml': 'schema: 1\nschool:\n  naam: Basisschool De Linde\n  plaats: Zwolle\ndocument:\n  versie: "1.0"\n  datum: 2026-12-01\n',
      'eigen/chapters.yaml': 'chapters:\n  - id: extra\n    title: "Extra"\n    after: leerlingen.telefoon\n  - id: nog-een\n    title: "Nog een"\n    after: bestaat-niet\n',
      'eigen/extra.yaml': `chapter: extra
clauses:
  - id: extra.a
    text: "A"
    after: leerlingen.telefon
  - id: extra.b
    text: "B"
    after: beeld
  - id: extra.c
    text: "C"
    after: extra.c
  - id: extra.d
    text: "D"
    after: extra.e
  - id: extra.e
    text: "E"
    after: extra.d
  - id: extra.f
    text: "F"
    after: slot.relatie
  - id: extra.g
    text: "G"
    after: slot.relatie
`,
    });
    for (const args of [['lint', '--clauses', 'eigen'], ['build', 'protocol.yaml', '--clauses', 'eigen', '--format', 'md']]) {
      const result = await runMain(args, dir);
      expect(result.code).toBe(2);
      const err = result.stderr;
      expect(err).toContain('de plaats van eigen hoofdstukken of clausules (`after`) klopt niet');
      expect(err).toMatch(/eigen\/chapters\.yaml:2:5 \(extra\): `after: leerlingen\.telefoon` noemt een clausule\. Een hoofdstuk staat na een ander hoofdstuk/);
      expect(err).toMatch(/eigen\/chapters\.yaml:5:5 \(nog-een\): `after: bestaat-niet` noemt een id dat niet bestaat\./);
      expect(err).toMatch(/eigen\/extra\.yaml:3:5 \(extra\.a\): `after: leerlingen\.telefon` noemt een id dat niet bestaat\. Bedoelt u "leerlingen\.telefoon"\?/);
      expect(err).toMatch(/eigen\/extra\.yaml:6:5 \(extra\.b\): `after: beeld` noemt een hoofdstuk\. Een clausule staat na een andere clausule/);
      expect(err).toMatch(/eigen\/extra\.yaml:9:5 \(extra\.c\): `after: extra\.c` noemt de clausule zelf/);
      expect(err).toMatch(/eigen\/extra\.yaml:12:5 \(extra\.d\), \S*eigen\/extra\.yaml:15:5 \(extra\.e\): de `after`-verwijzingen vormen een kring \(extra\.d → extra\.e → extra\.d\)/);
      expect(err).toMatch(/eigen\/extra\.yaml:18:5 \(extra\.f\) en \S*eigen\/extra\.yaml:21:5 \(extra\.g\): staan allebei direct na slot\.relatie; .*Zet extra\.g na de clausule die ervóór moet komen, bijvoorbeeld `after: extra\.f`\./);
      expect(err).not.toMatch(/ at |Error:/);
    }
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('companion blocks say where they go in their part, with the same errors', async () => {
    const { companionTexts } = await import('../src/companions/texts.js');
    const blocks = companionTexts(builtIn).find((t) => t.document === 'ouderbrief')?.parts.brief ?? [];
    // The last block before the second heading of the letter: a new section fits after it.
    const second = blocks.findIndex((b, i) => i > 0 && b.title !== undefined && blocks.slice(0, i).some((o) => o.title !== undefined));
    const target = blocks[second - 1]?.id ?? '';
    const dir = folder({
      'documenten/ouderbrief.yaml': `document: ouderbrief\nparts:\n  brief:\n    - id: eigen\n      title: "Eigen"\n      after: ${target}\n      text: "Eigen blok."\n`,
    });
    const library = loadLibrary([dir]);
    const ids = companionTexts(library).find((t) => t.document === 'ouderbrief')?.parts.brief?.map((b) => b.id) ?? [];
    expect(ids).toEqual([...blocks.slice(0, second).map((b) => b.id), 'eigen', ...blocks.slice(second).map((b) => b.id)]);
    const letter = assembleCompanions(build(library), library).find((c) => c.id === 'ouderbrief');
    const titles = letter?.parts.brief?.map((s) => s.title) ?? [];
    expect(letter?.parts.brief?.[titles.indexOf('Eigen')]?.texts).toEqual(['Eigen blok.']);

    const wrong = folder({ 'documenten/ouderbrief.yaml': 'document: ouderbrief\nparts:\n  brief:\n    - id: eigen\n      after: inleidng\n      text: "Eigen blok."\n' });
    expect(() => assembleCompanions(build(builtIn), loadLibrary([wrong]))).toThrow(
      /documenten\/ouderbrief\.yaml:4:7 \(eigen\): `after: inleidng` noemt een id dat niet bestaat in het deel brief van ouderbrief\. Bedoelt u "inleiding"\?/,
    );
  });
});

describe('companion blocks follow the clause they summarise', { timeout: 60_000 }, () => {
  // Folder A adds a clause and a block of the letter that summarises it; folder B replaces the clause.
  const a = folder({
    'slot.yaml': 'chapter: slot\nclauses:\n  - id: slot.spreekuur\n    title: "Spreekuur"\n    text: "De directeur houdt elke maandag spreekuur."\n',
    'documenten/ouderbrief.yaml':
      'document: ouderbrief\nparts:\n  brief:\n    - id: spreekuur\n      title: "Spreekuur"\n      summarises: slot.spreekuur\n      text: "Elke maandag kunt u bij de directeur binnenlopen."\n',
  });
  const replacement = 'chapter: slot\nclauses:\n  - id: slot.spreekuur\n    title: "Spreekuur"\n    text: "De directeur houdt elke woensdag spreekuur."\n';
  const letterOf = (library: Library) => JSON.stringify(assembleCompanions(build(library), library).find((c) => c.id === 'ouderbrief')?.parts);

  it('lint names the block, the document and the clause when a later folder replaces the clause and leaves the block as it was', () => {
    const b = folder({ 'slot.yaml': replacement });
    const problems = lintLibrary(loadLibrary([a, b]), { quick: true }).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      new RegExp(
        `^het blok spreekuur in de ouderbrief vat clausule slot\\.spreekuur samen, die uw eigen clausules vervangen: \\S*${path.basename(b)}/slot\\.yaml:3:5\\. Geef in \\S*${path.basename(b)}/documenten/ouderbrief\\.yaml, in het deel brief, een eigen blok met dit id dat bij uw clausule past, of laat het weg met \`omit: "reden"\`; klopt de tekst nog, zet dan \`keep: "reden"\` bij dat id`,
      ),
    );
    expect(problems[0]).toMatch(new RegExp(`Het blok staat in \\S*${path.basename(a)}/documenten/ouderbrief\\.yaml:4:7\\.$`));
    // Without the replacement, A alone is sound and the letter has the block.
    expect(lintLibrary(loadLibrary([a]), { quick: true }).problems).toEqual([]);
    expect(letterOf(loadLibrary([a]))).toContain('Elke maandag kunt u bij de directeur binnenlopen.');
  });

  it('the built-in blocks: replacing a built-in clause names every block of every document that repeats it', async () => {
    const dir = folder({ 'eigen/leerlingen.yaml': 'chapter: leerlingen\nclauses:\n  - id: leerlingen.contact\n    title: "Contact"\n    text: "Eigen tekst."\n' });
    const result = await runMain(['lint', '--clauses', 'eigen'], dir);
    expect(result.code).toBe(2);
    const texts = (await import('../src/companions/texts.js')).companionTexts(builtIn);
    const expected = texts.flatMap((t) => Object.values(t.parts).flatMap((blocks) => blocks.filter((b) => b.summarises.includes('leerlingen.contact')).map((b) => [t.document, b.id])));
    expect(expected.length).toBeGreaterThan(0);
    for (const [document, id] of expected) {
      expect(result.stderr).toMatch(new RegExp(`(het blok|de blokken) [^\\n]*\\b${id}\\b[^\\n]* in (de|het) ${document} (vat|vatten) clausule leerlingen\\.contact samen, die uw eigen clausules vervangen: \\S*eigen/leerlingen\\.yaml:3:5`));
    }
    // build refuses with the same message, before writing anything
    writeFileSync(path.join(dir, 'protocol.yaml'), 'schema: 1\nschool:\n  naam: Basisschool De Linde\n  plaats: Zwolle\ndocument:\n  versie: "1.0"\n  datum: 2026-12-01\n');
    const built = await runMain(['build', 'protocol.yaml', '--clauses', 'eigen', '--format', 'md'], dir);
    expect(built.code).toBe(2);
    expect(built.stderr).toContain('vat clausule leerlingen.contact samen, die uw eigen clausules vervangen');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  }, 60_000);

  it('the block follows: a replacement block, keep, or omit', () => {
    const own = folder({
      'slot.yaml': replacement,
      'documenten/ouderbrief.yaml': 'document: ouderbrief\nparts:\n  brief:\n    - id: spreekuur\n      title: "Spreekuur"\n      text: "Elke woensdag kunt u bij de directeur binnenlopen."\n',
    });
    const withOwn = loadLibrary([a, own]);
    expect(lintLibrary(withOwn, { quick: true }).problems).toEqual([]);
    expect(letterOf(withOwn)).toContain('Elke woensdag kunt u bij de directeur binnenlopen.');
    expect(letterOf(withOwn)).not.toContain('maandag');

    const kept = folder({ 'slot.yaml': replacement, 'documenten/ouderbrief.yaml': 'document: ouderbrief\nparts:\n  brief:\n    - id: spreekuur\n      keep: "Klopt nog."\n' });
    expect(lintLibrary(loadLibrary([a, kept]), { quick: true }).problems).toEqual([]);
    expect(letterOf(loadLibrary([a, kept]))).toContain('Elke maandag kunt u bij de directeur binnenlopen.');

    const omitted = folder({ 'slot.yaml': replacement, 'documenten/ouderbrief.yaml': 'document: ouderbrief\nparts:\n  brief:\n    - id: spreekuur\n      omit: "Het spreekuur staat in de nieuwsbrief."\n' });
    expect(lintLibrary(loadLibrary([a, omitted]), { quick: true }).problems).toEqual([]);
    expect(letterOf(loadLibrary([a, omitted]))).not.toContain('Spreekuur');
  });

  it('reports keep or omit of a block that does not exist, summarises of an unknown clause, a reason left out, and a block shown without its clause', () => {
    const dir = folder({
      'slot.yaml': 'chapter: slot\nclauses:\n  - id: slot.spreekuur\n    title: "Spreekuur"\n    when: { telefoon: inleveren }\n    text: "De directeur houdt spreekuur."\n',
      'documenten/ouderbrief.yaml': `document: ouderbrief
parts:
  brief:
    - id: vragn
      omit: "Weg."
    - id: inleidng
      keep: "Klopt."
    - id: spreekuur
      summarises: [slot.spreekuren]
      text: "Spreekuur."
    - id: spreekuur-2
      summarises: slot.spreekuur
      text: "Elke maandag spreekuur."
`,
    });
    const { problems } = lintLibrary(loadLibrary([dir]), { samples: 60 });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/documenten\/ouderbrief\.yaml:4:7 \(vragn\): `omit` noemt een blok dat er niet is: de ouderbrief heeft in het deel brief geen blok "vragn"\. Bedoelt u "vragen"\?$/),
        expect.stringMatching(/documenten\/ouderbrief\.yaml:6:7 \(inleidng\): `keep` noemt een blok dat er niet is: .* Bedoelt u "inleiding"\?$/),
        expect.stringMatching(/documenten\/ouderbrief\.yaml:8:7 \(spreekuur\): `summarises` noemt clausule "slot\.spreekuren", die niet bestaat\. Bedoelt u "slot\.spreekuur"\?$/),
        expect.stringMatching(
          /documenten\/ouderbrief\.yaml:11:7 \(spreekuur-2\): het blok staat in de ouderbrief, maar de clausule die het samenvat \(slot\.spreekuur\) staat dan niet in het protocol \(bijvoorbeeld bij .*\)\. Geef het blok dezelfde voorwaarde als de clausule\.$/,
        ),
      ]),
    );
    const noReason = folder({ 'documenten/ouderbrief.yaml': 'document: ouderbrief\nparts:\n  brief:\n    - id: vragen\n      omit: ""\n' });
    expect(() => loadLibrary([noReason]) && assembleCompanions(build(builtIn), loadLibrary([noReason]))).toThrow(/documenten\/ouderbrief\.yaml:5:7: `parts\.brief\[0\]\.omit` mag niet leeg zijn/);
  }, 60_000);

  it('the built-in blocks name real clauses, and no block appears without the clause it summarises', () => {
    const { problems } = lintLibrary(builtIn, { samples: 120 });
    expect(problems.filter((p) => /summarises|samenvat|vat clausule/.test(p))).toEqual([]);
  }, 60_000);
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The files of the guide's example: a fenced block right after `<!-- bestand: PATH -->`. */
function guideFiles(markdown: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const match of markdown.matchAll(/<!-- bestand: (\S+) -->\n```[a-z]*\n([\s\S]*?)\n```/g)) files[match[1] ?? ''] = `${match[2] ?? ''}\n`;
  return files;
}

describe('the consultant\'s guide (clauses/HANDLEIDING.md)', () => {
  const guide = readFileSync(path.join(root, 'clauses/HANDLEIDING.md'), 'utf8');

  it('is linked from the README and from FORMAT.md; every YAML block in it is valid YAML', () => {
    expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toContain('clauses/HANDLEIDING.md');
    expect(readFileSync(path.join(root, 'clauses/FORMAT.md'), 'utf8')).toContain('HANDLEIDING.md');
    const blocks = [...guide.matchAll(/```yaml\n([\s\S]*?)\n```/g)].map((m) => m[1] ?? '');
    expect(blocks.length).toBeGreaterThan(5);
    for (const block of blocks) expect(() => parse(block)).not.toThrow();
  });

  it('its worked example builds as the guide says: lint, build and check with --clauses', async () => {
    const files = guideFiles(guide);
    expect(Object.keys(files).sort()).toEqual(
      ['de-linde.yaml', 'eigen/chapters.yaml', 'eigen/documenten/leerlingversie.yaml', 'eigen/documenten/ouderbrief.yaml', 'eigen/leerlingen.yaml', 'eigen/mediaopvoeding.yaml', 'eigen/questions.yaml'].sort(),
    );
    const dir = folder(files);
    // The commands as the guide gives them (the test skips the PDF to save time).
    const block = /<!-- opdrachten -->\n```sh\n([\s\S]*?)\n```/.exec(guide)?.[1] ?? '';
    const commands = block
      .split('\n')
      .filter((line) => line.startsWith('schoolprotocol '))
      .map((line) => line.split(' ').slice(1));
    expect(commands.map((c) => c[0])).toEqual(expect.arrayContaining(['lint', 'build', 'check']));
    for (const command of commands) {
      const args = command[0] === 'build' ? [...command, '--format', 'md'] : command;
      const result = await runMain(args, dir);
      expect({ args, stderr: result.stderr, code: result.code }).toEqual({ args, stderr: '', code: 0 });
      if (command[0] === 'lint') {
        expect(result.stdout).toMatch(/^Clausulebibliotheek in orde: /);
        expect(result.stdout).toContain('  - weggelaten uit de ouderbrief: telefoon-uitstapjes (Voor elk schoolkamp krijgen ouders/verzorgers');
        expect(result.stdout).toContain('  - ongewijzigd in de leerlingversie: aardig (Onze clausule leerlingen.elkaar-helpen');
      }
    }
    const out = path.join(dir, 'out/basisschool-de-linde');
    const protocol = readFileSync(path.join(out, 'protocol.md'), 'utf8');
    const heading = (title: string) => Number(new RegExp(`^## (\\d+) ${escape(title)}$`, 'm').exec(protocol)?.[1]);
    const article = (title: string) => new RegExp(`^### (\\d+\\.\\d+) ${escape(title)}$`, 'm').exec(protocol)?.[1] ?? '';
    const chapterTitle = (id: string) => builtIn.chapters.find((c) => c.id === id)?.title ?? id;
    const next = builtIn.chapters[builtIn.chapters.findIndex((c) => c.id === 'leerlingen') + 1]?.id ?? '';
    // The new chapter comes straight after the pupils' chapter; the one after it moves one number on.
    expect(heading('Samen werken aan mediaopvoeding')).toBe(heading(chapterTitle('leerlingen')) + 1);
    expect(heading(chapterTitle(next))).toBe(heading('Samen werken aan mediaopvoeding') + 1);
    // The new clause straight after leerlingen.contact; the replaced one in its old place, with a ref that follows.
    const contactTitle = builtIn.clauses.find((c) => c.id === 'leerlingen.contact')?.title ?? '';
    const [chapter, contact] = article(contactTitle).split('.').map(Number);
    expect(article('De mediacoach')).toBe(`${chapter}.${(contact ?? 0) + 1}`);
    const helping = before.articles('leerlingen').indexOf('leerlingen.elkaar-helpen') + 1;
    expect(article('Elkaar helpen')).toBe(`${chapter}.${helping}`);
    expect(protocol).toContain(`de mediacoach (artikel ${article('De mediacoach')}), de anti-pestcoördinator`);
    expect(protocol).toContain(`schermtijd en contact met onbekenden (artikel ${article(contactTitle)})`);
    expect(protocol).toContain('Elk schooljaar organiseert de mediacoach een ouderavond over mediaopvoeding');
    // The companions: a new block in the letter, one left out, a kept block and a new one in the pupils' version.
    const letter = readFileSync(path.join(out, 'ouderbrief.md'), 'utf8');
    expect(letter).toMatch(/## De mediacoach\n\nDe school heeft een mediacoach\./);
    const { companionTexts } = await import('../src/companions/texts.js');
    const blocks = companionTexts(builtIn).find((t) => t.document === 'ouderbrief')?.parts.brief ?? [];
    const sectionOf = (id: string) => blocks.slice(0, blocks.findIndex((b) => b.id === id) + 1).reverse().find((b) => b.title !== undefined)?.title ?? '';
    const after = letter.indexOf(`## ${sectionOf('contact-vrienden')}`);
    expect(after).toBeGreaterThan(0);
    expect(letter.indexOf('## De mediacoach')).toBeGreaterThan(after);
    const following = blocks.slice(blocks.findIndex((b) => b.id === 'contact-vrienden') + 1).find((b) => b.title !== undefined)?.title;
    if (following) expect(letter.indexOf('## De mediacoach')).toBeLessThan(letter.indexOf(`## ${following}`));
    const trips = blocks.find((b) => b.id === 'telefoon-uitstapjes');
    const values = completeAnswers(builtIn, { ...identity }).values;
    const tripText = trips && selectBlockVariant(trips, values)?.text.trim().slice(0, 60);
    expect(tripText).toBeTruthy();
    expect(letter).not.toContain(tripText);
    const pupils = readFileSync(path.join(out, 'leerlingversie.md'), 'utf8');
    expect(pupils).toContain('Je kunt ook naar de mediacoach van school gaan.');
    expect(pupils).toContain('## Aardig zijn, ook online');
  }, 120_000);
});
