import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Job } from './build.js';
import { inputError } from './errors.js';
import type { Library, Preset } from './library.js';
import { closest } from './text.js';
import { displayPath } from './yamlfile.js';

export function findPreset(library: Library, name: string): Preset {
  const preset = library.presets.find((p) => p.id === name);
  if (!preset) {
    const ids = library.presets.map((p) => p.id);
    const guess = closest(name, ids);
    throw inputError(`onbekende preset "${name}". Kies uit: ${ids.join(', ')}${guess ? `. Bedoelde je "${guess}"?` : ''}`);
  }
  return preset;
}

/** Answers files named on the command line: files as they are, folders searched for *.yaml. */
export function collectJobs(inputs: readonly string[], cwd: string): Job[] {
  const jobs: Job[] = [];
  for (const input of inputs) {
    const resolved = path.resolve(cwd, input);
    let isDirectory = false;
    try {
      isDirectory = statSync(resolved).isDirectory();
    } catch {
      throw inputError(`${input}: bestand of map niet gevonden. Controleer het pad.`);
    }
    if (!isDirectory) {
      jobs.push({ label: displayPath(resolved), file: resolved });
      continue;
    }
    const files = walk(resolved);
    if (files.length === 0) throw inputError(`${input}: deze map bevat geen antwoordbestanden (.yaml of .yml).`);
    for (const file of files) jobs.push({ label: displayPath(file), file });
  }
  return jobs;
}

function walk(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...walk(full));
    else if (/\.ya?ml$/.test(entry.name)) found.push(full);
  }
  return found;
}
