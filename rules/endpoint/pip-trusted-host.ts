import { defineRule, redactUrl, requirementsFile } from '../../server/src/engine/api';

const INDEX_OPTIONS = new Set(['--index-url', '--extra-index-url', '--find-links']);

/**
 * `--trusted-host` turns off certificate checks for a package host, and an `http://` index never had
 * them: whoever sits on the network path can serve any package they like.
 */
export default defineRule({
  meta: {
    id: 'endpoint/pip-trusted-host',
    category: 'endpoint',
    title: 'pip downloads packages without TLS verification',
    severity: 'warning',
    languages: ['requirements'],
    fixable: 'unsafe',
    docs: {
      summary: 'Finds `--trusted-host` options and `http://` package indexes in requirements and constraints files.',
      why:
        'pip verifies the index\'s TLS certificate so that the packages it installs come from that index. `--trusted-host` ' +
        'disables the check for a host (and allows plain HTTP to it); an `http://` index URL has no protection at all. A ' +
        'proxy, a compromised Wi-Fi or a DNS spoof can then swap any wheel, and pip installs it. Hashes are the only ' +
        'remaining defence.',
      bad: '--index-url http://pypi.internal.example/simple\n--trusted-host pypi.internal.example\ntorch==2.3.1\n',
      good: '--index-url https://pypi.internal.example/simple\ntorch==2.3.1\n',
      fix: 'Removes the `--trusted-host` line (only when it is on a line of its own); give the host a valid certificate instead.',
      references: { owaspLlm: ['LLM03'], cwe: [295, 319] },
    },
  },
  create(context) {
    const file = requirementsFile(context);
    for (const option of file.options) {
      if (option.name === '--trusted-host') {
        const line = option.range.start.line;
        const lineText = context.source.lineText(line);
        const ownLine = option.range.end.line === line && lineText.trim() === lineText.slice(option.range.start.character, option.range.end.character);
        const lineEnd = line + 1 < context.source.lineCount ? { line: line + 1, character: 0 } : { line, character: lineText.length };
        context.report({
          range: option.range,
          message: `--trusted-host ${option.value ?? ''} turns off TLS certificate checks for that package host.`,
          fixes: ownLine
            ? [{ title: 'Remove --trusted-host', safety: 'unsafe', edits: [{ range: { start: { line, character: 0 }, end: lineEnd }, newText: '' }] }]
            : [],
        });
      } else if (INDEX_OPTIONS.has(option.name) && option.value && /^http:\/\//i.test(option.value) && option.valueRange) {
        context.report({
          range: option.valueRange,
          message: `${option.name} ${redactUrl(option.value)} downloads packages over plain HTTP: use https://.`,
          fixes: [
            {
              title: 'Use https://',
              safety: 'unsafe',
              edits: [{ range: { start: option.valueRange.start, end: { line: option.valueRange.start.line, character: option.valueRange.start.character + 4 } }, newText: 'https' }],
            },
          ],
        });
      }
    }
  },
});
