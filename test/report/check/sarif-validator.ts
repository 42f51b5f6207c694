/** The official SARIF 2.1.0 schema (test/fixtures/sarif) compiled with ajv 8 + ajv-formats. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url)), 'utf8')) as object;

export function sarifValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}
