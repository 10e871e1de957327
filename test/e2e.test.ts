/** End to end through the built bin (`npm test` builds first), on real files and real Chromium. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withDefaults } from '../src/answers/schema.js';
import { evaluate } from '../src/library/conditions.js';
import { loadLibrary } from '../src/library/load.js';
import { bin, root, tempDir } from './helpers/fixtures.js';
import { pdfText, run } from './helpers/run.js';

describe('schoolprotocol (built bin)', () => {
  it('shows Dutch help quickly and exits 0', () => {
    const result = run(['--help'], { cwd: root });
    expect(result.status).toBe(0);
    // Started from the clone, the usage line names the command as started.
    expect(result.stdout).toContain('Gebruik: node bin/schoolprotocol.js [opties] <opdracht>');
    expect(result.stdout).toContain('init');
  });

  it('init --yes without a terminal writes the answers file and a PDF with the school and its articles', () => {
    const dir = tempDir();
    const result = run(['init', '--yes'], { cwd: dir });
    // The example school may not go to an MR unnoticed.
    expect(result.stderr).toBe('Let op: protocol.yaml noemt nog de voorbeeldschool (naam: Voorbeeldschool, plaats: Voorbeeldstad). Vul bij `school:` de naam en de plaats van uw school in en bouw opnieuw.\n');
    expect(result.status).toBe(0);
    const answers = readFileSync(path.join(dir, 'protocol.yaml'), 'utf8');
    expect(answers).toMatch(/^# Antwoorden voor schoolprotocol/);
    expect(answers).toContain('naam: Voorbeeldschool');
    for (const ext of ['md', 'html', 'pdf']) expect(existsSync(path.join(dir, 'out/voorbeeldschool', `protocol.${ext}`))).toBe(true);
    const text = pdfText(path.join(dir, 'out/voorbeeldschool/protocol.pdf'));
    expect(text).toContain('Protocol sociale media');
    expect(text).toContain('Voorbeeldschool');
    const markdown = readFileSync(path.join(dir, 'out/voorbeeldschool/protocol.md'), 'utf8');
    const firstArticle = /^### (1\.1 .+)$/m.exec(markdown)?.[1];
    expect(firstArticle).toBeDefined();
    expect(text.replace(/\s+/g, ' ')).toContain(firstArticle);
    // The hint for next year names the program as it was started here.
    expect(result.stdout).toContain(`Volgend jaar aanpassen? Wijzig protocol.yaml en voer \`node ${bin} build protocol.yaml\` uit, of beantwoord de vragen opnieuw met \`node ${bin} init\`.`);
    // The header of the answers file names the command as started and this file.
    expect(answers).toContain(`#   node ${bin} build protocol.yaml\n`);
    // `build` without a file takes protocol.yaml, as init does.
    const again = run(['build', '--format', 'md'], { cwd: dir });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('out/voorbeeldschool/protocol.md');
  }, 60_000);

  it('build writes only the chosen formats into --out', () => {
    const dir = tempDir();
    expect(run(['init', '--yes', '--no-pdf'], { cwd: dir }).status).toBe(0);
    const result = run(['build', 'protocol.yaml', '--format', 'md', '--out', 'docs'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(existsSync(path.join(dir, 'docs/voorbeeldschool/protocol.md'))).toBe(true);
    expect(existsSync(path.join(dir, 'docs/voorbeeldschool/protocol.html'))).toBe(false);
  }, 60_000);

  it('init without a terminal and without --yes says so and exits 2 without hanging', () => {
    const dir = tempDir();
    const result = run(['init'], { cwd: dir, timeout: 20_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/heeft daarvoor een terminal nodig.*--yes/);
    expect(existsSync(path.join(dir, 'protocol.yaml'))).toBe(false);
  });

  it('a bad answers file gives a Dutch error with line and column, exit 2 and no stack trace', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'protocol.yaml'), 'school:\n  naam: De Regenboog\n  plaats: Utrecht\ndocument:\n  versie: "1.0"\n  datum: 2026-11-22\n  raad: MRR\n');
    const result = run(['build', 'protocol.yaml'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/protocol\.yaml:7:3: `document\.raad` "MRR" is geen geldige waarde\. Kies uit: MR, GMR\. Bedoelt u "MR"\?/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('presets lists the five source schools and the recommended choices', () => {
    const result = run(['presets'], { cwd: root });
    expect(result.status).toBe(0);
    for (const id of ['aanbevolen', 'kalisto', 'lauwers-eems', 'verkruisen', 'gsv', 'lankforst']) expect(result.stdout).toMatch(new RegExp(`^  ${id} `, 'm'));
  });

  it('build --preset --json prints the trace from every article to its source provisions', () => {
    const dir = tempDir();
    const result = run(['build', '--preset', 'gsv', '--format', 'md', '--json'], { cwd: dir });
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { documents: { school: string; status: string; files: string[]; articles: { number: string; clause: string; sources: string[] }[] }[] };
    const [doc] = report.documents;
    expect(doc?.status).toBe('ok');
    // The protocol first, then the companion documents the preset asks for.
    expect(doc?.files.map((f) => path.basename(f))).toEqual(['protocol.md', 'leerlingversie.md', 'ouderbrief.md', 'toestemmingsformulier.md']);
    expect(doc?.articles[0]).toEqual({ number: '1.1', clause: expect.stringMatching(/^inleiding\./), sources: expect.any(Array) });
    const sources = new Set(doc?.articles.flatMap((a) => a.sources));
    expect(sources.has('gsv/afspraken.7')).toBe(true);
    const markdown = readFileSync(path.join(dir, doc?.files[0] ?? ''), 'utf8');
    for (const article of doc?.articles ?? []) expect(markdown).toContain(`### ${article.number}`);
  });

  it('build --preset with an unknown name suggests the right one', () => {
    const result = run(['build', '--preset', 'kalsito'], { cwd: root });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('onbekende preset "kalsito"');
    expect(result.stderr).toContain('Bedoelt u "kalisto"?');
  });

  it('init keeps a backup before it changes an existing answers file', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'protocol.yaml'), 'school:\n  naam: Eigen Naam\n  plaats: Ede\n');
    const result = run(['init', '--yes', '--no-pdf'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('vorige versie: protocol.yaml.1.bak');
    expect(readFileSync(path.join(dir, 'protocol.yaml.1.bak'), 'utf8')).toBe('school:\n  naam: Eigen Naam\n  plaats: Ede\n');
    expect(readFileSync(path.join(dir, 'protocol.yaml'), 'utf8')).toContain('naam: Eigen Naam');
  });

  it('an unknown option is a Dutch usage error with exit 2', () => {
    const result = run(['build', '--formaat', 'md'], { cwd: root });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('Fout: onbekende optie --formaat. Bedoelt u --format? Zie `node bin/schoolprotocol.js build --help`.\n');
  });

  it('without a command prints the help and exits 2', () => {
    const result = run([], { cwd: root });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Gebruik: node bin/schoolprotocol.js [opties] <opdracht>');
  });

  it('presets suggests a command that works as started', () => {
    const result = run(['presets'], { cwd: root });
    expect(result.stdout).toContain('`node bin/schoolprotocol.js build --preset aanbevolen`');
  });
});

describe('the wizard in a real terminal', () => {
  const hasPython = spawnSync('python3', ['--version']).status === 0;
  const terminal = (steps: { expect: string; send: string }[], args: string[], cwd: string) =>
    spawnSync('python3', [path.join(root, 'test/helpers/terminal.py'), JSON.stringify(steps), '--', process.execPath, bin, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });

  it.skipIf(!hasPython)('Ctrl-C keeps the answers given so far, says how to resume, and init then asks only the rest', () => {
    const dir = tempDir();
    const first = terminal(
      [
        { expect: 'naam van de school', send: 'Basisschool Onderbroken\r' },
        { expect: 'schoolbestuur', send: 'Stichting Pauze\r' },
        { expect: 'plaats', send: '\x03' },
      ],
      ['init'],
      dir,
    );
    expect(first.status).toBe(130);
    // Started as `node …/bin/schoolprotocol.js`, the command to resume with is that one, not `schoolprotocol`.
    expect(first.stdout).toMatch(/De wizard is afgebroken\. De antwoorden tot nu toe staan in protocol\.yaml\. Ga verder met `node \S+\/bin\/schoolprotocol\.js init`/);
    const saved = readFileSync(path.join(dir, 'protocol.yaml'), 'utf8');
    expect(saved).toContain('naam: Basisschool Onderbroken');
    expect(saved).toContain('bestuur: Stichting Pauze');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
    // Resume: the first question asked is the one that was interrupted.
    const second = terminal([{ expect: 'gevonden: ik vraag alleen wat nog ontbreekt', send: '' }, { expect: 'In welke plaats', send: '\x03' }], ['init'], dir);
    expect(second.stdout).not.toContain('naam van de school');
    expect(second.status).toBe(130);
  }, 150_000);

  it.skipIf(!hasPython)('the short route by keyboard: where you are, Esc back, the rest by recommendation, the review by chapter; then again on the finished file', () => {
    const dir = tempDir();
    const library = loadLibrary();
    const context = withDefaults(library.questions, {}, '2026-11-22');
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // The short route: the school and the core decisions, as far as the defaults make them apply.
    const route = library.questions.filter((q) => evaluate(q.when, context) && (q.section === 'school' || q.core));
    expect(route.length).toBeGreaterThanOrEqual(10);
    const answer = (id: string) => (id === 'naam' ? 'Basisschool De Terminal\r' : id === 'plaats' ? 'Utrecht\r' : id === 'bestuur' ? 'Stichting Fout\r' : '\r');
    const steps = route.map((q) => ({ expect: escape(q.prompt), send: answer(q.id) }));
    // On the third question, Esc goes back to the second; it shows the answer typed there.
    steps.splice(2, 0, { expect: `Vraag 3 van ${route.length} · De school`, send: '' }, { expect: escape(route[2]?.prompt ?? ''), send: '\x1b' }, { expect: `Vraag 2 van ${route.length}`, send: '' }, { expect: 'Stichting Fout', send: '\x15Stichting Goed\r' });
    steps.push({ expect: 'Hoe wilt u verder\\?', send: '\r' }, { expect: 'Klopt alles\\?', send: '\r' });
    const result = terminal(steps, ['init', '--no-pdf'], dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // The wizard's own bold and dim reach the terminal as styles, not as the text "\\x1b[".
    expect(result.stdout).not.toContain('\\x1b[');
    expect(result.stdout).toMatch(/Vraag 1 van \d+ · De school/);
    expect(result.stdout).toMatch(/Vraag \d+ van \d+ · Foto's, video's en geluidsopnamen/);
    expect(result.stdout).toContain('Neem voor de overige');
    expect(result.stdout).toContain('Overzicht van uw antwoorden:');
    expect(result.stdout).toMatch(/Wijzig iets bij: Afspraken voor leerlingen/);
    expect(result.stdout).toMatch(/Protocol en bijbehorende documenten gemaakt:\r?\n {2}out\/basisschool-de-terminal\/protocol\.md/);
    const saved = readFileSync(path.join(dir, 'protocol.yaml'), 'utf8');
    expect(saved).toContain('naam: Basisschool De Terminal');
    expect(saved).toContain('bestuur: Stichting Goed');
    expect(readFileSync(path.join(dir, 'out/basisschool-de-terminal/protocol.md'), 'utf8')).toContain('**Basisschool De Terminal**');

    // Again on the finished file: not a review of thirty entries, but a choice.
    const second = terminal([{ expect: 'Alle vragen zijn beantwoord\\. Wat wilt u doen\\?', send: '\r' }, { expect: 'Klopt alles\\?', send: '\r' }], ['init', '--no-pdf'], dir);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('Opnieuw beginnen');
    expect(second.stdout).toContain('De antwoorden in protocol.yaml zijn niet veranderd.');
    expect(readFileSync(path.join(dir, 'protocol.yaml'), 'utf8')).toBe(saved);
  }, 200_000);
});
