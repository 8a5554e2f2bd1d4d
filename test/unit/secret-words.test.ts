import * as assert from 'node:assert/strict';
import { analyze, initEngine } from '../../server/src/engine';
import type { Rule } from '../../server/src/engine/rule';
import { hasRequiredWords } from '../../server/src/engine/required-words';
import { CONNECTION_URL_SCHEMES, CREDENTIAL_WORDS, findContextKey } from '../../server/src/engine/secrets/detect';
import { CONTEXT_FORMATS, PROVIDER_FORMATS } from '../../server/src/engine/secrets/providers';
import { credentialWords, mandatoryLiterals, providerKeyWords } from '../../server/src/engine/secrets/words';
import browserExposedKey from '../../rules/secret/browser-exposed-key';
import dangerouslyAllowBrowser from '../../rules/secret/dangerously-allow-browser';
import hardcodedCredential from '../../rules/secret/hardcoded-credential';
import hardcodedProviderKey from '../../rules/secret/hardcoded-provider-key';
import { keys } from '../rules/secret/_keys';

/** The rule, counting how often it is set up. */
function counted(rule: Rule): { rule: Rule; created: () => number } {
  let created = 0;
  return {
    rule: { ...rule, create: (context) => (created++, rule.create(context)) },
    created: () => created,
  };
}

/** The rule without its words: what it reports when the prefilter never skips it. */
function unfiltered(rule: Rule): Rule {
  return { ...rule, meta: { ...rule.meta, requires: undefined, requiresAll: undefined } };
}

function findings(rule: Rule, code: string, language = 'python'): string[] {
  return analyze(code, language, { rules: [rule] }).findings.map((f) => `${f.range.start.line}:${f.range.start.character} ${f.ruleId} ${f.message}`);
}

/** Ways Python lets two adjacent string literals be written; each joins into one value. */
const JOINS: ((a: string, b: string) => string)[] = [
  (a, b) => `"${a}" "${b}"`,
  (a, b) => `'${a}''${b}'`,
  (a, b) => `"${a}"\n    "${b}"`,
  (a, b) => `"${a}"  # it's "split"\n    # more\n    "${b}"`,
  (a, b) => `"${a}" \\\n    f"${b}"`,
  (a, b) => `"""${a}"""  rb'${b}'`,
  (a, b) => `"${a}" "" "${b}"`,
];

/** Every way of splitting `content` into two joined literals at the first `limit` positions, and into three around each. */
function splits(content: string, limit = 24): string[] {
  const out: string[] = [];
  for (let i = 1; i < Math.min(content.length, limit); i++) {
    for (const join of JOINS) out.push(join(content.slice(0, i), content.slice(i)));
    if (i + 1 < content.length) out.push(`"${content.slice(0, i)}" '${content.slice(i, i + 1)}' "${content.slice(i + 1)}"`);
  }
  return out;
}

describe('secret rule words (meta.requires)', () => {
  before(() => initEngine());

  it('skips each secret rule, before it is set up, on a file without its words', () => {
    const python = 'import torch\n\nmodel = torch.nn.Linear(4, 4)\nprint("hello world", model, path, keys)\n';
    const javascript = 'const url = process.env.API_URL;\nconsole.log("hello world", url, tokens, monkey);\n';
    for (const [rule, code, language] of [
      [hardcodedProviderKey, python, 'python'],
      [hardcodedCredential, python, 'python'],
      [hardcodedProviderKey, javascript, 'typescript'],
      [hardcodedCredential, javascript, 'typescript'],
      [browserExposedKey, javascript, 'typescript'],
      [dangerouslyAllowBrowser, javascript, 'typescript'],
    ] as const) {
      const { rule: probe, created } = counted(rule);
      assert.deepEqual(findings(probe, code, language), [], rule.meta.id);
      assert.equal(created(), 0, `${rule.meta.id} was set up on ${language}`);
    }
  });

  it('admits keys and names split across joined Python literals, with the findings of the rule without words', function () {
    this.timeout(120_000);
    const cases: [Rule, (literal: string) => string, string][] = [
      [hardcodedProviderKey, (l) => `client = OpenAI(api_key=(${l}))\n`, keys.openaiProject],
      [hardcodedProviderKey, (l) => `AWS = [${l}]\n`, keys.awsAccessKey],
      [hardcodedProviderKey, (l) => `cfg = {\n    ${l}: "${keys.cohere}",\n}\n`, 'cohere_api_key'],
      [hardcodedProviderKey, (l) => `cfg = {\n    ${l}: "${keys.cohere}",\n}\n`, 'CO API KEY'],
      [hardcodedProviderKey, (l) => `cfg = {\n    ${l}: "${keys.wandb}",\n}\n`, 'weights_and_biases_key'],
      [hardcodedCredential, (l) => `cfg = {\n    ${l}: "${keys.password}",\n}\n`, 'DB_PASSWORD'],
      [hardcodedCredential, (l) => `cfg = {\n    ${l}: "${keys.token}",\n}\n`, 'clientSecretKey'],
      [hardcodedCredential, (l) => `cfg = {\n    ${l}: "${keys.token}",\n}\n`, 'github pat'],
      [hardcodedCredential, (l) => `requests.get(u, headers={"Authorization": (${l})})\n`, `Bearer ${keys.hexToken}`],
      [hardcodedCredential, (l) => `engine = create_engine(${l})\n`, `POSTGRESQL://admin:${keys.password}@db.internal/app`],
    ];
    let checked = 0;
    for (const [rule, code, content] of cases) {
      const base = code(`"${content}"`);
      assert.ok(findings(unfiltered(rule), base).length > 0, `${rule.meta.id} does not report ${base}`);
      for (const literal of splits(content)) {
        const text = code(literal);
        assert.deepEqual(findings(rule, text), findings(unfiltered(rule), text), text);
        checked++;
      }
    }
    assert.ok(checked > 1000);
  });

  it('admits tricky positives: an aliased client, case, blanks in a quoted name, a key in a comment', () => {
    const positives: [Rule, string, string][] = [
      [hardcodedProviderKey, `import cohere as c\nclient = c.Client("${keys.cohere}")\n`, 'python'],
      [hardcodedProviderKey, `MiStRaL_KEY = "${keys.mistral}"\n`, 'python'],
      [hardcodedProviderKey, `settings = {"co api key": "${keys.cohere}"}\n`, 'python'],
      [hardcodedProviderKey, `# the old key was ${keys.groq}\n`, 'python'],
      [hardcodedProviderKey, `const client = new Mistral({ apiKey: \`${keys.mistral}\` });\n`, 'typescript'],
      [hardcodedCredential, `const cfg = { "Api-Key": "${keys.token}", apiKEY2: "${keys.hexToken}" };\n`, 'typescript'],
      [hardcodedCredential, `cfg = {"""api\nkey""": "${keys.token}"}\n`, 'python'],
      // A comment between the parts makes the quoted name its raw text: `db`, `old`, `service`, `key`.
      [hardcodedCredential, `cfg = {"db_"  # old: service\n       "key": "${keys.token}"}\n`, 'python'],
      [browserExposedKey, 'const { VITE_OPENAI_API_KEY } = import.meta.env;\n', 'typescript'],
      [dangerouslyAllowBrowser, 'const client = new OpenAI({ "dangerouslyAllowBrowser": true });\n', 'typescript'],
    ];
    for (const [rule, code, language] of positives) {
      const reported = findings(rule, code, language);
      assert.ok(reported.length > 0, `${rule.meta.id} misses ${code}`);
      assert.deepEqual(reported, findings(unfiltered(rule), code, language));
    }
  });

  it('derives the words from the detector data: every prefix, provider name, variable, credential word and scheme is admitted', () => {
    const provider = { requires: providerKeyWords() };
    for (const format of PROVIDER_FORMATS) for (const prefix of format.prefixes ?? []) assert.ok(hasRequiredWords(provider, `x = "${prefix}"`), prefix);
    for (const format of CONTEXT_FORMATS) {
      for (const name of [format.envVar, ...(format.aliases ?? [])]) {
        assert.ok(hasRequiredWords(provider, `x = ${name.toLowerCase()}`), name);
        assert.ok(hasRequiredWords(provider, `x = {"${name.replace(/_/g, ' \t')}": 1}`), name);
      }
    }
    assert.ok(hasRequiredWords(provider, 'x = "Weights and Biases"'));
    assert.ok(!hasRequiredWords(provider, 'x = "Weights and bias"'));
    const credential = { requires: credentialWords() };
    for (const { word, after } of CREDENTIAL_WORDS) {
      const before = after ? `${[...after][0]}_` : 'db_';
      for (const name of [before + word, (before + word).toUpperCase(), `${before}${word[0].toUpperCase()}${word.slice(1)}2`]) {
        assert.ok(hasRequiredWords(credential, `${name} = x`), name);
      }
      if (!CREDENTIAL_WORDS.some((other) => other.word === `${word}s`)) assert.ok(!hasRequiredWords(credential, `${before}${word}s = x`), `${word}s`);
    }
    for (const scheme of CONNECTION_URL_SCHEMES) assert.ok(hasRequiredWords(credential, `"${scheme.toUpperCase()}://u:p@h"`), scheme);
    assert.ok(!hasRequiredWords(credential, 'keys = passes\nauthor = "tokenizer"\npaths = patterns\n'));
    assert.ok(!hasRequiredWords(credential, 'primary_key = 1\n'), 'key counts after api, secret, access...');
  });

  it('compares provider variable names in ASCII case, like the words (not `ſ` for `s`, which toUpperCase would make)', () => {
    assert.equal(findContextKey(keys.deepseek, 'DEEPSEEK_API_KEY')?.formatId, 'deepseek');
    assert.equal(findContextKey(keys.deepseek, 'deepseek_Api_key')?.formatId, 'deepseek');
    assert.equal(findContextKey(keys.deepseek, 'deep\u017Feek_api_key'), undefined);
    assert.ok(!hasRequiredWords({ requires: providerKeyWords() }, "deep\u017Feek_api_key = value"));
  });

  it('reads the literal text every match of an expression contains, per alternative', () => {
    assert.deepEqual(mandatoryLiterals(/wandb|weights.?and.?biases/i), [['wandb'], ['weights', 'and', 'biases']]);
    assert.deepEqual(mandatoryLiterals(/azure\w*?(?:open_?ai|oai)|azure_?ai|\bco_api_key\b/i), [['azure'], ['azure'], ['co_api_key']]);
    assert.deepEqual(mandatoryLiterals(/ab[cd]e{2}f+g(?:h|i)jkl\.m/i), [['jkl.m']]);
    assert.throws(() => mandatoryLiterals(/cohere|\w+/i), /no literal/);
    assert.throws(() => mandatoryLiterals(/cohere/), /not plain case-insensitive/);
  });
});
