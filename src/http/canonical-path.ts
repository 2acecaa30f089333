/**
 * One spelling per path. The router matches the decoded path, so `/%5F_admin` and `/__admin` reach
 * the same route; anything that might still look at the URL would see two. A path is canonical when
 * it has no percent-encoded unreserved character (letters, digits, `-._~`: RFC 3986 says they are
 * never to be encoded), no empty segment (`//`, a trailing `/` aside) and no `.` or `..` segment.
 * Encoded reserved characters (`%2F`, `%20`, `%40`) are data and stay as they are.
 */
const ESCAPE = /%([0-9A-Fa-f]{2})/g;
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** The canonical form of a non-canonical path, or null when the path is canonical already. */
export function nonCanonical(path: string): string | null {
  const decoded = path.replace(ESCAPE, (escape, hex: string) => {
    const ch = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(ch) ? ch : escape;
  });
  const segments = decoded.split('/');
  const out: string[] = [];
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '.' || (segment === '' && i > 0 && !last)) return;
    if (segment === '..') {
      if (out.length > 1) out.pop();
      return;
    }
    out.push(segment);
  });
  // A path that ended in a dot segment names a folder: keep its trailing slash.
  const dotEnd = /(^|\/)\.\.?$/.test(decoded);
  const canonical = out.join('/') + (dotEnd && !out.join('/').endsWith('/') ? '/' : '');
  return canonical === path ? null : canonical || '/';
}
