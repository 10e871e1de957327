/** Reads one side of a comparison: an answers file (assembled with the library) or a built protocol.md. */
import path from 'node:path';
import { renderJob } from './job.js';
import type { Library } from '../library/load.js';
import { MAX_PROTOCOL_BYTES, readTextFile } from '../util/yaml.js';
import { parseProtocolMarkdown, versionFromProtocol, type ProtocolVersion } from '../redline/document.js';

/** Whether a file is a protocol in Markdown (by its extension, else by its first line). */
export function isMarkdownFile(file: string, text?: () => string): boolean {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return true;
  if (ext === '.yaml' || ext === '.yml') return false;
  return text ? /^# /.test(text()) : false;
}

export function loadVersion(file: string, label: string, library: Library): ProtocolVersion {
  let text: string | undefined;
  const read = () => (text ??= readTextFile(file, 'protocol', MAX_PROTOCOL_BYTES));
  if (isMarkdownFile(file, read)) return parseProtocolMarkdown(read(), label);
  const doc = renderJob({ label, file }, library);
  return versionFromProtocol(doc.protocol, doc.markdown, label);
}
