/** The body is plain text: blank lines separate paragraphs; never rendered as HTML. */
export function EventBody({ text }: { text: string }) {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <div className="event-body" data-testid="event-body">
      {paragraphs.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs have no identity beyond their order
        <p key={i}>{p}</p>
      ))}
    </div>
  );
}
