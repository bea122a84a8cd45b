import { useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import { signIn } from "../api/session.ts";

/** Where a shared server sends people without a sign-in: paste an API token (viewer or admin). */
export default function SignIn() {
  const [params] = useSearchParams();
  const [token, setToken] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Only a path on this site: never send someone elsewhere after signing in.
  const next = params.get("next")?.startsWith("/") === true && !params.get("next")?.startsWith("//") ? (params.get("next") ?? "/") : "/";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const refused = await signIn(token.trim());
    setBusy(false);
    if (refused === null) window.location.assign(next);
    else setProblem(refused);
  };

  return (
    <section className="sign-in" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">Sign in</h1>
      <p>This opsledger needs an API token. Ask an admin for one (<code>opsledger token create --name you --role viewer</code>).</p>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="token">API token</label>
        <input id="token" name="token" type="password" autoComplete="off" spellCheck={false} value={token} onChange={(e) => setToken(e.target.value)} required placeholder="opsl_…" />
        <button type="submit" disabled={busy || token.trim() === ""}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {problem !== null && (
        <p className="state state-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
