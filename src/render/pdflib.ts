/**
 * The slow path, loaded only when a PDF is not laid out as pdfbytes.ts expects (another browser
 * build might write object streams or several cross-reference sections): pdf-lib reads it and
 * writes it again in the plain layout, with the structure ids renumbered; pdfbytes.ts then
 * finishes it as usual.
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from 'pdf-lib';

const NODE_ID = /^node\d+$/;

/** Renumbers Chromium's DOM-node structure ids in sorted order (see pdfbytes.ts for the fast path). */
function normalizeNodeIds(doc: PDFDocument): void {
  const objects = doc.context.enumerateIndirectObjects().map(([, object]) => object);
  const nodeId = (value: unknown) => ((value instanceof PDFString || value instanceof PDFHexString) && NODE_ID.test(value.decodeText()) ? value.decodeText() : undefined);
  const walk = (object: unknown, visit: (id: string) => PDFString | undefined): void => {
    const entries: [PDFName | number, unknown][] = object instanceof PDFDict ? object.entries() : object instanceof PDFArray ? object.asArray().map((v, i) => [i, v]) : [];
    for (const [key, value] of entries) {
      const id = nodeId(value);
      if (id === undefined) {
        walk(value, visit);
        continue;
      }
      const replacement = visit(id);
      if (!replacement) continue;
      if (object instanceof PDFDict && key instanceof PDFName) object.set(key, replacement);
      else if (object instanceof PDFArray && typeof key === 'number') object.set(key, replacement);
    }
  };
  const found = new Set<string>();
  for (const object of objects) walk(object, (id) => (found.add(id), undefined));
  const renamed = new Map([...found].sort().map((id, i) => [id, `id${String(i + 1).padStart(10, '0')}`]));
  for (const object of objects) walk(object, (id) => PDFString.of(renamed.get(id) ?? id));
}

/** The PDF rewritten by pdf-lib in the plain layout: one cross-reference table, no object streams. */
export async function relayout(bytes: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  normalizeNodeIds(doc);
  return doc.save({ useObjectStreams: false, updateFieldAppearances: false });
}

/** The 1-based page of every named destination, read by pdf-lib. */
export async function destinationPagesSlow(bytes: Uint8Array): Promise<Map<string, number>> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const pageNumbers = new Map(doc.getPages().map((page, index) => [page.ref.toString(), index + 1]));
  const result = new Map<string, number>();
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  for (const [name, value] of dests?.entries() ?? []) {
    const target = doc.context.lookup(value);
    const array = target instanceof PDFDict ? target.lookupMaybe(PDFName.of('D'), PDFArray) : target;
    const page = array instanceof PDFArray ? array.get(0) : undefined;
    const number = page instanceof PDFRef ? pageNumbers.get(page.toString()) : undefined;
    if (number !== undefined) result.set(name.decodeText(), number);
  }
  return result;
}
