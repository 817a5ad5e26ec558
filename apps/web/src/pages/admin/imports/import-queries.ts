import { useQuery } from '@tanstack/react-query';
import type { ImportJobDetail } from '@preau/contracts';
import { provisioningApi } from '../../../api/provisioning-api.ts';

/** Query keys of the AAF and CSV imports, so that an upload can refresh the history. */
export const provisioningKeys = {
  all: ['provisioning'] as const,
  jobs: () => ['provisioning', 'jobs'] as const,
  job: (jobId: string) => ['provisioning', 'job', jobId] as const,
};

/** Whether an import is still to run or running (its page and the history follow it). */
export function isRunning(job: { status: ImportJobDetail['status'] } | undefined): boolean {
  return job?.status === 'QUEUED' || job?.status === 'RUNNING';
}

/** The imports of the collectivité, latest first; followed every 2 s while one of them runs. */
export function useImportJobs() {
  return useQuery({
    queryKey: provisioningKeys.jobs(),
    queryFn: provisioningApi.jobs,
    refetchInterval: (query) => (query.state.data?.items.some(isRunning) ? 2_000 : false),
  });
}

/** One import, followed every second while it runs (not while the tab is hidden). */
export function useImportJob(jobId: string) {
  return useQuery({
    queryKey: provisioningKeys.job(jobId),
    queryFn: () => provisioningApi.job(jobId),
    refetchInterval: (query) => (isRunning(query.state.data) ? 1_000 : false),
    refetchIntervalInBackground: false,
  });
}
