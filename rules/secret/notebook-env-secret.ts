import { defineRule, detectSecret, maskSecret } from '../../server/src/engine/api';

/**
 * `%env OPENAI_API_KEY=sk-...` is the notebook way of pasting a key: it is saved in the .ipynb, shared
 * with the notebook and committed with it.
 */
export default defineRule({
  meta: {
    id: 'secret/notebook-env-secret',
    category: 'secret',
    title: 'Secret set with %env in a notebook',
    severity: 'error',
    languages: ['notebook'],
    docs: {
      summary: 'Finds `%env`/`%set_env` magics and `!export` lines in notebooks that set a provider key or credential to a literal value.',
      why:
        'The value of `%env NAME=value` is part of the cell\'s source: it is saved in the .ipynb file, travels with every copy ' +
        'of the notebook and lands in version control. Anyone who gets the notebook gets the key.',
      bad: '%env OPENAI_API_KEY=sk-proj-…\n',
      good:
        'import os, getpass\nif "OPENAI_API_KEY" not in os.environ:\n    os.environ["OPENAI_API_KEY"] = getpass.getpass("OpenAI API key: ")\n' +
        '# or load it from a .env file kept out of version control (python-dotenv)\n',
      references: { owaspLlm: ['LLM02'], cwe: [798, 312] },
    },
  },
  create(context) {
    const notebook = context.notebook;
    if (!notebook) return;
    for (const cell of notebook.cells) {
      for (const magic of notebook.magics(cell.index)) {
        const isEnvMagic = magic.kind === 'line-magic' && (magic.name === 'env' || magic.name === 'set_env');
        const isExport = magic.kind !== 'line-magic' && magic.name === 'export';
        if (!isEnvMagic && !isExport) continue;
        // `%env NAME=value`, `%env NAME value`, `%set_env NAME=value`, `!export NAME=value`
        const match = /^(\s*)([A-Za-z_][A-Za-z0-9_]*)(\s*=\s*|\s+)(["']?)(\S+?)\4\s*$/.exec(magic.args);
        if (!match) continue;
        const [, lead, name, separator, quote, value] = match;
        const secret = detectSecret(value, name);
        if (!secret) continue;
        const start = magic.argsColumn + lead.length + name.length + separator.length + quote.length + secret.start;
        const key = value.slice(secret.start, secret.end);
        context.report({
          range: { start: { line: magic.line, character: start }, end: { line: magic.line, character: start + key.length } },
          message:
            `${secret.provider} ${maskSecret(key)} is set with %env in the notebook's source, so it is saved in the .ipynb: ` +
            `read it from the environment or prompt for it with getpass, and rotate this key.`,
          properties: { cell: cell.index },
        });
      }
    }
  },
});
