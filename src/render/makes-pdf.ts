/**
 * Whether a command line makes a PDF. Without imports on purpose: bin/schoolprotocol.js asks this
 * first, and loads launch.ts (child_process, worker_threads: 15–25 ms of Node's start) only when
 * the answer is yes, so `--help`, `check` and Markdown builds never pay for the browser start.
 */
export function makesPdf(argv: readonly string[]): boolean {
  const [command, ...rest] = argv;
  if (rest.some((arg) => arg === '-h' || arg === '--help')) return false;
  const format = rest.findIndex((arg) => arg === '--format' || arg.startsWith('--format='));
  const formats = format < 0 ? undefined : (rest[format]?.includes('=') ? rest[format]?.split('=')[1] : rest[format + 1]);
  if (command === 'build') return formats === undefined || /(^|,)\s*pdf\s*(,|$)/i.test(formats);
  // init without questions builds at once; the wizard would keep a browser waiting for the user.
  if (command === 'init') return rest.some((arg) => arg === '-y' || arg === '--yes') && !rest.includes('--no-pdf');
  return false;
}
