import { Problem } from './api';

/** An API error as its problem+json title, with the detail and the offending fields. */
export function ProblemView({ problem }: { problem: Problem | undefined }) {
  if (!problem) return null;
  return (
    <div class="problem" role="alert">
      <p class="problem-title">{problem.title}</p>
      {problem.detail && problem.detail !== problem.title && <p>{problem.detail}</p>}
      {problem.errors && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((e) => (
            <li key={e.field}>
              {e.field}: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
