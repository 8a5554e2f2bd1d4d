import { RULES } from '../../../rules/index.generated';
import type { LanguageFamily } from './languages';
import type { Rule } from './rule';

/**
 * The one place the engine learns which rules exist. `rules/index.generated.ts` is written at build time
 * by scripts/gen-rules-index.mjs from the files under rules/<category>/, so adding a rule never touches
 * the engine.
 */
export function allRules(): readonly Rule[] {
  return RULES;
}

const byId = new Map<string, Rule>();
export function ruleById(id: string): Rule | undefined {
  if (byId.size === 0) for (const rule of RULES) byId.set(rule.meta.id, rule);
  return byId.get(id);
}

export function ruleIds(): ReadonlySet<string> {
  return new Set(RULES.map((rule) => rule.meta.id));
}

export function rulesForFamily(family: LanguageFamily, rules: readonly Rule[] = RULES): Rule[] {
  return rules.filter((rule) => rule.meta.languages.includes(family));
}
