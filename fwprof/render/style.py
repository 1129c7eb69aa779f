"""The report's inline stylesheet (system fonts only, nothing fetched), light and dark.

The dark scheme follows the reader's ``prefers-color-scheme``. The inline SVG charts draw their
text, axes and grid with fixed colours (presentation attributes, :mod:`fwprof.render.svg`);
CSS rules outrank those attributes, so the dark block repaints exactly those colours by
attribute selector. The frameworks' and phases' colours stay: they read on both backgrounds.
"""

from fwprof.render.svg import AXIS_COLOR, GRID_COLOR, MUTED_COLOR, TEXT_COLOR

_LIGHT = """
:root { color-scheme: light dark;
  --text: #1f2328; --muted: #6b7280; --line: #e3e6ea; --bg: #f4f5f7; --card: #ffffff;
  --good: #1a7f37; --bad: #c62828; --warn: #9a6700; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1160px; margin: 0 auto; padding: 28px 24px 40px; }
header h1 { font-size: 24px; margin: 0 0 4px; font-weight: 650; letter-spacing: -0.01em; }
header .sub { color: var(--muted); margin: 0 0 20px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 10px;
  padding: 18px 22px; margin: 0 0 18px; }
h2 { font-size: 16px; margin: 0 0 12px; font-weight: 650; }
h3 { font-size: 13px; margin: 16px 0 6px; color: var(--muted); font-weight: 600;
  text-transform: uppercase; letter-spacing: 0.04em; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--line); border-left: 5px solid; border-radius: 8px; padding: 12px 14px; }
.card-title { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
.card-verdict { font-size: 18px; font-weight: 650; margin: 2px 0; }
.card-detail { color: var(--muted); font-size: 13px; font-variant-numeric: tabular-nums; }
.card-note { color: var(--muted); font-size: 12px; margin-top: 4px; font-style: italic; }
figure { margin: 0; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 2px; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart text { font-family: inherit; font-variant-numeric: tabular-nums; }
.legend { display: flex; flex-wrap: wrap; gap: 16px; font-size: 12px; color: var(--muted); margin: 0 0 6px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px;
  vertical-align: baseline; }
.swatch.band { background: #6b7280; opacity: 0.18; width: 18px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { color: var(--muted); font-weight: 600; font-size: 12px; border-bottom: 2px solid var(--line);
  white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafbfc; }
td.num, th.num { text-align: right; white-space: nowrap; }
table.kv th { width: 220px; color: var(--muted); font-weight: 500; }
table.kv td { word-break: break-word; }
.badge { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 11px; font-weight: 600;
  line-height: 18px; vertical-align: middle; }
.badge.ok { background: #dcf3e3; color: var(--good); }
.badge.bad { background: #fde2e2; color: var(--bad); }
.badge.warn { background: #fff1cc; color: var(--warn); }
.bad { color: var(--bad); font-weight: 600; }
.error { color: var(--bad); font-size: 12px; word-break: break-word; }
.nowrap { white-space: nowrap; }
.small { font-size: 11px; color: var(--muted); }
.note { color: var(--muted); font-style: italic; margin: 4px 0; }
footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 8px; }
@media print { body { background: #fff; } section { break-inside: avoid; border-color: #ccc; } }
"""

#: Dark colours: the same roles as the light ones (GitHub-dark-like greys, brighter status colours).
DARK_TEXT, DARK_MUTED, DARK_LINE, DARK_BG, DARK_CARD = "#e6edf3", "#9da7b3", "#30363d", "#0d1117", "#161b22"
DARK_AXIS, DARK_GRID = "#6e7681", "#2b3139"

_DARK = f"""
@media screen and (prefers-color-scheme: dark) {{
:root {{ --text: {DARK_TEXT}; --muted: {DARK_MUTED}; --line: {DARK_LINE}; --bg: {DARK_BG};
  --card: {DARK_CARD}; --good: #3fb950; --bad: #f85149; --warn: #d29922; }}
tbody tr:nth-child(even) {{ background: #1c2128; }}
.swatch.band {{ background: {DARK_MUTED}; }}
.badge.ok {{ background: #12361f; }}
.badge.bad {{ background: #4a1618; }}
.badge.warn {{ background: #3d2e00; }}
svg.chart [fill="{TEXT_COLOR}"] {{ fill: {DARK_TEXT}; }}
svg.chart [fill="{MUTED_COLOR}"] {{ fill: {DARK_MUTED}; }}
svg.chart [stroke="{TEXT_COLOR}"] {{ stroke: {DARK_TEXT}; }}
svg.chart [stroke="{AXIS_COLOR}"] {{ stroke: {DARK_AXIS}; }}
svg.chart [stroke="{GRID_COLOR}"] {{ stroke: {DARK_GRID}; }}
}}
"""

STYLE = _LIGHT + _DARK
