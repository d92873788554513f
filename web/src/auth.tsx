import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, setUnauthorizedHandler } from './api';
import type { LoginResponse, Me, Role } from './types';

interface AuthState {
  /** undefined while the first GET /me is in flight; null when signed out. */
  me: Me | null | undefined;
  login(username: string, password: string): Promise<Me>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  const signedOut = useCallback(() => {
    setCsrfToken(null);
    setMe(null);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const current = await api.get<Me>('/me', undefined, { quiet401: true });
      setCsrfToken(current.csrfToken);
      setMe(current);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) signedOut();
      else throw e;
    }
  }, [signedOut]);

  useEffect(() => {
    setUnauthorizedHandler(signedOut);
    refresh().catch(() => setMe(null));
    return () => setUnauthorizedHandler(null);
  }, [refresh, signedOut]);

  const login = useCallback(async (username: string, password: string) => {
    const res = await api.post<LoginResponse>('/auth/login', { username, password }, { quiet401: true });
    setCsrfToken(res.csrfToken);
    const user = { ...res.user, csrfToken: res.csrfToken };
    setMe(user);
    return user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout', undefined, { quiet401: true });
    } finally {
      signedOut();
    }
  }, [signedOut]);

  const value = useMemo(() => ({ me, login, logout, refresh }), [me, login, logout, refresh]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in user; only for pages rendered inside the authenticated layout. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a session');
  return me;
}

export function hasAnyRole(me: Me | null | undefined, roles: readonly Role[] | 'all'): boolean {
  if (!me) return false;
  if (roles === 'all') return true;
  return me.roles.some((r) => roles.includes(r));
}
