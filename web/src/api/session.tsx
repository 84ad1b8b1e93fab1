// Who is logged in. The session is the server's (an HttpOnly cookie the UI never sees); the UI
// keeps only what /auth/me says: the user, the permissions and the CSRF token, in memory.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useMemo, type ReactNode } from "react";
import type { z } from "zod";
import type { SessionSchema } from "../../../src/contracts/auth.ts";
import type { Action } from "../../../src/auth/permissions.ts";
import { api, ApiError, onSessionLost, setCsrfToken } from "./client.ts";

export type Session = z.infer<typeof SessionSchema>;
export const SESSION_KEY = ["session"] as const;

interface SessionState {
  session: Session | null;
  loading: boolean;
  /** True once the server ended a session this page had (expired, logged out elsewhere). */
  expired: boolean;
  can(action: Action): boolean;
  login(input: { email: string; password: string; totp?: string }): Promise<Session>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);
const EXPIRED_KEY = ["session-expired"] as const;

async function fetchSession(): Promise<Session | null> {
  try {
    const session = await api<Session>("/auth/me");
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Infinity, retry: false });
  const expired = useQuery({ queryKey: EXPIRED_KEY, queryFn: () => false, staleTime: Infinity, initialData: false });

  useEffect(() => {
    onSessionLost(() => {
      if (queryClient.getQueryData(SESSION_KEY)) queryClient.setQueryData(EXPIRED_KEY, true);
      queryClient.setQueryData(SESSION_KEY, null);
    });
  }, [queryClient]);

  const value = useMemo<SessionState>(() => {
    const session = query.data ?? null;
    const permissions = new Set(session?.permissions ?? []);
    return {
      session,
      loading: query.isPending,
      expired: expired.data,
      can: (action) => permissions.has(action),
      async login(input) {
        const next = await api<Session>("/auth/login", { method: "POST", body: input });
        setCsrfToken(next.csrfToken);
        // Nothing cached under another user may be shown to this one.
        queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
        queryClient.setQueryData(SESSION_KEY, next);
        queryClient.setQueryData(EXPIRED_KEY, false);
        return next;
      },
      async logout() {
        try {
          await api("/auth/logout", { method: "POST" });
        } finally {
          setCsrfToken("");
          queryClient.clear();
          queryClient.setQueryData(SESSION_KEY, null);
        }
      },
      async refresh() {
        await queryClient.invalidateQueries({ queryKey: SESSION_KEY });
      },
    };
  }, [query.data, query.isPending, expired.data, queryClient]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error("useSession outside SessionProvider");
  return state;
}
