/**
 * `init` on real files: the answers file is edited in place (the user's comments stay), earlier
 * backups are kept, a school that extends a board file gets only its own answers, custom clause
 * folders add their questions, and every command it suggests carries the options it was given.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInit, type InitOptions } from '../src/cli/commands/init.js';
import { updateAnswers } from '../src/answers/write.js';
import { readAnswersFile } from '../src/answers/load.js';
import { loadLibrary } from '../src/library/load.js';
import { fakePrompts, type Step } from './helpers/fake-prompts.js';
import { tempDir } from './helpers/fixtures.js';
import { capturedIo } from './helpers/main.js';

const library = loadLibrary();

async function init(dir: string, options: Partial<InitOptions> = {}, steps?: Step[]) {
  const { io, text } = capturedIo(dir);
  const prompts = steps ? fakePrompts(options.library ?? library, steps) : undefined;
  const code = await runInit({ io, pdf: false, today: '2026-11-22', ...(prompts && { prompts, interactive: true }), ...options });
  const { stdout: out, stderr: err } = text();
  return { code, out, err, prompts };
}

const commented = `# Onze eigen antwoorden; door de directeur bijgehouden.
schema: 2
school:
  naam: "Basisschool 't Anker"   # officiële naam
  plaats: Urk
document:
  versie: "1.0"
  datum: 2026-11-22
keuzes:
  # besproken in de MR van oktober
  telefoon: inleveren  # besloten in teamvergadering
  schoolaccount: geen
`;

describe('init keeps the answers file as the user wrote it', () => {
  it('--yes adds what is missing and keeps every comment, the order and the quoting', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'protocol.yaml');
    writeFileSync(file, commented);
    const { code } = await init(dir, { yes: true });
    expect(code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('# Onze eigen antwoorden; door de directeur bijgehouden.\nschema: 2\nschool:\n  naam: "Basisschool \'t Anker"   # officiële naam\n')).toBe(true);
    expect(text).toContain('  # besproken in de MR van oktober\n  telefoon: inleveren  # besloten in teamvergadering\n');
    // A new answer comes with the usual comment, in question order.
    expect(text).toMatch(/ {2}# Wat is de status van het document\?\n {2}# concept \| vastgesteld\n {2}status: concept\n/);
    // The media default follows the answers: no social media without an account.
    expect(readAnswersFile(file, library).values.media).toEqual(['website', 'nieuwsbrief', 'ouderapp', 'schoolgids']);
    expect(readFileSync(path.join(dir, 'protocol.yaml.1.bak'), 'utf8')).toBe(commented);
  });

  it('writes nothing when nothing changed, and keeps every earlier backup when it does', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'protocol.yaml');
    writeFileSync(file, commented);
    expect((await init(dir, { yes: true })).code).toBe(0);
    const first = readFileSync(file, 'utf8');
    const again = await init(dir, { yes: true });
    expect(again.out).toContain('De antwoorden in protocol.yaml zijn niet veranderd.');
    expect(readFileSync(file, 'utf8')).toBe(first);
    expect(existsSync(path.join(dir, 'protocol.yaml.2.bak'))).toBe(false);
    // A change by hand, then init again: a second backup, the first one stays.
    writeFileSync(file, first.replace('  telefoon: inleveren', '  telefoon: in-tas').replace(/ {2}status: concept\n/, ''));
    const third = await init(dir, { yes: true });
    expect(third.out).toMatch(/vorige versie: \S*protocol\.yaml\.2\.bak/);
    expect(readFileSync(path.join(dir, 'protocol.yaml.1.bak'), 'utf8')).toBe(commented);
    expect(readFileSync(file, 'utf8')).toContain('  telefoon: in-tas  # besloten in teamvergadering\n');
  });

  it('a changed answer keeps the comment on its line (YAML round trip)', () => {
    const text = updateAnswers(commented, library, { naam: "Basisschool 't Anker", plaats: 'Urk', versie: '1.1', datum: '2026-11-22', telefoon: 'thuis', schoolaccount: 'geen' });
    expect(text).toContain('  telefoon: thuis  # besloten in teamvergadering\n');
    expect(text).toContain('  versie: "1.1"\n');
    expect(text).toContain('  naam: "Basisschool \'t Anker"   # officiële naam\n');
    expect(updateAnswers(commented, library, { naam: "Basisschool 't Anker", plaats: 'Urk', versie: '1.0', datum: '2026-11-22', telefoon: 'inleveren', schoolaccount: 'geen' })).toBe(commented);
  });
});

describe('init for a school that extends a board file', () => {
  it('writes only what was answered for this school, so later board changes reach it', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'bestuur.yaml'), 'schema: 2\nschool:\n  bestuur: Stichting Proef\ndocument:\n  versie: "1.0"\n  datum: 2026-11-22\n  raad: GMR\nkeuzes:\n  telefoon: inleveren\n');
    writeFileSync(path.join(dir, 'anker.yaml'), 'extends: bestuur.yaml\nschool:\n  naam: Basisschool Anker\n');
    const steps: Step[] = [['plaats', 'Urk'], ['schoolaccount', 'geen'], ['ouderapp', ''], ['toestemming', ''], ['fotobeleid', ''], ['media', ['website']], ['filmen', ''], ['groepsapps', ''], ['vrienden', ''], ['verder', '__aanbevolen__'], ['review', '__klaar__']];
    const { code, out, prompts } = await init(dir, { answers: 'anker.yaml' }, steps);
    expect(prompts?.remaining()).toEqual([]);
    expect(code).toBe(0);
    const text = readFileSync(path.join(dir, 'anker.yaml'), 'utf8');
    const keys = [...text.matchAll(/^ {2}(\w+):/gm)].map((m) => m[1]);
    // Enter on a recommended choice the board does not set is not "this school's answer".
    expect(keys).toEqual(['naam', 'plaats', 'schoolaccount', 'media']);
    expect(text).toMatch(/^extends: bestuur\.yaml$/m);
    expect(text.split('\n').length).toBeLessThan(25);
    expect(out).toContain('`schoolprotocol build anker.yaml`');
    // A board change reaches the school.
    writeFileSync(path.join(dir, 'bestuur.yaml'), readFileSync(path.join(dir, 'bestuur.yaml'), 'utf8').replace('telefoon: inleveren', 'telefoon: thuis'));
    expect(readAnswersFile(path.join(dir, 'anker.yaml'), library).values.telefoon).toBe('thuis');
  });
});

describe('init --clauses and the commands it suggests', () => {
  it('asks the questions of a custom clause folder, and every suggestion carries the options', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'eigen'));
    writeFileSync(
      path.join(dir, 'eigen/questions.yaml'),
      'questions:\n  - id: vlog\n    section: keuzes\n    chapter: school\n    core: true\n    type: choice\n    prompt: "Heeft de school een vlog?"\n    default: nee\n    choices:\n      - { value: ja, label: "Ja", explanation: "Een vlog van de school." }\n      - { value: nee, label: "Nee", explanation: "Geen vlog." }\n',
    );
    writeFileSync(path.join(dir, 'eigen/school.yaml'), 'chapter: school\nclauses:\n  - id: school.vlog\n    title: "De vlog"\n    when: { vlog: ja }\n    text: "De school maakt elke maand een vlog."\n');
    const custom = loadLibrary([path.join(dir, 'eigen')]);
    const core = custom.questions.filter((q) => q.section === 'school' || q.core).map((q) => q.id);
    expect(core).toContain('vlog');
    const steps: Step[] = core.map((id): Step => [id, id === 'naam' ? 'Basisschool Vlog' : id === 'plaats' ? 'Ede' : id === 'vlog' ? 'ja' : id === 'media' ? ['website'] : '']);
    const { code, out, prompts } = await init(dir, { answers: 'vlog.yaml', clauses: 'eigen', library: custom }, [...steps.filter(([id]) => id !== 'platforms'), ['verder', '__aanbevolen__'], ['review', '__klaar__']]);
    expect(prompts?.asked).toContain('vlog');
    expect(code).toBe(0);
    expect(readFileSync(path.join(dir, 'vlog.yaml'), 'utf8')).toMatch(/^# {3}schoolprotocol build vlog\.yaml --clauses eigen$/m);
    expect(readFileSync(path.join(dir, 'out/basisschool-vlog/protocol.md'), 'utf8')).toContain('De school maakt elke maand een vlog.');
    expect(out).toContain('voer `schoolprotocol build vlog.yaml --clauses eigen` uit, of beantwoord de vragen opnieuw met `schoolprotocol init --answers vlog.yaml --clauses eigen`');
  });

  it('without a terminal names the file and the options in both suggestions', async () => {
    const dir = tempDir();
    await expect(init(dir, { answers: 'mini.yaml', interactive: false })).rejects.toThrow(
      'Gebruik `schoolprotocol init --answers mini.yaml --yes` om de standaardkeuzes te nemen, of vul het antwoordbestand zelf in en gebruik `schoolprotocol build mini.yaml`.',
    );
  });
});

describe('hints for YAML a director writes', () => {
  it('warns that # starts a comment in a text answer', () => {
    const dir = tempDir();
    const file = path.join(dir, 'h.yaml');
    writeFileSync(file, 'school:\n  naam: School #1\n  bestuur: Stichting Proef # onze stichting\n  plaats: Ede\n');
    const { values, warnings } = readAnswersFile(file, library);
    expect(values.naam).toBe('School');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/h\.yaml:2: alles na # is commentaar, dus `naam` is nu "School"\. Bedoelt u "School #1"\? Zet de waarde dan tussen dubbele aanhalingstekens: naam: "School #1"$/);
  });
});
