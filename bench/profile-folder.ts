// The measuring half of bench/profile: runs the engine's phases one by one on every file of a folder and
// times each, attributing the rule walk to the rule whose visitor ran. Kept next to the script, out of the
// shipped code: it imports engine internals a product module must not depend on.
import { DockerfileParser } from 'dockerfile-ast';
import { AnalyzedDocument, defaultConfig, initEngine, allRules, type Rule } from '../server/src/engine';
import { analyzeDocument, hasCandidateRules, runRules } from '../server/src/engine/analyze';
import { treeForRules } from '../server/src/engine/syntax/tree-for-rules';
import type { Visitors } from '../server/src/engine/rule';
import { discoverFiles } from '../server/src/scan/discover';
import { readTextFileSync } from '../server/src/scan/read-file';
import { tuneV8ForBatchScan } from '../server/src/scan/batch-tuning';

export interface FolderProfile {
  files: number;
  lines: number;
  parsedFiles: number;
  totalMs: number;
  phases: Record<string, number>;
  rules: { id: string; ms: number; files: number }[];
}

const now = () => performance.now();

export async function profileFolder(folder: string): Promise<FolderProfile> {
  // As the CLI's scan workers run (the heap settings apply to later isolates only; the tier-up budget here too).
  tuneV8ForBatchScan();
  await initEngine();
  const config = { ...defaultConfig(), projectRoot: folder };
  const { files } = await discoverFiles([folder], { exclude: [], excludeRoot: folder });
  const perRule = new Map<string, { ms: number; files: Set<string> }>();
  let current = '';
  const charge = (rule: Rule, ms: number) => {
    const entry = perRule.get(rule.meta.id) ?? { ms: 0, files: new Set<string>() };
    entry.ms += ms;
    entry.files.add(current);
    perRule.set(rule.meta.id, entry);
  };
  // Each rule's create and visitors are timed and charged to the rule; everything else runs as in a scan.
  const timed: Rule[] = allRules().map((rule) => ({
    ...rule,
    create(context) {
      const started = now();
      const visitors = rule.create(context);
      charge(rule, now() - started);
      if (!visitors) return visitors;
      const wrapped: Visitors = {};
      for (const [type, visit] of Object.entries(visitors)) {
        if (!visit) continue;
        (wrapped as Record<string, (node: never) => void>)[type] = (node: never) => {
          const begun = now();
          try {
            (visit as (node: never) => void)(node);
          } finally {
            charge(rule, now() - begun);
          }
        };
      }
      return wrapped;
    },
  }));
  const phases: Record<string, number> = { read: 0, 'prefilter (no parse)': 0, parse: 0, 'tree copy': 0, 'rules and walk': 0, notebooks: 0 };
  let lines = 0;
  let parsedFiles = 0;
  const allStarted = now();
  for (const file of files) {
    current = file.path;
    let started = now();
    const read = readTextFileSync(file.path);
    phases.read += now() - started;
    lines += read.text.split('\n').length;
    const document = new AnalyzedDocument(file.languageId, file.path, read.text);
    const options = { config, filePath: file.path, rules: timed };
    try {
      const family = document.family;
      if (!family) continue;
      if (family === 'notebook') {
        started = now();
        analyzeDocument(document, options);
        phases.notebooks += now() - started;
        continue;
      }
      started = now();
      const candidate = hasCandidateRules(family, document.text, options);
      phases['prefilter (no parse)'] += now() - started;
      if (!candidate) continue;
      started = now();
      const live = document.tree;
      phases.parse += now() - started;
      if (live) parsedFiles++;
      started = now();
      const tree = live ? treeForRules(live, document.text) : undefined;
      phases['tree copy'] += now() - started;
      started = now();
      runRules(
        {
          family,
          languageId: document.languageId,
          filePath: file.path,
          source: document.source,
          tree,
          dockerfile: family === 'dockerfile' ? DockerfileParser.parse(document.text) : undefined,
        },
        options,
      );
      phases['rules and walk'] += now() - started;
    } finally {
      document.dispose();
    }
  }
  const totalMs = now() - allStarted;
  const ruleTotal = [...perRule.values()].reduce((sum, entry) => sum + entry.ms, 0);
  phases['  of which rules'] = ruleTotal;
  const rules = [...perRule].map(([id, entry]) => ({ id, ms: entry.ms, files: entry.files.size })).sort((a, b) => b.ms - a.ms);
  return { files: files.length, lines, parsedFiles, totalMs, phases, rules };
}
