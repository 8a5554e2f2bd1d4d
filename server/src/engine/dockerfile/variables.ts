import type { Dockerfile } from 'dockerfile-ast';

/** The result of expanding `$NAME`, `${NAME}` and `${NAME:-default}` in a Dockerfile argument. */
export interface Expansion {
  value: string;
  /** True when some variable had no known value, so `value` still holds a reference. */
  unresolved: boolean;
}

const REFERENCE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Expands variable references the way the builder would with the defaults written in the file (ARG and
 * ENV values visible at `line`, 0-based). Build arguments passed on the command line are unknowable
 * here, so a result is a best guess and callers treat `unresolved` values as unknown.
 */
export function expandVariables(dockerfile: Dockerfile, text: string, line: number, depth = 0): Expansion {
  if (!text.includes('$')) return { value: text, unresolved: false };
  let unresolved = false;
  const value = text.replace(REFERENCE, (whole, braced: string | undefined, operator: string | undefined, word: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    const known = lookup(dockerfile, name, line);
    if (operator === ':-' || operator === '-') {
      if (known === undefined || (operator === ':-' && known === '')) {
        const inner = expandVariables(dockerfile, word ?? '', line, depth + 1);
        unresolved ||= inner.unresolved;
        return inner.value;
      }
    } else if (operator === ':+' || operator === '+') {
      if (known === undefined || (operator === ':+' && known === '')) return '';
      const inner = expandVariables(dockerfile, word ?? '', line, depth + 1);
      unresolved ||= inner.unresolved;
      return inner.value;
    }
    if (known === undefined) {
      unresolved = true;
      return whole;
    }
    if (depth < 5 && known.includes('$')) {
      const inner = expandVariables(dockerfile, known, line, depth + 1);
      unresolved ||= inner.unresolved;
      return inner.value;
    }
    return known;
  });
  return { value, unresolved };
}

function lookup(dockerfile: Dockerfile, name: string, line: number): string | undefined {
  try {
    const value = dockerfile.resolveVariable(name, line);
    return value === null ? undefined : value;
  } catch {
    return undefined;
  }
}
