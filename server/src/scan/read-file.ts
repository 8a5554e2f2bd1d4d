import * as fs from 'node:fs';

export interface ReadText {
  text: string;
  /** Set when the file was not valid UTF-8 and invalid bytes were replaced with U+FFFD. */
  note?: string;
  /** The file started with a UTF-8 byte-order mark (dropped from `text`; to be kept when writing back). */
  bom?: boolean;
  /** The bytes read (files only): a fix checks the file still holds them before replacing it. */
  bytes?: Uint8Array;
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenientDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/**
 * Decodes file contents as UTF-8 text. A byte-order mark is dropped; invalid sequences become U+FFFD
 * with a note, so a file with a stray Latin-1 byte is still analysed (positions after it stay right
 * on their lines) instead of failing the scan.
 */
export function decodeText(bytes: Uint8Array): ReadText {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    return bom ? { text: strictDecoder.decode(bytes), bom } : { text: strictDecoder.decode(bytes) };
  } catch {
    return { text: lenientDecoder.decode(bytes), note: 'not valid UTF-8; invalid bytes were replaced with U+FFFD' };
  }
}

/** Reads a file as text (see decodeText). File system errors are thrown to the caller. */
export async function readTextFile(file: string): Promise<ReadText> {
  return decodeText(await fs.promises.readFile(file));
}

export function readTextFileSync(file: string): ReadText {
  const bytes = fs.readFileSync(file);
  return { ...decodeText(bytes), bytes };
}
