/**
 * A full-size Onisep catalogue in the published forms, for the import and
 * search benchmark (bench/orientation-load.ts): about 15,000 formations (CSV,
 * the columns of Idéo-Formations initiales), 12,000 structures (JSON, the
 * columns of Idéo-Structures), 30,000 actions de formation (CSV, the columns of
 * Idéo-Actions de formation) and 1,100 métiers (XML, the columns of
 * Idéo-Métiers with their `formations_min_requise`), the sizes of the real
 * downloads. Deterministic for a seed. Labels are built from the formation
 * types and specialities lycéens search for, so "bts sio", "infirmier" or
 * "prepa scientifique" find what they would in the real catalogue, among
 * thousands of near neighbours.
 *
 *   npm run -w @preau/bench onisep-catalogue -- [--out bench/results/onisep-full]
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { once } from 'node:events';
import { Prng } from './lib/prng.ts';

export interface CatalogueSize {
  formations: number;
  structures: number;
  actions: number;
  metiers: number;
}

export const FULL_SIZE: CatalogueSize = { formations: 15_000, structures: 12_000, actions: 30_000, metiers: 1_100 };

/** Where the demo lycées sit, so a demo student's distance filter has an origin (UAIs of modules/demo). */
const DEMO_LYCEES = [
  { uai: '0359990U', nom: 'Lycée Simone-Veil', city: 'Rennes', cp: '35000', departement: 'Ille-et-Vilaine', academie: 'Rennes', region: 'Bretagne', lat: 48.1113, lon: -1.68 },
  { uai: '0449990V', nom: 'Lycée Jules-Verne', city: 'Nantes', cp: '44000', departement: 'Loire-Atlantique', academie: 'Nantes', region: 'Pays de la Loire', lat: 47.2184, lon: -1.5536 },
];

const CITIES: [city: string, cp: string, departement: string, academie: string, region: string, lat: number, lon: number][] = [
  ['Rennes', '35000', 'Ille-et-Vilaine', 'Rennes', 'Bretagne', 48.1113, -1.68],
  ['Brest', '29200', 'Finistère', 'Rennes', 'Bretagne', 48.3904, -4.4861],
  ['Quimper', '29000', 'Finistère', 'Rennes', 'Bretagne', 47.996, -4.1025],
  ['Vannes', '56000', 'Morbihan', 'Rennes', 'Bretagne', 47.6582, -2.7608],
  ['Saint-Brieuc', '22000', 'Côtes-d’Armor', 'Rennes', 'Bretagne', 48.5141, -2.7603],
  ['Nantes', '44000', 'Loire-Atlantique', 'Nantes', 'Pays de la Loire', 47.2184, -1.5536],
  ['Angers', '49000', 'Maine-et-Loire', 'Nantes', 'Pays de la Loire', 47.4784, -0.5632],
  ['Le Mans', '72000', 'Sarthe', 'Nantes', 'Pays de la Loire', 48.0061, 0.1996],
  ['Laval', '53000', 'Mayenne', 'Nantes', 'Pays de la Loire', 48.0707, -0.7734],
  ['Paris', '75005', 'Paris', 'Paris', 'Île-de-France', 48.8566, 2.3522],
  ['Créteil', '94000', 'Val-de-Marne', 'Créteil', 'Île-de-France', 48.7904, 2.4556],
  ['Versailles', '78000', 'Yvelines', 'Versailles', 'Île-de-France', 48.8014, 2.1301],
  ['Lille', '59000', 'Nord', 'Lille', 'Hauts-de-France', 50.6292, 3.0573],
  ['Amiens', '80000', 'Somme', 'Amiens', 'Hauts-de-France', 49.8941, 2.2958],
  ['Rouen', '76000', 'Seine-Maritime', 'Normandie', 'Normandie', 49.4432, 1.0999],
  ['Caen', '14000', 'Calvados', 'Normandie', 'Normandie', 49.1829, -0.3707],
  ['Strasbourg', '67000', 'Bas-Rhin', 'Strasbourg', 'Grand Est', 48.5734, 7.7521],
  ['Nancy', '54000', 'Meurthe-et-Moselle', 'Nancy-Metz', 'Grand Est', 48.6921, 6.1844],
  ['Reims', '51100', 'Marne', 'Reims', 'Grand Est', 49.2583, 4.0317],
  ['Dijon', '21000', 'Côte-d’Or', 'Dijon', 'Bourgogne-Franche-Comté', 47.322, 5.0415],
  ['Besançon', '25000', 'Doubs', 'Besançon', 'Bourgogne-Franche-Comté', 47.2378, 6.0241],
  ['Lyon', '69007', 'Rhône', 'Lyon', 'Auvergne-Rhône-Alpes', 45.764, 4.8357],
  ['Grenoble', '38000', 'Isère', 'Grenoble', 'Auvergne-Rhône-Alpes', 45.1885, 5.7245],
  ['Clermont-Ferrand', '63000', 'Puy-de-Dôme', 'Clermont-Ferrand', 'Auvergne-Rhône-Alpes', 45.7772, 3.087],
  ['Bordeaux', '33000', 'Gironde', 'Bordeaux', 'Nouvelle-Aquitaine', 44.8378, -0.5792],
  ['Poitiers', '86000', 'Vienne', 'Poitiers', 'Nouvelle-Aquitaine', 46.5802, 0.3404],
  ['Limoges', '87000', 'Haute-Vienne', 'Limoges', 'Nouvelle-Aquitaine', 45.8336, 1.2611],
  ['Toulouse', '31000', 'Haute-Garonne', 'Toulouse', 'Occitanie', 43.6047, 1.4442],
  ['Montpellier', '34000', 'Hérault', 'Montpellier', 'Occitanie', 43.6108, 3.8767],
  ['Marseille', '13001', 'Bouches-du-Rhône', 'Aix-Marseille', 'Provence-Alpes-Côte d’Azur', 43.2965, 5.3698],
  ['Nice', '06000', 'Alpes-Maritimes', 'Nice', 'Provence-Alpes-Côte d’Azur', 43.7102, 7.262],
  ['Orléans', '45000', 'Loiret', 'Orléans-Tours', 'Centre-Val de Loire', 47.9029, 1.9093],
  ['Tours', '37000', 'Indre-et-Loire', 'Orléans-Tours', 'Centre-Val de Loire', 47.3941, 0.6848],
  ['Ajaccio', '20000', 'Corse-du-Sud', 'Corse', 'Corse', 41.9192, 8.7386],
];

/** [type acronym, type label, exit level, weight, duration, guardian] as Idéo writes them. */
const TYPES: [string, string, string, number, string, string][] = [
  ['CAP', 'certificat d’aptitude professionnelle', 'CAP ou équivalent', 10, '2 ans', 'Ministère chargé de l’Éducation nationale'],
  ['BAC PRO', 'baccalauréat professionnel', 'bac ou équivalent', 10, '3 ans', 'Ministère chargé de l’Éducation nationale'],
  ['MC', 'mention complémentaire', 'CAP ou équivalent', 3, '1 an', 'Ministère chargé de l’Éducation nationale'],
  ['BTS', 'brevet de technicien supérieur', 'bac + 2', 12, '2 ans', 'Ministère chargé de l’enseignement supérieur'],
  ['BUT', 'bachelor universitaire de technologie', 'bac + 3', 6, '3 ans', 'Ministère chargé de l’enseignement supérieur'],
  ['Licence', 'licence', 'bac + 3', 14, '3 ans', 'Ministère chargé de l’enseignement supérieur'],
  ['LP', 'licence professionnelle', 'bac + 3', 12, '1 an', 'Ministère chargé de l’enseignement supérieur'],
  ['Master', 'master', 'bac + 5', 18, '2 ans', 'Ministère chargé de l’enseignement supérieur'],
  ['CPGE', 'classe préparatoire aux grandes écoles', 'bac + 2', 2, '2 ans', 'Ministère chargé de l’enseignement supérieur'],
  ['Diplôme d’ingénieur', 'diplôme d’ingénieur', 'bac + 5', 6, '5 ans', 'Commission des titres d’ingénieur'],
  ['DE', 'diplôme d’État', 'bac + 3', 2, '3 ans', 'Ministère chargé de la santé'],
  ['Titre pro', 'titre professionnel', 'bac + 2', 5, '1 an', 'Ministère chargé de l’emploi'],
];

/** [speciality, NSF code, acronym] — what lycéens search for. */
const SPECIALITIES: [string, string, string][] = [
  ['services informatiques aux organisations', '326', 'SIO'],
  ['informatique', '326', ''],
  ['cybersécurité', '326', ''],
  ['systèmes numériques', '255', 'SN'],
  ['électrotechnique', '255', ''],
  ['maintenance des systèmes', '250', 'MS'],
  ['mécanique et automatismes industriels', '251', ''],
  ['génie civil', '231', ''],
  ['bâtiment', '232', ''],
  ['travaux publics', '231', ''],
  ['boulanger', '221', ''],
  ['pâtissier', '221', ''],
  ['cuisine', '221', ''],
  ['hôtellerie-restauration', '334', ''],
  ['tourisme', '334', ''],
  ['commerce international', '312', 'CI'],
  ['négociation et digitalisation de la relation client', '312', 'NDRC'],
  ['management commercial opérationnel', '312', 'MCO'],
  ['gestion de la PME', '314', 'GPME'],
  ['comptabilité et gestion', '314', 'CG'],
  ['banque, assurance', '313', ''],
  ['logistique', '311', ''],
  ['transport', '311', ''],
  ['soins infirmiers', '331', ''],
  ['infirmier', '331', ''],
  ['aide-soignant', '331', ''],
  ['accompagnement, soins et services à la personne', '330', 'ASSP'],
  ['diététique', '331', ''],
  ['kinésithérapie', '331', ''],
  ['petite enfance', '332', ''],
  ['économie sociale familiale', '332', 'ESF'],
  ['sciences et techniques des activités physiques et sportives', '335', 'STAPS'],
  ['métiers du sport', '335', ''],
  ['animation sportive', '335', ''],
  ['droit', '128', ''],
  ['économie et gestion', '122', ''],
  ['langues étrangères appliquées', '136', 'LEA'],
  ['lettres modernes', '131', ''],
  ['histoire', '133', ''],
  ['géographie et aménagement', '133', ''],
  ['psychologie', '124', ''],
  ['sociologie', '124', ''],
  ['mathématiques', '114', ''],
  ['physique', '115', ''],
  ['chimie', '116', ''],
  ['sciences de la vie', '118', ''],
  ['sciences de la Terre', '117', ''],
  ['agronomie', '210', ''],
  ['productions animales', '211', ''],
  ['viticulture-œnologie', '211', ''],
  ['aménagements paysagers', '214', ''],
  ['design graphique', '200', ''],
  ['métiers de l’audiovisuel', '323', ''],
  ['communication', '320', ''],
  ['journalisme', '321', ''],
  ['arts plastiques', '134', ''],
  ['musique', '133', ''],
  ['coiffure', '336', ''],
  ['esthétique cosmétique parfumerie', '336', ''],
  ['métiers de la mode', '242', ''],
  ['aéronautique', '253', ''],
  ['maintenance des véhicules', '252', 'MV'],
  ['énergétique', '227', ''],
  ['environnement', '343', ''],
  ['sécurité', '344', ''],
];

const CPGE_TRACKS = [
  'classe préparatoire scientifique MPSI (mathématiques, physique et sciences de l’ingénieur)',
  'classe préparatoire scientifique PCSI (physique, chimie et sciences de l’ingénieur)',
  'classe préparatoire scientifique BCPST (biologie, chimie, physique et sciences de la Terre)',
  'classe préparatoire scientifique MP2I (mathématiques, physique, ingénierie et informatique)',
  'classe préparatoire économique et commerciale ECG',
  'classe préparatoire littéraire lettres',
];

const PARCOURS = [
  'parcours international', 'parcours recherche', 'parcours professionnel', 'option A', 'option B', 'option C',
  'parcours data', 'parcours management', 'parcours enseignement', 'en alternance', 'parcours numérique', 'parcours santé',
  'parcours développement durable', 'parcours juridique', 'parcours métiers du livre', 'parcours patrimoine',
];

const MET_WORDS = [
  'infirmier / infirmière', 'boulanger / boulangère', 'pâtissier / pâtissière', 'développeur / développeuse informatique',
  'technicien / technicienne de maintenance', 'éducateur sportif / éducatrice sportive', 'comptable', 'juriste', 'architecte',
  'aide-soignant / aide-soignante', 'professeur / professeure des écoles', 'kinésithérapeute', 'électricien / électricienne',
  'cuisinier / cuisinière', 'commercial / commerciale', 'logisticien / logisticienne', 'ingénieur / ingénieure', 'journaliste',
  'graphiste', 'coiffeur / coiffeuse', 'agriculteur / agricultrice', 'paysagiste', 'psychologue', 'chimiste', 'mécanicien / mécanicienne',
];
const MET_QUALIFIERS = ['', 'en bureau d’études', 'territorial', 'de la fonction publique', 'en entreprise', 'spécialisé', 'du numérique',
  'en milieu rural', 'd’exploitation', 'de recherche', 'de l’industrie', 'du bâtiment', 'de la santé', 'du sport', 'de l’environnement',
  'en hôpital', 'indépendant', 'conseil', 'chef de projet', 'en laboratoire', 'de production', 'qualité', 'export', 'junior', 'senior',
  'de terrain', 'de la mer', 'de l’aéronautique', 'du luxe', 'en collectivité', 'de la banque', 'de l’assurance', 'de la logistique', 'd’art', 'du tourisme',
  'des transports', 'de l’énergie', 'du spectacle', 'du commerce', 'de la communication', 'de l’éducation', 'de la sécurité', 'de la mode', 'de l’agroalimentaire'];

function csvField(value: string): string {
  return /[;"\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Writes lines through a stream, waiting when the buffer is full (the files are tens of MB). */
async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for (const line of lines) {
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

interface Formation {
  id: number;
  label: string;
  type: string;
}

/** Writes the four files into `dir`; returns their paths and what they hold. */
export async function writeCatalogue(dir: string, size: CatalogueSize = FULL_SIZE, seed = 'onisep-full'): Promise<{ files: string[]; size: CatalogueSize }> {
  mkdirSync(dir, { recursive: true });
  const rng = new Prng(seed);
  const base = 100_000;

  // Formations: type × speciality × parcours, unique labels.
  const formations: Formation[] = [];
  const seen = new Set<string>();
  const formationLines: string[] = [
    'code_nsf;code_scolarite;sigle_type_formation;libelle_type_formation;libelle_formation_principal;sigle_formation;duree;niveau_de_sortie_indicatif;code_rncp;niveau_de_certification;libelle_niveau_de_certification;tutelle;url_et_id_onisep\n',
  ];
  const typeWeights = TYPES.map((t) => t[3]);
  while (formations.length < size.formations) {
    const [type, typeLabel, level, , duration, tutelle] = rng.weighted(TYPES, typeWeights);
    const [speciality, nsf, acronym] = rng.pick(SPECIALITIES);
    let label: string;
    if (type === 'CPGE') label = rng.pick(CPGE_TRACKS);
    else if (type === 'DE') label = `diplôme d’État de ${speciality}`;
    else if (type === 'Licence' || type === 'Master' || type === 'LP') label = `${type === 'LP' ? 'licence professionnelle' : type.toLowerCase()} mention ${speciality}`;
    else label = `${type} ${speciality}`;
    if (seen.has(label) || rng.chance(0.85)) label = `${label} ${rng.pick(PARCOURS)}`;
    // The real file has many homonyms told apart by their establishment (masters, titres); so does this one.
    if (seen.has(label)) label = `${label} ${rng.pick(CITIES)[0]}`;
    if (seen.has(label)) label = `${label} (${formations.length})`;
    seen.add(label);
    const id = base + formations.length;
    formations.push({ id, label, type });
    const slug = label.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '-').slice(0, 60);
    formationLines.push(
      [nsf, rng.chance(0.5) ? rng.digits(8) : '', type, typeLabel, label, acronym, duration, level, rng.chance(0.6) ? rng.digits(5) : '', '', '', tutelle,
        `https://www.onisep.fr/ressources/univers-formation/formations/${slug}/FOR.${id}`].map(csvField).join(';') + '\n',
    );
  }
  await writeLines(join(dir, 'formations.csv'), formationLines);

  // Structures: lycées, universités, IUT, CFA, écoles, around the cities, the demo lycées first.
  interface Place { id: number; uai: string; name: string; cp: string; status: string }
  const places: Place[] = [];
  const kinds = ['lycée', 'lycée professionnel', 'université', 'IUT', 'CFA', 'école d’ingénieurs', 'institut de formation en soins infirmiers', 'école de commerce'];
  const out = createWriteStream(join(dir, 'etablissements.json'));
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('[\n');
  for (let i = 0; i < size.structures; i++) {
    const demo = DEMO_LYCEES[i];
    const [city, cp, departement, academie, region, lat, lon] = demo
      ? [demo.city, demo.cp, demo.departement, demo.academie, demo.region, demo.lat, demo.lon]
      : rng.pick(CITIES);
    const kind = demo ? 'lycée' : rng.pick(kinds);
    const status = rng.chance(0.7) ? 'Public' : 'Privé sous contrat';
    const id = 20_000 + i;
    const uai = demo?.uai ?? `${cp.slice(0, 2).padStart(3, '0')}${rng.digits(4)}${'ABCDEFGHJKLMNPRSTUVWXYZ'[rng.int(23)]}`;
    const name = demo?.nom ?? `${kind[0]!.toUpperCase()}${kind.slice(1)} ${rng.pick(['Jean-Moulin', 'Victor-Hugo', 'Marie-Curie', 'Jules-Ferry', 'Simone-Veil', 'Louis-Pasteur', 'Saint-Joseph', 'Notre-Dame', 'Jean-Jaurès', 'Condorcet', 'du Parc', 'des Métiers', 'Descartes', 'Colbert'])} ${city} ${i}`;
    places.push({ id, uai, name, cp, status });
    const record = {
      code_uai: uai, n_siret: '', type_detablissement: kind, nom: name, sigle: '', statut: status, boite_postale: '',
      adresse: `${1 + rng.int(200)} rue ${rng.pick(['de la République', 'Pasteur', 'des Écoles', 'Nationale', 'du Général-de-Gaulle'])}`,
      cp, commune: city, commune_cog: '', cedex: '', telephone: '', departement, academie, region, region_cog: '',
      longitude_x: demo ? lon : Math.round((lon + rng.normal() * 0.15) * 1e4) / 1e4,
      latitude_y: demo ? lat : Math.round((lat + rng.normal() * 0.1) * 1e4) / 1e4,
      url_et_id_onisep: `https://www.onisep.fr/http/redirection/etablissement/slug/ENS.${id}`,
    };
    await write(`${i === 0 ? '' : ',\n'}${JSON.stringify(record)}`);
  }
  await write('\n]\n');
  out.end();
  await once(out, 'finish');

  // Actions: every formation taught somewhere, the rest spread (BTS, bac pro and CAP in many places).
  const actionLines: string[] = [
    'action_de_formation_af_identifiant_onisep;formation_for_libelle;for_url_et_id_onisep;for_type;lieu_denseignement_ens_libelle;ens_url_et_id_onisep;ens_code_uai;ens_code_postal;ens_statut;af_duree_cycle_standard;af_modalites_enseignement\n',
  ];
  const spread = formations.filter((f) => ['BTS', 'BAC PRO', 'CAP', 'BUT', 'CPGE'].includes(f.type));
  const taught = new Set<string>();
  for (let i = 0; i < size.actions; i++) {
    const formation = i < formations.length ? formations[i]! : rng.pick(spread);
    let place = rng.pick(places);
    // Keeps (formation, place) pairs distinct, as in the real file (a second row is a second modality).
    for (let tries = 0; taught.has(`${formation.id}:${place.id}`) && tries < 5; tries++) place = rng.pick(places);
    taught.add(`${formation.id}:${place.id}`);
    const apprenticeship = rng.chance(0.15);
    actionLines.push(
      [`AF.${300_000 + i}`, formation.label, `https://www.onisep.fr/ressources/univers-formation/formations/x/FOR.${formation.id}`, '', place.name,
        `https://www.onisep.fr/http/redirection/etablissement/slug/ENS.${place.id}`, place.uai, place.cp, place.status, '2 ans',
        apprenticeship ? 'apprentissage' : 'temps plein'].map(csvField).join(';') + '\n',
    );
  }
  await writeLines(join(dir, 'actions-de-formation.csv'), actionLines);

  // Métiers: each leads from one to eight formations.
  const metierLines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n<metiers>\n'];
  const metierSeen = new Set<string>();
  for (let i = 0; i < size.metiers; i++) {
    let label = `${rng.pick(MET_WORDS)} ${rng.pick(MET_QUALIFIERS)}`.trim();
    if (metierSeen.has(label)) label = `${label} (${i})`;
    metierSeen.add(label);
    const links = Array.from({ length: 1 + rng.int(8) }, () => rng.pick(formations));
    metierLines.push(
      ` <metier>\n  <libelle_metier>${xmlText(label)}</libelle_metier>\n` +
        `  <lien_site_onisepfr>https://www.onisep.fr/http/redirection/metier/slug/MET.${5000 + i}</lien_site_onisepfr>\n` +
        `  <nom_publication>Les métiers</nom_publication>\n  <code_rome>${'ABCDEFGHIJKLMN'[rng.int(14)]}${rng.digits(4)}</code_rome>\n` +
        `  <libelle_rome>${xmlText(label)}</libelle_rome>\n  <domainesous-domaine>${xmlText(rng.pick(SPECIALITIES)[0])}</domainesous-domaine>\n` +
        `  <formations_min_requise>\n${links.map((f) => `   <formation_min_requise><id>FOR.${f.id}</id><libelle>${xmlText(f.label)}</libelle></formation_min_requise>\n`).join('')}  </formations_min_requise>\n </metier>\n`,
    );
  }
  metierLines.push('</metiers>\n');
  await writeLines(join(dir, 'metiers.xml'), metierLines);

  return { files: ['actions-de-formation.csv', 'etablissements.json', 'formations.csv', 'metiers.xml'].map((f) => join(dir, f)), size };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: join(import.meta.dirname, 'results/onisep-full') } } });
  const started = Date.now();
  const result = await writeCatalogue(resolve(values.out!));
  console.log(`Wrote ${result.files.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
