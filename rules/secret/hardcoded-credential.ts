import { credentialWords, defineRule } from '../../server/src/engine/api';
import { classify, literalVisitors, reportLiteral } from './_report';

/**
 * Credentials without a recognisable format: a random-looking value given to a credential name
 * (`api_key`, `client_secret`, `DB_PASSWORD`, `x-api-key`), sent as an `Authorization: Bearer` value, or written as the
 * password of a connection URL.
 */
export default defineRule({
  meta: {
    id: 'secret/hardcoded-credential',
    category: 'secret',
    title: 'Hard-coded credential',
    severity: 'warning',
    languages: ['python', 'javascript'],
    // A credential name's last word, `Bearer`/`Token`, or a connection URL's scheme.
    requires: credentialWords(),
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds high-entropy literals assigned or passed to credential names (api_key, apiKey, *_API_KEY, token, secret, password, ' +
        'client_secret, access_key, ...), literal tokens in `Authorization: Bearer` values, and passwords inside database, cache and ' +
        'broker connection URLs (`postgresql://user:pw@host/db`, `mysql://`, `mongodb+srv://`, `redis://`; placeholders such as ' +
        '`user:password@` or `${DB_PASSWORD}` are ignored).',
      why:
        'Credentials in code leak with the code: to everyone with read access, to forks, images and logs, and into git history ' +
        'for good. Unlike provider keys these have no telltale prefix, so the check combines the name the value is given to with ' +
        'how random the value is (Shannon entropy, length, character classes); placeholders, environment variable names, ' +
        'words, URLs and tokenizer vocabulary such as `pad_token` are ignored. ' +
        'Known non-secrets (a provider\'s published test key) can be listed in the rule option `allow` (regular expressions).',
      bad: 'headers = {"Authorization": "Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0"}\nDB_PASSWORD = "Tr0ub4dor&3x"\n',
      good: 'import os\n\nheaders = {"Authorization": f"Bearer {os.environ[\'API_TOKEN\']}"}\nDB_PASSWORD = os.environ["DB_PASSWORD"]\n',
      fix:
        'Replaces the literal with an environment lookup named after the variable (`os.environ["DB_PASSWORD"]`, ' +
        '`process.env.DB_PASSWORD`); a token inside a string becomes an interpolated lookup. Unsafe: the variable must then be set.',
      references: { owaspLlm: ['LLM02'], cwe: [798, 259] },
    },
  },
  create(context) {
    return literalVisitors(context, (literal) => {
      if (literal.isDocumentation) return;
      const match = classify(context, literal);
      if (match?.kind === 'generic') reportLiteral(context, literal, match, 'warning');
    });
  },
});
