import { api, isApiError } from './client';
import type { Role, User } from './types';

export interface SignupInput {
  email: string;
  password: string;
  displayName: string;
  role: Role;
  locale?: string;
}

export const authApi = {
  /** The signed-in user, or null for a visitor. */
  me: async (): Promise<User | null> => {
    try {
      return (await api.get<{ user: User }>('/api/auth/me')).user;
    } catch (e) {
      if (isApiError(e) && e.status === 401) return null;
      throw e;
    }
  },
  login: (email: string, password: string) =>
    api.post<{ user: User }>('/api/auth/login', { email, password }).then((r) => r.user),
  signup: (input: SignupInput) => api.post<{ user: User }>('/api/auth/signup', input).then((r) => r.user),
  logout: () => api.post<void>('/api/auth/logout'),
  /** Ends every other session; with `revokeApiKeys`, revokes the API keys too. */
  changePassword: (currentPassword: string, newPassword: string, revokeApiKeys = false) =>
    api.post<{ sessionsEnded: number; apiKeysRevoked: number }>('/api/auth/password', {
      currentPassword,
      newPassword,
      revokeApiKeys,
    }),
};
