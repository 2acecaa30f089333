import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type Serializer = (data: unknown) => string;
type RouteDefinition = { method: string; url: string; httpStatus: string; schema?: unknown };

/**
 * Fastify's response serializers (fast-json-stringify), built when a route first answers with a status
 * and shared between identical schemas. Building one per route and status at start, every error
 * response alike, was most of the start-up time, for routes a run may never call.
 */
export function lazySerializers() {
  const defaults = SerializerSelector();
  return (externalSchemas?: unknown, options?: Parameters<typeof defaults>[1]) => {
    const compile = defaults(externalSchemas, options);
    const built = new Map<string, Serializer>();
    return (route: RouteDefinition): Serializer => {
      const key = JSON.stringify(route.schema);
      let serialize: Serializer | undefined;
      return (data) => {
        if (!serialize) {
          serialize = built.get(key) ?? compile(route);
          built.set(key, serialize);
        }
        return serialize(data);
      };
    };
  };
}
