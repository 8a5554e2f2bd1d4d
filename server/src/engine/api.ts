/**
 * The rule API: everything a rule file may import from the engine. Rules import nothing else from
 * server/, which keeps the engine free to change behind this surface.
 */
export type { SyntaxNode as Node, SyntaxTree as Tree } from './syntax/node';
export type { Dockerfile, Instruction } from 'dockerfile-ast';
export * from './types';
export * from './rule';
export { maskSecret } from './mask';
export { nodeRange } from './analyze';
export type { LanguageFamily } from './languages';
export { SourceText } from './source-text';
export type { MagicLine } from './notebook/magics';
export type { NotebookView, NotebookCell, NotebookOutput, NotebookText } from './notebook/model';
export {
  PythonSemantics,
  pythonSemantics,
  keywordArgument,
  positionalArguments,
  pythonStringValue,
  assignedNames,
  enclosingFunction,
  parameterNames,
} from './semantic/python';
export { JavaScriptSemantics, javascriptSemantics, stringValue, objectProperty } from './semantic/javascript';
export { parseText } from './parsing/parse';
export { pythonConstant, pythonTruthiness, javascriptConstant, javascriptFalsy } from './semantic/constants';
export { DESERIALIZERS, deserializersOf, deserializationFamily, type Deserializer } from './families/deserialization';
export type { FileSystem } from './file-system';
export type { FileContext, FileRole, ProjectKind, SeverityByContext } from './file-context';
export {
  requirementsFile,
  parseRequirements,
  normalizePackageName,
  isExactPin,
  isImmutableUrl,
  isLocalReference,
  redactUrl,
  pythonVersionSources,
  findPythonVersion,
  type RequirementsFile,
  type PipRequirement,
  type PipOption,
  type PipInclude,
  type KnownVersion,
  type VersionSource,
  packageJsonManifest,
  parsePackageJson,
  npmSpecProblem,
  isExactNpmVersion,
  npmVersionResolver,
  findNpmLockFile,
  NPM_LOCK_FILES,
  type PackageJsonManifest,
  type NpmDependency,
  type NpmResolution,
  type NpmSpecProblem,
  pyprojectManifest,
  parsePyproject,
  type PyprojectManifest,
  type PyprojectDependency,
  type ParseProblem,
  hubCacheDirectories,
  cachedHubCommit,
  type HubRepositoryKind,
} from './manifests';
export { DockerfileModel, dockerfileModel } from './dockerfile/model';
export type { Stage, ImageReference } from './dockerfile/stages';
export { parseImageReference } from './dockerfile/stages';
export type { ShellCommand, ShellScript, ShellWord, ShellAssignment } from './dockerfile/shell';
export type { Expansion } from './dockerfile/variables';
export type { From, Run, Copy, Add, Label, Env, Arg, Property, JSONInstruction, Heredoc } from 'dockerfile-ast';
export { sdkCallAt, sdkFactoryAt, sdkCatalog, SDK_TABLE, sdkCallWords, sdkCallSourceWords, sdkFactoryWords } from './sdks';
export type { SdkCall, FactoryMatch, SdkEntry, ModelCall as SdkModelCall, ClientKind as SdkClientKind } from './sdks';
export { webApp, enclosingRoute, findInProject, pythonModelCallName, pythonModelObjects, javascriptModelCallName, MODEL_API_HOST, OPENAI_COMPATIBLE_PATH, isAuthName, isRateLimitName, checksCredential } from './web';
export type { WebApp, WebRoute, WebFramework, ModelCall } from './web';
export {
  analyzeTaint,
  anyOf,
  flowRelated,
  taintConfigProblems,
  taintWords,
  type Flow,
  type FlowStep,
  type SinkKind,
  type TaintLabel,
  type TaintQuery,
  type TaintSpec,
} from './taint';
export { DockerIgnore } from './dockerfile/dockerignore';
export { composeServices, yamlValue, scalarText } from './compose/model';
export type { ComposeService, YamlValue, YamlPair } from './compose/model';
export { flagsOf, propertiesOf, argumentsOf } from './dockerfile/instructions';
export type { InstructionFlag, InstructionArgument } from './dockerfile/instructions';
export {
  detectSecret,
  findConnectionUrlPassword,
  findProviderKey,
  findContextKey,
  findGenericSecret,
  couldBeCredential,
  nameWords,
  credentialKind,
  envVarFromName,
  shannonEntropy,
  isKeyLike,
  isPasswordLike,
  isPlaceholder,
  isHardcodedCredential,
  type SecretMatch,
} from './secrets/detect';
export { PROVIDER_FORMATS, CONTEXT_FORMATS, type ProviderFormat, type ContextFormat } from './secrets/providers';
export { credentialWords, providerKeyWords } from './secrets/words';
