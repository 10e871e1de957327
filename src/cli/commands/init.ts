import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { applicableQuestions, defaultValue, withDefaults, type Values } from '../../answers/schema.js';
import { completeAnswers, readAnswersFile, type AnswersFile } from '../../answers/load.js';
import { serializeAnswers, updateAnswers, type WriteOptions } from '../../answers/write.js';
import { buildAll } from '../../build/batch.js';
import { parseFormats } from '../../build/outputs.js';
import { timeoutSetting } from '../../render/launch.js';
import { removedMessage } from '../../build/school.js';
import { pathOption, writeStyled, type Io } from '../io.js';
import { inputError, UserError } from '../../util/errors.js';
import { type Library } from '../../library/load.js';
import { loadCustomLibrary } from '../../lint/custom.js';
import { writeFileAtomic } from '../../build/write.js';
import { todayIso } from '../../util/today.js';
import { describeMigration } from '../../answers/migrate.js';
import { ask, runWizard, type Prompts } from '../../wizard/wizard.js';
import { displayPath, fileLines, pathFrom } from '../../util/paths.js';
import { progress } from '../progress.js';
import { wrapText } from '../../util/text.js';

export interface InitOptions {
  answers?: string;
  out?: string;
  yes?: boolean;
  pdf?: boolean;
  /** `--format`, as for build; `--no-pdf` takes the PDF out of it. */
  format?: string;
  /** A folder of custom clauses: their questions are asked too, and the protocol is built with them. */
  clauses?: string;
  io: Io;
  /** For tests: prompts to use instead of @inquirer/prompts, and whether a terminal is present. */
  prompts?: Prompts;
  interactive?: boolean;
  today?: string;
  /** For tests: the library to use instead of the built-in one. */
  library?: Library;
}

/**
 * The next free backup name: protocol.yaml.1.bak, protocol.yaml.2.bak, ... Earlier backups are
 * never overwritten.
 */
export function backupName(file: string): string {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const pattern = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.bak$`);
  let highest = 0;
  for (const name of readdirSync(dir)) {
    const match = pattern.exec(name);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return path.join(dir, `${base}.${highest + 1}.bak`);
}

/** Writes the answers file; keeps a backup of a different existing file first. */
function saveAnswers(file: string, text: string): string | undefined {
  if (existsSync(file)) {
    const before = readFileSync(file, 'utf8');
    if (before === text) return undefined;
    const backup = backupName(file);
    copyFileSync(file, backup);
    writeFileAtomic(file, text);
    return backup;
  }
  writeFileAtomic(file, text);
  return undefined;
}

/**
 * What the answers file gets. A file of its own holds every answer, so the user sees each choice.
 * A school that `extends` a board file holds only its own: what it said itself, what the user
 * answered now differently from the board, and the school's name and place when the board has none;
 * everything else keeps coming from the board file (and later board changes reach the school).
 */
function answersToWrite(library: Library, existing: AnswersFile | undefined, inherited: Values, final: Values, answered: ReadonlySet<string>): Values {
  if (!existing?.extends) return final;
  const own = existing.own;
  const result: Values = {};
  const context = withDefaults(library.questions, final);
  for (const q of library.questions) {
    const value = final[q.id];
    if (value === undefined) continue;
    // What the school gets without this answer: the board's, or else the recommended choice.
    const without = inherited[q.id] ?? defaultValue(q, undefined, context);
    const differs = JSON.stringify(without) !== JSON.stringify(value);
    if (own[q.id] !== undefined || (answered.has(q.id) && differs) || (q.section === 'school' && inherited[q.id] === undefined)) result[q.id] = value;
  }
  return result;
}

/** Questions an answers file written for an older schema must answer again, in order, as far as they apply. */
function questionsToAskAgain(library: Library, existing: AnswersFile | undefined, given: Values, today: string) {
  const again = new Set(existing?.migrations.flatMap((m) => m.reask) ?? []);
  if (again.size === 0) return [];
  return applicableQuestions(library, withDefaults(library.questions, given, today)).filter((q) => again.has(q.id));
}

export async function runInit(options: InitOptions): Promise<number> {
  const { io } = options;
  if (options.pdf !== false) {
    // A bad SCHOOLPROTOCOL_PDF_TIMEOUT is a usage error before any question is asked.
    const timeout = timeoutSetting();
    if ('error' in timeout) throw inputError(timeout.error);
  }
  // Before the wizard: a wrong --format is said before any question is asked.
  const formats = parseFormats(options.format).filter((f) => !(options.pdf === false && f === 'pdf'));
  const file = path.resolve(io.cwd, pathOption(options.answers, '--answers') ?? 'protocol.yaml');
  const clausesDir = pathOption(options.clauses, '--clauses') ? path.resolve(io.cwd, options.clauses ?? '') : undefined;
  const library = options.library ?? (await loadCustomLibrary(clausesDir));
  const today = options.today ?? todayIso();
  const existing = existsSync(file) ? readAnswersFile(file, library) : undefined;
  // The commands this run suggests carry the options it was given, so they work as printed.
  const fileArg = pathFrom(io.cwd, file);
  const extra = `${options.clauses ? ` --clauses ${options.clauses}` : ''}`;
  const buildCommand = `schoolprotocol build ${fileArg}${extra}${options.out ? ` --out ${options.out}` : ''}`;
  const initCommand = `schoolprotocol init${options.answers ? ` --answers ${options.answers}` : ''}${extra}${options.out ? ` --out ${options.out}` : ''}`;
  const writeOptions: WriteOptions = {
    ...(existing?.extends && { extends: existing.extends }),
    ...(existing?.ownHistory && { history: existing.ownHistory }),
    buildCommand: `${io.command ?? 'schoolprotocol'} build ${fileArg}${extra}`,
  };
  const textFor = (values: Values) => (existing ? updateAnswers(readFileSync(file, 'utf8'), library, values, writeOptions) : serializeAnswers(library, values, writeOptions));
  // A file from an older version of schoolprotocol: say what was brought up to date.
  for (const migration of existing?.migrations ?? []) io.stdout.write(`${describeMigration(migration)}\n`);
  const inherited: Values = existing ? Object.fromEntries(Object.entries(existing.values).filter(([id]) => existing.own[id] === undefined)) : {};
  const given: Values = { ...(existing?.values ?? {}) };

  let values: Values;
  let answered = new Set<string>();
  if (options.yes) {
    values = completeAnswers(library, { datum: today, ...given }).values;
  } else {
    const interactive = options.interactive ?? (process.stdin.isTTY === true && process.stdout.isTTY === true);
    if (!interactive) {
      throw inputError(
        `init stelt vragen en heeft daarvoor een terminal nodig, maar die is er niet (bijvoorbeeld in CI). Gebruik \`${initCommand} --yes\` om de standaardkeuzes te nemen, ` +
          `of vul het antwoordbestand zelf in en gebruik \`${buildCommand}\`.`,
      );
    }
    let prompts = options.prompts;
    if (!prompts) {
      const { withBackKey } = await import('../../wizard/terminal.js');
      prompts = withBackKey((await import('@inquirer/prompts')) as never);
    }
    const tty = 'isTTY' in io.stdout && io.stdout.isTTY === true;
    const width = Math.min(100, ('columns' in io.stdout && typeof io.stdout.columns === 'number' ? io.stdout.columns : 80) - 1);
    const open = applicableQuestions(library, withDefaults(library.questions, given, today)).some((q) => given[q.id] === undefined);
    io.stdout.write(
      `${wrapText(
        !existing
          ? 'Welkom bij schoolprotocol. Eerst de belangrijkste vragen; daarna kiest u of u de rest doorloopt of de aanbevolen keuzes neemt. Aan het eind ziet u alle antwoorden en kunt u ze nog wijzigen. Esc gaat terug naar de vorige vraag.'
          : open
            ? `Antwoordbestand ${displayPath(file)} gevonden: ik vraag alleen wat nog ontbreekt.`
            : `Antwoordbestand ${displayPath(file)} gevonden.`,
        width,
      )}\n`,
    );
    let progressValues: Values = given;
    const wizardOptions = {
      today,
      width,
      inherited,
      print: (line: string, kind?: 'help' | 'header') => {
        if (tty && kind) writeStyled(io.stdout, line, kind === 'help' ? 'dim' : 'bold');
        else io.stdout.write(`${line}\n`);
      },
      onAnswer: (answeredValues: Values, ids: readonly string[]) => {
        progressValues = answeredValues;
        answered = new Set(ids);
      },
    };
    try {
      const again = questionsToAskAgain(library, existing, given, today);
      if (again.length > 0) io.stdout.write(`${again.length === 1 ? 'Deze vraag is' : 'Deze vragen zijn'} veranderd; beantwoord ${again.length === 1 ? 'hem' : 'ze'} opnieuw.\n`);
      for (const question of again) {
        given[question.id] = await ask(question, given[question.id], library, prompts, wizardOptions, given);
        answered.add(question.id);
        progressValues = { ...given };
      }
      const againIds = new Set(answered);
      const result = await runWizard(library, given, prompts, { ...wizardOptions, review: again.length > 0 });
      values = result.values;
      answered = new Set([...againIds, ...result.answered]);
    } catch (error) {
      if (error instanceof Error && error.name === 'ExitPromptError') {
        // Keep what was answered; what was not stays open, so `init` asks it next time.
        const partial = answersToWrite(library, existing, inherited, progressValues, answered);
        const backup = saveAnswers(file, textFor(partial));
        throw new UserError(
          `de wizard is afgebroken. De antwoorden tot nu toe staan in ${displayPath(file)}${backup ? ` (het vorige bestand is bewaard als ${displayPath(backup)})` : ''}. ` +
            `Ga verder met \`${initCommand}\`: dan vraag ik alleen wat nog ontbreekt.`,
          130,
        );
      }
      throw error;
    }
    values = completeAnswers(library, values).values;
  }

  const toWrite = answersToWrite(library, existing, inherited, values, answered);
  const backup = saveAnswers(file, textFor(toWrite));
  io.stdout.write(
    backup || !existing
      ? `Antwoorden opgeslagen in ${displayPath(file)}${backup ? ` (vorige versie: ${displayPath(backup)})` : ''}.\n`
      : `De antwoorden in ${fileArg} zijn niet veranderd.\n`,
  );

  const outDir = path.resolve(io.cwd, pathOption(options.out, '--out') ?? 'out');
  const display = progress(io.stderr, false, { single: true });
  display.start([{ label: displayPath(file) }], formats);
  const [result] = await buildAll([{ label: displayPath(file), file }], { library, outDir, formats, onResult: display.update, onDocument: display.document });
  display.stop();
  for (const warning of result?.warnings ?? []) io.stderr.write(`Let op: ${warning}\n`);
  if (!result || !result.ok) {
    io.stderr.write(`Fout: ${result?.error ?? 'het protocol kon niet worden gemaakt.'}\n`);
    if (result && result.files.length > 0) io.stderr.write(`Wel gemaakt: ${result.files.map(displayPath).join(', ')}\n`);
    return 1;
  }
  const onlyProtocol = result.files.every((f) => path.basename(f).startsWith('protocol.'));
  io.stdout.write(`${onlyProtocol ? 'Protocol gemaakt' : 'Protocol en bijbehorende documenten gemaakt'}:\n${fileLines(result.files)}${removedMessage([result])}`);
  io.stdout.write(`Volgend jaar aanpassen? Wijzig ${displayPath(file)} en voer \`${buildCommand}\` uit, of beantwoord de vragen opnieuw met \`${initCommand}\`.\n`);
  return 0;
}
