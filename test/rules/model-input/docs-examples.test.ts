import * as assert from 'node:assert/strict';
import codeExecution from '../../../rules/model-input/llm-output-to-code-execution';
import deserialization from '../../../rules/model-input/llm-output-to-deserialization';
import filePath from '../../../rules/model-input/llm-output-to-file-path';
import html from '../../../rules/model-input/llm-output-to-html';
import request from '../../../rules/model-input/llm-output-to-request';
import shell from '../../../rules/model-input/llm-output-to-shell';
import sql from '../../../rules/model-input/llm-output-to-sql';
import excessiveAgency from '../../../rules/model-input/excessive-agency';
import promptInjection from '../../../rules/model-input/prompt-injection';
import unvalidated from '../../../rules/model-input/unvalidated-model-input';
import { initEngine } from '../../../server/src/engine';
import type { Rule } from '../../../server/src/engine/api';
import { run } from '../../support/rule-tester';

/** The documentation's examples are part of the contract: "bad" is reported, "good" is not. */
const rules: [Rule, string, string][] = [
  [codeExecution, 'python', ''],
  [deserialization, 'python', ''],
  [filePath, 'python', ''],
  [html, 'javascript', ''],
  [request, 'python', 'import requests\n'],
  [shell, 'python', 'import subprocess\n'],
  [sql, 'python', ''],
  [excessiveAgency, 'python', 'from langchain.agents import initialize_agent\n'],
  [promptInjection, 'python', 'from flask import Flask, request, abort\napp = Flask(__name__)\n'],
  [unvalidated, 'python', 'from fastapi import FastAPI, Request\nfrom pydantic import BaseModel, Field\napp = FastAPI()\nclassifier = pipeline("text-classification")\n'],
];

describe('model-input documentation examples', () => {
  before(() => initEngine());
  for (const [rule, language, prelude] of rules) {
    it(`${rule.meta.id}: the bad example is reported and the good one is not`, () => {
      const { bad, good } = rule.meta.docs;
      assert.ok(run(rule, { code: prelude + bad, language }).length > 0, `bad example not reported:\n${bad}`);
      assert.deepEqual(run(rule, { code: prelude + good, language }).map((f) => f.message), [], `good example reported:\n${good}`);
    });
  }
});
