import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { authApi } from '../api/auth-api.ts';
import { setLoginNotice } from './login-notice.ts';
import { endSession } from './session.ts';

/** Logs out (this device, or every device with `everywhere`) and goes to the login page. */
export function useLogout(everywhere = false) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => (everywhere ? authApi.logoutAll() : authApi.logout()),
    onSettled: (_data, error) => {
      // Logging out here always works locally; logging out everywhere must have reached the server.
      if (everywhere && error) return;
      setLoginNotice(everywhere ? 'loggedOutEverywhere' : 'loggedOut');
      endSession(queryClient);
      navigate('/connexion', { replace: true });
    },
  });
}
