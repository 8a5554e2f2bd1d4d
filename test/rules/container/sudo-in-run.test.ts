import rule from '../../../rules/container/sudo-in-run';
import { runRuleTests } from '../../support/rule-tester';

const d = 'dockerfile';
runRuleTests(rule, {
  valid: [
    { name: 'plain apt-get', language: d, code: 'FROM debian:12\nRUN apt-get update\n' },
    { name: 'sudo as a package name or an argument', language: d, code: 'FROM debian:12\nRUN echo sudo && apt-get remove -y sudo\n' },
    { name: 'sudo in a comment inside a continuation', language: d, code: 'FROM debian:12\nRUN apt-get update && \\\n  # sudo apt-get\n  true\n' },
  ],
  invalid: [
    {
      name: 'sudo before a command',
      language: d,
      code: 'FROM debian:12\nRUN sudo apt-get update && sudo apt-get install -y curl\n',
      findings: [{ line: 2, column: 5, text: 'sudo' }, { line: 2, column: 28 }],
      output: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
    },
    {
      name: 'sudo with options in a continuation: no fix',
      language: d,
      code: 'FROM debian:12\nRUN true && \\\n    sudo -u app pip install x\n',
      findings: [{ line: 3, messageIncludes: 'sudo pip' }],
    },
    {
      name: 'sudo in a heredoc',
      language: d,
      code: 'FROM debian:12\nRUN <<EOF\nsudo make install\nEOF\n',
      findings: [{ line: 3 }],
      output: 'FROM debian:12\nRUN <<EOF\nmake install\nEOF\n',
    },
    {
      name: 'escape directive',
      language: d,
      code: '# escape=`\nFROM debian:12\nRUN apt-get update && `\n    sudo apt-get install -y git\n',
      findings: [{ line: 4 }],
    },
  ],
});
