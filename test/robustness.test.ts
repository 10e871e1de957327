/**
 * Robustness through the built bin: no browser, a render that takes too long, a failing batch and
 * a build killed midway leave no Chromium processes, no temporary profiles and no half-written
 * files. Every child gets its own TMPDIR, so its Chromium processes and profile folders can be
 * told apart from any other on the machine.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeAnswers } from '../src/answers/write.js';
import { loadLibrary } from '../src/library/load.js';
import { chromiumWith } from './helpers/chromium.js';
import { bin, tempDir } from './helpers/fixtures.js';
import { pdfText, run } from './helpers/run.js';

const library = loadLibrary();

function profiles(dir: string): string[] {
  return readdirSync(dir).filter((name) => /puppeteer|chrom/i.test(name));
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function schools(dir: string, count: number, broken = false): void {
  mkdirSync(path.join(dir, 'scholen'), { recursive: true });
  writeFileSync(path.join(dir, 'scholen/bestuur.yaml'), serializeAnswers(library, { bestuur: 'Stichting Proef', versie: '1.0', datum: '2026-11-22' }));
  for (let i = 1; i <= count; i++) {
    writeFileSync(path.join(dir, `scholen/school-${String(i).padStart(2, '0')}.yaml`), serializeAnswers(library, { naam: `School ${i}`, plaats: 'Ede' }, { extends: 'bestuur.yaml' }));
  }
  if (broken) writeFileSync(path.join(dir, 'scholen/kapot.yaml'), 'extends: bestuur.yaml\nschool:\n  naam: Kapot\n  plaats: Ede\nkeuzes:\n  telefoon: soms\n');
}

describe('robustness', () => {
  it('without a browser: a Dutch message on how to get one, Markdown and HTML still written, exit 1', () => {
    const dir = tempDir();
    const result = run(['init', '--yes'], { cwd: dir, env: { PUPPETEER_EXECUTABLE_PATH: path.join(dir, 'geen-chrome') } });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/PUPPETEER_EXECUTABLE_PATH wijst naar .*geen-chrome, maar dat bestand bestaat niet\. Geen Chrome of Chromium gevonden om de PDF te maken\. Installeer Chromium \(Debian\/Ubuntu: `sudo apt-get install chromium`\)/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(path.join(dir, 'out/voorbeeldschool')).sort()).toEqual(
      ['leerlingversie', 'ouderbrief', 'protocol', 'toestemmingsformulier'].flatMap((name) => [`${name}.html`, `${name}.md`]),
    );
  });

  it('shows free text with Markdown, HTML and Handlebars syntax literally in Markdown, HTML and PDF', () => {
    const dir = tempDir();
    const naam = 'De *Regen*_boog_ #1 | <script>alert(1)</script> {{school}}';
    writeFileSync(
      path.join(dir, 'protocol.yaml'),
      `school:\n  naam: "${naam}\\nNoord"\n  bestuur: "Stichting <b>Vet</b> & Co"\n  plaats: Utrecht\ndocument:\n  versie: "1.0"\n  datum: 2026-11-22\n`,
    );
    const result = run(['build', 'protocol.yaml'], { cwd: dir });
    expect(result.status).toBe(0);
    const [slug] = readdirSync(path.join(dir, 'out'));
    expect(slug).toBe('de-regen-boog-1-script-alert-1-script-school-noord');
    const out = path.join(dir, 'out', slug ?? '');
    const shown = `${naam} Noord`;
    const pdf = pdfText(path.join(out, 'protocol.pdf')).replace(/\s+/g, ' ');
    expect(pdf).toContain(shown);
    expect(pdf).toContain('Stichting <b>Vet</b> & Co');
    const html = readFileSync(path.join(out, 'protocol.html'), 'utf8');
    expect(html).toContain('De *Regen*_boog_ #1 | &lt;script&gt;alert(1)&lt;/script&gt; {{school}} Noord');
    expect(html).not.toMatch(/<script|<b>/);
    expect(readFileSync(path.join(out, 'protocol.md'), 'utf8')).toContain('De \\*Regen\\*\\_boog\\_ \\#1 \\| \\<script\\>alert(1)\\</script\\> \\{\\{school\\}\\} Noord');
  }, 60_000);

  it('a render that takes too long ends with a clear error, and the browser is gone', () => {
    const dir = tempDir();
    const tmp = path.join(dir, 'tmp');
    mkdirSync(tmp);
    // A document of some thousand pages (one long custom clause) takes the browser well over a second.
    mkdirSync(path.join(dir, 'eigen'));
    const long = Array.from({ length: 8_000 }, (_, i) => `          Regel ${i + 1} van een heel lange tekst over de afspraken op school.`).join('\n\n');
    for (const part of ['een', 'twee']) {
      writeFileSync(path.join(dir, `eigen/lang-${part}.yaml`), `chapter: leerlingen\nclauses:\n  - id: leerlingen.lang-${part}\n    title: "Een heel lang artikel"\n    text: |\n${long}\n`);
    }
    const result = run(['build', '--preset', 'gsv', '--clauses', 'eigen', '--zonder', 'leerlingversie,ouderbrief,toestemmingsformulier'], { cwd: dir, env: { SCHOOLPROTOCOL_PDF_TIMEOUT: '1', TMPDIR: tmp } });
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/PDF maken mislukt: de browser had na 1 seconden de PDF nog niet klaar/);
    expect(chromiumWith(tmp)).toBe(0);
    expect(profiles(tmp)).toEqual([]);
  }, 60_000);

  it('a batch with a broken school builds the others and leaves no Chromium behind', () => {
    const dir = tempDir();
    const tmp = path.join(dir, 'tmp');
    mkdirSync(tmp);
    schools(dir, 3, true);
    expect(chromiumWith(tmp)).toBe(0);
    const result = run(['build', 'scholen'], { cwd: dir, env: { TMPDIR: tmp } });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Mislukt \(1\): .*kapot\.yaml/);
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['school-1', 'school-2', 'school-3']);
    expect(chromiumWith(tmp)).toBe(0);
    expect(profiles(tmp)).toEqual([]);
  }, 120_000);

  it('a build killed midway leaves only whole files and no browser', async () => {
    const dir = tempDir();
    const tmp = path.join(dir, 'tmp');
    mkdirSync(tmp);
    schools(dir, 12);
    const child = spawn(process.execPath, [bin, 'build', 'scholen', '--jobs', '2'], { cwd: dir, env: { ...process.env, TMPDIR: tmp }, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Wait until the first school's PDFs are in its folder (a school's files are swapped in
    // together, from a hidden folder beside it), then stop the build.
    const deadline = Date.now() + 60_000;
    const committed = (f: string) => f.endsWith('.pdf') && !path.relative(path.join(dir, 'out'), f).split(path.sep).some((part) => part.startsWith('.'));
    // A hidden staging folder may be swapped in (and vanish) while it is being listed: look again.
    const anyCommitted = () => {
      try {
        return existsSync(path.join(dir, 'out')) && allFiles(path.join(dir, 'out')).some(committed);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw error;
      }
    };
    while (Date.now() < deadline && !anyCommitted()) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(chromiumWith(tmp)).toBeGreaterThan(0);
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    await new Promise((r) => setTimeout(r, 500));
    const files = allFiles(path.join(dir, 'out'));
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const pdfs = files.filter((f) => f.endsWith('.pdf'));
    expect(pdfs.length).toBeGreaterThan(0);
    expect(pdfs.length).toBeLessThan(12 * 4);
    // No school's folder is a mix: it has all four PDFs or none.
    for (const folder of readdirSync(path.join(dir, 'out'))) expect([0, 4], folder).toContain(readdirSync(path.join(dir, 'out', folder)).filter((f) => f.endsWith('.pdf')).length);
    expect(readdirSync(path.join(dir, 'out')).filter((name) => name.startsWith('.'))).toEqual([]);
    for (const pdf of pdfs) expect(spawnSync('pdfinfo', [pdf]).status, pdf).toBe(0);
    expect(chromiumWith(tmp)).toBe(0);
    expect(profiles(tmp)).toEqual([]);
  }, 120_000);

  it('a large Markdown batch on worker threads, killed midway, leaves every folder whole: the earlier build or the new one', async () => {
    const dir = tempDir();
    schools(dir, 400);
    // An earlier build of version 1.0, then a new version, killed midway.
    const first = spawnSync(process.execPath, [bin, 'build', 'scholen', '--format', 'md'], { cwd: dir, stdio: 'ignore' });
    expect(first.status).toBe(0);
    writeFileSync(path.join(dir, 'scholen/bestuur.yaml'), serializeAnswers(library, { bestuur: 'Stichting Proef', versie: '2.0', datum: '2026-11-22' }));
    const child = spawn(process.execPath, [bin, 'build', 'scholen', '--format', 'md'], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    const staged = () => readdirSync(path.join(dir, 'out')).filter((name) => name.endsWith('.tmp')).length >= 20;
    while (Date.now() < deadline && !staged()) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    const files = allFiles(path.join(dir, 'out'));
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const protocols = files.filter((f) => f.endsWith('protocol.md'));
    expect(protocols).toHaveLength(400);
    const versions = protocols.map((file) => {
      const text = readFileSync(file, 'utf8');
      expect(text, file).toMatch(/\| Welke documenten voor ouders\/verzorgers horen bij het protocol\? \| .*\|\n$/);
      return /\| Versie \| (\S+) \|/.exec(text)?.[1];
    });
    // Killed while the schools were staged: every folder still holds the earlier build.
    expect(new Set(versions)).toEqual(new Set(['1.0']));
    for (const file of files.filter((f) => f.endsWith('ouderbrief.md'))) expect(readFileSync(file, 'utf8')).toMatch(/Met vriendelijke groet,\n\n.+\n$/);
  }, 120_000);
});

describe('staging a school folder', () => {
  it('a new folder arrives in one rename, with every file and nothing temporary left', async () => {
    const { Staging } = await import('../src/build/write.js');
    const out = tempDir();
    const staging = new Staging(path.join(out, 'school'), out);
    staging.write('protocol.md', '# een');
    staging.write('protocol.html', '<p>een</p>');
    // Not there until the commit.
    expect(existsSync(path.join(out, 'school'))).toBe(false);
    expect(staging.commit()).toEqual([path.join(out, 'school', 'protocol.md'), path.join(out, 'school', 'protocol.html')]);
    expect(readdirSync(out)).toEqual(['school']);
    expect(readdirSync(path.join(out, 'school')).sort()).toEqual(['protocol.html', 'protocol.md']);
    expect(readFileSync(path.join(out, 'school', 'protocol.md'), 'utf8')).toBe('# een');
  });

  it('a folder that appeared meanwhile keeps its other files, and gets the new ones one by one', async () => {
    const { Staging } = await import('../src/build/write.js');
    const out = tempDir();
    const dir = path.join(out, 'school');
    const staging = new Staging(dir, out);
    staging.write('protocol.md', '# nieuw');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'notities.txt'), 'van de gebruiker');
    writeFileSync(path.join(dir, 'protocol.md'), '# oud');
    expect(staging.commit()).toEqual([path.join(dir, 'protocol.md')]);
    expect(readFileSync(path.join(dir, 'protocol.md'), 'utf8')).toBe('# nieuw');
    expect(readFileSync(path.join(dir, 'notities.txt'), 'utf8')).toBe('van de gebruiker');
    expect(readdirSync(out)).toEqual(['school']);
  });
});
