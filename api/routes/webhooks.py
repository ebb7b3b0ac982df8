"""Routes: webhooks (to be written)."""

from fastapi import APIRouter, FastAPI

router = APIRouter()


def start_delivery(app: FastAPI):
    """Start delivering the outbox in the background; returns a function that stops it."""
    return None
