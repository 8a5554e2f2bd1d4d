import type { SyntaxNode as Node } from '../syntax/node';
import { callsAuthFunction, checksCredential } from './protection';

/** Function nodes of JavaScript/TypeScript, as handlers and middleware are written. */
export function isFunction(node: Node): boolean {
  return ['arrow_function', 'function_expression', 'function', 'function_declaration'].includes(node.type);
}

/** Authentication a handler does itself: a credential check that answers 401/403, or a call such as `getServerSession()`. */
export function handlerAuth(handler: Node): string | undefined {
  const body = handler.childForFieldName('body')?.text ?? handler.text;
  if (checksCredential(body)) return 'a credential check in the handler';
  return callsAuthFunction(body);
}
