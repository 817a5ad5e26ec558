import { z } from 'zod';

/** GAR médiacentre (issue 14): the responsables d'affectation of a structure, named by the ADMC. */

export const GarRespAff = z.object({
  accountId: z.uuid(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().nullable(),
  namedAt: z.string(),
});
export type GarRespAff = z.infer<typeof GarRespAff>;

export const GarRespAffList = z.object({
  items: z.array(GarRespAff),
  /** Whether the actor may name and remove them (the collectivité's ADMC); an ADML only reads. */
  canManage: z.boolean(),
});
export type GarRespAffList = z.infer<typeof GarRespAffList>;

export const GarRespAffParams = z.strictObject({ id: z.uuid(), accountId: z.uuid() });
