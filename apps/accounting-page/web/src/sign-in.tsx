import { useState } from 'preact/hooks';
import { Problem, problemOfError, requestToken } from './api';
import { ProblemView } from './problem-view';
import { Session, sessionOf } from './session';

/** Username and password against auth-api's token endpoint; the token stays in memory. */
export function SignInForm(props: { username?: string; onSignedIn: (session: Session) => void; idPrefix: string; submitLabel?: string }) {
  const [username, setUsername] = useState(props.username ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const answer = await requestToken(username, password);
      setPassword('');
      props.onSignedIn(sessionOf(username, answer.access_token, answer.expires_in, Date.now()));
    } catch (error) {
      setProblem(problemOfError(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="sign-in" onSubmit={submit}>
      <label for={`${props.idPrefix}-username`}>Username</label>
      <input
        id={`${props.idPrefix}-username`}
        name="username"
        autocomplete="username"
        required
        value={username}
        onInput={(e) => setUsername(e.currentTarget.value)}
        autofocus={!props.username}
      />
      <label for={`${props.idPrefix}-password`}>Password</label>
      <input
        id={`${props.idPrefix}-password`}
        name="password"
        type="password"
        autocomplete="current-password"
        required
        value={password}
        onInput={(e) => setPassword(e.currentTarget.value)}
        autofocus={!!props.username}
      />
      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Signing in…' : (props.submitLabel ?? 'Sign in')}
      </button>
      <ProblemView problem={problem} />
    </form>
  );
}
