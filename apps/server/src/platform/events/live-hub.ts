import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { LiveMessage } from './domain-event.ts';

export type LiveListener = (accountIds: readonly string[], message: LiveMessage) => void;

/**
 * Carries live events to every server process, each of which hands them to
 * its own open connections. In one process an EventEmitter is enough; with
 * Redis configured, events cross processes through a pub/sub channel.
 */
export interface LiveHub {
  broadcast(accountIds: readonly string[], message: LiveMessage): Promise<void>;
  subscribe(listener: LiveListener): () => void;
  close(): Promise<void>;
}

interface Envelope {
  accountIds: readonly string[];
  message: LiveMessage;
}

export class LocalLiveHub implements LiveHub {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async broadcast(accountIds: readonly string[], message: LiveMessage): Promise<void> {
    this.emitter.emit('event', accountIds, message);
  }

  subscribe(listener: LiveListener): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

export const liveChannel = 'preau:live';

export class RedisLiveHub implements LiveHub {
  private readonly local = new LocalLiveHub();
  private subscriber: Redis | undefined;

  constructor(
    private readonly publisher: Redis,
    private readonly channel = liveChannel,
  ) {}

  /** Opens the subscriber connection (a Redis connection in subscribe mode can do nothing else). */
  async start(): Promise<void> {
    // Its SUBSCRIBE is sent while it connects, hence the offline queue the publisher turns off once connected.
    const subscriber = this.publisher.duplicate({ enableOfflineQueue: true });
    // Reconnects by itself; the publisher's listener already reports the outage once.
    subscriber.on('error', () => undefined);
    subscriber.on('message', (channel: string, payload: string) => {
      if (channel !== this.channel) return;
      const envelope = JSON.parse(payload) as Envelope;
      void this.local.broadcast(envelope.accountIds, envelope.message);
    });
    await subscriber.subscribe(this.channel);
    this.subscriber = subscriber;
  }

  async broadcast(accountIds: readonly string[], message: LiveMessage): Promise<void> {
    const envelope: Envelope = { accountIds, message };
    await this.publisher.publish(this.channel, JSON.stringify(envelope));
  }

  subscribe(listener: LiveListener): () => void {
    return this.local.subscribe(listener);
  }

  async close(): Promise<void> {
    await this.subscriber?.quit();
    await this.local.close();
  }
}
