/**
 * The built-in library with a folder of custom clauses (`--clauses`), checked quickly before it is
 * used: a custom clause that does not fit the library is a Dutch input error, not a broken document.
 */
import { inputError } from '../util/errors.js';
import { loadLibrary, type Library } from '../library/load.js';

export async function loadCustomLibrary(extraDir: string | undefined): Promise<Library> {
  const library = loadLibrary(extraDir ? [extraDir] : []);
  if (!extraDir) return library;
  const { lintLibrary } = await import('./lint.js');
  const { problems } = lintLibrary(library, { quick: true });
  if (problems.length > 0) {
    throw inputError(`de eigen clausules in ${extraDir} kloppen niet:\n${problems.slice(0, 10).map((p) => `  - ${p}`).join('\n')}\nControleer ze met \`schoolprotocol lint --clauses ${extraDir}\`.`);
  }
  return library;
}

