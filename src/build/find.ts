import { readdirSync, realpathSync, statSync } from 'node:fs';
import { fileError, isFsError, readRegularFileShared } from '../util/files.js';
import { decodeText, MAX_YAML_BYTES } from '../util/yaml.js';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Job } from './job.js';
import { inputError } from '../util/errors.js';
import type { Library, Preset } from '../library/load.js';
import { closest, memo, naturalCompare } from '../util/text.js';
import { displayPath } from '../util/paths.js';
import { GLOB_CHARACTERS } from '../render/makes-pdf.js';

type Globber = typeof import('tinyglobby');
let globber: Globber | undefined;
/** tinyglobby, loaded when a pattern needs it: loading it costs 12-15 ms, and most command lines name files and folders. */
const glob = () => (globber ??= createRequire(import.meta.url)('tinyglobby') as Globber);

export function findPreset(library: Library, name: string): Preset {
  const preset = library.presets.find((p) => p.id === name);
  if (!preset) {
    const ids = library.presets.map((p) => p.id);
    const guess = closest(name, ids);
    throw inputError(`onbekende preset "${name}". Kies uit: ${ids.join(', ')}${guess ? `. Bedoelt u "${guess}"?` : ''}`);
  }
  return preset;
}

/**
 * Answers files named on the command line: files as they are, folders searched for *.yaml and
 * *.yml, glob patterns ("scholen/*.yaml", quoted so the shell leaves them) expanded. A file that
 * another named file `extends` (a board file) is not built on its own.
 */
export function collectJobs(inputs: readonly string[], cwd: string): Job[] {
  const jobs: Job[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    jobs.push({ label: displayPath(file), file });
  };
  for (const input of inputs) {
    if (input.trim() === '') throw inputError('een van de genoemde bestanden is een lege tekst (""). Noem een antwoordbestand, een map of een patroon, bijvoorbeeld `schoolprotocol build protocol.yaml`.');
    if (GLOB_CHARACTERS.test(input) && glob().isDynamicPattern(input)) {
      const matches = glob().globSync(input, { cwd, absolute: true, onlyFiles: true }).filter((f) => /\.ya?ml$/.test(f)).sort(naturalCompare);
      if (matches.length === 0) throw inputError(`${input}: dit patroon past op geen enkel antwoordbestand (.yaml of .yml).`);
      matches.forEach(add);
      continue;
    }
    const resolved = path.resolve(cwd, input);
    let isDirectory = false;
    try {
      isDirectory = statSync(resolved).isDirectory();
    } catch (error) {
      if (isFsError(error) && error.code !== 'ENOENT') throw fileError(error, resolved);
      throw inputError(`${input}: bestand of map niet gevonden. Controleer het pad.`);
    }
    if (!isDirectory) {
      add(resolved);
      continue;
    }
    const files = walk(resolved);
    if (files.length === 0) throw inputError(`${input}: deze map bevat geen antwoordbestanden (.yaml of .yml).`);
    files.forEach(add);
  }
  // A board file that other named files extend is not a school; a file in an extends cycle is
  // built, so that the cycle is reported. Each file is read once: a school keeps its bytes for
  // the build (a batch of 1000 read every file twice).
  const read = new Map<string, { bytes?: Uint8Array; extends: string[] }>();
  const extendsOf = (file: string) => memo(read, file, () => readAnswers(file)).extends;
  const parents = new Set(jobs.flatMap((job) => (job.file ? extendsOf(job.file) : [])));
  const cyclic = (file: string) => {
    let current = extendsOf(file)[0];
    for (let step = 0; current && step < 50; step++) {
      if (current === file) return true;
      current = extendsOf(current)[0];
    }
    return false;
  };
  const schools = jobs.filter((job) => !job.file || !parents.has(job.file) || cyclic(job.file));
  if (schools.length === 0) throw inputError(`${inputs.join(' ')}: deze bestanden worden alleen door andere bestanden overgenomen (extends); er is geen school om te bouwen.`);
  return schools.map((job) => {
    const bytes = job.file ? read.get(job.file)?.bytes : undefined;
    return bytes === undefined ? job : { ...job, bytes };
  });
}

const EXTENDS = /^extends:[ \t]*(?:"([^"\n]+)"|'([^'\n]+)'|([^#\n]*[^#\s]))/m;

/**
 * An answers file's bytes (a copy: readRegularFileShared's buffer is reused) and the file it
 * extends; no bytes when the file cannot be read as text (that is reported when it is built).
 */
function readAnswers(file: string): { bytes?: Uint8Array; extends: string[] } {
  let bytes: Buffer;
  let text: string;
  try {
    bytes = readRegularFileShared(file, { what: 'antwoordbestand', limit: MAX_YAML_BYTES });
    text = decodeText(bytes, file, 'antwoordbestand');
  } catch {
    return { extends: [] };
  }
  return { bytes: new Uint8Array(bytes), extends: extendsIn(file, text) };
}

/**
 * The file that an answers file extends, when it names one. A quick look at the top-level
 * `extends:` line, not a full parse: this only decides which files are board files; errors are
 * reported when the file is built.
 */
function extendsIn(file: string, text: string): string[] {
  const match = EXTENDS.exec(text);
  const target = match?.[1] ?? match?.[2] ?? match?.[3];
  return target ? [path.resolve(path.dirname(file), target.trim())] : [];
}

/**
 * The answers files in a folder and its subfolders. A symbolic link to a folder is followed (each
 * real folder once, so a link loop ends); a link that leads nowhere is kept as a job, so that it
 * is reported with the other schools; a folder that cannot be read is an error.
 */
function walk(dir: string, seen = new Set<string>()): string[] {
  let real: string;
  let entries;
  try {
    real = realpathSync(dir);
    if (seen.has(real)) return [];
    seen.add(real);
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw fileError(error, dir);
  }
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => naturalCompare(a.name, b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    let isDirectory = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      try {
        isDirectory = statSync(full).isDirectory();
      } catch {
        // A link that leads nowhere (or in a loop) is reported as that school's error, not skipped.
        found.push(full);
        continue;
      }
    }
    if (isDirectory) found.push(...walk(full, seen));
    else if (/\.ya?ml$/.test(entry.name)) found.push(full);
  }
  return found;
}
