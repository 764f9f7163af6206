/** An error shown next to the control that failed, announced when it appears. */
export function ErrorNote({ message, id }: { readonly message: string | null; readonly id?: string }) {
  if (message === null) return null;
  return (
    <p className="error-note" role="alert" id={id}>
      {message}
    </p>
  );
}
