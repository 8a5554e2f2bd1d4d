import {
  couldBeCredential,
  detectSecret,
  findProviderKey,
  maskSecret,
  nameWords,
  type Node,
  type RuleContext,
  type SecretMatch,
  type Severity,
  type Visitors,
} from '../../server/src/engine/api';
import { environmentFix } from './_fixes';
import { javascriptLiteral, pythonLiteral, type SecretLiteral } from './_literals';

/**
 * The walk shared by the literal-based secret rules: every string literal of a Python or JS/TS document is
 * read once with its context and classified by `detectSecret`; each rule reports the kinds it owns, so a
 * literal yields at most one finding across the rules.
 */
export function literalVisitors(context: RuleContext, onLiteral: (literal: SecretLiteral) => void): Visitors {
  if (context.family === 'python') {
    return {
      string: (node) => {
        const literal = pythonLiteral(context, node);
        if (literal) onLiteral(literal);
      },
    };
  }
  const visit = (node: Node) => {
    const literal = javascriptLiteral(context, node);
    if (literal) onLiteral(literal);
  };
  return { string: visit, template_string: visit };
}

/** Detects the secret in a literal; memoised per node so the provider and generic rules share the work. */
export function classify(context: RuleContext, literal: SecretLiteral): SecretMatch | undefined {
  const memo = memoOf(context);
  if (memo.has(literal.node.id)) return memo.get(literal.node.id);
  const value = literal.value;
  // Only a provider format can be found without a name; the rest need a value that could be a credential.
  const match = findProviderKey(value) ?? (couldBeCredential(value) ? detectSecret(value, literal.hint) : undefined);
  memo.set(literal.node.id, match);
  return match;
}

function memoOf(context: RuleContext): Map<number, SecretMatch | undefined> {
  const key = 'secret/classified-literals';
  let memo = context.cache.get(key) as Map<number, SecretMatch | undefined> | undefined;
  if (!memo) context.cache.set(key, (memo = new Map()));
  return memo;
}

/**
 * Tests keep their findings one level lower: a credential in a fixture is less urgent. A key in a provider's
 * live format (`match` with a provider, not a generic guess from a name) is an error in a test as anywhere:
 * a committed live key is leaked wherever it sits (docs/severity.md).
 */
export function lowered(context: RuleContext, severity: Severity, match?: SecretMatch): Severity {
  if (!context.file.isTest) return severity;
  if (match?.kind === 'format') return severity;
  return severity === 'error' ? 'warning' : 'info';
}

/**
 * The rule option `allow`: regular expressions (or plain strings) for values that are known not to be live
 * secrets, such as a provider's documented test key. A pattern that does not compile is matched literally,
 * so a typo in the configuration never stops the rule.
 */
export function isAllowed(context: RuleContext, secret: string): boolean {
  const allow = context.options.allow;
  if (!Array.isArray(allow) || allow.length === 0) return false;
  return allow.some((entry) => {
    if (typeof entry !== 'string' || entry.length === 0) return false;
    try {
      return new RegExp(entry).test(secret);
    } catch {
      return secret === entry;
    }
  });
}

export function reportLiteral(context: RuleContext, literal: SecretLiteral, match: SecretMatch, baseSeverity: Severity): void {
  const secret = literal.value.slice(match.start, match.end);
  if (isAllowed(context, secret)) return;
  const fix = literal.isDocumentation ? undefined : environmentFix(context, literal, match.envVar, match);
  context.report({
    node: literal.node,
    message: `${what(match, secret, literal.hint)}: ${advice(literal, match)}`,
    severity: lowered(context, baseSeverity, match),
    fixes: fix ? [fix] : [],
    properties: { secretKind: match.kind, format: match.formatId, confidence: match.confidence, envVar: match.envVar },
  });
}

/** Provider keys in comments: not configuration, but just as leaked once committed. */
export function commentVisitor(context: RuleContext, baseSeverity: Severity): Visitors {
  const inNotebook = /\.ipynb$/i.test(context.filePath ?? '');
  return {
    comment: (node) => {
      const text = node.text;
      // In notebooks, IPython magics (`%env KEY=...`, `!export ...`) reach the Python rules as `#env ...`
      // comments; the notebook rules report those, so they are not reported twice.
      if (inNotebook && /^#[%!]?[A-Za-z_]/.test(text)) return;
      const match = findProviderKey(text);
      if (!match) return;
      const before = text.slice(0, match.start);
      const lines = before.split(/\r\n|\r|\n/);
      const line = node.startPosition.row + lines.length - 1;
      const character = lines.length === 1 ? node.startPosition.column + before.length : lines[lines.length - 1].length;
      const secret = text.slice(match.start, match.end);
      if (isAllowed(context, secret)) return;
      context.report({
        range: { start: { line, character }, end: { line, character: character + secret.length } },
        message: `${what(match, secret, undefined)} in a comment: a committed comment leaks the key like code does; replace it with a placeholder and revoke the key.`,
        severity: lowered(context, baseSeverity, match),
        properties: { secretKind: match.kind, format: match.formatId, confidence: match.confidence, envVar: match.envVar },
      });
    },
  };
}

function what(match: SecretMatch, secret: string, hint: string | undefined): string {
  const masked = maskSecret(secret);
  if (match.kind === 'generic') {
    const name = hint?.trim().split(/\s+/).pop();
    if (match.formatId === 'bearer') return `Hard-coded Bearer token "${masked}" in an Authorization value`;
    if (match.formatId === 'connection-url') return `Hard-coded password "${masked}" in a ${match.provider.replace(/ password$/, '')} connection URL`;
    return `Hard-coded ${match.provider} "${masked}"${name && nameWords(name).length > 0 ? ` assigned to ${name}` : ''}`;
  }
  return `Hard-coded ${match.provider} "${masked}"`;
}

function advice(literal: SecretLiteral, match: SecretMatch): string {
  const revoke = match.kind === 'generic' ? 'rotate it' : 'revoke this key';
  if (literal.isDocumentation) return `a real key in a docstring is as leaked as one in code; replace it with a placeholder and ${revoke}.`;
  switch (literal.use) {
    case 'env-write':
      return `the code writes it into the environment; set ${match.envVar} outside the code (shell, CI secret, secret manager) and ${revoke}.`;
    case 'env-default':
      return `it is the fallback of an environment lookup, so it ships with the code; remove the fallback and ${revoke}.`;
    default:
      return `read it from the environment (${match.envVar}) or a secret manager, and ${revoke}.`;
  }
}
