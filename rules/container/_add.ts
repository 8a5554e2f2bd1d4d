import type { Instruction, Range } from '../../server/src/engine/api';

/** What an ADD instruction copies: its flags by name and its sources (every argument but the destination). */
export interface AddParts {
  flags: Map<string, { value: string | null; range: Range }>;
  sources: { value: string; range: Range }[];
}

export function addParts(instruction: Instruction): AddParts | undefined {
  if (instruction.getKeyword() !== 'ADD') return undefined;
  const withFlags = instruction as unknown as { getFlags(): { getName(): string; getValue(): string | null; getRange(): Range }[] };
  const flags = new Map(withFlags.getFlags().map((f) => [f.getName(), { value: f.getValue(), range: f.getRange() }]));
  const json = (instruction as unknown as { getJSONStrings?(): { getJSONValue(): string; getRange(): Range }[] }).getJSONStrings?.() ?? [];
  const args = json.length > 0
    ? json.map((s) => ({ value: s.getJSONValue(), range: s.getRange() }))
    : instruction.getArguments().map((a) => ({ value: a.getValue(), range: a.getRange() }));
  // Heredoc sources (`ADD <<EOF /x`) are inline text, not files.
  if (args.some((a) => a.value.startsWith('<<'))) return { flags, sources: [] };
  return { flags, sources: args.slice(0, -1) };
}

export const isRemote = (source: string) => /^(https?|ftp):\/\//i.test(source);
export const isGitSource = (source: string) => /^git@|^(https?|ssh|git):\/\/.*\.git(#.*)?$/i.test(source);
/** Local archives ADD unpacks; ADD is the right instruction for them. */
export const isArchive = (source: string) => /\.(tar|tar\.(gz|bz2|xz|zst)|tgz|tbz2?|txz|tzst)$/i.test(source);
