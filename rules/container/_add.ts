import { argumentsOf, flagsOf, type Instruction, type Range, type SourceText } from '../../server/src/engine/api';

/** What an ADD instruction copies: its flags by name and its sources (every argument but the destination). */
export interface AddParts {
  flags: Map<string, { value: string | null; range: Range }>;
  sources: { value: string; range: Range }[];
}

export function addParts(instruction: Instruction, source: SourceText): AddParts | undefined {
  if (instruction.getKeyword() !== 'ADD') return undefined;
  const flags = new Map(flagsOf(instruction).map((f) => [f.name, { value: f.value, range: f.range }]));
  const args = argumentsOf(instruction, source);
  // Heredoc sources (`ADD <<EOF /x`) are inline text, not files.
  if (args.some((a) => a.value.startsWith('<<'))) return { flags, sources: [] };
  return { flags, sources: args.slice(0, -1) };
}

export const isRemote = (source: string) => /^(https?|ftp):\/\//i.test(source);
export const isGitSource = (source: string) => /^git@|^(https?|ssh|git):\/\/.*\.git(#.*)?$/i.test(source);
/** Local archives ADD unpacks; ADD is the right instruction for them. */
export const isArchive = (source: string) => /\.(tar|tar\.(gz|bz2|xz|zst)|tgz|tbz2?|txz|tzst)$/i.test(source);
