import rule from '../../../rules/model-input/llm-output-to-request';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    {
      name: 'the model picks only the query of a fixed host (a weather tool)',
      language: 'javascript',
      code: "import { tool } from 'ai';\nexport const weather = tool({\n  execute: async ({ lat, lon }) => {\n    const r = await fetch(`https://api.weather.example/v1/forecast?lat=${lat}&lon=${lon}`);\n    return r.json();\n  },\n});\n",
    },
    {
      name: 'the model picks only the path below a fixed host (python f-string)',
      language: 'python',
      code: 'import requests\ncity = llm.invoke(q).content\nrequests.get(f"https://api.weather.example/v1/{city}", timeout=5)\n',
    },
    { name: 'allowlisted URL', language: 'python', code: 'import requests\nurl = llm.invoke(q).content\nif url not in ALLOWED_URLS:\n    raise ValueError()\nrequests.get(url)\n' },
    { name: 'near miss: constant URL, output as body', language: 'javascript', code: "const { text } = await generateText({ model, prompt });\nawait fetch('https://api.example.com', { method: 'POST', body: text });\n" },
  ],
  invalid: [
    {
      name: 'an f-string whose host itself is interpolated is still SSRF',
      language: 'python',
      code: 'import requests\nhost = llm.invoke(q).content\nrequests.get(f"https://{host}/status", timeout=5)\n',
      findings: [{ line: 3 }],
    },
    { name: 'requests.get', language: 'python', code: 'import requests\nurl = llm.invoke(q).content\nrequests.get(url, timeout=5)\n', findings: [{ line: 3, text: 'url' }] },
    {
      name: 'tool argument into httpx',
      language: 'python',
      code: 'import httpx\nfrom langchain_core.tools import tool\n@tool\ndef fetch_page(url: str) -> str:\n    """Fetch a page."""\n    return httpx.get(url).text\n',
      findings: [{ line: 6, messageIncludes: 'tool argument' }],
    },
    { name: 'fetch with a template URL', language: 'javascript', code: "const r = await chain.invoke(q);\nawait fetch(`https://${r}/api`);\n", findings: [{ line: 2 }] },
  ],
});
