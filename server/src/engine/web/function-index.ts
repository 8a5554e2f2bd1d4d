import type { SyntaxNode as Node } from '../syntax/node';
import type { ModelCall } from './types';

/**
 * The functions of one document by name, and which of them reach a model call (directly or through other
 * functions of the same document), so that a handler that delegates to `answer(question)` counts as an AI route.
 */
export class FunctionIndex {
  private readonly functions = new Map<string, Node>();
  private readonly reach = new Map<number, ModelCall | null>();

  constructor(
    private readonly callType: 'call' | 'call_expression',
    private readonly modelCallName: (call: Node) => string | undefined,
    private readonly calleeLocalName: (call: Node) => string | undefined,
  ) {}

  add(name: string, fn: Node): void {
    if (!this.functions.has(name)) this.functions.set(name, fn);
  }

  get(name: string): Node | undefined {
    return this.functions.get(name);
  }

  /** The first model call a function makes, following calls to functions of this document up to a few levels deep. */
  modelCallOf(fn: Node, depth = 0): ModelCall | undefined {
    const cached = this.reach.get(fn.id);
    if (cached !== undefined) return cached ?? undefined;
    // Marks the function as in progress so that recursion terminates.
    this.reach.set(fn.id, null);
    let found: ModelCall | undefined;
    const calls = fn.descendantsOfType(this.callType);
    for (const call of calls) {
      if (!call) continue;
      const name = this.modelCallName(call);
      if (name) {
        found = { node: call, name };
        break;
      }
    }
    if (!found && depth < 4) {
      for (const call of calls) {
        const local = call ? this.calleeLocalName(call) : undefined;
        const target = local ? this.functions.get(local) : undefined;
        if (!target || target.id === fn.id) continue;
        const inner = this.modelCallOf(target, depth + 1);
        if (inner) {
          found = { node: inner.node, name: inner.name, via: inner.via ?? call! };
          break;
        }
      }
    }
    this.reach.set(fn.id, found ?? null);
    return found;
  }
}
