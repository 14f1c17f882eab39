"""House rules that keep the code base what it says it is."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

from core import i18n

ROOT = Path(__file__).resolve().parents[2]


def _python_files(*folders: str) -> list[Path]:
    return [path for folder in folders for path in (ROOT / folder).rglob("*.py")]


def test_core_never_imports_streamlit():
    offenders = []
    for path in _python_files("core"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path}: {n}" for n in names if n.split(".")[0].startswith("streamlit")]
    assert offenders == []


def test_every_page_file_is_registered_in_the_router():
    router = (ROOT / "app.py").read_text(encoding="utf-8")
    registered = set(re.findall(r'Page\(\s*"[a-z-]+",\s*"([a-z_]+\.py)"', router))
    on_disk = {path.name for path in (ROOT / "pages").glob("*.py") if path.name != "__init__.py"}
    assert on_disk == registered


def test_every_language_has_every_key_and_placeholder():
    reference = i18n.catalogue("nb")
    placeholders = re.compile(r"{(\w+)}")
    for language in i18n.LANGUAGES:
        other = i18n.catalogue(language)
        assert set(other) == set(reference), language
        for key, text in reference.items():
            assert set(placeholders.findall(other[key])) == set(placeholders.findall(text)), key


def test_every_key_used_in_code_exists():
    reference = i18n.catalogue("nb")
    used = set()
    for path in _python_files("pages", "core") + [ROOT / "app.py"]:
        used |= set(re.findall(r'\bt\(\s*"([a-z_.]+)"', path.read_text(encoding="utf-8")))
    missing = sorted(key for key in used if key not in reference)
    assert missing == []


def test_every_error_code_core_raises_has_a_message():
    reference = i18n.catalogue("nb")
    raised = set()
    for path in _python_files("core"):
        source = path.read_text(encoding="utf-8")
        raised |= set(
            re.findall(r'(?:InvalidInput|NotFound|NotAllowed|ActivityClosed)\(\s*"(\w+)"', source)
        )
    for field in ("entry", "name", "place"):
        raised |= {
            f"{field}_{suffix}" for suffix in ("empty", "too_short", "too_long", "control_chars")
        }
    missing = sorted(code for code in raised if f"error.{code}" not in reference)
    assert missing == []


def test_dynamic_keys_exist():
    reference = i18n.catalogue("nb")
    for kind in ("barriers", "opportunities"):
        assert f"activity.{kind}" in reference and f"group.new_label.{kind}" in reference
    for state in ("pending", "open", "closed"):
        assert f"activity.state.{state}" in reference
    from core import audit, users

    for role in users.ROLES:
        assert f"role.{role}" in reference
    for action in audit.ACTIONS:
        assert f"audit.{action}" in reference
    for section in ("stored", "who", "kept", "deleted", "cookies", "nothing_out"):
        assert f"privacy.{section}.heading" in reference and f"privacy.{section}.body" in reference


def test_user_typed_text_never_reaches_unsafe_html():
    """Only our own constants go into unsafe_allow_html; entry text must use st.text."""
    for path in _python_files("pages"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "unsafe_allow_html=True" in line:
                assert ".text" not in line and "entry" not in line, f"{path}: {line.strip()}"


def test_streamlit_config_sends_nothing_out():
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert "gatherUsageStats = false" in config
    assert "enableXsrfProtection = true" in config
    assert 'serverAddress = "localhost"' in config


def test_streamlit_config_does_not_collect_garbage_after_every_run():
    # A full collection after every run (fragment ticks included) was 96-97 % of the server's
    # Python time at 10 sessions; docs/performance.md says why it is off and what memory does.
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False


def _imports(package: str) -> dict[str, set[str]]:
    """Which modules of `package` ("core", "pages._ui") each of its modules imports, at any depth
    in the file (a function-level import still ties the two modules together)."""
    folder = ROOT.joinpath(*package.split("."))
    modules = {path.stem for path in folder.glob("*.py")} - {"__init__"}
    prefix = package + "."
    graph: dict[str, set[str]] = {}
    for name in modules:
        tree = ast.parse((folder / f"{name}.py").read_text(encoding="utf-8"))
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == package:
                found |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(prefix):
                found.add(node.module[len(prefix) :].split(".")[0])
            elif isinstance(node, ast.Import):
                found |= {
                    a.name[len(prefix) :].split(".")[0]
                    for a in node.names
                    if a.name.startswith(prefix)
                }
        graph[name] = found & modules
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as a path of module names, or [] if there is none.

    >>> _cycle({"a": {"b"}, "b": {"a"}})
    ['a', 'b', 'a']
    >>> _cycle({"a": {"b"}, "b": set()})
    []
    """
    state: dict[str, str] = {}  # "open" while on the current path, "done" when finished

    def visit(name: str, path: list[str]) -> list[str]:
        state[name] = "open"
        for other in sorted(graph[name]):
            if state.get(other) == "open":
                return [*path[path.index(other) :], other]
            if other not in state and (found := visit(other, [*path, other])):
                return found
        state[name] = "done"
        return []

    for name in sorted(graph):
        if name not in state and (found := visit(name, [name])):
            return found
    return []


def test_cores_import_graph_has_no_cycle():
    assert _cycle(_imports("core")) == []


def test_the_page_glue_has_no_import_cycle():
    assert _cycle(_imports("pages._ui")) == []
