"""The rich-text legend above the timelines: framework colours and phase shades."""

from __future__ import annotations

from PySide6.QtGui import QColor

from fwprof.catalog import FRAMEWORK_LABELS, FRAMEWORKS
from ui.base.run_info import STEPS_PER_S, is_script_key, key_label
from ui.base.theme import PHASE_LABELS, Theme, blend, swatch_html


def legend_html(theme: Theme, layer_note: str = "", keys: list[str] | None = None) -> str:
    """'■ PyTorch ■ TensorFlow   Phases: ■ import ...' in the theme's colours.

    ``keys`` are the frameworks / script runs that have runs; when they are all scripts the
    legend names the scripts (their throughput is steps/s) instead of the frameworks.
    """
    scripts = [key for key in keys or [] if is_script_key(key)]
    if scripts and len(scripts) == len(keys or []):
        frameworks = "&nbsp;&nbsp;".join(
            swatch_html(theme.colour_name(key), f"<b>{key_label(key)}</b>") for key in scripts
        ) + f"&nbsp;&nbsp;<span style='color:{theme.muted}'>(throughput in {STEPS_PER_S})</span>"
    else:
        frameworks = "&nbsp;&nbsp;".join(
            swatch_html(theme.frameworks[name], f"<b>{FRAMEWORK_LABELS[name]}</b>")
            for name in FRAMEWORKS
        ) + "".join(f"&nbsp;&nbsp;{swatch_html(theme.colour_name(key), key_label(key))}"
                    f" ({STEPS_PER_S})" for key in scripts)
    phases = "&nbsp;&nbsp;".join(
        swatch_html(_opaque_phase(theme, name), label) for name, label in PHASE_LABELS.items()
    )
    note = f"&nbsp;&nbsp;&nbsp;<span style='color:{theme.muted}'>{layer_note}</span>"
    return (f"<span style='color:{theme.text}'>{frameworks}"
            f"&nbsp;&nbsp;&nbsp;&nbsp;<span style='color:{theme.muted}'>Phases:</span>"
            f"&nbsp;{phases}{note if layer_note else ''}</span>")


def _opaque_phase(theme: Theme, phase: str) -> str:
    """The phase tint, a little stronger than on the plot so it reads as a key."""
    tint = theme.phase_colour(phase)
    tint.setAlphaF(min(1.0, tint.alphaF() * 3.0))
    return blend(QColor(theme.base), tint).name()
