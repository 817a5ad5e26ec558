export * from './errors.ts';
export * from './uai.ts';
export * from './password-rule.ts';
export * from './common.ts';
export * from './auth.ts';
export * from './directory.ts';
export * from './admin.ts';
export * from './apps.ts';
