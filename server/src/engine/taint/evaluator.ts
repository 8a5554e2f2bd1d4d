import type { SyntaxNode as Node } from '../syntax/node';
import type { FlowCollector } from './collector';
import type { Env, Value } from './env';
import type { Taint } from './types';

/** Deeper expressions are treated as clean rather than risk the stack: generated code can chain thousands of `+`. */
const MAX_DEPTH = 400;

/**
 * What the Python and JavaScript evaluators share: the environment of the function being analysed, name lookup
 * that falls back to module globals inside functions, and the depth-guarded entry point to the language's own
 * `evaluate`. Each language subclass knows its syntax; this class knows nothing of it.
 */
export abstract class Evaluator<Analysis extends { readonly globals: Env }> {
  readonly returns: (Taint | undefined)[] = [];
  private depth = 0;

  constructor(
    protected readonly analysis: Analysis,
    protected env: Env,
    protected readonly collector: FlowCollector,
    protected readonly inSummary: boolean,
  ) {}

  protected inModule(): boolean {
    return this.env === this.analysis.globals;
  }

  protected lookup(name: string): Value | undefined {
    return this.env.lookup(name) ?? (this.inModule() ? undefined : this.analysis.globals.lookup(name));
  }

  taintOf(node: Node | null): Taint | undefined {
    return this.expr(node)?.taint;
  }

  expr(node: Node | null): Value | undefined {
    if (!node || this.depth > MAX_DEPTH) return undefined;
    this.depth++;
    try {
      return this.evaluate(node);
    } finally {
      this.depth--;
    }
  }

  protected abstract evaluate(node: Node): Value | undefined;
}
