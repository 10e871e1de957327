/**
 * The real PDF, printed by Chromium from the render fixture, checked the way a reader would:
 * its text per page (pdftotext), its metadata (pdfinfo), its fonts (pdffonts), its outline and
 * links (pdf-lib). The contents' page numbers are compared with the pages the headings land on.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, type PDFRef } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeAnswers } from '../src/answers/load.js';
import { type Values } from '../src/answers/schema.js';
import { assemble, type Protocol } from '../src/assemble/assemble.js';
import { footerText } from '../src/build/outputs.js';
import { renderHtml } from '../src/render/html.js';
import { BrowserRenderer, COLLECT_EVERY, connector, findBrowser } from '../src/render/pdf.js';
import { PdfRenderer } from '../src/render/printer.js';
import { gmrVastgesteld, renderLibrary, school } from './fixtures/render/fixture.js';
import { root, tempDir } from './helpers/fixtures.js';
import { run } from './helpers/run.js';

const library = renderLibrary();

function tool(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
  return result.stdout;
}

/** The text of one page, laid out as on paper; lines trimmed, whitespace runs made single. */
const pageLines = (file: string, page: number) =>
  tool('pdftotext', ['-layout', '-f', String(page), '-l', String(page), file, '-'])
    .split('\n')
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter(Boolean);

function pdfinfo(file: string): Record<string, string> {
  return Object.fromEntries(
    tool('pdfinfo', ['-isodates', file])
      .split('\n')
      .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1] ?? '', m[2] ?? '']),
  );
}

interface Built {
  file: string;
  bytes: Uint8Array;
  protocol: Protocol;
  html: string;
  info: Record<string, string>;
  pages: string[][];
}

interface TocEntry {
  /** "1", "1.1" or "" (Vaststelling, Bijlage). */
  number: string;
  title: string;
  page: number;
}

/** The entries of the table of contents: every line that ends in a page number, from page 2 up to the first chapter. */
function tocEntries(pages: string[][]): { entries: TocEntry[]; lastTocPage: number } {
  const entries: TocEntry[] = [];
  let page = 2;
  for (; page <= pages.length; page++) {
    if (entries.length > 0 && page >= (entries[0]?.page ?? 0)) break;
    for (const line of pages[page - 1] ?? []) {
      if (/^pagina \d+ van \d+$/.test(line) || / · Protocol sociale media · /.test(line)) continue;
      const m = /^(?:(\d+(?:\.\d+)?) )?(.+?) (\d+)$/.exec(line);
      if (m) entries.push({ number: m[1] ?? '', title: m[2] ?? '', page: Number(m[3]) });
    }
  }
  return { entries, lastTocPage: page - 1 };
}

const headingOf = (entry: TocEntry) => (entry.number ? `${entry.number} ${entry.title}` : entry.title);

let renderer: PdfRenderer | undefined;
const built = new Map<string, Built>();
const dir = tempDir('sp-pdf-');

async function build(name: string, values: Values): Promise<Built> {
  const protocol = assemble(completeAnswers(library, values), library);
  const html = renderHtml(protocol, library);
  if (!renderer) throw new Error('no browser');
  const bytes = await renderer.render(html, {
    title: `Protocol sociale media – ${protocol.school.naam}`,
    author: protocol.school.naam,
    footer: footerText(protocol),
    date: protocol.document.datum,
  });
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  const info = pdfinfo(file);
  const pages = Array.from({ length: Number(info.Pages) }, (_, i) => pageLines(file, i + 1));
  return { file, bytes, protocol, html, info, pages };
}

const doc = (name: string) => {
  const found = built.get(name);
  if (!found) throw new Error(`${name} not built`);
  return found;
};

beforeAll(async () => {
  renderer = await PdfRenderer.launch();
  built.set('concept', await build('concept', { ...school, schoolaccount: 'open', platforms: ['instagram', 'facebook'] }));
  built.set('gmr', await build('gmr', gmrVastgesteld));
}, 120_000);

afterAll(async () => {
  await renderer?.close();
});

describe('the PDF (real Chromium, render fixture)', () => {
  it('has the metadata: title, author = school, language nl, tagged, A4, dates from the document date', async () => {
    const { info, bytes, pages } = doc('concept');
    expect(info.Title).toBe('Protocol sociale media – Basisschool De Regenboog');
    expect(info.Author).toBe('Basisschool De Regenboog');
    expect(info.Creator).toBe('schoolprotocol');
    expect(info.Tagged).toBe('yes');
    expect(info['Page size']).toMatch(/^594\.96 x 841\.92 pts \(A4\)/);
    expect(info.CreationDate).toBe('2026-11-22T00:00:00Z');
    expect(info.ModDate).toBe('2026-11-22T00:00:00Z');
    expect(Number(info.Pages)).toBe(pages.length);
    // 15 since long articles may break across pages (the approval page's signatures, with a column
    // for the personeelsgeleding, follow on a page of their own).
    expect(pages.length).toBe(15);
    expect(doc('gmr').info.CreationDate).toBe('2026-12-15T00:00:00Z');

    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(pdf.catalog.lookup(PDFName.of('Lang'), PDFString, PDFHexString).decodeText()).toBe('nl');
    expect(pdf.catalog.get(PDFName.of('PageMode'))).toBe(PDFName.of('UseOutlines'));
  });

  it('embeds the Liberation fonts', () => {
    const fonts = tool('pdffonts', [doc('concept').file]);
    expect(fonts).toMatch(/LiberationSans-Bold\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    expect(fonts).toMatch(/LiberationSans\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  });

  it('has a cover with title, school, board, place, version, date and status, and no footer', () => {
    const cover = doc('concept').pages[0]?.join('\n') ?? '';
    for (const text of [
      'Protocol sociale media',
      'Concept ter instemming van de MR',
      'School Basisschool De Regenboog',
      'Bestuur Stichting Primair Onderwijs Voorbeeld',
      'Plaats Utrecht',
      'Versie 1.0',
      'Datum 22 november 2026',
    ]) {
      expect(cover).toContain(text);
    }
    expect(cover).not.toMatch(/pagina|versie 1\.0/);
    expect(doc('gmr').pages[0]?.join('\n')).toContain('Vastgesteld na instemming van de GMR');
  });

  it('has a running footer with school, version (concept while it is one) and "pagina X van Y" on every page after the cover', () => {
    for (const [name, status] of [
      ['concept', ' (concept)'],
      ['gmr', ''],
    ] as const) {
      const { pages, protocol } = doc(name);
      expect(protocol.document.status).toBe(status ? 'concept' : 'vastgesteld');
      pages.slice(1).forEach((lines, i) => {
        expect(lines.at(-1)).toBe(`${protocol.school.naam} · Protocol sociale media · versie ${protocol.document.versie}${status} pagina ${i + 2} van ${pages.length}`);
      });
    }
  });

  it('has a table of contents whose page numbers are the pages where the headings are', () => {
    for (const name of ['concept', 'gmr']) {
      const { pages, protocol } = doc(name);
      expect(pages[1]?.[0]).toBe('Inhoud');
      const { entries, lastTocPage } = tocEntries(pages);
      const articles = protocol.chapters.flatMap((c) => c.articles);
      expect(entries.map(headingOf)).toEqual([
        ...protocol.chapters.flatMap((c) => [`${c.number} ${c.title}`, ...c.articles.map((a) => `${a.number} ${a.title}`)]),
        'Vaststelling',
        'Bijlage: Verantwoording',
      ]);
      expect(entries).toHaveLength(protocol.chapters.length + articles.length + 2);
      for (const entry of entries) {
        const where = pages.flatMap((lines, i) => (i + 1 > lastTocPage && lines.includes(headingOf(entry)) ? [i + 1] : []));
        expect(where, headingOf(entry)).toEqual([entry.page]);
      }
      // The numbers are not all the same: the document really spans pages.
      expect(new Set(entries.map((e) => e.page)).size).toBeGreaterThan(8);
    }
  });

  it('makes the contents clickable and the headings bookmarks', async () => {
    const { bytes, protocol } = doc('concept');
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    const pageRefs = pdf.getPages().map((p) => p.ref.toString());
    const dests = pdf.catalog.lookup(PDFName.of('Dests'), PDFDict);
    // Every link on the contents page goes to a named destination on the page its number says.
    const { entries } = tocEntries(doc('concept').pages);
    const links = (pdf.getPage(1).node.Annots()?.asArray() ?? []).map((ref) => pdf.context.lookup(ref, PDFDict));
    expect(links).toHaveLength(entries.length);
    links.forEach((link, i) => {
      const name = link.get(PDFName.of('Dest'));
      expect(name).toBeInstanceOf(PDFName);
      const target = dests.lookup(name as PDFName, PDFArray).get(0) as PDFRef;
      expect(pageRefs.indexOf(target.toString()) + 1).toBe(entries[i]?.page);
    });
    // Bookmarks: the document title, and below it the contents, chapters (with their articles), approval and appendix.
    const titles: string[] = [];
    const walk = (ref: unknown, depth: number) => {
      for (let item = ref ? pdf.context.lookup(ref as PDFRef, PDFDict) : undefined; item; ) {
        titles.push(`${'  '.repeat(depth)}${item.lookup(PDFName.of('Title'), PDFString, PDFHexString).decodeText()}`);
        walk(item.get(PDFName.of('First')), depth + 1);
        const next = item.get(PDFName.of('Next'));
        item = next ? pdf.context.lookup(next as PDFRef, PDFDict) : undefined;
      }
    };
    walk(pdf.catalog.lookup(PDFName.of('Outlines'), PDFDict).get(PDFName.of('First')), 0);
    expect(titles.slice(0, 5)).toEqual(['Protocol sociale media', '  Inhoud', '  1 De school op sociale media', '    1.1 Account van de school', '    1.2 Ongepaste reacties']);
    expect(titles.filter((t) => /^ {2}\S/.test(t))).toEqual([
      '  Inhoud',
      ...protocol.chapters.map((c) => `  ${c.number} ${c.title}`),
      '  Vaststelling',
      '  Bijlage: Verantwoording',
    ]);
  });

  it('never leaves a heading alone at the bottom of a page; an article that breaks keeps at least two lines on each page', () => {
    for (const name of ['concept', 'gmr']) {
      const { pages, protocol } = doc(name);
      const { entries, lastTocPage } = tocEntries(pages);
      const headings = new Set([...entries.map(headingOf), 'Ondertekening', 'Gemaakte keuzes', 'Bronnen per artikel', 'Gebruikte protocollen']);
      pages.forEach((lines, i) => {
        if (i + 1 <= lastTocPage) return;
        const body = lines.slice(0, -1);
        expect(headings.has(body.at(-1) ?? ''), `page ${i + 1} ends with a heading: ${body.at(-1)}`).toBe(false);
      });
      const pageOf = (line: string) => pages.findIndex((lines, i) => i + 1 > lastTocPage && lines.includes(line));
      const endOf = (text: string) => pages.findIndex((lines, i) => i + 1 > lastTocPage && lines.join(' ').includes(text));
      let broken = 0;
      for (const article of protocol.chapters.flatMap((c) => c.articles)) {
        const end = `Dit is het einde van het artikel ‘${article.title}’.`;
        if (!article.text.includes(end)) continue;
        const heading = `${article.number} ${article.title}`;
        const start = pageOf(heading);
        const last = endOf(end);
        expect(last, article.number).toBeGreaterThanOrEqual(start);
        if (last === start) continue;
        broken++;
        // The heading keeps its first lines; the next page does not start with a single last line.
        const first = pages[start] ?? [];
        const after = first.slice(first.indexOf(heading) + 1, -1);
        expect(after.length, `${article.number}: lines after the heading on its page`).toBeGreaterThanOrEqual(2);
        const next = (pages[start + 1] ?? []).slice(0, -1);
        const stop = next.findIndex((line) => headings.has(line) || /^\d+\.\d+ /.test(line));
        expect((stop === -1 ? next : next.slice(0, stop)).length, `${article.number}: lines on the next page`).toBeGreaterThanOrEqual(2);
      }
      expect(broken, 'an article breaks across pages, so pages are not left half empty').toBeGreaterThan(0);
    }
  });

  it('has an approval page: consent asked on the basis of the WMS, dates, names and signature lines', () => {
    const approval = (name: string) => {
      const { pages } = doc(name);
      const { entries } = tocEntries(pages);
      const page = entries.find((e) => e.title === 'Vaststelling')?.page ?? 0;
      // The signatures may follow on the next page, under their own heading.
      return [...(pages[page - 1] ?? []), ...(pages[page] ?? [])].join('\n');
    };
    const concept = approval('concept');
    expect(concept).toContain('Vaststelling');
    expect(concept.replace(/\n/g, ' ')).toContain('ter instemming voor aan de medezeggenschapsraad (MR).');
    expect(concept.replace(/\n/g, ' ')).toContain('artikel 10 van de Wet medezeggenschap op scholen (WMS), onder c');
    expect(concept.replace(/\n/g, ' ')).toMatch(/Ondertekening Namens het bevoegd (gezag )?Namens de/);
    expect(concept).toContain('personeelsgeleding');
    expect(concept).toContain('Besluit van de MR');
    // Three columns: the bevoegd gezag, the MR and its personeelsgeleding.
    expect(concept).toMatch(/^Functie directeur voorzitter MR( personeelsgeleding)?$/m);
    expect(concept).toMatch(/^Mandaat – –$/m);
    expect(concept).toMatch(/^Handtekening$/m);
    expect(concept).toContain('Evaluatie twee jaar na vaststelling');
    const gmr = approval('gmr');
    expect(gmr).toContain('Besproken met de GMR op 6 oktober 2026');
    expect(gmr).toContain('Instemming van de GMR op 24 november 2026');
    expect(gmr).toContain('Vastgesteld door het bevoegd gezag op 15 december 2026');
    // Three columns: a long name wraps in its column.
    expect(gmr.replace(/\s+/g, ' ')).toMatch(/drs\. A\.B\. de (Vries-Öztürk|Vries- .*Öztürk)/);
    expect(gmr).toMatch(/^Naam .*C\. Janssen$/m);
    expect(gmr).toMatch(/^Datum 15 december 2026 24 november 2026 24 november 2026$/m);
  });

  it('prints Dutch characters as they are', () => {
    const text = doc('concept').pages.flat().join('\n');
    for (const word of ['één', 'Privégebruik', 'Café, reünie, geëvalueerd, coördinator, privé', '(werkdagen 08:00–', '‘Evaluatie’']) expect(text).toContain(word);
  });

  it('passes qpdf --check and opens with the bookmarks shown', () => {
    for (const name of ['concept', 'gmr']) {
      const check = spawnSync('qpdf', ['--check', doc(name).file], { encoding: 'utf8' });
      expect(check.status, check.stdout + check.stderr).toBe(0);
      expect(check.stdout).toContain('No syntax or stream encoding errors found');
      expect(check.stderr).toBe('');
    }
  });

  it('reuses the contents\' page numbers of the PDF already there: one print, the same bytes as a cold build; a wrong guess costs prints, not bytes', async () => {
    if (!renderer) throw new Error('no browser');
    const { html, protocol, bytes } = doc('concept');
    const options = { title: `Protocol sociale media – ${protocol.school.naam}`, author: protocol.school.naam, footer: footerText(protocol), date: protocol.document.datum };
    const cold = renderer.prints;
    const again = await renderer.render(html, options);
    expect(renderer.prints - cold).toBe(2);
    const hit = renderer.prints;
    const rebuilt = await renderer.render(html, options, bytes);
    expect(renderer.prints - hit).toBe(1);
    expect(Buffer.from(rebuilt).equals(Buffer.from(bytes))).toBe(true);
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
    // A longer first article moves the headings after it: the old numbers are wrong, the document
    // is printed again the cold way, and the bytes are those of a cold build.
    const at = html.lastIndexOf('<', html.indexOf('id="artikel-1.2"'));
    const longer = `${html.slice(0, at)}${'<p>Een extra alinea die de rest van het document naar achteren schuift.</p>'.repeat(60)}${html.slice(at)}`;
    const coldLonger = await renderer.render(longer, options);
    const miss = renderer.prints;
    const fromWrong = await renderer.render(longer, options, bytes);
    expect(renderer.prints - miss).toBe(3);
    expect(Buffer.from(fromWrong).equals(Buffer.from(coldLonger))).toBe(true);
    expect(Buffer.from(fromWrong).equals(Buffer.from(bytes))).toBe(false);
    // A broken earlier file is no hint at all.
    const broken = await renderer.render(html, options, Buffer.from(bytes).subarray(0, 1000));
    expect(Buffer.from(broken).equals(Buffer.from(bytes))).toBe(true);
  }, 120_000);

  it('is byte-identical when the same document is printed again', async () => {
    const again = await build('concept-again', { ...school, schoolaccount: 'open', platforms: ['instagram', 'facebook'] });
    expect(Buffer.from(again.bytes).equals(Buffer.from(doc('concept').bytes))).toBe(true);
  });

  it('keeps the renderer small over many documents: every few prints it collects its garbage, and the bytes stay the same', async () => {
    const { html, protocol, bytes } = doc('concept');
    const options = { title: `Protocol sociale media – ${protocol.school.naam}`, author: protocol.school.naam, footer: footerText(protocol), date: protocol.document.datum };
    const own = await BrowserRenderer.connect(await findBrowser(), 60_000);
    try {
      expect(Buffer.from(await own.render(html, options)).equals(Buffer.from(bytes))).toBe(true);
      const one = await own.domNodes();
      expect(one).toBeGreaterThan(1000);
      // Without a collection the renderer keeps every document's nodes: COLLECT_EVERY + 1 documents would hold that many times as many.
      for (let i = 2; i <= COLLECT_EVERY + 1; i++) expect(Buffer.from(await own.render(html, options)).equals(Buffer.from(bytes))).toBe(true);
      expect(await own.domNodes()).toBeLessThanOrEqual(2.5 * one);
    } finally {
      await own.close();
    }
  }, 120_000);

  it('connects through puppeteer-core\'s own connector, without loading its launcher and download code', async () => {
    // Should a puppeteer upgrade move the module, printing still works (through the main module), but every command that makes a PDF loads twice as much: this test says so.
    const { _connectToBrowser } = await import('puppeteer-core/internal/common/BrowserConnector.js');
    expect(typeof _connectToBrowser).toBe('function');
    expect(await connector()).toBe(_connectToBrowser);
  });
});

describe.skipIf(!existsSync(path.join(root, 'clauses/chapters.yaml')))('two builds through the bin (real clause library)', () => {
  it('write byte-identical Markdown, HTML and PDF', () => {
    const work = tempDir();
    writeFileSync(
      path.join(work, 'protocol.yaml'),
      'school:\n  naam: Basisschool De Regenboog\n  plaats: Utrecht\ndocument:\n  versie: "1.0"\n  datum: 2026-11-22\n',
    );
    for (const out of ['een', 'twee']) {
      const result = run(['build', 'protocol.yaml', '--out', out], { cwd: work });
      expect(result.status).toBe(0);
    }
    for (const file of ['protocol.md', 'protocol.html', 'protocol.pdf']) {
      const [a, b] = ['een', 'twee'].map((out) => readFileSync(path.join(work, out, 'basisschool-de-regenboog', file)));
      expect(a?.equals(b ?? Buffer.alloc(0)), file).toBe(true);
    }
    const info = pdfinfo(path.join(work, 'een/basisschool-de-regenboog/protocol.pdf'));
    expect(info.CreationDate).toBe('2026-11-22T00:00:00Z');
    expect(Number(info.Pages)).toBeGreaterThan(10);
  }, 120_000);

  it('keep a PDF that is still the one the answers give, print it again with --force, after a change, or when it was damaged', () => {
    const work = tempDir();
    const answers = (versie: string) => `school:\n  naam: Basisschool De Regenboog\n  plaats: Utrecht\ndocument:\n  versie: "${versie}"\n  datum: 2026-11-22\n`;
    writeFileSync(path.join(work, 'protocol.yaml'), answers('1.0'));
    const zonder = ['--zonder', 'leerlingversie,ouderbrief,toestemmingsformulier'];
    expect(run(['build', 'protocol.yaml', ...zonder], { cwd: work }).status).toBe(0);
    const file = path.join(work, 'out/basisschool-de-regenboog/protocol.pdf');
    const printed = readFileSync(file);
    // No browser at all: a rebuild that needs no print still succeeds, with the same bytes.
    const noBrowser = { PUPPETEER_EXECUTABLE_PATH: '/bin/true' };
    const kept = run(['build', 'protocol.yaml', ...zonder], { cwd: work, env: noBrowser });
    expect(kept.status, kept.stderr).toBe(0);
    expect(readFileSync(file).equals(printed)).toBe(true);
    // --force prints, so it needs the browser.
    const forced = run(['build', 'protocol.yaml', ...zonder, '--force'], { cwd: work, env: noBrowser });
    expect(forced.status).toBe(1);
    expect(forced.stderr).toMatch(/PUPPETEER_EXECUTABLE_PATH wijst naar \/bin\/true, maar dat lijkt geen Chrome of Chromium/);
    expect(forced.stderr).toMatch(/Nog van een eerdere keer \(verouderd\): out\/basisschool-de-regenboog\/protocol\.pdf/);
    // A damaged PDF (same length, other bytes) is printed again, not kept.
    const damaged = Buffer.from(printed);
    damaged.fill(0x20, 2000, 2400);
    writeFileSync(file, damaged);
    expect(run(['build', 'protocol.yaml', ...zonder], { cwd: work, env: noBrowser }).status).toBe(1);
    expect(run(['build', 'protocol.yaml', ...zonder], { cwd: work }).status).toBe(0);
    expect(readFileSync(file).equals(printed)).toBe(true);
    // Other answers, another PDF: printed.
    writeFileSync(path.join(work, 'protocol.yaml'), answers('1.1'));
    expect(run(['build', 'protocol.yaml', ...zonder], { cwd: work, env: noBrowser }).status).toBe(1);
    const again = run(['build', 'protocol.yaml', ...zonder], { cwd: work });
    expect(again.status, again.stderr).toBe(0);
    expect(readFileSync(file).equals(printed)).toBe(false);
  }, 120_000);
});

describe.skipIf(!existsSync(path.join(root, 'clauses/chapters.yaml')))('the layout-only first print (real clause library)', () => {
  it('finds the pages of the tagged print for every preset: a cold build prints twice, and the contents name the pages the headings land on', async () => {
    const { loadLibrary } = await import('../src/library/load.js');
    const real = loadLibrary();
    const renderer = await PdfRenderer.launch();
    try {
      for (const preset of real.presets) {
        const protocol = assemble(completeAnswers(real, { naam: `Basisschool ${preset.name}`, plaats: 'Utrecht', datum: '2026-11-22', ...preset.keuzes }), real);
        const html = renderHtml(protocol, real);
        const before = renderer.prints;
        const bytes = await renderer.render(html, { title: 'Protocol', author: protocol.school.naam, footer: footerText(protocol), date: '2026-11-22' });
        expect(renderer.prints - before, preset.id).toBe(2);
        const file = path.join(tempDir(), `${preset.id}.pdf`);
        writeFileSync(file, bytes);
        // Every article's heading is on the page the contents give it.
        const toc = [...html.matchAll(/<a href="#(artikel-[^"]+)">/g)].map((m) => m[1] ?? '');
        expect(toc.length, preset.id).toBeGreaterThan(50);
        const pdf = await PDFDocument.load(bytes);
        const pageOf = new Map(pdf.getPages().map((p, i) => [p.ref.toString(), i + 1]));
        const dests = pdf.catalog.lookup(PDFName.of('Dests'), PDFDict);
        const text = tool('pdftotext', ['-layout', '-f', '2', '-l', String((pageOf.get((dests.lookup(PDFName.of(toc[0] ?? ''), PDFArray).get(0) as PDFRef).toString()) ?? 2) - 1), file, '-']);
        for (const id of toc) {
          const dest = dests.lookup(PDFName.of(id), PDFArray);
          const page = pageOf.get((dest.get(0) as PDFRef).toString());
          const number = id.replace('artikel-', '');
          // The contents line of the article ends in its page number.
          expect(text, `${preset.id} ${id}`).toMatch(new RegExp(`^\\s*${number.replace('.', '\\.')}\\s.*\\s${page}\\s*$`, 'm'));
        }
      }
    } finally {
      await renderer.close();
    }
  }, 180_000);
});
