"""The HTTP API (`/api/v1`) and, later, the review station: a face over the same pipeline,
queues, storage and index as the CLI. The domain never imports it."""
