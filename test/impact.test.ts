/**
 * `check --impact` on a batch of schools: a custom clause folder changes one variant of a
 * built-in clause (only schools that hand in their phones get it) and adds an article; the list
 * says which schools' documents change, by how many articles, and which MRs to ask again.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeAnswers } from '../src/answers/write.js';
import { stringify } from 'yaml';
import { evaluate } from '../src/library/conditions.js';
import { loadLibrary } from '../src/library/load.js';
import { keepSummaries } from './helpers/custom.js';
import { tempDir } from './helpers/fixtures.js';
import { runMain } from './helpers/main.js';

const library = loadLibrary();

function batch(dir: string): void {
  mkdirSync(path.join(dir, 'scholen'), { recursive: true });
  writeFileSync(path.join(dir, 'scholen/bestuur.yaml'), serializeAnswers(library, { bestuur: 'Stichting Proef', versie: '1.0', datum: '2026-11-22' }));
  for (const [file, naam, telefoon, raad] of [
    ['anker.yaml', 'Basisschool Anker', 'inleveren', 'MR'],
    ['boei.yaml', 'Basisschool Boei', 'in-tas', 'MR'],
    ['cirkel.yaml', 'Basisschool Cirkel', 'inleveren', 'GMR'],
  ] as const) {
    writeFileSync(path.join(dir, 'scholen', file), serializeAnswers(library, { naam, plaats: 'Urk', telefoon, raad }, { extends: 'bestuur.yaml' }));
  }
}

/**
 * The built-in clause leerlingen.telefoon with one sentence added to the variant for `inleveren`
 * (the other variants as they are), and a new article for those schools.
 */
function customClauses(dir: string): void {
  const builtIn = library.clauses.find((c) => c.id === 'leerlingen.telefoon');
  const choices = library.questions.find((q) => q.id === 'telefoon')?.choices?.map((c) => c.value) ?? [];
  if (!builtIn) throw new Error('leerlingen.telefoon not found');
  const variants = builtIn.variants.map((v) => {
    const matches = choices.filter((value) => evaluate(v.when, { telefoon: value }));
    const text = matches.includes('inleveren') ? `${v.text.trimEnd()}\n\nDe telefoons liggen in een afgesloten kast.\n` : v.text;
    return { when: { telefoon: matches }, text, sources: v.sources };
  });
  const file = {
    chapter: 'leerlingen',
    clauses: [
      { id: builtIn.id, title: builtIn.title, variants },
      { id: 'leerlingen.telefoonkast', title: 'De telefoonkast', when: { telefoon: 'inleveren' }, text: 'Elke groep heeft een afgesloten telefoonkast. De sleutel ligt bij de groepsleerkracht.\n' },
    ],
  };
  mkdirSync(path.join(dir, 'eigen'));
  writeFileSync(path.join(dir, 'eigen/leerlingen.yaml'), stringify(file));
  keepSummaries(library, path.join(dir, 'eigen'), [builtIn.id], 'Alleen de kast komt erbij; de samenvatting klopt nog.');
}

describe('check --impact', () => {
  it('lists which schools change by how many articles, and whose MR to ask again', async () => {
    const dir = tempDir();
    batch(dir);
    expect((await runMain(['build', 'scholen', '--format', 'md'], dir)).code).toBe(0);
    customClauses(dir);

    const result = await runMain(['check', 'scholen', '--impact', '--clauses', 'eigen'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const out = result.stdout;
    expect(out).toMatch(/^Gevolgen voor 3 scholen:$/m);
    expect(out).toMatch(/^ {2}✗ Basisschool Anker: 2 artikelen anders(, \d+ andere nummers)? \(t\.o\.v\. \S*out\/basisschool-anker\/protocol\.md\)$/m);
    expect(out).toMatch(/^ {6}gewijzigd: (\d+)\.1 Mobiele telefoons en smartwatches$/m);
    expect(out).toMatch(/^ {6}nieuw: \d+\.\d+ De telefoonkast$/m);
    expect(out).toMatch(/^ {2}✓ Basisschool Boei: geen wijziging$/m);
    expect(out).toMatch(/^ {2}✗ Basisschool Cirkel: 2 artikelen anders/m);
    // Concepts that were never approved: no "again"; the GMR is named once, with its board.
    expect(out).toContain(
      '2 van de 3 scholen krijgen een ander protocol.\nNog niet vastgesteld (concept); de raad stemt in met de nieuwe tekst, opnieuw vragen is niet nodig:\n  De MR van Basisschool Anker: 2 artikelen\n  De GMR van Stichting Proef, voor Basisschool Cirkel: 2 artikelen\n',
    );
    expect(out).not.toContain('opnieuw om instemming');
    // A concrete command that works as printed (with the option this run had).
    const suggested = /`schoolprotocol (diff [^`]+)`/.exec(out)?.[1];
    expect(suggested).toMatch(/^diff \S*out\/basisschool-anker\/protocol\.md \S*scholen\/anker\.yaml --clauses eigen$/);
    const diff = await runMain([...(suggested ?? '').split(' '), '--format', 'md', '--out', 'overzicht'], dir);
    expect(diff.code).toBe(0);

    const json = await runMain(['check', 'scholen', '--impact', '--clauses', 'eigen', '--json'], dir);
    const report = JSON.parse(json.stdout) as { affected: number; schools: { school: string; status: string; articles: { changed: string[]; added: string[]; removed: string[] } }[] };
    expect(report.affected).toBe(2);
    expect(report.schools.map((s) => [s.school, s.status, s.articles.changed.length + s.articles.added.length + s.articles.removed.length])).toEqual([
      ['Basisschool Anker', 'gewijzigd', 2],
      ['Basisschool Boei', 'ongewijzigd', 0],
      ['Basisschool Cirkel', 'gewijzigd', 2],
    ]);

    // Without the change: nothing to ask again, exit 0.
    const none = await runMain(['check', 'scholen', '--impact'], dir);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('Geen enkel protocol verandert inhoudelijk; geen MR hoeft opnieuw in te stemmen.');
  }, 60_000);

  it('asks again only where a version was approved, and names one GMR once for all its schools', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'scholen'), { recursive: true });
    writeFileSync(path.join(dir, 'scholen/bestuur.yaml'), serializeAnswers(library, { bestuur: 'Stichting Proef', versie: '1.0', datum: '2026-11-22', raad: 'GMR', status: 'vastgesteld', instemming: '2026-11-30' }));
    for (const [file, naam] of [['anker.yaml', 'Basisschool Anker'], ['boei.yaml', 'Basisschool Boei']] as const) {
      writeFileSync(path.join(dir, 'scholen', file), serializeAnswers(library, { naam, plaats: 'Urk', telefoon: 'inleveren' }, { extends: 'bestuur.yaml' }));
    }
    expect((await runMain(['build', 'scholen', '--format', 'md'], dir)).code).toBe(0);
    customClauses(dir);
    const { stdout } = await runMain(['check', 'scholen', '--impact', '--clauses', 'eigen'], dir);
    expect(stdout).toContain('Vastgesteld, dus vraag opnieuw om instemming:\n  De GMR van Stichting Proef, in één besluit voor 2 scholen: Basisschool Anker (2 artikelen), Basisschool Boei (2 artikelen)\n');
    expect(stdout).toContain('de vastgestelde versie met haar protocol.md in `document.geschiedenis`');
  }, 60_000);

  it('says when a school has no document yet to compare with', async () => {
    const dir = tempDir();
    batch(dir);
    const result = await runMain(['check', 'scholen/anker.yaml', '--impact'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/\? Basisschool Anker: nog geen document om mee te vergelijken \(\S*out\/basisschool-anker\/protocol\.md\); maak het eerst met build/);
    expect(result.stdout).toContain('Niet vergeleken: Basisschool Anker.');
    expect(result.stdout).not.toContain('Geen ');
  });
});
