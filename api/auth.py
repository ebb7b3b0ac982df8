"""Bearer API keys with scopes (`read`, `submit`, `review`, `admin` ⊇ all): 401 for a missing,
malformed, unknown or revoked key, 403 for a key without the route's scope."""

from __future__ import annotations

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.problems import Problem
from storage.apikeys import ApiKey, check_key

bearer = HTTPBearer(auto_error=False, description="An API key from `digitize apikey create`")

_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def require(scope: str):
    """A route dependency: the calling key, which must have `scope`."""

    def dependency(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> ApiKey:
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise Problem(401, "An API key is needed: send `Authorization: Bearer <key>`.", headers=_CHALLENGE)
        key = check_key(request.app.state.services.index, credentials.credentials)
        if key is None:
            raise Problem(401, "The API key is not valid (unknown, malformed or revoked).", headers=_CHALLENGE)
        if not key.allows(scope):
            raise Problem(403, f"This key (named {key.name}) does not have the {scope!r} scope.")
        return key

    return dependency


def actor(key: ApiKey) -> str:
    """How the audit log names a write through the API."""
    return f"apikey:{key.name}"
