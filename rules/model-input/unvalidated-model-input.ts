import { analyzeTaint, defineRule, flowRelated, taintWords, type TaintQuery } from '../../server/src/engine/api';
import { sourcePhrase, sourceText } from './_flows';
import { validationGuardFix } from './_fixes';

const QUERY: TaintQuery = { sources: ['request', 'user-input'], sinks: ['model-inference'] };

/** Models fail in strange ways on inputs they were not built for: huge, wrongly typed, adversarially shaped. */
export default defineRule({
  meta: {
    id: 'model-input/unvalidated-model-input',
    category: 'model-input',
    title: 'Request data reaches a model without validation',
    severity: 'warning',
    severityIn: { test: 'info', example: 'info', notebook: 'info' },
    languages: ['python', 'javascript'],
    requiresAll: () => taintWords(QUERY),
    wordsFollowTaintSpec: true,
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds request data passed to model inference (`model(x)`, `.predict`, `.predict_proba`, `.forward`, `.generate`, `.encode`, ' +
        'transformers pipelines, tokenizers, ONNX `session.run`, `torch.tensor`) with no type, shape or size check on the way.',
      why:
        'Inference endpoints that accept anything can be knocked over by one oversized input (memory, GPU time), fed types that crash ' +
        'the service, or probed with adversarial inputs. A Pydantic model or `constr(max_length=...)`, a zod schema, or an ' +
        '`isinstance`/`len` guard that rejects bad input is what the rule looks for (OWASP ML01, LLM10).',
      bad: '@app.post("/classify")\nasync def classify(request: Request):\n    payload = await request.json()\n    return classifier(payload["text"])\n',
      good:
        'class ClassifyRequest(BaseModel):\n    text: str = Field(max_length=2000)\n\n@app.post("/classify")\n' +
        'async def classify(body: ClassifyRequest):\n    return classifier(body.text)\n',
      fix: 'Inserts a type and length check (snippet with the limit as a placeholder, unsafe). A Pydantic model with `max_length` or a zod schema is the durable fix.',
      references: { owaspMl: ['ML01'], owaspLlm: ['LLM10'], cwe: [20, 400] },
    },
  },
  create(context) {
    if (context.family !== 'python' && context.family !== 'javascript') return;
    for (const flow of analyzeTaint(context, QUERY)) {
      // Any check on the way counts, a length cut included (`text[:8000]`): the message promises no less.
      if (flow.validated || flow.bounded) continue;
      // A tokenizer told to truncate bounds the input itself; on a generation pipeline `max_length` limits the output, not the input.
      if (flow.sink.type === 'call' && truncatesInput(flow.sinkName, flow.sink.childForFieldName('arguments')?.text ?? '')) continue;
      context.report({
        node: flow.argument,
        message: `${sourcePhrase(flow)} (\`${sourceText(flow)}\`) reaches \`${flow.sinkName}\` without a type, shape or size check.`,
        severity: flow.labels.includes('request') ? undefined : 'info',
        related: flowRelated(context, flow),
        fixes: validationGuardFix(context, flow, 'the model input'),
      });
    }
  },
});

function truncatesInput(sinkName: string, argumentsText: string): boolean {
  if (/\btruncation\s*=\s*True\b/.test(argumentsText)) return true;
  return /tokeni[sz]er|encode/i.test(sinkName) && /\bmax_length\s*=/.test(argumentsText);
}
