// Feature test for WebAssembly SIMD: a module whose one function returns a v128 constant.
//   (module (func (result v128) (v128.const i32x4 0 0 0 0)))
const simdProbe = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b,       // type section: () -> v128
  0x03, 0x02, 0x01, 0x00,                         // function section: one function of type 0
  0x0a, 0x16, 0x01, 0x14, 0x00,                   // code section: one body, 20 bytes, no locals
  0xfd, 0x0c, ...new Array<number>(16).fill(0),   // v128.const 0
  0x0b,                                           // end
]);

let cached: boolean | undefined;

/** True where WebAssembly SIMD (v128) is supported. */
export function hasSimd(): boolean {
  cached ??= typeof WebAssembly === 'object' && WebAssembly.validate(simdProbe);
  return cached;
}
