import { defineRule, redactUrl, requirementsFile, type Fix, type PipOption, type RuleContext } from '../../server/src/engine/api';

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
    for (const option of requirementsFile(context).options) {
      if (option.name === '--trusted-host') reportTrustedHost(context, option);
      else if (INDEX_OPTIONS.has(option.name) && option.value && /^http:\/\//i.test(option.value)) reportPlainHttp(context, option);
    }
  },
});

function reportTrustedHost(context: RuleContext, option: PipOption): void {
  const line = option.range.start.line;
  const lineText = context.source.lineText(line);
  const optionText = lineText.slice(option.range.start.character, option.range.end.character);
  // Only a line that holds nothing else can be deleted whole.
  const ownLine = option.range.end.line === line && lineText.trim() === optionText;
  const lineEnd = line + 1 < context.source.lineCount ? { line: line + 1, character: 0 } : { line, character: lineText.length };
  const removal: Fix = { title: 'Remove --trusted-host', safety: 'unsafe', edits: [{ range: { start: { line, character: 0 }, end: lineEnd }, newText: '' }] };
  context.report({
    range: option.range,
    message: `--trusted-host ${option.value ?? ''} turns off TLS certificate checks for that package host.`,
    fixes: ownLine ? [removal] : [],
  });
}

function reportPlainHttp(context: RuleContext, option: PipOption): void {
  const valueRange = option.valueRange;
  if (!valueRange || !option.value) return;
  const scheme = { start: valueRange.start, end: { line: valueRange.start.line, character: valueRange.start.character + 'http'.length } };
  context.report({
    range: valueRange,
    message: `${option.name} ${redactUrl(option.value)} downloads packages over plain HTTP: use https://.`,
    fixes: [{ title: 'Use https://', safety: 'unsafe', edits: [{ range: scheme, newText: 'https' }] }],
  });
}
