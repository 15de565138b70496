"""Cell builders for the notebook sources: md(), code(), and exercise() cells whose content
differs between the student's notebook and the teacher's solution."""

import textwrap


class Cell:
    """One notebook cell: kind is 'markdown' or 'code'; `solution` (code only) replaces
    `source` in the teacher's version; tags go to the cell's metadata."""

    def __init__(self, kind, source, solution=None, tags=()):
        self.kind = kind
        self.source = source
        self.solution = solution
        self.tags = list(tags)


def _clean(text):
    return textwrap.dedent(text).strip("\n")


def md(text):
    """A markdown cell."""
    return Cell("markdown", _clean(text))


def code(text, tags=()):
    """A code cell, the same for students and teachers."""
    return Cell("code", _clean(text), tags=tags)


def exercise(stub, solution):
    """A code cell the student fills in (`stub`); the teacher's notebook has `solution`."""
    return Cell("code", _clean(stub), solution=_clean(solution), tags=["exercise"])


def teacher_only(text):
    """A markdown cell shown only in the teacher's solution notebook."""
    cell = Cell("markdown", "", solution=_clean(text))
    cell.teacher_only = True
    return cell


class Notebook:
    """A notebook: `path` relative to the repository root; `solution_path` (exercises only) is
    where the teacher's version goes."""

    def __init__(self, path, cells, solution_path=None):
        self.path = path
        self.cells = cells
        self.solution_path = solution_path
