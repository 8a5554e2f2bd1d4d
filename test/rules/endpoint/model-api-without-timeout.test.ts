import rule from '../../../rules/endpoint/model-api-without-timeout';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'requests with timeout', language: 'python', code: 'import requests\nrequests.post("https://api.openai.com/v1/chat/completions", json=b, timeout=30)\n' },
    { name: 'near miss: requests to a non-model host', language: 'python', code: 'import requests\nrequests.get("https://example.com/data.json")\n' },
    { name: 'OpenAI client with timeout', language: 'python', code: 'from openai import OpenAI\nclient = OpenAI(timeout=20.0)\n' },
    { name: 'fetch with an abort signal', language: 'typescript', code: "await fetch('https://api.anthropic.com/v1/messages', { method: 'POST', signal: AbortSignal.timeout(20000) });\n" },
    { name: 'near miss: fetch to our own API', language: 'javascript', code: "await fetch('/api/chat', { method: 'POST' });\n" },
    { name: "near miss: the app's own OpenAI-compatible route, relative", language: 'javascript', code: "await fetch('/v1/chat/completions', { method: 'POST' });\n" },
    { name: 'new OpenAI with timeout', language: 'typescript', code: "import OpenAI from 'openai';\nconst client = new OpenAI({ timeout: 30_000 });\n" },
  ],
  invalid: [
    {
      name: 'SDK client built after an import inside the function',
      language: 'python',
      code: 'def make_client():\n    from openai import OpenAI as Client\n    return Client()\n',
      findings: [{ line: 3, text: 'Client', messageIncludes: 'timeout' }],
    },
    {
      name: 'SDK table: InferenceClient waits forever by default; Mistral takes timeout_ms',
      language: 'python',
      code: 'from huggingface_hub import InferenceClient\nfrom mistralai import Mistral\nhf = InferenceClient(model="m")\nmi = Mistral(api_key=k)\nok = Mistral(timeout_ms=5000)\n',
      findings: [
        { line: 3, severity: 'info', messageIncludes: 'waits as long as the server takes' },
        { line: 4, severity: 'info' },
      ],
      output: 'from huggingface_hub import InferenceClient\nfrom mistralai import Mistral\nhf = InferenceClient(model="m", timeout=60.0)\nmi = Mistral(api_key=k, timeout_ms=60_000)\nok = Mistral(timeout_ms=5000)\n',
    },
    {
      name: 'requests.post to OpenAI without timeout',
      language: 'python',
      code: 'import requests\nr = requests.post("https://api.openai.com/v1/chat/completions", json=body, headers=h)\n',
      findings: [{ line: 2, severity: 'warning', text: 'requests.post' }],
      output: 'import requests\nr = requests.post("https://api.openai.com/v1/chat/completions", json=body, headers=h, timeout=30)\n',
    },
    {
      name: 'requests to a URL variable named for the model API, and timeout=None',
      language: 'python',
      code: 'import requests\nrequests.post(OLLAMA_URL, json=b)\nrequests.post(f"{base}/api.openai.com", timeout=None)\n',
      findings: [{ line: 2 }, { line: 3, text: 'timeout=None' }],
    },
    {
      name: 'OpenAI and Anthropic SDK defaults are info',
      language: 'python',
      code: 'from openai import OpenAI\nimport anthropic\nclient = OpenAI()\nclaude = anthropic.Anthropic(api_key=k)\n',
      findings: [{ line: 3, severity: 'info' }, { line: 4, severity: 'info' }],
      output: 'from openai import OpenAI\nimport anthropic\nclient = OpenAI(timeout=60.0)\nclaude = anthropic.Anthropic(api_key=k, timeout=60.0)\n',
    },
    {
      name: 'fetch to the OpenAI API',
      language: 'typescript',
      code: "const r = await fetch('https://api.openai.com/v1/responses', { method: 'POST', body });\nconst s = await fetch(`https://generativelanguage.googleapis.com/v1/models`);\n",
      findings: [{ line: 1 }, { line: 2 }],
      output:
        "const r = await fetch('https://api.openai.com/v1/responses', { method: 'POST', body, signal: AbortSignal.timeout(30_000) });\n" +
        'const s = await fetch(`https://generativelanguage.googleapis.com/v1/models`, { signal: AbortSignal.timeout(30_000) });\n',
    },
    {
      name: 'a self-hosted OpenAI-compatible server (vLLM, llama.cpp): absolute URL and configured base',
      language: 'typescript',
      code: "await fetch('http://localhost:8000/v1/chat/completions', { method: 'POST', body });\nawait fetch(`${VLLM_BASE}/v1/completions`, { method: 'POST' });\n",
      findings: [{ line: 1 }, { line: 2 }],
      output:
        "await fetch('http://localhost:8000/v1/chat/completions', { method: 'POST', body, signal: AbortSignal.timeout(30_000) });\n" +
        'await fetch(`${VLLM_BASE}/v1/completions`, { method: \'POST\', signal: AbortSignal.timeout(30_000) });\n',
    },
    {
      name: 'axios to Hugging Face and a default OpenAI client',
      language: 'javascript',
      code: "const axios = require('axios');\nconst OpenAI = require('openai');\naxios.post('https://api-inference.huggingface.co/models/x', data);\nconst client = new OpenAI();\n",
      findings: [{ line: 3, severity: 'warning' }, { line: 4, severity: 'info' }],
      output: "const axios = require('axios');\nconst OpenAI = require('openai');\naxios.post('https://api-inference.huggingface.co/models/x', data);\nconst client = new OpenAI({ timeout: 60_000 });\n",
    },
  ],
});
