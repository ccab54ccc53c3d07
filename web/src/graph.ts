// The trust graph drawn with cytoscape and the fCoSE force layout: banks as squares, people
// as dots, an edge from an issuing bank to each holder of its notes; the routes of a payment
// highlighted. Labels are short and hidden when zoomed out, so a few hundred nodes stay legible.

import type { Core, ElementDefinition } from 'cytoscape';
import type { Graph } from './service.js';

export interface Highlight {
  /** Banks and people on the chosen routes. */
  nodes: string[];
  /** Lines (bank → holder) the routes move value on. */
  lines: { bank: string; holder: string }[];
}

type Cytoscape = typeof import('cytoscape');

let loaded: Promise<Cytoscape> | null = null;

/** cytoscape and the fCoSE layout, loaded on first use (a chunk of their own). */
function cytoscapeLib(): Promise<Cytoscape> {
  const unwrap = <T>(m: T | { default: T }): T =>
    m && typeof m === 'object' && 'default' in m ? (m as { default: T }).default : (m as T);
  loaded ??= Promise.all([import('cytoscape'), import('cytoscape-fcose')]).then(([c, f]) => {
    const cy = unwrap<Cytoscape>(c as Cytoscape | { default: Cytoscape });
    cy.use(unwrap(f as unknown as cytoscape.Ext | { default: cytoscape.Ext }));
    return cy;
  });
  return loaded;
}

const edgeId = (bank: string, holder: string) => `${bank}>${holder}`;

/** The least a node measures on the screen, in pixels, however far out the view is zoomed. */
const MIN_NODE_PX = 7;

export class GraphView {
  readonly container: HTMLElement;
  #cy: Core | null = null;
  #key = '';

  constructor(container: HTMLElement) {
    this.container = container;
  }

  /** Draws `graph` (re-laying out only when its nodes or lines changed) and highlights `hl`.
   * `label(id)` gives a node's short label. */
  async draw(graph: Graph, label: (id: string) => string, hl: Highlight | null, me: string | null): Promise<void> {
    const cytoscape = await cytoscapeLib();
    const key = JSON.stringify([graph.nodes.map((n) => n.id), graph.lines.map((l) => edgeId(l.bank, l.holder))]);
    const elements: ElementDefinition[] = [];
    const ids = new Set<string>();
    for (const n of graph.nodes) {
      ids.add(n.id);
      elements.push({ data: { id: n.id, label: label(n.id) }, classes: n.kind });
    }
    for (const l of graph.lines) {
      if (!ids.has(l.bank) || !ids.has(l.holder)) continue;
      elements.push({
        data: { id: edgeId(l.bank, l.holder), source: l.bank, target: l.holder, held: l.held, limit: l.limit },
        classes: l.held !== '0' ? 'line held' : 'line',
      });
    }
    // A bank's owner, faintly linked to it.
    for (const n of graph.nodes) {
      if (n.kind === 'bank' && n.owner && ids.has(n.owner)) {
        elements.push({ data: { id: `own:${n.id}`, source: n.owner, target: n.id }, classes: 'owns' });
      }
    }
    if (!this.#cy || key !== this.#key) {
      this.#cy?.destroy();
      this.#key = key;
      const many = graph.nodes.length > 80;
      this.#cy = cytoscape({
        container: this.container,
        elements,
        minZoom: 0.05,
        maxZoom: 4,
        style: [
          {
            selector: 'node',
            style: {
              label: 'data(label)',
              'font-size': 10,
              'min-zoomed-font-size': 8,
              'text-valign': 'bottom',
              'text-margin-y': 2,
              color: '#333',
              width: 14,
              height: 14,
              'background-color': '#8aa4c8',
            },
          },
          { selector: 'node.bank', style: { shape: 'round-rectangle', 'background-color': '#3b6fb6', width: 18, height: 18 } },
          { selector: 'node.person', style: { 'background-color': '#b9c4d0', width: 10, height: 10 } },
          // In a large graph only banks are labelled (and me, and whoever a route touches).
          ...(many ? [{ selector: 'node.person', style: { label: '' } }] : []),
          { selector: 'node.person.me, node.person.route', style: { label: 'data(label)' } },
          {
            selector: 'edge',
            style: {
              width: 1,
              'line-color': '#c5ccd6',
              'curve-style': 'bezier',
              'target-arrow-shape': 'triangle',
              'target-arrow-color': '#c5ccd6',
              'arrow-scale': 0.6,
            },
          },
          { selector: 'edge.held', style: { 'line-color': '#8c9bb0', 'target-arrow-color': '#8c9bb0', width: 1.5 } },
          { selector: 'edge.owns', style: { 'line-style': 'dotted', 'target-arrow-shape': 'none', width: 0.8 } },
          { selector: 'node.me', style: { 'border-width': 3, 'border-color': '#2a2' } },
          { selector: 'node.route', style: { 'background-color': '#e07b00', 'font-weight': 'bold', 'z-index': 10 } },
          {
            selector: 'edge.route',
            style: { 'line-color': '#e07b00', 'target-arrow-color': '#e07b00', width: 4, 'z-index': 10 },
          },
        ],
        layout: {
          name: 'fcose',
          animate: false,
          quality: 'default',
          randomize: true,
          nodeRepulsion: () => (many ? 3000000 : 8000),
          idealEdgeLength: (e: cytoscape.EdgeSingular) => (e.hasClass('owns') ? 20 : many ? 160 : 70),
          edgeElasticity: (e: cytoscape.EdgeSingular) => (e.hasClass('owns') ? 0.9 : 0.45),
          gravity: many ? 0.05 : 0.25,
          numIter: 2500,
          nodeSeparation: 60,
          // Lay out nodes with their labels' room, so labels do not land on each other.
          nodeDimensionsIncludeLabels: true,
          packComponents: true,
          tilingPaddingVertical: 24,
          tilingPaddingHorizontal: 48,
        } as cytoscape.LayoutOptions,
      });
      // The layout is not animated: the positions are final here.
      this.#measure(this.#cy);
      // Zoomed out over a large graph, keep every node at least a few pixels across on the
      // screen (its size in the layout is what the measure above used).
      const drawn = this.#cy;
      const keepVisible = () => {
        const z = drawn.zoom();
        drawn.batch(() => {
          for (const [sel, size] of [['node.bank', 18], ['node.person', 10]] as const) {
            const px = Math.max(size, MIN_NODE_PX / z);
            drawn.nodes(sel).style({ width: px, height: px });
          }
        });
      };
      drawn.on('zoom', keepVisible);
      keepVisible();
    } else {
      for (const n of graph.nodes) this.#cy.getElementById(n.id).data('label', label(n.id));
    }
    const cy: Core = this.#cy;
    cy.elements().removeClass('route me');
    if (me) cy.getElementById(me).addClass('me');
    if (hl) {
      for (const id of hl.nodes) cy.getElementById(id).addClass('route');
      for (const l of hl.lines) {
        const e = cy.getElementById(edgeId(l.bank, l.holder));
        if (e.nonempty()) e.addClass('route');
        else if (cy.getElementById(l.bank).nonempty() && cy.getElementById(l.holder).nonempty()) {
          cy.add({ data: { id: edgeId(l.bank, l.holder), source: l.bank, target: l.holder }, classes: 'line route' });
        }
      }
      const on = cy.elements('.route');
      if (on.nonempty()) {
        cy.fit(on.closedNeighborhood(), 40);
        if (cy.zoom() > 1.5) {
          const bb = on.boundingBox();
          cy.zoom({ level: 1.5, position: { x: (bb.x1 + bb.x2) / 2, y: (bb.y1 + bb.y2) / 2 } });
        }
      }
    }
  }

  /** How many pairs of labelled nodes overlap, labels included, in the layout's own
   * coordinates (what zooming in shows): the drawing's legibility, which the browser tests
   * check on a few hundred banks. Kept on the container as `data-nodes` / `data-overlaps`. */
  #measure(cy: Core): void {
    const boxes = cy
      .nodes()
      .filter((n) => n.style('label') !== '')
      .map((n) => n.boundingBox({ includeLabels: true, includeOverlays: false }));
    let overlaps = 0;
    for (let i = 0; i < boxes.length; i++) {
      const a = boxes[i]!;
      for (let j = i + 1; j < boxes.length; j++) {
        const b = boxes[j]!;
        if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) overlaps++;
      }
    }
    this.container.dataset.nodes = String(cy.nodes().length);
    this.container.dataset.labelled = String(boxes.length);
    this.container.dataset.overlaps = String(overlaps);
  }

  /** Counts, for tests and status lines. */
  get size(): { nodes: number; edges: number } {
    return { nodes: this.#cy?.nodes().length ?? 0, edges: this.#cy?.edges().length ?? 0 };
  }
}
