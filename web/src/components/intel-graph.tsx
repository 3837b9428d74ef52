import { useTranslation } from "react-i18next";
import { useRouter } from "../router.tsx";

/**
 * An object's neighbourhood drawn as a star: the object in the middle, its neighbours on a
 * circle, each edge labelled with the property or relationship that joins them. The server caps
 * the graph at 40 nodes, so a fixed layout reads well and costs nothing to compute (a force
 * layout would move under the reader's eyes). Every node is a link, reachable by keyboard.
 */

/** A node as the API gives it. */
export interface IntelNode {
  id: string;
  type: string;
  title: string;
  tlp: string | null;
}

/** `source` → `target`, labelled. */
export interface GraphEdge {
  source: string;
  target: string;
  label: string;
}

const SIZE = 560;
const RADIUS = 210;

function short(text: string, max = 28): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function IntelGraph({ center, nodes, edges }: { center: string; nodes: IntelNode[]; edges: GraphEdge[] }) {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const others = nodes.filter((n) => n.id !== center);
  const middle = nodes.find((n) => n.id === center);
  if (others.length === 0) return <p className="muted">{t("intel.noNeighbours")}</p>;
  const at = new Map<string, { x: number; y: number }>([[center, { x: SIZE / 2, y: SIZE / 2 }]]);
  others.forEach((n, i) => {
    const angle = (2 * Math.PI * i) / others.length - Math.PI / 2;
    at.set(n.id, { x: SIZE / 2 + RADIUS * Math.cos(angle), y: SIZE / 2 + RADIUS * Math.sin(angle) });
  });
  const drawn = edges.filter((e) => at.has(e.source) && at.has(e.target));
  return (
    <figure className="graph">
      <svg viewBox={`0 0 ${SIZE} ${SIZE}`} aria-labelledby="intel-graph-title">
        <title id="intel-graph-title">{t("intel.graphLabel", { count: others.length, n: others.length })}</title>
        {drawn.map((e) => {
          const a = at.get(e.source) as { x: number; y: number };
          const b = at.get(e.target) as { x: number; y: number };
          return (
            <g key={`${e.source}-${e.target}-${e.label}`} className="edge">
              <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} />
              <text x={(a.x + b.x) / 2} y={(a.y + b.y) / 2 - 4} textAnchor="middle">
                {short(e.label, 22)}
              </text>
            </g>
          );
        })}
        {[...(middle ? [middle] : []), ...others].map((n) => {
          const p = at.get(n.id) as { x: number; y: number };
          const href = `/inteligencia/${encodeURIComponent(n.id)}`;
          return (
            <a
              key={n.id}
              href={href}
              className={n.id === center ? "node center" : "node"}
              onClick={(e) => {
                e.preventDefault();
                navigate(href);
              }}
            >
              <circle cx={p.x} cy={p.y} r={n.id === center ? 12 : 8} />
              <text x={p.x} y={p.y + 24} textAnchor="middle">
                {short(n.title)}
              </text>
              <text x={p.x} y={p.y + 38} textAnchor="middle" className="kind">
                {n.type}
              </text>
            </a>
          );
        })}
      </svg>
    </figure>
  );
}
