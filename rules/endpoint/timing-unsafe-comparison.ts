import {
  defineRule,
  enclosingFunction,
  pythonSemantics,
  type Fix,
  type Node,
  type RuleContext,
  type TextEdit,
} from '../../server/src/engine/api';
import { expressionName, isRequestAccess, isRequestLikeName, isRequestParameterDefault, isSecretName } from './_request';

/** The equality operators the rule reports, which are also its prefilter words. */
const PYTHON_OPERATORS = ['==', '!='];
const JAVASCRIPT_OPERATORS = ['===', '==', '!==', '!='];

/**
 * `==` on strings stops at the first differing character, so the time a comparison takes tells an attacker how
 * much of a guessed key or signature is right; with enough requests the key is recovered byte by byte.
 */
export default defineRule({
  meta: {
    id: 'endpoint/timing-unsafe-comparison',
    category: 'endpoint',
    title: 'Secret compared with a timing-unsafe operator',
    severity: 'warning',
    languages: ['python', 'javascript'],
    requires: [...new Set([...PYTHON_OPERATORS, ...JAVASCRIPT_OPERATORS])],
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds `==`, `!=`, `===` and `!==` between a value taken from a request (a header, query parameter, body field) and an API key, ' +
        'token or signature.',
      why:
        'Ordinary string comparison returns as soon as a character differs. Measuring response times over many requests reveals how many ' +
        'leading characters of a guessed key are right, which turns a brute force over the whole key space into one character at a time. ' +
        'AI endpoints are often protected by nothing more than a single shared API key.',
      bad:
        'from flask import request, abort\n\n@app.post("/predict")\ndef predict():\n    if request.headers.get("X-API-Key") != API_KEY:\n        abort(401)\n',
      good:
        'import hmac\nfrom flask import request, abort\n\n@app.post("/predict")\ndef predict():\n' +
        '    if not hmac.compare_digest(request.headers.get("X-API-Key", ""), API_KEY):\n        abort(401)\n',
      fix:
        'Python: `hmac.compare_digest(a, b)` (adds `import hmac`), negated for `!=`. JavaScript/TypeScript: `crypto.timingSafeEqual` on ' +
        'equal-length buffers, with the length check first because timingSafeEqual throws on different lengths. Unsafe: ' +
        '`compare_digest` raises on `None` or non-ASCII text and `Buffer.from` throws on `undefined`, so a missing header must be ' +
        'handled (default it to an empty string) before the comparison.',
      references: { owaspLlm: ['LLM10'], cwe: [208, 385] },
    },
  },
  create(context) {
    if (context.family === 'python') {
      return {
        comparison_operator(node: Node) {
          const operators = node.childrenForFieldName('operators').map((o) => o?.type);
          if (operators.length !== 1 || !PYTHON_OPERATORS.includes(operators[0] ?? '')) return;
          const [left, right] = node.namedChildren;
          if (!left || !right) return;
          const pair = classify(left, right, context);
          if (!pair) return;
          const negated = operators[0] === '!=';
          context.report({
            node,
            message: message(pair, operators[0]!),
            fixes: [pythonFix(context, node, left, right, negated)],
          });
        },
      };
    }
    if (context.family === 'javascript') {
      // How this module reaches timingSafeEqual is the same for every finding: worked out once.
      let cryptoAccess: CryptoAccess | undefined;
      const crypto = () => (cryptoAccess ??= timingSafeEqualName(context));
      return {
        binary_expression(node: Node) {
          const operator = node.childForFieldName('operator')?.type;
          if (!operator || !JAVASCRIPT_OPERATORS.includes(operator)) return;
          const left = node.childForFieldName('left');
          const right = node.childForFieldName('right');
          if (!left || !right) return;
          const pair = classify(left, right, context);
          if (!pair) return;
          const fix = javascriptFix(context, node, left, right, operator.startsWith('!'), crypto());
          context.report({ node, message: message(pair, operator), fixes: fix ? [fix] : [] });
        },
      };
    }
  },
});

interface Classified {
  supplied: Node;
  secret: Node;
  secretName: string;
}

function message(pair: Classified, operator: string): string {
  return (
    `\`${operator}\` compares a request-supplied value with the secret \`${pair.secretName}\` in time that depends on how much matches; ` +
    'use a constant-time comparison.'
  );
}

/** Which operand is the stored secret and which the request-supplied value, or undefined when this is not such a comparison. */
function classify(left: Node, right: Node, context: RuleContext): Classified | undefined {
  if (isTrivial(left) || isTrivial(right)) return undefined;
  for (const [a, b] of [
    [left, right],
    [right, left],
  ] as const) {
    const secretName = expressionName(b);
    if (!secretName || !isSecretName(secretName) || isSupplied(b, context, false)) continue;
    if (isSupplied(a, context, true)) return { supplied: a, secret: b, secretName };
  }
  return undefined;
}

/** Literals and absent values: comparing against them is a presence or format check, not a secret check. */
function isTrivial(node: Node): boolean {
  return /^(none|true|false|null|undefined|number|integer|float|string|template_string|concatenated_string)$/.test(node.type) ||
    /\b(len|length|typeof|isinstance|type)\b/.test(node.text);
}

/** Whether a value comes from the request: read from it here, through a local, a FastAPI header parameter, or by its name. */
function isSupplied(node: Node, context: RuleContext, allowSecretLocal: boolean): boolean {
  if (isRequestAccess(node.text)) return true;
  const name = expressionName(node);
  if (node.type !== 'identifier' || !name) return false;
  if (isRequestLikeName(name)) return true;
  const origin = localOrigin(node, context);
  if (origin === 'request') return true;
  // A secret-named local or parameter (`token`) compared with a stored secret (`API_TOKEN`) came from the caller.
  return allowSecretLocal && isSecretName(name) && origin === 'parameter';
}

function localOrigin(identifier: Node, context: RuleContext): 'request' | 'parameter' | undefined {
  const fn = context.family === 'python' ? enclosingFunction(identifier) : enclosingJsFunction(identifier);
  if (!fn) return undefined;
  const name = identifier.text;
  const parameters = fn.childForFieldName('parameters');
  for (const parameter of parameters?.namedChildren ?? []) {
    if (!parameter) continue;
    const paramName = parameter.childForFieldName('name') ?? parameter.childForFieldName('pattern') ?? (parameter.type === 'identifier' ? parameter : undefined);
    if (paramName?.text !== name) continue;
    const value = parameter.childForFieldName('value');
    return value && isRequestParameterDefault(value.text) ? 'request' : 'parameter';
  }
  const body = fn.childForFieldName('body');
  if (!body) return undefined;
  for (const assignment of body.descendantsOfType(['assignment', 'variable_declarator'])) {
    if (!assignment || assignment.startIndex > identifier.startIndex) continue;
    const target = assignment.childForFieldName(assignment.type === 'assignment' ? 'left' : 'name');
    const value = assignment.childForFieldName(assignment.type === 'assignment' ? 'right' : 'value');
    if (target?.text === name && value && isRequestAccess(value.text)) return 'request';
  }
  return undefined;
}

function enclosingJsFunction(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'function'].includes(current.type)) return current;
  }
  return undefined;
}

function pythonFix(context: RuleContext, node: Node, left: Node, right: Node, negated: boolean): Fix {
  const call = `hmac.compare_digest(${left.text}, ${right.text})`;
  const edits: TextEdit[] = [{ range: context.rangeOf(node), newText: negated ? `not ${call}` : call }];
  const importEdit = pythonSemantics(context).addImport('hmac');
  if (importEdit) edits.push(importEdit);
  return { title: 'Compare with hmac.compare_digest', safety: 'unsafe', edits };
}

/** Operands evaluated twice by the fix must be free of side effects. */
function isPlainReference(node: Node): boolean {
  return !/\(|\+\+|--|=/.test(node.text.replace(/\.get\(\s*(['"][^'"]*['"])\s*\)/g, '[$1]').replace(/\.header\(\s*(['"][^'"]*['"])\s*\)/g, '[$1]'));
}

function javascriptFix(context: RuleContext, node: Node, left: Node, right: Node, negated: boolean, crypto: CryptoAccess): Fix | undefined {
  if (!isPlainReference(left) || !isPlainReference(right)) return undefined;
  const { name, edit } = crypto;
  const a = left.text;
  const b = right.text;
  const equal = `Buffer.byteLength(${a}) === Buffer.byteLength(${b}) && ${name}(Buffer.from(${a}), Buffer.from(${b}))`;
  const edits: TextEdit[] = [{ range: context.rangeOf(node), newText: negated ? `!(${equal})` : `(${equal})` }];
  if (edit) edits.push(edit);
  return { title: 'Compare with crypto.timingSafeEqual', safety: 'unsafe', edits };
}

interface CryptoAccess {
  name: string;
  edit?: TextEdit;
}

/** How to call timingSafeEqual in this module, and the import to add when nothing provides it yet. */
function timingSafeEqualName(context: RuleContext): CryptoAccess {
  const root = context.tree!.rootNode;
  let lastImport: Node | undefined;
  let usesRequire = false;
  for (const statement of root.namedChildren) {
    if (!statement) continue;
    const text = statement.text;
    if (statement.type === 'import_statement') {
      lastImport = statement;
      if (!/['"](node:)?crypto['"]/.test(text)) continue;
      const named = /\{[^}]*\btimingSafeEqual\b(?:\s+as\s+(\w+))?[^}]*\}/.exec(text);
      if (named) return { name: named[1] ?? 'timingSafeEqual' };
      const whole = /import\s+(?:\*\s+as\s+)?(\w+)/.exec(text);
      if (whole) return { name: `${whole[1]}.timingSafeEqual` };
    } else if ((statement.type === 'lexical_declaration' || statement.type === 'variable_declaration') && /require\(/.test(text)) {
      usesRequire = true;
      lastImport = statement;
      if (!/require\(\s*['"](node:)?crypto['"]\s*\)/.test(text)) continue;
      if (/\{[^}]*\btimingSafeEqual\b[^}]*\}/.test(text)) return { name: 'timingSafeEqual' };
      const whole = /(?:const|let|var)\s+(\w+)\s*=/.exec(text);
      if (whole) return { name: `${whole[1]}.timingSafeEqual` };
    }
  }
  const eol = context.source.eol;
  const line = usesRequire ? "const { timingSafeEqual } = require('node:crypto');" : "import { timingSafeEqual } from 'node:crypto';";
  if (lastImport) {
    const at = context.source.positionAt(lastImport.endIndex);
    return { name: 'timingSafeEqual', edit: { range: { start: at, end: at }, newText: `${eol}${line}` } };
  }
  return { name: 'timingSafeEqual', edit: { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `${line}${eol}` } };
}
