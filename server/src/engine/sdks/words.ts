import { distinctiveChain, type SdkLanguage } from './catalog';
import { SDK_TABLE } from './table';
import type { ClientFactory, ClientKind, ModelCall } from './types';

/**
 * Words for the rule prefilter (`meta.requires`, required-words.ts), read from the SDK table: a file without
 * them is one where `sdkCallAt` or `sdkFactoryAt` cannot find the selected calls or factories.
 *
 * Every part of a name those functions match is in the file's text: module functions, factories and calls
 * resolved by qualified name are spelt by an import (`from langchain_openai import ChatOpenAI as C`,
 * `require("openai")`, `import_module("ollama")`) and the attributes after it; a call on a traced client names
 * its method path in the callee (`co.chat`); a distinctive chain is matched on the callee's text. So each
 * dot-separated part is a sound word, and the longest is taken as the rarest. The exception is the client kind
 * itself: client provenance (clients.ts) names it from the factory that made the client, so a call on a client
 * of unknown method (`generator(prompt)`) is found through the factory's, or the returning call's, words.
 */

type CallFilter = (call: ModelCall) => boolean;
type FactoryFilter = (factory: ClientFactory, client: ClientKind) => boolean;

/** Words one of which a file contains wherever `sdkCallAt` finds a selected call: its method (`completions`, `generate_content`). */
export function sdkCallWords(language: SdkLanguage, select: CallFilter): string[] {
  const words = new Set<string>();
  forEachCall(language, select, (call, client) => {
    if (client && call.method === '()') for (const word of clientWords(language, client)) words.add(word);
    else words.add(methodWord(call));
  });
  return [...words];
}

/**
 * Words one of which a file contains wherever `sdkCallAt` finds a selected call, from where the call comes from
 * rather than what it is called: a module function's module, or the client's words (its kind, the modules of
 * the factories that make it, the calls that return it), or the chain of a distinctive call. A rule that needs
 * the call can require these and `sdkCallWords` together: `stream` alone is common, `stream` in a file that
 * makes a Mistral client is not.
 */
export function sdkCallSourceWords(language: SdkLanguage, select: CallFilter): string[] {
  const words = new Set<string>();
  forEachCall(language, select, (call, client) => {
    if (call.distinctive) words.add(methodWord(call));
    else if (!client) words.add(moduleWord(call.method));
    if (client) for (const word of clientWords(language, client)) words.add(word);
  });
  return [...words];
}

/**
 * Words one of which a file contains wherever a selected factory is found: `module` is the root of its qualified
 * name (`openai`, `@anthropic-ai/sdk`), which `sdkFactoryAt` needs imported; `name` is the class or function
 * (`ChatOpenAI`), which is also there when a rule matches the constructor by its name alone.
 */
export function sdkFactoryWords(language: SdkLanguage, select: FactoryFilter, part: 'module' | 'name'): string[] {
  const words = new Set<string>();
  for (const sdk of SDK_TABLE) {
    for (const client of sdk[language]?.clients ?? []) {
      for (const factory of client.made) {
        if (!select(factory, client)) continue;
        const callee = factory.callee;
        words.add(part === 'module' ? callee.split('.')[0] : callee.slice(callee.lastIndexOf('.') + 1));
      }
    }
  }
  return [...words];
}

/** Each model call of the language (not the calls that return another client), with the client it is made on. */
function forEachCall(language: SdkLanguage, select: CallFilter, visit: (call: ModelCall, client: ClientKind | undefined) => void): void {
  for (const sdk of SDK_TABLE) {
    const binding = sdk[language];
    for (const client of binding?.clients ?? []) for (const call of client.calls) if (!call.returns && select(call)) visit(call, client);
    for (const call of binding?.functions ?? []) if (!call.returns && select(call)) visit(call, undefined);
  }
}

/**
 * Words of a client of this kind, one of which is in any file where a call on it is found: the kind's name (a
 * qualified name that names it, `google.ChatSession.send_message`), the module of each factory that makes it
 * (provenance resolves the factory through its import), each call that returns it (`start_chat`). `prompt | llm`
 * gives the kind of an operand that is already such a client.
 */
function clientWords(language: SdkLanguage, client: ClientKind): string[] {
  const words = new Set([longestPart(client.kind)]);
  for (const factory of client.made) words.add(moduleWord(factory.callee));
  for (const sdk of SDK_TABLE) {
    for (const other of sdk[language]?.clients ?? []) {
      for (const call of other.calls) if (call.returns === client.kind) words.add(longestPart(call.method));
    }
  }
  return [...words];
}

/** A word of a call's method path that a distinctive call's chain also contains (the chain drops an `openai.` module prefix). */
function methodWord(call: ModelCall): string {
  return longestPart(call.distinctive ? distinctiveChain(call) : call.method);
}

/**
 * The module a qualified name starts with (`litellm`, `@anthropic-ai/sdk`), which its import spells out; for a
 * module named as briefly as `ai`, a part of most texts, the name's longest part instead.
 */
function moduleWord(name: string): string {
  const module = name.split('.')[0];
  return module.length > 2 ? module : longestPart(name);
}

/** The longest dot-separated part of a name, the first of equals: the rarest word of it. */
function longestPart(name: string): string {
  return name.split('.').reduce((best, part) => (part.length > best.length ? part : best), '');
}
