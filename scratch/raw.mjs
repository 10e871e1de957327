import puppeteer from 'puppeteer';
import fs from 'node:fs';
const b = await puppeteer.launch({executablePath:'/usr/lib/chromium/chromium', args:['--no-sandbox','--headless=new'], headless:true});
const p = await b.newPage();
await p.setContent(fs.readFileSync(process.argv[2],'utf8'));
fs.writeFileSync('/tmp/perf/raw.pdf', await p.pdf({format:'A4', printBackground:true, preferCSSPageSize:true, tagged:true, outline:true}));
await b.close();
