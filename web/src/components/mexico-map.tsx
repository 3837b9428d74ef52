import mexico from "@svg-maps/mexico";
import { useTranslation } from "react-i18next";

/**
 * Mexico's 32 states from the @svg-maps/mexico package (CC BY 4.0, Victor Cazanave; bundled, no
 * request at run time), each coloured by a value and each a button: click, Enter or Space
 * selects it. The map's ids (`jal`) are the ISO 3166-2:MX codes (`MX-JAL`) in lower case.
 * SVG shapes cannot be <button>s: they get the role, focus and keys of one, so biome's
 * useSemanticElements rule is off for this file.
 */

interface MapLocation {
  id: string;
  name: string;
  path: string;
}

/** The ISO 3166-2:MX code of a map location. */
export const stateCode = (id: string) => `MX-${id.toUpperCase()}`;

/** Names as Mexico writes them where the map's differ (it has "Mexico City", and "México" for the state). */
const OFFICIAL_NAMES: Record<string, string> = { cmx: "Ciudad de México", mex: "Estado de México" };

/** The 32 states with their names and codes. */
export const MAP_STATES = (mexico.locations as MapLocation[]).map((l) => ({
  ...l,
  name: OFFICIAL_NAMES[l.id] ?? l.name,
  code: stateCode(l.id),
}));

/** Colour steps, lightest first: none, then four levels of the largest value. */
const STEPS = ["step-0", "step-1", "step-2", "step-3", "step-4"] as const;

function stepOf(value: number, max: number): string {
  if (value <= 0 || max <= 0) return STEPS[0];
  return STEPS[Math.min(4, 1 + Math.floor((value / max) * 3.999))] as string;
}

/** The map: `values` by state code; `selected` and `onSelect` for the chosen state. */
export function MexicoMap(props: {
  values: ReadonlyMap<string, number>;
  label: string;
  selected: string | null;
  onSelect(code: string): void;
  describe(code: string, name: string, value: number): string;
  /** What the colours count, from none to `max` (default: exposure's legend). */
  legend?: (max: number) => string;
}) {
  const { t } = useTranslation();
  const max = Math.max(0, ...props.values.values());
  return (
    <figure className="map">
      <svg viewBox={mexico.viewBox} role="group" aria-label={props.label}>
        {MAP_STATES.map((s) => {
          const value = props.values.get(s.code) ?? 0;
          const label = props.describe(s.code, s.name, value);
          const select = () => props.onSelect(s.code);
          return (
            <path
              key={s.id}
              d={s.path}
              className={`state ${stepOf(value, max)}${props.selected === s.code ? " selected" : ""}`}
              role="button"
              tabIndex={0}
              aria-label={label}
              aria-pressed={props.selected === s.code}
              onClick={select}
              onKeyDown={(e) => {
                if (e.key === "Enter" || e.key === " ") {
                  e.preventDefault();
                  select();
                }
              }}
            >
              <title>{label}</title>
            </path>
          );
        })}
      </svg>
      <figcaption>
        <span className="legend" aria-hidden="true">
          {STEPS.map((s) => (
            <span key={s} className={`swatch ${s}`} />
          ))}
        </span>
        {props.legend ? props.legend(max) : t("map.legend", { max })}
      </figcaption>
    </figure>
  );
}
