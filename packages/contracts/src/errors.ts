/**
 * The stable error codes of the API: the HTTP status each answers with, and
 * its French and English messages.
 * The web client branches on `code`; the messages are for people.
 */
export const errorMessages = {
  VALIDATION_FAILED: { status: 400, fr: 'Certains champs sont invalides.', en: 'Some fields are invalid.' },
  MALFORMED_JSON: { status: 400, fr: 'Le corps de la requête n’est pas un JSON valide.', en: 'The request body is not valid JSON.' },
  BODY_TOO_LARGE: { status: 413, fr: 'La requête est trop volumineuse.', en: 'The request is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, fr: 'Ce type de contenu n’est pas accepté.', en: 'This content type is not accepted.' },
  AAF_NO_FILES: {
    status: 400,
    fr: 'Aucun fichier AAF reconnu (EtabEducNat, Eleve, PersRelEleve, PersEducNat, MatiereEducNat, MefEducNat).',
    en: 'No AAF file recognised (EtabEducNat, Eleve, PersRelEleve, PersEducNat, MatiereEducNat, MefEducNat).',
  },
  AAF_ACADEMY_REQUIRED: {
    status: 400,
    fr: 'Indiquez l’académie des fichiers : aucun fichier EtabEducNat ne la donne.',
    en: 'Give the academy of the files: no EtabEducNat file states it.',
  },
  AAF_COLLECTIVITE_REQUIRED: {
    status: 400,
    fr: 'Indiquez la collectivité qui reçoit les établissements importés.',
    en: 'Give the collectivité the imported structures belong to.',
  },
  AAF_UPLOAD_TYPE: {
    status: 415,
    fr: 'Déposez une archive .zip ou .tar.gz, ou un fichier .xml de l’AAF.',
    en: 'Upload a .zip or .tar.gz archive, or an AAF .xml file.',
  },
  AAF_UPLOAD_TOO_LARGE: { status: 413, fr: 'Ce fichier dépasse la taille maximale d’un import.', en: 'This file is larger than an import may be.' },
  AAF_UPLOAD_EMPTY: { status: 400, fr: 'Ce fichier est vide.', en: 'This file is empty.' },
  AAF_UPLOAD_NOT_AAF: {
    status: 422,
    fr: 'Ce fichier ne contient aucun fichier AAF lisible (EtabEducNat, Eleve, PersRelEleve, PersEducNat, MatiereEducNat, MefEducNat).',
    en: 'This file holds no readable AAF file (EtabEducNat, Eleve, PersRelEleve, PersEducNat, MatiereEducNat, MefEducNat).',
  },
  CSV_NO_FILES: { status: 400, fr: 'Aucun fichier CSV à importer.', en: 'No CSV file to import.' },
  CSV_UNKNOWN_STRUCTURE: {
    status: 404,
    fr: 'Aucun établissement n’a cet UAI : créez-le avant d’importer ses comptes.',
    en: 'No structure has this UAI: create it before importing its accounts.',
  },
  CSV_STRUCTURE_AAF: {
    status: 409,
    fr: 'Cet établissement est alimenté par l’AAF : ses comptes ne s’importent pas en CSV.',
    en: 'This structure is provisioned from the AAF: its accounts are not imported from CSV.',
  },
  CSV_UPLOAD_TYPE: {
    status: 415,
    fr: 'Déposez des fichiers .csv (un par profil : élèves, responsables, enseignants, personnels).',
    en: 'Upload .csv files (one per profile: students, parents, teachers, staff).',
  },
  CSV_UPLOAD_TOO_MANY: { status: 413, fr: 'Déposez au plus 8 fichiers CSV à la fois.', en: 'Upload at most 8 CSV files at once.' },
  CSV_UPLOAD_COLUMNS: {
    status: 422,
    fr: 'Un fichier CSV n’a pas les colonnes attendues : son profil (élèves, responsables, enseignants, personnels) ne se déduit ni de son nom ni de ses colonnes, ou une colonne obligatoire manque.',
    en: 'A CSV file lacks the expected columns: its profile (students, parents, teachers, staff) cannot be told from its name or its columns, or a required column is missing.',
  },
  ROUTE_NOT_FOUND: { status: 404, fr: 'Cette adresse n’existe pas.', en: 'This address does not exist.' },
  NOT_FOUND: { status: 404, fr: 'Élément introuvable.', en: 'Item not found.' },
  UNAUTHENTICATED: { status: 401, fr: 'Vous devez vous connecter.', en: 'You must log in.' },
  FORBIDDEN: { status: 403, fr: 'Vous n’avez pas le droit de faire cela.', en: 'You are not allowed to do this.' },
  CSRF_INVALID: {
    status: 403,
    fr: 'La requête n’a pas pu être vérifiée. Rechargez la page et réessayez.',
    en: 'The request could not be verified. Reload the page and try again.',
  },
  INVALID_CREDENTIALS: { status: 401, fr: 'Identifiant ou mot de passe incorrect.', en: 'Incorrect login or password.' },
  RATE_LIMITED: {
    status: 429,
    fr: 'Trop de tentatives. Patientez quelques instants avant de réessayer.',
    en: 'Too many attempts. Please wait a moment before trying again.',
  },
  ACCOUNT_BLOCKED: {
    status: 403,
    fr: 'Ce compte est bloqué. Contactez l’administrateur de votre établissement.',
    en: 'This account is blocked. Contact your school’s administrator.',
  },
  ACTIVATION_TOKEN_INVALID: {
    status: 400,
    fr: 'Cette activation a expiré. Reconnectez-vous avec votre code d’activation.',
    en: 'This activation has expired. Log in again with your activation code.',
  },
  PASSWORD_TOO_WEAK: { status: 400, fr: 'Ce mot de passe est trop faible.', en: 'This password is too weak.' },
  PASSWORD_SAME_AS_LOGIN: {
    status: 400,
    fr: 'Le mot de passe ne doit contenir ni votre identifiant ni votre nom.',
    en: 'The password must not contain your login or your name.',
  },
  CHARTER_NOT_ACCEPTED: {
    status: 400,
    fr: 'Vous devez accepter la charte d’utilisation.',
    en: 'You must accept the terms of use.',
  },
  WRONG_PASSWORD: { status: 400, fr: 'Le mot de passe actuel est incorrect.', en: 'The current password is incorrect.' },
  RESET_TOKEN_INVALID: {
    status: 400,
    fr: 'Ce lien de réinitialisation est invalide, expiré ou déjà utilisé.',
    en: 'This reset link is invalid, expired or already used.',
  },
  UAI_INVALID: {
    status: 400,
    fr: 'Le code UAI doit comporter 7 chiffres et une lettre de contrôle valide.',
    en: 'The UAI code must be 7 digits followed by a valid check letter.',
  },
  UAI_TAKEN: { status: 409, fr: 'Un établissement porte déjà ce code UAI.', en: 'A school already has this UAI code.' },
  CLASS_CODE_TAKEN: {
    status: 409,
    fr: 'Une classe porte déjà ce code cette année dans l’établissement.',
    en: 'A class already has this code this year in the school.',
  },
  GROUP_CODE_TAKEN: {
    status: 409,
    fr: 'Un groupe porte déjà ce code cette année dans l’établissement.',
    en: 'A group already has this code this year in the school.',
  },
  LOGIN_TAKEN: { status: 409, fr: 'Cet identifiant est déjà utilisé.', en: 'This login is already in use.' },
  INVALID_REFERENCE: {
    status: 400,
    fr: 'Un élément référencé n’existe pas ou n’appartient pas à cet établissement.',
    en: 'A referenced item does not exist or does not belong to this school.',
  },
  NO_ACTIVATION_LETTERS: {
    status: 409,
    fr: 'Aucun compte de cette classe n’attend d’activation : il n’y a pas de lettre à imprimer.',
    en: 'No account of this class awaits activation: there is no letter to print.',
  },
  TOO_MANY_LETTERS: {
    status: 422,
    fr: 'Trop de lettres pour un seul fichier : imprimez-les par classe.',
    en: 'Too many letters for one file: print them class by class.',
  },
  STAFF_FUNCTION_REQUIRED: {
    status: 400,
    fr: 'Indiquez la fonction de ce personnel.',
    en: 'Give this staff member’s function.',
  },
  TIMETABLE_RANGE_TOO_LONG: {
    status: 400,
    fr: 'La période demandée est trop longue.',
    en: 'The requested period is too long.',
  },
  OCCURRENCE_NOT_FOUND: {
    status: 404,
    fr: 'Ce cours n’a pas lieu à cette date.',
    en: 'This course does not take place on that date.',
  },
  OUTSIDE_SCHOOL_YEAR: {
    status: 400,
    fr: 'Cette date est en dehors de l’année scolaire.',
    en: 'This date is outside the school year.',
  },
  IMPORT_REJECTED: {
    status: 400,
    fr: 'Le fichier contient des lignes refusées : rien n’a été importé.',
    en: 'The file has rejected lines: nothing was imported.',
  },
  HOMEWORK_DUE_BEFORE_SESSION: {
    status: 400,
    fr: 'La date de remise doit suivre la séance.',
    en: 'The due date must come after the session.',
  },
  SUBMISSION_EMPTY: {
    status: 400,
    fr: 'Ajoutez un fichier ou un texte à rendre.',
    en: 'Add a file or some text to hand in.',
  },
  SUBMISSION_CLOSED: {
    status: 409,
    fr: 'Ce travail a déjà été corrigé et rendu : il ne peut plus être modifié.',
    en: 'This work has already been marked and returned: it can no longer be changed.',
  },
  HAND_IN_NOT_ONLINE: {
    status: 409,
    fr: 'Ce travail ne se rend pas en ligne.',
    en: 'This homework is not handed in online.',
  },
  FILE_TOO_LARGE: { status: 413, fr: 'Ce fichier est trop volumineux.', en: 'This file is too large.' },
  COURSE_HAS_LESSONS: {
    status: 409,
    fr: 'Ce cours a des séances au cahier de textes : il ne peut pas être supprimé.',
    en: 'This course has cahier de textes entries: it cannot be deleted.',
  },
  NOTHING_TO_COPY: {
    status: 409,
    fr: 'Il n’y a rien à copier depuis ce cours.',
    en: 'There is nothing to copy from this course.',
  },
  LESSON_LOCKED_BY_VISA: {
    status: 409,
    fr: 'Cette séance a été visée par le chef d’établissement : elle ne peut plus être modifiée.',
    en: 'This session has been signed off by the head of the school: it can no longer be changed.',
  },
  RECIPIENT_NOT_ALLOWED: {
    status: 403,
    fr: 'Vous ne pouvez pas écrire à au moins un des destinataires choisis.',
    en: 'You may not write to at least one of the chosen recipients.',
  },
  NO_RECIPIENT: { status: 400, fr: 'Ajoutez au moins un destinataire.', en: 'Add at least one recipient.' },
  ATTACHMENT_TOO_LARGE: {
    status: 413,
    fr: 'Cette pièce jointe dépasse la taille autorisée.',
    en: 'This attachment is larger than allowed.',
  },
  ATTACHMENTS_TOTAL_TOO_LARGE: {
    status: 413,
    fr: 'Les pièces jointes de ce message dépassent la taille totale autorisée.',
    en: 'The attachments of this message exceed the allowed total size.',
  },
  TOO_MANY_ATTACHMENTS: { status: 413, fr: 'Ce message a trop de pièces jointes.', en: 'This message has too many attachments.' },
  NOT_A_DRAFT: { status: 409, fr: 'Ce message a déjà été envoyé.', en: 'This message has already been sent.' },
  FOLDER_NAME_TAKEN: { status: 409, fr: 'Un dossier porte déjà ce nom.', en: 'A folder already has this name.' },
  PUSH_ENDPOINT_INVALID: {
    status: 400,
    fr: 'L’adresse d’abonnement aux notifications est invalide.',
    en: 'The push subscription address is invalid.',
  },
  ORIGIN_INVALID: { status: 403, fr: 'Origine de la requête refusée.', en: 'Request origin refused.' },
  INVALID_CURSOR: { status: 400, fr: 'Le curseur de pagination est invalide.', en: 'The pagination cursor is invalid.' },
  // uploads
  STORAGE_QUOTA_EXCEEDED: {
    status: 413,
    fr: 'Votre espace de stockage est plein : supprimez des fichiers (pièces jointes, brouillons) avant d’en déposer d’autres.',
    en: 'Your storage space is full: delete some files (attachments, drafts) before uploading more.',
  },
  UPLOADS_TOO_FAST: {
    status: 429,
    fr: 'Vous avez déposé beaucoup de fichiers en peu de temps. Patientez quelques minutes avant de recommencer.',
    en: 'You have uploaded many files in a short time. Please wait a few minutes before trying again.',
  },
  TOO_MANY_FILES: { status: 413, fr: 'Ce rendu a déjà le nombre maximal de fichiers.', en: 'This hand-in already has the maximum number of files.' },
  // crossaccount
  PUSH_ENDPOINT_TAKEN: {
    status: 409,
    fr: 'Ce navigateur reçoit déjà les notifications d’un autre compte. Désactivez-les depuis cet autre compte, puis réessayez.',
    en: 'This browser already receives the notifications of another account. Turn them off from that account, then try again.',
  },
  PUSH_SUBSCRIPTIONS_LIMIT: {
    status: 409,
    fr: 'Trop de navigateurs reçoivent déjà vos notifications. Désactivez-les sur un ancien appareil, puis réessayez.',
    en: 'Too many browsers already receive your notifications. Turn them off on an old device, then try again.',
  },
  // imports
  AAF_ARCHIVE_TOO_LARGE: {
    status: 413,
    fr: 'Cette archive décompressée dépasse la taille ou le nombre de fichiers permis pour un import.',
    en: 'Once uncompressed, this archive exceeds the size or the number of files an import may have.',
  },
  // ops
  STORAGE_FULL: {
    status: 503,
    fr: 'Le fichier n’a pas pu être enregistré : l’espace de stockage du serveur est plein. Rien n’a été ajouté ; réessayez plus tard.',
    en: 'The file could not be saved: the server’s storage is full. Nothing was added; please try again later.',
  },
  STORAGE_UNAVAILABLE: {
    status: 503,
    fr: 'Le fichier n’a pas pu être enregistré : le stockage des fichiers ne répond pas. Rien n’a été ajouté ; réessayez dans quelques minutes.',
    en: 'The file could not be saved: the file storage is not answering. Nothing was added; please try again in a few minutes.',
  },
  // orientation
  ONISEP_NO_FILES: {
    status: 400,
    fr: 'Aucun fichier Onisep reconnu (.csv, .json ou .xml des formations, établissements, actions de formation ou métiers).',
    en: 'No Onisep file recognised (.csv, .json or .xml of formations, establishments, actions de formation or métiers).',
  },
  ORIENTATION_UNKNOWN_FORMATION: {
    status: 422,
    fr: 'Cette formation n’existe pas dans le catalogue Onisep.',
    en: 'This course is not in the Onisep catalogue.',
  },
  ORIENTATION_UNKNOWN_ITEM: {
    status: 422,
    fr: 'Cette fiche n’existe pas dans le catalogue Onisep.',
    en: 'This entry is not in the Onisep catalogue.',
  },
  ORIENTATION_TOO_MANY_FAVORITES: {
    status: 409,
    fr: 'Vous avez déjà 200 favoris : retirez-en avant d’en ajouter.',
    en: 'You already have 200 favourites: remove some before adding more.',
  },
  ORIENTATION_NO_LOCATION: {
    status: 422,
    fr: 'La distance ne peut pas être calculée : la position de votre lycée est inconnue du catalogue.',
    en: 'The distance cannot be worked out: your school’s location is not in the catalogue.',
  },
  INVENTORY_DUPLICATE_SERIAL: {
    status: 409,
    fr: 'Un équipement de cet établissement porte déjà ce numéro de série.',
    en: 'Equipment of this school already has this serial number.',
  },
  INVENTORY_AGENT_UNAUTHORIZED: {
    status: 401,
    fr: 'Agent d’inventaire non reconnu : vérifiez l’identifiant et le secret d’inscription.',
    en: 'Inventory agent not recognised: check the enrolment user and secret.',
  },
  INVENTORY_AGENT_BAD_REQUEST: {
    status: 400,
    fr: 'Inventaire illisible : le contenu n’est pas celui annoncé ou n’est pas un inventaire valide.',
    en: 'Unreadable inventory: the content is not what was announced or not a valid inventory.',
  },
  INVENTORY_AGENT_TOO_LARGE: {
    status: 413,
    fr: 'Inventaire trop volumineux.',
    en: 'Inventory too large.',
  },
  SUPPORT_UNKNOWN_EQUIPMENT: {
    status: 422,
    fr: 'Cet équipement n’est pas dans l’inventaire de votre établissement : choisissez-en un dans la liste ou décrivez-le.',
    en: 'This equipment is not in your school’s inventory: pick one from the list or describe it.',
  },
  SUPPORT_BAD_TRANSITION: {
    status: 409,
    fr: 'Ce signalement ne peut pas passer à ce statut depuis son statut actuel.',
    en: 'This report cannot move to that status from its current one.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    fr: 'Le service est momentanément indisponible.',
    en: 'The service is temporarily unavailable.',
  },
  INTERNAL_ERROR: {
    status: 500,
    fr: 'Une erreur inattendue est survenue. Réessayez plus tard.',
    en: 'An unexpected error occurred. Please try again later.',
  },
} as const satisfies Record<string, { status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503; fr: string; en: string }>;

export type ErrorCode = keyof typeof errorMessages;
export const errorCodes = Object.keys(errorMessages) as ErrorCode[];

export type Locale = 'fr' | 'en';
export const locales = ['fr', 'en'] as const;

/** The one error shape of the whole API. */
export interface ApiErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    /** Per-field problems for VALIDATION_FAILED, keyed by dotted path. */
    fields?: Record<string, string>;
    /** Seconds before a retry makes sense (RATE_LIMITED). */
    retryAfter?: number;
  };
}
