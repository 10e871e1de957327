/**
 * `schoolprotocol browser`: which browser makes the PDFs; `browser install` fetches puppeteer's
 * Chrome when there is none (the step npm 11 no longer takes on its own for a global install).
 */
import type { Io } from '../io.js';
import { UserError } from '../../util/errors.js';

export async function runBrowser(options: { action?: string; io: Io }): Promise<number> {
  const { io } = options;
  const { findBrowser, puppeteerChrome } = await import('../../render/pdf.js');
  const { systemBrowser } = await import('../../render/launch.js');
  if (options.action !== undefined && options.action !== 'install') {
    throw new UserError(`onbekende actie "${options.action}". Gebruik \`schoolprotocol browser\` om te zien welke browser de PDF's maakt, of \`schoolprotocol browser install\` om er een op te halen.`, 2);
  }
  const found = systemBrowser() ?? (await puppeteerChrome());
  if (found) {
    await findBrowser(); // a PUPPETEER_EXECUTABLE_PATH that is no program is reported here
    io.stdout.write(`PDF's worden gemaakt met ${found}.${options.action === 'install' ? ' Er hoeft niets te worden opgehaald.' : ''}\n`);
    return 0;
  }
  if (options.action !== 'install') {
    io.stdout.write('Er is nog geen Chrome of Chromium voor de PDF\'s. Haal de Chrome van puppeteer op met `schoolprotocol browser install`, installeer Chromium (Debian/Ubuntu: `sudo apt-get install chromium`) of wijs een browser aan met PUPPETEER_EXECUTABLE_PATH.\n');
    return 1;
  }
  const { installChrome } = await import('../../render/install.js');
  io.stderr.write('Geen Chrome of Chromium gevonden. Ik haal de Chrome van puppeteer op (eenmalig, ongeveer 170 MB) …\n');
  if (!(await installChrome(io.stderr))) {
    throw new UserError('Chrome ophalen lukte niet (geen internet, of geen schrijfrechten in ~/.cache/puppeteer). Markdown en HTML werken gewoon; voor PDF\'s installeert u Chromium (Debian/Ubuntu: `sudo apt-get install chromium`) of wijst u een browser aan met PUPPETEER_EXECUTABLE_PATH.', 1);
  }
  const own = await puppeteerChrome();
  io.stdout.write(`Klaar: PDF's worden gemaakt met ${own ?? 'de Chrome van puppeteer'}.\n`);
  return 0;
}
