/**
 * Bad input, table-driven: every case must give a Dutch error that says where and what, exit 2,
 * no stack trace, and nothing written.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/fixtures.js';
import { runMain } from './helpers/main.js';

const good = `schema: 2
school:
  naam: Basisschool De Regenboog
  plaats: Utrecht
document:
  versie: "1.0"
  datum: 2026-11-22
keuzes:
  telefoon: inleveren
`;

type Setup = string | Buffer | ((dir: string) => void);
interface Case {
  name: string;
  file?: Setup;
  args?: string[];
  expected: RegExp;
}

const replace = (from: string, to: string) => good.replace(from, to);

const cases: Case[] = [
  { name: 'unclosed quote', file: replace('naam: Basisschool De Regenboog', 'naam: "Basisschool De Regenboog'), expected: /protocol\.yaml:\d+:\d+: dit is geen geldige YAML/ },
  { name: 'tab as indentation', file: replace('  plaats: Utrecht', '\tplaats: Utrecht'), expected: /protocol\.yaml:4:\d+: dit is geen geldige YAML/ },
  { name: 'duplicate key', file: replace('  plaats: Utrecht', '  plaats: Utrecht\n  plaats: Zwolle'), expected: /protocol\.yaml:5:3: dit is geen geldige YAML \(een sleutel staat er twee keer in\)/ },
  { name: 'missing colon', file: replace('  plaats: Utrecht', '  plaats Utrecht'), expected: /protocol\.yaml:\d+:\d+: dit is geen geldige YAML/ },
  { name: 'unknown top-level key near a valid one', file: `${good}schol: x\n`, expected: /protocol\.yaml:10:1: `schol` is een onbekende sleutel\. Geldige sleutels hier: schema, extends, school, document, keuzes\. Bedoelt u "school"\?/ },
  { name: 'unknown school key', file: replace('  plaats: Utrecht', '  plaats: Utrecht\n  naaam: X'), expected: /protocol\.yaml:5:3: `school\.naaam` is een onbekende sleutel\..*Bedoelt u "naam"\?/ },
  { name: 'unknown choice key', file: replace('  telefoon: inleveren', '  telefon: inleveren'), expected: /protocol\.yaml:9:3: `keuzes\.telefon` is een onbekende sleutel\..*Bedoelt u "telefoon"\?/ },
  { name: 'choice key in the wrong section', file: replace('  plaats: Utrecht', '  plaats: Utrecht\n  telefoon: inleveren'), expected: /`school\.telefoon` is een onbekende sleutel/ },
  { name: 'misspelt choice value', file: replace('telefoon: inleveren', 'telefoon: inleveen'), expected: /protocol\.yaml:9:3: `keuzes\.telefoon` "inleveen" is geen geldige waarde\. Kies uit: inleveren, in-tas, thuis\. Bedoelt u "inleveren"\?/ },
  { name: 'unrelated choice value', file: replace('telefoon: inleveren', 'telefoon: misschien'), expected: /"misschien" is geen geldige waarde\. Kies uit: inleveren, in-tas, thuis$/m },
  { name: 'wrong case of MR', file: replace('  datum: 2026-11-22', '  datum: 2026-11-22\n  raad: mr'), expected: /`document\.raad` "mr" is geen geldige waarde\. Kies uit: MR, GMR\. Bedoelt u "MR"\?/ },
  { name: 'multi as a single value', file: `${good}  media: website\n`, expected: /`keuzes\.media` verwacht een lijst, maar kreeg de tekst "website"/ },
  { name: 'multi with a wrong value', file: `${good}  media: [website, krant]\n`, expected: /`keuzes\.media\[1\]` "krant" is geen geldige waarde/ },
  { name: 'multi with a duplicate', file: `${good}  media: [website, website]\n`, expected: /`keuzes\.media` een waarde staat er twee keer in/ },
  { name: 'date in Dutch order', file: replace('datum: 2026-11-22', 'datum: 22-11-2026'), expected: /protocol\.yaml:7:3: `document\.datum` verwacht een datum als JJJJ-MM-DD/ },
  { name: 'date that does not exist', file: replace('datum: 2026-11-22', 'datum: 2026-02-30'), expected: /`document\.datum` verwacht een datum als JJJJ-MM-DD/ },
  { name: 'date as a list', file: replace('datum: 2026-11-22', 'datum: [2026, 11, 22]'), expected: /`document\.datum` verwacht tekst, maar kreeg een lijst/ },
  { name: 'section as a list', file: replace('school:\n  naam: Basisschool De Regenboog\n  plaats: Utrecht', 'school:\n  - Basisschool De Regenboog'), expected: /`school` verwacht een groep sleutels, maar kreeg een lijst/ },
  { name: 'section as text', file: replace('school:\n  naam: Basisschool De Regenboog\n  plaats: Utrecht', 'school: De Regenboog'), expected: /`school` verwacht een groep sleutels, maar kreeg de tekst "De Regenboog"/ },
  { name: 'whole file a list', file: '- school\n- keuzes\n', expected: /protocol\.yaml:1:1: een antwoordbestand begint met de sleutels school:, document: en keuzes:/ },
  { name: 'whole file one word', file: 'hallo\n', expected: /een antwoordbestand begint met de sleutels school:, document: en keuzes:/ },
  { name: 'only comments', file: '# niets\n', expected: /een antwoordbestand begint met de sleutels/ },
  { name: 'empty file', file: '', expected: /protocol\.yaml: het bestand is leeg/ },
  { name: 'only whitespace', file: '  \n\n', expected: /protocol\.yaml: het bestand is leeg/ },
  { name: 'binary file', file: Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02]), expected: /protocol\.yaml: dit is geen tekstbestand \(het bevat binaire gegevens\)/ },
  { name: 'not UTF-8', file: Buffer.from('school:\n  naam: Caf\xe9\n', 'latin1'), expected: /protocol\.yaml: het bestand is geen geldige UTF-8-tekst/ },
  { name: 'very large file', file: `${good}# ${'x'.repeat(2 * 1024 * 1024)}\n`, expected: /protocol\.yaml: het bestand is te groot voor een antwoordbestand/ },
  { name: 'alias bomb', file: `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`, expected: /protocol\.yaml: .*(verwijzingen|aliassen)/ },
  { name: 'unsupported schema version', file: replace('schema: 2', 'schema: 3'), expected: /protocol\.yaml:1:1: `schema` dit bestand is geschreven voor schema 3, en deze versie van schoolprotocol kent schema 2\. Het bestand komt van een nieuwere versie: werk schoolprotocol bij/ },
  { name: 'schema 0 (older than any)', file: replace('schema: 2', 'schema: 0'), expected: /`schema` "0" is geen schema van schoolprotocol: de schema's beginnen bij 1, en deze versie gebruikt 2\. Zet `schema: 2` of haal de regel weg/ },
  { name: 'schema not a number', file: replace('schema: 2', 'schema: nieuw'), expected: /`schema` "nieuw" is geen schema van schoolprotocol/ },
  { name: 'a name with a leading apostrophe', file: replace("naam: Basisschool De Regenboog", "naam: 't Kofschip"), expected: /dit is geen geldige YAML[^\n]*\n[^\n]*protocol\.yaml:3: de waarde begint met een apostrof, en YAML leest die als aanhalingsteken\. Zet de naam tussen dubbele aanhalingstekens: naam: "'t Kofschip"/ },
  { name: 'a name with a second colon', file: replace("naam: Basisschool De Regenboog", 'naam: OBS De Klimboom: de beste'), expected: /protocol\.yaml:3: in de waarde staat een dubbele punt met een spatie erna[^\n]*Zet de naam tussen dubbele aanhalingstekens: naam: "OBS De Klimboom: de beste"/ },
  { name: 'a list where one value is expected', file: replace('  telefoon: inleveren', '  telefoon: [inleveren, in-tas]'), expected: /`keuzes\.telefoon` hier hoort één waarde, geen lijst\. Kies één van: inleveren, in-tas, thuis/ },
  { name: 'missing school name', file: replace('  naam: Basisschool De Regenboog\n', ''), expected: /protocol\.yaml: deze antwoorden ontbreken:\n\s+school\.naam: Wat is de naam van de school\?/ },
  { name: 'empty school name', file: replace('naam: Basisschool De Regenboog', 'naam: ""'), expected: /deze antwoorden ontbreken:\n\s+school\.naam/ },
  { name: 'missing date', file: replace('  datum: 2026-11-22\n', ''), expected: /deze antwoorden ontbreken:\n\s+document\.datum/ },
  { name: 'very long name', file: replace('naam: Basisschool De Regenboog', `naam: ${'A'.repeat(300)}`), expected: /`school\.naam` is te lang \(maximaal 200 tekens\)/ },
  {
    name: 'consent before the discussion',
    file: replace('  datum: 2026-11-22', '  datum: 2026-11-22\n  status: vastgesteld\n  besproken: 2026-12-10\n  instemming: 2026-10-12'),
    expected: /protocol\.yaml:10:3: de raad stemde in op 2026-10-12 \(`instemming`\), maar het protocol is pas op 2026-12-10 besproken \(`besproken`\)\. Instemmen gebeurt tijdens of na de bespreking/,
  },
  { name: 'vastgesteld without consent date', file: replace('  datum: 2026-11-22', '  datum: 2026-11-22\n  status: vastgesteld'), expected: /deze antwoorden ontbreken:\n\s+document\.instemming/ },
  { name: 'extends itself', file: `extends: protocol.yaml\n${good}`, expected: /`extends` verwijst in een kring: \S*protocol\.yaml → \S*protocol\.yaml\. Haal één van de verwijzingen weg/ },
  {
    name: 'extends cycle of two',
    file: (dir) => {
      writeFileSync(path.join(dir, 'protocol.yaml'), `extends: bestuur.yaml\n${good}`);
      writeFileSync(path.join(dir, 'bestuur.yaml'), 'extends: protocol.yaml\n');
    },
    expected: /`extends` verwijst in een kring: \S*protocol\.yaml → \S*bestuur\.yaml → \S*protocol\.yaml/,
  },
  { name: 'extends a missing parent', file: `extends: ../bestuur.yaml\n${good}`, expected: /protocol\.yaml:1:1: `extends` verwijst naar .*bestuur\.yaml, maar dat bestand bestaat niet/ },
  {
    name: 'extends a folder',
    file: (dir) => {
      mkdirSync(path.join(dir, 'bestuur'));
      writeFileSync(path.join(dir, 'protocol.yaml'), `extends: bestuur\n${good}`);
    },
    expected: /bestuur: dit is een map, geen antwoordbestand/,
  },
  {
    name: 'a broken parent file',
    file: (dir) => {
      writeFileSync(path.join(dir, 'protocol.yaml'), `extends: bestuur.yaml\n${good}`);
      writeFileSync(path.join(dir, 'bestuur.yaml'), 'keuzes:\n  telefoon: altijd\n');
    },
    expected: /bestuur\.yaml:2:3: `keuzes\.telefoon` "altijd" is geen geldige waarde/,
  },
  { name: 'answers file that does not exist', args: ['build', 'weg.yaml'], expected: /weg\.yaml: bestand of map niet gevonden/ },
  {
    name: 'folder without answers files',
    file: (dir) => mkdirSync(path.join(dir, 'leeg')),
    args: ['build', 'leeg'],
    expected: /leeg: deze map bevat geen antwoordbestanden/,
  },
  { name: 'glob that matches nothing', args: ['build', 'scholen/*.yaml'], expected: /scholen\/\*\.yaml: dit patroon past op geen enkel antwoordbestand/ },
  { name: 'unknown format', file: good, args: ['build', 'protocol.yaml', '--format', 'md,word'], expected: /--format: onbekend formaat "word"\. Kies uit md, html, pdf en docx, .*Een Word-document heet hier docx\./ },
  { name: 'empty format', file: good, args: ['build', 'protocol.yaml', '--format', ','], expected: /--format: geen formaat genoemd/ },
  { name: 'zero jobs', file: good, args: ['build', 'protocol.yaml', '--jobs', '0'], expected: /--jobs: "0" is geen geldig aantal/ },
  { name: 'unknown preset', args: ['build', '--preset', 'gvs'], expected: /onbekende preset "gvs"\. Kies uit: .*\. Bedoelt u "gsv"\?/ },
  { name: 'build without input', args: ['build'], expected: /noem een of meer antwoordbestanden/ },
  { name: 'missing custom clause folder', file: good, args: ['build', 'protocol.yaml', '--clauses', 'eigen'], expected: /eigen: map met clausules niet gevonden/ },
  {
    name: 'broken custom clause file',
    file: (dir) => {
      writeFileSync(path.join(dir, 'protocol.yaml'), good);
      mkdirSync(path.join(dir, 'eigen'));
      writeFileSync(path.join(dir, 'eigen', 'extra.yaml'), 'chapter: slot\nclauses:\n  - id: slot.extra\n    tekst: "Hallo"\n');
    },
    args: ['build', 'protocol.yaml', '--clauses', 'eigen'],
    expected: /extra\.yaml:4:5: `clauses\[0\]\.tekst` is een onbekende sleutel/,
  },
  ...(
    [
      ['custom clause in an unknown chapter', 'chapter: extra\nclauses:\n  - id: extra.regel\n    text: "Hallo"\n', /hoofdstuk "extra" staat niet in chapters\.yaml/],
      ['custom clause with an unknown question', 'chapter: slot\nclauses:\n  - id: slot.extra\n    when: { telefon: inleveren }\n    text: "Hallo"\n', /de voorwaarde noemt vraag "telefon", die niet bestaat/],
      ['custom clause with an unknown source', 'chapter: slot\nclauses:\n  - id: slot.extra\n    text: "Hallo"\n    sources: [gsv/afspraken.99]\n', /onbekende bron "gsv\/afspraken\.99"/],
      ['custom clause with an unknown placeholder', 'chapter: slot\nclauses:\n  - id: slot.extra\n    text: "Hallo {{directeur}}"\n', /placeholder kan niet worden ingevuld/],
    ] as const
  ).map(([name, clause, expected]): Case => ({
    name,
    file: (dir: string) => {
      writeFileSync(path.join(dir, 'protocol.yaml'), good);
      mkdirSync(path.join(dir, 'eigen'));
      writeFileSync(path.join(dir, 'eigen', 'extra.yaml'), clause);
    },
    args: ['build', 'protocol.yaml', '--clauses', 'eigen'],
    expected: new RegExp(`de eigen clausules in \\S*eigen kloppen niet:[\\s\\S]*${expected.source}`),
  })),
  { name: 'init --answers pointing to a folder', file: (dir) => mkdirSync(path.join(dir, 'map')), args: ['init', '--yes', '--answers', 'map'], expected: /map: dit is een map, geen antwoordbestand/ },
  { name: 'unknown command', args: ['bouw'], expected: /onbekende opdracht bouw/ },
];

describe('bad input', () => {
  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('$name', async ({ file, args, expected }) => {
    const dir = tempDir();
    if (typeof file === 'function') file(dir);
    else if (file !== undefined) writeFileSync(path.join(dir, 'protocol.yaml'), file);
    const before = readdirSync(dir);
    const result = await runMain(args ?? ['build', 'protocol.yaml', '--format', 'md'], dir);
    expect(result.stderr).toMatch(expected);
    expect(result.stderr).toMatch(/^Fout: /);
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(result.code).toBe(2);
    expect(readdirSync(dir)).toEqual(before);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('shows the stack trace with --debug', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'protocol.yaml'), replace('telefoon: inleveren', 'telefoon: x'));
    const result = await runMain(['build', 'protocol.yaml', '--debug'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'protocol.yaml'), good);
    chmodSync(path.join(dir, 'protocol.yaml'), 0o000);
    const result = await runMain(['build', 'protocol.yaml'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/geen leesrechten/);
  });
});
