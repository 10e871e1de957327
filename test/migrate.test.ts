/**
 * Migration of answers files written for an older schema, on a test library at schema 3
 * (test/fixtures/migrate/library): step 2 renames `telefoon` to `apparaten` (and its value
 * `in-tas` to `uit-in-tas`) and removes `huiswerk`; step 3 renames the value `open` of
 * `schoolaccount`, removes the platform `twitter` and adds the question `ai`.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAnswers, readAnswersFile } from '../src/answers/load.js';
import { runInit } from '../src/cli/commands/init.js';
import { loadLibrary } from '../src/library/load.js';
import { currentSchema, migrateAnswers, migrationProblems } from '../src/answers/migrate.js';
import { parseYaml } from '../src/util/yaml.js';
import { fakePrompts } from './helpers/fake-prompts.js';
import { root, tempDir } from './helpers/fixtures.js';
import { runMain } from './helpers/main.js';
import { PassThrough } from 'node:stream';

const fixtures = path.join(root, 'test/fixtures/migrate');
const library = loadLibrary([], path.join(fixtures, 'library'));

function copyOld(dir: string, edit: (text: string) => string = (t) => t): string {
  const file = path.join(dir, 'protocol.yaml');
  writeFileSync(file, edit(readFileSync(path.join(fixtures, 'oud.yaml'), 'utf8')));
  return file;
}

describe('migrations as data', () => {
  it('the current schema is the last step; the built-in library is at schema 2 and consistent', () => {
    expect(currentSchema(library)).toBe(3);
    expect(migrationProblems(library)).toEqual([]);
    const builtIn = loadLibrary();
    expect(currentSchema(builtIn)).toBe(2);
    expect(migrationProblems(builtIn)).toEqual([]);
  });

  it('keeps what still matches, under its new name, and reports what no longer does', () => {
    const dir = tempDir();
    const file = copyOld(dir);
    const answers = readAnswersFile(file, library);
    const { naam, schoolaccount, platforms, apparaten, ...rest } = answers.values;
    expect({ naam, schoolaccount, platforms, apparaten }).toEqual({ naam: 'De Regenboog', schoolaccount: 'openbaar', platforms: ['instagram'], apparaten: 'uit-in-tas' });
    expect(Object.keys(rest).sort()).toEqual(['bestuur', 'datum', 'plaats', 'raad', 'status', 'versie']);
    const [migration] = answers.migrations;
    expect(migration).toMatchObject({ from: 1, to: 3, reask: ['platforms', 'ai'] });
    expect(migration?.notes).toEqual([
      'protocol.yaml:15:3: `keuzes.telefoon` heet nu `keuzes.apparaten`; het antwoord is overgenomen.',
      'protocol.yaml:15:3: bij `apparaten` heet de keuze "in-tas" nu "uit-in-tas"; overgenomen.',
      'protocol.yaml:16:3: de vraag `keuzes.huiswerk` bestaat niet meer: Afspraken over huiswerk horen niet in dit protocol. Het antwoord vervalt.',
      'protocol.yaml:13:3: bij `schoolaccount` heet de keuze "open" nu "openbaar"; overgenomen.',
      'protocol.yaml:14:3: bij `platforms` bestaat de keuze "twitter" niet meer; deze vraag moet opnieuw worden beantwoord.',
      'protocol.yaml: nieuwe vraag `keuzes.ai` ("Mogen medewerkers AI-beelden van leerlingen maken?"); tot die is beantwoord geldt de standaardkeuze.',
    ].map((n) => n.replace(/^protocol\.yaml/, file)));
  });

  it('a file at schema 2 gets only step 3', () => {
    const yaml = parseYaml('schema: 2\nkeuzes:\n  schoolaccount: open\n  apparaten: thuis\n', 'b.yaml', 'antwoordbestand', { failsafe: true });
    const { data, migration } = migrateAnswers(yaml, library);
    expect(data).toEqual({ schema: '3', keuzes: { schoolaccount: 'openbaar', apparaten: 'thuis' } });
    expect(migration?.notes).toHaveLength(2);
  });

  it('drops an answer that matches no question or no longer offered value, even when no step names it', () => {
    const dir = tempDir();
    const file = copyOld(dir, (t) => t.replace('  huiswerk: digitaal\n', '  huiswerk: digitaal\n  pauze: buiten\n').replace('status: concept', 'status: definitief'));
    const { values, migrations } = readAnswersFile(file, library);
    expect(values.pauze).toBeUndefined();
    expect(values.status).toBeUndefined();
    expect(migrations[0]?.notes).toContain(`${file}:17:3: \`keuzes.pauze\` is geen vraag meer in deze versie van schoolprotocol; het antwoord vervalt.`);
    expect(migrations[0]?.notes).toContain(`${file}:10:3: bij \`status\` bestaat de keuze "definitief" niet meer; deze vraag moet opnieuw worden beantwoord.`);
    expect(migrations[0]?.reask).toContain('status');
  });

  it('a current file is still strict, and a newer schema is still an error', () => {
    const dir = tempDir();
    const current = copyOld(dir, (t) => t.replace('schema: 1', 'schema: 3'));
    expect(() => readAnswersFile(current, library)).toThrow(/protocol\.yaml:15:3: `keuzes\.telefoon` is een onbekende sleutel/);
    const newer = copyOld(dir, (t) => t.replace('schema: 1', 'schema: 4'));
    expect(() => readAnswersFile(newer, library)).toThrow(/`schema` dit bestand is geschreven voor schema \d+, en deze versie van schoolprotocol kent schema 3\. Het bestand komt van een nieuwere versie: werk schoolprotocol bij/);
  });

  it('a dropped choice gets its default until init asks it again', () => {
    const dir = tempDir();
    const file = copyOld(dir, (t) => t.replace('schoolaccount: open', 'schoolaccount: facebookpagina'));
    const answers = loadAnswers(file, library);
    expect(answers.values.schoolaccount).toBe('besloten');
    expect(answers.defaulted).toEqual(expect.arrayContaining(['schoolaccount', 'ai']));
    expect(answers.migrations?.[0]?.reask).toEqual(['schoolaccount', 'platforms', 'ai']);
  });
});

describe('build with an older answers file', () => {
  it('reports what was brought up to date on stderr and still builds (a custom folder with its own migration step)', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'eigen'));
    writeFileSync(path.join(dir, 'eigen/migrations.yaml'), 'migrations:\n  - schema: 2\n    renamed: { mobiel: telefoon }\n    values:\n      telefoon: { bewaren: inleveren }\n');
    writeFileSync(
      path.join(dir, 'protocol.yaml'),
      'schema: 1\nschool:\n  naam: Basisschool Anker\n  plaats: Urk\ndocument:\n  versie: "1.0"\n  datum: 2026-11-22\nkeuzes:\n  mobiel: bewaren\n',
    );
    const result = await runMain(['build', 'protocol.yaml', '--clauses', 'eigen', '--format', 'md'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^Let op: \S*protocol\.yaml is geschreven voor schema 1; deze versie van schoolprotocol gebruikt schema 2\.$/m);
    expect(result.stderr).toMatch(/protocol\.yaml:9:3: `keuzes\.mobiel` heet nu `keuzes\.telefoon`; het antwoord is overgenomen\./);
    expect(result.stderr).toMatch(/bij `telefoon` heet de keuze "bewaren" nu "inleveren"; overgenomen\./);
    // The built-in step 2 adds questions, so init will ask those again.
    expect(result.stderr).toMatch(/Werk het bestand bij met `schoolprotocol init --answers \S*protocol\.yaml --clauses eigen`: dat stelt alleen de vragen opnieuw/);
    const built = await runMain(['build', 'protocol.yaml', '--clauses', 'eigen', '--format', 'md', '--json'], dir);
    expect(JSON.parse(built.stdout).documents[0].articles.map((a: { clause: string }) => a.clause)).toContain('leerlingen.telefoon');
  });
});

describe('init after a migration', () => {
  it('asks only the questions whose answers were dropped or are new, and writes the file in the current schema', async () => {
    const dir = tempDir();
    const file = copyOld(dir);
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    const prompts = fakePrompts(library, [
      ['platforms', ['instagram', 'facebook']],
      ['ai', 'toegestaan'],
      ['review', ''],
    ]);
    const code = await runInit({ io: { stdout, stderr: new PassThrough(), cwd: dir }, prompts, interactive: true, library, pdf: false, today: '2026-11-22' });
    expect(code).toBe(0);
    expect(prompts.asked).toEqual(['platforms', 'ai', 'review']);
    expect(prompts.remaining()).toEqual([]);
    expect(out).toContain('protocol.yaml is geschreven voor schema 1; deze versie van schoolprotocol gebruikt schema 3.');
    expect(out).toContain('Deze vragen zijn veranderd; beantwoord ze opnieuw.');

    const written = readFileSync(file, 'utf8');
    expect(written).toMatch(/^schema: 3$/m);
    expect(written).not.toMatch(/^\s*telefoon:|huiswerk|twitter/m);
    expect(readAnswersFile(file, library)).toMatchObject({
      migrations: [],
      values: { schoolaccount: 'openbaar', platforms: ['instagram', 'facebook'], apparaten: 'uit-in-tas', ai: 'toegestaan' },
    });
    // The old file is kept.
    expect(readFileSync(`${file}.1.bak`, 'utf8')).toContain('telefoon: in-tas');
  });

  it('keeps the version history of the file it rewrites', async () => {
    const dir = tempDir();
    copyFileSync(path.join(fixtures, 'oud.yaml'), path.join(dir, 'oud.yaml'));
    const file = copyOld(dir, (t) =>
      t.replace('  raad: MR\n', '  raad: MR\n  geschiedenis:\n    - versie: "0.9"\n      datum: 2025-10-01\n      status: vastgesteld\n      instemming: 2025-10-15\n      opmerking: Eerste versie\n'),
    );
    const stdout = new PassThrough();
    const code = await runInit({ io: { stdout, stderr: new PassThrough(), cwd: dir }, yes: true, library, pdf: false, today: '2026-11-22' });
    expect(code).toBe(0);
    const { history } = readAnswersFile(file, library);
    expect(history).toEqual([{ versie: '0.9', datum: '2025-10-01', status: 'vastgesteld', instemming: '2025-10-15', opmerking: 'Eerste versie', where: expect.any(String) }]);
  });
});

/**
 * The first real step of the built-in library (schema 2) on an answers file that `init --yes` on
 * main wrote at schema 1, with `filmen: eigen-kind` and `toestemming: per-activiteit` set by hand
 * (test/fixtures/migrate/schema1-main.yaml).
 */
describe('the built-in step to schema 2 on a file main wrote at schema 1', () => {
  const builtIn = loadLibrary();
  const old = path.join(fixtures, 'schema1-main.yaml');

  it('renames the filmen values to what they allow, drops per-activiteit, and names only the new questions that apply', () => {
    const dir = tempDir();
    const file = path.join(dir, 'protocol.yaml');
    copyFileSync(old, file);
    const answers = readAnswersFile(file, builtIn);
    expect(answers.values.filmen).toBe('delen-met-toestemming');
    expect(answers.values.toestemming).toBeUndefined();
    const [migration] = answers.migrations;
    expect(migration).toMatchObject({ from: 1, to: 2 });
    expect(migration?.notes).toContain(`${file}:62:3: bij \`filmen\` heet de keuze "eigen-kind" nu "delen-met-toestemming"; overgenomen.`);
    expect(migration?.notes).toContain(`${file}:48:3: bij \`toestemming\` bestaat de keuze "per-activiteit" niet meer; deze vraag moet opnieuw worden beantwoord.`);
    expect(migration?.reask).toEqual(expect.arrayContaining(['toestemming', 'website', 'bewaren', 'beheerders']));
    // The school is on Facebook and Instagram, not on X: the question about X does not apply.
    expect(migration?.reask).not.toContain('x_beeld');
    expect(migration?.notes.join('\n')).not.toMatch(/x_beeld/);

    const edited = path.join(dir, 'ander.yaml');
    writeFileSync(edited, readFileSync(old, 'utf8').replace(/^ {2}filmen: eigen-kind$/m, '  filmen: eigen-gebruik'));
    expect(readAnswersFile(edited, builtIn).values.filmen).toBe('alleen-eigen-kind');
  });

  it('builds the protocol the renamed choice means, with the default consent model until init asks again', async () => {
    const dir = tempDir();
    copyFileSync(old, path.join(dir, 'protocol.yaml'));
    const result = await runMain(['build', 'protocol.yaml', '--format', 'md', '--out', 'out'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/protocol\.yaml is geschreven voor schema 1; deze versie van schoolprotocol gebruikt schema 2\./);
    const protocol = readFileSync(path.join(dir, 'out/basisschool-de-klimop/protocol.md'), 'utf8');
    // filmen: eigen-kind was the most permissive choice; it still is, under its new name.
    expect(protocol).toContain('Ouders/verzorgers zijn zelf verantwoordelijk voor wat zij delen of online zetten.');
    expect(protocol).not.toContain('Bij schoolactiviteiten mogen ouders/verzorgers foto\'s en video\'s van hun eigen kind maken');
    // toestemming falls back to the recommended model; separate consent for public events stays.
    expect(protocol).toContain('Aan het begin van elk schooljaar laat de school hun zien welke keuze zij hebben gemaakt');
    expect(protocol).toContain('dan vraagt de school daarvoor vooraf apart toestemming');
  });

  it('init --yes writes the file in schema 2 with the new names', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'protocol.yaml');
    copyFileSync(old, file);
    const code = await runInit({ io: { stdout: new PassThrough(), stderr: new PassThrough(), cwd: dir }, yes: true, library: builtIn, pdf: false, today: '2026-12-02' });
    expect(code).toBe(0);
    const written = readFileSync(file, 'utf8');
    expect(written).toMatch(/^schema: 2$/m);
    expect(written).toMatch(/^ {2}filmen: delen-met-toestemming$/m);
    expect(written).toMatch(/^ {2}toestemming: herinnering$/m);
    expect(written).not.toMatch(/(?<!alleen-)eigen-kind|eigen-gebruik|per-activiteit/);
    expect(readAnswersFile(file, builtIn).migrations).toEqual([]);
  });
});
