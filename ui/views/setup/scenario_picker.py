"""The setup's Scenario choice: a combo of the scenarios ``fwprof run`` starts and a box with the
chosen one's own options (:class:`ScenarioOptions`), filled from the core's list
(:func:`fwprof.cli.run_plan.scenario_forms`) once the window has imported the core."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox, QGroupBox, QVBoxLayout, QWidget

from ui.views.setup.scenario_options import ScenarioOptions

if TYPE_CHECKING:
    from fwprof.cli.run_plan import ScenarioForm

#: The scenario of the train/infer matrix (until the core's list is loaded: the only one).
COMPARE = "compare"


def planned_count(argv: list[str]) -> tuple[int, str | None]:
    """How many runs ``fwprof run ARGV`` plans, or 0 and why it cannot run (the core checks
    the arguments and plans the session as the command line does; nothing is started)."""
    from fwprof.cli.run_plan import planned_runs
    from fwprof.config import ConfigError
    from fwprof.usage import UsageError

    try:
        return len(planned_runs(argv)), None
    except (UsageError, ConfigError) as exc:
        return 0, str(exc)


class ScenarioPicker(QObject):
    """:attr:`combo` goes in the setup's form, :attr:`box` under it; :attr:`changed` on a new
    choice or an edited option."""

    changed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.combo = QComboBox(parent)
        self.combo.addItem("Framework comparison (train / infer)", COMPARE)
        self.combo.setToolTip("what to run: the framework comparison, or another scenario of "
                              "`fwprof run` (its options appear below)")
        self.box = QGroupBox("Scenario options", parent)
        self._column = QVBoxLayout(self.box)  # every scenario's options; the chosen one shown
        self.box.hide()
        self.options: dict[str, ScenarioOptions] = {}
        self.combo.currentIndexChanged.connect(self._chosen)

    def set_forms(self, forms: list[ScenarioForm]) -> None:
        """Offer these scenarios (the comparison is offered already; known ones are skipped)."""
        for form in forms:
            if form.name == COMPARE or form.name in self.options:
                continue
            self.combo.addItem(form.title, form.name)
            self.combo.setItemData(self.combo.count() - 1, form.description,
                                   Qt.ItemDataRole.ToolTipRole)
            options = ScenarioOptions(form, self.box)
            options.changed.connect(self.changed)
            options.hide()
            self._column.addWidget(options)
            self.options[form.name] = options

    def chosen(self) -> str:
        """The chosen scenario's name (``compare``: the train/infer matrix)."""
        return str(self.combo.currentData() or COMPARE)

    def title(self) -> str:
        """The chosen scenario's title."""
        return self.combo.currentText()

    def choose(self, name: str) -> None:
        """Choose a scenario by name (ValueError for one not offered)."""
        index = self.combo.findData(name)
        if index < 0:
            raise ValueError(f"scenario {name!r} is not offered")
        self.combo.setCurrentIndex(index)

    def restore(self, name: str, args: list[str]) -> None:
        """Choose a remembered scenario with its options (one no longer offered: ignored)."""
        if self.combo.findData(name) < 0:
            return
        if name in self.options:
            self.options[name].set_arguments(args)
        self.choose(name)

    def arguments(self) -> list[str]:
        """The chosen scenario's own options as ``fwprof run``'s arguments."""
        options = self.options.get(self.chosen())
        return options.arguments() if options is not None else []

    def _chosen(self) -> None:
        name = self.chosen()
        self.box.setVisible(name != COMPARE)
        self.box.setTitle(f"{self.title()}: options")
        for shown, options in self.options.items():
            options.setVisible(shown == name)
        self.changed.emit()
