class LoadError(Exception):
    """A file that cannot be read as a report; the message says why, in plain words."""


class NeedsOCR(Exception):
    """Pages without a text layer and no OCR engine to read them."""

    def __init__(self, pages: list[int]):
        super().__init__(f"no text layer on pages {pages} and no OCR engine installed")
        self.pages = pages


class LimitExceeded(LoadError):
    """A document over one of the bounds of `pipeline.limits`: the message names the bound, the size
    found and the variable that raises it."""
