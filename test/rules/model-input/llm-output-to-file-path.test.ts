import rule from '../../../rules/model-input/llm-output-to-file-path';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'basename', language: 'python', code: 'import os\nname = os.path.basename(llm.invoke(q).content)\nopen(name, "w").write("x")\n' },
    { name: 'reading is not reported', language: 'python', code: 'name = llm.invoke(q).content\nopen(name).read()\n' },
    { name: 'near miss: constant path', language: 'javascript', code: "const fs = require('fs');\nconst r = await chain.invoke(q);\nfs.writeFileSync('out.txt', r);\n" },
  ],
  invalid: [
    { name: 'open for writing', language: 'python', code: 'name = llm.invoke(q).content\nwith open(name, mode="w") as f:\n    f.write("x")\n', findings: [{ line: 2, text: 'name' }] },
    { name: 'shutil.rmtree', language: 'python', code: 'import shutil\nd = agent.run(q)\nshutil.rmtree(d)\n', findings: [{ line: 3 }] },
    { name: 'fs.writeFile', language: 'javascript', code: "import fs from 'fs';\nconst r = await chain.invoke(q);\nfs.writeFile(r, 'x', () => {});\n", findings: [{ line: 3 }] },
  ],
});
