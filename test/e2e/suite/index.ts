// Entry point VS Code's test runner loads inside the extension host (`--extensionTestsPath`). Bundled by
// test/e2e/run-tests.ts into test/e2e/out/suite.js; mocha stays external (it is loaded from node_modules).
import * as fs from 'node:fs';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false, reporter: 'spec' });
  // The tests are bundled into this file, so they register on the suite directly instead of through addFile.
  mocha.suite.emit('pre-require', globalThis, 'aisec-e2e', mocha);
  // Each suite needs its own VS Code session (trust is decided when the window opens); run-tests.ts picks one.
  if (process.env.AISEC_E2E_SUITE === 'trust') require('./trust.e2e');
  else {
    require('./extension.e2e');
    require('./notebook.e2e');
  }
  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // The extension host's console cannot be replaced; mocha's own logger reaches the runner's stdout.
      const passes = runner.stats?.passes ?? 0;
      Mocha.reporters.Base.consoleLog(`${passes} passed, ${failures} failed`);
      // The runner adds up the sessions from these files for its final line.
      const results = process.env.AISEC_E2E_RESULTS;
      if (results) fs.writeFileSync(results, JSON.stringify({ passes, failures }));
      if (failures > 0) reject(new Error(`${failures} end-to-end test(s) failed`));
      else resolve();
    });
  });
}
