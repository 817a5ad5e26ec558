import { z } from 'zod';
import { PageQuery, pageOf } from './common.ts';

/** Orientation: the Onisep catalogue (formations, places, métiers) and each student's project. */

/** Exit levels a lycéen filters by (Onisep's "niveau de sortie indicatif"). */
export const formationLevels = ['CAP', 'BAC', 'BAC+1', 'BAC+2', 'BAC+3', 'BAC+4', 'BAC+5'] as const;
export const FormationLevel = z.enum(formationLevels);
export type FormationLevel = z.infer<typeof FormationLevel>;

export const placeStatuses = ['PUBLIC', 'PRIVE'] as const;
export const PlaceStatus = z.enum(placeStatuses);

export const FormationId = z.string().regex(/^FOR\.\d{1,10}$/);
export const MetierId = z.string().regex(/^MET\.\d{1,10}$/);
export const PlaceId = z.string().regex(/^ENS\.\d{1,10}$/);
export const FormationIdParams = z.strictObject({ id: FormationId });
export const MetierIdParams = z.strictObject({ id: MetierId });

export const FormationSearchQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional(),
  level: FormationLevel.optional(),
  /** Onisep's type acronym: BTS, BUT, CPGE, LICENCE, CAP, BAC PRO… */
  type: z.string().trim().min(1).max(30).optional(),
  /** A domain: the leading digits of the NSF code (e.g. 326 informatique). */
  domain: z.string().regex(/^\d{1,3}$/).optional(),
  academie: z.string().trim().min(1).max(60).optional(),
  departement: z.string().trim().min(1).max(60).optional(),
  status: PlaceStatus.optional(),
  apprenticeship: z.enum(['true', 'false']).optional(),
  /** Only formations taught within this distance of the student's lycée. */
  withinKm: z.coerce.number().int().min(1).max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type FormationSearchQuery = z.infer<typeof FormationSearchQuery>;

export const FormationSummary = z.object({
  id: FormationId,
  label: z.string(),
  acronym: z.string().nullable(),
  typeAcronym: z.string().nullable(),
  typeLabel: z.string().nullable(),
  level: FormationLevel.nullable(),
  levelLabel: z.string().nullable(),
  url: z.string(),
  placeCount: z.number().int(),
  /** From the student's lycée to the nearest place teaching it (null when unknown). */
  distanceKm: z.number().nullable(),
});
export type FormationSummary = z.infer<typeof FormationSummary>;
export const FormationPage = pageOf(FormationSummary);
export type FormationPage = z.infer<typeof FormationPage>;

export const Place = z.object({
  id: PlaceId,
  name: z.string(),
  city: z.string().nullable(),
  departement: z.string().nullable(),
  academie: z.string().nullable(),
  status: PlaceStatus.nullable(),
  apprenticeship: z.boolean(),
  url: z.string(),
  distanceKm: z.number().nullable(),
});
export type Place = z.infer<typeof Place>;

export const MetierSummary = z.object({
  id: MetierId,
  label: z.string(),
  url: z.string(),
  romeCode: z.string().nullable(),
  domain: z.string().nullable(),
});
export type MetierSummary = z.infer<typeof MetierSummary>;

export const FormationDetail = FormationSummary.extend({
  duration: z.string().nullable(),
  nsfCode: z.string().nullable(),
  tutelle: z.string().nullable(),
  /** Where it is taught, nearest first (at most 100). */
  places: z.array(Place),
  metiers: z.array(MetierSummary),
});
export type FormationDetail = z.infer<typeof FormationDetail>;

export const MetierSearchQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type MetierSearchQuery = z.infer<typeof MetierSearchQuery>;
export const MetierPage = pageOf(MetierSummary);
export type MetierPage = z.infer<typeof MetierPage>;

export const MetierDetail = MetierSummary.extend({
  romeLabel: z.string().nullable(),
  formations: z.array(FormationSummary),
});
export type MetierDetail = z.infer<typeof MetierDetail>;

/** Report of a catalogue import: per file, and the rows left aside with why. */
export const OnisepImportReport = z.object({
  files: z.array(
    z.object({
      file: z.string(),
      dataset: z.enum(['formations', 'structures', 'actions', 'metiers']).nullable(),
      rows: z.number().int(),
      inserted: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      rejected: z.number().int(),
      /** Entries of the dataset the file no longer holds, taken out of the catalogue (Onisep withdrew them). */
      withdrawn: z.number().int(),
      /** Why entries absent from the file were kept (a file that looks partial), or null. */
      withdrawalHeld: z.string().nullable(),
      error: z.string().nullable(),
    }),
  ),
  rejections: z.array(z.object({ file: z.string(), line: z.number().int(), reason: z.string() })),
  /** Rejections beyond the list's limit (counted, not listed). */
  rejectionsNotListed: z.number().int(),
});
export type OnisepImportReport = z.infer<typeof OnisepImportReport>;

/** A catalogue import started from the admin area. */
export const OnisepImportJob = z.object({
  id: z.uuid(),
  status: z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED']),
  report: OnisepImportReport.nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** While it runs: the file being read and the rows read from it so far (null before the first batch). */
  progress: z.object({ file: z.string(), rows: z.number().int() }).nullable(),
});
export type OnisepImportJob = z.infer<typeof OnisepImportJob>;

/** One line of the history of catalogue imports uploaded from the admin area (the report's counts, not its rejections). */
export const OnisepImportSummary = z.object({
  id: z.uuid(),
  status: OnisepImportJob.shape.status,
  /** The files read, once the import has finished. */
  files: z.array(z.string()),
  rows: z.number().int(),
  /** Rows new or changed in the catalogue. */
  written: z.number().int(),
  rejected: z.number().int(),
  withdrawn: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type OnisepImportSummary = z.infer<typeof OnisepImportSummary>;
export const OnisepImportList = z.object({ items: z.array(OnisepImportSummary) });
export type OnisepImportList = z.infer<typeof OnisepImportList>;

// The student's project.

/** End of seconde: the voie and spécialités; terminale: post-bac wishes. */
export const orientationSteps = ['FIN_SECONDE', 'TERMINALE'] as const;
export const OrientationStep = z.enum(orientationSteps);
export type OrientationStep = z.infer<typeof OrientationStep>;

export const favoriteKinds = ['FORMATION', 'METIER', 'STRUCTURE'] as const;
export const FavoriteKind = z.enum(favoriteKinds);
export type FavoriteKind = z.infer<typeof FavoriteKind>;

const FreeText = (max: number) => z.string().trim().max(max).regex(/^[^\p{Cc}]*$/u, 'no control characters');
const LongText = (max: number) => z.string().trim().max(max).regex(/^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/u, 'no control characters');

export const WishInput = z.strictObject({
  label: FreeText(200).min(1),
  formationId: FormationId.nullable().optional(),
  motivation: LongText(1000).default(''),
});
export type WishInput = z.infer<typeof WishInput>;
export const MAX_WISHES_PER_STEP = 10;
export const PutWishesBody = z.strictObject({ wishes: z.array(WishInput).max(MAX_WISHES_PER_STEP) });
export type PutWishesBody = z.infer<typeof PutWishesBody>;

export const Wish = z.object({
  rank: z.number().int(),
  label: z.string(),
  formationId: z.string().nullable(),
  motivation: z.string(),
});
export type Wish = z.infer<typeof Wish>;

export const Favorite = z.object({
  kind: FavoriteKind,
  id: z.string(),
  label: z.string(),
  url: z.string().nullable(),
  note: z.string(),
});
export type Favorite = z.infer<typeof Favorite>;
export const FavoriteParams = z.strictObject({
  id: z.uuid(),
  kind: FavoriteKind,
  onisepId: z.string().regex(/^(FOR|MET|ENS)\.\d{1,10}$/),
});
export const FavoriteBody = z.strictObject({ note: LongText(2000).default('') });
export type FavoriteBody = z.infer<typeof FavoriteBody>;

export const OrientationComment = z.object({ id: z.uuid(), authorName: z.string(), body: z.string(), createdAt: z.string() });
export type OrientationComment = z.infer<typeof OrientationComment>;
export const CommentBody = z.strictObject({ body: LongText(2000).min(1) });
export type CommentBody = z.infer<typeof CommentBody>;

export const OrientationStudent = z.object({
  id: z.uuid(),
  firstName: z.string(),
  lastName: z.string(),
  className: z.string().nullable(),
});
export type OrientationStudent = z.infer<typeof OrientationStudent>;

/** A student's project as the actor sees it, with what he may do to it. */
export const OrientationProject = z.object({
  student: OrientationStudent,
  favorites: z.array(Favorite),
  wishes: z.object({ FIN_SECONDE: z.array(Wish), TERMINALE: z.array(Wish) }),
  comments: z.array(OrientationComment),
  canEdit: z.boolean(),
  canComment: z.boolean(),
});
export type OrientationProject = z.infer<typeof OrientationProject>;

/** The projects the actor may open: his own (student), his children's (parent). */
export const OrientationStudentList = z.object({ items: z.array(OrientationStudent) });
export type OrientationStudentList = z.infer<typeof OrientationStudentList>;

export const StudentStepParams = z.strictObject({ id: z.uuid(), step: OrientationStep });

/** The classes the actor follows as professeur principal. */
export const FollowedClassList = z.object({ items: z.array(z.object({ id: z.uuid(), name: z.string(), studentCount: z.number().int() })) });
export type FollowedClassList = z.infer<typeof FollowedClassList>;

export const ClassWishesQuery = z.strictObject({ step: OrientationStep.default('TERMINALE') });
export const ClassWishes = z.object({
  classId: z.uuid(),
  className: z.string(),
  step: OrientationStep,
  students: z.array(OrientationStudent.extend({ wishes: z.array(Wish), commentCount: z.number().int() })),
});
export type ClassWishes = z.infer<typeof ClassWishes>;

/** A date of the structure's orientation calendar (set by the direction), shown in students' and parents' timeline. */
export const OrientationDeadline = z.object({ id: z.uuid(), dueOn: z.iso.date(), label: z.string() });
export type OrientationDeadline = z.infer<typeof OrientationDeadline>;
export const OrientationDeadlineList = z.object({ items: z.array(OrientationDeadline) });
export type OrientationDeadlineList = z.infer<typeof OrientationDeadlineList>;
export const CreateDeadlineBody = z.strictObject({ dueOn: z.iso.date(), label: FreeText(200).min(1) });
export type CreateDeadlineBody = z.infer<typeof CreateDeadlineBody>;
/** The orientation calendar of one of the reader's structures, and whether he may set it (its direction, its admins). */
export const OrientationCalendar = z.object({
  structure: z.object({ id: z.uuid(), name: z.string() }),
  canEdit: z.boolean(),
  deadlines: z.array(OrientationDeadline),
});
export type OrientationCalendar = z.infer<typeof OrientationCalendar>;
export const OrientationCalendarList = z.object({ items: z.array(OrientationCalendar) });
export type OrientationCalendarList = z.infer<typeof OrientationCalendarList>;

/** Open days and orientation fairs of the catalogue's places, for a collectivité's users. */
export const orientationEventKinds = ['OPEN_DAY', 'FAIR', 'OTHER'] as const;
export const OrientationEventKind = z.enum(orientationEventKinds);
export const OrientationEvent = z.object({
  id: z.uuid(),
  kind: OrientationEventKind,
  startsOn: z.iso.date(),
  endsOn: z.iso.date(),
  label: z.string(),
  details: z.string(),
  url: z.string().nullable(),
  place: z.object({ id: z.string(), name: z.string(), city: z.string().nullable(), url: z.string().nullable() }),
  distanceKm: z.number().nullable(),
  /** Whether the reader may take it down (those who may add events for the structure that entered it). */
  canDelete: z.boolean(),
});
export type OrientationEvent = z.infer<typeof OrientationEvent>;
export const OrientationEventList = z.object({
  items: z.array(OrientationEvent),
  /** The reader's structures he may add events for (direction, psychologue, admins), to offer the form. */
  canAddFor: z.array(z.object({ id: z.uuid(), name: z.string() })),
});
export type OrientationEventList = z.infer<typeof OrientationEventList>;
export const OrientationEventQuery = z.strictObject({ withinKm: z.coerce.number().int().min(1).max(1000).optional() });
export type OrientationEventQuery = z.infer<typeof OrientationEventQuery>;
export const CreateOrientationEventBody = z.strictObject({
  /** The place: its Onisep id (ENS.n) or its onisep.fr page address. */
  place: z.string().trim().min(1).max(500),
  kind: OrientationEventKind,
  startsOn: z.iso.date(),
  endsOn: z.iso.date().optional(),
  label: FreeText(200).min(1),
  details: FreeText(2000).default(''),
  url: z.url({ protocol: /^https$/ }).max(500).optional(),
});
export type CreateOrientationEventBody = z.infer<typeof CreateOrientationEventBody>;
export type CreateOrientationEventInput = z.input<typeof CreateOrientationEventBody>;

