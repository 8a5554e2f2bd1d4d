import * as assert from 'node:assert/strict';
import { allRules, analyze, defaultConfig, initEngine, type Rule } from '../../server/src/engine';

/** Every Dockerfile and compose rule must survive malformed input without throwing. */
const DOCKERFILES = [
  '',
  '# only a comment\n',
  'FROM\n',
  'RUN\nCMD\nENTRYPOINT\nUSER\nEXPOSE\nADD\nCOPY\nLABEL\nENV\nARG\n',
  'FROM python:3.12\nRUN <<EOF\nnever closed\n',
  'FROM python:3.12\nRUN ["pip", "install"\nCMD [\n',
  'FROM ${UNSET:-${ALSO_UNSET}}:${TAG:+x}\nUSER ${NOPE}\n',
  'FROM a AS a\nFROM a AS b\nFROM b AS a\n',
  'FROM python:3.12\nRUN echo "unterminated \\\n',
  '# escape=`\nFROM python:3.12\nRUN a `\n',
  'FROM python:3.12\nRUN ((((( $(( ${ `` "\'\n',
  'FROM python:3.12\nADD\nADD --checksum\nCOPY --from= . .\nHEALTHCHECK\n',
  `FROM python:3.12\nRUN ${'pip install x && '.repeat(2000)}true\n`,
];
const COMPOSE = ['', 'services:\n', 'services: [1, 2]\n', 'services:\n  a:\n    volumes: {x: 1}\n    environment: 3\n', ': : :\n  - [\n', 'services:\n  a: &x\n    user: root\n  b: *x\n'];

describe('Dockerfile and compose rules on malformed input', () => {
  before(() => initEngine());

  function check(rules: Rule[], code: string, language: string, filePath: string): void {
    const config = defaultConfig();
    for (const rule of rules) config.rules = { ...config.rules, [rule.meta.id]: rule.meta.severity };
    const result = analyze(code, language, { rules, config, filePath });
    assert.deepEqual(result.notes.filter((n) => n.includes('failed')), [], `input: ${JSON.stringify(code.slice(0, 80))}`);
  }

  it('never throws on Dockerfiles', () => {
    const rules = allRules().filter((r) => r.meta.languages.includes('dockerfile'));
    assert.ok(rules.length >= 10);
    for (const code of DOCKERFILES) check(rules, code, 'dockerfile', '/nonexistent/Dockerfile');
  });

  it('never throws on compose files', () => {
    const rules = allRules().filter((r) => r.meta.languages.includes('compose'));
    assert.ok(rules.length >= 5);
    for (const code of COMPOSE) check(rules, code, 'dockercompose', 'compose.yaml');
  });

  it('stays linear on a long RUN chain', () => {
    const rules = allRules().filter((r) => r.meta.languages.includes('dockerfile'));
    const chain = (links: number) => `FROM python:3.12\nRUN ${'pip install x==1 && \\\n  '.repeat(links)}true\n`;
    // Best of three, and a ratio rather than a fixed limit, so that a loaded machine slows both sizes alike:
    // five times the links must cost well under the 25 times a quadratic step would.
    const cost = (links: number) => {
      const code = chain(links);
      let best = Infinity;
      for (let run = 0; run < 3; run++) {
        const start = performance.now();
        check(rules, code, 'dockerfile', '/nonexistent/Dockerfile');
        best = Math.min(best, performance.now() - start);
      }
      return best;
    };
    const small = cost(600);
    const large = cost(3000);
    assert.ok(large < 12 * small + 20, `600 links: ${small.toFixed(1)} ms, 3,000 links: ${large.toFixed(1)} ms`);
  });
});
