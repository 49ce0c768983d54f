/**
 * The deepest nesting of objects and arrays in a JSON text, found by one pass over its bytes without parsing it,
 * and stopping as soon as `max` is exceeded: a body nested thousands deep is refused before any parser, serialiser
 * or socket.io encoder (all recursive) can overflow the stack on it.
 */
export function jsonDepthExceeds(text: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next byte is escaped (RFC 8259 §7)
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
