import rule from '../../../rules/container/privileged-build';
import { runRuleTests } from '../../support/rule-tester';

const d = 'dockerfile';
runRuleTests(rule, {
  valid: [
    { name: 'mount flags are fine', language: d, code: 'FROM debian:12\nRUN --mount=type=cache,target=/root/.cache pip install -r r.txt\n' },
    { name: 'security=sandbox', language: d, code: 'FROM debian:12\nRUN --security=sandbox make\n' },
    { name: 'docker run without privileges', language: d, code: 'FROM docker:27\nCMD ["docker", "run", "--rm", "alpine"]\n' },
    { name: 'echo of --privileged', language: d, code: 'FROM debian:12\nRUN echo docker run --privileged\n' },
  ],
  invalid: [
    {
      name: 'RUN --security=insecure',
      language: d,
      code: 'FROM debian:12\nRUN --security=insecure --network=none make\n',
      findings: [{ line: 2, text: '--security=insecure' }],
      output: 'FROM debian:12\nRUN --network=none make\n',
    },
    {
      name: 'docker run --privileged in CMD exec form and a RUN heredoc',
      language: d,
      code: 'FROM docker:27 AS ci\nRUN <<EOF\ndocker run --cap-add SYS_ADMIN img\nEOF\nFROM docker:27\nCMD ["docker", "run", "--privileged", "img"]\n',
      findings: [{ line: 3, text: '--cap-add' }, { line: 6, text: '"--privileged"' }],
    },
    {
      name: 'shell-form ENTRYPOINT with a continuation',
      language: d,
      code: 'FROM docker:27\nENTRYPOINT docker run \\\n  --privileged img\n',
      findings: [{ line: 3 }],
    },
  ],
});
