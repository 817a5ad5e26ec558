import type { Locale } from '@preau/contracts';
import { audit } from '../../platform/audit.ts';
import type { Actor } from '../../platform/authorization.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { profilesActorMay, requireAdminArea, requireAdministered } from './admin-access.ts';
import { findLetterRecipients, maxLettersPerClass } from './activation-letters.repository.ts';
import { renderActivationLetters } from './activation-letters.pdf.ts';
import { getClassWithOwner } from './classes.repository.ts';
import { getStructure } from './structures.repository.ts';

export interface LettersFile {
  fileName: string;
  pdf: Buffer;
  count: number;
}

/**
 * The activation letters of a class, as one PDF: a page per student and per
 * parent of its students still awaiting activation. Printing codes is audited
 * like listing them, since a code opens an account.
 */
export async function activationLettersOfClass(platform: Platform, actor: Actor, classId: string, locale: Locale): Promise<LettersFile> {
  requireAdminArea(actor);
  const db = platform.database.db;
  const klass = await getClassWithOwner(db, classId);
  const structure = klass ? await getStructure(db, klass.structure_id) : undefined;
  requireAdministered(actor, structure);
  const letters = await findLetterRecipients(db, klass!.id, profilesActorMay(actor, 'account.read', structure));
  if (letters.length === 0) throw new AppError('NO_ACTIVATION_LETTERS');
  if (letters.length > maxLettersPerClass) throw new AppError('TOO_MANY_LETTERS');

  const pdf = await renderActivationLetters({
    structureName: structure.name,
    className: klass!.name,
    address: platform.config.publicUrl,
    locale,
    letters,
    createdAt: new Date(platform.now()),
  });
  await audit(db, {
    actorId: actor.accountId,
    action: 'activation.letters',
    targetType: 'class',
    targetId: classId,
    structureId: structure.id,
    details: { count: letters.length },
  });
  const safeName = klass!.code.replace(/[^A-Za-z0-9_-]/g, '_');
  return { fileName: `activation-${safeName}.pdf`, pdf, count: letters.length };
}
