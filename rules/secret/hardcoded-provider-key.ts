import { defineRule, providerKeyWords } from '../../server/src/engine/api';
import { classify, commentVisitor, literalVisitors, reportLiteral } from './_report';

/**
 * Keys whose format names their provider (OpenAI, Anthropic, Hugging Face, Google AI, Groq, AWS ...), and
 * generic-looking keys tied to a provider by the client or name they are given to (Cohere, Mistral,
 * DeepSeek, Azure OpenAI, Weights & Biases). Unlike a names-only check, `OPENAI_API_KEY = "sk-proj-..."`
 * and a key pasted into any string are found.
 */
export default defineRule({
  meta: {
    id: 'secret/hardcoded-provider-key',
    category: 'secret',
    title: 'Hard-coded provider key or token',
    severity: 'error',
    languages: ['python', 'javascript'],
    // A key's format prefix, or the provider named by what a generic-looking key is given to.
    requires: providerKeyWords(),
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds API keys of AI and cloud providers written into code: by their format (OpenAI, Anthropic, Hugging Face, Google AI, ' +
        'Groq, Replicate, Perplexity, xAI, OpenRouter, LangSmith, Langfuse, Tavily, Pinecone, Databricks, AWS and Bedrock), or by the ' +
        'client they are passed to (Cohere, Mistral, DeepSeek, Azure OpenAI, Weights & Biases, Together, Voyage); also the tokens ' +
        'AI applications keep next to them (GitHub, GitLab, Slack, Stripe, npm) and PEM private keys.',
      why:
        'A key in source code is copied into every clone, fork, container image, notebook export and CI log, and stays in git ' +
        'history after it is deleted. Leaked AI keys are found by scanners within minutes and used to run up bills, read your ' +
        'fine-tuned models, files and conversation logs, or, for admin keys, to manage the whole organisation. The key has to be ' +
        'revoked; moving it into the environment only stops the next leak. ' +
        'Known non-secrets (a provider\'s published test key) can be listed in the rule option `allow` (regular expressions).',
      bad: 'from openai import OpenAI\n\nclient = OpenAI(api_key="sk-proj-…T3BlbkFJ…")\n',
      good: 'import os\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n',
      fix:
        'Replaces the literal with a read of the provider\'s conventional environment variable (`os.environ["OPENAI_API_KEY"]`, ' +
        'adding `import os`, or `process.env.OPENAI_API_KEY`); a fallback in an environment lookup is removed. Unsafe: the ' +
        'program then needs the variable set. Revoke the leaked key either way.',
      references: {
        owaspLlm: ['LLM02', 'LLM03'],
        cwe: [798, 312],
        links: [{ title: 'OpenAI: best practices for API key safety', url: 'https://help.openai.com/en/articles/5112595-best-practices-for-api-key-safety' }],
      },
    },
  },
  create(context) {
    const literals = literalVisitors(context, (literal) => {
      const match = classify(context, literal);
      if (match && match.kind !== 'generic') reportLiteral(context, literal, match, 'error');
    });
    return { ...literals, ...commentVisitor(context, 'error') };
  },
});
