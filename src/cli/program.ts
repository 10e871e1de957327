/**
 * The command registry. Each command's module is loaded only when it runs, so `--help` stays
 * instant and puppeteer is never loaded for Markdown. Commands return an exit code; only
 * main() touches process.exitCode, and one catch turns expected errors into Dutch messages.
 */
import type * as Commander from 'commander';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import { packageRoot } from '../util/paths.js';
import { visibleStream, type Io } from './io.js';
import { fileError } from '../util/files.js';
import { namingStream, selfCommand, optionStream } from './self.js';
import { closest } from '../util/text.js';

// commander is CommonJS: required directly, not imported through its ES module wrapper, which has
// Node parse the package for its named exports first (14 M of the 272 M instructions of --help).
const { Command, CommanderError, Help } = createRequire(import.meta.url)('commander') as typeof Commander;
type Command = Commander.Command;
type CommanderError = Commander.CommanderError;

const TITLES: Record<string, string> = {
  'Usage:': 'Gebruik:',
  'Options:': 'Opties:',
  'Commands:': 'Opdrachten:',
  'Arguments:': 'Argumenten:',
  'Global Options:': 'Algemene opties:',
};

class DutchHelp extends Help {
  override styleTitle(title: string): string {
    return TITLES[title] ?? title;
  }

  override commandUsage(command: Command): string {
    return dutchTerms(super.commandUsage(command));
  }

  override subcommandTerm(command: Command): string {
    return dutchTerms(super.subcommandTerm(command));
  }
}

function dutchTerms(text: string): string {
  return text.replace('[options]', '[opties]').replace('[command]', '<opdracht>');
}

function program(io: Io, setExit: (code: number) => void): Command {
  const root = new Command(io.command ?? 'schoolprotocol')
    .description('Stel het protocol sociale media van een school op en maak er Markdown, HTML, PDF en desgewenst Word van voor de MR of GMR.')
    .version(versionText(), '-v, --version', 'toon het versienummer')
    .helpOption('-h, --help', 'toon deze hulp')
    .helpCommand('help [opdracht]', 'toon de hulp bij een opdracht')
    .option('--debug', 'toon bij een fout ook de technische details')
    .showSuggestionAfterError(false)
    .configureHelp({ sortSubcommands: false })
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: () => undefined,
    });
  root.createHelp = () => Object.assign(new DutchHelp(), root.configureHelp());

  // Suggestions of a command run with --clauses keep it: `check --clauses eigen/` suggests `build … --clauses eigen/`.
  const withClauses = (options: { clauses?: string }): Io =>
    options.clauses ? { ...io, stdout: optionStream(io.stdout, `--clauses ${options.clauses}`), stderr: optionStream(io.stderr, `--clauses ${options.clauses}`) } : io;

  const sub = (name: string, description: string) => {
    const command = root
      .command(name)
      .description(description)
      .helpOption('-h, --help', 'toon deze hulp')
      .exitOverride()
      .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s), outputError: () => undefined });
    command.createHelp = () => Object.assign(new DutchHelp(), command.configureHelp());
    return command;
  };

  sub('init', 'beantwoord de vragen (wizard), schrijf het antwoordbestand en maak het protocol')
    .option('--answers <bestand>', 'het antwoordbestand (standaard: protocol.yaml)')
    .option('--out <map>', 'map voor de documenten (standaard: out)')
    .option('-y, --yes', 'stel geen vragen: neem voor alles wat nog niet beantwoord is de standaardkeuze')
    .option('--format <lijst>', 'welke formaten, gescheiden door komma’s: md, html, pdf, docx (standaard: md,html,pdf)')
    .option('--no-pdf', 'maak geen PDF (alleen Markdown en HTML, of wat --format noemt)')
    .option('--clauses <map>', 'map met eigen clausules: hun vragen komen in de wizard, en het protocol gebruikt ze')
    .action(async (options) => {
      const { runInit } = await import('./commands/init.js');
      setExit(await runInit({ ...options, io }));
    });

  sub('build', 'maak de documenten uit een of meer antwoordbestanden')
    .argument('[bestanden...]', 'antwoordbestanden, mappen met antwoordbestanden of patronen zoals "scholen/*.yaml"')
    .option('--preset <naam>', 'bouw met de keuzes van een voorbeeldschool (zie `schoolprotocol presets`)')
    .option('--out <map>', 'map voor de documenten (standaard: out)')
    .option('--format <lijst>', 'welke formaten, gescheiden door komma’s: md, html, pdf, docx (Word) (standaard: md,html,pdf)')
    .option('--zonder <documenten>', 'maak deze documenten naast het protocol niet, gescheiden door komma’s: leerlingversie, ouderbrief, toestemmingsformulier')
    .option('--clauses <map>', 'map met eigen clausules die de ingebouwde aanvullen of vervangen')
    .option('--jobs <aantal>', 'hoeveel PDF\'s tegelijk worden gemaakt (standaard: aantal processorkernen, 2 tot 8)')
    .option('--force', 'druk elke PDF opnieuw af, ook een die al klopt met de antwoorden (standaard blijft zo\'n PDF staan)')
    .option('--json', 'schrijf een JSON-verslag naar stdout')
    .action(async (files: string[], options) => {
      const { runBuild } = await import('./commands/build.js');
      setExit(await runBuild({ files, ...options, io: withClauses(options) }));
    });

  sub('check', 'controleer of de documenten op schijf nog kloppen met de antwoorden en clausules')
    .argument('[bestanden...]', 'antwoordbestanden, mappen of patronen, zoals bij build')
    .option('--out <map>', 'map met de documenten (standaard: out)')
    .option('--clauses <map>', 'map met eigen clausules, zoals bij build')
    .option('--diff', 'toon bij elke wijziging het volledige verschil (bij één school gebeurt dat altijd)')
    .option('--impact', 'toon per school hoeveel artikelen veranderen (t.o.v. de vastgestelde versie of het document op schijf) en welke MR opnieuw moet instemmen')
    .option('--json', 'schrijf een JSON-verslag naar stdout')
    .action(async (files: string[], options) => {
      const { runCheck } = await import('./commands/check.js');
      setExit(await runCheck({ files, ...options, io: withClauses(options) }));
    });

  sub('diff', 'vergelijk twee versies van een protocol en maak een wijzigingsoverzicht voor de MR')
    .argument('<oud>', 'de vorige versie: een antwoordbestand of een gemaakt protocol.md')
    .argument('<nieuw>', 'de nieuwe versie: een antwoordbestand of een gemaakt protocol.md')
    .option('--out <bestand>', 'waar het overzicht komt: een bestandsnaam (met of zonder .md, .html, .pdf of .docx) of een map (standaard: wijzigingen in de huidige map)')
    .option('--format <lijst>', 'welke formaten, gescheiden door komma’s: md, html, pdf, docx (Word) (standaard: md,html,pdf)')
    .option('--clauses <map>', 'map met eigen clausules, zoals bij build (voor antwoordbestanden)')
    .action(async (oud: string, nieuw: string, options) => {
      const { runDiff } = await import('./commands/diff.js');
      setExit(await runDiff({ old: oud, new: nieuw, ...options, io: withClauses(options) }));
    });

  sub('lint', 'controleer de clausulebibliotheek (ingebouwd en eigen clausules)')
    .option('--clauses <map>', 'map met eigen clausules om mee te controleren')
    .action(async (options) => {
      const { runLint } = await import('./commands/lint.js');
      setExit(await runLint({ ...options, io }));
    });

  sub('browser', 'toon welke browser de PDF\'s maakt; met `install` haalt u er een op als er geen is')
    .argument('[actie]', '`install`: haal de Chrome van puppeteer op (alleen als er geen Chrome of Chromium is)')
    .action(async (action: string | undefined) => {
      const { runBrowser } = await import('./commands/browser.js');
      setExit(await runBrowser({ ...(action !== undefined && { action }), io }));
    });

  sub('presets', 'toon de voorbeeldkeuzes (presets) van de bronscholen').action(async () => {
    const { runPresets } = await import('./commands/presets.js');
    setExit(await runPresets({ io }));
  });

  return root;
}

function versionText(): string {
  const pkg = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** The command that `argv` starts (its first word that is not an option), when there is one. */
function commandOf(root: Command, argv: readonly string[]): Command | undefined {
  const name = argv.find((a) => !a.startsWith('-'));
  return root.commands.find((c) => c.name() === name);
}

function commanderMessage(error: CommanderError, root: Command, argv: readonly string[]): string {
  const detail = error.message.replace(/^error: /, '');
  const quoted = /'([^']+)'/.exec(detail)?.[1] ?? '';
  switch (error.code) {
    case 'commander.unknownOption': {
      const command = commandOf(root, argv);
      const flags = [...(command?.options ?? []), ...root.options].flatMap((o) => (o.long ? [o.long] : []));
      const guess = closest(quoted.split('=')[0] ?? quoted, flags);
      const help = command ? `\`schoolprotocol ${command.name()} --help\`` : '`schoolprotocol --help`';
      return `onbekende optie ${quoted}.${guess ? ` Bedoelt u ${guess}?` : ''} Zie ${help}.`;
    }
    case 'commander.unknownCommand': {
      const names = root.commands.map((c) => c.name());
      const guess = closest(quoted, names);
      return `onbekende opdracht ${quoted}.${guess ? ` Bedoelt u ${guess}?` : ''} Kies uit: ${names.filter((n) => n !== 'help').join(', ')} (zie \`schoolprotocol --help\`).`;
    }
    case 'commander.optionMissingArgument':
      return `bij optie ${quoted} hoort een waarde.`;
    case 'commander.missingArgument':
      return `er ontbreekt een argument: ${quoted}.`;
    case 'commander.excessArguments':
      return 'te veel argumenten. Zie `schoolprotocol <opdracht> --help`.';
    case 'commander.missingMandatoryOptionValue':
      return `de optie ${quoted} is verplicht.`;
    default:
      return detail;
  }
}

/** The process's own streams; suggested commands name the program as it was started. */
function processIo(): Io {
  const command = selfCommand(process.argv[1], process.cwd());
  return { stdout: namingStream(process.stdout, command), stderr: namingStream(process.stderr, command), cwd: process.cwd(), command };
}

/** Runs the CLI with the given arguments (without node and script) and returns the exit code. */
export async function main(argv: string[], given: Io = processIo()): Promise<number> {
  let exitCode = 0;
  const debug = argv.includes('--debug');
  // Nothing the program prints may steer the terminal (see visible in io.ts).
  const io: Io = { ...given, stdout: visibleStream(given.stdout), stderr: visibleStream(given.stderr) };
  // With --json, stdout is always one JSON document: on a fatal error, the error.
  const json = argv.includes('--json');
  const fail = (code: number, message: string) => {
    if (json) io.stdout.write(`${JSON.stringify({ error: message, exitCode: code }, null, 2)}\n`);
    return code;
  };
  const root = program({ ...io, debug }, (code) => (exitCode = code));
  try {
    // No command: the help, and exit 2 (nothing was done), as for any other usage error.
    if (argv.filter((a) => a !== '--debug').length === 0) {
      io.stderr.write(root.helpInformation());
      return 2;
    }
    await root.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (thrown) {
    // A file-system error that no command turned into a message still gets one: path and fix.
    const error = fileError(thrown);
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      const message = commanderMessage(error, root, argv);
      io.stderr.write(`Fout: ${message}\n`);
      return fail(2, message);
    }
    if (error instanceof UserError) {
      // An interruption by the user is no error: say what happened and how to go on.
      const text = error.exitCode === 130 ? `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}` : `Fout: ${error.message}`;
      io.stderr.write(`\n${text}\n`.replace(/^\n(?=Fout)/, ''));
      if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
      return fail(error.exitCode, error.message);
    }
    if (error instanceof Error && error.name === 'ExitPromptError') {
      io.stderr.write('\nAfgebroken.\n');
      return 130;
    }
    io.stderr.write(
      `Er ging iets onverwachts mis: ${error instanceof Error ? error.message : String(error)}\n` +
        (debug && error instanceof Error && error.stack ? `${error.stack}\n` : 'Voer de opdracht opnieuw uit met --debug voor de technische details.\n') +
        'Dit is een fout in schoolprotocol; meld hem alstublieft met de opdracht die u gaf.\n',
    );
    return fail(1, `er ging iets onverwachts mis: ${error instanceof Error ? error.message : String(error)}`);
  }
}

