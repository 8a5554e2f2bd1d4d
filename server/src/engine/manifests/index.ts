import { shared, type RuleContext } from '../rule';
import { parseRequirements, type RequirementsFile } from './requirements';

export * from './requirements';
export * from './python-versions';

/** The parsed requirements file of the document being analysed, shared by all rules. */
export function requirementsFile(context: RuleContext): RequirementsFile {
  return shared(context, 'manifest:requirements', () => parseRequirements(context.source));
}
