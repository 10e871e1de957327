/**
 * Handlebars templates compiled ahead: `npm run build` (build/write-cache.ts) precompiles every
 * template file and every clause and companion text with a placeholder into dist/templates.cjs,
 * keyed by the text and the compile options. Compiling them here instead costs a third of a second
 * per process (and per worker thread). A text that is not there (a custom clause, an edited file)
 * is compiled as before, so the file can never be out of date.
 *
 * The environments are Handlebars' runtime (handlebars/runtime), without the compiler: loading the
 * whole package takes twice as long (about 45 against 25 ms on the development machine), in every
 * process and worker. The compiler is loaded only for a text that was not precompiled, and it
 * precompiles that text just as `npm run build` does, so both ways give the same template.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import type FullHandlebars from 'handlebars';
import runtime from 'handlebars/runtime.js';
import { packageRoot } from './paths.js';

/** Clause and companion texts: placeholders and helpers only, no HTML escaping (they are Markdown). */
export const TEXT_OPTIONS: Readonly<CompileOptions> = Object.freeze({
  strict: true,
  noEscape: true,
  knownHelpersOnly: true,
  knownHelpers: Object.freeze({ lijst: true, keuze: true, ref: true, tekst: true, log: false, lookup: false }),
});
/** HTML and CSS templates (templates/*.html.hbs, pdf-page.css.hbs). */
export const HTML_OPTIONS: Readonly<CompileOptions> = Object.freeze({ strict: true });
/** Markdown templates (templates/*.md.hbs): values arrive escaped for Markdown. */
export const MARKDOWN_OPTIONS: Readonly<CompileOptions> = Object.freeze({ strict: true, noEscape: true });

export const PRECOMPILED_FILE = path.join(packageRoot, 'dist', 'templates.cjs');

/** The key of a template: its compile options and its text. */
export function templateKey(text: string, options: CompileOptions): string {
  return createHash('sha1').update(JSON.stringify(options)).update('\0').update(text).digest('base64url');
}

let specs: Record<string, TemplateSpecification> | null | undefined;

function precompiledSpecs(): Record<string, TemplateSpecification> | null {
  if (specs === undefined) {
    try {
      specs = (createRequire(import.meta.url)(PRECOMPILED_FILE) as { specs: Record<string, TemplateSpecification> }).specs;
    } catch {
      specs = null;
    }
  }
  return specs;
}

/** How many templates this process took precompiled and how many it compiled itself (for a test). */
export const templateCounts = { precompiled: 0, compiled: 0 };

/** Handlebars without its compiler, as handlebars/runtime.js holds it (its types declare no such module). */
export interface HandlebarsRuntime extends Omit<typeof FullHandlebars, 'compile' | 'precompile' | 'create'> {
  create(): HandlebarsRuntime;
}
const Handlebars = runtime as unknown as HandlebarsRuntime;

/** A Handlebars environment of its own (helpers registered on it stay there), without the compiler. */
export function handlebarsEnvironment(): HandlebarsRuntime {
  return Handlebars.create();
}

let compiler: typeof FullHandlebars | undefined;

/** The spec of a text that `npm run build` did not precompile, made now by the full Handlebars. */
function precompileNow(text: string, options: CompileOptions): TemplateSpecification {
  compiler ??= createRequire(import.meta.url)('handlebars') as typeof FullHandlebars;
  // A copy: Handlebars adds to the options object it is given, which would change the key.
  const source = compiler.precompile(text, { ...options }) as string;
  // The same JavaScript object literal that dist/templates.cjs holds for a precompiled text.
  return new Function(`return ${source};`)() as TemplateSpecification;
}

/**
 * The template for this text: precompiled when the build made it, else precompiled now. A text
 * with a syntax error throws here, at once (Handlebars' own compile would wait for the first use).
 */
export function compileTemplate(env: HandlebarsRuntime, text: string, options: CompileOptions): HandlebarsTemplateDelegate {
  const spec = precompiledSpecs()?.[templateKey(text, options)];
  templateCounts[spec ? 'precompiled' : 'compiled']++;
  return env.template(spec ?? precompileNow(text, options));
}
