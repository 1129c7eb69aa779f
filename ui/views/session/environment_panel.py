"""What the core recorded about the machine and software a session ran on."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from fwprof.catalog import FRAMEWORK_LABELS

MACHINE_FIELDS = (
    ("cpu_model", "CPU"), ("cores_logical", "Logical cores"),
    ("cores_physical", "Physical cores"), ("cores_available", "Cores available"),
    ("cpu_governor", "CPU governor"), ("memory_total_bytes", "Memory"), ("os", "OS"),
    ("hostname", "Host"),
)
SOFTWARE_FIELDS = (("python", "Python"), ("python_executable", "Interpreter"))


class EnvironmentPanel(QWidget):
    """A two-column tree: Machine, Software, Frameworks (as each child reported), GPU, env vars."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Item", "Value"])
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.tree)
        self.show_environment({})

    def show_environment(self, env: dict[str, Any]) -> None:
        """Show an environment dict (``SessionRecord.environment``)."""
        self.tree.clear()
        if not env:
            QTreeWidgetItem(self.tree, ["No session yet", "run a comparison or open a snapshot"])
            return
        self._section("Machine", [(label, _value(key, env.get(key))) for key, label in
                                  MACHINE_FIELDS if env.get(key) is not None])
        software = [(label, str(env[key])) for key, label in SOFTWARE_FIELDS if env.get(key)]
        for name, version in (env.get("installed") or {}).items():
            software.append((f"{FRAMEWORK_LABELS.get(name, name)} installed",
                             version or "not installed"))
        self._section("Software", software)
        self._frameworks(env.get("frameworks") or {})
        self._gpu(env.get("gpu") or {})
        variables = env.get("env") or {}
        self._section("Environment variables",
                      sorted((k, str(v)) for k, v in variables.items()) or [("(none set)", "")])
        self.tree.expandAll()

    def _section(self, title: str, rows: list[tuple[str, str]]) -> QTreeWidgetItem:
        top = QTreeWidgetItem(self.tree, [title, ""])
        font = top.font(0)
        font.setBold(True)
        top.setFont(0, font)
        for key, value in rows:
            child = QTreeWidgetItem(top, [key, value])
            child.setToolTip(1, value)
        return top

    def _frameworks(self, frameworks: dict[str, Any]) -> None:
        if not frameworks:
            self._section("Frameworks", [("(not reported yet)", "each run reports its own")])
            return
        order = {name: i for i, name in enumerate(FRAMEWORK_LABELS)}
        for name, info in sorted(frameworks.items(), key=lambda item: order.get(item[0], 99)):
            label = FRAMEWORK_LABELS.get(name, name)
            self._section(f"{label} (as its run reported)", _flatten(info))

    def _gpu(self, gpu: dict[str, Any]) -> None:
        if not gpu.get("available"):
            reason = gpu.get("reason") or "not checked"
            self._section("GPU", [("Available", "no"), ("Why", str(reason))])
            return
        rows = [("Available", "yes")]
        for device in gpu.get("devices", []):
            memory = _value("memory_total_bytes", device.get("memory_total"))
            rows.append((f"GPU {device.get('index')}",
                         f"{device.get('name')}, {memory}, driver {device.get('driver')}"))
        self._section("GPU", rows)


def _flatten(info: Any, prefix: str = "") -> list[tuple[str, str]]:
    if not isinstance(info, dict):
        return [(prefix or "value", str(info))]
    rows: list[tuple[str, str]] = []
    for key, value in info.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            rows += _flatten(value, f"{name}.")
        else:
            rows.append((name, _text(value)))
    return rows


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _value(key: str, value: Any) -> str:
    if key.endswith("bytes") and isinstance(value, (int, float)):
        return f"{value / 2**30:.1f} GiB"
    return str(value)
