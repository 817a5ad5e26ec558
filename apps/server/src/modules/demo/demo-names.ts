
/**
 * Names for the demo data, and the small deterministic random generator that
 * picks them. The same seed gives the same people on every machine, so the
 * README, screenshots and end-to-end tests can rely on them.
 *
 * Last names are grouped by origin, and children and parents of a family take
 * a first name of the same origin about half of the time, so a class looks
 * like a class of Rennes or Nantes rather than a shuffled phone book.
 */

/** A seeded pseudo-random generator (mulberry32). Never Math.random. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy. */
  shuffle<T>(items: readonly T[]): T[];
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(items.length)] as T;
    },
    shuffle<T>(items: readonly T[]): T[] {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
      }
      return copy;
    },
  };
}

export type Origin = 'fr' | 'bzh' | 'maghreb' | 'westafrica' | 'asia' | 'iberian' | 'italian' | 'turkish' | 'eastern';
export type Gender = 'F' | 'M';

/** How often each origin is drawn for a family (weights, not percentages). */
export const ORIGIN_WEIGHTS: ReadonlyArray<readonly [Origin, number]> = [
  ['fr', 52],
  ['bzh', 16],
  ['maghreb', 11],
  ['westafrica', 6],
  ['iberian', 6],
  ['asia', 3],
  ['italian', 2],
  ['turkish', 2],
  ['eastern', 2],
];

export const LAST_NAMES: Record<Origin, readonly string[]> = {
  fr: [
    'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau',
    'Simon', 'Laurent', 'Lefebvre', 'Michel', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel',
    'Girard', 'André', 'Lefèvre', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Legrand', 'Garnier',
    'Faure', 'Rousseau', 'Blanc', 'Guérin', 'Muller', 'Henry', 'Roussel', 'Nicolas', 'Perrin', 'Morin',
    'Mathieu', 'Clément', 'Gauthier', 'Dumont', 'Fontaine', 'Chevalier', 'Robin', 'Masson', 'Boyer', 'Denis',
    'Lemaire', 'Duval', 'Joly', 'Roger', 'Roche', 'Renard', 'Picard', 'Schmitt', 'Colin', 'Vidal',
    'Caron', 'Aubert', 'Barbier', 'Meunier', 'Brun', 'Rey', 'Leclerc', 'Marchand', 'Hubert', 'Boucher',
    'Carpentier', 'Besnard', 'Pichon', 'Gilbert', 'Bouvier', 'Lemoine', 'Charpentier', 'Guillot', 'Poirier', 'Baron',
    'Huet', 'Royer', 'Lebrun', 'Bailly', 'Delaunay', 'Jacquet', 'Collet', 'Prévost', 'Cordier', 'Launay',
    'Tessier', 'Perrot', 'Leblanc', 'Bodin', 'Chauvin', 'Gaudin', 'Ménard', 'Thibault', 'Jolivet', 'Lebreton',
  ],
  bzh: [
    'Le Gall', 'Le Goff', 'Le Bihan', 'Tanguy', 'Le Corre', 'Guillou', 'Le Roux', 'Le Floch', 'Quéméner', 'Jaouen',
    'Cariou', 'Le Bris', 'Kerbrat', 'Le Meur', 'Morvan', 'Le Guen', 'Riou', 'Le Berre', 'Guéguen', 'Le Moal',
    'Prigent', 'Kervella', 'Le Borgne', 'Cadiou', 'Le Du', 'Nédélec', 'Le Hir', 'Gourmelon', 'Hamon', 'Le Scouarnec',
  ],
  maghreb: [
    'Benali', 'Haddad', 'Bouzid', 'Mansouri', 'Belkacem', 'Cherif', 'Amrani', 'Benmoussa', 'Zerrouki', 'Saïdi',
    'El Idrissi', 'Hamdi', 'Meziane', 'Brahimi', 'Kaci', 'Aït Ahmed', 'Ouali', 'Benyahia', 'Lahlou', 'Bensaïd',
  ],
  westafrica: [
    'Diallo', 'Traoré', 'Camara', 'Cissé', 'Diop', "N'Diaye", 'Sow', 'Koné', 'Mendy', 'Sylla',
    'Keïta', 'Bamba', 'Kouassi', 'Touré', 'Coulibaly', 'Fofana',
  ],
  asia: ['Nguyen', 'Tran', 'Pham', 'Huang', 'Chen', 'Vo', 'Lam', 'Hoang'],
  iberian: [
    'Garcia', 'Martinez', 'Lopez', 'Fernandes', 'Pereira', 'Da Silva', 'Rodrigues', 'Ferreira', 'Gomes', 'Sanchez',
    'Gonçalves', 'Dos Santos', 'Moreira', 'Carvalho',
  ],
  italian: ['Rossi', 'Bianchi', 'Russo', 'Esposito', 'Romano', 'Colombo', 'Ricci', 'Marino'],
  turkish: ['Yilmaz', 'Kaya', 'Demir', 'Çelik', 'Şahin', 'Öztürk', 'Aksoy', 'Koç'],
  eastern: ['Kowalski', 'Nowak', 'Popescu', 'Wiśniewski', 'Ionescu', 'Horvat'],
};

type NamePool = Record<Gender, readonly string[]>;

/** First names of lycéens (born around 2009–2012). */
export const CHILD_FIRST_NAMES: { general: NamePool } & Partial<Record<Origin, NamePool>> = {
  general: {
    F: [
      'Léa', 'Emma', 'Chloé', 'Manon', 'Camille', 'Inès', 'Jade', 'Sarah', 'Lola', 'Louise',
      'Zoé', 'Clara', 'Lina', 'Juliette', 'Lucie', 'Anaïs', 'Maëlle', 'Océane', 'Romane', 'Ambre',
      'Alice', 'Léna', 'Mathilde', 'Eva', 'Lou', 'Agathe', 'Margaux', 'Salomé', 'Élise', 'Noémie',
      'Rose', 'Capucine', 'Héloïse', 'Anna', 'Justine', 'Pauline', 'Clémence', 'Marie', 'Charlotte', 'Julia',
      'Mila', 'Louna', 'Maëlys', 'Nina', 'Elsa', 'Laura', 'Marine', 'Apolline', 'Constance', 'Jeanne',
    ],
    M: [
      'Lucas', 'Hugo', 'Nathan', 'Louis', 'Enzo', 'Théo', 'Jules', 'Gabriel', 'Mathis', 'Raphaël',
      'Arthur', 'Tom', 'Noah', 'Ethan', 'Maël', 'Clément', 'Paul', 'Antoine', 'Maxime', 'Baptiste',
      'Alexandre', 'Valentin', 'Axel', 'Romain', 'Quentin', 'Timéo', 'Sacha', 'Evan', 'Kylian', 'Malo',
      'Samuel', 'Victor', 'Martin', 'Corentin', 'Noé', 'Jean-Baptiste', 'Léo', 'Adrien', 'Thomas', 'Benjamin',
      'Mattéo', 'Aurélien', 'Simon', 'Oscar', 'Nolan', 'Bastien', 'Pierre-Louis', 'Lenny', 'Esteban', 'Gaspard',
    ],
  },
  bzh: {
    F: ['Nolwenn', 'Gwenaëlle', 'Maïwenn', 'Enora', 'Rozenn', 'Anaëlle', 'Lénaïg', 'Morgane', 'Soazig', 'Katell'],
    M: ['Erwan', 'Gaël', 'Titouan', 'Elouan', 'Loïc', 'Yann', 'Ronan', 'Tanguy', 'Brieuc', 'Gwendal'],
  },
  maghreb: {
    F: ['Yasmine', 'Nour', 'Aya', 'Maryam', 'Lina', 'Inès', 'Sofia', 'Amira', 'Rania', 'Assia', 'Kenza', 'Lyna'],
    M: ['Yanis', 'Adam', 'Rayan', 'Mohamed', 'Ilyes', 'Amine', 'Bilal', 'Sami', 'Karim', 'Nassim', 'Mehdi', 'Younes'],
  },
  westafrica: {
    F: ['Fatoumata', 'Aïcha', 'Awa', 'Mariam', 'Aminata', 'Kadiatou', 'Binta', 'Océane'],
    M: ['Mamadou', 'Ibrahim', 'Moussa', 'Oumar', 'Sekou', 'Issa', 'Abdoulaye', 'Noah'],
  },
  asia: { F: ['Linh', 'Mai', 'Lan', 'Thao'], M: ['Minh', 'Khang', 'Bao', 'Duc'] },
  iberian: { F: ['Inès', 'Lucia', 'Sofia', 'Carla', 'Ana', 'Beatriz'], M: ['Diego', 'Hugo', 'Tiago', 'Rafael', 'Pablo', 'Nuno'] },
  italian: { F: ['Giulia', 'Chiara', 'Alessia'], M: ['Luca', 'Mattéo', 'Lorenzo'] },
  turkish: { F: ['Elif', 'Zeynep', 'Ecem'], M: ['Emre', 'Yusuf', 'Can'] },
  eastern: { F: ['Ana', 'Maria', 'Zofia'], M: ['Stefan', 'Jakub', 'Andrei'] },
};

/** First names of parents, teachers and staff (born around 1965–1990). */
export const ADULT_FIRST_NAMES: { general: NamePool } & Partial<Record<Origin, NamePool>> = {
  general: {
    F: [
      'Nathalie', 'Isabelle', 'Sandrine', 'Stéphanie', 'Céline', 'Sophie', 'Virginie', 'Aurélie', 'Caroline', 'Valérie',
      'Christelle', 'Sylvie', 'Émilie', 'Julie', 'Karine', 'Laetitia', 'Delphine', 'Élodie', 'Hélène', 'Anne',
      'Claire', 'Magali', 'Séverine', 'Maud', 'Marie-Laure', 'Anne-Sophie', 'Cécile', 'Audrey', 'Vanessa', 'Sabrina',
      'Myriam', 'Florence', 'Véronique', 'Corinne', 'Laurence', 'Estelle', 'Gaëlle', 'Marion', 'Agnès', 'Béatrice',
    ],
    M: [
      'Stéphane', 'Christophe', 'Sébastien', 'Nicolas', 'Frédéric', 'Laurent', 'David', 'Olivier', 'Julien', 'Thierry',
      'Philippe', 'Éric', 'Jérôme', 'Vincent', 'Cédric', 'Franck', 'Pascal', 'Fabrice', 'Arnaud', 'Thomas',
      'Guillaume', 'Benoît', 'Mickaël', 'Jean-Marc', 'Jean-François', 'Hervé', 'Emmanuel', 'Bruno', 'Antoine', 'Mathieu',
      'Damien', 'Grégory', 'Xavier', 'Alexandre', 'François', 'Patrice', 'Sylvain', 'Romain', 'Ludovic', 'Matthieu',
    ],
  },
  bzh: {
    F: ['Gwenola', 'Soizic', 'Nolwenn', 'Katell', 'Annaïg', 'Maïwenn'],
    M: ['Yann', 'Gwenaël', 'Erwan', 'Ronan', 'Loïc', 'Pierre-Yves', 'Goulven'],
  },
  maghreb: {
    F: ['Fatima', 'Samira', 'Nadia', 'Leïla', 'Malika', 'Karima', 'Naïma', 'Souad'],
    M: ['Karim', 'Mohamed', 'Rachid', 'Samir', 'Hakim', 'Farid', 'Mourad', 'Nordine'],
  },
  westafrica: {
    F: ['Aminata', 'Mariama', 'Fatou', 'Awa', 'Khady', 'Ramatoulaye', 'Adama', 'Nafissatou'],
    M: ['Mamadou', 'Moussa', 'Ousmane', 'Boubacar', 'Amadou', 'Seydou', 'Lamine', 'Ibrahima'],
  },
  asia: { F: ['Linh', 'Hoa', 'Mai', 'Thu', 'Ngoc', 'Lan'], M: ['Minh', 'Tuan', 'Hung', 'Thanh', 'Long', 'Quang'] },
  iberian: { F: ['Maria', 'Ana', 'Carmen', 'Isabel', 'Paula', 'Sónia'], M: ['José', 'Manuel', 'Carlos', 'António', 'Paulo', 'Joaquim'] },
  italian: { F: ['Francesca', 'Giulia', 'Silvia', 'Laura'], M: ['Marco', 'Giuseppe', 'Stefano', 'Paolo'] },
  turkish: { F: ['Ayşe', 'Fatma', 'Emine', 'Hülya'], M: ['Mehmet', 'Ahmet', 'Mustafa', 'Hakan'] },
  eastern: { F: ['Ewa', 'Elena', 'Katarzyna', 'Ioana'], M: ['Piotr', 'Ion', 'Tomasz', 'Mihai'] },
};

export function pickOrigin(rng: Rng): Origin {
  const total = ORIGIN_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
  let roll = rng.int(total);
  for (const [origin, weight] of ORIGIN_WEIGHTS) {
    if (roll < weight) return origin;
    roll -= weight;
  }
  return 'fr';
}

export function pickLastName(rng: Rng, origin: Origin): string {
  return rng.pick(LAST_NAMES[origin]);
}

/** A first name: of the family's origin about half of the time, else from the general pool. */
export function pickFirstName(
  rng: Rng,
  pools: { general: NamePool } & Partial<Record<Origin, NamePool>>,
  gender: Gender,
  origin: Origin,
): string {
  const own = pools[origin];
  const pool = own && origin !== 'fr' && rng.chance(0.55) ? own : pools.general;
  return rng.pick(pool[gender]);
}

