import path from 'node:path';
import { pathOption, type Io } from '../io.js';
import { loadLibrary } from '../../library/load.js';
import { lintLibrary } from '../../lint/lint.js';

export async function runLint(options: { clauses?: string; io: Io }): Promise<number> {
  const { io } = options;
  const library = loadLibrary(pathOption(options.clauses, '--clauses') ? [path.resolve(io.cwd, options.clauses ?? '')] : []);
  const { problems, samples, warnings } = lintLibrary(library);
  for (const w of warnings) io.stderr.write(`Let op: ${w}\n`);
  if (problems.length > 0) {
    io.stderr.write(`De clausulebibliotheek heeft ${problems.length} ${problems.length === 1 ? 'probleem' : 'problemen'}:\n`);
    for (const p of problems) io.stderr.write(`  - ${p}\n`);
    return 2;
  }
  io.stdout.write(
    `Clausulebibliotheek in orde: ${library.questions.length} vragen, ${library.chapters.length} hoofdstukken, ${library.clauses.length} clausules, ${library.presets.length} presets (${samples} combinaties van antwoorden getest).\n`,
  );
  return 0;
}
