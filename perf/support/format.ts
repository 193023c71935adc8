/** Number formats shared by the benchmark and load reports. */
export const mib = (bytes: number): string => (Number.isFinite(bytes) ? (bytes / 2 ** 20).toFixed(1) : "–");
export const int = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "–");
export const fixed = (n: number, digits: number): string => (Number.isFinite(n) ? n.toFixed(digits) : "–");
export const ratio = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(2)}×` : "–");
