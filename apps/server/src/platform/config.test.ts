import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, schoolYearOf } from './config.ts';

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
