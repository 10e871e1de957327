/**
 * `npm run build` runs this after compiling: it bundles tsc's output in dist/ into dist/app/, the
 * modules bin/schoolprotocol.js runs. Node 20 resolves, reads and links every ES module apart, and
 * that is most of a cold start's cost: zod is 95 modules, puppeteer-core's connector 101. As one
 * bundle, importing zod took 320 M instructions instead of 443 M, and the connector 285 M instead
 * of 474 M (callgrind, `node --single-threaded`, Node's own start 90 M included).
 *
 * Bundled: this program's modules, zod and puppeteer-core. The other packages stay where npm put
 * them: they are one file each already (commander, yaml, handlebars, marked, js-yaml, diff) or are
 * loaded only for a rare command (docx, @inquirer/prompts, puppeteer's download code, pdf-lib).
 * What a command loads late (`await import`) stays a chunk of its own, loaded late.
 *
 * The entry points keep their names: program.js (the command line), makes-pdf.js, launch.js and
 * early.js (what the bin loads first), worker.js and print-worker.js (the scripts of a batch's worker
 * threads and of the print thread; see threadScript in util/paths.ts). dist/app/ is two levels
 * below the package root, like dist/util/, so packageRoot is the same from either.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { rolldown } from 'rolldown';
import { bundleDir, packageRoot } from '../util/paths.js';

/** Packages bundled with the program: many small modules each, on the path of a cold start. */
const BUNDLED = /^(zod|puppeteer-core)(\/|$)/;

const dist = path.join(packageRoot, 'dist');
const bundle = await rolldown({
  input: {
    program: path.join(dist, 'cli', 'program.js'),
    'makes-pdf': path.join(dist, 'render', 'makes-pdf.js'),
    launch: path.join(dist, 'render', 'launch.js'),
    early: path.join(dist, 'build', 'early.js'),
    worker: path.join(dist, 'build', 'worker.js'),
    'print-worker': path.join(dist, 'render', 'print-worker.js'),
  },
  platform: 'node',
  // A bare name (a package, `node:fs`) stays an import unless it is a bundled package.
  external: (id) => !id.startsWith('.') && !path.isAbsolute(id) && !BUNDLED.test(id),
  logLevel: 'warn',
});
try {
  rmSync(bundleDir, { recursive: true, force: true });
  await bundle.write({ dir: bundleDir, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' });
} finally {
  await bundle.close();
}
