/** Rich text already sanitized by the server (a message, a cahier de textes entry). */
export function RichText({ html, className }: { html: string; className?: string }) {
  return <div className={`rich-text ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
