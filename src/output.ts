import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Temporary files being written right now; removed if the process ends midway. */
const inFlight = new Set<string>();
process.on('exit', () => {
  for (const temp of inFlight) rmSync(temp, { force: true });
});

/** Writes a file atomically: a temporary file beside it, then a rename. Never half a file. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  inFlight.add(temp);
  try {
    writeFileSync(temp, data);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  } finally {
    inFlight.delete(temp);
  }
}

const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/** A safe folder name for a school: lowercase ASCII, digits and dashes; never a path. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  if (!slug) return 'school';
  return RESERVED.test(slug) ? `school-${slug}` : slug;
}
