/** `f`'s value, computed on the first call. */
export function once<V>(f: () => V): () => V {
  let done = false;
  let v: V;
  return () => {
    if (!done) {
      v = f();
      done = true;
    }
    return v;
  };
}
