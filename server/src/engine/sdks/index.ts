/**
 * The model SDK table and what reads it. `table.ts` is the data (one entry per SDK); `catalog.ts` indexes it
 * per language; `clients.ts` traces which names hold a client; `taint-spec.ts` turns it into taint sources
 * and prompt sinks. Rules ask `sdkCallAt(context, call)` and `sdkFactoryAt(context, call)`.
 */
import type { SyntaxNode as Node, SyntaxTree as Tree } from '../syntax/node';
import type { RuleContext } from '../rule';
import { javascriptSemantics } from '../semantic/javascript';
import { pythonSemantics } from '../semantic/python';
import { sdkCatalog, type FactoryMatch, type SdkCall } from './catalog';
import { javascriptSdkClients, pythonSdkClients, type SdkClients } from './clients';

export { SDK_TABLE } from './table';
export { sdkCatalog, type SdkCall, type FactoryMatch } from './catalog';
export { sdkCallWords, sdkCallSourceWords, sdkFactoryWords } from './words';
export type { ClientFactory, ClientKind, ModelCall, SdkEntry } from './types';

/** The client provenance of the document being analysed (Python or JavaScript), or undefined for other families. */
export function sdkClients(context: RuleContext): SdkClients | undefined {
  const root = (context.tree as Tree | undefined)?.rootNode;
  if (!root) return undefined;
  if (context.family === 'python') return pythonSdkClients(root, pythonSemantics(context));
  if (context.family === 'javascript') return javascriptSdkClients(root, javascriptSemantics(context));
  return undefined;
}

/**
 * The SDK table's entry for a call (`call` or `call_expression`): a module function (`litellm.completion`), a
 * call on a client of known provenance (`co.chat`), or a distinctive chain on any receiver
 * (`x.chat.completions.create`). Calls that return another client (`model.start_chat()`) are not model calls.
 */
export function sdkCallAt(context: RuleContext, call: Node): SdkCall | undefined {
  const language = context.family === 'python' ? 'python' : context.family === 'javascript' ? 'javascript' : undefined;
  if (!language) return undefined;
  const callee = call.childForFieldName('function');
  if (!callee) return undefined;
  const catalog = sdkCatalog(language);
  const qualified = language === 'python' ? pythonSemantics(context).qualifiedName(callee) : javascriptSemantics(context).qualifiedName(callee);
  const found = (qualified ? catalog.resolve(qualified) : undefined) ?? sdkClients(context)?.callAt(callee) ?? catalog.chain(calleePath(callee));
  return found && !found.call.returns ? found : undefined;
}

/** The SDK client a constructor or factory call makes (`OpenAI()`, `new Groq()`, `boto3.client("bedrock-runtime")`). */
export function sdkFactoryAt(context: RuleContext, call: Node): FactoryMatch | undefined {
  const language = context.family === 'python' ? 'python' : context.family === 'javascript' ? 'javascript' : undefined;
  if (!language) return undefined;
  const qualified = language === 'python' ? pythonSemantics(context).calleeName(call) : javascriptSemantics(context).calleeName(call);
  if (!qualified) return undefined;
  const args = call.childForFieldName('arguments');
  const first = args?.namedChildren.find((a) => a?.type !== 'comment');
  return sdkCatalog(language).factory(qualified, () => (first && /^(string|template_string)$/.test(first.type) ? first.text.replace(/^[rbuf]*['"`]+|['"`]+$/gi, '') : undefined));
}

/** `client.chat.completions.create` with `?.`, whitespace and non-name parts dropped. */
function calleePath(callee: Node): string {
  return callee.text.replace(/\s+/g, '').replace(/\?\./g, '.');
}
