import { type EquipmentKind, type EquipmentLabelsQuery, MAX_LABELS } from '@preau/contracts';
import type { Actor } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { renderEquipmentLabels } from './equipment-labels.pdf.ts';
import { authorizeStructure } from './equipment.service.ts';
import { findEquipmentForLabels } from './inventory.repository.ts';

/**
 * The web page where one reports a fault ("Signaler une panne", apps/web
 * route `support`), which a label's QR code opens with the equipment chosen.
 */
export const REPORT_FAULT_PATH = '/support';

export function reportFaultUrl(publicUrl: string, equipmentId: string): string {
  return `${publicUrl}${REPORT_FAULT_PATH}?${new URLSearchParams({ equipment: equipmentId })}`;
}

/**
 * A sheet of labels for a room or a selection of a structure's equipment (its
 * admins: they stick them on). An id of another structure is not found; a
 * retired equipment gets no label.
 */
export async function printEquipmentLabels(platform: Platform, actor: Actor, structureId: string, query: EquipmentLabelsQuery): Promise<{ pdf: Buffer; fileName: string }> {
  const structure = await authorizeStructure(platform, actor, 'inventory.manage', structureId);
  const ids = query.ids ? [...new Set(query.ids.toLowerCase().split(','))] : undefined;
  if (!query.room && !ids) throw new AppError('INVENTORY_LABELS_EMPTY');
  const rows = await findEquipmentForLabels(platform.database.db, structureId, { ...(query.room ? { room: query.room } : {}), ...(ids ? { ids } : {}) }, MAX_LABELS);
  if (ids && !query.room && rows.length < ids.length) throw new AppError('NOT_FOUND');
  if (rows.length === 0) throw new AppError('INVENTORY_LABELS_EMPTY');
  const pdf = await renderEquipmentLabels({
    structureName: structure.name,
    items: rows.map((r) => ({ ...r, kind: r.kind as EquipmentKind })),
    reportUrl: (id) => reportFaultUrl(platform.config.publicUrl, id),
    createdAt: new Date(platform.now()),
  });
  const suffix = query.room ? `-${query.room.replace(/[^\p{L}\p{N}-]+/gu, '_')}` : '';
  return { pdf, fileName: `etiquettes-${structure.uai}${suffix}.pdf` };
}
