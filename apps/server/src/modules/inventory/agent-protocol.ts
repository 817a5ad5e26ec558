import { gunzipSync, gzipSync, deflateRawSync, deflateSync, inflateRawSync, inflateSync } from 'node:zlib';
import type { EquipmentKind, HardwareFacts } from '@preau/contracts';
import { SaxesParser } from 'saxes';

/**
 * The inventory agents' wire formats (STANDARDS.md §10), as pure functions:
 * the FusionInventory agent's OCS XML (PROLOG, INVENTORY), zlib/gzip/deflate
 * compressed or not, and the GLPI agent's JSON (contact, inventory). Both end
 * as one `AgentInventory`, so the service stores them the same way.
 */

/** Largest compressed body the route accepts (a Debian desktop sends ~30 KB of zlib). */
export const MAX_AGENT_BODY_BYTES = 8 * 1024 * 1024;
/** Largest decompressed body: a bomb stops inflating here (a full inventory is a few hundred KB). */
export const MAX_AGENT_INFLATED_BYTES = 32 * 1024 * 1024;
/** XML elements and nesting one inventory may hold (897 packages ≈ 6,000 elements). */
const MAX_XML_ELEMENTS = 500_000;
const MAX_XML_DEPTH = 12;
/** Software kept per machine (more is not a school computer). */
const MAX_SOFTWARE = 10_000;
/** How often the agent should come back, in hours (GLPI's default, §10.1.2). */
export const PROLOG_FREQ_HOURS = 24;

export type AgentEncoding = 'zlib' | 'gzip' | 'deflate' | 'none';

/** A refusal of the protocol: answered with the format's error (XML `<ERROR>` or JSON `status: error`). */
export class AgentProtocolError extends Error {
  constructor(
    readonly status: 400 | 413 | 501 | 503,
    message: string,
  ) {
    super(message);
    this.name = 'AgentProtocolError';
  }
}

/**
 * The compression a Content-Type announces, as GLPI reads it (§10.1.5); the
 * injector's bare `Application/x-compress` is zlib. Anything else is taken as
 * uncompressed.
 */
export function encodingOf(contentType: string | undefined): AgentEncoding {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/x-compress-zlib' || type === 'application/x-zlib' || type === 'application/x-compress') return 'zlib';
  if (type === 'application/x-compress-gzip' || type === 'application/x-gzip') return 'gzip';
  if (type === 'application/x-compress-deflate' || type === 'application/x-deflate') return 'deflate';
  return 'none';
}

/** The body as announced, inflated at most to `MAX_AGENT_INFLATED_BYTES`. */
export function decodeBody(body: Buffer, encoding: AgentEncoding, maxBytes = MAX_AGENT_INFLATED_BYTES): Buffer {
  if (body.length === 0) throw new AgentProtocolError(400, 'Empty request');
  if (encoding === 'none') {
    if (body.length > maxBytes) throw new AgentProtocolError(413, 'Inventory too large');
    return body;
  }
  try {
    const options = { maxOutputLength: maxBytes };
    if (encoding === 'zlib') return inflateSync(body, options);
    if (encoding === 'gzip') return gunzipSync(body, options);
    return inflateRawSync(body, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw new AgentProtocolError(413, 'Inventory too large once decompressed');
    }
    throw new AgentProtocolError(400, `Content is not ${encoding} compressed as announced`);
  }
}

/** The reply compressed as the request was (GLPI's behaviour; the agent reads the bytes, not the type). */
export function encodeReply(text: string, encoding: AgentEncoding): { body: Buffer; contentType: string } {
  const raw = Buffer.from(text, 'utf8');
  const json = text.startsWith('{');
  if (encoding === 'zlib') return { body: deflateSync(raw), contentType: 'application/x-compress-zlib' };
  if (encoding === 'gzip') return { body: gzipSync(raw), contentType: 'application/x-compress-gzip' };
  if (encoding === 'deflate') return { body: deflateRawSync(raw), contentType: 'application/x-compress-deflate' };
  return { body: raw, contentType: json ? 'application/json' : 'application/xml' };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function xmlReply(fields: Record<string, string | number>): string {
  const inner = Object.entries(fields)
    .map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<REPLY>${inner}</REPLY>\n`;
}

/** A section of an inventory once read: lower-cased field names, text values; repeated sections are arrays. */
export type Section = Record<string, unknown>;

/** What one agent message says, whatever its format. */
export type AgentMessage =
  | { format: 'xml'; query: 'prolog'; deviceId: string }
  | { format: 'xml' | 'json'; query: 'inventory'; deviceId: string; content: Record<string, unknown>; partial?: boolean }
  | { format: 'json'; query: 'contact'; deviceId: string }
  | { format: 'xml' | 'json'; query: 'other'; name: string };

interface XmlNode {
  name: string;
  text: string;
  children: XmlNode[];
}

/**
 * Reads an OCS XML message into a tree. A DOCTYPE is refused outright (no
 * entity of any kind is expanded: saxes knows only the five predefined ones),
 * and so are more elements or deeper nesting than any agent sends.
 */
function parseXml(text: string): XmlNode {
  const parser = new SaxesParser({ xmlns: false });
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  let count = 0;
  let failure: Error | undefined;
  parser.on('doctype', () => {
    throw new AgentProtocolError(400, 'DOCTYPE is not accepted');
  });
  parser.on('opentag', (tag) => {
    count += 1;
    if (count > MAX_XML_ELEMENTS || stack.length >= MAX_XML_DEPTH) throw new AgentProtocolError(413, 'Too many XML elements');
    const node: XmlNode = { name: tag.name, text: '', children: [] };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else if (root) throw new AgentProtocolError(400, 'More than one root element');
    else root = node;
    stack.push(node);
  });
  const addText = (value: string) => {
    const node = stack[stack.length - 1];
    if (node) node.text += value;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('error', (error) => {
    failure ??= error;
  });
  try {
    parser.write(text).close();
  } catch (error) {
    if (error instanceof AgentProtocolError) throw error;
    failure ??= error as Error;
  }
  if (failure || !root) throw new AgentProtocolError(400, `Malformed XML${failure ? `: ${failure.message.split('\n')[0]}` : ''}`);
  return root;
}

function childText(node: XmlNode, name: string): string | undefined {
  return node.children.find((c) => c.name === name)?.text.trim();
}

/** A section element as a flat object (its leaf children), keys lower-cased as in the JSON format. */
function sectionOf(node: XmlNode): Section {
  const out: Section = {};
  for (const child of node.children) {
    const key = child.name.toLowerCase();
    out[key] = child.children.length > 0 ? sectionOf(child) : child.text.trim();
  }
  return out;
}

/** Sections the OCS DTD declares single; every other one repeats (§10.1.3). */
const SINGLE_SECTIONS = new Set(['accesslog', 'bios', 'hardware', 'operatingsystem', 'firewall', 'registry', 'rudder', 'versionclient', 'versionprovider']);

function contentOf(node: XmlNode): Record<string, unknown> {
  const content: Record<string, unknown> = {};
  for (const child of node.children) {
    const key = child.name.toLowerCase();
    const value = child.children.length > 0 ? sectionOf(child) : child.text.trim();
    if (SINGLE_SECTIONS.has(key)) content[key] = value;
    else ((content[key] ??= []) as unknown[]).push(value);
  }
  return content;
}

const DEVICE_ID = /^[\p{L}\p{N}._:@-]{1,200}$/u;

function requireDeviceId(value: unknown): string {
  if (typeof value !== 'string' || !DEVICE_ID.test(value.trim())) throw new AgentProtocolError(400, 'Missing or invalid DEVICEID');
  return value.trim();
}

/** Reads a decoded body: OCS XML (`<REQUEST>`) or GLPI JSON (an object with `action`/`deviceid`). */
export function parseMessage(decoded: Buffer): AgentMessage {
  const text = decoded.toString('utf8').replace(/^\uFEFF/, '');
  const first = text.trimStart()[0];
  if (first === '{') return parseJson(text);
  if (first !== '<') throw new AgentProtocolError(400, 'Content is neither XML nor JSON (not compressed as announced?)');
  const root = parseXml(text);
  if (root.name !== 'REQUEST') throw new AgentProtocolError(400, 'The root element must be REQUEST');
  // QUERY is optional and defaults to an inventory (GLPI, §10.1.5).
  const query = (childText(root, 'QUERY') ?? 'INVENTORY').toLowerCase();
  if (query === 'prolog') return { format: 'xml', query: 'prolog', deviceId: requireDeviceId(childText(root, 'DEVICEID')) };
  if (query !== 'inventory') return { format: 'xml', query: 'other', name: query.slice(0, 40) };
  const deviceId = requireDeviceId(childText(root, 'DEVICEID'));
  const content = root.children.find((c) => c.name === 'CONTENT');
  if (!content) throw new AgentProtocolError(400, 'INVENTORY without CONTENT');
  return { format: 'xml', query: 'inventory', deviceId, content: contentOf(content) };
}

function parseJson(text: string): AgentMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AgentProtocolError(400, 'Malformed JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new AgentProtocolError(400, 'JSON does not validate');
  const message = value as Record<string, unknown>;
  const action = typeof message.action === 'string' ? message.action.toLowerCase() : 'inventory';
  if (action === 'contact') return { format: 'json', query: 'contact', deviceId: requireDeviceId(message.deviceid) };
  if (action !== 'inventory') return { format: 'json', query: 'other', name: action.slice(0, 40) };
  const content = message.content;
  if (!content || typeof content !== 'object' || Array.isArray(content)) throw new AgentProtocolError(400, 'JSON does not validate: content is required');
  if (typeof (content as Record<string, unknown>).versionclient !== 'string') throw new AgentProtocolError(400, 'JSON does not validate: content.versionclient is required');
  // GLPI agent ≥ 1.5 postpones full inventories: a partial one carries only the sections that changed.
  return { format: 'json', query: 'inventory', deviceId: requireDeviceId(message.deviceid), content: content as Record<string, unknown>, partial: message.partial === true };
}

/** A machine as the register keeps it, read from either format. */
export interface AgentInventory {
  deviceId: string;
  serial: string | null;
  uuid: string | null;
  name: string;
  kind: EquipmentKind;
  manufacturer: string | null;
  model: string | null;
  hardware: HardwareFacts;
  software: { name: string; version: string | null }[];
  /**
   * Of a partial inventory (GLPI agent), the facts whose sections it did not
   * carry: the record keeps what it had for them, absent is not removed.
   */
  unchanged: { hardware: (keyof HardwareFacts)[]; software: boolean };
}

/** Whether a report carries each hardware fact (its section, or the HARDWARE field it falls back on). */
const CARRIES: Record<keyof HardwareFacts, (content: Record<string, unknown>) => boolean> = {
  hostname: (c) => c.hardware !== undefined,
  os: (c) => c.operatingsystem !== undefined || one(c.hardware).osname !== undefined,
  cpu: (c) => c.cpus !== undefined || one(c.hardware).processort !== undefined,
  memoryMb: (c) => c.hardware !== undefined,
  disksMb: (c) => c.storages !== undefined,
  macAddresses: (c) => c.networks !== undefined,
};

function one(value: unknown): Section {
  if (Array.isArray(value)) return (value[0] as Section | undefined) ?? {};
  return value && typeof value === 'object' ? (value as Section) : {};
}

function many(value: unknown): Section[] {
  if (Array.isArray(value)) return value.filter((v): v is Section => Boolean(v) && typeof v === 'object');
  return value && typeof value === 'object' ? [value as Section] : [];
}

function str(value: unknown, max = 200): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  // eslint-disable-next-line no-control-regex
  const text = String(value).replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return text ? text.slice(0, max) : null;
}

function num(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseFloat(value) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? Math.round(n) : null;
}

/** Placeholders BIOSes ship instead of a serial: not a serial, so never a key. */
const FAKE_SERIALS = new Set(['', '0', 'none', 'n/a', 'na', 'default string', 'to be filled by o.e.m.', 'system serial number', 'not specified', 'not applicable', '0123456789', '00000000']);

function serialOf(value: unknown): string | null {
  const serial = str(value, 100);
  return serial && !FAKE_SERIALS.has(serial.toLowerCase()) ? serial : null;
}

function uuidOf(value: unknown): string | null {
  const uuid = str(value, 64)?.toLowerCase() ?? null;
  if (!uuid || !/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/.test(uuid)) return null;
  return /^[0-]+$/.test(uuid) || /^[f-]+$/.test(uuid) ? null : uuid;
}

function kindOf(chassis: string | null): EquipmentKind {
  const c = (chassis ?? '').toLowerCase();
  if (/laptop|notebook|portable|convertible|detachable|sub notebook/.test(c)) return 'LAPTOP';
  if (/tablet/.test(c)) return 'TABLET';
  return 'COMPUTER';
}

/** The facts an asset register keeps from an inventory (§10.1.4), in either format. */
export function readInventory(deviceId: string, content: Record<string, unknown>, partial = false): AgentInventory {
  const bios = one(content.bios);
  const hardware = one(content.hardware);
  const os = one(content.operatingsystem);
  const smodel = str(bios.smodel);
  const mmodel = str(bios.mmodel);
  const model = smodel && mmodel && smodel !== mmodel ? `${smodel} (${mmodel})` : (smodel ?? mmodel);
  const macs = new Set<string>();
  for (const network of many(content.networks)) {
    const mac = str(network.macaddr ?? network.mac, 17)?.toLowerCase();
    const virtual = network.virtualdev === '1' || network.virtualdev === true || network.type === 'loopback';
    if (mac && !virtual && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(mac) && mac !== '00:00:00:00:00:00') macs.add(mac);
  }
  let disks = 0;
  let hasDisks = false;
  for (const storage of many(content.storages)) {
    const size = num(storage.disksize);
    if (size !== null) {
      disks += size;
      hasDisks = true;
    }
  }
  const softwareByKey = new Map<string, { name: string; version: string | null }>();
  for (const item of many(content.softwares)) {
    const name = str(item.name, 200);
    if (!name) continue;
    const version = str(item.version, 100);
    softwareByKey.set(`${name}\u0000${version ?? ''}`, { name, version });
    if (softwareByKey.size >= MAX_SOFTWARE) break;
  }
  const software = [...softwareByKey.values()].sort((a, b) => a.name.localeCompare(b.name) || (a.version ?? '').localeCompare(b.version ?? ''));
  const hostname = str(hardware.name, 120);
  return {
    deviceId,
    serial: serialOf(bios.ssn),
    uuid: uuidOf(hardware.uuid),
    name: hostname ?? deviceId.slice(0, 120),
    kind: kindOf(str(hardware.chassis_type) ?? str(bios.type)),
    manufacturer: str(bios.smanufacturer, 100) ?? str(bios.mmanufacturer, 100) ?? str(bios.bmanufacturer, 100),
    model: model ? model.slice(0, 120) : null,
    hardware: {
      hostname,
      os: str(os.full_name) ?? str(hardware.osname),
      cpu: str(many(content.cpus)[0]?.name) ?? str(hardware.processort),
      memoryMb: num(hardware.memory),
      disksMb: hasDisks ? disks : null,
      macAddresses: [...macs].sort(),
    },
    software,
    unchanged: {
      hardware: partial ? (Object.keys(CARRIES) as (keyof HardwareFacts)[]).filter((fact) => !CARRIES[fact](content)) : [],
      software: partial && content.softwares === undefined,
    },
  };
}
