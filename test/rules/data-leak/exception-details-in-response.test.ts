import rule from '../../../rules/data-leak/exception-details-in-response';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    {
      name: 'Flask: logs the exception, returns a generic message',
      language: 'python',
      code: 'from flask import Flask, jsonify\napp = Flask(__name__)\n@app.post("/c")\ndef c():\n    try:\n        return run()\n    except Exception as e:\n        app.logger.error("failed: %s", e)\n        return jsonify({"error": "Internal server error"}), 500\n',
    },
    {
      name: 'near miss: helper function returns str(e) to its caller, not to a client',
      language: 'python',
      code: 'def parse(x):\n    try:\n        return int(x)\n    except ValueError as e:\n        return str(e)\n',
    },
    {
      name: 'near miss: traceback only logged',
      language: 'python',
      code: 'import traceback, logging\ntry:\n    run()\nexcept Exception:\n    logging.error(traceback.format_exc())\n',
    },
    {
      name: 'Express: logs err.stack, sends a generic message',
      language: 'javascript',
      code: "app.post('/c', async (req, res) => {\n  try { await run(); } catch (err) {\n    console.error(err.stack);\n    res.status(500).json({ error: 'Internal server error' });\n  }\n});\n",
    },
    { name: 'near miss: rethrow with cause', language: 'typescript', code: "try { run(); } catch (err) {\n  throw new Error('failed', { cause: err });\n}\n" },
  ],
  invalid: [
    {
      name: 'Flask jsonify(str(e))',
      language: 'python',
      code: 'from flask import Flask, jsonify\napp = Flask(__name__)\n@app.post("/c")\ndef c():\n    try:\n        return run()\n    except Exception as e:\n        return jsonify({"error": str(e)}), 500\n',
      findings: [{ line: 8, text: 'str(e)', messageIncludes: ['jsonify', "exception's text"] }],
      output: 'from flask import Flask, jsonify\napp = Flask(__name__)\n@app.post("/c")\ndef c():\n    try:\n        return run()\n    except Exception as e:\n        return jsonify({"error": "Internal server error"}), 500\n',
    },
    {
      name: 'FastAPI HTTPException(detail=f"...{e}") and a returned traceback',
      language: 'python',
      code:
        'import traceback\nfrom fastapi import FastAPI, HTTPException\napp = FastAPI()\n@app.post("/c")\nasync def c():\n    try:\n        return await run()\n' +
        '    except ValueError as exc:\n        raise HTTPException(status_code=400, detail=f"bad input: {exc}")\n    except Exception:\n        return {"trace": traceback.format_exc()}\n',
      findings: [
        { line: 9, text: '{exc}', messageIncludes: 'HTTPException', severity: 'info' },
        { line: 11, text: 'traceback.format_exc()', messageIncludes: ['stack trace', "route's response"], severity: 'warning' },
      ],
    },
    {
      name: 'Django JsonResponse with repr(e)',
      language: 'python',
      code: 'from django.http import JsonResponse\ndef view(request):\n    try:\n        return go()\n    except Exception as e:\n        return JsonResponse({"error": repr(e)}, status=500)\n',
      findings: [{ line: 6, text: 'repr(e)' }],
    },
    {
      name: 'Streamlit st.exception and Gradio gr.Error',
      language: 'python',
      code: 'import streamlit as st\nimport gradio as gr\ntry:\n    go()\nexcept Exception as e:\n    st.exception(e)\ndef f():\n    try:\n        go()\n    except Exception as err:\n        raise gr.Error(str(err))\n',
      findings: [{ line: 6 }, { line: 11, messageIncludes: 'gr.Error' }],
    },
    {
      name: 'Express res.status(500).json({ error: err.message, stack: err.stack })',
      language: 'javascript',
      code: "app.post('/c', async (req, res) => {\n  try { await run(); } catch (err) {\n    res.status(500).json({ error: err.message, stack: err.stack });\n  }\n});\n",
      findings: [{ line: 3, text: 'err.message' }, { line: 3, text: 'err.stack', messageIncludes: 'stack trace' }],
      output: "app.post('/c', async (req, res) => {\n  try { await run(); } catch (err) {\n    res.status(500).json({ error: 'Internal server error', stack: 'Internal server error' });\n  }\n});\n",
    },
    {
      name: 'Next.js NextResponse.json and new Response with the error',
      language: 'typescript',
      code:
        "import { NextResponse } from 'next/server';\nexport async function POST(req: Request) {\n  try { return await run(); } catch (e) {\n" +
        '    if (flag) return new Response(String(e), { status: 500 });\n    return NextResponse.json({ error: `failed: ${e}` }, { status: 500 });\n  }\n}\n',
      findings: [{ line: 4, text: 'String(e)' }, { line: 5, text: '${e}' }],
    },
    {
      name: 'Fastify reply.send and Hono c.json',
      language: 'javascript',
      code: "fastify.post('/c', async (req, reply) => {\n  try { await run(); } catch (error) { reply.code(500).send({ message: error.message }); }\n});\napp.post('/d', async (c) => {\n  try { await run(); } catch (e) { return c.json({ error: e.stack }, 500); }\n});\n",
      findings: [{ line: 2 }, { line: 5 }],
    },
  ],
});
