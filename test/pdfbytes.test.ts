/**
 * The byte-level PDF finisher and reader on PDFs made here with pdf-lib (the real Chromium PDFs are
 * in pdf.test.ts): structure ids renumbered in structure-element order with the ID tree re-sorted,
 * the document information, the digest, the reader's pages and destinations, and the fallback for
 * a PDF laid out otherwise (object streams). Every result passes qpdf --check.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { destinationPages, digestMatches, finishPdf, readLayout, summarize } from '../src/render/pdfbytes.js';
import { relayout } from '../src/render/pdflib.js';
import { tempDir } from './helpers/fixtures.js';

const dir = tempDir('sp-pdfbytes-');
const options = { title: 'Protocol sociale media – Basisschool Één', author: 'Basisschool (Één)', date: new Date('2026-11-22T00:00:00Z'), fingerprint: `sha256:${'ab'.repeat(32)}`, producer: 'schoolprotocol (Chromium)' };

/** A three-page PDF with named destinations, an outline and tagged structure elements whose ids are out of order. */
async function sample(useObjectStreams: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const pages = [doc.addPage(), doc.addPage(), doc.addPage()];
  const ctx = doc.context;
  const dests = ctx.obj({});
  dests.set(PDFName.of('hoofdstuk-1'), ctx.obj([pages[1]?.ref, 'XYZ', 0, 800, 0]));
  dests.set(PDFName.of('hoofdstuk-2'), ctx.obj([pages[2]?.ref, 'XYZ', 0, 800, 0]));
  doc.catalog.set(PDFName.of('Dests'), ctx.register(dests));
  // Structure elements in this order carry node ids 30, 10, 20: renumbered 1, 2, 3 in this order.
  const elements = ['node00000030', 'node00000010', 'node00000020'].map((id) => ctx.register(ctx.obj({ Type: 'StructElem', S: 'P', ID: PDFString.of(id) })));
  const cell = ctx.register(ctx.obj({ Type: 'StructElem', S: 'TD', A: [{ O: 'Table', Headers: [PDFString.of('node00000010'), PDFString.of('node00000030')] }] }));
  const leaf = ctx.register(
    ctx.obj({ Limits: [PDFString.of('node00000010'), PDFString.of('node00000030')], Names: [PDFString.of('node00000010'), elements[1], PDFString.of('node00000020'), elements[2], PDFString.of('node00000030'), elements[0]] }),
  );
  const root = ctx.register(ctx.obj({ Type: 'StructTreeRoot', K: [...elements, cell], IDTree: ctx.register(ctx.obj({ Kids: [leaf] })) }));
  doc.catalog.set(PDFName.of('StructTreeRoot'), root);
  doc.catalog.set(PDFName.of('Outlines'), ctx.register(ctx.obj({ Type: 'Outlines', Count: 0 })));
  doc.setTitle('oud');
  return doc.save({ useObjectStreams });
}

function qpdfCheck(bytes: Uint8Array, name: string): void {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  const result = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  expect(result.status, result.stdout + result.stderr).toBe(0);
}

describe('pdfbytes', () => {
  it('finishes a plainly laid out PDF: information, page mode, renumbered ids, sorted ID tree, a digest', async () => {
    const input = await sample(false);
    expect(readLayout(input)).toBeDefined();
    const out = finishPdf(input, options);
    if (!out) throw new Error('not finished');
    qpdfCheck(out, 'plain');
    const text = Buffer.from(out).toString('latin1');
    // In structure-element order, at equal length: node00000030 → id0000000001, and so on.
    expect(text).not.toMatch(/node\d+/);
    expect(text).toMatch(/\/ID \(id0000000001\)[\s\S]*\/ID \(id0000000002\)[\s\S]*\/ID \(id0000000003\)/);
    expect(text).toMatch(/\/Headers \[\s*\(id0000000002\)\s+\(id0000000001\)\s*\]/);
    expect(text).toMatch(/\/Limits \[\(id0000000001\) \(id0000000003\)\]\n\/Names \[\(id0000000001\) \d+ 0 R \(id0000000002\) \d+ 0 R \(id0000000003\) \d+ 0 R\]/);
    expect(text).toContain('/PageMode /UseOutlines');
    const info = summarize(out)?.info;
    expect(summarize(out)?.pages).toBe(3);
    expect(info?.get('Title')).toBe(options.title);
    expect(info?.get('Author')).toBe(options.author);
    expect(info?.get('CreationDate')).toBe('D:20261122000000Z');
    expect(info?.get('SchoolprotocolFingerprint')).toBe(options.fingerprint);
    expect(destinationPages(out)).toEqual(new Map([['hoofdstuk-1', 2], ['hoofdstuk-2', 3]]));
    expect(digestMatches(out)).toBe(true);
    // Any changed byte outside the digest breaks it; so does a missing digest.
    const changed = Buffer.from(out);
    changed[200] = (changed[200] ?? 0) ^ 1;
    expect(digestMatches(changed)).toBe(false);
    expect(digestMatches(input)).toBe(false);
    // The same input gives the same bytes.
    expect(Buffer.from(finishPdf(input, options) ?? []).equals(Buffer.from(out))).toBe(true);
  });

  it('leaves a PDF with object streams to pdf-lib, which lays it out plainly for the fast path', async () => {
    const input = await sample(true);
    expect(readLayout(input)).toBeUndefined();
    expect(finishPdf(input, options)).toBeUndefined();
    expect(destinationPages(input)).toBeUndefined();
    const out = finishPdf(await relayout(input), options);
    if (!out) throw new Error('not finished after relayout');
    qpdfCheck(out, 'relayout');
    expect(summarize(out)?.pages).toBe(3);
    expect(digestMatches(out)).toBe(true);
    expect(destinationPages(out)).toEqual(new Map([['hoofdstuk-1', 2], ['hoofdstuk-2', 3]]));
  });

  it('reads nothing from a file that is not a whole PDF', async () => {
    const good = finishPdf(await sample(false), options) ?? new Uint8Array();
    for (const bytes of [new Uint8Array(), Buffer.from('%PDF-1.4\n'), Buffer.from(good).subarray(0, good.length - 100), Buffer.from(`/SchoolprotocolFingerprint (${options.fingerprint})\n`)]) {
      expect(summarize(bytes)).toBeUndefined();
      expect(digestMatches(bytes)).toBe(false);
    }
  });
});
