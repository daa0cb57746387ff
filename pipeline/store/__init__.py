"""The store: documents, results and project records with their reviews (pipeline/store/core.py),
on SQLite by default or PostgreSQL (`TAQRIR_DATABASE_URL`), schema kept by Alembic migrations."""

from pipeline.store.core import DATABASE_URL_VARIABLE, DEFAULT_DB_NAME, FileState, Store, database_url
from pipeline.store.review import ReviewError
from pipeline.store.users import UserError
from pipeline.store.views import REVIEW_FIELDS, STATUSES, RecordView

__all__ = [
    "DATABASE_URL_VARIABLE", "DEFAULT_DB_NAME", "REVIEW_FIELDS", "STATUSES", "FileState", "RecordView",
    "ReviewError", "Store", "UserError", "database_url",
]  # fmt: skip
