import {
  defineRule,
  deserializationFamily,
  keywordArgument,
  pythonConstant,
  pythonStringValue,
  pythonSemantics,
  type Fix,
  type Node,
  type PythonSemantics,
  type TextEdit,
} from '../../server/src/engine/api';
import { appendArgument, argumentAt, callFirstLine, hasKeywordSplat } from './_python-calls';

/** Functions that construct arbitrary Python objects whatever the loader; their safe counterparts. */
const YAML_MODULES = ['yaml', 'ruamel.yaml'];
const ALWAYS_UNSAFE = new Map(
  YAML_MODULES.flatMap((m) => [
    [`${m}.unsafe_load`, 'safe_load'],
    [`${m}.unsafe_load_all`, 'safe_load_all'],
    [`${m}.full_load`, 'safe_load'],
    [`${m}.full_load_all`, 'safe_load_all'],
  ]),
);
/** Functions whose safety depends on the `Loader` argument (ruamel.yaml's old API too, whose default loader is unsafe). */
const LOADER_DEPENDENT = new Map(YAML_MODULES.flatMap((m) => [[`${m}.load`, 'safe_load'], [`${m}.load_all`, 'safe_load_all']]));
const SAFE_LOADERS = new Set(
  YAML_MODULES.flatMap((m) => ['SafeLoader', 'CSafeLoader', 'BaseLoader', 'CBaseLoader', 'RoundTripLoader'].map((l) => `${m}.${l}`)),
);
const UNSAFE_LOADERS = new Set(
  YAML_MODULES.flatMap((m) => ['Loader', 'CLoader', 'UnsafeLoader', 'CUnsafeLoader', 'FullLoader', 'CFullLoader'].map((l) => `${m}.${l}`)),
);
/** ruamel.yaml's `YAML(typ="unsafe")` instance loads with the unsafe constructor. */
const RUAMEL_YAML = new Set(['ruamel.yaml.YAML', 'ruamel.yaml.main.YAML']);

/**
 * PyYAML's full and unsafe loaders build arbitrary Python objects from tags such as
 * `!!python/object/apply:os.system`: a config file or model card becomes code.
 */
export default defineRule({
  meta: {
    id: 'supply-chain/unsafe-yaml-load',
    category: 'supply-chain',
    title: 'YAML loaded without a safe loader',
    severity: 'warning',
    languages: ['python'],
    requires: ['yaml'],
    fixable: 'unsafe',
    docs: {
      summary:
        'Finds `yaml.load`/`yaml.load_all` without `Loader=yaml.SafeLoader` (or with an unsafe loader), `yaml.unsafe_load`, ' +
        '`yaml.full_load` and their `_all` variants, the same in ruamel.yaml\'s old API, and ruamel.yaml `YAML(typ="unsafe")`.',
      why:
        'Model configs, prompt templates and experiment files are often YAML that arrives with a downloaded model or ' +
        'dataset. PyYAML\'s `Loader`, `UnsafeLoader` and `FullLoader` honour `!!python/...` tags that import modules and ' +
        'call functions, so loading such a file executes code. `safe_load` builds only plain data.',
      bad: 'import yaml\nconfig = yaml.load(open("config.yaml"), Loader=yaml.Loader)\n',
      good: 'import yaml\nconfig = yaml.safe_load(open("config.yaml"))\n',
      fix:
        'Calls `yaml.safe_load` (or `safe_load_all`) instead, or passes `Loader=yaml.SafeLoader` when the function was ' +
        'imported by name. Files that rely on Python tags then fail to load.',
      family: [
        ...deserializationFamily('unsafe-yaml-load'),
        { member: '`ruamel.yaml.YAML(typ="unsafe")`', cwe: [502], why: 'The unsafe type constructs any Python object a tag names, like PyYAML\'s unsafe loader.' },
      ],
      references: { owaspLlm: ['LLM03'], owaspMl: ['ML06'], cwe: [502, 20] },
    },
  },
  create(context) {
    const semantics = pythonSemantics(context);
    return {
      call(node: Node) {
        const name = semantics.calleeName(node);
        if (!name) return;
        if (RUAMEL_YAML.has(name)) return reportUnsafeType(node);
        const module = name.startsWith('ruamel.') ? 'ruamel.yaml' : 'yaml';
        const always = ALWAYS_UNSAFE.get(name);
        if (always) {
          context.report({
            range: callFirstLine(node, context.source),
            message: `${name} constructs arbitrary Python objects from YAML tags: use ${module}.${always}.`,
            fixes: safeFunctionFix(node, always, semantics),
          });
          return;
        }
        const safeName = LOADER_DEPENDENT.get(name);
        if (!safeName) return;
        const loader = argumentAt(node, 1, 'Loader');
        if (!loader) {
          if (hasKeywordSplat(node)) return;
          context.report({
            range: callFirstLine(node, context.source),
            message: `${name} without Loader=${module}.SafeLoader can construct arbitrary Python objects: use ${module}.${safeName}.`,
            fixes: safeFunctionFix(node, safeName, semantics),
          });
          return;
        }
        const loaderName = semantics.qualifiedName(pythonConstant(context, loader) ?? loader) ?? semantics.qualifiedName(loader);
        if (!loaderName || SAFE_LOADERS.has(loaderName) || !UNSAFE_LOADERS.has(loaderName)) return;
        context.report({
          node: loader,
          message: `${name} with ${loaderName} constructs arbitrary Python objects from YAML tags: use ${module}.SafeLoader.`,
          fixes: module === 'yaml' || loader.type === 'attribute' ? [safeLoaderFix(loader, semantics)] : [],
        });
      },
    };

    function reportUnsafeType(call: Node): void {
      const typ = keywordArgument(call, 'typ');
      const value = typ?.childForFieldName('value');
      const constant = pythonConstant(context, value);
      const types = constant?.type === 'list' || constant?.type === 'tuple' ? constant.namedChildren : [constant];
      const unsafe = types.find((t) => pythonStringValue(t) === 'unsafe');
      if (!typ || !unsafe) return;
      // Only a literal written in this call is rewritten; a shared constant may serve other calls.
      const inline = unsafe.startIndex >= typ.startIndex && unsafe.endIndex <= typ.endIndex;
      context.report({
        node: typ,
        message: 'ruamel.yaml with typ="unsafe" constructs arbitrary Python objects from YAML tags: use typ="safe".',
        fixes: inline ? [{ title: 'Use typ="safe"', safety: 'unsafe', edits: [{ range: context.rangeOf(unsafe), newText: unsafe.text.replace('unsafe', 'safe') }] }] : [],
      });
    }
  },
});

/** `yaml.load(x)` → `yaml.safe_load(x)` when the callee is an attribute; else adds `Loader=yaml.SafeLoader`. */
function safeFunctionFix(call: Node, safeName: string, semantics: PythonSemantics): Fix[] {
  const callee = call.childForFieldName('function');
  if (callee?.type === 'attribute') {
    const attribute = callee.childForFieldName('attribute');
    if (!attribute) return [];
    const edit: TextEdit = {
      range: {
        start: { line: attribute.startPosition.row, character: attribute.startPosition.column },
        end: { line: attribute.endPosition.row, character: attribute.endPosition.column },
      },
      newText: safeName,
    };
    const loader = keywordArgument(call, 'Loader');
    // `yaml.load(x, Loader=L)` with an unsafe L: safe_load takes no Loader, so the argument goes.
    if (loader) return [];
    return [{ title: `Use yaml.${safeName}`, safety: 'unsafe', edits: [edit] }];
  }
  if (safeName === 'safe_load' && callee?.type === 'identifier' && semantics.calleeName(call)?.startsWith('yaml.')) {
    const append = appendArgument(call, 'Loader=yaml.SafeLoader');
    if (!append) return [];
    const importEdit = semantics.addImport('yaml');
    return [{ title: 'Pass Loader=yaml.SafeLoader', safety: 'unsafe', edits: importEdit ? [append, importEdit] : [append] }];
  }
  return [];
}

/** Replaces an unsafe loader with `yaml.SafeLoader`, spelled the way the module is imported. */
function safeLoaderFix(loader: Node, semantics: PythonSemantics): Fix {
  const range = {
    start: { line: loader.startPosition.row, character: loader.startPosition.column },
    end: { line: loader.endPosition.row, character: loader.endPosition.column },
  };
  if (loader.type === 'attribute') {
    const object = loader.childForFieldName('object');
    return { title: 'Use yaml.SafeLoader', safety: 'unsafe', edits: [{ range, newText: `${object?.text ?? 'yaml'}.SafeLoader` }] };
  }
  const importEdit = semantics.addImport('yaml');
  const edits: TextEdit[] = [{ range, newText: 'yaml.SafeLoader' }];
  if (importEdit) edits.push(importEdit);
  return { title: 'Use yaml.SafeLoader', safety: 'unsafe', edits };
}
