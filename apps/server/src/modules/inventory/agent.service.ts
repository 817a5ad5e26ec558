import type { HardwareFacts } from '@preau/contracts';
import type { DB } from '../../platform/db/database.ts';
import { AgentProtocolError, type AgentInventory, type AgentMessage, PROLOG_FREQ_HOURS, readInventory, xmlReply } from './agent-protocol.ts';
import { findReportedMachine, insertEquipment, insertHistory, updateEquipment } from './inventory.repository.ts';

/**
 * What Préau does with an agent's message once it is authenticated and read:
 * PROLOG and CONTACT ask to be sent the inventory; an INVENTORY updates the
 * one record of that machine in the agent's structure, and keeps what changed
 * (hardware, software) as history. One transaction: nothing half-written.
 */

type Software = AgentInventory['software'];
const HARDWARE_FIELDS = ['hostname', 'os', 'cpu', 'memoryMb', 'disksMb', 'macAddresses'] as const satisfies readonly (keyof HardwareFacts)[];
/** Names kept in a software change's details (the counts say the rest). */
const MAX_LISTED = 200;

export interface AgentReply {
  status: number;
  /** XML or JSON text, compressed by the route as the request was. */
  text: string;
}

function hardwareChanges(before: HardwareFacts | null, after: HardwareFacts): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  if (!before) return changes;
  for (const field of HARDWARE_FIELDS) {
    if (JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null)) changes[field] = [before[field] ?? null, after[field] ?? null];
  }
  return changes;
}

function softwareChanges(before: Software, after: Software) {
  const versions = (list: Software) => {
    const map = new Map<string, string[]>();
    for (const s of list) map.set(s.name, [...(map.get(s.name) ?? []), s.version ?? '']);
    return map;
  };
  const old = versions(before);
  const now = versions(after);
  const added: string[] = [];
  const removed: string[] = [];
  const updated: string[] = [];
  for (const [name, v] of now) {
    const was = old.get(name);
    if (!was) added.push(`${name} ${v.join(', ')}`.trim());
    else if (was.join('\u0000') !== v.join('\u0000')) updated.push(`${name} ${was.join(', ')} → ${v.join(', ')}`);
  }
  for (const [name, v] of old) if (!now.has(name)) removed.push(`${name} ${v.join(', ')}`.trim());
  return { added, removed, updated };
}

/** A partial report with the record's facts for the sections it did not carry (they did not change). */
function keepUnsent(inventory: AgentInventory, hardware: HardwareFacts | null, software: Software | null): AgentInventory {
  const kept = { ...inventory.hardware };
  for (const fact of inventory.unchanged.hardware) (kept as Record<string, unknown>)[fact] = hardware?.[fact] ?? null;
  return { ...inventory, hardware: kept, software: inventory.unchanged.software ? (software ?? []) : inventory.software };
}

/** Stores one machine's report; answers whether it was new. */
export async function recordInventory(db: DB, structureId: string, report: AgentInventory, now: Date): Promise<{ equipmentId: string; created: boolean }> {
  return db.transaction().execute(async (trx) => {
    const existing = await findReportedMachine(trx, structureId, { serial: report.serial, uuid: report.uuid, deviceId: report.deviceId });
    const inventory = existing ? keepUnsent(report, existing.hardware as HardwareFacts | null, existing.software as Software | null) : report;
    const hardware = JSON.stringify(inventory.hardware);
    const software = JSON.stringify(inventory.software);
    if (!existing) {
      const created = await insertEquipment(trx, structureId, {
        kind: inventory.kind,
        name: inventory.name,
        serial: inventory.serial,
        hardware_uuid: inventory.uuid,
        agent_device_id: inventory.deviceId,
        manufacturer: inventory.manufacturer,
        model: inventory.model,
        source: 'AGENT',
        hardware,
        software,
        last_report_at: now,
      });
      await insertHistory(trx, {
        equipmentId: created.id,
        kind: 'CREATED',
        summary: `Premier inventaire reçu de l’agent (${inventory.software.length} logiciels)`,
        details: { deviceId: inventory.deviceId },
      });
      return { equipmentId: created.id, created: true };
    }
    const hwChanges = hardwareChanges(existing.hardware as HardwareFacts | null, inventory.hardware);
    if (Object.keys(hwChanges).length > 0) {
      await insertHistory(trx, { equipmentId: existing.id, kind: 'HARDWARE', summary: `Matériel modifié : ${Object.keys(hwChanges).join(', ')}`, details: hwChanges });
    }
    const sw = softwareChanges((existing.software as Software | null) ?? [], inventory.software);
    if (sw.added.length + sw.removed.length + sw.updated.length > 0) {
      await insertHistory(trx, {
        equipmentId: existing.id,
        kind: 'SOFTWARE',
        summary: `Logiciels : ${sw.added.length} ajouté(s), ${sw.updated.length} mis à jour, ${sw.removed.length} retiré(s)`,
        details: {
          added: sw.added.slice(0, MAX_LISTED),
          updated: sw.updated.slice(0, MAX_LISTED),
          removed: sw.removed.slice(0, MAX_LISTED),
        },
      });
    }
    // A field entered by hand (name, kind, place) is kept: the agent only fills what it knows and what is empty.
    await updateEquipment(trx, structureId, existing.id, {
      ...(existing.source === 'AGENT' ? { name: inventory.name, model: inventory.model ?? existing.model, manufacturer: inventory.manufacturer ?? existing.manufacturer } : {}),
      serial: existing.serial ?? inventory.serial,
      hardware_uuid: existing.hardware_uuid ?? inventory.uuid,
      agent_device_id: inventory.deviceId,
      hardware,
      software,
      last_report_at: now,
    });
    return { equipmentId: existing.id, created: false };
  });
}

/** Answers one authenticated message (XML for the FusionInventory agent, JSON for the GLPI agent). */
export async function handleAgentMessage(db: DB, structureId: string, message: AgentMessage, now: Date): Promise<AgentReply> {
  switch (message.query) {
    case 'prolog':
      return { status: 200, text: xmlReply({ PROLOG_FREQ: PROLOG_FREQ_HOURS, RESPONSE: 'SEND' }) };
    case 'contact':
      return {
        status: 200,
        text: JSON.stringify({ status: 'ok', expiration: PROLOG_FREQ_HOURS, tasks: { inventory: { server: 'glpi', version: '1.0' } } }),
      };
    case 'inventory': {
      await recordInventory(db, structureId, readInventory(message.deviceId, message.content, message.partial), now);
      return message.format === 'xml'
        ? { status: 200, text: xmlReply({ RESPONSE: 'SEND' }) }
        : { status: 200, text: JSON.stringify({ status: 'ok', expiration: PROLOG_FREQ_HOURS }) };
    }
    case 'other':
      throw new AgentProtocolError(501, `Query ${message.name} is not supported`);
  }
}

/** A refusal in the message's format. */
export function errorReply(format: 'xml' | 'json', error: AgentProtocolError): AgentReply {
  return format === 'xml'
    ? { status: error.status, text: xmlReply({ ERROR: error.message }) }
    : { status: error.status, text: JSON.stringify({ status: 'error', message: error.message }) };
}
