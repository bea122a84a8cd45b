/**
 * Signing in: whether the server needs credentials, and the sign-in / sign-out calls. The token
 * goes to the server once and lives on in an HttpOnly cookie this code never sees.
 */
import { useEffect, useState } from "react";
import { parseResponse, type InferResponseType } from "hono/client";
import { api } from "./client.ts";
import { errorMessage, type Loadable } from "./useLoad.ts";

export type Session = InferResponseType<typeof api.session.$get, 200>;

export function useSession(): Loadable<Session> {
  const [state, setState] = useState<Loadable<Session>>({ status: "loading" });
  useEffect(() => {
    let current = true;
    parseResponse(api.session.$get()).then(
      (data) => current && setState({ status: "ready", data }),
      (error: unknown) => current && setState({ status: "error", message: errorMessage(error) }),
    );
    return () => {
      current = false;
    };
  }, []);
  return state;
}

/** Null when signed in, else the server's reason. */
export async function signIn(token: string): Promise<string | null> {
  try {
    await parseResponse(api.session.$post({ json: { token } }));
    return null;
  } catch (error) {
    return errorMessage(error);
  }
}

export async function signOut(): Promise<void> {
  await api.session.$delete();
}
