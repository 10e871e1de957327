import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLibrary } from '../../src/library/load.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixtureLibraryDir = path.join(root, 'test/fixtures/library');
export const bin = path.join(root, 'bin/schoolprotocol.js');

/** A small library with two chapters, for tests of the mechanism rather than the content. */
export const fixtureLibrary = () => loadLibrary([], fixtureLibraryDir);

const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed when the test process ends. */
export function tempDir(prefix = 'sp-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}
