// Placeholder: the editor (issue 4) replaces this file.
export function DraftView({ negotiation }: { readonly negotiation: string }) {
  return <p>Draft of {negotiation}</p>;
}
