import { findNodeAtLocation, parseJsonTree, type JsonNode } from './json-tree';
import { SourceText } from '../source-text';
import type { Position } from '../types';
import type { CellKind, NotebookCell, NotebookModel, NotebookOutput, NotebookText } from './model';

/** Outputs larger than this are scanned only up to it: a huge log must not stall the scan. */
const MAX_OUTPUT_CHARS = 1_000_000;

export class NotebookFormatError extends Error {}

/**
 * Reads an `.ipynb` file (nbformat 4) into a NotebookModel. Cell sources and text outputs keep a map from
 * each character back to its place inside the JSON string in the file, escapes included.
 * Throws NotebookFormatError with a message a user can act on.
 */
export function parseIpynb(fileText: string): NotebookModel {
  const root = parseJsonTree(fileText);
  if (!root || root.type !== 'object') {
    throw new NotebookFormatError('not a valid notebook: the file is not valid JSON');
  }
  const nbformat = findNodeAtLocation(root, ['nbformat'])?.value;
  if (typeof nbformat === 'number' && nbformat < 4) {
    throw new NotebookFormatError(`nbformat ${nbformat} notebooks are not supported; convert with "jupyter nbconvert --to notebook --nbformat 4"`);
  }
  const cellsNode = findNodeAtLocation(root, ['cells']);
  if (!cellsNode || cellsNode.type !== 'array') throw new NotebookFormatError('not a valid notebook: no "cells" array');
  const fileSource = new SourceText(fileText);
  const language =
    stringAt(root, ['metadata', 'kernelspec', 'language']) ?? stringAt(root, ['metadata', 'language_info', 'name']) ?? 'python';
  const cells: NotebookCell[] = [];
  (cellsNode.children ?? []).forEach((cellNode, index) => {
    const kind = cellKind(stringAt(cellNode, ['cell_type']));
    const text = multilineText(fileSource, findNodeAtLocation(cellNode, ['source']));
    const outputs: NotebookOutput[] = [];
    const outputsNode = findNodeAtLocation(cellNode, ['outputs']);
    for (const outputNode of outputsNode?.type === 'array' ? (outputsNode.children ?? []) : []) {
      const outputType = stringAt(outputNode, ['output_type']) ?? 'unknown';
      for (const part of outputTexts(outputNode, outputType)) {
        outputs.push({ ...multilineText(fileSource, part, MAX_OUTPUT_CHARS), outputType });
      }
    }
    cells.push({ ...text, index, kind, outputs });
  });
  return { cells, language };
}

function cellKind(value: string | undefined): CellKind {
  return value === 'markdown' ? 'markdown' : value === 'raw' ? 'raw' : 'code';
}

function stringAt(node: JsonNode, path: (string | number)[]): string | undefined {
  const found = findNodeAtLocation(node, path);
  return found?.type === 'string' ? (found.value as string) : undefined;
}

/** The JSON nodes holding an output's text: stream text, text/plain data, and an error's value and traceback. */
function outputTexts(output: JsonNode, outputType: string): JsonNode[] {
  const parts: (JsonNode | undefined)[] = [];
  if (outputType === 'stream') parts.push(findNodeAtLocation(output, ['text']));
  if (outputType === 'execute_result' || outputType === 'display_data') {
    // Only text: images and other binary payloads (base64) are skipped.
    parts.push(findNodeAtLocation(output, ['data', 'text/plain']));
  }
  if (outputType === 'error') {
    parts.push(findNodeAtLocation(output, ['evalue']), findNodeAtLocation(output, ['traceback']));
  }
  return parts.filter((p): p is JsonNode => p !== undefined && (p.type === 'string' || p.type === 'array'));
}

interface Segment {
  /** Offset of the segment in the joined text. */
  start: number;
  /** File offset of each character of the segment (one past the last for the end). */
  fileOffsets: number[];
}

/** Joins a JSON string, or an array of strings (nbformat's multiline text), keeping the position map. */
function multilineText(file: SourceText, node: JsonNode | undefined, limit = Infinity): NotebookText {
  const strings = !node ? [] : node.type === 'string' ? [node] : (node.children ?? []).filter((c) => c.type === 'string');
  const segments: Segment[] = [];
  let text = '';
  for (const stringNode of strings) {
    if (text.length >= limit) break;
    const decoded = decodeWithOffsets(file.text, stringNode.offset, stringNode.length);
    segments.push({ start: text.length, fileOffsets: decoded.fileOffsets });
    text += decoded.value;
  }
  const source = new SourceText(text);
  return {
    source,
    toFilePosition(offset: number): Position | undefined {
      if (segments.length === 0) return undefined;
      let segment = segments[0];
      for (const candidate of segments) if (candidate.start <= offset) segment = candidate;
      const within = Math.min(offset - segment.start, segment.fileOffsets.length - 1);
      return file.positionAt(segment.fileOffsets[Math.max(0, within)]);
    },
  };
}

/** Decodes a JSON string literal at `offset` (quotes included in `length`), mapping each decoded character to its file offset. */
function decodeWithOffsets(fileText: string, offset: number, length: number): { value: string; fileOffsets: number[] } {
  let value = '';
  const fileOffsets: number[] = [];
  const end = offset + length - 1;
  for (let i = offset + 1; i < end; ) {
    const c = fileText[i];
    if (c !== '\\') {
      value += c;
      fileOffsets.push(i);
      i++;
      continue;
    }
    const next = fileText[i + 1];
    fileOffsets.push(i);
    if (next === 'u') {
      value += String.fromCharCode(parseInt(fileText.slice(i + 2, i + 6), 16));
      i += 6;
      continue;
    }
    value += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[next] ?? next;
    i += 2;
  }
  fileOffsets.push(end);
  return { value, fileOffsets };
}
