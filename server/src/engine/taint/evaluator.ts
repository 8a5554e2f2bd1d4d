import type { SyntaxNode as Node } from '../syntax/node';
import type { FlowCollector } from './collector';
import type { Env, Value } from './env';
import { CONTAINER_MUTATORS } from './objects';
import type { Taint } from './types';

/** Deeper expressions are treated as clean rather than risk the stack: generated code can chain thousands of `+`. */
const MAX_DEPTH = 400;
const WORD = /[\w$]/;
const MUTATOR_CALL = new RegExp(`^\\.(?:${[...CONTAINER_MUTATORS].join('|')})\\s*\\(`);

/**
 * Whether `text` uses `name` other than to accumulate into it (`x += ...`, `x = ...`, `x.append(...)`,
 * `x.push(...)`). Accumulating merges the labels already: another pass would only repeat the first; a read
 * (`exec(previous)`) may see more. A scan with `indexOf`, since it runs for every loop that gains taint.
 */
function readsOtherThanAccumulating(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
    const before = at > 0 ? text[at - 1] : '';
    const after = text[at + name.length] ?? '';
    if (WORD.test(before) || before === '.' || WORD.test(after)) continue;
    const rest = text.slice(at + name.length, at + name.length + 40).replace(/^[ \t]+/, '');
    const accumulates = rest.startsWith('+=') || (rest[0] === '=' && rest[1] !== '=' && rest[1] !== '>') || MUTATOR_CALL.test(rest);
    if (!accumulates) return true;
  }
  return false;
}

/** Passes over a loop body: labels only grow, and two or three passes carry what real loops accumulate. */
const MAX_LOOP_PASSES = 3;

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

  /**
   * Runs a loop's body (with its header) again while a pass leaves a variable bound before the loop more
   * tainted than it found it and the body reads that variable other than to add to it, at most
   * `MAX_LOOP_PASSES` times: what one iteration assigns reaches the next iteration's start
   * (`exec(previous); previous = llm(...)`) and the code after the loop. Flows found twice are recorded once.
   */
  protected loop(node: Node, pass: () => void): void {
    for (let i = 0; i < MAX_LOOP_PASSES; i++) {
      const before = this.env.labelsNow();
      pass();
      const gained = this.env.gainedSince(before);
      if (gained.length === 0 || !gained.some((name) => readsOtherThanAccumulating(node.text, name))) return;
    }
  }

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
