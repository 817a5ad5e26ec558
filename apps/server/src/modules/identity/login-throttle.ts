import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/platform.ts';

const IP_WINDOW_MS = 15 * 60_000;
const LOGIN_WINDOW_MS = 24 * 3_600_000;
const MAX_DELAY_MS = 15 * 60_000;

/**
 * Login throttling (docs/decisions/0005). Every attempt is counted *before*
 * its password is checked, in one atomic step of the counter store, so a
 * burst of concurrent attempts gets no more checks than a patient attacker.
 *
 * Per IP, at most LOGIN_MAX_PER_IP attempts over 15 minutes; a success gives
 * its count back (a whole school behind one NAT address logs in all morning).
 * Per login, after a few free attempts each new one waits a delay that
 * doubles, up to 15 minutes; a success resets it. The same answer is given
 * whether the login exists or not.
 */
export class LoginThrottle {
  constructor(private readonly platform: Platform) {}

  private ipKey(ip: string) {
    return `login-ip:${ip}`;
  }
  private loginKey(login: string) {
    return `login-fail:${login}`;
  }

  /** Counts this attempt, or throws RATE_LIMITED when this IP or this login must wait. */
  async admit(ip: string, login: string): Promise<void> {
    const now = this.platform.now();
    const { loginMaxPerIp, loginFreeFailures } = this.platform.config;
    const byIp = await this.platform.counters.increment(this.ipKey(ip), IP_WINDOW_MS, now);
    if (byIp.count > loginMaxPerIp) {
      throw new AppError('RATE_LIMITED', { retryAfter: Math.max(1, Math.ceil((byIp.expiresAt - now) / 1000)) });
    }
    const byLogin = await this.platform.counters.take(this.loginKey(login), LOGIN_WINDOW_MS, now, {
      free: loginFreeFailures,
      maxDelayMs: MAX_DELAY_MS,
    });
    if (!byLogin.admitted) {
      // No password is checked for this attempt: the address keeps its allowance.
      await this.platform.counters.decrement(this.ipKey(ip));
      throw new AppError('RATE_LIMITED', { retryAfter: Math.ceil(byLogin.retryAfterMs / 1000) });
    }
  }

  /** A right password: the address gets its attempt back and the login starts afresh. */
  async recordSuccess(ip: string, login: string): Promise<void> {
    await this.platform.counters.decrement(this.ipKey(ip));
    await this.platform.counters.reset(this.loginKey(login));
  }
}
