import { localize, type MxState, parseMxState } from "../../i18n/index.js";

/**
 * A state given on the command line, as people write it ("CDMX", "Ciudad de México", "Jalisco",
 * "Nuevo Leon", "MX-NLE"): its ISO 3166-2:MX code, or an error naming the option and what to write.
 */
export function stateOption(option: string, value: string): MxState {
  const code = parseMxState(value);
  if (code) return code;
  throw localize(new Error(value), "common:state.unknown", { name: option, value });
}
