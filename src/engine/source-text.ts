/**
 * Reading a file into the text the parser sees, and turning edited text back into the exact
 * bytes to write: the BOM and the line-ending style of the original are kept.
 */

import { isUtf8 } from 'node:buffer';

const UTF8_BOM = '\uFEFF';

export interface SourceText {
  /** The text without its BOM: what the parser sees and what edit positions refer to. */
  readonly text: string;
  readonly bom: boolean;
  /** The file's dominant line ending, used for any line the tool adds. */
  readonly eol: '\n' | '\r\n';
  /**
   * The cache's digest of `text`, when a cached run knows it without reading the file (its stamp
   * is unchanged, see `cache/stamped-reads.ts`); the text is then read only if it is asked for.
   */
  readonly digest?: string;
}

/** Why a file cannot be migrated as text, or undefined when it can. */
export type DecodeResult = { ok: true; source: SourceText } | { ok: false; reason: string };

export function decodeSource(bytes: Uint8Array): DecodeResult {
  // A NUL byte in the first 8 KiB is how git and grep tell binary from text.
  if (bytes.subarray(0, 8192).includes(0)) {
    return { ok: false, reason: 'binary content (a NUL byte); not a source file' };
  }
  // Checked first, then decoded: a strict TextDecoder does both in one pass, but at a third of the speed.
  if (!isUtf8(bytes)) return { ok: false, reason: 'not valid UTF-8; re-save it as UTF-8 to migrate it' };
  // A BOM stays in the decoded text here, and is taken off below.
  const decoded = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const bom = decoded.startsWith(UTF8_BOM);
  const text = bom ? decoded.slice(1) : decoded;
  return { ok: true, source: { text, bom, eol: dominantEol(text) } };
}

export function dominantEol(text: string): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (text[i - 1] === '\r') crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

export function encodeSource(source: SourceText, newText: string): Buffer {
  return Buffer.from((source.bom ? UTF8_BOM : '') + newText, 'utf8');
}
