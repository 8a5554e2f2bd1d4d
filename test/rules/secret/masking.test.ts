import * as assert from 'node:assert/strict';
import { analyze, initEngine, type Finding } from '../../../server/src/engine';
import browserExposedKey from '../../../rules/secret/browser-exposed-key';
import dangerouslyAllowBrowser from '../../../rules/secret/dangerously-allow-browser';
import dockerfileEnvSecret from '../../../rules/secret/dockerfile-env-secret';
import hardcodedCredential from '../../../rules/secret/hardcoded-credential';
import hardcodedProviderKey from '../../../rules/secret/hardcoded-provider-key';
import { keys } from './_keys';

const rules = [hardcodedProviderKey, hardcodedCredential, dockerfileEnvSecret, browserExposedKey, dangerouslyAllowBrowser];
const secrets = Object.values(keys);

/** Every text a finding carries that could reach a user: message, fix titles and texts, related messages, properties. */
function visibleTexts(finding: Finding): string[] {
  return [
    finding.message,
    ...finding.fixes.flatMap((fix) => [fix.title, ...fix.edits.map((edit) => edit.newText)]),
    ...finding.related.map((r) => r.message),
    ...Object.values(finding.properties ?? {}).map(String),
  ];
}

describe('secret rules never show a secret in full', () => {
  before(() => initEngine());

  const documents: [string, string][] = [
    ['python', secrets.map((key, i) => `value_${i} = "${key}"\napi_key_${i} = "${key}"  # ${key}\n`).join('')],
    ['typescript', secrets.map((key, i) => `const apiKey${i} = "${key}"; // ${key}\nfetch(u, { headers: { Authorization: \`Bearer ${key}\` } });\n`).join('')],
    ['dockerfile', `FROM python:3.12\n${secrets.map((key, i) => `ENV API_KEY_${i}=${key}\nARG DB_PASSWORD_${i}="${key}"\n`).join('')}`],
  ];

  for (const [language, code] of documents) {
    it(`${language}: finds the keys and masks every one of them`, () => {
      const { findings } = analyze(code, language, { rules });
      // One finding per literal (and per comment in code): the test fails if detection breaks.
      // (The 13-character password is too short to be an API key, so API_KEY_n misses it in the Dockerfile.)
      const expected = secrets.length * 2 - (language === 'dockerfile' ? 1 : 0);
      assert.ok(findings.length >= expected, `only ${findings.length} findings for ${secrets.length} keys`);
      for (const finding of findings) {
        for (const text of visibleTexts(finding)) {
          for (const secret of secrets) {
            assert.ok(!text.includes(secret), `${finding.ruleId} shows a full secret: ${text.slice(0, 40)}`);
            // Not even a long piece: maskSecret keeps at most the first 4 and last 2 characters.
            assert.ok(!text.includes(secret.slice(4, 12)), `${finding.ruleId} shows part of a secret: ${text.slice(0, 40)}`);
          }
        }
      }
    });
  }
});
