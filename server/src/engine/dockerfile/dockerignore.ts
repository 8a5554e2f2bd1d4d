/**
 * `.dockerignore` matching, as the builder does it: patterns are relative to the build context root,
 * `*` and `?` stay within a path segment, `**` crosses segments, a pattern that matches a directory
 * excludes everything in it, and later `!` lines re-include. Comments and blank lines are skipped.
 */
export class DockerIgnore {
  private readonly rules: { negated: boolean; regex: RegExp }[];

  constructor(text: string) {
    this.rules = [];
    for (const rawLine of text.split(/\r?\n/)) {
      const line = rawLine.trim();
      if (!line || line.startsWith('#')) continue;
      const negated = line.startsWith('!');
      let pattern = (negated ? line.slice(1) : line).trim();
      pattern = pattern.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
      if (!pattern) continue;
      this.rules.push({ negated, regex: toRegex(pattern) });
    }
  }

  /** True when the build context would leave out this path (relative, `/`-separated). */
  excludes(relativePath: string): boolean {
    const segments = relativePath.replace(/^\.\//, '').split('/').filter(Boolean);
    let excluded = false;
    for (const rule of this.rules) {
      // A path is matched when it or one of its parent directories is.
      for (let depth = 1; depth <= segments.length; depth++) {
        if (rule.regex.test(segments.slice(0, depth).join('/'))) {
          excluded = !rule.negated;
          break;
        }
      }
    }
    return excluded;
  }
}

function toRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '*') {
      if (pattern[i + 1] === '*') {
        // `**/` matches zero or more directories; a trailing `**` matches everything below.
        if (pattern[i + 2] === '/') {
          source += '(?:.*/)?';
          i += 2;
        } else {
          source += '.*';
          i += 1;
        }
      } else source += '[^/]*';
    } else if (char === '?') source += '[^/]';
    else if (char === '\\' && i + 1 < pattern.length) source += escape(pattern[++i]);
    else source += escape(char);
  }
  return new RegExp(`^${source}$`);
}

function escape(char: string): string {
  return /[.+^${}()|[\]\\]/.test(char) ? `\\${char}` : char;
}
