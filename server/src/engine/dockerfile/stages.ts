import type { Dockerfile, From, Instruction } from 'dockerfile-ast';
import { expandVariables } from './variables';

/** One build stage: its FROM, the instructions up to the next FROM, and the earlier stage it builds on. */
export interface Stage {
  index: number;
  from: From;
  /** `AS name`, lower-cased (stage names are case-insensitive). */
  name: string | undefined;
  /** The FROM image with ARG defaults expanded; `unresolved` when a build argument has no default. */
  image: string;
  imageUnresolved: boolean;
  /** The earlier stage named by FROM (`FROM build AS final`), whose filesystem and USER this stage inherits. */
  parent: Stage | undefined;
  /** Instructions after FROM, up to the next FROM. */
  instructions: Instruction[];
  isFinal: boolean;
}

/** Splits a Dockerfile into stages and links each to the stage it is built from, if any. */
export function buildStages(dockerfile: Dockerfile): Stage[] {
  const froms = dockerfile.getFROMs();
  const instructions = dockerfile.getInstructions();
  const stages: Stage[] = [];
  const byName = new Map<string, Stage>();
  froms.forEach((from, index) => {
    const startLine = from.getRange().start.line;
    const nextLine = index + 1 < froms.length ? froms[index + 1].getRange().start.line : Number.POSITIVE_INFINITY;
    const raw = from.getImage() ?? '';
    const expansion = expandVariables(dockerfile, raw, startLine);
    const image = expansion.value.trim();
    const parent = byName.get(image.toLowerCase());
    const stage: Stage = {
      index,
      from,
      name: from.getBuildStage()?.toLowerCase() ?? undefined,
      image,
      imageUnresolved: expansion.unresolved,
      parent,
      instructions: instructions.filter((i) => {
        const line = i.getRange().start.line;
        return line > startLine && line < nextLine;
      }),
      isFinal: index === froms.length - 1,
    };
    stages.push(stage);
    if (stage.name) byName.set(stage.name, stage);
  });
  return stages;
}

/** True when a FROM names an earlier stage rather than an image from a registry. */
export function isStageReference(stage: Stage): boolean {
  return stage.parent !== undefined;
}

/** The stage whose instructions contain a line (0-based), if any. */
export function stageAtLine(stages: readonly Stage[], line: number): Stage | undefined {
  let found: Stage | undefined;
  for (const stage of stages) {
    if (stage.from.getRange().start.line <= line) found = stage;
    else break;
  }
  return found;
}

/** A parsed image reference: `registry/repo/name:tag@digest`. */
export interface ImageReference {
  /** Everything before the tag, lower-cased, e.g. `python`, `nvidia/cuda`, `gcr.io/distroless/python3`. */
  repository: string;
  /** The last path segment of the repository, e.g. `cuda`. */
  name: string;
  tag: string | undefined;
  digest: string | undefined;
}

export function parseImageReference(image: string): ImageReference {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  // A colon before the last slash belongs to a registry port (`localhost:5000/app`).
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const repository = rest.toLowerCase();
  const name = repository.slice(repository.lastIndexOf('/') + 1);
  return { repository, name, tag: tag || undefined, digest: digest || undefined };
}
