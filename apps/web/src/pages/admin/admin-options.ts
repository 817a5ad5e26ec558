import {
  accountStatuses,
  classLevels,
  profiles,
  staffFunctions,
  structureTypes,
  type SchoolClass,
} from '@preau/contracts';
import type { TFunction } from 'i18next';
import type { SelectOption } from '../../components/SelectField.tsx';

/** The choices of the admin forms' selects, translated. */
export const adminOptions = {
  profiles: (t: TFunction): SelectOption[] => profiles.map((value) => ({ value, label: t(`profiles.${value}`) })),
  staffFunctions: (t: TFunction): SelectOption[] =>
    staffFunctions.map((value) => ({ value, label: t(`staffFunctions.${value}`) })),
  statuses: (t: TFunction): SelectOption[] => accountStatuses.map((value) => ({ value, label: t(`statuses.${value}`) })),
  structureTypes: (t: TFunction): SelectOption[] =>
    structureTypes.map((value) => ({ value, label: t(`structureTypes.${value}`) })),
  classLevels: (t: TFunction): SelectOption[] => classLevels.map((value) => ({ value, label: t(`classLevels.${value}`) })),
  classes: (classes: readonly SchoolClass[] | undefined): SelectOption[] =>
    (classes ?? []).map((schoolClass) => ({ value: schoolClass.id, label: schoolClass.name })),
};

/** Narrows a select's value to one of `values`, or `undefined` for the empty choice. */
export function oneOf<T extends string>(values: readonly T[], value: string): T | undefined {
  return (values as readonly string[]).includes(value) ? (value as T) : undefined;
}
