import { version } from '../../../package.json';

/** AISec's version, from package.json (bundled in at build time). */
export const AISEC_VERSION: string = version;
