import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { serializeAnswers } from '../answers/write.js';
import { type Values } from '../answers/schema.js';
import { choiceQuestions, random, randomAssignment } from '../lint/combinations.js';
import type { Library } from '../library/load.js';

/** Writes a board file and `count` school files that extend it, with varied choices. */
export function generateSchools(library: Library, dir: string, count: number, seed = 7): string[] {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'bestuur.yaml'),
    serializeAnswers(library, { bestuur: 'Stichting Benchmark Onderwijs', versie: '1.0', datum: '2026-11-22', status: 'concept', raad: 'MR' }),
  );
  const next = random(seed);
  const files: string[] = [];
  const keuzes = new Set(choiceQuestions(library).filter((q) => q.section === 'keuzes').map((q) => q.id));
  for (let i = 1; i <= count; i++) {
    const choices = Object.fromEntries(Object.entries(randomAssignment(library, next)).filter(([id]) => keuzes.has(id)));
    const values: Values = { naam: `Basisschool Nummer ${i}`, plaats: 'Benchmarkstad', ...choices };
    const file = path.join(dir, `school-${String(i).padStart(4, '0')}.yaml`);
    writeFileSync(file, serializeAnswers(library, values, { extends: 'bestuur.yaml' }));
    files.push(file);
  }
  return files;
}

