import { useEffect, useState } from 'react';

type IsCommon = (word: string) => boolean;
let loading: Promise<IsCommon> | undefined;

/**
 * The common-password list of the shared rule, loaded on first use (80 kB,
 * its own chunk): undefined until it has arrived, and the checklist checks
 * the other parts of the rule meanwhile. The server always checks it.
 */
export function useCommonPasswords(): IsCommon | undefined {
  const [isCommon, setIsCommon] = useState<IsCommon | undefined>(undefined);
  useEffect(() => {
    let live = true;
    loading ??= import('@preau/contracts/common-passwords').then((module) => module.isCommonPassword);
    loading.then((check) => live && setIsCommon(() => check)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return isCommon;
}
