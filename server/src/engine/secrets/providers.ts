/**
 * Key formats of AI and cloud providers, as data. Two kinds:
 * - `format`: the key's shape alone names the provider (a fixed prefix, a fixed marker, an exact length), so a
 *   literal anywhere in the code is a finding.
 * - `context`: the shape is generic (32 hex characters, 40 alphanumerics), so a literal is only attributed to
 *   the provider when it is assigned or passed to a name or client that mentions the provider.
 *
 * Patterns match the whole key and are used both anchored (is this literal a key?) and unanchored with
 * boundaries (does this longer string contain a key?). Lengths follow the providers' published or observed
 * formats, with some slack where providers have changed lengths over time.
 */
export interface ProviderFormat {
  /** Stable identifier, used in finding properties. */
  id: string;
  /** Name shown in messages. */
  name: string;
  /** The environment variable the provider's SDK reads by convention; the fix's lookup. */
  envVar: string;
  /** Other conventional variables, which also count as context for this provider. */
  aliases?: string[];
  /** The key's shape, without anchors or flags. */
  pattern: string;
  /** The body is long random data where runs of a character are normal (base64 of DER): only obvious placeholders count. */
  randomBody?: boolean;
  /** Literal text every key of the format contains, checked before the pattern runs (none for context formats). */
  prefixes?: string[];
}

export interface ContextFormat extends ProviderFormat {
  /** Words in a variable, parameter, property or client name that tie a literal to the provider. */
  contextWords: RegExp;
}

const B64URL = 'A-Za-z0-9_\\-';

export const PROVIDER_FORMATS: readonly ProviderFormat[] = [
  // OpenAI keys embed the base64 of "OpenAI" (`T3BlbkFJ`) between two random halves.
  { id: 'openai-project', name: 'OpenAI project key', envVar: 'OPENAI_API_KEY', prefixes: ['sk-proj-'], pattern: `sk-proj-[${B64URL}]{20,}T3BlbkFJ[${B64URL}]{20,}` },
  { id: 'openai-service-account', name: 'OpenAI service account key', envVar: 'OPENAI_API_KEY', prefixes: ['sk-svcacct-'], pattern: `sk-svcacct-[${B64URL}]{20,}T3BlbkFJ[${B64URL}]{20,}` },
  { id: 'openai-admin', name: 'OpenAI admin key', envVar: 'OPENAI_ADMIN_KEY', prefixes: ['sk-admin-'], pattern: `sk-admin-[${B64URL}]{20,}T3BlbkFJ[${B64URL}]{20,}` },
  { id: 'openai-user', name: 'OpenAI user key', envVar: 'OPENAI_API_KEY', prefixes: ['sk-None-'], pattern: `sk-None-[${B64URL}]{20,}T3BlbkFJ[${B64URL}]{20,}` },
  { id: 'openai-legacy', name: 'OpenAI API key', envVar: 'OPENAI_API_KEY', prefixes: ['sk-'], pattern: 'sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}' },
  // Anthropic keys end in `AA` after 93 url-safe base64 characters.
  { id: 'anthropic', name: 'Anthropic API key', envVar: 'ANTHROPIC_API_KEY', prefixes: ['sk-ant-api'], pattern: `sk-ant-api03-[${B64URL}]{80,100}AA` },
  { id: 'anthropic-admin', name: 'Anthropic admin key', envVar: 'ANTHROPIC_ADMIN_KEY', prefixes: ['sk-ant-admin'], pattern: `sk-ant-admin01-[${B64URL}]{80,100}AA` },
  { id: 'openrouter', name: 'OpenRouter API key', envVar: 'OPENROUTER_API_KEY', prefixes: ['sk-or-'], pattern: 'sk-or-v1-[a-f0-9]{64}' },
  { id: 'huggingface', name: 'Hugging Face token', envVar: 'HF_TOKEN', aliases: ['HUGGINGFACEHUB_API_TOKEN', 'HUGGING_FACE_HUB_TOKEN'], prefixes: ['hf_'], pattern: 'hf_[A-Za-z]{34}' },
  { id: 'huggingface-org', name: 'Hugging Face organization token', envVar: 'HF_TOKEN', prefixes: ['api_org_'], pattern: 'api_org_[A-Za-z]{34}' },
  { id: 'google-ai', name: 'Google API key', envVar: 'GOOGLE_API_KEY', aliases: ['GEMINI_API_KEY'], prefixes: ['AIza'], pattern: `AIza[${B64URL}]{35}` },
  { id: 'groq', name: 'Groq API key', envVar: 'GROQ_API_KEY', prefixes: ['gsk_'], pattern: 'gsk_[A-Za-z0-9]{52}' },
  { id: 'replicate', name: 'Replicate API token', envVar: 'REPLICATE_API_TOKEN', prefixes: ['r8_'], pattern: 'r8_[A-Za-z0-9]{37}' },
  { id: 'perplexity', name: 'Perplexity API key', envVar: 'PERPLEXITY_API_KEY', prefixes: ['pplx-'], pattern: 'pplx-[A-Za-z0-9]{48}' },
  { id: 'xai', name: 'xAI API key', envVar: 'XAI_API_KEY', prefixes: ['xai-'], pattern: 'xai-[A-Za-z0-9]{80}' },
  { id: 'langsmith', name: 'LangSmith API key', envVar: 'LANGSMITH_API_KEY', aliases: ['LANGCHAIN_API_KEY'], prefixes: ['lsv2_'], pattern: 'lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}' },
  { id: 'pinecone', name: 'Pinecone API key', envVar: 'PINECONE_API_KEY', prefixes: ['pcsk_'], pattern: 'pcsk_[A-Za-z0-9]{4,10}_[A-Za-z0-9]{40,90}' },
  { id: 'databricks', name: 'Databricks token', envVar: 'DATABRICKS_TOKEN', prefixes: ['dapi'], pattern: 'dapi[a-f0-9]{32}(?:-[0-9])?' },
  { id: 'aws-access-key', name: 'AWS access key id', envVar: 'AWS_ACCESS_KEY_ID', prefixes: ['AKIA', 'ASIA'], pattern: '(?:AKIA|ASIA)[A-Z2-7]{16}' },
  // Bedrock long-term API keys are `ABSK` + base64 of "BedrockAPIKey-..."; short-term ones have a readable prefix.
  { id: 'aws-bedrock', name: 'Amazon Bedrock API key', envVar: 'AWS_BEARER_TOKEN_BEDROCK', prefixes: ['ABSK'], pattern: 'ABSK[A-Za-z0-9+/]{60,}={0,2}' },
  { id: 'aws-bedrock-short-term', name: 'Amazon Bedrock API key', envVar: 'AWS_BEARER_TOKEN_BEDROCK', prefixes: ['bedrock-api-key-'], pattern: 'bedrock-api-key-[A-Za-z0-9+/]{60,}={0,2}' },
  // Tools AI applications wire in next to the model: observability, search, code hosting, chat, payments.
  { id: 'langfuse', name: 'Langfuse secret key', envVar: 'LANGFUSE_SECRET_KEY', prefixes: ['sk-lf-'], pattern: 'sk-lf-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}' },
  { id: 'tavily', name: 'Tavily API key', envVar: 'TAVILY_API_KEY', prefixes: ['tvly-'], pattern: 'tvly-(?:dev-|prod-)?[A-Za-z0-9]{32}' },
  { id: 'github', name: 'GitHub token', envVar: 'GITHUB_TOKEN', prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], pattern: 'gh[pousr]_[A-Za-z0-9]{36}' },
  { id: 'github-fine-grained', name: 'GitHub token', envVar: 'GITHUB_TOKEN', prefixes: ['github_pat_'], pattern: 'github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}' },
  { id: 'gitlab', name: 'GitLab token', envVar: 'GITLAB_TOKEN', prefixes: ['glpat-'], pattern: 'glpat-[A-Za-z0-9_-]{20}' },
  { id: 'slack', name: 'Slack token', envVar: 'SLACK_BOT_TOKEN', prefixes: ['xox'], pattern: 'xox[baprs]-[0-9]{6,}-[0-9A-Za-z-]{20,}' },
  { id: 'stripe', name: 'Stripe secret key', envVar: 'STRIPE_SECRET_KEY', prefixes: ['sk_live_', 'rk_live_'], pattern: '(?:sk|rk)_live_[A-Za-z0-9]{24,}' },
  { id: 'npm', name: 'npm token', envVar: 'NPM_TOKEN', prefixes: ['npm_'], pattern: 'npm_[A-Za-z0-9]{36}' },
  // A PEM private key: the header alone (code that looks for one) is not a finding, the header with a body is.
  { id: 'private-key', name: 'private key', envVar: 'PRIVATE_KEY', prefixes: ['-----BEGIN '], pattern: '-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----(?:\\s|\\\\[nr])+[A-Za-z0-9+/]{40,}(?:[A-Za-z0-9+/=\\s]|\\\\[nr])*(?:-----END (?:[A-Z]+ )*PRIVATE KEY-----)?', randomBody: true },
];

/** Formats too generic to attribute without a name or client that mentions the provider. */
export const CONTEXT_FORMATS: readonly ContextFormat[] = [
  { id: 'deepseek', name: 'DeepSeek API key', envVar: 'DEEPSEEK_API_KEY', pattern: 'sk-[a-f0-9]{32}', contextWords: /deepseek/i },
  { id: 'cohere', name: 'Cohere API key', envVar: 'COHERE_API_KEY', aliases: ['CO_API_KEY'], pattern: '[A-Za-z0-9]{40}', contextWords: /cohere|\bco_api_key\b/i },
  { id: 'mistral', name: 'Mistral API key', envVar: 'MISTRAL_API_KEY', pattern: '[A-Za-z0-9]{32}', contextWords: /mistral/i },
  // Azure OpenAI resource keys were 32 hex characters; newer ones are 84 alphanumerics.
  { id: 'azure-openai', name: 'Azure OpenAI key', envVar: 'AZURE_OPENAI_API_KEY', pattern: '(?:[a-f0-9]{32}|[A-Za-z0-9]{84})', contextWords: /azure\w*?(?:open_?ai|oai|cognitive)|azure_?ai|aoai/i },
  { id: 'wandb', name: 'Weights & Biases API key', envVar: 'WANDB_API_KEY', pattern: '(?:local-)?[a-f0-9]{40}', contextWords: /wandb|weights.?and.?biases/i },
  { id: 'openai-legacy-unmarked', name: 'OpenAI API key', envVar: 'OPENAI_API_KEY', pattern: 'sk-[A-Za-z0-9]{48}', contextWords: /openai/i },
  { id: 'together', name: 'Together AI API key', envVar: 'TOGETHER_API_KEY', pattern: '(?:tgp_v1_[A-Za-z0-9_-]{40,50}|[a-f0-9]{64})', contextWords: /together/i },
  { id: 'voyage', name: 'Voyage AI API key', envVar: 'VOYAGE_API_KEY', pattern: 'pa-[A-Za-z0-9_-]{40,50}', contextWords: /voyage/i },
];
