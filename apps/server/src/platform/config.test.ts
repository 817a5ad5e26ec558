import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, schoolYearOf } from './config.ts';
import { runningFrom } from './platform.ts';

describe('configuration', () => {
  it('has defaults that start the embedded mode on port 3000', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/data$/);
    expect(config.secureCookies).toBe(false);
  });

  it('lists every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', SESSION_IDLE_MINUTES: '0' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('PORT="abc"');
      expect(problems).toContain('DATABASE_URL="mysql://x"');
      expect(problems).toContain('SESSION_IDLE_MINUTES="0"');
    }
  });

  it('starts a moved clock outside production only (CLOCK_START)', () => {
    expect(loadConfig({ CLOCK_START: '2026-11-17T09:30:00+01:00' }).clockStart).toBe(Date.parse('2026-11-17T08:30:00Z'));
    expect(loadConfig({}).clockStart).toBeUndefined();
    expect(() => loadConfig({ CLOCK_START: 'mardi' })).toThrow(/CLOCK_START="mardi"/);
    expect(() => loadConfig({ NODE_ENV: 'production', ANTIVIRUS_DISABLED: 'true', CLOCK_START: '2026-11-17T09:30:00Z' })).toThrow(/CLOCK_START.*not allowed in production/);
  });

  it('runs a moved clock at the real pace from its start', () => {
    let real = 1_000_000;
    const clock = runningFrom(Date.parse('2026-11-17T08:30:00Z'), () => real);
    expect(new Date(clock()).toISOString()).toBe('2026-11-17T08:30:00.000Z');
    real += 90_000;
    expect(new Date(clock()).toISOString()).toBe('2026-11-17T08:31:30.000Z');
  });

  it('uses secure cookies behind an https public address', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://ent.example.fr/' }).secureCookies).toBe(true);
    expect(loadConfig({ PUBLIC_URL: 'https://ent.example.fr/' }).publicUrl).toBe('https://ent.example.fr');
  });

  it('names the school year by its start year, changing in August', () => {
    expect(schoolYearOf(new Date('2026-11-28'), {schoolYear: undefined})).toBe(2026);
    expect(schoolYearOf(new Date('2027-06-30'), {schoolYear: undefined})).toBe(2026);
    expect(schoolYearOf(new Date('2027-08-20'), {schoolYear: undefined})).toBe(2027);
    expect(schoolYearOf(new Date('2027-08-20'), {schoolYear: 2030})).toBe(2030);
  });
});
