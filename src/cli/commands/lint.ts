import path from 'node:path';
import { pathOption, type Io } from '../io.js';
import { loadLibrary } from '../../library/load.js';
import { lintLibrary } from '../../lint/lint.js';
import { COMPANIONS, companionTexts } from '../../companions/index.js';

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
  // What the custom folder decided about built-in blocks of the companions, with its reasons, to review.
  const decisions = companionTexts(library).flatMap((texts) =>
    texts.decisions.map((d) => `  - ${d.action === 'omit' ? 'weggelaten uit' : 'ongewijzigd in'} ${COMPANIONS.find((c) => c.id === texts.document)?.called ?? texts.document}: ${d.id} (${d.reason})\n`),
  );
  if (decisions.length > 0) io.stdout.write(`Blokken van de documenten bij het protocol:\n${decisions.join('')}`);
  return 0;
}
