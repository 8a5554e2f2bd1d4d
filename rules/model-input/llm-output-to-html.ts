import { defineRule, taintWords } from '../../server/src/engine/api';
import { OUTPUT_SOURCES, reportOutputFlows, sourcePhrase } from './_flows';
import { innerHtmlToTextContentFix } from './_fixes';

/** Rendering a model's reply as HTML lets an injected prompt run script in your users' browsers. */
export default defineRule({
  meta: {
    id: 'model-input/llm-output-to-html',
    category: 'model-input',
    title: 'Model output rendered as HTML',
    severity: 'warning',
    languages: ['python', 'javascript'],
    requiresAll: () => taintWords({ sources: OUTPUT_SOURCES, sinks: ['html'] }),
    wordsFollowTaintSpec: true,
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds model output assigned to `innerHTML`/`outerHTML`, passed to `document.write`, `insertAdjacentHTML`, ' +
        '`dangerouslySetInnerHTML`, `Markup`/`mark_safe`/`render_template_string`, or `st.markdown(..., unsafe_allow_html=True)`.',
      why:
        'A model can be made to answer with `<img src=x onerror=...>` or a markdown image whose URL leaks the conversation; ' +
        'rendered as HTML, that is stored XSS delivered by the chatbot (OWASP LLM05).',
      bad: "const completion = await openai.chat.completions.create({ model: 'gpt-4o', messages });\nanswer.innerHTML = completion.choices[0].message.content;\n",
      good:
        "import DOMPurify from 'dompurify';\nconst completion = await openai.chat.completions.create({ model: 'gpt-4o', messages });\n" +
        'answer.innerHTML = DOMPurify.sanitize(completion.choices[0].message.content);\n',
      fix: 'For `innerHTML`/`outerHTML` assignments, sets `textContent` instead (unsafe: markup is shown as text). Otherwise sanitize with DOMPurify, bleach or `markupsafe.escape`.',
      references: { owaspLlm: ['LLM05'], cwe: [79] },
    },
  },
  create(context) {
    reportOutputFlows(context, {
      sinks: ['html'],
      message: (flow) => `${sourcePhrase(flow)} is rendered as HTML by \`${flow.sinkName}\`: an injected prompt can run script in the page.`,
      fixes: (flow) => innerHtmlToTextContentFix(context, flow),
    });
  },
});
