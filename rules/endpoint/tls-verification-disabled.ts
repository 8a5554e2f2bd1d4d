import {
  defineRule,
  keywordArgument,
  pythonSemantics,
  pythonStringValue,
  stringValue,
  type Fix,
  type Node,
  type RuleContext,
} from '../../server/src/engine/api';
import { removeListElement, removeStatement } from './_edits';

/** Python libraries whose `verify=`/`ssl=` arguments control certificate checks. */
const PYTHON_HTTP_ROOTS = new Set(['requests', 'httpx', 'aiohttp', 'urllib3', 'openai', 'anthropic', 'huggingface_hub', 'langchain_openai']);
/** Method names that mark an unresolved receiver (`session.get`, `client.post`) as an HTTP client. */
const HTTP_METHODS = new Set([
  'get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'send', 'stream',
  'Client', 'AsyncClient', 'Session', 'ClientSession', 'TCPConnector', 'urlopen', 'PoolManager',
]);

const REMOVE_TITLE = 'Remove the override and verify certificates';

/**
 * TLS without certificate verification talks to whoever answers: model API keys, prompts and completions
 * travel through any proxy on the path.
 */
export default defineRule({
  meta: {
    id: 'endpoint/tls-verification-disabled',
    category: 'endpoint',
    title: 'TLS certificate verification disabled',
    severity: 'error',
    severityIn: { test: 'info', tooling: 'info' },
    languages: ['python', 'javascript'],
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds HTTP clients and TLS contexts that skip certificate checks: `verify=False` (requests, httpx), `ssl._create_unverified_context`, ' +
        '`CERT_NONE`, `check_hostname = False`, an emptied `CURL_CA_BUNDLE`, `rejectUnauthorized: false`, `strictSSL: false`, a ' +
        '`checkServerIdentity` that accepts everything and `NODE_TLS_REJECT_UNAUTHORIZED = "0"`.',
      why:
        'Calls to model APIs carry API keys, system prompts and user data. Without certificate verification anyone on the network path ' +
        '(a hotel Wi-Fi, a compromised proxy, a container sidecar) can impersonate the API, read the key and rewrite completions. ' +
        'Setting `NODE_TLS_REJECT_UNAUTHORIZED` turns verification off for every connection the Node process makes.',
      bad: 'import requests\nr = requests.post(url, json=payload, verify=False)\n',
      good: 'import requests\nr = requests.post(url, json=payload)  # or verify="/path/to/internal-ca.pem"\n',
      fix:
        'Removes the override, so the library verifies certificates again. Unsafe: a server with a self-signed certificate then fails; ' +
        'point the client at its CA bundle (`verify="ca.pem"`, `ca: fs.readFileSync(...)`) instead of turning checks off.',
      references: { owaspLlm: ['LLM02'], cwe: [295] },
    },
  },
  create(context) {
    if (context.family === 'python') return pythonVisitors(context);
    if (context.family === 'javascript') return javascriptVisitors(context);
  },
});

function pythonVisitors(context: RuleContext) {
  const semantics = pythonSemantics(context);
  const removeFix = (element: Node): Fix => ({ title: REMOVE_TITLE, safety: 'unsafe', edits: [removeListElement(context.source, element)] });
  return {
    call(call: Node) {
      const verify = keywordArgument(call, 'verify');
      const ssl = keywordArgument(call, 'ssl');
      const certReqs = keywordArgument(call, 'cert_reqs');
      if (!verify && !ssl && !certReqs) return;
      const callee = call.childForFieldName('function');
      const qualified = semantics.calleeName(call);
      const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
      const isHttp = qualified ? PYTHON_HTTP_ROOTS.has(qualified.split('.')[0]) : !!method && HTTP_METHODS.has(method);
      if (!isHttp) return;
      if (verify && isFalse(verify.childForFieldName('value'))) {
        context.report({ node: verify, message: `\`verify=False\` turns off certificate verification for this \`${callee?.text ?? method}\` call.`, fixes: [removeFix(verify)] });
      }
      if (ssl && isFalse(ssl.childForFieldName('value'))) {
        context.report({ node: ssl, message: '`ssl=False` turns off certificate verification for this aiohttp connection.', fixes: [removeFix(ssl)] });
      }
      if (certReqs && isCertNone(certReqs.childForFieldName('value'))) {
        context.report({ node: certReqs, message: '`cert_reqs=CERT_NONE` turns off certificate verification for this pool.', fixes: [removeFix(certReqs)] });
      }
    },
    attribute(node: Node) {
      if (node.childForFieldName('attribute')?.text !== '_create_unverified_context') return;
      if (semantics.qualifiedName(node) !== 'ssl._create_unverified_context') return;
      reportUnverifiedContext(context, node);
    },
    identifier(node: Node) {
      if (node.text !== '_create_unverified_context') return;
      if (node.parent?.type === 'attribute' || node.parent?.type === 'import_from_statement' || node.parent?.type === 'dotted_name') return;
      if (semantics.qualifiedName(node) !== 'ssl._create_unverified_context') return;
      context.report({ node, message: '`ssl._create_unverified_context` makes a TLS context that accepts any certificate.' });
    },
    assignment(node: Node) {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type === 'subscript' && right && /^os\.environ$/.test(left.childForFieldName('value')?.text ?? '')) {
        // `os.environ["CURL_CA_BUNDLE"] = ""` is a known way to make requests skip verification; PYTHONHTTPSVERIFY=0 does it for urllib.
        const variable = pythonStringValue(left.childForFieldName('subscript'));
        const value = pythonStringValue(right);
        const disables = (variable === 'CURL_CA_BUNDLE' || variable === 'REQUESTS_CA_BUNDLE') ? value === '' : variable === 'PYTHONHTTPSVERIFY' && value === '0';
        const statement = node.parent?.type === 'expression_statement' ? node.parent : undefined;
        if (disables) {
          context.report({
            node,
            message: `Setting ${variable} to ${JSON.stringify(value)} turns off certificate verification for HTTPS requests in this process.`,
            fixes: statement ? [{ title: REMOVE_TITLE, safety: 'unsafe', edits: [removeStatement(context.source, statement, 'python')] }] : [],
          });
        }
        return;
      }
      if (left?.type !== 'attribute' || !right) return;
      // `self.check_hostname = False` in a class body sets a default of a context class being defined.
      if (/^(?:self|cls)$/.test(left.childForFieldName('object')?.text ?? '')) return;
      const attribute = left.childForFieldName('attribute')?.text;
      const statement = node.parent?.type === 'expression_statement' ? node.parent : undefined;
      const fixes = statement ? [{ title: REMOVE_TITLE, safety: 'unsafe' as const, edits: [removeStatement(context.source, statement, 'python')] }] : [];
      if ((attribute === 'verify' || attribute === 'check_hostname') && isFalse(right)) {
        context.report({ node, message: `Setting \`.${attribute} = False\` turns off certificate verification for this client.`, fixes });
      } else if (attribute === 'verify_mode' && isCertNone(right)) {
        context.report({ node, message: 'Setting `.verify_mode = CERT_NONE` makes the TLS context accept any certificate.', fixes });
      }
    },
  };

  function isCertNone(value: Node | null): boolean {
    if (!value) return false;
    return semantics.qualifiedName(value) === 'ssl.CERT_NONE' || pythonStringValue(value) === 'CERT_NONE' || value.text === 'ssl.CERT_NONE';
  }
}

function reportUnverifiedContext(context: RuleContext, node: Node): void {
  const parent = node.parent;
  const message = '`ssl._create_unverified_context` makes a TLS context that accepts any certificate.';
  // `ssl._create_default_https_context = ssl._create_unverified_context` switches off checks process-wide.
  if (parent?.type === 'assignment' && parent.childForFieldName('right')?.id === node.id) {
    const statement = parent.parent?.type === 'expression_statement' ? parent.parent : undefined;
    const target = parent.childForFieldName('left')?.text ?? 'it';
    context.report({
      node: parent,
      message: `${message} Assigning it to \`${target}\` turns verification off for every HTTPS connection in the process.`,
      fixes: statement ? [{ title: REMOVE_TITLE, safety: 'unsafe', edits: [removeStatement(context.source, statement, 'python')] }] : [],
    });
    return;
  }
  const call = parent?.type === 'call' && parent.childForFieldName('function')?.id === node.id ? parent : undefined;
  const noArguments = call && (call.childForFieldName('arguments')?.namedChildren.length ?? 0) === 0;
  const attribute = node.childForFieldName('attribute');
  const fixes: Fix[] =
    noArguments && attribute
      ? [{ title: 'Use ssl.create_default_context()', safety: 'unsafe', edits: [{ range: context.rangeOf(attribute), newText: 'create_default_context' }] }]
      : [];
  context.report({ node: call ?? node, message, fixes });
}

function isFalse(value: Node | null): boolean {
  return value?.type === 'false';
}

function javascriptVisitors(context: RuleContext) {
  return {
    pair(pair: Node) {
      const key = pair.childForFieldName('key');
      const keyText = key?.type === 'string' ? stringValue(key) : key?.text;
      const value = pair.childForFieldName('value');
      if (keyText === 'checkServerIdentity' && value && /^(?:arrow_function|function_expression|function)$/.test(value.type) && acceptsEveryHost(value)) {
        context.report({
          node: pair,
          message: '`checkServerIdentity` that accepts every certificate turns off hostname verification for this connection.',
          fixes: [{ title: REMOVE_TITLE, safety: 'unsafe', edits: [removeListElement(context.source, pair)] }],
        });
        return;
      }
      if ((keyText === 'rejectUnauthorized' || keyText === 'strictSSL') && value?.type === 'false') {
        context.report({
          node: pair,
          message: `\`${keyText}: false\` turns off certificate verification for this connection.`,
          fixes: [{ title: REMOVE_TITLE, safety: 'unsafe', edits: [removeListElement(context.source, pair)] }],
        });
      }
    },
    assignment_expression(node: Node) {
      const left = node.childForFieldName('left');
      if (!left || !isTlsRejectVariable(left)) return;
      const right = node.childForFieldName('right');
      const value = right?.type === 'number' ? right.text : stringValue(right);
      if (value !== '0') return;
      const statement = node.parent?.type === 'expression_statement' ? node.parent : undefined;
      context.report({
        node,
        message: 'Setting NODE_TLS_REJECT_UNAUTHORIZED to "0" turns off certificate verification for every HTTPS connection in the process.',
        fixes: statement ? [{ title: REMOVE_TITLE, safety: 'unsafe', edits: [removeStatement(context.source, statement, 'javascript')] }] : [],
      });
    },
  };
}

/** `process.env.NODE_TLS_REJECT_UNAUTHORIZED` or `process.env['NODE_TLS_REJECT_UNAUTHORIZED']`. */
function isTlsRejectVariable(node: Node): boolean {
  let object: Node | null = null;
  let name: string | undefined;
  if (node.type === 'member_expression') {
    object = node.childForFieldName('object');
    name = node.childForFieldName('property')?.text;
  } else if (node.type === 'subscript_expression') {
    object = node.childForFieldName('object');
    name = stringValue(node.childForFieldName('index'));
  }
  return name === 'NODE_TLS_REJECT_UNAUTHORIZED' && object?.text.replace(/\s/g, '') === 'process.env';
}

/** `() => undefined`, `() => {}`, `function () { return undefined; }`: a check that never fails. */
function acceptsEveryHost(fn: Node): boolean {
  const body = fn.childForFieldName('body')?.text.replace(/\s+/g, '') ?? '';
  return /^(?:undefined|null|\{\}|\{return;?\}|\{returnundefined;?\}|\{returnnull;?\}|void0)$/.test(body);
}
