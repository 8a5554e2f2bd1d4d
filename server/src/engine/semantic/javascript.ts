import type { SyntaxNode as Node, SyntaxTree as Tree } from '../syntax/node';
import { shared, type RuleContext } from '../rule';

/** Nodes that open a scope for `require`/`import()` bindings made inside them. */
const FUNCTION_SCOPES = new Set([
  'function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition',
  'generator_function_declaration', 'generator_function',
]);
/** A `require(` or `import(` outside the top level is only possible when the text has one. */
const DYNAMIC_IMPORT = /\brequire\s*\(|\bimport\s*\(/g;

/**
 * What imported names mean in a JavaScript or TypeScript module: ES imports and CommonJS `require`, with
 * aliases and destructuring. Module names lose a `node:` prefix, so `child_process.exec` is found whether
 * written `import { exec } from 'node:child_process'` or `require('child_process').exec`.
 *
 * `require("x")` and `await import("x")` inside a function bind for that function and the functions nested in
 * it (a function is the scope, like `var`: a binding in an inner block is seen by the whole function).
 */
export class JavaScriptSemantics {
  private readonly bindings = new Map<string, string>();
  /** Bindings made inside functions, by function node id. */
  private readonly scoped = new Map<number, Map<string, string>>();
  /** Names bound inside some function: only they need a search of the enclosing functions. */
  private readonly scopedNames = new Set<string>();
  readonly importedModules = new Set<string>();

  constructor(readonly root: Node) {
    for (const statement of root.namedChildren) if (statement) this.collect(statement);
    // Most CommonJS files require at the top only: walk the tree only when the text has more calls than that.
    if ((root.text.match(DYNAMIC_IMPORT)?.length ?? 0) > this.topLevelRequires) this.collectNested();
  }

  /** `require`/`import()` declarators found among the top-level statements. */
  private topLevelRequires = 0;

  /** `require`/`import()` declarations below the top level (in functions, blocks, callbacks). */
  private collectNested(): void {
    for (const declarator of this.root.descendantsOfType('variable_declarator')) {
      if (!declarator || declarator.parent?.parent === this.root) continue;
      if (declarator.parent?.parent?.type === 'export_statement' && declarator.parent.parent.parent === this.root) continue;
      const scope = enclosingFunctionScope(declarator);
      this.collectDeclarator(declarator, scope ? this.scopeBindings(scope) : this.bindings, scope !== undefined);
    }
  }

  private scopeBindings(scope: Node): Map<string, string> {
    let map = this.scoped.get(scope.id);
    if (!map) this.scoped.set(scope.id, (map = new Map()));
    return map;
  }

  private collect(statement: Node): void {
    if (statement.type === 'import_statement') {
      const moduleName = normaliseModule(stringValue(statement.childForFieldName('source')));
      if (!moduleName) return;
      this.importedModules.add(moduleName);
      const clause = statement.namedChildren.find((c) => c?.type === 'import_clause');
      if (!clause) return;
      for (const part of clause.namedChildren) {
        if (!part) continue;
        if (part.type === 'identifier') this.bindings.set(part.text, moduleName);
        else if (part.type === 'namespace_import') {
          const name = part.namedChildren.find((c) => c?.type === 'identifier');
          if (name) this.bindings.set(name.text, moduleName);
        } else if (part.type === 'named_imports') {
          for (const specifier of part.namedChildren) {
            if (specifier?.type !== 'import_specifier') continue;
            const imported = specifier.childForFieldName('name');
            const local = specifier.childForFieldName('alias') ?? imported;
            if (imported && local) this.bindings.set(local.text, `${moduleName}.${imported.text}`);
          }
        }
      }
      return;
    }
    if (statement.type === 'lexical_declaration' || statement.type === 'variable_declaration') {
      for (const declarator of statement.namedChildren) {
        if (declarator?.type === 'variable_declarator') this.collectDeclarator(declarator, this.bindings, false);
      }
      return;
    }
    if (statement.type === 'export_statement') {
      const declaration = statement.childForFieldName('declaration');
      if (declaration) this.collect(declaration);
    }
  }

  /** `const x = require("m")`, `const { a, b: c } = require("m")`, `const { default: X } = await import("m")`. */
  private collectDeclarator(declarator: Node, into: Map<string, string>, scoped: boolean): void {
    const moduleName = requiredModule(declarator.childForFieldName('value'));
    if (!moduleName) return;
    if (!scoped && into === this.bindings) this.topLevelRequires++;
    this.importedModules.add(moduleName.module);
    const target = moduleName.member ? `${moduleName.module}.${moduleName.member}` : moduleName.module;
    const name = declarator.childForFieldName('name');
    if (!name) return;
    const bind = (local: string, value: string) => {
      into.set(local, value);
      if (scoped) this.scopedNames.add(local);
    };
    if (name.type === 'identifier') bind(name.text, target);
    else if (name.type === 'object_pattern') {
      for (const property of name.namedChildren) {
        if (property?.type === 'shorthand_property_identifier_pattern') {
          bind(property.text, `${target}.${property.text}`);
        } else if (property?.type === 'pair_pattern') {
          const key = property.childForFieldName('key');
          const value = property.childForFieldName('value');
          // A module's `default` export is what a default import binds: the module's own name.
          if (key && value?.type === 'identifier') bind(value.text, key.text === 'default' && !moduleName.member ? target : `${target}.${key.text}`);
        }
      }
    }
  }

  /** What an identifier is bound to at its position: the innermost function's `require`, else the module's. */
  private resolveName(identifier: Node): string | undefined {
    if (this.scopedNames.has(identifier.text)) {
      for (let scope = enclosingFunctionScope(identifier); scope; scope = enclosingFunctionScope(scope)) {
        const target = this.scoped.get(scope.id)?.get(identifier.text);
        if (target) return target;
      }
    }
    return this.bindings.get(identifier.text);
  }

  /** What a local name is bound to by an import or `require` (`OpenAI` → `openai`), if anything. */
  importTarget(name: string): string | undefined {
    return this.bindings.get(name);
  }

  /** Every local name bound by an import or `require`, with its target. */
  importedNames(): [string, string][] {
    return [...this.bindings];
  }

  /** The qualified name of an identifier or member chain whose root is imported, e.g. `child_process.exec`. */
  qualifiedName(node: Node | null): string | undefined {
    if (!node) return undefined;
    switch (node.type) {
      case 'identifier':
        return this.resolveName(node);
      case 'member_expression': {
        const object = this.qualifiedName(node.childForFieldName('object'));
        const property = node.childForFieldName('property');
        if (!object || !property) return undefined;
        // `m.default` of a module namespace (`await import("openai")`) is the module's default export.
        if (property.text === 'default' && this.importedModules.has(object)) return object;
        return `${object}.${property.text}`;
      }
      case 'call_expression': {
        // `require('fs').readFileSync` has the call as the object.
        const required = requiredModule(node);
        return required ? (required.member ? `${required.module}.${required.member}` : required.module) : undefined;
      }
      case 'parenthesized_expression':
      case 'await_expression':
      case 'non_null_expression':
        return this.qualifiedName(node.namedChildren[0] ?? null);
      default:
        return undefined;
    }
  }

  /** The qualified name of a call's (or `new` expression's) callee. */
  calleeName(call: Node): string | undefined {
    const callee = call.childForFieldName(call.type === 'new_expression' ? 'constructor' : 'function');
    return this.qualifiedName(callee);
  }
}

function enclosingFunctionScope(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (FUNCTION_SCOPES.has(current.type)) return current;
  }
  return undefined;
}

function requiredModule(value: Node | null): { module: string; member?: string } | undefined {
  if (!value) return undefined;
  if (value.type === 'await_expression') return requiredModule(value.namedChildren[0] ?? null);
  if (value.type === 'member_expression') {
    const inner = requiredModule(value.childForFieldName('object'));
    const property = value.childForFieldName('property')?.text;
    return inner && property && !inner.member ? { module: inner.module, member: property } : undefined;
  }
  if (value.type !== 'call_expression') return undefined;
  const callee = value.childForFieldName('function');
  if (callee?.text !== 'require' && callee?.type !== 'import') return undefined;
  const argument = value.childForFieldName('arguments')?.namedChildren[0];
  const moduleName = normaliseModule(stringValue(argument ?? null));
  return moduleName ? { module: moduleName } : undefined;
}

function normaliseModule(name: string | undefined): string | undefined {
  if (!name) return undefined;
  return name.startsWith('node:') ? name.slice(5) : name;
}

/** The value of a string literal, or of a template literal without substitutions. */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string') {
    return node.namedChildren
      .filter((c) => c?.type === 'string_fragment' || c?.type === 'escape_sequence')
      .map((c) => c!.text)
      .join('');
  }
  if (node.type === 'template_string') {
    if (node.namedChildren.some((c) => c?.type === 'template_substitution')) return undefined;
    return node.namedChildren
      .filter((c) => c?.type === 'string_fragment' || c?.type === 'escape_sequence')
      .map((c) => c!.text)
      .join('');
  }
  return undefined;
}

/** The property named `name` in an object literal (`{ dangerouslyAllowBrowser: true }`). */
export function objectProperty(object: Node | null | undefined, name: string): Node | undefined {
  if (!object || object.type !== 'object') return undefined;
  for (const property of object.namedChildren) {
    if (property?.type !== 'pair') continue;
    const key = property.childForFieldName('key');
    const keyText = key?.type === 'string' ? stringValue(key) : key?.text;
    if (keyText === name) return property;
  }
  return undefined;
}

/** The semantic model of the JS/TS document being analysed, built once and shared by all rules. */
export function javascriptSemantics(context: RuleContext): JavaScriptSemantics {
  return shared(context, 'javascript-semantics', () => new JavaScriptSemantics((context.tree as Tree).rootNode));
}
