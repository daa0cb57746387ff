class LoadError(Exception):
    """A file that cannot be read as a report; the message says why, in plain words."""


class NeedsOCR(Exception):
    """Pages without a text layer and no OCR engine to read them."""

    def __init__(self, pages: list[int], unmapped: list[int] | None = None):
        unmapped = unmapped or []
        scanned = [p for p in pages if p not in unmapped]
        if not unmapped:
            message = f"no text layer on pages {pages}"
        elif not scanned:
            message = f"no usable text layer on pages {pages} (glyphs without Unicode mapping)"
        else:
            message = f"no usable text layer on pages {pages} (scanned: {scanned}; glyphs without Unicode mapping: {unmapped})"
        super().__init__(f"{message} and no OCR engine installed")
        self.pages = pages
        self.unmapped = unmapped


class LimitExceeded(LoadError):
    """A document over one of the bounds of `pipeline.limits`: the message names the bound, the size
    found and the variable that raises it."""
