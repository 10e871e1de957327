import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { applicableQuestions, defaultValue, type Values } from '../../answers/schema.js';
import { completeAnswers, readAnswersFile, type AnswersFile } from '../../answers/load.js';
import { serializeAnswers } from '../../answers/write.js';
import { buildAll } from '../../build/batch.js';
import { timeoutSetting } from '../../render/launch.js';
import { type Format } from '../../build/outputs.js';
import { removedMessage } from '../../build/school.js';
import type { Io } from '../io.js';
import { inputError, UserError } from '../../util/errors.js';
import { loadLibrary, type Library } from '../../library/load.js';
import { writeFileAtomic } from '../../build/write.js';
import { todayIso } from '../../util/today.js';
import { describeMigration } from '../../answers/migrate.js';
import { ask, runWizard, type Prompts } from '../../wizard/wizard.js';
import { displayPath, fileLines } from '../../util/paths.js';

export interface InitOptions {
  answers?: string;
  out?: string;
  yes?: boolean;
  pdf?: boolean;
  io: Io;
  /** For tests: prompts to use instead of @inquirer/prompts, and whether a terminal is present. */
  prompts?: Prompts;
  interactive?: boolean;
  today?: string;
  /** For tests: the library to use instead of the built-in one. */
  library?: Library;
}

/** Writes the answers file; keeps a backup of a different existing file first. */
function saveAnswers(file: string, text: string): string | undefined {
  if (existsSync(file)) {
    const before = readFileSync(file, 'utf8');
    if (before === text) return undefined;
    const backup = `${file}.bak`;
    copyFileSync(file, backup);
    writeFileAtomic(file, text);
    return backup;
  }
  writeFileAtomic(file, text);
  return undefined;
}

function answersToWrite(library: Library, own: Values, inherited: Values, final: Values): Values {
  // Keep what this file said itself; add what was answered now; leave inherited answers to the parent file.
  const result: Values = {};
  for (const q of library.questions) {
    const value = final[q.id];
    if (value === undefined) continue;
    if (own[q.id] !== undefined || JSON.stringify(inherited[q.id]) !== JSON.stringify(value)) result[q.id] = value;
  }
  return result;
}

/** Questions an answers file written for an older schema must answer again, in order, as far as they apply. */
function questionsToAskAgain(library: Library, existing: AnswersFile | undefined, given: Values, today: string) {
  const again = new Set(existing?.migrations.flatMap((m) => m.reask) ?? []);
  if (again.size === 0) return [];
  const context: Values = {};
  for (const q of library.questions) {
    const value = given[q.id] ?? defaultValue(q, today);
    if (value !== undefined) context[q.id] = value;
  }
  return applicableQuestions(library, context).filter((q) => again.has(q.id));
}

export async function runInit(options: InitOptions): Promise<number> {
  const { io } = options;
  if (options.pdf !== false) {
    // A bad SCHOOLPROTOCOL_PDF_TIMEOUT is a usage error before any question is asked.
    const timeout = timeoutSetting();
    if ('error' in timeout) throw inputError(timeout.error);
  }
  const file = path.resolve(io.cwd, options.answers ?? 'protocol.yaml');
  const library = options.library ?? loadLibrary();
  const today = options.today ?? todayIso();
  const existing = existsSync(file) ? readAnswersFile(file, library) : undefined;
  // A file from an older version of schoolprotocol: say what was brought up to date.
  for (const migration of existing?.migrations ?? []) io.stdout.write(`${describeMigration(migration)}\n`);
  const keep = { ...(existing?.extends && { extends: existing.extends }), ...(existing?.ownHistory && { history: existing.ownHistory }) };
  const inherited: Values = existing ? Object.fromEntries(Object.entries(existing.values).filter(([id]) => existing.own[id] === undefined)) : {};
  const given: Values = { ...(existing?.values ?? {}) };

  let values: Values;
  if (options.yes) {
    values = completeAnswers(library, { datum: today, ...given }).values;
  } else {
    const interactive = options.interactive ?? (process.stdin.isTTY === true && process.stdout.isTTY === true);
    if (!interactive) {
      throw inputError('init stelt vragen en heeft daarvoor een terminal nodig, maar die is er niet (bijvoorbeeld in CI). Gebruik `schoolprotocol init --yes` om de standaardkeuzes te nemen, of vul het antwoordbestand zelf in en gebruik `schoolprotocol build`.');
    }
    const prompts = options.prompts ?? ((await import('@inquirer/prompts')) as unknown as Prompts);
    io.stdout.write(
      existing
        ? `Antwoordbestand ${displayPath(file)} gevonden: ik vraag alleen wat nog ontbreekt.\n`
        : 'Welkom bij schoolprotocol. Beantwoord de vragen; aan het eind ziet u alle antwoorden en kunt u ze nog wijzigen.\n',
    );
    let progress: Values = given;
    const wizardOptions = {
      today,
      print: (line: string, kind?: 'help') => io.stdout.write(kind === 'help' && 'isTTY' in io.stdout && io.stdout.isTTY ? `\x1b[2m${line}\x1b[22m\n` : `${line}\n`),
      onAnswer: (answered: Values) => (progress = answered),
    };
    try {
      const again = questionsToAskAgain(library, existing, given, today);
      if (again.length > 0) io.stdout.write(`${again.length === 1 ? 'Deze vraag is' : 'Deze vragen zijn'} veranderd; beantwoord ${again.length === 1 ? 'hem' : 'ze'} opnieuw.\n`);
      for (const question of again) {
        given[question.id] = await ask(question, given[question.id], library, prompts, wizardOptions);
        progress = { ...given };
      }
      values = await runWizard(library, given, prompts, wizardOptions);
    } catch (error) {
      if (error instanceof Error && error.name === 'ExitPromptError') {
        const partial = answersToWrite(library, existing?.own ?? {}, inherited, progress);
        const backup = saveAnswers(file, serializeAnswers(library, partial, keep));
        throw new UserError(
          `de wizard is afgebroken. De antwoorden tot nu toe staan in ${displayPath(file)}${backup ? ` (het vorige bestand is bewaard als ${displayPath(backup)})` : ''}. ` +
            `Ga verder met \`schoolprotocol init${options.answers ? ` --answers ${options.answers}` : ''}\`: dan vraag ik alleen wat nog ontbreekt.`,
          130,
        );
      }
      throw error;
    }
    values = completeAnswers(library, values).values;
  }

  const toWrite = answersToWrite(library, existing?.own ?? {}, inherited, values);
  const backup = saveAnswers(file, serializeAnswers(library, toWrite, keep));
  io.stdout.write(`Antwoorden opgeslagen in ${displayPath(file)}${backup ? ` (vorige versie: ${displayPath(backup)})` : ''}.\n`);

  const formats: Format[] = options.pdf === false ? ['md', 'html'] : ['md', 'html', 'pdf'];
  const outDir = path.resolve(io.cwd, options.out ?? 'out');
  const [result] = await buildAll([{ label: displayPath(file), file }], { library, outDir, formats });
  if (!result || !result.ok) {
    io.stderr.write(`Fout: ${result?.error ?? 'het protocol kon niet worden gemaakt.'}\n`);
    if (result && result.files.length > 0) io.stderr.write(`Wel gemaakt: ${result.files.map(displayPath).join(', ')}\n`);
    return 1;
  }
  const onlyProtocol = result.files.every((f) => path.basename(f).startsWith('protocol.'));
  io.stdout.write(`${onlyProtocol ? 'Protocol gemaakt' : 'Protocol en bijbehorende documenten gemaakt'}:\n${fileLines(result.files)}${removedMessage([result])}`);
  io.stdout.write(`Volgend jaar aanpassen? Wijzig ${displayPath(file)} en voer \`schoolprotocol build ${displayPath(file)}\` uit.\n`);
  return 0;
}
