import { SDK_TABLE } from './table';
import type { ClientFactory, ClientKind, ModelCall, SdkEntry } from './types';

export type SdkLanguage = 'python' | 'javascript';

/** A model call found in code: the SDK, the table's call entry and the name findings use. */
export interface SdkCall {
  sdk: SdkEntry;
  call: ModelCall;
  /** The client kind the call was made on, when known (absent for module functions and distinctive chains). */
  client?: ClientKind;
}

export interface FactoryMatch {
  sdk: SdkEntry;
  client: ClientKind;
  factory: ClientFactory;
}

/**
 * The table indexed for one language: factories by qualified name, calls by client kind and method, module
 * functions by qualified name, and the distinctive method chains matched on any receiver.
 */
export class SdkCatalog {
  private readonly factories = new Map<string, FactoryMatch[]>();
  /** The same factories by the callee's last name (`ChatOpenAI` of `langchain_openai.ChatOpenAI`). */
  private readonly factoriesByLastName = new Map<string, FactoryMatch[]>();
  private readonly kinds = new Map<string, { sdk: SdkEntry; client: ClientKind }>();
  private readonly functions = new Map<string, SdkCall>();
  private readonly chains: { suffix: string; found: SdkCall }[] = [];
  /** Every module name of the language's entries. */
  readonly modules = new Set<string>();
  /** Last names of the calls that return another client (`start_chat`, `compile`, `create` of `chats.create`). */
  readonly returningMethodNames = new Set<string>();

  constructor(readonly language: SdkLanguage) {
    for (const sdk of SDK_TABLE) {
      const binding = sdk[language];
      if (!binding) continue;
      for (const module of binding.modules) this.modules.add(module);
      for (const client of binding.clients ?? []) {
        this.kinds.set(client.kind, { sdk, client });
        for (const factory of client.made) {
          const made = { sdk, client, factory };
          let list = this.factories.get(factory.callee);
          if (!list) this.factories.set(factory.callee, (list = []));
          list.push(made);
          // Only qualified callees: `factoriesNamed` answers for a class name standing in for one.
          const dot = factory.callee.lastIndexOf('.');
          if (dot < 0) continue;
          const lastName = factory.callee.slice(dot + 1);
          let named = this.factoriesByLastName.get(lastName);
          if (!named) this.factoriesByLastName.set(lastName, (named = []));
          named.push(made);
        }
        for (const call of client.calls) {
          if (call.distinctive) this.addChain(call, { sdk, call, client });
          if (call.returns) this.returningMethodNames.add(call.method.slice(call.method.lastIndexOf('.') + 1));
        }
      }
      for (const call of binding.functions ?? []) {
        this.functions.set(call.method, { sdk, call });
        if (call.distinctive) this.addChain(call, { sdk, call });
      }
    }
  }

  private addChain(call: ModelCall, found: SdkCall): void {
    const suffix = `.${distinctiveChain(call)}`;
    if (!this.chains.some((c) => c.suffix === suffix)) this.chains.push({ suffix, found });
  }

  /** The client a constructor or factory makes, given its qualified name and first string argument. */
  factory(callee: string, firstArgument: () => string | undefined): FactoryMatch | undefined {
    const list = this.factories.get(callee);
    if (!list) return undefined;
    return list.find((m) => !m.factory.firstArgument || m.factory.firstArgument.includes(firstArgument() ?? ''));
  }

  private factoryPrefixes: Set<string> | undefined;

  /**
   * Whether a qualified name is a factory's callee or leads to one (`openai`, `openai.OpenAI`;
   * `google.generativeai` for `google.generativeai.GenerativeModel`): only names like these can begin an
   * expression that makes a client. `START` of `langgraph.graph` cannot.
   */
  leadsToFactory(qualified: string): boolean {
    if (!this.factoryPrefixes) {
      const prefixes = new Set<string>();
      for (const callee of this.factories.keys()) {
        for (let dot = callee.indexOf('.'); dot > 0; dot = callee.indexOf('.', dot + 1)) prefixes.add(callee.slice(0, dot));
        prefixes.add(callee);
      }
      this.factoryPrefixes = prefixes;
    }
    return this.factoryPrefixes.has(qualified);
  }

  /** Factories whose callee is this qualified name, whatever their arguments (for rules about constructors). */
  factoriesOf(callee: string): readonly FactoryMatch[] {
    return this.factories.get(callee) ?? [];
  }

  /**
   * Factories whose qualified callee ends in `.name` (a constructor called by its class name, its import not in
   * the file), in table order. Looked up per call, so indexed rather than searched.
   */
  factoriesNamed(name: string): readonly FactoryMatch[] {
    return this.factoriesByLastName.get(name) ?? [];
  }

  client(kind: string): { sdk: SdkEntry; client: ClientKind } | undefined {
    return this.kinds.get(kind);
  }

  /** A method (path after the client, `chat.completions.create`; `()` for calling the object) of a client kind. */
  callOn(kind: string, method: string): SdkCall | undefined {
    const found = this.kinds.get(kind);
    const call = found?.client.calls.find((c) => c.method === method);
    return found && call ? { sdk: found.sdk, call, client: found.client } : undefined;
  }

  /** A model call named by a client-qualified (`cohere.Client.chat`) or import-qualified (`litellm.completion`) name. */
  resolve(qualified: string): SdkCall | undefined {
    const direct = this.functions.get(qualified);
    if (direct) return direct;
    if (this.kinds.has(qualified)) return this.callOn(qualified, '()');
    // Kinds hold dots themselves (`google.genai.Client`): try each split point.
    for (let dot = qualified.indexOf('.'); dot > 0; dot = qualified.indexOf('.', dot + 1)) {
      const kind = qualified.slice(0, dot);
      if (this.kinds.has(kind)) return this.callOn(kind, qualified.slice(dot + 1));
    }
    return undefined;
  }

  /** A call whose method chain alone says what it is (`x.chat.completions.create`), on any receiver. */
  chain(path: string): SdkCall | undefined {
    const dotted = `.${path}`;
    return this.chains.find((c) => dotted.endsWith(c.suffix))?.found;
  }

  /** Every (qualified pattern, call) pair: client calls as `<kind>.<method>` (the kind alone for `()`), module functions by name. */
  *patterns(): Generator<{ pattern: string; sdk: SdkEntry; call: ModelCall }> {
    for (const sdk of SDK_TABLE) {
      const binding = sdk[this.language];
      if (!binding) continue;
      for (const client of binding.clients ?? []) {
        for (const call of client.calls) yield { pattern: call.method === '()' ? client.kind : `${client.kind}.${call.method}`, sdk, call };
      }
      for (const call of binding.functions ?? []) yield { pattern: call.method, sdk, call };
    }
  }

  /** The distinctive chains as `.method` patterns, for matching on receivers of unknown provenance. */
  chainPatterns(): { pattern: string; call: ModelCall }[] {
    return this.chains.map((c) => ({ pattern: c.suffix, call: c.found.call }));
  }

  /** Every factory (for the constructor-level sinks: `Agent(instructions=)`). */
  *allFactories(): Generator<FactoryMatch> {
    for (const list of this.factories.values()) yield* list;
  }
}

/** The method chain a distinctive call is matched by on any receiver: `openai.chat.completions.create` as `chat.completions.create`. */
export function distinctiveChain(call: ModelCall): string {
  return call.method.replace(/^openai\./, '');
}

const catalogs = new Map<SdkLanguage, SdkCatalog>();

/** The table indexed for a language, built once per process. */
export function sdkCatalog(language: SdkLanguage): SdkCatalog {
  let catalog = catalogs.get(language);
  if (!catalog) catalogs.set(language, (catalog = new SdkCatalog(language)));
  return catalog;
}
