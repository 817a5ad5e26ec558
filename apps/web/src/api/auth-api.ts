import type {
  ActivateBody,
  ChangePasswordBody,
  LoginBody,
  LoginProvidersResponse,
  LoginResponse,
  ResetPasswordBody,
  SessionResponse,
  UpdateMeBody,
} from '@preau/contracts';
import { api } from './client.ts';

/** The identity routes of the API (`/auth/*`, `/me`). */
export const authApi = {
  login: (body: LoginBody) => api.post<LoginResponse>('/auth/login', body),
  activate: (body: ActivateBody) => api.post<SessionResponse>('/auth/activate', body),
  logout: () => api.post<void>('/auth/logout'),
  logoutAll: () => api.post<void>('/auth/logout-all'),
  forgotPassword: (login: string) => api.post<{ message: string }>('/auth/password/forgot', { login }),
  resetPassword: (body: ResetPasswordBody) => api.post<void>('/auth/password/reset', body),
  me: () => api.get<SessionResponse>('/me'),
  updateMe: (body: UpdateMeBody) => api.patch<SessionResponse>('/me', body),
  changePassword: (body: ChangePasswordBody) => api.post<void>('/me/password', body),
  providers: () => api.get<LoginProvidersResponse>('/auth/providers'),
};
