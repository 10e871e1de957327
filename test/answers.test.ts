import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { answersFileSchema } from '../src/answers/schema.js';
import { completeAnswers, loadAnswers, readAnswersFile } from '../src/answers/load.js';
import { serializeAnswers } from '../src/answers/write.js';
import { UserError } from '../src/util/errors.js';
import { fixtureLibrary, root, tempDir } from './helpers/fixtures.js';

const library = fixtureLibrary();

function write(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

function errorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

const valid = `schema: 1
school:
  naam: De Regenboog
  plaats: Utrecht
document:
  datum: 2026-11-22
keuzes:
  schoolaccount: open
  platforms: [facebook]
`;

describe('answers schema derived from the questions', () => {
  const schema = answersFileSchema(library.questions);

  it('has one key per question in its section', () => {
    const shape = schema.shape;
    expect(Object.keys(shape.keuzes.unwrap().shape)).toEqual(['schoolaccount', 'platforms', 'telefoon']);
    expect(Object.keys(shape.school.unwrap().shape)).toEqual(['naam', 'bestuur', 'plaats']);
  });

  it('accepts the choice values of each question and rejects others', () => {
    expect(schema.safeParse({ keuzes: { telefoon: 'inleveren' } }).success).toBe(true);
    expect(schema.safeParse({ keuzes: { telefoon: 'thuis' } }).success).toBe(false);
    expect(schema.safeParse({ keuzes: { platforms: ['instagram', 'instagram'] } }).success).toBe(false);
    expect(schema.safeParse({ document: { datum: '2026-02-30' } }).success).toBe(false);
    expect(schema.safeParse({ school: { onbekend: 'x' } }).success).toBe(false);
  });
});

describe('reading answers files', () => {
  it('reads a valid file, keeps versie as text and fills defaults', () => {
    const dir = tempDir();
    const file = write(dir, 'a.yaml', `${valid.replace('document:\n', 'document:\n  versie: 1.10\n')}`);
    const answers = loadAnswers(file, library);
    expect(answers.values).toMatchObject({ naam: 'De Regenboog', versie: '1.10', schoolaccount: 'open', platforms: ['facebook'], telefoon: 'in-tas', status: 'concept', raad: 'MR' });
    expect(answers.defaulted).toContain('telefoon');
  });

  it('drops answers to questions that do not apply', () => {
    const answers = completeAnswers(library, { naam: 'X', plaats: 'Y', datum: '2026-01-01', schoolaccount: 'geen', platforms: ['facebook'] });
    expect(answers.values.platforms).toBeUndefined();
  });

  it('names file, line, column, key and valid values for a wrong choice, with a suggestion', () => {
    const dir = tempDir();
    const file = write(dir, 'a.yaml', valid.replace('schoolaccount: open', 'schoolaccount: besloote'));
    const error = errorOf(() => loadAnswers(file, library));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/a\.yaml:8:3: `keuzes\.schoolaccount` "besloote" is geen geldige waarde\. Kies uit: open, besloten, geen\. Bedoelt u "besloten"\?/);
  });

  it('reports unknown keys where they are', () => {
    const dir = tempDir();
    const file = write(dir, 'a.yaml', valid.replace('  plaats: Utrecht\n', '  plaats: Utrecht\n  telefoonnummer: 030\n'));
    expect(errorOf(() => loadAnswers(file, library)).message).toMatch(/a\.yaml:5:3: `school\.telefoonnummer` is een onbekende sleutel\. Geldige sleutels hier: naam, bestuur, plaats\./);
  });

  it('reports a key that is a collection as an unknown key, without an English warning from yaml', () => {
    const dir = tempDir();
    const file = write(dir, 'a.yaml', valid.replace('  schoolaccount: open', '  {a: b}: c\n  schoolaccount: open'));
    const warned = vi.spyOn(process, 'emitWarning');
    try {
      expect(errorOf(() => loadAnswers(file, library)).message).toMatch(/a\.yaml:7:1: `keuzes\.\{ a: b \}` is een onbekende sleutel\./);
      expect(warned).not.toHaveBeenCalled();
    } finally {
      warned.mockRestore();
    }
  });

  it('reports malformed YAML with line and column', () => {
    const dir = tempDir();
    const file = write(dir, 'a.yaml', 'school:\n  naam: "De Regenboog\n  plaats: Utrecht\n');
    expect(errorOf(() => loadAnswers(file, library)).message).toMatch(/a\.yaml:\d+:\d+: dit is geen geldige YAML/);
  });

  it('reports a missing required answer', () => {
    const dir = tempDir();
    const file = write(dir, 'a.yaml', 'school:\n  naam: X\n');
    const message = errorOf(() => loadAnswers(file, library)).message;
    expect(message).toContain('school.plaats');
    expect(message).toContain('document.datum');
  });

  it('merges a board file through extends, the school file winning', () => {
    const dir = tempDir();
    write(dir, 'bestuur.yaml', 'school:\n  bestuur: Stichting Voorbeeld\ndocument:\n  versie: "2.0"\n  raad: GMR\nkeuzes:\n  telefoon: inleveren\n  schoolaccount: geen\n');
    const file = write(dir, 'scholen/a.yaml', `extends: ../bestuur.yaml\n${valid}`);
    const answers = loadAnswers(file, library);
    expect(answers.values).toMatchObject({ bestuur: 'Stichting Voorbeeld', raad: 'GMR', telefoon: 'inleveren', schoolaccount: 'open' });
  });

  it('reports extends cycles and missing parents', () => {
    const dir = tempDir();
    write(dir, 'a.yaml', 'extends: b.yaml\n');
    write(dir, 'b.yaml', 'extends: a.yaml\n');
    expect(errorOf(() => readAnswersFile(path.join(dir, 'a.yaml'), library)).message).toMatch(/kring: .*a\.yaml → .*b\.yaml → .*a\.yaml/);
    // Through a link: the school's real path closes the loop, also when another school read the board file first.
    write(dir, 'ring/school.yaml', 'extends: bord.yaml\n');
    write(dir, 'ring/bord.yaml', 'extends: link.yaml\n');
    symlinkSync('school.yaml', path.join(dir, 'ring/link.yaml'));
    write(dir, 'ring/ander.yaml', 'extends: bord.yaml\n');
    expect(errorOf(() => readAnswersFile(path.join(dir, 'ring/ander.yaml'), library)).message).toMatch(/kring: .*bord\.yaml → .*school\.yaml → .*bord\.yaml/);
    expect(errorOf(() => readAnswersFile(path.join(dir, 'ring/school.yaml'), library)).message).toMatch(/kring: .*school\.yaml → .*bord\.yaml → .*school\.yaml/);
    write(dir, 'c.yaml', 'extends: weg.yaml\n');
    expect(errorOf(() => readAnswersFile(path.join(dir, 'c.yaml'), library)).message).toMatch(/c\.yaml:1:1: `extends` verwijst naar .*weg\.yaml, maar dat bestand bestaat niet/);
  });

  it('writes a commented file that reads back to the same answers', () => {
    const values = { naam: 'De Regenboog: "Noord"', plaats: 'Utrecht', versie: '1.0', datum: '2026-11-22', schoolaccount: 'open', platforms: ['instagram'], telefoon: 'inleveren' };
    const text = serializeAnswers(library, values);
    expect(text).toMatch(/^# Antwoorden voor schoolprotocol/);
    expect(text).toContain('# open | besloten | geen');
    const dir = tempDir();
    const file = write(dir, 'a.yaml', text);
    expect(readAnswersFile(file, library).values).toEqual(values);
  });
});

describe('reading answers files fast (js-yaml) and exactly (yaml)', () => {
  it('gives the same data both ways, for every answers file of the project, every preset and tricky YAML', async () => {
    const { readdirSync, readFileSync: read } = await import('node:fs');
    const { parseYaml } = await import('../src/util/yaml.js');
    const { parseDocument } = await import('yaml');
    const { serializeAnswers } = await import('../src/answers/write.js');
    const { loadLibrary } = await import('../src/library/load.js');
    const library = loadLibrary();
    const texts: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (entry.name.endsWith('.yaml')) texts.push(read(file, 'utf8'));
      }
    };
    walk(path.join(root, 'test', 'fixtures'));
    for (const preset of library.presets) texts.push(serializeAnswers(library, { naam: 'OBS "De Linde" en co', plaats: "'s-Hertogenbosch", ...preset.keuzes }));
    texts.push(
      'school:\n  naam:\n  plaats: ~\n',
      'document:\n  versie: 1.0\n  datum: 2026-11-22\n',
      'keuzes:\n  platforms: [instagram, youtube]\n  x: {a: b}\n',
      'keuzes:\n  l:\n    - a\n    -\n    - c\n',
      'tekst: |\n  regel 1\n  regel 2\nkort: >-\n  a\n  b\n',
      'k: "a\\tb \\u00e9"\nq: \'it\'\'s\'\n',
      '\ufeffschool: # opmerking\n  naam: De Regenboog # ook\n',
      'keuzes:\n  __proto__: a\n  media:\n    -\n    - website\n',
      'school: {}\nkeuzes:\n  platforms: []\n',
      'a:\n  b:\n    c:\n',
    );
    expect(texts.length).toBeGreaterThan(20);
    // Most take the fast way (the others have anchors, aliases or tags, and go the exact way in both).
    expect(texts.filter((text) => !/[&*!]/.test(text)).length).toBeGreaterThan(20);
    for (const text of texts) {
      const exact = parseDocument(text, { uniqueKeys: true, schema: 'failsafe' });
      if (exact.errors.length > 0) continue;
      expect(parseYaml(text, 'x.yaml', 'antwoordbestand', { failsafe: true }).data, text).toEqual(exact.toJS());
    }
  });

  it('gives the same data both ways for mutated answers files (the fast way may not read a broken file differently)', async () => {
    const { parseYaml } = await import('../src/util/yaml.js');
    const { parseDocument } = await import('yaml');
    const { serializeAnswers } = await import('../src/answers/write.js');
    const { loadLibrary } = await import('../src/library/load.js');
    const { random } = await import('../src/lint/combinations.js');
    const library = loadLibrary();
    const base = serializeAnswers(library, { naam: 'De Linde', plaats: 'Assen', bestuur: '', ...library.presets[0]?.keuzes }, { extends: 'bestuur.yaml' });
    const next = random(5);
    // Single characters YAML reads as syntax, and keys that are collections (js-yaml and yaml name those differently).
    const pieces = [' ', ':', '-', '\n', '"', "'", '#', '\t', '[', ']', '{', '}', ',', '?', '|', '>', 'x', '~', '\n  ', ': ', '\n  ? ', '\n  {a: b}: ', '\n  [a, b]: ', '\n  - [a]: '];
    let compared = 0;
    for (let i = 0; i < 300; i++) {
      let text = base;
      for (let m = 0; m < 1 + Math.floor(next() * 3); m++) {
        const at = Math.floor(next() * text.length);
        const piece = pieces[Math.floor(next() * pieces.length)] ?? ' ';
        text = next() < 0.5 ? text.slice(0, at) + piece + text.slice(at) : text.slice(0, at) + piece + text.slice(at + 1);
      }
      const exact = parseDocument(text, { uniqueKeys: true, schema: 'failsafe' });
      if (exact.errors.length > 0 || text.trim() === '') continue;
      expect(parseYaml(text, 'x.yaml', 'antwoordbestand', { failsafe: true }).data, text).toEqual(exact.toJS());
      compared++;
    }
    expect(compared).toBeGreaterThan(150);
    // yaml reads each mutant with positions: about 1 ms each on a quiet machine, several on a busy one.
  }, 60_000);

  it('keeps the exact errors and positions', async () => {
    const { parseYaml } = await import('../src/util/yaml.js');
    expect(() => parseYaml('school:\n  naam: a\n  naam: b\n', 'x.yaml', 'antwoordbestand', { failsafe: true })).toThrow(/x\.yaml:3:3: dit is geen geldige YAML \(een sleutel staat er twee keer in\)/);
    expect(() => parseYaml('a: b: c\n', 'x.yaml', 'antwoordbestand', { failsafe: true })).toThrow(/x\.yaml:1:\d+: dit is geen geldige YAML/);
    const read = parseYaml('school:\n  naam: De Regenboog\nkeuzes:\n  filmen: ja\n', 'x.yaml', 'antwoordbestand', { failsafe: true });
    expect(read.where(['keuzes', 'filmen'])).toBe('x.yaml:4:3');
    expect(read.where(['school', 'plaats'])).toBe('x.yaml:1:1');
  });
});
