import { credentialKind, detectSecret, isPlaceholder, shannonEntropy } from '../../../server/src/engine/api';
import * as assert from 'node:assert/strict';
import { keys } from './_keys';

/** `detectSecret` is shared with the Dockerfile and notebook rules: its contract is tested on its own. */
describe('secret detector (detectSecret)', () => {
  it('names the provider, its environment variable and where the key is, for a self-identifying format', () => {
    const value = `Authorization: Bearer ${keys.anthropic}`;
    const match = detectSecret(value);
    assert.ok(match);
    assert.equal(match.provider, 'Anthropic API key');
    assert.equal(match.envVar, 'ANTHROPIC_API_KEY');
    assert.equal(match.confidence, 'high');
    assert.equal(match.kind, 'format');
    assert.equal(value.slice(match.start, match.end), keys.anthropic);
  });

  it('needs a name or client for context-dependent formats', () => {
    assert.equal(detectSecret(keys.cohere), undefined);
    assert.equal(detectSecret(keys.cohere, 'cohere.Client')?.provider, 'Cohere API key');
    assert.equal(detectSecret(keys.cohere, 'CO_API_KEY')?.provider, 'Cohere API key');
    assert.equal(detectSecret(keys.wandb, 'wandb.login key')?.confidence, 'medium');
    assert.equal(detectSecret(keys.deepseek, 'DEEPSEEK_API_KEY')?.envVar, 'DEEPSEEK_API_KEY');
  });

  it('finds generic credentials by name and randomness only', () => {
    assert.equal(detectSecret(keys.token, 'client_secret')?.kind, 'generic');
    assert.equal(detectSecret(keys.token, 'clientSecret')?.envVar, 'CLIENT_SECRET');
    assert.equal(detectSecret(keys.token, 'request_id'), undefined);
    assert.equal(detectSecret('hunter2', 'password'), undefined);
    assert.equal(detectSecret(keys.password, 'DB_PASSWORD')?.provider, 'password');
  });

  it('treats placeholders as placeholders', () => {
    for (const placeholder of ['sk-...', 'your-api-key-here', '<OPENAI_API_KEY>', '${OPENAI_API_KEY}', 'xxx', 'changeme', 'sk-xxxxxxxx', 'dummy-token-0000']) {
      assert.ok(isPlaceholder(placeholder), placeholder);
      assert.equal(detectSecret(placeholder, 'api_key'), undefined, placeholder);
    }
    assert.ok(!isPlaceholder(keys.openaiProject));
  });

  it('reads credential names the way people write them', () => {
    assert.equal(credentialKind('OPENAI_API_KEY'), 'API key');
    assert.equal(credentialKind('apiKey'), 'API key');
    assert.equal(credentialKind('x-api-key'), 'API key');
    assert.equal(credentialKind('self.hf_token'), 'token');
    assert.equal(credentialKind('pad_token'), undefined);
    assert.equal(credentialKind('max_tokens'), undefined);
    assert.equal(credentialKind('tokenizer'), undefined);
    assert.equal(credentialKind('key'), undefined);
    assert.equal(credentialKind('password_hash'), undefined);
  });

  it('measures entropy in bits per character', () => {
    assert.equal(shannonEntropy('aaaa'), 0);
    assert.equal(shannonEntropy('abcd'), 2);
  });
});
