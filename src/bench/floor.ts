/**
 * The floor of `npm run bench`: the least any tool must do to turn our HTML into a tagged PDF
 * with an outline: start Node, load puppeteer, launch the browser (the binary itself), print once
 * (tagged, with bookmarks), close. `node dist/bench/floor.js <browser> <html> <pdf>`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import puppeteer from 'puppeteer';

const [executablePath, input, output] = process.argv.slice(2);
if (!executablePath || !input || !output) throw new Error('usage: floor.js <browser> <html> <pdf>');
const browser = await puppeteer.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--headless=new'] });
try {
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  await page.setContent(readFileSync(input, 'utf8'), { waitUntil: 'load' });
  writeFileSync(output, await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, tagged: true, outline: true }));
} finally {
  await browser.close();
}
