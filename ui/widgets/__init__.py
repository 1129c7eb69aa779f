"""Generic widgets that know no scenario: axes, tables, bars, highlighter, plot images."""
