import { errorCodes } from '@preau/contracts';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** The one error shape of the API, as the OpenAPI document shows it. */
const apiErrorSchema = {
  description: 'Erreur : `{ error: { code, message } }`, message dans la langue de la requête (fr/en).',
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: errorCodes },
        message: { type: 'string' },
      },
    },
  },
} as const;

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];

/**
 * The zod → OpenAPI transform, plus the error shape on every documented
 * route: a client generated from the document then knows how failures read.
 */
export function transformWithErrors(input: TransformInput): ReturnType<typeof jsonSchemaTransform> {
  const output = jsonSchemaTransform(input);
  const schema = output.schema as { hide?: boolean; response?: Record<string, unknown> };
  if (!schema.hide) schema.response = { ...schema.response, '4XX': apiErrorSchema, '5XX': apiErrorSchema };
  return output;
}
