/** The folder name the cache takes in a project root; the file walker never enters it (skipped-directories.ts). */
export const CACHE_DIRECTORY_NAME = '.aisec_cache';
