import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Temporary files being written right now; removed if the process ends midway. */
const inFlight = new Set<string>();
process.on('exit', () => {
  for (const temp of inFlight) rmSync(temp, { force: true });
});

/** Writes a file atomically: a temporary file beside it, then a rename. Never half a file. */
const madeDirs = new Set<string>();

/** Creates a folder (and its parents) once per process; a plain mkdir when the parent is known. */
function ensureDir(dir: string): void {
  if (madeDirs.has(dir)) return;
  if (madeDirs.has(path.dirname(dir))) {
    try {
      mkdirSync(dir);
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    }
  } else {
    mkdirSync(dir, { recursive: true });
  }
  madeDirs.add(dir);
}

export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  ensureDir(path.dirname(file));
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
