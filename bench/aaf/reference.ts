/**
 * Reference data of the synthetic region: academies, towns, names, subjects,
 * MEFs, tracks and staff functions. Subject codes marked `verified` are the
 * BCN codes of STANDARDS.md §3; the others, and every MEF, MEFSTAT11 and
 * discipline code here, are plausible but illustrative (not checked against
 * the BCN), which is enough for a benchmark.
 */

import { lastNames } from '../lib/names.ts';

export interface Town {
  name: string;
  postalCode: string;
}

export interface Academy {
  /** Folder and file-name prefix, also the prefix the import gives jointures (AC-LYON). */
  key: string;
  /** `ENTServAcAcademie`. */
  name: string;
  /** `ENTServAcCodeAcademie` (académie number). */
  code: string;
  /** Domain of academic e-mail addresses. */
  mailDomain: string;
  /** Share of the region's lycées. */
  weight: number;
  towns: Town[];
}

/** The three academies of Auvergne-Rhône-Alpes (the region spans several, as real ones do). */
export const ACADEMIES: Academy[] = [
  {
    key: 'AC-LYON',
    name: 'LYON',
    code: '10',
    mailDomain: 'ac-lyon.fr',
    weight: 0.45,
    towns: [
      { name: 'Lyon', postalCode: '69003' }, { name: 'Lyon', postalCode: '69007' }, { name: 'Lyon', postalCode: '69008' },
      { name: 'Villeurbanne', postalCode: '69100' }, { name: 'Vénissieux', postalCode: '69200' }, { name: 'Bron', postalCode: '69500' },
      { name: 'Saint-Priest', postalCode: '69800' }, { name: 'Caluire-et-Cuire', postalCode: '69300' }, { name: 'Villefranche-sur-Saône', postalCode: '69400' },
      { name: "L'Arbresle", postalCode: '69210' }, { name: 'Givors', postalCode: '69700' }, { name: 'Bourg-en-Bresse', postalCode: '01000' },
      { name: 'Oyonnax', postalCode: '01100' }, { name: 'Ambérieu-en-Bugey', postalCode: '01500' }, { name: 'Saint-Étienne', postalCode: '42000' },
      { name: 'Roanne', postalCode: '42300' }, { name: 'Montbrison', postalCode: '42600' }, { name: 'Firminy', postalCode: '42700' },
    ],
  },
  {
    key: 'AC-GRENOBLE',
    name: 'GRENOBLE',
    code: '08',
    mailDomain: 'ac-grenoble.fr',
    weight: 0.38,
    towns: [
      { name: 'Grenoble', postalCode: '38000' }, { name: 'Échirolles', postalCode: '38130' }, { name: "Saint-Martin-d'Hères", postalCode: '38400' },
      { name: 'Voiron', postalCode: '38500' }, { name: 'Vienne', postalCode: '38200' }, { name: 'Bourgoin-Jallieu', postalCode: '38300' },
      { name: 'Valence', postalCode: '26000' }, { name: 'Montélimar', postalCode: '26200' }, { name: 'Romans-sur-Isère', postalCode: '26100' },
      { name: 'Privas', postalCode: '07000' }, { name: 'Aubenas', postalCode: '07200' }, { name: 'Annonay', postalCode: '07100' },
      { name: 'Chambéry', postalCode: '73000' }, { name: 'Aix-les-Bains', postalCode: '73100' }, { name: 'Albertville', postalCode: '73200' },
      { name: 'Annecy', postalCode: '74000' }, { name: 'Annemasse', postalCode: '74100' }, { name: 'Thonon-les-Bains', postalCode: '74200' },
    ],
  },
  {
    key: 'AC-CLERMONT',
    name: 'CLERMONT-FERRAND',
    code: '06',
    mailDomain: 'ac-clermont.fr',
    weight: 0.17,
    towns: [
      { name: 'Clermont-Ferrand', postalCode: '63000' }, { name: 'Riom', postalCode: '63200' }, { name: 'Issoire', postalCode: '63500' },
      { name: 'Thiers', postalCode: '63300' }, { name: "Cournon-d'Auvergne", postalCode: '63800' }, { name: 'Vichy', postalCode: '03200' },
      { name: 'Montluçon', postalCode: '03100' }, { name: 'Moulins', postalCode: '03000' }, { name: 'Aurillac', postalCode: '15000' },
      { name: 'Saint-Flour', postalCode: '15100' }, { name: 'Le Puy-en-Velay', postalCode: '43000' }, { name: 'Yssingeaux', postalCode: '43200' },
      { name: 'Brioude', postalCode: '43100' },
    ],
  },
];

/** UAI département prefix of a postal code (01000 → 001, 69003 → 069). */
export function departementOf(postalCode: string): string {
  return `0${postalCode.slice(0, 2)}`;
}

/**
 * Surnames: the directory generator's pool (bench/lib/names.ts, in rough order of frequency) up to N'Diaye, then
 * names that exercise AAF parsing: apostrophes, particles, compound names, œ and ÿ.
 */
export const LAST_NAMES = [
  ...lastNames.slice(0, 211),
  "D'Almeida", "L'Hermitte", "D'Angelo", 'Saint-Martin', 'Dos Santos', 'Lê', 'de La Fontaine', 'Beaumont-Lefèvre', 'Desjardins',
  'Lebœuf', 'Cœurdevey', 'Ollivier', 'Nicolaÿ', 'Pérez-Garcia', 'Mac Donald', "O'Neill", 'Van der Berg', 'Châtelain', 'Grégoire',
] as const;

/** Students' first names (born around 2008-2011). */
export const STUDENT_FIRST_NAMES = {
  F: ['Emma', 'Jade', 'Louise', 'Alice', 'Chloé', 'Lina', 'Léa', 'Manon', 'Inès', 'Camille', 'Lola', 'Zoé', 'Léna', 'Sarah', 'Juliette',
    'Lucie', 'Romane', 'Ambre', 'Anna', 'Clara', 'Éva', 'Maëlys', 'Mathilde', 'Océane', 'Margaux', 'Agathe', 'Héloïse', 'Anaïs', 'Louna', 'Nour',
    'Yasmine', 'Aïcha', 'Fatoumata', 'Maëlle', 'Énora', 'Salomé', 'Noémie', 'Célia', 'Éloïse', 'Marie-Lou', 'Anne-Charlotte', 'Loïs', 'Clémence', 'Apolline', 'Capucine'],
  M: ['Lucas', 'Hugo', 'Louis', 'Gabriel', 'Arthur', 'Jules', 'Nathan', 'Raphaël', 'Léo', 'Adam', 'Tom', 'Théo', 'Enzo', 'Maël', 'Mathis',
    'Noah', 'Sacha', 'Ethan', 'Timéo', 'Nolan', 'Baptiste', 'Maxime', 'Clément', 'Axel', 'Valentin', 'Quentin', 'Antoine', 'Alexandre', 'Paul', 'Victor',
    'Mohamed', 'Rayan', 'Yanis', 'Ilyès', 'Kylian', 'Mattéo', 'Noé', 'Loïc', 'Joël', 'Jean-Baptiste', 'Pierre-Louis', 'Évan', 'Titouan', 'Gaël', 'Aurélien'],
} as const;

/** Adults' first names (parents and staff, born 1962-1999). */
export const ADULT_FIRST_NAMES = {
  F: ['Nathalie', 'Isabelle', 'Sandrine', 'Valérie', 'Céline', 'Sophie', 'Stéphanie', 'Karine', 'Aurélie', 'Émilie', 'Hélène', 'Delphine',
    'Virginie', 'Caroline', 'Anne', 'Catherine', 'Christine', 'Sylvie', 'Laetitia', 'Marie', 'Julie', 'Audrey', 'Élodie', 'Séverine',
    'Véronique', 'Magali', 'Nadia', 'Samira', 'Fatima', 'Gaëlle', 'Bérénice', 'Noëlle', 'Marie-Claire', 'Anne-Sophie', 'Marie-Hélène', 'Agnès', 'Mélanie', 'Cécile'],
  M: ['Philippe', 'Christophe', 'Stéphane', 'Laurent', 'Frédéric', 'Nicolas', 'Olivier', 'Sébastien', 'Julien', 'David', 'Jérôme', 'Thierry',
    'Pascal', 'Éric', 'François', 'Patrick', 'Vincent', 'Cédric', 'Guillaume', 'Arnaud', 'Fabrice', 'Emmanuel', 'Franck', 'Grégory',
    'Karim', 'Mehdi', 'Rachid', 'Hervé', 'Jean-Michel', 'Jean-François', 'Pierre-Yves', 'Benoît', 'Jérémie', 'Gaëtan', 'Loïc', 'Yannick', 'Régis', 'Mickaël'],
} as const;

export const STREETS = [
  'rue Victor Hugo', 'avenue Jean Jaurès', "rue de l'Église", 'place de la République', 'chemin des Vignes', 'boulevard Gambetta',
  "avenue de l'Europe", 'rue Pasteur', 'allée des Tilleuls', 'rue du Général de Gaulle', 'impasse des Écoles', 'route de Lyon',
  'rue des Cerisiers', 'cours Émile Zola', "rue de l'Abbé Pierre", 'quai Saint-Antoine', 'montée des Chênes', 'rue Marcel Pagnol',
] as const;

export const ADDRESS_EXTRAS = ['Bâtiment B', 'Résidence Les Érables', 'Appartement 12', 'Lieu-dit Les Granges', 'Escalier C'] as const;

export const SCHOOL_NAMES = [
  'Victor Hugo', 'Jean Moulin', 'Jules Ferry', 'Louis Pasteur', 'Marie Curie', 'Jean Jaurès', 'Albert Camus', 'Paul Éluard',
  'Jacques Prévert', 'Simone Veil', 'Condorcet', 'Voltaire', 'Montesquieu', 'Descartes', 'Émile Zola', 'George Sand', 'Jean Monnet',
  'Camille Claudel', 'Antoine de Saint-Exupéry', 'Charles de Gaulle', 'Joliot-Curie', 'Louise Michel', 'Gustave Eiffel', 'Henri Bergson',
  'Pierre Mendès France', 'Rosa Parks', 'Olympe de Gouges', 'Lavoisier', 'Blaise Pascal', 'Jean Rostand', 'Honoré de Balzac',
  'Colbert', 'Lamartine', 'Ampère', 'Champollion', 'Gay-Lussac', 'Marguerite Yourcenar', 'La Martinière', "Germaine Tillion", 'Du Parc',
] as const;

export interface Subject {
  code: string;
  short: string;
  label: string;
  /** Discipline of the teachers who teach it (code, label). */
  discipline: string;
  verified: boolean;
}

/** Disciplines de poste of teachers (code → label). Illustrative codes. */
export const DISCIPLINES: Record<string, string> = {
  L0100: 'PHILOSOPHIE',
  L0201: 'LETTRES CLASSIQUES',
  L0202: 'LETTRES MODERNES',
  L0421: 'ALLEMAND',
  L0422: 'ANGLAIS',
  L0426: 'ESPAGNOL',
  L0429: 'ITALIEN',
  L1000: 'HISTOIRE GEOGRAPHIE',
  L1100: 'SCIENCES ECONOMIQUES ET SOCIALES',
  L1300: 'MATHEMATIQUES',
  L1500: 'PHYSIQUE CHIMIE',
  L1600: 'SCIENCES DE LA VIE ET DE LA TERRE',
  L1900: 'EDUCATION PHYSIQUE ET SPORTIVE',
  L8010: 'ECONOMIE GESTION',
  L1414: 'SCIENCES INDUSTRIELLES DE L INGENIEUR',
  L7100: 'BIOTECHNOLOGIES',
  L8012: 'NUMERIQUE ET SCIENCES INFORMATIQUES',
  L0080: 'DOCUMENTATION',
};

const s = (code: string, short: string, label: string, discipline: string, verified = false): Subject => ({ code, short, label, discipline, verified });

export const SUBJECTS = {
  PHILO: s('010300', 'PHILO', 'PHILOSOPHIE', 'L0100', true),
  FRANC: s('020700', 'FRANC', 'FRANCAIS', 'L0202', true),
  AGL1: s('030201', 'AGL1', 'ANGLAIS LV1', 'L0422', true),
  ESP2: s('030602', 'ESP2', 'ESPAGNOL LV2', 'L0426', true),
  ALL2: s('030102', 'ALL2', 'ALLEMAND LV2', 'L0421'),
  ITA2: s('031202', 'ITA2', 'ITALIEN LV2', 'L0429'),
  HIGE: s('043700', 'HI-GE', 'HISTOIRE-GEOGRAPHIE', 'L1000', true),
  EMC: s('043800', 'EMC', 'ENSEIGNEMENT MORAL ET CIVIQUE', 'L1000', true),
  SES: s('050700', 'SES', 'SCIENCES ECONOMIQUES ET SOCIALES', 'L1100', true),
  MATHS: s('061300', 'MATHS', 'MATHEMATIQUES', 'L1300', true),
  PHCH: s('062300', 'PH-CH', 'PHYSIQUE-CHIMIE', 'L1500', true),
  SVT: s('062900', 'SVT', 'SCIENCES DE LA VIE ET DE LA TERRE', 'L1600', true),
  GSCI: s('065300', 'G-SCI', 'ENSEIGNEMENT SCIENTIFIQUE', 'L1500', true),
  NSI: s('074700', 'NSINF', 'NUMERIQUE ET SCIENCES INFORMATIQUES', 'L8012', true),
  EPS: s('100100', 'EPS', 'EDUCATION PHYSIQUE ET SPORTIVE', 'L1900', true),
  AP: s('006600', 'ACCPE', 'ACCOMPAGNEMENT PERSONNALISE', 'L0202', true),
  SNT: s('113800', 'SNT', 'SCIENCES NUMERIQUES ET TECHNOLOGIE', 'L8012'),
  HGGSP: s('043900', 'HGGSP', 'HISTOIRE-GEO. GEOPOLITIQUE SC. POLITIQUES', 'L1000'),
  LLCER: s('030240', 'LLCER', 'LANGUES LITT. CULT. ETRANGERES ANGLAIS', 'L0422'),
  LATIN: s('020200', 'LCALA', 'LANGUES ET CULTURES DE L ANTIQUITE LATIN', 'L0201'),
  MGT: s('080400', 'MGT', 'MANAGEMENT', 'L8010'),
  SGN: s('080500', 'SGN', 'SCIENCES DE GESTION ET NUMERIQUE', 'L8010'),
  IT: s('110400', 'I2D', 'INNOVATION TECHNOLOGIQUE', 'L1414'),
  SSS: s('120500', 'SSS', 'SCIENCES ET TECHNIQUES SANITAIRES ET SOCIALES', 'L7100'),
  BIOP: s('120600', 'BIOPH', 'BIOLOGIE ET PHYSIOPATHOLOGIE HUMAINES', 'L7100'),
  BIOC: s('120700', 'BIOCH', 'BIOCHIMIE-BIOLOGIE', 'L7100'),
} satisfies Record<string, Subject>;
export type SubjectKey = keyof typeof SUBJECTS;

/** Tracks of 1re and terminale. `G` = voie générale. */
export type Track = 'G' | 'STMG' | 'STI2D' | 'ST2S' | 'STL';
export const TRACKS: Track[] = ['G', 'STMG', 'STI2D', 'ST2S', 'STL'];
/** Share of students preferring each track, and of lycées offering each technological track. */
export const TRACK_PREFERENCE = [0.68, 0.17, 0.07, 0.05, 0.03];
export const TRACK_OFFER: Record<Track, number> = { G: 1, STMG: 0.65, STI2D: 0.35, ST2S: 0.3, STL: 0.2 };

export interface Mef {
  code: string;
  label: string;
  stat11: string;
  level: string;
  track: string;
}

/** MEFs per level (0 = 2nde, 1 = 1re, 2 = terminale) and track. Codes illustrative (STANDARDS.md §3, §9.9). */
export const MEFS: Record<string, Mef> = {
  '0:2NDE': { code: '20010018110', label: '2NDE GENERALE ET TECHNOLOGIQUE', stat11: '21110010018', level: '2NDE GENERALE & TECHNO', track: 'GENERALE ET TECHNOLOGIQUE' },
  '1:G': { code: '20110019110', label: '1ERE GENERALE', stat11: '21120010019', level: '1ERE GENERALE', track: 'GENERALE' },
  '2:G': { code: '20210019110', label: 'TERMINALE GENERALE', stat11: '21130010019', level: 'TERMINALE GENERALE', track: 'GENERALE' },
  '1:STMG': { code: '21131016110', label: '1ERE STMG', stat11: '21220031016', level: '1ERE TECHNOLOGIQUE', track: 'TECHNOLOGIQUE' },
  '2:STMG': { code: '21231016110', label: 'TERMINALE STMG', stat11: '21230031016', level: 'TERMINALE TECHNOLOGIQUE', track: 'TECHNOLOGIQUE' },
  '1:STI2D': { code: '21132001110', label: '1ERE STI2D', stat11: '21220032001', level: '1ERE TECHNOLOGIQUE', track: 'TECHNOLOGIQUE' },
  '2:STI2D': { code: '21232001110', label: 'TERMINALE STI2D', stat11: '21230032001', level: 'TERMINALE TECHNOLOGIQUE', track: 'TECHNOLOGIQUE' },
  '1:ST2S': { code: '21133101110', label: '1ERE ST2S', stat11: '21220033101', level: '1ERE TECHNOLOGIQUE', track: 'TECHNOLOGIQUE' },
  '2:ST2S': { code: '21233101110', label: 'TERMINALE ST2S', stat11: '21230033101', level: 'TERMINALE TECHNOLOGIQUE', track: 'TECHNOLOGIQUE' },
  '1:STL': { code: '21132101110', label: '1ERE STL', stat11: '21220032101', level: '1ERE TECHNOLOGIQUE', track: 'TECHNOLOGIQUE' },
  '2:STL': { code: '21232101110', label: 'TERMINALE STL', stat11: '21230032101', level: 'TERMINALE TECHNOLOGIQUE', track: 'TECHNOLOGIQUE' },
};

/** Subjects taught to the whole class, per level and track. */
export const CLASS_SUBJECTS: Record<string, SubjectKey[]> = {
  '0:2NDE': ['FRANC', 'MATHS', 'HIGE', 'EMC', 'AGL1', 'PHCH', 'SVT', 'SES', 'SNT', 'EPS', 'AP'],
  '1:G': ['FRANC', 'HIGE', 'EMC', 'AGL1', 'GSCI', 'EPS'],
  '2:G': ['PHILO', 'HIGE', 'EMC', 'AGL1', 'GSCI', 'EPS'],
  '1:STMG': ['FRANC', 'HIGE', 'EMC', 'AGL1', 'MATHS', 'EPS', 'MGT', 'SGN'],
  '2:STMG': ['PHILO', 'HIGE', 'EMC', 'AGL1', 'MATHS', 'EPS', 'MGT', 'SGN'],
  '1:STI2D': ['FRANC', 'HIGE', 'EMC', 'AGL1', 'MATHS', 'EPS', 'IT', 'PHCH'],
  '2:STI2D': ['PHILO', 'HIGE', 'EMC', 'AGL1', 'MATHS', 'EPS', 'IT', 'PHCH'],
  '1:ST2S': ['FRANC', 'HIGE', 'EMC', 'AGL1', 'MATHS', 'EPS', 'SSS', 'BIOP'],
  '2:ST2S': ['PHILO', 'HIGE', 'EMC', 'AGL1', 'MATHS', 'EPS', 'SSS', 'BIOP'],
  '1:STL': ['FRANC', 'HIGE', 'EMC', 'AGL1', 'MATHS', 'EPS', 'BIOC', 'PHCH'],
  '2:STL': ['PHILO', 'HIGE', 'EMC', 'AGL1', 'MATHS', 'EPS', 'BIOC', 'PHCH'],
};

/** LV2 languages and their shares; spécialités of the voie générale and their popularity. */
export const LV2: SubjectKey[] = ['ESP2', 'ALL2', 'ITA2'];
export const LV2_SHARE = [0.66, 0.24, 0.1];
export const SPECIALITES: SubjectKey[] = ['MATHS', 'PHCH', 'SVT', 'SES', 'HGGSP', 'LLCER', 'NSI'];
export const SPECIALITE_WEIGHT = [0.3, 0.2, 0.17, 0.14, 0.1, 0.06, 0.03];

/** Non-teaching staff functions (code of ENTPersonFonctions → label). */
export const FUNCTIONS: Record<string, string> = {
  DIR: 'DIRECTION',
  DOC: 'DOCUMENTATION',
  EDU: 'EDUCATION',
  AED: 'ASSISTANT D EDUCATION',
  ADF: 'PERSONNELS ADMINISTRATIFS',
  LAB: 'LABORATOIRE',
  ORI: 'ORIENTATION',
  MDS: 'PERSONNELS MEDICO-SOCIAUX',
  ENS: 'ENSEIGNEMENT',
};

export const MAIL_PROVIDERS = ['gmail.com', 'orange.fr', 'free.fr', 'laposte.net', 'hotmail.fr', 'sfr.fr', 'yahoo.fr', 'outlook.fr'] as const;
