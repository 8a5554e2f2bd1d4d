import { CONTEXT_FORMATS, credentialKind, PROVIDER_FORMATS } from '../../server/src/engine/api';

/**
 * Environment variable prefixes that front-end build tools inline into the JavaScript they ship to browsers,
 * with the tool that does it (for messages).
 */
export const PUBLIC_PREFIXES: readonly { prefix: string; tool: string }[] = [
  { prefix: 'NEXT_PUBLIC_', tool: 'Next.js' },
  { prefix: 'VITE_', tool: 'Vite' },
  { prefix: 'REACT_APP_', tool: 'Create React App' },
  { prefix: 'EXPO_PUBLIC_', tool: 'Expo' },
  { prefix: 'NUXT_PUBLIC_', tool: 'Nuxt' },
  { prefix: 'VUE_APP_', tool: 'Vue CLI' },
  { prefix: 'GATSBY_', tool: 'Gatsby' },
  { prefix: 'PUBLIC_', tool: 'SvelteKit/Astro' },
];

/**
 * Words a text needs for a public variable to be read in it (`meta.requires`): the prefixes, without those that
 * contain another (`NEXT_PUBLIC_` has `PUBLIC_`). Names are compared as written, and in JavaScript a name is
 * one piece of the text.
 */
export function publicPrefixWords(): string[] {
  const prefixes = PUBLIC_PREFIXES.map((p) => p.prefix);
  return prefixes.filter((prefix) => !prefixes.some((other) => other !== prefix && prefix.includes(other)));
}

/** Providers whose keys must stay on a server; a public variable naming one of them is a leak. */
const AI_PROVIDER_WORDS =
  /OPENAI|ANTHROPIC|CLAUDE|GEMINI|GOOGLE_AI|GOOGLE_GENERATIVE|GROQ|(^|_)HF(_|$)|HUGGING_?FACE|REPLICATE|PERPLEXITY|PPLX|(^|_)XAI(_|$)|GROK|OPENROUTER|LANGSMITH|LANGCHAIN|PINECONE|DATABRICKS|COHERE|MISTRAL|DEEPSEEK|AZURE|WANDB|TOGETHER|VOYAGE|FIREWORKS|ELEVENLABS|ASSEMBLYAI|DEEPGRAM|STABILITY|BEDROCK|(^|_)AWS(_|$)/;

/** Keys that are public by design (publishable, anonymous, site keys, client ids, analytics). */
const PUBLIC_BY_DESIGN = /PUBLISHABLE|ANON|PUBLIC_KEY|SITE_KEY|CLIENT_ID|MEASUREMENT|DSN|FIREBASE|MAPS|MAPBOX|RECAPTCHA|POSTHOG|AMPLITUDE|SEGMENT|ALGOLIA_SEARCH|SEARCH_KEY/;

const PROVIDER_ENV_VARS = new Set(
  [...PROVIDER_FORMATS, ...CONTEXT_FORMATS].flatMap((f) => [f.envVar, ...(f.aliases ?? [])]),
);

export interface PublicSecretName {
  /** The full variable name (`NEXT_PUBLIC_OPENAI_API_KEY`). */
  name: string;
  prefix: string;
  tool: string;
  /** The name without the public prefix, the server-side variable to use instead. */
  serverName: string;
}

/** The public prefix of a variable name, if a bundler would inline it. */
export function publicPrefixOf(name: string): { prefix: string; tool: string } | undefined {
  return PUBLIC_PREFIXES.find((p) => name.startsWith(p.prefix) && name.length > p.prefix.length);
}

/**
 * Whether a public variable's name says it holds a secret: an AI provider's key or token, or any secret,
 * private key or password. Publishable and anonymous keys are meant for browsers and are left alone.
 */
export function publicSecretName(name: string): PublicSecretName | undefined {
  const found = publicPrefixOf(name);
  if (!found) return undefined;
  const serverName = name.slice(found.prefix.length);
  if (PUBLIC_BY_DESIGN.test(serverName)) return undefined;
  const kind = credentialKind(serverName);
  const secret =
    PROVIDER_ENV_VARS.has(serverName) ||
    (kind !== undefined && AI_PROVIDER_WORDS.test(serverName)) ||
    kind === 'secret' ||
    kind === 'password' ||
    /SECRET|PRIVATE_KEY|SERVICE_ROLE/.test(serverName);
  return secret ? { name, prefix: found.prefix, tool: found.tool, serverName } : undefined;
}
