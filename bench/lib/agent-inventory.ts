import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { Prng } from './prng.ts';

/**
 * The region's computers as the FusionInventory agent 2.6 describes them
 * (STANDARDS.md §10.1.3): every section the agent sends on a desktop, in its
 * element order, one `<SOFTWARES>` per package drawn from a real Debian 12
 * package list (bench/debian-packages.tsv, from `dpkg-query -W` on the
 * machine where `fusioninventory-inventory` was run: 868 packages, 302 KB of
 * XML, 23 KB once zlib-compressed). Machine `i` is the same document on every
 * run; `round` > 0 is the same machine a later day (a few packages updated,
 * one installed), so a second burst exercises the update path.
 */

interface Package {
  name: string;
  version: string;
  arch: string;
  sizeKb: number;
  section: string;
}

const packages: Package[] = readFileSync(new URL('../debian-packages.tsv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => {
    const [name = '', version = '', arch = '', size = '0', section = ''] = line.split('\t');
    return { name, version, arch, sizeKb: Number(size), section };
  });

const MODELS = [
  { maker: 'Dell Inc.', model: 'OptiPlex 7010', board: '0KRC95', chassis: 'Desktop', cpu: '13th Gen Intel(R) Core(TM) i5-13500' },
  { maker: 'HP', model: 'HP ProDesk 400 G9 SFF', board: '8A68', chassis: 'Desktop', cpu: '12th Gen Intel(R) Core(TM) i3-12100' },
  { maker: 'LENOVO', model: 'ThinkCentre M70q Gen 4', board: '3330', chassis: 'Desktop', cpu: '13th Gen Intel(R) Core(TM) i5-13400T' },
  { maker: 'LENOVO', model: 'ThinkPad E14 Gen 5', board: '21HD0032FR', chassis: 'Notebook', cpu: '13th Gen Intel(R) Core(TM) i5-1335U' },
  { maker: 'Dell Inc.', model: 'Latitude 3440', board: '0V2F4K', chassis: 'Notebook', cpu: '13th Gen Intel(R) Core(TM) i5-1345U' },
];

const ROOMS = ['salle-info', 'cdi', 'b102', 'b204', 'techno', 'sciences', 'admin', 'vie-sco'];

const esc = (text: string) => text.replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'));
const el = (name: string, value: string | number) => `      <${name}>${esc(String(value))}</${name}>\n`;
const section = (name: string, fields: Record<string, string | number>) =>
  `    <${name}>\n${Object.entries(fields)
    .map(([k, v]) => el(k, v))
    .join('')}    </${name}>\n`;

const known = new Set(packages);
const softwareCache = new Map<Package, string>();
/** A package's element (the same text on every machine that has it: built once). */
function softwareXml(p: Package): string {
  let text = softwareCache.get(p);
  if (text === undefined) {
    text = section('SOFTWARES', { ARCH: p.arch, FILESIZE: p.sizeKb * 1024, FROM: 'deb', NAME: p.name, PUBLISHER: 'Debian', SYSTEM_CATEGORY: p.section, VERSION: p.version });
    if (known.has(p)) softwareCache.set(p, text);
  }
  return text;
}

export interface Machine {
  /** Which structure's agents (index into the enrolment list). */
  index: number;
  deviceId: string;
  serial: string;
  hostname: string;
}

const hex = (rng: Prng, n: number) => rng.string('0123456789abcdef', n);

/** The identity of machine `index` (stable across rounds: a later report must update the same record). */
export function machineOf(index: number, seed: string): Machine & { rng: Prng } {
  const rng = new Prng(`${seed}:${index}`);
  const room = ROOMS[rng.int(ROOMS.length)]!;
  const hostname = `${room}-pc${String(index).padStart(5, '0')}`;
  const serial = rng.string('0123456789BCDFGHJKLMNPQRSTVWXYZ', 7);
  return { index, deviceId: `${hostname}-2026-09-0${1 + rng.int(8)}-08-${String(rng.int(60)).padStart(2, '0')}-${String(rng.int(60)).padStart(2, '0')}`, serial: `${serial}${index.toString(36).toUpperCase()}`, hostname, rng };
}

/** The INVENTORY request of machine `index`, as XML text. */
export function inventoryXml(index: number, seed: string, round = 0): string {
  const { rng, deviceId, serial, hostname } = machineOf(index, seed);
  const model = MODELS[rng.int(MODELS.length)]!;
  const uuid = `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-a${hex(rng, 3)}-${hex(rng, 12)}`.toUpperCase();
  const mac = `${['a4:c3:f0', '3c:52:82', 'd8:bb:c1'][rng.int(3)]}:${hex(rng, 2)}:${hex(rng, 2)}:${hex(rng, 2)}`;
  const memory = [7849, 15744, 15744, 31488][rng.int(4)]!;
  const disk = [244198, 476940, 953869][rng.int(3)]!;
  // A school desktop: between 300 packages (a minimal image) and all 868.
  const count = 300 + rng.int(packages.length - 299);
  const chosen = packages.filter(() => rng.chance(count / packages.length));
  const software = chosen.map((p, i) => (round > 0 && i % 97 === round % 97 ? { ...p, version: `${p.version}+deb12u${round}` } : p));
  if (round > 0) software.push({ name: `scratch-desktop-${round}`, version: `3.${round}`, arch: 'amd64', sizeKb: 250_000, section: 'education' });
  const ip = `10.${35 + rng.int(10)}.${rng.int(250)}.${1 + rng.int(250)}`;
  let xml = '<?xml version="1.0" encoding="UTF-8" ?>\n<REQUEST>\n  <CONTENT>\n';
  xml += section('ACCESSLOG', { LOGDATE: `2026-12-0${1 + round} 08:${String(rng.int(60)).padStart(2, '0')}:04` });
  xml += section('BIOS', {
    BDATE: '03/14/2024',
    BMANUFACTURER: model.maker,
    BVERSION: `1.${rng.int(20)}.0`,
    MMANUFACTURER: model.maker,
    MMODEL: model.board,
    MSN: `/${serial}/CNFCW00${rng.int(999)}/`,
    SKUNUMBER: model.board,
    SMANUFACTURER: model.maker,
    SMODEL: model.model,
    SSN: serial,
  });
  for (const [name, type, vendor] of [
    ['Host bridge', 'Host bridge', '8086'],
    ['SATA controller', 'SATA controller', '8086'],
    ['USB controller', 'USB controller', '8086'],
    ['Ethernet controller', 'Ethernet controller', '8086'],
    ['VGA compatible controller', 'VGA compatible controller', '8086'],
    ['Audio device', 'Audio device', '8086'],
  ] as const) {
    xml += section('CONTROLLERS', { MANUFACTURER: 'Intel Corporation', NAME: name, PCICLASS: '0600', PCISLOT: `00:0${rng.int(9)}.0`, PRODUCTID: hex(rng, 4), TYPE: type, VENDORID: vendor });
  }
  xml += section('CPUS', { ARCH: 'x86_64', CORE: 6, FAMILYNUMBER: 6, MANUFACTURER: 'Intel', MODEL: 191, NAME: model.cpu, SPEED: 2500, STEPPING: 2, THREAD: 12 });
  xml += section('DRIVES', { FILESYSTEM: 'ext4', FREE: Math.floor(disk * 0.6), TOTAL: disk, TYPE: '/', VOLUMN: '/dev/nvme0n1p2' });
  xml += section('DRIVES', { FILESYSTEM: 'vfat', FREE: 480, TOTAL: 511, TYPE: '/boot/efi', VOLUMN: '/dev/nvme0n1p1' });
  xml += section('HARDWARE', {
    CHASSIS_TYPE: model.chassis,
    CHECKSUM: 131071,
    DEFAULTGATEWAY: ip.replace(/\.\d+$/, '.254'),
    DNS: '10.35.0.53',
    ETIME: 3,
    IPADDR: ip,
    LASTLOGGEDUSER: 'eleve',
    MEMORY: memory,
    NAME: hostname,
    OSCOMMENTS: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)',
    OSNAME: 'Debian GNU/Linux 12 (bookworm)',
    OSVERSION: '6.1.0-28-amd64',
    PROCESSORN: 1,
    PROCESSORS: 2500,
    PROCESSORT: model.cpu,
    SWAP: 976,
    UUID: uuid,
    VMSYSTEM: 'Physical',
    WORKGROUP: 'lycee.local',
  });
  for (const [login, id] of [
    ['root', 0],
    ['daemon', 1],
    ['eleve', 1000],
    ['prof', 1001],
    ['admin-sys', 1002],
  ] as const) {
    xml += section('LOCAL_USERS', { HOME: id === 0 ? '/root' : `/home/${login}`, ID: id, LOGIN: login, NAME: login, SHELL: '/bin/bash' });
  }
  for (let slot = 0; slot < 2; slot++) {
    xml += section('MEMORIES', { CAPACITY: Math.round(memory / 2), CAPTION: `DIMM ${slot}`, DESCRIPTION: 'SODIMM', MANUFACTURER: 'Samsung', NUMSLOTS: slot + 1, SERIALNUMBER: hex(rng, 8).toUpperCase(), SPEED: 3200, TYPE: 'DDR4' });
  }
  xml += section('MONITORS', { CAPTION: 'P2422H', MANUFACTURER: 'Dell Inc.', SERIAL: `CN0${hex(rng, 9).toUpperCase()}` });
  xml += section('NETWORKS', { DESCRIPTION: 'enp0s31f6', DRIVER: 'e1000e', IPADDRESS: ip, IPDHCP: '10.35.0.1', IPGATEWAY: ip.replace(/\.\d+$/, '.254'), IPMASK: '255.255.255.0', IPSUBNET: ip.replace(/\.\d+$/, '.0'), MACADDR: mac, SPEED: 1000, STATUS: 'Up', TYPE: 'ethernet', VIRTUALDEV: 0 });
  xml += section('NETWORKS', { DESCRIPTION: 'enp0s31f6', IPADDRESS6: `fe80::${hex(rng, 4)}:${hex(rng, 4)}`, MACADDR: mac, STATUS: 'Up', TYPE: 'ethernet', VIRTUALDEV: 0 });
  xml += section('NETWORKS', { DESCRIPTION: 'lo', IPADDRESS: '127.0.0.1', IPMASK: '255.0.0.0', STATUS: 'Up', TYPE: 'loopback', VIRTUALDEV: 1 });
  xml += section('OPERATINGSYSTEM', { ARCH: 'x86_64', BOOT_TIME: '2026-12-07 07:58:12', FQDN: `${hostname}.lycee.local`, FULL_NAME: 'Debian GNU/Linux 12 (bookworm)', HOSTID: hex(rng, 8), KERNEL_NAME: 'linux', KERNEL_VERSION: '6.1.0-28-amd64', NAME: 'Debian GNU/Linux', VERSION: '12.8' });
  for (let pid = 1; pid <= 60; pid++) {
    xml += section('PROCESSES', { CMD: pid === 1 ? '/sbin/init' : `/usr/lib/process-${pid}`, CPUUSAGE: '0.0', MEM: '0.1', PID: pid * 7, STARTED: '2026-12-07 07:58', TTY: '?', USER: pid < 40 ? 'root' : 'eleve', VIRTUALMEMORY: 10_000 + pid });
  }
  for (const p of software) xml += softwareXml(p);
  xml += section('STORAGES', { DESCRIPTION: 'NVMe', DISKSIZE: disk, MANUFACTURER: 'Samsung', MODEL: 'MZVL4512HBLU', NAME: 'nvme0n1', SERIALNUMBER: `S6${hex(rng, 10).toUpperCase()}`, TYPE: 'disk' });
  xml += section('VIDEOS', { CHIPSET: 'Intel UHD Graphics 770', NAME: 'Intel Corporation AlderLake-S GT1', RESOLUTION: '1920x1080' });
  xml += '    <VERSIONCLIENT>FusionInventory-Agent_v2.6-3</VERSIONCLIENT>\n  </CONTENT>\n';
  xml += `  <DEVICEID>${deviceId}</DEVICEID>\n  <QUERY>INVENTORY</QUERY>\n</REQUEST>\n`;
  return xml;
}

export function prologXml(index: number, seed: string): string {
  return `<?xml version="1.0" encoding="UTF-8" ?>\n<REQUEST>\n  <DEVICEID>${machineOf(index, seed).deviceId}</DEVICEID>\n  <QUERY>PROLOG</QUERY>\n  <TOKEN>12345678</TOKEN>\n</REQUEST>\n`;
}

/** As the agent sends it: zlib (Compress::Zlib's default level). */
export function compressed(xml: string): Buffer {
  return deflateSync(Buffer.from(xml, 'utf8'));
}
