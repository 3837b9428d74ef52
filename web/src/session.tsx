import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { api, SESSION_ENDED_EVENT } from "./api.ts";

/** Who is signed in and what the role may do (GET /api/v1/session). */
export interface Session {
  signedIn: boolean;
  /** Set when the server ended the session (expired, signed out elsewhere, password changed). */
  ended?: boolean;
  user?: { id: string; username: string; role: "admin" | "analyst" | "reader" | "partner" };
  organization?: { id: string; name: string };
  capabilities?: {
    readInventory: boolean;
    writeInventory: boolean;
    national: boolean;
    administer: boolean;
    readIntelligence: boolean;
    readIncidents: boolean;
    reportIncident: boolean;
    updateIncident: boolean;
    /** Submit the organization's incidents to the national CSIRT's hub. */
    submitIncident: boolean;
    /** The organization's detection alerts. */
    readAlerts: boolean;
    /** Acknowledge or dismiss the organization's alerts (every organization's with allAlerts). */
    updateAlerts: boolean;
    /** Every organization's alerts, not only its own (the national CSIRT). */
    allAlerts: boolean;
  };
}

/** A signed-in session: every field present. */
export type SignedIn = Required<Session>;

interface SessionState {
  session: Session | null;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

/** Loads the session once and offers sign-in and sign-out. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  useEffect(() => {
    api<Session>("/api/v1/session")
      .then(setSession)
      .catch(() => setSession({ signedIn: false }));
    const ended = () => setSession({ signedIn: false, ended: true });
    window.addEventListener(SESSION_ENDED_EVENT, ended);
    return () => window.removeEventListener(SESSION_ENDED_EVENT, ended);
  }, []);
  const signIn = useCallback(async (username: string, password: string) => {
    setSession(await api<Session>("/api/v1/session", { method: "POST", body: { username, password } }));
  }, []);
  const signOut = useCallback(async () => {
    await api("/api/v1/session", { method: "DELETE" });
    setSession({ signedIn: false });
  }, []);
  return <SessionContext.Provider value={{ session, signIn, signOut }}>{children}</SessionContext.Provider>;
}

/** The session state (inside SessionProvider). */
export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error("useSession outside SessionProvider");
  return state;
}

/** The signed-in session (only pages behind sign-in call this). */
export function useSignedIn(): SignedIn {
  const { session } = useSession();
  if (!session?.signedIn) throw new Error("useSignedIn before sign-in");
  return session as SignedIn;
}
