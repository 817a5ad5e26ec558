import { z } from 'zod';
import { PageQuery, pageOf } from './common.ts';

/** Inventory: each structure's IT and multimedia equipment, its history and the agents that report it. */

export const equipmentKinds = ['COMPUTER', 'LAPTOP', 'TABLET', 'PRINTER', 'PROJECTOR', 'INTERACTIVE_BOARD', 'NETWORK', 'OTHER'] as const;
export const EquipmentKind = z.enum(equipmentKinds);
export type EquipmentKind = z.infer<typeof EquipmentKind>;

export const equipmentStatuses = ['IN_SERVICE', 'BROKEN', 'IN_REPAIR', 'RETIRED'] as const;
export const EquipmentStatus = z.enum(equipmentStatuses);
export type EquipmentStatus = z.infer<typeof EquipmentStatus>;

/** AGENT: reported by an inventory agent; MANUAL: entered in the ENT; CSV: imported from a spreadsheet. */
export const EquipmentSource = z.enum(['AGENT', 'MANUAL', 'CSV']);

const Text = (max: number) => z.string().trim().min(1).max(max).regex(/^[^\p{Cc}]+$/u);
const IsoDate = z.iso.date();

export const EquipmentSummary = z.object({
  id: z.uuid(),
  kind: EquipmentKind,
  name: z.string(),
  building: z.string().nullable(),
  room: z.string().nullable(),
  serial: z.string().nullable(),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  status: EquipmentStatus,
  source: EquipmentSource,
  purchasedOn: z.string().nullable(),
  warrantyEndsOn: z.string().nullable(),
  /** When an agent last reported this machine (null for equipment entered by hand). */
  lastReportAt: z.string().nullable(),
});
export type EquipmentSummary = z.infer<typeof EquipmentSummary>;

export const EquipmentPage = pageOf(EquipmentSummary);
export type EquipmentPage = z.infer<typeof EquipmentPage>;

export const EquipmentListQuery = PageQuery.extend({
  kind: EquipmentKind.optional(),
  room: z.string().trim().min(1).max(60).optional(),
  status: EquipmentStatus.optional(),
  /** Only equipment whose warranty ends on or before this date (warranties ending soon). */
  warrantyEndsBefore: IsoDate.optional(),
  /** Only machines an agent reported before, but not for this many days (machines that stopped reporting). */
  silentForDays: z.coerce.number().int().min(1).max(3650).optional(),
});
export type EquipmentListQuery = z.infer<typeof EquipmentListQuery>;

export const HistoryKind = z.enum(['CREATED', 'INTERVENTION', 'STATUS', 'HARDWARE', 'SOFTWARE', 'EDIT']);

export const EquipmentHistoryItem = z.object({
  id: z.uuid(),
  kind: HistoryKind,
  summary: z.string(),
  details: z.unknown().nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
});

/** What an agent last said about the machine (units as the agent sends them: MB, MHz). */
export const HardwareFacts = z.object({
  hostname: z.string().nullable(),
  os: z.string().nullable(),
  cpu: z.string().nullable(),
  memoryMb: z.number().nullable(),
  disksMb: z.number().nullable(),
  macAddresses: z.array(z.string()),
});
export type HardwareFacts = z.infer<typeof HardwareFacts>;

export const EquipmentDetail = EquipmentSummary.extend({
  hardware: HardwareFacts.nullable(),
  software: z.array(z.object({ name: z.string(), version: z.string().nullable() })),
  history: z.array(EquipmentHistoryItem),
});
export type EquipmentDetail = z.infer<typeof EquipmentDetail>;

export const CreateEquipmentBody = z.strictObject({
  kind: EquipmentKind,
  name: Text(120),
  building: Text(60).optional(),
  room: Text(60).optional(),
  serial: Text(100).optional(),
  manufacturer: Text(100).optional(),
  model: Text(120).optional(),
  purchasedOn: IsoDate.optional(),
  warrantyEndsOn: IsoDate.optional(),
  status: EquipmentStatus.default('IN_SERVICE'),
});
export type CreateEquipmentBody = z.infer<typeof CreateEquipmentBody>;

/** Fields left out are unchanged; null clears. */
export const UpdateEquipmentBody = z.strictObject({
  kind: EquipmentKind.optional(),
  name: Text(120).optional(),
  building: Text(60).nullable().optional(),
  room: Text(60).nullable().optional(),
  purchasedOn: IsoDate.nullable().optional(),
  warrantyEndsOn: IsoDate.nullable().optional(),
  status: EquipmentStatus.optional(),
});
export type UpdateEquipmentBody = z.infer<typeof UpdateEquipmentBody>;

export const InterventionBody = z.strictObject({ summary: Text(1000) });

export const InventoryEnrolment = z.object({
  id: z.uuid(),
  label: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type InventoryEnrolment = z.infer<typeof InventoryEnrolment>;
export const InventoryEnrolmentList = z.object({ items: z.array(InventoryEnrolment) });
export const CreateEnrolmentBody = z.strictObject({ label: Text(100) });
/** Shown once: the secret is stored hashed and cannot be read again. */
export const EnrolmentSettings = z.object({
  enrolment: InventoryEnrolment,
  server: z.string(),
  user: z.string(),
  password: z.string(),
});
export type EnrolmentSettings = z.infer<typeof EnrolmentSettings>;

const Counts = z.object({ total: z.number(), byStatus: z.record(EquipmentStatus, z.number()), byKind: z.record(EquipmentKind, z.number()) });
/** Region-wide totals for the collectivité's ADMC, one row per structure. */
export const InventoryTotals = z.object({
  totals: Counts,
  structures: z.array(Counts.extend({ id: z.uuid(), uai: z.string(), name: z.string() })),
});
export type InventoryTotals = z.infer<typeof InventoryTotals>;

/** What a CSV import did: rows created, rows already in the register (same serial), rows refused and why. */
export const EquipmentCsvReport = z.object({
  dryRun: z.boolean(),
  created: z.number(),
  skipped: z.array(z.object({ line: z.number(), serial: z.string() })),
  rejected: z.array(z.object({ line: z.number(), reason: z.string() })),
});
export type EquipmentCsvReport = z.infer<typeof EquipmentCsvReport>;
export const EquipmentCsvQuery = z.strictObject({ dryRun: z.enum(['true', 'false']).default('false') });

/**
 * Which equipment to print labels for: a room, or a selection (comma-separated
 * ids, at most 240 = ten A4 sheets of 24), or both (the selection within the room).
 */
const LABEL_ID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
export const MAX_LABELS = 240;
export const EquipmentLabelsQuery = z.strictObject({
  room: z.string().trim().min(1).max(60).optional(),
  ids: z
    .string()
    .regex(new RegExp(`^${LABEL_ID}(,${LABEL_ID}){0,${MAX_LABELS - 1}}$`), `comma-separated equipment ids (at most ${MAX_LABELS})`)
    .optional(),
});
export type EquipmentLabelsQuery = z.infer<typeof EquipmentLabelsQuery>;
