import { shared, type RuleContext } from '../rule';
import { parsePackageJson, type PackageJsonManifest } from './package-json';
import { parsePyproject, type PyprojectManifest } from './pyproject';
import { parseRequirements, type RequirementsFile } from './requirements';

export * from './requirements';
export * from './python-versions';
export * from './package-json';
export * from './npm-versions';
export * from './pyproject';

/** The parsed requirements file of the document being analysed, shared by all rules. */
export function requirementsFile(context: RuleContext): RequirementsFile {
  return shared(context, 'manifest:requirements', () => parseRequirements(context.source));
}

/** The parsed package.json of the document being analysed, shared by all rules. */
export function packageJsonManifest(context: RuleContext): PackageJsonManifest {
  return shared(context, 'manifest:package-json', () => parsePackageJson(context.source));
}

/** The parsed pyproject.toml of the document being analysed, shared by all rules. */
export function pyprojectManifest(context: RuleContext): PyprojectManifest {
  return shared(context, 'manifest:pyproject', () => parsePyproject(context.source));
}
export * from './huggingface-cache';
