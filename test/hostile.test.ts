/**
 * Hostile input, broken disks and killed processes (issue 15), table-driven where it can be:
 * offline rendering with a real listener on 127.0.0.1, one school's failure staying with that
 * school (with and without worker threads), only regular files read (FIFOs, devices: a Dutch
 * error, never a hang), a school's folder never a mix of versions, terminal and text hygiene,
 * closed pipes and empty arguments, symlinks, and a diff that stays linear.
 * Everything that could hang runs in a child process with a timeout.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeAnswers } from '../src/answers/write.js';
import { loadLibrary } from '../src/library/load.js';
import { markdownToHtml, rawHtmlIn } from '../src/render/html.js';
import { fileError } from '../src/util/files.js';
import { UserError } from '../src/util/errors.js';
import { visible } from '../src/cli/io.js';
import { alignBlocks, redlineBlocks } from '../src/redline/words.js';
import { alignmentWork, compareVersions } from '../src/redline/compare.js';
import type { DocItem, ProtocolVersion } from '../src/redline/document.js';
import { bin, tempDir } from './helpers/fixtures.js';
import { runMain } from './helpers/main.js';
import { run } from './helpers/run.js';

const library = loadLibrary();

const good = (naam = 'Basisschool De Regenboog', extra = '') =>
  `school:\n  naam: ${naam}\n  plaats: Utrecht\ndocument:\n  versie: "1.0"\n  datum: 2026-11-22\n${extra}`;

/** No stack trace, no English "unexpected" message. */
function expectDutchError(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(stderr).not.toMatch(/onverwachts|Error:|ENOENT|ENOTDIR|ELOOP/);
}

function allEntries(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).map((entry) => path.join(entry.parentPath, entry.name));
}

/** A custom clause folder with one clause in the closing chapter. */
function customClause(dir: string, text: string): void {
  mkdirSync(path.join(dir, 'eigen'), { recursive: true });
  const body = text.split('\n').map((line) => `      ${line}`).join('\n');
  writeFileSync(path.join(dir, 'eigen', 'extra.yaml'), `chapter: slot\nclauses:\n  - id: slot.extra\n    title: Extra\n    text: |\n${body}\n`);
}

/** Runs the bin asynchronously (so a server in this process can answer), with a timeout. */
function runAsync(args: string[], cwd: string, timeout = 120_000): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

// ─── 1. Offline by construction ──────────────────────────────────────────────────────────────

/** Every vector of the issue; PORT is the listener's port, {{school}} carries the school's name. */
const VECTORS: [string, string][] = [
  ['link rel=prefetch', '<link rel="prefetch" href="http://127.0.0.1:PORT/prefetch?school={{school}}">'],
  ['noscript link', '<noscript><link rel=prefetch href="http://127.0.0.1:PORT/noscript?school={{school}}"></noscript>'],
  ['prefetch as=document', '<link rel="prefetch" as="document" href="http://127.0.0.1:PORT/document?school={{school}}">'],
  ['preconnect', '<link rel="preconnect" href="http://127.0.0.1:PORT">'],
  ['dns-prefetch', '<link rel="dns-prefetch" href="//127.0.0.1:PORT">'],
  ['prerender', '<link rel="prerender" href="http://127.0.0.1:PORT/prerender">'],
  ['iframe', '<iframe src="http://127.0.0.1:PORT/iframe?school={{school}}"></iframe>'],
  ['object', '<object data="http://127.0.0.1:PORT/object"></object>'],
  ['embed', '<embed src="http://127.0.0.1:PORT/embed">'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:PORT/refresh?school={{school}}">'],
  ['img', '<img src="http://127.0.0.1:PORT/img">'],
  ['Markdown image', '![logo](http://127.0.0.1:PORT/markdown-image.png)'],
  ['script', '<script>fetch("http://127.0.0.1:PORT/script")</script>'],
  ['style with url', '<style>body{background:url(http://127.0.0.1:PORT/css)}</style>'],
  ['inline style attribute', '<p style="background:url(http://127.0.0.1:PORT/style-attr)">x</p>'],
  ['svg', '<svg><image href="http://127.0.0.1:PORT/svg"/></svg>'],
];

describe('offline by construction', { timeout: 90_000 }, () => {
  it.each(VECTORS)('%s: raw HTML in Markdown is shown as text, never as an element', (_name, vector) => {
    const html = markdownToHtml(`Tekst vooraf.\n\n${vector}\n\nEn inline: ${vector} klaar.`);
    expect(html).not.toMatch(/<(link|iframe|object|embed|meta|img|script|style|svg|noscript|p style)\b/i);
    // A link (<a href>) is not loaded; nothing else may point out.
    expect(html).not.toMatch(/src="http|data="http|<(?!a )[a-z]+ [^>]*href="http/);
    expect(rawHtmlIn(vector).length).toBeGreaterThan(0);
  });

  it('keeps the marks of a redline and a line break, without attributes', () => {
    expect(markdownToHtml('a <del>weg</del> <ins>erbij</ins> b<br>c')).toBe('<p>a <del>weg</del> <ins>erbij</ins> b<br>c</p>\n');
    expect(markdownToHtml('<del onclick="x()">weg</del>')).toContain('&lt;del onclick=&quot;x()&quot;&gt;');
    expect(rawHtmlIn('a <del>weg</del> <ins>erbij</ins>')).toEqual([]);
  });

  it('a custom clause with every vector: a real PDF build sends no request to a listener on 127.0.0.1, and lint reports the HTML', async () => {
    const requests: string[] = [];
    let connections = 0;
    const server = http.createServer((request, response) => {
      requests.push(request.url ?? '');
      response.end('<html><meta http-equiv="refresh" content="0;url=/again"></html>');
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const dir = tempDir();
      const vectors = VECTORS.map(([, vector]) => vector.replaceAll('PORT', String(port))).join('\n\n');
      customClause(dir, vectors);
      // And the same in a companion text: a block added to the letter to parents.
      mkdirSync(path.join(dir, 'eigen/documenten'));
      writeFileSync(
        path.join(dir, 'eigen/documenten/ouderbrief.yaml'),
        `document: ouderbrief\nparts:\n  brief:\n    - id: extra-html\n      text: |\n${vectors.split('\n').map((line) => `        ${line}`).join('\n')}\n`,
      );
      writeFileSync(path.join(dir, 'protocol.yaml'), good('Geheime School'));
      const result = await runAsync(['build', 'protocol.yaml', '--clauses', 'eigen', '--format', 'html,pdf'], dir);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      // Give any late request time to arrive.
      await new Promise((r) => setTimeout(r, 1000));
      expect(requests).toEqual([]);
      expect(connections).toBe(0);

      const out = path.join(dir, 'out', 'geheime-school');
      for (const name of readdirSync(out).filter((f) => f.endsWith('.html'))) {
        const html = readFileSync(path.join(out, name), 'utf8');
        expect(html, name).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'">`);
        expect(html, name).not.toMatch(/<script|<link|<iframe|<object|<embed|<img|http-equiv="refresh"|src="http|href="http/i);
      }
      expect(readFileSync(path.join(out, 'protocol.html'), 'utf8')).toContain(`&lt;link rel=&quot;prefetch&quot; href=&quot;http://127.0.0.1:${port}/prefetch?school=Geheime School&quot;&gt;`);
      expect(spawnSync('pdfinfo', [path.join(out, 'protocol.pdf')]).status).toBe(0);
      expect(readFileSync(path.join(out, 'ouderbrief.html'), 'utf8')).toContain(`&lt;iframe src=&quot;http://127.0.0.1:${port}/iframe?school=Geheime School&quot;&gt;`);
      expect(spawnSync('pdfinfo', [path.join(out, 'ouderbrief.pdf')]).status).toBe(0);

      const lint = await runMain(['lint', '--clauses', 'eigen'], dir);
      expect(lint.code).toBe(2);
      expect(lint.stdout + lint.stderr).toMatch(/slot\.extra\): bevat HTML of een afbeelding van buiten \(<link>, <noscript>, <iframe>, <object>, <embed>, <meta>, <img>, !\[afbeelding\], <script>, <style>, <p>, <svg>, <image>\); het document toont die als gewone tekst/);
    } finally {
      server.close();
    }
  }, 180_000);
});

// ─── 2. Each school's failure stays with that school ─────────────────────────────────────────

interface Breakage {
  name: string;
  /** Makes the broken school in `scholen/` (and whatever it needs). */
  setup: (dir: string) => void;
  expected: RegExp;
}

const BREAKAGES: Breakage[] = [
  {
    name: 'extends through a file as if it were a folder (ENOTDIR)',
    setup: (dir) => writeFileSync(path.join(dir, 'scholen/kapot.yaml'), `extends: bestuur.yaml/meer.yaml\n${good('Kapot')}`),
    expected: /kapot\.yaml:1:1: `extends` verwijst naar scholen\/bestuur\.yaml\/meer\.yaml: een deel van dit pad is een bestand, geen map/,
  },
  {
    name: 'extends through a symlink loop (ELOOP)',
    setup: (dir) => {
      // Outside the batch folder: a dangling link inside it would be reported as a school of its own.
      symlinkSync('lus-b.yaml', path.join(dir, 'lus-a.yaml'));
      symlinkSync('lus-a.yaml', path.join(dir, 'lus-b.yaml'));
      writeFileSync(path.join(dir, 'scholen/kapot.yaml'), `extends: ../lus-a.yaml\n${good('Kapot')}`);
    },
    expected: /kapot\.yaml:1:1: `extends` verwijst naar lus-a\.yaml: dit pad loopt via symbolische koppelingen \(symlinks\) in een kring/,
  },
  {
    name: 'extends a name that is too long (ENAMETOOLONG)',
    setup: (dir) => writeFileSync(path.join(dir, 'scholen/kapot.yaml'), `extends: ${'x'.repeat(300)}.yaml\n${good('Kapot')}`),
    expected: /kapot\.yaml:1:1: `extends` verwijst naar scholen\/x+\.yaml: dit pad of een naam erin is te lang/,
  },
  {
    name: 'extends a folder (EISDIR)',
    setup: (dir) => {
      mkdirSync(path.join(dir, 'scholen/map.yaml'));
      writeFileSync(path.join(dir, 'scholen/kapot.yaml'), `extends: map.yaml\n${good('Kapot')}`);
    },
    expected: /scholen\/map\.yaml: dit is een map, geen antwoordbestand/,
  },
  {
    name: 'out/<slug> exists as a file',
    setup: (dir) => {
      writeFileSync(path.join(dir, 'scholen/kapot.yaml'), good('Kapot'));
      mkdirSync(path.join(dir, 'out'), { recursive: true });
      writeFileSync(path.join(dir, 'out/kapot'), 'in de weg');
    },
    expected: /out\/kapot: hier staat een bestand, maar hier moet de map van de school komen\. Verwijder of hernoem het bestand/,
  },
  {
    name: 'out/<slug> is a symlink out of --out',
    setup: (dir) => {
      writeFileSync(path.join(dir, 'scholen/kapot.yaml'), good('Kapot'));
      mkdirSync(path.join(dir, 'out'), { recursive: true });
      mkdirSync(path.join(dir, 'elders'));
      symlinkSync(path.join(dir, 'elders'), path.join(dir, 'out/kapot'));
    },
    expected: /out\/kapot: deze map is een symbolische koppeling naar .*elders, buiten de uitvoermap out/,
  },
  {
    name: 'extends: /dev/zero',
    setup: (dir) => writeFileSync(path.join(dir, 'scholen/kapot.yaml'), `extends: /dev/zero\n${good('Kapot')}`),
    expected: /kapot\.yaml:1:1: `extends` verwijst naar \/dev\/zero: dit is geen gewoon bestand/,
  },
];

/** A board file and `count` good schools that extend it. */
function batch(dir: string, count: number): void {
  mkdirSync(path.join(dir, 'scholen'), { recursive: true });
  writeFileSync(path.join(dir, 'scholen/bestuur.yaml'), serializeAnswers(library, { bestuur: 'Stichting Proef', versie: '1.0', datum: '2026-11-22' }));
  for (let i = 1; i <= count; i++) {
    writeFileSync(path.join(dir, `scholen/school-${String(i).padStart(3, '0')}.yaml`), serializeAnswers(library, { naam: `School ${i}`, plaats: 'Ede' }, { extends: 'bestuur.yaml' }));
  }
}

describe("each school's failure stays with that school", { timeout: 90_000 }, () => {
  it.each(BREAKAGES.flatMap((b) => [{ ...b, count: 3 }, { ...b, count: 120 }]))('$name, in a batch of $count', ({ setup, expected, count }) => {
    const dir = tempDir();
    batch(dir, count);
    setup(dir);
    // 120 Markdown-only schools are built on worker threads.
    const result = run(['build', 'scholen', '--format', 'md'], { cwd: dir, timeout: 120_000 });
    expect(result.stderr).toMatch(expected);
    expectDutchError(result.stderr);
    expect(result.status).toBe(1);
    const folders = readdirSync(path.join(dir, 'out')).filter((name) => name.startsWith('school-'));
    expect(folders.length).toBe(count);
    for (const folder of folders) expect(existsSync(path.join(dir, 'out', folder, 'protocol.md'))).toBe(true);
    expect(allEntries(path.join(dir, 'out')).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    if (count === 3) {
      const check = run(['check', 'scholen'], { cwd: dir });
      expect(check.stdout).toMatch(/1 van de 4 scholen is niet actueel/);
      expectDutchError(check.stdout + check.stderr);
      const json = run(['check', 'scholen', '--json'], { cwd: dir });
      const report = JSON.parse(json.stdout) as { schools: { status: string }[] };
      // The broken school is "fout" (it cannot be read: exit 2) or "verouderd" (its folder is in the way: exit 1).
      expect(report.schools.filter((s) => s.status === 'actueel').length).toBe(3);
      expect(check.status).toBe(report.schools.some((s) => s.status === 'fout') ? 2 : 1);
    }
  }, 180_000);

  it('a heading inside custom clause text is a Dutch input error', async () => {
    const dir = tempDir();
    customClause(dir, 'Eerste alinea.\n\n## Een kop midden in de tekst\n\nTweede alinea.');
    writeFileSync(path.join(dir, 'protocol.yaml'), good());
    const result = await runMain(['build', 'protocol.yaml', '--clauses', 'eigen', '--format', 'md'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/slot\.extra\): regel 3 van de tekst is een kop \(begint met #\)\. Een artikel krijgt zijn kop uit `title`/);
    expectDutchError(result.stderr);
  });

  it.each([
    ['text that is not a protocol', 'hallo wereld\n', /oud\.md: dit is geen protocol van schoolprotocol: er staan geen artikelen in/],
    ['binary data', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]), /oud\.md: dit is geen tekstbestand \(het bevat binaire gegevens\)\. Een protocol is een tekstbestand \(Markdown\)/],
  ])('a baseline that does not read back (%s) is a Dutch input error', async (_name, content, expected) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'oud.md'), content);
    writeFileSync(
      path.join(dir, 'protocol.yaml'),
      good('De Regenboog', '  geschiedenis:\n    - versie: "0.9"\n      datum: 2025-01-01\n      status: vastgesteld\n      instemming: 2025-01-10\n      protocol: oud.md\n'),
    );
    const result = await runMain(['build', 'protocol.yaml', '--format', 'md'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(expected);
    expectDutchError(result.stderr);
  });

  // Root ignores file permissions, and a full or read-only disk cannot be made without mounting:
  // these codes are checked on the message they get.
  it.each([
    ['ENOENT', 'open', 2, /^map\/x: niet gevonden\. Controleer het pad\.$/],
    ['ENOTDIR', 'open', 2, /^map\/x: een deel van dit pad is een bestand, geen map/],
    ['ELOOP', 'open', 2, /^map\/x: dit pad loopt via symbolische koppelingen/],
    ['ENAMETOOLONG', 'open', 2, /^map\/x: dit pad of een naam erin is te lang/],
    ['EACCES', 'open', 2, /^map\/x: geen leesrechten/],
    ['EACCES', 'mkdir', 1, /^map\/x: geen schrijfrechten hier\. Controleer de rechten \(chmod\) of kies met --out een andere map/],
    ['EROFS', 'open', 2, /^map\/x: deze schijf is alleen-lezen/],
    ['EROFS', 'rename', 1, /^map\/x: deze schijf is alleen-lezen\. Kies met --out een map op een schijf waarop u mag schrijven/],
    ['ENOSPC', 'write', 1, /^map\/x: de schijf is vol/],
    ['EEXIST', 'mkdir', 1, /^map\/x: hier staat al iets dat in de weg staat/],
    ['EISDIR', 'open', 2, /^map\/x: dit is een map, geen bestand/],
    ['EISDIR', 'rename', 1, /^map\/x: dit is een map, maar hier moet een bestand komen/],
  ] as const)('%s on %s: a Dutch message with the path and the fix, exit %i', (code, syscall, exitCode, expected) => {
    const error = Object.assign(new Error(`${code}: ${syscall}`), { code, syscall, path: path.join(process.cwd(), 'map/x') });
    const converted = fileError(error);
    expect(converted).toBeInstanceOf(UserError);
    expect((converted as UserError).exitCode).toBe(exitCode);
    expect((converted as UserError).message).toMatch(expected);
  });

  it('a real write failure: --out inside a file is exit 1 with the path and the fix', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'protocol.yaml'), good());
    writeFileSync(path.join(dir, 'bestand'), 'x');
    const result = await runMain(['build', 'protocol.yaml', '--format', 'md', '--out', 'bestand/out'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bestand\/out\/basisschool-de-regenboog: een deel van dit pad is een bestand, geen map/);
    expectDutchError(result.stderr);
  });
});

// ─── 3. Only regular files, bounded ──────────────────────────────────────────────────────────

interface Special {
  name: string;
  setup: (dir: string) => void;
  args: string[];
  expected: RegExp;
}

const fifo = (file: string) => expect(spawnSync('mkfifo', [file]).status).toBe(0);

const SPECIALS: Special[] = [
  { name: 'extends: /dev/zero', setup: (dir) => writeFileSync(path.join(dir, 'p.yaml'), `extends: /dev/zero\n${good()}`), args: ['build', 'p.yaml'], expected: /p\.yaml:1:1: `extends` verwijst naar \/dev\/zero: dit is geen gewoon bestand/ },
  { name: 'extends: /dev/urandom', setup: (dir) => writeFileSync(path.join(dir, 'p.yaml'), `extends: /dev/urandom\n${good()}`), args: ['build', 'p.yaml'], expected: /`extends` verwijst naar \/dev\/urandom: dit is geen gewoon bestand/ },
  { name: '/dev/urandom as answers file', setup: () => undefined, args: ['build', '/dev/urandom'], expected: /\/dev\/urandom: dit is geen gewoon bestand .*dus geen antwoordbestand/ },
  { name: '/dev/zero as answers file', setup: () => undefined, args: ['build', '/dev/zero'], expected: /\/dev\/zero: dit is geen gewoon bestand/ },
  { name: 'a FIFO as answers file', setup: (dir) => fifo(path.join(dir, 'p.yaml')), args: ['build', 'p.yaml'], expected: /p\.yaml: dit is geen gewoon bestand \(maar bijvoorbeeld een pijp, apparaat of socket\), dus geen antwoordbestand/ },
  { name: 'a FIFO as extends', setup: (dir) => (fifo(path.join(dir, 'bestuur.yaml')), writeFileSync(path.join(dir, 'p.yaml'), `extends: bestuur.yaml\n${good()}`)), args: ['build', 'p.yaml'], expected: /`extends` verwijst naar bestuur\.yaml: dit is geen gewoon bestand/ },
  {
    name: 'a FIFO in a batch folder',
    setup: (dir) => {
      mkdirSync(path.join(dir, 'scholen'));
      writeFileSync(path.join(dir, 'scholen/a.yaml'), good('School A'));
      fifo(path.join(dir, 'scholen/b.yaml'));
    },
    args: ['build', 'scholen'],
    expected: /scholen\/b\.yaml: dit is geen gewoon bestand/,
  },
  { name: 'a FIFO in --clauses', setup: (dir) => (writeFileSync(path.join(dir, 'p.yaml'), good()), mkdirSync(path.join(dir, 'eigen')), fifo(path.join(dir, 'eigen/extra.yaml'))), args: ['build', 'p.yaml', '--clauses', 'eigen'], expected: /eigen\/extra\.yaml: dit is geen gewoon bestand .*dus geen clausulebestand/ },
  {
    name: 'a FIFO as a geschiedenis protocol',
    setup: (dir) => {
      fifo(path.join(dir, 'oud.md'));
      writeFileSync(path.join(dir, 'p.yaml'), good('De Regenboog', '  geschiedenis:\n    - versie: "0.9"\n      datum: 2025-01-01\n      status: vastgesteld\n      instemming: 2025-01-10\n      protocol: oud.md\n'));
    },
    args: ['build', 'p.yaml'],
    expected: /oud\.md: dit is geen gewoon bestand .*dus geen protocol/,
  },
  { name: 'a FIFO given to diff', setup: (dir) => (fifo(path.join(dir, 'oud.md')), writeFileSync(path.join(dir, 'p.yaml'), good())), args: ['diff', 'oud.md', 'p.yaml', '--format', 'md'], expected: /oud\.md: dit is geen gewoon bestand/ },
  { name: 'a FIFO given to check', setup: (dir) => fifo(path.join(dir, 'p.yaml')), args: ['check', 'p.yaml'], expected: /p\.yaml: dit is geen gewoon bestand/ },
  {
    name: 'a FIFO in place of a built protocol.md (check)',
    setup: (dir) => {
      writeFileSync(path.join(dir, 'p.yaml'), good());
      mkdirSync(path.join(dir, 'out/basisschool-de-regenboog'), { recursive: true });
      fifo(path.join(dir, 'out/basisschool-de-regenboog/protocol.md'));
    },
    args: ['check', 'p.yaml'],
    expected: /protocol\.md: dit is geen gewoon bestand/,
  },
  {
    name: 'an extends cycle through a symlink, found by real path',
    setup: (dir) => {
      writeFileSync(path.join(dir, 'a.yaml'), `extends: link.yaml\n${good()}`);
      symlinkSync('a.yaml', path.join(dir, 'link.yaml'));
    },
    args: ['build', 'a.yaml'],
    expected: /`extends` verwijst in een kring: a\.yaml → a\.yaml/,
  },
  {
    name: 'a long extends chain is a loop with a depth limit',
    setup: (dir) => {
      for (let i = 0; i < 40; i++) writeFileSync(path.join(dir, `k${i}.yaml`), `extends: k${i + 1}.yaml\nschool:\n  plaats: Ede\n`);
      writeFileSync(path.join(dir, 'k40.yaml'), good());
    },
    args: ['build', 'k0.yaml'],
    expected: /k0\.yaml: `extends` gaat meer dan 16 bestanden diep \(k0\.yaml → … → k16\.yaml\)/,
  },
];

describe('only regular files are read, bounded', { timeout: 90_000 }, () => {
  it.each(SPECIALS)('$name: a Dutch error quickly, never a hang', ({ setup, args, expected }) => {
    const dir = tempDir();
    setup(dir);
    const started = Date.now();
    const result = run([...args, ...(args[0] === 'build' ? ['--format', 'md'] : [])], { cwd: dir, timeout: 30_000 });
    expect(result.status, `timed out or crashed: ${result.stderr}`).not.toBeNull();
    expect(result.stderr + result.stdout).toMatch(expected);
    expectDutchError(result.stderr);
    expect([1, 2]).toContain(result.status);
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 40_000);
});

// ─── 4. A school's folder is never a mix of versions ─────────────────────────────────────────

describe('a folder is never a mix of versions', { timeout: 90_000 }, () => {
  it('when the PDFs fail, the new Markdown and HTML go in together and the old PDFs are named as old', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'p.yaml'), good());
    const out = path.join(dir, 'out/basisschool-de-regenboog');
    mkdirSync(out, { recursive: true });
    // An earlier build's files.
    for (const name of ['protocol', 'leerlingversie', 'ouderbrief', 'toestemmingsformulier']) {
      for (const ext of ['md', 'html', 'pdf']) writeFileSync(path.join(out, `${name}.${ext}`), `oud ${name}.${ext}`);
    }
    const result = run(['build', 'p.yaml'], { cwd: dir, env: { PUPPETEER_EXECUTABLE_PATH: path.join(dir, 'geen-chrome') } });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Nog van een eerdere keer \(verouderd\): out\/basisschool-de-regenboog\/protocol\.pdf, out\/basisschool-de-regenboog\/leerlingversie\.pdf, .*toestemmingsformulier\.pdf\./);
    for (const name of ['protocol', 'leerlingversie', 'ouderbrief', 'toestemmingsformulier']) {
      for (const ext of ['md', 'html']) expect(readFileSync(path.join(out, `${name}.${ext}`), 'utf8')).not.toMatch(/^oud/);
    }
    expect(readdirSync(path.join(dir, 'out'))).toEqual(['basisschool-de-regenboog']);
  }, 60_000);

  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
    ['SIGINT', 130],
  ] as const)('%s midway through a worker batch: exit %i, says it was interrupted, no temporary folder left', async (signal, code) => {
    const dir = tempDir();
    batch(dir, 400);
    const child = spawn(process.execPath, [bin, 'build', 'scholen', '--format', 'md'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (status) => resolve(status)));
    const deadline = Date.now() + 60_000;
    // Killed while the workers stage their schools (hidden folders beside the school folders): none is swapped in yet.
    const staged = () => existsSync(path.join(dir, 'out')) && readdirSync(path.join(dir, 'out')).filter((name) => name.endsWith('.tmp')).length >= 20;
    while (Date.now() < deadline && !staged()) await new Promise((r) => setTimeout(r, 10));
    child.kill(signal);
    expect(await exited).toBe(code);
    expect(stderr).toMatch(/De opdracht is afgebroken: geen van de 400 scholen is bijgewerkt\. Hun mappen bevatten nog de documenten van de vorige keer/);
    const entries = allEntries(path.join(dir, 'out'));
    expect(entries.filter((f) => /\.tmp$/.test(f))).toEqual([]);
    // Every school folder that exists is whole.
    for (const folder of readdirSync(path.join(dir, 'out'))) {
      expect(readdirSync(path.join(dir, 'out', folder)).sort(), folder).toEqual(['leerlingversie.md', 'ouderbrief.md', 'protocol.md', 'toestemmingsformulier.md']);
    }
  }, 120_000);

  it('temporary folders of an earlier run that was killed are removed', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'p.yaml'), good());
    mkdirSync(path.join(dir, 'out/.basisschool-de-regenboog.999999999.abc.tmp'), { recursive: true });
    writeFileSync(path.join(dir, 'out/.basisschool-de-regenboog.999999999.abc.tmp/protocol.md'), 'half');
    expect((await runMain(['build', 'p.yaml', '--format', 'md'], dir)).code).toBe(0);
    expect(readdirSync(path.join(dir, 'out'))).toEqual(['basisschool-de-regenboog']);
  });

  it.each([
    ['the old version', ['oud.md', 'p.yaml', '--out', 'oud.md'], /--out: het overzicht zou \S*oud\.md overschrijven, en dat is een van de twee versies die u vergelijkt/],
    ['the new version', ['oud.md', 'nieuw.md', '--out', 'nieuw'], /--out: het overzicht zou \S*nieuw\.md overschrijven, en dat is een van de twee versies/],
    ['a built protocol', ['oud.md', 'p.yaml', '--out', 'out/school/protocol.md'], /--out: het overzicht zou \S*out\/school\/protocol\.md overschrijven, een document dat `schoolprotocol build` maakt/],
    ['a built companion PDF', ['oud.md', 'p.yaml', '--out', 'out/school/ouderbrief.pdf'], /het overzicht zou \S*out\/school\/ouderbrief\.md overschrijven, een document dat/],
  ])('diff --out refuses to overwrite %s', async (_name, args, expected) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'p.yaml'), good());
    expect((await runMain(['build', 'p.yaml', '--format', 'md', '--out', 'b'], dir)).code).toBe(0);
    const built = readFileSync(path.join(dir, 'b/basisschool-de-regenboog/protocol.md'), 'utf8');
    writeFileSync(path.join(dir, 'oud.md'), built);
    writeFileSync(path.join(dir, 'nieuw.md'), built);
    const result = await runMain(['diff', ...args, '--format', 'md'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(expected);
    expect(readFileSync(path.join(dir, 'oud.md'), 'utf8')).toBe(built);
    expect(readFileSync(path.join(dir, 'nieuw.md'), 'utf8')).toBe(built);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
});

// ─── 5. Terminal and text hygiene ────────────────────────────────────────────────────────────

describe('terminal and text hygiene', { timeout: 90_000 }, () => {
  it.each([
    ['NUL', '"Basis\\0school"', 'U+0000'],
    ['an escape sequence', '"Basis\\e[31mschool"', 'U+001B'],
    ['a bell', '"Basis\\aschool"', 'U+0007'],
    ['a C1 control', '"Basis\\x9bschool"', 'U+009B'],
    ['a right-to-left override', '"Basis\\u202Eschool"', 'U+202E'],
  ])('%s in an answer is an input error at its line', async (_name, naam, code) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'protocol.yaml'), good(naam));
    const result = await runMain(['build', 'protocol.yaml', '--format', 'md'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`protocol.yaml:2:3: \`school.naam\` bevat een onzichtbaar stuurteken (${code}). Haal het weg`);
    expect(result.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it.each([
    ['~', '~'],
    ['null', 'null'],
    ['only zero-width spaces', '"\\u200B\\u200B"'],
    ['only a byte-order mark and a soft hyphen', '"\\uFEFF\\u00AD"'],
  ])('a name that is %s is empty', async (_name, naam) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'protocol.yaml'), good(naam));
    const result = await runMain(['build', 'protocol.yaml', '--format', 'md'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/deze antwoorden ontbreken:\n {2}school\.naam:/);
  });

  it('YAML null for an optional text is empty, not the text "~"', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'protocol.yaml'), good().replace('  plaats: Utrecht', '  plaats: Utrecht\n  bestuur: ~'));
    expect((await runMain(['build', 'protocol.yaml', '--format', 'md'], dir)).code).toBe(0);
    const markdown = readFileSync(path.join(dir, 'out/basisschool-de-regenboog/protocol.md'), 'utf8');
    expect(markdown).not.toMatch(/~|\bnull\b/);
    expect(markdown).toContain('het schoolbestuur');
  });

  it('a file name with an escape sequence is shown escaped, never raw', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'scholen'));
    writeFileSync(path.join(dir, 'scholen/a.yaml'), good('School A'));
    writeFileSync(path.join(dir, 'scholen/\x1b[2J\x1b]0;pwned\x07.yaml'), 'school: [\n');
    const result = await runMain(['build', 'scholen', '--format', 'md'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('\\x1b[2J\\x1b]0;pwned\\x07.yaml');
    expect(result.stderr + result.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(visible('a\x1b[31mb\r\x1b[Kc\u202ed\n')).toBe('a\\x1b[31mb\r\x1b[Kc\\u202ed\n');
  });

  it.each([
    ['{{log "GELEKT"}}', /unknown helper log/],
    ['{{#log "GELEKT"}}x{{/log}}', /unknown helper log/],
    ['{{lookup school "length"}}', /unknown helper lookup/],
  ])('%s in clause text is refused, and nothing reaches stdout', async (text, expected) => {
    const dir = tempDir();
    customClause(dir, `Tekst ${text}`);
    writeFileSync(path.join(dir, 'protocol.yaml'), good());
    const result = run(['build', 'protocol.yaml', '--clauses', 'eigen', '--format', 'md'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/placeholder kan niet worden ingevuld/);
    expect(result.stderr).toMatch(expected);
    expect(result.stdout).not.toContain('GELEKT');
  });

  it.each(['constructor', 'prototype', 'tostring', 'valueof'])('a question id "%s" is refused by the schema', async (id) => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'eigen'));
    writeFileSync(path.join(dir, 'eigen/questions.yaml'), `questions:\n  - id: ${id}\n    section: keuzes\n    type: text\n    prompt: Vraag\n`);
    const result = await runMain(['lint', '--clauses', 'eigen'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/eigen\/questions\.yaml:2:5: `questions\[0\]\.id` deze naam is gereserveerd/);
  });

  it.each([
    ['build with a failing school', (dir: string) => (mkdirSync(path.join(dir, 's')), writeFileSync(path.join(dir, 's/a.yaml'), good('A')), writeFileSync(path.join(dir, 's/b.yaml'), good('"B\\e[31m"'))), ['build', 's', '--format', 'md', '--json']],
    ['check with a failing school', (dir: string) => (mkdirSync(path.join(dir, 's')), writeFileSync(path.join(dir, 's/a.yaml'), good('A')), writeFileSync(path.join(dir, 's/b.yaml'), 'school: [\n')), ['check', 's', '--json']],
    ['check --impact with a failing school', (dir: string) => (mkdirSync(path.join(dir, 's')), writeFileSync(path.join(dir, 's/a.yaml'), good('A')), writeFileSync(path.join(dir, 's/b.yaml'), '\x00')), ['check', 's', '--impact', '--json']],
    ['build of a FIFO', (dir: string) => fifo(path.join(dir, 'p.yaml')), ['build', 'p.yaml', '--json', '--format', 'md']],
    ['a usage error', () => undefined, ['build', 'p.yaml', '--json', '--jobs', '1e1']],
    ['an unknown option', () => undefined, ['check', 'p.yaml', '--json', '--formaat', 'md']],
  ] as const)('--json is valid JSON on stdout: %s', (_name, setup, args) => {
    const dir = tempDir();
    setup(dir);
    const result = run([...args], { cwd: dir, timeout: 30_000 });
    expect(result.status).not.toBeNull();
    expect(() => JSON.parse(result.stdout)).not.toThrow();
  });
});

// ─── 6. Pipes and arguments ──────────────────────────────────────────────────────────────────

describe('pipes and arguments', { timeout: 90_000 }, () => {
  const commands: [string, string[]][] = [
    ['--help', ['--help']],
    ['presets', ['presets']],
    ['lint', ['lint']],
    ['build --json', ['build', '--preset', 'gsv', '--format', 'md', '--json']],
    ['build of a batch', ['build', 'scholen', '--format', 'md']],
    ['check', ['check', 'scholen']],
    ['check --json', ['check', 'scholen', '--json']],
    ['check --impact', ['check', 'scholen', '--impact']],
    ['diff', ['diff', 'out/school-1/protocol.md', 'scholen/school-002.yaml', '--format', 'md']],
    ['init --yes', ['init', '--yes', '--no-pdf', '--answers', 'nieuw.yaml']],
  ];

  it.each(commands)('a closed stdout ends %s quietly, without a stack trace', async (_name, args) => {
    const dir = tempDir();
    batch(dir, 3);
    expect(run(['build', 'scholen', '--format', 'md'], { cwd: dir }).status).toBe(0);
    const child = spawn(process.execPath, [bin, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    // The reader goes away at once, as `| head -1` does after one line.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('exit', (code) => (clearTimeout(timer), resolve(code)));
    });
    expect(stderr).not.toMatch(/EPIPE|\n\s+at |onverwachts/);
    expect([0, 1]).toContain(status);
  }, 70_000);

  it.each([
    ['build ""', ['build', ''], /een van de genoemde bestanden is een lege tekst/],
    ['build --out ""', ['build', 'p.yaml', '--out', ''], /--out: de waarde is leeg/],
    ['build --clauses ""', ['build', 'p.yaml', '--clauses', ''], /--clauses: de waarde is leeg/],
    ['check ""', ['check', ''], /een van de genoemde bestanden is een lege tekst/],
    ['check --out " "', ['check', 'p.yaml', '--out', ' '], /--out: de waarde is leeg/],
    ['diff "" p.yaml', ['diff', '', 'p.yaml'], /<oud> is een lege tekst/],
    ['diff --out ""', ['diff', 'p.yaml', 'p.yaml', '--out', ''], /--out: de waarde is leeg/],
    ['init --answers ""', ['init', '--yes', '--answers', ''], /--answers: de waarde is leeg/],
    ...['1e1', '0x10', '4.0', ' 4', '-1', '65', '+3', '04', '1_0', 'Infinity'].map((value): [string, string[], RegExp] => [`--jobs ${JSON.stringify(value)}`, ['build', 'p.yaml', '--jobs', value], /--jobs: ".*" is geen geldig aantal/]),
  ])('%s is a usage error', async (_name, args, expected) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'p.yaml'), good());
    const before = readdirSync(dir);
    const result = await runMain(args, dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(expected);
    expect(readdirSync(dir)).toEqual(before);
  });
});

// ─── 7. Symlinks ─────────────────────────────────────────────────────────────────────────────

describe('symlinks', { timeout: 90_000 }, () => {
  it('a symlinked school folder in a batch is followed; a dangling link is reported', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'scholen'));
    mkdirSync(path.join(dir, 'elders'));
    writeFileSync(path.join(dir, 'scholen/a.yaml'), good('School A'));
    writeFileSync(path.join(dir, 'elders/b.yaml'), good('School B'));
    symlinkSync(path.join(dir, 'elders'), path.join(dir, 'scholen/gekoppeld'));
    // A link back to the folder itself must not loop.
    symlinkSync('.', path.join(dir, 'scholen/zelf'));
    let result = await runMain(['build', 'scholen', '--format', 'md'], dir);
    expect(result.code).toBe(0);
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['school-a', 'school-b']);
    symlinkSync(path.join(dir, 'weg.yaml'), path.join(dir, 'scholen/kwijt.yaml'));
    result = await runMain(['build', 'scholen', '--format', 'md'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/scholen\/kwijt\.yaml: antwoordbestand niet gevonden/);
  });

  it('check reports slug clashes as build does', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'scholen'));
    writeFileSync(path.join(dir, 'scholen/a.yaml'), good('De Regenboog'));
    writeFileSync(path.join(dir, 'scholen/b.yaml'), good('De regenboog'));
    const build = await runMain(['build', 'scholen', '--format', 'md'], dir);
    expect(build.stderr).toMatch(/scholen\/b\.yaml: de school "De regenboog" zou in dezelfde map \S*out\/de-regenboog komen als \S*scholen\/a\.yaml/);
    const check = await runMain(['check', 'scholen'], dir);
    expect(check.code).toBe(2);
    expect(check.stdout).toMatch(/scholen\/b\.yaml: de school "De regenboog" zou in dezelfde map \S*out\/de-regenboog komen als \S*scholen\/a\.yaml/);
  });
});

// ─── 8. diff: linear alignment, bullets by content, a different school ───────────────────────

function version(items: DocItem[], school = 'School'): ProtocolVersion {
  return { label: 'x', origin: 'markdown', meta: { school, versie: '1', datum: '', status: '' }, items, choices: [] };
}

describe('diff', { timeout: 90_000 }, () => {
  it('aligns 2,000 articles with linear work, fast, when every article changed and titles repeat', () => {
    const words = (i: number, salt: string) => Array.from({ length: 30 }, (_, k) => `w${(i * 7 + k) % 5000}${k % 3 === 0 ? salt : ''}`).join(' ');
    const before: DocItem[] = Array.from({ length: 2000 }, (_, i) => ({ kind: 'article', number: `${Math.floor(i / 20) + 1}.${(i % 20) + 1}`, title: i % 2 ? 'Algemeen' : '', text: words(i, 'a') }));
    const after: DocItem[] = before.map((item, i) => ({ ...item, text: words(i, 'b') }));
    const started = performance.now();
    const comparison = compareVersions(version(before), version(after));
    const ms = performance.now() - started;
    // Quadratic would be 4,000,000 comparisons per pass.
    expect(alignmentWork).toBeLessThan(400_000);
    expect(comparison.changes.length).toBe(2000);
    console.log(`diff of 2,000 changed articles: ${Math.round(ms)} ms, ${alignmentWork} comparisons`);
    expect(ms).toBeLessThan(10_000);
  });

  it('pairs a near-unchanged bullet with its old self, not with a new bullet that shares some words', () => {
    const old = '- Leerlingen zetten hun telefoon uit tijdens de les.\n- Medewerkers plaatsen geen foto’s van leerlingen op hun eigen account.';
    const fresh =
      '- Leerlingen zetten hun telefoon uit tijdens de les.\n- Medewerkers plaatsen geen filmpjes van leerlingen op sociale media.\n- Medewerkers plaatsen geen foto’s van leerlingen op hun eigen privé-account.';
    const blocks = redlineBlocks(old, fresh);
    expect(blocks.map((b) => b.segments.map((s) => `${s.op}:${s.text}`).join('|'))).toEqual([
      'same:Leerlingen zetten hun telefoon uit tijdens de les.',
      'ins:Medewerkers plaatsen geen filmpjes van leerlingen op sociale media.',
      'same:Medewerkers plaatsen geen foto’s van leerlingen op hun eigen |ins:privé-|same:account.',
    ]);
    expect(alignBlocks([{ text: 'a b c d' }], [{ text: 'a b x y' }, { text: 'a b c d e' }])).toEqual([[0, 1]]);
  });

  it('warns when the two versions are of different schools', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.yaml'), good('De Regenboog'));
    writeFileSync(path.join(dir, 'b.yaml'), good('De Klimboom'));
    const result = await runMain(['diff', 'a.yaml', 'b.yaml', '--format', 'md'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('Let op: de twee versies zijn van verschillende scholen (De Regenboog en De Klimboom). Het overzicht vergelijkt ze toch; controleer of u de goede bestanden noemde.\n');
    const same = await runMain(['diff', 'a.yaml', 'a.yaml', '--format', 'md', '--out', 'w2'], dir);
    expect(same.stderr).toBe('');
  });
});
