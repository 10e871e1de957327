/**
 * Contradictions as data (asserts/denies) and the vocabulary of clauses/termen.yaml. The pairs are
 * the contradictions of issue 13 §2, written as a clause that asserts a statement and a clause or
 * companion text that denies it: `lint` must find each one over the combinations it tries.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/library/load.js';
import { lintLibrary, lintTerms } from '../src/lint/lint.js';
import { fixtureLibraryDir, tempDir } from './helpers/fixtures.js';

/** The fixture library with extra files (relative path → text). */
function withFiles(files: Record<string, string>) {
  const dir = tempDir();
  cpSync(fixtureLibraryDir, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return loadLibrary([], dir);
}

/** A chapter file "leerlingen.yaml" with the fixture's telefoon clause plus the given clauses. */
const chapter = (clauses: string) => `chapter: leerlingen
clauses:
  - id: leerlingen.telefoon
    variants:
      - when: { telefoon: inleveren }
        text: "Inleveren."
      - when: { telefoon: in-tas }
        text: "In de tas."
${clauses}`;

// Issue 13 §2: each pair as statement, the asserting text and the denying text.
const PAIRS: { name: string; statement: string; asserts: string; denies: string }[] = [
  { name: '4.2 vs 10.2 (wachtwoord gedeeld)', statement: 'wachtwoord-met-niemand-gedeeld', asserts: 'Een wachtwoord wordt met niemand gedeeld.', denies: 'De inloggegevens zijn bekend bij de directeur.' },
  { name: '3.9 vs 9.3 (discussie over de school)', statement: 'geen-discussie-over-schoolzaken-online', asserts: 'Niemand gaat online in discussie over schoolzaken.', denies: 'Neemt een medewerker deel aan een discussie over de school, dan ...' },
  { name: '8.2 vs 8.3 (medewerkers onderling)', statement: 'groepsapp-regels-medewerkers-onderling', asserts: 'De afspraken gaan ook over medewerkers onderling.', denies: 'Er zijn geen afspraken voor medewerkers onderling.' },
  { name: '3.7 vs 6.3 (AI-beelden met toestemming)', statement: 'ai-beelden-van-anderen-nooit', asserts: 'Nooit AI-beelden van anderen.', denies: 'Geen AI-beelden zonder toestemming.' },
  { name: 'lankforst 8.4 vs 8.1/6.5 (contact met leerlingen via schoolaccount)', statement: 'geen-contact-leerlingen-sociale-media', asserts: 'Geen contact met leerlingen via sociale media.', denies: 'Contact met leerlingen via een openbaar account van de school.' },
  { name: 'lankforst 5.3 vs toestemmingsformulier (onherkenbaar)', statement: 'leerlingen-nooit-herkenbaar', asserts: 'Leerlingen zijn nooit herkenbaar.', denies: 'Kies per medium of uw kind herkenbaar mag.' },
  { name: 'kalisto 2.3 vs 5.5/8.1 (ouderapp buiten het protocol)', statement: 'protocol-geldt-in-ouderapp', asserts: 'De ouderapp is het kanaal; beelden in de ouderapp met toestemming.', denies: 'Dit protocol geldt niet voor de ouderapp.' },
  { name: 'gsv 7.1 vs 6.5 (leerlingen op sociale media in de les)', statement: 'leerlingen-geen-eigen-account', asserts: 'Leerlingen maken geen eigen account.', denies: 'Leerlingen worden aangemoedigd sociale media te gebruiken.' },
  { name: 'gsv ouderapp zonder toestemmingsregel', statement: 'toestemming-voor-ouderapp', asserts: 'Beelden in de ouderapp.', denies: 'Het formulier vraagt geen toestemming voor de ouderapp.' },
  { name: '5.7 (eigen sociale media met toestemming)', statement: 'foto-eigen-sociale-media-nooit', asserts: 'Nooit op eigen sociale media.', denies: 'Niet op eigen sociale media zonder toestemming.' },
  { name: '9.6 (privé sociale media in de les met toestemming)', statement: 'geen-prive-sociale-media-in-les', asserts: 'Geen privé sociale media tijdens de les.', denies: 'Tenzij de directeur toestemming geeft.' },
  { name: 'leerlingversie zonder beperking', statement: 'uitzondering-beperking', asserts: 'Uitzondering om medische redenen of vanwege een beperking.', denies: 'Alleen om medische redenen.' },
  { name: '4.1 besproken met de MR bij een concept', statement: 'met-mr-besproken', asserts: 'Dit is een concept dat nog niet is besproken.', denies: 'De keuze is met de MR besproken.' },
  { name: 'media zonder schoolaccount', statement: 'geen-schoolaccount', asserts: 'De school heeft geen account.', denies: 'Foto\'s op de sociale media van de school.' },
];

describe('contradictions as data', () => {
  it.each(PAIRS)('finds $name between two clauses', ({ statement, asserts, denies }) => {
    const library = withFiles({
      'leerlingen.yaml': chapter(`  - id: leerlingen.zegt
    text: "${asserts}"
    asserts: [${statement}]
  - id: leerlingen.ontkent
    when: { schoolaccount: open }
    variants:
      - when: { telefoon: in-tas }
        text: "${denies.replace(/"/g, '\\"')}"
        denies: [${statement}]
      - text: "Iets anders."
`),
    });
    const problems = lintLibrary(library, { samples: 40 }).problems;
    const found = problems.filter((p) => p.startsWith('tegenstrijdig:'));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`zegt "${statement}"`);
    expect(found[0]).toMatch(/leerlingen\.zegt.*leerlingen\.ontkent/);
    // Only in the combination where the denying variant applies.
    expect(found[0]).toMatch(/schoolaccount=open/);
    expect(found[0]).toMatch(/telefoon=in-tas/);
  });

  it('finds a contradiction between a clause and a companion text', () => {
    const library = withFiles({
      'leerlingen.yaml': chapter(`  - id: leerlingen.ai
    text: "Niemand maakt AI-beelden van anderen, ook niet met toestemming."
    asserts: [ai-beelden-van-anderen-nooit]
`),
      'documenten/ouderbrief.yaml': `document: ouderbrief
title: "Brief"
parts:
  brief:
    - id: ai
      variants:
        - when: { telefoon: inleveren }
          text: "Maak geen AI-beelden van anderen zonder hun toestemming."
          denies: [ai-beelden-van-anderen-nooit]
        - text: "Geen AI-beelden."
`,
    });
    const found = lintLibrary(library, { samples: 40 }).problems.filter((p) => p.startsWith('tegenstrijdig:'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/leerlingen\.ai.*ouderbrief, ai/);
  });

  it('says nothing when the two never meet', () => {
    const library = withFiles({
      'leerlingen.yaml': chapter(`  - id: leerlingen.zegt
    when: { telefoon: inleveren }
    text: "Een wachtwoord wordt met niemand gedeeld."
    asserts: [wachtwoord-met-niemand-gedeeld]
  - id: leerlingen.ontkent
    when: { telefoon: in-tas }
    text: "De directeur kent de inloggegevens."
    denies: [wachtwoord-met-niemand-gedeeld]
`),
    });
    expect(lintLibrary(library, { samples: 40 }).problems.filter((p) => p.startsWith('tegenstrijdig:'))).toEqual([]);
  });

  it('rejects a statement that is not kebab-case, naming the file', () => {
    expect(() => withFiles({ 'leerlingen.yaml': chapter(`  - id: leerlingen.x
    text: "X."
    asserts: ["Geen Spaties"]
`) })).toThrow(/leerlingen\.yaml.*asserts/s);
  });
});

describe('terms (clauses/termen.yaml)', () => {
  const terms = `terms:
  - id: leerkracht
    preferred: leerkracht
    wrong: [groepsleerkracht]
    note: "Eén woord."
  - id: ouders
    preferred: "ouders/verzorgers"
    pattern: "(?<![\\\\p{L}/-])ouders(?![\\\\p{L}/-])(?!\\\\s+met gezag)"
    in: [protocol, vragen]
  - id: whatsapp
    preferred: WhatsApp
    wrong: [Whatsapp]
    case: exact
`;

  it('names the file, the clause and the preferred word, in clauses, companion texts and questions', () => {
    const library = withFiles({
      'termen.yaml': terms,
      'leerlingen.yaml': chapter(`  - id: leerlingen.fout
    text: "Vraag het de groepsleerkracht. Ouders kijken mee. Toestemming geven ouders met gezag. De ouders/verzorgers weten het. Een Whatsapp-groep, een WhatsApp-groep. De ouderapp."
`),
      'documenten/ouderbrief.yaml': `document: ouderbrief
title: "Brief"
parts:
  brief:
    - id: vraag
      text: "Vraag het de groepsleerkracht. Uw ouders weten het."
`,
    });
    const problems = lintTerms(library);
    const clause = problems.filter((p) => p.includes('(leerlingen.fout)'));
    expect(clause.some((p) => /leerlingen\.yaml:\d+:\d+ \(leerlingen\.fout\): "groepsleerkracht" .*schrijf leerkracht \(termen\.yaml, term leerkracht: Eén woord\.\)/.test(p))).toBe(true);
    expect(clause.some((p) => p.includes('"Ouders"'))).toBe(true);
    expect(clause.some((p) => p.includes('"Whatsapp"'))).toBe(true);
    // "ouders met gezag", "ouders/verzorgers", "ouderapp" and "WhatsApp" are right.
    expect(clause).toHaveLength(3);
    const letter = problems.filter((p) => p.includes('ouderbrief.yaml'));
    expect(letter).toHaveLength(1); // groepsleerkracht; the ouders term does not apply to the letter
    expect(letter[0]).toContain('"groepsleerkracht"');
  });

  it('checks the prompts and choices of the questions', () => {
    const library = withFiles({ 'termen.yaml': `terms:
  - id: telefoon
    preferred: "telefoon"
    wrong: [mobieltje]
` });
    // The fixture's questions speak of telefoons; add a wrong form to check the question texts are read.
    const q = library.questions.find((x) => x.id === 'telefoon');
    if (!q) throw new Error('fixture has no telefoon question');
    q.help = 'Het mobieltje blijft thuis.';
    expect(lintTerms(library)).toEqual([expect.stringMatching(/^questions\.yaml \(vraag telefoon\): "mobieltje" .*schrijf telefoon/)]);
  });

  it('rejects a pattern that is no regular expression, with a Dutch message, when lint reads the vocabulary', () => {
    const library = withFiles({ 'termen.yaml': `terms:
  - id: kapot
    preferred: x
    pattern: "(("
` });
    expect(() => library.terms).toThrow(/termen\.yaml.*geen geldige reguliere expressie/s);
    expect(() => lintTerms(library)).toThrow(/termen\.yaml.*geen geldige reguliere expressie/s);
  });

  it('the built-in vocabulary passes the frame chapters and the ouderbrief', () => {
    const library = loadLibrary();
    const mine = /clauses\/(inleiding|reikwijdte|contact|medewerkers|slot)\.yaml|documenten\/ouderbrief\.yaml|algemeen\.yaml:\d+:\d+ \(algemeen\.(fatsoen|verantwoordelijk|vindbaar|delen|privacy|geen-discussie)/;
    expect(lintTerms(library).filter((p) => mine.test(p))).toEqual([]);
  });
});
