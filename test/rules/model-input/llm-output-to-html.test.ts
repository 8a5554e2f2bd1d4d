import rule from '../../../rules/model-input/llm-output-to-html';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'textContent', language: 'javascript', code: "const r = await chain.invoke(q);\nel.textContent = r;\n" },
    { name: 'DOMPurify', language: 'javascript', code: "import DOMPurify from 'dompurify';\nconst r = await chain.invoke(q);\nel.innerHTML = DOMPurify.sanitize(r);\n" },
    { name: 'JSX text child is escaped', language: 'typescriptreact', code: "const { text } = await generateText({ model, prompt });\nconst e = <p>{text}</p>;\n" },
    { name: 'st.markdown without unsafe_allow_html', language: 'python', code: 'import streamlit as st\nr = llm.invoke(q)\nst.markdown(r.content)\n' },
  ],
  invalid: [
    {
      name: 'innerHTML, fixed to textContent',
      language: 'javascript',
      code: "const c = await openai.chat.completions.create({ model: 'm', messages });\nanswer.innerHTML = c.choices[0].message.content;\n",
      findings: [{ line: 2, text: 'c.choices[0].message.content' }],
      output: "const c = await openai.chat.completions.create({ model: 'm', messages });\nanswer.textContent = c.choices[0].message.content;\n",
    },
    {
      name: 'dangerouslySetInnerHTML',
      language: 'typescriptreact',
      code: "const { text } = await generateText({ model, prompt });\nconst e = <div dangerouslySetInnerHTML={{ __html: text }} />;\n",
      findings: [{ line: 2, text: 'text' }],
    },
    {
      name: 'Streamlit unsafe_allow_html and Markup',
      language: 'python',
      code: 'import streamlit as st\nfrom markupsafe import Markup\nr = llm.invoke(q)\nst.markdown(r.content, unsafe_allow_html=True)\nMarkup(r.content)\n',
      findings: [{ line: 4 }, { line: 5 }],
    },
  ],
});
