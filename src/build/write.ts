import { existsSync, lstatSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import { displayPath } from '../util/paths.js';
import { fileError, isFsError } from '../util/files.js';

/** Temporary files and folders being written right now; removed if the process ends midway. */
const inFlight = new Set<string>();
process.on('exit', () => {
  for (const temp of inFlight) rmSync(temp, { force: true, recursive: true });
});

const TEMP_SUFFIX = '.tmp';
const tempName = (name: string) => `.${name}.${process.pid}.${Math.random().toString(36).slice(2)}${TEMP_SUFFIX}`;

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
  const temp = path.join(path.dirname(file), tempName(path.basename(file)));
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

/**
 * A school's new files, written beside its folder (in a hidden temporary folder in the same
 * output folder) and swapped in only when all are written: the folder never holds a mix of two
 * builds. Swapping is one rename per file (for a folder that does not exist yet, one rename of the
 * whole folder), synchronous, so no signal handler runs in between; if a rename fails, the error
 * says exactly which files are still those of the earlier build.
 */
export class Staging {
  private temp: string | undefined;
  private readonly names: string[] = [];

  /**
   * `dir`: the school's folder; `outDir`: the output folder it must stay inside. The folder is
   * checked at the first write, unless `folderKnown` is false: then it may still move (`moveTo`),
   * and only the commit checks it.
   */
  constructor(
    public dir: string,
    readonly outDir: string,
    private readonly folderKnown = true,
  ) {}

  /** The files go to another folder of the same output folder (a school whose folder got its place added). */
  moveTo(dir: string): void {
    if (path.dirname(dir) !== path.dirname(this.dir)) throw new Error(`${dir} ligt niet naast ${this.dir}`);
    this.dir = dir;
  }

  /** Writes one file of the new version (not yet visible in the school's folder). */
  write(name: string, data: string | Uint8Array): void {
    try {
      this.writeFile(name, data);
    } catch (error) {
      throw writeError(error, this.dir);
    }
  }

  private writeFile(name: string, data: string | Uint8Array): void {
    if (!this.temp) {
      if (this.folderKnown) checkTarget(this.dir, this.outDir);
      const temp = path.join(path.dirname(this.dir), tempName(path.basename(this.dir)));
      ensureDir(path.dirname(temp));
      inFlight.add(temp);
      mkdirSync(temp);
      this.temp = temp;
    }
    writeFileSync(path.join(this.temp, name), data);
    if (!this.names.includes(name)) this.names.push(name);
  }

  /** The files written so far, as they will be named in the school's folder. */
  get files(): string[] {
    return this.names.map((name) => path.join(this.dir, name));
  }

  /** Swaps the new files in; returns their paths in the school's folder. */
  commit(): string[] {
    const temp = this.temp;
    if (!temp) return [];
    // A school's first build: the staged folder becomes its folder, in one rename (a folder that
    // appeared meanwhile is not replaced: then the files go in one by one, as below).
    if (!checkTarget(this.dir, this.outDir)) {
      try {
        renameSync(temp, this.dir);
        inFlight.delete(temp);
        this.temp = undefined;
        return this.names.map((name) => path.join(this.dir, name));
      } catch (error) {
        if (!(isFsError(error) && ['EEXIST', 'ENOTEMPTY', 'ENOENT'].includes(error.code ?? ''))) throw fileError(error, this.dir);
      }
    }
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch (error) {
      throw fileError(error, this.dir);
    }
    const done: string[] = [];
    try {
      for (const name of this.names) {
        renameSync(path.join(temp, name), path.join(this.dir, name));
        done.push(name);
      }
    } catch (error) {
      const cause = fileError(error, this.dir);
      const old = this.names.filter((name) => !done.includes(name)).map((name) => displayPath(path.join(this.dir, name)));
      throw new UserError(`${cause instanceof Error ? cause.message : String(cause)} Nog van de vorige keer (verouderd): ${old.join(', ')}.`, 1);
    } finally {
      this.discard();
    }
    return done.map((name) => path.join(this.dir, name));
  }

  /** Throws away what was written and not swapped in. */
  discard(): void {
    if (!this.temp) return;
    rmSync(this.temp, { recursive: true, force: true });
    inFlight.delete(this.temp);
    this.temp = undefined;
  }
}

/** Whatever stops a school's files from being written is a failed write: exit 1, with the path and the fix. */
function writeError(error: unknown, dir: string): unknown {
  const converted = fileError(error, dir);
  return converted instanceof UserError && converted.exitCode === 2 ? new UserError(converted.message, 1) : converted;
}

/**
 * A school's folder must be a folder inside the output folder: not a file, and not a symbolic link
 * that leads out of it (writing there would put files where the user did not ask for them).
 */
function checkTarget(dir: string, outDir: string): boolean {
  let stat;
  try {
    stat = lstatSync(dir);
  } catch (error) {
    if (isFsError(error) && error.code === 'ENOENT') return false;
    throw fileError(error, dir);
  }
  if (stat.isSymbolicLink()) {
    let target: string;
    try {
      target = realpathSync(dir);
    } catch (error) {
      throw fileError(error, dir);
    }
    const root = existsSync(outDir) ? realpathSync(outDir) : path.resolve(outDir);
    const relative = path.relative(root, target);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new UserError(
        `${displayPath(dir)}: deze map is een symbolische koppeling naar ${target}, buiten de uitvoermap ${displayPath(outDir)}. ` +
          'schoolprotocol schrijft alleen in de uitvoermap: verwijder de koppeling of kies met --out een andere map.',
        1,
      );
    }
    stat = lstatSync(target);
  }
  if (!stat.isDirectory()) {
    throw new UserError(`${displayPath(dir)}: hier staat een bestand, maar hier moet de map van de school komen. Verwijder of hernoem het bestand, of kies met --out een andere map.`, 1);
  }
  return true;
}

/**
 * Temporary files and folders that an earlier run left in the output folder when it was killed
 * (its process no longer exists): removed before a new build writes there.
 */
export function removeStaleTemps(outDir: string): void {
  removeTemps(outDir, (pid) => pid !== process.pid && !alive(pid));
}

/**
 * This process's own temporary folders in the output folder: removed when it ends midway while
 * worker threads had staged schools (a worker thread's exit handler does not run then).
 */
export function removeOwnTemps(outDir: string): void {
  removeTemps(outDir, (pid) => pid === process.pid);
}

function removeTemps(outDir: string, remove: (pid: number) => boolean): void {
  let names: string[];
  try {
    names = readdirSync(outDir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = /^\..+\.(\d+)\.[a-z0-9]+\.tmp$/.exec(name)?.[1];
    if (!pid || !remove(Number(pid))) continue;
    rmSync(path.join(outDir, name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isFsError(error) && error.code === 'EPERM';
  }
}
