import type { ImageReference } from '../../server/src/engine/api';
import {
  ALPINE_EOL,
  ALPINE_OLDEST_LISTED,
  ALPINE_TARGET,
  CUDA_MIN_FOR_TARGET,
  CUDA_UBUNTU_TARGET,
  DEBIAN_EOL,
  DEBIAN_TARGET,
  NODE_CODENAMES,
  NODE_EOL,
  NODE_TARGET,
  PYTHON_EOL,
  PYTHON_TARGET,
  RETIRED_IMAGES,
  UBUNTU_EOL,
  UBUNTU_TARGET,
} from './_eol-images';

/** Why an image is end-of-life, and the tag that replaces it within the same family when there is one. */
export interface EolVerdict {
  reason: string;
  replacementTag?: string;
}

const isPast = (date: string, now: Date) => new Date(`${date}T23:59:59Z`).getTime() < now.getTime();

/** Decides whether an image reference runs on an end-of-life release, from the data table. */
export function eolVerdict(ref: ImageReference, now: Date): EolVerdict | undefined {
  const repository = officialName(ref.repository);
  const retired = RETIRED_IMAGES[repository];
  if (retired) return { reason: retired };
  const tag = ref.tag;
  if (!tag) return undefined;
  switch (repository) {
    case 'python':
      return languageImage(tag, now, /^(\d+\.\d+)(?:\.\d+)?(.*)$/, PYTHON_EOL, PYTHON_TARGET, 'Python');
    case 'node':
      return nodeImage(tag, now);
    case 'debian':
      return debianImage(tag, now);
    case 'ubuntu':
      return ubuntuImage(tag, now);
    case 'alpine':
      return alpineImage(tag, now);
    case 'nvidia/cuda':
      return cudaImage(tag, now);
    default:
      return distroSuffixOnly(tag, now);
  }
}

/** Official images are also pulled as `docker.io/library/python` or through public mirrors of Docker Hub. */
function officialName(repository: string): string {
  return repository.replace(/^(docker\.io\/|index\.docker\.io\/|registry-1\.docker\.io\/|mirror\.gcr\.io\/|public\.ecr\.aws\/docker\/)?(library\/)?/, '');
}

function languageImage(tag: string, now: Date, pattern: RegExp, table: Record<string, string>, target: string, label: string): EolVerdict | undefined {
  const match = pattern.exec(tag);
  if (!match) return distroSuffixOnly(tag, now);
  const [, version, variant] = match;
  const eol = table[version];
  const languageEol = eol !== undefined && isPast(eol, now);
  const distro = variantVerdict(variant, now);
  if (!languageEol && !distro) return undefined;
  const reasons = [];
  if (languageEol) reasons.push(`${label} ${version} reached end of life on ${eol}`);
  if (distro) reasons.push(distro.reason);
  return { reason: reasons.join('; '), replacementTag: `${languageEol ? target : tag.slice(0, tag.length - variant.length)}${distro ? distro.variant : variant}` };
}

function nodeImage(tag: string, now: Date): EolVerdict | undefined {
  const codename = /^(lts-)?([a-z]+)(.*)$/.exec(tag);
  if (codename && NODE_CODENAMES[codename[2]]) {
    const major = NODE_CODENAMES[codename[2]];
    return languageImage(`${major}${codename[3]}`, now, /^(\d+)(.*)$/, NODE_EOL, NODE_TARGET, 'Node.js');
  }
  return languageImage(tag, now, /^(\d+)(?:\.\d+){0,2}(.*)$/, NODE_EOL, NODE_TARGET, 'Node.js');
}

/** A variant suffix naming a distribution release (`-slim-buster`, `-alpine3.16`), and its supported replacement. */
function variantVerdict(variant: string, now: Date): { reason: string; variant: string } | undefined {
  for (const [codename, { version, eol }] of Object.entries(DEBIAN_EOL)) {
    const pattern = new RegExp(`(^|-)${codename}($|-)`);
    if (pattern.test(variant) && isPast(eol, now)) {
      return {
        reason: `Debian ${version} (${codename}) reached end of life on ${eol}`,
        variant: variant.replace(pattern, `$1${DEBIAN_TARGET.codename}$2`),
      };
    }
  }
  const alpine = /(^|-)alpine(3\.(\d+))($|-)/.exec(variant);
  if (alpine && alpineIsEol(alpine[2], Number(alpine[3]), now)) {
    return {
      reason: `Alpine ${alpine[2]} reached end of life${ALPINE_EOL[alpine[2]] ? ` on ${ALPINE_EOL[alpine[2]]}` : ''}`,
      variant: variant.replace(alpine[0], `${alpine[1]}alpine${ALPINE_TARGET}${alpine[4]}`),
    };
  }
  return undefined;
}

function alpineIsEol(version: string, minor: number, now: Date): boolean {
  const eol = ALPINE_EOL[version];
  return eol ? isPast(eol, now) : minor < ALPINE_OLDEST_LISTED;
}

function distroSuffixOnly(tag: string, now: Date): EolVerdict | undefined {
  const verdict = variantVerdict(tag, now);
  // Other images may not publish a newer variant of the same version: report without a fix.
  return verdict ? { reason: verdict.reason } : undefined;
}

function debianImage(tag: string, now: Date): EolVerdict | undefined {
  const byCodename = variantVerdict(tag, now);
  if (byCodename) return { reason: byCodename.reason, replacementTag: byCodename.variant };
  const numeric = /^(\d+)(?:\.\d+)*(.*)$/.exec(tag);
  if (!numeric) return undefined;
  const entry = Object.entries(DEBIAN_EOL).find(([, release]) => release.version === numeric[1]);
  if (!entry || !isPast(entry[1].eol, now)) return undefined;
  return { reason: `Debian ${numeric[1]} (${entry[0]}) reached end of life on ${entry[1].eol}`, replacementTag: `${DEBIAN_TARGET.version}${numeric[2]}` };
}

function ubuntuImage(tag: string, now: Date): EolVerdict | undefined {
  const numeric = /^(\d\d\.\d\d)(.*)$/.exec(tag);
  if (numeric) {
    const release = UBUNTU_EOL[numeric[1]];
    if (!release || !isPast(release.eol, now)) return undefined;
    return { reason: `Ubuntu ${numeric[1]} reached the end of standard support on ${release.eol}`, replacementTag: UBUNTU_TARGET.version };
  }
  const named = /^([a-z]+)(.*)$/.exec(tag);
  const entry = named && Object.entries(UBUNTU_EOL).find(([, release]) => release.codename === named[1]);
  if (!entry || !isPast(entry[1].eol, now)) return undefined;
  return { reason: `Ubuntu ${entry[0]} (${entry[1].codename}) reached the end of standard support on ${entry[1].eol}`, replacementTag: UBUNTU_TARGET.codename };
}

function alpineImage(tag: string, now: Date): EolVerdict | undefined {
  const match = /^(3\.(\d+))(?:\.\d+)?$/.exec(tag);
  if (!match || !alpineIsEol(match[1], Number(match[2]), now)) return undefined;
  return { reason: `Alpine ${match[1]} reached end of life${ALPINE_EOL[match[1]] ? ` on ${ALPINE_EOL[match[1]]}` : ''}`, replacementTag: ALPINE_TARGET };
}

function cudaImage(tag: string, now: Date): EolVerdict | undefined {
  const ubuntu = /ubuntu(\d\d\.\d\d)/.exec(tag);
  if (ubuntu) {
    const release = UBUNTU_EOL[ubuntu[1]];
    if (!release || !isPast(release.eol, now)) return undefined;
    const reason = `the CUDA image is built on Ubuntu ${ubuntu[1]}, whose standard support ended on ${release.eol}`;
    const cuda = /^(\d+)\.(\d+)/.exec(tag);
    const [minMajor, minMinor] = CUDA_MIN_FOR_TARGET;
    const supported = cuda && (Number(cuda[1]) > minMajor || (Number(cuda[1]) === minMajor && Number(cuda[2]) >= minMinor));
    return supported ? { reason, replacementTag: tag.replace(ubuntu[0], `ubuntu${CUDA_UBUNTU_TARGET}`) } : { reason };
  }
  if (/(centos7|centos8|ubi7)/.test(tag)) return { reason: 'the CUDA image is built on an end-of-life CentOS/UBI release' };
  return undefined;
}
