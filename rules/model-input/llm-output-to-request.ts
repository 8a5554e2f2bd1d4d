import { defineRule, taintWords } from '../../server/src/engine/api';
import { OUTPUT_SOURCES, reportOutputFlows, sourcePhrase } from './_flows';

/** A URL the model chose is a URL an attacker chose: server-side request forgery through the model. */
/** A string, f-string or template literal that starts with a literal scheme://host/ (or ?/#) before any interpolation. */
const FIXED_HOST = /^[rRbBfFuU]{0,2}["'`][a-z][a-z0-9+.-]*:\/\/[^/"'`${}?#\s@]+[/?#]/i;

export default defineRule({
  meta: {
    id: 'model-input/llm-output-to-request',
    category: 'model-input',
    title: 'Model output used as a request URL',
    severity: 'warning',
    languages: ['python', 'javascript'],
    requiresAll: () => taintWords({ sources: OUTPUT_SOURCES, sinks: ['request'] }),
    wordsFollowTaintSpec: true,
    docs: {
      summary: 'Finds model output (or a tool argument the model chose) used as the URL of `requests`, `httpx`, `urlopen`, `fetch`, `axios` or `got`.',
      why:
        'Agents that "browse" or call APIs on the model\'s say-so can be steered to internal addresses (cloud metadata at ' +
        '169.254.169.254, admin panels) or to an attacker\'s server with secrets in the query string.',
      bad: 'url = llm.invoke(task).content\nrequests.get(url)\n',
      good: 'from urllib.parse import urlparse\nurl = llm.invoke(task).content\nif urlparse(url).hostname not in ALLOWED_HOSTS:\n    raise ValueError("host not allowed")\nrequests.get(url)\n',
      fix: 'No automatic fix: check the host against an allowlist (`if host not in ALLOWED_HOSTS: raise`), which the rule recognises.',
      references: { owaspLlm: ['LLM05', 'LLM06'], cwe: [918] },
    },
  },
  create(context) {
    reportOutputFlows(context, {
      sinks: ['request'],
      message: (flow) => `${sourcePhrase(flow)} decides the URL requested by \`${flow.sinkName}\`: a prompt injection can reach internal services (SSRF).`,
      // `https://api.example.com/v1/forecast?lat=${lat}`: the host is written in the code, so the model only
      // picks the path or the query of a fixed service; that cannot reach internal services.
      skip: (flow) => FIXED_HOST.test(flow.argument.text),
    });
  },
});
