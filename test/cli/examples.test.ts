import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { runCli } from './run-cli';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const repositoryRoot = path.resolve(__dirname, '../..');

/** The README's first command, `npx aisec scan examples`, on the example app. */
describe('aisec scan examples', () => {
  it('finds problems in every file of the example app and exits 1', async () => {
    const run = await runCli(['scan', 'examples', '--format', 'json'], repositoryRoot);
    assert.equal(run.code, 1, run.stderr);
    const { findings } = JSON.parse(run.stdout) as { findings: { file: string; ruleId: string }[] };
    const files = new Set(findings.map((f) => f.file));
    for (const file of [
      'examples/ai-app/app/main.py',
      'examples/ai-app/app/models.py',
      'examples/ai-app/web/server.ts',
      'examples/ai-app/Dockerfile',
      'examples/ai-app/requirements.txt',
      'examples/ai-app/web/package.json',
    ]) {
      assert.ok(files.has(file), `no finding in ${file}`);
    }
    const rules = new Set(findings.map((f) => f.ruleId));
    for (const rule of ['secret/hardcoded-provider-key', 'container/root-user', 'supply-chain/torch-load-without-weights-only']) {
      assert.ok(rules.has(rule), `${rule} did not fire on the examples`);
    }
  });

  it('gives data-flow findings as SARIF codeFlows with the steps of the flow', async () => {
    const run = await runCli(['scan', 'examples', '--format', 'sarif'], repositoryRoot);
    const results: Json[] = JSON.parse(run.stdout).runs[0].results;
    const flows = results.filter((r) => r.codeFlows);
    assert.ok(flows.length > 0, 'no result with a codeFlow');
    for (const result of flows) {
      const steps = result.codeFlows[0].threadFlows[0].locations;
      assert.ok(steps.length >= 2, `${result.ruleId}: a flow needs at least two steps`);
      // The flow is the related steps, plus the finding itself at the end when no step is already there.
      assert.ok([result.relatedLocations.length, result.relatedLocations.length + 1].includes(steps.length));
      const last = steps[steps.length - 1].location.physicalLocation.region;
      const related = result.relatedLocations.map((l: Json) => l.physicalLocation.region);
      const primary = result.locations[0].physicalLocation.region;
      assert.ok(
        [primary, ...related].some((r: Json) => r.startLine === last.startLine && r.startColumn === last.startColumn),
        'the last step is a known location',
      );
      for (const step of steps) {
        assert.equal(step.location.physicalLocation.artifactLocation.uri, result.locations[0].physicalLocation.artifactLocation.uri);
        assert.ok(step.location.message.text.length > 0);
      }
    }
  });
});
