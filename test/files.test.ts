import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRegularFile, readRegularFileShared } from '../src/util/files.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'schoolprotocol-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file of `size` bytes, each byte its position modulo 251 (so that a shifted or stale byte shows). */
function file(name: string, size: number, offset = 0): { file: string; bytes: Buffer } {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i + offset) % 251;
  const full = path.join(dir, name);
  writeFileSync(full, bytes);
  return { file: full, bytes };
}

describe('readRegularFileShared: one buffer for every read', () => {
  const options = { what: 'antwoordbestand', limit: 4 * 1024 * 1024 };

  it('gives each file its own bytes, whatever was read before, and readRegularFile a copy that stays', () => {
    const large = file('groot.bin', 300 * 1024, 7);
    const small = file('klein.bin', 1000, 3);
    const kept = readRegularFile(large.file, options);
    expect(readRegularFileShared(large.file, options).equals(large.bytes)).toBe(true);
    expect(readRegularFileShared(small.file, options).equals(small.bytes)).toBe(true);
    expect(readRegularFileShared(file('leeg.bin', 0).file, options).length).toBe(0);
    // Larger than the buffer may grow (1 MB): read into a buffer of its own, and the next read still right.
    const huge = file('enorm.bin', 2 * 1024 * 1024 + 5, 11);
    expect(readRegularFileShared(huge.file, options).equals(huge.bytes)).toBe(true);
    expect(readRegularFileShared(small.file, options).equals(small.bytes)).toBe(true);
    expect(kept.equals(large.bytes)).toBe(true);
  });

  it('refuses a file one byte over the limit, and takes one at the limit', () => {
    const at = file('precies.bin', 5000);
    expect(readRegularFileShared(at.file, { what: 'antwoordbestand', limit: 5000 }).equals(at.bytes)).toBe(true);
    expect(() => readRegularFileShared(at.file, { what: 'antwoordbestand', limit: 4999 })).toThrow(/te groot voor een antwoordbestand/);
  });
});
