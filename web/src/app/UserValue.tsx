/** A private-use character no catalogue text or typed value holds: where the value goes. */
const MARK = '\uE000';

/**
 * A catalogue message around one value people typed (a proposal's title in 你的议题「…」未能入选),
 * with the value in a `data-user-content` span: it is shown as typed, in whatever language, and
 * the i18n walk does not judge it while it still judges the catalogue's words around it.
 */
export function UserValue({ message, value }: { message(value: string): string; value: string }) {
  const text = message(MARK);
  const at = text.indexOf(MARK);
  if (at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <span data-user-content>{value}</span>
      {text.slice(at + MARK.length)}
    </>
  );
}
