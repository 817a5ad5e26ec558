/**
 * Builds the delta between year 1 and year 2 as the two are generated side by
 * side: an entity seen in both years with different attributes becomes a
 * modifyRequest (changed attributes replaced, vanished ones cleared), one
 * seen only in year 2 an addRequest, one seen only in year 1 a deleteRequest.
 *
 * People move at most one lycée forward, so an entity's two versions arrive
 * within two lycée steps of each other: anything still unmatched two steps
 * later is final, and memory stays bounded by a few lycées.
 */
import { type AafEntity, type Attr, addRequestXml, deleteRequestXml, type FileType, modifyRequestXml } from './xml-writer.ts';

export type DeltaOp = 'add' | 'modify' | 'delete';

interface Pending {
  step: number;
  year: 1 | 2;
  entity: AafEntity;
}

/** The attributes of `after` that differ from `before`, as replace modifications. */
export function changedAttributes(before: Attr[], after: Attr[]): Attr[] {
  const old = new Map(before.map(([name, values]) => [name, values.join('\u0000')]));
  const changes: Attr[] = [];
  const seen = new Set<string>();
  for (const [name, values] of after) {
    seen.add(name);
    if (old.get(name) !== values.join('\u0000') || !old.has(name)) changes.push([name, values]);
  }
  for (const [name] of before) if (!seen.has(name)) changes.push([name, ['']]);
  return changes;
}

export class DeltaBuilder {
  private readonly pending = new Map<string, Pending>();
  readonly counts: Record<DeltaOp, Record<string, number>> = { add: {}, modify: {}, delete: {} };

  constructor(private readonly write: (type: FileType, xml: string) => void) {}

  push(year: 1 | 2, entity: AafEntity, step: number): void {
    const key = `${entity.type}|${entity.id}`;
    const other = this.pending.get(key);
    if (other && other.year !== year) {
      this.pending.delete(key);
      const [before, after] = year === 2 ? [other.entity, entity] : [entity, other.entity];
      const changes = changedAttributes(before.attrs, after.attrs);
      if (changes.length > 0) this.emit('modify', entity.type, modifyRequestXml(entity.type, entity.id, changes));
      return;
    }
    if (other) throw new Error(`${key} generated twice in year ${year}`);
    this.pending.set(key, { step, year, entity });
  }

  /** Finalises what can no longer be matched after `step`. */
  settle(step: number): void {
    for (const [key, p] of this.pending) {
      if (p.step > step - 2) continue;
      this.pending.delete(key);
      this.final(p);
    }
  }

  finish(): void {
    for (const p of this.pending.values()) this.final(p);
    this.pending.clear();
  }

  private final(p: Pending): void {
    if (p.year === 2) this.emit('add', p.entity.type, addRequestXml(p.entity));
    else this.emit('delete', p.entity.type, deleteRequestXml(p.entity.type, p.entity.id));
  }

  private emit(op: DeltaOp, type: FileType, xml: string): void {
    this.counts[op][type] = (this.counts[op][type] ?? 0) + 1;
    this.write(type, xml);
  }
}
