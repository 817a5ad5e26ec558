/**
 * From ÉduConnect's `FrEduCtRefId` values to the AAF join keys Préau's imports store in
 * `accounts.external_id` (`AC-RENNES$5000001`, docs/provisioning/AAF.md). A value reads
 * `{AAF}<academy>|<…>|<ENTPersonJointure>` (older IdPs: `AAF…` without the braces); the academy is a
 * two-digit code or, on some IdPs, a three-letter one (STANDARDS.md §4.2).
 */

/** The académies' two-digit codes (the BCN's academy table, as ÉduConnect sends them). */
const academyByCode: Readonly<Record<string, string>> = {
  '01': 'PARIS',
  '02': 'AIX-MARSEILLE',
  '03': 'BESANCON',
  '04': 'BORDEAUX',
  '05': 'CAEN',
  '06': 'CLERMONT-FERRAND',
  '07': 'DIJON',
  '08': 'GRENOBLE',
  '09': 'LILLE',
  '10': 'LYON',
  '11': 'MONTPELLIER',
  '12': 'NANCY-METZ',
  '13': 'POITIERS',
  '14': 'RENNES',
  '15': 'STRASBOURG',
  '16': 'TOULOUSE',
  '17': 'NANTES',
  '18': 'ORLEANS-TOURS',
  '19': 'REIMS',
  '20': 'AMIENS',
  '21': 'ROUEN',
  '22': 'LIMOGES',
  '23': 'NICE',
  '24': 'CRETEIL',
  '25': 'VERSAILLES',
  '27': 'CORSE',
  '28': 'LA_REUNION',
  '31': 'MARTINIQUE',
  '32': 'GUADELOUPE',
  '33': 'GUYANE',
  '43': 'MAYOTTE',
  '70': 'NORMANDIE',
  // The three-letter forms STANDARDS.md §4.2 records; others are not verified (docs/CONFIGURATION.md).
  PAR: 'PARIS',
  VRS: 'VERSAILLES',
  CRE: 'CRETEIL',
};

/** The join key of one `FrEduCtRefId` value, or undefined when it is not an AAF reference Préau can read. */
export function joinKeyOf(value: string): string | undefined {
  const body = value.startsWith('{AAF}') ? value.slice(5) : value.startsWith('AAF') ? value.slice(3) : undefined;
  if (body === undefined) return undefined;
  const parts = body.split('|');
  if (parts.length !== 3) return undefined;
  const academy = academyByCode[parts[0]!.trim().toUpperCase()];
  const jointure = parts[2]!.trim();
  if (!academy || !jointure) return undefined;
  return `AC-${academy}$${jointure}`;
}

/** The distinct join keys of every readable value (a parent of children in several schools may have several). */
export function joinKeysOf(values: readonly string[]): string[] {
  return [...new Set(values.map(joinKeyOf).filter((key): key is string => key !== undefined))];
}
