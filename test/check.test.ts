/**
 * `check` and custom clauses, through the CLI on real files: documents are current after a
 * build, stale after a clause changes (here: a custom clause that overrides a built-in one),
 * current again after a rebuild.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeAnswers } from '../src/answers/write.js';
import { loadLibrary } from '../src/library/load.js';
import { keepSummaries } from './helpers/custom.js';
import { tempDir } from './helpers/fixtures.js';
import { runMain } from './helpers/main.js';

const library = loadLibrary();

function schools(dir: string): void {
  mkdirSync(path.join(dir, 'scholen'), { recursive: true });
  writeFileSync(path.join(dir, 'scholen/bestuur.yaml'), serializeAnswers(library, { bestuur: 'Stichting Proef', versie: '1.0', datum: '2026-11-22', raad: 'GMR' }));
  for (const [file, naam, telefoon] of [
    ['a.yaml', 'Basisschool Anker', 'inleveren'],
    ['b.yaml', 'Basisschool Boei', 'in-tas'],
  ] as const) {
    writeFileSync(path.join(dir, 'scholen', file), serializeAnswers(library, { naam, plaats: 'Urk', telefoon }, { extends: 'bestuur.yaml' }));
  }
}

const override = `chapter: leerlingen
clauses:
  - id: leerlingen.telefoon
    title: "Mobiele telefoons en smartwatches"
    variants:
      - when: { telefoon: inleveren }
        text: |
          Leerlingen leveren hun telefoon en smartwatch bij binnenkomst in bij de leerkracht.
        sources: [gsv/afspraken.7]
      - text: |
          Telefoons en smartwatches blijven thuis of uit in de tas.
        sources: [lankforst/b.2]
  - id: leerlingen.extra-regel
    title: "Eigen afspraak van het bestuur"
    when: { pauze: buiten }
    text: |
      In de pauze spelen leerlingen buiten, zonder telefoon.
`;

const question = `questions:
  - id: pauze
    section: keuzes
    type: choice
    prompt: "Waar spelen leerlingen in de pauze?"
    help: "Een eigen vraag van het bestuur."
    default: buiten
    choices:
      - value: buiten
        label: "Buiten"
        explanation: "Leerlingen spelen in de pauze buiten."
        sources: []
      - value: binnen
        label: "Binnen"
        explanation: "Leerlingen blijven in de pauze binnen."
        sources: []
`;

describe('check', () => {
  it('is green after a build, red with a diff after a clause change, green after a rebuild', async () => {
    const dir = tempDir();
    schools(dir);
    const built = await runMain(['build', 'scholen', '--format', 'md,html'], dir);
    expect(built.code).toBe(0);
    expect((await runMain(['check', 'scholen'], dir)).stdout).toContain('De documenten van alle 2 scholen zijn actueel.');

    mkdirSync(path.join(dir, 'eigen'));
    writeFileSync(path.join(dir, 'eigen/leerlingen.yaml'), override);
    writeFileSync(path.join(dir, 'eigen/questions.yaml'), question);
    keepSummaries(library, path.join(dir, 'eigen'), ['leerlingen.telefoon']);
    expect((await runMain(['lint', '--clauses', 'eigen'], dir)).code).toBe(0);

    // Two schools with different changes: each listed with its files; the diff behind --diff.
    const brief = await runMain(['check', 'scholen', '--clauses', 'eigen'], dir);
    expect(brief.code).toBe(1);
    expect(brief.stdout).toMatch(/^✗ Basisschool Anker:\n {4}\S*out\/basisschool-anker\/protocol\.md is verouderd\n {4}\S*out\/basisschool-anker\/protocol\.html is verouderd\n/m);
    expect(brief.stdout).not.toMatch(/^\+In de pauze/m);
    expect(brief.stdout).toContain('Wat er verandert: `schoolprotocol check scholen --diff --clauses eigen`.');
    const stale = await runMain(['check', 'scholen', '--clauses', 'eigen', '--diff'], dir);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain('✗ Basisschool Anker:');
    expect(stale.stdout).toContain('✗ Basisschool Boei:');
    expect(stale.stdout).toContain('Maak de documenten opnieuw met `schoolprotocol build scholen --clauses eigen`.');
    expect(stale.stdout).toMatch(/^\+In de pauze spelen leerlingen buiten, zonder telefoon\.$/m);
    expect(stale.stdout).toMatch(/^\+Leerlingen leveren hun telefoon en smartwatch bij binnenkomst in bij de leerkracht\.$/m);
    expect(stale.stdout).toContain('Geen van de 2 scholen is actueel: Basisschool Anker, Basisschool Boei');

    expect((await runMain(['build', 'scholen', '--clauses', 'eigen', '--format', 'md,html'], dir)).code).toBe(0);
    const markdown = readFileSync(path.join(dir, 'out/basisschool-boei/protocol.md'), 'utf8');
    expect(markdown).toContain('In de pauze spelen leerlingen buiten');
    expect(markdown).toContain('Telefoons en smartwatches blijven thuis of uit in de tas.');
    const current = await runMain(['check', 'scholen', '--clauses', 'eigen', '--json'], dir);
    expect(current.code).toBe(0);
    expect(JSON.parse(current.stdout)).toMatchObject({ current: true, schools: [{ status: 'actueel' }, { status: 'actueel' }] });
  }, 60_000);

  it('compares PDFs by their fingerprint', async () => {
    const dir = tempDir();
    schools(dir);
    expect((await runMain(['build', 'scholen'], dir)).code).toBe(0);
    expect((await runMain(['check', 'scholen'], dir)).code).toBe(0);
    copyFileSync(path.join(dir, 'out/basisschool-anker/protocol.pdf'), path.join(dir, 'out/basisschool-boei/protocol.pdf'));
    const stale = await runMain(['check', 'scholen'], dir);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/✗ Basisschool Boei:\n {4}.*basisschool-boei\/protocol\.pdf is verouderd/);
    expect(stale.stdout).not.toContain('Basisschool Anker:');

    // A PDF that is broken or was changed after the build is stale too, whatever its fingerprint says.
    const file = path.join(dir, 'out/basisschool-boei/protocol.pdf');
    expect((await runMain(['build', 'scholen'], dir)).code).toBe(0);
    expect((await runMain(['check', 'scholen'], dir)).code).toBe(0);
    const good = readFileSync(file);
    const text = good.toString('latin1');
    const fingerprint = /\/SchoolprotocolFingerprint \(sha256:[0-9a-f]{64}\)/.exec(text)?.[0] ?? '';
    expect(fingerprint).not.toBe('');
    const overwritten = Buffer.from(good);
    for (let i = 0; i < 5000; i++) overwritten[20_000 + i] = (i * 7919 + 13) % 256;
    const cases: [string, Buffer | undefined, RegExp][] = [
      ['truncated', good.subarray(0, Math.floor(good.length / 2)), /protocol\.pdf is beschadigd of geen PDF/],
      ['only the fingerprint', Buffer.from(`${fingerprint}\n`), /protocol\.pdf is beschadigd of geen PDF/],
      ['the school renamed in its bytes', Buffer.from(text.replace('(Basisschool Boei)', '(Basisschool Bxei)'), 'latin1'), /protocol\.pdf is na het maken veranderd/],
      ['5,000 bytes overwritten', overwritten, /protocol\.pdf is (na het maken veranderd|beschadigd of geen PDF)/],
      ['missing', undefined, /protocol\.pdf ontbreekt/],
    ];
    for (const [what, bytes, message] of cases) {
      if (bytes) writeFileSync(file, bytes);
      else rmSync(file);
      const result = await runMain(['check', 'scholen', '--json'], dir);
      expect(result.code, what).toBe(1);
      const boei = JSON.parse(result.stdout).schools.find((s: { school: string }) => s.school === 'Basisschool Boei');
      expect(boei?.status, what).toBe('verouderd');
      expect(boei?.problems.join('; '), what).toMatch(message);
    }
    expect(text).toContain('(Basisschool Boei)');
    // The missing HTML of a school whose other documents have HTML is reported as well.
    writeFileSync(file, good);
    rmSync(path.join(dir, 'out/basisschool-boei/ouderbrief.html'));
    const noHtml = await runMain(['check', 'scholen'], dir);
    expect(noHtml.code).toBe(1);
    expect(noHtml.stdout).toMatch(/basisschool-boei\/ouderbrief\.html ontbreekt/);
  }, 240_000);

  it('groups schools with the same change after a board change, one file per line, the diff once with --diff', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'scholen'), { recursive: true });
    writeFileSync(path.join(dir, 'scholen/bestuur.yaml'), serializeAnswers(library, { bestuur: 'Stichting Proef', versie: '1.0', datum: '2026-11-22', raad: 'GMR' }));
    const names = ['Basisschool Anker', 'Basisschool Boei', 'Basisschool Cirkel'];
    names.forEach((naam, i) => writeFileSync(path.join(dir, `scholen/s${i + 1}.yaml`), serializeAnswers(library, { naam, plaats: 'Urk', telefoon: 'inleveren' }, { extends: 'bestuur.yaml' })));
    expect((await runMain(['build', 'scholen', '--format', 'md'], dir)).code).toBe(0);
    const board = path.join(dir, 'scholen/bestuur.yaml');
    writeFileSync(board, readFileSync(board, 'utf8').replace('telefoon', 'telefoon').replace(/datum: .*/, 'datum: 2026-12-01'));
    const brief = await runMain(['check', 'scholen'], dir);
    expect(brief.code).toBe(1);
    expect(brief.stdout).toMatch(/^✗ 3 scholen met dezelfde wijziging: Basisschool Anker, Basisschool Boei, Basisschool Cirkel\n/m);
    // The stale files once, then the three folders, one per line.
    expect(brief.stdout.match(/protocol\.md is verouderd/g)).toHaveLength(1);
    expect(brief.stdout).toMatch(/ {4}In de map van elke school:\n {6}protocol\.md is verouderd\n[\s\S]* {4}De mappen:\n {6}\S*out\/basisschool-anker\/\n {6}\S*out\/basisschool-boei\/\n {6}\S*out\/basisschool-cirkel\/\n/);
    expect(brief.stdout).not.toContain('@@');
    expect(brief.stdout.split('\n').length).toBeLessThan(30);
    const full = await runMain(['check', 'scholen', '--diff'], dir);
    const hunks = full.stdout.match(/^--- .*protocol\.md \(op schijf\)$/gm) ?? [];
    // One diff per kind of document, not one per school.
    expect(new Set(hunks.map((h) => h.replace(/^.*\/([^/]+) \(op schijf\)$/, '$1'))).size).toBe(hunks.length);
    expect(full.stdout).toMatch(/^\+.*1 december 2026|^\+.*2026-12-01/m);
  }, 120_000);

  it('lint --clauses rejects an override that leaves a reference dangling', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'eigen'));
    writeFileSync(path.join(dir, 'eigen/leerlingen.yaml'), 'chapter: leerlingen\nclauses:\n  - id: leerlingen.telefoon\n    when: { telefoon: inleveren }\n    text: "Inleveren."\n');
    const result = await runMain(['lint', '--clauses', 'eigen'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\(leerlingen\.uitstapjes\): \{\{ref "leerlingen\.telefoon"\}\} verwijst naar een artikel dat dan niet in het document staat/);
  }, 60_000);

  it('checks the companion documents too: a changed text of the letter to parents, a deleted pupils\' version', async () => {
    const dir = tempDir();
    schools(dir);
    expect((await runMain(['build', 'scholen', '--format', 'md,html'], dir)).code).toBe(0);
    expect(readFileSync(path.join(dir, 'out/basisschool-anker/ouderbrief.md'), 'utf8')).toContain('Het protocol geldt voor alle scholen van Stichting Proef.');
    mkdirSync(path.join(dir, 'eigen/documenten'), { recursive: true });
    writeFileSync(
      path.join(dir, 'eigen/documenten/ouderbrief.yaml'),
      'document: ouderbrief\nparts:\n  brief:\n    - id: status\n      text: |\n        Het bestuur heeft dit protocol opgesteld met de scholen van {{bestuur}}.\n',
    );
    rmSync(path.join(dir, 'out/basisschool-boei/leerlingversie.md'));
    const stale = await runMain(['check', 'scholen', '--clauses', 'eigen', '--diff'], dir);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/✗ Basisschool Anker:\n {4}\S*out\/basisschool-anker\/ouderbrief\.md is verouderd\n {4}\S*out\/basisschool-anker\/ouderbrief\.html is verouderd\n/);
    expect(stale.stdout).toMatch(/^-Het protocol geldt voor alle scholen van Stichting Proef\. .*$/m);
    expect(stale.stdout).toMatch(/^\+Het bestuur heeft dit protocol opgesteld met de scholen van Stichting Proef\.$/m);
    expect(stale.stdout).toMatch(/✗ Basisschool Boei:\n {4}\S*out\/basisschool-boei\/leerlingversie\.md ontbreekt\n {4}\S*out\/basisschool-boei\/ouderbrief\.md is verouderd/);
    expect(stale.stdout).not.toContain('protocol.md is verouderd');
    expect((await runMain(['build', 'scholen', '--clauses', 'eigen', '--format', 'md,html'], dir)).code).toBe(0);
    expect((await runMain(['check', 'scholen', '--clauses', 'eigen'], dir)).code).toBe(0);
  }, 60_000);

  it('a companion the answers no longer ask for is stale in check and removed by the next build; --zonder removes nothing', async () => {
    const dir = tempDir();
    schools(dir);
    expect((await runMain(['build', 'scholen', '--format', 'md,html'], dir)).code).toBe(0);
    const anker = (name: string) => path.join(dir, 'out/basisschool-anker', name);
    expect(existsSync(anker('leerlingversie.md'))).toBe(true);
    // Skipping a document for one run keeps the one from before: the answers still ask for it.
    expect((await runMain(['build', 'scholen/a.yaml', '--format', 'md,html', '--zonder', 'ouderbrief'], dir)).code).toBe(0);
    expect(existsSync(anker('ouderbrief.md'))).toBe(true);
    // Anker no longer wants a pupils' version nor a letter.
    writeFileSync(
      path.join(dir, 'scholen/a.yaml'),
      serializeAnswers(library, { naam: 'Basisschool Anker', plaats: 'Urk', telefoon: 'inleveren', leerlingversie: 'nee', documenten: ['toestemmingsformulier'] }, { extends: 'bestuur.yaml' }),
    );
    const stale = await runMain(['check', 'scholen'], dir);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/✗ Basisschool Anker:\n(?: {4}.*\n)*? {4}\S*out\/basisschool-anker\/leerlingversie\.md hoort er niet meer bij \(de antwoorden vragen dit document niet meer\)\n {4}\S*leerlingversie\.html hoort er niet meer bij .*\n(?: {4}.*\n)*? {4}\S*ouderbrief\.md hoort er niet meer bij/);
    expect(stale.stdout).toContain('1 van de 2 scholen is niet actueel: Basisschool Anker');
    // A batch lists what went after its summary.
    const rebuilt = await runMain(['build', 'scholen', '--format', 'md,html'], dir);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/^Verwijderd, omdat de antwoorden er niet meer om vragen:\n {2}\S*anker\/leerlingversie\.md\n {2}\S*anker\/leerlingversie\.html\n {2}\S*anker\/ouderbrief\.md\n {2}\S*anker\/ouderbrief\.html\n$/);
    for (const name of ['leerlingversie.md', 'leerlingversie.html', 'ouderbrief.md', 'ouderbrief.html']) expect(existsSync(anker(name))).toBe(false);
    expect(existsSync(anker('toestemmingsformulier.md'))).toBe(true);
    expect(existsSync(path.join(dir, 'out/basisschool-boei/leerlingversie.md'))).toBe(true);
    const current = await runMain(['check', 'scholen'], dir);
    expect(current.stdout).toBe('De documenten van alle 2 scholen zijn actueel.\n');
    expect(current.code).toBe(0);
    // One school: the files made, then what went.
    writeFileSync(path.join(dir, 'scholen/b.yaml'), serializeAnswers(library, { naam: 'Basisschool Boei', plaats: 'Urk', telefoon: 'in-tas', documenten: ['ouderbrief'] }, { extends: 'bestuur.yaml' }));
    const single = await runMain(['build', 'scholen/b.yaml', '--format', 'md'], dir);
    expect(single.code).toBe(0);
    expect(single.stdout).toMatch(/\S*boei\/ouderbrief\.md\nVerwijderd, omdat de antwoorden er niet meer om vragen:\n {2}\S*boei\/toestemmingsformulier\.md\n$/);
    // Only the formats of this run: the HTML of the form stays until a build makes HTML.
    expect(existsSync(path.join(dir, 'out/basisschool-boei/toestemmingsformulier.html'))).toBe(true);
  }, 60_000);

  it('reports a missing document as stale', async () => {
    const dir = tempDir();
    schools(dir);
    const result = await runMain(['check', 'scholen'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ {6}protocol\.md ontbreekt$/m);
    expect(result.stdout).toMatch(/^ {6}\S*out\/basisschool-anker\/$/m);
  });
});
