"""The shape of the code, checked from its imports (read with ast, nothing is
run): parts of webapp/ never import each other in a circle, and a view is
only ever imported by the routes.py that wires it to a URL, so a view never
calls another view and a feature never reaches into another's pages."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WEBAPP = ROOT / "webapp"
COMPOSITION_ROOT = "webapp"  # create_app imports every feature: that is its job


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports (``from a import b`` counts as a.b when
    a.b is a module of ours, else as a)."""
    found = set()
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, up level - 1
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if is_ours(f"{base}.{alias.name}") else base)
    return {name for name in found if name.startswith(("webapp", "models", "i18n"))}


def is_ours(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def part_of(module: str) -> str:
    """The part a module belongs to: a package directly under webapp/ (a
    feature such as webapp.checkin, or webapp.staff, webapp.l10n ...), a module
    directly under webapp/ (webapp.clock ...), or models / i18n."""
    parts = module.split(".")
    if parts[0] != "webapp":
        return parts[0]
    return ".".join(parts[:2]) if len(parts) > 1 else "webapp"


def is_view_module(module: str) -> bool:
    last = module.rsplit(".", 1)[-1]
    return last.endswith("_views") or last.startswith("staff_") or last == "routes"


def import_graph(root: Path = WEBAPP) -> dict[str, set[str]]:
    return {module_name(path): imports(path) for path in root.rglob("*.py")}


def part_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Circles between parts (strongly connected components of two or more)."""
    edges: dict[str, set[str]] = {}
    for module, imported in graph.items():
        if module == COMPOSITION_ROOT:
            continue
        source = part_of(module)
        edges.setdefault(source, set()).update(part_of(i) for i in imported if part_of(i) != source)
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in list(edges):
        if node not in index:
            visit(node)
    return cycles


def view_imports(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Imports of a view module by anything but a routes.py."""
    return sorted(
        (module, imported)
        for module, imported_modules in graph.items()
        for imported in imported_modules
        if is_view_module(imported) and not module.endswith(".routes") and module != COMPOSITION_ROOT
    )


def test_no_part_of_the_app_imports_another_in_a_circle():
    assert part_cycles(import_graph()) == []


def test_views_are_only_imported_by_the_routes_that_wire_them():
    assert view_imports(import_graph()) == []


def test_every_feature_has_its_routes_in_one_file():
    features = {"content", "meetings", "checkin", "feedback", "search", "offline", "api", "staff",
                "notices", "questions", "push", "places", "publishing"}
    assert {p.parent.name for p in WEBAPP.glob("*/routes.py")} == features
    decorated = [
        str(path.relative_to(ROOT)) for path in WEBAPP.rglob("*.py")
        if "@bp." in path.read_text(encoding="utf-8")
    ]
    assert decorated == [], "routes are declared in routes.py, not with blueprint decorators"


# --- the checks catch what they are for ---------------------------------------


def test_the_cycle_check_finds_a_circle_between_two_features():
    graph = {
        "webapp.meetings.editing": {"webapp.staff.forms"},
        "webapp.staff.forms": {"webapp.meetings.listing"},
        "webapp.checkin.codes": {"webapp.clock"},
    }
    assert part_cycles(graph) == [["webapp.meetings", "webapp.staff"]]


def test_the_view_check_finds_a_view_imported_by_another_view():
    graph = {
        "webapp.content.staff_media": {"webapp.content.staff_pages"},
        "webapp.meetings.staff_views": {"webapp.checkin.resident_views"},
        "webapp.content.routes": {"webapp.content.staff_pages"},
        "webapp.feedback.submit": {"webapp.content.reading"},
    }
    assert view_imports(graph) == [
        ("webapp.content.staff_media", "webapp.content.staff_pages"),
        ("webapp.meetings.staff_views", "webapp.checkin.resident_views"),
    ]


def test_from_imports_are_resolved_to_our_modules():
    assert "webapp.checkin.codes" in imports(WEBAPP / "checkin" / "sync_item.py")
    assert "webapp.staff.forms" in imports(WEBAPP / "meetings" / "editing.py")
