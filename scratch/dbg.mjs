import { PdfRenderer } from '../dist/render/pdf.js';
try { await PdfRenderer.launch(); } catch (e) { console.log('err', e.message.slice(0, 60)); }
setTimeout(() => { console.log(process.getActiveResourcesInfo()); }, 2000).unref();
