/** `larger`, holding `from`'s values first: the columns and tables of the decision state double as they fill. */
export function grownTypedArray<T extends Int32Array | Uint32Array | Float64Array | Uint8Array>(from: T, larger: T): T {
  larger.set(from);
  return larger;
}
