/**
 * Fake keys for the secret rules' tests, built at run time in each provider's format from a seeded
 * generator: realistic enough for the detectors, never real, and not literal keys in this repository.
 */
import { seededRandom } from '../../support/seeded-random';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';
const B64URL = `${ALNUM}-_`;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

let seed = 20261125;
export function random(alphabet: string, length: number): string {
  const next = seededRandom(seed++);
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
  return text;
}

const MARK = 'T3Blbk' + 'FJ';

export const keys = {
  openaiLegacy: `sk-${random(ALNUM, 20)}${MARK}${random(ALNUM, 20)}`,
  openaiProject: `sk-proj-${random(B64URL, 74)}${MARK}${random(B64URL, 74)}`,
  openaiServiceAccount: `sk-svcacct-${random(B64URL, 74)}${MARK}${random(B64URL, 74)}`,
  openaiAdmin: `sk-admin-${random(B64URL, 58)}${MARK}${random(B64URL, 58)}`,
  anthropic: `sk-ant-api03-${random(B64URL, 93)}AA`,
  anthropicAdmin: `sk-ant-admin01-${random(B64URL, 93)}AA`,
  huggingface: `hf_${random(LETTERS, 34)}`,
  huggingfaceOrg: `api_org_${random(LETTERS, 34)}`,
  google: `AIza${random(B64URL, 35)}`,
  groq: `gsk_${random(ALNUM, 52)}`,
  replicate: `r8_${random(ALNUM, 37)}`,
  perplexity: `pplx-${random(ALNUM, 48)}`,
  xai: `xai-${random(ALNUM, 80)}`,
  openrouter: `sk-or-v1-${random(HEX, 64)}`,
  langsmith: `lsv2_pt_${random(HEX, 32)}_${random(HEX, 10)}`,
  langsmithService: `lsv2_sk_${random(HEX, 32)}_${random(HEX, 10)}`,
  pinecone: `pcsk_${random(ALNUM, 6)}_${random(ALNUM, 64)}`,
  databricks: `dapi${random(HEX, 32)}`,
  awsAccessKey: `AKIA${random(BASE32, 16)}`,
  awsSessionKey: `ASIA${random(BASE32, 16)}`,
  bedrock: `ABSK${random(`${ALNUM}+/`, 120)}`,
  langfuse: `sk-lf-${random(HEX, 8)}-${random(HEX, 4)}-${random(HEX, 4)}-${random(HEX, 4)}-${random(HEX, 12)}`,
  tavily: `tvly-dev-${random(ALNUM, 32)}`,
  github: `ghp_${random(ALNUM, 36)}`,
  githubFineGrained: `github_pat_${random(ALNUM, 22)}_${random(ALNUM, 59)}`,
  gitlab: `glpat-${random(ALNUM, 20)}`,
  slack: `xoxb-${random('0123456789', 12)}-${random('0123456789', 13)}-${random(ALNUM, 24)}`,
  stripe: `sk_live_${random(ALNUM, 32)}`,
  npm: `npm_${random(ALNUM, 36)}`,
  // Context-dependent formats.
  deepseek: `sk-${random(HEX, 32)}`,
  cohere: random(ALNUM, 40),
  mistral: random(ALNUM, 32),
  azure: random(HEX, 32),
  wandb: random(HEX, 40),
  // Generic credentials.
  token: random(ALNUM, 40),
  hexToken: random(HEX, 40),
  password: 'Tr0ub4dor&3xQ',
};
