import type { DirectoryPersonCard } from '@preau/contracts';
import type { TFunction } from 'i18next';
import { profileLabel } from '../../lib/labels.ts';

/**
 * Who a sender is, for the reader: "Parent de Léa Martin (2nde 3)",
 * "Élève, 2nde 3", "Enseignant, Mathématiques", "Personnel – Vie scolaire".
 * Built from the sender's annuaire card, so it says only what the reader may
 * see there (a parent's other children stay unnamed).
 */
export function senderContext(t: TFunction, card: DirectoryPersonCard): string {
  if (card.profile === 'PARENT' && card.parentOf.length > 0) {
    const children = card.parentOf.map((child) => (child.classes.length > 0 ? `${child.displayName} (${child.classes.join(', ')})` : child.displayName));
    return t('messagerie.sender.parentOf', { children: children.join(', ') });
  }
  const label = profileLabel(t, card.profile, card.staffFunction);
  const detail = card.profile === 'ELEVE' ? card.classes : card.profile === 'ENSEIGNANT' ? card.subjects.slice(0, 3) : [];
  return detail.length > 0 ? `${label}, ${detail.join(', ')}` : label;
}
