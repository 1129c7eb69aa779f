"""Generic building blocks of the human-readable reports: inline SVG, the HTML stylesheet,
chart figures and legends, HTML tables, Markdown cells and number formatting.

Nothing here knows a scenario; the scenarios' HTML and Markdown views and :mod:`fwprof.export`
build on it.
"""
