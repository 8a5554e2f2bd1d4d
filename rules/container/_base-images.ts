import {
  parseImageReference,
  type Arg,
  type DockerfileModel,
  type ImageReference,
  type Range,
  type SourceText,
  type Stage,
  type TextEdit,
} from '../../server/src/engine/api';

/** A stage's base image from a registry, with where it is written (the FROM, or the ARG default it comes from). */
export interface BaseImage {
  stage: Stage;
  image: string;
  ref: ImageReference;
  /** Where to report: the image in the FROM line. */
  range: Range;
  /** The ARG whose default supplies the image, when FROM uses a variable. */
  viaArg?: { name: string; line: number };
  /** Replaces the tag (or adds one) where the image is written; undefined when that place cannot be found. */
  retag(newTag: string): TextEdit | undefined;
}

/** Stages built from registry images: stage references, `scratch` and images without a known value are left out. */
export function baseImages(model: DockerfileModel, source: SourceText): BaseImage[] {
  const result: BaseImage[] = [];
  for (const stage of model.stages) {
    if (stage.parent || stage.imageUnresolved || !stage.image) continue;
    if (stage.image.toLowerCase() === 'scratch') continue;
    const from = stage.from;
    const range = from.getImageRange() ?? from.getRange();
    const written = from.getImage() ?? '';
    const ref = parseImageReference(stage.image);
    const location = written.includes('$') ? argLocation(model, stage, source) : { range, text: written };
    result.push({
      stage,
      image: stage.image,
      ref,
      range,
      viaArg: location && 'name' in location ? { name: location.name as string, line: location.range.start.line } : undefined,
      retag(newTag) {
        if (!location || location.text !== stage.image) return undefined;
        const start = source.offsetAt(location.range.start);
        const withoutDigest = stage.image.split('@')[0];
        const tagStart = ref.tag !== undefined ? withoutDigest.length - ref.tag.length : withoutDigest.length;
        const tagEnd = withoutDigest.length;
        const prefix = ref.tag !== undefined ? '' : ':';
        return {
          range: source.rangeOf(start + tagStart, start + tagEnd),
          newText: `${prefix}${newTag}`,
        };
      },
    });
  }
  return result;
}

/** The ARG default that holds the whole image, when FROM is `${BASE_IMAGE}`. */
function argLocation(model: DockerfileModel, stage: Stage, _source: SourceText): { name: string; range: Range; text: string } | undefined {
  const fromLine = stage.from.getRange().start.line;
  const args = model.dockerfile.getInstructions().filter((i): i is Arg => i.getKeyword() === 'ARG' && i.getRange().start.line < fromLine);
  for (let i = args.length - 1; i >= 0; i--) {
    for (const property of args[i].getProperties()) {
      const value = property.getValue();
      const valueRange = property.getValueRange();
      if (value && valueRange && value === stage.image && (stage.from.getImage() ?? '').includes(property.getName())) {
        // A quoted default is written with its quotes; only an unquoted one maps one to one.
        const raw = property.getUnescapedValue();
        if (raw !== value) return undefined;
        return { name: property.getName(), range: valueRange, text: value };
      }
    }
  }
  return undefined;
}
