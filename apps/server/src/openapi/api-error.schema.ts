import { API_PROBLEMS } from '#contracts';

/** The API's one error shape (ApiErrorBody in libs/contracts), for every 400 and 413. */
export const apiErrorSchema = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    problems: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          path: { type: 'string', description: "dotted path of the field, '' for the body as a whole" },
          code: { type: 'string', enum: Object.keys(API_PROBLEMS) },
          message: { type: 'string' },
        },
      },
    },
  },
};
