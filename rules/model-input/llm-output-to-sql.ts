import { defineRule, taintWords } from '../../server/src/engine/api';
import { OUTPUT_SOURCES, reportOutputFlows, sourcePhrase } from './_flows';

/** Model output inside a SQL string is SQL injection with the model as the injector. */
export default defineRule({
  meta: {
    id: 'model-input/llm-output-to-sql',
    category: 'model-input',
    title: 'Model output in a SQL query',
    severity: 'error',
    languages: ['python', 'javascript'],
    requiresAll: () => taintWords({ sources: OUTPUT_SOURCES, sinks: ['sql'] }),
    wordsFollowTaintSpec: true,
    docs: {
      summary: 'Finds model output used as, or built into, the query text of `execute`, `raw`, `sqlalchemy.text`, `pandas.read_sql`, `db.query` or Prisma `$queryRawUnsafe`.',
      why:
        'Text-to-SQL and "let the model fill in the filter" designs hand the query to whoever can influence the prompt: ' +
        '`DROP TABLE`, data exfiltration through `UNION SELECT`. Values passed as bound parameters are not reported.',
      bad: 'name = llm.invoke(q).content\ncursor.execute(f"SELECT * FROM users WHERE name = \'{name}\'")\n',
      good: 'name = llm.invoke(q).content\ncursor.execute("SELECT * FROM users WHERE name = %s", (name,))\n',
      fix: 'No automatic fix: pass model output as a bound parameter; for generated queries, run them on a read-only connection with an allowlist of tables and statements.',
      references: { owaspLlm: ['LLM05'], cwe: [89] },
    },
  },
  create(context) {
    reportOutputFlows(context, {
      sinks: ['sql'],
      message: (flow) =>
        flow.built
          ? `${sourcePhrase(flow)} is built into the SQL text passed to \`${flow.sinkName}\`: pass it as a bound parameter.`
          : `${sourcePhrase(flow)} is run as SQL by \`${flow.sinkName}\`: a prompt injection can rewrite the query.`,
    });
  },
});
