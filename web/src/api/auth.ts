import type { paths } from '../../../client/index.js';
import { isApiError } from './client';
import { call, carnival, type Schemas } from './typed';

export type User = Schemas['User'];

/** The sign-up form's fields, as the server takes them. */
export type SignupInput = paths['/api/auth/signup']['post']['requestBody']['content']['application/json'];

export const authApi = {
  /** The signed-in user, or null for a visitor. */
  me: async (): Promise<User | null> => {
    try {
      return (await call(carnival.GET('/api/auth/me'))).user;
    } catch (e) {
      if (isApiError(e) && e.status === 401) return null;
      throw e;
    }
  },
  login: async (email: string, password: string) =>
    (await call(carnival.POST('/api/auth/login', { body: { email, password } }))).user,
  signup: async (input: SignupInput) => (await call(carnival.POST('/api/auth/signup', { body: input }))).user,
  logout: () => call(carnival.POST('/api/auth/logout')),
  /** Ends every other session; with `revokeApiKeys`, revokes the API keys too. */
  changePassword: (currentPassword: string, newPassword: string, revokeApiKeys = false) =>
    call(carnival.POST('/api/auth/password', { body: { currentPassword, newPassword, revokeApiKeys } })),
};
