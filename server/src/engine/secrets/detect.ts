import { CONTEXT_FORMATS, PROVIDER_FORMATS, type ProviderFormat } from './providers';

/**
 * Decides whether a string value is a secret, and whose. Shared by the secret rules (through the rule API), by
 * other rules that look at values (Dockerfile RUN/LABEL, notebooks) and by the taint engine (hard-coded
 * credentials are secret sources), so that every part of AISec agrees on what a key is.
 *
 * `nameHint` is what the value is assigned or passed to: a variable, parameter, property, header or client
 * name, or several joined by spaces (`"cohere.Client api_key"`). It unlocks the context-dependent formats
 * and the generic credential check; without it only self-identifying provider formats are found.
 */
export interface SecretMatch {
  /** Display name of the provider or kind of secret ("OpenAI project key", "Bearer token", "password"). */
  provider: string;
  /** The conventional environment variable to read the secret from instead. */
  envVar: string;
  /** high: the format alone names the provider; medium: the name or client gives it away. */
  confidence: 'high' | 'medium';
  /** format: provider format; context: generic shape tied to a provider by name; generic: credential name + entropy. */
  kind: 'format' | 'context' | 'generic';
  /** Stable id of the format ("openai-project", "generic"). */
  formatId: string;
  /** Where the secret is within `value` (a key embedded in a longer string, e.g. "Bearer sk-..."). */
  start: number;
  end: number;
}

export function detectSecret(value: string, nameHint?: string): SecretMatch | undefined {
  return (
    findProviderKey(value) ??
    findConnectionUrlPassword(value) ??
    (nameHint ? findContextKey(value, nameHint) ?? findGenericSecret(value, nameHint) : undefined)
  );
}

/**
 * `scheme://user:password@host` for databases, caches and brokers (SQLAlchemy dialects such as
 * `postgresql+psycopg2` included). The scheme names the secret, so no variable name is needed.
 */
const CONNECTION_URL =
  /\b((?:postgres(?:ql)?|mysql|mariadb|mssql|sqlserver|oracle|cockroachdb|clickhouse|mongodb(?:\+srv)?|redis|rediss|amqps?|neo4j(?:\+s)?|bolt)(?:\+\w+)?):\/\/([^:/?#@\s'"`]*):([^@/?#\s'"`]+)@[^\s'"`]/i;
/** Passwords written as documentation: `user:password@`, `:pass@`, `:****@`, `${DB_PASSWORD}`, `%s`, `<pw>`. */
const URL_PASSWORD_PLACEHOLDER = /^(?:password|passwd|pass|pwd|pw|secret|changeme|\*+|x+|\.\.\.|%s|\?)$|^[$%<{[]|[{}\0]/i;

export function findConnectionUrlPassword(value: string): SecretMatch | undefined {
  if (!value.includes('://') || !value.includes('@')) return undefined;
  const match = CONNECTION_URL.exec(value);
  if (!match) return undefined;
  const [, , user, password] = match;
  if (URL_PASSWORD_PLACEHOLDER.test(password) || password === user || STRONG_PLACEHOLDER.test(password)) return undefined;
  const start = match.index + match[0].indexOf(`:${password}@`, match[1].length + 3) + 1;
  return {
    provider: `${match[1].split('+')[0].toLowerCase()} password`,
    envVar: 'DATABASE_PASSWORD',
    confidence: 'medium',
    kind: 'generic',
    formatId: 'connection-url',
    start,
    end: start + password.length,
  };
}

interface CompiledFormat {
  format: ProviderFormat;
  anchored: RegExp;
  embedded: RegExp;
}

function compile(format: ProviderFormat): CompiledFormat {
  return {
    format,
    anchored: new RegExp(`^(?:${format.pattern})$`),
    // Keys are bounded by characters that cannot be part of them (quotes, spaces, `=`, `:`), not by \b,
    // since most key alphabets include `-` and `_`.
    embedded: new RegExp(`(?<![A-Za-z0-9_\\-+/])(?:${format.pattern})(?![A-Za-z0-9_\\-+/=])`, 'g'),
  };
}

const COMPILED_PROVIDERS = PROVIDER_FORMATS.map(compile);
const COMPILED_CONTEXT = CONTEXT_FORMATS.map((format) => ({ ...compile(format), contextWords: format.contextWords }));

/** One cheap test before any provider pattern runs: does the value contain any provider's prefix? */
const PROVIDER_PREFILTER = new RegExp(
  [...new Set(PROVIDER_FORMATS.flatMap((f) => f.prefixes ?? []))].map(escapeRegExp).join('|'),
);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A provider key whose format names the provider, found anywhere in the value. */
export function findProviderKey(value: string): SecretMatch | undefined {
  if (value.length < 20 || !PROVIDER_PREFILTER.test(value)) return undefined;
  for (const { format, embedded } of COMPILED_PROVIDERS) {
    if (format.prefixes && !format.prefixes.some((prefix) => value.includes(prefix))) continue;
    embedded.lastIndex = 0;
    for (let match = embedded.exec(value); match; match = embedded.exec(value)) {
      const key = match[0];
      if (format.randomBody ? STRONG_PLACEHOLDER.test(key) : isPlaceholder(key)) continue;
      return {
        provider: format.name,
        envVar: format.envVar,
        confidence: 'high',
        kind: 'format',
        formatId: format.id,
        start: match.index,
        end: match.index + key.length,
      };
    }
  }
  return undefined;
}

/** A generic-looking key tied to a provider by the name it is assigned or passed to. */
export function findContextKey(value: string, nameHint: string): SecretMatch | undefined {
  const trimmed = value.trim();
  if (trimmed.length < 32 || trimmed.length > 120) return undefined;
  for (const { format, anchored, contextWords } of COMPILED_CONTEXT) {
    if (!contextWords.test(nameHint) && !mentionsEnvVar(nameHint, format)) continue;
    if (!anchored.test(trimmed) || isPlaceholder(trimmed) || !looksRandom(trimmed)) continue;
    const start = value.indexOf(trimmed);
    return {
      provider: format.name,
      envVar: format.envVar,
      confidence: 'medium',
      kind: 'context',
      formatId: format.id,
      start,
      end: start + trimmed.length,
    };
  }
  return undefined;
}

function mentionsEnvVar(nameHint: string, format: ProviderFormat): boolean {
  const upper = nameHint.toUpperCase();
  return upper.includes(format.envVar) || (format.aliases ?? []).some((alias) => upper.includes(alias));
}

/**
 * A high-entropy value assigned to a credential-like name (`api_key`, `client_secret`, `DB_PASSWORD`), or a
 * `Bearer` token. Passwords are allowed to be shorter and less random than keys, since people choose them.
 */
export function findGenericSecret(value: string, nameHint: string): SecretMatch | undefined {
  const bearer = /^\s*(?:Bearer|Token)\s+(\S+)\s*$/i.exec(value);
  if (bearer) {
    const token = bearer[1];
    if (!isKeyLike(token)) return undefined;
    const start = value.indexOf(token);
    return { provider: 'Bearer token', envVar: 'API_TOKEN', confidence: 'medium', kind: 'generic', formatId: 'bearer', start, end: start + token.length };
  }
  const kind = credentialKind(lastName(nameHint));
  if (!kind) return undefined;
  const trimmed = value.trim();
  const ok = kind === 'password' ? isPasswordLike(trimmed) : isKeyLike(trimmed);
  if (!ok) return undefined;
  const start = value.indexOf(trimmed);
  return {
    provider: kind,
    envVar: envVarFromName(lastName(nameHint), kind === 'password' ? 'PASSWORD' : 'API_KEY'),
    confidence: 'medium',
    kind: 'generic',
    formatId: 'generic',
    start,
    end: start + trimmed.length,
  };
}

/**
 * A cheap test on the value alone: could a name make it a credential? Sentences (except `Bearer <token>`),
 * short strings and strings with few distinct characters cannot.
 */
export function couldBeCredential(value: string): boolean {
  if (value.length < 8 || value.length > 512) return false;
  if (/\s/.test(value.trim()) && !/^\s*(?:Bearer|Token)\s+\S+\s*$/i.test(value)) return false;
  return new Set(value).size >= 6;
}

/** The most specific name in a hint: the last one (`"openai.OpenAI api_key"` → `api_key`). */
function lastName(nameHint: string): string {
  const parts = nameHint.trim().split(/\s+/);
  return parts[parts.length - 1] ?? '';
}

/** Splits `OPENAI_API_KEY`, `openaiApiKey`, `x-api-key`, `self.client_secret` into lower-case words. */
export function nameWords(name: string): string[] {
  const last = name.split('.').pop() ?? name;
  return last
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Tokens of language models (`pad_token`, `eos_token`) are vocabulary, not credentials. */
const NOT_CREDENTIAL_TOKEN = new Set([
  'pad', 'eos', 'bos', 'unk', 'sep', 'cls', 'mask', 'start', 'end', 'special', 'stop', 'next', 'page',
  'continuation', 'max', 'num', 'first', 'last', 'cancel', 'cancellation', 'sync', 'csrf', 'xsrf', 'image', 'default',
  // In AI code a token is most often a unit of text: `TOTAL_TOKEN`, `new_token`, `prompt_token` are counts or pieces.
  'total', 'new', 'input', 'output', 'prompt', 'completion', 'count', 'context', 'reasoning', 'cached', 'generated',
]);
/** Words that say a value is published on purpose: a Supabase anon key, a publishable key, a public key. */
const PUBLIC_WORDS = new Set(['public', 'publishable', 'anon']);
const PAT_OWNERS = new Set(['github', 'gh', 'gitlab', 'personal', 'access', 'hf', 'azure', 'ado', 'devops', 'bitbucket']);
const KEY_QUALIFIERS = new Set(['api', 'secret', 'access', 'private', 'auth', 'signing', 'encryption', 'master', 'license', 'client', 'service', 'subscription', 'account']);

/** What kind of credential a name announces, or undefined when it is not a credential name. */
export function credentialKind(name: string): 'API key' | 'token' | 'secret' | 'password' | undefined {
  const words = nameWords(name);
  // `API_KEY_2`, `token1`: a numeric suffix numbers the credential, it does not change what it is.
  while (words.length > 1 && /^\d+$/.test(words[words.length - 1])) words.pop();
  if (words.length === 0) return undefined;
  if (words.some((word) => PUBLIC_WORDS.has(word))) return undefined;
  const last = words[words.length - 1].replace(/\d+$/, '') || words[words.length - 1];
  const previous = words[words.length - 2];
  if (['password', 'passwd', 'pwd', 'passphrase', 'pass'].includes(last)) {
    return last === 'pass' && words.length === 1 ? undefined : 'password';
  }
  if (['apikey', 'apitoken', 'accesskey', 'secretkey', 'privatekey'].includes(last)) return 'API key';
  if (last === 'key' && previous && KEY_QUALIFIERS.has(previous)) return 'API key';
  // `pat` is a personal access token after a platform name; elsewhere it is usually a pattern (`HEX_PAT`).
  if (last === 'pat') return previous && PAT_OWNERS.has(previous) ? 'token' : undefined;
  if (last === 'token' || last === 'bearer') {
    return previous && NOT_CREDENTIAL_TOKEN.has(previous) ? undefined : 'token';
  }
  if (last === 'secret' || last === 'credential' || last === 'credentials') return 'secret';
  if (last === 'authorization' || last === 'auth') return 'token';
  return undefined;
}

/** `OPENAI_API_KEY` stays; `apiKey` becomes `API_KEY`; names too vague to be a variable get a fallback. */
export function envVarFromName(name: string, fallback: string): string {
  const words = nameWords(name);
  if (words.length === 0) return fallback;
  const candidate = words.join('_').toUpperCase();
  return /^[A-Z][A-Z0-9_]*$/.test(candidate) ? candidate : fallback;
}

/** Bits per character of a string's character distribution. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

function characterClasses(value: string): number {
  return (/[a-z]/.test(value) ? 1 : 0) + (/[A-Z]/.test(value) ? 1 : 0) + (/[0-9]/.test(value) ? 1 : 0) + (/[^A-Za-z0-9]/.test(value) ? 1 : 0);
}

/** Random-looking: many distinct characters, no long runs, not a word-like identifier. */
function looksRandom(value: string): boolean {
  if (/(.)\1{5,}/.test(value)) return false;
  const entropy = shannonEntropy(value);
  if (/^[a-f0-9]+$/i.test(value)) return entropy >= 3.0;
  return entropy >= 3.5 && characterClasses(value) >= 2;
}

/** A value that could be an API key or token: long enough, no spaces, random, not a name or a path. */
export function isKeyLike(value: string): boolean {
  if (value.length < 16 || value.length > 512 || /\s/.test(value)) return false;
  if (isPlaceholder(value) || looksLikeNonSecret(value)) return false;
  return looksRandom(value);
}

/** A value that could be a chosen password: shorter and less random than a key, but not a word or a placeholder. */
export function isPasswordLike(value: string): boolean {
  if (value.length < 8 || value.length > 256 || /\s/.test(value)) return false;
  if (isPlaceholder(value) || looksLikeNonSecret(value)) return false;
  return shannonEntropy(value) >= 2.8 && characterClasses(value) >= 2;
}

/** Identifiers, dotted names, URLs, paths, environment variable names and the like are not secrets. */
function looksLikeNonSecret(value: string): boolean {
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value)) return true; // an environment variable name
  if (/^[A-Za-z]+(?:[-_.:/][A-Za-z]+)*$/.test(value)) return true; // words: "my-secret-name", "urn:ietf:params:oauth"
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('/') || value.startsWith('./') || value.includes('\\')) return true;
  if (/^\$|^%\(|^\{|^os\.|^process\.env/.test(value)) return true;
  // A Python object reference ("pkg.module:Name", "._internal.api_token:ApiToken"): lazy imports and entry points.
  if (/^(?:\.+[A-Za-z_]\w*|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?:\.[A-Za-z_]\w*)*:[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/.test(value)) return true;
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) return true; // dates
  if (/\[[^\]]*\]|\(\?[:=!<]|\\[dwsb]/.test(value)) return true; // regular expressions
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return false; // UUIDs can be secrets
  return false;
}

/** Words that make a value a placeholder wherever they appear. */
const STRONG_PLACEHOLDER = /\.\.\.|…|xxx|\*\*\*|<[^>]*>|\$\{|\{\{|%\(|your|placeholder|changeme|change[-_]?me|replace|insert|redacted|here$|^sk-?$/i;
/** Words that make a value a placeholder unless the rest of it is random. */
const WEAK_PLACEHOLDER = /example|dummy|test|fake|sample|demo|mock|fixme|todo|secret|password|token|apikey|api[-_]key/i;
const SEQUENCES = /abcdefgh|12345678|qwertyui|01234567/i;

/** Placeholders people write instead of real keys: `sk-...`, `your-api-key-here`, `<OPENAI_API_KEY>`, `sk-xxxxxxxx`. */
export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length === 0) return true;
  if (STRONG_PLACEHOLDER.test(trimmed) || SEQUENCES.test(trimmed)) return true;
  if (/(.)\1{5,}/.test(trimmed)) return true;
  const distinct = new Set(trimmed).size;
  if (trimmed.length >= 16 && distinct < 8) return true;
  if (WEAK_PLACEHOLDER.test(trimmed)) {
    const rest = trimmed.replace(new RegExp(WEAK_PLACEHOLDER.source, 'gi'), '');
    return rest.length < 16 || shannonEntropy(rest) < 3.5;
  }
  return false;
}

/**
 * Whether a string literal bound to `name` is a hard-coded credential: what the secret rules report (a
 * provider's key format, a connection URL password, a random value under a credential name), or any value that
 * could be a chosen password under a credential name (`WANDB_API_KEY = "..."`). Placeholders, interpolations
 * and environment variable names are not; nor are token counts and vocabulary (`MAX_TOKENS`, `eos_token`),
 * which `credentialKind` does not count as credential names. The taint engine makes such constants secret sources.
 */
export function isHardcodedCredential(name: string, value: string): boolean {
  if (!couldBeCredential(value)) return false;
  if (detectSecret(value, name)) return true;
  return credentialKind(name) !== undefined && isPasswordLike(value.trim());
}

/** The credential word of a name bound to a string literal (`api_KEY = "`, `token: str = '`); the name starts before it. */
const CREDENTIAL_LITERAL_ASSIGNMENT = /(?:key|token|secret|pass|pwd|credential|auth|bearer|pat)[\w$]*(?=\s*(?::\s*[\w.]+\s*)?=\s*[rRbBuU]{0,2}["'`])/gi;
const IDENTIFIER_CHAR = /[\w$]/;

/**
 * The credential-like names a text binds to a string literal (`api_key = "`, `const API_KEY = '`): one scan
 * of a document. The taint passes skip code that names no source; these names keep code that holds or uses
 * a hard-coded credential from being skipped (`isHardcodedCredential` then judges the value).
 */
export function credentialLiteralNames(text: string): Set<string> {
  const names = new Set<string>();
  CREDENTIAL_LITERAL_ASSIGNMENT.lastIndex = 0;
  for (let match = CREDENTIAL_LITERAL_ASSIGNMENT.exec(text); match; match = CREDENTIAL_LITERAL_ASSIGNMENT.exec(text)) {
    let start = match.index;
    while (start > 0 && IDENTIFIER_CHAR.test(text[start - 1])) start--;
    const name = text.slice(start, match.index + match[0].length);
    if (/^[A-Za-z_$]/.test(name) && !names.has(name) && credentialKind(name)) names.add(name);
  }
  return names;
}
