/**
 * The browser process through the built bin and directly: it cannot reach a network (a real
 * listener on 127.0.0.1 counts requests), it never outlives a command (counted in /proc, also
 * after an input error, after SIGKILL of Node), stale profiles go, and bad settings get Dutch
 * usage errors. Every child gets its own TMPDIR, so its Chromium processes and profile folders
 * can be told apart from any other on the machine.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserBinary, LAUNCH_ARGS, SYSTEM_BROWSERS, systemBrowser } from '../src/render/launch.js';
import { makesPdf } from '../src/render/makes-pdf.js';
import { PdfRenderer } from '../src/render/printer.js';
import { chromiumWith } from './helpers/chromium.js';
import { bin, root, tempDir } from './helpers/fixtures.js';
import { run } from './helpers/run.js';

const profiles = (dir: string) => readdirSync(dir).filter((name) => /chrom/i.test(name));

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

const answers = 'school:\n  naam: Basisschool De Regenboog\n  plaats: Utrecht\ndocument:\n  versie: "1.0"\n  datum: 2026-11-22\n';

let server: Server;
let port = 0;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.end('<html><body>hallo</body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('the browser', () => {
  it('is the binary behind the distribution wrapper', () => {
    // Debian's two wrappers, where installed: one sets LIBDIR and APPNAME, the other runs one path with "$@".
    for (const name of ['chromium', 'chromium-headless-shell']) {
      if (existsSync(`/usr/bin/${name}`)) expect(browserBinary(`/usr/bin/${name}`)).toBe(`/usr/lib/chromium/${name}`);
    }
    const dir = tempDir();
    const wrapper = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text, { mode: 0o755 });
      return path.join(dir, name);
    };
    expect(browserBinary(wrapper('one-path', '#!/bin/sh -e\n\n/bin/true "$@"\n'))).toBe('/bin/true');
    expect(browserBinary(wrapper('exec-path', '#!/bin/sh\nexec /bin/true "$@"\n'))).toBe('/bin/true');
    // A script that does more, or runs something that is not there, is started as it is; so is a binary.
    const more = wrapper('more', '#!/bin/sh\nexport A=1\n/bin/true "$@"\n');
    expect(browserBinary(more)).toBe(more);
    const missing = wrapper('missing', '#!/bin/sh\n/bestaat/niet "$@"\n');
    expect(browserBinary(missing)).toBe(missing);
    expect(browserBinary('/bin/true')).toBe('/bin/true');
  });

  it('is looked for in the same order by the program and by the install (.puppeteerrc.cjs), the headless shell first', () => {
    const rc = readFileSync(path.join(root, '.puppeteerrc.cjs'), 'utf8');
    expect([...rc.matchAll(/^\s*'(\/[^']+)',$/gm)].map((m) => m[1])).toEqual(SYSTEM_BROWSERS);
    expect(SYSTEM_BROWSERS[0]).toBe('/usr/bin/chromium-headless-shell');
    const config = createRequire(import.meta.url)('../.puppeteerrc.cjs') as { executablePath?: string };
    expect(config.executablePath).toBe(systemBrowser());
  });

  it('is started early only for commands that make a PDF', () => {
    expect(makesPdf(['build', 'a.yaml'])).toBe(true);
    expect(makesPdf(['build', 'a.yaml', '--format', 'md,pdf'])).toBe(true);
    // The last --format counts, as in commander.
    expect(makesPdf(['build', 'a.yaml', '--format', 'pdf', '--format', 'md'])).toBe(false);
    expect(makesPdf(['build', 'a.yaml', '--format=md'])).toBe(false);
    expect(makesPdf(['build', '--help'])).toBe(false);
    expect(makesPdf(['init'])).toBe(false);
    expect(makesPdf(['init', '--yes'])).toBe(true);
    expect(makesPdf(['init', '--yes', '--no-pdf'])).toBe(false);
    expect(makesPdf(['check', 'a.yaml'])).toBe(false);
  });

  it('reaches no network with its launch flags alone, loopback and host names included (a real listener on 127.0.0.1)', async () => {
    const executable = systemBrowser();
    if (!executable) return;
    const { launch } = await import('puppeteer-core');
    const dir = tempDir();
    /** Opens the listener's page in a browser started with these flags and no request interception; the page's text or the error. */
    const open = async (flags: string[], host: string) => {
      const browser = await launch({ executablePath: browserBinary(executable), args: flags, pipe: true, userDataDir: mkdtempSync(path.join(dir, 'profile-')), env: { ...process.env, TMPDIR: dir } });
      try {
        const page = await browser.newPage();
        return await page
          .goto(`http://${host}:${port}/direct`, { timeout: 20_000 })
          .then(async () => page.evaluate(() => document.body.textContent ?? ''))
          .catch((error: Error) => error.message);
      } finally {
        await browser.close();
      }
    };
    // Without the network flags the listener is reached: the test can see a request.
    const before = requests.length;
    expect(await open(LAUNCH_ARGS.filter((flag) => !/proxy|host-resolver/.test(flag)), '127.0.0.1')).toBe('hallo');
    expect(requests.slice(before)).toContain('/direct');
    // With them, nothing arrives, by address or by name.
    const after = requests.length;
    expect(await open(LAUNCH_ARGS, '127.0.0.1')).toMatch(/net::ERR_/);
    expect(await open(LAUNCH_ARGS, 'localhost')).toMatch(/net::ERR_/);
    expect(requests.slice(after)).toEqual([]);
  }, 120_000);

  it('prints a document that tries every way out, and no request arrives', async () => {
    const base = `http://127.0.0.1:${port}`;
    const html = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>t</title>
<link rel="prefetch" href="${base}/prefetch"><link rel="prefetch" as="document" href="${base}/prefetch-doc">
<link rel="preconnect" href="${base}"><link rel="dns-prefetch" href="//localhost:${port}"><link rel="prerender" href="${base}/prerender">
<link rel="stylesheet" href="${base}/style.css"><meta http-equiv="refresh" content="0;url=${base}/refresh"></head>
<body><noscript><link rel="prefetch" href="${base}/noscript"></noscript><p>Tekst</p><img src="${base}/img.png">
<iframe src="${base}/iframe"></iframe><object data="${base}/object"></object><embed src="${base}/embed">
<img src="http://localhost:${port}/by-name.png"><a href="${base}/link">link</a></body></html>`;
    const before = requests.length;
    const renderer = await PdfRenderer.launch();
    try {
      const pdf = await renderer.render(html, { title: 't', author: 'a', footer: 'f', date: '2026-11-22' });
      expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await renderer.close();
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(requests.slice(before)).toEqual([]);
  }, 60_000);
});

describe('the print thread', () => {
  /** Chromium processes of this test process: their profile folder names its process id. */
  const ours = () => chromiumWith(`schoolprotocol-chromium-${process.pid}-`);

  it('prints on a thread of its own, byte for byte as on this thread; its errors arrive as they are; its browser ends with it', async () => {
    const { BrowserRenderer, findBrowser } = await import('../src/render/pdf.js');
    const html = '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>t</title></head><body><h1 id="a">Kop</h1><p><a href="#a">naar <span data-page-of="a"></span></a></p></body></html>';
    const options = { title: 'Titel', author: 'School', footer: 'Voet', date: '2026-11-22' };
    const threaded = await PdfRenderer.launch();
    // The thread was used: the compiled print thread exists (npm test builds first).
    expect((threaded as unknown as { thread?: unknown }).thread).toBeDefined();
    let fromThread: Uint8Array;
    try {
      expect(ours()).toBeGreaterThan(0);
      fromThread = await threaded.render(html, options);
      expect(threaded.prints).toBe(2);
      // A time-out on the thread is the Dutch message; the thread prints on after it.
      await expect(threaded.render(html, { ...options, timeoutMs: 1 })).rejects.toThrow(/de browser had na 0,001 seconden de PDF nog niet klaar/);
      expect(Buffer.from(await threaded.render(html, options)).equals(Buffer.from(fromThread))).toBe(true);
    } finally {
      await threaded.close();
    }
    expect(ours()).toBe(0);
    const local = await BrowserRenderer.connect(await findBrowser(), 60_000);
    try {
      expect(Buffer.from(await local.render(html, options)).equals(Buffer.from(fromThread))).toBe(true);
    } finally {
      await local.close();
    }
    expect(ours()).toBe(0);
  }, 60_000);
});

describe('the headless shell and the full Chromium', () => {
  const builds = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'];
  it.runIf(builds.every((file) => existsSync(file)))('print the same bytes (CI installs both)', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'protocol.yaml'), answers);
    const pdfs = builds.map((executable, i) => {
      const result = run(['build', 'protocol.yaml', '--out', `uit-${i}`, '--format', 'pdf', '--zonder', 'leerlingversie,ouderbrief,toestemmingsformulier'], { cwd: dir, env: { PUPPETEER_EXECUTABLE_PATH: executable } });
      expect(result.status, result.stderr).toBe(0);
      return readFileSync(path.join(dir, `uit-${i}/basisschool-de-regenboog/protocol.pdf`));
    });
    expect(pdfs[0]?.length).toBeGreaterThan(100_000);
    expect(pdfs[0]?.equals(pdfs[1] ?? Buffer.alloc(0))).toBe(true);
  }, 120_000);
});

describe('no Chromium outlives a command', () => {
  it('after a build, after an input error (the browser was started early), and nothing stays in the temporary folder', () => {
    const dir = tempDir();
    const tmp = path.join(dir, 'tmp');
    mkdirSync(tmp);
    writeFileSync(path.join(dir, 'protocol.yaml'), answers);
    const ok = run(['build', 'protocol.yaml', '--zonder', 'leerlingversie,ouderbrief,toestemmingsformulier'], { cwd: dir, env: { TMPDIR: tmp } });
    expect(ok.status, ok.stderr).toBe(0);
    expect(chromiumWith(tmp)).toBe(0);
    expect(profiles(tmp)).toEqual([]);
    const bad = run(['build', 'bestaat-niet.yaml'], { cwd: dir, env: { TMPDIR: tmp } });
    expect(bad.status).toBe(2);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(chromiumWith(tmp)).toBe(0);
    expect(profiles(tmp)).toEqual([]);
  }, 120_000);

  it.each(['SIGTERM', 'SIGINT'] as const)('after %s while the print thread prints: its browser is killed at once, its profile removed', async (signal) => {
    const dir = tempDir();
    const tmp = path.join(dir, 'tmp');
    mkdirSync(tmp);
    writeFileSync(path.join(dir, 'protocol.yaml'), answers);
    const child = spawn(process.execPath, [bin, 'build', 'protocol.yaml'], { cwd: dir, env: { ...process.env, TMPDIR: tmp }, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (status) => resolve(status)));
    expect(await until(() => chromiumWith(tmp) > 2, 30_000)).toBe(true);
    child.kill(signal);
    expect(await exited).toBe(signal === 'SIGTERM' ? 143 : 130);
    // Killed by Node's own exit handler, not left to notice the closed pipe.
    expect(await until(() => chromiumWith(tmp) === 0, 2_000)).toBe(true);
    expect(profiles(tmp)).toEqual([]);
  }, 60_000);

  it('after SIGKILL of Node: the pipe closes and Chromium ends itself; the next run removes the stale profile', async () => {
    const dir = tempDir();
    const tmp = path.join(dir, 'tmp');
    mkdirSync(tmp);
    writeFileSync(path.join(dir, 'protocol.yaml'), answers);
    const child = spawn(process.execPath, [bin, 'build', 'protocol.yaml'], { cwd: dir, env: { ...process.env, TMPDIR: tmp }, stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    expect(await until(() => chromiumWith(tmp) > 0, 30_000)).toBe(true);
    const counted = chromiumWith(tmp);
    expect(counted).toBeGreaterThan(0);
    child.kill('SIGKILL');
    await exited;
    expect(await until(() => chromiumWith(tmp) === 0, 15_000)).toBe(true);
    expect(profiles(tmp).length).toBe(1);
    const again = run(['build', 'protocol.yaml', '--zonder', 'leerlingversie,ouderbrief,toestemmingsformulier'], { cwd: dir, env: { TMPDIR: tmp } });
    expect(again.status, again.stderr).toBe(0);
    expect(profiles(tmp)).toEqual([]);
    expect(chromiumWith(tmp)).toBe(0);
  }, 120_000);
});

describe('bad browser settings are Dutch errors', () => {
  it('PUPPETEER_EXECUTABLE_PATH that is not a browser', () => {
    const dir = tempDir();
    const tmp = path.join(dir, 'tmp');
    mkdirSync(tmp);
    writeFileSync(path.join(dir, 'protocol.yaml'), answers);
    const script = path.join(dir, 'nep-chrome');
    writeFileSync(script, '#!/bin/sh\necho "ik ben geen browser" >&2\nexit 3\n');
    chmodSync(script, 0o755);
    const text = path.join(dir, 'tekst.txt');
    writeFileSync(text, 'geen programma\n');
    for (const [executable, message] of [
      ['/bin/true', /PUPPETEER_EXECUTABLE_PATH wijst naar \/bin\/true, maar dat lijkt geen Chrome of Chromium: het programma stopte meteen\./],
      [script, /PUPPETEER_EXECUTABLE_PATH wijst naar .*nep-chrome, maar dat lijkt geen Chrome of Chromium: het programma stopte meteen\.\nDe browser meldde:\nik ben geen browser/],
      [text, /PUPPETEER_EXECUTABLE_PATH wijst naar .*tekst\.txt, maar dat bestand is niet uitvoerbaar\./],
      [dir, /PUPPETEER_EXECUTABLE_PATH wijst naar .*, maar dat is geen bestand\./],
    ] as const) {
      const result = run(['build', 'protocol.yaml', '--zonder', 'leerlingversie,ouderbrief,toestemmingsformulier'], { cwd: dir, env: { PUPPETEER_EXECUTABLE_PATH: executable, TMPDIR: tmp } });
      expect(result.status, executable).toBe(1);
      expect(result.stderr, executable).toMatch(message);
      expect(result.stderr).toMatch(/Geen Chrome of Chromium gevonden om de PDF te maken/);
      // The message of the print thread arrives as the Dutch message it is, not as an unexpected error.
      expect(result.stderr).not.toMatch(/onverwachts/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect(profiles(tmp)).toEqual([]);
  }, 120_000);

  it('SCHOOLPROTOCOL_PDF_TIMEOUT that is not a whole number of seconds from 1 to 3600 is a usage error', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'protocol.yaml'), answers);
    for (const value of ['0', '-5', '1.5', '1e3', 'abc', ' 60', '3601', '0x10', '99999999999']) {
      const result = run(['build', 'protocol.yaml'], { cwd: dir, env: { SCHOOLPROTOCOL_PDF_TIMEOUT: value } });
      expect(result.status, value).toBe(2);
      expect(result.stderr, value).toContain(`SCHOOLPROTOCOL_PDF_TIMEOUT staat op "${value}", maar dat is geen geldig aantal seconden. Geef een heel getal van 1 tot en met 3600`);
      expect(existsSync(path.join(dir, 'out')), value).toBe(false);
    }
    // Markdown only needs no browser, so the setting does not matter there.
    expect(run(['build', 'protocol.yaml', '--format', 'md'], { cwd: dir, env: { SCHOOLPROTOCOL_PDF_TIMEOUT: 'abc' } }).status).toBe(0);
  }, 120_000);
});
