/** The providers' key formats are engine data (`server/src/engine/secrets/providers.ts`), shared with the taint engine. */
export { PROVIDER_FORMATS, CONTEXT_FORMATS, type ProviderFormat, type ContextFormat } from '../../server/src/engine/api';
