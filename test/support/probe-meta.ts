import type { RuleMeta } from '../../server/src/engine/rule';

/**
 * The metadata of a rule written inside a test to probe the engine: an id (its folder is the category), the
 * languages it runs on, and placeholder docs; anything else the test cares about is passed in `extra`.
 */
export function probeMeta(id: `${RuleMeta['category']}/${string}`, languages: RuleMeta['languages'], extra: Partial<RuleMeta> = {}): RuleMeta {
  return {
    id,
    category: id.slice(0, id.indexOf('/')) as RuleMeta['category'],
    title: id,
    severity: 'warning',
    languages,
    docs: { summary: 's', why: 'w', bad: 'b', good: 'g', references: { cwe: [1] } },
    ...extra,
  };
}
