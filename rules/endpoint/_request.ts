import { credentialKind, type Node } from '../../server/src/engine/api';

/**
 * Name-based recognition of request data and secrets, for rules that look at a single expression rather
 * than a data flow. Written once so that every rule agrees on what "from the request" means.
 */

/**
 * Reads from an incoming request across frameworks: Flask/Django/FastAPI/Starlette, Express/Fastify/Hono/Next.js.
 * Express's `req.get(name)` reads a header; only for `req`, since `request.get(...)` is per-request state in aiohttp.
 */
const REQUEST_ACCESS =
  /\b(?:request|req|ctx\.request|c\.req|event)\s*\.\s*(?:headers|header|get_header|args|form|values|json|get_json|body|query|query_params|params|cookies|META|GET|POST|data)\b|\breq\s*\.\s*get\s*\(/;
/** Parameter defaults that make FastAPI read a request header or credential. */
const REQUEST_PARAMETER_DEFAULT = /^(?:fastapi\.)?(?:Header|Cookie|Query|Security|Depends)\s*\(/;
/** Names people give to values they just took from a request. */
const REQUEST_NAME = /(?:^|_)(?:provided|supplied|incoming|received|given|client|user|request|header|presented|candidate)(?:_|$)|^(?:x_api_key|auth_header|authorization|bearer)$/i;
const REQUEST_NAME_CAMEL = /^(?:provided|supplied|incoming|received|given|client|user|request|header|presented|candidate)[A-Z]|Header$|^authorization$|^bearer$/;
/** Signatures and MACs are compared like secrets, though they are not credentials themselves. */
const SIGNATURE_NAME = /(?:^|_)(?:signature|sig|digest|hmac|mac)$|(?:Signature|Sig|Digest|Hmac|Mac)$|^(?:signature|sig|digest|hmac)$/i;

export function isRequestAccess(text: string): boolean {
  return REQUEST_ACCESS.test(text);
}

export function isRequestLikeName(name: string): boolean {
  // Constants (`SIGNATURE_TYPE_AUTH_HEADER`) are written in the code, not sent by a client.
  if (/^[A-Z][A-Z0-9_]*$/.test(name)) return false;
  return REQUEST_NAME.test(name) || REQUEST_NAME_CAMEL.test(name);
}

/** A name that announces a secret by its last word (`API_KEY`, `client_secret`, `expected_signature`), not `token_type`. */
export function isSecretName(name: string): boolean {
  return credentialKind(name) !== undefined || SIGNATURE_NAME.test(name);
}

export function isRequestParameterDefault(text: string): boolean {
  return REQUEST_PARAMETER_DEFAULT.test(text);
}

/**
 * The name an expression is known by: an identifier's text, an attribute's last part, a subscript's string
 * key (`os.environ["API_KEY"]`, `process.env['API_KEY']`), a `get("API_KEY")` call's argument.
 */
export function expressionName(node: Node): string | undefined {
  switch (node.type) {
    case 'identifier':
    case 'property_identifier':
    case 'shorthand_property_identifier':
      return node.text;
    case 'attribute':
      return node.childForFieldName('attribute')?.text;
    case 'member_expression':
      return node.childForFieldName('property')?.text;
    case 'subscript':
    case 'subscript_expression': {
      const key = node.childForFieldName(node.type === 'subscript' ? 'subscript' : 'index');
      return key ? stripQuotes(key.text) : undefined;
    }
    case 'call':
    case 'call_expression': {
      const args = node.childForFieldName('arguments');
      const first = args?.namedChildren[0];
      if (first && (first.type === 'string' || first.type === 'template_string')) return stripQuotes(first.text);
      const callee = node.childForFieldName('function');
      return callee ? expressionName(callee) : undefined;
    }
    case 'parenthesized_expression':
    case 'await':
    case 'await_expression':
    case 'non_null_expression':
      return node.namedChildren[0] ? expressionName(node.namedChildren[0]) : undefined;
    default:
      return undefined;
  }
}

function stripQuotes(text: string): string {
  return text.replace(/^[rbfuRBFU]*(['"`]{1,3})([\s\S]*)\1$/, '$2');
}
