import { JSONInstruction, ModifiableInstruction, PropertyInstruction, type Instruction, type Property } from 'dockerfile-ast';
import type { SourceText } from '../source-text';
import type { Range } from '../types';

/**
 * Typed access to the parts of an instruction that only some dockerfile-ast classes have, so rules do
 * not need casts: flags (`--mount`, `--chmod`), properties (ENV, ARG, LABEL) and arguments with exec-form
 * JSON arrays already decoded.
 */

export interface InstructionFlag {
  name: string;
  value: string | null;
  range: Range;
  valueRange: Range | null;
}

export interface InstructionArgument {
  /** The argument's value; for exec form, the decoded JSON string. */
  value: string;
  range: Range;
}

export function flagsOf(instruction: Instruction): InstructionFlag[] {
  if (!(instruction instanceof ModifiableInstruction)) return [];
  return instruction.getFlags().map((flag) => ({
    name: flag.getName(),
    value: flag.getValue(),
    range: flag.getRange(),
    valueRange: flag.getValueRange(),
  }));
}

export function propertiesOf(instruction: Instruction): Property[] {
  return instruction instanceof PropertyInstruction ? instruction.getProperties() : [];
}

/** Arguments after the flags; exec-form (`["a", "b"]`) arguments are decoded from JSON. */
export function argumentsOf(instruction: Instruction, source: SourceText): InstructionArgument[] {
  if (instruction instanceof JSONInstruction) {
    const json = instruction.getJSONStrings();
    const raw = instruction.getRawArgumentsContent() ?? '';
    if (json.length > 0 && raw.trimStart().startsWith('[')) {
      return json.map((s) => ({ value: decodeJsonString(source, s.getRange(), s.getJSONValue()), range: s.getRange() }));
    }
  }
  return instruction.getArguments().map((a) => ({ value: a.getValue(), range: a.getRange() }));
}

/**
 * Decodes a JSON string from the document text: dockerfile-ast's own decoding drops the spaces inside
 * strings (`"hello world"` → `helloworld`).
 */
export function decodeJsonString(source: SourceText, range: Range, fallback: string): string {
  const text = source.text.slice(source.offsetAt(range.start), source.offsetAt(range.end));
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : fallback;
  } catch {
    return fallback;
  }
}
