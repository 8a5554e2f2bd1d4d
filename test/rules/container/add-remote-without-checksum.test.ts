import rule from '../../../rules/container/add-remote-without-checksum';
import { runRuleTests } from '../../support/rule-tester';

const d = 'dockerfile';
runRuleTests(rule, {
  valid: [
    { name: 'checksum given', language: d, code: `FROM debian:12\nADD --checksum=sha256:${'b'.repeat(64)} https://x/model.onnx /models/\n` },
    { name: 'local file', language: d, code: 'FROM debian:12\nADD app.tar.gz /srv/\n' },
    { name: 'git pinned to a commit', language: d, code: `FROM debian:12\nADD https://github.com/org/repo.git#${'c'.repeat(40)} /src\n` },
    { name: 'heredoc source', language: d, code: 'FROM debian:12\nADD <<EOF /etc/motd\nhttps://x\nEOF\n' },
  ],
  invalid: [
    {
      name: 'remote URL',
      language: d,
      code: 'FROM debian:12\nADD https://example.com/model.onnx /models/\n',
      findings: [{ line: 2, text: 'https://example.com/model.onnx' }],
      output: 'FROM debian:12\nADD --checksum=sha256:<sha256> https://example.com/model.onnx /models/\n',
    },
    {
      name: 'URL from an ARG, exec form, multi-stage',
      language: d,
      code: 'FROM debian:12 AS fetch\nARG MODEL_URL=https://x/weights.bin\nADD ["${MODEL_URL}", "/w.bin"]\nFROM debian:12\n',
      findings: [{ line: 3, messageIncludes: 'https://x/weights.bin' }],
    },
    {
      name: 'git URL without a commit, continuation',
      language: d,
      code: 'FROM debian:12\nADD --keep-git-dir=true \\\n    https://github.com/org/repo.git#main /src\n',
      findings: [{ line: 3, messageIncludes: 'commit' }],
    },
    {
      name: 'escape directive',
      language: d,
      code: '# escape=`\nFROM debian:12\nADD `\n  https://x/tool.tgz /opt/\n',
      findings: [{ line: 4 }],
      output: '# escape=`\nFROM debian:12\nADD --checksum=sha256:<sha256> `\n  https://x/tool.tgz /opt/\n',
    },
  ],
});
