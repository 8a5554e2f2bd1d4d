import rule from '../../../rules/model-input/llm-output-to-sql';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'bound parameter', language: 'python', code: 'name = llm.invoke(q).content\ncursor.execute("SELECT * FROM u WHERE n = %s", (name,))\n' },
    { name: 'pg parameter', language: 'javascript', code: "const r = await chain.invoke(q);\nawait pool.query('SELECT * FROM u WHERE n = $1', [r]);\n" },
    { name: 'near miss: constant query', language: 'python', code: 'name = llm.invoke(q).content\ncursor.execute("SELECT 1")\n' },
  ],
  invalid: [
    {
      name: 'f-string query',
      language: 'python',
      code: 'name = llm.invoke(q).content\ncursor.execute(f"SELECT * FROM u WHERE n = \'{name}\'")\n',
      findings: [{ line: 2, messageIncludes: 'bound parameter' }],
    },
    {
      name: 'text-to-SQL through sqlalchemy.text',
      language: 'python',
      code: 'from sqlalchemy import text\nsql = chain.invoke({"question": q})\nsession.execute(text(sql))\n',
      findings: [{ line: 3, text: 'sql', messageIncludes: 'run as SQL' }],
    },
    {
      name: 'template literal in db.query and Prisma $queryRawUnsafe',
      language: 'typescript',
      code: "const { text } = await generateText({ model, prompt });\nawait db.query(`SELECT * FROM t WHERE n = '${text}'`);\nawait prisma.$queryRawUnsafe(text);\n",
      findings: [{ line: 2 }, { line: 3 }],
    },
  ],
});
