import SerializerSelector from '@fastify/fast-json-stringify-compiler';

/** Keys that document a schema without changing how a value is written. */
const DOCUMENTATION = new Set(['description', 'examples', 'summary', 'title']);

/**
 * Fastify's own response serializer factory, compiling each distinct schema once. Most routes share
 * their error responses (ErrorResponse with another description), and compiling them again for
 * every route and status was most of the start-up time of a server (and of every test file).
 * Fastify asks the factory again for every route, so the cache spans calls. The shared schemas are
 * known by their $ids in the key: every one of them is added once, at the root (SHARED_SCHEMAS).
 */
export function cachedSerializerFactory(): SerializerSelector.SerializerFactory {
  const build = SerializerSelector();
  const compiled = new Map<string, SerializerSelector.Serializer>();
  const canonical = (value: unknown) =>
    JSON.stringify(value, (k, v: unknown) => (DOCUMENTATION.has(k) ? undefined : v));
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options);
    const context = canonical([Object.keys(externalSchemas ?? {}), options]);
    return (route) => {
      const key = `${context}\n${canonical(route.schema)}`;
      let serializer = compiled.get(key);
      if (!serializer) {
        serializer = compile(route);
        compiled.set(key, serializer);
      }
      return serializer;
    };
  };
}
