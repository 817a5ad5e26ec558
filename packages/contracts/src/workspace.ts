import { z } from 'zod';
import { Profile } from './common.ts';

/** Espace documentaire (issue 16): folders and files, shares, versions, quotas. */

/** What one may do with a document through a share (entcore's Consulter / Contribuer / Gérer). */
export const shareRights = ['read', 'contribute', 'manage'] as const;
export const ShareRight = z.enum(shareRights);
export type ShareRight = z.infer<typeof ShareRight>;

/** The actor's own right on an item: its owner, or what a share (or a class folder) gives him. */
export const ItemRight = z.enum(['owner', ...shareRights]);
export type ItemRight = z.infer<typeof ItemRight>;

/**
 * Antivirus state of a file: clean (scanned, served), pending ("en cours d'analyse": clamd could not be
 * reached, not served until scanned), disabled ("analyse désactivée": no antivirus configured, served).
 */
export const ScanStatus = z.enum(['clean', 'pending', 'disabled']);
export type ScanStatus = z.infer<typeof ScanStatus>;

export const ItemName = z.string().trim().min(1).max(200);

export const WorkspaceItem = z.object({
  id: z.uuid(),
  kind: z.enum(['folder', 'file']),
  name: z.string(),
  parentId: z.uuid().nullable(),
  ownerId: z.uuid(),
  ownerName: z.string(),
  /** Set on a class folder: the class whose teachers manage it and whose students read it. */
  classId: z.uuid().nullable(),
  size: z.number().int().nullable(),
  contentType: z.string().nullable(),
  scanStatus: ScanStatus.nullable(),
  version: z.number().int(),
  /** An image with a thumbnail (GET …/thumbnail), made once the antivirus passed it. */
  hasThumbnail: z.boolean(),
  shared: z.boolean(),
  trashedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  myRight: ItemRight,
});
export type WorkspaceItem = z.infer<typeof WorkspaceItem>;

export const WorkspaceView = z.enum(['mine', 'shared', 'trash']);
export type WorkspaceView = z.infer<typeof WorkspaceView>;

export const WorkspaceListQuery = z.strictObject({
  view: WorkspaceView.default('mine'),
  /** A folder's content; without it the top of the view. */
  parentId: z.uuid().optional(),
  /** Keyset cursor: the `next` of the previous page. */
  after: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export type WorkspaceListQuery = z.infer<typeof WorkspaceListQuery>;

export const WorkspacePage = z.object({
  items: z.array(WorkspaceItem),
  /** The folder listed with its ancestors the actor may see, top first. */
  path: z.array(z.object({ id: z.uuid(), name: z.string() })),
  folder: WorkspaceItem.nullable(),
  next: z.string().nullable(),
});
export type WorkspacePage = z.infer<typeof WorkspacePage>;

export const CreateFolderBody = z.strictObject({ name: ItemName, parentId: z.uuid().nullable().optional() });
export type CreateFolderBody = z.infer<typeof CreateFolderBody>;

/** A class the teacher teaches this year, with its class folder when there is one. */
export const ClassFolderChoice = z.object({ classId: z.uuid(), name: z.string(), folderId: z.uuid().nullable() });
export const ClassFolderChoices = z.object({ items: z.array(ClassFolderChoice) });
export type ClassFolderChoices = z.infer<typeof ClassFolderChoices>;

export const CreateClassFolderBody = z.strictObject({ classId: z.uuid(), name: ItemName.optional() });
export type CreateClassFolderBody = z.infer<typeof CreateClassFolderBody>;

export const UploadQuery = z.strictObject({ parentId: z.uuid().optional() });

/** Rename and/or move (parentId null: to the top of "Mes documents"). */
export const UpdateItemBody = z
  .strictObject({ name: ItemName.optional(), parentId: z.uuid().nullable().optional() })
  .refine((b) => b.name !== undefined || b.parentId !== undefined, { message: 'name or parentId' });
export type UpdateItemBody = z.infer<typeof UpdateItemBody>;

export const CopyItemBody = z.strictObject({ parentId: z.uuid().nullable().optional() });
export type CopyItemBody = z.infer<typeof CopyItemBody>;

export const ShareTarget = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('account'), id: z.uuid() }),
  z.strictObject({ kind: z.literal('class'), id: z.uuid() }),
  z.strictObject({ kind: z.literal('group'), id: z.uuid() }),
  /** Every member of a structure with this profile (staff and admins only). */
  z.strictObject({ kind: z.literal('profile'), id: z.uuid(), profile: Profile }),
]);
export type ShareTarget = z.infer<typeof ShareTarget>;

export const CreateShareBody = z.strictObject({ target: ShareTarget, right: ShareRight });
export type CreateShareBody = z.infer<typeof CreateShareBody>;

export const WorkspaceShare = z.object({
  id: z.uuid(),
  target: ShareTarget,
  /** A person's name, a class's or group's name, or "Élèves — <structure>". */
  label: z.string(),
  right: ShareRight,
  createdAt: z.string(),
});
export type WorkspaceShare = z.infer<typeof WorkspaceShare>;
export const WorkspaceShareList = z.object({ items: z.array(WorkspaceShare) });

export const ShareParams = z.strictObject({ id: z.uuid(), shareId: z.uuid() });
export const VersionParams = z.strictObject({ id: z.uuid(), versionId: z.uuid() });

export const WorkspaceVersion = z.object({
  id: z.uuid(),
  version: z.number().int(),
  fileName: z.string(),
  size: z.number().int(),
  contentType: z.string(),
  authorName: z.string(),
  createdAt: z.string(),
  current: z.boolean(),
});
export type WorkspaceVersion = z.infer<typeof WorkspaceVersion>;
export const WorkspaceVersionList = z.object({ items: z.array(WorkspaceVersion) });

export const WorkspaceQuota = z.object({
  usedBytes: z.number().int(),
  quotaBytes: z.number().int(),
  /** "analyse désactivée" when no antivirus is configured (embedded default, demo). */
  antivirus: z.enum(['enabled', 'disabled']),
});
export type WorkspaceQuota = z.infer<typeof WorkspaceQuota>;

export const ProfileQuota = z.object({ profile: Profile, quotaBytes: z.number().int(), isDefault: z.boolean() });
export const ProfileQuotaList = z.object({ items: z.array(ProfileQuota) });
export type ProfileQuotaList = z.infer<typeof ProfileQuotaList>;
export const PutProfileQuotasBody = z.strictObject({
  items: z.array(z.strictObject({ profile: Profile, quotaBytes: z.number().int().min(0).max(1024 ** 4) })).min(1).max(6),
});
export type PutProfileQuotasBody = z.infer<typeof PutProfileQuotasBody>;
