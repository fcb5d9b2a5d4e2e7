/**
 * The 0.3 `wasi:http/middleware` world (wasi:http 0.3.0, `world middleware {
 * include service; import handler; }`): a component that exports
 * `wasi:http/handler` and imports it too. The imported handler is the next
 * hop; the component hands it requests, changed or not, and hands its
 * responses back, changed or not. A runtime links the import to another
 * component or to its own outgoing client.
 *
 * In the simulated world the next hop is the scripted upstream named by the
 * request's authority, exactly as for `wasi:http/client.send`: the request is
 * recorded and answered the same way. The 0.2 original of a middleware is a
 * proxy that forwards through `outgoing-handler.handle`, so its port to the
 * middleware world must compare equal to it, and a port to `client.send` must
 * compare equal to both.
 */

/** `wasi:http/handler@0.3.0` as an import: `handle: async func(request) -> result<response, error-code>`, served by `send`. */
export function nextHop<Req, Res>(client: { send(req: Req): Promise<Res> }): { handle(req: Req): Promise<Res> } {
  return { handle: (req: Req) => client.send(req) };
}
