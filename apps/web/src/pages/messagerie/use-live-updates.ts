import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { messagingKeys } from './messaging-queries.ts';

/**
 * Keeps the page live: one WebSocket to /api/v1/live while logged in; each
 * event refreshes the lists and counts it concerns. Reconnects with a
 * growing delay when the connection drops.
 */
export function useLiveUpdates(enabled: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof WebSocket === 'undefined') return;
    let socket: WebSocket | undefined;
    let stopped = false;
    let delay = 1000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
      socket = new WebSocket(`${scheme}://${window.location.host}/api/v1/live`);
      socket.onopen = () => {
        delay = 1000;
      };
      socket.onmessage = (event: MessageEvent<string>) => {
        let kind = '';
        try {
          kind = (JSON.parse(event.data) as { kind: string }).kind;
        } catch {
          return;
        }
        if (kind === 'live.ready') return;
        if (kind.startsWith('messaging.')) void queryClient.invalidateQueries({ queryKey: messagingKeys.all });
        void queryClient.invalidateQueries({ queryKey: messagingKeys.timeline });
      };
      socket.onclose = (event) => {
        if (stopped || event.code === 4401) return;
        timer = setTimeout(connect, delay);
        delay = Math.min(delay * 2, 30_000);
      };
    };
    connect();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      socket?.close();
    };
  }, [enabled, queryClient]);
}
