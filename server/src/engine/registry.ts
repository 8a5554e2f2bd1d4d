import type { LanguageFamily } from './languages';
import type { Rule } from './rule';

/**
 * The one place the engine learns which rules exist. `rules/index.generated.ts` is written at build time
 * by scripts/gen-rules-index.mjs from the files under rules/<category>/, so adding a rule never touches
 * the engine.
 *
 * The index is loaded on first use, not at import time: rule files import the engine's API, so a static
 * import here would make a cycle in which a rule being loaded sees the index half-built.
 */
let rules: readonly Rule[] | undefined;

export function allRules(): readonly Rule[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  rules ??= (require('../../../rules/index.generated') as typeof import('../../../rules/index.generated')).RULES;
  return rules;
}

let byId: Map<string, Rule> | undefined;
export function ruleById(id: string): Rule | undefined {
  byId ??= new Map(allRules().map((rule) => [rule.meta.id, rule]));
  return byId.get(id);
}

/** Every rule's id, without loading the rules (a cached scan needs only the ids). */
export function ruleIds(): ReadonlySet<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return new Set((require('../../../rules/ids.generated') as typeof import('../../../rules/ids.generated')).RULE_IDS);
}

/**
 * The candidates that apply to a family's files. Asked twice for every file a scan analyses (whether any rule
 * could report, then which to run), so the answer is kept per list of candidates (the registry's, or a
 * test's) and family: filtering some 70 rules twice per file was about 1 % of a scan's CPU.
 */
export function rulesForFamily(family: LanguageFamily, candidates: readonly Rule[] = allRules()): readonly Rule[] {
  let byFamily = familyRules.get(candidates);
  if (!byFamily) familyRules.set(candidates, (byFamily = new Map()));
  let found = byFamily.get(family);
  if (!found) byFamily.set(family, (found = Object.freeze(candidates.filter((rule) => rule.meta.languages.includes(family)))));
  return found;
}

const familyRules = new WeakMap<readonly Rule[], Map<LanguageFamily, readonly Rule[]>>();
