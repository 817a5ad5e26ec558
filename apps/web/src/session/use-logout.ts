import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { authApi } from '../api/auth-api.ts';
import { endSession } from './session.ts';

/** Logs out (this device, or every device with `everywhere`) and goes to the login page. */
export function useLogout(everywhere = false) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => (everywhere ? authApi.logoutAll() : authApi.logout()),
    onSettled: (_data, error) => {
      if (everywhere && error) return;
      endSession(queryClient);
      navigate('/connexion', { replace: true, state: { notice: everywhere ? 'loggedOutEverywhere' : 'loggedOut' } });
    },
  });
}
