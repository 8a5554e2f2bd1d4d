import * as assert from 'node:assert/strict';
import rule from '../../../rules/model-input/unvalidated-model-input';
import { run, runRuleTests } from '../../support/rule-tester';

const fastapi = 'from fastapi import FastAPI, Request\nfrom pydantic import BaseModel, Field\napp = FastAPI()\nclassifier = pipeline("text-classification")\n';

runRuleTests(rule, {
  valid: [
    {
      name: 'Gradio handler: a module-level tokenizer that truncates bounds what reaches the model',
      language: 'python',
      code:
        'import gradio as gr\nfrom transformers import AutoModel, AutoTokenizer\ntokenizer = AutoTokenizer.from_pretrained("m")\nmodel = AutoModel.from_pretrained("m")\n' +
        'def classify(review: str):\n    inputs = tokenizer(review, return_tensors="pt", truncation=True)\n    return model(**inputs)\n' +
        'demo = gr.Interface(fn=classify, inputs="text", outputs="label")\n',
    },
    {
      name: 'Pydantic model with max_length',
      language: 'python',
      code: fastapi + 'class Body(BaseModel):\n    text: str = Field(max_length=2000)\n@app.post("/c")\ndef c(body: Body):\n    return classifier(body.text)\n',
    },
    {
      name: 'isinstance and length guard',
      language: 'python',
      code:
        fastapi +
        '@app.post("/c")\nasync def c(request: Request):\n    data = await request.json()\n    text = data["text"]\n' +
        '    if not isinstance(text, str) or len(text) > 1000:\n        raise ValueError("bad")\n    return classifier(text)\n',
    },
    {
      name: 'a length cut on the way counts as a size check (slice in a batch script, .slice in JS)',
      language: 'python',
      code: 'import sys\nfrom transformers import pipeline\ngenerator = pipeline("text-generation")\nfor line in open(sys.argv[1]):\n    print(generator(str(line)[:8000]))\ntext = input()\ngenerator(text[:500])\n',
    },
    {
      name: 'zod schema',
      language: 'typescript',
      code:
        "const Input = z.object({ text: z.string().max(500) });\napp.post('/c', async (req, res) => {\n  const { text } = Input.parse(req.body);\n  res.json(await model.predict(text));\n});\n",
    },
    {
      name: 'tokenizer with truncation, then generate',
      language: 'python',
      code:
        fastapi +
        '@app.post("/g")\nasync def g(request: Request):\n    text = (await request.json())["text"]\n' +
        '    inputs = tokenizer(text, return_tensors="pt", truncation=True, max_length=512)\n    return model.generate(**inputs)\n',
    },
    {
      name: 'near miss: not a handler',
      language: 'python',
      code: fastapi + 'def c(text: str):\n    return classifier(text)\n',
    },
    {
      name: 'a type and length guard on a member of the request body that throws (JS)',
      language: 'javascript',
      code:
        "app.post('/c', async (req, res) => {\n  if (typeof req.body.text !== 'string' || req.body.text.length > 4000) {\n    throw new Error('bad input');\n  }\n" +
        "  const out = await model.predict(req.body.text);\n  res.json(out);\n});\n",
    },
  ],
  invalid: [
    {
      name: 'Gradio interface handler into a summarization pipeline (max_length bounds the summary, not the input)',
      language: 'python',
      code:
        'import gradio as gr\nfrom transformers import pipeline\nsummarizer = pipeline("summarization")\n' +
        'def summarize(review: str):\n    return summarizer(review, max_length=60)[0]["summary_text"]\n' +
        'demo = gr.Interface(fn=summarize, inputs=gr.Textbox(lines=6), outputs="text")\n',
      findings: [{ line: 5, text: 'review', messageIncludes: ['`summarizer`'] }],
    },
    {
      name: 'Gradio Blocks event listener registers the handler',
      language: 'python',
      code:
        'import gradio as gr\nfrom transformers import pipeline\nsentiment = pipeline("sentiment-analysis")\n' +
        'def classify(text):\n    return sentiment(text)\nwith gr.Blocks() as demo:\n    box = gr.Textbox()\n    out = gr.Label()\n    gr.Button("Go").click(classify, box, out)\n',
      findings: [{ line: 5, text: 'text' }],
    },
    {
      name: 'Starlette request.json() into a pipeline, with a guard fix',
      language: 'python',
      code: fastapi + '@app.post("/c")\nasync def c(request: Request):\n    data = await request.json()\n    text = data["text"]\n    return classifier(text)\n',
      findings: [{ line: 9, text: 'text', messageIncludes: ['Request data', 'classifier'] }],
      output:
        fastapi +
        '@app.post("/c")\nasync def c(request: Request):\n    data = await request.json()\n    text = data["text"]\n' +
        '    if not isinstance(text, str) or len(text) > 4000:\n        raise ValueError("the model input must be a string of at most 4000 characters")\n    return classifier(text)\n',
    },
    {
      name: 'Flask args into model.predict and torch.tensor',
      language: 'python',
      code:
        'import torch\nfrom flask import request\n@app.route("/p")\ndef p():\n    values = request.args.getlist("v")\n    model.predict([values])\n    return torch.tensor(values)\n',
      findings: [{ line: 6 }, { line: 7 }],
    },
    {
      name: 'tokenizer without truncation: the tokenizer and the model are both reached',
      language: 'python',
      code:
        fastapi +
        '@app.post("/g")\nasync def g(request: Request):\n    text = (await request.json())["text"]\n' +
        '    inputs = tokenizer(text, return_tensors="pt")\n    return model.generate(**inputs)\n',
      findings: [{ line: 8, text: 'text' }, { line: 9 }],
    },
    {
      name: 'arrow function with an expression body: no guard fix (nowhere to put it)',
      language: 'javascript',
      code: "app.post('/c', async (req, res) => res.json(await model.predict(req.body.text)));\n",
      findings: [{ line: 1, text: 'req.body.text' }],
    },
    {
      name: 'Express body into a model call',
      language: 'javascript',
      code: "app.post('/c', async (req, res) => {\n  const out = await model.predict(req.body.text);\n  res.json(out);\n});\n",
      findings: [{ line: 2, text: 'req.body.text' }],
    },
  ],
});

describe('rule model-input/unvalidated-model-input: flow path', () => {
  it('relates the request parameter as the source', () => {
    const code = fastapi + '@app.get("/c")\ndef c(q: str):\n    return classifier(q)\n';
    const [finding] = run(rule, { code, language: 'python' });
    assert.deepEqual(finding.related.map((r) => `${r.range.start.line + 1}: ${r.message}`), ['6: request parameter `q`']);
  });
});

describe('rule model-input/unvalidated-model-input: guard fix placement', () => {
  it('offers no guard when the sink is in an arrow function expression body', () => {
    const [finding] = run(rule, { code: "app.post('/c', async (req, res) => res.json(await model.predict(req.body.text)));\n", language: 'javascript' });
    assert.deepEqual(finding.fixes, []);
  });
});
