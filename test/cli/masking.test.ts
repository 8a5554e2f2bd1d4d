import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanup, makeProject, runCli } from './run-cli';

/** Fake, format-valid keys (random characters around the providers' fixed markers); never issued. */
const OPENAI_KEY = 'sk-proj-Qm7xT2vLp9RwZ4kNc8HdY3bFj6GsA1eU5oVi0tXn' + 'T3BlbkFJ' + 'Wc4Lr8Pz2Kq7Nd5Hx9Mb3Vf6Tg1Sj0Ya8Ue2Ro4Ik7';
const HF_TOKEN = 'hf_' + 'ujzPdeIgxLdGncfBAepfJBdKhoOOLdKLzd';

describe('secrets are masked in every output format', () => {
  let root: string;
  before(() => {
    root = makeProject({
      'app/settings.py': `OPENAI_API_KEY = "${OPENAI_KEY}"\nclient = OpenAI(api_key="${OPENAI_KEY}")\n`,
      'app/hub.py': `HF_TOKEN = "${HF_TOKEN}"\n`,
      'web/client.ts': `const openai = new OpenAI({ apiKey: "${OPENAI_KEY}" });\n`,
      Dockerfile: `FROM python:3.12-slim\nENV OPENAI_API_KEY=${OPENAI_KEY}\nUSER app\n`,
    });
  });
  after(() => cleanup(root));

  for (const format of ['text', 'json', 'sarif', 'gitlab']) {
    it(`${format}: reports the keys, shows them masked, never in full (stdout, stderr and --output)`, async () => {
      const printed = await runCli(['scan', '--format', format], root);
      const written = await runCli(['scan', '--format', format, '--output', `report.${format}`], root);
      const file = fs.readFileSync(path.join(root, `report.${format}`), 'utf8');
      for (const output of [printed.stdout, printed.stderr, written.stdout, written.stderr, file]) {
        assert.ok(!output.includes(OPENAI_KEY), 'the full OpenAI key was printed');
        assert.ok(!output.includes(HF_TOKEN), 'the full Hugging Face token was printed');
        // Not even a long piece of it: at most the first 4 and last 2 characters show.
        assert.ok(!output.includes(OPENAI_KEY.slice(4, 16)), 'a part of the OpenAI key was printed');
        assert.ok(!output.includes(HF_TOKEN.slice(3, 15)), 'a part of the Hugging Face token was printed');
      }
      assert.equal(printed.code, 1);
      // The scan did see the keys: one finding per place, so the test breaks if detection breaks.
      for (const place of ['app/settings.py', 'app/hub.py', 'web/client.ts', 'Dockerfile']) {
        assert.ok(printed.stdout.includes(place), `no finding in ${place}`);
      }
      assert.match(printed.stdout, /secret\//);
    });
  }
});
