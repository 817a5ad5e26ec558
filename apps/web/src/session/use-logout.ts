import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { authApi } from '../api/auth-api.ts';
import { dropRescue } from '../pages/messagerie/draft-rescue.ts';
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
      // Leaving on purpose on a shared computer: no copy of a message being written stays in the tab.
      dropRescue();
      endSession(queryClient);
      navigate('/connexion', { replace: true });
    },
  });
}
