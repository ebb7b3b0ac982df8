"""Queue adapters (RQ on Redis): `submit`, `worker`, `jobs`. The core pipeline stays plain functions."""
