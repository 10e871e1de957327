/**
 * The command registry. Each command's module is loaded only when it runs, so `--help` stays
 * instant and puppeteer is never loaded for Markdown. Commands return an exit code; only
 * main() touches process.exitCode, and one catch turns expected errors into Dutch messages.
 */
import { Command, CommanderError, Help } from 'commander';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import { packageRoot } from '../util/paths.js';
import type { Io } from './io.js';
import { namingStream, selfCommand } from './self.js';

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
    .description('Stel het protocol sociale media van een school op en maak er Markdown, HTML en PDF van voor de MR of GMR.')
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
    .option('--no-pdf', 'maak alleen Markdown en HTML, geen PDF')
    .action(async (options) => {
      const { runInit } = await import('./commands/init.js');
      setExit(await runInit({ ...options, io }));
    });

  sub('build', 'maak de documenten uit een of meer antwoordbestanden')
    .argument('[bestanden...]', 'antwoordbestanden, mappen met antwoordbestanden of patronen zoals "scholen/*.yaml"')
    .option('--preset <naam>', 'bouw met de keuzes van een voorbeeldschool (zie `schoolprotocol presets`)')
    .option('--out <map>', 'map voor de documenten (standaard: out)')
    .option('--format <lijst>', 'welke formaten, gescheiden door komma’s: md, html, pdf (standaard: md,html,pdf)')
    .option('--zonder <documenten>', 'maak deze documenten naast het protocol niet, gescheiden door komma’s: leerlingversie, ouderbrief, toestemmingsformulier')
    .option('--clauses <map>', 'map met eigen clausules die de ingebouwde aanvullen of vervangen')
    .option('--jobs <aantal>', 'hoeveel PDF\'s tegelijk worden gemaakt (standaard: aantal processorkernen, 2 tot 8)')
    .option('--json', 'schrijf een JSON-verslag naar stdout')
    .action(async (files: string[], options) => {
      const { runBuild } = await import('./commands/build.js');
      setExit(await runBuild({ files, ...options, io }));
    });

  sub('check', 'controleer of de documenten op schijf nog kloppen met de antwoorden en clausules')
    .argument('[bestanden...]', 'antwoordbestanden, mappen of patronen, zoals bij build')
    .option('--out <map>', 'map met de documenten (standaard: out)')
    .option('--clauses <map>', 'map met eigen clausules, zoals bij build')
    .option('--impact', 'toon per school hoeveel artikelen veranderen (t.o.v. de vastgestelde versie of het document op schijf) en welke MR opnieuw moet instemmen')
    .option('--json', 'schrijf een JSON-verslag naar stdout')
    .action(async (files: string[], options) => {
      const { runCheck } = await import('./commands/check.js');
      setExit(await runCheck({ files, ...options, io }));
    });

  sub('diff', 'vergelijk twee versies van een protocol en maak een wijzigingsoverzicht voor de MR')
    .argument('<oud>', 'de vorige versie: een antwoordbestand of een gemaakt protocol.md')
    .argument('<nieuw>', 'de nieuwe versie: een antwoordbestand of een gemaakt protocol.md')
    .option('--out <bestand>', 'waar het overzicht komt: een bestandsnaam (met of zonder .md, .html of .pdf) of een map (standaard: wijzigingen in de huidige map)')
    .option('--format <lijst>', 'welke formaten, gescheiden door komma’s: md, html, pdf (standaard: md,html,pdf)')
    .option('--clauses <map>', 'map met eigen clausules, zoals bij build (voor antwoordbestanden)')
    .action(async (oud: string, nieuw: string, options) => {
      const { runDiff } = await import('./commands/diff.js');
      setExit(await runDiff({ old: oud, new: nieuw, ...options, io }));
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

function commanderMessage(error: CommanderError): string {
  const detail = error.message.replace(/^error: /, '');
  const quoted = /'([^']+)'/.exec(detail)?.[1] ?? '';
  switch (error.code) {
    case 'commander.unknownOption':
      return `onbekende optie ${quoted}. Zie \`schoolprotocol --help\` of \`schoolprotocol <opdracht> --help\`.`;
    case 'commander.unknownCommand':
      return `onbekende opdracht ${quoted}. Kies uit: init, build, check, diff, lint, presets (zie \`schoolprotocol --help\`).`;
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
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let exitCode = 0;
  const debug = argv.includes('--debug');
  try {
    await program({ ...io, debug }, (code) => (exitCode = code)).parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      io.stderr.write(`Fout: ${commanderMessage(error)}\n`);
      return 2;
    }
    if (error instanceof UserError) {
      // An interruption by the user is no error: say what happened and how to go on.
      const text = error.exitCode === 130 ? `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}` : `Fout: ${error.message}`;
      io.stderr.write(`\n${text}\n`.replace(/^\n(?=Fout)/, ''));
      if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
      return error.exitCode;
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
    return 1;
  }
}

