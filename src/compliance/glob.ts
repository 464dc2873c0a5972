/**
 * A glob as the config's `include`/`exclude` write them, as a regular expression over a path
 * relative to the root (`/`-separated): `**` any folders, `*` and `?` within one name,
 * `{a,b}` alternatives. Matching is done on names already found, so no file system walk.
 */
export function globToRegExp(written: string): RegExp {
  const glob = written.replace(/^\.\//, '');
  let source = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '{') {
      braces++;
      source += '(?:';
    } else if (char === '}' && braces > 0) {
      braces--;
      source += ')';
    } else if (char === ',' && braces > 0) source += '|';
    else source += char.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Whether a root-relative path matches any of the globs (compiled once). */
export function globMatcher(globs: readonly string[]): (file: string) => boolean {
  const patterns = globs.map(globToRegExp);
  return (file) => patterns.some((pattern) => pattern.test(file));
}
