import type { Me } from '@preau/contracts';

/** Structures whose courses the user may change (head, vie scolaire, structure or collectivity admin). */
export function manageableStructures(me: Me): Array<{ id: string; name: string }> {
  const byId = new Map<string, string>();
  if (me.profile === 'PERSONNEL' && (me.staffFunction === 'DIR' || me.staffFunction === 'EVS')) {
    for (const s of me.structures) byId.set(s.id, s.name);
  }
  for (const role of me.adminRoles) if (role.role === 'ADML') byId.set(role.scopeId, role.scopeName);
  return [...byId].map(([id, name]) => ({ id, name }));
}

/** True for the head of a structure, who puts visas on the cahier de textes. */
export function isHead(me: Me): boolean {
  return me.profile === 'PERSONNEL' && me.staffFunction === 'DIR';
}
