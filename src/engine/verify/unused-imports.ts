/**
 * The import edit without the names that only reverted sites used: `import { detach, must }`
 * becomes `import { detach }` when every `must(...)` was reverted, so no unused import is left
 * behind (and no `noUnusedLocals` error). Works on the texts the `import` transform writes:
 * `{ a, b as c }`, `{ a, b: c }` (require), and `, a, b` merged into an existing import.
 */
export function withoutImportedNames(text: string, unused: ReadonlySet<string>): string {
  if (unused.size === 0) return text;
  const keep = (specifier: string): boolean => {
    const local = /(?:\s+as\s+|\s*:\s*)([\w$]+)$/.exec(specifier)?.[1] ?? specifier;
    return !unused.has(local);
  };
  if (text.includes('{')) {
    return text.replace(/\{([^{}]*)\}/g, (_group, inner: string) => {
      const kept = inner.split(',').map((s) => s.trim()).filter((s) => s !== '' && keep(s));
      return kept.length === 0 ? '{}' : `{ ${kept.join(', ')} }`;
    });
  }
  // `, a, b`: appended to an existing import's names.
  const kept = text.split(',').map((s) => s.trim()).filter((s) => s !== '' && keep(s));
  return kept.map((s) => `, ${s}`).join('');
}
