"""The templates' sandbox: what a theme, or a publication's ``templates/``, may do.

A publication's templates come with the publication, which may be someone
else's: rendering one must never run a command, read a file outside the
template folders, reach Python's internals or exhaust the machine. So
templates render in Jinja's immutable sandbox (no attribute that starts with
``_``, no mutation of lists and dicts), and on top of it:

- the loader (:class:`LayeredLoader`) reads only regular UTF-8 files inside the
  publication's ``templates/`` and the theme, never through a link that leaves
  them, nor a name with ``..``;
- no path, module, class or file object is reachable from a template (the model
  carries paths: ``article.path`` is refused, not just its ``_`` attributes);
- the globals are typeset's (and Jinja's harmless ``range``, ``dict``,
  ``namespace``, ``cycler``, ``joiner``; no ``lipsum``, no ``random``);
- one render has a budget, and an operation that would build a huge value
  (``'x' * 10**10``, ``2 ** (10**9)``, ``s | center(10**10)``) is refused before
  it is computed (typeset.render.templatelimits): every loop is counted and every
  output measured, by a filter this module wraps around them as it parses.

Every refusal is a :class:`jinja2.exceptions.SecurityError` (or a
:class:`TemplateRefused` from the loader) raised inside the template, which
typeset.render.html reports at the template's line.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Callable
from pathlib import Path, PurePath
from types import ModuleType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Joiner

from typeset.render import templatelimits as limits

#: Size of one template file.
MAX_TEMPLATE_BYTES = 1024 * 1024
#: Changes whenever what this module compiles into a template changes (the bytecode cache keys on it).
CODE_VERSION = "1"

BASE_PREFIX = "!base/"
_LOOP_FILTER = "_typeset_loop"
_OUTPUT_FILTER = "_typeset_output"
_UNREACHABLE = (PurePath, os.PathLike, ModuleType, type, io.IOBase)


class TemplateRefused(jinja2.TemplateError):
    """A template file the loader will not read (a link that leaves its folder, not a regular file, …)."""

    def __init__(self, message: str, path: Path | None = None):
        super().__init__(message)
        self.path = path  # the file refused, if there is one (else the error is where it was named)


class LayeredLoader(jinja2.BaseLoader):
    """The publication's ``templates/`` first, then the theme; ``!base/NAME`` is the theme's own.

    Filenames are the paths as the user sees them (``<publication>/templates/NAME``),
    so that errors point there.
    """

    def __init__(self, publication_templates: Path, theme: Path):
        self.layers = (publication_templates, theme)
        self.theme = theme

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        layers: tuple[Path, ...]
        if template.startswith(BASE_PREFIX):
            name, layers = template[len(BASE_PREFIX) :], (self.theme,)
        else:
            name, layers = template, self.layers
        if "\\" in name or name.startswith("/") or ".." in name.split("/"):
            raise TemplateRefused(f"template name '{template}' may not leave the templates folder ('..', '/')")
        try:
            pieces = split_template_path(name)
        except jinja2.TemplateNotFound:
            raise TemplateRefused(f"template name '{template}' may not leave the templates folder") from None
        for index, root in enumerate(layers):
            path = root.joinpath(*pieces)
            if not os.path.lexists(path):
                continue
            source, mtime = _read_template(root, path, template)
            return source, str(path), _unchanged(path, mtime, [layer.joinpath(*pieces) for layer in layers[:index]])
        raise jinja2.TemplateNotFound(template)


def _read_template(root: Path, path: Path, name: str) -> tuple[str, int]:
    """The text of the template at ``path`` (inside ``root``, not through a link that leaves it)."""
    real_root = root.resolve()
    if not real_root.is_relative_to(root.parent.resolve()):
        raise TemplateRefused(f"the templates folder is a link to {real_root}, outside {root.parent}", root)
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise TemplateRefused(f"template '{name}' is a broken link or a link loop", path) from None
    if not real.is_relative_to(real_root):
        raise TemplateRefused(f"template '{name}' is a link to {real}, outside {root}", path)
    try:
        if not stat.S_ISREG(real.stat().st_mode):  # before opening it: a FIFO would block the open
            raise TemplateRefused(f"template '{name}' is not a regular file", path)
        with real.open("rb") as file:
            status = os.fstat(file.fileno())
            data = file.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as error:
        raise TemplateRefused(f"cannot read template '{name}': {error.strerror}", path) from None
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateRefused(f"template '{name}' is larger than {MAX_TEMPLATE_BYTES // 1024} KB", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise TemplateRefused(f"template '{name}' is not UTF-8 (line {line})", path) from None
    return text.replace("\r\n", "\n"), status.st_mtime_ns


def render(template: jinja2.Template, context: dict[str, Any]) -> str:
    """``template`` rendered with ``context`` under a fresh budget."""
    with limits.budgeted():
        return "".join(template.generate(context))  # every piece written was measured (count_output)


def _unchanged(path: Path, mtime: int, shadows: list[Path]) -> Callable[[], bool]:
    """Whether the template at ``path`` is still the one read, and no layer above now has one of its name
    (Jinja asks before it reuses a compiled template: ``typeset watch`` sees a new override)."""

    def unchanged() -> bool:
        try:
            return path.stat().st_mtime_ns == mtime and not any(os.path.lexists(shadow) for shadow in shadows)
        except OSError:
            return False

    return unchanged


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with typeset's reachability rules and budget."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, loader: jinja2.BaseLoader, **options: Any):
        super().__init__(loader=loader, **options)
        self.globals.clear()
        self.globals.update(
            range=limits.safe_range, dict=dict, namespace=limits.SizedNamespace, cycler=Cycler, joiner=Joiner
        )
        del self.filters["random"]  # the same source must give the same PDF
        for name, function in list(self.filters.items()):
            self.filters[name] = limits.guarded_filter(name, function)
        self.filters[_LOOP_FILTER] = limits.count_loop
        self.filters[_OUTPUT_FILTER] = limits.count_output

    def add_filters(self, filters: dict[str, Callable[..., Any]]) -> None:
        """typeset's own filters, under the same budget."""
        for name, function in filters.items():
            self.filters[name] = limits.guarded_filter(name, function)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, _UNREACHABLE) or isinstance(value, _UNREACHABLE):
            return False  # article.path, a module, a class, a file: none is data
        return super().is_safe_attribute(obj, attr, value)

    def is_safe_callable(self, obj: Any) -> bool:
        return not isinstance(getattr(obj, "__self__", None), _UNREACHABLE) and super().is_safe_callable(obj)

    def call(self, context: jinja2.runtime.Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        limits.current_budget().step()
        limits.check_method(obj, args, kwargs)
        result = super().call(context, obj, *args, **kwargs)
        limits.check_value(result)
        return result

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        limits.check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """The template's tree, with every loop counted and every output measured against the budget."""
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, _LOOP_FILTER, [], [], None, None, lineno=loop.lineno)
        for output in tree.find_all(nodes.Output):
            output.nodes = [
                nodes.Filter(node, _OUTPUT_FILTER, [], [], None, None, lineno=node.lineno) for node in output.nodes
            ]
        return tree
