/**
 * Name pools for generated people and schools, in rough order of frequency
 * (the generator draws them with a Zipf-like law). Accents and compound
 * names are deliberate: search must ignore accents and case.
 */
export const lastNames = [
  'Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent',
  'Simon', 'Michel', 'Lefèvre', 'Leroy', 'Roux', 'David', 'Bertrand', 'Morel', 'Fournier', 'Girard',
  'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Muller', 'Lefebvre', 'Faure', 'André',
  'Mercier', 'Blanc', 'Guérin', 'Boyer', 'Garnier', 'Chevalier', 'François', 'Legrand', 'Gauthier', 'Garcia',
  'Perrin', 'Robin', 'Clément', 'Morin', 'Nicolas', 'Henry', 'Roussel', 'Mathieu', 'Gautier', 'Masson',
  'Marchand', 'Duval', 'Denis', 'Dumont', 'Marie', 'Lemaire', 'Noël', 'Meyer', 'Dufour', 'Meunier',
  'Brun', 'Blanchard', 'Giraud', 'Joly', 'Rivière', 'Lucas', 'Brunet', 'Gaillard', 'Barbier', 'Arnaud',
  'Martinez', 'Gérard', 'Roche', 'Renard', 'Schmitt', 'Roy', 'Leroux', 'Colin', 'Vidal', 'Caron',
  'Picard', 'Roger', 'Fabre', 'Aubert', 'Lemoine', 'Renaud', 'Dumas', 'Lacroix', 'Olivier', 'Philippe',
  'Bourgeois', 'Pierre', 'Benoît', 'Rey', 'Leclerc', 'Payet', 'Rolland', 'Leclercq', 'Guillaume', 'Lecomte',
  'Lopez', 'Jean', 'Dupuy', 'Guillot', 'Hubert', 'Berger', 'Carpentier', 'Sanchez', 'Dupuis', 'Moulin',
  'Louis', 'Deschamps', 'Huet', 'Vasseur', 'Perez', 'Boucher', 'Fleury', 'Royer', 'Klein', 'Jacquet',
  'Adam', 'Paris', 'Poirier', 'Marty', 'Aubry', 'Guyot', 'Carré', 'Charles', 'Renault', 'Charpentier',
  'Ménard', 'Maillard', 'Baron', 'Bertin', 'Bailly', 'Hervé', 'Schneider', 'Fernandez', 'Le Gall', 'Collet',
  'Léger', 'Bouvier', 'Julien', 'Prévost', 'Millet', 'Perrot', 'Daniel', 'Le Roux', 'Cousin', 'Germain',
  'Breton', 'Besson', 'Langlois', 'Rémy', 'Le Goff', 'Pelletier', 'Lévêque', 'Perrier', 'Leblanc', 'Barré',
  'Lebrun', 'Marchal', 'Weber', 'Mallet', 'Hamon', 'Boulanger', 'Jacob', 'Monnier', 'Michaud', 'Rodriguez',
  'Guichard', 'Gillet', 'Étienne', 'Grondin', 'Poulain', 'Tessier', 'Chevallier', 'Collin', 'Chauvin', 'Da Silva',
  'Bouchet', 'Gay', 'Lemaître', 'Bénard', 'Maréchal', 'Humbert', 'Reynaud', 'Antoine', 'Hoarau', 'Perret',
  'Barthélemy', 'Cordier', 'Pichon', 'Lejeune', 'Gilbert', 'Lamy', 'Delaunay', 'Pasquier', 'Carlier', 'Laporte',
  'Nguyen', 'Benali', 'Diallo', 'Traoré', 'Ben Ahmed', 'Kaya', 'Yilmaz', 'Haddad', 'Mendy', 'Ferreira',
  "N'Diaye", 'Saint-Martin', 'Dos Santos', 'Lê', 'Øster', 'Ødegaard', 'Beaumont-Lefèvre', 'Desjardins', 'Leconte', 'Ollivier',
] as const;

export const firstNames = [
  'Emma', 'Gabriel', 'Louise', 'Léo', 'Jade', 'Raphaël', 'Alice', 'Louis', 'Ambre', 'Arthur',
  'Lina', 'Jules', 'Rose', 'Maël', 'Chloé', 'Lucas', 'Mia', 'Adam', 'Léa', 'Hugo',
  'Anna', 'Nathan', 'Inès', 'Liam', 'Julia', 'Éthan', 'Mila', 'Paul', 'Léna', 'Sacha',
  'Zoé', 'Noah', 'Agathe', 'Tom', 'Juliette', 'Mohamed', 'Manon', 'Aaron', 'Lou', 'Théo',
  'Camille', 'Nolan', 'Éva', 'Timéo', 'Romane', 'Martin', 'Margaux', 'Victor', 'Nina', 'Axel',
  'Clémence', 'Enzo', 'Charlotte', 'Antoine', 'Sarah', 'Maxime', 'Lucie', 'Baptiste', 'Elsa', 'Clément',
  'Anaïs', 'Mathis', 'Océane', 'Alexandre', 'Marie', 'Quentin', 'Pauline', 'Thomas', 'Marion', 'Valentin',
  'Éloïse', 'Noé', 'Céleste', 'Yanis', 'Héloïse', 'Rayan', 'Maëlys', 'Kylian', 'Capucine', 'Matteo',
  'Nathalie', 'Philippe', 'Isabelle', 'Christophe', 'Sandrine', 'Stéphane', 'Valérie', 'Laurent', 'Céline', 'Frédéric',
  'Sophie', 'Nicolas', 'Véronique', 'Olivier', 'Stéphanie', 'Sébastien', 'Karine', 'Julien', 'Aurélie', 'David',
  'Émilie', 'Jérôme', 'Hélène', 'Thierry', 'Delphine', 'Pascal', 'Virginie', 'Éric', 'Caroline', 'François',
  'Anne', 'Patrick', 'Catherine', 'Vincent', 'Christine', 'Cédric', 'Sylvie', 'Guillaume', 'Laetitia', 'Arnaud',
  'Aïcha', 'Fatoumata', 'Yasmine', 'Mehdi', 'Karim', 'Nour', 'Ibrahim', 'Amir', 'Sofia', 'Ilyes',
  'Jean-Baptiste', 'Marie-Claire', 'Anne-Sophie', 'Pierre-Louis', 'Jean-Michel', 'Bérénice', 'Gaëlle', 'Joël', 'Noëlle', 'Loïc',
] as const;

/** Namesakes of French lycées. */
export const schoolNames = [
  'Victor Hugo', 'Jean Moulin', 'Jules Ferry', 'Louis Pasteur', 'Marie Curie', 'Jean Jaurès', 'Albert Camus',
  'Paul Éluard', 'Jacques Prévert', 'Simone Veil', 'Condorcet', 'Voltaire', 'Montesquieu', 'Descartes',
  'Émile Zola', 'George Sand', 'Jean Monnet', 'Camille Claudel', 'Antoine de Saint-Exupéry', 'Charles de Gaulle',
  'Joliot-Curie', 'Louise Michel', 'Gustave Eiffel', 'Henri Bergson', 'Pierre Mendès France', 'Rosa Parks',
  'Olympe de Gouges', 'Lavoisier', 'Blaise Pascal', 'Jean Rostand', 'Honoré de Balzac', 'Colbert', 'Lamartine',
  'Arago', 'Michelet', 'Champollion', 'Gay-Lussac', 'Marguerite Yourcenar', 'Aristide Briand', 'Léonard de Vinci',
] as const;

export const cities = [
  'Lyon', 'Grenoble', 'Saint-Étienne', 'Villeurbanne', 'Clermont-Ferrand', 'Annecy', 'Chambéry', 'Valence',
  'Vénissieux', 'Bourg-en-Bresse', 'Roanne', 'Vienne', 'Montluçon', 'Aurillac', 'Le Puy-en-Velay', 'Vichy',
  'Annemasse', 'Thonon-les-Bains', 'Romans-sur-Isère', 'Montélimar', 'Privas', 'Aubenas', 'Oyonnax', 'Moulins',
  'Bron', 'Caluire-et-Cuire', 'Échirolles', 'Saint-Priest', 'Voiron', 'Bourgoin-Jallieu',
] as const;

/** BCN subject codes (N_MATIERE_ENSEIGNEE, see STANDARDS.md §3) used by generated teachings. */
export const subjects = [
  { code: '010300', shortName: 'PHILO', name: 'Philosophie' },
  { code: '020700', shortName: 'FRANC', name: 'Français' },
  { code: '030201', shortName: 'AGL1', name: 'Anglais LV1' },
  { code: '030602', shortName: 'ESP2', name: 'Espagnol LV2' },
  { code: '043700', shortName: 'HI-GE', name: 'Histoire-géographie' },
  { code: '043800', shortName: 'EMC', name: 'Enseignement moral et civique' },
  { code: '050700', shortName: 'SES', name: 'Sciences économiques et sociales' },
  { code: '061300', shortName: 'MATHS', name: 'Mathématiques' },
  { code: '062300', shortName: 'PH-CH', name: 'Physique-chimie' },
  { code: '062900', shortName: 'SVT', name: 'Sciences de la vie et de la Terre' },
  { code: '065300', shortName: 'G-SCI', name: 'Enseignement scientifique' },
  { code: '074700', shortName: 'NSINF', name: 'Numérique et sciences informatiques' },
  { code: '100100', shortName: 'EPS', name: 'Éducation physique et sportive' },
  { code: '006600', shortName: 'ACCPE', name: 'Accompagnement personnalisé' },
] as const;
