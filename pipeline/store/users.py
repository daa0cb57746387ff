"""Accounts of the people who review records. Passwords are hashed with Argon2id (argon2-cffi, the
algorithm OWASP recommends first); a password is never stored, printed or logged."""

from __future__ import annotations

from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.store.models import UserRow

ROLES = ("reviewer", "admin")
MIN_PASSWORD = 8
_hasher = PasswordHasher()


class UserError(ValueError):
    pass


def add_user(session: Session, name: str, role: str, password: str, now: datetime) -> UserRow:
    name = name.strip()
    if not name or any(c.isspace() for c in name):
        raise UserError("a user name is one word, not empty")
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password must have at least {MIN_PASSWORD} characters")
    if session.scalar(select(UserRow).where(UserRow.name == name)) is not None:
        raise UserError(f"user {name!r} exists already")
    user = UserRow(name=name, role=role, password_hash=_hasher.hash(password), active=True, created_at=now)
    session.add(user)
    return user


def find_user(session: Session, name: str) -> UserRow | None:
    return session.scalar(select(UserRow).where(UserRow.name == name, UserRow.active.is_(True)))


def check_password(session: Session, name: str, password: str) -> UserRow | None:
    """The active user `name` if `password` is theirs, else None (same answer for unknown users)."""
    user = find_user(session, name)
    if user is None:
        _hasher.hash(password)  # as slow as a real check: no timing hint that the name is unknown
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def list_users(session: Session) -> list[UserRow]:
    return list(session.scalars(select(UserRow).order_by(UserRow.name)))
