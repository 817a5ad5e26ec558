import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';

const WINDOW_MS = 15 * 60_000;
const MAX_DELAY_S = 15 * 60;

/**
 * Login throttling. Per IP, failed attempts are counted over 15 minutes (a
 * whole school behind one NAT address logs in successfully all morning, so
 * successes do not count). Per login, after a few free failures each new
 * attempt must wait a delay that doubles, up to 15 minutes. The same answer is
 * given whether the login exists or not.
 */
export class LoginThrottle {
  constructor(private readonly platform: Platform) {}

  private ipKey(ip: string) {
    return `login-ip:${ip}`;
  }
  private loginKey(login: string) {
    return `login-fail:${login}`;
  }

  /** Throws RATE_LIMITED when this IP or this login must wait. */
  async check(ip: string, login: string): Promise<void> {
    const now = this.platform.now();
    const { loginMaxPerIp, loginFreeFailures } = this.platform.config;
    const [byIp, byLogin] = await Promise.all([
      this.platform.counters.get(this.ipKey(ip), now),
      this.platform.counters.get(this.loginKey(login), now),
    ]);
    if (byIp && byIp.count >= loginMaxPerIp) {
      throw new AppError('RATE_LIMITED', { retryAfter: Math.max(1, Math.ceil((byIp.expiresAt - now) / 1000)) });
    }
    if (byLogin && byLogin.count >= loginFreeFailures) {
      const delayS = Math.min(2 ** (byLogin.count - loginFreeFailures), MAX_DELAY_S);
      const waitMs = byLogin.lastAt + delayS * 1000 - now;
      if (waitMs > 0) throw new AppError('RATE_LIMITED', { retryAfter: Math.ceil(waitMs / 1000) });
    }
  }

  async recordFailure(ip: string, login: string): Promise<void> {
    const now = this.platform.now();
    await this.platform.counters.increment(this.ipKey(ip), WINDOW_MS, now);
    // Per-login failures are remembered for a day so the delay keeps growing.
    await this.platform.counters.increment(this.loginKey(login), 24 * 3_600_000, now);
  }

  async recordSuccess(login: string): Promise<void> {
    await this.platform.counters.reset(this.loginKey(login));
  }
}
