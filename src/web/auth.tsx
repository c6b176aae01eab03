import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, setUnauthorizedHandler, type LoginResult, type Me } from './api.js';

interface AuthState {
  /** undefined while the first /api/me is in flight, null when signed out. */
  me: Me | null | undefined;
  login(username: string, password: string): Promise<Me>;
  logout(): Promise<void>;
  can(permission: string): boolean;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  useEffect(() => {
    let isCurrent = true;
    api<Me>('/api/me')
      .then((user) => {
        if (!isCurrent) return;
        setCsrfToken(user.csrfToken ?? null);
        setMe(user);
      })
      .catch(() => isCurrent && setMe(null));
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      setMe(null);
    });
    return () => {
      isCurrent = false;
      setUnauthorizedHandler(null);
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const result = await api<LoginResult>('/api/auth/login', { method: 'POST', body: { username, password } });
    setCsrfToken(result.csrfToken);
    setMe(result.user);
    return result.user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api('/api/auth/logout', { method: 'POST' });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
    setCsrfToken(null);
    setMe(null);
  }, []);

  const value = useMemo<AuthState>(
    () => ({ me, login, logout, can: (permission) => Boolean(me?.permissions.includes(permission)) }),
    [me, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in user; only for components rendered inside the authenticated shell. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a signed-in user');
  return me;
}
