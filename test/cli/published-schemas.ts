import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ErrorObject } from 'ajv';

/*
 * Validators for the published schemas of the report formats we write, vendored unchanged under
 * test/fixtures/schemas (see its README for where each comes from). `strict: false` because the published
 * schemas carry keywords of their own (GitLab's `self`) that Ajv's strict mode would refuse; every standard
 * keyword and format is still checked.
 */
const SCHEMAS = path.resolve(__dirname, '../fixtures/schemas');

/** A compiled schema: true when the data validates, with Ajv's errors of the last call otherwise. */
export type SchemaValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

function load(file: string): object {
  return JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), 'utf8')) as object;
}

/** OASIS SARIF 2.1.0 (errata 01), a JSON Schema draft-04 document. */
export const validateSarif: SchemaValidator = (() => {
  const ajv = new AjvDraft04({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(load('sarif-schema-2.1.0.json'));
})();

/** GitLab's SAST report schema, release 15.0.7 (the version `--format gitlab` declares), draft-07. */
export const validateGitlabSast: SchemaValidator = (() => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(load('gitlab-sast-report-format-15.0.7.json'));
})();

/** The validator's errors, one per line, for an assertion message. */
export function schemaErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n');
}
