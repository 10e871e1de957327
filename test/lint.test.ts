import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/library/load.js';
import { lintLibrary } from '../src/lint/lint.js';
import { fixtureLibrary, fixtureLibraryDir, tempDir } from './helpers/fixtures.js';

/** A copy of the fixture library with one file replaced. */
function withFile(name: string, text: string) {
  const dir = tempDir();
  cpSync(fixtureLibraryDir, dir, { recursive: true });
  writeFileSync(path.join(dir, name), text);
  return loadLibrary([], dir);
}

describe('lint', () => {
  it('passes the fixture library', () => {
    expect(lintLibrary(fixtureLibrary()).problems).toEqual([]);
  });

  it('reports unknown questions, values, sources, placeholders, refs and conflicts', () => {
    const library = withFile(
      'leerlingen.yaml',
      `chapter: leerlingen
clauses:
  - id: leerlingen.telefoon
    title: "Mobiele telefoons"
    variants:
      - when: { telefoon: inleveren }
        text: "Leerlingen leveren hun telefoon in bij {{directeur}}."
        sources: [gsv/afspraken.99]
      - when: { telefoon: thuis }
        text: 'Zie {{ref "leerlingen.weg"}}.'
      - when: { telefon: in-tas }
        text: "In de tas."
  - id: leerlingen.dubbel
    when: { schoolaccount: open }
    text: "Overlap."
    conflicts: [school.account, leerlingen.onbekend]
`,
    );
    const problems = lintLibrary(library).problems.join('\n');
    expect(problems).toMatch(/onbekende bron "gsv\/afspraken\.99"/);
    expect(problems).toMatch(/placeholder kan niet worden ingevuld .*directeur/);
    expect(problems).toMatch(/waarde "thuis" bij vraag "telefoon", maar die vraag kent alleen: inleveren, in-tas/);
    expect(problems).toMatch(/\{\{ref "leerlingen\.weg"\}\} verwijst naar een onbekende clausule/);
    expect(problems).toMatch(/vraag "telefon", die niet bestaat/);
    expect(problems).toMatch(/`conflicts` noemt onbekende clausule "leerlingen\.onbekend"/);
    expect(problems).toMatch(/clausules leerlingen\.dubbel en school\.account staan samen in het document, maar sluiten elkaar uit/);
    expect(problems).toMatch(/leerlingen\.telefoon\), variant 2: komt bij geen enkele combinatie/);
  });

  it('reports a choice value that changes nothing', () => {
    const library = withFile(
      'leerlingen.yaml',
      `chapter: leerlingen
clauses:
  - id: leerlingen.telefoon
    text: "De telefoon blijft uit."
`,
    );
    const problems = lintLibrary(library).problems;
    expect(problems).toContain('vraag telefoon: de keuze "inleveren" verandert niets aan het document (in 400 geteste combinaties)');
  });

  it('rejects a duplicate id with a clear message', () => {
    expect(() =>
      withFile('leerlingen.yaml', 'chapter: leerlingen\nclauses:\n  - id: leerlingen.a\n    text: "A"\n  - id: leerlingen.a\n    text: "B"\n'),
    ).toThrow(/leerlingen\.yaml:5:5: de clausule met id "leerlingen\.a" komt twee keer voor/);
  });
});
