/**
 * The built-in clause library: lint, coverage of the source protocols (overall and per preset),
 * and no contradictions over a pairwise covering array plus random combinations.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { completeAnswers } from '../src/answers/load.js';
import { type Values } from '../src/answers/schema.js';
import { assemble } from '../src/assemble/assemble.js';
import { effectiveValues, pairwiseCombinations, random, randomAssignment } from '../src/lint/combinations.js';
import { loadLibrary } from '../src/library/load.js';
import { lintLibrary } from '../src/lint/lint.js';
import { tempDir } from './helpers/fixtures.js';

const library = loadLibrary();
const NOT_NORMATIVE = new Set(['context', 'approval', 'reference']);
const normative = library.sources.provisions.filter((p) => !NOT_NORMATIVE.has(p.kind));
const omitted = new Set(library.omitted.map((o) => o.id));
const identity: Values = { naam: 'Basisschool De Regenboog', plaats: 'Utrecht', versie: '1.0', datum: '2026-11-22' };

function citedBy(values: Values): Set<string> {
  const protocol = assemble(completeAnswers(library, values), library);
  return new Set(protocol.chapters.flatMap((c) => c.articles.flatMap((a) => a.sources)));
}

describe('clause library', () => {
  // Lint tries hundreds of combinations over ~45 questions; on a busy machine that takes longer than the default 5 s.
  it('passes lint', () => {
    const { problems } = lintLibrary(library);
    expect(problems).toEqual([]);
  }, 120_000);

  it('cites every normative provision of the five protocols, or omits it with a reason', () => {
    const cited = new Set(library.clauses.flatMap((c) => [...c.sources, ...c.variants.flatMap((v) => v.sources)]));
    expect(normative.length).toBeGreaterThan(150);
    const missing = normative.filter((p) => !cited.has(p.id) && !omitted.has(p.id)).map((p) => p.id);
    expect(missing).toEqual([]);
    for (const o of library.omitted) expect(o.reason.length).toBeGreaterThan(20);
  });

  it("each school's preset cites every non-omitted normative provision of its own protocol", () => {
    const table: string[] = ['preset         geciteerd  dekking'];
    for (const source of library.sources.protocols) {
      const preset = library.presets.find((p) => p.id === source.id);
      expect(preset, `preset ${source.id}`).toBeDefined();
      const cited = citedBy({ ...identity, ...preset?.keuzes });
      const own = normative.filter((p) => p.protocol === source.id && !omitted.has(p.id));
      const missing = own.filter((p) => !cited.has(p.id)).map((p) => p.id);
      table.push(`${source.id.padEnd(14)} ${`${own.length - missing.length}/${own.length}`.padStart(9)}  ${Math.round((100 * (own.length - missing.length)) / own.length)} %`);
      expect(missing, `uncited in preset ${source.id}`).toEqual([]);
    }
    console.log(`Dekking per preset:\n${table.join('\n')}`);
  });

  it('never selects conflicting clauses, leaves no placeholder unfilled and no chapter empty', () => {
    const next = random(42);
    const combinations = [...pairwiseCombinations(library), ...Array.from({ length: 1500 }, () => randomAssignment(library, next)), ...library.presets.map((p) => p.keuzes)];
    for (const combination of combinations) {
      const values = effectiveValues(library, { ...combination, ...identity });
      const protocol = assemble({ values, defaulted: [] }, library);
      const selected = new Set(protocol.chapters.flatMap((c) => c.articles.map((a) => a.clause)));
      for (const clause of library.clauses) {
        if (!selected.has(clause.id)) continue;
        for (const other of clause.conflicts) expect(selected.has(other), `${clause.id} with ${other} for ${JSON.stringify(combination)}`).toBe(false);
      }
      expect(protocol.chapters.map((c) => c.id)).toEqual(library.chapters.map((c) => c.id));
      for (const article of protocol.chapters.flatMap((c) => c.articles)) {
        expect(article.text, article.clause).not.toMatch(/\{\{|\}\}|\bundefined\b|\s[.,;:]|\(\s*\)/);
      }
    }
    console.log(`Tegenstrijdigheden gecontroleerd in ${combinations.length} combinaties (paarsgewijs dekkend plus willekeurig).`);
  }, 120_000);
});

describe('the library cache (dist/library.json, written by npm run build)', () => {
  it('holds exactly what reading the YAML gives, and is used only while the clause files are unchanged', async () => {
    const { cacheFile, cacheText, libraryDigest, loadLibrary: load, readDir } = await import('../src/library/load.js');
    const { clausesDir } = await import('../src/util/paths.js');
    const { existsSync, readFileSync } = await import('node:fs');
    const fresh = readDir(clausesDir);
    const fromText = JSON.parse(cacheText(clausesDir)) as { digest: string; contents: typeof fresh };
    expect(fromText.digest).toBe(libraryDigest(clausesDir));
    expect(fromText.contents.clauses.map((c) => c.origin.replace(/^.*\//, ''))).toEqual(fresh.clauses.map((c) => c.origin.replace(/^.*\//, '')));
    expect(existsSync(cacheFile)).toBe(true);
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as { digest: string };
    // The cache is current (npm run build made it from these files), and the library from it equals a fresh read.
    expect(cached.digest).toBe(libraryDigest(clausesDir));
    const library = load();
    expect(library.clauses).toEqual(fresh.clauses);
    expect(library.questions).toEqual(fresh.questions);
    expect(library.presets).toEqual(fresh.presets);
    // Another folder with other contents has another digest, so it is never served from the cache.
    expect(libraryDigest(path.join(clausesDir, 'documenten'))).not.toBe(cached.digest);
    // The companion texts come from the cache too, with the origins of a fresh read.
    const { cachedTextFiles, readTextFiles } = await import('../src/companions/texts.js');
    const texts = cachedTextFiles(clausesDir);
    expect(texts?.length).toBe(3);
    expect(texts).toEqual(readTextFiles(clausesDir));
    expect(texts?.[0]?.blockOrigins.afspraken?.[0]).toMatch(/^clauses\/documenten\/leerlingversie\.yaml:\d+:\d+$/);
    // So do the migration steps, as reading migrations.yaml gives them.
    const { cachedSection } = await import('../src/library/load.js');
    const { MIGRATIONS_SECTION, migrationSteps, readMigrationFile } = await import('../src/answers/migrate.js');
    const steps = readMigrationFile(clausesDir);
    expect(steps.length).toBeGreaterThan(0);
    expect(cachedSection(clausesDir, MIGRATIONS_SECTION)).toEqual(steps);
    expect(migrationSteps(library)).toEqual(steps);
    // The vocabulary is read when lint asks for it.
    expect(library.terms.length).toBeGreaterThan(10);
    expect(library.terms[0]?.origin).toMatch(/termen\.yaml:\d+:\d+$/);
  });

  it('is not used once a companion text differs from the one it was made of', async () => {
    const { libraryDigest } = await import('../src/library/load.js');
    const { cpSync, writeFileSync, readFileSync } = await import('node:fs');
    const { clausesDir } = await import('../src/util/paths.js');
    const copy = path.join(tempDir(), 'clauses');
    cpSync(clausesDir, copy, { recursive: true });
    const before = libraryDigest(copy);
    expect(before).toBe(libraryDigest(clausesDir));
    const letter = path.join(copy, 'documenten', 'ouderbrief.yaml');
    writeFileSync(letter, `${readFileSync(letter, 'utf8')}\n`);
    expect(libraryDigest(copy)).not.toBe(before);
  });
});
