import rule from '../../../rules/endpoint/llm-call-without-output-limit';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'SDK table: Bedrock converse with inferenceConfig', language: 'python', code: 'import boto3\nbr = boto3.client("bedrock-runtime")\nbr.converse(modelId="m", messages=[], inferenceConfig={"maxTokens": 300})\n' },
    { name: 'near miss: chat on an object that is not a model client', language: 'python', code: 'import slack_sdk\nbot = slack_sdk.WebClient()\nbot.chat(message="hi")\n' },
    { name: 'OpenAI with max_completion_tokens', language: 'python', code: 'r = client.chat.completions.create(model="m", messages=m, max_completion_tokens=500)\n' },
    { name: 'Responses API with max_output_tokens', language: 'python', code: 'r = client.responses.create(model="m", input="x", max_output_tokens=300)\n' },
    { name: 'kwargs may carry the limit', language: 'python', code: 'r = client.chat.completions.create(**params)\n' },
    { name: 'near miss: Anthropic requires max_tokens anyway', language: 'python', code: 'import anthropic\nr = anthropic.Anthropic().messages.create(model="m", max_tokens=10, messages=[])\n' },
    { name: 'Gemini with a generation config', language: 'python', code: 'r = model.generate_content("x", generation_config={"max_output_tokens": 256})\n' },
    { name: 'Vercel AI SDK with maxOutputTokens', language: 'typescript', code: "import { generateText } from 'ai';\nawait generateText({ model, prompt, maxOutputTokens: 400 });\n" },
    { name: 'JS spread options', language: 'javascript', code: 'await openai.chat.completions.create({ ...opts, messages });\n' },
    { name: 'near miss: unrelated create', language: 'javascript', code: 'await db.users.create({ name });\n' },
  ],
  invalid: [
    {
      name: 'SDK table: a Cohere client under any name; Ollama takes its limit in options',
      language: 'python',
      code: 'import cohere\nimport ollama\nco = cohere.Client()\nr = co.chat(message="hi")\nollama.chat(model="m", messages=[])\nollama.chat(model="m", messages=[], options={"temperature": 0})\n',
      findings: [{ line: 4, messageIncludes: 'max_tokens' }, { line: 5, messageIncludes: 'num_predict' }, { line: 6 }],
      output: 'import cohere\nimport ollama\nco = cohere.Client()\nr = co.chat(message="hi", max_tokens=1024)\nollama.chat(model="m", messages=[], options={"num_predict": 1024})\nollama.chat(model="m", messages=[], options={"temperature": 0})\n',
    },
    {
      name: 'SDK table: Hugging Face textGeneration takes its limit in parameters',
      language: 'typescript',
      code: "import { HfInference } from '@huggingface/inference';\nconst hf = new HfInference(KEY);\nawait hf.textGeneration({ model: 'm', inputs: 'x' });\n",
      findings: [{ line: 3, messageIncludes: 'max_new_tokens' }],
      output: "import { HfInference } from '@huggingface/inference';\nconst hf = new HfInference(KEY);\nawait hf.textGeneration({ model: 'm', inputs: 'x', parameters: { max_new_tokens: 1024 } });\n",
    },
    {
      name: 'OpenAI chat completion outside a route is info',
      language: 'python',
      code: 'r = client.chat.completions.create(model="m", messages=m)\n',
      findings: [{ line: 1, severity: 'info', messageIncludes: 'max_completion_tokens' }],
      output: 'r = client.chat.completions.create(model="m", messages=m, max_completion_tokens=1024)\n',
    },
    {
      name: 'inside a FastAPI route it is a warning; multi-line call with trailing comma',
      language: 'python',
      code: 'from fastapi import FastAPI\napp = FastAPI()\n@app.post("/c")\ndef c(q: str):\n    return client.chat.completions.create(\n        model="m",\n        messages=[{"role": "user", "content": q}],\n    )\n',
      findings: [{ line: 5, severity: 'warning', text: 'client.chat.completions.create(' }],
      output: 'from fastapi import FastAPI\napp = FastAPI()\n@app.post("/c")\ndef c(q: str):\n    return client.chat.completions.create(\n        model="m",\n        messages=[{"role": "user", "content": q}], max_completion_tokens=1024,\n    )\n',
    },
    {
      name: 'litellm and LangChain ChatOpenAI',
      language: 'python',
      code: 'import litellm\nfrom langchain_openai import ChatOpenAI\nlitellm.completion(model="m", messages=[])\nllm = ChatOpenAI(model="gpt-4o")\n',
      findings: [{ line: 3 }, { line: 4 }],
      output: 'import litellm\nfrom langchain_openai import ChatOpenAI\nlitellm.completion(model="m", messages=[], max_tokens=1024)\nllm = ChatOpenAI(model="gpt-4o", max_tokens=1024)\n',
    },
    {
      name: 'behind authentication the limit is cost hygiene: info',
      language: 'python',
      code: 'from fastapi import Depends, FastAPI\napp = FastAPI()\n@app.post("/c")\ndef c(q: str, user=Depends(get_current_user)):\n    return client.chat.completions.create(model="m", messages=[{"role": "user", "content": q}])\n',
      findings: [{ line: 5, severity: 'info' }],
      output: 'from fastapi import Depends, FastAPI\napp = FastAPI()\n@app.post("/c")\ndef c(q: str, user=Depends(get_current_user)):\n    return client.chat.completions.create(model="m", messages=[{"role": "user", "content": q}], max_completion_tokens=1024)\n',
    },
    {
      name: 'Express route calling OpenAI',
      language: 'javascript',
      code: "const express = require('express');\nconst app = express();\napp.post('/c', async (req, res) => {\n  res.json(await openai.chat.completions.create({ model: 'm', messages: req.body.messages }));\n});\n",
      findings: [{ line: 4, severity: 'warning' }],
      output: "const express = require('express');\nconst app = express();\napp.post('/c', async (req, res) => {\n  res.json(await openai.chat.completions.create({ model: 'm', messages: req.body.messages, max_completion_tokens: 1024 }));\n});\n",
    },
    {
      name: 'Vercel AI SDK streamText and LangChain JS',
      language: 'typescript',
      code: "import { streamText } from 'ai';\nconst r = streamText({ model, messages });\nconst llm = new ChatOpenAI({ model: 'gpt-4o' });\n",
      findings: [{ line: 2, messageIncludes: 'maxOutputTokens' }, { line: 3 }],
      output: "import { streamText } from 'ai';\nconst r = streamText({ model, messages, maxOutputTokens: 1024 });\nconst llm = new ChatOpenAI({ model: 'gpt-4o', maxTokens: 1024 });\n",
    },
  ],
});
