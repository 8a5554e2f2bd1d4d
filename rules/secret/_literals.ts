import {
  javascriptSemantics,
  pythonSemantics,
  pythonStringValue,
  stringValue,
  type Node,
  type RuleContext,
} from '../../server/src/engine/api';

/**
 * A string literal seen by the secret rules, with what it is assigned or passed to. The name hint is what
 * turns a random-looking string into a credential ("api_key"), or a generic 40-character key into a Cohere
 * key ("cohere.Client api_key").
 */
export interface SecretLiteral {
  /** The literal node the finding points at (a `string`, `concatenated_string` or `template_string`). */
  node: Node;
  /** The literal's static text; each interpolation becomes one NUL so that no match spans it. */
  value: string;
  /** True when the literal has no interpolation, so `value` is exactly the runtime value. */
  isPlain: boolean;
  /** Names the value is assigned or passed to, most specific last (`"openai.OpenAI api_key"`); computed on first use. */
  readonly hint: string | undefined;
  /** How the literal is used, which decides whether replacing it with an environment lookup makes sense. */
  readonly use: LiteralUse;
  /** A bare string statement (docstring) or a comment: documentation rather than configuration. */
  isDocumentation: boolean;
}

/**
 * - `value`: an ordinary value (assignment, argument, property, default): replaceable by an env lookup.
 * - `env-write`: written into the environment (`os.environ["K"] = ...`): the lookup would read itself.
 * - `env-default`: the fallback of an environment lookup (`os.getenv("K", "sk-...")`): the fix is deleting it.
 * - `jsx-attribute`: a JSX attribute value, which needs braces around an expression.
 * - `other`: somewhere a rewrite is not obviously right (a comparison, a list element).
 */
export type LiteralUse = 'value' | 'env-write' | 'env-default' | 'jsx-attribute' | 'other';

const NUL = '\u0000';

/**
 * Most literals are rejected on their value alone, so the context (parents, callee resolution) is only
 * worked out when a detector asks for it. A class, not an object literal with getters: one is made for every
 * string literal of every file the secret rules read, and V8 builds an object literal with accessors slowly
 * (it was a third of the rules' literal handling in a scan's profile).
 */
class LazyLiteral implements SecretLiteral {
  private resolved: { hint?: string; use: LiteralUse } | undefined;

  constructor(
    readonly node: Node,
    readonly value: string,
    readonly isPlain: boolean,
    readonly isDocumentation: boolean,
    private readonly compute: () => { hint?: string; use: LiteralUse },
  ) {}

  get hint(): string | undefined {
    return (this.resolved ??= this.compute()).hint;
  }
  get use(): LiteralUse {
    return (this.resolved ??= this.compute()).use;
  }
}

function withLazyContext(
  node: Node,
  value: string,
  isPlain: boolean,
  isDocumentation: boolean,
  compute: () => { hint?: string; use: LiteralUse },
): SecretLiteral {
  return new LazyLiteral(node, value, isPlain, isDocumentation, compute);
}

// ---------------------------------------------------------------------------------------------- Python

/** The literal for a Python `string` node; parts of an implicit concatenation are read as their whole. */
export function pythonLiteral(context: RuleContext, node: Node): SecretLiteral | undefined {
  let literal = node;
  if (node.parent?.type === 'concatenated_string') {
    // Visit the concatenation once, through its first part.
    if (node.parent.namedChildren[0]?.id !== node.id) return undefined;
    literal = node.parent;
  }
  // Reading the literal's text is much cheaper than visiting its children; only f-strings and
  // concatenations need the tree.
  let plain: string | undefined;
  let value: string;
  const simple = literal === node ? /^([A-Za-z]*)("""|'''|"|')/.exec(literal.text) : null;
  if (simple && !/f/i.test(simple[1])) {
    const text = literal.text;
    plain = value = text.slice(simple[0].length, text.length - simple[2].length);
  } else {
    if (literal.text.length < 10) return undefined;
    plain = pythonStringValue(literal);
    value = plain ?? pythonStaticText(literal);
  }
  if (value.length < 8) return undefined;
  return withLazyContext(literal, value, plain !== undefined, literal.parent?.type === 'expression_statement' && literal.parent.namedChildCount === 1, () =>
    pythonContext(context, literal),
  );
}

function pythonStaticText(node: Node): string {
  const strings = node.type === 'concatenated_string' ? node.namedChildren : [node];
  let text = '';
  for (const string of strings) {
    for (const child of string?.namedChildren ?? []) {
      if (child?.type === 'string_content' || child?.type === 'escape_sequence') text += child.text;
      else if (child?.type === 'interpolation') text += NUL;
    }
  }
  return text;
}

/** Whether a Python literal is a bytes literal (replacing it with a str would change its type). */
export function isPythonBytes(node: Node): boolean {
  const first = node.type === 'concatenated_string' ? node.namedChildren[0] : node;
  const start = first?.namedChildren.find((c) => c?.type === 'string_start')?.text ?? '';
  return /b/i.test(start.replace(/["']/g, ''));
}

const ENV_READERS_PY = /(^|\.)(getenv|environ\.get|environ\.setdefault|putenv|environ\.__getitem__)$/;

function pythonContext(context: RuleContext, literal: Node): { hint?: string; use: LiteralUse } {
  let child = literal;
  let parent = literal.parent;
  // `(...)`, `x or "default"` and `"a" if c else "b"` pass the literal's meaning through.
  while (parent && ['parenthesized_expression', 'boolean_operator', 'conditional_expression'].includes(parent.type)) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return { use: 'other' };
  switch (parent.type) {
    case 'assignment': {
      if (parent.childForFieldName('right')?.id !== child.id) return { use: 'other' };
      const left = parent.childForFieldName('left');
      if (left?.type === 'subscript' && /environ$/.test(left.childForFieldName('value')?.text ?? '')) {
        return { hint: pythonStringValue(left.childForFieldName('subscript')), use: 'env-write' };
      }
      return { hint: pythonTargetName(left), use: 'value' };
    }
    case 'keyword_argument': {
      const name = parent.childForFieldName('name')?.text;
      const call = parent.parent?.parent;
      const callee = call?.type === 'call' ? pythonCallee(context, call) : undefined;
      // `api_key: str = Field(default="...")`: the default belongs to the field being declared.
      if (name === 'default' && call?.parent?.type === 'assignment') {
        return { hint: joinHint(callee, pythonTargetName(call.parent.childForFieldName('left'))), use: 'value' };
      }
      return { hint: joinHint(callee, name), use: 'value' };
    }
    case 'pair': {
      if (parent.childForFieldName('value')?.id !== child.id) return { use: 'other' };
      const key = parent.childForFieldName('key');
      const keyName = pythonStringValue(key) ?? key?.text;
      const dictionary = parent.parent;
      const outer = dictionary ? pythonContext(context, dictionary).hint : undefined;
      return { hint: joinHint(outer, keyName), use: 'value' };
    }
    case 'default_parameter':
    case 'typed_default_parameter':
      return { hint: parent.childForFieldName('name')?.text, use: 'value' };
    case 'argument_list': {
      const call = parent.parent;
      if (call?.type !== 'call') return { use: 'other' };
      const callee = pythonCallee(context, call);
      const previous = child.previousNamedSibling;
      const previousName = previous?.type === 'string' ? pythonStringValue(previous) : undefined;
      const isEnv = ENV_READERS_PY.test(callee ?? '');
      return {
        hint: joinHint(callee, previousName ?? POSITIONAL),
        use: isEnv ? (/(setdefault|putenv)$/.test(callee ?? '') ? 'env-write' : 'env-default') : 'value',
      };
    }
    case 'comparison_operator': {
      const other = parent.namedChildren.find((c) => c && c.id !== child.id && c.type !== 'string');
      return { hint: other && ['identifier', 'attribute'].includes(other.type) ? other.text : undefined, use: 'other' };
    }
    default:
      return { use: 'other' };
  }
}

function pythonTargetName(left: Node | null): string | undefined {
  if (!left) return undefined;
  if (left.type === 'identifier' || left.type === 'attribute') return left.text;
  if (left.type === 'subscript') return pythonStringValue(left.childForFieldName('subscript'));
  return undefined;
}

function pythonCallee(context: RuleContext, call: Node): string | undefined {
  return pythonSemantics(context).calleeName(call) ?? call.childForFieldName('function')?.text;
}

// ---------------------------------------------------------------------------------------------- JavaScript

/** The literal for a JS/TS `string` or `template_string` node. */
export function javascriptLiteral(context: RuleContext, node: Node): SecretLiteral | undefined {
  const text = node.text;
  if (text.length < 10) return undefined;
  const parent = node.parent;
  const parentType = parent?.type;
  // Module specifiers and property names are never secrets.
  if (parentType === 'import_statement' || parentType === 'export_statement' || parentType === 'computed_property_name') return undefined;
  if (parentType === 'pair' && parent?.childForFieldName('key')?.id === node.id) return undefined;
  // The raw text between the quotes is what the fragments and escapes add up to; only templates with
  // substitutions need the tree.
  const plain = node.type === 'string' || !text.includes('${') ? text.slice(1, -1) : stringValue(node);
  const value = plain ?? javascriptStaticText(node);
  if (value.length < 8) return undefined;
  return withLazyContext(node, value, plain !== undefined, false, () => javascriptContext(context, node));
}

function javascriptStaticText(node: Node): string {
  let text = '';
  for (const child of node.namedChildren) {
    if (child?.type === 'string_fragment' || child?.type === 'escape_sequence') text += child.text;
    else if (child?.type === 'template_substitution') text += NUL;
  }
  return text;
}

const TRANSPARENT_JS = ['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'ternary_expression'];

function javascriptContext(context: RuleContext, literal: Node): { hint?: string; use: LiteralUse } {
  let child = literal;
  let parent = literal.parent;
  let isFallback = false;
  for (;;) {
    if (parent && TRANSPARENT_JS.includes(parent.type)) {
      child = parent;
      parent = parent.parent;
      continue;
    }
    // `process.env.KEY || "sk-..."`: the literal is the key's fallback.
    if (parent?.type === 'binary_expression' && ['||', '??'].includes(parent.childForFieldName('operator')?.text ?? '')) {
      isFallback ||= /env/.test(parent.childForFieldName('left')?.text ?? '');
      child = parent;
      parent = parent.parent;
      continue;
    }
    break;
  }
  if (!parent) return { use: 'other' };
  const valueUse: LiteralUse = isFallback ? 'env-default' : 'value';
  switch (parent.type) {
    case 'variable_declarator': {
      const name = parent.childForFieldName('name');
      return { hint: name?.type === 'identifier' ? name.text : undefined, use: valueUse };
    }
    case 'assignment_expression': {
      const left = parent.childForFieldName('left');
      const name = javascriptTargetName(left);
      if (left && /^process\.env\b|^import\.meta\.env\b/.test(left.text)) return { hint: name, use: 'env-write' };
      return { hint: name, use: valueUse };
    }
    case 'pair': {
      const key = parent.childForFieldName('key');
      const keyName = key?.type === 'string' ? stringValue(key) : key?.type === 'computed_property_name' ? stringValue(key.namedChildren[0]) : key?.text;
      const object = parent.parent;
      const outer = object ? objectOwner(context, object) : undefined;
      return { hint: joinHint(outer, keyName), use: valueUse };
    }
    case 'public_field_definition':
    case 'field_definition': {
      const name = parent.childForFieldName('name') ?? parent.childForFieldName('property');
      return { hint: name?.text, use: valueUse };
    }
    case 'assignment_pattern':
      return { hint: parent.childForFieldName('left')?.text, use: valueUse };
    case 'required_parameter':
    case 'optional_parameter':
      return { hint: parent.childForFieldName('pattern')?.text, use: valueUse };
    case 'jsx_attribute':
    case 'jsx_expression': {
      // `apiKey="..."` needs braces around a replacement; `apiKey={"..."}` already has them.
      const attribute = parent.type === 'jsx_expression' ? parent.parent : parent;
      if (attribute?.type !== 'jsx_attribute') return { use: 'other' };
      const name = attribute.namedChildren[0];
      const elementName = attribute.parent?.childForFieldName('name')?.text;
      const use: LiteralUse = isFallback ? 'other' : parent.type === 'jsx_expression' ? 'value' : 'jsx-attribute';
      return { hint: joinHint(elementName, name?.text), use };
    }
    case 'arguments': {
      const call = parent.parent;
      if (!call) return { use: 'other' };
      const callee = javascriptSemantics(context).calleeName(call) ?? call.childForFieldName(call.type === 'new_expression' ? 'constructor' : 'function')?.text;
      const previous = child.previousNamedSibling;
      const previousName = previous ? stringValue(previous) : undefined;
      return { hint: joinHint(callee, previousName ?? POSITIONAL), use: valueUse };
    }
    case 'binary_expression': {
      const other = parent.namedChildren.find((c) => c && c.id !== child.id && c.type !== 'string');
      return { hint: other && ['identifier', 'member_expression'].includes(other.type) ? other.text : undefined, use: 'other' };
    }
    default:
      return { use: 'other' };
  }
}

/** The name an object literal belongs to: its variable, its property, or the call it configures. */
function objectOwner(context: RuleContext, object: Node): string | undefined {
  let parent = object.parent;
  while (parent && TRANSPARENT_JS.includes(parent.type)) parent = parent.parent;
  if (!parent) return undefined;
  if (parent.type === 'arguments') {
    const call = parent.parent;
    if (!call) return undefined;
    return javascriptSemantics(context).calleeName(call) ?? call.childForFieldName(call.type === 'new_expression' ? 'constructor' : 'function')?.text;
  }
  if (parent.type === 'variable_declarator') return parent.childForFieldName('name')?.text;
  if (parent.type === 'pair') return parent.childForFieldName('key')?.text;
  return undefined;
}

function javascriptTargetName(left: Node | null): string | undefined {
  if (!left) return undefined;
  if (left.type === 'identifier') return left.text;
  if (left.type === 'member_expression') return left.childForFieldName('property')?.text;
  if (left.type === 'subscript_expression') return stringValue(left.childForFieldName('index'));
  return undefined;
}

/**
 * Stands for "a positional argument" in a hint: the callee still gives context (`cohere.Client(...)`), but a
 * function named `getToken(scope)` does not make its argument a token.
 */
const POSITIONAL = '()';

function joinHint(...parts: (string | undefined)[]): string | undefined {
  const present = parts.filter((p): p is string => !!p && p.trim().length > 0).map((p) => p.replace(/\s+/g, '_'));
  return present.length > 0 ? present.join(' ') : undefined;
}
