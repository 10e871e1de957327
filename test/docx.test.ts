/**
 * Word documents, opened with real readers: the .docx parts unzipped and parsed as XML
 * (fast-xml-parser), and every file converted by LibreOffice (soffice --headless, one call for many
 * files, with a profile folder of this run) to PDF, whose text pdftotext reads, and the redline
 * also to flat ODT, in which LibreOffice lists the tracked changes it found. The six presets are
 * built as .docx in one batch; rebuilds are byte-identical and `check` compares them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { serializeAnswers } from '../src/answers/write.js';
import { completeAnswers } from '../src/answers/load.js';
import type { Values } from '../src/answers/schema.js';
import { assemble } from '../src/assemble/assemble.js';
import { assembleCompanions } from '../src/companions/index.js';
import { loadLibrary } from '../src/library/load.js';
import { loadVersion } from '../src/build/versions.js';
import { compareVersions, type Comparison } from '../src/redline/compare.js';
import { tempDir } from './helpers/fixtures.js';
import { runMain } from './helpers/main.js';
import { pdfText } from './helpers/run.js';

const library = loadLibrary();
const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;

/** Converts files with one LibreOffice call into `format` (pdf, fodt), beside a private profile. */
function convert(files: string[], format: string, outDir: string): void {
  const profile = tempDir('sp-lo-profile-');
  const result = spawnSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', format, '--outdir', outDir, ...files], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (result.status !== 0) throw new Error(`soffice failed: ${result.stderr}`);
  for (const file of files) {
    const converted = path.join(outDir, `${path.basename(file, '.docx')}.${format}`);
    if (!existsSync(converted)) throw new Error(`soffice made no ${converted}: ${result.stdout} ${result.stderr}`);
  }
}

/** The parts of a .docx, as text. */
function parts(file: string): Map<string, string> {
  const files = unzipSync(new Uint8Array(readFileSync(file)));
  return new Map(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', preserveOrder: true, trimValues: false });
type Node = Record<string, unknown>;

/** Every element with this name, depth first, with its parent's name. */
function elements(xml: string, name: string): { node: Node[]; attributes: Record<string, string>; parent: string }[] {
  const found: { node: Node[]; attributes: Record<string, string>; parent: string }[] = [];
  const walk = (nodes: Node[], parent: string) => {
    for (const node of nodes) {
      for (const [key, value] of Object.entries(node)) {
        if (key === ':@' || !Array.isArray(value)) continue;
        if (key === name) found.push({ node: value as Node[], attributes: (node[':@'] ?? {}) as Record<string, string>, parent });
        walk(value as Node[], key);
      }
    }
  };
  walk(parser.parse(xml) as Node[], '');
  return found;
}

/** The text of an element (its w:t and w:delText). */
function textOf(nodes: Node[]): string {
  return nodes
    .map((node) => {
      if ('#text' in node) return String(node['#text']);
      return Object.entries(node)
        .filter(([key, value]) => key !== ':@' && Array.isArray(value))
        .map(([key, value]) => (key === 'w:instrText' ? '' : textOf(value as Node[])))
        .join('');
    })
    .join('');
}

const identity: Values = { naam: 'Basisschool De Regenboog', bestuur: 'Stichting Voorbeeld Onderwijs', plaats: 'Utrecht', versie: '1.0', datum: '2026-11-22' };

describe.skipIf(!soffice)('Word documents (.docx), read by LibreOffice', () => {
  const dir = tempDir('sp-docx-');
  const out = path.join(dir, 'out');
  const pdfDir = path.join(dir, 'pdf');
  const folder = (id: string) => path.join(out, `basisschool-${id}`);
  let buildOutput = '';

  beforeAll(async () => {
    // The six presets, one answers file each, in one batch.
    for (const preset of library.presets) writeFileSync(path.join(dir, `preset-${preset.id}.yaml`), serializeAnswers(library, { ...identity, naam: `Basisschool ${preset.id}`, ...preset.keuzes }));
    const result = await runMain(['build', '.', '--format', 'docx', '--out', 'out'], dir);
    expect(result.code, result.stderr).toBe(0);
    buildOutput = result.stdout + result.stderr;
    const first = library.presets[0]?.id ?? '';
    convert(
      [
        ...library.presets.map((p) => path.join(folder(p.id), 'protocol.docx')).slice(0, 2),
        ...['leerlingversie', 'ouderbrief', 'toestemmingsformulier'].map((name) => path.join(folder(first), `${name}.docx`)),
      ].map((file, i) => {
        // One output folder: give each protocol a name of its own.
        const named = path.join(dir, `${i}-${path.basename(path.dirname(file))}-${path.basename(file)}`);
        writeFileSync(named, readFileSync(file));
        return named;
      }),
      'pdf',
      pdfDir,
    );
  }, 600_000);

  it('builds the six presets as .docx: the protocol and the companions, nothing else', () => {
    for (const preset of library.presets) {
      const files = readdirSync(folder(preset.id)).sort();
      const protocol = assemble(completeAnswers(library, { ...identity, naam: `Basisschool ${preset.id}`, ...preset.keuzes }), library);
      const companions = assembleCompanions(protocol, library).map((c) => `${c.id}.docx`);
      expect(files).toEqual(['protocol.docx', ...companions].sort());
    }
    expect(buildOutput).toMatch(/Alle 6 scholen klaar/);
  });

  it('has valid parts: the XML parses, styles, numbering, properties and fields exist', () => {
    const first = library.presets[0]?.id ?? '';
    const docx = parts(path.join(folder(first), 'protocol.docx'));
    for (const name of ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml', 'word/numbering.xml', 'word/settings.xml', 'docProps/core.xml', 'word/footer1.xml']) {
      expect(docx.has(name), name).toBe(true);
      expect(XMLValidator.validate(docx.get(name) ?? ''), name).toBe(true);
    }
    const styles = docx.get('word/styles.xml') ?? '';
    const names = new Map(elements(styles, 'w:style').map((s) => [s.attributes['@w:styleId'], elements(parserText(s.node), 'w:name')[0]?.attributes['@w:val']]));
    // Word's built-in styles (Dutch Word shows them as Titel, Kop 1, Kop 2, Inhopg 1, Voettekst) and named styles of our own.
    expect(names.get('Title')).toBe('Title');
    expect(names.get('Heading1')).toBe('heading 1');
    expect(names.get('Heading2')).toBe('heading 2');
    expect(names.get('TOC1')).toBe('toc 1');
    expect(names.get('Footer')).toBe('footer');
    for (const own of ['Voorblad school', 'Tussenkop', 'Tabeltekst', 'Tabelkop']) expect([...names.values()]).toContain(own);
    // Lists: a bullet list and a numbered list.
    const numbering = docx.get('word/numbering.xml') ?? '';
    const formats = elements(numbering, 'w:numFmt').map((n) => n.attributes['@w:val']);
    expect(formats).toContain('bullet');
    expect(formats).toContain('decimal');
    const core = docx.get('docProps/core.xml') ?? '';
    const text = (tag: string) => textOf(elements(core, tag)[0]?.node ?? []);
    expect(text('dc:title')).toBe(`Protocol sociale media – Basisschool ${first}`);
    expect(text('dc:creator')).toBe(`Basisschool ${first}`);
    expect(text('dc:language')).toBe('nl-NL');
    expect(text('dcterms:created')).toBe('2026-11-22T00:00:00Z');
    expect(text('dcterms:modified')).toBe('2026-11-22T00:00:00Z');
    const body = docx.get('word/document.xml') ?? '';
    const instructions = elements(body, 'w:instrText').map((i) => textOf(i.node));
    expect(instructions.filter((i) => /^TOC /.test(i))).toEqual(['TOC \\h \\o "1-2"']);
    expect(instructions.filter((i) => /^PAGEREF _Toc\d+ \\h$/.test(i)).length).toBeGreaterThan(40);
    // Headings as heading styles, with the article numbers of the Markdown.
    const headings = elements(body, 'w:p').filter((p) => /<w:pStyle w:val="Heading2"\/>/.test(parserText(p.node)));
    expect(headings.length).toBeGreaterThan(40);
    // Cross-references: every link inside the document goes to a bookmark that exists, and the article Melden is one.
    const bookmarks = new Set(elements(body, 'w:bookmarkStart').map((b) => b.attributes['@w:name']));
    const anchors = elements(body, 'w:hyperlink').map((h) => h.attributes['@w:anchor']);
    expect(anchors.filter((a) => a && !a.startsWith('_Toc')).length).toBeGreaterThan(0);
    expect(anchors.filter((a) => !bookmarks.has(a))).toEqual([]);
    // The article "Melden", which earlier articles refer to; its number follows the chapters the preset has.
    const melden = assemble(completeAnswers(library, { ...identity, ...library.presets[0]?.keuzes }), library)
      .chapters.flatMap((c) => c.articles)
      .find((a) => a.clause === 'melden.melden')?.number;
    expect(anchors).toContain(`artikel_${(melden ?? '').replace('.', '_')}`);
    const footer = docx.get('word/footer1.xml') ?? '';
    const fields = elements(footer, 'w:instrText').map((i) => textOf(i.node).trim());
    expect(fields).toEqual(['PAGE', 'NUMPAGES']);
    expect(textOf(elements(footer, 'w:p')[0]?.node ?? [])).toContain(`Basisschool ${first} · Protocol sociale media · versie 1.0 (concept)`);
  });

  it('LibreOffice shows the protocol: school, every article heading in order, the contents with pages, approval and appendix', () => {
    const [first, second] = library.presets;
    for (const [i, preset] of [first, second].entries()) {
      if (!preset) continue;
      const file = path.join(pdfDir, `${i}-basisschool-${preset.id}-protocol.pdf`);
      const text = pdfText(file);
      const protocol = assemble(completeAnswers(library, { ...identity, naam: `Basisschool ${preset.id}`, ...preset.keuzes }), library);
      expect(text).toContain(`Basisschool ${preset.id}`);
      expect(text).toContain(`Concept ter instemming van de ${protocol.document.raad}`);
      const pageTexts = text.split('\f');
      const entry = /^(\d+(?:\.\d+)?) (.+?)\s*\.{3,}\s*(\d+)$/gm;
      const tocPages = pageTexts.map((p, index) => ((p.match(entry)?.length ?? 0) > 3 ? index : -1)).filter((index) => index >= 0);
      const lastToc = Math.max(...tocPages);
      // Every heading after the contents, in order.
      let at = pageTexts.slice(0, lastToc + 1).join('\f').length;
      expect(text.slice(at)).toMatch(/^\f1 Inleiding\n/);
      for (const chapter of protocol.chapters) {
        const chapterAt = text.indexOf(`${chapter.number} ${chapter.title}`, at);
        expect(chapterAt, `${chapter.number} ${chapter.title}`).toBeGreaterThanOrEqual(at);
        at = chapterAt;
        for (const article of chapter.articles) {
          const heading = `${article.number} ${article.title}`;
          const found = text.indexOf(heading, at);
          expect(found, heading).toBeGreaterThan(at);
          at = found;
        }
      }
      for (const part of ['Vaststelling', 'Ondertekening', 'Handtekening', 'Namens het bevoegd gezag', 'Bijlage: Verantwoording', 'Gemaakte keuzes', 'Bronnen per artikel']) {
        expect(text.indexOf(part, at), part).toBeGreaterThan(at);
      }
      // The footer with its page fields: "pagina 2 van N", N the real number of pages.
      const pages = Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout)?.[1]);
      expect(text).toContain(`pagina 2 van ${pages}`);
      expect(text).toContain(`pagina ${pages} van ${pages}`);
      // The contents' page numbers, worked out when the file was made, against the pages LibreOffice laid out.
      const contents = tocPages.flatMap((index) => [...(pageTexts[index] ?? '').matchAll(entry)]);
      expect(contents.length).toBe(protocol.chapters.reduce((n, c) => n + 1 + c.articles.length, 0));
      const pageOf = (heading: string) => pageTexts.findIndex((p, index) => index > lastToc && p.replace(/\s+/g, ' ').includes(heading)) + 1;
      const exact = contents.filter(([, number, title, page]) => pageOf(`${number} ${title}`) === Number(page)).length;
      const off = contents.filter(([, number, title, page]) => Math.abs(pageOf(`${number} ${title}`) - Number(page)) > 1).map((m) => m[0]);
      expect(off, 'contents entries more than a page off').toEqual([]);
      console.log(`docx contents of ${preset.id}: ${exact} of ${contents.length} page numbers as LibreOffice lays them out`);
    }
  });

  it('the consent form is a Word form: a checkbox content control for ja and nee per medium', () => {
    const first = library.presets[0]?.id ?? '';
    const body = parts(path.join(folder(first), 'toestemmingsformulier.docx')).get('word/document.xml') ?? '';
    const boxes = elements(body, 'w:sdtPr').filter((p) => elements(parserText(p.node), 'w14:checkbox').length > 0);
    const aliases = boxes.map((b) => elements(parserText(b.node), 'w:alias')[0]?.attributes['@w:val'] ?? '');
    expect(aliases.length).toBeGreaterThanOrEqual(4);
    const media = aliases.filter((a) => a.startsWith('ja: ')).map((a) => a.slice(4));
    expect(aliases.filter((a) => a.startsWith('nee: ')).map((a) => a.slice(5))).toEqual(media);
    // The website row names the website as the school chose it (public, or behind a login).
    expect(media.some((m) => /website/i.test(m))).toBe(true);
    const text = pdfText(path.join(pdfDir, `4-basisschool-${first}-toestemmingsformulier.pdf`));
    expect(text).toContain("Toestemming voor foto's en video's");
    expect(text.match(/☐/g)?.length).toBe(aliases.length);
    for (const medium of media) expect(text.replace(/\s+/g, ' ')).toContain(medium);
    const letter = pdfText(path.join(pdfDir, `3-basisschool-${first}-ouderbrief.pdf`));
    expect(letter).toContain('Beste ouders/verzorgers,');
    expect(letter).toContain('Met vriendelijke groet,');
    expect(pdfText(path.join(pdfDir, `2-basisschool-${first}-leerlingversie.pdf`))).toContain('Wij hebben deze afspraken besproken in groep');
  });

  it('rebuilds are byte-identical, and check compares the .docx files', async () => {
    // Two of them again in this process (docx counts its bookmarks on through a process), with Markdown beside it for check.
    const two = library.presets.slice(0, 2);
    const again = await runMain(['build', ...two.map((p) => `preset-${p.id}.yaml`), '--format', 'md,docx', '--out', 'again'], dir);
    expect(again.code).toBe(0);
    for (const preset of two) {
      for (const name of readdirSync(folder(preset.id))) {
        expect(readFileSync(path.join(dir, 'again', `basisschool-${preset.id}`, name)).equals(readFileSync(path.join(folder(preset.id), name))), `${preset.id}/${name}`).toBe(true);
      }
    }
    const first = library.presets[0]?.id ?? '';
    const check = await runMain(['check', `preset-${first}.yaml`, '--out', 'again'], dir);
    expect(check.stdout).toContain('De documenten van de school zijn actueel.');
    expect(check.code).toBe(0);
    writeFileSync(path.join(dir, `preset-${first}.yaml`), serializeAnswers(library, { ...identity, naam: `Basisschool ${first}`, versie: '1.1', ...library.presets[0]?.keuzes }));
    const stale = await runMain(['check', `preset-${first}.yaml`, '--out', 'again'], dir);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain(`again/basisschool-${first}/protocol.docx is verouderd`);
  }, 300_000);
});

/** An element's children as XML again, to look inside with `elements`. */
function parserText(nodes: Node[]): string {
  const builder = (list: Node[]): string =>
    list
      .map((node) => {
        if ('#text' in node) return String(node['#text']).replace(/&/g, '&amp;').replace(/</g, '&lt;');
        return Object.entries(node)
          .filter(([key]) => key !== ':@')
          .map(([key, value]) => {
            const attributes = Object.entries((node[':@'] ?? {}) as Record<string, string>)
              .map(([k, v]) => ` ${k.slice(1)}="${String(v).replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
              .join('');
            const children = builder(value as Node[]);
            return children ? `<${key}${attributes}>${children}</${key}>` : `<${key}${attributes}/>`;
          })
          .join('');
      })
      .join('');
  return builder(nodes);
}

describe.skipIf(!soffice)('the redline as tracked changes', () => {
  const dir = tempDir('sp-docx-redline-');
  const before: Values = { ...identity, schoolaccount: 'open', platforms: ['instagram'], telefoon: 'inleveren' };
  const after: Values = { ...identity, versie: '1.1', datum: '2027-01-15', schoolaccount: 'geen', telefoon: 'in-tas' };
  let comparison: Comparison;
  let stdout = '';
  let body = '';

  beforeAll(async () => {
    writeFileSync(path.join(dir, 'oud.yaml'), serializeAnswers(library, before));
    writeFileSync(path.join(dir, 'nieuw.yaml'), serializeAnswers(library, after));
    const result = await runMain(['diff', 'oud.yaml', 'nieuw.yaml', '--format', 'docx'], dir);
    expect(result.code, result.stderr).toBe(0);
    stdout = result.stdout;
    comparison = compareVersions(loadVersion(path.join(dir, 'oud.yaml'), 'oud.yaml', library), loadVersion(path.join(dir, 'nieuw.yaml'), 'nieuw.yaml', library));
    body = parts(path.join(dir, 'wijzigingen.docx')).get('word/document.xml') ?? '';
    convert([path.join(dir, 'wijzigingen.docx')], 'pdf', dir);
    convert([path.join(dir, 'wijzigingen.docx')], 'fodt', dir);
  }, 300_000);

  it('writes only wijzigingen.docx, and its XML parses', () => {
    expect(stdout).toMatch(/Gemaakt:\n {2}\S*wijzigingen\.docx\n$/);
    expect(existsSync(path.join(dir, 'wijzigingen.md'))).toBe(false);
    expect(XMLValidator.validate(body)).toBe(true);
  });

  it('has one revision per word-level change that diff reports, by schoolprotocol on the new version’s date', () => {
    const { counts } = comparison;
    // What diff printed is what the comparison holds.
    expect(stdout).toContain(`gewijzigd:     ${counts.changed}`);
    expect(stdout).toContain(`vervallen:     ${counts.removed}`);
    expect(stdout).toContain(`ander nummer:  ${counts.renumbered}`);
    expect(counts.changed + counts.added + counts.removed + counts.renumbered).toBeGreaterThan(3);
    const words = (text: string) => /[\p{L}\p{N}]/u.test(text);
    let ins = 0;
    let del = 0;
    for (const change of comparison.changes) {
      const body = change.body.flatMap((b) => b.segments);
      // A new or removed article's heading is one revision; a chapter's heading only changes with its title.
      if (change.status === 'nieuw') ins += change.after?.kind === 'article' ? 1 : 0;
      else if (change.status === 'vervallen') del += change.before?.kind === 'article' ? 1 : 0;
      else {
        ins += change.title.filter((s) => s.op === 'ins' && words(s.text)).length;
        del += change.title.filter((s) => s.op === 'del' && words(s.text)).length;
        if (change.before?.number !== change.after?.number) {
          ins++;
          del++;
        }
      }
      ins += body.filter((s) => s.op === 'ins' && words(s.text)).length;
      del += body.filter((s) => s.op === 'del' && words(s.text)).length;
    }
    for (const choice of comparison.choices) {
      if (choice.was) del++;
      if (choice.wordt) ins++;
    }
    // Revisions of text (w:ins and w:del around runs), apart from those of a paragraph mark (inside w:rPr).
    const revisions = (name: string) => elements(body, name).filter((e) => e.parent !== 'w:rPr');
    expect(revisions('w:ins').length).toBe(ins);
    expect(revisions('w:del').length).toBe(del);
    const all = [...elements(body, 'w:ins'), ...elements(body, 'w:del')];
    expect(new Set(all.map((e) => e.attributes['@w:author']))).toEqual(new Set(['schoolprotocol']));
    expect(new Set(all.map((e) => e.attributes['@w:date']))).toEqual(new Set(['2027-01-15T00:00:00Z']));
    expect(new Set(all.map((e) => e.attributes['@w:id'])).size).toBe(all.length);
    expect(parts(path.join(dir, 'wijzigingen.docx')).get('word/settings.xml')).toContain('<w:trackRevisions/>');
  });

  it('LibreOffice reads them as tracked changes, and shows old and new text', () => {
    const flat = readFileSync(path.join(dir, 'wijzigingen.fodt'), 'utf8');
    const regions = elements(flat, 'text:changed-region');
    const kinds = regions.map((r) => (elements(parserText(r.node), 'text:insertion').length > 0 ? 'ins' : elements(parserText(r.node), 'text:deletion').length > 0 ? 'del' : 'other'));
    const textRevisions = elements(body, 'w:ins').filter((e) => e.parent !== 'w:rPr').length + elements(body, 'w:del').filter((e) => e.parent !== 'w:rPr').length;
    expect(kinds.filter((k) => k === 'ins').length).toBeGreaterThan(0);
    expect(kinds.filter((k) => k === 'del').length).toBeGreaterThan(0);
    expect(kinds).not.toContain('other');
    // LibreOffice joins a deleted paragraph's text and its paragraph mark into one change: never more than Word's.
    expect(regions.length).toBeLessThanOrEqual(elements(body, 'w:ins').length + elements(body, 'w:del').length);
    expect(regions.length).toBeGreaterThan(textRevisions / 2);
    for (const region of regions) {
      expect(textOf(elements(parserText(region.node), 'dc:creator')[0]?.node ?? [])).toBe('schoolprotocol');
    }
    // The PDF shows the changes: the old and the new rule on telephones, and the removed article's heading.
    const text = pdfText(path.join(dir, 'wijzigingen.pdf')).replace(/\s+/g, ' ');
    const removed = comparison.changes.find((c) => c.status === 'vervallen' && c.before?.kind === 'article');
    expect(removed).toBeDefined();
    expect(text).toContain(`${removed?.before?.number} ${removed?.before?.title}`);
    const phone = comparison.changes.find((c) => c.status === 'gewijzigd' && /telefoon/i.test(c.after?.title ?? ''));
    const oldText = phone?.body.flatMap((b) => b.segments).find((s) => s.op === 'del' && s.text.split(' ').length > 3)?.text ?? '';
    const newText = phone?.body.flatMap((b) => b.segments).find((s) => s.op === 'ins' && s.text.split(' ').length > 3)?.text ?? '';
    expect(oldText).not.toBe('');
    expect(text).toContain(oldText.replace(/\s+/g, ' ').trim().replace(/\\/g, '').split(' ').slice(0, 4).join(' '));
    expect(text).toContain(newText.replace(/\s+/g, ' ').trim().replace(/\\/g, '').split(' ').slice(0, 4).join(' '));
    expect(text).toContain('Wie alle wijzigingen accepteert, houdt de nieuwe tekst over');
  });
});

describe('docx stays off the other paths', () => {
  it('only the three Word renderers import docx, and nothing imports them statically', () => {
    const src = path.resolve(import.meta.dirname, '../src');
    const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => path.join(src, f));
    const renderers = ['render/docx.ts', 'companions/docx.ts', 'redline/docx.ts'].map((f) => path.join(src, f));
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (!renderers.includes(file)) expect(text, file).not.toMatch(/from 'docx(\/layout)?'/);
      if (!renderers.includes(file)) expect(text, file).not.toMatch(/^import [^(]*from '[./]+(render|companions|redline)?\/?docx\.js'/m);
    }
    expect(files.filter((f) => /import\('(\.\.\/)+(render|companions|redline)\/docx\.js'\)/.test(readFileSync(f, 'utf8'))).length).toBeGreaterThan(0);
  });
});
