import { Validator } from '@seriousme/openapi-schema-validator';
import { openApiDocument } from './document.js';

describe('the OpenAPI document generated from the schemas', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const v = new Validator();
    const r = await v.validate(JSON.parse(JSON.stringify(openApiDocument())));
    expect(r.errors ?? []).toEqual([]);
    expect(r.valid).toBe(true);
  });
});
