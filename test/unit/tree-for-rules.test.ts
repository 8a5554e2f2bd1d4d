import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, initEngine } from '../../server/src/engine/index';
import { languageIdForPath } from '../../server/src/engine/languages';

// Outsized trees are read live instead of snapshotted (memory); the findings must not depend on which.
const corpus = path.resolve(__dirname, '../corpus/apps');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

describe('full analysis on live trees (files over the snapshot node limit)', () => {
  before(async () => initEngine());

  it('reports exactly what the snapshot reports, on every tree-sitter file of the corpus', () => {
    let compared = 0;
    let withFindings = 0;
    for (const file of filesUnder(corpus)) {
      const languageId = languageIdForPath(file);
      if (!languageId || !/\.(py|js|ts|tsx|jsx|sh|ya?ml)$|Dockerfile$/.test(file)) continue;
      const text = fs.readFileSync(file, 'utf8');
      const snapshot = analyze(text, languageId, { filePath: file });
      const live = analyze(text, languageId, { filePath: file, snapshotNodeLimit: 0 });
      assert.deepEqual(live, snapshot, file);
      compared++;
      if (snapshot.findings.length > 0) withFindings++;
    }
    assert.ok(compared >= 20 && withFindings >= 10, `${compared} files compared, ${withFindings} with findings`);
  });
});
