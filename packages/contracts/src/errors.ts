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
  HOMEWORK_HAS_SUBMISSIONS: {
    status: 409,
    fr: 'Des élèves ont déjà rendu ce devoir : il ne peut plus être retiré. Modifiez sa consigne ou sa date plutôt.',
    en: 'Students have already handed this homework in: it can no longer be removed. Change its instructions or date instead.',
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
  ORIENTATION_UNKNOWN_PLACE: {
    status: 422,
    fr: 'Ce lieu n’est pas dans le catalogue Onisep : collez l’adresse de sa page onisep.fr ou son identifiant (ENS.…).',
    en: 'This place is not in the Onisep catalogue: paste the address of its onisep.fr page or its id (ENS.…).',
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
  // Evaluations (issue 15: grades, competences, bulletins)
  GRADES_ENTRY_CLOSED: {
    status: 409,
    fr: 'La saisie des notes de cette période est close.',
    en: 'Grade entry for this period is closed.',
  },
  GRADES_MARK_ABOVE_MAXIMUM: {
    status: 422,
    fr: 'Une note dépasse le barème de l’évaluation.',
    en: 'A mark is above the evaluation’s maximum.',
  },
  GRADES_NOT_IN_CLASS: {
    status: 422,
    fr: 'Cet élève n’est pas dans la classe ou le groupe évalué.',
    en: 'This student is not in the class or group assessed.',
  },
  GRADES_COMPETENCE_LEVELS: {
    status: 422,
    fr: 'Il faut un niveau (ou rien) par compétence évaluée.',
    en: 'Give one level (or none) per competence assessed.',
  },
  GRADES_PERIOD_DATES: {
    status: 422,
    fr: 'Les dates des périodes ne se suivent pas : chaque période commence après la précédente, et la saisie close et le conseil de classe tombent après son début.',
    en: 'The periods’ dates are out of order: each period starts after the previous one, and entry closes and the class council fall after its start.',
  },
  GRADES_PERIOD_COUNT: {
    status: 422,
    fr: 'Il faut trois trimestres ou deux semestres.',
    en: 'Give three terms or two semesters.',
  },
  GRADES_PERIOD_IN_USE: {
    status: 409,
    fr: 'Une période qui a déjà des évaluations ne peut pas être supprimée.',
    en: 'A period that already has evaluations cannot be removed.',
  },
  GRADES_DATE_OUTSIDE_PERIOD: {
    status: 422,
    fr: 'La date de l’évaluation n’est pas dans la période choisie.',
    en: 'The evaluation’s date is not within the chosen period.',
  },
  GRADES_NO_EVALUATION_TO_APPRECIATE: {
    status: 422,
    fr: 'Vous n’enseignez pas cette matière à cet élève.',
    en: 'You do not teach this subject to this student.',
  },
  GRADES_LSU_COLLEGE_ONLY: {
    status: 422,
    fr: 'Le Livret scolaire unique (LSU) ne concerne que les collèges.',
    en: 'The LSU (Livret scolaire unique) is for collèges only.',
  },
  GRADES_LSU_INCOMPLETE: {
    status: 422,
    fr: 'Le fichier LSU ne peut pas encore être produit : il manque, pour les personnes listées, l’identifiant Base élèves, le numéro STS de l’enseignant, une matière notée ou l’appréciation du professeur principal.',
    en: 'The LSU file cannot be produced yet: for the people listed, the Base élèves identifier, the teacher’s STS number, a marked subject or the form tutor’s appreciation is missing.',
  },
  WORKSPACE_NOT_A_FOLDER: {
    status: 422,
    fr: 'La destination choisie n’est pas un dossier.',
    en: 'The chosen destination is not a folder.',
  },
  WORKSPACE_MOVE_INTO_ITSELF: {
    status: 422,
    fr: 'Un dossier ne peut pas être déplacé dans lui-même ni dans l’un de ses sous-dossiers.',
    en: 'A folder cannot be moved into itself or one of its subfolders.',
  },
  WORKSPACE_IN_TRASH: {
    status: 409,
    fr: 'Cet élément est dans la corbeille : restaurez-le d’abord.',
    en: 'This item is in the trash: restore it first.',
  },
  WORKSPACE_NOT_IN_TRASH: {
    status: 409,
    fr: 'Cet élément n’est pas dans la corbeille.',
    en: 'This item is not in the trash.',
  },
  WORKSPACE_FILE_INFECTED: {
    status: 422,
    fr: 'L’antivirus a détecté un virus dans ce fichier : il a été refusé et supprimé.',
    en: 'The antivirus found a virus in this file: it was refused and deleted.',
  },
  WORKSPACE_FILE_PENDING_SCAN: {
    status: 409,
    fr: 'Ce fichier est en cours d’analyse antivirus : il sera disponible dans quelques minutes.',
    en: 'This file is being checked by the antivirus: it will be available in a few minutes.',
  },
  WORKSPACE_SHARE_TARGET_UNKNOWN: {
    status: 422,
    fr: 'Vous ne pouvez pas partager avec cette personne ou ce groupe : il n’est pas dans votre annuaire.',
    en: 'You cannot share with this person or group: they are not in your directory.',
  },
  WORKSPACE_FOLDER_TOO_LARGE: {
    status: 422,
    fr: 'Ce dossier contient trop d’éléments pour cette opération (5 000 au plus).',
    en: 'This folder holds too many items for this operation (5,000 at most).',
  },
  WORKSPACE_CLASS_FOLDER_EXISTS: {
    status: 409,
    fr: 'Cette classe a déjà un dossier de classe.',
    en: 'This class already has a class folder.',
  },
  // Actualités and agenda (issue 16).
  NEWS_TARGET_FORBIDDEN: { status: 403, fr: 'Vous ne pouvez pas publier d’actualité pour cette classe, ce groupe ou cet établissement.', en: 'You may not post news for this class, group or school.' },
  NEWS_TRANSITION_INVALID: { status: 409, fr: 'Cette actualité n’est pas dans un état qui permet cette action.', en: 'This news item is not in a state that allows this action.' },
  NEWS_DATES_INVALID: { status: 400, fr: 'La date de fin de publication doit suivre la date de publication.', en: 'The expiry date must come after the publication date.' },
  NEWS_IMAGE_TYPE: { status: 415, fr: 'Ajoutez une image JPEG, PNG, GIF ou WebP.', en: 'Add a JPEG, PNG, GIF or WebP picture.' },
  NEWS_IMAGE_TOO_LARGE: { status: 413, fr: 'L’image dépasse 5 Mo.', en: 'The picture is larger than 5 MB.' },
  NEWS_TOO_MANY_IMAGES: { status: 409, fr: 'Une actualité a 10 images au plus.', en: 'A news item has at most 10 pictures.' },
  NEWS_COMMENTS_CLOSED: { status: 409, fr: 'Les commentaires ne sont pas ouverts sur cette actualité.', en: 'Comments are not open on this news item.' },
  AGENDA_EVENT_DATES_INVALID: { status: 400, fr: 'La fin de l’événement doit suivre son début.', en: 'The event must end after it starts.' },
  AGENDA_RECURRENCE_TOO_LONG: { status: 400, fr: 'Une répétition s’arrête au plus un an après le premier événement.', en: 'A repetition ends at most one year after the first event.' },
  AGENDA_RANGE_TOO_LONG: { status: 400, fr: 'Affichez au plus 100 jours à la fois.', en: 'Show at most 100 days at a time.' },
  AGENDA_ICS_INVALID: { status: 400, fr: 'Ce fichier n’est pas un calendrier iCalendar (.ics) lisible. Rien n’a été importé.', en: 'This file is not a readable iCalendar (.ics) calendar. Nothing was imported.' },
  AGENDA_ICS_TOO_LARGE: { status: 413, fr: 'Le fichier .ics dépasse 2 Mo ou 2 000 événements.', en: 'The .ics file is larger than 2 MB or 2,000 events.' },
  // Connected services and CAS (issue 14).
  SERVICE_PATTERNS_REQUIRED: {
    status: 422,
    fr: 'Un service CAS ou OpenID Connect doit déclarer au moins une adresse autorisée.',
    en: 'A CAS or OpenID Connect service must declare at least one allowed URL.',
  },
  SERVICE_STRUCTURE_UNKNOWN: {
    status: 422,
    fr: 'Un des établissements choisis n’appartient pas à cette collectivité.',
    en: 'One of the chosen schools does not belong to this collectivité.',
  },
  SERVICE_NOT_LAUNCHABLE: {
    status: 404,
    fr: 'Ce service n’est pas proposé à votre compte.',
    en: 'This service is not offered to your account.',
  },
  SERVICE_NOT_OIDC: {
    status: 422,
    fr: 'Seul un service OpenID Connect a un secret à renouveler.',
    en: 'Only an OpenID Connect service has a secret to renew.',
  },
  SERVICE_OWNED_BY_STRUCTURE: {
    status: 422,
    fr: 'Ce lien appartient à un établissement : c’est son administrateur qui le modifie ou le retire.',
    en: 'This link belongs to a school: its administrator changes or removes it.',
  },
  CAS_INVALID_SERVICE: {
    status: 400,
    fr: 'Le service demandé n’est pas déclaré dans l’ENT : la connexion est refusée.',
    en: 'The requested service is not declared in the ENT: sign-in refused.',
  },
  CAS_INVALID_REQUEST: {
    status: 400,
    fr: 'La demande de connexion est incomplète.',
    en: 'The sign-in request is incomplete.',
  },
  // Presences (issue 15).
  ROLL_CALL_CLOSED: {
    status: 403,
    fr: 'L’appel ne peut plus être modifié : il se fait le jour du cours, jusqu’à minuit.',
    en: 'This roll call can no longer be changed: it is taken on the day of the lesson, until midnight.',
  },
  ROLL_CALL_NOT_YET: {
    status: 403,
    fr: 'L’appel de ce cours n’est pas encore ouvert : il se fait le jour du cours.',
    en: 'This roll call is not open yet: it is taken on the day of the lesson.',
  },
  ROLL_CALL_NO_SESSION: {
    status: 404,
    fr: 'Ce cours n’a pas lieu ce jour-là.',
    en: 'This lesson does not take place on that day.',
  },
  ROLL_CALL_NOT_A_STUDENT: {
    status: 422,
    fr: 'Cet élève n’est pas appelé dans ce cours (autre classe, ou dispensé).',
    en: 'This student is not called in this lesson (another class, or exempted).',
  },
  ABSENCE_UNKNOWN_REASON: {
    status: 422,
    fr: 'Ce motif n’existe pas dans la liste de l’établissement.',
    en: 'This reason is not in the school’s list.',
  },
  ABSENCE_NOT_IN_STRUCTURE: {
    status: 422,
    fr: 'Un des élèves n’est pas inscrit dans cet établissement.',
    en: 'One of the students is not enrolled in this school.',
  },
  ABSENCE_RANGE_TOO_LONG: {
    status: 422,
    fr: 'La période est trop longue : 92 jours au plus pour une absence, une année scolaire pour un relevé.',
    en: 'The period is too long: 92 days at most for an absence, a school year for a summary.',
  },
  JUSTIFICATION_NOT_NEEDED: {
    status: 409,
    fr: 'Cette absence est déjà justifiée ou un motif attend déjà la réponse de la vie scolaire.',
    en: 'This absence is already justified, or a reason is already awaiting the school’s answer.',
  },
  JUSTIFICATION_ALREADY_DECIDED: {
    status: 409,
    fr: 'La vie scolaire a déjà répondu à ce motif.',
    en: 'The school has already answered this reason.',
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
  INVENTORY_LABELS_EMPTY: {
    status: 422,
    fr: 'Aucun équipement à étiqueter : choisissez une salle ou des équipements de l’inventaire.',
    en: 'No equipment to label: choose a room or equipment from the inventory.',
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
  // Espace documentaire, folder copy (issue 16).
  WORKSPACE_COPY_INTO_ITSELF: {
    status: 422,
    fr: 'Un dossier ne peut pas être copié dans lui-même ni dans l’un de ses sous-dossiers.',
    en: 'A folder cannot be copied into itself or one of its subfolders.',
  },
  // Support, technicians and teams (issue 18).
  SUPPORT_NOT_A_TECHNICIAN: {
    status: 422,
    fr: 'Cette personne n’est pas technicienne de l’équipe qui s’occupe de cet établissement.',
    en: 'This person is not a technician of the team in charge of this school.',
  },
  SUPPORT_TECHNICIAN_ACCOUNT: {
    status: 422,
    fr: 'Seul un compte actif d’agent de la collectivité peut devenir technicien.',
    en: 'Only an active account of an agent of the collectivité can become a technician.',
  },
  SUPPORT_TEAM_STRUCTURE: {
    status: 422,
    fr: 'Un des établissements n’est pas de votre collectivité.',
    en: 'One of the schools is not in your collectivité.',
  },
  SUPPORT_TEAM_CONFLICT: {
    status: 409,
    fr: 'Une autre équipe porte déjà ce nom ou s’occupe déjà d’un de ces établissements.',
    en: 'Another team already has this name or already looks after one of these schools.',
  },
  SUPPORT_NO_EQUIPMENT: {
    status: 422,
    fr: 'Cette intervention ne concerne aucun matériel de l’inventaire : les pièces remplacées ne peuvent pas y être notées.',
    en: 'This visit concerns no equipment of the inventory: replaced parts cannot be recorded on it.',
  },
  SUPPORT_SATISFACTION_REQUESTER: {
    status: 422,
    fr: 'Seule la personne qui a signalé la panne donne son avis, en la clôturant.',
    en: 'Only the person who reported the fault gives an opinion, when closing it.',
  },
  // ÉduConnect login (issue 14): the page the browser lands on after ÉduConnect says which one.
  EDUCONNECT_DISABLED: {
    status: 404,
    fr: 'La connexion avec ÉduConnect n’est pas ouverte sur cet ENT.',
    en: 'Logging in with ÉduConnect is not available on this ENT.',
  },
  EDUCONNECT_UNAVAILABLE: {
    status: 503,
    fr: 'ÉduConnect ne répond pas pour le moment. Réessayez dans quelques minutes.',
    en: 'ÉduConnect is not answering at the moment. Try again in a few minutes.',
  },
  EDUCONNECT_OTHER_BROWSER: {
    status: 400,
    fr: 'Cette connexion ÉduConnect a été commencée dans un autre navigateur. Recommencez depuis la page de connexion de ce navigateur.',
    en: 'This ÉduConnect login was started in another browser. Start again from the login page in this browser.',
  },
  EDUCONNECT_BAD_REQUEST: {
    status: 400,
    fr: 'La réponse d’ÉduConnect est incomplète ou ne répond à aucune connexion en cours. Recommencez depuis la page de connexion.',
    en: 'ÉduConnect’s answer is incomplete or answers no login in progress. Start again from the login page.',
  },
  EDUCONNECT_SIGNATURE_INVALID: {
    status: 400,
    fr: 'La réponse d’ÉduConnect n’a pas pu être vérifiée (signature). Recommencez depuis la page de connexion.',
    en: 'ÉduConnect’s answer could not be verified (signature). Start again from the login page.',
  },
  EDUCONNECT_AUDIENCE_MISMATCH: {
    status: 400,
    fr: 'Cette réponse d’ÉduConnect était destinée à un autre service que cet ENT.',
    en: 'This ÉduConnect answer was meant for another service than this ENT.',
  },
  EDUCONNECT_DESTINATION_MISMATCH: {
    status: 400,
    fr: 'Cette réponse d’ÉduConnect a été envoyée à une autre adresse que celle de cet ENT.',
    en: 'This ÉduConnect answer was sent to another address than this ENT’s.',
  },
  EDUCONNECT_ASSERTION_EXPIRED: {
    status: 400,
    fr: 'La connexion ÉduConnect a expiré. Recommencez depuis la page de connexion.',
    en: 'The ÉduConnect login has expired. Start again from the login page.',
  },
  EDUCONNECT_ASSERTION_REPLAYED: {
    status: 409,
    fr: 'Cette réponse d’ÉduConnect a déjà servi. Recommencez depuis la page de connexion.',
    en: 'This ÉduConnect answer has already been used. Start again from the login page.',
  },
  EDUCONNECT_AUTHN_FAILED: {
    status: 401,
    fr: 'ÉduConnect n’a pas confirmé votre identité (connexion annulée ou refusée).',
    en: 'ÉduConnect did not confirm your identity (login cancelled or refused).',
  },
  EDUCONNECT_NO_ACCOUNT: {
    status: 404,
    fr: 'Votre compte ÉduConnect ne correspond à aucun compte de cet ENT. Connectez-vous avec l’identifiant de l’ENT, ou demandez à votre établissement de vérifier votre compte.',
    en: 'Your ÉduConnect account matches no account of this ENT. Log in with your ENT login, or ask your school to check your account.',
  },
  EDUCONNECT_SEVERAL_ACCOUNTS: {
    status: 409,
    fr: 'Votre compte ÉduConnect correspond à plusieurs comptes de cet ENT : impossible de choisir. Connectez-vous avec l’identifiant de l’ENT, et signalez-le à votre établissement.',
    en: 'Your ÉduConnect account matches several accounts of this ENT: none can be chosen. Log in with your ENT login, and tell your school.',
  },
  EDUCONNECT_ACCOUNT_NOT_ACTIVE: {
    status: 403,
    fr: 'Votre compte de l’ENT n’est pas encore activé ou est bloqué. Activez-le avec le code reçu de l’établissement, ou contactez-le.',
    en: 'Your ENT account is not activated yet or is blocked. Activate it with the code the school gave you, or contact the school.',
  },
  // GAR médiacentre (issue 14).
  GAR_NOT_CONFIGURED: {
    status: 503,
    fr: 'Le médiacentre n’est pas encore relié au GAR pour cet ENT : l’administrateur doit renseigner l’identifiant GAR de l’ENT.',
    en: 'The médiacentre is not linked to the GAR for this ENT yet: the administrator must set the ENT’s GAR identifier.',
  },
  GAR_RESP_AFF_NO_EMAIL: {
    status: 422,
    fr: 'Cette personne n’a pas d’adresse e-mail : le GAR en demande une pour chaque responsable d’affectation. Ajoutez-la à son compte d’abord.',
    en: 'This person has no e-mail address: the GAR needs one for each resource manager. Add it to the account first.',
  },
  GAR_RESP_AFF_NOT_STAFF: {
    status: 422,
    fr: 'Seuls les personnels et enseignants de l’établissement peuvent être responsables d’affectation.',
    en: 'Only the school’s staff and teachers can be resource managers.',
  },
  SUPPORT_PHOTO_NOT_IMAGE: {
    status: 415,
    fr: 'Ce fichier n’est pas une photo : envoyez une image JPEG, PNG, GIF ou WebP.',
    en: 'This file is not a photo: send a JPEG, PNG, GIF or WebP picture.',
  },
  SUPPORT_PHOTO_TOO_LARGE: {
    status: 413,
    fr: 'Cette photo est trop lourde (10 Mo au plus).',
    en: 'This photo is too large (10 MB at most).',
  },
  SUPPORT_TOO_MANY_PHOTOS: {
    status: 422,
    fr: 'Ce signalement a déjà 10 photos : il n’est pas possible d’en ajouter.',
    en: 'This report already has 10 photos: no more can be added.',
  },
  SUPPORT_PHOTO_INFECTED: {
    status: 422,
    fr: 'L’antivirus a détecté un virus dans cette photo : elle a été refusée et supprimée.',
    en: 'The antivirus found a virus in this photo: it was refused and deleted.',
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
