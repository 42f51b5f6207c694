/**
 * Word .docx: the text of word/document.xml, one line per paragraph (so speaker labels at a
 * paragraph start are found, and a match's line is its paragraph number). Tabs and line breaks
 * inside a paragraph are kept; deleted tracked changes, field codes and the fallback copies of text
 * boxes are left out. Headers, footers, footnotes and comments are not read.
 *
 * Why not mammoth: it converts to HTML/markdown with styles, pulls in about ten packages (jszip,
 * bluebird, underscore, xmldom, ...) and reads the whole archive through promises, where a
 * transcript needs only its paragraphs' text. A zip directory reader and a tag walk over one XML
 * part are a few dozen lines over node:zlib, with no dependency and a size check before inflating.
 */
import type { DocumentItem, Reader } from '../documents.js';
import { decodeBytes } from '../decode.js';
import { isZip, listZip, readZipEntry, ZipError } from './zip.js';

/** Elements whose text is not part of the document's reading text. */
const SKIP = new Set(['w:delText', 'w:instrText', 'mc:Fallback', 'w:fldData', 'w:footnoteReference', 'w:endnoteReference']);

const XML_ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(XML_ENTITY, (_, dec?: string, hex?: string, name?: string) => {
    if (name) return NAMED[name]!;
    const cp = dec ? Number(dec) : parseInt(hex!, 16);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
  });
}

/** word/document.xml -> text, one line per paragraph. */
export function documentXmlText(xml: string): string {
  const out: string[] = [];
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)([^>]*)>|([^<]+)/g;
  let skipDepth = 0;
  let inText = false;
  let inBody = false;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(xml)) !== null) {
    if (m[4] !== undefined) {
      if (inText && skipDepth === 0 && inBody) out.push(unescapeXml(m[4]));
      continue;
    }
    const closing = m[1] === '/';
    const name = m[2]!;
    const selfClosing = m[3]!.endsWith('/');
    if (name === 'w:body') {
      inBody = !closing;
      continue;
    }
    if (SKIP.has(name)) {
      if (selfClosing) continue;
      skipDepth += closing ? -1 : 1;
      if (skipDepth < 0) skipDepth = 0;
      continue;
    }
    if (skipDepth > 0 || !inBody) continue;
    if (name === 'w:t') inText = !closing && !selfClosing;
    else if (name === 'w:p' && (closing || selfClosing)) out.push('\n');
    else if (!closing && (name === 'w:tab' || name === 'w:ptab')) out.push('\t');
    else if (!closing && (name === 'w:br' || name === 'w:cr')) out.push('\n');
    else if (!closing && name === 'w:noBreakHyphen') out.push('-');
  }
  return out.join('');
}

/** Bytes of a .docx -> its text, or a reason it cannot be read. */
export function docxText(bytes: Uint8Array, maxSize: number): { text: string } | { skip: string } {
  if (bytes.length === 0) return { skip: 'empty file' };
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    return { skip: 'not a .docx (an old binary .doc, or a password-protected document): save it as .docx without a password' };
  }
  if (!isZip(bytes)) return { skip: 'not a Word .docx file (not a zip archive)' };
  try {
    const entry = listZip(bytes).find((e) => e.name === 'word/document.xml');
    if (!entry) return { skip: 'a zip archive without word/document.xml: not a Word document' };
    const xml = decodeBytes(readZipEntry(bytes, entry, maxSize));
    if ('skip' in xml) return { skip: `word/document.xml: ${xml.skip}` };
    return { text: documentXmlText(xml.text) };
  } catch (e) {
    if (e instanceof ZipError) return { skip: `not a readable .docx: ${e.message}` };
    throw e;
  }
}

export const docxReader: Reader = function* (bytes, id, file, options): Generator<DocumentItem> {
  const r = docxText(bytes, Math.max(options.maxFileSize * 20, 1024 * 1024));
  if ('skip' in r) yield { kind: 'skipped', id, source: file, reason: r.skip };
  else if (r.text.trim() === '') yield { kind: 'skipped', id, source: file, reason: 'no text in the document' };
  else yield { kind: 'document', id, source: file, text: r.text };
};
