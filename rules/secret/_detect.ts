/**
 * What a secret looks like lives in the engine (`server/src/engine/secrets/`), since the taint engine needs it
 * too (hard-coded credentials are secret sources); the rules read it from there through the rule API.
 */
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
  type SecretMatch,
} from '../../server/src/engine/api';
