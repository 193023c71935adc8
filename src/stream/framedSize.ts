/** Bytes a length-delimited protobuf field of `length` bytes takes: 1-byte tag + varint + payload. */
export function framedSize(length: number): number {
  let varint = 1;
  for (let n = length; n >= 0x80; n = Math.floor(n / 128)) varint += 1;
  return 1 + varint + length;
}
