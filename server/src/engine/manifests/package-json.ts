import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { SourceText } from '../source-text';
import type { Range } from '../types';
import type { ParseProblem } from './requirements';

/**
 * package.json read with positions (jsonc-parser's syntax tree), so that a finding points at the
 * dependency's own line and a fix replaces exactly its version string.
 */

export const DEPENDENCY_SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;
export type DependencySection = (typeof DEPENDENCY_SECTIONS)[number];

export interface NpmDependency {
  name: string;
  /** The version range or URL as written. */
  spec: string;
  section: DependencySection;
  nameRange: Range;
  /** Range of the value string including its quotes. */
  specRange: Range;
}

export interface PackageJsonManifest {
  dependencies: NpmDependency[];
  problems: ParseProblem[];
  /** The manifest's own name, when it has one. */
  name: string | undefined;
  /** Dependency sections present, with the range of their key. */
  sections: { section: DependencySection; keyRange: Range; size: number }[];
}

export function parsePackageJson(source: SourceText): PackageJsonManifest {
  const errors: ParseError[] = [];
  const root = parseTree(source.text, errors, { allowTrailingComma: false, disallowComments: true });
  const manifest: PackageJsonManifest = { dependencies: [], problems: [], name: undefined, sections: [] };
  for (const error of errors) {
    manifest.problems.push({
      message: `package.json is not valid JSON: ${describe(error)}`,
      range: source.rangeOf(error.offset, error.offset + Math.max(error.length, 1)),
    });
  }
  if (!root || root.type !== 'object') {
    if (root && errors.length === 0) manifest.problems.push({ message: 'package.json must hold an object', range: source.rangeOf(root.offset, root.offset + root.length) });
    return manifest;
  }
  for (const property of root.children ?? []) {
    const [key, value] = property.children ?? [];
    if (!key || !value) continue;
    if (key.value === 'name' && value.type === 'string') manifest.name = value.value as string;
    if (!(DEPENDENCY_SECTIONS as readonly string[]).includes(key.value as string) || value.type !== 'object') continue;
    manifest.sections.push({ section: key.value as DependencySection, keyRange: rangeOfNode(source, key), size: value.children?.length ?? 0 });
    for (const entry of value.children ?? []) {
      const [nameNode, specNode] = entry.children ?? [];
      if (!nameNode || !specNode || specNode.type !== 'string') continue;
      manifest.dependencies.push({
        name: nameNode.value as string,
        spec: specNode.value as string,
        section: key.value as DependencySection,
        nameRange: rangeOfNode(source, nameNode),
        specRange: rangeOfNode(source, specNode),
      });
    }
  }
  return manifest;
}

function rangeOfNode(source: SourceText, node: JsonNode): Range {
  return source.rangeOf(node.offset, node.offset + node.length);
}

function describe(error: ParseError): string {
  const code = printParseErrorCode(error.error);
  // `CommaExpected` → `comma expected`
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

export type NpmSpecProblem = 'any-version' | 'unpinned-git' | 'url';

/**
 * What is wrong with a dependency's spec, or undefined when it names a bounded registry range, a commit,
 * a local path or a workspace package. Ordinary semver ranges (`^1.2.3`) are not reported: the lock file
 * pins them; `*`, `latest`, `x` and empty ranges pin nothing even in intent.
 */
export function npmSpecProblem(spec: string): NpmSpecProblem | undefined {
  const value = spec.trim();
  if (value === '' || value === '*' || /^(x|X)(\.(x|X|\*))*$/.test(value)) return 'any-version';
  // A bare word is a dist-tag (`latest`, `next`, `canary`): it moves with every publish.
  if (/^[A-Za-z][\w.-]*$/.test(value) && !/^v?\d/.test(value)) return 'any-version';
  if (/^(>=?\s*0(\.0)*(\.0)?\s*)$/.test(value)) return 'any-version';
  if (/^(file:|link:|workspace:|portal:|patch:|\.{0,2}\/)/.test(value)) return undefined;
  if (/^npm:/.test(value)) {
    const at = value.lastIndexOf('@');
    return at > 4 ? npmSpecProblem(value.slice(at + 1)) : 'any-version';
  }
  const git = /^(git\+[a-z]+:\/\/|git:\/\/|github:|gitlab:|bitbucket:|gist:)/i.test(value) || /^[\w.-]+\/[\w.-]+(#.*)?$/.test(value);
  if (git) {
    const ref = value.includes('#') ? value.slice(value.indexOf('#') + 1) : undefined;
    if (ref && /^[0-9a-f]{7,40}$/i.test(ref)) return undefined;
    return 'unpinned-git';
  }
  if (/^https?:\/\//i.test(value)) return /^https?:\/\/[^#]+\.git(#|$)/i.test(value) ? 'unpinned-git' : 'url';
  return undefined;
}

/** Whether a spec asks for one exact registry version (`1.2.3`, `=1.2.3`, `v1.2.3`). */
export function isExactNpmVersion(spec: string): boolean {
  return /^=?v?\d+\.\d+\.\d+(-[\w.]+)?(\+[\w.]+)?$/.test(spec.trim());
}
